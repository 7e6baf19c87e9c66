/* SPDX-License-Identifier: MIT */
/*
 * Private to libnetobs: one netlink dump engine for every dump request
 * (netlink.c).  It sends NLM_F_DUMP requests of any message type and family
 * header over any netlink protocol (RTM_GETLINK, RTM_GETSTATS, RTM_GETQDISC
 * over NETLINK_ROUTE; SOCK_DIAG_BY_FAMILY over NETLINK_SOCK_DIAG), reads the
 * answers to NLMSG_DONE and hands each message to a callback.  It knows
 * nothing of devices or snapshots.
 */
#ifndef NETOBS_NETLINK_H
#define NETOBS_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mnl_socket;
struct nlmsghdr;
struct netobs_ctx;

/* The largest family header a request carries (inet_diag_req_v2 is 56). */
#define NETOBS__NL_HDR_MAX 128

/* A dump socket of one protocol and its receive buffer, kept across dumps
 * so that a warm dump allocates nothing. */
struct netobs__nl {
	struct mnl_socket *sock;	/* NULL after an abandoned dump: reopened */
	int protocol;			/* NETLINK_ROUTE, NETLINK_SOCK_DIAG */
	uint32_t seq;
	char *buf;
	size_t buf_size;
};

/* Called for each answer but NLMSG_DONE and NLMSG_ERROR.  A negative
 * return becomes the dump's error (the first one is kept); the dump is
 * still read to its end, so the socket stays usable. */
typedef int (*netobs__nl_msg_fn)(void *arg, const struct nlmsghdr *nlh);

struct netobs__nl_request {
	uint16_t type;		/* RTM_GETLINK, SOCK_DIAG_BY_FAMILY, ... */
	const void *hdr;	/* the family header: ifinfomsg, tcmsg, ... */
	size_t hdr_len;		/* at most NETOBS__NL_HDR_MAX */
	const char *name;	/* "RTM_GETLINK", for the -EAGAIN message */
	const char *changes;	/* "device": what changing interrupts the dump */
	netobs__nl_msg_fn msg;
	/* netobs__nl_dump: called before each try, so that ARG drops what an
	 * interrupted try gave it; NULL when there is nothing to drop. */
	void (*restart)(void *arg);
	void *arg;
};

/* The answers to one request, as they are read. */
struct netobs__nl_dump {
	struct netobs_ctx *ctx;
	const struct netobs__nl_request *req;
	uint32_t seq, portid;	/* of the request: other messages are skipped */
	int err;		/* first error, of the kernel or of req->msg */
	bool done;		/* NLMSG_DONE or NLMSG_ERROR seen */
	bool interrupted;	/* NLM_F_DUMP_INTR: the dumped set changed */
};

/* Allocates NL's buffer and opens its socket of PROTOCOL: 0 or a negative
 * errno (-EACCES, -EPERM, -EAFNOSUPPORT when netlink is refused), NL then
 * needing no netobs__nl_fini.  NL is zeroed first. */
int netobs__nl_init(struct netobs__nl *nl, int protocol);
/* Closes and frees what netobs__nl_init made; NL may be all zero. */
void netobs__nl_fini(struct netobs__nl *nl);
/* A netlink socket of PROTOCOL bound to GROUPS (notifications), with
 * SOCK_CLOEXEC and FLAGS (SOCK_NONBLOCK): 0 or a negative errno. */
int netobs__nl_socket_open(struct mnl_socket **out, int protocol, unsigned int groups,
			   int flags);

/* Starts D for REQ sent with SEQ from PORTID. */
void netobs__nl_dump_init(struct netobs__nl_dump *d, struct netobs_ctx *ctx,
			  const struct netobs__nl_request *req, uint32_t seq, uint32_t portid);
/* Walks one datagram of LEN bytes: what the socket loop does with each
 * recv(), apart from the socket (unit tests). */
void netobs__nl_dump_feed(struct netobs__nl_dump *d, const void *buf, size_t len);
/* Sends REQ and reads every answer: 0, or a negative errno with a message
 * on CTX (-ENOSPC: a datagram did not fit the buffer).  *INTERRUPTED tells
 * that the kernel marked the dump NLM_F_DUMP_INTR: it may miss or repeat
 * objects. */
int netobs__nl_dump_once(struct netobs__nl *nl, struct netobs_ctx *ctx,
			 const struct netobs__nl_request *req, bool *interrupted);
/* netobs__nl_dump_once until a dump is whole: a buffer too small grows, an
 * interrupted dump is tried again after a backoff; -EAGAIN after 10 tries
 * (about 0.1 s). */
int netobs__nl_dump(struct netobs__nl *nl, struct netobs_ctx *ctx,
		    const struct netobs__nl_request *req);

/* The message at BUF + *OFF when a whole one fits in LEN, *OFF then moved
 * past it; NULL at the end.  (libmnl 1.0.4's mnl_nlmsg_ok() compares the
 * length as an int: a length of 2^31 or more passes it.) */
const struct nlmsghdr *netobs__nl_next_msg(const void *buf, size_t len, size_t *off);

#endif /* NETOBS_NETLINK_H */
