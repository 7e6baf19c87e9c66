/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the /proc/net/dev parser: the bytes are the file.
 * Each row becomes a device of a fresh snapshot as netobs__procfs_read()
 * builds it; every error must be -EBADMSG naming the file and a line.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "/proc/net/dev"

static int add_row(void *arg, const char *name, const uint64_t cols[16])
{
	struct netobs_snapshot *snap = arg;
	struct netobs_device *dev = netobs__snapshot_add_device(snap);
	size_t len = strlen(name);
	unsigned int i;

	if (!dev)
		return -ENOMEM;
	/* What the parser promises of a name. */
	if (len == 0 || len >= NETOBS__IFNAMSIZ || strpbrk(name, ":/ \t\n"))
		abort();
	memcpy(dev->name, name, len + 1);
	for (i = 0; i < 16; i++)
		netobs__device_set_counter(dev, (enum netobs_counter)i, cols[i], false);
	return 0;
}

/* An error names the file, then a line number, then says what. */
static void check_message(const char *msg)
{
	size_t n = strlen(FILE_NAME);

	if (strncmp(msg, FILE_NAME ":", n + 1) != 0 || msg[n + 1] < '1' || msg[n + 1] > '9')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	int err;

	if (netobs_ctx_new(&ctx) < 0)
		return 0;
	snap = calloc(1, sizeof(*snap));
	if (snap) {
		err = netobs__procnetdev_parse(ctx, FILE_NAME, (const char *)data, size, add_row,
					       snap);
		if (err == -EBADMSG)
			check_message(netobs_ctx_message(ctx));
		else if (err != 0 && err != -ENOMEM)
			abort();
		if (err == 0 && netobs__snapshot_finish(snap) == 0 && snap->ndevs > 0 &&
		    !netobs_snapshot_device_by_name(snap, snap->devs[0].name))
			abort();
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	return 0;
}
