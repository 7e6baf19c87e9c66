/* SPDX-License-Identifier: MIT */
/*
 * The host-wide Prometheus families: softnet per CPU, softirqs, the
 * sysctls, which sections were read and how fresh, and the scrape's own
 * duration.  prom.c writes the devices and calls these.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "prom.h"
#include "prom_write.h"
#include "text.h"


static const struct {
	enum netobs_softnet_field field;
	const char *name, *help, *type;
} softnet_families[] = {
	{ NETOBS_SOFTNET_PROCESSED, "netobs_softnet_processed_total",
	  "Packets the CPU passed into the network stack, from NAPI polls and its backlog "
	  "alike; a rise is receive work on that CPU (layer cpu; softnet_stat processed).",
	  "counter" },
	{ NETOBS_SOFTNET_DROPPED, "netobs_softnet_dropped_total",
	  "Packets dropped because the CPU's input backlog was over netdev_max_backlog or "
	  "the flow limit; a rise is loss: raise net.core.netdev_max_backlog or spread "
	  "with RPS (layer cpu_backlog; softnet_stat dropped).",
	  "counter" },
	{ NETOBS_SOFTNET_TIME_SQUEEZE, "netobs_softnet_times_squeezed_total",
	  "net_rx_action ran out of netdev_budget or netdev_budget_usecs with work left; a "
	  "rise means receive latency, and loss when rings fill meanwhile "
	  "(layer cpu_budget; softnet_stat time_squeeze).",
	  "counter" },
	{ NETOBS_SOFTNET_RECEIVED_RPS, "netobs_softnet_received_rps_total",
	  "Times the CPU was woken by an RPS inter-processor interrupt; a rise is receive "
	  "work steered to it (layer cpu; softnet_stat received_rps).",
	  "counter" },
	{ NETOBS_SOFTNET_FLOW_LIMIT_COUNT, "netobs_softnet_flow_limit_count_total",
	  "Packets the flow limit dropped to protect the backlog from one large flow; a rise "
	  "is loss of that flow (layer cpu_backlog; softnet_stat flow_limit_count).",
	  "counter" },
	{ NETOBS_SOFTNET_BACKLOG_LEN, "netobs_softnet_backlog_packets",
	  "Packets waiting in the CPU's backlog queue; a rise toward netdev_max_backlog "
	  "comes before softnet drops (layer cpu_backlog; softnet_stat backlog_len).",
	  "gauge" },
};

/* {cpu="N"} into BUF; its length. */
static size_t cpu_labels(char buf[UNITS_BUFSIZ], const struct netobs_cpu *cpu)
{
	size_t n;

	memcpy(buf, "{cpu=\"", 6);
	n = 6 + units_fmt_i64(buf + 6, netobs_cpu_id(cpu));
	memcpy(buf + n, "\"}", 3);
	return n + 2;
}

void prom_softnet_print(struct out *out, const struct netobs_snapshot *snap)
{
	size_t i, k, n = netobs_snapshot_cpu_count(snap);
	char labels[UNITS_BUFSIZ];
	struct family f;
	uint64_t v;

	for (k = 0; k < sizeof(softnet_families) / sizeof(softnet_families[0]); k++) {
		family_init(&f, out, softnet_families[k].name, softnet_families[k].help,
			    softnet_families[k].type);
		for (i = 0; i < n; i++) {
			const struct netobs_cpu *cpu = netobs_snapshot_cpu(snap, i);

			if (netobs_cpu_softnet(cpu, softnet_families[k].field, &v) < 0)
				continue;
			sample(&f, labels, cpu_labels(labels, cpu), v);
		}
	}
}

void prom_softirq_print(struct out *out, const struct netobs_snapshot *snap)
{
	static const char *const names[] = { "netobs_softirq_net_rx_total",
					     "netobs_softirq_net_tx_total" };
	static const char *const helps[] = {
		"NET_RX softirqs run on the CPU; a rise is receive work, and a CPU far above "
		"the others takes the load alone (layer cpu; /proc/softirqs NET_RX).",
		"NET_TX softirqs run on the CPU; a rise is transmit completion work "
		"(layer cpu; /proc/softirqs NET_TX).",
	};
	size_t i, n = netobs_snapshot_cpu_count(snap);
	char labels[UNITS_BUFSIZ];
	struct family f;
	uint64_t v;
	int s;

	for (s = NETOBS_SOFTIRQ_NET_RX; s <= NETOBS_SOFTIRQ_NET_TX; s++) {
		family_init(&f, out, names[s], helps[s], "counter");
		for (i = 0; i < n; i++) {
			const struct netobs_cpu *cpu = netobs_snapshot_cpu(snap, i);

			if (netobs_cpu_softirq(cpu, (enum netobs_softirq)s, &v) < 0)
				continue;
			sample(&f, labels, cpu_labels(labels, cpu), v);
		}
	}
}

/* The three values of tcp_rmem and tcp_wmem (bytes per socket), and of
 * tcp_mem and udp_mem (pages, the whole host), as the label "value". */
static const char *triple_label(enum netobs_tunable t, size_t i)
{
	static const char *const sock[] = { "min", "default", "max" };
	static const char *const mem[] = { "min", "pressure", "max" };

	return t == NETOBS_TUNABLE_TCP_MEM || t == NETOBS_TUNABLE_UDP_MEM ? mem[i] : sock[i];
}

static void tunable_print(struct out *out, enum netobs_tunable t, const int64_t *v, size_t n)
{
	char name[PROM_NAMESIZ], buf[192];
	struct family f;
	size_t i;

	snprintf(name, sizeof(name), "netobs_sysctl_%s", netobs_tunable_name(t));
	family_init(&f, out, name, prom_tunable_help(t, buf, sizeof(buf)), "gauge");
	for (i = 0; i < n; i++) {
		sample_begin(&f);
		if (n > 1) {
			out_char(out, '{');
			prom_label_pair(out, "value", triple_label(t, i), true);
			out_char(out, '}');
		}
		out_char(out, ' ');
		out_i64(out, v[i]);
		out_char(out, '\n');
	}
}

void prom_tunables_print(struct out *out, const struct netobs_snapshot *snap)
{
	unsigned int t;
	int64_t v[4];
	size_t n;

	for (t = 0; t < netobs_tunable_count(); t++)
		if (netobs_snapshot_tunable_values(snap, (enum netobs_tunable)t, v, 4, &n) == 0)
			tunable_print(out, (enum netobs_tunable)t, v, n);
}

void prom_self_print(struct out *out, double scrape_seconds)
{
	struct family f;

	family_init(&f, out, "netobs_build_info",
		    "The netobs version in its label, always 1 (layer netobs; netobs --version).",
		    "gauge");
	sample_begin(&f);
	out_char(out, '{');
	prom_label_pair(out, "version", netobs_version_string(), true);
	out_str(out, "} 1\n");
	family_init(&f, out, "netobs_scrape_duration_seconds",
		    "Seconds netobs took to read every counter; a rise means the kernel answers "
		    "slower, or far more devices (layer netobs; the snapshot's clock).",
		    "gauge");
	sample_begin(&f);
	out_printf(out, " %.6f\n", scrape_seconds);
}

/* node_scrape_collector_success's idea: an alert can tell "no drops" from
 * "could not read", section by section. */
void prom_sections_print(struct out *out, const struct netobs_snapshot *snap)
{
	unsigned int s, n = netobs_section_count();
	struct family f;

	family_init(&f, out, "netobs_section_success",
		    "1 when netobs read the section, 0 when it is absent and a warning says why; "
		    "a 0 means the section's counters are missing, not zero "
		    "(layer netobs; the snapshot's sections).",
		    "gauge");
	for (s = 0; s < n; s++) {
		sample_begin(&f);
		out_char(out, '{');
		prom_label_pair(out, "section", netobs_section_name((enum netobs_section)s), true);
		out_str(out, netobs_snapshot_section_ok(snap, (enum netobs_section)s) ? "} 1\n"
										  : "} 0\n");
	}
}

/* The realtime clock when the snapshot was taken, to the millisecond.  A
 * textfile only ever shows a complete write (rename over the target), so
 * in a scraped file this is the time of the last write that succeeded: an
 * alert on time() minus it catches a netobs that stopped writing. */
void prom_freshness_print(struct out *out, const struct netobs_snapshot *snap)
{
	struct timespec mono, real;
	char num[UNITS_BUFSIZ];
	struct family f;
	size_t n;

	netobs_snapshot_time(snap, &mono, &real);
	family_init(&f, out, "netobs_last_success_timestamp_seconds",
		    "Unix time at which netobs took the snapshot in this text; a textfile is "
		    "replaced only by a complete write, so time() minus it grows when netobs "
		    "stops writing (layer netobs; CLOCK_REALTIME).",
		    "gauge");
	sample_begin(&f);
	n = units_fmt_i64(num, (int64_t)real.tv_sec);
	num[n++] = '.';
	num[n++] = (char)('0' + real.tv_nsec / 100000000 % 10);
	num[n++] = (char)('0' + real.tv_nsec / 10000000 % 10);
	num[n++] = (char)('0' + real.tv_nsec / 1000000 % 10);
	num[n] = '\0';
	out_char(out, ' ');
	out_write(out, num, n);
	out_char(out, '\n');
}

