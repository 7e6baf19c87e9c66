/* SPDX-License-Identifier: MIT */
/*
 * The human tables of the one-shot commands: show (counters per device and a
 * softnet summary), devices (classification) and softnet (per CPU).
 *
 * A small grid engine sizes every column to its widest cell, then prints;
 * cells come from a per-table function, and every cell is escaped on the way
 * out (device names and drivers are data, not text to trust).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allnetns.h"
#include "format.h"
#include "options.h"
#include "sections.h"
#include "text.h"

#define CELL_BUFSIZ 64
#define GRID_COLS_MAX 12

/* Returns the text of cell (ROW, COL), in BUF or elsewhere. */
typedef const char *(*cell_fn)(const void *row, size_t col, char buf[CELL_BUFSIZ],
			       const void *arg);

struct grid {
	const char *const *titles;
	unsigned int right; /* bit per right-aligned column */
	size_t ncols;
	const void *const *rows;
	size_t nrows;
	cell_fn cell;
	const void *arg;
	size_t width[GRID_COLS_MAX];
};

static void grid_measure(struct grid *g)
{
	char buf[CELL_BUFSIZ];
	size_t r, c, w;

	for (c = 0; c < g->ncols; c++)
		g->width[c] = escaped_width(g->titles[c]);
	for (r = 0; r < g->nrows; r++) {
		for (c = 0; c < g->ncols; c++) {
			w = escaped_width(g->cell(g->rows[r], c, buf, g->arg));
			if (w > g->width[c])
				g->width[c] = w;
		}
	}
}

static void grid_cell(struct out *out, const struct grid *g, size_t c, const char *text)
{
	size_t w = escaped_width(text);

	if (c > 0)
		out_write(out, "  ", 2);
	if ((g->right & (1u << c)) && w < g->width[c])
		out_spaces(out, g->width[c] - w);
	if (c + 1 == g->ncols || (g->right & (1u << c)))
		out_escaped(out, text);
	else
		out_escaped_pad(out, text, g->width[c]);
}

static void grid_print(struct out *out, struct grid *g)
{
	char buf[CELL_BUFSIZ];
	size_t r, c;

	grid_measure(g);
	for (c = 0; c < g->ncols; c++)
		grid_cell(out, g, c, g->titles[c]);
	out_char(out, '\n');
	for (r = 0; r < g->nrows; r++) {
		for (c = 0; c < g->ncols; c++)
			grid_cell(out, g, c, g->cell(g->rows[r], c, buf, g->arg));
		out_char(out, '\n');
	}
}

/* The filtered devices, in ifindex order; NULL (and *N = 0) when none or
 * out of memory. */
static const void **select_devices(const struct netobs_snapshot *snap, const struct filter *f,
				   size_t *n)
{
	size_t i, total = netobs_snapshot_device_count(snap);
	const void **rows = malloc((total ? total : 1) * sizeof(*rows));

	*n = 0;
	if (!rows)
		return NULL;
	for (i = 0; i < total; i++)
		if (filter_match(f, netobs_snapshot_device(snap, i)))
			rows[(*n)++] = netobs_snapshot_device(snap, i);
	return rows;
}

/* ---- show ------------------------------------------------------------------ */

static const char *const show_titles[] = {
	"DEVICE", "RX BYTES", "RX PACKETS", "RX ERRORS", "RX DROPPED",
	"TX BYTES", "TX PACKETS", "TX ERRORS", "TX DROPPED",
};

static const enum netobs_counter show_counters[] = {
	NETOBS_RX_BYTES, NETOBS_RX_PACKETS, NETOBS_RX_ERRORS, NETOBS_RX_DROPPED,
	NETOBS_TX_BYTES, NETOBS_TX_PACKETS, NETOBS_TX_ERRORS, NETOBS_TX_DROPPED,
};

#define SHOW_NCOUNTERS (sizeof(show_counters) / sizeof(show_counters[0]))

/* A counter cell: "-" when unavailable, a '*' after a folded value. */
static const char *counter_cell(const struct netobs_device *dev, enum netobs_counter c,
				char buf[CELL_BUFSIZ], const struct cli_opts *o)
{
	uint64_t v;
	size_t n;

	if (netobs_device_counter(dev, c, &v) < 0)
		return "-";
	if (c == NETOBS_RX_BYTES || c == NETOBS_TX_BYTES)
		units_bytes(buf, v, o);
	else
		units_u64(buf, v);
	n = strlen(buf);
	if (netobs_device_counter_flags(dev, c) & NETOBS_COUNTER_FOLDED)
		snprintf(buf + n, CELL_BUFSIZ - n, "*");
	return buf;
}

static const char *show_cell(const void *row, size_t col, char buf[CELL_BUFSIZ],
			     const void *arg)
{
	const struct netobs_device *dev = row;

	if (col == 0)
		return netobs_device_name(dev);
	return counter_cell(dev, show_counters[col - 1], buf, arg);
}

static bool shown_in_columns(enum netobs_counter c)
{
	size_t i;

	for (i = 0; i < SHOW_NCOUNTERS; i++)
		if (show_counters[i] == c)
			return true;
	return false;
}

/* Non-zero counters the columns leave out: rx_missed_errors and its kin are
 * where the interesting drops hide. */
static void show_details(struct out *out, const void *const *rows, size_t n)
{
	unsigned int c, count = netobs_counter_count();
	bool header = false, started;
	uint64_t v;
	size_t r;

	for (r = 0; r < n; r++) {
		started = false;
		for (c = 0; c < count; c++) {
			if (shown_in_columns((enum netobs_counter)c) ||
			    netobs_device_counter(rows[r], (enum netobs_counter)c, &v) < 0 || v == 0)
				continue;
			if (!header)
				out_str(out, "\nOther non-zero counters:\n");
			if (!started) {
				out_str(out, "  ");
				out_escaped(out, netobs_device_name(rows[r]));
			}
			header = started = true;
			out_char(out, ' ');
			out_str(out, netobs_counter_name((enum netobs_counter)c));
			out_char(out, '=');
			out_u64(out, v);
		}
		if (started)
			out_char(out, '\n');
	}
}

static bool any_folded(const void *const *rows, size_t n)
{
	size_t r, c;

	for (r = 0; r < n; r++)
		for (c = 0; c < SHOW_NCOUNTERS; c++)
			if (netobs_device_counter_flags(rows[r], show_counters[c]) &
			    NETOBS_COUNTER_FOLDED)
				return true;
	return false;
}

/* G over the devices the filter selects: the rows, to be freed, or NULL
 * (out of memory, said on OUT). */
static const void **device_grid(struct out *out, struct grid *g,
				const struct netobs_snapshot *snap, const struct cli_opts *o)
{
	const void **rows = select_devices(snap, &o->filter, &g->nrows);

	if (!rows) {
		out->err = -ENOMEM;
		return NULL;
	}
	g->rows = rows;
	grid_print(out, g);
	return rows;
}

static void show_devices(struct out *out, const struct netobs_snapshot *snap,
			 const struct cli_opts *o)
{
	struct grid g = { .titles = show_titles, .right = ~1u, .ncols = 9, .cell = show_cell,
			  .arg = o };
	const void **rows = device_grid(out, &g, snap, o);

	if (!rows)
		return;
	if (any_folded(g.rows, g.nrows))
		out_str(out, "* folded: /proc/net/dev sums several kernel counters in this "
			     "column (see netobs(1))\n");
	show_details(out, g.rows, g.nrows);
	free(rows);
}

static void tunables_line(struct out *out, const struct netobs_snapshot *snap)
{
	unsigned int t;
	bool any = false;
	int64_t v[4];
	size_t n, i;

	for (t = 0; t < netobs_tunable_count(); t++) {
		if (netobs_snapshot_tunable_values(snap, (enum netobs_tunable)t, v, 4, &n) < 0)
			continue;
		out_str(out, any ? "" : "tunables:");
		out_printf(out, " %s=", netobs_tunable_name((enum netobs_tunable)t));
		for (i = 0; i < n; i++)
			out_printf(out, "%s%lld", i ? "/" : "", (long long)v[i]);
		any = true;
	}
	if (any)
		out_char(out, '\n');
}

/* Sums over the CPUs that have FIELD; -1 when none has it. */
static int softnet_sum(const struct netobs_snapshot *snap, enum netobs_softnet_field field,
		       uint64_t *sum)
{
	size_t i, n = netobs_snapshot_cpu_count(snap);
	int found = -1;
	uint64_t v;

	*sum = 0;
	for (i = 0; i < n; i++) {
		if (netobs_cpu_softnet(netobs_snapshot_cpu(snap, i), field, &v) < 0)
			continue;
		*sum += v;
		found = 0;
	}
	return found;
}

static void show_softnet(struct out *out, const struct netobs_snapshot *snap)
{
	static const enum netobs_softnet_field fields[] = {
		NETOBS_SOFTNET_PROCESSED, NETOBS_SOFTNET_DROPPED, NETOBS_SOFTNET_TIME_SQUEEZE,
	};
	size_t i, online = 0;
	uint64_t sum;

	/* An absent section is no CPU offline and no count of 0: say so. */
	if (!netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOFTNET)) {
		out_str(out, "\nsoftnet: not read (a warning on stderr says why)\n");
		tunables_line(out, snap);
		return;
	}
	for (i = 0; i < netobs_snapshot_cpu_count(snap); i++)
		online += netobs_cpu_online(netobs_snapshot_cpu(snap, i)) == 1;
	out_printf(out, "\nsoftnet, %zu CPUs online:", online);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (softnet_sum(snap, fields[i], &sum) == 0)
			out_printf(out, " %s=%llu", netobs_softnet_field_name(fields[i]),
				   (unsigned long long)sum);
	}
	out_str(out, "  (per CPU: netobs softnet)\n");
	tunables_line(out, snap);
}

/* ---- devices -------------------------------------------------------------- */

static const char *const devices_titles[] = {
	"DEVICE", "IFINDEX", "CLASS", "KIND", "DRIVER", "BUS",
	"MASTER", "PEER", "OPERSTATE", "SPEED", "MTU",
};

struct devices_arg {
	const struct netobs_snapshot *snap;
	const struct cli_opts *o;
};

/* A peer in another namespace that was named (netns_peer.c): "eth0@web-1",
 * after the container or the ip netns name owning that namespace. */
static bool peer_elsewhere_cell(const struct netobs_device *dev, char buf[CELL_BUFSIZ],
				const struct netobs_snapshot *snap)
{
	const struct netobs_netns *ns;
	const char *owner;
	uint64_t inode;

	if (!netobs_device_peer_name(dev) || netobs_device_peer_netns(dev, &inode) < 0)
		return false;
	ns = netobs_snapshot_netns_by_inode(snap, inode);
	owner = netobs_netns_container(ns) ? netobs_netns_container(ns) : netobs_netns_name(ns);
	if (owner)
		snprintf(buf, CELL_BUFSIZ, "%s@%s", netobs_device_peer_name(dev), owner);
	else
		snprintf(buf, CELL_BUFSIZ, "%s", netobs_device_peer_name(dev));
	return true;
}

/* The veth peer by name when it is in this namespace, else "ifN".  sysfs
 * does not say which namespace the peer is in, so a name is trusted only
 * when that device's peer is this one in turn. */
static const char *peer_cell(const struct netobs_device *dev, char buf[CELL_BUFSIZ],
			     const struct netobs_snapshot *snap)
{
	int peer = netobs_device_peer_ifindex(dev);
	const struct netobs_device *p;

	if (peer <= 0)
		return "-";
	if (peer_elsewhere_cell(dev, buf, snap))
		return buf;
	p = netobs_snapshot_device_by_ifindex(snap, peer);
	if (p && netobs_device_link_netnsid(dev) < 0 &&
	    netobs_device_peer_ifindex(p) == netobs_device_ifindex(dev))
		return netobs_device_name(p);
	snprintf(buf, CELL_BUFSIZ, "if%d", peer);
	return buf;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static const char *devices_cell(const void *row, size_t col, char buf[CELL_BUFSIZ],
				const void *arg)
{
	const struct devices_arg *a = arg;
	const struct netobs_device *dev = row;
	uint64_t speed;
	uint32_t mtu;

	switch (col) {
	case 0: return netobs_device_name(dev);
	case 1: snprintf(buf, CELL_BUFSIZ, "%d", netobs_device_ifindex(dev)); return buf;
	case 2: return or_dash(netobs_class_name(netobs_device_class(dev)));
	case 3: return or_dash(netobs_device_kind(dev));
	case 4: return or_dash(netobs_device_driver(dev));
	case 5: return or_dash(netobs_device_bus(dev));
	case 6: return or_dash(netobs_device_master_name(dev));
	case 7: return peer_cell(dev, buf, a->snap);
	case 8: return or_dash(netobs_operstate_name(netobs_device_operstate(dev)));
	case 9:
		if (netobs_device_speed(dev, &speed) < 0)
			return "-";
		return units_bits(buf, speed, a->o);
	default:
		if (netobs_device_mtu(dev, &mtu) < 0)
			return "-";
		snprintf(buf, CELL_BUFSIZ, "%u", mtu);
		return buf;
	}
}

static void devices_table(struct out *out, const struct netobs_snapshot *snap,
			  const struct cli_opts *o)
{
	struct devices_arg a = { snap, o };
	struct grid g = { .titles = devices_titles, .right = 1u << 1 | 1u << 9 | 1u << 10,
			  .ncols = 11, .cell = devices_cell, .arg = &a };

	free(device_grid(out, &g, snap, o));
}

/* ---- softnet ------------------------------------------------------------ */

static const char *const softnet_titles[] = {
	"CPU", "PROCESSED", "DROPPED", "SQUEEZED", "RPS", "FLOW_LIMIT", "BACKLOG",
	"NET_RX", "NET_TX",
};

static const enum netobs_softnet_field softnet_columns[] = {
	NETOBS_SOFTNET_PROCESSED, NETOBS_SOFTNET_DROPPED, NETOBS_SOFTNET_TIME_SQUEEZE,
	NETOBS_SOFTNET_RECEIVED_RPS, NETOBS_SOFTNET_FLOW_LIMIT_COUNT, NETOBS_SOFTNET_BACKLOG_LEN,
};

static const char *softnet_cell(const void *row, size_t col, char buf[CELL_BUFSIZ],
				const void *arg)
{
	const struct netobs_cpu *cpu = row;
	const struct netobs_snapshot *snap = arg;
	uint64_t v;
	int err;

	/* Without softnet the online mark is unknown, not "offline". */
	if (col == 0) {
		snprintf(buf, CELL_BUFSIZ, "%d%s", netobs_cpu_id(cpu),
			 !netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOFTNET) ||
			 netobs_cpu_online(cpu) ? "" : " offline");
		return buf;
	}
	if (col <= 6)
		err = netobs_cpu_softnet(cpu, softnet_columns[col - 1], &v);
	else
		err = netobs_cpu_softirq(cpu, (enum netobs_softirq)(col - 7), &v);
	return err < 0 ? "-" : units_u64(buf, v);
}

static void softnet_table(struct out *out, const struct netobs_snapshot *snap)
{
	size_t i, n = netobs_snapshot_cpu_count(snap);
	const void **rows = malloc((n ? n : 1) * sizeof(*rows));
	struct grid g = { .titles = softnet_titles, .right = ~1u, .ncols = 9,
			  .cell = softnet_cell, .arg = snap, .rows = rows, .nrows = n };
	enum netobs_section s;

	if (!rows) {
		out->err = -ENOMEM;
		return;
	}
	for (i = 0; i < n; i++)
		rows[i] = netobs_snapshot_cpu(snap, i);
	grid_print(out, &g);
	free(rows);
	out_str(out, "DROPPED: backlog over netdev_max_backlog (or the flow limit); "
		     "SQUEEZED: netdev_budget or\nnetdev_budget_usecs ran out with work left\n");
	for (s = NETOBS_SECTION_SOFTNET; s <= NETOBS_SECTION_SOFTIRQS; s++) {
		if (!netobs_snapshot_section_ok(snap, s))
			out_printf(out, "%s: not read, its columns are '-' (a warning on "
				   "stderr says why)\n", netobs_section_name(s));
	}
	tunables_line(out, snap);
}

/* A section's own command prints its table; any other (show, watch or
 * doctor as a table) prints show's tables with each section's summary. */
static void table_print(struct out *out, const struct netobs_snapshot *snap,
			const struct cli_opts *o)
{
	size_t i;

	if (o->cmd == CLI_CMD_DEVICES) {
		devices_table(out, snap, o);
		return;
	}
	if (o->cmd == CLI_CMD_SOFTNET) {
		softnet_table(out, snap);
		return;
	}
	for (i = 0; i < cli_section_count; i++) {
		if (cli_sections[i]->table && cli_sections[i]->cmd == o->cmd) {
			cli_sections[i]->table(out, snap, o);
			return;
		}
	}
	show_devices(out, snap, o);
	show_softnet(out, snap);
	for (i = 0; i < cli_section_count; i++)
		if (cli_sections[i]->show)
			cli_sections[i]->show(out, snap, o);
}

static int table_snapshot(struct cli_sink *s, const struct netobs_snapshot *snap,
			  double scrape_seconds)
{
	(void)scrape_seconds;
	table_print(&s->out, snap, s->o);
	return cli_sink_flush(s);
}

const struct cli_format cli_format_table = {
	.name = "table",
	.print_snapshot = table_snapshot,
	.print_namespaces = allnetns_table,
};
