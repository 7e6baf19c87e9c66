/* SPDX-License-Identifier: MIT */
/* One netlink dump, read and discarded: the kernel's own cost. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "floor.h"

/* The kernel sends dump batches of up to 32 KiB when the reader offers them. */
#define DUMP_BUFSIZE 32768

/* Walks one batch.  1: more to come, 0: NLMSG_DONE, <0: the kernel's error. */
static int walk(const void *buf, size_t len, uint32_t seq, uint16_t reply,
		struct floor_tally *t)
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
		if (nlh->nlmsg_type == reply)
			t->replies++;
	}
	return 1;
}

int floor_dump(struct mnl_socket *nl, const struct nlmsghdr *req, uint16_t reply,
	       struct floor_tally *t)
{
	static char buf[DUMP_BUFSIZE] __attribute__((aligned(8)));
	int r;

	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		return -errno;
	do {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		r = walk(buf, (size_t)n, req->nlmsg_seq, reply, t);
	} while (r > 0);
	return r;
}

struct mnl_socket *floor_socket(const char *prog)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);

	if (nl && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0)
		return nl;
	fprintf(stderr, "%s: netlink socket: %s\n", prog, strerror(errno));
	if (nl)
		mnl_socket_close(nl);
	return NULL;
}

int floor_parse_count(int argc, char **argv, unsigned long *dumps)
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

double floor_seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
