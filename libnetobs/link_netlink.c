/* SPDX-License-Identifier: MIT */
/*
 * Devices over rtnetlink.  One RTM_GETLINK dump gives every device with its
 * attributes and all 25 counters.  Watch mode reads the same context again
 * and again: the context then keeps the last dump's devices and, while no
 * link notification arrives and the set of ifindexes stays the same, takes
 * only the counters from one RTM_GETSTATS dump (a third of the cost).  The
 * dumps run on netlink.c's engine; link_msg.c parses each message.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "internal.h"
#include "link_msg.h"
#include "netlink.h"

#define NL_DRAIN_MAX 4096	/* notifications read per check: churn may not stall us */

/* The ifindex of a device of the last full dump, with the generation of
 * the last RTM_GETSTATS dump that reported it (a duplicate means a changed
 * set).  Apart from the devices: 8 bytes each, so that looking one up does
 * not walk 500-byte devices. */
struct nl_key {
	int ifindex;
	uint32_t seen;
};

struct netobs__netlink {
	struct netobs__nl dump;		/* RTM_GETLINK and RTM_GETSTATS */
	struct mnl_socket *events;	/* RTNLGRP_LINK; NULL: every read is full */

	struct netobs_device *cache;	/* last full dump, sorted by ifindex */
	struct nl_key *keys;		/* of cache[i] */
	size_t ncache, cache_cap, keys_cap;
	char *strings;			/* the snapshot's alias pool, copied */
	size_t strings_len, strings_cap;
	uint64_t token;			/* random per full dump; 0: none drawn */
	uint32_t gen;
	bool cache_valid;
	bool no_getstats;		/* kernel before 4.7 */
};

/* One RTM_GETLINK dump in progress. */
struct link_dump {
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	struct netobs__snapshot_mark mark; /* where this source's devices start */
	unsigned int skipped;		/* malformed RTM_NEWLINK messages */
	struct netobs__enrich_notes notes;
};

/* One RTM_GETSTATS dump in progress. */
struct stats_dump {
	struct netobs_ctx *ctx;
	struct netobs__netlink *nl;
	struct netobs_device *devs;	/* the snapshot's, at their cache index */
	bool stale;		/* the set differs from the cache */
	bool in_place;		/* the snapshot holds the cache */
	size_t matched;
	size_t next;		/* the cache index expected next */
};

/* ---- sockets ------------------------------------------------------------- */

static void drop_events(struct netobs__netlink *nl)
{
	if (nl->events)
		mnl_socket_close(nl->events);
	nl->events = NULL;
	nl->cache_valid = false;
}

int netobs__netlink_open(struct netobs_ctx *ctx)
{
	struct netobs__netlink *nl;
	int err;

	if (ctx->nl)
		return 0;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	err = netobs__nl_init(&nl->dump, NETLINK_ROUTE);
	if (err < 0) {
		free(nl);
		return err;
	}
	/* Without notifications every read is a full dump: slower, still right. */
	if (netobs__nl_socket_open(&nl->events, NETLINK_ROUTE, RTMGRP_LINK, SOCK_NONBLOCK) < 0)
		nl->events = NULL;
	ctx->nl = nl;
	return 0;
}

void netobs__netlink_close(struct netobs_ctx *ctx)
{
	struct netobs__netlink *nl = ctx ? ctx->nl : NULL;

	if (!nl)
		return;
	netobs__nl_fini(&nl->dump);
	drop_events(nl);
	free(nl->cache);
	free(nl->keys);
	free(nl->strings);
	free(nl);
	ctx->nl = NULL;
}

/* True when a link changed since the last call: any RTNLGRP_LINK message, or
 * an overflow that lost some.  Drains what is queued. */
static bool links_changed(struct netobs__netlink *nl)
{
	char scratch[64];
	bool changed = false;
	ssize_t n;
	int i;

	if (!nl->events)
		return true;
	for (i = 0; i < NL_DRAIN_MAX; i++) {
		n = recv(mnl_socket_get_fd(nl->events), scratch, sizeof(scratch),
			 MSG_DONTWAIT | MSG_TRUNC);
		if (n >= 0 || errno == ENOBUFS) {
			changed = true;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			return changed;
		} else if (errno != EINTR) {
			drop_events(nl);
			return true;
		}
	}
	return true;
}

/* ---- the full dump -------------------------------------------------------- */

static int link_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct link_dump *d = arg;
	int err;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	err = netobs__link_msg_parse(d->ctx, nlh, d->snap, &d->notes);
	if (err == -EBADMSG) {
		d->skipped++; /* one bad message costs one device, not the snapshot */
		return 0;
	}
	return err;
}

/* Each try starts from the devices the snapshot had before the dump: two
 * generations of the device list are never mixed. */
static void link_restart(void *arg)
{
	struct link_dump *d = arg;

	netobs__snapshot_rewind(d->snap, &d->mark);
	d->skipped = 0;
	memset(&d->notes, 0, sizeof(d->notes));
	netobs__sysfs_cache_begin(d->ctx);
}

static int cmp_key(const void *a, const void *b)
{
	const struct nl_key *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

/* A token no other cache has had, so that a snapshot can tell it holds
 * this cache's devices: 64 random bits (0 when none can be had, and then
 * every counters-only read copies the devices). */
static uint64_t new_token(void)
{
	uint64_t t = 0;

	if (getrandom(&t, sizeof(t), GRND_NONBLOCK) != (ssize_t)sizeof(t))
		return 0;
	return t;
}

static bool grow_cache(struct netobs__netlink *nl, size_t n, size_t strings_len)
{
	return netobs__grow((void **)&nl->cache, &nl->cache_cap, n, sizeof(*nl->cache)) == 0 &&
	       netobs__grow((void **)&nl->keys, &nl->keys_cap, n, sizeof(*nl->keys)) == 0 &&
	       netobs__grow((void **)&nl->strings, &nl->strings_cap, strings_len + 1, 1) == 0;
}

/* Keeps the devices a full dump added (from FIRST on) for the RTM_GETSTATS
 * path.  Failing to keep them only costs speed. */
static void save_cache(struct netobs__netlink *nl, const struct netobs_snapshot *snap,
		       size_t first)
{
	size_t i, n = snap->ndevs - first;
	bool sorted = true;

	nl->cache_valid = false;
	if (!nl->events || !grow_cache(nl, n, snap->strings_len))
		return;
	if (n)
		memcpy(nl->cache, snap->devs + first, n * sizeof(*nl->cache));
	for (i = 1; i < n && sorted; i++)
		sorted = nl->cache[i - 1].ifindex < nl->cache[i].ifindex;
	/* Recent kernels dump in ifindex order; glibc's qsort() may
	 * allocate, so it only runs for the others. */
	if (!sorted)
		qsort(nl->cache, n, sizeof(*nl->cache), netobs__device_cmp_ifindex);
	for (i = 0; i < n; i++) {
		nl->keys[i].ifindex = nl->cache[i].ifindex;
		nl->keys[i].seen = 0;
	}
	if (snap->strings_len)
		memcpy(nl->strings, snap->strings, snap->strings_len);
	nl->strings[snap->strings_len] = '\0';
	nl->strings_len = snap->strings_len;
	nl->ncache = n;
	nl->gen = 0;
	nl->token = new_token();
	nl->cache_valid = true;
}

static const char *enrich_reason(int err)
{
	switch (err) {
	case -ENODEV:
	case -ENOENT:
		return "not in /sys/class/net";
	case -ESTALE:
		return "/sys shows another network namespace";
	default:
		return strerror(-err);
	}
}

static void full_dump_notes(struct netobs_ctx *ctx, const struct link_dump *d)
{
	if (d->skipped)
		netobs__warn(ctx, "netlink: skipped %u malformed RTM_NEWLINK messages (last: %s)",
			     d->skipped, ctx->message);
	if (d->notes.count)
		netobs__warn(ctx, "sysfs: %u devices classified from netlink alone (%s: %s)",
			     d->notes.count, d->notes.name, enrich_reason(d->notes.err));
}

/* A dump the kernel marked interrupted is retried by the engine; the
 * snapshot keeps nothing of a dump that failed. */

static int read_full(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct link_dump d = { .ctx = ctx, .snap = snap };
	const struct netobs__nl_request req = {
		.type = RTM_GETLINK, .hdr = &ifi, .hdr_len = sizeof(ifi),
		.name = "RTM_GETLINK", .changes = "device",
		.msg = link_msg, .restart = link_restart, .arg = &d,
	};
	int err;

	ctx->nl->cache_valid = false;
	d.mark = netobs__snapshot_mark(snap);
	err = netobs__nl_dump(&ctx->nl->dump, ctx, &req);
	if (err < 0) {
		netobs__snapshot_rewind(snap, &d.mark);
		return err;
	}
	full_dump_notes(ctx, &d);
	save_cache(ctx->nl, snap, d.mark.ndevs);
	/* The snapshot's devices are the cache's when they are all it has
	 * (finish sorts them the same way). */
	if (ctx->nl->cache_valid && d.mark.ndevs == 0)
		netobs__snapshot_set_netlink_token(snap, ctx->nl->token);
	return 0;
}

/* ---- the counters-only dump ----------------------------------------------- */

/* The cache index of IFINDEX, -1 when absent.  Recent kernels dump in
 * ifindex order, as the cache is sorted: the index after the last one
 * found is tried first. */
static long find_key(const struct netobs__netlink *nl, size_t *next, int ifindex)
{
	const struct nl_key *k;
	struct nl_key key;

	if (*next < nl->ncache && nl->keys[*next].ifindex == ifindex) {
		k = &nl->keys[*next];
	} else {
		key.ifindex = ifindex;
		k = bsearch(&key, nl->keys, nl->ncache, sizeof(key), cmp_key);
		if (!k)
			return -1;
	}
	*next = (size_t)(k - nl->keys) + 1;
	return (long)(k - nl->keys);
}

/* The counters of one RTM_NEWSTATS message into the snapshot's device at
 * the cache index of its ifindex, copied from the cache first unless the
 * snapshot already holds the cache's devices. */
static int stats_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct stats_dump *d = arg;
	struct netobs__netlink *nl = d->nl;
	struct netobs_device *dev;
	long i;

	if (d->stale || nlh->nlmsg_type != RTM_NEWSTATS)
		return 0;
	i = find_key(nl, &d->next, netobs__link_msg_stats_ifindex(nlh));
	if (i < 0 || nl->keys[i].seen == nl->gen) {
		d->stale = true;
		return 0;
	}
	nl->keys[i].seen = nl->gen;
	d->matched++;
	dev = &d->devs[i];
	if (!d->in_place)
		*dev = nl->cache[i];
	if (netobs__link_msg_parse_stats(d->ctx, nlh, dev) < 0)
		d->stale = true; /* the full dump will say what is wrong */
	return 0;
}

/* Lays the cache out in SNAP: in place when SNAP's devices are the
 * cache's (a watch refreshing the same two snapshots), else the devices
 * are copied as their counters arrive and the alias pool now.  The
 * devices sit at their cache index, so they come out sorted. */
static int stats_layout(struct netobs__netlink *nl, struct netobs_snapshot *snap,
			struct stats_dump *d)
{
	int kept = netobs__snapshot_reserve(snap, nl->ncache, nl->strings, nl->strings_len,
					    nl->token, &d->devs);

	if (kept < 0)
		return kept;
	d->in_place = kept;
	return 0;
}

/* 0 when SNAP got every cached device with fresh counters; else the caller
 * does a full dump. */
static int read_stats(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct if_stats_msg ifsm = {
		.family = AF_UNSPEC,
		.filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64),
	};
	struct netobs__netlink *nl = ctx->nl;
	struct stats_dump d = { .ctx = ctx, .nl = nl };
	const struct netobs__nl_request req = {
		.type = RTM_GETSTATS, .hdr = &ifsm, .hdr_len = sizeof(ifsm),
		.name = "RTM_GETSTATS", .changes = "device", .msg = stats_msg, .arg = &d,
	};
	bool interrupted;
	int err;

	if (stats_layout(nl, snap, &d) < 0)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	/* 0 marks "never seen": skip it when the generation wraps. */
	if (++nl->gen == 0)
		nl->gen = 1;
	err = netobs__nl_dump_once(&nl->dump, ctx, &req, &interrupted);
	if (err == -EOPNOTSUPP || err == -EINVAL)
		nl->no_getstats = true;
	if (err == 0 && (d.stale || interrupted || d.matched != nl->ncache))
		err = -ESTALE;
	if (err == 0)
		netobs__snapshot_set_netlink_token(snap, nl->token);
	return err;
}

/* The counters-only dump lays out the whole snapshot: it needs one that
 * starts empty, as netobs_snapshot_refresh makes it.  A failed one is
 * undone, and a full dump follows. */
int netobs__netlink_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct netobs__snapshot_mark mark = netobs__snapshot_mark(snap);
	struct netobs__netlink *nl;
	int err;

	err = netobs__netlink_open(ctx);
	if (err < 0)
		return netobs__error(ctx, err, "netlink: cannot open a NETLINK_ROUTE socket: %s",
				     strerror(-err));
	nl = ctx->nl;
	/* Drained first either way: a full dump makes what is queued moot. */
	if (!links_changed(nl) && nl->cache_valid && !nl->no_getstats && mark.ndevs == 0) {
		err = read_stats(ctx, snap);
		/* A change during the stats dump may have renamed a device. */
		if (err == 0 && !links_changed(nl))
			return 0;
		netobs__snapshot_rewind(snap, &mark);
		netobs__error_clear(ctx);
	}
	return read_full(ctx, snap);
}
