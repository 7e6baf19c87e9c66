/* SPDX-License-Identifier: MIT */
/*
 * The devices section: which of the three device sources reads it.  AUTO is
 * netlink on the live host unless the socket is refused (seccomp, SELinux),
 * then sysfs; where /sys/class/net cannot be listed (missing in a
 * container, a symlink loop or a file in its place in a captured tree,
 * refused) /proc/net/dev, with the sysfs error as a warning.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "internal.h"

static int read_auto(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	int err;

	if (netobs__ctx_is_live(ctx) && !ctx->netlink_refused) {
		err = netobs__netlink_open(ctx);
		if (err == 0) {
			snap->source = NETOBS_SOURCE_NETLINK;
			return netobs__netlink_read(ctx, snap);
		}
		ctx->netlink_refused = true;
		netobs__warn(ctx, "netlink refused (%s), fell back to sysfs and /proc",
			     strerror(-err));
	}
	/* sysfs shows the namespace that mounted it, never the one read. */
	if (netobs__ctx_in_netns(ctx)) {
		snap->source = NETOBS_SOURCE_PROCFS;
		return netobs__procfs_read(ctx, snap);
	}
	snap->source = NETOBS_SOURCE_SYSFS;
	err = netobs__sysfs_read(ctx, snap);
	/* netobs__sysfs_read() fails only when the folder itself cannot be
	 * listed (a bad entry is a warning) or memory runs out: any error but
	 * the last means this sysfs is unusable, and /proc/net/dev may not be. */
	if (err == 0 || err == -ENOMEM)
		return err;
	netobs__error_to_warning(ctx);
	netobs__snapshot_clear_devices(snap);
	snap->source = NETOBS_SOURCE_PROCFS;
	return netobs__procfs_read(ctx, snap);
}

int netobs__link_check(struct netobs_ctx *ctx)
{
	if (ctx->source == NETOBS_SOURCE_NETLINK && !netobs__ctx_is_live(ctx))
		return netobs__error(ctx, -EINVAL, "netlink reads the live host only, not root %s",
				     ctx->root);
	if (ctx->source == NETOBS_SOURCE_SYSFS && netobs__ctx_in_netns(ctx))
		return netobs__error(ctx, -EINVAL, "/sys shows the namespace that mounted it, not "
				     "%s: read it with netlink or procfs", ctx->netns_path);
	if (!netobs_source_name(ctx->source))
		return netobs__error(ctx, -EINVAL, "unknown source %d", (int)ctx->source);
	return 0;
}

int netobs__link_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	switch (ctx->source) {
	case NETOBS_SOURCE_AUTO:
		return read_auto(ctx, snap);
	case NETOBS_SOURCE_NETLINK:
		snap->source = NETOBS_SOURCE_NETLINK;
		return netobs__netlink_read(ctx, snap);
	case NETOBS_SOURCE_SYSFS:
		snap->source = NETOBS_SOURCE_SYSFS;
		return netobs__sysfs_read(ctx, snap);
	case NETOBS_SOURCE_PROCFS:
		snap->source = NETOBS_SOURCE_PROCFS;
		return netobs__procfs_read(ctx, snap);
	}
	return netobs__link_check(ctx);
}

/* Another root's devices are not this one's: no socket, no cache, and
 * netlink may be tried again. */
void netobs__link_forget(struct netobs_ctx *ctx)
{
	netobs__netlink_close(ctx);
	netobs__sysfs_cache_forget(ctx);
	ctx->netlink_refused = false;
}
