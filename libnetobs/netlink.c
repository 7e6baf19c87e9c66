/* SPDX-License-Identifier: MIT */
/*
 * The netlink dump engine: one request, every answer up to NLMSG_DONE, each
 * message to the caller's callback; an interrupted dump tried again.  Every
 * netlink source (links, stats, qdiscs, sock_diag) reuses it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include <linux/netlink.h>

#include <libmnl/libmnl.h>

#include "internal.h"
#include "netlink.h"

/* Above the kernel's 32 KiB cap on a dump datagram, so nothing is cut; a
 * datagram that still does not fit grows the buffer, up to NL_BUF_MAX. */
#define NL_BUF_MIN (64u << 10)
#define NL_BUF_MAX (4u << 20)
#define NL_RCVBUF (1 << 20)	/* best effort: net.core.rmem_max caps it */
#define NL_DUMP_TRIES 10	/* NLM_F_DUMP_INTR: the dumped set kept changing */
#define NL_RECV_RETRIES 64	/* EINTR or ENOBUFS in a row */
#define NL_TIMEOUT_S 10		/* a dump socket never blocks a snapshot longer */

static int neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* ---- sockets ------------------------------------------------------------- */

int netobs__nl_socket_open(struct mnl_socket **out, int protocol, unsigned int groups,
			   int flags)
{
	struct mnl_socket *s = mnl_socket_open2(protocol, SOCK_CLOEXEC | flags);
	int rcvbuf = NL_RCVBUF;
	int err;

	if (!s)
		return neg_errno();
	/* Best effort: a small buffer only means more round trips. */
	(void)setsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (mnl_socket_bind(s, groups, MNL_SOCKET_AUTOPID) < 0) {
		err = neg_errno();
		mnl_socket_close(s);
		return err;
	}
	*out = s;
	return 0;
}

static int open_dump_socket(struct netobs__nl *nl)
{
	struct timeval tv = { .tv_sec = NL_TIMEOUT_S };
	int err;

	if (nl->sock)
		return 0;
	err = netobs__nl_socket_open(&nl->sock, nl->protocol, 0, 0);
	if (err < 0)
		return err;
	(void)setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

/* A dump given up half way leaves its rest queued (and the kernel busy with
 * it): a fresh socket is the only clean state. */
static void reset_dump_socket(struct netobs__nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

int netobs__nl_init(struct netobs__nl *nl, int protocol)
{
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->protocol = protocol;
	nl->buf_size = NL_BUF_MIN;
	nl->buf = malloc(nl->buf_size);
	err = nl->buf ? open_dump_socket(nl) : -ENOMEM;
	if (err < 0) {
		free(nl->buf);
		nl->buf = NULL;
	}
	return err;
}

void netobs__nl_fini(struct netobs__nl *nl)
{
	reset_dump_socket(nl);
	free(nl->buf);
	nl->buf = NULL;
	nl->buf_size = 0;
}

static int grow_buffer(struct netobs__nl *nl)
{
	size_t size = nl->buf_size * 4;
	char *buf;

	if (nl->buf_size >= NL_BUF_MAX)
		return -EMSGSIZE;
	if (size > NL_BUF_MAX)
		size = NL_BUF_MAX;
	buf = realloc(nl->buf, size);
	if (!buf)
		return -ENOMEM;
	nl->buf = buf;
	nl->buf_size = size;
	return 0;
}

/* ---- walking the answers --------------------------------------------------- */

/* NLMSG_DONE carries the dump's own status; NLMSG_ERROR a refusal. */
static void end_dump(struct netobs__nl_dump *d, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e;
	int status = 0;

	d->done = true;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (nlh->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(int))
			memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
	} else if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e)) {
		status = -EBADMSG;
	} else {
		e = mnl_nlmsg_get_payload(nlh);
		status = e->error;
	}
	if (status < -4095)
		status = -EBADMSG; /* not an errno */
	if (status < 0 && d->err == 0)
		d->err = netobs__error(d->ctx, status, "netlink: the kernel ended the dump with %s",
				       strerror(-status));
}

const struct nlmsghdr *netobs__nl_next_msg(const void *buf, size_t len, size_t *off)
{
	const struct nlmsghdr *nlh;
	size_t left;

	if (*off >= len)
		return NULL;
	left = len - *off;
	nlh = (const void *)((const char *)buf + *off);
	if (left < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > left)
		return NULL;
	*off += NLMSG_ALIGN((size_t)nlh->nlmsg_len);
	return nlh;
}

void netobs__nl_dump_init(struct netobs__nl_dump *d, struct netobs_ctx *ctx,
			  const struct netobs__nl_request *req, uint32_t seq, uint32_t portid)
{
	memset(d, 0, sizeof(*d));
	d->ctx = ctx;
	d->req = req;
	d->seq = seq;
	d->portid = portid;
}

void netobs__nl_dump_feed(struct netobs__nl_dump *d, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh;
	size_t off = 0;
	int err;

	while (!d->done && (nlh = netobs__nl_next_msg(buf, len, &off)) != NULL) {
		if (nlh->nlmsg_seq != d->seq || nlh->nlmsg_pid != d->portid)
			continue; /* not an answer to this request */
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			d->interrupted = true;
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
			end_dump(d, nlh);
		} else if (nlh->nlmsg_type >= NLMSG_MIN_TYPE && d->err == 0) {
			err = d->req->msg(d->req->arg, nlh);
			if (err < 0)
				d->err = err;
		}
	}
}

/* ---- one dump over the socket ---------------------------------------------- */

/* One datagram from the kernel.  Anything another process sent to our port
 * (a forged reply) is dropped. */
static ssize_t recv_kernel(struct netobs__nl *nl)
{
	struct sockaddr_nl addr;
	struct iovec iov = { .iov_base = nl->buf, .iov_len = nl->buf_size };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	for (;;) {
		msg.msg_name = &addr;
		msg.msg_namelen = sizeof(addr);
		n = recvmsg(mnl_socket_get_fd(nl->sock), &msg, 0);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : neg_errno();
		if (msg.msg_flags & MSG_TRUNC)
			return -ENOSPC;
		if (msg.msg_namelen == sizeof(addr) && addr.nl_pid == 0)
			return n;
	}
}

/* Reads every answer to request D->seq up to NLMSG_DONE. */
static int recv_dump(struct netobs__nl *nl, struct netobs__nl_dump *d)
{
	unsigned int retries = 0;
	ssize_t n;

	while (!d->done) {
		n = recv_kernel(nl);
		if (n > 0) {
			netobs__nl_dump_feed(d, nl->buf, (size_t)n);
			continue;
		}
		if (n == 0)
			return -EBADMSG; /* the kernel never sends an empty datagram */
		/* A signal, or the kernel short of memory for the next part of
		 * the dump: nothing was lost, read again. */
		if ((n != -EINTR && n != -ENOBUFS) || ++retries >= NL_RECV_RETRIES)
			return (int)n;
	}
	return 0;
}

static int send_request(struct netobs__nl *nl, const struct netobs__nl_request *req,
			uint32_t seq)
{
	union {
		struct nlmsghdr nlh;
		char buf[MNL_NLMSG_HDRLEN + NETOBS__NL_HDR_MAX];
	} m;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(m.buf);

	nlh->nlmsg_type = req->type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	memcpy(mnl_nlmsg_put_extra_header(nlh, req->hdr_len), req->hdr, req->hdr_len);
	if (mnl_socket_sendto(nl->sock, m.buf, nlh->nlmsg_len) < 0)
		return neg_errno();
	return 0;
}

/* A socket error leaves the dump unfinished: the socket is then replaced. */
int netobs__nl_dump_once(struct netobs__nl *nl, struct netobs_ctx *ctx,
			 const struct netobs__nl_request *req, bool *interrupted)
{
	struct netobs__nl_dump d;
	int err;

	*interrupted = false;
	if (req->hdr_len > NETOBS__NL_HDR_MAX)
		return netobs__error(ctx, -EINVAL, "netlink: a family header of %zu bytes",
				     req->hdr_len);
	err = open_dump_socket(nl);
	if (err < 0)
		return netobs__error(ctx, err, "netlink: cannot open a socket: %s", strerror(-err));
	netobs__nl_dump_init(&d, ctx, req, ++nl->seq, mnl_socket_get_portid(nl->sock));
	err = send_request(nl, req, d.seq);
	if (err == 0)
		err = recv_dump(nl, &d);
	if (err == 0) {
		*interrupted = d.interrupted;
		return d.err;
	}
	reset_dump_socket(nl);
	if (err == -ENOSPC)
		return netobs__error(ctx, err, "netlink: a datagram larger than %zu bytes",
				     nl->buf_size);
	return netobs__error(ctx, err, "netlink: dump of message type %u: %s", req->type,
			     strerror(-err));
}

/* ---- retries ------------------------------------------------------------------ */

/* Objects are usually made in bursts (a container starting its devices):
 * after two interrupted dumps in a row, let the burst pass: 1, 2, 4, 8,
 * then 16 ms, about 0.1 s in all.  The churn test showed 5 tries and 6 ms
 * too few for an 800-device dump on a host creating devices continuously. */
static void backoff(int tries)
{
	int shift = tries - 2 < 4 ? tries - 2 : 4;
	struct timespec ts = { .tv_nsec = (1L << shift) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* An interrupted dump may miss or repeat objects: each try starts over
 * (req->restart), so two generations are never mixed. */
int netobs__nl_dump(struct netobs__nl *nl, struct netobs_ctx *ctx,
		    const struct netobs__nl_request *req)
{
	bool interrupted;
	int err, tries;

	for (tries = 0; tries < NL_DUMP_TRIES; tries++) {
		if (tries > 1)
			backoff(tries);
		if (req->restart)
			req->restart(req->arg);
		err = netobs__nl_dump_once(nl, ctx, req, &interrupted);
		if (err == -ENOSPC && grow_buffer(nl) == 0)
			continue; /* a datagram did not fit: dump again, bigger */
		if (err < 0)
			return err;
		if (!interrupted)
			return 0;
	}
	return netobs__error(ctx, -EAGAIN, "netlink: %s dump interrupted by %s changes %d times in a row",
			     req->name, req->changes, NL_DUMP_TRIES);
}
