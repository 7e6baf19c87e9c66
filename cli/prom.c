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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PROM_NAMESIZ 96

struct family {
	struct out *out;
	const char *name;
	size_t namelen;
	const char *help;
	const char *type; /* "counter" or "gauge" */
	bool started;
};

static void family_init(struct family *f, struct out *out, const char *name, const char *help,
			const char *type)
{
	f->out = out;
	f->name = name;
	f->namelen = strlen(name);
	f->help = help;
	f->type = type;
	f->started = false;
}

/* The family's HELP and TYPE, before its first sample. */
static void family_header(struct family *f)
{
	if (f->started)
		return;
	out_printf(f->out, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name, f->type);
	f->started = true;
}

/* Starts a sample line whose labels and value the caller writes. */
static void sample_begin(struct family *f)
{
	family_header(f);
	out_write(f->out, f->name, f->namelen);
}

/* NAME LABELS VALUE: the hot path (120,000 lines at 4001 devices), so one
 * reservation and no printf.  LABELS is an escaped block, braces included. */
static void sample(struct family *f, const char *labels, size_t labels_len, uint64_t v)
{
	size_t n = f->namelen;
	char *at;

	family_header(f);
	at = out_space(f->out, n + labels_len + UNITS_BUFSIZ + 2, NULL);
	if (!at)
		return;
	memcpy(at, f->name, n);
	memcpy(at + n, labels, labels_len);
	n += labels_len;
	at[n++] = ' ';
	n += units_fmt_u64(at + n, v);
	at[n++] = '\n';
	out_commit(f->out, n);
}

/* ---- devices ---------------------------------------------------------- */

void prom_init(struct prom *p)
{
	memset(p, 0, sizeof(*p));
	out_init(&p->labels, -1);
}

void prom_free(struct prom *p)
{
	free(p->devs);
	free(p->end);
	out_free(&p->labels);
	prom_init(p);
}

/* Room for N devices: one allocation per array, sized for the snapshot. */
static int reserve_devices(struct prom *p, size_t n)
{
	const struct netobs_device **devs;
	size_t *end;

	if (n <= p->cap)
		return 0;
	devs = realloc(p->devs, n * sizeof(*devs));
	if (!devs)
		return -ENOMEM;
	p->devs = devs;
	end = realloc(p->end, n * sizeof(*end));
	if (!end)
		return -ENOMEM;
	p->end = end;
	p->cap = n;
	return 0;
}

/* The selected devices and their escaped label blocks, in ifindex order. */
static int select_devices(struct prom *p, const struct netobs_snapshot *snap,
			  const struct filter *filter)
{
	size_t i, n = netobs_snapshot_device_count(snap);

	p->ndevs = 0;
	out_reset(&p->labels);
	/* ~50 bytes per block: one allocation where doubling took a dozen. */
	if (reserve_devices(p, n) < 0 || !out_space(&p->labels, n * 64, NULL))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (!filter_match(filter, dev))
			continue;
		out_char(&p->labels, '{');
		prom_label_pair(&p->labels, "device", netobs_device_name(dev), true);
		prom_label_pair(&p->labels, "class", netobs_class_name(netobs_device_class(dev)), false);
		prom_label_pair(&p->labels, "kind", netobs_device_kind(dev), false);
		out_char(&p->labels, '}');
		p->devs[p->ndevs] = dev;
		p->end[p->ndevs++] = p->labels.len;
	}
	return p->labels.err;
}

static void device_sample(struct family *f, const struct prom *p, size_t i, uint64_t v)
{
	size_t start = i > 0 ? p->end[i - 1] : 0;

	sample(f, p->labels.buf + start, p->end[i] - start, v);
}

static void device_info(struct family *f, const struct netobs_device *dev)
{
	sample_begin(f);
	out_char(f->out, '{');
	prom_label_pair(f->out, "device", netobs_device_name(dev), true);
	prom_label_pair(f->out, "class", netobs_class_name(netobs_device_class(dev)), false);
	prom_label_pair(f->out, "kind", netobs_device_kind(dev), false);
	prom_label_pair(f->out, "role", netobs_device_role(dev), false); /* "" for none */
	prom_label_pair(f->out, "driver", netobs_device_driver(dev), false);
	prom_label_pair(f->out, "bus", netobs_device_bus(dev), false);
	prom_label_pair(f->out, "master", netobs_device_master_name(dev), false);
	prom_label_pair(f->out, "operstate", netobs_operstate_name(netobs_device_operstate(dev)), false);
	prom_label_pair(f->out, "address", netobs_device_address(dev), false);
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

static void attr_family_print(struct out *out, enum attr_family a, const struct prom *p)
{
	struct family f;
	uint64_t v = 0;
	size_t i;

	family_init(&f, out, attr_families[a].name, attr_families[a].help, attr_families[a].type);
	for (i = 0; i < p->ndevs; i++) {
		if (a == ATTR_INFO)
			device_info(&f, p->devs[i]);
		else if (attr_value(a, p->devs[i], &v) == 0)
			device_sample(&f, p, i, v);
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

static void counter_family_print(struct out *out, enum netobs_counter c, const struct prom *p)
{
	char name[PROM_NAMESIZ], help[128];
	struct family f;
	uint64_t v;
	size_t i;

	counter_metric_name(name, netobs_counter_name(c));
	snprintf(help, sizeof(help), "Kernel device counter %s (struct rtnl_link_stats64).",
		 netobs_counter_name(c));
	family_init(&f, out, name, help, "counter");
	for (i = 0; i < p->ndevs; i++)
		if (netobs_device_counter(p->devs[i], c, &v) == 0)
			device_sample(&f, p, i, v);
}

static void devices_print(struct prom *p, struct out *out, const struct netobs_snapshot *snap,
			  const struct filter *filter)
{
	unsigned int a, c;

	if (select_devices(p, snap, filter) < 0) {
		out->err = out->err ? out->err : -ENOMEM;
		return;
	}
	for (a = 0; a < ATTR_COUNT; a++)
		attr_family_print(out, (enum attr_family)a, p);
	for (c = 0; c < netobs_counter_count(); c++)
		counter_family_print(out, (enum netobs_counter)c, p);
}

/* ---- CPUs and tunables -------------------------------------------------- */

static const struct {
	enum netobs_softnet_field field;
	const char *name, *help, *type;
} softnet_families[] = {
	{ NETOBS_SOFTNET_PROCESSED, "netobs_softnet_processed_total",
	  "Packets the CPU passed into the network stack, from NAPI polls and its backlog "
	  "alike (first column of /proc/net/softnet_stat).",
	  "counter" },
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

/* {cpu="N"} into BUF; its length. */
static size_t cpu_labels(char buf[UNITS_BUFSIZ], const struct netobs_cpu *cpu)
{
	size_t n;

	memcpy(buf, "{cpu=\"", 6);
	n = 6 + units_fmt_i64(buf + 6, netobs_cpu_id(cpu));
	memcpy(buf + n, "\"}", 3);
	return n + 2;
}

static void softnet_print(struct out *out, const struct netobs_snapshot *snap)
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

static void softirq_print(struct out *out, const struct netobs_snapshot *snap)
{
	static const char *const names[] = { "netobs_softirq_net_rx_total",
					     "netobs_softirq_net_tx_total" };
	static const char *const helps[] = { "NET_RX softirqs run on the CPU (/proc/softirqs).",
					     "NET_TX softirqs run on the CPU (/proc/softirqs)." };
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
	char name[PROM_NAMESIZ], help[128];
	struct family f;
	size_t i;

	snprintf(name, sizeof(name), "netobs_sysctl_%s", netobs_tunable_name(t));
	snprintf(help, sizeof(help), "The sysctl %s%s.", netobs_tunable_sysctl(t),
		 n > 1 ? ", one sample per value" : "");
	family_init(&f, out, name, help, "gauge");
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

static void tunables_print(struct out *out, const struct netobs_snapshot *snap)
{
	unsigned int t;
	int64_t v[4];
	size_t n;

	for (t = 0; t < netobs_tunable_count(); t++)
		if (netobs_snapshot_tunable_values(snap, (enum netobs_tunable)t, v, 4, &n) == 0)
			tunable_print(out, (enum netobs_tunable)t, v, n);
}

static void self_print(struct out *out, double scrape_seconds)
{
	struct family f;

	family_init(&f, out, "netobs_build_info", "The netobs version; the value is always 1.",
		    "gauge");
	sample_begin(&f);
	out_char(out, '{');
	prom_label_pair(out, "version", netobs_version_string(), true);
	out_str(out, "} 1\n");
	family_init(&f, out, "netobs_scrape_duration_seconds",
		    "Seconds netobs took to read every counter.", "gauge");
	sample_begin(&f);
	out_printf(out, " %.6f\n", scrape_seconds);
}

/* node_scrape_collector_success's idea: an alert can tell "no drops" from
 * "could not read", section by section. */
static void sections_print(struct out *out, const struct netobs_snapshot *snap)
{
	unsigned int s, n = netobs_section_count();
	struct family f;

	family_init(&f, out, "netobs_section_success",
		    "1 when netobs read the section, 0 when it is absent (a warning says why).",
		    "gauge");
	for (s = 0; s < n; s++) {
		sample_begin(&f);
		out_char(out, '{');
		prom_label_pair(out, "section", netobs_section_name((enum netobs_section)s), true);
		out_str(out, netobs_snapshot_section_ok(snap, (enum netobs_section)s) ? "} 1\n"
										  : "} 0\n");
	}
}

void prom_print(struct prom *p, struct out *out, const struct netobs_snapshot *snap,
		const struct cli_opts *o, double scrape_seconds)
{
	sections_print(out, snap);
	if (o->sections & CLI_SEC_DEVICES) {
		devices_print(p, out, snap, &o->filter);
		netns_peers_prom(out, snap, &o->filter); /* netns_out.c: containers */
	}
	if (o->sections & CLI_SEC_CPUS) {
		softnet_print(out, snap);
		softirq_print(out, snap);
		tunables_print(out, snap);
	}
	if (o->sections & CLI_SEC_SOCKETS)
		sockets_prom(out, snap);
	if (o->sections & CLI_SEC_QDISCS)
		qdisc_prom(out, snap, &o->filter);
	if (o->sections & CLI_SEC_STACK)
		stack_prom(out, snap);
	self_print(out, scrape_seconds);
}

/* ---- the format ---------------------------------------------------------- */

static void prom_begin(struct cli_sink *s)
{
	prom_init(&s->prom);
}

static void prom_end(struct cli_sink *s)
{
	prom_free(&s->prom);
}

static int prom_snapshot(struct cli_sink *s, const struct netobs_snapshot *snap,
			 double scrape_seconds)
{
	prom_print(&s->prom, &s->out, snap, s->o, scrape_seconds);
	return cli_sink_flush(s);
}

const struct cli_format cli_format_prom = {
	.name = "prom",
	.no_watch = "watch writes Prometheus text with --textfile PATH, not --prom",
	.begin = prom_begin,
	.print_snapshot = prom_snapshot,
	.end = prom_end,
};
