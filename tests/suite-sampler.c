/* SPDX-License-Identifier: MIT */
/* The sampler over a fixture tree (first tick, a failed tick that keeps the
 * last good pair, the timer descriptor), and the out-values every getter
 * with out-parameters leaves on each of its error paths. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>

#include "testutil.h"

Suite *make_sampler_suite(void);

START_TEST(first_tick_has_no_diff)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_AUTO);
	struct netobs_sampler *s;

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	ck_assert_ptr_null(netobs_sampler_snapshot(s));
	ck_assert_ptr_null(netobs_sampler_diff(s));
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_ptr_nonnull(netobs_sampler_snapshot(s));
	ck_assert_ptr_null(netobs_sampler_diff(s));
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_ptr_nonnull(netobs_sampler_diff(s));
	ck_assert_int_eq(netobs_sampler_error(s), 0);
	ck_assert_int_eq(netobs_sampler_fd(s), -ENODATA);
	netobs_sampler_free(s);
	netobs_ctx_free(ctx);
}
END_TEST

/* The diff's newer snapshot is always the sampler's newest: a diff is never
 * read over a snapshot that was refreshed after it. */
START_TEST(diff_follows_newest)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_AUTO);
	struct netobs_sampler *s;
	const struct netobs_device *eth0;
	uint64_t delta;

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	for (int i = 0; i < 7; i++) {
		ck_assert_int_eq(netobs_sampler_tick(s), 0);
		if (i == 0)
			continue;
		eth0 = test_device(netobs_sampler_snapshot(s), "eth0");
		ck_assert_int_eq(netobs_diff_device_counter(netobs_sampler_diff(s), eth0,
							    NETOBS_RX_BYTES, &delta, NULL), 0);
		ck_assert_uint_eq(delta, 0);
		ck_assert(netobs_diff_interval(netobs_sampler_diff(s)) > 0);
	}
	netobs_sampler_free(s);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(failed_tick_keeps_last_pair)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_AUTO);
	const struct netobs_snapshot *snap;
	const struct netobs_diff *diff;
	struct netobs_sampler *s;
	double interval;
	char *gone = test_tmpdir();

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	snap = netobs_sampler_snapshot(s);
	diff = netobs_sampler_diff(s);
	interval = netobs_diff_interval(diff);
	/* An empty root: no section can be read, the snapshot fails. */
	ck_assert_int_eq(netobs_ctx_set_root(ctx, gone), 0);
	ck_assert_int_lt(netobs_sampler_tick(s), 0);
	ck_assert_int_lt(netobs_sampler_error(s), 0);
	ck_assert_ptr_eq(netobs_sampler_snapshot(s), snap);
	ck_assert_ptr_eq(netobs_sampler_diff(s), diff);
	ck_assert(netobs_diff_interval(diff) == interval);
	ck_assert_ptr_nonnull(netobs_snapshot_device_by_name(snap, "eth0"));
	ck_assert_int_eq(netobs_diff_device_status(diff, test_device(snap, "eth0")),
			 NETOBS_DIFF_SAME);
	/* Back to the same root: the next tick diffs across the failed one. */
	ck_assert_int_eq(netobs_ctx_set_root(ctx, NETOBS_FIXTURES "/docker-host"), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(netobs_sampler_error(s), 0);
	ck_assert(netobs_diff_interval(netobs_sampler_diff(s)) > 0);
	netobs_sampler_free(s);
	test_drop_tree(gone, ctx, NULL);
}
END_TEST

START_TEST(timer_fd_is_drained_by_tick)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_AUTO);
	struct netobs_sampler *s;
	struct pollfd pfd = { .events = POLLIN };

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	pfd.fd = netobs_sampler_set_interval(s, 300 * 1000000ull);
	ck_assert_int_ge(pfd.fd, 0);
	ck_assert_int_eq(netobs_sampler_fd(s), pfd.fd);
	ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(poll(&pfd, 1, 0), 0);
	/* Disarmed: never readable again. */
	ck_assert_int_eq(netobs_sampler_set_interval(s, 0), pfd.fd);
	ck_assert_int_eq(poll(&pfd, 1, 400), 0);
	netobs_sampler_free(s);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- out-values on error paths ------------------------------------------ */

struct fix {
	struct netobs_ctx *ctx;
	struct netobs_snapshot *a, *b;
	struct netobs_diff *diff, *empty;
	const struct netobs_device *dev, *lo, *other;
	const struct netobs_cpu *cpu;
};

static struct fix fx;

static void fix_setup(void)
{
	fx.ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_SYSFS);
	ck_assert_int_eq(netobs_snapshot_take(&fx.a, fx.ctx), 0);
	ck_assert_int_eq(netobs_snapshot_take(&fx.b, fx.ctx), 0);
	ck_assert_int_eq(netobs_diff_new(&fx.diff, fx.a, fx.b), 0);
	ck_assert_int_eq(netobs_diff_new(&fx.empty, NULL, NULL), 0);
	fx.dev = test_device(fx.b, "eth0");
	fx.lo = test_device(fx.b, "lo");
	fx.other = test_device(fx.a, "eth0"); /* of the older snapshot */
	fx.cpu = netobs_snapshot_cpu(fx.b, 0);
	ck_assert_ptr_nonnull(fx.cpu);
}

static void fix_teardown(void)
{
	netobs_diff_free(fx.diff);
	netobs_diff_free(fx.empty);
	netobs_snapshot_free(fx.a);
	netobs_snapshot_free(fx.b);
	netobs_ctx_free(fx.ctx);
}

/* Each call gets both sentinels; a getter with one u32/u64 out-value writes
 * it to *d.  Errors must leave *d == 0 and *r NAN (or untouched when the
 * getter has no rate: it stays the sentinel, checked as "not written"). */
#define BAD 999
static uint32_t u32v;
#define U32(call) (u32v = 77, err = (call), *d = u32v, err)

#define OUT_CASES(X) \
	X(device_counter_null, -EINVAL, 0, netobs_device_counter(NULL, 0, d)) \
	X(device_counter_bad, -EINVAL, 0, netobs_device_counter(fx.dev, BAD, d)) \
	X(device_mtu_null, -EINVAL, 0, U32(netobs_device_mtu(NULL, &u32v))) \
	X(device_txqlen_null, -EINVAL, 0, U32(netobs_device_txqlen(NULL, &u32v))) \
	X(device_carrier_changes_null, -EINVAL, 0, \
	  U32(netobs_device_carrier_changes(NULL, &u32v))) \
	X(device_speed_null, -EINVAL, 0, netobs_device_speed(NULL, d)) \
	X(device_speed_virtual, -ENODATA, 0, netobs_device_speed(fx.lo, d)) \
	X(cpu_softnet_null, -EINVAL, 0, netobs_cpu_softnet(NULL, 0, d)) \
	X(cpu_softnet_bad, -EINVAL, 0, netobs_cpu_softnet(fx.cpu, BAD, d)) \
	X(cpu_softirq_null, -EINVAL, 0, netobs_cpu_softirq(NULL, 0, d)) \
	X(cpu_softirq_bad, -EINVAL, 0, netobs_cpu_softirq(fx.cpu, BAD, d)) \
	X(diff_dev_null_diff, -EINVAL, 1, netobs_diff_device_counter(NULL, fx.dev, 0, d, r)) \
	X(diff_dev_empty, -EINVAL, 1, netobs_diff_device_counter(fx.empty, fx.dev, 0, d, r)) \
	X(diff_dev_null_dev, -EINVAL, 1, netobs_diff_device_counter(fx.diff, NULL, 0, d, r)) \
	X(diff_dev_bad, -EINVAL, 1, netobs_diff_device_counter(fx.diff, fx.dev, BAD, d, r)) \
	X(diff_dev_older, -ENOENT, 1, netobs_diff_device_counter(fx.diff, fx.other, 0, d, r)) \
	X(diff_class_empty, -EINVAL, 1, netobs_diff_class_total(fx.empty, 0, 0, d, r)) \
	X(diff_class_bad, -EINVAL, 1, netobs_diff_class_total(fx.diff, BAD, 0, d, r)) \
	X(diff_cpu_softnet_null, -EINVAL, 1, netobs_diff_cpu_softnet(fx.diff, NULL, 0, d, r)) \
	X(diff_cpu_softnet_bad, -EINVAL, 1, netobs_diff_cpu_softnet(fx.diff, fx.cpu, BAD, d, r)) \
	X(diff_cpu_softirq_null, -EINVAL, 1, netobs_diff_cpu_softirq(fx.diff, NULL, 0, d, r)) \
	X(diff_cpu_softirq_bad, -EINVAL, 1, netobs_diff_cpu_softirq(fx.diff, fx.cpu, BAD, d, r)) \
	X(diff_softnet_total_empty, -EINVAL, 1, netobs_diff_softnet_total(fx.empty, 0, d, r)) \
	X(diff_softnet_total_bad, -EINVAL, 1, netobs_diff_softnet_total(fx.diff, BAD, d, r)) \
	X(diff_softirq_total_empty, -EINVAL, 1, netobs_diff_softirq_total(fx.empty, 0, d, r)) \
	X(diff_softirq_total_bad, -EINVAL, 1, netobs_diff_softirq_total(fx.diff, BAD, d, r))

#define DEFINE_OUT(name, want, has_rate, call) \
	static int out_##name(uint64_t *d, double *r) \
	{ \
		int err = 0; \
		(void)r; \
		(void)err; \
		return (call); \
	}
OUT_CASES(DEFINE_OUT)

#define OUT_ROW(name, want, has_rate, call) { #name, out_##name, want, has_rate },
static const struct {
	const char *name;
	int (*call)(uint64_t *d, double *r);
	int want;
	bool has_rate;
} out_cases[] = { OUT_CASES(OUT_ROW) };

START_TEST(error_out_values_are_defined)
{
	uint64_t d = 0xdeadbeef;
	double r = 12345.0;
	int err = out_cases[_i].call(&d, &r);

	ck_assert_msg(err == out_cases[_i].want, "%s: %d, want %d", out_cases[_i].name, err,
		      out_cases[_i].want);
	ck_assert_msg(d == 0, "%s: delta/value %llu, want 0", out_cases[_i].name,
		      (unsigned long long)d);
	if (out_cases[_i].has_rate)
		ck_assert_msg(isnan(r), "%s: rate %g, want NAN", out_cases[_i].name, r);
}
END_TEST

/* -ENODATA paths: every counter a device lacks, and a total nothing fed. */
START_TEST(enodata_out_values_are_defined)
{
	unsigned int lacking = 0;

	for (unsigned int c = 0; c < netobs_counter_count(); c++) {
		uint64_t d = 0xdeadbeef, dd = 0xdeadbeef;
		double r = 1.0;

		if (netobs_device_counter(fx.dev, c, &d) != -ENODATA)
			continue;
		lacking++;
		ck_assert_uint_eq(d, 0);
		ck_assert_int_eq(netobs_diff_device_counter(fx.diff, fx.dev, c, &dd, &r),
				 -ENODATA);
		ck_assert_uint_eq(dd, 0);
		ck_assert(isnan(r));
	}
	ck_assert_uint_gt(lacking, 0);
}
END_TEST

Suite *make_sampler_suite(void)
{
	Suite *s = suite_create("sampler");
	TCase *tc = tcase_create("sampler");
	TCase *out = tcase_create("out-values");

	tcase_add_test(tc, first_tick_has_no_diff);
	tcase_add_test(tc, diff_follows_newest);
	tcase_add_test(tc, failed_tick_keeps_last_pair);
	tcase_add_test(tc, timer_fd_is_drained_by_tick);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(out, fix_setup, fix_teardown);
	tcase_add_loop_test(out, error_out_values_are_defined, 0,
			    (int)(sizeof(out_cases) / sizeof(out_cases[0])));
	tcase_add_test(out, enodata_out_values_are_defined);
	suite_add_tcase(s, out);
	return s;
}
