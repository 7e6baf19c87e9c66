/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for /proc/net/snmp, netstat (pairs of lines) and snmp6
 * (one counter a line): the bytes are the file, parsed both ways into an
 * empty snapshot and into one already holding counters (as when netstat
 * follows snmp).  Every error must be -EBADMSG naming the file and a line;
 * after a good parse every name is "Group.Name", found again by name.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "/proc/net/snmp"

static void check_message(const char *msg)
{
	size_t n = strlen(FILE_NAME);

	if (strncmp(msg, FILE_NAME ":", n + 1) != 0 || msg[n + 1] < '1' || msg[n + 1] > '9')
		abort();
}

static void check_counters(const struct netobs_snapshot *snap)
{
	size_t i, n = netobs_snapshot_proto_count(snap);

	for (i = 0; i < n; i++) {
		const struct netobs_proto_counter *c = netobs_snapshot_proto(snap, i);
		const char *name = netobs_proto_counter_name(c);
		const char *dot = strchr(name, '.');

		if (!dot || dot == name || !dot[1] || strchr(dot + 1, '.'))
			abort();
		if (netobs_snapshot_proto_by_name(snap, name) != c)
			abort();
	}
}

static void one(const char *buf, size_t size, bool snmp6, bool prefilled)
{
	static const char before[] = "Zz: A B\nZz: 1 2\n";
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	int err;

	if (netobs_ctx_new(&ctx) < 0)
		return;
	snap = calloc(1, sizeof(*snap));
	if (snap && prefilled &&
	    netobs__proto_parse_pairs(ctx, "x", before, sizeof(before) - 1, NETOBS_SECTION_SNMP,
				      snap) < 0)
		abort();
	if (snap) {
		err = snmp6 ? netobs__proto_parse_snmp6(ctx, FILE_NAME, buf, size, snap)
			    : netobs__proto_parse_pairs(ctx, FILE_NAME, buf, size,
							NETOBS_SECTION_NETSTAT, snap);
		if (err == -EBADMSG)
			check_message(netobs_ctx_message(ctx));
		else if (err != 0 && err != -ENOMEM)
			abort();
		if (err == 0)
			check_counters(snap);
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one((const char *)data, size, false, false);
	one((const char *)data, size, false, true);
	one((const char *)data, size, true, false);
	one((const char *)data, size, true, true);
	return 0;
}
