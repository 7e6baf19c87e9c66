/* SPDX-License-Identifier: MIT */
/* The context: settings, paths, and the per-host state of the sources. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

NETOBS_API int netobs_ctx_new(struct netobs_ctx **out)
{
	struct netobs_ctx *ctx;
	size_t i;

	if (!out)
		return -EINVAL;
	*out = NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->source = NETOBS_SOURCE_AUTO;
	ctx->reading = -1;
	ctx->netns_fd = -1;
	for (i = 0; i < NETOBS__ARRAY_SIZE(ctx->kept); i++)
		ctx->kept[i] = -1;
	*out = ctx;
	return 0;
}

/* What every read keeps between snapshots (sockets, kept files, caches):
 * let go when the tree or namespace it came from is no longer read. */
static void forget_reads(struct netobs_ctx *ctx)
{
	netobs__sections_forget(ctx);
	netobs__file_close_kept(ctx);
	netobs__containers_forget(ctx);
}

/* The context reads namespace FD (PATH, INODE) from now on, -1 for the
 * caller's own; what the reads kept from the one before is let go.  Takes
 * PATH (malloc'd) and FD. */
static void replace_netns(struct netobs_ctx *ctx, int fd, char *path, uint64_t inode)
{
	forget_reads(ctx);
	if (ctx->netns_fd >= 0)
		close(ctx->netns_fd);
	free(ctx->netns_path);
	ctx->netns_fd = fd;
	ctx->netns_path = path;
	ctx->netns_inode = inode;
}

NETOBS_API void netobs_ctx_free(struct netobs_ctx *ctx)
{
	if (!ctx)
		return;
	replace_netns(ctx, -1, NULL, 0);
	free(ctx->procbuf);
	netobs__errors_free(ctx);
	free(ctx->root);
	free(ctx);
}

/* Here rather than in netns.c, which enters namespaces for refresh.c:
 * the setter lets go of what the sections keep (refresh.c), and netns.c
 * stays below both. */
NETOBS_API int netobs_ctx_set_netns(struct netobs_ctx *ctx, const char *netns)
{
	char *path;
	uint64_t inode = 0;
	int fd = -1, err;

	if (!ctx)
		return -EINVAL;
	if (!netns || !*netns) {
		replace_netns(ctx, -1, NULL, 0);
		return 0;
	}
	if (ctx->root)
		return netobs__error(ctx, -EINVAL, "a network namespace is read live, not under root %s",
				     ctx->root);
	err = netobs__netns_open(ctx, netns, &fd, &path, &inode);
	if (err < 0)
		return err;
	/* Everything the sections keep was opened in the namespace before. */
	replace_netns(ctx, fd, path, inode);
	return 0;
}

/* A root of "/" or "" is the live host; a trailing slash is dropped so paths
 * join as ROOT + "/proc/...". */
NETOBS_API int netobs_ctx_set_root(struct netobs_ctx *ctx, const char *root)
{
	char *copy = NULL;
	size_t len;

	if (!ctx)
		return -EINVAL;
	if (root && strspn(root, "/") != strlen(root) && netobs__ctx_in_netns(ctx))
		return netobs__error(ctx, -EINVAL, "a root is a captured tree, read in no "
				     "network namespace: unset the namespace first");
	if (root) {
		len = strlen(root);
		while (len > 0 && root[len - 1] == '/')
			len--;
		if (len > 0) {
			copy = strndup(root, len);
			if (!copy)
				return -ENOMEM;
		}
	}
	free(ctx->root);
	ctx->root = copy;
	/* What the sections know of another tree does not hold here, and the
	 * kept files are another tree's (or a root's: reopened per read). */
	forget_reads(ctx);
	return 0;
}

NETOBS_API int netobs_ctx_set_source(struct netobs_ctx *ctx, enum netobs_source source)
{
	if (!ctx || !netobs_source_name(source))
		return -EINVAL;
	ctx->source = source;
	return 0;
}

NETOBS_API enum netobs_source netobs_ctx_source(const struct netobs_ctx *ctx)
{
	return ctx ? ctx->source : NETOBS_SOURCE_AUTO;
}
