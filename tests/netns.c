/* SPDX-License-Identifier: MIT */
/* Network namespaces for the real-kernel tests (see netns.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns.h"

#define NETNS_DIR "/var/run/netns"
#define NETNS_PREFIX "netobs-t-"
#define MAX_ARGS 40

static pid_t runner_pid;
static int orig_netns_fd = -1;
static bool private_mounts;
static unsigned int created;
static char errbuf[2048];

static int fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	return err;
}

const char *netns_error(void)
{
	return errbuf;
}

static const char *ip_path(void)
{
	static const char *const paths[] = { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" };
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

/* "ip -n NS link add ..." for messages. */
static void join_argv(char *buf, size_t size, const char *const *argv)
{
	size_t len = 0;

	buf[0] = '\0';
	for (; *argv && len + 1 < size; argv++) {
		int n = snprintf(buf + len, size - len, "%s%s", len ? " " : "", *argv);

		if (n < 0)
			break;
		len += (size_t)n;
	}
}

/* In the forked child: ip's stdout and stderr into the pipes, then exec. */
static void exec_ip(const char *path, const char *const *argv, int out_fd, int err_fd)
{
	int null_fd = open("/dev/null", O_RDWR);

	if (null_fd >= 0)
		dup2(null_fd, STDIN_FILENO);
	dup2(out_fd, STDOUT_FILENO);
	dup2(err_fd, STDERR_FILENO);
	execv(path, (char *const *)argv);
	_exit(127);
}

struct sink {
	int fd;
	char *buf;
	size_t size, len;
};

/* Reads what is there; returns 0 at end of file, 1 to go on. */
static int drain(struct sink *s)
{
	char tmp[4096];
	ssize_t n = read(s->fd, tmp, sizeof(tmp));
	size_t room;

	if (n < 0 && errno == EINTR)
		return 1;
	if (n <= 0)
		return 0;
	room = s->size > s->len + 1 ? s->size - s->len - 1 : 0;
	if ((size_t)n < room)
		room = (size_t)n;
	memcpy(s->buf + s->len, tmp, room);
	s->len += room;
	s->buf[s->len] = '\0';
	return 1;
}

/* Collects both pipes until ip closes them: ip's output is small, but a
 * read of one pipe must never wait while ip blocks on the other. */
static void collect(struct sink *out, struct sink *err)
{
	struct pollfd p[2] = { { out->fd, POLLIN, 0 }, { err->fd, POLLIN, 0 } };

	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (p[0].revents && !drain(out))
			p[0].fd = -1;
		if (p[1].revents && !drain(err))
			p[1].fd = -1;
	}
}

static int wait_ip(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static int spawn_ip(const char *const *argv, struct sink *out, struct sink *err)
{
	const char *path = ip_path();
	int po[2], pe[2], fork_errno;
	pid_t pid;

	if (!path)
		return fail(-ENOENT, "iproute2's ip not found in /usr/sbin, /sbin, /usr/bin, /bin");
	if (pipe2(po, O_CLOEXEC) < 0)
		return fail(-errno, "pipe: %s", strerror(errno));
	if (pipe2(pe, O_CLOEXEC) < 0) {
		close(po[0]);
		close(po[1]);
		return fail(-errno, "pipe: %s", strerror(errno));
	}
	pid = fork();
	if (pid == 0)
		exec_ip(path, argv, po[1], pe[1]);
	fork_errno = errno;
	close(po[1]);
	close(pe[1]);
	out->fd = po[0];
	err->fd = pe[0];
	if (pid > 0)
		collect(out, err);
	close(po[0]);
	close(pe[0]);
	if (pid < 0)
		return fail(-fork_errno, "fork: %s", strerror(fork_errno));
	return wait_ip(pid);
}

int netns_ipv(const char *ns, const char *const *args, char *out, size_t size)
{
	const char *argv[MAX_ARGS + 4];
	char discard[256], msg[1024], cmd[1024], why[sizeof(errbuf)];
	bool keep = out && size > 0;
	struct sink so = { -1, keep ? out : discard, keep ? size : sizeof(discard), 0 };
	struct sink se = { -1, msg, sizeof(msg), 0 };
	size_t n = 0;
	int rc;

	argv[n++] = "ip";
	if (ns) {
		argv[n++] = "-n";
		argv[n++] = ns;
	}
	while (*args && n < MAX_ARGS + 3)
		argv[n++] = *args++;
	argv[n] = NULL;
	so.buf[0] = '\0';
	msg[0] = '\0';
	join_argv(cmd, sizeof(cmd), argv);
	rc = spawn_ip(argv, &so, &se);
	while (se.len > 0 && msg[se.len - 1] == '\n')
		msg[--se.len] = '\0';
	if (rc > 0)
		return fail(rc, "`%s` exited %d: %s", cmd, rc, msg[0] ? msg : "(no message)");
	if (rc < 0) {
		memcpy(why, errbuf, sizeof(why));
		return fail(rc, "`%s`: %s", cmd, why);
	}
	return 0;
}

int netns_ip(const char *ns, ...)
{
	const char *args[MAX_ARGS + 1];
	size_t n = 0;
	va_list ap;

	va_start(ap, ns);
	while (n < MAX_ARGS && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	return netns_ipv(ns, args, NULL, 0);
}

int netns_create(char name[NETNS_NAMESIZ])
{
	if (private_mounts)
		return fail(-EBUSY, "netns_create after netns_enter: the namespace would be "
			    "mounted in a private mount namespace");
	snprintf(name, NETNS_NAMESIZ, NETNS_PREFIX "%ld-%ld-%u", (long)runner_pid,
		 (long)getpid(), created++);
	return netns_ip(NULL, "netns", "add", name, NULL);
}

/* Like `ip netns exec`: a private mount namespace that does not propagate
 * back, with /sys showing the current network namespace. */
static int remount_sys(void)
{
	if (!private_mounts) {
		if (unshare(CLONE_NEWNS) < 0)
			return fail(-errno, "unshare(CLONE_NEWNS): %s", strerror(errno));
		if (mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
			return fail(-errno, "mount --make-rslave /: %s", strerror(errno));
		private_mounts = true;
	}
	if (umount2("/sys", MNT_DETACH) < 0 && errno != EINVAL)
		return fail(-errno, "umount /sys: %s", strerror(errno));
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) < 0)
		return fail(-errno, "mount sysfs on /sys: %s", strerror(errno));
	return 0;
}

static int enter_fd(int fd, const char *what)
{
	if (setns(fd, CLONE_NEWNET) < 0)
		return fail(-errno, "setns(%s): %s", what, strerror(errno));
	return remount_sys();
}

int netns_enter(const char *ns)
{
	char path[256];
	int fd, err;

	snprintf(path, sizeof(path), NETNS_DIR "/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(-errno, "open %s: %s", path, strerror(errno));
	err = enter_fd(fd, path);
	close(fd);
	return err;
}

int netns_leave(void)
{
	if (orig_netns_fd < 0)
		return fail(-EBADF, "netns_init was not called");
	return enter_fd(orig_netns_fd, "the original namespace");
}

int netns_sysctl(const char *path, const char *value)
{
	size_t len = strlen(value);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return fail(-errno, "open %s: %s", path, strerror(errno));
	n = write(fd, value, len);
	if (n < 0) {
		n = -errno;
		close(fd);
		return fail((int)n, "write %s to %s: %s", value, path, strerror((int)-n));
	}
	close(fd);
	return (size_t)n == len ? 0 : fail(-EIO, "short write to %s", path);
}

int netns_disable_ipv6_dev(const char *dev)
{
	char path[256];

	if (access("/proc/sys/net/ipv6", F_OK) < 0)
		return 0; /* a kernel without IPv6 */
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", dev);
	return netns_sysctl(path, "1");
}

int netns_disable_ipv6(void)
{
	static const char *const devs[] = { "all", "default", "lo" };
	size_t i;
	int err;

	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		err = netns_disable_ipv6_dev(devs[i]);
		if (err < 0)
			return err;
	}
	return 0;
}

/* The runner pid in a name of ours, or 0 when the name is not ours. */
static pid_t name_pid(const char *name)
{
	char *end;
	long pid;

	if (strncmp(name, NETNS_PREFIX, strlen(NETNS_PREFIX)) != 0)
		return 0;
	pid = strtol(name + strlen(NETNS_PREFIX), &end, 10);
	if (*end != '-' || pid <= 0)
		return 0;
	return (pid_t)pid;
}

/* Ours, or left by a run that is no longer alive. */
static bool sweepable(const char *name)
{
	pid_t pid = name_pid(name);

	if (pid == 0)
		return false;
	return pid == runner_pid || (kill(pid, 0) < 0 && errno == ESRCH);
}

void netns_sweep(void)
{
	struct dirent *de;
	DIR *dir;

	if (getpid() != runner_pid || private_mounts)
		return;
	dir = opendir(NETNS_DIR);
	if (!dir)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (!sweepable(de->d_name))
			continue;
		if (netns_ip(NULL, "netns", "delete", de->d_name, NULL) != 0)
			fprintf(stderr, "netns cleanup: %s\n", netns_error());
	}
	closedir(dir);
}

static void sweep_at_exit(void)
{
	netns_sweep();
}

/* The shared hold of tests/testlib.sh's kernel lock (see there): no test
 * lowers a global knob while this runner sends traffic.  Held until exit;
 * the fds are inherited by the forked cases, which is harmless. */
static void kernel_lock_share(void)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	int turnstile, lock;

	snprintf(path, sizeof(path), "%s/netobs-kernel-tests.%ld.lock.turnstile",
		 dir && *dir ? dir : "/tmp", (long)getuid());
	turnstile = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	path[strlen(path) - strlen(".turnstile")] = '\0';
	lock = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (turnstile < 0 || lock < 0) {
		/* No lock, no promise: the run goes on as before it existed. */
		if (turnstile >= 0)
			close(turnstile);
		if (lock >= 0)
			close(lock);
		return;
	}
	if (flock(turnstile, LOCK_EX) == 0) {
		(void)flock(lock, LOCK_SH);
		(void)flock(turnstile, LOCK_UN);
	}
	close(turnstile);
}

int netns_init(void)
{
	runner_pid = getpid();
	kernel_lock_share();
	orig_netns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (orig_netns_fd < 0)
		return fail(-errno, "open /proc/self/ns/net: %s", strerror(errno));
	netns_sweep();
	if (atexit(sweep_at_exit) != 0)
		return fail(-ENOMEM, "atexit failed");
	return 0;
}

/* In a child: enter NAME the way the tests will.  The child's reason goes
 * to stderr: it cannot reach this process's message buffer. */
static int probe_enter(const char *name)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return fail(-errno, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (netns_enter(name) == 0)
			_exit(0);
		fprintf(stderr, "netns probe: %s\n", netns_error());
		_exit(1);
	}
	if (waitpid(pid, &status, 0) < 0)
		return fail(-errno, "waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fail(-EPERM, "cannot enter a network namespace and remount /sys in it");
	return 0;
}

bool netns_usable(void)
{
	char name[NETNS_NAMESIZ], why[sizeof(errbuf)];
	int err;

	if (geteuid() != 0) {
		fail(-EPERM, "not root (euid %ld): cannot make network namespaces",
		     (long)geteuid());
		return false;
	}
	if (netns_create(name) != 0)
		return false;
	err = probe_enter(name);
	memcpy(why, errbuf, sizeof(why));
	if (netns_ip(NULL, "netns", "delete", name, NULL) != 0)
		return false;
	if (err < 0) {
		fail(err, "%s", why);
		return false;
	}
	return true;
}
