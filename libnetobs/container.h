/* SPDX-License-Identifier: MIT */
/*
 * Private to libnetobs: naming the container that owns a network namespace
 * (cgroup.c, container.c, docker_name.c), and the namespaces a snapshot
 * names (netns_scan.c, netns_peer.c, netns_api.c).
 */
#ifndef NETOBS_CONTAINER_H
#define NETOBS_CONTAINER_H

#include <stddef.h>
#include <stdint.h>

#include "netobs.h"

/* What a process's cgroup says of its container; "" where it says nothing. */
struct netobs__container {
	char runtime[16];	/* "docker", "containerd", "kubernetes", ... */
	char id[72];		/* 64 hex, a pod or allocation UUID, a machine */
	char name[128];		/* docker's name, else a short id; a label */
};

/* cgroup.c: the container of the process whose /proc/PID/cgroup text is
 * BUF: 1 and *OUT, 0 for none, -EBADMSG ("FILE:LINE: ...") for a line
 * that is not ID:CONTROLLERS:PATH.  Fuzzed. */
int netobs__cgroup_parse(struct netobs_ctx *ctx, const char *file, const char *buf, size_t len,
			 struct netobs__container *out);

/* docker_name.c: the top-level "Name" of docker's config.v2.json in BUF,
 * without its leading '/', into OUT of SIZE: 0; -ENODATA when there is
 * none; -EBADMSG when it is not a docker name or BUF no JSON object.
 * Fuzzed. */
int netobs__docker_name_parse(const char *buf, size_t len, char *out, size_t size);

/* container.c: the container of process PID, from ROOT/proc/PID/cgroup and
 * for docker ROOT/var/lib/docker/containers/ID/config.v2.json: 1 and *OUT,
 * 0 for none, -ESRCH when the process is gone (normal: try another), other
 * errors with a message naming the file. */
int netobs__container_of_pid(struct netobs_ctx *ctx, int pid, struct netobs__container *out);

/* One namespace a snapshot knows of. */
struct netobs_netns {
	uint64_t inode;
	int nsid;		/* as the read namespace numbers it; -1 none */
	int pid;		/* a process inside, 0 none */
	char name[64];		/* under /run/netns, "" none */
	struct netobs__container container;
};

#endif /* NETOBS_CONTAINER_H */
