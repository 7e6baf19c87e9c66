/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the netlink message and attribute walker: the bytes
 * are a sequence of netlink messages (as one recv() of a dump returns them),
 * walked as the dump loop walks them and each fed to the RTM_NEWLINK or
 * RTM_NEWSTATS parser with a fresh snapshot.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "internal.h"
#include "link_msg.h"
#include "netlink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink; /* keeps the reads of touch() */

/* Reads every getter, so a bad string or pointer shows under ASan. */
static void touch(const struct netobs_snapshot *snap)
{
	size_t i, sum = 0;
	unsigned int c;
	uint64_t v;

	for (i = 0; i < netobs_snapshot_device_count(snap); i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);
		const char *alias = netobs_device_alias(dev);

		sum += strlen(netobs_device_name(dev)) + strlen(netobs_device_kind(dev)) +
		       strlen(netobs_device_address(dev)) + (alias ? strlen(alias) : 0);
		for (c = 0; c < netobs_counter_count(); c++)
			if (netobs_device_counter(dev, (enum netobs_counter)c, &v) == 0)
				sum += (size_t)v;
		if (netobs_snapshot_device_by_name(snap, netobs_device_name(dev)) == NULL)
			abort();
	}
	sink = sum;
}

static void one_message(struct netobs_ctx *ctx, const struct nlmsghdr *nlh)
{
	struct netobs_snapshot *snap;
	struct netobs_device dev;

	if (nlh->nlmsg_type == RTM_NEWSTATS) {
		memset(&dev, 0, sizeof(dev));
		netobs__link_msg_parse_stats(ctx, nlh, &dev);
		return;
	}
	snap = calloc(1, sizeof(*snap));
	if (!snap)
		return;
	/* Twice into one snapshot: the second copy tests pool reuse. */
	netobs__link_msg_parse(ctx, nlh, snap, NULL);
	netobs__link_msg_parse(ctx, nlh, snap, NULL);
	if (netobs__snapshot_finish(snap) == 0)
		touch(snap);
	netobs_snapshot_free(snap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netobs_ctx *ctx;
	const struct nlmsghdr *nlh;
	uint8_t *copy;
	size_t off = 0;

	if (size > 1 << 20 || netobs_ctx_new(&ctx) < 0)
		return 0;
	/* sysfs stays out of it: devices without a link kind then take the
	 * "sysfs unreadable" path, which is netlink-only too. */
	netobs_ctx_set_root(ctx, "/nonexistent/netobs-fuzz");
	/* An exact-size copy: ASan then sees any read past the last byte. */
	copy = malloc(size ? size : 1);
	if (!copy) {
		netobs_ctx_free(ctx);
		return 0;
	}
	memcpy(copy, data, size);
	while ((nlh = netobs__nl_next_msg(copy, size, &off)) != NULL)
		one_message(ctx, nlh);
	free(copy);
	netobs_ctx_free(ctx);
	return 0;
}
