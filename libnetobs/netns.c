/* SPDX-License-Identifier: MIT */
/*
 * Reading another network namespace.  The context holds an fd of the
 * namespace; a refresh moves the calling thread into it for the sections
 * whose scope is the namespace's and back before it returns, on every path.
 * What is opened inside stays bound to the namespace it was opened in (a
 * netlink socket, a /proc/thread-self/net file), so the context keeps them
 * and a warm refresh costs two setns() calls more than one at home.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "internal.h"

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

/* "pid:PID" -> /proc/PID/ns/net; anything with a '/' is a path; any other
 * word is a name `ip netns add` made under /run/netns.  -EINVAL for a word
 * that is none of them. */
int netobs__netns_resolve(const char *spec, char *buf, size_t size)
{
	size_t digits;
	int n;

	if (strncmp(spec, "pid:", 4) == 0) {
		digits = strspn(spec + 4, "0123456789");
		if (digits == 0 || digits > 10 || spec[4 + digits] != '\0')
			return -EINVAL;
		n = snprintf(buf, size, "/proc/%s/ns/net", spec + 4);
	} else if (strchr(spec, '/')) {
		n = snprintf(buf, size, "%s", spec);
	} else {
		if (*spec == '\0' || strcmp(spec, ".") == 0 || strcmp(spec, "..") == 0)
			return -EINVAL;
		n = snprintf(buf, size, "/run/netns/%s", spec);
	}
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int open_error(struct netobs_ctx *ctx, const char *path, int err)
{
	if (err == -ENOENT || err == -ESRCH)
		return netobs__error_at(ctx, -ENOENT, path, 0,
					"no such network namespace (it vanished, or never existed)");
	if (err == -EACCES || err == -EPERM)
		return netobs__error_at(ctx, err, path, 0,
					"not readable (%s): reading another network namespace "
					"needs root (CAP_SYS_ADMIN)", strerror(-err));
	return netobs__error_at(ctx, err, path, 0, "cannot open: %s", strerror(-err));
}

/* FD is a namespace file (nsfs), and of a network namespace. */
static int check_type(struct netobs_ctx *ctx, const char *path, int fd)
{
	struct statfs sfs;
	int type;

	if (fstatfs(fd, &sfs) < 0)
		return netobs__error_at(ctx, -errno, path, 0, "cannot stat: %s", strerror(errno));
	if ((unsigned long)sfs.f_type != (unsigned long)NSFS_MAGIC)
		return netobs__error_at(ctx, -EINVAL, path, 0,
					"not a namespace file (a namespace no longer "
					"mounted there, or no namespace at all)");
	type = ioctl(fd, NS_GET_NSTYPE);
	/* Before Linux 4.11 there is no NS_GET_NSTYPE: setns() checks then. */
	if (type < 0 && errno == ENOTTY)
		return 0;
	if (type != CLONE_NEWNET)
		return netobs__error_at(ctx, -EINVAL, path, 0,
					"a namespace, but not a network namespace");
	return 0;
}

static int enter_error(struct netobs_ctx *ctx, const char *path, int err)
{
	if (err == -EPERM)
		return netobs__error_at(ctx, -EPERM, path, 0,
					"entering another network namespace needs root "
					"(CAP_SYS_ADMIN): setns() refused");
	return netobs__error_at(ctx, err, path, 0, "setns() failed: %s", strerror(-err));
}

/* Into NETNS, with *HOME an fd of the namespace the thread left. */
static int enter(struct netobs_ctx *ctx, int netns, const char *path, int *home)
{
	*home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*home < 0)
		return netobs__error_at(ctx, -errno, "/proc/thread-self/ns/net", 0,
					"cannot open the calling thread's namespace: %s",
					strerror(errno));
	if (setns(netns, CLONE_NEWNET) == 0)
		return 0;
	close(*home);
	*home = -1;
	return enter_error(ctx, path, -errno);
}

/* Back HOME, which the caller entered from: nothing a read did inside may
 * keep the thread out.  setns() into a namespace the thread was in can only
 * fail for memory; the error then says the thread is not back. */
static int leave(struct netobs_ctx *ctx, int home)
{
	int err = 0;

	if (home < 0)
		return 0;
	while (setns(home, CLONE_NEWNET) < 0) {
		if (errno == EINTR)
			continue;
		err = netobs__error(ctx, -ENOTRECOVERABLE,
				    "could not return to the caller's network namespace: %s",
				    strerror(errno));
		break;
	}
	close(home);
	return err;
}

int netobs__netns_enter(struct netobs_ctx *ctx, int *home)
{
	*home = -1;
	if (ctx->netns_fd < 0)
		return 0;
	return enter(ctx, ctx->netns_fd, ctx->netns_path, home);
}

int netobs__netns_leave(struct netobs_ctx *ctx, int home)
{
	return leave(ctx, home);
}

/* The namespace at PATH, opened and checked, and entered once so that a
 * caller without the privilege hears it now rather than mid-snapshot. */
static int open_netns(struct netobs_ctx *ctx, const char *path, int *out, uint64_t *inode)
{
	struct stat st;
	int fd, home, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return open_error(ctx, path, -errno);
	err = check_type(ctx, path, fd);
	if (err == 0 && fstat(fd, &st) < 0)
		err = netobs__error_at(ctx, -errno, path, 0, "cannot stat: %s", strerror(errno));
	if (err == 0)
		err = enter(ctx, fd, path, &home);
	if (err == 0)
		err = leave(ctx, home);
	if (err < 0) {
		close(fd);
		return err;
	}
	*out = fd;
	*inode = (uint64_t)st.st_ino;
	return 0;
}

/* NETNS (a name, "pid:PID" or a path) opened and proven a network
 * namespace the caller may enter: *FD, *PATH (malloc'd) and *INODE. */
int netobs__netns_open(struct netobs_ctx *ctx, const char *netns, int *fd, char **path,
		       uint64_t *inode)
{
	char resolved[PATH_MAX];
	int err;

	err = netobs__netns_resolve(netns, resolved, sizeof(resolved));
	if (err < 0)
		return netobs__error(ctx, err, "%s: not a namespace name, pid:PID or path", netns);
	err = open_netns(ctx, resolved, fd, inode);
	if (err < 0)
		return err;
	*path = strdup(resolved);
	if (!*path) {
		close(*fd);
		return netobs__error(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}

NETOBS_API int netobs_ctx_netns_inode(const struct netobs_ctx *ctx, uint64_t *out)
{
	if (!out)
		return -EINVAL;
	*out = 0;
	if (!ctx)
		return -EINVAL;
	if (ctx->netns_fd < 0)
		return -ENODATA;
	*out = ctx->netns_inode;
	return 0;
}
