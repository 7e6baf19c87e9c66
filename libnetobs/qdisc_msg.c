/* SPDX-License-Identifier: MIT */
/*
 * One RTM_NEWQDISC message into a qdisc, with no socket: the fuzzer and the
 * unit tests reach every line the dump reaches.  The statistics come from
 * TCA_STATS2 (gnet_stats_copy_basic/_queue, kernel 2.6.11 on), else from
 * the old struct tc_stats, which has no requeues.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/gen_stats.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "qdisc.h"

/* gnet_stats_basic is { u64 bytes; u32 packets; }: 12 bytes of payload,
 * padded to 16 by the kernel's own sizeof(). */
#define BASIC_LEN 12
/* tc_stats up to and including backlog. */
#define OLD_STATS_LEN 36

typedef bool (*attr_valid_fn)(const struct nlattr *attr, uint16_t type);

/* Walks the attributes in [START, END) into TB (MAX + 1 entries), the ones
 * VALID refuses left out.  False when bytes remain that form no attribute. */
static bool walk(const void *start, const void *end, const struct nlattr **tb, uint16_t max,
		 attr_valid_fn valid)
{
	const struct nlattr *attr = start;
	uint16_t type;

	while (mnl_attr_ok(attr, (int)((const char *)end - (const char *)attr))) {
		type = mnl_attr_get_type(attr);
		if (type <= max && valid(attr, type))
			tb[type] = attr;
		attr = mnl_attr_next(attr);
	}
	return (const char *)attr >= (const char *)end;
}

static bool top_valid(const struct nlattr *attr, uint16_t type)
{
	switch (type) {
	case TCA_KIND:
		return mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0;
	case TCA_STATS2:
		return mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0;
	case TCA_STATS:
		return mnl_attr_get_payload_len(attr) >= OLD_STATS_LEN;
	default:
		return true;
	}
}

static bool stats2_valid(const struct nlattr *attr, uint16_t type)
{
	switch (type) {
	case TCA_STATS_BASIC:
		return mnl_attr_get_payload_len(attr) >= BASIC_LEN;
	case TCA_STATS_QUEUE:
		return mnl_attr_get_payload_len(attr) >= sizeof(struct gnet_stats_queue);
	case TCA_STATS_PKT64:
		return mnl_attr_validate(attr, MNL_TYPE_U64) == 0;
	default:
		return true;
	}
}

static void set_stat(struct netobs_qdisc *q, enum netobs_qdisc_stat s, uint64_t v)
{
	q->stats[s] = v;
	q->stat_avail |= 1u << s;
}

/* Attributes are only 4-byte aligned: copy, never cast to u64. */
static void read_basic(struct netobs_qdisc *q, const struct nlattr *basic,
		       const struct nlattr *pkt64)
{
	const char *p = mnl_attr_get_payload(basic);
	uint64_t bytes, packets;
	uint32_t packets32;

	memcpy(&bytes, p, sizeof(bytes));
	memcpy(&packets32, p + sizeof(bytes), sizeof(packets32));
	packets = packets32;
	/* Sent beside BASIC when packets no longer fits 32 bits (5.5 on). */
	if (pkt64)
		memcpy(&packets, mnl_attr_get_payload(pkt64), sizeof(packets));
	set_stat(q, NETOBS_QDISC_BYTES, bytes);
	set_stat(q, NETOBS_QDISC_PACKETS, packets);
}

static void read_queue(struct netobs_qdisc *q, const struct nlattr *attr)
{
	struct gnet_stats_queue s;

	memcpy(&s, mnl_attr_get_payload(attr), sizeof(s));
	set_stat(q, NETOBS_QDISC_QLEN, s.qlen);
	set_stat(q, NETOBS_QDISC_BACKLOG, s.backlog);
	set_stat(q, NETOBS_QDISC_DROPS, s.drops);
	set_stat(q, NETOBS_QDISC_REQUEUES, s.requeues);
	set_stat(q, NETOBS_QDISC_OVERLIMITS, s.overlimits);
}

static int read_stats2(struct netobs_ctx *ctx, struct netobs_qdisc *q, const struct nlattr *nest)
{
	const struct nlattr *tb[TCA_STATS_MAX + 1] = { NULL };
	const char *start = mnl_attr_get_payload(nest);

	if (!walk(start, start + mnl_attr_get_payload_len(nest), tb, TCA_STATS_MAX,
		  stats2_valid))
		return netobs__error(ctx, -EBADMSG,
				     "netlink: RTM_NEWQDISC ifindex %d handle %s: bad TCA_STATS2",
				     q->ifindex, q->handle_name);
	if (tb[TCA_STATS_BASIC])
		read_basic(q, tb[TCA_STATS_BASIC], tb[TCA_STATS_PKT64]);
	if (tb[TCA_STATS_QUEUE])
		read_queue(q, tb[TCA_STATS_QUEUE]);
	return 0;
}

static void read_old_stats(struct netobs_qdisc *q, const struct nlattr *attr)
{
	struct tc_stats s;

	memset(&s, 0, sizeof(s));
	memcpy(&s, mnl_attr_get_payload(attr), OLD_STATS_LEN);
	set_stat(q, NETOBS_QDISC_BYTES, s.bytes);
	set_stat(q, NETOBS_QDISC_PACKETS, s.packets);
	set_stat(q, NETOBS_QDISC_DROPS, s.drops);
	set_stat(q, NETOBS_QDISC_OVERLIMITS, s.overlimits);
	set_stat(q, NETOBS_QDISC_QLEN, s.qlen);
	set_stat(q, NETOBS_QDISC_BACKLOG, s.backlog);
}

/* As tc prints them: a handle "%x:" (noqueue's is "0:"), a parent as
 * print_tc_classid() does: "root", "ingress", "none" or "1:4". */
static void tc_name(char *buf, uint32_t h, bool is_parent)
{
	if (is_parent && h == TC_H_ROOT)
		snprintf(buf, NETOBS__TC_HANDLESIZ, "root");
	else if (is_parent && h == TC_H_INGRESS)
		snprintf(buf, NETOBS__TC_HANDLESIZ, "ingress");
	else if (is_parent && h == TC_H_UNSPEC)
		snprintf(buf, NETOBS__TC_HANDLESIZ, "none");
	else if (TC_H_MIN(h) == 0 && !is_parent)
		snprintf(buf, NETOBS__TC_HANDLESIZ, "%x:", TC_H_MAJ(h) >> 16);
	else
		snprintf(buf, NETOBS__TC_HANDLESIZ, "%x:%x", TC_H_MAJ(h) >> 16, TC_H_MIN(h));
}

static int read_header(struct netobs_ctx *ctx, const struct nlmsghdr *nlh, struct netobs_qdisc *q)
{
	const struct tcmsg *tcm;

	if (nlh->nlmsg_type != RTM_NEWQDISC)
		return netobs__error(ctx, -EINVAL, "netlink: message type %u is not RTM_NEWQDISC",
				     nlh->nlmsg_type);
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*tcm)))
		return netobs__error(ctx, -EBADMSG, "netlink: RTM_NEWQDISC of %u bytes: truncated",
				     nlh->nlmsg_len);
	tcm = mnl_nlmsg_get_payload(nlh);
	if (tcm->tcm_ifindex <= 0)
		return netobs__error(ctx, -EBADMSG, "netlink: RTM_NEWQDISC with ifindex %d",
				     tcm->tcm_ifindex);
	memset(q, 0, sizeof(*q));
	q->ifindex = tcm->tcm_ifindex;
	q->handle = tcm->tcm_handle;
	q->parent = tcm->tcm_parent;
	tc_name(q->handle_name, q->handle, false);
	tc_name(q->parent_name, q->parent, true);
	return 0;
}

static int read_kind(struct netobs_ctx *ctx, struct netobs_qdisc *q, const struct nlattr *attr)
{
	const char *kind = attr ? mnl_attr_get_payload(attr) : "";
	size_t n = strnlen(kind, attr ? mnl_attr_get_payload_len(attr) : 0);

	if (n == 0 || n >= sizeof(q->kind))
		return netobs__error(ctx, -EBADMSG,
				     "netlink: RTM_NEWQDISC ifindex %d handle %s: TCA_KIND %s",
				     q->ifindex, q->handle_name, attr ? "of a bad length" : "missing");
	memcpy(q->kind, kind, n);
	q->kind[n] = '\0';
	return 0;
}

int netobs__qdisc_msg_parse(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
			    struct netobs_qdisc *q)
{
	const struct nlattr *tb[TCA_MAX + 1] = { NULL };
	const char *tail = (const char *)nlh + nlh->nlmsg_len;
	int err;

	err = read_header(ctx, nlh, q);
	if (err < 0)
		return err;
	if (!walk(mnl_nlmsg_get_payload_offset(nlh, sizeof(struct tcmsg)), tail, tb, TCA_MAX,
		  top_valid))
		return netobs__error(ctx, -EBADMSG,
				     "netlink: RTM_NEWQDISC ifindex %d handle %s: trailing bytes",
				     q->ifindex, q->handle_name);
	err = read_kind(ctx, q, tb[TCA_KIND]);
	if (err < 0)
		return err;
	if (tb[TCA_STATS2])
		return read_stats2(ctx, q, tb[TCA_STATS2]);
	if (tb[TCA_STATS])
		read_old_stats(q, tb[TCA_STATS]);
	return 0;
}
