/* SPDX-License-Identifier: MIT */
/* What the two floor programs share: one netlink dump, read and discarded,
 * and the -n DUMPS timing harness around it.  See bench/README.md. */
#ifndef NETOBS_BENCH_FLOOR_H
#define NETOBS_BENCH_FLOOR_H

#include <stdint.h>
#include <time.h>

#include <libmnl/libmnl.h>

struct floor_tally {
	unsigned long replies;	   /* messages of the awaited type */
	unsigned long bytes;
	unsigned long interrupted; /* NLM_F_DUMP_INTR: counted, not retried */
};

/* Sends the dump request REQ (sequence number set) and reads the answer to
 * NLMSG_DONE, counting messages of type REPLY.  0 or a negative errno. */
int floor_dump(struct mnl_socket *nl, const struct nlmsghdr *req, uint16_t reply,
	       struct floor_tally *t);
/* A bound NETLINK_ROUTE socket; NULL after printing why, as PROG. */
struct mnl_socket *floor_socket(const char *prog);
/* -n DUMPS (1 to 1000000, default 1); -1 for a bad command line. */
int floor_parse_count(int argc, char **argv, unsigned long *dumps);
double floor_seconds(clockid_t clock);

#endif
