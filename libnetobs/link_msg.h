/* SPDX-License-Identifier: MIT */
/*
 * Private to libnetobs: the parsers of one RTM_NEWLINK or RTM_NEWSTATS
 * message, socket-free, for the netlink device source, the unit tests and
 * the fuzzer (link_msg.c).
 */
#ifndef NETOBS_LINK_MSG_H
#define NETOBS_LINK_MSG_H

#include "internal.h"

struct nlmsghdr;

/* Devices a parse had to classify from netlink alone, because sysfs could
 * not describe them; the first one's name and reason go in the warning. */
struct netobs__enrich_notes {
	unsigned int count;
	int err;
	char name[NETOBS__IFNAMSIZ];
};

/* An RTM_NEWLINK becomes a device of SNAP: -EBADMSG (message on CTX,
 * nothing added) when malformed, -EINVAL for another type, -ENOMEM.
 * NOTES (may be NULL) counts the devices sysfs could not describe. */
int netobs__link_msg_parse(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
			   struct netobs_snapshot *snap, struct netobs__enrich_notes *notes);
/* The ifindex of an RTM_NEWSTATS message, -EBADMSG when it is none. */
int netobs__link_msg_stats_ifindex(const struct nlmsghdr *nlh);
/* DEV's counters from an RTM_NEWSTATS message (IFLA_STATS_LINK_64), the
 * rest of DEV untouched; -EBADMSG (message on CTX) when malformed. */
int netobs__link_msg_parse_stats(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
				 struct netobs_device *dev);

#endif /* NETOBS_LINK_MSG_H */
