/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for a whole tree: the bytes are up to nine files, each
 * part starting after a line "====" (the first part at the start):
 * /proc/net/dev, /proc/net/softnet_stat, /proc/softirqs,
 * /sys/devices/system/cpu/online, /proc/sys/net/core/netdev_max_backlog
 * (the only tunable in the tree), /proc/net/snmp, /proc/net/netstat,
 * /proc/net/snmp6 and /sys/class/net/eth0/mtu (a sysfs attribute, which
 * costs a value, never a section).  A file with no part is not written.
 * A part that starts "@dir\n" becomes a directory in place of the file,
 * one that starts "@loop\n" a symbolic link to itself: both are refused
 * like a missing file.  They go into one temporary tree per process, and
 * a /proc snapshot is taken of it.  Aborts when the snapshot and the parsers disagree: a
 * section reported read whose file its parser alone refuses, or the other
 * way round; a section read whose values break its own rules (softnet
 * fields of one width for every online CPU, both softirqs or none, the
 * tunable's exact value); a snapshot that fails while a section could be
 * read.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum part { DEV, SOFTNET, SOFTIRQS, ONLINE, TUNABLE, SNMP, NETSTAT, SNMP6, MTU, NPARTS };

static const char *const rel[NPARTS] = {
	"/proc/net/dev", "/proc/net/softnet_stat", "/proc/softirqs",
	"/sys/devices/system/cpu/online", "/proc/sys/net/core/netdev_max_backlog",
	"/proc/net/snmp", "/proc/net/netstat", "/proc/net/snmp6", "/sys/class/net/eth0/mtu",
};

/* What stands where a part's file would: the file, or what a captured
 * tree may hold instead. */
enum shape { AS_FILE, AS_DIR, AS_LOOP };

struct parts {
	const char *p[NPARTS];
	size_t len[NPARTS];
	bool present[NPARTS];	/* a regular file with these bytes */
	enum shape shape[NPARTS];
	bool given[NPARTS];	/* anything at all at its path */
};

static char root[64];
static struct netobs_ctx *ctx;

/* ---- the tree ------------------------------------------------------------------ */

static void make_dirs(void)
{
	static const char *const dirs[] = {
		"/proc", "/proc/net", "/proc/sys", "/proc/sys/net", "/proc/sys/net/core",
		"/sys", "/sys/devices", "/sys/devices/system", "/sys/devices/system/cpu",
		"/sys/class", "/sys/class/net", "/sys/class/net/eth0",
	};
	char path[128];
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			abort();
	}
}

/* One tree per process, removed at exit; a context over it, kept as watch
 * mode keeps one. */
static void setup(void)
{
	/* tmpfs when there is one: five files are written per input. */
	snprintf(root, sizeof(root), "%s/netobs-fuzz-tree.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(root))
		abort();
	make_dirs();
	if (netobs_ctx_new(&ctx) < 0 || netobs_ctx_set_root(ctx, root) < 0 ||
	    netobs_ctx_set_source(ctx, NETOBS_SOURCE_PROCFS) < 0)
		abort();
}

static void cleanup(void)
{
	static const char *const dirs[] = {
		"/sys/class/net/eth0", "/sys/class/net", "/sys/class",
		"/sys/devices/system/cpu", "/sys/devices/system", "/sys/devices", "/sys",
		"/proc/sys/net/core", "/proc/sys/net", "/proc/sys", "/proc/net", "/proc", "",
	};
	char path[128];
	size_t i;

	for (i = 0; i < NPARTS; i++) {
		snprintf(path, sizeof(path), "%s%s", root, rel[i]);
		if (unlink(path) < 0)
			rmdir(path);
	}
	for (i = 0; i < NETOBS__ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
		rmdir(path);
	}
	netobs_ctx_free(ctx);
}

static void put(enum part i, const struct parts *pt)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s%s", root, rel[i]);
	if (unlink(path) < 0 && errno != ENOENT && rmdir(path) < 0)
		abort();
	if (!pt->given[i])
		return;
	if (pt->shape[i] == AS_DIR) {
		if (mkdir(path, 0755) < 0)
			abort();
		return;
	}
	if (pt->shape[i] == AS_LOOP) {
		if (symlink(strrchr(rel[i], '/') + 1, path) < 0)
			abort();
		return;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, pt->p[i], pt->len[i]) != (ssize_t)pt->len[i])
		abort();
	close(fd);
}

/* The next "====\n" at the start of a line, or NULL. */
static const char *separator(const char *p, const char *end)
{
	const char *s;

	for (s = p; end - s >= 5; s++) {
		s = memmem(s, (size_t)(end - s), "====\n", 5);
		if (!s)
			return NULL;
		if (s == p || s[-1] == '\n')
			return s;
	}
	return NULL;
}

/* "@dir\n" or "@loop\n" at the start of part I: that shape, no bytes. */
static void shape(struct parts *pt, size_t i)
{
	if (pt->len[i] >= 5 && memcmp(pt->p[i], "@dir\n", 5) == 0)
		pt->shape[i] = AS_DIR;
	else if (pt->len[i] >= 6 && memcmp(pt->p[i], "@loop\n", 6) == 0)
		pt->shape[i] = AS_LOOP;
	else
		pt->shape[i] = AS_FILE;
}

static void split(const uint8_t *data, size_t size, struct parts *pt)
{
	const char *p = (const char *)data, *end = p + size, *sep;
	size_t i;

	memset(pt, 0, sizeof(*pt));
	for (i = 0; i < NPARTS; i++) {
		sep = separator(p, end);
		pt->p[i] = p;
		pt->len[i] = (size_t)((sep ? sep : end) - p);
		pt->given[i] = true;
		shape(pt, i);
		pt->present[i] = pt->shape[i] == AS_FILE;
		if (!sep)
			return;
		p = sep + 5;
	}
}

/* ---- what each parser alone says ------------------------------------------------- */

static int count_row(void *arg, const char *name, const uint64_t cols[16])
{
	(void)name;
	(void)cols;
	(*(size_t *)arg)++;
	return 0;
}

/* The online ids, as the softnet reader reads them: -EBADMSG when the
 * list is there but malformed (softnet is then refused); *N 0 without. */
static int online_ids(const struct parts *pt, int **ids, size_t *n)
{
	int err;

	*ids = NULL;
	*n = 0;
	if (!pt->present[ONLINE] || pt->len[ONLINE] == 0)
		return 0;
	err = netobs__cpulist_parse(pt->p[ONLINE], pt->len[ONLINE], NULL, 0, n);
	if (err == -EBADMSG)
		return err;
	*ids = malloc(*n * sizeof(**ids) + 1);
	if (!*ids)
		abort();
	if (netobs__cpulist_parse(pt->p[ONLINE], pt->len[ONLINE], *ids, *n, n) != 0)
		abort(); /* the same bytes, room enough: it must agree */
	return 0;
}

static bool softnet_accepted(struct netobs_ctx *c, const struct parts *pt)
{
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));
	int *ids, err;
	size_t n;

	if (!snap)
		abort();
	err = online_ids(pt, &ids, &n);
	if (err == 0 && pt->present[SOFTNET])
		err = netobs__softnet_parse(c, rel[SOFTNET], pt->p[SOFTNET], pt->len[SOFTNET], ids,
					    n, snap);
	free(ids);
	netobs_snapshot_free(snap);
	return err == 0 && pt->present[SOFTNET];
}

static bool accepted(struct netobs_ctx *c, const struct parts *pt, enum part i)
{
	struct netobs_snapshot *snap;
	size_t rows = 0;
	int err;

	if (i == SOFTNET)
		return softnet_accepted(c, pt);
	if (!pt->present[i])
		return false;
	if (i == DEV)
		return netobs__procnetdev_parse(c, rel[i], pt->p[i], pt->len[i], count_row,
						&rows) == 0;
	snap = calloc(1, sizeof(*snap));
	if (!snap)
		abort();
	/* An empty file is refused before any parser sees it (masked). */
	if (i == SNMP6)
		err = pt->len[i] ? netobs__proto_parse_snmp6(c, rel[i], pt->p[i], pt->len[i], snap)
				 : -ENODATA;
	else if (i == SNMP || i == NETSTAT)
		err = pt->len[i] ? netobs__proto_parse_pairs(c, rel[i], pt->p[i], pt->len[i],
							     i == SNMP ? NETOBS_SECTION_SNMP
								       : NETOBS_SECTION_NETSTAT,
							     snap)
				 : -ENODATA;
	else
		err = netobs__softirq_parse(c, rel[i], pt->p[i], pt->len[i], snap);
	netobs_snapshot_free(snap);
	return err == 0;
}

/* The tunable as a sysctl prints it: blanks, an optional '-', digits,
 * blanks, in the first line of the first 63 bytes (one read). */
static bool tunable_value(const struct parts *pt, int64_t *out)
{
	char buf[64];
	size_t n = pt->len[TUNABLE] < 63 ? pt->len[TUNABLE] : 63;
	char *p = buf, *end;
	bool neg = false;
	uint64_t v = 0;

	if (!pt->present[TUNABLE])
		return false;
	memcpy(buf, pt->p[TUNABLE], n);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	end = buf + strlen(buf);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '-')
		neg = (p++, true);
	if (p == end || *p < '0' || *p > '9')
		return false;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p != end || v > (uint64_t)INT64_MAX + neg)
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* ---- what a read section must hold ------------------------------------------------ */

/* The softnet fields of a width are a prefix of the enum (9 columns:
 * processed..cpu_collision, then one or two more per width). */
static void check_softnet(const struct netobs_snapshot *snap, bool ok)
{
	uint32_t width = 0;
	size_t i;

	for (i = 0; i < snap->ncpus; i++) {
		const struct netobs_cpu *cpu = &snap->cpus[i];

		if (!ok || !cpu->online) {
			if (cpu->online || cpu->softnet_avail)
				abort();
			continue;
		}
		if (width == 0)
			width = cpu->softnet_avail;
		if (cpu->softnet_avail != width || (width & (width + 1)) != 0 ||
		    width < (1u << (NETOBS_SOFTNET_CPU_COLLISION + 1)) - 1)
			abort();
	}
	if (ok && width == 0)
		abort();
}

static void check_softirqs(const struct netobs_snapshot *snap, bool ok)
{
	const uint32_t both = (1u << NETOBS__SOFTIRQ_MAX) - 1;
	bool any = false;
	size_t i;

	for (i = 0; i < snap->ncpus; i++) {
		uint32_t a = snap->cpus[i].softirq_avail;

		if (a != 0 && (a != both || !ok))
			abort();
		any = any || a != 0;
	}
	if (ok && !any)
		abort();
}

static void check_tunable(const struct netobs_snapshot *snap, const struct parts *pt, bool ok)
{
	int64_t want = 0, got = 0;
	bool valid = tunable_value(pt, &want);
	int err = netobs_snapshot_tunable(snap, NETOBS_TUNABLE_NETDEV_MAX_BACKLOG, &got);

	if (valid != ok || (err == 0) != valid || (valid && got != want))
		abort();
}

/* An absent section says why: a warning of its own, about a file. */
static void check_warned(const struct netobs_ctx *c, enum netobs_section s)
{
	const struct netobs_warning *found = NULL;
	enum netobs_section in;
	size_t i;

	for (i = 0; i < netobs_ctx_warning_count(c); i++)
		if (netobs_warning_section(netobs_ctx_warning(c, i), &in) == 0 && in == s)
			found = netobs_ctx_warning(c, i);
	if (!found && netobs_ctx_warning_count(c) < 256)
		abort();
}

static void check(const struct netobs_snapshot *snap, const bool want[NETOBS__SECTION_MAX],
		  const struct parts *pt)
{
	unsigned int s;

	for (s = 0; s < NETOBS__SECTION_MAX; s++) {
		bool ok = netobs_snapshot_section_ok(snap, (enum netobs_section)s);

		if (ok != want[s])
			abort();
		/* Live only, so silent under a root: sockets and qdiscs. */
		if (!ok && s != NETOBS_SECTION_SOCKETS && s != NETOBS_SECTION_QDISCS)
			check_warned(ctx, (enum netobs_section)s);
	}
	if (!want[NETOBS_SECTION_DEVICES] && netobs_snapshot_device_count(snap) != 0)
		abort();
	/* No counter of an absent protocol section is left behind. */
	for (s = 0; s < netobs_snapshot_proto_count(snap); s++) {
		enum netobs_section in;

		if (netobs_proto_counter_section(netobs_snapshot_proto(snap, s), &in) < 0 ||
		    !want[in])
			abort();
	}
	check_softnet(snap, want[NETOBS_SECTION_SOFTNET]);
	check_softirqs(snap, want[NETOBS_SECTION_SOFTIRQS]);
	check_tunable(snap, pt, want[NETOBS_SECTION_TUNABLES]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netobs_snapshot *snap = NULL;
	struct netobs_ctx *alone;
	bool want[NETOBS__SECTION_MAX];
	struct parts pt;
	int64_t v;
	int err;

	if (!ctx) {
		setup();
		atexit(cleanup);
	}
	split(data, size, &pt);
	for (err = 0; err < NPARTS; err++)
		put((enum part)err, &pt);
	if (netobs_ctx_new(&alone) < 0)
		return 0;
	want[NETOBS_SECTION_DEVICES] = accepted(alone, &pt, DEV);
	want[NETOBS_SECTION_SOFTNET] = accepted(alone, &pt, SOFTNET);
	want[NETOBS_SECTION_SOFTIRQS] = accepted(alone, &pt, SOFTIRQS);
	want[NETOBS_SECTION_SOCKETS] = false;
	want[NETOBS_SECTION_TUNABLES] = tunable_value(&pt, &v);
	want[NETOBS_SECTION_QDISCS] = false; /* netlink only: never in a tree */
	want[NETOBS_SECTION_SNMP] = accepted(alone, &pt, SNMP);
	want[NETOBS_SECTION_NETSTAT] = accepted(alone, &pt, NETSTAT);
	want[NETOBS_SECTION_SNMP6] = accepted(alone, &pt, SNMP6);
	netobs_ctx_free(alone);
	err = netobs_snapshot_take(&snap, ctx);
	if (err == -ENOMEM)
		return 0;
	if (err < 0) {
		/* Only when no section could be read, and then it says why. */
		for (err = 0; err < NETOBS__SECTION_MAX; err++)
			if (want[err])
				abort();
		if (!netobs_ctx_message(ctx)[0])
			abort();
		return 0;
	}
	check(snap, want, &pt);
	netobs_snapshot_free(snap);
	return 0;
}
