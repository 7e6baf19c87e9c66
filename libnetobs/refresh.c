/* SPDX-License-Identifier: MIT */
/*
 * Taking a snapshot: every section read in turn from the table below, each
 * present or absent on its own.  A section that fails leaves one warning
 * (file, line, what) and nothing else behind; the others are reported in
 * full.  A new source is one file and one row here.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "qdisc.h"

struct section_reader {
	enum netobs_section section;
	const char *name;
	enum netobs_scope scope;
	/* 0, or a negative errno with the detail on the context. */
	int (*read)(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
	/* Drops what a failed read left in the snapshot. */
	void (*discard)(struct netobs_snapshot *snap);
	/* Lets go of the section's state on the context; NULL: it keeps none. */
	void (*forget)(struct netobs_ctx *ctx);
	/* Read from the running kernel only (netlink), never from a root. */
	bool live_only;
};

static const struct section_reader readers[] = {
	{ NETOBS_SECTION_DEVICES, "devices", NETOBS_SCOPE_NETNS, netobs__link_read,
	  netobs__snapshot_clear_devices, netobs__link_forget, false },
	{ NETOBS_SECTION_SOFTNET, "softnet", NETOBS_SCOPE_HOST, netobs__softnet_read,
	  netobs__snapshot_clear_softnet, netobs__softnet_forget, false },
	{ NETOBS_SECTION_SOFTIRQS, "softirqs", NETOBS_SCOPE_HOST, netobs__softirq_read,
	  netobs__snapshot_clear_softirqs, NULL, false },
	{ NETOBS_SECTION_TUNABLES, "tunables", NETOBS_SCOPE_HOST, netobs__tunables_read,
	  netobs__snapshot_clear_tunables, NULL, false },
	{ NETOBS_SECTION_SOCKETS, "sockets", NETOBS_SCOPE_NETNS, netobs__sockets_read,
	  netobs__sockets_discard, netobs__sockets_forget, true },
	{ NETOBS_SECTION_QDISCS, "qdiscs", NETOBS_SCOPE_NETNS, netobs__qdisc_read,
	  netobs__snapshot_clear_qdiscs, netobs__qdisc_forget, true },
	{ NETOBS_SECTION_SNMP, "snmp", NETOBS_SCOPE_NETNS, netobs__snmp_read,
	  netobs__snapshot_clear_snmp, NULL, false },
	{ NETOBS_SECTION_NETSTAT, "netstat", NETOBS_SCOPE_NETNS, netobs__netstat_read,
	  netobs__snapshot_clear_netstat, NULL, false },
	{ NETOBS_SECTION_SNMP6, "snmp6", NETOBS_SCOPE_NETNS, netobs__snmp6_read,
	  netobs__snapshot_clear_snmp6, NULL, false },
};

/* A captured tree has no sockets or qdiscs to ask: a live-only section is
 * absent there without a warning, since nothing went wrong (a warning on
 * every sosreport would make --strict useless on them); its success gauge
 * and JSON "ok" still say it is absent. */
static bool skipped(const struct section_reader *r, const struct netobs_ctx *ctx)
{
	return r->live_only && !netobs__ctx_is_live(ctx);
}

_Static_assert(NETOBS__ARRAY_SIZE(readers) == NETOBS__SECTION_MAX,
	       "one reader per enum netobs_section, in its order");

/* Errors that are no one file's fault end the snapshot: memory, and a
 * device list that kept changing under netlink (the caller retries). */
static bool fatal(int err)
{
	return err == -ENOMEM || err == -EAGAIN;
}

/* Reads one section: 0 when read, its error otherwise (then turned into
 * its warning unless fatal). */
static int read_section(const struct section_reader *r, struct netobs_ctx *ctx,
			struct netobs_snapshot *snap)
{
	int err;

	ctx->reading = (int)r->section;
	err = r->read(ctx, snap);
	if (err == 0)
		snap->sections_ok |= 1u << r->section;
	else
		r->discard(snap);
	if (err < 0 && !fatal(err))
		netobs__error_to_warning(ctx);
	ctx->reading = -1;
	return err;
}

/* The first failure of the sections read so far, for read_sections. */
struct first_failure {
	int err;
	size_t why;	/* index of its warning; SIZE_MAX: none */
};

/* Every section of SCOPE.  0 or a fatal error. */
static int read_scope(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
		      enum netobs_scope scope, struct first_failure *first)
{
	size_t i;
	int err;

	for (i = 0; i < NETOBS__ARRAY_SIZE(readers); i++) {
		if (readers[i].scope != scope || skipped(&readers[i], ctx))
			continue;
		err = read_section(&readers[i], ctx, snap);
		if (fatal(err))
			return err;
		if (err < 0 && first->err == 0) {
			first->err = err;
			first->why = netobs_ctx_warning_count(ctx) - 1;
		}
	}
	return 0;
}

/* The namespace's sections inside it (when the context names another
 * one), the host's where the caller is: the thread is back home before
 * this returns, whatever the sections did. */
static int read_netns_scope(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
			    struct first_failure *first)
{
	int home, err, back;

	err = netobs__netns_enter(ctx, &home);
	if (err < 0)
		return err;
	err = read_scope(ctx, snap, NETOBS_SCOPE_NETNS, first);
	/* The ids of peer namespaces are the read namespace's own. */
	if (err == 0)
		err = netobs__containers_read(ctx, snap);
	back = netobs__netns_leave(ctx, home);
	return back < 0 ? back : err;
}

/* Every section; 0 when at least one was read.  With none, the first
 * section's error comes back with its message, so "--root /nowhere" says
 * what is missing rather than succeeding empty. */
static int read_sections(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct first_failure first = { 0, SIZE_MAX };
	const struct netobs_warning *why;
	int err;

	err = read_netns_scope(ctx, snap, &first);
	/* Read once for the host by another context (netobs --all-netns). */
	if (err == 0 && !ctx->no_host_sections)
		err = read_scope(ctx, snap, NETOBS_SCOPE_HOST, &first);
	if (err < 0)
		return err;
	if (snap->sections_ok)
		return 0;
	/* By index: later warnings may have moved the list. */
	why = first.why == SIZE_MAX ? NULL : netobs_ctx_warning(ctx, first.why);
	if (!why)
		return netobs__error(ctx, first.err, "no section could be read");
	return netobs__error_at(ctx, first.err, netobs_warning_file(why), netobs_warning_line(why),
				"%s", netobs_warning_message(why));
}

void netobs__sections_forget(struct netobs_ctx *ctx)
{
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(readers); i++)
		if (readers[i].forget)
			readers[i].forget(ctx);
}

static int set_root(struct netobs_snapshot *snap, const struct netobs_ctx *ctx)
{
	const char *root = netobs_ctx_root(ctx);

	if (snap->root && strcmp(snap->root, root) == 0)
		return 0;
	free(snap->root);
	snap->root = strdup(root);
	return snap->root ? 0 : -ENOMEM;
}

static int begin(struct netobs_snapshot *snap, struct netobs_ctx *ctx)
{
	netobs__snapshot_clear(snap);
	netobs__errors_clear(ctx);
	if (set_root(snap, ctx) < 0)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	clock_gettime(CLOCK_MONOTONIC, &snap->monotonic);
	clock_gettime(CLOCK_REALTIME, &snap->realtime);
	return netobs__link_check(ctx);
}

NETOBS_API int netobs_snapshot_refresh(struct netobs_snapshot *snap, struct netobs_ctx *ctx)
{
	int err;

	if (!snap || !ctx)
		return -EINVAL;
	err = begin(snap, ctx);
	if (err == 0)
		err = read_sections(ctx, snap);
	if (err == 0 && snap->source != NETOBS_SOURCE_NETLINK)
		netobs__snapshot_set_netlink_token(snap, 0);
	if (err == 0)
		err = netobs__snapshot_finish(snap);
	if (err == 0)
		netobs__qdiscs_finish(snap);
	netobs__warnings_finish(ctx);
	if (err < 0) {
		netobs__snapshot_clear(snap);
		/* Unfinished devices are no cache's to keep in place. */
		netobs__snapshot_clear_devices(snap);
	}
	return err;
}

NETOBS_API int netobs_snapshot_take(struct netobs_snapshot **out, struct netobs_ctx *ctx)
{
	struct netobs_snapshot *snap;
	int err;

	if (!out || !ctx)
		return -EINVAL;
	*out = NULL;
	snap = calloc(1, sizeof(*snap));
	if (!snap)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	err = netobs_snapshot_refresh(snap, ctx);
	if (err < 0) {
		netobs_snapshot_free(snap);
		return err;
	}
	*out = snap;
	return 0;
}

static const struct section_reader *find_reader(enum netobs_section section)
{
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(readers); i++)
		if (readers[i].section == section)
			return &readers[i];
	return NULL;
}

NETOBS_API unsigned int netobs_section_count(void)
{
	return NETOBS__SECTION_MAX;
}

NETOBS_API const char *netobs_section_name(enum netobs_section section)
{
	const struct section_reader *r = find_reader(section);

	return r ? r->name : NULL;
}

NETOBS_API int netobs_section_from_name(const char *name, enum netobs_section *out)
{
	size_t i;

	for (i = 0; name && i < NETOBS__ARRAY_SIZE(readers); i++) {
		if (strcmp(readers[i].name, name) == 0) {
			if (out)
				*out = readers[i].section;
			return 0;
		}
	}
	return -EINVAL;
}

/* An unknown section is no namespace's: the host's, the safe reading. */
NETOBS_API enum netobs_scope netobs_section_scope(enum netobs_section section)
{
	const struct section_reader *r = find_reader(section);

	return r ? r->scope : NETOBS_SCOPE_HOST;
}

