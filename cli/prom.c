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

#include "allnetns.h"
#include "format.h"
#include "options.h"
#include "prom.h"
#include "prom_write.h"
#include "sections.h"

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

/* Device I's sample: its label block, escaped once per snapshot. */
static inline void device_sample(struct cursor *c, const struct family *f, const struct prom *p,
				 size_t i, uint64_t v)
{
	size_t start = i > 0 ? p->end[i - 1] : 0;

	cursor_sample(c, f, p->labels.buf + start, p->end[i] - start, v);
}

/* The device's label block without its closing brace, then the labels
 * only the info family has. */
static void device_info(struct family *f, const struct prom *p, size_t i)
{
	const struct netobs_device *dev = p->devs[i];
	size_t start = i > 0 ? p->end[i - 1] : 0;

	sample_begin(f);
	out_write(f->out, p->labels.buf + start, p->end[i] - start - 1);
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
			"Device identity and classification, always 1; join on it for driver, "
			"bus, master, operstate and address (layer device; netlink and sysfs).",
			"gauge" },
	[ATTR_UP] = { "netobs_device_up",
		      "1 when the operational state is up, else 0; a fall to 0 means the device "
		      "stopped passing traffic (layer link; IFLA_OPERSTATE).",
		      "gauge" },
	[ATTR_CARRIER] = { "netobs_device_carrier",
			   "1 when the device has carrier, else 0; a fall to 0 means the cable, "
			   "optic or peer is gone (layer link; IFLA_CARRIER or sysfs carrier).",
			   "gauge" },
	[ATTR_MTU] = { "netobs_device_mtu_bytes",
		       "Maximum transmission unit in bytes; a change drops or fragments larger "
		       "packets (layer device; IFLA_MTU).",
		       "gauge" },
	[ATTR_SPEED] = { "netobs_device_speed_bytes",
			 "Link speed in bytes per second, where the driver reports one; a fall "
			 "means the link renegotiated down (layer link; sysfs speed).",
			 "gauge" },
	[ATTR_CARRIER_CHANGES] = { "netobs_device_carrier_changes_total",
				   "Times the carrier went up or down; a rise means the link flaps "
				   "(layer link; IFLA_CARRIER_CHANGES).",
				   "counter" },
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
	struct cursor c;
	uint64_t v = 0;
	size_t i;

	family_init(&f, out, attr_families[a].name, attr_families[a].help, attr_families[a].type);
	if (a == ATTR_INFO) {
		for (i = 0; i < p->ndevs; i++)
			device_info(&f, p, i);
		return;
	}
	cursor_init(&c, out);
	for (i = 0; i < p->ndevs; i++) {
		if (attr_value(a, p->devs[i], &v) < 0)
			continue;
		if (!f.started)
			family_header(&f); /* the cursor holds nothing yet */
		device_sample(&c, &f, p, i, v);
	}
	cursor_done(&c);
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

static void counter_family_print(struct out *out, enum netobs_counter c, const struct prom *p,
				 unsigned int groups)
{
	char name[PROM_NAMESIZ], buf[192];
	struct prom_counter_help spare;
	const struct prom_counter_help *h = prom_counter_help(c, buf, sizeof(buf), &spare);
	struct family f;
	struct cursor cur;
	uint64_t v;
	size_t i;

	if (!(h->group & groups))
		return;
	counter_metric_name(name, netobs_counter_name(c));
	family_init(&f, out, name, h->help, "counter");
	cursor_init(&cur, out);
	for (i = 0; i < p->ndevs; i++) {
		if (netobs_device_counter(p->devs[i], c, &v) < 0)
			continue;
		if (!f.started)
			family_header(&f); /* the cursor holds nothing yet */
		device_sample(&cur, &f, p, i, v);
	}
	cursor_done(&cur);
}

static void devices_print(struct prom *p, struct out *out, const struct netobs_snapshot *snap,
			  const struct filter *filter, unsigned int groups)
{
	unsigned int a, c;

	if (select_devices(p, snap, filter) < 0) {
		out->err = out->err ? out->err : -ENOMEM;
		return;
	}
	for (a = 0; (groups & PROM_GROUP_CORE) && a < ATTR_COUNT; a++)
		attr_family_print(out, (enum attr_family)a, p);
	for (c = 0; c < netobs_counter_count(); c++)
		counter_family_print(out, (enum netobs_counter)c, p, groups);
}

/* The families of the sections (sections.c) whose bit is in BITS and shown. */
static void section_families(struct out *out, const struct netobs_snapshot *snap,
			     const struct cli_opts *o, unsigned int bits)
{
	size_t i;

	for (i = 0; i < cli_section_count; i++) {
		const struct cli_section *sec = cli_sections[i];

		if (sec->prom && (sec->bit & bits & o->sections))
			sec->prom(out, snap, o);
	}
}

/* As in JSON, a section of the devices (the peers elsewhere) follows them
 * at once and the others the CPUs. */
void prom_print(struct prom *p, struct out *out, const struct netobs_snapshot *snap,
		const struct cli_opts *o, double scrape_seconds)
{
	unsigned int g = o->metrics;

	prom_sections_print(out, snap);
	prom_freshness_print(out, snap);
	if ((o->sections & CLI_SEC_DEVICES) &&
	    (g & (PROM_GROUP_CORE | PROM_GROUP_ERRORS | PROM_GROUP_DROPS | PROM_GROUP_DETAILS)))
		devices_print(p, out, snap, &o->filter, g);
	section_families(out, snap, o, CLI_SEC_DEVICES);
	if (o->sections & CLI_SEC_CPUS) {
		if (g & PROM_GROUP_SOFTNET)
			prom_softnet_print(out, snap);
		if (g & PROM_GROUP_SOFTIRQ)
			prom_softirq_print(out, snap);
		if (g & PROM_GROUP_SYSCTL)
			prom_tunables_print(out, snap);
	}
	section_families(out, snap, o, ~(unsigned int)CLI_SEC_DEVICES);
	prom_self_print(out, scrape_seconds);
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
	.print_namespaces = allnetns_prom_stdout,
	.end = prom_end,
};
