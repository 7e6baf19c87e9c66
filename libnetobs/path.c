/* SPDX-License-Identifier: MIT */
/*
 * Where the kernel's files are: under the context's root (a captured tree)
 * or on the live host.  Every per-namespace /proc/net path comes from here,
 * so reading another network namespace changes this file alone.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

NETOBS_API const char *netobs_ctx_root(const struct netobs_ctx *ctx)
{
	return ctx && ctx->root ? ctx->root : "/";
}

int netobs__path(const struct netobs_ctx *ctx, char *buf, size_t size, const char *fmt, ...)
{
	size_t rootlen = ctx->root ? strlen(ctx->root) : 0;
	va_list ap;
	int n;

	if (rootlen >= size)
		return -ENAMETOOLONG;
	memcpy(buf, ctx->root ? ctx->root : "", rootlen);
	va_start(ap, fmt);
	n = vsnprintf(buf + rootlen, size - rootlen, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - rootlen)
		return -ENAMETOOLONG;
	return 0;
}

bool netobs__ctx_is_live(const struct netobs_ctx *ctx)
{
	return ctx->root == NULL;
}

/* /proc/net is /proc/self/net: the namespace of the process's main thread.
 * In another namespace only the calling thread has moved, and
 * /proc/thread-self/net (Linux 3.17) is that thread's. */
int netobs__proc_net_path(struct netobs_ctx *ctx, char *buf, size_t size, const char *name)
{
	if (netobs__ctx_in_netns(ctx))
		return netobs__path(ctx, buf, size, "/proc/thread-self/net/%s", name) < 0 ?
			netobs__error(ctx, -ENAMETOOLONG, "/proc/thread-self/net/%s: path too long",
				      name) : 0;
	if (netobs__path(ctx, buf, size, "/proc/net/%s", name) < 0)
		return netobs__error(ctx, -ENAMETOOLONG, "%s/proc/net/%s: path too long",
				     netobs_ctx_root(ctx), name);
	return 0;
}

int netobs__proc_path(struct netobs_ctx *ctx, char *buf, size_t size, const char *name)
{
	if (netobs__path(ctx, buf, size, "/proc/%s", name) < 0)
		return netobs__error(ctx, -ENAMETOOLONG, "%s/proc/%s: path too long",
				     netobs_ctx_root(ctx), name);
	return 0;
}
