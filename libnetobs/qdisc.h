/* SPDX-License-Identifier: MIT */
/*
 * Private to libnetobs: the qdiscs section.  qdisc_msg.c parses one
 * RTM_NEWQDISC message with no socket (unit tests, fuzzer); qdisc.c dumps
 * them and answers the getters; qdisc_diff.c compares two snapshots.
 */
#ifndef NETOBS_QDISC_H
#define NETOBS_QDISC_H

#include "internal.h"

struct nlmsghdr;

#define NETOBS__QDISC_STAT_MAX (NETOBS_QDISC_BACKLOG + 1)
#define NETOBS__QDISC_KINDSIZ 16	/* IFNAMSIZ: what qdisc_lookup_ops() compares */
#define NETOBS__TC_HANDLESIZ 12		/* "ffff:ffff" and a NUL */

struct netobs_qdisc {
	int ifindex;
	uint32_t handle, parent;
	char kind[NETOBS__QDISC_KINDSIZ];
	char handle_name[NETOBS__TC_HANDLESIZ];
	char parent_name[NETOBS__TC_HANDLESIZ];
	const char *device;		/* resolved after the devices are sorted */
	uint64_t stats[NETOBS__QDISC_STAT_MAX];
	uint32_t stat_avail;		/* bit per enum netobs_qdisc_stat */
};
_Static_assert(NETOBS__QDISC_STAT_MAX <= NETOBS__BITS_OF(netobs_qdisc, stat_avail),
	       "stat_avail has no bit for every enum netobs_qdisc_stat");

/* One RTM_NEWQDISC into *Q (overwritten whole): 0; -EBADMSG (message on
 * CTX) when malformed; -EINVAL for another message type. */
int netobs__qdisc_msg_parse(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
			    struct netobs_qdisc *q);

/* The refresh.c row: read, discard, forget; finish resolves device names
 * once the snapshot's devices are sorted. */
int netobs__qdisc_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
void netobs__snapshot_clear_qdiscs(struct netobs_snapshot *snap);
void netobs__qdisc_forget(struct netobs_ctx *ctx);
void netobs__qdiscs_finish(struct netobs_snapshot *snap);

#endif /* NETOBS_QDISC_H */
