/* SPDX-License-Identifier: MIT */
/*
 * The floor of a one-shot snapshot with the stack's sections: one
 * RTM_GETLINK dump (devices), one RTM_GETQDISC dump (qdiscs), and one read
 * each of /proc/net/snmp, netstat and snmp6 (protocol counters), in one
 * process, everything discarded.  What the kernel costs for them, that no
 * tool can beat.  See bench/README.md.
 *
 *   floor-stack [-n DUMPS]
 *
 * Prints one line: what each round carried and the wall and CPU time per
 * round (process start excluded: hyperfine measures that).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "floor.h"

static const char *const proc_files[] = {
	"/proc/net/snmp", "/proc/net/netstat", "/proc/net/snmp6",
};

static int dump_links(struct mnl_socket *nl, uint32_t seq, struct floor_tally *t)
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

static int dump_qdiscs(struct mnl_socket *nl, uint32_t seq, struct floor_tally *t)
{
	char req[256] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct tcmsg *tcm;

	nlh->nlmsg_type = RTM_GETQDISC;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	return floor_dump(nl, nlh, RTM_NEWQDISC, t);
}

/* Reads the whole file and counts its bytes; a missing snmp6 (IPv6 off)
 * counts nothing. */
static int read_file(const char *path, unsigned long *bytes)
{
	char buf[16384];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		*bytes += (unsigned long)n;
	if (n < 0)
		n = -errno;
	close(fd);
	return (int)n;
}

static int one_round(struct mnl_socket *nl, uint32_t seq, struct floor_tally *links,
		     struct floor_tally *qdiscs, unsigned long *proc_bytes)
{
	size_t f;
	int err;

	err = dump_links(nl, 2 * seq, links);
	if (err < 0) {
		fprintf(stderr, "floor-stack: RTM_GETLINK dump: %s\n", strerror(-err));
		return 1;
	}
	err = dump_qdiscs(nl, 2 * seq + 1, qdiscs);
	if (err < 0) {
		fprintf(stderr, "floor-stack: RTM_GETQDISC dump: %s\n", strerror(-err));
		return 1;
	}
	for (f = 0; f < sizeof(proc_files) / sizeof(proc_files[0]); f++) {
		err = read_file(proc_files[f], proc_bytes);
		if (err < 0) {
			fprintf(stderr, "floor-stack: %s: %s\n", proc_files[f], strerror(-err));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct floor_tally links = { 0 }, qdiscs = { 0 };
	unsigned long i, dumps, proc_bytes = 0;
	struct mnl_socket *nl;
	double wall, cpu;
	int rc = 0;

	if (floor_parse_count(argc, argv, &dumps) < 0) {
		fprintf(stderr, "usage: floor-stack [-n DUMPS]   (1 to 1000000)\n");
		return 2;
	}
	nl = floor_socket("floor-stack");
	if (!nl)
		return 1;
	wall = floor_seconds(CLOCK_MONOTONIC);
	cpu = floor_seconds(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < dumps && rc == 0; i++)
		rc = one_round(nl, (uint32_t)i + 1, &links, &qdiscs, &proc_bytes);
	wall = floor_seconds(CLOCK_MONOTONIC) - wall;
	cpu = floor_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	mnl_socket_close(nl);
	if (rc == 0)
		printf("floor-stack: dumps=%lu links=%lu qdiscs=%lu bytes=%lu interrupted=%lu "
		       "proc_bytes=%lu wall_us_per_dump=%.1f cpu_us_per_dump=%.1f\n",
		       dumps, links.replies / dumps, qdiscs.replies / dumps,
		       (links.bytes + qdiscs.bytes) / dumps, links.interrupted + qdiscs.interrupted,
		       proc_bytes / dumps, wall * 1e6 / (double)dumps, cpu * 1e6 / (double)dumps);
	return rc;
}
