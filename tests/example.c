/* The README's example: print every device's class, kind and receive
 * counters, or just the devices named on the command line.  Built in CI
 * against the installed library with pkg-config --cflags --libs libnetobs. */
#include <netobs.h>
#include <stdio.h>
#include <string.h>

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	int err;

	if (netobs_ctx_new(&ctx) < 0)
		return 1;
	err = netobs_snapshot_take(&snap, ctx);
	if (err < 0) {
		fprintf(stderr, "snapshot: %s (%s)\n", strerror(-err), netobs_ctx_message(ctx));
		netobs_ctx_free(ctx);
		return 1;
	}
	for (size_t i = 0; i < netobs_snapshot_device_count(snap); i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);
		uint64_t packets, dropped;

		if (!wanted(netobs_device_name(dev), argc, argv))
			continue;
		printf("%-16s %-9s %-10s", netobs_device_name(dev),
		       netobs_class_name(netobs_device_class(dev)), netobs_device_kind(dev));
		if (netobs_device_counter(dev, NETOBS_RX_PACKETS, &packets) == 0 &&
		    netobs_device_counter(dev, NETOBS_RX_DROPPED, &dropped) == 0)
			printf(" rx_packets=%llu rx_dropped=%llu", (unsigned long long)packets,
			       (unsigned long long)dropped);
		putchar('\n');
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	return 0;
}
