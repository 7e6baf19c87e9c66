/* SPDX-License-Identifier: MIT */
/*
 * The protocol counters as the API shows them: by position, by name
 * (binary search in the sorted index), and their deltas in a diff.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

static const struct netobs__proto *proto_of(const struct netobs_snapshot *snap)
{
	return snap ? snap->proto : NULL;
}

NETOBS_API size_t netobs_snapshot_proto_count(const struct netobs_snapshot *snap)
{
	const struct netobs__proto *p = proto_of(snap);

	return p ? p->n : 0;
}

NETOBS_API const struct netobs_proto_counter *
netobs_snapshot_proto(const struct netobs_snapshot *snap, size_t i)
{
	const struct netobs__proto *p = proto_of(snap);

	return p && i < p->n ? &p->list[i] : NULL;
}

NETOBS_API const struct netobs_proto_counter *
netobs_snapshot_proto_by_name(const struct netobs_snapshot *snap, const char *name)
{
	const struct netobs__proto *p = proto_of(snap);
	const struct netobs_proto_counter *c = NULL;
	unsigned int i;

	for (i = 0; p && name && !c && i < NETOBS__ARRAY_SIZE(p->idx); i++)
		c = netobs__proto_find(p, i, name);
	return c;
}

NETOBS_API const char *netobs_proto_counter_name(const struct netobs_proto_counter *counter)
{
	return counter ? counter->name : NULL;
}

NETOBS_API int netobs_proto_counter_is_gauge(const struct netobs_proto_counter *counter)
{
	return counter && (counter->flags & NETOBS__PROTO_GAUGE) ? 1 : 0;
}

NETOBS_API int netobs_proto_counter_section(const struct netobs_proto_counter *counter,
					    enum netobs_section *out)
{
	if (!counter)
		return -EINVAL;
	if (out)
		*out = (enum netobs_section)counter->section;
	return 0;
}

NETOBS_API int netobs_proto_counter_value(const struct netobs_proto_counter *counter,
					  uint64_t *out)
{
	if (out)
		*out = 0;
	if (!counter)
		return -EINVAL;
	if (counter->flags & NETOBS__PROTO_NEG)
		return -ERANGE;
	if (out)
		*out = counter->value;
	return 0;
}

NETOBS_API int netobs_proto_counter_signed(const struct netobs_proto_counter *counter,
					   int64_t *out)
{
	if (out)
		*out = 0;
	if (!counter)
		return -EINVAL;
	if (!(counter->flags & NETOBS__PROTO_NEG) && counter->value > (uint64_t)INT64_MAX)
		return -ERANGE;
	if (out)
		*out = (int64_t)counter->value;
	return 0;
}

/* The kernel's counters are unsigned long (64-bit on 64-bit hosts, where a
 * wrap is unseen in practice): one that went backwards was reset (a new
 * namespace by that path?), so its delta is no delta. */
NETOBS_API int netobs_diff_proto(const struct netobs_diff *diff, const char *name,
				 uint64_t *delta, double *rate)
{
	const struct netobs_proto_counter *a, *b;
	double interval = netobs_diff_interval(diff);
	uint64_t d;

	if (delta)
		*delta = 0; /* defined on every error path (libnetobs(3)) */
	if (rate)
		*rate = NAN;
	if (!diff || !name)
		return -EINVAL;
	a = netobs_snapshot_proto_by_name(netobs__diff_older(diff), name);
	b = netobs_snapshot_proto_by_name(netobs__diff_newer(diff), name);
	if (!a || !b)
		return -ENODATA;
	if ((b->flags & NETOBS__PROTO_NEG) || (!(b->flags & NETOBS__PROTO_GAUGE) &&
					       ((a->flags & NETOBS__PROTO_NEG) || b->value < a->value)))
		return -ERANGE;
	d = b->flags & NETOBS__PROTO_GAUGE ? b->value : b->value - a->value;
	if (delta)
		*delta = d;
	if (rate)
		*rate = b->flags & NETOBS__PROTO_GAUGE ? (double)d
				 : interval > 0 ? (double)d / interval : 0.0;
	return 0;
}
