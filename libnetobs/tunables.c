/* SPDX-License-Identifier: MIT */
/*
 * The net.core sysctls that explain drops: netdev_max_backlog (softnet
 * dropped), netdev_budget and netdev_budget_usecs (time_squeeze),
 * dev_weight, flow_limit_table_len.  Context for a reader, never a reason to
 * fail a snapshot: a file that is missing or unreadable (older kernels, a
 * captured tree without /proc/sys) is absent; one that holds no number is
 * absent with a warning.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* A decimal int64 with optional sign; blanks around it are fine, anything
 * else is not a sysctl value. */
static int parse_value(const char *s, int64_t *out)
{
	const char *p = s, *end = s + strlen(s);
	bool neg = false;
	uint64_t v;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	if (p < end && (*p == ' ' || *p == '\t'))
		return -EINVAL; /* parse_u64 would skip them: "- 5" is no number */
	if (netobs__parse_u64(&p, end, &v) < 0)
		return -EINVAL;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p != end || v > (uint64_t)INT64_MAX + neg)
		return -EINVAL;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static void read_tunable(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
			 enum netobs_tunable t)
{
	const char *name = netobs_tunable_name(t);
	char path[PATH_MAX], buf[64], shown[24];
	int64_t v;
	int n;

	if (netobs__path(ctx, path, sizeof(path), "/proc/sys/net/core/%s", name) < 0)
		return;
	n = netobs__file_read_line_kept(ctx, (enum netobs__kept)(NETOBS__KEPT_TUNABLE + t), path,
					buf, sizeof(buf));
	if (n < 0)
		return;
	if (parse_value(buf, &v) < 0) {
		netobs__warn(ctx, "%s: '%s' is not a number", path,
			     netobs__word(shown, sizeof(shown), buf, buf + n));
		return;
	}
	snap->tunables[t] = v;
	snap->tunable_avail |= 1u << t;
}

int netobs__tunables_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	unsigned int t;

	for (t = 0; t < NETOBS__TUNABLE_MAX; t++)
		read_tunable(ctx, snap, (enum netobs_tunable)t);
	return 0;
}
