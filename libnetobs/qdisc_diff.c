/* SPDX-License-Identifier: MIT */
/*
 * Qdisc statistics between two snapshots.  A qdisc is the same one when
 * ifindex, handle, parent and kind all match: a "tc qdisc replace" that
 * keeps the handle but changes the kind starts new counters.  The kernel's
 * dump order is stable, so the older qdisc at the same index is tried
 * first and a search is needed only after a change: nothing is allocated.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "qdisc.h"

static bool same_qdisc(const struct netobs_qdisc *a, const struct netobs_qdisc *b)
{
	return a->ifindex == b->ifindex && a->handle == b->handle && a->parent == b->parent &&
	       strcmp(a->kind, b->kind) == 0;
}

static const struct netobs_qdisc *find_older(const struct netobs_snapshot *older,
					     size_t hint, const struct netobs_qdisc *q)
{
	size_t i;

	if (hint < older->nqdiscs && same_qdisc(&older->qdiscs[hint], q))
		return &older->qdiscs[hint];
	for (i = 0; i < older->nqdiscs; i++)
		if (same_qdisc(&older->qdiscs[i], q))
			return &older->qdiscs[i];
	return NULL;
}

/* The kernel keeps these in u32 (struct gnet_stats_queue). */
static bool is_32bit(enum netobs_qdisc_stat s)
{
	return s == NETOBS_QDISC_DROPS || s == NETOBS_QDISC_REQUEUES ||
	       s == NETOBS_QDISC_OVERLIMITS;
}

static int counter_delta(const struct netobs_qdisc *o, const struct netobs_qdisc *n,
			 enum netobs_qdisc_stat s, uint64_t *d)
{
	uint32_t bit = 1u << s;

	if (!(o->stat_avail & n->stat_avail & bit))
		return -ENODATA;
	if (is_32bit(s)) {
		*d = (uint32_t)(n->stats[s] - o->stats[s]);
		return 0;
	}
	if (n->stats[s] < o->stats[s])
		return -ERANGE;
	*d = n->stats[s] - o->stats[s];
	return 0;
}

NETOBS_API int netobs_diff_qdisc(const struct netobs_diff *diff, const struct netobs_qdisc *q,
				 enum netobs_qdisc_stat stat, uint64_t *delta, double *rate)
{
	const struct netobs_snapshot *older, *newer;
	const struct netobs_qdisc *o;
	uint64_t d;
	int err;

	if (delta)
		*delta = 0; /* defined on every error path (libnetobs(3)) */
	if (rate)
		*rate = NAN;
	if (!diff || !q || (unsigned int)stat >= NETOBS__QDISC_STAT_MAX)
		return -EINVAL;
	netobs__diff_snapshots(diff, &older, &newer);
	/* Q must be one of NEWER's qdiscs (none when it has no array). */
	if (!newer || !newer->qdiscs || q < newer->qdiscs || q >= newer->qdiscs + newer->nqdiscs)
		return -EINVAL;
	if (netobs_qdisc_stat_is_gauge(stat)) {
		err = netobs_qdisc_stat(q, stat, &d);
		if (err == 0 && rate)
			*rate = (double)d;
	} else if (!(older->sections_ok & (1u << NETOBS_SECTION_QDISCS))) {
		err = -ENODATA;
	} else {
		o = find_older(older, (size_t)(q - newer->qdiscs), q);
		err = o ? counter_delta(o, q, stat, &d) : -ENOENT;
		if (err == 0 && rate)
			*rate = (double)d / netobs_diff_interval(diff);
	}
	if (err == 0 && delta)
		*delta = d;
	return err;
}
