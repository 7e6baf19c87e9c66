/* SPDX-License-Identifier: MIT */
/*
 * libnetobs(3), THREADS, under ThreadSanitizer: four threads, each with its
 * own contexts (a fixture tree and the live host) taking, refreshing and
 * diffing snapshots and ticking a sampler, while all of them read one shared
 * snapshot and diff through their const getters.  Built and run only by
 * tests/run-all's "tsan threads" step (clang -fsanitize=thread); exits 0 when
 * every loop ran and TSan said nothing (it makes the exit status non-zero).
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netobs.h>

#ifndef NETOBS_FIXTURES
#error "build with -DNETOBS_FIXTURES=\"path/to/tests/fixtures\""
#endif

#define NTHREADS 4
#define LOOPS 60

/* Made before the threads start, read by all of them, freed after. */
static const struct netobs_snapshot *shared_snap;
static const struct netobs_diff *shared_diff;

static int read_shared(void)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < netobs_snapshot_device_count(shared_snap); i++) {
		const struct netobs_device *dev = netobs_snapshot_device(shared_snap, i);
		uint64_t v;

		if (netobs_device_counter(dev, NETOBS_RX_BYTES, &v) == 0)
			sum += (double)v;
		(void)netobs_diff_rate(shared_diff, dev, NETOBS_RX_BYTES);
		(void)netobs_device_name(dev);
	}
	return sum >= 0 ? 0 : -EINVAL;
}

/* One pass of the loop a watcher runs: refresh the older, diff, read. */
static int churn(struct netobs_ctx *ctx, struct netobs_snapshot **a, struct netobs_snapshot **b,
		 struct netobs_diff *diff)
{
	struct netobs_snapshot *t;
	uint64_t total;
	int err = netobs_snapshot_refresh(*a, ctx);

	if (err < 0)
		return err;
	t = *a;
	*a = *b;
	*b = t;
	err = netobs_diff_update(diff, *a, *b);
	if (err < 0)
		return err;
	netobs_diff_class_total(diff, NETOBS_CLASS_LOOPBACK, NETOBS_RX_PACKETS, &total, NULL);
	netobs_diff_softnet_total(diff, NETOBS_SOFTNET_PROCESSED, &total, NULL);
	return 0;
}

static int loop_over(const char *root)
{
	struct netobs_ctx *ctx = NULL;
	struct netobs_snapshot *a = NULL, *b = NULL;
	struct netobs_diff *diff = NULL;
	struct netobs_sampler *s = NULL;
	int err, i;

	err = netobs_ctx_new(&ctx);
	if (err == 0)
		err = netobs_ctx_set_root(ctx, root);
	if (err == 0)
		err = netobs_snapshot_take(&a, ctx);
	if (err == 0)
		err = netobs_snapshot_take(&b, ctx);
	if (err == 0)
		err = netobs_diff_new(&diff, a, b);
	for (i = 0; i < LOOPS && err == 0; i++) {
		err = churn(ctx, &a, &b, diff);
		if (err == 0)
			err = read_shared();
	}
	if (err == 0)
		err = netobs_sampler_new(&s, ctx);
	for (i = 0; i < LOOPS && err == 0; i++)
		err = netobs_sampler_tick(s);
	if (err < 0)
		fprintf(stderr, "threads: %s: %s (%s)\n", root, strerror(-err),
			netobs_ctx_message(ctx));
	netobs_sampler_free(s);
	netobs_diff_free(diff);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
	netobs_ctx_free(ctx);
	return err;
}

static void *worker(void *arg)
{
	(void)arg;
	if (loop_over(NETOBS_FIXTURES "/docker-host") < 0 || loop_over("/") < 0)
		return (void *)1;
	return NULL;
}

int main(void)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *a, *b;
	struct netobs_diff *diff;
	pthread_t t[NTHREADS];
	int i, failed = 0;

	if (netobs_ctx_new(&ctx) < 0 || netobs_snapshot_take(&a, ctx) < 0 ||
	    netobs_snapshot_take(&b, ctx) < 0 || netobs_diff_new(&diff, a, b) < 0) {
		fprintf(stderr, "threads: setup failed\n");
		return 1;
	}
	shared_snap = b;
	shared_diff = diff;
	for (i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0)
			return 1;
	for (i = 0; i < NTHREADS; i++) {
		void *rc;

		pthread_join(t[i], &rc);
		failed |= rc != NULL;
	}
	netobs_diff_free(diff);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
	netobs_ctx_free(ctx);
	printf("threads: %d threads x %d loops x 2 roots: %s\n", NTHREADS, LOOPS,
	       failed ? "FAILED" : "ok");
	return failed;
}
