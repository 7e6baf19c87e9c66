/* SPDX-License-Identifier: MIT */
/* Enum names both ways, context settings and argument checks. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "testutil.h"

Suite *make_names_suite(void);

START_TEST(counter_names_round_trip)
{
	enum netobs_counter c;
	unsigned int i;

	ck_assert_uint_eq(netobs_counter_count(), 25);
	for (i = 0; i < netobs_counter_count(); i++) {
		const char *name = netobs_counter_name((enum netobs_counter)i);

		ck_assert_ptr_nonnull(name);
		ck_assert_int_eq(netobs_counter_from_name(name, &c), 0);
		ck_assert_uint_eq((unsigned int)c, i);
	}
	ck_assert_str_eq(netobs_counter_name(NETOBS_RX_PACKETS), "rx_packets");
	ck_assert_str_eq(netobs_counter_name(NETOBS_MULTICAST), "multicast");
	ck_assert_str_eq(netobs_counter_name(NETOBS_RX_OTHERHOST_DROPPED), "rx_otherhost_dropped");
	ck_assert_ptr_null(netobs_counter_name((enum netobs_counter)25));
	ck_assert_int_eq(netobs_counter_from_name("rx_nonsense", &c), -EINVAL);
	ck_assert_int_eq(netobs_counter_from_name(NULL, &c), -EINVAL);
}
END_TEST

START_TEST(other_names)
{
	enum netobs_class cls;
	enum netobs_source src;
	enum netobs_softnet_field f;

	ck_assert_str_eq(netobs_class_name(NETOBS_CLASS_LOOPBACK), "loopback");
	ck_assert_int_eq(netobs_class_from_name("virtual", &cls), 0);
	ck_assert_int_eq(cls, NETOBS_CLASS_VIRTUAL);
	ck_assert_int_eq(netobs_class_from_name("hardware", &cls), -EINVAL);
	ck_assert_int_eq(netobs_source_from_name("procfs", &src), 0);
	ck_assert_int_eq(src, NETOBS_SOURCE_PROCFS);
	ck_assert_ptr_null(netobs_source_name((enum netobs_source)9));
	ck_assert_str_eq(netobs_operstate_name(NETOBS_OPER_LOWERLAYERDOWN), "lowerlayerdown");
	ck_assert_uint_eq(netobs_softnet_field_count(), 9);
	ck_assert_int_eq(netobs_softnet_field_from_name("time_squeeze", &f), 0);
	ck_assert_int_eq(f, NETOBS_SOFTNET_TIME_SQUEEZE);
	ck_assert_int_eq(netobs_softnet_field_is_gauge(NETOBS_SOFTNET_BACKLOG_LEN), 1);
	ck_assert_int_eq(netobs_softnet_field_is_gauge(NETOBS_SOFTNET_DROPPED), 0);
	ck_assert_str_eq(netobs_softirq_name(NETOBS_SOFTIRQ_NET_RX), "NET_RX");
	ck_assert_uint_eq(netobs_tunable_count(), 5);
	ck_assert_str_eq(netobs_tunable_name(NETOBS_TUNABLE_NETDEV_BUDGET_USECS),
			 "netdev_budget_usecs");
	ck_assert_str_eq(netobs_version_string(), NETOBS_VERSION);
	ck_assert(NETOBS_VERSION_CHECK(0, 0, 1));
	ck_assert(!NETOBS_VERSION_CHECK(NETOBS_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

START_TEST(context_settings)
{
	struct netobs_ctx *ctx;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_str_eq(netobs_ctx_root(ctx), "/");
	ck_assert_int_eq(netobs_ctx_source(ctx), NETOBS_SOURCE_AUTO);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, "/tmp/tree///"), 0);
	ck_assert_str_eq(netobs_ctx_root(ctx), "/tmp/tree");
	ck_assert_int_eq(netobs_ctx_set_root(ctx, "/"), 0);
	ck_assert_str_eq(netobs_ctx_root(ctx), "/");
	ck_assert_int_eq(netobs_ctx_set_source(ctx, (enum netobs_source)7), -EINVAL);
	ck_assert_int_eq(netobs_ctx_set_source(ctx, NETOBS_SOURCE_SYSFS), 0);
	ck_assert_int_eq(netobs_ctx_source(ctx), NETOBS_SOURCE_SYSFS);
	ck_assert_str_eq(netobs_ctx_message(ctx), "");
	netobs_ctx_free(ctx);
	netobs_ctx_free(NULL);
	netobs_snapshot_free(NULL);
	netobs_diff_free(NULL);
	ck_assert_int_eq(netobs_ctx_new(NULL), -EINVAL);
}
END_TEST

START_TEST(netlink_needs_live_host)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_NETLINK);
	struct netobs_snapshot *snap = NULL;

	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), -EINVAL);
	ck_assert_ptr_null(snap);
	ck_assert_ptr_nonnull(strstr(netobs_ctx_message(ctx), "live host"));
	netobs_ctx_free(ctx);
}
END_TEST

Suite *make_names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, counter_names_round_trip);
	tcase_add_test(tc, other_names);
	tcase_add_test(tc, context_settings);
	tcase_add_test(tc, netlink_needs_live_host);
	suite_add_tcase(s, tc);
	return s;
}
