/* SPDX-License-Identifier: MIT */
/*
 * The qdiscs section in every format: the table of "netobs qdisc", show's
 * summary line, the JSON "qdiscs" list, the Prometheus families, and
 * watch's line (pipe) and row (screen).  Qdisc drops are host-side egress
 * loss that the device's tx_dropped does not count.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>


#include <string.h>

#include "format.h"
#include "options.h"
#include "sections.h"
#include "text.h"

/* A qdisc is selected with its device; one of a device the devices
 * section lacks only when nothing is filtered. */
static bool qdisc_selected(const struct filter *f, const struct netobs_snapshot *snap,
			   const struct netobs_qdisc *q)
{
	bool none = !f->nnames && !f->nexcludes && !f->classes && !f->nkinds;
	const struct netobs_device *dev;

	if (none) /* every qdisc: no lookup (4001 per watch tick) */
		return true;
	dev = netobs_snapshot_device_by_ifindex(snap, netobs_qdisc_ifindex(q));
	return dev ? filter_match(f, dev) : none;
}

/* The device's name, or "ifindex:N" (':' is in no device name). */
static const char *device_label(char buf[UNITS_BUFSIZ], const struct netobs_qdisc *q)
{
	const char *name = netobs_qdisc_device_name(q);

	if (name)
		return name;
	snprintf(buf, UNITS_BUFSIZ, "ifindex:%d", netobs_qdisc_ifindex(q));
	return buf;
}

/* ---- table ----------------------------------------------------------------- */

static const enum netobs_qdisc_stat table_stats[] = {
	NETOBS_QDISC_PACKETS, NETOBS_QDISC_BYTES, NETOBS_QDISC_DROPS, NETOBS_QDISC_OVERLIMITS,
	NETOBS_QDISC_REQUEUES, NETOBS_QDISC_QLEN, NETOBS_QDISC_BACKLOG,
};
#define NTABLE (sizeof(table_stats) / sizeof(table_stats[0]))

static void table_row(struct out *out, const struct netobs_qdisc *q, const struct cli_opts *o)
{
	char buf[UNITS_BUFSIZ], dev[UNITS_BUFSIZ];
	uint64_t v;
	size_t i;

	out_escaped_pad(out, device_label(dev, q), 16);
	out_printf(out, " %-12s %-10s %-10s", netobs_qdisc_kind(q), netobs_qdisc_handle_name(q),
		   netobs_qdisc_parent_name(q));
	for (i = 0; i < NTABLE; i++) {
		const char *text = "-";

		if (netobs_qdisc_stat(q, table_stats[i], &v) == 0)
			text = table_stats[i] == NETOBS_QDISC_BYTES ||
					       table_stats[i] == NETOBS_QDISC_BACKLOG
				       ? units_bytes(buf, v, o)
				       : units_u64(buf, v);
		out_printf(out, " %12s", text);
	}
	out_char(out, '\n');
}

static void qdisc_table(struct out *out, const struct netobs_snapshot *snap,
			const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_qdisc_count(snap);

	if (!netobs_snapshot_section_ok(snap, NETOBS_SECTION_QDISCS)) {
		out_str(out, "qdiscs: not read (the warning says why)\n");
		return;
	}
	out_printf(out, "%-16s %-12s %-10s %-10s %12s %12s %12s %12s %12s %12s %12s\n", "DEVICE",
		   "KIND", "HANDLE", "PARENT", "PACKETS", "BYTES", "DROPS", "OVERLIMITS",
		   "REQUEUES", "QLEN", "BACKLOG");
	for (i = 0; i < n; i++)
		if (qdisc_selected(&o->filter, snap, netobs_snapshot_qdisc(snap, i)))
			table_row(out, netobs_snapshot_qdisc(snap, i), o);
	out_str(out, "DROPS: packets the qdisc dropped (host-side egress loss, not in "
		     "tx_dropped); DROPS, OVERLIMITS\nand REQUEUES are 32-bit in the kernel\n");
}

/* show: "qdiscs: 4, 1 dropping: vA tbf 1: 395". */
static void qdisc_show_line(struct out *out, const struct netobs_snapshot *snap,
			    const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_qdisc_count(snap), shown = 0, dropping = 0;
	char dev[UNITS_BUFSIZ];
	uint64_t v;

	if (!netobs_snapshot_section_ok(snap, NETOBS_SECTION_QDISCS))
		return;
	for (i = 0; i < n; i++) {
		const struct netobs_qdisc *q = netobs_snapshot_qdisc(snap, i);

		if (!qdisc_selected(&o->filter, snap, q))
			continue;
		shown++;
		if (netobs_qdisc_stat(q, NETOBS_QDISC_DROPS, &v) < 0 || v == 0)
			continue;
		out_str(out, dropping++ ? ", " : "qdiscs with drops: ");
		out_escaped(out, device_label(dev, q));
		out_printf(out, " %s %s %llu", netobs_qdisc_kind(q), netobs_qdisc_handle_name(q),
			   (unsigned long long)v);
	}
	if (dropping)
		out_printf(out, " (of %zu qdiscs)\n", shown);
	else
		out_printf(out, "qdiscs: %zu, none dropped\n", shown);
}

/* ---- JSON ------------------------------------------------------------------ */

static void qdisc_object(struct jw *w, const struct netobs_qdisc *q)
{
	unsigned int s, n = netobs_qdisc_stat_count();
	const char *keys[JW_BATCH_MAX], *name;
	uint64_t vals[JW_BATCH_MAX];
	size_t nb = 0;

	jw_object(w, NULL);
	jw_str(w, "device", netobs_qdisc_device_name(q));
	jw_i64(w, "ifindex", netobs_qdisc_ifindex(q));
	jw_str(w, "kind", netobs_qdisc_kind(q));
	jw_str(w, "handle", netobs_qdisc_handle_name(q));
	jw_str(w, "parent", netobs_qdisc_parent_name(q));
	jw_u64(w, "handle_raw", netobs_qdisc_handle(q));
	jw_u64(w, "parent_raw", netobs_qdisc_parent(q));
	/* The stats the qdisc has, written a run at a time; null for the rest. */
	jw_object(w, "stats");
	for (s = 0; s < n; s++) {
		name = netobs_qdisc_stat_name((enum netobs_qdisc_stat)s);
		if (netobs_qdisc_stat(q, (enum netobs_qdisc_stat)s, &vals[nb]) == 0) {
			keys[nb++] = name;
			if (nb == JW_BATCH_MAX) {
				jw_u64s(w, keys, vals, nb);
				nb = 0;
			}
			continue;
		}
		jw_u64s(w, keys, vals, nb);
		nb = 0;
		jw_null(w, name);
	}
	jw_u64s(w, keys, vals, nb);
	jw_close(w);
	jw_close(w);
}

/* "qdiscs": [...] of the selected devices, in the document and the sample. */
static void qdisc_json(struct json *j, const struct netobs_snapshot *snap,
		       const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_qdisc_count(snap);
	struct json_list l;
	struct jw w;

	json_list_open(&l, j, "qdiscs");
	for (i = 0; i < n; i++) {
		if (!qdisc_selected(&o->filter, snap, netobs_snapshot_qdisc(snap, i)))
			continue;
		json_list_next(&l);
		jw_begin(&w, j);
		qdisc_object(&w, netobs_snapshot_qdisc(snap, i));
		jw_end(&w);
	}
	json_list_close(&l);
}

static void qdisc_json_sample(struct json *j, const struct cli_sample *smp,
			      const struct cli_opts *o)
{
	qdisc_json(j, smp->snap, o);
}

/* ---- Prometheus ------------------------------------------------------------ */

static const struct {
	enum netobs_qdisc_stat stat;
	const char *name, *type, *help;
} prom_families[] = {
	{ NETOBS_QDISC_DROPS, "netobs_qdisc_drops_total", "counter",
	  "Packets the qdisc dropped, host-side egress loss that tx_dropped does not count; "
	  "a rise means the queue limit or a shaper's rate was exceeded, u32 in the kernel "
	  "(layer qdisc; TCA_STATS2 drops)." },
	{ NETOBS_QDISC_OVERLIMITS, "netobs_qdisc_overlimits_total", "counter",
	  "Times a shaper or policer found the qdisc over its limit; a rise means shaping "
	  "delays or drops traffic, u32 in the kernel (layer qdisc; TCA_STATS2 overlimits)." },
	{ NETOBS_QDISC_REQUEUES, "netobs_qdisc_requeues_total", "counter",
	  "Packets handed back to the qdisc because the driver's TX queue was busy; a rise "
	  "means the device cannot keep up, u32 in the kernel "
	  "(layer qdisc; TCA_STATS2 requeues)." },
	{ NETOBS_QDISC_PACKETS, "netobs_qdisc_packets_total", "counter",
	  "Packets the qdisc sent to the device; a rise is egress traffic "
	  "(layer qdisc; TCA_STATS2 packets)." },
	{ NETOBS_QDISC_BYTES, "netobs_qdisc_bytes_total", "counter",
	  "Bytes the qdisc sent to the device; a rise is egress traffic "
	  "(layer qdisc; TCA_STATS2 bytes)." },
	{ NETOBS_QDISC_QLEN, "netobs_qdisc_queue_packets", "gauge",
	  "Packets waiting in the qdisc; a rise means egress is backing up and latency "
	  "grows (layer qdisc; TCA_STATS2 qlen)." },
	{ NETOBS_QDISC_BACKLOG, "netobs_qdisc_backlog_bytes", "gauge",
	  "Bytes waiting in the qdisc; a rise means egress is backing up and latency grows "
	  "(layer qdisc; TCA_STATS2 backlog)." },
};

static void prom_sample(struct out *out, const char *name, const struct netobs_qdisc *q,
			uint64_t v)
{
	char dev[UNITS_BUFSIZ];

	out_str(out, name);
	out_char(out, '{');
	prom_label_pair(out, "device", device_label(dev, q), true);
	prom_label_pair(out, "kind", netobs_qdisc_kind(q), false);
	prom_label_pair(out, "handle", netobs_qdisc_handle_name(q), false);
	prom_label_pair(out, "parent", netobs_qdisc_parent_name(q), false);
	out_str(out, "} ");
	out_u64(out, v);
	out_char(out, '\n');
}

/* noqueue is no queue: the kernel sends past it (veth's, lo's and every
 * virtual device's default), so its counters stay 0 for good.  A series of
 * each per device cost a fleet 7 series per container veth for nothing. */
static bool has_queue(const struct netobs_qdisc *q)
{
	const char *kind = netobs_qdisc_kind(q);

	return !kind || strcmp(kind, "noqueue") != 0;
}

/* One series per qdisc with a queue and family: bounded by the qdiscs. */
static void qdisc_prom(struct out *out, const struct netobs_snapshot *snap,
		       const struct cli_opts *o)
{
	size_t i, k, n = netobs_snapshot_qdisc_count(snap);
	uint64_t v;

	if (!(o->metrics & PROM_GROUP_QDISC))
		return;
	for (k = 0; k < sizeof(prom_families) / sizeof(prom_families[0]); k++) {
		bool started = false;

		for (i = 0; i < n; i++) {
			const struct netobs_qdisc *q = netobs_snapshot_qdisc(snap, i);

			if (!has_queue(q) || !qdisc_selected(&o->filter, snap, q) ||
			    netobs_qdisc_stat(q, prom_families[k].stat, &v) < 0)
				continue;
			if (!started)
				out_printf(out, "# HELP %s %s\n# TYPE %s %s\n", prom_families[k].name,
					   prom_families[k].help, prom_families[k].name,
					   prom_families[k].type);
			started = true;
			prom_sample(out, prom_families[k].name, q, v);
		}
	}
}

/* ---- watch ----------------------------------------------------------------- */

/* The drop rate of each selected qdisc that dropped in the interval,
 * through FN; returns how many. */
static size_t qdisc_dropping(const struct cli_sample *smp, const struct filter *f,
			     void (*fn)(void *arg, const struct netobs_qdisc *q, double rate), void *arg)
{
	size_t i, n = netobs_snapshot_qdisc_count(smp->snap), count = 0;
	uint64_t d;
	double r;

	for (i = 0; smp->diff && i < n; i++) {
		const struct netobs_qdisc *q = netobs_snapshot_qdisc(smp->snap, i);

		if (!qdisc_selected(f, smp->snap, q) ||
		    netobs_diff_qdisc(smp->diff, q, NETOBS_QDISC_DROPS, &d, &r) < 0 || d == 0)
			continue;
		count++;
		if (fn)
			fn(arg, q, r);
	}
	return count;
}

struct line_arg {
	struct out *out;
	const char *when;
	const struct cli_opts *o;
};

/* "qdisc:" cannot be a device name (no ':'), as "softnet:". */
static void line_one(void *arg, const struct netobs_qdisc *q, double rate)
{
	struct line_arg *a = arg;
	char buf[UNITS_BUFSIZ], dev[UNITS_BUFSIZ];

	out_printf(a->out, "%s qdisc: ", a->when);
	out_escaped(a->out, device_label(dev, q));
	out_printf(a->out, " kind=%s handle=%s parent=%s drops/s=%s\n", netobs_qdisc_kind(q),
		   netobs_qdisc_handle_name(q), netobs_qdisc_parent_name(q),
		   units_count_rate(buf, rate, a->o));
}

static void qdisc_lines(struct out *out, const char *when, const struct cli_sample *smp,
			const struct cli_opts *o)
{
	struct line_arg a = { .out = out, .when = when, .o = o };

	qdisc_dropping(smp, &o->filter, line_one, &a);
}

struct screen_arg {
	char *buf;
	size_t size, used;
	const struct cli_opts *o;
};

static void screen_one(void *arg, const struct netobs_qdisc *q, double rate)
{
	struct screen_arg *a = arg;
	char buf[UNITS_BUFSIZ], dev[UNITS_BUFSIZ], name[UNITS_BUFSIZ];
	int k;

	if (a->used + 1 >= a->size)
		return;
	k = snprintf(a->buf + a->used, a->size - a->used, "%s%s %s %s %s/s",
		     a->used ? ", " : "qdisc drops: ",
		     escape_str(name, sizeof(name), device_label(dev, q)), netobs_qdisc_kind(q),
		     netobs_qdisc_handle_name(q), units_count_rate(buf, rate, a->o));
	if (k > 0)
		a->used += (size_t)k < a->size - a->used ? (size_t)k : a->size - a->used - 1;
}

/* The screen's row: "qdisc drops: vA tbf 1: 395/s, ..."; 0 when none. */
static size_t qdisc_screen_text(char *buf, size_t size, const struct cli_sample *smp,
				const struct cli_opts *o)
{
	struct screen_arg a = { .buf = buf, .size = size, .o = o };

	buf[0] = '\0';
	return qdisc_dropping(smp, &o->filter, screen_one, &a);
}

/* The screen's section line. */
static void qdisc_screen(struct out *line, const struct cli_sample *smp,
			 const struct cli_opts *o)
{
	char text[512];

	if (!netobs_snapshot_section_ok(smp->snap, NETOBS_SECTION_QDISCS))
		out_str(line, "qdiscs: not read (netlink only: never under --root)");
	else if (!qdisc_screen_text(text, sizeof(text), smp, o))
		out_str(line, "qdiscs: no drops");
	else
		out_str(line, text);
}

/* netobs qdisc, show, and netobs sockets (it reports CLI_SEC_QDISCS too). */
const struct cli_section cli_section_qdisc = {
	.name = "qdiscs",
	.bit = CLI_SEC_QDISCS,
	.cmd = CLI_CMD_QDISC,
	.table = qdisc_table,
	.show = qdisc_show_line,
	.json = qdisc_json,
	.json_sample = qdisc_json_sample,
	.prom = qdisc_prom,
	.lines = qdisc_lines,
	.screen = qdisc_screen,
};
