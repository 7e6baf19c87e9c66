/* SPDX-License-Identifier: MIT */
/*
 * One bad file costs its own section, never the snapshot.  Each case copies
 * tests/fixtures/docker-host into a temporary tree, breaks one section's
 * file in one way (missing, empty, unreadable, cut short, mixed widths,
 * garbage, a folder in its place, a symlink loop, 100 MB), takes a /proc
 * snapshot and checks that exactly that section is absent, that its last
 * warning says which file, which line and what was wrong, and that every
 * other section is exactly what the intact tree gives.  Then the lenient
 * side: a last line without its newline whose columns are complete is read,
 * with one warning.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "testutil.h"

Suite *make_sections_suite(void);
/* suite-proto.c */
void test_same_proto(const struct netobs_snapshot *a, const struct netobs_snapshot *b,
		     enum netobs_section s);
void test_no_proto(const struct netobs_snapshot *snap, enum netobs_section s);

#define FIXTURE "docker-host"
#define DEV "proc/net/dev"
#define SOFTNET "proc/net/softnet_stat"
#define ONLINE "sys/devices/system/cpu/online"
#define SOFTIRQS "proc/softirqs"
#define CORE "proc/sys/net"
#define SNMP "proc/net/snmp"
#define NETSTAT "proc/net/netstat"
#define SNMP6 "proc/net/snmp6"
#define HUGE_SIZE (100 << 20)

enum breakage {
	MISSING,
	EMPTY,
	UNREADABLE,
	CUT_SHORT,	/* the last line cut in its middle, no newline */
	MIXED_WIDTHS,	/* softnet: line 2 two columns short */
	GARBAGE,
	DIRECTORY,
	SYMLINK_LOOP,
	HUGE,		/* a sparse 100 MB file: all NUL bytes, no newline */
};

struct broken {
	enum netobs_section section;
	const char *file;	/* under the root; CORE: every tunable's file below it */
	enum breakage how;
	unsigned int line;	/* in the warning; 0: about the whole file */
	const char *what;	/* in the warning */
	const char *each;	/* tunables: in each tunable's own warning */
};

/* Lines of the fixture's files, for the cut-short cases. */
#define DEV_LINES 9
#define SOFTNET_LINES 2
#define SOFTIRQS_LINES 11

static const struct broken cases[] = {
	{ NETOBS_SECTION_DEVICES, DEV, MISSING, 0, "No such file or directory", NULL },
	{ NETOBS_SECTION_DEVICES, DEV, EMPTY, 0, "empty (masked?)", NULL },
	{ NETOBS_SECTION_DEVICES, DEV, UNREADABLE, 0, "Permission denied", NULL },
	{ NETOBS_SECTION_DEVICES, DEV, CUT_SHORT, DEV_LINES,
	  "expected 16 (the last line has no newline: cut short)", NULL },
	{ NETOBS_SECTION_DEVICES, DEV, GARBAGE, 1, "not the /proc/net/dev header", NULL },
	{ NETOBS_SECTION_DEVICES, DEV, DIRECTORY, 0, "Is a directory", NULL },
	{ NETOBS_SECTION_DEVICES, DEV, SYMLINK_LOOP, 0, "Too many levels of symbolic links", NULL },
	/* Refused before it is read whole: the context never holds 100 MB. */
	{ NETOBS_SECTION_DEVICES, DEV, HUGE, 0, "larger than 16 MiB: no kernel writes that", NULL },

	{ NETOBS_SECTION_SOFTNET, SOFTNET, MISSING, 0, "not readable (No such file", NULL },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, EMPTY, 0, "empty (masked?)", NULL },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, UNREADABLE, 0, "not readable (Permission denied)", NULL },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, CUT_SHORT, SOFTNET_LINES,
	  "expected 13 like line 1 (the last line has no newline: cut short)", NULL },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, MIXED_WIDTHS, 2, "11 columns, expected 13 like line 1",
	  NULL },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, GARBAGE, 1, "column 1: 'this' is not hexadecimal", NULL },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, DIRECTORY, 0, "not readable (Is a directory)", NULL },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, SYMLINK_LOOP, 0,
	  "not readable (Too many levels of symbolic links)", NULL },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, HUGE, 0, "larger than 16 MiB", NULL },
	/* The online list labels softnet's rows: a bad one costs softnet. */
	{ NETOBS_SECTION_SOFTNET, ONLINE, GARBAGE, 1, "not a CPU list", NULL },

	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, MISSING, 0, "not readable (No such file", NULL },
	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, EMPTY, 0, "empty (masked?)", NULL },
	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, UNREADABLE, 0, "not readable (Permission denied)",
	  NULL },
	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, CUT_SHORT, SOFTIRQS_LINES,
	  "counts for 2 CPUs (the last line has no newline: cut short)", NULL },
	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, GARBAGE, 1, "'this' is not a CPU name", NULL },
	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, DIRECTORY, 0, "not readable (Is a directory)", NULL },
	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, SYMLINK_LOOP, 0,
	  "not readable (Too many levels of symbolic links)", NULL },
	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, HUGE, 0, "larger than 16 MiB", NULL },

	/* Tunables are absent one by one: the section goes only with all. */
	{ NETOBS_SECTION_TUNABLES, CORE, MISSING, 0, "none of the tunables is there", NULL },
	{ NETOBS_SECTION_TUNABLES, CORE, EMPTY, 0, "no tunable could be read", "empty (masked?)" },
	{ NETOBS_SECTION_TUNABLES, CORE, UNREADABLE, 0, "no tunable could be read",
	  "not readable (Permission denied)" },
	{ NETOBS_SECTION_TUNABLES, CORE, GARBAGE, 0, "no tunable could be read",
	  "'this' is not a number" },
	{ NETOBS_SECTION_TUNABLES, CORE, DIRECTORY, 0, "no tunable could be read",
	  "not readable (Is a directory)" },
	{ NETOBS_SECTION_TUNABLES, CORE, SYMLINK_LOOP, 0, "no tunable could be read",
	  "not readable (Too many levels of symbolic links)" },
	/* 63 bytes are read of a one-line sysctl: NULs look empty. */
	{ NETOBS_SECTION_TUNABLES, CORE, HUGE, 0, "no tunable could be read", "empty (masked?)" },

	{ NETOBS_SECTION_SNMP, SNMP, MISSING, 0, "not readable (No such file", NULL },
	{ NETOBS_SECTION_SNMP, SNMP, EMPTY, 0, "empty (masked?)", NULL },
	{ NETOBS_SECTION_SNMP, SNMP, GARBAGE, 1, "'this' is not 'Group:' and words", NULL },
	{ NETOBS_SECTION_SNMP, SNMP, HUGE, 0, "larger than 16 MiB", NULL },
	{ NETOBS_SECTION_NETSTAT, NETSTAT, MISSING, 0, "not readable (No such file", NULL },
	{ NETOBS_SECTION_NETSTAT, NETSTAT, GARBAGE, 1, "'this' is not 'Group:' and words", NULL },
	{ NETOBS_SECTION_SNMP6, SNMP6, MISSING, 0, "not readable (No such file", NULL },
	{ NETOBS_SECTION_SNMP6, SNMP6, GARBAGE, 1, "expected 'Name value'", NULL },
};

/* ---- breaking a file ------------------------------------------------------ */

static void path_of(char *buf, size_t size, const char *root, const char *rel)
{
	snprintf(buf, size, "%s/%s", root, rel);
}

static void replace(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "fopen %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;

	ck_assert_int_eq(netobs__file_read(path, &buf, &cap, len), 0);
	return buf;
}

/* Cuts the file in the middle of its last line: too few columns remain. */
static void cut_short(const char *path)
{
	size_t len, start;
	char *text = slurp(path, &len);

	ck_assert(len > 1 && text[len - 1] == '\n');
	for (start = len - 1; start > 0 && text[start - 1] != '\n'; start--)
		;
	replace(path, text, start + (len - 1 - start) / 2);
	free(text);
}

/* Line 2 of softnet_stat loses its last two columns: 11, a known width. */
static void mixed_widths(const char *path)
{
	size_t len;
	char *text = slurp(path, &len), *nl = strchr(text, '\n');

	ck_assert(nl != NULL && text[len - 1] == '\n');
	text[len - 1] = '\0';
	*strrchr(text, ' ') = '\0';
	*strrchr(text, ' ') = '\0';
	strcat(text, "\n");
	replace(path, text, strlen(text));
	free(text);
}

static void make_huge(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(ftruncate(fd, HUGE_SIZE), 0);
	close(fd);
}

/* 1 when PATH was broken HOW; 0 when HOW cannot be done here. */
static int break_file(const char *path, enum breakage how)
{
	if (how != CUT_SHORT && how != MIXED_WIDTHS)
		ck_assert_int_eq(unlink(path), 0);
	switch (how) {
	case MISSING:
		return 1;
	case EMPTY:
		replace(path, "", 0);
		return 1;
	case UNREADABLE:
		replace(path, "0\n", 2);
		ck_assert_int_eq(chmod(path, 0), 0);
		return access(path, R_OK) < 0;
	case CUT_SHORT:
		cut_short(path);
		return 1;
	case MIXED_WIDTHS:
		mixed_widths(path);
		return 1;
	case GARBAGE:
		replace(path, "this is not a kernel file\n", 26);
		return 1;
	case DIRECTORY:
		ck_assert_int_eq(mkdir(path, 0755), 0);
		return 1;
	case SYMLINK_LOOP:
		ck_assert_int_eq(symlink(strrchr(path, '/') + 1, path), 0);
		return 1;
	case HUGE:
		make_huge(path);
		return 1;
	}
	return 0;
}

/* ---- comparing with the intact tree ---------------------------------------- */

static struct netobs_snapshot *take(struct netobs_ctx *ctx)
{
	struct netobs_snapshot *snap = NULL;
	int err = netobs_snapshot_take(&snap, ctx);

	ck_assert_msg(err == 0, "snapshot: %s: %s", netobs_strerror(err),
		      netobs_ctx_message(ctx));
	return snap;
}

static void same_devices(const struct netobs_snapshot *a, const struct netobs_snapshot *b)
{
	size_t i, c;

	ck_assert_uint_eq(netobs_snapshot_device_count(b), netobs_snapshot_device_count(a));
	ck_assert_uint_gt(netobs_snapshot_device_count(a), 0);
	for (i = 0; i < netobs_snapshot_device_count(a); i++) {
		const struct netobs_device *da = netobs_snapshot_device(a, i);
		const struct netobs_device *db = test_device(b, netobs_device_name(da));

		ck_assert_int_eq(netobs_device_ifindex(db), netobs_device_ifindex(da));
		for (c = 0; c < NETOBS__COUNTER_MAX; c++) {
			uint64_t va = 1, vb = 2;

			ck_assert_int_eq(netobs_device_counter(db, c, &vb),
					 netobs_device_counter(da, c, &va));
			if (netobs_device_counter(da, c, &va) == 0)
				ck_assert_uint_eq(vb, va);
		}
	}
}

/* Every softnet field (SOFTNET) or softirq of every CPU of A, in B too. */
static void same_cpus(const struct netobs_snapshot *a, const struct netobs_snapshot *b,
		      bool softnet)
{
	size_t i, f, n = softnet ? NETOBS__SOFTNET_MAX : NETOBS__SOFTIRQ_MAX;

	ck_assert_uint_gt(netobs_snapshot_cpu_count(a), 0);
	for (i = 0; i < netobs_snapshot_cpu_count(a); i++) {
		const struct netobs_cpu *ca = netobs_snapshot_cpu(a, i);
		const struct netobs_cpu *cb = netobs_snapshot_cpu_by_id(b, netobs_cpu_id(ca));

		ck_assert_msg(cb != NULL, "CPU %d missing", netobs_cpu_id(ca));
		for (f = 0; f < n; f++) {
			uint64_t va = 1, vb = 2;
			int ea = softnet ? netobs_cpu_softnet(ca, f, &va) : netobs_cpu_softirq(ca, f, &va);
			int eb = softnet ? netobs_cpu_softnet(cb, f, &vb) : netobs_cpu_softirq(cb, f, &vb);

			ck_assert_int_eq(eb, ea);
			if (ea == 0)
				ck_assert_uint_eq(vb, va);
		}
	}
}

static void same_tunables(const struct netobs_snapshot *a, const struct netobs_snapshot *b)
{
	unsigned int t;

	for (t = 0; t < NETOBS__TUNABLE_MAX; t++) {
		int64_t va = 1, vb = 2;

		ck_assert_int_eq(netobs_snapshot_tunable(a, t, &va), 0);
		ck_assert_int_eq(netobs_snapshot_tunable(b, t, &vb), 0);
		ck_assert_int_eq(vb, va);
	}
}

static void same_section(const struct netobs_snapshot *a, const struct netobs_snapshot *b,
			 enum netobs_section s)
{
	if (s == NETOBS_SECTION_SOCKETS)
		return; /* live only: never read under a root */
	ck_assert_msg(netobs_snapshot_section_ok(b, s), "%s absent", netobs_section_name(s));
	switch (s) {
	case NETOBS_SECTION_DEVICES:
		same_devices(a, b);
		break;
	case NETOBS_SECTION_SOFTNET:
	case NETOBS_SECTION_SOFTIRQS:
		same_cpus(a, b, s == NETOBS_SECTION_SOFTNET);
		break;
	case NETOBS_SECTION_TUNABLES:
		same_tunables(a, b);
		break;
	case NETOBS_SECTION_SOCKETS:
	case NETOBS_SECTION_QDISCS: /* netlink only: never in a tree */
		break;
	case NETOBS_SECTION_SNMP:
	case NETOBS_SECTION_NETSTAT:
	case NETOBS_SECTION_SNMP6:
		test_same_proto(a, b, s);
		break;
	}
}

/* Nothing of an absent section is left: no devices, no fields, no values. */
static void nothing_of(const struct netobs_snapshot *snap, enum netobs_section s)
{
	size_t i, f;
	uint64_t v;
	int64_t t;

	if (s == NETOBS_SECTION_DEVICES)
		ck_assert_uint_eq(netobs_snapshot_device_count(snap), 0);
	for (i = 0; i < netobs_snapshot_cpu_count(snap); i++) {
		const struct netobs_cpu *cpu = netobs_snapshot_cpu(snap, i);

		for (f = 0; s == NETOBS_SECTION_SOFTNET && f < NETOBS__SOFTNET_MAX; f++)
			ck_assert_int_eq(netobs_cpu_softnet(cpu, f, &v), -ENODATA);
		for (f = 0; s == NETOBS_SECTION_SOFTIRQS && f < NETOBS__SOFTIRQ_MAX; f++)
			ck_assert_int_eq(netobs_cpu_softirq(cpu, f, &v), -ENODATA);
	}
	for (f = 0; s == NETOBS_SECTION_TUNABLES && f < NETOBS__TUNABLE_MAX; f++)
		ck_assert_int_eq(netobs_snapshot_tunable(snap, f, &t), -ENODATA);
	test_no_proto(snap, s);
}

/* Every section but BROKEN as the intact tree has it, and every warning
 * from BROKEN: the others read as if nothing had happened. */
static void others_intact(const struct netobs_ctx *ctx, const struct netobs_snapshot *intact,
			  const struct netobs_snapshot *snap, enum netobs_section broken)
{
	enum netobs_section in;
	unsigned int s;
	size_t i;

	/* Live-only sections (qdiscs, sockets) are in no tree: skip them. */
	for (s = 0; s < NETOBS__SECTION_MAX; s++)
		if (s != (unsigned int)broken && netobs_snapshot_section_ok(intact, s))
			same_section(intact, snap, (enum netobs_section)s);
	/* docker-host lists both CPUs in softnet and softirqs alike. */
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), netobs_snapshot_cpu_count(intact));
	for (i = 0; i < netobs_ctx_warning_count(ctx); i++) {
		ck_assert_int_eq(netobs_warning_section(netobs_ctx_warning(ctx, i), &in), 0);
		ck_assert_msg(in == broken, "a warning of %s: %s", netobs_section_name(in),
			      test_warnings(ctx));
	}
}

/* ---- the cases --------------------------------------------------------------- */

static struct netobs_snapshot *intact_snapshot(struct netobs_ctx **ctx)
{
	struct netobs_snapshot *snap = test_fixture_snapshot(FIXTURE, NETOBS_SOURCE_PROCFS, ctx);

	ck_assert_msg(netobs_ctx_warning_count(*ctx) == 0, "%s", test_warnings(*ctx));
	return snap;
}

static char *fixture_copy(void)
{
	char src[4096];

	snprintf(src, sizeof(src), "%s/%s", NETOBS_FIXTURES, FIXTURE);
	return test_copy_tree(src);
}

/* ROOT/proc/sys/net/core/NAME or .../ipv4/NAME: the sysctl's own path. */
static void tunable_path(char *buf, size_t size, const char *root, unsigned int t)
{
	const char *sysctl = netobs_tunable_sysctl((enum netobs_tunable)t);
	size_t n = (size_t)snprintf(buf, size, "%s/proc/sys/", root), i;

	for (i = 0; sysctl[i] && n + 1 < size; i++)
		buf[n++] = sysctl[i] == '.' ? '/' : sysctl[i];
	buf[n] = '\0';
}

/* Breaks C's file (every tunable's for CORE): 0 when it cannot be done. */
static int break_case(const char *root, const struct broken *c)
{
	char path[4096];
	unsigned int t;
	int done = 1;

	if (strcmp(c->file, CORE) != 0) {
		path_of(path, sizeof(path), root, c->file);
		return break_file(path, c->how);
	}
	/* Every one, even when root could read them: nobody may be next. */
	for (t = 0; t < NETOBS__TUNABLE_MAX; t++) {
		tunable_path(path, sizeof(path), root, t);
		done &= break_file(path, c->how);
	}
	return done;
}

/* Each tunable's own warning names its file and says what was wrong. */
static void each_tunable_warned(const struct netobs_ctx *ctx, const char *root, const char *what)
{
	char where[4096];
	unsigned int t;

	for (t = 0; what && t < NETOBS__TUNABLE_MAX; t++) {
		tunable_path(where, sizeof(where), root, t);
		ck_assert_msg(strstr(test_warnings(ctx), where) != NULL, "no warning for %s: %s",
			      where, test_warnings(ctx));
	}
	if (what)
		ck_assert_msg(strstr(test_warnings(ctx), what), "'%s' lacks '%s'",
			      test_warnings(ctx), what);
}

static void assert_broken(const struct netobs_ctx *ctx, const struct netobs_snapshot *snap,
			  const char *root, const struct broken *c)
{
	char where[4096];

	if (c->line)
		snprintf(where, sizeof(where), "%s/%s:%u: ", root, c->file, c->line);
	else
		snprintf(where, sizeof(where), "%s/%s: ", root, c->file);
	test_assert_refused(ctx, snap, c->section, where, c->what);
	nothing_of(snap, c->section);
	each_tunable_warned(ctx, root, c->each);
}

/* Root reads a mode-000 file anyway: an unreadable case is run by a child
 * that drops to nobody (uid and gid 65534, no groups), as a container's
 * unprivileged agent would read a tree.  The child checks what the case
 * checks and exits 0 only if every check held; a failed ck_assert in it
 * exits non-zero (Check's fork mode), which fails the case here. */
static void broken_as_nobody(char *root, const struct broken *c,
			     const struct netobs_snapshot *intact)
{
	const uid_t nobody = 65534;
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	int status;
	pid_t pid;

	ck_assert_int_eq(chmod(root, 0755), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		ck_assert_int_eq(setgroups(0, NULL), 0);
		ck_assert_int_eq(setresgid(nobody, nobody, nobody), 0);
		ck_assert_int_eq(setresuid(nobody, nobody, nobody), 0);
		ck_assert_int_ne(access(root, X_OK), -1);
		ctx = test_root_ctx(root, NETOBS_SOURCE_PROCFS);
		snap = take(ctx);
		assert_broken(ctx, snap, root, c);
		others_intact(ctx, intact, snap, c->section);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "case %s %s as uid 65534 failed (status %#x)",
		      netobs_section_name(c->section), c->file, status);
}

START_TEST(test_broken)
{
	const struct broken *c = &cases[_i];
	struct netobs_ctx *intact_ctx, *ctx;
	struct netobs_snapshot *intact = intact_snapshot(&intact_ctx), *snap;
	char *root = fixture_copy();
	const char *fork_mode = getenv("CK_FORK");

	if (!break_case(root, c)) {
		/* Only an unreadable case can fail to break: we are root. */
		ck_assert_int_eq(c->how, UNREADABLE);
		if (geteuid() == 0 && !(fork_mode && strcmp(fork_mode, "no") == 0))
			broken_as_nobody(root, c, intact);
		else
			printf("sections: case %d (%s %s) skipped: CK_FORK=no cannot check "
			       "a child\n", _i, netobs_section_name(c->section), c->file);
		test_drop_tree(root, intact_ctx, intact);
		return;
	}
	ctx = test_root_ctx(root, NETOBS_SOURCE_PROCFS);
	snap = take(ctx);
	assert_broken(ctx, snap, root, c);
	others_intact(ctx, intact, snap, c->section);
	netobs_snapshot_free(intact);
	netobs_ctx_free(intact_ctx);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* ---- the lenient side ---------------------------------------------------------- */

struct unterminated {
	enum netobs_section section;
	const char *file;
	unsigned int line;	/* the last */
};

static const struct unterminated lenient[] = {
	{ NETOBS_SECTION_DEVICES, DEV, DEV_LINES },
	{ NETOBS_SECTION_SOFTNET, SOFTNET, SOFTNET_LINES },
	{ NETOBS_SECTION_SOFTIRQS, SOFTIRQS, SOFTIRQS_LINES },
};

static void drop_last_newline(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);

	ck_assert(len > 0 && text[len - 1] == '\n');
	replace(path, text, len - 1);
	free(text);
}

START_TEST(test_unterminated_read)
{
	const struct unterminated *c = &lenient[_i];
	struct netobs_ctx *intact_ctx, *ctx;
	struct netobs_snapshot *intact = intact_snapshot(&intact_ctx), *snap;
	char *root = fixture_copy(), path[4096], want[4200], got[4200];

	path_of(path, sizeof(path), root, c->file);
	drop_last_newline(path);
	ctx = test_root_ctx(root, NETOBS_SOURCE_PROCFS);
	snap = take(ctx);
	ck_assert_uint_eq(netobs_ctx_warning_count(ctx), 1);
	snprintf(want, sizeof(want), "%s:%u: the last line has no newline; its columns were "
		 "complete, so it was read", path, c->line);
	test_warning_text(netobs_ctx_warning(ctx, 0), got, sizeof(got));
	ck_assert_str_eq(got, want);
	same_section(intact, snap, c->section);
	others_intact(ctx, intact, snap, c->section);
	netobs_snapshot_free(intact);
	netobs_ctx_free(intact_ctx);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* One tunable broken costs only that tunable, with a warning naming it. */
START_TEST(test_one_tunable)
{
	struct netobs_ctx *intact_ctx, *ctx;
	struct netobs_snapshot *intact = intact_snapshot(&intact_ctx), *snap;
	char *root = fixture_copy(), path[4096], want[4200], got[4200];
	int64_t a, b;
	unsigned int t;

	tunable_path(path, sizeof(path), root, NETOBS_TUNABLE_DEV_WEIGHT);
	replace(path, "sixty-four\n", 11);
	ctx = test_root_ctx(root, NETOBS_SOURCE_PROCFS);
	snap = take(ctx);
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_TUNABLES));
	ck_assert_uint_eq(netobs_ctx_warning_count(ctx), 1);
	snprintf(want, sizeof(want), "%s:1: 'sixty-four' is not a number", path);
	ck_assert_str_eq(test_warning_text(netobs_ctx_warning(ctx, 0), got, sizeof(got)), want);
	for (t = 0; t < NETOBS__TUNABLE_MAX; t++) {
		ck_assert_int_eq(netobs_snapshot_tunable(intact, t, &a), 0);
		if (t == NETOBS_TUNABLE_DEV_WEIGHT)
			ck_assert_int_eq(netobs_snapshot_tunable(snap, t, &b), -ENODATA);
		else
			ck_assert(netobs_snapshot_tunable(snap, t, &b) == 0 && a == b);
	}
	netobs_snapshot_free(intact);
	netobs_ctx_free(intact_ctx);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* ---- an unusable sysfs: the automatic source falls back ---------------------- */

/* ROOT/sys/class/net made unusable in some way a captured tree can have. */
static const struct {
	const char *how;	/* "loop" or "file" */
	const char *what;	/* in the sysfs warning */
} unusable_sysfs[] = {
	{ "loop", "Too many levels of symbolic links" },
	{ "file", "Not a directory" },
};

static void empty_folder(const char *dir)
{
	char path[4096 + 256];
	struct dirent *de;
	DIR *d = opendir(dir);

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			ck_assert_int_eq(unlink(path), 0);
		}
	closedir(d);
	ck_assert_int_eq(rmdir(dir), 0);
}

/* Every device of A in B with the counters /proc/net/dev gives (B has no
 * sysfs: no ifindex, no attributes). */
static void same_proc_counters(const struct netobs_snapshot *a, const struct netobs_snapshot *b)
{
	size_t i;

	ck_assert_uint_eq(netobs_snapshot_device_count(b), netobs_snapshot_device_count(a));
	for (i = 0; i < netobs_snapshot_device_count(a); i++) {
		const struct netobs_device *da = netobs_snapshot_device(a, i);
		const struct netobs_device *db = test_device(b, netobs_device_name(da));
		uint64_t va = 1, vb = 2;

		ck_assert_int_eq(netobs_device_counter(da, NETOBS_RX_DROPPED, &va), 0);
		ck_assert_int_eq(netobs_device_counter(db, NETOBS_RX_DROPPED, &vb), 0);
		ck_assert_uint_eq(vb, va);
		ck_assert_int_eq(netobs_device_counter(da, NETOBS_RX_PACKETS, &va), 0);
		ck_assert_int_eq(netobs_device_counter(db, NETOBS_RX_PACKETS, &vb), 0);
		ck_assert_uint_eq(vb, va);
	}
}

/* /proc/net/dev is intact: every device of it is there, from it, and one
 * warning of the devices section says why sysfs was not used. */
START_TEST(test_sysfs_unusable)
{
	struct netobs_ctx *intact_ctx, *ctx;
	struct netobs_snapshot *intact = intact_snapshot(&intact_ctx), *snap;
	char *root = fixture_copy(), path[4096];

	path_of(path, sizeof(path), root, "sys/class/net");
	empty_folder(path);
	if (strcmp(unusable_sysfs[_i].how, "loop") == 0)
		ck_assert_int_eq(symlink("net", path), 0);
	else
		replace(path, "eth0\n", 5);
	ctx = test_root_ctx(root, NETOBS_SOURCE_AUTO);
	snap = take(ctx);
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_DEVICES));
	ck_assert_int_eq(netobs_snapshot_source(snap), NETOBS_SOURCE_PROCFS);
	same_proc_counters(intact, snap);
	ck_assert_msg(strstr(test_warnings(ctx), path) &&
		      strstr(test_warnings(ctx), unusable_sysfs[_i].what),
		      "%s", test_warnings(ctx));
	netobs_snapshot_free(intact);
	netobs_ctx_free(intact_ctx);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* ---- what sysfs costs less than a section ------------------------------------ */

/* The warning whose file is FILE: its message contains WHAT. */
static void warned_at(const struct netobs_ctx *ctx, const char *file, const char *what)
{
	size_t i;

	for (i = 0; i < netobs_ctx_warning_count(ctx); i++) {
		const struct netobs_warning *w = netobs_ctx_warning(ctx, i);
		const char *f = netobs_warning_file(w);

		if (f && strcmp(f, file) == 0 && strstr(netobs_warning_message(w), what))
			return;
	}
	ck_abort_msg("no warning at %s saying '%s': %s", file, what, test_warnings(ctx));
}

/* A 100 MB speed file says how long is too long; a looping counter file is
 * named, not silently absent; an invalid name and a doubled ifindex carry
 * their file (ROOT/sys/class/net...) for JSON's "file". */
START_TEST(test_sysfs_entries)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	char *root = fixture_copy(), eth0[4096], path[4200], real[4096];
	const struct netobs_device *dev;
	uint64_t v;

	path_of(eth0, sizeof(eth0), root, "sys/class/net/eth0");
	ck_assert_ptr_nonnull(realpath(eth0, real));
	snprintf(path, sizeof(path), "%s/speed", real);
	make_huge(path);
	snprintf(path, sizeof(path), "%s/statistics/rx_dropped", real);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(symlink("rx_dropped", path), 0);
	path_of(path, sizeof(path), root, "sys/class/net/bad:name");
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ctx = test_root_ctx(root, NETOBS_SOURCE_SYSFS);
	snap = take(ctx);
	dev = test_device(snap, "eth0");
	ck_assert_int_eq(netobs_device_counter(dev, NETOBS_RX_DROPPED, &v), -ENODATA);
	ck_assert_int_eq(netobs_device_counter(dev, NETOBS_RX_PACKETS, &v), 0);
	ck_assert_msg(strstr(test_warnings(ctx), "/speed: too long: over 4096 bytes, which no sysfs "
						 "attribute is"), "%s", test_warnings(ctx));
	ck_assert_msg(strstr(test_warnings(ctx), "/statistics/rx_dropped: not readable (Too "
						 "many levels of symbolic links)"),
		      "%s", test_warnings(ctx));
	warned_at(ctx, path, "invalid device name, skipped");
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	/* eth0 made a second ifindex 1 next to lo. */
	ctx = test_root_ctx(root, NETOBS_SOURCE_SYSFS);
	snprintf(path, sizeof(path), "%s/ifindex", real);
	replace(path, "1\n", 2);
	snap = take(ctx);
	path_of(path, sizeof(path), root, "sys/class/net");
	warned_at(ctx, path, "have the same ifindex 1");
	test_drop_tree(root, ctx, snap);
}
END_TEST

Suite *make_sections_suite(void)
{
	Suite *s = suite_create("sections");
	TCase *tc = tcase_create("broken");

	/* Each 100 MB case reads its file once: seconds, not minutes. */
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_broken, 0, (int)NETOBS__ARRAY_SIZE(cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("lenient");
	tcase_add_loop_test(tc, test_unterminated_read, 0, (int)NETOBS__ARRAY_SIZE(lenient));
	tcase_add_test(tc, test_one_tunable);
	suite_add_tcase(s, tc);
	tc = tcase_create("fallback");
	tcase_add_loop_test(tc, test_sysfs_unusable, 0, (int)NETOBS__ARRAY_SIZE(unusable_sysfs));
	tcase_add_test(tc, test_sysfs_entries);
	suite_add_tcase(s, tc);
	return s;
}
