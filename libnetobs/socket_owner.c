/* SPDX-License-Identifier: MIT */
/*
 * Which process holds a socket: every /proc/PID/fd/N that links to
 * "socket:[INODE]" (what ss -p and lsof do).  It reads every fd of every
 * process, so it runs only when asked and only for the sockets kept, and
 * stops as soon as each of them has an owner.  Directories are read with
 * getdents64 into a stack buffer: opendir() would allocate on every
 * refresh.  A process or fd the caller may not read, or that vanishes, is
 * skipped silently: the socket then simply has no owner.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "socket.h"

/* The kept socket with INODE (bisection over the inode index): what an
 * owner scan and the diff look sockets up by. */
struct netobs_socket *netobs__socket_by_inode(const struct netobs__socket_list *l, uint64_t inode)
{
	size_t lo = 0, hi = l ? l->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct netobs_socket *s = &l->socks[l->by_inode[mid]];

		if (s->inode == inode)
			return s;
		if (s->inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

typedef bool (*entry_fn)(void *arg, const char *name);

/* Calls FN for each name in the directory FD (closed here) but "." and
 * "..", until FN returns false. */
static void each_entry(int fd, entry_fn fn, void *arg)
{
	union {
		char b[8192];
		uint64_t align;
	} buf;
	long n, off;

	while ((n = syscall(SYS_getdents64, fd, buf.b, sizeof(buf.b))) > 0) {
		for (off = 0; off < n;) {
			const struct dirent64 *e = (const void *)(buf.b + off);

			off += e->d_reclen;
			if (e->d_name[0] == '.')
				continue;
			if (!fn(arg, e->d_name))
				goto out;
		}
	}
out:
	close(fd);
}

struct scan {
	struct netobs__socket_list *list;
	size_t left;		/* kept sockets without an owner yet */
	int proc;		/* /proc */
	int fd_dir;		/* /proc/PID/fd while it is read */
	const char *pid;
};

static void set_comm(struct scan *sc, struct netobs_socket *s)
{
	char path[64], comm[NETOBS__COMMSIZ + 1];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "%s/comm", sc->pid);
	fd = openat(sc->proc, path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, comm, sizeof(comm) - 1);
		close(fd);
	}
	if (n > 0 && comm[n - 1] == '\n')
		n--;
	comm[n > 0 ? n : 0] = '\0';
	memcpy(s->comm, comm, sizeof(s->comm) - 1);
	s->comm[sizeof(s->comm) - 1] = '\0';
	s->pid = atoi(sc->pid);
}

static bool on_fd(void *arg, const char *name)
{
	struct scan *sc = arg;
	struct netobs_socket *s;
	char link[64];
	ssize_t n = readlinkat(sc->fd_dir, name, link, sizeof(link) - 1);
	unsigned long long inode;

	if (n <= 0)
		return true;
	link[n] = '\0';
	if (sscanf(link, "socket:[%llu]", &inode) != 1)
		return true;
	s = netobs__socket_by_inode(sc->list, inode);
	if (s && s->pid == 0) {
		set_comm(sc, s);
		sc->left--;
	}
	return sc->left > 0;
}

static bool on_pid(void *arg, const char *name)
{
	struct scan *sc = arg;
	char path[64];

	if (name[0] < '1' || name[0] > '9')
		return true;
	snprintf(path, sizeof(path), "%s/fd", name);
	sc->fd_dir = openat(sc->proc, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sc->fd_dir < 0)
		return true;
	sc->pid = name;
	each_entry(sc->fd_dir, on_fd, sc);
	return sc->left > 0;
}

void netobs__socket_owners(struct netobs__socket_list *list)
{
	struct scan sc = { .list = list, .left = list->n };
	int fd;

	if (sc.left == 0)
		return;
	sc.proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sc.proc < 0)
		return;
	fd = dup(sc.proc);
	if (fd >= 0)
		each_entry(fd, on_pid, &sc);
	close(sc.proc);
}
