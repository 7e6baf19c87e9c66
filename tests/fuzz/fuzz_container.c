/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the container parsers: the bytes are a
 * /proc/PID/cgroup file, a docker config.v2.json, a ns/net link and a
 * --netns argument.  The cgroup parser either names a container with
 * NUL-terminated, non-empty fields and a known runtime, finds none, or
 * fails with -EBADMSG naming the file and a line; the docker name is one
 * docker itself would accept.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "/proc/1/cgroup"

static const char *const runtimes[] = {
	"docker", "containerd", "cri-o", "kubernetes", "podman", "nomad", "nspawn",
};

static void check_container(const struct netobs__container *c)
{
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(runtimes); i++)
		if (strcmp(c->runtime, runtimes[i]) == 0)
			break;
	if (i == NETOBS__ARRAY_SIZE(runtimes) || !memchr(c->name, '\0', sizeof(c->name)) ||
	    !memchr(c->id, '\0', sizeof(c->id)) || !c->id[0])
		abort();
}

static void cgroup(const char *buf, size_t size)
{
	struct netobs__container c;
	struct netobs_ctx *ctx;
	size_t n = strlen(FILE_NAME);
	int err;

	if (netobs_ctx_new(&ctx) < 0)
		return;
	err = netobs__cgroup_parse(ctx, FILE_NAME, buf, size, &c);
	if (err == 1)
		check_container(&c);
	else if (err == -EBADMSG) {
		const char *msg = netobs_ctx_message(ctx);

		if (strncmp(msg, FILE_NAME ":", n + 1) != 0 || msg[n + 1] < '1' || msg[n + 1] > '9')
			abort();
	} else if (err != 0) {
		abort();
	}
	netobs_ctx_free(ctx);
}

static void docker_name(const char *buf, size_t size)
{
	char out[128];
	size_t i;
	int err = netobs__docker_name_parse(buf, size, out, sizeof(out));

	if (err == -ENODATA || err == -EBADMSG)
		return;
	if (err != 0 || !out[0] || out[0] == '-' || out[0] == '.' || out[0] == '_')
		abort();
	for (i = 0; out[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-",
			    out[i]))
			abort();
}

static void small_ones(const char *buf, size_t size)
{
	char spec[64], path[PATH_MAX];
	uint64_t inode = 0;
	int err;

	err = netobs__netns_link_parse(buf, size, &inode);
	if ((err != 0 && err != -EBADMSG) || (err == 0 && inode == 0))
		abort();
	if (size >= sizeof(spec))
		return;
	memcpy(spec, buf, size);
	spec[size] = '\0';
	err = netobs__netns_resolve(spec, path, sizeof(path));
	if (err != 0 && err != -EINVAL && err != -ENAMETOOLONG)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cgroup((const char *)data, size);
	docker_name((const char *)data, size);
	small_ones((const char *)data, size);
	return 0;
}
