/* SPDX-License-Identifier: MIT */
/* Shared by the test suites: fixture contexts and small assertions. */
#ifndef NETOBS_TESTUTIL_H
#define NETOBS_TESTUTIL_H

#include <check.h>
#include <netobs.h>

/* A context reading the tree at ROOT with SOURCE; aborts the test on
 * failure. */
struct netobs_ctx *test_root_ctx(const char *root, enum netobs_source source);
/* A context reading tests/fixtures/NAME with SOURCE; aborts the test on
 * failure. */
struct netobs_ctx *test_fixture_ctx(const char *name, enum netobs_source source);
/* A snapshot of tests/fixtures/NAME; the context is returned in *CTX. */
struct netobs_snapshot *test_fixture_snapshot(const char *name, enum netobs_source source,
					      struct netobs_ctx **ctx);
/* The device NAME of SNAP, failing the test when absent. */
const struct netobs_device *test_device(const struct netobs_snapshot *snap, const char *name);
/* Writes TEXT to DIR/REL, creating parent directories.  For bad-input tests
 * that build a tree in a temporary directory. */
void test_write_file(const char *dir, const char *rel, const char *text);
/* Creates DIR/REL and its parents (mkdir -p). */
void test_mkdir(const char *dir, const char *rel);
/* A symlink DIR/REL pointing to TARGET, creating parent directories. */
void test_symlink(const char *dir, const char *rel, const char *target);
/* Removes the file or symlink DIR/REL, failing the test when absent. */
void test_remove(const char *dir, const char *rel);
/* A fresh temporary directory (mkdtemp), removed by test_rmtree. */
char *test_tmpdir(void);
void test_rmtree(const char *dir);
/* A fresh temporary directory holding a copy of SRC: files, folders and
 * symlinks as they are (the fixture trees are made of links, like /sys),
 * modes kept.  Removed by test_rmtree. */
char *test_copy_tree(const char *src);
/* Frees SNAP and CTX (either may be NULL), removes DIR and frees its name. */
void test_drop_tree(char *dir, struct netobs_ctx *ctx, struct netobs_snapshot *snap);

/* Every warning of CTX as "FILE:LINE: what" lines joined by "; ", for
 * strstr() in assertions.  Valid until the next call. */
const char *test_warnings(const struct netobs_ctx *ctx);

/* WARNING as "FILE:LINE: what" (or "FILE: what", or "what") into BUF. */
const char *test_warning_text(const struct netobs_warning *warning, char *buf, size_t size);
/* Asserts that SNAP lacks SECTION and that the last warning of that section
 * (the reason it is absent) starts with WHERE and contains WHAT. */
void test_assert_refused(const struct netobs_ctx *ctx, const struct netobs_snapshot *snap,
			 enum netobs_section section, const char *where, const char *what);

/* A fixture tree never has qdiscs (netlink only), so every snapshot of one
 * warns that the qdiscs section is absent.  The suites about trees look
 * past that warning: these count and index the others.  Write
 * (netobs_ctx_warning_count)(ctx) for the library's own. */
size_t test_warning_count(const struct netobs_ctx *ctx);
const struct netobs_warning *test_warning(const struct netobs_ctx *ctx, size_t i);
#define netobs_ctx_warning_count(ctx) test_warning_count(ctx)
#define netobs_ctx_warning(ctx, i) test_warning(ctx, i)

#endif
