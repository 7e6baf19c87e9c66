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

/* ---- the hot path -------------------------------------------------------- */

/* A device family is 4001 lines at 4001 devices, 31 families with
 * --metrics all: 12 MB where each line is two memcpys and a number.  The
 * cursor takes room for many lines from the buffer at once and commits
 * them at once (a commit past 64 KiB flushes), so a line makes no call
 * into outbuf.c. */
#define CURSOR_CHUNK (64 * 1024)

struct cursor {
	struct out *out;
	char *start, *at, *end;
};

static void cursor_init(struct cursor *c, struct out *out)
{
	c->out = out;
	c->start = c->at = c->end = NULL;
}

/* Commits what was written; the buffer may move (a flush) after it. */
static void cursor_done(struct cursor *c)
{
	if (c->start)
		out_commit(c->out, (size_t)(c->at - c->start));
	c->start = c->at = c->end = NULL;
}

/* Room for NEED more bytes at c->at; false after a write error. */
static inline bool cursor_room(struct cursor *c, size_t need)
{
	size_t avail;

	if ((size_t)(c->end - c->at) >= need)
		return true;
	cursor_done(c);
	c->start = out_space(c->out, need > CURSOR_CHUNK ? need : CURSOR_CHUNK, &avail);
	if (!c->start)
		return false;
	c->at = c->start;
	c->end = c->start + avail;
	return true;
}

static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* V in decimal at P (at most 20 bytes, no NUL); the length.  Most device
 * error counters are 0: one store. */
static inline size_t put_u64(char *p, uint64_t v)
{
	size_t n = 1, i;
	uint64_t t = v;

	if (v < 10) {
		*p = (char)('0' + v);
		return 1;
	}
	while (t >= 10) {
		t /= 10;
		n++;
	}
	i = n;
	while (v >= 100) {
		i -= 2;
		memcpy(p + i, digit_pairs + (v % 100) * 2, 2);
		v /= 100;
	}
	if (v >= 10)
		memcpy(p, digit_pairs + v * 2, 2);
	else
		*p = (char)('0' + v);
	return n;
}

/* NAME LABELS VALUE\n through the cursor.  LABELS is an escaped block,
 * braces included. */
static inline void cursor_sample(struct cursor *c, const struct family *f, const char *labels,
				 size_t labels_len, uint64_t v)
{
	char *at;

	if (!cursor_room(c, f->namelen + labels_len + 22))
		return;
	at = c->at;
	memcpy(at, f->name, f->namelen);
	at += f->namelen;
	memcpy(at, labels, labels_len);
	at += labels_len;
	*at++ = ' ';
	at += put_u64(at, v);
	*at++ = '\n';
	c->at = at;
}

/* One sample outside the device loops (CPUs): the same line. */
static void sample(struct family *f, const char *labels, size_t labels_len, uint64_t v)
{
	struct cursor c;

	family_header(f);
	cursor_init(&c, f->out);
	cursor_sample(&c, f, labels, labels_len, v);
	cursor_done(&c);
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

/* ---- CPUs and tunables -------------------------------------------------- */

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
static void sections_print(struct out *out, const struct netobs_snapshot *snap)
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
static void freshness_print(struct out *out, const struct netobs_snapshot *snap)
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

void prom_print(struct prom *p, struct out *out, const struct netobs_snapshot *snap,
		const struct cli_opts *o, double scrape_seconds)
{
	unsigned int g = o->metrics;

	sections_print(out, snap);
	freshness_print(out, snap);
	if ((o->sections & CLI_SEC_DEVICES) &&
	    (g & (PROM_GROUP_CORE | PROM_GROUP_ERRORS | PROM_GROUP_DROPS | PROM_GROUP_DETAILS)))
		devices_print(p, out, snap, &o->filter, g);
	if ((o->sections & CLI_SEC_DEVICES) && (g & PROM_GROUP_CORE))
		netns_peers_prom(out, snap, &o->filter); /* netns_out.c: containers */
	if (o->sections & CLI_SEC_CPUS) {
		if (g & PROM_GROUP_SOFTNET)
			softnet_print(out, snap);
		if (g & PROM_GROUP_SOFTIRQ)
			softirq_print(out, snap);
		if (g & PROM_GROUP_SYSCTL)
			tunables_print(out, snap);
	}
	if ((o->sections & CLI_SEC_SOCKETS) && (g & PROM_GROUP_SOCKETS))
		sockets_prom(out, snap);
	if ((o->sections & CLI_SEC_QDISCS) && (g & PROM_GROUP_QDISC))
		qdisc_prom(out, snap, &o->filter);
	if ((o->sections & CLI_SEC_STACK) && (g & (PROM_GROUP_STACK | PROM_GROUP_STACK_EXTRA)))
		stack_prom(out, snap, g);
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
	.print_namespaces = allnetns_prom_stdout,
	.end = prom_end,
};
