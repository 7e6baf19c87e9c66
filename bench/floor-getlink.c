/* SPDX-License-Identifier: MIT */
/*
 * The floor of a one-shot snapshot: what the kernel costs, that no tool can
 * beat.  One RTM_GETLINK dump of every device (names, attributes and
 * IFLA_STATS64, as netobs reads them) plus one read of
 * /proc/net/softnet_stat, everything discarded.  See bench/README.md.
 *
 *   floor-getlink [-n DUMPS]
 *
 * Prints one line: how many links and bytes the dump carried and the wall
 * and CPU time per dump (process start excluded: hyperfine measures that).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "floor.h"

static int dump(struct mnl_socket *nl, uint32_t seq, struct floor_tally *t)
{
	char req[256] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	return floor_dump(nl, nlh, RTM_NEWLINK, t);
}

/* Reads the whole file and counts its rows, as a snapshot must. */
static int read_softnet(unsigned long *rows)
{
	char buf[16384];
	ssize_t n;
	int fd = open("/proc/net/softnet_stat", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			*rows += buf[i] == '\n';
	if (n < 0)
		n = -errno;
	close(fd);
	return (int)n;
}

static int run(struct mnl_socket *nl, unsigned long dumps, struct floor_tally *t,
	       unsigned long *softnet_rows)
{
	unsigned long i;
	int err;

	for (i = 0; i < dumps; i++) {
		err = dump(nl, (uint32_t)i + 1, t);
		if (err < 0) {
			fprintf(stderr, "floor-getlink: RTM_GETLINK dump: %s\n", strerror(-err));
			return 1;
		}
		err = read_softnet(softnet_rows);
		if (err < 0) {
			fprintf(stderr, "floor-getlink: /proc/net/softnet_stat: %s\n",
				strerror(-err));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct floor_tally t = { 0 };
	unsigned long dumps, softnet_rows = 0;
	struct mnl_socket *nl;
	double wall, cpu;
	int rc;

	if (floor_parse_count(argc, argv, &dumps) < 0) {
		fprintf(stderr, "usage: floor-getlink [-n DUMPS]   (1 to 1000000)\n");
		return 2;
	}
	nl = floor_socket("floor-getlink");
	if (!nl)
		return 1;
	wall = floor_seconds(CLOCK_MONOTONIC);
	cpu = floor_seconds(CLOCK_PROCESS_CPUTIME_ID);
	rc = run(nl, dumps, &t, &softnet_rows);
	wall = floor_seconds(CLOCK_MONOTONIC) - wall;
	cpu = floor_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	mnl_socket_close(nl);
	if (rc == 0)
		printf("floor-getlink: dumps=%lu links=%lu bytes=%lu interrupted=%lu "
		       "softnet_rows=%lu wall_us_per_dump=%.1f cpu_us_per_dump=%.1f\n",
		       dumps, t.replies / dumps, t.bytes / dumps, t.interrupted,
		       softnet_rows / dumps, wall * 1e6 / (double)dumps,
		       cpu * 1e6 / (double)dumps);
	return rc;
}
