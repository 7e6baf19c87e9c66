/* SPDX-License-Identifier: MIT */
/* /proc/net/softnet_stat in every width the kernel printed, CPU ids with
 * CPUs offline, the online CPU list, bad input, and the net.core tunables. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

Suite *make_softnet_suite(void);

#define NA UINT64_MAX /* the field is not in this width */

struct cpu_want {
	int id;
	bool online;
	uint64_t v[9]; /* enum netobs_softnet_field order */
};

struct fixture_want {
	const char *name;
	size_t ncpus;
	struct cpu_want cpus[4];
};

/* Each fixture's rows carry 0x00WWCCFF: width (or 0x11/0x15 for the offline
 * hosts), CPU, column; cpu_collision is 0 from 13 columns on, as on those
 * kernels, and backlog_len = input_qlen + process_qlen. */
static const struct fixture_want fixtures[] = {
	{ "softnet-9", 2, {
		{ 0, true, { 0x00090001, 0x00090002, 0x00090003, 0x00090009, NA, NA, NA, NA, NA } },
		{ 1, true, { 0x00090101, 0x00090102, 0x00090103, 0x00090109, NA, NA, NA, NA, NA } },
	} },
	{ "softnet-10", 2, {
		{ 0, true, { 0x000a0001, 0x000a0002, 0x000a0003, 0x000a0009, 0x000a000a, NA, NA, NA,
			     NA } },
		{ 1, true, { 0x000a0101, 0x000a0102, 0x000a0103, 0x000a0109, 0x000a010a, NA, NA, NA,
			     NA } },
	} },
	{ "softnet-11", 4, {
		{ 0, true, { 0x000b0001, 0x000b0002, 0x000b0003, 0x000b0009, 0x000b000a, 0x000b000b,
			     NA, NA, NA } },
		{ 1, true, { 0x000b0101, 0x000b0102, 0x000b0103, 0x000b0109, 0x000b010a, 0x000b010b,
			     NA, NA, NA } },
		{ 2, true, { 0x000b0201, 0x000b0202, 0x000b0203, 0x000b0209, 0x000b020a, 0x000b020b,
			     NA, NA, NA } },
		{ 3, true, { 0x000b0301, 0x000b0302, 0x000b0303, 0x000b0309, 0x000b030a, 0x000b030b,
			     NA, NA, NA } },
	} },
	{ "softnet-13", 4, {
		{ 0, true, { 0x000d0001, 0x000d0002, 0x000d0003, 0, 0x000d000a, 0x000d000b, 4, NA,
			     NA } },
		{ 1, true, { 0x000d0101, 0x000d0102, 0x000d0103, 0, 0x000d010a, 0x000d010b, 7, NA,
			     NA } },
		{ 2, true, { 0x000d0201, 0x000d0202, 0x000d0203, 0, 0x000d020a, 0x000d020b, 10, NA,
			     NA } },
		{ 3, true, { 0x000d0301, 0x000d0302, 0x000d0303, 0, 0x000d030a, 0x000d030b, 13, NA,
			     NA } },
	} },
	{ "softnet-15", 4, {
		{ 0, true, { 0xfffffff0, 0x000f0002, 0x000f0003, 0, 0x000f000a, 0x000f000b, 4, 1,
			     3 } },
		{ 1, true, { 0x000f0101, 0x000f0102, 0x000f0103, 0, 0x000f010a, 0x000f010b, 7, 2,
			     5 } },
		{ 2, true, { 0x000f0201, 0x000f0202, 0x000f0203, 0, 0x000f020a, 0x000f020b, 10, 3,
			     7 } },
		{ 3, true, { 0x000f0301, 0x000f0302, 0x000f0303, 0, 0x000f030a, 0x000f030b, 13, 4,
			     9 } },
	} },
	/* CPUs 1 and 3 offline: the second row is CPU 2 in both widths, by
	 * the online list (11) and by the id column (15). */
	{ "softnet-offline-11", 4, {
		{ 0, true, { 0x00110001, 0x00110002, 0x00110003, 0x00110009, 0x0011000a, 0x0011000b,
			     NA, NA, NA } },
		{ 1, false, { NA, NA, NA, NA, NA, NA, NA, NA, NA } },
		{ 2, true, { 0x00110201, 0x00110202, 0x00110203, 0x00110209, 0x0011020a, 0x0011020b,
			     NA, NA, NA } },
		{ 3, false, { NA, NA, NA, NA, NA, NA, NA, NA, NA } },
	} },
	{ "softnet-offline-15", 4, {
		{ 0, true, { 0xfffffff0, 0x00150002, 0x00150003, 0, 0x0015000a, 0x0015000b, 4, 1,
			     3 } },
		{ 1, false, { NA, NA, NA, NA, NA, NA, NA, NA, NA } },
		{ 2, true, { 0x00150201, 0x00150202, 0x00150203, 0, 0x0015020a, 0x0015020b, 10, 3,
			     7 } },
		{ 3, false, { NA, NA, NA, NA, NA, NA, NA, NA, NA } },
	} },
};

static void check_cpu(const struct netobs_cpu *cpu, const struct cpu_want *w, const char *fx)
{
	unsigned int f;

	ck_assert_msg(netobs_cpu_id(cpu) == w->id, "%s: CPU %d, want %d", fx, netobs_cpu_id(cpu),
		      w->id);
	ck_assert_msg(netobs_cpu_online(cpu) == (int)w->online, "%s: CPU %d online %d", fx, w->id,
		      netobs_cpu_online(cpu));
	for (f = 0; f < netobs_softnet_field_count(); f++) {
		uint64_t v = 777;
		int err = netobs_cpu_softnet(cpu, (enum netobs_softnet_field)f, &v);
		const char *name = netobs_softnet_field_name((enum netobs_softnet_field)f);

		if (w->v[f] == NA)
			ck_assert_msg(err == -ENODATA && v == 0, "%s: CPU %d %s: %d %llu", fx,
				      w->id, name, err, (unsigned long long)v);
		else
			ck_assert_msg(err == 0 && v == w->v[f], "%s: CPU %d %s: %d 0x%llx, want 0x%llx",
				      fx, w->id, name, err, (unsigned long long)v,
				      (unsigned long long)w->v[f]);
	}
}

START_TEST(fixture_widths)
{
	const struct fixture_want *fx = &fixtures[_i];
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot(fx->name, NETOBS_SOURCE_PROCFS, &ctx);
	size_t i;

	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), fx->ncpus);
	for (i = 0; i < fx->ncpus; i++) {
		check_cpu(netobs_snapshot_cpu(snap, i), &fx->cpus[i], fx->name);
		ck_assert_ptr_eq(netobs_snapshot_cpu_by_id(snap, fx->cpus[i].id),
				 netobs_snapshot_cpu(snap, i));
	}
	ck_assert_ptr_null(netobs_snapshot_cpu_by_id(snap, 4));
	/* The online list was there: no guessing was needed or warned about. */
	ck_assert_msg(strstr(test_warnings(ctx), "softnet_stat") == NULL, "%s: %s",
		      fx->name, test_warnings(ctx));
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* These trees have no /sys/class/net: AUTO falls back from sysfs to
 * /proc/net/dev, and lo is still lo. */
START_TEST(fixture_auto_falls_back)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot(fixtures[_i].name, NETOBS_SOURCE_AUTO,
							     &ctx);
	const struct netobs_device *lo;
	uint64_t v;

	ck_assert_int_eq(netobs_snapshot_source(snap), NETOBS_SOURCE_PROCFS);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 1);
	lo = test_device(snap, "lo");
	ck_assert_int_eq(netobs_device_class(lo), NETOBS_CLASS_LOOPBACK);
	ck_assert_int_eq(netobs_device_counter(lo, NETOBS_RX_PACKETS, &v), 0);
	ck_assert_uint_gt(v, 0);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), fixtures[_i].ncpus);
	ck_assert_ptr_nonnull(strstr(test_warnings(ctx), "/sys/class/net"));
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- trees built in a temporary directory ---------------------------------- */

#define PROCNETDEV                                                                             \
	"Inter-|   Receive                                                |  Transmit\n"         \
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "   \
	"errs drop fifo colls carrier compressed\n"                                              \
	"    lo:       0       0    0    0    0     0          0         0        0       0 "    \
	"   0    0    0     0       0          0\n"

#define ROW11(c) "0000000" c " 00000002 00000003 00000000 00000000 00000000 00000000 " \
		 "00000000 00000000 00000000 00000000\n"
#define ROW13(id) "00000001 00000002 00000003 00000000 00000000 00000000 00000000 " \
		  "00000000 00000000 00000000 00000000 00000000 " id "\n"

/* A tree with /proc/net/dev and the given files; NULL leaves one out. */
static char *make_tree(const char *softnet, const char *online, const char *softirqs)
{
	char *dir = test_tmpdir();

	test_write_file(dir, "proc/net/dev", PROCNETDEV);
	if (softnet)
		test_write_file(dir, "proc/net/softnet_stat", softnet);
	if (online)
		test_write_file(dir, "sys/devices/system/cpu/online", online);
	if (softirqs)
		test_write_file(dir, "proc/softirqs", softirqs);
	return dir;
}

static struct netobs_snapshot *take_ok(struct netobs_ctx *ctx)
{
	struct netobs_snapshot *snap = NULL;
	int err = netobs_snapshot_take(&snap, ctx);

	ck_assert_msg(err == 0, "%d: %s", err, netobs_ctx_message(ctx));
	return snap;
}

struct bad_case {
	const char *softnet;
	const char *online;	/* NULL: no online file */
	const char *file;	/* the file the message names */
	unsigned int line;
	const char *what;
};

static const struct bad_case bad_cases[] = {
	/* rows of mixed widths */
	{ ROW11("1") ROW13("00000001"), "0-1", "softnet_stat", 2, "13 columns, expected 11" },
	{ ROW13("00000000") ROW11("1"), "0-1", "softnet_stat", 2, "11 columns, expected 13" },
	/* truncated rows */
	{ ROW11("1") "00000001 00000002 00000003 00000000", "0-1", "softnet_stat", 2, "cut short" },
	{ ROW11("1") "00000001 00000002 00000003 00000000\n", "0-1", "softnet_stat", 2,
	  "4 columns, expected 11" },
	{ "0000", "0", "softnet_stat", 1, "cut short" },
	/* fields that are not hex */
	{ "0000zz01 00000002 00000003 00000000 00000000 00000000 00000000 00000000 00000000 "
	  "00000000 00000000\n", "0", "softnet_stat", 1, "column 1: '0000zz01' is not hexadecimal" },
	{ ROW11("1") "00000001 -0000002 00000003 00000000 00000000 00000000 00000000 00000000 "
	  "00000000 00000000 00000000\n", "0-1", "softnet_stat", 2, "column 2: '-0000002'" },
	{ "00000001 0x000002 00000003 00000000 00000000 00000000 00000000 00000000 00000000 "
	  "00000000 00000000\n", "0", "softnet_stat", 1, "column 2: '0x000002'" },
	/* wider than a u32 */
	{ "100000000 00000002 00000003 00000000 00000000 00000000 00000000 00000000 00000000 "
	  "00000000 00000000\n", "0", "softnet_stat", 1, "column 1: 100000000 is above 0xffffffff" },
	{ "00000001 00000002 00000003 00000000 00000000 00000000 00000000 00000000 00000000 "
	  "00000000 11111111111111111\n", "0", "softnet_stat", 1, "column 11:" },
	/* widths no kernel printed */
	{ "00000001 00000002 00000003 00000000 00000000 00000000 00000000 00000000\n", "0",
	  "softnet_stat", 1, "8 columns; known widths" },
	{ ROW13("00000000 00000000") "\n", "0", "softnet_stat", 1, "14 columns; known widths" },
	{ "00000001 00000002 00000003 00000000 00000000 00000000 00000000 00000000 00000000 "
	  "00000000 00000000 00000000\n", "0", "softnet_stat", 1, "12 columns; known widths" },
	{ ROW13("00000000 00000000 00000000 00000000") "\n", "0", "softnet_stat", 1,
	  "more than 15 columns" },
	{ "\n", "0", "softnet_stat", 1, "0 columns; known widths" },
	/* more rows than online CPUs */
	{ ROW11("1") ROW11("2") ROW11("3"), "0,2", "softnet_stat", 3,
	  "row 3, but only 2 CPUs are online" },
	/* the id column */
	{ ROW13("00000001") ROW13("00000001"), NULL, "softnet_stat", 2, "a second row for CPU 1" },
	/* a repeat further down, after an id out of order (found by the fuzzer) */
	{ ROW13("00000000") ROW13("00000004") ROW13("00000003") ROW13("00000004"), NULL,
	  "softnet_stat", 4, "a second row for CPU 4" },
	{ ROW13("7fffffff"), NULL, "softnet_stat", 1, "CPU id 0x7fffffff out of range" },
	/* an overlong line */
	{ "00000001                                                                          "
	  "                                                                                  "
	  "                                                                                  "
	  "                                                                                  "
	  " 2\n", "0", "softnet_stat", 1, "line longer than" },
	/* a bad online list */
	{ ROW11("1"), "0-", "online", 1, "not a CPU list" },
	{ ROW11("1"), "2,1", "online", 1, "not a CPU list" },
	{ ROW11("1"), "zero", "online", 1, "not a CPU list" },
};

START_TEST(bad_input)
{
	const struct bad_case *c = &bad_cases[_i];
	char *dir = make_tree(c->softnet, c->online, NULL);
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = NULL;
	char where[4200];

	/* One bad file costs its own section: the devices are all there, and
	 * no CPU is left half-read. */
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_DEVICES));
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 1);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 0);
	snprintf(where, sizeof(where), "%s/%s%s:%u: ", dir,
		 strcmp(c->file, "online") == 0 ? "sys/devices/system/cpu/" : "proc/net/", c->file,
		 c->line);
	test_assert_refused(ctx, snap, NETOBS_SECTION_SOFTNET, where, c->what);
	test_drop_tree(dir, ctx, snap);
}
END_TEST

/* No online list: the id column still names the CPU; without one, row N is
 * taken as CPU N and the snapshot says so. */
START_TEST(no_online_list)
{
	char *dir = make_tree(ROW13("00000000") ROW13("00000005"), NULL, NULL);
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = take_ok(ctx);

	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 2);
	ck_assert_int_eq(netobs_cpu_id(netobs_snapshot_cpu(snap, 1)), 5);
	ck_assert_ptr_null(strstr(test_warnings(ctx), "row N"));
	test_drop_tree(dir, ctx, snap);

	dir = make_tree(ROW11("1") ROW11("2"), NULL, NULL);
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	snap = take_ok(ctx);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 2);
	ck_assert_int_eq(netobs_cpu_id(netobs_snapshot_cpu(snap, 1)), 1);
	ck_assert_ptr_nonnull(strstr(test_warnings(ctx), "row N taken as CPU N"));
	test_drop_tree(dir, ctx, snap);

	/* An empty (masked) list is no list: the id column still names CPUs. */
	dir = make_tree(ROW13("00000000") ROW13("00000005"), "", NULL);
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	snap = take_ok(ctx);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 2);
	ck_assert_int_eq(netobs_cpu_id(netobs_snapshot_cpu(snap, 1)), 5);
	test_drop_tree(dir, ctx, snap);
}
END_TEST

/* Missing or empty softnet_stat: no per-CPU softnet data, a warning, and
 * the snapshot still succeeds. */
START_TEST(missing_or_empty)
{
	char *dir = make_tree(_i == 0 ? NULL : "", "0-1", NULL);
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = take_ok(ctx);
	const char *w = test_warnings(ctx);

	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 0);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 1);
	ck_assert_msg(strstr(w, _i == 0 ? "softnet_stat: not readable" : "softnet_stat: empty"),
		      "%s", w);
	test_drop_tree(dir, ctx, snap);
}
END_TEST

/* Refreshing on one context reuses the buffers and gives the same CPUs. */
START_TEST(refresh_same)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("softnet-offline-11",
							     NETOBS_SOURCE_PROCFS, &ctx);
	int round;

	for (round = 0; round < 3; round++) {
		ck_assert_int_eq(netobs_snapshot_refresh(snap, ctx), 0);
		ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 4);
		check_cpu(netobs_snapshot_cpu(snap, 2), &fixtures[5].cpus[2], "refresh");
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- the CPU list ------------------------------------------------------------ */

struct list_case {
	const char *text;
	int err;
	size_t n;
	int ids[8];
};

static const struct list_case list_cases[] = {
	{ "0\n", 0, 1, { 0 } },
	{ "0-3\n", 0, 4, { 0, 1, 2, 3 } },
	{ "0,2\n", 0, 2, { 0, 2 } },
	{ "0-1,4-5,7", 0, 5, { 0, 1, 4, 5, 7 } },
	{ "5-5\n", 0, 1, { 5 } },
	{ "1048576\n", 0, 1, { 1048576 } },
	{ "0-9\n", -ERANGE, 10, { 0 } },
	{ "", -EBADMSG, 0, { 0 } },
	{ "\n", -EBADMSG, 0, { 0 } },
	{ "3-1\n", -EBADMSG, 0, { 0 } },
	{ "0,0\n", -EBADMSG, 0, { 0 } },
	{ "3,1\n", -EBADMSG, 0, { 0 } },
	{ "0-2,2\n", -EBADMSG, 0, { 0 } },
	{ "0,\n", -EBADMSG, 0, { 0 } },
	{ ",0\n", -EBADMSG, 0, { 0 } },
	{ "0--1\n", -EBADMSG, 0, { 0 } },
	{ "0-\n", -EBADMSG, 0, { 0 } },
	{ "1048577\n", -EBADMSG, 0, { 0 } },
	{ "0;1\n", -EBADMSG, 0, { 0 } },
	{ "x\n", -EBADMSG, 0, { 0 } },
	{ "99999999999999999999999\n", -EBADMSG, 0, { 0 } },
};

START_TEST(cpulist)
{
	const struct list_case *c = &list_cases[_i];
	int ids[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	size_t n = 99, i;
	int err = netobs__cpulist_parse(c->text, strlen(c->text), ids, 8, &n);

	ck_assert_msg(err == c->err, "case %d '%s': %d", _i, c->text, err);
	ck_assert_uint_eq(n, c->n);
	if (err == 0)
		for (i = 0; i < n; i++)
			ck_assert_int_eq(ids[i], c->ids[i]);
}
END_TEST

/* ---- tunables --------------------------------------------------------------- */

START_TEST(tunables_fixture)
{
	static const int64_t all[] = { 2000, 600, 8000, 64, 4096, 212992, 212992, 212992,
				       212992, 4096, 4096, 4096, 188124, 376248, 1024 };
	static const int64_t old[] = { 1000, 300, -1, 64, -1, -1, -1, -1,
				       -1, -1, -1, -1, -1, -1, -1 }; /* -1: absent */
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	unsigned int t;
	int64_t v;

	snap = test_fixture_snapshot("softnet-15", NETOBS_SOURCE_PROCFS, &ctx);
	for (t = 0; t < netobs_tunable_count(); t++) {
		ck_assert_int_eq(netobs_snapshot_tunable(snap, (enum netobs_tunable)t, &v), 0);
		ck_assert_int_eq(v, all[t]);
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);

	/* A 2.6 kernel: no netdev_budget_usecs, no flow limit. */
	snap = test_fixture_snapshot("softnet-9", NETOBS_SOURCE_PROCFS, &ctx);
	for (t = 0; t < netobs_tunable_count(); t++) {
		int err = netobs_snapshot_tunable(snap, (enum netobs_tunable)t, &v);

		if (old[t] < 0) {
			ck_assert_int_eq(err, -ENODATA);
		} else {
			ck_assert_int_eq(err, 0);
			ck_assert_int_eq(v, old[t]);
		}
	}
	/* Each absent one says why; the others are not mentioned. */
	ck_assert_ptr_nonnull(strstr(test_warnings(ctx), "/proc/sys/net/core/netdev_budget_usecs: "
							  "missing: this kernel predates it"));
	ck_assert_ptr_nonnull(strstr(test_warnings(ctx), "/proc/sys/net/core/flow_limit_table_len: "
							  "missing: this kernel predates it"));
	ck_assert_ptr_null(strstr(test_warnings(ctx), "netdev_max_backlog"));
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_TUNABLES));
	ck_assert_int_eq(netobs_snapshot_tunable(snap, (enum netobs_tunable)NETOBS__TUNABLE_MAX, &v),
			 -EINVAL);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

struct tunable_case {
	const char *text;
	int err;		/* of netobs_snapshot_tunable */
	int64_t v;
	bool warned;
};

static const struct tunable_case tunable_cases[] = {
	{ "300\n", 0, 300, false },
	{ "  42 \n", 0, 42, false },
	{ "-5\n", 0, -5, false },
	{ "9223372036854775807\n", 0, INT64_MAX, false },
	{ "-9223372036854775808\n", 0, INT64_MIN, false },
	{ "9223372036854775808\n", -ENODATA, 0, true },
	{ "abc\n", -ENODATA, 0, true },
	{ "12abc\n", -ENODATA, 0, true },
	{ "\n", -ENODATA, 0, false }, /* "empty (masked?)" */
	{ "", -ENODATA, 0, false },
	{ "- 5\n", -ENODATA, 0, true },
	{ "1 2\n", -ENODATA, 0, true },
	{ "99999999999999999999999\n", -ENODATA, 0, true },
};

START_TEST(tunable_values)
{
	const struct tunable_case *c = &tunable_cases[_i];
	char *dir = make_tree(NULL, NULL, NULL);
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	const char *w;
	int64_t v = 0;

	test_write_file(dir, "proc/sys/net/core/netdev_budget", c->text);
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	snap = take_ok(ctx);
	ck_assert_int_eq(netobs_snapshot_tunable(snap, NETOBS_TUNABLE_NETDEV_BUDGET, &v), c->err);
	if (c->err == 0)
		ck_assert_int_eq(v, c->v);
	ck_assert_int_eq(netobs_snapshot_tunable(snap, NETOBS_TUNABLE_DEV_WEIGHT, &v), -ENODATA);
	w = test_warnings(ctx);
	ck_assert_msg((strstr(w, "/proc/sys/net/core/netdev_budget:1: '") != NULL) == c->warned,
		      "case %d: %s", _i, w);
	/* The only tunable there: the section stands or falls with it. */
	ck_assert_int_eq(netobs_snapshot_section_ok(snap, NETOBS_SECTION_TUNABLES), c->err == 0);
	test_drop_tree(dir, ctx, snap);
}
END_TEST

Suite *make_softnet_suite(void)
{
	Suite *s = suite_create("softnet");
	TCase *tc = tcase_create("fixtures");

	tcase_add_loop_test(tc, fixture_widths, 0, (int)NETOBS__ARRAY_SIZE(fixtures));
	tcase_add_loop_test(tc, fixture_auto_falls_back, 0, (int)NETOBS__ARRAY_SIZE(fixtures));
	tcase_add_test(tc, refresh_same);
	suite_add_tcase(s, tc);

	tc = tcase_create("input");
	tcase_add_loop_test(tc, bad_input, 0, (int)NETOBS__ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, no_online_list);
	tcase_add_loop_test(tc, missing_or_empty, 0, 2);
	tcase_add_loop_test(tc, cpulist, 0, (int)NETOBS__ARRAY_SIZE(list_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("tunables");
	tcase_add_test(tc, tunables_fixture);
	tcase_add_loop_test(tc, tunable_values, 0, (int)NETOBS__ARRAY_SIZE(tunable_cases));
	suite_add_tcase(s, tc);
	return s;
}
