/* SPDX-License-Identifier: MIT */
/*
 * drop-watcher: every physical NIC's drops per second, once a second.
 *
 *   cc -o drop-watcher drop-watcher.c $(pkg-config --cflags --libs libnetobs)
 *   ./drop-watcher [COUNT]
 *
 * The sampler keeps the last two snapshots and their diff; its timer
 * descriptor sits in an ordinary poll() loop, where a service would put its
 * own descriptors beside it.
 */
#include <netobs.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a NIC drops: in its rings, in the stack above it, on the way out. */
static const enum netobs_counter drops[] = {
	NETOBS_RX_MISSED_ERRORS, NETOBS_RX_FIFO_ERRORS, NETOBS_RX_DROPPED, NETOBS_TX_DROPPED,
};
#define NDROPS (sizeof(drops) / sizeof(drops[0]))

static void print_header(void)
{
	printf("%-16s", "device");
	for (size_t i = 0; i < NDROPS; i++)
		printf(" %18s/s", netobs_counter_name(drops[i]));
	putchar('\n');
}

static void report(const struct netobs_snapshot *snap, const struct netobs_diff *diff)
{
	for (size_t i = 0; i < netobs_snapshot_device_count(snap); i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (netobs_device_class(dev) != NETOBS_CLASS_PHYSICAL)
			continue;
		printf("%-16s", netobs_device_name(dev));
		/* NAN (printed "-") when the driver does not count it or the
		 * device is new since the last tick. */
		for (size_t j = 0; j < NDROPS; j++) {
			double rate = netobs_diff_rate(diff, dev, drops[j]);

			if (rate != rate)
				printf(" %20s", "-");
			else
				printf(" %20.1f", rate);
		}
		putchar('\n');
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : -1;
	struct netobs_ctx *ctx;
	struct netobs_sampler *sampler;
	struct pollfd pfd = { .events = POLLIN };

	if (netobs_ctx_new(&ctx) < 0 || netobs_sampler_new(&sampler, ctx) < 0)
		return 1;
	pfd.fd = netobs_sampler_set_interval(sampler, 1000000000ull);
	if (pfd.fd < 0 || netobs_sampler_tick(sampler) < 0) {
		fprintf(stderr, "drop-watcher: %s\n", netobs_ctx_message(ctx));
		return 1;
	}
	print_header();
	while (count != 0 && poll(&pfd, 1, -1) > 0) {
		/* A failed tick keeps the last good diff: say it is stale. */
		if (netobs_sampler_tick(sampler) < 0)
			fprintf(stderr, "drop-watcher: stale: %s\n", netobs_ctx_message(ctx));
		else if (netobs_sampler_diff(sampler))
			report(netobs_sampler_snapshot(sampler), netobs_sampler_diff(sampler));
		if (count > 0)
			count--;
	}
	netobs_sampler_free(sampler);
	netobs_ctx_free(ctx);
	return 0;
}
