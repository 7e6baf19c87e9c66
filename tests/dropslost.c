/* SPDX-License-Identifier: MIT */
/*
 * For tests/drops.sh: a tracer that does not read.  Opens the drop-reason
 * tracer, says "ready", sleeps SECONDS without polling (so that a flood
 * overflows its fixed rings), then reads once and prints
 * "total=N lost=M no_socket=K".  Shows that records past the rings are
 * counted as lost, never hidden, and that the kernel never waited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <netobs.h>

int main(int argc, char **argv)
{
	struct netobs_ctx *ctx = NULL;
	struct netobs_drops *d = NULL;
	struct netobs_drop_counts *c = NULL;
	struct timespec ts = { argc > 1 ? atoi(argv[1]) : 3, 0 };
	int status = 1;

	if (netobs_ctx_new(&ctx) < 0)
		return 1;
	if (netobs_drops_new(&d, ctx) < 0) {
		fprintf(stderr, "dropslost: %s\n", netobs_ctx_message(ctx));
		goto out;
	}
	printf("ready\n");
	fflush(stdout);
	while (nanosleep(&ts, &ts) < 0)
		;
	if (netobs_drops_read(&c, d) == 0) {
		printf("total=%llu lost=%llu no_socket=%llu\n",
		       (unsigned long long)netobs_drop_counts_total(c),
		       (unsigned long long)netobs_drop_counts_lost(c),
		       (unsigned long long)netobs_drop_counts_find(c, NETOBS_DROP_BY_REASON,
								   "NO_SOCKET"));
		status = 0;
	}
out:
	netobs_drop_counts_free(c);
	netobs_drops_free(d);
	netobs_ctx_free(ctx);
	return status;
}
