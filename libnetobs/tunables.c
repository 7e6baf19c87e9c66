/* SPDX-License-Identifier: MIT */
/*
 * The sysctls that explain drops: netdev_max_backlog (softnet dropped),
 * netdev_budget and netdev_budget_usecs (time_squeeze), dev_weight,
 * flow_limit_table_len; rmem_* and wmem_* (socket buffers: RcvbufErrors),
 * somaxconn and tcp_max_syn_backlog (listen overflows), tcp_rmem, tcp_wmem,
 * tcp_mem and udp_mem (memory pressure drops).  Each one that is missing,
 * unreadable or not a number is absent with a warning that says why; the
 * section is absent when none could be read.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* A decimal int64 with optional sign at *P, blanks before it skipped;
 * *P moved past it. */
static int parse_value(const char **p, const char *end, int64_t *out)
{
	bool neg = false;
	uint64_t v;

	while (*p < end && netobs__is_blank(**p))
		(*p)++;
	if (*p < end && **p == '-') {
		neg = true;
		(*p)++;
	}
	if (*p < end && netobs__is_blank(**p))
		return -EINVAL; /* parse_u64 would skip them: "- 5" is no number */
	if (netobs__parse_u64(p, end, &v) < 0 || v > (uint64_t)INT64_MAX + neg)
		return -EINVAL;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/* Exactly N blank-separated values (tcp_rmem's three), nothing else. */
static int parse_values(const char *s, int64_t *out, unsigned int n)
{
	const char *p = s, *end = s + strlen(s);
	unsigned int i;

	for (i = 0; i < n; i++)
		if (parse_value(&p, end, &out[i]) < 0 || (p < end && !netobs__is_blank(*p)))
			return -EINVAL;
	while (p < end && netobs__is_blank(*p))
		p++;
	return p == end ? 0 : -EINVAL;
}

/* Where each lives and whose it is.  Global sysctls are registered in the
 * host's network namespace only (net_core_table and ipv4_table); the
 * others per namespace (netns_core_table, ipv4_net_table).  rmem_* and
 * wmem_* became per namespace in Linux 6.x: on older kernels another
 * namespace does not show them, which the warning says. */
static const struct {
	const char *dir;
	enum netobs_scope scope;
	unsigned int nvalues;
} files[] = {
	[NETOBS_TUNABLE_NETDEV_MAX_BACKLOG] = { "core", NETOBS_SCOPE_HOST, 1 },
	[NETOBS_TUNABLE_NETDEV_BUDGET] = { "core", NETOBS_SCOPE_HOST, 1 },
	[NETOBS_TUNABLE_NETDEV_BUDGET_USECS] = { "core", NETOBS_SCOPE_HOST, 1 },
	[NETOBS_TUNABLE_DEV_WEIGHT] = { "core", NETOBS_SCOPE_HOST, 1 },
	[NETOBS_TUNABLE_FLOW_LIMIT_TABLE_LEN] = { "core", NETOBS_SCOPE_HOST, 1 },
	[NETOBS_TUNABLE_RMEM_MAX] = { "core", NETOBS_SCOPE_NETNS, 1 },
	[NETOBS_TUNABLE_RMEM_DEFAULT] = { "core", NETOBS_SCOPE_NETNS, 1 },
	[NETOBS_TUNABLE_WMEM_MAX] = { "core", NETOBS_SCOPE_NETNS, 1 },
	[NETOBS_TUNABLE_WMEM_DEFAULT] = { "core", NETOBS_SCOPE_NETNS, 1 },
	[NETOBS_TUNABLE_SOMAXCONN] = { "core", NETOBS_SCOPE_NETNS, 1 },
	[NETOBS_TUNABLE_TCP_RMEM] = { "ipv4", NETOBS_SCOPE_NETNS, 3 },
	[NETOBS_TUNABLE_TCP_WMEM] = { "ipv4", NETOBS_SCOPE_NETNS, 3 },
	[NETOBS_TUNABLE_TCP_MEM] = { "ipv4", NETOBS_SCOPE_HOST, 3 },
	[NETOBS_TUNABLE_UDP_MEM] = { "ipv4", NETOBS_SCOPE_HOST, 3 },
	[NETOBS_TUNABLE_TCP_MAX_SYN_BACKLOG] = { "ipv4", NETOBS_SCOPE_NETNS, 1 },
};

_Static_assert(NETOBS__ARRAY_SIZE(files) == NETOBS__TUNABLE_MAX,
	       "files has no row for every enum netobs_tunable");

static bool known(enum netobs_tunable t)
{
	return (unsigned int)t < NETOBS__TUNABLE_MAX;
}

NETOBS_API enum netobs_scope netobs_tunable_scope(enum netobs_tunable tunable)
{
	return known(tunable) ? files[tunable].scope : NETOBS_SCOPE_HOST;
}

NETOBS_API unsigned int netobs_tunable_value_count(enum netobs_tunable tunable)
{
	return known(tunable) ? files[tunable].nvalues : 0;
}

/* "net.core.NAME": built once per process would need a global; the
 * names are few and fixed, so they are spelled out. */
NETOBS_API const char *netobs_tunable_sysctl(enum netobs_tunable tunable)
{
	static const char *const sysctls[NETOBS__TUNABLE_MAX] = {
		"net.core.netdev_max_backlog", "net.core.netdev_budget",
		"net.core.netdev_budget_usecs", "net.core.dev_weight",
		"net.core.flow_limit_table_len", "net.core.rmem_max", "net.core.rmem_default",
		"net.core.wmem_max", "net.core.wmem_default", "net.core.somaxconn",
		"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.tcp_mem", "net.ipv4.udp_mem",
		"net.ipv4.tcp_max_syn_backlog",
	};

	return known(tunable) ? sysctls[tunable] : NULL;
}

static int tunable_path(const struct netobs_ctx *ctx, enum netobs_tunable t, char *path)
{
	return netobs__path(ctx, path, PATH_MAX, "/proc/sys/net/%s/%s", files[t].dir,
			    netobs_tunable_name(t));
}

/* One tunable: 0 when read, -ENOENT when the file is missing (the caller
 * says why), other errors warned about here. */
static int read_tunable(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
			enum netobs_tunable t)
{
	char path[PATH_MAX], buf[64], shown[48]; /* 63 bytes: three 20-digit values fit */
	int n;

	if (tunable_path(ctx, t, path) < 0)
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
	if (parse_values(buf, snap->tunables[t], files[t].nvalues) < 0) {
		netobs__warn_at(ctx, path, 1, "'%s' is not %s",
				netobs__word(shown, sizeof(shown), buf, buf + n),
				files[t].nvalues == 1 ? "a number" : "three numbers");
		return -EBADMSG;
	}
	snap->tunable_avail |= 1u << t;
	return 0;
}

/* Why none could be read: no such folder at all (a captured tree without
 * /proc/sys), or every file refused (the warnings before say how). */
static int none_read(struct netobs_ctx *ctx, bool all_missing)
{
	char dir[PATH_MAX];
	struct stat st;

	if (netobs__path(ctx, dir, sizeof(dir), "/proc/sys/net") < 0)
		return netobs__error(ctx, -ENAMETOOLONG, "/proc/sys/net: path too long");
	if (!all_missing)
		return netobs__error_at(ctx, -EBADMSG, dir, 0,
					"no tunable could be read (the warnings before say why)");
	if (stat(dir, &st) < 0)
		return netobs__error_at(ctx, -errno, dir, 0, "not readable (%s)", strerror(errno));
	return netobs__error_at(ctx, -ENOENT, dir, 0, "none of the tunables is there");
}

/* netdev_max_backlog has been a global sysctl since 2.6: missing while
 * the per-namespace somaxconn is there, this is not the host's network
 * namespace, and the kernel hides every global sysctl in it. */
static bool other_namespace(const int *err)
{
	return err[NETOBS_TUNABLE_NETDEV_MAX_BACKLOG] == -ENOENT &&
	       err[NETOBS_TUNABLE_SOMAXCONN] == 0;
}

/* One warning for the tunables another namespace hides, one each for those
 * the kernel lacks. */
static void say_missing(struct netobs_ctx *ctx, const int *err)
{
	char list[512] = "", dir[PATH_MAX];
	unsigned int t;
	size_t used = 0;

	for (t = 0; t < NETOBS__TUNABLE_MAX; t++) {
		if (err[t] != -ENOENT)
			continue;
		if (!other_namespace(err)) {
			if (tunable_path(ctx, (enum netobs_tunable)t, dir) == 0)
				netobs__warn_at(ctx, dir, 0, "missing: this kernel predates it");
			continue;
		}
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", used ? ", " : "",
					 netobs_tunable_sysctl((enum netobs_tunable)t));
		if (used >= sizeof(list))
			used = sizeof(list) - 1;
	}
	if (used == 0 || netobs__path(ctx, dir, sizeof(dir), "/proc/sys/net") < 0)
		return;
	netobs__warn_at(ctx, dir, 0,
			"not shown in this network namespace: %s (global sysctls: the kernel "
			"shows them only in the host's namespace)", list);
}

/* Each tunable is absent on its own (with a warning saying why); the
 * section is absent only when none could be read. */
int netobs__tunables_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	int err[NETOBS__TUNABLE_MAX];
	bool all_missing = true;
	unsigned int t;

	for (t = 0; t < NETOBS__TUNABLE_MAX; t++) {
		err[t] = read_tunable(ctx, snap, (enum netobs_tunable)t);
		all_missing = all_missing && err[t] == -ENOENT;
	}
	if (snap->tunable_avail == 0)
		return none_read(ctx, all_missing);
	say_missing(ctx, err);
	return 0;
}
