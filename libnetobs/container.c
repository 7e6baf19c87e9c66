/* SPDX-License-Identifier: MIT */
/*
 * The container a process is in: its cgroup (cgroup.c) and, for docker,
 * the name docker keeps beside the container.  Processes come and go while
 * they are read: one that is gone is -ESRCH, for the caller to try another.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "internal.h"

/* docker's name for container ID; left as the short id when the file is
 * unreadable (docker's data root elsewhere, not root) or says nothing. */
static void docker_name(struct netobs_ctx *ctx, struct netobs__container *c)
{
	char path[PATH_MAX], name[sizeof(c->name)];
	int err;

	if (netobs__path(ctx, path, sizeof(path), "/var/lib/docker/containers/%s/config.v2.json",
			 c->id) < 0)
		return;
	if (netobs__file_read(path, &ctx->procbuf, &ctx->procbuf_cap, &(size_t){ 0 }) < 0)
		return;
	err = netobs__docker_name_parse(ctx->procbuf, strlen(ctx->procbuf), name, sizeof(name));
	if (err == 0)
		memcpy(c->name, name, sizeof(name));
	else if (err == -EBADMSG)
		netobs__warn_at(ctx, path, 0, "no docker container name in it (\"Name\")");
}

int netobs__container_of_pid(struct netobs_ctx *ctx, int pid, struct netobs__container *out)
{
	char path[PATH_MAX];
	size_t len = 0;
	int err;

	memset(out, 0, sizeof(*out));
	if (netobs__path(ctx, path, sizeof(path), "/proc/%d/cgroup", pid) < 0)
		return netobs__error(ctx, -ENAMETOOLONG, "/proc/%d/cgroup: path too long", pid);
	err = netobs__file_read(path, &ctx->procbuf, &ctx->procbuf_cap, &len);
	if (err == -ENOENT || err == -ESRCH)
		return -ESRCH;
	if (err < 0)
		return netobs__error_at(ctx, err, path, 0, "not readable (%s)", strerror(-err));
	err = netobs__cgroup_parse(ctx, path, ctx->procbuf, len, out);
	if (err == 1 && strcmp(out->runtime, "docker") == 0)
		docker_name(ctx, out);
	return err;
}
