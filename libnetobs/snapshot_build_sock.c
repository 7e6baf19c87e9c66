/* SPDX-License-Identifier: MIT */
/* Building a snapshot, part two: sockets, and the finish that makes a
 * built snapshot one the getters and the diff can read. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "qdisc.h"
#include "socket.h"

#define STATE_MAX 13 /* TCP_NEW_SYN_RECV + 1 */

/* The kernel's state number from ss(8)'s word, through the one table that
 * names them, so the two cannot disagree. */
static int state_from_name(struct netobs_socket *s, const char *name)
{
	unsigned int st;

	for (st = 0; st < STATE_MAX; st++) {
		s->state = (uint8_t)st;
		if (strcmp(netobs__socket_state_name(s), name) == 0)
			return 0;
	}
	return -EINVAL;
}

static struct netobs_socket *last_socket(struct netobs_snapshot *snap)
{
	return snap && snap->sockets && snap->sockets->n ? &snap->sockets->socks[snap->sockets->n - 1]
							 : NULL;
}

static int socket_slot(struct netobs_snapshot *snap, struct netobs_socket **out)
{
	struct netobs__socket_list *l = snap->sockets;

	if (!l) {
		l = snap->sockets = calloc(1, sizeof(*l));
		if (!l)
			return -ENOMEM;
	}
	if (netobs__grow((void **)&l->socks, &l->cap, l->n + 1, sizeof(*l->socks)) < 0)
		return -ENOMEM;
	*out = &l->socks[l->n];
	memset(*out, 0, sizeof(**out));
	return 0;
}

NETOBS_API int netobs_snapshot_add_socket(struct netobs_snapshot *snap, const char *protocol,
					  const char *state, const char *address, int port,
					  uint64_t inode)
{
	static const char *const protos[] = { "udp", "udp6", "tcp", "tcp6" };
	struct netobs_socket *s;
	size_t i;
	int err;

	if (!snap || !protocol || !state || !address || port < 0 || port > 65535 ||
	    strlen(address) >= NETOBS__SOCK_ADDRSIZ)
		return -EINVAL;
	for (i = 0; i < NETOBS__ARRAY_SIZE(protos) && strcmp(protos[i], protocol) != 0; i++)
		;
	if (i == NETOBS__ARRAY_SIZE(protos))
		return -EINVAL;
	err = socket_slot(snap, &s);
	if (err < 0)
		return err;
	strcpy(s->protocol, protocol);
	strcpy(s->local, address);
	s->udp = i < 2;
	s->port = (uint16_t)port;
	s->inode = inode;
	if (state_from_name(s, state) < 0)
		return -EINVAL;
	snap->sockets->n++;
	return 0;
}

NETOBS_API int netobs_snapshot_socket_set_stat(struct netobs_snapshot *snap,
					       enum netobs_socket_stat stat, uint64_t value)
{
	struct netobs_socket *s = last_socket(snap);

	if (!s || (unsigned int)stat >= NETOBS__SOCKET_STAT_MAX)
		return -EINVAL;
	s->stats[stat] = value;
	s->stat_avail |= 1u << stat;
	return 0;
}

/* uid, and the owner: pid (> 0) and comm, each NULL for not known. */
NETOBS_API int netobs_snapshot_socket_set_owner(struct netobs_snapshot *snap, uint32_t uid,
						int pid, const char *comm)
{
	struct netobs_socket *s = last_socket(snap);

	if (!s || pid < 0 || (comm && strlen(comm) >= NETOBS__COMMSIZ))
		return -EINVAL;
	s->uid = uid;
	s->pid = pid;
	strcpy(s->comm, comm ? comm : "");
	return 0;
}

/* Masters were given by name: an ifindex is what the snapshot keeps. */
static void resolve_masters(struct netobs_snapshot *snap)
{
	size_t i, j;

	for (i = 0; i < snap->ndevs; i++) {
		struct netobs_device *dev = &snap->devs[i];

		dev->master_ifindex = 0;
		for (j = 0; dev->master_name[0] && j < snap->ndevs; j++)
			if (strcmp(snap->devs[j].name, dev->master_name) == 0)
				dev->master_ifindex = snap->devs[j].ifindex;
	}
}

NETOBS_API int netobs_snapshot_finish(struct netobs_snapshot *snap)
{
	int err;

	if (!snap)
		return -EINVAL;
	resolve_masters(snap);
	err = netobs__snapshot_finish(snap);
	if (err == 0)
		netobs__qdiscs_finish(snap);
	if (err == 0 && snap->sockets)
		err = netobs__socket_index(snap->sockets);
	return err;
}
