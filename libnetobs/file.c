/* SPDX-License-Identifier: MIT */
/* Reading kernel files: whole proc files and one-line sysfs attributes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Reads FD to its end into *BUF (grown as needed, NUL-terminated): with
 * read(), or with pread() from offset 0 for a kept fd whose position is
 * wherever the last refresh left it.  proc files report size 0, so read
 * until EOF, doubling the buffer, up to NETOBS__FILE_MAX: a bigger file is
 * none the kernel wrote, and must not leave the context holding its size. */
static int read_all(int fd, bool positional, char **buf, size_t *cap, size_t *len)
{
	size_t used = 0;
	ssize_t n;

	for (;;) {
		if (*cap - used < 2) {
			size_t ncap = *cap ? *cap * 2 : 16384;

			if (ncap > NETOBS__FILE_MAX + 1)
				return -EFBIG;
			char *nbuf = realloc(*buf, ncap);

			if (!nbuf)
				return -ENOMEM;
			*buf = nbuf;
			*cap = ncap;
		}
		if (positional)
			n = pread(fd, *buf + used, *cap - used - 1, (off_t)used);
		else
			n = read(fd, *buf + used, *cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		used += (size_t)n;
	}
	(*buf)[used] = '\0';
	*len = used;
	return 0;
}

/* One read of up to SIZE - 1 bytes, first line kept: sysfs and sysctl
 * values end in one newline. */
static int read_line(int fd, bool positional, char *buf, size_t size)
{
	ssize_t n;

	do
		n = positional ? pread(fd, buf, size - 1, 0) : read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return (int)strlen(buf);
}

static int open_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	return fd < 0 ? -errno : fd;
}

int netobs__file_read(const char *path, char **buf, size_t *cap, size_t *len)
{
	int fd = open_file(path), err;

	if (fd < 0)
		return fd;
	err = read_all(fd, false, buf, cap, len);
	close(fd);
	return err;
}

int netobs__file_read_line(const char *path, char *buf, size_t size)
{
	int fd, n;

	if (size == 0)
		return -EINVAL;
	fd = open_file(path);
	if (fd < 0)
		return fd;
	n = read_line(fd, false, buf, size);
	close(fd);
	return n;
}

/* ---- files kept open on the live host ------------------------------------ */

/* Eight open/close pairs per refresh were most of a watch tick on a small
 * host: path walks and dentry allocation under /proc/sys, for a few hundred
 * bytes.  The fds keep the network namespace and mount they were opened
 * in, like the context's netlink socket does. */

/* In CTX->kept: a file that did not exist (read_line_kept only). */
#define KEPT_ABSENT (-2)

static void close_kept(struct netobs_ctx *ctx, enum netobs__kept kept)
{
	if (ctx->kept[kept] >= 0)
		close(ctx->kept[kept]);
	ctx->kept[kept] = -1;
}

void netobs__file_close_kept(struct netobs_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < NETOBS__KEPT_MAX; i++)
		close_kept(ctx, (enum netobs__kept)i);
}

/* The kept fd, opened when closed: the fd or a negative errno. */
static int kept_fd(struct netobs_ctx *ctx, enum netobs__kept kept, const char *path)
{
	int fd = ctx->kept[kept];

	if (fd < 0) {
		fd = open_file(path);
		if (fd >= 0)
			ctx->kept[kept] = fd;
	}
	return fd;
}

int netobs__file_read_kept(struct netobs_ctx *ctx, enum netobs__kept kept, const char *path,
			   char **buf, size_t *cap, size_t *len)
{
	int attempt, fd, err = 0;

	if (!netobs__ctx_is_live(ctx))
		return netobs__file_read(path, buf, cap, len);
	/* A kept fd can go stale (ENODEV, ESTALE, a sysctl unregistered):
	 * one fresh open decides. */
	for (attempt = 0; attempt < 2; attempt++) {
		fd = kept_fd(ctx, kept, path);
		if (fd < 0)
			return fd;
		err = read_all(fd, true, buf, cap, len);
		if (err == 0 || err == -ENOMEM)
			return err;
		close_kept(ctx, kept);
	}
	return err;
}

/* The net.core sysctls are registered at boot in the initial network
 * namespace, or never: one that another namespace lacks will not appear
 * in it, and looking it up again on every refresh (a dentry allocated and
 * freed each time) was a fifth of a tick there. */
int netobs__file_read_line_kept(struct netobs_ctx *ctx, enum netobs__kept kept,
				const char *path, char *buf, size_t size)
{
	int attempt, fd, n = 0;

	if (!netobs__ctx_is_live(ctx) || size == 0)
		return netobs__file_read_line(path, buf, size);
	if (ctx->kept[kept] == KEPT_ABSENT)
		return -ENOENT;
	for (attempt = 0; attempt < 2; attempt++) {
		fd = kept_fd(ctx, kept, path);
		if (fd == -ENOENT)
			ctx->kept[kept] = KEPT_ABSENT;
		if (fd < 0)
			return fd;
		n = read_line(fd, true, buf, size);
		if (n >= 0)
			return n;
		close_kept(ctx, kept);
	}
	return n;
}

/* ---- the text file behind a section ------------------------------------------ */

/* Every section file is read the same way: kept open on the live host, into
 * the context's buffer, and refused with the reason on the context when it
 * cannot be read or is empty.  Container runtimes mask /proc files with an
 * empty bind mount (/dev/null): empty is "masked", not "malformed", and
 * costs only its own section. */
int netobs__file_read_section(struct netobs_ctx *ctx, enum netobs__kept kept, const char *path,
			      size_t *len)
{
	int err;

	*len = 0;
	err = netobs__file_read_kept(ctx, kept, path, &ctx->procbuf, &ctx->procbuf_cap, len);
	if (err == -ENOMEM)
		return netobs__error(ctx, err, "out of memory");
	if (err == -EFBIG)
		return netobs__error_at(ctx, err, path, 0,
					"larger than %u MiB: no kernel writes that",
					NETOBS__FILE_MAX >> 20);
	if (err < 0)
		return netobs__error_at(ctx, err, path, 0, "not readable (%s)", strerror(-err));
	if (*len == 0)
		return netobs__error_at(ctx, -ENODATA, path, 0, "empty (masked?)");
	return 0;
}
