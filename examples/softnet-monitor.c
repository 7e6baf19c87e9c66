/* SPDX-License-Identifier: MIT */
/*
 * softnet-monitor: per CPU, the packets its NET_RX softirq processed, dropped
 * (backlog full: net.core.netdev_max_backlog) and squeezed (ran out of
 * budget: net.core.netdev_budget) per second.  The busiest CPU is marked
 * with '*': one hot CPU while the others idle means RSS/RPS spread badly.
 *
 *   cc -o softnet-monitor softnet-monitor.c $(pkg-config --cflags --libs libnetobs)
 *   ./softnet-monitor [COUNT]
 */
#include <netobs.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

static double rate_of(const struct netobs_diff *diff, const struct netobs_cpu *cpu,
		      enum netobs_softnet_field field)
{
	double rate;

	/* On error the rate is NAN: an offline CPU, a field this kernel lacks. */
	netobs_diff_cpu_softnet(diff, cpu, field, NULL, &rate);
	return rate;
}

static void report(const struct netobs_snapshot *snap, const struct netobs_diff *diff)
{
	size_t n = netobs_snapshot_cpu_count(snap), hot = n;
	double best = 0;

	for (size_t i = 0; i < n; i++) {
		double r = rate_of(diff, netobs_snapshot_cpu(snap, i), NETOBS_SOFTNET_PROCESSED);

		if (r > best) {
			best = r;
			hot = i;
		}
	}
	printf("%4s %12s %10s %10s\n", "cpu", "processed/s", "dropped/s", "squeezed/s");
	for (size_t i = 0; i < n; i++) {
		const struct netobs_cpu *cpu = netobs_snapshot_cpu(snap, i);

		if (!netobs_cpu_online(cpu))
			continue;
		printf("%4d %12.0f %10.0f %10.0f%s\n", netobs_cpu_id(cpu),
		       rate_of(diff, cpu, NETOBS_SOFTNET_PROCESSED),
		       rate_of(diff, cpu, NETOBS_SOFTNET_DROPPED),
		       rate_of(diff, cpu, NETOBS_SOFTNET_TIME_SQUEEZE), i == hot ? " *" : "");
	}
	putchar('\n');
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
		fprintf(stderr, "softnet-monitor: %s\n", netobs_ctx_message(ctx));
		return 1;
	}
	while (count != 0 && poll(&pfd, 1, -1) > 0) {
		if (netobs_sampler_tick(sampler) < 0)
			fprintf(stderr, "softnet-monitor: stale: %s\n", netobs_ctx_message(ctx));
		else if (netobs_sampler_diff(sampler))
			report(netobs_sampler_snapshot(sampler), netobs_sampler_diff(sampler));
		if (count > 0)
			count--;
	}
	netobs_sampler_free(sampler);
	netobs_ctx_free(ctx);
	return 0;
}
