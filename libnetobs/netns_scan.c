/* SPDX-License-Identifier: MIT */
/*
 * Every network namespace there is: the distinct ns/net links of all
 * processes under /proc, and the names `ip netns add` bind-mounted under
 * /run/netns.  Each gets a process inside it and, from the cgroups of its
 * first few processes in pid order, its container.  Not just the lowest
 * pid: pids wrap (pid_max is 32768 on many hosts), so that may be an
 * `ip netns exec` or `nsenter` visitor that belongs to no container.  A
 * process that exits while this runs is skipped; that is normal on a
 * container host.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "internal.h"

#define ns_pid netobs__ns_pid

/* "net:[4026531840]" -> 4026531840; -EBADMSG for anything else. */
int netobs__netns_link_parse(const char *link, size_t len, uint64_t *inode)
{
	const char *p = link + 5, *end = link + len;

	if (len < 7 || memcmp(link, "net:[", 5) != 0 || link[len - 1] != ']')
		return -EBADMSG;
	if (netobs__parse_u64(&p, end - 1, inode) < 0 || p != end - 1 || *inode == 0)
		return -EBADMSG;
	return 0;
}

/* The namespace inode of the link or namespace file PATH; -ENOENT when
 * it is gone, -EBADMSG when it is none. */
static int inode_of(const char *path, uint64_t *inode)
{
	char link[64];
	struct stat st;
	ssize_t n = readlink(path, link, sizeof(link) - 1);

	if (n >= 0)
		return netobs__netns_link_parse(link, (size_t)n, inode);
	if (errno != EINVAL)
		return -errno;
	/* Not a link: a namespace bind-mounted on a file (/run/netns). */
	if (stat(path, &st) < 0)
		return -errno;
	*inode = (uint64_t)st.st_ino;
	return 0;
}

static int push(struct ns_pid **list, size_t *n, size_t *cap, uint64_t inode, int pid)
{
	if (netobs__grow((void **)list, cap, *n + 1, sizeof(**list)) < 0)
		return -ENOMEM;
	(*list)[(*n)++] = (struct ns_pid){ inode, pid };
	return 0;
}

static int pid_of(const char *name)
{
	size_t n = strspn(name, "0123456789");

	if (n == 0 || n > 9 || name[n] != '\0')
		return 0;
	return atoi(name);
}

/* Every (namespace, pid) under ROOT/proc. */
static int scan_procs(struct netobs_ctx *ctx, struct ns_pid **list, size_t *n, size_t *cap)
{
	char path[PATH_MAX];
	struct dirent *de;
	uint64_t inode;
	DIR *d;
	int pid, err = 0;

	if (netobs__path(ctx, path, sizeof(path), "/proc") < 0)
		return netobs__error(ctx, -ENAMETOOLONG, "/proc: path too long");
	d = opendir(path);
	if (!d)
		return netobs__error_at(ctx, -errno, path, 0, "not readable (%s)", strerror(errno));
	while (err == 0 && (de = readdir(d))) {
		pid = pid_of(de->d_name);
		if (pid <= 0 || netobs__path(ctx, path, sizeof(path), "/proc/%d/ns/net", pid) < 0)
			continue;
		/* Gone, a kernel thread's, or not ours to read: not a namespace we can name. */
		if (inode_of(path, &inode) == 0)
			err = push(list, n, cap, inode, pid);
	}
	closedir(d);
	return err < 0 ? netobs__error(ctx, err, "out of memory") : 0;
}

static int by_inode_pid(const void *a, const void *b)
{
	const struct ns_pid *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static struct netobs_netns *find(struct netobs_snapshot *snap, uint64_t inode)
{
	size_t i;

	for (i = 0; i < snap->nnetns; i++)
		if (snap->netns[i].inode == inode)
			return &snap->netns[i];
	return NULL;
}

static struct netobs_netns *add(struct netobs_snapshot *snap, uint64_t inode)
{
	struct netobs_netns *ns;

	if (netobs__grow((void **)&snap->netns, &snap->netns_cap, snap->nnetns + 1,
			 sizeof(*snap->netns)) < 0)
		return NULL;
	ns = &snap->netns[snap->nnetns++];
	memset(ns, 0, sizeof(*ns));
	ns->inode = inode;
	ns->nsid = -1;
	return ns;
}

/* How many of a namespace's processes may be asked for a container: a
 * bound, so the host's own namespace (hundreds of processes, none in a
 * container) costs a few reads, not one per process. */
#define CONTAINER_TRIES 8

/* The container of the namespace whose processes are LIST[FIRST, END):
 * the first process still there whose cgroup names one.  NS's pid is
 * that process, else the first one still there. */
static int name_container(struct netobs_ctx *ctx, struct netobs_netns *ns,
			  const struct ns_pid *list, size_t first, size_t end)
{
	size_t i, tried = 0;
	int err;

	for (i = first; i < end && tried < CONTAINER_TRIES; i++) {
		err = netobs__container_of_pid(ctx, list[i].pid, &ns->container);
		if (err == -ESRCH)
			continue;
		tried++;
		if (ns->pid == 0 || err == 1)
			ns->pid = list[i].pid;
		if (err == 1)
			return 0;
		if (err == -ENOMEM)
			return err;
		if (err < 0)
			netobs__error_to_warning(ctx);
	}
	memset(&ns->container, 0, sizeof(ns->container));
	return 0;
}

static int add_processes(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
			 const struct ns_pid *list, size_t n)
{
	struct netobs_netns *ns;
	size_t i, end;
	int err;

	for (i = 0; i < n; i = end) {
		for (end = i + 1; end < n && list[end].inode == list[i].inode; end++)
			;
		ns = add(snap, list[i].inode);
		if (!ns)
			return netobs__error(ctx, -ENOMEM, "out of memory");
		err = name_container(ctx, ns, list, i, end);
		if (err < 0)
			return err;
	}
	return 0;
}

/* The names under ROOT/run/netns, on the namespaces they name (added when
 * no process is inside). */
static int add_names(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	char path[PATH_MAX];
	struct netobs_netns *ns;
	struct dirent *de;
	uint64_t inode;
	DIR *d;

	if (netobs__path(ctx, path, sizeof(path), "/run/netns") < 0 || !(d = opendir(path)))
		return 0; /* no ip netns names: nothing to add */
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(ns->name) ||
		    netobs__path(ctx, path, sizeof(path), "/run/netns/%s", de->d_name) < 0 ||
		    inode_of(path, &inode) < 0)
			continue;
		ns = find(snap, inode);
		if (!ns)
			ns = add(snap, inode);
		if (!ns) {
			closedir(d);
			return netobs__error(ctx, -ENOMEM, "out of memory");
		}
		if (!ns->name[0] || strcmp(de->d_name, ns->name) < 0)
			snprintf(ns->name, sizeof(ns->name), "%s", de->d_name);
	}
	closedir(d);
	return 0;
}

int netobs__netns_scan(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
		       struct netobs__ns_pid **list, size_t *cap)
{
	size_t n = 0;
	int err;

	snap->nnetns = 0;
	err = scan_procs(ctx, list, &n, cap);
	if (err == 0) {
		qsort(*list, n, sizeof(**list), by_inode_pid);
		err = add_processes(ctx, snap, *list, n);
	}
	if (err == 0)
		err = add_names(ctx, snap);
	return err;
}
