/* SPDX-License-Identifier: MIT */
/* The RTM_NEWQDISC parser on synthetic messages, and the qdisc diff: a
 * 32-bit wrap of drops, identity by (ifindex, handle, parent, kind). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gen_stats.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "testutil.h"
#include "internal.h"
#include "qdisc.h"

Suite *make_qdisc_suite(void);

struct qmsg {
	char buf[1024];
	struct nlmsghdr *nlh;
};

/* An RTM_NEWQDISC of IFINDEX, HANDLE, PARENT and KIND (NULL: none). */
static struct nlmsghdr *qmsg_start(struct qmsg *m, int ifindex, uint32_t handle,
				   uint32_t parent, const char *kind)
{
	struct tcmsg *tcm;

	memset(m->buf, 0, sizeof(m->buf));
	m->nlh = mnl_nlmsg_put_header(m->buf);
	m->nlh->nlmsg_type = RTM_NEWQDISC;
	tcm = mnl_nlmsg_put_extra_header(m->nlh, sizeof(*tcm));
	tcm->tcm_ifindex = ifindex;
	tcm->tcm_handle = handle;
	tcm->tcm_parent = parent;
	if (kind)
		mnl_attr_put_strz(m->nlh, TCA_KIND, kind);
	return m->nlh;
}

static void qmsg_stats2(struct qmsg *m, uint64_t bytes, uint32_t packets, const uint64_t *pkt64,
			const struct gnet_stats_queue *q)
{
	struct nlattr *nest = mnl_attr_nest_start(m->nlh, TCA_STATS2);
	char basic[16] = { 0 };

	memcpy(basic, &bytes, 8);
	memcpy(basic + 8, &packets, 4);
	mnl_attr_put(m->nlh, TCA_STATS_BASIC, sizeof(basic), basic);
	if (pkt64)
		mnl_attr_put_u64(m->nlh, TCA_STATS_PKT64, *pkt64);
	if (q)
		mnl_attr_put(m->nlh, TCA_STATS_QUEUE, sizeof(*q), q);
	mnl_attr_nest_end(m->nlh, nest);
}

static uint64_t stat_of(const struct netobs_qdisc *q, enum netobs_qdisc_stat s)
{
	uint64_t v = 12345;

	ck_assert_int_eq(netobs_qdisc_stat(q, s, &v), 0);
	return v;
}

START_TEST(parses_stats2)
{
	struct gnet_stats_queue gq = { .qlen = 3, .backlog = 3000, .drops = 395,
				       .requeues = 2, .overlimits = 7 };
	struct netobs_ctx *ctx;
	struct netobs_qdisc q;
	struct qmsg m;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	qmsg_start(&m, 5, TC_H_MAKE(1u << 16, 0), TC_H_ROOT, "tbf");
	qmsg_stats2(&m, 400000, 400, NULL, &gq);
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), 0);
	ck_assert_int_eq(netobs_qdisc_ifindex(&q), 5);
	ck_assert_str_eq(netobs_qdisc_kind(&q), "tbf");
	ck_assert_str_eq(netobs_qdisc_handle_name(&q), "1:");
	ck_assert_str_eq(netobs_qdisc_parent_name(&q), "root");
	ck_assert_uint_eq(netobs_qdisc_parent(&q), TC_H_ROOT);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_BYTES), 400000);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_PACKETS), 400);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_DROPS), 395);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_REQUEUES), 2);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_OVERLIMITS), 7);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_QLEN), 3);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_BACKLOG), 3000);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(pkt64_wins_and_names_follow_tc)
{
	uint64_t big = 5000000000ull;
	struct netobs_ctx *ctx;
	struct netobs_qdisc q;
	struct qmsg m;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	qmsg_start(&m, 2, TC_H_MAKE(0x8001u << 16, 0), TC_H_MAKE(1u << 16, 0xa), "pfifo_fast");
	qmsg_stats2(&m, 1, (uint32_t)big, &big, NULL);
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), 0);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_PACKETS), big);
	ck_assert_str_eq(netobs_qdisc_handle_name(&q), "8001:");
	ck_assert_str_eq(netobs_qdisc_parent_name(&q), "1:a");
	ck_assert_int_eq(netobs_qdisc_stat(&q, NETOBS_QDISC_DROPS, NULL), -ENODATA);
	qmsg_start(&m, 2, TC_H_MAKE(0xffffu << 16, 0), TC_H_INGRESS, "ingress");
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), 0);
	ck_assert_str_eq(netobs_qdisc_parent_name(&q), "ingress");
	ck_assert_str_eq(netobs_qdisc_handle_name(&q), "ffff:");
	netobs_ctx_free(ctx);
}
END_TEST

/* The old struct tc_stats: no requeues, never a made-up 0. */
START_TEST(old_tc_stats)
{
	struct tc_stats ts = { .bytes = 99, .packets = 9, .drops = 4, .overlimits = 1,
			       .qlen = 2, .backlog = 20 };
	struct netobs_ctx *ctx;
	struct netobs_qdisc q;
	struct qmsg m;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	qmsg_start(&m, 3, 0, TC_H_ROOT, "pfifo");
	mnl_attr_put(m.nlh, TCA_STATS, sizeof(ts), &ts);
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), 0);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_DROPS), 4);
	ck_assert_uint_eq(stat_of(&q, NETOBS_QDISC_BACKLOG), 20);
	ck_assert_int_eq(netobs_qdisc_stat(&q, NETOBS_QDISC_REQUEUES, NULL), -ENODATA);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(malformed_refused)
{
	struct netobs_ctx *ctx;
	struct netobs_qdisc q;
	struct qmsg m;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	qmsg_start(&m, 3, 0, TC_H_ROOT, NULL);
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), -EBADMSG);
	qmsg_start(&m, 0, 0, TC_H_ROOT, "pfifo");
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), -EBADMSG);
	qmsg_start(&m, 3, 0, TC_H_ROOT, "a_kind_far_too_long_for_it");
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), -EBADMSG);
	qmsg_start(&m, 3, 0, TC_H_ROOT, "pfifo");
	m.nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 4;
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), -EBADMSG);
	qmsg_start(&m, 3, 0, TC_H_ROOT, "pfifo");
	m.nlh->nlmsg_type = RTM_NEWLINK;
	ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, m.nlh, &q), -EINVAL);
	netobs_ctx_free(ctx);
}
END_TEST

/* A snapshot holding the qdiscs of MSGS, taken at SECONDS. */
static struct netobs_snapshot *snap_of(struct netobs_ctx *ctx, struct qmsg *msgs, size_t n,
				       time_t seconds)
{
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));
	size_t i;

	ck_assert_ptr_nonnull(snap);
	snap->qdiscs = calloc(n, sizeof(*snap->qdiscs));
	snap->qdiscs_cap = n;
	for (i = 0; i < n; i++)
		ck_assert_int_eq(netobs__qdisc_msg_parse(ctx, msgs[i].nlh, &snap->qdiscs[i]), 0);
	snap->nqdiscs = n;
	snap->monotonic.tv_sec = seconds;
	snap->sections_ok = 1u << NETOBS_SECTION_QDISCS;
	return snap;
}

START_TEST(diff_wraps_drops_at_2_32)
{
	struct gnet_stats_queue a = { .drops = 0xfffffff0u, .overlimits = 5, .qlen = 1 };
	struct gnet_stats_queue b = { .drops = 0x10u, .overlimits = 6, .qlen = 4 };
	struct netobs_snapshot *older, *newer;
	struct netobs_diff *diff;
	struct netobs_ctx *ctx;
	struct qmsg m1[2], m2[2];
	uint64_t d;
	double r;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	qmsg_start(&m1[0], 4, 1u << 16, TC_H_ROOT, "tbf");
	qmsg_stats2(&m1[0], 1000, 10, NULL, &a);
	qmsg_start(&m1[1], 4, 2u << 16, TC_H_MAKE(1u << 16, 1), "pfifo");
	qmsg_stats2(&m1[1], 50, 1, NULL, &a);
	/* The newer dump lists them the other way round; the child changed kind. */
	qmsg_start(&m2[0], 4, 2u << 16, TC_H_MAKE(1u << 16, 1), "bfifo");
	qmsg_stats2(&m2[0], 60, 2, NULL, &b);
	qmsg_start(&m2[1], 4, 1u << 16, TC_H_ROOT, "tbf");
	qmsg_stats2(&m2[1], 500, 20, NULL, &b);
	older = snap_of(ctx, m1, 2, 10);
	newer = snap_of(ctx, m2, 2, 12);
	ck_assert_int_eq(netobs_diff_new(&diff, older, newer), 0);

	ck_assert_int_eq(netobs_diff_qdisc(diff, &newer->qdiscs[1], NETOBS_QDISC_DROPS, &d, &r), 0);
	ck_assert_uint_eq(d, 0x20);
	ck_assert(fabs(r - 16.0) < 1e-9);
	ck_assert_int_eq(netobs_diff_qdisc(diff, &newer->qdiscs[1], NETOBS_QDISC_OVERLIMITS, &d,
					   NULL), 0);
	ck_assert_uint_eq(d, 1);
	/* Bytes are 64-bit: backwards is a reset, not a wrap. */
	ck_assert_int_eq(netobs_diff_qdisc(diff, &newer->qdiscs[1], NETOBS_QDISC_BYTES, &d, NULL),
			 -ERANGE);
	ck_assert_int_eq(netobs_diff_qdisc(diff, &newer->qdiscs[1], NETOBS_QDISC_QLEN, &d, &r), 0);
	ck_assert_uint_eq(d, 4);
	ck_assert_int_eq(netobs_diff_qdisc(diff, &newer->qdiscs[0], NETOBS_QDISC_DROPS, &d, NULL),
			 -ENOENT);
	ck_assert_int_eq(netobs_diff_qdisc(diff, &older->qdiscs[0], NETOBS_QDISC_DROPS, &d, NULL),
			 -EINVAL);
	netobs_diff_free(diff);
	netobs_snapshot_free(older);
	netobs_snapshot_free(newer);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(stat_names)
{
	enum netobs_qdisc_stat s;

	ck_assert_uint_eq(netobs_qdisc_stat_count(), 7);
	ck_assert_str_eq(netobs_qdisc_stat_name(NETOBS_QDISC_OVERLIMITS), "overlimits");
	ck_assert_ptr_null(netobs_qdisc_stat_name((enum netobs_qdisc_stat)7));
	ck_assert_int_eq(netobs_qdisc_stat_from_name("backlog", &s), 0);
	ck_assert_int_eq(s, NETOBS_QDISC_BACKLOG);
	ck_assert_int_eq(netobs_qdisc_stat_from_name("nope", &s), -EINVAL);
	ck_assert_int_eq(netobs_qdisc_stat_is_gauge(NETOBS_QDISC_QLEN), 1);
	ck_assert_int_eq(netobs_qdisc_stat_is_gauge(NETOBS_QDISC_DROPS), 0);
}
END_TEST

/* A captured tree has no qdiscs: the section is absent with a warning. */
START_TEST(absent_under_root)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, NETOBS_FIXTURES "/bare-metal"), 0);
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	ck_assert_int_eq(netobs_snapshot_section_ok(snap, NETOBS_SECTION_QDISCS), 0);
	ck_assert_uint_eq(netobs_snapshot_qdisc_count(snap), 0);
	/* A capture has no qdiscs; nothing went wrong, so nothing is said. */
	ck_assert_uint_eq(netobs_ctx_warning_count(ctx), 0);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

Suite *make_qdisc_suite(void)
{
	Suite *s = suite_create("qdisc");
	TCase *tc = tcase_create("msg");

	tcase_add_test(tc, parses_stats2);
	tcase_add_test(tc, pkt64_wins_and_names_follow_tc);
	tcase_add_test(tc, old_tc_stats);
	tcase_add_test(tc, malformed_refused);
	tcase_add_test(tc, diff_wraps_drops_at_2_32);
	tcase_add_test(tc, stat_names);
	tcase_add_test(tc, absent_under_root);
	suite_add_tcase(s, tc);
	return s;
}
