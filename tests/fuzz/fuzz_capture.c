/* SPDX-License-Identifier: MIT */
/*
 * netobs doctor BEFORE AFTER reads captures (netobs show --json) that come
 * from another host: any bytes.  The reader must refuse what is not a
 * capture, never crash, and build only snapshots the library accepts.
 * fuzz-extra: cli/capture.c cli/outbuf.c cli/escape.c cli/units.c -lcjson
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct netobs_snapshot *snap = NULL;
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/netobs-fuzz-capture.%ld", (long)getpid());
	f = fopen(path, "w");
	if (!f)
		return 0;
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	if (capture_read(&snap, path) == 0 && !snap)
		abort(); /* success must give a snapshot */
	netobs_snapshot_free(snap);
	return 0;
}
