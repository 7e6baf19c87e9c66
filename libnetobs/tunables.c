/* SPDX-License-Identifier: MIT */
/*
 * The net.core sysctls that explain drops: netdev_max_backlog (softnet
 * dropped), netdev_budget and netdev_budget_usecs (time_squeeze),
 * dev_weight, flow_limit_table_len.  Each one that is missing, unreadable or
 * not a number is absent with a warning that says why; the section is
 * absent when none could be read.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

/* Every net.core sysctl netobs reads is global today: registered in the
 * host's network namespace only (net_core_table, not netns_core_table, in
 * net/core/sysctl_net_core.c). */
static const enum netobs_scope scopes[NETOBS__TUNABLE_MAX] = {
	[NETOBS_TUNABLE_NETDEV_MAX_BACKLOG] = NETOBS_SCOPE_HOST,
	[NETOBS_TUNABLE_NETDEV_BUDGET] = NETOBS_SCOPE_HOST,
	[NETOBS_TUNABLE_NETDEV_BUDGET_USECS] = NETOBS_SCOPE_HOST,
	[NETOBS_TUNABLE_DEV_WEIGHT] = NETOBS_SCOPE_HOST,
	[NETOBS_TUNABLE_FLOW_LIMIT_TABLE_LEN] = NETOBS_SCOPE_HOST,
};

NETOBS_API enum netobs_scope netobs_tunable_scope(enum netobs_tunable tunable)
{
	return (unsigned int)tunable < NETOBS__TUNABLE_MAX ? scopes[tunable] : NETOBS_SCOPE_HOST;
}

/* One tunable: 0 when read, -ENOENT when the file is missing (the caller
 * says why), other errors warned about here. */
static int read_tunable(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
			enum netobs_tunable t, char path[PATH_MAX])
{
	char buf[64], shown[24];
	int64_t v;
	int n;

	if (netobs__path(ctx, path, PATH_MAX, "/proc/sys/net/core/%s", netobs_tunable_name(t)) < 0)
		return -ENAMETOOLONG;
	n = netobs__file_read_line_kept(ctx, (enum netobs__kept)(NETOBS__KEPT_TUNABLE + t), path,
					buf, sizeof(buf));
	if (n == -ENOENT)
		return n;
	if (n < 0) {
		netobs__warn_at(ctx, path, 0, "not readable (%s)", strerror(-n));
		return n;
	}
	if (n == 0) {
		netobs__warn_at(ctx, path, 0, "empty (masked?)");
		return -ENODATA;
	}
	if (parse_value(buf, &v) < 0) {
		netobs__warn_at(ctx, path, 1, "'%s' is not a number",
				netobs__word(shown, sizeof(shown), buf, buf + n));
		return -EBADMSG;
	}
	snap->tunables[t] = v;
	snap->tunable_avail |= 1u << t;
	return 0;
}

/* Why none could be read: no such folder at all (a captured tree without
 * /proc/sys), or a folder without the global sysctls, which is what the
 * kernel shows inside any network namespace but the host's. */
static int none_read(struct netobs_ctx *ctx, bool all_missing)
{
	char dir[PATH_MAX];
	struct stat st;

	if (netobs__path(ctx, dir, sizeof(dir), "/proc/sys/net/core") < 0)
		return netobs__error(ctx, -ENAMETOOLONG, "/proc/sys/net/core: path too long");
	if (!all_missing)
		return netobs__error_at(ctx, -EBADMSG, dir, 0,
					"no tunable could be read (the warnings before say why)");
	if (stat(dir, &st) < 0)
		return netobs__error_at(ctx, -errno, dir, 0, "not readable (%s)", strerror(errno));
	return netobs__error_at(ctx, -ENOENT, dir, 0,
				"none of the global net.core sysctls: the kernel shows them only in "
				"the host's network namespace, and this is another one");
}

/* Each tunable is absent on its own (with a warning saying why); the
 * section is absent only when none could be read. */
int netobs__tunables_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	char path[NETOBS__TUNABLE_MAX][PATH_MAX];
	int err[NETOBS__TUNABLE_MAX];
	bool all_missing = true;
	unsigned int t;

	for (t = 0; t < NETOBS__TUNABLE_MAX; t++) {
		err[t] = read_tunable(ctx, snap, (enum netobs_tunable)t, path[t]);
		all_missing = all_missing && err[t] == -ENOENT;
	}
	if (snap->tunable_avail == 0)
		return none_read(ctx, all_missing);
	for (t = 0; t < NETOBS__TUNABLE_MAX; t++)
		if (err[t] == -ENOENT)
			netobs__warn_at(ctx, path[t], 0, "missing: this kernel predates it");
	return 0;
}
