/* SPDX-License-Identifier: MIT */
/* /proc/net/dev: the parser over good and bad texts, the column mapping
 * with its folded and unavailable counters, and whole snapshots of trees
 * with and without sysfs through NETOBS_SOURCE_PROCFS. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "testutil.h"

Suite *make_procfs_suite(void);

#define HEADER1 "Inter-|   Receive                                                |  Transmit\n"
#define HEADER2 " face |bytes    packets errs drop fifo frame compressed multicast|bytes    " \
		"packets errs drop fifo colls carrier compressed\n"
#define HEADER HEADER1 HEADER2
#define LO "    lo:    3267      29    0    0    0     0          0         0     3267      29" \
	   "    0    0    0     0       0          0\n"
/* Every column distinct, so a shifted mapping shows. */
#define ETH0 "  eth0: 1000 11 12 13 14 15 16 17 2000 21 22 23 24 25 26 27\n"

/* Collects what the parser hands over. */
struct rows {
	unsigned int n;
	char name[8][NETOBS__IFNAMSIZ];
	uint64_t cols[8][16];
};

static int collect(void *arg, const char *name, const uint64_t cols[16])
{
	struct rows *r = arg;

	if (r->n < 8) {
		snprintf(r->name[r->n], sizeof(r->name[0]), "%s", name);
		memcpy(r->cols[r->n], cols, sizeof(r->cols[0]));
	}
	r->n++;
	return 0;
}

static int parse(struct netobs_ctx *ctx, const char *text, struct rows *r)
{
	memset(r, 0, sizeof(*r));
	return netobs__procnetdev_parse(ctx, "/proc/net/dev", text, strlen(text), collect, r);
}

/* ---- good texts ----------------------------------------------------------- */

struct good_case {
	const char *text;
	unsigned int rows;
	const char *last_name;	/* of the last row */
	uint64_t last_col0, last_col15;
};

static const struct good_case good_cases[] = {
	{ HEADER LO ETH0, 2, "eth0", 1000, 27 },
	{ HEADER, 0, NULL, 0, 0 },
	/* 2.6 kernels ran the first number into the colon. */
	{ HEADER "  eth1:123456789 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", 1, "eth1", 123456789, 15 },
	{ HEADER "veth1234567890a: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", 1, "veth1234567890a", 1,
	  16 },
	{ HEADER "  big: 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 0 0 18446744073709551615\n",
	  1, "big", UINT64_MAX, UINT64_MAX },
	{ HEADER "\tlo:\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t\n", 1, "lo", 1, 16 },
	/* Names are any bytes but '/', ':' and blanks. */
	{ HEADER "  br-3f2a.100@x: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n", 1, "br-3f2a.100@x", 0, 0 },
};

START_TEST(parse_good)
{
	const struct good_case *c = &good_cases[_i];
	struct netobs_ctx *ctx;
	struct rows r;
	int err;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	err = parse(ctx, c->text, &r);
	ck_assert_msg(err == 0, "case %d: %d %s", _i, err, netobs_ctx_message(ctx));
	ck_assert_uint_eq(r.n, c->rows);
	if (c->rows > 0) {
		ck_assert_str_eq(r.name[r.n - 1], c->last_name);
		ck_assert_uint_eq(r.cols[r.n - 1][0], c->last_col0);
		ck_assert_uint_eq(r.cols[r.n - 1][15], c->last_col15);
	}
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(parse_columns_in_order)
{
	static const uint64_t want[16] = { 1000, 11, 12, 13, 14, 15, 16, 17,
					   2000, 21, 22, 23, 24, 25, 26, 27 };
	struct netobs_ctx *ctx;
	struct rows r;
	unsigned int i;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(parse(ctx, HEADER LO ETH0, &r), 0);
	ck_assert_str_eq(r.name[0], "lo");
	ck_assert_uint_eq(r.cols[0][0], 3267);
	ck_assert_uint_eq(r.cols[0][1], 29);
	for (i = 0; i < 16; i++)
		ck_assert_uint_eq(r.cols[1][i], want[i]);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- bad texts ------------------------------------------------------------- */

struct bad_case {
	const char *text;
	const char *where;	/* "FILE:LINE:" the message must start with */
	const char *what;	/* and contain */
};

#define COLS15 " 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"
static const struct bad_case bad_cases[] = {
	{ "", "/proc/net/dev:1:", "empty" },
	{ "Inter-|   Receive |  Sent\n" HEADER2, "/proc/net/dev:1:", "header" },
	{ HEADER1, "/proc/net/dev:2:", "second header" },
	{ HEADER1 " face |bytes packets errs drop fifo frame multicast|bytes packets errs "
	  "drop fifo colls carrier compressed\n", "/proc/net/dev:2:", "column names" },
	{ LO ETH0, "/proc/net/dev:1:", "header" },
	{ HEADER2 LO, "/proc/net/dev:1:", "header" },
	{ HEADER "  eth0:" COLS15 "\n", "/proc/net/dev:3:", "15 columns, expected 16" },
	{ HEADER LO "  eth0:" COLS15 " 16 17\n", "/proc/net/dev:4:", "17 columns, expected 16" },
	{ HEADER "  eth0:    0:", "/proc/net/dev:3:", "cut short" },
	{ HEADER "  eth0: 1 2 3 x12 5 6 7 8 9 10 11 12 13 14 15 16\n", "/proc/net/dev:3:",
	  "column 4 (RX drop): 'x12' is not a number" },
	{ HEADER "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16abc\n", "/proc/net/dev:3:",
	  "column 16 (TX compressed): '16abc'" },
	{ HEADER "  eth0: 1 2 3 4 5 6 7 8 -9 10 11 12 13 14 15 16\n", "/proc/net/dev:3:",
	  "'-9' is not a number" },
	{ HEADER "  eth0: 18446744073709551616 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
	  "/proc/net/dev:3:", "above UINT64_MAX" },
	{ HEADER "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 99999999999999999999999\n",
	  "/proc/net/dev:3:", "column 16 (TX compressed): 99999999999999999999999 is above" },
	{ HEADER LO "  eth0: 1 2 3 4 5 6 7", "/proc/net/dev:4:",
	  "7 columns, expected 16 (the last line has no newline: cut short)" },
	{ HEADER "veth1234567890ab: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", "/proc/net/dev:3:",
	  "'veth1234567890ab' is not a device name" },
	{ HEADER "  a/b: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", "/proc/net/dev:3:",
	  "not a device name" },
	{ HEADER "  a b: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", "/proc/net/dev:3:",
	  "not a device name" },
	{ HEADER "    : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", "/proc/net/dev:3:",
	  "not a device name" },
	{ HEADER "  ..: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", "/proc/net/dev:3:",
	  "not a device name" },
	{ HEADER "  eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", "/proc/net/dev:3:", "no ':'" },
	{ HEADER LO "\n" ETH0, "/proc/net/dev:4:", "no ':'" },
	{ HEADER "  eth0:\n", "/proc/net/dev:3:", "0 columns, expected 16" },
};

static void check_bad(struct netobs_ctx *ctx, int err, const struct bad_case *c, int i)
{
	const char *msg = netobs_ctx_message(ctx);

	ck_assert_msg(err == -EBADMSG, "case %d: %d (%s)", i, err, msg);
	ck_assert_msg(strncmp(msg, c->where, strlen(c->where)) == 0,
		      "case %d: message '%s' does not start with '%s'", i, msg, c->where);
	ck_assert_msg(strstr(msg, c->what) != NULL, "case %d: message '%s' lacks '%s'", i, msg,
		      c->what);
}

START_TEST(parse_bad)
{
	struct netobs_ctx *ctx;
	struct rows r;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	check_bad(ctx, parse(ctx, bad_cases[_i].text, &r), &bad_cases[_i], _i);
	netobs_ctx_free(ctx);
}
END_TEST

/* A 4 KiB line is not /proc/net/dev, wherever the bytes sit. */
START_TEST(parse_long_line)
{
	static const char *const where[] = { "name", "padding", "number" };
	struct netobs_ctx *ctx;
	struct rows r;
	char *text = malloc(8192);
	size_t off;

	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	off = (size_t)sprintf(text, "%s", HEADER);
	if (_i == 0) {
		memset(text + off, 'e', 4096);
		off += 4096;
		off += (size_t)sprintf(text + off, ":" COLS15 " 16\n");
	} else if (_i == 1) {
		off += (size_t)sprintf(text + off, "  eth0:");
		memset(text + off, ' ', 4096);
		off += 4096;
		off += (size_t)sprintf(text + off, COLS15 " 16\n");
	} else {
		off += (size_t)sprintf(text + off, "  eth0: 1");
		memset(text + off, '7', 4096);
		off += 4096;
		off += (size_t)sprintf(text + off, COLS15 "\n");
	}
	ck_assert_int_eq(netobs__procnetdev_parse(ctx, "/proc/net/dev", text, off, collect, &r),
			 -EBADMSG);
	ck_assert_msg(strstr(netobs_ctx_message(ctx), "/proc/net/dev:3: line longer than") != NULL,
		      "%s: %s", where[_i], netobs_ctx_message(ctx));
	netobs_ctx_free(ctx);
	free(text);
}
END_TEST

/* A NUL byte is not a blank, a digit or a name byte. */
START_TEST(parse_nul_byte)
{
	static const char text[] = HEADER "  eth0: 1 2 3\0 4 5 6 7 8 9 10 11 12 13 14 15 16\n";
	struct netobs_ctx *ctx;
	struct rows r;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs__procnetdev_parse(ctx, "/proc/net/dev", text, sizeof(text) - 1,
						  collect, &r),
			 -EBADMSG);
	ck_assert_ptr_nonnull(strstr(netobs_ctx_message(ctx), "/proc/net/dev:3: column 3"));
	netobs_ctx_free(ctx);
}
END_TEST

static int stop_at_second(void *arg, const char *name, const uint64_t cols[16])
{
	unsigned int *n = arg;

	(void)name;
	(void)cols;
	return ++*n == 2 ? -ECANCELED : 0;
}

START_TEST(parse_row_error_stops)
{
	static const char text[] = HEADER LO ETH0 LO;
	struct netobs_ctx *ctx;
	unsigned int n = 0;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs__procnetdev_parse(ctx, "f", text, strlen(text), stop_at_second, &n),
			 -ECANCELED);
	ck_assert_uint_eq(n, 2);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- snapshots of trees ---------------------------------------------------- */

static struct netobs_snapshot *take(struct netobs_ctx *ctx)
{
	struct netobs_snapshot *snap = NULL;
	int err = netobs_snapshot_take(&snap, ctx);

	ck_assert_msg(err == 0, "snapshot: %d %s", err, netobs_ctx_message(ctx));
	ck_assert_int_eq(netobs_snapshot_source(snap), NETOBS_SOURCE_PROCFS);
	return snap;
}

/* The counters /proc/net/dev has: exact ones, folded ones, and the rest,
 * which must be -ENODATA rather than 0. */
START_TEST(counters_mapped)
{
	static const struct {
		enum netobs_counter c;
		uint64_t v;
		unsigned int flags;
	} want[] = {
		{ NETOBS_RX_BYTES, 1000, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_RX_PACKETS, 11, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_RX_ERRORS, 12, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_RX_DROPPED, 13, NETOBS_COUNTER_AVAILABLE | NETOBS_COUNTER_FOLDED },
		{ NETOBS_RX_FIFO_ERRORS, 14, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_RX_FRAME_ERRORS, 15, NETOBS_COUNTER_AVAILABLE | NETOBS_COUNTER_FOLDED },
		{ NETOBS_RX_COMPRESSED, 16, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_MULTICAST, 17, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_TX_BYTES, 2000, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_TX_PACKETS, 21, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_TX_ERRORS, 22, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_TX_DROPPED, 23, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_TX_FIFO_ERRORS, 24, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_COLLISIONS, 25, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_TX_CARRIER_ERRORS, 26, NETOBS_COUNTER_AVAILABLE | NETOBS_COUNTER_FOLDED },
		{ NETOBS_TX_COMPRESSED, 27, NETOBS_COUNTER_AVAILABLE },
		{ NETOBS_RX_LENGTH_ERRORS, 0, 0 },
		{ NETOBS_RX_OVER_ERRORS, 0, 0 },
		{ NETOBS_RX_CRC_ERRORS, 0, 0 },
		{ NETOBS_RX_MISSED_ERRORS, 0, 0 },
		{ NETOBS_TX_ABORTED_ERRORS, 0, 0 },
		{ NETOBS_TX_HEARTBEAT_ERRORS, 0, 0 },
		{ NETOBS_TX_WINDOW_ERRORS, 0, 0 },
		{ NETOBS_RX_NOHANDLER, 0, 0 },
		{ NETOBS_RX_OTHERHOST_DROPPED, 0, 0 },
	};
	char *dir = test_tmpdir();
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	const struct netobs_device *dev;
	size_t i;

	/* Every counter exactly once above. */
	ck_assert_uint_eq(NETOBS__ARRAY_SIZE(want), netobs_counter_count());
	test_write_file(dir, "proc/net/dev", HEADER LO ETH0);
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	snap = take(ctx);
	dev = test_device(snap, "eth0");
	for (i = 0; i < NETOBS__ARRAY_SIZE(want); i++) {
		uint64_t v = 12345;
		int err = netobs_device_counter(dev, want[i].c, &v);
		const char *name = netobs_counter_name(want[i].c);

		ck_assert_msg(netobs_device_counter_flags(dev, want[i].c) == want[i].flags,
			      "%s flags %u", name, netobs_device_counter_flags(dev, want[i].c));
		if (want[i].flags == 0) {
			ck_assert_msg(err == -ENODATA, "%s: %d", name, err);
			ck_assert_uint_eq(v, 0); /* defined on error */
		} else {
			ck_assert_msg(err == 0 && v == want[i].v, "%s: %d %llu", name, err,
				      (unsigned long long)v);
		}
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	test_rmtree(dir);
	free(dir);
}
END_TEST

/* No /sys at all (a container): devices keep what /proc gave, by the
 * documented rule, and the snapshot says so once. */
START_TEST(snapshot_without_sysfs)
{
	char *dir = test_tmpdir();
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	const struct netobs_device *lo, *eth0;
	const char *w, *first;
	uint32_t mtu;

	test_write_file(dir, "proc/net/dev", HEADER LO ETH0);
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	snap = take(ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 2);
	lo = test_device(snap, "lo");
	eth0 = test_device(snap, "eth0");
	ck_assert_int_eq(netobs_device_class(lo), NETOBS_CLASS_LOOPBACK);
	ck_assert_str_eq(netobs_device_kind(lo), "loopback");
	ck_assert_int_eq(netobs_device_class(eth0), NETOBS_CLASS_VIRTUAL);
	ck_assert_str_eq(netobs_device_kind(eth0), "unknown");
	ck_assert_int_eq(netobs_device_ifindex(eth0), 0);
	ck_assert_int_eq(netobs_device_iflink(eth0), 0);
	ck_assert_int_eq(netobs_device_master_ifindex(eth0), 0);
	ck_assert_int_eq(netobs_device_operstate(eth0), NETOBS_OPER_UNKNOWN);
	/* /proc/net/dev has no flags: the administrative state is unknown. */
	ck_assert_int_eq(netobs_device_admin_up(eth0), -ENODATA);
	ck_assert_int_eq(netobs_device_admin_up(lo), -ENODATA);
	ck_assert_int_eq(netobs_device_mtu(eth0, &mtu), -ENODATA);
	ck_assert_int_eq(netobs_device_carrier(eth0), -ENODATA);
	ck_assert_ptr_null(netobs_device_driver(eth0));
	ck_assert_str_eq(netobs_device_address(eth0), "");
	w = test_warnings(ctx);
	first = strstr(w, "/sys/class/net: missing");
	ck_assert_msg(first != NULL, "warnings: %s", w);
	ck_assert_msg(strstr(first + 1, "/sys/class/net: missing") == NULL, "twice: %s", w);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	test_rmtree(dir);
	free(dir);
}
END_TEST

/* /sys/class/net is there but holds no folder for these devices (they
 * vanished, or /sys is another namespace's): counters from /proc stand and
 * the snapshot does not fail. */
START_TEST(snapshot_device_without_folder)
{
	char *dir = test_tmpdir();
	char path[4096];
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	const struct netobs_device *eth0;
	uint64_t v;

	test_write_file(dir, "proc/net/dev", HEADER LO ETH0);
	test_write_file(dir, "sys/class/README", "no device folders here\n");
	snprintf(path, sizeof(path), "%s/sys/class/net", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	snap = take(ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 2);
	eth0 = test_device(snap, "eth0");
	ck_assert_int_eq(netobs_device_counter(eth0, NETOBS_TX_BYTES, &v), 0);
	ck_assert_uint_eq(v, 2000);
	ck_assert_int_eq(netobs_device_class(eth0), NETOBS_CLASS_VIRTUAL);
	ck_assert_int_eq(netobs_device_class(test_device(snap, "lo")), NETOBS_CLASS_LOOPBACK);
	ck_assert_ptr_null(strstr(test_warnings(ctx), "missing"));
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	test_rmtree(dir);
	free(dir);
}
END_TEST

/* A file far beyond the first read buffer, read twice on one context. */
START_TEST(snapshot_many_devices)
{
	char *dir = test_tmpdir();
	size_t size = 600 * 128 + 512, off;
	char *text = malloc(size);
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	const struct netobs_device *dev;
	unsigned int i, round;
	uint64_t v;

	ck_assert_ptr_nonnull(text);
	off = (size_t)snprintf(text, size, "%s", HEADER);
	for (i = 0; i < 600; i++)
		off += (size_t)snprintf(text + off, size - off,
					"veth%u: %u 1 0 0 0 0 0 0 %u 1 0 0 0 0 0 0\n", i, i * 100,
					i * 1000);
	test_write_file(dir, "proc/net/dev", text);
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	snap = take(ctx);
	for (round = 0; round < 2; round++) {
		ck_assert_uint_eq(netobs_snapshot_device_count(snap), 600);
		dev = test_device(snap, "veth599");
		ck_assert_int_eq(netobs_device_counter(dev, NETOBS_RX_BYTES, &v), 0);
		ck_assert_uint_eq(v, 59900);
		ck_assert_int_eq(netobs_device_counter(dev, NETOBS_TX_BYTES, &v), 0);
		ck_assert_uint_eq(v, 599000);
		ck_assert_int_eq(netobs_snapshot_refresh(snap, ctx), 0);
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	test_rmtree(dir);
	free(dir);
	free(text);
}
END_TEST

/* Bad files through a whole snapshot: the path under the root and the line
 * are in the message, and the snapshot fails cleanly. */
START_TEST(snapshot_bad_file)
{
	const struct bad_case *c = &bad_cases[_i];
	char *dir = test_tmpdir();
	char where[4200];
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = NULL;
	const char *msg;

	test_write_file(dir, "proc/net/dev", c->text);
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), -EBADMSG);
	ck_assert_ptr_null(snap);
	msg = netobs_ctx_message(ctx);
	snprintf(where, sizeof(where), "%s%s", dir, c->where);
	ck_assert_msg(strncmp(msg, where, strlen(where)) == 0, "'%s' vs '%s'", msg, where);
	ck_assert_ptr_nonnull(strstr(msg, c->what));
	netobs_ctx_free(ctx);
	test_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(snapshot_missing_file)
{
	char *dir = test_tmpdir();
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = NULL;

	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), -ENOENT);
	ck_assert_ptr_null(snap);
	ck_assert_ptr_nonnull(strstr(netobs_ctx_message(ctx), "/proc/net/dev: "));
	netobs_ctx_free(ctx);
	test_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- the same devices as the sysfs source ----------------------------------- */

static const char *const host_fixtures[] = {
	"bare-metal", "docker-host", "nomad-host", "k8s-node", "laptop",
};

static uint64_t counter_of(const struct netobs_device *dev, enum netobs_counter c)
{
	uint64_t v = 0;

	ck_assert_msg(netobs_device_counter(dev, c, &v) == 0, "%s: %s missing",
		      netobs_device_name(dev), netobs_counter_name(c));
	return v;
}

/* What the kernel folds into a /proc/net/dev column, from sysfs. */
static uint64_t folded_of(const struct netobs_device *dev, enum netobs_counter c)
{
	switch (c) {
	case NETOBS_RX_DROPPED:
		return counter_of(dev, NETOBS_RX_DROPPED) + counter_of(dev, NETOBS_RX_MISSED_ERRORS);
	case NETOBS_RX_FRAME_ERRORS:
		return counter_of(dev, NETOBS_RX_LENGTH_ERRORS) +
		       counter_of(dev, NETOBS_RX_OVER_ERRORS) +
		       counter_of(dev, NETOBS_RX_CRC_ERRORS) + counter_of(dev, NETOBS_RX_FRAME_ERRORS);
	case NETOBS_TX_CARRIER_ERRORS:
		return counter_of(dev, NETOBS_TX_CARRIER_ERRORS) +
		       counter_of(dev, NETOBS_TX_ABORTED_ERRORS) +
		       counter_of(dev, NETOBS_TX_WINDOW_ERRORS) +
		       counter_of(dev, NETOBS_TX_HEARTBEAT_ERRORS);
	default:
		return counter_of(dev, c);
	}
}

static void same_device(const struct netobs_device *p, const struct netobs_device *s)
{
	const char *name = netobs_device_name(p);
	unsigned int c;

	ck_assert_int_eq(netobs_device_ifindex(p), netobs_device_ifindex(s));
	ck_assert_msg(netobs_device_class(p) == netobs_device_class(s), "%s: class", name);
	ck_assert_msg(strcmp(netobs_device_kind(p), netobs_device_kind(s)) == 0,
		      "%s: kind %s vs %s", name, netobs_device_kind(p), netobs_device_kind(s));
	ck_assert_int_eq(netobs_device_master_ifindex(p), netobs_device_master_ifindex(s));
	ck_assert_str_eq(netobs_device_address(p), netobs_device_address(s));
	for (c = 0; c < netobs_counter_count(); c++) {
		enum netobs_counter k = (enum netobs_counter)c;

		if (!(netobs_device_counter_flags(p, k) & NETOBS_COUNTER_AVAILABLE))
			continue;
		ck_assert_msg(counter_of(p, k) == folded_of(s, k), "%s: %s %llu vs %llu", name,
			      netobs_counter_name(k), (unsigned long long)counter_of(p, k),
			      (unsigned long long)folded_of(s, k));
	}
}

/* Where sysfs exists, the procfs source gives every device the class, kind
 * and attributes the sysfs source gives, and its counters are sysfs's,
 * folded as the kernel folds them. */
START_TEST(same_as_sysfs)
{
	const char *fx = host_fixtures[_i];
	struct netobs_ctx *pctx, *sctx;
	struct netobs_snapshot *ps = test_fixture_snapshot(fx, NETOBS_SOURCE_PROCFS, &pctx);
	struct netobs_snapshot *ss = test_fixture_snapshot(fx, NETOBS_SOURCE_SYSFS, &sctx);
	size_t i;

	ck_assert_uint_gt(netobs_snapshot_device_count(ps), 1);
	ck_assert_uint_eq(netobs_snapshot_device_count(ps), netobs_snapshot_device_count(ss));
	for (i = 0; i < netobs_snapshot_device_count(ps); i++) {
		const struct netobs_device *p = netobs_snapshot_device(ps, i);

		same_device(p, test_device(ss, netobs_device_name(p)));
	}
	netobs_snapshot_free(ps);
	netobs_snapshot_free(ss);
	netobs_ctx_free(pctx);
	netobs_ctx_free(sctx);
}
END_TEST

Suite *make_procfs_suite(void)
{
	Suite *s = suite_create("procfs");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, parse_good, 0, (int)NETOBS__ARRAY_SIZE(good_cases));
	tcase_add_test(tc, parse_columns_in_order);
	tcase_add_loop_test(tc, parse_bad, 0, (int)NETOBS__ARRAY_SIZE(bad_cases));
	tcase_add_loop_test(tc, parse_long_line, 0, 3);
	tcase_add_test(tc, parse_nul_byte);
	tcase_add_test(tc, parse_row_error_stops);
	suite_add_tcase(s, tc);

	tc = tcase_create("snapshot");
	tcase_add_test(tc, counters_mapped);
	tcase_add_test(tc, snapshot_without_sysfs);
	tcase_add_test(tc, snapshot_device_without_folder);
	tcase_add_test(tc, snapshot_many_devices);
	/* From 1: an empty file is "empty (masked?)" to a snapshot (suite-sections). */
	tcase_add_loop_test(tc, snapshot_bad_file, 1, (int)NETOBS__ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, snapshot_missing_file);
	tcase_add_loop_test(tc, same_as_sysfs, 0, (int)NETOBS__ARRAY_SIZE(host_fixtures));
	suite_add_tcase(s, tc);
	return s;
}
