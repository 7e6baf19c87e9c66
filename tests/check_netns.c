/* SPDX-License-Identifier: MIT */
/*
 * netobs_ctx_set_netns on the real kernel: a namespace this program makes,
 * read from the one the test started in.  Every case compares the calling
 * thread's /proc/thread-self/ns/net inode before and after, on the paths
 * that succeed and on the ones forced to fail (a missing namespace, a file
 * that is none, no fds left inside, the privilege gone), from the main
 * thread and from a second one (whose /proc/net is not its own).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>
#include <netobs.h>

#include "netns.h"
#include "testutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define IP_OK(ns, ...) ck_assert_msg(netns_ip((ns), __VA_ARGS__, NULL) == 0, "%s", netns_error())

static const enum netobs_source live_sources[] = {
	NETOBS_SOURCE_AUTO,
	NETOBS_SOURCE_NETLINK,
	NETOBS_SOURCE_PROCFS,
};

static unsigned long long thread_netns_inode(void)
{
	struct stat st;

	ck_assert_msg(stat("/proc/thread-self/ns/net", &st) == 0, "stat: %s", strerror(errno));
	return (unsigned long long)st.st_ino;
}

static unsigned long long file_inode(const char *path)
{
	struct stat st;

	ck_assert_msg(stat(path, &st) == 0, "%s: %s", path, strerror(errno));
	return (unsigned long long)st.st_ino;
}

/* A namespace with a bridge and a veth pair that the host has not. */
static void make_namespace(char ns[NETNS_NAMESIZ])
{
	ck_assert_msg(netns_create(ns) == 0, "%s", netns_error());
	IP_OK(ns, "link", "add", "nsd0", "type", "bridge");
	IP_OK(ns, "link", "add", "nsva", "type", "veth", "peer", "name", "nsvb");
	IP_OK(ns, "link", "set", "nsva", "up");
}

static struct netobs_ctx *netns_ctx(const char *spec, enum netobs_source source)
{
	struct netobs_ctx *ctx;
	int err;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_source(ctx, source), 0);
	err = netobs_ctx_set_netns(ctx, spec);
	ck_assert_msg(err == 0, "set_netns %s: %s (%s)", spec, strerror(-err),
		      netobs_ctx_message(ctx));
	return ctx;
}

/* SNAP holds the namespace's devices and none of the host's. */
static void assert_namespace_devices(const struct netobs_snapshot *snap, const char *host_only)
{
	const char *src = netobs_source_name(netobs_snapshot_source(snap));

	test_device(snap, "lo");
	test_device(snap, "nsd0");
	ck_assert_str_eq(netobs_device_name(test_device(snap, "nsva")), "nsva");
	test_device(snap, "nsvb");
	ck_assert_msg(netobs_snapshot_device_count(snap) == 4, "%s: %zu devices, expected 4", src,
		      netobs_snapshot_device_count(snap));
	ck_assert_msg(!netobs_snapshot_device_by_name(snap, host_only),
		      "%s: the host's %s in the namespace's snapshot", src, host_only);
	/* /proc/net/dev alone names no kind: /sys, which would, is the host's. */
	if (netobs_snapshot_source(snap) != NETOBS_SOURCE_NETLINK)
		return;
	ck_assert_str_eq(netobs_device_kind(test_device(snap, "nsd0")), "bridge");
	ck_assert_str_eq(netobs_device_kind(test_device(snap, "nsva")), "veth");
}

/* A device of the host that the namespace has not: its second one. */
static void host_only_device(char name[64])
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	size_t i;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	name[0] = '\0';
	for (i = 0; i < netobs_snapshot_device_count(snap) && !name[0]; i++) {
		const char *n = netobs_device_name(netobs_snapshot_device(snap, i));

		if (strcmp(n, "lo") != 0)
			snprintf(name, 64, "%s", n);
	}
	ck_assert_msg(name[0], "the host has no device but lo");
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}

static void take_and_check(const char *spec, enum netobs_source source, const char *host_only,
			   unsigned long long want_inode)
{
	struct netobs_snapshot *snap = NULL;
	unsigned long long before = thread_netns_inode();
	struct netobs_ctx *ctx = netns_ctx(spec, source);
	uint64_t inode;
	int err, round;

	ck_assert_int_eq(netobs_ctx_netns_inode(ctx, &inode), 0);
	ck_assert_uint_eq(inode, want_inode);
	/* Twice: the second refresh reuses what the first opened inside. */
	for (round = 0; round < 2; round++) {
		err = snap ? netobs_snapshot_refresh(snap, ctx) : netobs_snapshot_take(&snap, ctx);
		ck_assert_msg(err == 0, "%s: %s", spec, netobs_ctx_message(ctx));
		ck_assert_uint_eq(thread_netns_inode(), before);
		assert_namespace_devices(snap, host_only);
		ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SNMP));
		ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOFTNET));
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	ck_assert_uint_eq(thread_netns_inode(), before);
}

/* A process parked in NS, for pid:PID; killed by the caller. */
static pid_t park_in(const char *ns)
{
	char path[128];
	pid_t pid;
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fd = open(path, O_RDONLY);
		if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	/* Until it is inside: its ns/net is then the namespace's. */
	for (int i = 0; i < 1000; i++) {
		char p[64];
		struct stat st;

		snprintf(p, sizeof(p), "/proc/%d/ns/net", (int)pid);
		if (stat(p, &st) == 0 && st.st_ino == file_inode(path))
			return pid;
		usleep(1000);
	}
	ck_abort_msg("the parked process never entered %s", ns);
	return -1;
}

START_TEST(test_reads_inside)
{
	char ns[NETNS_NAMESIZ], host_only[64], path[128], pidspec[32];
	unsigned long long want;
	pid_t pid;
	size_t s;

	host_only_device(host_only);
	make_namespace(ns);
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	want = file_inode(path);
	pid = park_in(ns);
	snprintf(pidspec, sizeof(pidspec), "pid:%d", (int)pid);
	for (s = 0; s < ARRAY_SIZE(live_sources); s++) {
		take_and_check(ns, live_sources[s], host_only, want);
		take_and_check(path, live_sources[s], host_only, want);
		take_and_check(pidspec, live_sources[s], host_only, want);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
END_TEST

/* ---- the same from a thread that is not the process's main one ---------- */

struct thread_arg {
	const char *ns, *host_only;
	enum netobs_source source;
	unsigned long long want, before, after;
};

static void *thread_take(void *p)
{
	struct thread_arg *a = p;

	a->before = thread_netns_inode();
	take_and_check(a->ns, a->source, a->host_only, a->want);
	a->after = thread_netns_inode();
	return NULL;
}

START_TEST(test_second_thread)
{
	char ns[NETNS_NAMESIZ], host_only[64], path[128];
	unsigned long long main_before = thread_netns_inode();
	struct thread_arg a;
	pthread_t t;
	size_t s;

	host_only_device(host_only);
	make_namespace(ns);
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	for (s = 0; s < ARRAY_SIZE(live_sources); s++) {
		a = (struct thread_arg){ .ns = ns, .host_only = host_only,
					 .source = live_sources[s], .want = file_inode(path) };
		ck_assert_int_eq(pthread_create(&t, NULL, thread_take, &a), 0);
		ck_assert_int_eq(pthread_join(t, NULL), 0);
		ck_assert_uint_eq(a.after, a.before);
		ck_assert_uint_eq(thread_netns_inode(), main_before);
	}
}
END_TEST

/* ---- errors: the thread never ends up elsewhere --------------------------- */

static void assert_refused(const char *spec, int want, const char *what)
{
	unsigned long long before = thread_netns_inode();
	struct netobs_ctx *ctx;
	int err;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	err = netobs_ctx_set_netns(ctx, spec);
	ck_assert_msg(err == want, "%s: %d, expected %d (%s)", spec, err, want,
		      netobs_ctx_message(ctx));
	ck_assert_msg(strstr(netobs_ctx_message(ctx), what), "%s: message \"%s\" lacks \"%s\"",
		      spec, netobs_ctx_message(ctx), what);
	ck_assert_int_eq(netobs_ctx_netns_inode(ctx, &(uint64_t){ 0 }), -ENODATA);
	ck_assert_uint_eq(thread_netns_inode(), before);
	netobs_ctx_free(ctx);
}

START_TEST(test_bad_namespaces)
{
	char ns[NETNS_NAMESIZ], gone[160];

	assert_refused("netobs-no-such-namespace", -ENOENT, "no such network namespace");
	assert_refused("pid:999999999", -ENOENT, "no such network namespace");
	assert_refused("/etc/passwd", -EINVAL, "not a namespace file");
	assert_refused("/proc/self/ns/uts", -EINVAL, "not a network namespace");
	assert_refused("pid:12x", -EINVAL, "not a namespace name");
	assert_refused("..", -EINVAL, "not a namespace name");
	/* A namespace deleted: its name is gone with it. */
	make_namespace(ns);
	snprintf(gone, sizeof(gone), "%s", ns);
	IP_OK(NULL, "netns", "delete", ns);
	assert_refused(gone, -ENOENT, "no such network namespace");
}
END_TEST

/* The lowest free fd: with the limit just above it, the library can open
 * the calling thread's namespace and nothing else, so every section read
 * inside fails and the refresh fails after entering. */
static int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	ck_assert_int_ge(fd, 0);
	close(fd);
	return fd;
}

START_TEST(test_error_inside)
{
	char ns[NETNS_NAMESIZ];
	unsigned long long before = thread_netns_inode();
	struct netobs_snapshot *snap = NULL;
	struct rlimit old, tight;
	struct netobs_ctx *ctx;
	int err;

	make_namespace(ns);
	ctx = netns_ctx(ns, NETOBS_SOURCE_AUTO);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
	tight = old;
	tight.rlim_cur = (rlim_t)lowest_free_fd() + 1;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &tight), 0);
	err = netobs_snapshot_take(&snap, ctx);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_msg(err < 0, "a snapshot with no fd to read with succeeded");
	ck_assert_ptr_null(snap);
	ck_assert_uint_eq(thread_netns_inode(), before);
	/* No fd even for the way home: refused before entering. */
	tight.rlim_cur = (rlim_t)lowest_free_fd();
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &tight), 0);
	err = netobs_snapshot_take(&snap, ctx);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_int_eq(err, -EMFILE);
	ck_assert_msg(strstr(netobs_ctx_message(ctx), "/proc/thread-self/ns/net"), "%s",
		      netobs_ctx_message(ctx));
	ck_assert_uint_eq(thread_netns_inode(), before);
	/* And the same context reads the namespace again once fds are back. */
	err = netobs_snapshot_take(&snap, ctx);
	ck_assert_msg(err == 0, "%s", netobs_ctx_message(ctx));
	test_device(snap, "nsd0");
	ck_assert_uint_eq(thread_netns_inode(), before);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* setns needs CAP_SYS_ADMIN: gone after the namespace was set, the
 * snapshot fails as a whole (nothing half-read) with a message saying so. */
START_TEST(test_privilege_lost)
{
	char ns[NETNS_NAMESIZ];
	unsigned long long before = thread_netns_inode();
	struct netobs_snapshot *snap = NULL;
	struct netobs_ctx *ctx;
	int err;

	make_namespace(ns);
	ctx = netns_ctx(ns, NETOBS_SOURCE_AUTO);
	ck_assert_int_eq(setresgid(65534, 65534, 65534), 0);
	ck_assert_int_eq(setresuid(65534, 65534, 65534), 0);
	err = netobs_snapshot_take(&snap, ctx);
	ck_assert_int_eq(err, -EPERM);
	ck_assert_ptr_null(snap);
	ck_assert_msg(strstr(netobs_ctx_message(ctx), "needs root (CAP_SYS_ADMIN)"), "%s",
		      netobs_ctx_message(ctx));
	ck_assert_uint_eq(thread_netns_inode(), before);
	/* Setting one as nobody is refused at once, with the same words. */
	assert_refused("/proc/self/ns/net", -EPERM, "needs root (CAP_SYS_ADMIN)");
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(test_root_excludes_netns)
{
	char ns[NETNS_NAMESIZ];
	struct netobs_ctx *ctx;

	make_namespace(ns);
	ctx = netns_ctx(ns, NETOBS_SOURCE_AUTO);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, NETOBS_FIXTURES), -EINVAL);
	ck_assert_int_eq(netobs_ctx_set_netns(ctx, NULL), 0);
	ck_assert_int_eq(netobs_ctx_netns_inode(ctx, &(uint64_t){ 0 }), -ENODATA);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, NETOBS_FIXTURES), 0);
	ck_assert_int_eq(netobs_ctx_set_netns(ctx, ns), -EINVAL);
	netobs_ctx_free(ctx);
}
END_TEST

static void add_case(Suite *s, const char *name, const TTest *test)
{
	TCase *tc = tcase_create(name);

	tcase_add_unchecked_fixture(tc, NULL, netns_sweep);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
}

int main(void)
{
	SRunner *sr;
	Suite *s;
	int failed;

	if (netns_init() < 0) {
		fprintf(stderr, "check_netns: %s\n", netns_error());
		return 99;
	}
	if (!netns_usable()) {
		printf("SKIP: %s\n", netns_error());
		return 77;
	}
	s = suite_create("netns");
	add_case(s, "reads-inside", test_reads_inside);
	add_case(s, "second-thread", test_second_thread);
	add_case(s, "bad-namespaces", test_bad_namespaces);
	add_case(s, "error-inside", test_error_inside);
	add_case(s, "privilege-lost", test_privilege_lost);
	add_case(s, "root-excludes-netns", test_root_excludes_netns);
	sr = srunner_create(s);
	/* Cases drop privileges and change limits: a process each. */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
