/* Placeholder: the CLI helper writes the real one. */
#include <netobs.h>
#include <stdio.h>

int main(void)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	size_t i;

	if (netobs_ctx_new(&ctx) < 0 || netobs_snapshot_take(&snap, ctx) < 0) {
		fprintf(stderr, "netobs: %s\n", netobs_ctx_message(ctx));
		return 1;
	}
	for (i = 0; i < netobs_snapshot_device_count(snap); i++) {
		const struct netobs_device *d = netobs_snapshot_device(snap, i);
		printf("%s %s %s\n", netobs_device_name(d),
		       netobs_class_name(netobs_device_class(d)), netobs_device_kind(d));
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	return 0;
}
