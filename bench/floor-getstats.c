/* SPDX-License-Identifier: MIT */
/*
 * The floor of a watch tick: the cheapest way the kernel hands out every
 * device's counters.  One RTM_GETSTATS dump filtered to IFLA_STATS_LINK_64
 * (struct rtnl_link_stats64 per device, nothing else), discarded.  See
 * bench/README.md.
 *
 *   floor-getstats [-n DUMPS]
 *
 * Prints one line: how many devices and bytes the dump carried and the wall
 * and CPU time per dump (process start excluded: hyperfine measures that).
 */
#include <stdio.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "floor.h"

static int dump(struct mnl_socket *nl, uint32_t seq, struct floor_tally *t)
{
	char req[256] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct if_stats_msg *ifsm;

	nlh->nlmsg_type = RTM_GETSTATS;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifsm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifsm));
	ifsm->family = AF_UNSPEC;
	ifsm->filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
	return floor_dump(nl, nlh, RTM_NEWSTATS, t);
}

static int run(struct mnl_socket *nl, unsigned long dumps, struct floor_tally *t)
{
	unsigned long i;
	int err;

	for (i = 0; i < dumps; i++) {
		err = dump(nl, (uint32_t)i + 1, t);
		if (err < 0) {
			fprintf(stderr, "floor-getstats: RTM_GETSTATS dump: %s\n", strerror(-err));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct floor_tally t = { 0 };
	struct mnl_socket *nl;
	unsigned long dumps;
	double wall, cpu;
	int rc;

	if (floor_parse_count(argc, argv, &dumps) < 0) {
		fprintf(stderr, "usage: floor-getstats [-n DUMPS]   (1 to 1000000)\n");
		return 2;
	}
	nl = floor_socket("floor-getstats");
	if (!nl)
		return 1;
	wall = floor_seconds(CLOCK_MONOTONIC);
	cpu = floor_seconds(CLOCK_PROCESS_CPUTIME_ID);
	rc = run(nl, dumps, &t);
	wall = floor_seconds(CLOCK_MONOTONIC) - wall;
	cpu = floor_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	mnl_socket_close(nl);
	if (rc == 0)
		printf("floor-getstats: dumps=%lu devices=%lu bytes=%lu interrupted=%lu "
		       "wall_us_per_dump=%.1f cpu_us_per_dump=%.1f\n",
		       dumps, t.replies / dumps, t.bytes / dumps, t.interrupted,
		       wall * 1e6 / (double)dumps,
		       cpu * 1e6 / (double)dumps);
	return rc;
}
