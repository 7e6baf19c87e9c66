/* SPDX-License-Identifier: MIT */
/*
 * One SOCK_DIAG_BY_FAMILY answer: struct inet_diag_msg and its
 * INET_DIAG_SKMEMINFO attribute (u32 sk_meminfo[], SK_MEMINFO_VARS long:
 * 8 values before 3.x added SK_MEMINFO_BACKLOG, 9 with SK_MEMINFO_DROPS
 * since 4.7).  Pure: no socket, no context, fuzzed (fuzz_sockdiag).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <libmnl/libmnl.h>

#include "socket.h"

/* include/net/tcp_states.h: not in the uapi headers. */
enum { ST_ESTABLISHED = 1, ST_CLOSE = 7, ST_LISTEN = 10 };

static void set_stat(struct netobs_socket *s, enum netobs_socket_stat stat, uint64_t v)
{
	s->stats[stat] = v;
	s->stat_avail |= 1u << stat;
}

/* Only the values that are there: a short array (an old kernel) leaves
 * the rest unavailable, never zero. */
static void parse_meminfo(struct netobs_socket *s, const struct nlattr *attr)
{
	const uint32_t *mem = mnl_attr_get_payload(attr);
	size_t n = mnl_attr_get_payload_len(attr) / sizeof(uint32_t);

	if (n > SK_MEMINFO_RMEM_ALLOC)
		set_stat(s, NETOBS_SOCKET_RQUEUE, mem[SK_MEMINFO_RMEM_ALLOC]);
	if (n > SK_MEMINFO_RCVBUF)
		set_stat(s, NETOBS_SOCKET_RCVBUF, mem[SK_MEMINFO_RCVBUF]);
	if (n > SK_MEMINFO_DROPS)
		set_stat(s, NETOBS_SOCKET_DROPS, mem[SK_MEMINFO_DROPS]);
}

/* The attributes after the header, bounded by nlmsg_len itself: libmnl's
 * walk ends at the aligned length, up to 3 bytes past a message that ends
 * a datagram unaligned. */
static void parse_attrs(struct netobs_socket *s, const struct nlmsghdr *nlh)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct inet_diag_msg));
	const struct nlattr *attr;

	while (off + sizeof(*attr) <= nlh->nlmsg_len) {
		/* OFF stays 4-aligned: NLMSG_HDRLEN, then NLA_ALIGN steps. */
		attr = (const void *)((const char *)nlh + off);
		if (attr->nla_len < sizeof(*attr) || attr->nla_len > nlh->nlmsg_len - off)
			return;
		if (mnl_attr_get_type(attr) == INET_DIAG_SKMEMINFO)
			parse_meminfo(s, attr);
		off += NLA_ALIGN(attr->nla_len);
	}
}

static void set_address(struct netobs_socket *s, const struct inet_diag_msg *m)
{
	const char *proto = s->udp ? "udp" : "tcp";

	if (!inet_ntop(m->idiag_family, m->id.idiag_src, s->local, sizeof(s->local)))
		snprintf(s->local, sizeof(s->local), "?");
	snprintf(s->protocol, sizeof(s->protocol), "%s%s", proto,
		 m->idiag_family == AF_INET6 ? "6" : "");
}

/* For a listener idiag_rqueue is sk_ack_backlog and idiag_wqueue
 * sk_max_ack_backlog (tcp_diag_get_info); for others they are byte counts. */
int netobs__socket_parse(const struct nlmsghdr *nlh, int protocol, struct netobs_socket *out)
{
	const struct inet_diag_msg *m;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*m) ||
	    (protocol != IPPROTO_UDP && protocol != IPPROTO_TCP))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return -EBADMSG;
	memset(out, 0, sizeof(*out));
	out->udp = protocol == IPPROTO_UDP;
	out->state = m->idiag_state;
	out->port = ntohs(m->id.idiag_sport);
	out->uid = m->idiag_uid;
	out->inode = m->idiag_inode;
	set_address(out, m);
	if (!out->udp && m->idiag_state == ST_LISTEN) {
		set_stat(out, NETOBS_SOCKET_ACCEPT_QUEUE, m->idiag_rqueue);
		set_stat(out, NETOBS_SOCKET_BACKLOG, m->idiag_wqueue);
	}
	parse_attrs(out, nlh);
	return 0;
}

static bool has(const struct netobs_socket *s, enum netobs_socket_stat stat)
{
	return s->stat_avail & (1u << stat);
}

/* A listener is full when sk_ack_backlog > sk_max_ack_backlog
 * (sk_acceptq_is_full); at == it refuses the next one already. */
bool netobs__socket_troubled(const struct netobs_socket *s)
{
	const uint64_t *v = s->stats;

	if (has(s, NETOBS_SOCKET_DROPS) && v[NETOBS_SOCKET_DROPS] > 0)
		return true;
	if (has(s, NETOBS_SOCKET_ACCEPT_QUEUE) && has(s, NETOBS_SOCKET_BACKLOG) &&
	    v[NETOBS_SOCKET_ACCEPT_QUEUE] > 0 &&
	    v[NETOBS_SOCKET_ACCEPT_QUEUE] >= v[NETOBS_SOCKET_BACKLOG])
		return true;
	return has(s, NETOBS_SOCKET_RQUEUE) && has(s, NETOBS_SOCKET_RCVBUF) &&
	       v[NETOBS_SOCKET_RCVBUF] > 0 && v[NETOBS_SOCKET_RQUEUE] >= v[NETOBS_SOCKET_RCVBUF];
}

static const char *const tcp_states[] = {
	[1] = "estab", [2] = "syn-sent", [3] = "syn-recv", [4] = "fin-wait-1",
	[5] = "fin-wait-2", [6] = "time-wait", [7] = "close", [8] = "close-wait",
	[9] = "last-ack", [10] = "listen", [11] = "closing", [12] = "new-syn-recv",
};

/* ss(8)'s words: an unconnected UDP socket is TCP_CLOSE, "unconn". */
const char *netobs__socket_state_name(const struct netobs_socket *s)
{
	if (s->udp && s->state == ST_CLOSE)
		return "unconn";
	if (s->state < NETOBS__ARRAY_SIZE(tcp_states) && tcp_states[s->state])
		return tcp_states[s->state];
	return "unknown";
}
