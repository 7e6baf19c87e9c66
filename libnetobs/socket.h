/* SPDX-License-Identifier: MIT */
/*
 * Private to the sockets section: socket.c (the dump, the filter, the
 * getters), socket_msg.c (one inet_diag_msg, a pure parser), socket_owner.c
 * (which process holds a socket).
 */
#ifndef NETOBS_SOCKET_H
#define NETOBS_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "netlink.h"

#define NETOBS__SOCKET_STAT_MAX (NETOBS_SOCKET_BACKLOG + 1)
#define NETOBS__SOCK_ADDRSIZ 46	/* INET6_ADDRSTRLEN */
#define NETOBS__COMMSIZ 16	/* TASK_COMM_LEN */

struct netobs_socket {
	char protocol[8];	/* "udp", "udp6", "tcp", "tcp6" */
	char local[NETOBS__SOCK_ADDRSIZ];
	uint8_t state;		/* TCP_* as inet_diag gives it */
	bool udp;
	uint16_t port;
	uint32_t uid;
	uint64_t inode;
	uint64_t stats[NETOBS__SOCKET_STAT_MAX];
	uint32_t stat_avail;	/* bit per enum netobs_socket_stat */
	int pid;		/* 0: not known */
	char comm[NETOBS__COMMSIZ];
};
_Static_assert(NETOBS__SOCKET_STAT_MAX <= NETOBS__BITS_OF(netobs_socket, stat_avail),
	       "stat_avail has no bit for every enum netobs_socket_stat");

/* The sockets of one snapshot, reused across refreshes. */
struct netobs__socket_list {
	struct netobs_socket *socks;
	size_t n, cap;
	uint32_t *order;	/* positions in socks, most drops first */
	uint32_t *by_inode;	/* positions in socks, by inode */
	size_t idx_cap;
};

/* What the section keeps on the context: its NETLINK_SOCK_DIAG socket. */
struct netobs__sockdiag {
	struct netobs__nl nl;
};

/* socket_msg.c: one SOCK_DIAG_BY_FAMILY answer (NLH, whose nlmsg_len the
 * caller checked fits its buffer) of a PROTOCOL dump (IPPROTO_UDP,
 * IPPROTO_TCP) into *OUT: 0, or -EBADMSG with nothing
 * promised about *OUT. */
int netobs__socket_parse(const struct nlmsghdr *nlh, int protocol, struct netobs_socket *out);
/* "unconn", "listen", ...: ss(8)'s words. */
const char *netobs__socket_state_name(const struct netobs_socket *s);
/* Whether S is worth reporting: it drops, or a queue of it is full. */
bool netobs__socket_troubled(const struct netobs_socket *s);

/* socket.c: orders LIST by drops and by inode (after its sockets changed);
 * -ENOMEM. */
int netobs__socket_index(struct netobs__socket_list *list);

/* socket_owner.c: fills pid and comm of the sockets LIST has, from the
 * /proc/PID/fd links the caller may read; the rest are skipped silently. */
void netobs__socket_owners(struct netobs__socket_list *list);
/* The socket of LIST with INODE, NULL when none (needs by_inode). */
struct netobs_socket *netobs__socket_by_inode(const struct netobs__socket_list *list,
					      uint64_t inode);

#endif /* NETOBS_SOCKET_H */
