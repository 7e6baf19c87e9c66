/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for /proc/softirqs: the bytes are the file, parsed into
 * an empty snapshot and into one that already has CPUs from softnet_stat
 * (as in a real snapshot).  Every error must be -EBADMSG naming the file
 * and a line.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "/proc/softirqs"

static void check_message(const char *msg)
{
	size_t n = strlen(FILE_NAME);

	if (strncmp(msg, FILE_NAME ":", n + 1) != 0 || msg[n + 1] < '1' || msg[n + 1] > '9')
		abort();
}

/* After a good parse every CPU is there once, with both softirqs. */
static void check_cpus(const struct netobs_snapshot *snap, size_t nknown)
{
	const uint32_t both = (1u << NETOBS_SOFTIRQ_NET_RX) | (1u << NETOBS_SOFTIRQ_NET_TX);
	size_t i;

	for (i = 0; i < snap->ncpus; i++) {
		const struct netobs_cpu *cpu = &snap->cpus[i];

		if (cpu->id < 0 || (i > 0 && snap->cpus[i - 1].id >= cpu->id))
			abort();
		if (cpu->softirq_avail != both && !(cpu->online && cpu->softirq_avail == 0))
			abort();
	}
	if (snap->ncpus < nknown)
		abort();
}

static void one(const char *buf, size_t size, bool with_softnet)
{
	static const int known[] = { 0, 1, 2, 3, 8 };
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	size_t i, nknown = 0;
	int err;

	if (netobs_ctx_new(&ctx) < 0)
		return;
	snap = calloc(1, sizeof(*snap));
	for (i = 0; snap && with_softnet && i < NETOBS__ARRAY_SIZE(known); i++) {
		struct netobs_cpu *cpu = netobs__snapshot_cpu_get(snap, known[i]);

		if (cpu) {
			cpu->online = true;
			nknown++;
		}
	}
	if (snap) {
		err = netobs__softirq_parse(ctx, FILE_NAME, buf, size, snap);
		if (err == -EBADMSG)
			check_message(netobs_ctx_message(ctx));
		else if (err != 0 && err != -ENOMEM)
			abort();
		if (err == 0 && netobs__snapshot_finish(snap) == 0)
			check_cpus(snap, nknown);
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one((const char *)data, size, false);
	one((const char *)data, size, true);
	return 0;
}
