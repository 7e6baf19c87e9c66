/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for /proc/net/softnet_stat and the online CPU list: the
 * first line of the bytes is /sys/devices/system/cpu/online, the rest is
 * softnet_stat (no newline: all of it is softnet_stat, with no list).
 * Every error must be -EBADMSG naming the file and a line.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "/proc/net/softnet_stat"
#define MAX_IDS 64

static void check_message(const char *msg)
{
	size_t n = strlen(FILE_NAME);

	if (strncmp(msg, FILE_NAME ":", n + 1) != 0 || msg[n + 1] < '1' || msg[n + 1] > '9')
		abort();
}

/* Online CPUs have ids, ascending after finish, and only fields a width has. */
static void check_cpus(const struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->ncpus; i++) {
		const struct netobs_cpu *cpu = &snap->cpus[i];

		if (cpu->id < 0 || !cpu->online || cpu->softnet_avail == 0 ||
		    (cpu->softnet_avail & ~((1u << NETOBS__SOFTNET_MAX) - 1)) != 0)
			abort();
		if (i > 0 && snap->cpus[i - 1].id >= cpu->id)
			abort();
	}
}

static size_t online_list(const char *buf, size_t len, int *ids, size_t *skip)
{
	const char *nl = memchr(buf, '\n', len);
	size_t n = 0, i;

	*skip = 0;
	if (!nl)
		return 0;
	*skip = (size_t)(nl - buf) + 1;
	if (netobs__cpulist_parse(buf, *skip, ids, MAX_IDS, &n) < 0)
		return 0;
	for (i = 1; i < n; i++)
		if (ids[i] <= ids[i - 1])
			abort();
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	int ids[MAX_IDS];
	size_t n, skip;
	int err;

	if (netobs_ctx_new(&ctx) < 0)
		return 0;
	n = online_list(buf, size, ids, &skip);
	snap = calloc(1, sizeof(*snap));
	if (snap) {
		err = netobs__softnet_parse(ctx, FILE_NAME, buf + skip, size - skip, ids, n, snap);
		if (err == -EBADMSG)
			check_message(netobs_ctx_message(ctx));
		else if (err == -ENODATA && snap->ncpus != 0) /* "empty": no row at all */
			abort();
		else if (err != 0 && err != -ENOMEM && err != -ENODATA)
			abort();
		if (err == 0 && netobs__snapshot_finish(snap) == 0)
			check_cpus(snap);
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	return 0;
}
