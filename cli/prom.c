/* SPDX-License-Identifier: MIT */
/*
 * Prometheus text exposition (version 0.0.4) for --prom and --textfile.
 *
 * Every family is written whole (HELP, TYPE, then all its samples), its
 * header only when it has a first sample, so a family with no samples is
 * absent.  No timestamps: node_exporter's textfile collector rejects them.
 * Names start with netobs_ and never reuse node_exporter's node_network_* or
 * node_softnet_*, which would make it drop clashing series.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

#define PROM_NAMESIZ 96

struct family {
	struct out *out;
	const char *name;
	const char *help;
	const char *type; /* "counter" or "gauge" */
	bool started;
};

static void family_init(struct family *f, struct out *out, const char *name, const char *help,
			const char *type)
{
	f->out = out;
	f->name = name;
	f->help = help;
	f->type = type;
	f->started = false;
}

/* Starts a sample line: the header first if this is the family's first. */
static void sample_begin(struct family *f)
{
	if (!f->started) {
		out_printf(f->out, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name,
			   f->type);
		f->started = true;
	}
	out_str(f->out, f->name);
}

/* Label values are any UTF-8 with \\, \" and \n escaped; bytes that are not
 * UTF-8 become U+FFFD so the exposition stays valid. */
static void label_value(struct out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n;

	while (left > 0) {
		n = utf8_sequence(p, left);
		if (n == 0) {
			out_str(o, "\xef\xbf\xbd");
			n = 1;
		} else if (*p == '\\') {
			out_write(o, "\\\\", 2);
		} else if (*p == '"') {
			out_write(o, "\\\"", 2);
		} else if (*p == '\n') {
			out_write(o, "\\n", 2);
		} else {
			out_write(o, (const char *)p, n);
		}
		p += n;
		left -= n;
	}
}

/* Writes KEY="VALUE", with a comma before all but the first. */
static void label(struct out *o, const char *key, const char *value, bool first)
{
	if (!first)
		out_char(o, ',');
	out_str(o, key);
	out_str(o, "=\"");
	label_value(o, value ? value : "");
	out_char(o, '"');
}

static void sample_end_u64(struct family *f, uint64_t v)
{
	out_printf(f->out, " %llu\n", (unsigned long long)v);
}

/* ---- devices ---------------------------------------------------------- */

static void device_labels(struct family *f, const struct netobs_device *dev)
{
	out_char(f->out, '{');
	label(f->out, "device", netobs_device_name(dev), true);
	label(f->out, "class", netobs_class_name(netobs_device_class(dev)), false);
	label(f->out, "kind", netobs_device_kind(dev), false);
	out_char(f->out, '}');
}

static void device_info(struct family *f, const struct netobs_device *dev)
{
	sample_begin(f);
	out_char(f->out, '{');
	label(f->out, "device", netobs_device_name(dev), true);
	label(f->out, "class", netobs_class_name(netobs_device_class(dev)), false);
	label(f->out, "kind", netobs_device_kind(dev), false);
	label(f->out, "driver", netobs_device_driver(dev), false);
	label(f->out, "bus", netobs_device_bus(dev), false);
	label(f->out, "master", netobs_device_master_name(dev), false);
	label(f->out, "operstate", netobs_operstate_name(netobs_device_operstate(dev)), false);
	label(f->out, "address", netobs_device_address(dev), false);
	out_str(f->out, "} 1\n");
}

/* The per-device attribute families, by index. */
enum attr_family {
	ATTR_INFO,
	ATTR_UP,
	ATTR_CARRIER,
	ATTR_MTU,
	ATTR_SPEED,
	ATTR_CARRIER_CHANGES,
	ATTR_COUNT,
};

static const struct {
	const char *name, *help, *type;
} attr_families[ATTR_COUNT] = {
	[ATTR_INFO] = { "netobs_device_info",
			"Device identity and classification; the value is always 1.", "gauge" },
	[ATTR_UP] = { "netobs_device_up", "1 when the operational state is up, else 0.",
		      "gauge" },
	[ATTR_CARRIER] = { "netobs_device_carrier", "1 when the device has carrier, else 0.",
			   "gauge" },
	[ATTR_MTU] = { "netobs_device_mtu_bytes", "Maximum transmission unit in bytes.",
		       "gauge" },
	[ATTR_SPEED] = { "netobs_device_speed_bytes",
			 "Link speed in bytes per second, where the driver reports one.",
			 "gauge" },
	[ATTR_CARRIER_CHANGES] = { "netobs_device_carrier_changes_total",
				   "Times the carrier went up or down.", "counter" },
};

/* 0 and *V when the device has attribute A. */
static int attr_value(enum attr_family a, const struct netobs_device *dev, uint64_t *v)
{
	uint32_t u32;
	int carrier, err = -1;

	switch (a) {
	case ATTR_UP:
		*v = netobs_device_operstate(dev) == NETOBS_OPER_UP;
		return 0;
	case ATTR_CARRIER:
		carrier = netobs_device_carrier(dev);
		*v = carrier == 1;
		return carrier < 0 ? carrier : 0;
	case ATTR_MTU:
		err = netobs_device_mtu(dev, &u32);
		break;
	case ATTR_SPEED:
		err = netobs_device_speed(dev, v);
		*v /= 8;
		return err;
	case ATTR_CARRIER_CHANGES:
		err = netobs_device_carrier_changes(dev, &u32);
		break;
	default:
		return -1;
	}
	*v = u32;
	return err;
}

static void attr_family_print(struct out *out, enum attr_family a,
			      const struct netobs_snapshot *snap, const struct filter *filter)
{
	size_t i, n = netobs_snapshot_device_count(snap);
	struct family f;
	uint64_t v = 0;

	family_init(&f, out, attr_families[a].name, attr_families[a].help, attr_families[a].type);
	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (!filter_match(filter, dev))
			continue;
		if (a == ATTR_INFO) {
			device_info(&f, dev);
			continue;
		}
		if (attr_value(a, dev, &v) < 0)
			continue;
		sample_begin(&f);
		device_labels(&f, dev);
		sample_end_u64(&f, v);
	}
}

/* rx_missed_errors -> netobs_device_receive_missed_errors_total; the two
 * counters without a direction prefix get the direction they count. */
static void counter_metric_name(char name[PROM_NAMESIZ], const char *counter)
{
	if (strncmp(counter, "rx_", 3) == 0)
		snprintf(name, PROM_NAMESIZ, "netobs_device_receive_%s_total", counter + 3);
	else if (strncmp(counter, "tx_", 3) == 0)
		snprintf(name, PROM_NAMESIZ, "netobs_device_transmit_%s_total", counter + 3);
	else if (strcmp(counter, "multicast") == 0)
		snprintf(name, PROM_NAMESIZ, "netobs_device_receive_multicast_total");
	else if (strcmp(counter, "collisions") == 0)
		snprintf(name, PROM_NAMESIZ, "netobs_device_transmit_collisions_total");
	else
		snprintf(name, PROM_NAMESIZ, "netobs_device_%s_total", counter);
}

static void counter_family_print(struct out *out, enum netobs_counter c,
				 const struct netobs_snapshot *snap, const struct filter *filter)
{
	size_t i, n = netobs_snapshot_device_count(snap);
	char name[PROM_NAMESIZ], help[128];
	struct family f;
	uint64_t v;

	counter_metric_name(name, netobs_counter_name(c));
	snprintf(help, sizeof(help), "Kernel device counter %s (struct rtnl_link_stats64).",
		 netobs_counter_name(c));
	family_init(&f, out, name, help, "counter");
	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (!filter_match(filter, dev) || netobs_device_counter(dev, c, &v) < 0)
			continue;
		sample_begin(&f);
		device_labels(&f, dev);
		sample_end_u64(&f, v);
	}
}

static void devices_print(struct out *out, const struct netobs_snapshot *snap,
			  const struct filter *filter)
{
	unsigned int a, c;

	for (a = 0; a < ATTR_COUNT; a++)
		attr_family_print(out, (enum attr_family)a, snap, filter);
	for (c = 0; c < netobs_counter_count(); c++)
		counter_family_print(out, (enum netobs_counter)c, snap, filter);
}

/* ---- CPUs and tunables -------------------------------------------------- */

static const struct {
	enum netobs_softnet_field field;
	const char *name, *help, *type;
} softnet_families[] = {
	{ NETOBS_SOFTNET_PROCESSED, "netobs_softnet_processed_total",
	  "Packets processed by the CPU's backlog (softnet_stat column 0).", "counter" },
	{ NETOBS_SOFTNET_DROPPED, "netobs_softnet_dropped_total",
	  "Packets dropped: backlog over netdev_max_backlog or flow limit.", "counter" },
	{ NETOBS_SOFTNET_TIME_SQUEEZE, "netobs_softnet_times_squeezed_total",
	  "net_rx_action ran out of netdev_budget or netdev_budget_usecs with work left.",
	  "counter" },
	{ NETOBS_SOFTNET_RECEIVED_RPS, "netobs_softnet_received_rps_total",
	  "Times the CPU was woken by an RPS inter-processor interrupt.", "counter" },
	{ NETOBS_SOFTNET_FLOW_LIMIT_COUNT, "netobs_softnet_flow_limit_count_total",
	  "Packets dropped by the flow limit.", "counter" },
	{ NETOBS_SOFTNET_BACKLOG_LEN, "netobs_softnet_backlog_packets",
	  "Packets waiting in the CPU's backlog queue.", "gauge" },
};

static void cpu_labels(struct out *out, const struct netobs_cpu *cpu)
{
	out_printf(out, "{cpu=\"%d\"}", netobs_cpu_id(cpu));
}

static void softnet_print(struct out *out, const struct netobs_snapshot *snap)
{
	size_t i, k, n = netobs_snapshot_cpu_count(snap);
	struct family f;
	uint64_t v;

	for (k = 0; k < sizeof(softnet_families) / sizeof(softnet_families[0]); k++) {
		family_init(&f, out, softnet_families[k].name, softnet_families[k].help,
			    softnet_families[k].type);
		for (i = 0; i < n; i++) {
			const struct netobs_cpu *cpu = netobs_snapshot_cpu(snap, i);

			if (netobs_cpu_softnet(cpu, softnet_families[k].field, &v) < 0)
				continue;
			sample_begin(&f);
			cpu_labels(out, cpu);
			sample_end_u64(&f, v);
		}
	}
}

static void softirq_print(struct out *out, const struct netobs_snapshot *snap)
{
	static const char *const names[] = { "netobs_softirq_net_rx_total",
					     "netobs_softirq_net_tx_total" };
	static const char *const helps[] = { "NET_RX softirqs run on the CPU (/proc/softirqs).",
					     "NET_TX softirqs run on the CPU (/proc/softirqs)." };
	size_t i, n = netobs_snapshot_cpu_count(snap);
	struct family f;
	uint64_t v;
	int s;

	for (s = NETOBS_SOFTIRQ_NET_RX; s <= NETOBS_SOFTIRQ_NET_TX; s++) {
		family_init(&f, out, names[s], helps[s], "counter");
		for (i = 0; i < n; i++) {
			const struct netobs_cpu *cpu = netobs_snapshot_cpu(snap, i);

			if (netobs_cpu_softirq(cpu, (enum netobs_softirq)s, &v) < 0)
				continue;
			sample_begin(&f);
			cpu_labels(out, cpu);
			sample_end_u64(&f, v);
		}
	}
}

static void tunables_print(struct out *out, const struct netobs_snapshot *snap)
{
	char name[PROM_NAMESIZ], help[128];
	struct family f;
	unsigned int t;
	int64_t v;

	for (t = 0; t < netobs_tunable_count(); t++) {
		const char *tn = netobs_tunable_name((enum netobs_tunable)t);

		if (netobs_snapshot_tunable(snap, (enum netobs_tunable)t, &v) < 0)
			continue;
		snprintf(name, sizeof(name), "netobs_sysctl_%s", tn);
		snprintf(help, sizeof(help), "The sysctl net.core.%s.", tn);
		family_init(&f, out, name, help, "gauge");
		sample_begin(&f);
		out_printf(out, " %lld\n", (long long)v);
	}
}

static void self_print(struct out *out, double scrape_seconds)
{
	struct family f;

	family_init(&f, out, "netobs_build_info", "The netobs version; the value is always 1.",
		    "gauge");
	sample_begin(&f);
	out_char(out, '{');
	label(out, "version", netobs_version_string(), true);
	out_str(out, "} 1\n");
	family_init(&f, out, "netobs_scrape_duration_seconds",
		    "Seconds netobs took to read every counter.", "gauge");
	sample_begin(&f);
	out_printf(out, " %.6f\n", scrape_seconds);
}

void prom_print(struct out *out, const struct netobs_snapshot *snap, const struct cli_opts *o,
		double scrape_seconds)
{
	if (o->sections & CLI_SEC_DEVICES)
		devices_print(out, snap, &o->filter);
	if (o->sections & CLI_SEC_CPUS) {
		softnet_print(out, snap);
		softirq_print(out, snap);
		tunables_print(out, snap);
	}
	self_print(out, scrape_seconds);
}
