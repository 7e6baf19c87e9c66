/* SPDX-License-Identifier: MIT */
#include "config.h"

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
