/* SPDX-License-Identifier: MIT */
/* Enum names both ways, context settings and argument checks. */
#include "config.h"

#include <errno.h>
#include <limits.h>
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
	ck_assert_uint_eq(netobs_tunable_count(), 15);
	ck_assert_str_eq(netobs_tunable_name(NETOBS_TUNABLE_NETDEV_BUDGET_USECS),
			 "netdev_budget_usecs");
	ck_assert_str_eq(netobs_version_string(), NETOBS_VERSION);
	ck_assert(NETOBS_VERSION_CHECK(0, 0, 1));
	ck_assert(!NETOBS_VERSION_CHECK(NETOBS_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

/* Every enum through the same checks: its _name() and _from_name() as
 * unsigned ints, so one table drives them all. */
#define WRAP(prefix, type)                                                      \
	static const char *prefix##_name_u(unsigned int v)                      \
	{                                                                       \
		return netobs_##prefix##_name((enum type)v);                    \
	}                                                                       \
	static int prefix##_from_u(const char *name, unsigned int *out)         \
	{                                                                       \
		enum type v = out ? (enum type)*out : (enum type)0;             \
		int err = netobs_##prefix##_from_name(name, out ? &v : NULL);   \
		if (out)                                                        \
			*out = (unsigned int)v;                                 \
		return err;                                                     \
	}
WRAP(source, netobs_source)
WRAP(counter, netobs_counter)
WRAP(class, netobs_class)
WRAP(operstate, netobs_operstate)
WRAP(softnet_field, netobs_softnet_field)
WRAP(softirq, netobs_softirq)
WRAP(tunable, netobs_tunable)
WRAP(scope, netobs_scope)
WRAP(verdict, netobs_verdict)
WRAP(drop_key, netobs_drop_key)
WRAP(layer, netobs_layer_id)

static const struct {
	const char *(*name)(unsigned int v);
	int (*from_name)(const char *name, unsigned int *out);
	unsigned int count;
	const char *first, *last;	/* pinned: they are JSON keys */
} enums[] = {
	{ source_name_u, source_from_u, 4, "auto", "procfs" },
	{ counter_name_u, counter_from_u, 25, "rx_packets", "rx_otherhost_dropped" },
	{ class_name_u, class_from_u, 3, "physical", "loopback" },
	{ operstate_name_u, operstate_from_u, 7, "unknown", "up" },
	{ softnet_field_name_u, softnet_field_from_u, 9, "processed", "process_qlen" },
	{ softirq_name_u, softirq_from_u, 2, "NET_RX", "NET_TX" },
	{ tunable_name_u, tunable_from_u, 15, "netdev_max_backlog", "tcp_max_syn_backlog" },
	{ scope_name_u, scope_from_u, 2, "host", "netns" },
	{ verdict_name_u, verdict_from_u, 5, "ok", "unobservable" },
	{ drop_key_name_u, drop_key_from_u, 3, "reason", "protocol" },
	{ layer_name_u, layer_from_u, 12, "link", "socket" },
};

START_TEST(enum_names_both_ways)
{
	unsigned int v, got;

	ck_assert_str_eq(enums[_i].name(0), enums[_i].first);
	ck_assert_str_eq(enums[_i].name(enums[_i].count - 1), enums[_i].last);
	for (v = 0; v < enums[_i].count; v++) {
		const char *name = enums[_i].name(v);

		ck_assert_ptr_nonnull(name);
		got = 99;
		ck_assert_int_eq(enums[_i].from_name(name, &got), 0);
		ck_assert_uint_eq(got, v);
		ck_assert_int_eq(enums[_i].from_name(name, NULL), 0);
	}
	ck_assert_ptr_null(enums[_i].name(enums[_i].count));
	ck_assert_ptr_null(enums[_i].name(UINT_MAX));
	got = 99;
	ck_assert_int_eq(enums[_i].from_name("nonsense", &got), -EINVAL);
	ck_assert_int_eq(enums[_i].from_name("", &got), -EINVAL);
	ck_assert_int_eq(enums[_i].from_name(NULL, &got), -EINVAL);
	ck_assert_int_eq(enums[_i].from_name(NULL, NULL), -EINVAL);
	ck_assert_uint_eq(got, 99); /* *out untouched on failure */
}
END_TEST

START_TEST(diff_status_names)
{
	static const struct {
		enum netobs_diff_status status;
		const char *name;	/* what the CLI's JSON and watch print */
	} t[] = {
		{ NETOBS_DIFF_SAME, "same" },	      { NETOBS_DIFF_NEW, "new" },
		{ NETOBS_DIFF_GONE, "gone" },	      { NETOBS_DIFF_RENAMED, "renamed" },
		{ NETOBS_DIFF_RECREATED, "recreated" }, { NETOBS_DIFF_RESET, "reset" },
	};
	enum netobs_diff_status s;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_str_eq(netobs_diff_status_name(t[i].status), t[i].name);
		s = (enum netobs_diff_status)99;
		ck_assert_int_eq(netobs_diff_status_from_name(t[i].name, &s), 0);
		ck_assert_uint_eq((unsigned int)s, (unsigned int)t[i].status);
	}
	ck_assert_ptr_null(netobs_diff_status_name(NETOBS_DIFF_RENAMED | NETOBS_DIFF_RECREATED));
	ck_assert_ptr_null(netobs_diff_status_name((enum netobs_diff_status)(NETOBS_DIFF_RESET * 2)));
	ck_assert_ptr_null(netobs_diff_status_name((enum netobs_diff_status)-1));
	s = NETOBS_DIFF_NEW;
	ck_assert_int_eq(netobs_diff_status_from_name("renamed|recreated", &s), -EINVAL);
	ck_assert_int_eq(netobs_diff_status_from_name("Gone", &s), -EINVAL);
	ck_assert_int_eq(netobs_diff_status_from_name(NULL, &s), -EINVAL);
	ck_assert_int_eq(netobs_diff_status_from_name("reset", NULL), 0);
	ck_assert_uint_eq((unsigned int)s, NETOBS_DIFF_NEW);
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
	tcase_add_loop_test(tc, enum_names_both_ways, 0, (int)(sizeof(enums) / sizeof(enums[0])));
	tcase_add_test(tc, diff_status_names);
	tcase_add_test(tc, context_settings);
	tcase_add_test(tc, netlink_needs_live_host);
	suite_add_tcase(s, tc);
	return s;
}
