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
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

/* The kernel sends dump batches of up to 32 KiB when the reader offers them. */
#define DUMP_BUFSIZE 32768

struct tally {
	unsigned long devices;
	unsigned long bytes;
	unsigned long interrupted; /* NLM_F_DUMP_INTR: counted, not retried */
};

/* Walks one batch.  1: more to come, 0: NLMSG_DONE, <0: the kernel's error. */
static int walk(const void *buf, size_t len, uint32_t seq, struct tally *t)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;

	t->bytes += len;
	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			t->interrupted++;
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
			const int *err = mnl_nlmsg_get_payload(nlh);

			/* Both carry an int: 0 or a negative errno. */
			if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*err)) && *err < 0)
				return *err;
			return 0;
		}
		if (nlh->nlmsg_type == RTM_NEWSTATS)
			t->devices++;
	}
	return 1;
}

static int dump(struct mnl_socket *nl, uint32_t seq, struct tally *t)
{
	static char buf[DUMP_BUFSIZE] __attribute__((aligned(8)));
	char req[256] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct if_stats_msg *ifsm;
	int r;

	nlh->nlmsg_type = RTM_GETSTATS;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifsm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifsm));
	ifsm->family = AF_UNSPEC;
	ifsm->filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		r = walk(buf, (size_t)n, seq, t);
	} while (r > 0);
	return r;
}

static double seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_count(int argc, char **argv, unsigned long *dumps)
{
	char *end;

	*dumps = 1;
	if (argc == 1)
		return 0;
	if (argc != 3 || strcmp(argv[1], "-n") != 0)
		return -1;
	errno = 0;
	*dumps = strtoul(argv[2], &end, 10);
	return errno || *end || end == argv[2] || *dumps == 0 || *dumps > 1000000 ? -1 : 0;
}

static int run(struct mnl_socket *nl, unsigned long dumps, struct tally *t)
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
	struct tally t = { 0 };
	struct mnl_socket *nl;
	unsigned long dumps;
	double wall, cpu;
	int rc;

	if (parse_count(argc, argv, &dumps) < 0) {
		fprintf(stderr, "usage: floor-getstats [-n DUMPS]   (1 to 1000000)\n");
		return 2;
	}
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "floor-getstats: netlink socket: %s\n", strerror(errno));
		return 1;
	}
	wall = seconds(CLOCK_MONOTONIC);
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
	rc = run(nl, dumps, &t);
	wall = seconds(CLOCK_MONOTONIC) - wall;
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	mnl_socket_close(nl);
	if (rc == 0)
		printf("floor-getstats: dumps=%lu devices=%lu bytes=%lu interrupted=%lu "
		       "wall_us_per_dump=%.1f cpu_us_per_dump=%.1f\n",
		       dumps, t.devices / dumps, t.bytes / dumps, t.interrupted,
		       wall * 1e6 / (double)dumps,
		       cpu * 1e6 / (double)dumps);
	return rc;
}
