/* SPDX-License-Identifier: MIT */
/* Building a snapshot, part three: qdiscs, and the protocol counters,
 * which come as the kernel's own text so that one parser (proto.c) decides
 * what a counter is, read live or rebuilt. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "internal.h"
#include "proto.h"
#include "qdisc.h"

NETOBS_API int netobs_snapshot_add_qdisc(struct netobs_snapshot *snap, int ifindex,
					 const char *kind, uint32_t handle, uint32_t parent,
					 const char *handle_name, const char *parent_name)
{
	struct netobs_qdisc *q;

	if (!snap || ifindex <= 0 || !kind || !handle_name || !parent_name ||
	    strlen(kind) >= NETOBS__QDISC_KINDSIZ || strlen(handle_name) >= NETOBS__TC_HANDLESIZ ||
	    strlen(parent_name) >= NETOBS__TC_HANDLESIZ)
		return -EINVAL;
	if (netobs__grow((void **)&snap->qdiscs, &snap->qdiscs_cap, snap->nqdiscs + 1,
			 sizeof(*snap->qdiscs)) < 0)
		return -ENOMEM;
	q = &snap->qdiscs[snap->nqdiscs++];
	memset(q, 0, sizeof(*q));
	q->ifindex = ifindex;
	q->handle = handle;
	q->parent = parent;
	strcpy(q->kind, kind);
	strcpy(q->handle_name, handle_name);
	strcpy(q->parent_name, parent_name);
	return 0;
}

NETOBS_API int netobs_snapshot_qdisc_set_stat(struct netobs_snapshot *snap,
					      enum netobs_qdisc_stat stat, uint64_t value)
{
	struct netobs_qdisc *q;

	if (!snap || !snap->nqdiscs || (unsigned int)stat >= NETOBS__QDISC_STAT_MAX)
		return -EINVAL;
	q = &snap->qdiscs[snap->nqdiscs - 1];
	q->stats[stat] = value;
	q->stat_avail |= 1u << stat;
	return 0;
}

/* TEXT is what /proc/net/snmp, netstat or snmp6 (SECTION) holds; the
 * counters of that section are replaced.  -EBADMSG when it does not parse
 * (the message says why: a throwaway context holds it, so it is lost). */
NETOBS_API int netobs_snapshot_set_proto_text(struct netobs_snapshot *snap,
					      enum netobs_section section, const char *text,
					      size_t len)
{
	struct netobs_ctx *ctx;
	int err;

	if (!snap || !text || (section != NETOBS_SECTION_SNMP && section != NETOBS_SECTION_NETSTAT &&
			       section != NETOBS_SECTION_SNMP6))
		return -EINVAL;
	err = netobs_ctx_new(&ctx);
	if (err < 0)
		return err;
	if (section == NETOBS_SECTION_SNMP6)
		err = netobs__proto_parse_snmp6(ctx, "snmp6", text, len, snap);
	else
		err = netobs__proto_parse_pairs(ctx, netobs_section_name(section), text, len,
						section, snap);
	netobs_ctx_free(ctx);
	return err;
}
