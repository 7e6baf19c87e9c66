/* SPDX-License-Identifier: MIT */
/*
 * The qdiscs section: one RTM_GETQDISC dump on the netlink engine, over a
 * socket kept on the context, so that a warm refresh allocates nothing.
 * Qdisc drops are host-side egress loss that the device's tx_dropped does
 * not count (the packet never reached the driver).  There is no file to
 * read them from: under a root (a captured tree) the section is absent.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "netlink.h"
#include "qdisc.h"

struct netobs__qdisc_state {
	struct netobs__nl dump;
};

/* One RTM_GETQDISC dump in progress. */
struct qdisc_dump {
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	unsigned int skipped;		/* malformed RTM_NEWQDISC messages */
};

static const char *const stat_names[] = {
	[NETOBS_QDISC_BYTES] = "bytes",
	[NETOBS_QDISC_PACKETS] = "packets",
	[NETOBS_QDISC_DROPS] = "drops",
	[NETOBS_QDISC_REQUEUES] = "requeues",
	[NETOBS_QDISC_OVERLIMITS] = "overlimits",
	[NETOBS_QDISC_QLEN] = "qlen",
	[NETOBS_QDISC_BACKLOG] = "backlog",
};
_Static_assert(NETOBS__ARRAY_SIZE(stat_names) == NETOBS__QDISC_STAT_MAX,
	       "a name per enum netobs_qdisc_stat");

static int state_open(struct netobs_ctx *ctx)
{
	struct netobs__qdisc_state *st;
	int err;

	if (ctx->qdisc)
		return 0;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	err = netobs__nl_init(&st->dump, NETLINK_ROUTE);
	if (err < 0) {
		free(st);
		return err;
	}
	ctx->qdisc = st;
	return 0;
}

void netobs__qdisc_forget(struct netobs_ctx *ctx)
{
	if (!ctx->qdisc)
		return;
	netobs__nl_fini(&ctx->qdisc->dump);
	free(ctx->qdisc);
	ctx->qdisc = NULL;
}

void netobs__snapshot_clear_qdiscs(struct netobs_snapshot *snap)
{
	snap->nqdiscs = 0;
}

static int qdisc_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct qdisc_dump *d = arg;
	struct netobs_snapshot *snap = d->snap;
	int err;

	if (nlh->nlmsg_type != RTM_NEWQDISC)
		return 0;
	if (netobs__grow((void **)&snap->qdiscs, &snap->qdiscs_cap, snap->nqdiscs + 1,
			 sizeof(*snap->qdiscs)) < 0)
		return netobs__error(d->ctx, -ENOMEM, "out of memory");
	err = netobs__qdisc_msg_parse(d->ctx, nlh, &snap->qdiscs[snap->nqdiscs]);
	if (err == -EBADMSG) {
		d->skipped++; /* one bad message costs one qdisc, not the section */
		return 0;
	}
	if (err == 0)
		snap->nqdiscs++;
	return err;
}

/* An interrupted dump is tried again from nothing. */
static void qdisc_restart(void *arg)
{
	struct qdisc_dump *d = arg;

	d->snap->nqdiscs = 0;
	d->skipped = 0;
}

static int refused(struct netobs_ctx *ctx, int err)
{
	return netobs__error(ctx, err,
			     "netlink: cannot open a NETLINK_ROUTE socket for RTM_GETQDISC: %s",
			     strerror(-err));
}

int netobs__qdisc_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct tcmsg tcm = { .tcm_family = AF_UNSPEC };
	struct qdisc_dump d = { .ctx = ctx, .snap = snap };
	const struct netobs__nl_request req = {
		.type = RTM_GETQDISC, .hdr = &tcm, .hdr_len = sizeof(tcm),
		.name = "RTM_GETQDISC", .changes = "qdisc",
		.msg = qdisc_msg, .restart = qdisc_restart, .arg = &d,
	};
	int err;

	snap->nqdiscs = 0;
	if (!netobs__ctx_is_live(ctx))
		return netobs__error(ctx, -EOPNOTSUPP,
				     "qdiscs: only netlink gives them, not a captured root");
	err = state_open(ctx);
	if (err < 0)
		return err == -ENOMEM ? netobs__error(ctx, err, "out of memory") : refused(ctx, err);
	err = netobs__nl_dump(&ctx->qdisc->dump, ctx, &req);
	if (err < 0)
		return err;
	if (d.skipped)
		netobs__warn(ctx, "netlink: skipped %u malformed RTM_NEWQDISC messages (last: %s)",
			     d.skipped, ctx->message);
	return 0;
}

/* Names come from the devices section, sorted by now; a qdisc of a device
 * it lacks (the section failed, or the device came after) has none. */
void netobs__qdiscs_finish(struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->nqdiscs; i++)
		snap->qdiscs[i].device = netobs_device_name(
			netobs_snapshot_device_by_ifindex(snap, snap->qdiscs[i].ifindex));
}

/* ---- public getters ------------------------------------------------------ */

NETOBS_API unsigned int netobs_qdisc_stat_count(void)
{
	return NETOBS__QDISC_STAT_MAX;
}

NETOBS_API const char *netobs_qdisc_stat_name(enum netobs_qdisc_stat stat)
{
	if ((unsigned int)stat >= NETOBS__QDISC_STAT_MAX)
		return NULL;
	return stat_names[stat];
}

NETOBS_API int netobs_qdisc_stat_from_name(const char *name, enum netobs_qdisc_stat *out)
{
	unsigned int i;
	int err = netobs__name_index(stat_names, NETOBS__ARRAY_SIZE(stat_names), name, &i);

	if (err == 0 && out)
		*out = (enum netobs_qdisc_stat)i;
	return err;
}

NETOBS_API int netobs_qdisc_stat_is_gauge(enum netobs_qdisc_stat stat)
{
	return stat == NETOBS_QDISC_QLEN || stat == NETOBS_QDISC_BACKLOG;
}

NETOBS_API size_t netobs_snapshot_qdisc_count(const struct netobs_snapshot *snap)
{
	return snap ? snap->nqdiscs : 0;
}

NETOBS_API const struct netobs_qdisc *netobs_snapshot_qdisc(const struct netobs_snapshot *snap,
							    size_t i)
{
	return snap && i < snap->nqdiscs ? &snap->qdiscs[i] : NULL;
}

NETOBS_API int netobs_qdisc_ifindex(const struct netobs_qdisc *q)
{
	return q ? q->ifindex : -EINVAL;
}

NETOBS_API const char *netobs_qdisc_device_name(const struct netobs_qdisc *q)
{
	return q ? q->device : NULL;
}

NETOBS_API const char *netobs_qdisc_kind(const struct netobs_qdisc *q)
{
	return q ? q->kind : NULL;
}

NETOBS_API uint32_t netobs_qdisc_handle(const struct netobs_qdisc *q)
{
	return q ? q->handle : 0;
}

NETOBS_API uint32_t netobs_qdisc_parent(const struct netobs_qdisc *q)
{
	return q ? q->parent : 0;
}

NETOBS_API const char *netobs_qdisc_handle_name(const struct netobs_qdisc *q)
{
	return q ? q->handle_name : NULL;
}

NETOBS_API const char *netobs_qdisc_parent_name(const struct netobs_qdisc *q)
{
	return q ? q->parent_name : NULL;
}

NETOBS_API int netobs_qdisc_stat(const struct netobs_qdisc *q, enum netobs_qdisc_stat stat,
				 uint64_t *out)
{
	if (out)
		*out = 0;
	if (!q || (unsigned int)stat >= NETOBS__QDISC_STAT_MAX)
		return -EINVAL;
	if (!(q->stat_avail & (1u << stat)))
		return -ENODATA;
	if (out)
		*out = q->stats[stat];
	return 0;
}
