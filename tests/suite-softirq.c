/* SPDX-License-Identifier: MIT */
/* /proc/softirqs: NET_RX and NET_TX per CPU through the header's CPU names
 * (offline CPUs included), and bad input. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

Suite *make_softirq_suite(void);

struct cpu_want {
	int id;
	bool online;
	uint64_t net_rx, net_tx;
};

struct fixture_want {
	const char *name;
	size_t ncpus;
	struct cpu_want cpus[4];
};

/* NET_RX = C * 100000 + CPU * 1000 + 11, NET_TX the same + 11, C the
 * fixture's code (width; 17 and 21 for the offline hosts).  CPU 1 of those
 * went offline after it ran, CPU 3 never ran. */
static const struct fixture_want fixtures[] = {
	{ "softnet-9", 2, { { 0, true, 900011, 900022 }, { 1, true, 901011, 901022 } } },
	{ "softnet-10", 2, { { 0, true, 1000011, 1000022 }, { 1, true, 1001011, 1001022 } } },
	{ "softnet-11", 4, { { 0, true, 1100011, 1100022 }, { 1, true, 1101011, 1101022 },
			     { 2, true, 1102011, 1102022 }, { 3, true, 1103011, 1103022 } } },
	{ "softnet-13", 4, { { 0, true, 1300011, 1300022 }, { 1, true, 1301011, 1301022 },
			     { 2, true, 1302011, 1302022 }, { 3, true, 1303011, 1303022 } } },
	{ "softnet-15", 4, { { 0, true, 1500011, 1500022 }, { 1, true, 1501011, 1501022 },
			     { 2, true, 1502011, 1502022 }, { 3, true, 1503011, 1503022 } } },
	{ "softnet-offline-11", 4, { { 0, true, 1700011, 1700022 }, { 1, false, 1701011, 1701022 },
				     { 2, true, 1702011, 1702022 }, { 3, false, 0, 0 } } },
	{ "softnet-offline-15", 4, { { 0, true, 2100011, 2100022 }, { 1, false, 2101011, 2101022 },
				     { 2, true, 2102011, 2102022 }, { 3, false, 0, 0 } } },
};

static void check_cpu(const struct netobs_cpu *cpu, const struct cpu_want *w, const char *fx)
{
	uint64_t v = 7;

	ck_assert_msg(netobs_cpu_id(cpu) == w->id, "%s: CPU %d, want %d", fx, netobs_cpu_id(cpu),
		      w->id);
	ck_assert_msg(netobs_cpu_online(cpu) == (int)w->online, "%s: CPU %d online", fx, w->id);
	ck_assert_int_eq(netobs_cpu_softirq(cpu, NETOBS_SOFTIRQ_NET_RX, &v), 0);
	ck_assert_msg(v == w->net_rx, "%s: CPU %d NET_RX %llu", fx, w->id, (unsigned long long)v);
	ck_assert_int_eq(netobs_cpu_softirq(cpu, NETOBS_SOFTIRQ_NET_TX, &v), 0);
	ck_assert_msg(v == w->net_tx, "%s: CPU %d NET_TX %llu", fx, w->id, (unsigned long long)v);
	ck_assert_int_eq(netobs_cpu_softirq(cpu, (enum netobs_softirq)2, &v), -EINVAL);
	/* An offline CPU has no softnet row, so no softnet field at all. */
	if (!w->online)
		ck_assert_int_eq(netobs_cpu_softnet(cpu, NETOBS_SOFTNET_PROCESSED, &v), -ENODATA);
	else
		ck_assert_int_eq(netobs_cpu_softnet(cpu, NETOBS_SOFTNET_PROCESSED, &v), 0);
}

START_TEST(fixture_cpus)
{
	const struct fixture_want *fx = &fixtures[_i];
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot(fx->name, NETOBS_SOURCE_PROCFS, &ctx);
	size_t i;

	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), fx->ncpus);
	for (i = 0; i < fx->ncpus; i++)
		check_cpu(netobs_snapshot_cpu(snap, i), &fx->cpus[i], fx->name);
	ck_assert_ptr_null(strstr(test_warnings(ctx), "softirqs"));
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

#define HDR2 "                    CPU0       CPU1       \n"
#define HI2 "          HI:          1          2\n"
#define TX2 "      NET_TX:         30         40\n"
#define RX2 "      NET_RX:         50         60\n"
#define RCU2 "         RCU:        700        800\n"

static char *make_tree(const char *softirqs)
{
	char *dir = test_tmpdir();

	test_write_file(dir, "proc/net/dev", PROCNETDEV);
	if (softirqs)
		test_write_file(dir, "proc/softirqs", softirqs);
	return dir;
}

struct bad_case {
	const char *text;
	unsigned int line;
	const char *what;
};

static const struct bad_case bad_cases[] = {
	{ HDR2, 2, "only the header" },
	{ "\n" HI2 TX2 RX2, 1, "no CPU names" },
	{ "    CPU0 CPUx\n" HI2 TX2 RX2, 1, "'CPUx' is not a CPU name" },
	{ "    CPU0 CPU\n" HI2 TX2 RX2, 1, "'CPU' is not a CPU name" },
	{ "    CPU0 CPU1x\n" HI2 TX2 RX2, 1, "'CPU1x' is not a CPU name" },
	{ "    CPU0 cpu1\n" HI2 TX2 RX2, 1, "'cpu1'" },
	{ "    HI: 1 2\n" HI2 TX2 RX2, 1, "'HI:' is not a CPU name" },
	{ "    CPU1 CPU0\n" HI2 TX2 RX2, 1, "CPU0 after CPU1: not ascending" },
	{ "    CPU0 CPU0\n" HI2 TX2 RX2, 1, "not ascending" },
	{ "    CPU0 CPU9999999\n" HI2 TX2 RX2, 1, "'CPU9999999' is not a CPU name" },
	{ HDR2 HI2 "      NET_TX:         30\n" RX2, 3, "1 counts for 2 CPUs" },
	{ HDR2 HI2 TX2 "      NET_RX:         50         60         70\n", 4,
	  "3 counts for 2 CPUs" },
	{ HDR2 "          HI:\n" TX2 RX2, 2, "0 counts for 2 CPUs" },
	{ HDR2 HI2 TX2 "      NET_RX:         5x         60\n", 4, "column 1: '5x'" },
	{ HDR2 HI2 TX2 "      NET_RX:         50        -60\n", 4, "column 2: '-60'" },
	{ HDR2 "          HI:          1 4294967296\n" TX2 RX2, 2,
	  "column 2: '4294967296' is not a 32-bit count" },
	{ HDR2 HI2 TX2 "      NET_RX: 99999999999999999999999 1\n", 4, "column 1:" },
	{ HDR2 HI2 TX2 RCU2, 5, "no NET_RX row before the end" },
	{ HDR2 HI2 RX2 RCU2, 5, "no NET_TX row before the end" },
	{ HDR2 HI2 TX2 RX2 RX2, 5, "a second NET_RX row" },
	{ HDR2 HI2 TX2 TX2 RX2, 4, "a second NET_TX row" },
	{ HDR2 HI2 TX2 RX2 "         RCU:        700", 5, "cut short" },
	{ HDR2 HI2 TX2 "      NET_RX:         50", 4, "cut short" },
	/* a complete header without its newline is read; the rows are missing */
	{ "                    CPU0       CPU1", 2, "only the header" },
	{ HDR2 HI2 "      NET_TX          30         40\n" RX2, 3, "expected 'NAME:'" },
	{ HDR2 HI2 "      :          30         40\n" RX2, 3, "expected 'NAME:'" },
	{ HDR2 HI2 "   NET TX:          30         40\n" RX2, 3, "blanks" },
};

/* A complete last line without its newline, in a file that a later check
 * refuses (no NET_TX row): the section's one warning is the refusal, not
 * "its columns were complete, so it was read". */
START_TEST(unterminated_then_refused)
{
	char *dir = make_tree(HDR2 HI2 "      NET_RX:         50         60");
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = NULL;
	enum netobs_section in;
	size_t i, n = 0;

	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	for (i = 0; i < netobs_ctx_warning_count(ctx); i++)
		if (netobs_warning_section(netobs_ctx_warning(ctx, i), &in) == 0 &&
		    in == NETOBS_SECTION_SOFTIRQS)
			n++;
	ck_assert_msg(n == 1, "%zu softirqs warnings: %s", n, test_warnings(ctx));
	test_assert_refused(ctx, snap, NETOBS_SECTION_SOFTIRQS, dir, "no NET_TX row");
	test_drop_tree(dir, ctx, snap);
}
END_TEST

START_TEST(bad_input)
{
	const struct bad_case *c = &bad_cases[_i];
	char *dir = make_tree(c->text);
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = NULL;
	char where[4200];

	/* One bad file costs its own section: the devices are all there. */
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_DEVICES));
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 1);
	snprintf(where, sizeof(where), "%s/proc/softirqs:%u: ", dir, c->line);
	test_assert_refused(ctx, snap, NETOBS_SECTION_SOFTIRQS, where, c->what);
	test_drop_tree(dir, ctx, snap);
}
END_TEST

/* An empty /proc/softirqs is a masked one (a /dev/null bind): no softirq
 * counts and a warning, but the snapshot and its devices stand. */
START_TEST(masked)
{
	char *dir = make_tree("");
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = NULL;

	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	ck_assert_uint_ge(netobs_snapshot_device_count(snap), 1);
	ck_assert_msg(strstr(test_warnings(ctx), "softirqs: empty (masked?)") != NULL, "%s",
		      test_warnings(ctx));
	for (size_t i = 0; i < netobs_snapshot_cpu_count(snap); i++)
		ck_assert_int_eq(netobs_cpu_softirq(netobs_snapshot_cpu(snap, i),
						    NETOBS_SOFTIRQ_NET_RX, NULL), -ENODATA);
	test_drop_tree(dir, ctx, snap);
}
END_TEST

/* Possible CPUs need not be contiguous: ids come from the names.  CPU 2 has
 * no softnet row, so it is offline; CPU 8's row says it is CPU 8. */
START_TEST(sparse_ids)
{
	char *dir = make_tree("                    CPU0       CPU2       CPU8       \n"
			      "          HI:          1          2          3\n"
			      "      NET_TX:         10         20         30\n"
			      "      NET_RX:        100        200        300\n");
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = NULL;
	static const struct cpu_want want[] = {
		{ 0, true, 100, 10 }, { 2, false, 200, 20 }, { 8, true, 300, 30 },
	};
	size_t i;

	test_write_file(dir, "proc/net/softnet_stat",
			"00000001 00000002 00000003 00000000 00000000 00000000 00000000 00000000 "
			"00000000 00000000 00000000 00000000 00000000\n"
			"00000001 00000002 00000003 00000000 00000000 00000000 00000000 00000000 "
			"00000000 00000000 00000000 00000000 00000008\n");
	test_write_file(dir, "sys/devices/system/cpu/online", "0,8\n");
	ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 3);
	for (i = 0; i < 3; i++)
		check_cpu(netobs_snapshot_cpu(snap, i), &want[i], "sparse");
	test_drop_tree(dir, ctx, snap);
}
END_TEST

/* Without softnet_stat every CPU is known from softirqs only: offline. */
START_TEST(softirqs_only)
{
	char *dir = make_tree(HDR2 HI2 TX2 RX2 RCU2);
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = NULL;
	static const struct cpu_want want[] = { { 0, false, 50, 30 }, { 1, false, 60, 40 } };

	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 2);
	check_cpu(netobs_snapshot_cpu(snap, 0), &want[0], "softirqs only");
	check_cpu(netobs_snapshot_cpu(snap, 1), &want[1], "softirqs only");
	test_drop_tree(dir, ctx, snap);
}
END_TEST

START_TEST(missing_file)
{
	char *dir = make_tree(NULL);
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_PROCFS);
	struct netobs_snapshot *snap = NULL;

	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 0);
	ck_assert_ptr_nonnull(strstr(test_warnings(ctx), "/proc/softirqs: not readable"));
	test_drop_tree(dir, ctx, snap);
}
END_TEST

/* The parser alone, as the fuzzer calls it: rows other than NET_RX and
 * NET_TX are checked but not kept, and wide hosts are fine. */
START_TEST(parse_many_cpus)
{
	enum { NCPU = 1000 };
	size_t size = 12 * NCPU * 5 + 256, off = 0;
	char *text = malloc(size);
	static const char *const rows[] = { "HI", "NET_TX", "NET_RX", "RCU" };
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));
	struct netobs_ctx *ctx;
	unsigned int r, c;
	uint64_t v;

	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(snap);
	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	off += (size_t)snprintf(text + off, size - off, "%20s", "");
	for (c = 0; c < NCPU; c++)
		off += (size_t)snprintf(text + off, size - off, "CPU%-8u", c * 2);
	off += (size_t)snprintf(text + off, size - off, "\n");
	for (r = 0; r < 4; r++) {
		off += (size_t)snprintf(text + off, size - off, "%12s:", rows[r]);
		for (c = 0; c < NCPU; c++)
			off += (size_t)snprintf(text + off, size - off, " %10u", r * 10000 + c);
		off += (size_t)snprintf(text + off, size - off, "\n");
	}
	ck_assert_int_eq(netobs__softirq_parse(ctx, "s", text, off, snap), 0);
	ck_assert_uint_eq(snap->ncpus, NCPU);
	ck_assert_int_eq(netobs__snapshot_finish(snap), 0);
	ck_assert_int_eq(netobs_cpu_id(netobs_snapshot_cpu(snap, NCPU - 1)), 2 * (NCPU - 1));
	ck_assert_int_eq(netobs_cpu_softirq(netobs_snapshot_cpu(snap, NCPU - 1),
					    NETOBS_SOFTIRQ_NET_RX, &v), 0);
	ck_assert_uint_eq(v, 20000 + NCPU - 1);
	ck_assert_int_eq(netobs_cpu_softirq(netobs_snapshot_cpu(snap, 7), NETOBS_SOFTIRQ_NET_TX,
					    &v), 0);
	ck_assert_uint_eq(v, 10007);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	free(text);
}
END_TEST

Suite *make_softirq_suite(void)
{
	Suite *s = suite_create("softirq");
	TCase *tc = tcase_create("softirqs");

	tcase_add_loop_test(tc, fixture_cpus, 0, (int)NETOBS__ARRAY_SIZE(fixtures));
	tcase_add_loop_test(tc, bad_input, 0, (int)NETOBS__ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, unterminated_then_refused);
	tcase_add_test(tc, masked);
	tcase_add_test(tc, sparse_ids);
	tcase_add_test(tc, softirqs_only);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, parse_many_cpus);
	suite_add_tcase(s, tc);
	return s;
}
