/* SPDX-License-Identifier: MIT */
/*
 * Where tracefs is and what skb:kfree_skb looks like there.  netobs never
 * mounts anything: the mount table says where tracefs is (or debugfs, whose
 * "tracing" directory holds it), and when neither is there the message says
 * how to mount it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

#define MOUNTS "/proc/mounts"
#define BTF_VMLINUX "/sys/kernel/btf/vmlinux"

/* A /proc/mounts field, its octal escapes (\040 for a space) undone. */
static int unescape(const char *s, size_t len, char *buf, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\\' && i + 3 < len && s[i + 1] >= '0' &&
		    s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' &&
		    s[i + 3] <= '7') {
			c = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		}
		if (n + 1 >= size)
			return -ENAMETOOLONG;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return 0;
}

/* Field I (0-based, space-separated) of LINE. */
static bool mount_field(const char *line, size_t len, int i, const char **f, size_t *flen)
{
	const char *p = line, *end = line + len, *sp;

	for (;;) {
		sp = memchr(p, ' ', (size_t)(end - p));
		if (i-- == 0) {
			*f = p;
			*flen = (size_t)((sp ? sp : end) - p);
			return true;
		}
		if (!sp)
			return false;
		p = sp + 1;
	}
}

/* The mount point of the first line of filesystem type TYPE. */
static int find_type(const char *mounts, size_t len, const char *type, char *buf, size_t size)
{
	const char *p = mounts, *end = mounts + len, *nl, *t, *dir;
	size_t tlen, dlen;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (!mount_field(p, (size_t)(nl - p), 2, &t, &tlen) ||
		    !mount_field(p, (size_t)(nl - p), 1, &dir, &dlen))
			continue;
		if (tlen == strlen(type) && memcmp(t, type, tlen) == 0)
			return unescape(dir, dlen, buf, size);
	}
	return -ENOENT;
}

int netobs__tracefs_from_mounts(const char *mounts, size_t len, char *buf, size_t size)
{
	size_t n;
	int err = find_type(mounts, len, "tracefs", buf, size);

	if (err != -ENOENT)
		return err;
	err = find_type(mounts, len, "debugfs", buf, size);
	if (err < 0)
		return err;
	n = strlen(buf);
	if (n + sizeof("/tracing") > size)
		return -ENAMETOOLONG;
	memcpy(buf + n, "/tracing", sizeof("/tracing"));
	return 0;
}

int netobs__tracefs_find(struct netobs_ctx *ctx, char *buf, size_t size)
{
	char *mounts = NULL;
	size_t cap = 0, len = 0;
	int err = netobs__file_read(MOUNTS, &mounts, &cap, &len);

	if (err < 0)
		return netobs__error_at(ctx, err, MOUNTS, 0, "cannot read: %s", strerror(-err));
	err = netobs__tracefs_from_mounts(mounts, len, buf, size);
	free(mounts);
	if (err == -ENAMETOOLONG)
		return netobs__error_at(ctx, err, MOUNTS, 0, "the tracefs mount point is too long");
	if (err < 0)
		return netobs__error_at(ctx, -ENOENT, MOUNTS, 0,
					"tracefs is not mounted (netobs does not mount it): "
					"mount -t tracefs nodev /sys/kernel/tracing");
	return 0;
}

/* The errno of a tracefs file that cannot be read, with its message. */
static int read_error(struct netobs_ctx *ctx, int err, const char *path)
{
	if (err == -ENOENT)
		return netobs__error_at(ctx, err, path, 0,
					"no tracepoint skb:kfree_skb (kernel built without "
					"CONFIG_TRACEPOINTS or CONFIG_NET?)");
	if (err == -EACCES || err == -EPERM)
		return netobs__error_at(ctx, -EPERM, path, 0,
					"permission denied: tracefs is for root (run as root)");
	return netobs__error_at(ctx, err, path, 0, "cannot read: %s", strerror(-err));
}

/* A format with a reason field but no __print_symbolic table (a kernel
 * that prints the name some other way): the enum from the kernel's BTF. */
static int reasons_from_btf(struct netobs_ctx *ctx, const char *format,
			    struct netobs__trace_format *f)
{
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int err = netobs__file_read(BTF_VMLINUX, &buf, &cap, &len);

	if (err == 0)
		err = netobs__btf_drop_reasons(f, buf, len);
	free(buf);
	if (err == -ENOMEM)
		return netobs__error(ctx, err, "out of memory");
	if (err < 0)
		return netobs__error_at(ctx, -EBADMSG, format, 0,
					"no __print_symbolic table of reason names, and none in "
					BTF_VMLINUX " (%s)", strerror(-err));
	return 0;
}

int netobs__tracefs_kfree_skb(struct netobs_ctx *ctx, const char *tracefs,
			      struct netobs__trace_format *f)
{
	char path[PATH_MAX], *buf = NULL;
	size_t cap = 0, len = 0;
	unsigned int line;
	const char *why;
	int err;

	memset(f, 0, sizeof(*f));
	if ((size_t)snprintf(path, sizeof(path), "%s/events/skb/kfree_skb/format", tracefs) >=
	    sizeof(path))
		return netobs__error(ctx, -ENAMETOOLONG, "tracefs path too long: %s", tracefs);
	err = netobs__file_read(path, &buf, &cap, &len);
	if (err < 0)
		return read_error(ctx, err, path);
	err = netobs__trace_format_parse(f, buf, len, &line, &why);
	free(buf);
	if (err == -EBADMSG)
		return netobs__error_at(ctx, err, path, line, "%s", why);
	if (err < 0)
		return netobs__error(ctx, err, "out of memory");
	if (f->id == 0)
		return netobs__error_at(ctx, -EBADMSG, path, 0, "no ID: line");
	if (f->reason.present && f->nreasons == 0)
		return reasons_from_btf(ctx, path, f);
	return 0;
}
