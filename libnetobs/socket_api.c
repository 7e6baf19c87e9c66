/* SPDX-License-Identifier: MIT */
/* The sockets section's public face: settings, names, getters, the diff. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "socket.h"

NETOBS_API int netobs_ctx_set_socket_owners(struct netobs_ctx *ctx, int on)
{
	if (!ctx)
		return -EINVAL;
	ctx->socket_owners = on != 0;
	return 0;
}

NETOBS_API int netobs_ctx_set_socket_all(struct netobs_ctx *ctx, int on)
{
	if (!ctx)
		return -EINVAL;
	ctx->socket_all = on != 0;
	return 0;
}

static const char *const stat_names[] = {
	"drops", "rqueue", "rcvbuf", "accept_queue", "backlog",
};

_Static_assert(NETOBS__ARRAY_SIZE(stat_names) == NETOBS__SOCKET_STAT_MAX,
	       "a name for every enum netobs_socket_stat");

NETOBS_API unsigned int netobs_socket_stat_count(void)
{
	return NETOBS__SOCKET_STAT_MAX;
}

NETOBS_API const char *netobs_socket_stat_name(enum netobs_socket_stat stat)
{
	return (unsigned int)stat < NETOBS__SOCKET_STAT_MAX ? stat_names[stat] : NULL;
}

NETOBS_API int netobs_socket_stat_from_name(const char *name, enum netobs_socket_stat *out)
{
	unsigned int i;
	int err = netobs__name_index(stat_names, NETOBS__ARRAY_SIZE(stat_names), name, &i);

	if (err == 0 && out)
		*out = (enum netobs_socket_stat)i;
	return err;
}

/* Only drops count events; the rest are levels.  Unknown: not a gauge. */
NETOBS_API int netobs_socket_stat_is_gauge(enum netobs_socket_stat stat)
{
	return (unsigned int)stat < NETOBS__SOCKET_STAT_MAX && stat != NETOBS_SOCKET_DROPS;
}

static const struct netobs__socket_list *list_of(const struct netobs_snapshot *snap)
{
	if (!netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOCKETS))
		return NULL;
	return snap->sockets;
}

NETOBS_API size_t netobs_snapshot_socket_count(const struct netobs_snapshot *snap)
{
	const struct netobs__socket_list *l = list_of(snap);

	return l ? l->n : 0;
}

NETOBS_API const struct netobs_socket *netobs_snapshot_socket(const struct netobs_snapshot *snap,
							       size_t i)
{
	const struct netobs__socket_list *l = list_of(snap);

	return l && i < l->n ? &l->socks[l->order[i]] : NULL;
}

NETOBS_API const char *netobs_socket_protocol(const struct netobs_socket *s)
{
	return s ? s->protocol : NULL;
}

NETOBS_API const char *netobs_socket_state(const struct netobs_socket *s)
{
	return s ? netobs__socket_state_name(s) : NULL;
}

NETOBS_API const char *netobs_socket_local_address(const struct netobs_socket *s)
{
	return s ? s->local : NULL;
}

NETOBS_API int netobs_socket_local_port(const struct netobs_socket *s)
{
	return s ? s->port : -EINVAL;
}

NETOBS_API uint64_t netobs_socket_inode(const struct netobs_socket *s)
{
	return s ? s->inode : 0;
}

NETOBS_API uint32_t netobs_socket_uid(const struct netobs_socket *s)
{
	return s ? s->uid : 0;
}

NETOBS_API int netobs_socket_pid(const struct netobs_socket *s)
{
	if (!s)
		return -EINVAL;
	return s->pid > 0 ? s->pid : -ENODATA;
}

NETOBS_API const char *netobs_socket_comm(const struct netobs_socket *s)
{
	return s && s->pid > 0 ? s->comm : NULL;
}

NETOBS_API int netobs_socket_stat(const struct netobs_socket *s, enum netobs_socket_stat stat,
				  uint64_t *out)
{
	if (out)
		*out = 0;
	if (!s || !out || (unsigned int)stat >= NETOBS__SOCKET_STAT_MAX)
		return -EINVAL;
	if (!(s->stat_avail & (1u << stat)))
		return -ENODATA;
	*out = s->stats[stat];
	return 0;
}

/* The older value of S's counter: 0 when the older snapshot lacks the
 * socket, since every socket with drops is kept (or it did not exist). */
static int older_value(const struct netobs_snapshot *older, const struct netobs_socket *s,
		       enum netobs_socket_stat stat, uint64_t *v)
{
	const struct netobs_socket *o;

	if (!netobs_snapshot_section_ok(older, NETOBS_SECTION_SOCKETS))
		return -ENODATA;
	o = netobs__socket_by_inode(older->sockets, s->inode);
	*v = 0;
	if (o)
		return netobs_socket_stat(o, stat, v);
	return 0;
}

NETOBS_API int netobs_diff_socket(const struct netobs_diff *diff, const struct netobs_socket *s,
				  enum netobs_socket_stat stat, uint64_t *delta, double *rate)
{
	const struct netobs_snapshot *older, *newer;
	uint64_t now, then;
	int err;

	if (delta)
		*delta = 0; /* defined on every error path (libnetobs(3)) */
	if (rate)
		*rate = NAN;
	if (!diff || !s || (unsigned int)stat >= NETOBS__SOCKET_STAT_MAX)
		return -EINVAL;
	netobs__diff_snapshots(diff, &older, &newer);
	if (!older || !newer)
		return -ENODATA;
	err = netobs_socket_stat(s, stat, &now);
	if (err == 0 && !netobs_socket_stat_is_gauge(stat))
		err = older_value(older, s, stat, &then);
	if (err < 0)
		return err;
	if (netobs_socket_stat_is_gauge(stat))
		then = 0;
	else if (now < then)
		return -ERANGE;
	if (delta)
		*delta = now - then;
	if (rate)
		*rate = netobs_socket_stat_is_gauge(stat) ? (double)now
							  : (double)(now - then) /
								    netobs_diff_interval(diff);
	return 0;
}
