/* SPDX-License-Identifier: MIT */
/*
 * The sockets section: which socket is dropping.  Protocol counters
 * (Udp RcvbufErrors, TcpExt ListenOverflows) are the whole namespace's;
 * NETLINK_SOCK_DIAG names the socket.  Four dumps (UDP in every state,
 * TCP listeners; IPv4 and IPv6) ask for INET_DIAG_SKMEMINFO, whose
 * SK_MEMINFO_DROPS is sk_drops: a full receive buffer for UDP
 * (__udp_queue_rcv_skb), a full accept queue for a listener
 * (tcp_listendrop).  Only the sockets that drop or are full are kept,
 * unless the context asks for all.  Live only (refresh.c): absent
 * under a root, without a warning.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "socket.h"

/* include/net/tcp_states.h */
#define ST_LISTEN 10

struct dump_arg {
	struct netobs__socket_list *list;
	size_t mark;		/* list->n when this dump began */
	int protocol;
	bool all;
	unsigned int bad;	/* answers too short to be an inet_diag_msg */
};

static const struct {
	uint8_t family, protocol;
	uint32_t states;
	const char *name;
} dumps[] = {
	{ AF_INET, IPPROTO_UDP, ~0u, "udp" },
	{ AF_INET6, IPPROTO_UDP, ~0u, "udp6" },
	{ AF_INET, IPPROTO_TCP, 1u << ST_LISTEN, "tcp" },
	{ AF_INET6, IPPROTO_TCP, 1u << ST_LISTEN, "tcp6" },
};

static int on_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct dump_arg *a = arg;
	struct netobs__socket_list *l = a->list;
	struct netobs_socket s;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return 0;
	if (netobs__socket_parse(nlh, a->protocol, &s) < 0) {
		a->bad++;
		return 0;
	}
	if (!a->all && !netobs__socket_troubled(&s))
		return 0;
	if (netobs__grow((void **)&l->socks, &l->cap, l->n + 1, sizeof(*l->socks)) < 0)
		return -ENOMEM;
	l->socks[l->n++] = s;
	return 0;
}

/* An interrupted dump is tried again: what it gave goes. */
static void on_restart(void *arg)
{
	struct dump_arg *a = arg;

	a->list->n = a->mark;
}

/* Without IPv6 (ipv6.disable=1) the kernel refuses its dumps: nothing to
 * report there, so no warning either. */
static bool no_family(int err, uint8_t family)
{
	return family == AF_INET6 && (err == -EAFNOSUPPORT || err == -ENOENT || err == -EINVAL);
}

static int dump_one(struct netobs_ctx *ctx, struct dump_arg *a, size_t i)
{
	struct inet_diag_req_v2 req = {
		.sdiag_family = dumps[i].family,
		.sdiag_protocol = dumps[i].protocol,
		.idiag_ext = 1u << (INET_DIAG_SKMEMINFO - 1),
		.idiag_states = dumps[i].states,
	};
	struct netobs__nl_request r = {
		.type = SOCK_DIAG_BY_FAMILY, .hdr = &req, .hdr_len = sizeof(req),
		.name = "SOCK_DIAG_BY_FAMILY", .changes = "socket",
		.msg = on_msg, .restart = on_restart, .arg = a,
	};
	int err;

	a->mark = a->list->n;
	a->protocol = dumps[i].protocol;
	err = netobs__nl_dump(&ctx->sockdiag->nl, ctx, &r);
	if (err < 0)
		a->list->n = a->mark;
	return no_family(err, dumps[i].family) ? 0 : err;
}

static int open_diag(struct netobs_ctx *ctx)
{
	struct netobs__sockdiag *d;
	int err;

	if (ctx->sockdiag)
		return 0;
	d = calloc(1, sizeof(*d));
	if (!d)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	err = netobs__nl_init(&d->nl, NETLINK_SOCK_DIAG);
	if (err < 0) {
		free(d);
		return netobs__error(ctx, err, "NETLINK_SOCK_DIAG refused: %s", strerror(-err));
	}
	ctx->sockdiag = d;
	return 0;
}

static int cmp_drops(const void *a, const void *b, void *arg)
{
	const struct netobs_socket *s = arg;
	const struct netobs_socket *x = &s[*(const uint32_t *)a], *y = &s[*(const uint32_t *)b];
	uint64_t dx = x->stats[NETOBS_SOCKET_DROPS], dy = y->stats[NETOBS_SOCKET_DROPS];

	if (dx != dy)
		return dx < dy ? 1 : -1;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

static int cmp_inode(const void *a, const void *b, void *arg)
{
	const struct netobs_socket *s = arg;
	uint64_t x = s[*(const uint32_t *)a].inode, y = s[*(const uint32_t *)b].inode;

	return x < y ? -1 : x > y;
}

/* Two index arrays over one socket array: by drops for the getters, by
 * inode for the diff and the owner scan.  (glibc's qsort may allocate for
 * arrays over 1 KiB: 256 indexes; only "all" gets there.) */
int netobs__socket_index(struct netobs__socket_list *l)
{
	size_t i, cap = l->idx_cap;

	if (netobs__grow((void **)&l->order, &l->idx_cap, l->n, sizeof(uint32_t)) < 0 ||
	    netobs__grow((void **)&l->by_inode, &cap, l->n, sizeof(uint32_t)) < 0)
		return -ENOMEM;
	for (i = 0; i < l->n; i++)
		l->order[i] = l->by_inode[i] = (uint32_t)i;
	if (l->n > 1) {
		qsort_r(l->order, l->n, sizeof(uint32_t), cmp_drops, l->socks);
		qsort_r(l->by_inode, l->n, sizeof(uint32_t), cmp_inode, l->socks);
	}
	return 0;
}

static int read_all(struct netobs_ctx *ctx, struct dump_arg *a)
{
	size_t i;
	int err;

	for (i = 0; i < NETOBS__ARRAY_SIZE(dumps); i++) {
		err = dump_one(ctx, a, i);
		if (err < 0)
			return err;
	}
	if (a->bad)
		netobs__warn(ctx, "NETLINK_SOCK_DIAG: %u answers too short, left out", a->bad);
	if (netobs__socket_index(a->list) < 0)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	if (ctx->socket_owners)
		netobs__socket_owners(a->list);
	return 0;
}

int netobs__sockets_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct dump_arg a = { .all = ctx->socket_all };
	int err = open_diag(ctx);

	if (err < 0)
		return err;
	if (!snap->sockets) {
		snap->sockets = calloc(1, sizeof(*snap->sockets));
		if (!snap->sockets)
			return netobs__error(ctx, -ENOMEM, "out of memory");
	}
	a.list = snap->sockets;
	a.list->n = 0;
	return read_all(ctx, &a);
}

void netobs__sockets_discard(struct netobs_snapshot *snap)
{
	if (snap->sockets)
		snap->sockets->n = 0;
}

void netobs__sockets_forget(struct netobs_ctx *ctx)
{
	if (!ctx->sockdiag)
		return;
	netobs__nl_fini(&ctx->sockdiag->nl);
	free(ctx->sockdiag);
	ctx->sockdiag = NULL;
}

void netobs__sockets_free(struct netobs_snapshot *snap)
{
	struct netobs__socket_list *l = snap->sockets;

	if (!l)
		return;
	free(l->socks);
	free(l->order);
	free(l->by_inode);
	free(l);
	snap->sockets = NULL;
}
