/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the RTM_NEWQDISC parser: the bytes are a sequence
 * of netlink messages, walked as the dump loop walks them, each parsed and
 * every getter read.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "netlink.h"
#include "qdisc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static void touch(const struct netobs_qdisc *q)
{
	size_t sum = strlen(netobs_qdisc_kind(q)) + strlen(netobs_qdisc_handle_name(q)) +
		     strlen(netobs_qdisc_parent_name(q));
	unsigned int s;
	uint64_t v;

	for (s = 0; s < netobs_qdisc_stat_count(); s++)
		if (netobs_qdisc_stat(q, (enum netobs_qdisc_stat)s, &v) == 0)
			sum += (size_t)v;
	sink = sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh;
	struct netobs_ctx *ctx;
	struct netobs_qdisc q;
	size_t off = 0;
	void *copy;

	if (netobs_ctx_new(&ctx) < 0)
		return 0;
	/* An aligned copy, as a recv() buffer is. */
	copy = malloc(size ? size : 1);
	if (copy) {
		memcpy(copy, data, size);
		while ((nlh = netobs__nl_next_msg(copy, size, &off)) != NULL)
			if (netobs__qdisc_msg_parse(ctx, nlh, &q) == 0)
				touch(&q);
		free(copy);
	}
	netobs_ctx_free(ctx);
	return 0;
}
