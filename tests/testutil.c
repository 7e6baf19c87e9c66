/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

struct netobs_ctx *test_root_ctx(const char *root, enum netobs_source source)
{
	struct netobs_ctx *ctx;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, root), 0);
	ck_assert_int_eq(netobs_ctx_set_source(ctx, source), 0);
	return ctx;
}

struct netobs_ctx *test_fixture_ctx(const char *name, enum netobs_source source)
{
	char root[4096];

	snprintf(root, sizeof(root), "%s/%s", NETOBS_FIXTURES, name);
	return test_root_ctx(root, source);
}

struct netobs_snapshot *test_fixture_snapshot(const char *name, enum netobs_source source,
					      struct netobs_ctx **ctxp)
{
	struct netobs_ctx *ctx = test_fixture_ctx(name, source);
	struct netobs_snapshot *snap = NULL;
	int err = netobs_snapshot_take(&snap, ctx);

	ck_assert_msg(err == 0, "snapshot of %s (%s): %s: %s", name, netobs_source_name(source),
		      strerror(-err), netobs_ctx_message(ctx));
	*ctxp = ctx;
	return snap;
}

const struct netobs_device *test_device(const struct netobs_snapshot *snap, const char *name)
{
	const struct netobs_device *dev = netobs_snapshot_device_by_name(snap, name);

	ck_assert_msg(dev != NULL, "device %s missing", name);
	return dev;
}

static void mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			ck_abort_msg("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
}

void test_write_file(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	mkdirs(path);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "fopen %s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

void test_mkdir(const char *dir, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s/", dir, rel);
	mkdirs(path);
}

void test_symlink(const char *dir, const char *rel, const char *target)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	mkdirs(path);
	ck_assert_msg(symlink(target, path) == 0, "symlink %s: %s", path, strerror(errno));
}

void test_remove(const char *dir, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	ck_assert_msg(unlink(path) == 0, "unlink %s: %s", path, strerror(errno));
}

char *test_tmpdir(void)
{
	char tmpl[] = "/tmp/netobs-test.XXXXXX";
	char *dir = mkdtemp(tmpl);

	ck_assert_msg(dir != NULL, "mkdtemp: %s", strerror(errno));
	return strdup(dir);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void test_drop_tree(char *dir, struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	test_rmtree(dir);
	free(dir);
}

void test_rmtree(const char *dir)
{
	if (dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* nftw() passes no argument through: where the copy being made goes. */
static struct {
	const char *src, *dst;
} copying;

static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[8192];
	ssize_t n = 0;
	int in, out;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
	while (out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			n = -1;
	close(in);
	if (out < 0)
		return -1;
	close(out);
	return n < 0 ? -1 : 0;
}

static int copy_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	char to[4096], link[4096];
	ssize_t n;

	(void)ftw;
	snprintf(to, sizeof(to), "%s%s", copying.dst, path + strlen(copying.src));
	switch (flag) {
	case FTW_D:
		return mkdir(to, st->st_mode & 07777) < 0 && errno != EEXIST ? -1 : 0;
	case FTW_SL:
	case FTW_SLN:
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			return -1;
		link[n] = '\0';
		return symlink(link, to);
	case FTW_F:
		return copy_file(path, to, st->st_mode);
	}
	return -1; /* unreadable folders have no place in a fixture */
}

char *test_copy_tree(const char *src)
{
	char *dir = test_tmpdir();

	copying.src = src;
	copying.dst = dir;
	ck_assert_msg(nftw(src, copy_one, 16, FTW_PHYS) == 0, "copying %s to %s: %s", src, dir,
		      strerror(errno));
	return dir;
}

const char *test_warning_text(const struct netobs_warning *warning, char *buf, size_t size)
{
	const char *file = netobs_warning_file(warning);
	unsigned int line = netobs_warning_line(warning);

	if (file && line)
		snprintf(buf, size, "%s:%u: %s", file, line, netobs_warning_message(warning));
	else
		snprintf(buf, size, "%s%s%s", file ? file : "", file ? ": " : "",
			 netobs_warning_message(warning));
	return buf;
}

const char *test_warnings(const struct netobs_ctx *ctx)
{
	static char buf[16384];
	char one[4200];
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < test_warning_count(ctx) && used + 1 < sizeof(buf); i++) {
		int n = snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? "; " : "",
				 test_warning_text(netobs_ctx_warning(ctx, i), one, sizeof(one)));

		if (n < 0 || (size_t)n >= sizeof(buf) - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

void test_assert_refused(const struct netobs_ctx *ctx, const struct netobs_snapshot *snap,
			 enum netobs_section section, const char *where, const char *what)
{
	const struct netobs_warning *found = NULL;
	enum netobs_section in;
	char text[4200];
	size_t i;

	ck_assert_msg(!netobs_snapshot_section_ok(snap, section), "section %s was read",
		      netobs_section_name(section));
	for (i = 0; i < netobs_ctx_warning_count(ctx); i++) {
		const struct netobs_warning *w = netobs_ctx_warning(ctx, i);

		if (netobs_warning_section(w, &in) == 0 && in == section)
			found = w;
	}
	ck_assert_msg(found, "no warning for %s: %s", netobs_section_name(section),
		      test_warnings(ctx));
	test_warning_text(found, text, sizeof(text));
	ck_assert_msg(strncmp(text, where, strlen(where)) == 0, "'%s' does not start with '%s'",
		      text, where);
	ck_assert_msg(strstr(text, what) != NULL, "'%s' lacks '%s'", text, what);
}

#undef netobs_ctx_warning_count
#undef netobs_ctx_warning

static bool is_qdiscs_warning(const struct netobs_warning *w)
{
	enum netobs_section s;

	return netobs_warning_section(w, &s) == 0 && s == NETOBS_SECTION_QDISCS;
}

size_t test_warning_count(const struct netobs_ctx *ctx)
{
	size_t i, n = 0;

	for (i = 0; i < netobs_ctx_warning_count(ctx); i++)
		n += !is_qdiscs_warning(netobs_ctx_warning(ctx, i));
	return n;
}

const struct netobs_warning *test_warning(const struct netobs_ctx *ctx, size_t i)
{
	size_t k;

	for (k = 0; k < netobs_ctx_warning_count(ctx); k++) {
		const struct netobs_warning *w = netobs_ctx_warning(ctx, k);

		if (!is_qdiscs_warning(w) && i-- == 0)
			return w;
	}
	return NULL;
}
