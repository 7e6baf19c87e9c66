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

NETOBS_API void netobs_ctx_free(struct netobs_ctx *ctx)
{
	if (!ctx)
		return;
	netobs__sections_forget(ctx);
	netobs__file_close_kept(ctx);
	netobs__containers_forget(ctx);
	free(ctx->procbuf);
	if (ctx->netns_fd >= 0)
		close(ctx->netns_fd);
	free(ctx->netns_path);
	netobs__errors_free(ctx);
	free(ctx->root);
	free(ctx);
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
	netobs__sections_forget(ctx);
	netobs__file_close_kept(ctx);
	netobs__containers_forget(ctx);
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
