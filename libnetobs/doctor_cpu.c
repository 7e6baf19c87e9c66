/* SPDX-License-Identifier: MIT */
/*
 * The CPU layers of the diagnosis: the per-CPU input backlog (softnet
 * dropped, flow_limit_count) and the NET_RX budget (time_squeeze, and how
 * unevenly NET_RX falls on the CPUs).  Both are the host's, whatever
 * namespace reads them.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "doctor.h"

/* netdata softnet.conf 1min_netdev_backlog_exceeded: avg > 10/s. */
static const struct netobs__gate backlog = {
	10, 10, 0, 100, 0, "> 10/s (critical > 100/s)",
	"netdata softnet.conf 1min_netdev_backlog_exceeded; Red Hat tuning guide",
};
/* netdata softnet.conf 1min_netdev_budget_ran_outs: avg > 10/s.  A squeeze
 * delays packets, it drops none: never critical. */
static const struct netobs__gate squeeze = {
	10, 10, 0, -1, 0, "> 10/s", "netdata softnet.conf 1min_netdev_budget_ran_outs",
};

static bool softnet_comparable(struct netobs__walk *w)
{
	if (netobs_snapshot_section_ok(w->older, NETOBS_SECTION_SOFTNET) &&
	    netobs_snapshot_section_ok(w->newer, NETOBS_SECTION_SOFTNET))
		return true;
	netobs__layer_set(w->layer, NETOBS_VERDICT_UNKNOWN,
			  "/proc/net/softnet_stat is absent from a snapshot");
	return false;
}

static int check_cpu(struct netobs__walk *w, const struct netobs_cpu *cpu,
		     enum netobs_softnet_field field, const struct netobs__gate *g,
		     const char *knob)
{
	struct netobs__evidence e = { .ratio = NAN, .knob = knob, .command = "netobs softnet" };
	uint64_t processed;
	char obj[32], name[48];

	if (netobs_diff_cpu_softnet(w->diff, cpu, field, &e.delta, &e.rate) < 0 || e.delta == 0)
		return 0;
	if (netobs_diff_cpu_softnet(w->diff, cpu, NETOBS_SOFTNET_PROCESSED, &processed, NULL) == 0)
		e.ratio = (double)e.delta / (double)(processed + e.delta);
	/* time_squeeze counts NET_RX runs cut short, not packets. */
	if (field == NETOBS_SOFTNET_TIME_SQUEEZE)
		e.ratio = NAN;
	snprintf(obj, sizeof(obj), "CPU %d", netobs_cpu_id(cpu));
	snprintf(name, sizeof(name), "softnet %s", netobs_softnet_field_name(field));
	e.object = obj;
	e.counter = name;
	e.note = "host-wide counter";
	return netobs__finding_add(w->layer, g, &e);
}

int netobs__walk_cpu_backlog(struct netobs__walk *w)
{
	char knob[128], flow[128];
	size_t i;
	int err = 0;

	if (!softnet_comparable(w))
		return 0;
	netobs__knob(knob, sizeof(knob), w->newer, NETOBS_TUNABLE_NETDEV_MAX_BACKLOG,
		     "double it; or spread with RPS");
	netobs__knob(flow, sizeof(flow), w->newer, NETOBS_TUNABLE_FLOW_LIMIT_TABLE_LEN,
		     "one flow fills the backlog: check net.core.flow_limit_cpu_bitmap");
	for (i = 0; i < netobs_snapshot_cpu_count(w->newer) && err == 0; i++) {
		const struct netobs_cpu *cpu = netobs_snapshot_cpu(w->newer, i);

		err = check_cpu(w, cpu, NETOBS_SOFTNET_DROPPED, &backlog, knob);
		if (err == 0)
			err = check_cpu(w, cpu, NETOBS_SOFTNET_FLOW_LIMIT_COUNT, &backlog, flow);
	}
	return err;
}

/* One CPU taking most of a busy host's NET_RX: RSS, RPS or IRQ affinity
 * funnel the load there.  Information: it explains squeezes, it is none. */
static int check_skew(struct netobs__walk *w)
{
	struct netobs__evidence e = { .ratio = NAN, .counter = "NET_RX softirqs",
				      .command = "netobs softnet; cat /proc/interrupts" };
	uint64_t total = 0, best = 0, d;
	int best_id = -1;
	size_t i, n = netobs_snapshot_cpu_count(w->newer);
	char obj[32];

	for (i = 0; i < n; i++) {
		const struct netobs_cpu *cpu = netobs_snapshot_cpu(w->newer, i);

		if (netobs_diff_cpu_softirq(w->diff, cpu, NETOBS_SOFTIRQ_NET_RX, &d, NULL) < 0)
			continue;
		total += d;
		if (d > best) {
			best = d;
			best_id = netobs_cpu_id(cpu);
		}
	}
	e.rate = (double)best / netobs_diff_interval(w->diff);
	if (n < 2 || best_id < 0 || total / netobs_diff_interval(w->diff) < 1000 ||
	    best * 2 <= total)
		return 0;
	snprintf(obj, sizeof(obj), "CPU %d", best_id);
	e.object = obj;
	e.delta = best;
	e.ratio = (double)best / (double)total;
	e.ratio_of = "of all CPUs' NET_RX softirqs";
	e.knob = "RSS queues, RPS (rps_cpus), IRQ affinity";
	return netobs__finding_add(w->layer, NULL, &e);
}

int netobs__walk_cpu_budget(struct netobs__walk *w)
{
	char knob[160];
	size_t i;
	int err = 0;

	if (!softnet_comparable(w))
		return 0;
	netobs__knob2(knob, sizeof(knob), w->newer, NETOBS_TUNABLE_NETDEV_BUDGET,
		      NETOBS_TUNABLE_NETDEV_BUDGET_USECS, "raise netdev_budget (e.g. double it)");
	for (i = 0; i < netobs_snapshot_cpu_count(w->newer) && err == 0; i++)
		err = check_cpu(w, netobs_snapshot_cpu(w->newer, i), NETOBS_SOFTNET_TIME_SQUEEZE,
				&squeeze, knob);
	return err ? err : check_skew(w);
}
