/* SPDX-License-Identifier: MIT */
/*
 * netobs stack: the protocol counters of /proc/net/snmp, netstat and snmp6
 * in every format.  The table shows the drop- and error-related counters
 * that are not zero (--all: every counter); JSON and Prometheus always
 * carry every counter, so a series never comes and goes with its value.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* What a rise means, for the counters people ask about.  "Udp6.X" and
 * "UdpLite.X" fall back to "Udp.X" (the same code counts them). */
static const struct {
	const char *name, *help;
} meanings[] = {
	{ "TcpExt.ListenOverflows", "connections dropped because a listener's accept queue was "
				    "full: the application does not accept() fast enough" },
	{ "TcpExt.ListenDrops", "SYNs and ACKs dropped at a listening socket, overflows "
				"included: connections silently refused" },
	{ "TcpExt.TCPBacklogDrop", "segments dropped because the socket backlog was full while "
				   "the application held the socket" },
	{ "TcpExt.TCPRcvQDrop", "segments dropped because the receive queue was over its memory "
				"limit: the application reads too slowly" },
	{ "TcpExt.TCPZeroWindowDrop", "segments dropped because the receive window was zero" },
	{ "TcpExt.TCPOFODrop", "out-of-order segments dropped for lack of receive memory" },
	{ "TcpExt.TCPTimeouts", "retransmission timeouts fired: lost segments or a silent peer" },
	{ "TcpExt.TCPSynRetrans", "SYN and SYN-ACK retransmissions: connection attempts unanswered" },
	{ "TcpExt.TCPLostRetransmit", "retransmissions that were lost again: heavy loss" },
	{ "Tcp.RetransSegs", "TCP segments retransmitted: loss or reordering on the path" },
	{ "Tcp.InErrs", "TCP segments received in error (bad checksum, bad header)" },
	{ "Tcp.InCsumErrors", "TCP segments with a bad checksum: corruption or an offload bug" },
	{ "Udp.RcvbufErrors", "datagrams dropped because the socket receive buffer was full: the "
			      "application reads too slowly or SO_RCVBUF is too small" },
	{ "Udp.SndbufErrors", "datagrams dropped because the socket send buffer was full" },
	{ "Udp.InErrors", "datagrams received but not delivered (buffer full, bad checksum)" },
	{ "Udp.InCsumErrors", "datagrams with a bad checksum: corruption or an offload bug" },
	{ "Udp.NoPorts", "datagrams to a port no socket is bound to: a service is down" },
	{ "Udp.MemErrors", "datagrams dropped at the UDP memory limit (net.ipv4.udp_mem)" },
	{ "Ip.InDiscards", "IP datagrams discarded on input for lack of resources" },
	{ "Ip.InHdrErrors", "IP datagrams with a bad header (checksum, version, TTL)" },
	{ "Ip.InAddrErrors", "IP datagrams for an address that is not valid here" },
	{ "Ip.OutNoRoutes", "outgoing IP datagrams dropped for want of a route" },
	{ "IpExt.InNoRoutes", "incoming IP datagrams dropped for want of a route" },
	{ "Ip6.InDiscards", "IPv6 datagrams discarded on input for lack of resources" },
	{ "Ip6.InNoRoutes", "incoming IPv6 datagrams dropped for want of a route" },
};

/* Words that mark a counter of lost or failed work (see netobs(1)). */
static const char *const trouble_words[] = {
	"Drop", "Overflow", "Err", "Discard", "Retrans", "Timeout",
	"Prune", "Collapse", "NoPorts", "NoRoute", "Fail", "Abort",
};

static const char *meaning_of(const char *name)
{
	const char *dot = strchr(name, '.');
	char udp[96];
	size_t i;

	for (i = 0; i < sizeof(meanings) / sizeof(meanings[0]); i++)
		if (strcmp(meanings[i].name, name) == 0)
			return meanings[i].help;
	if (dot && (strncmp(name, "Udp6.", 5) == 0 || strncmp(name, "UdpLite", 7) == 0)) {
		snprintf(udp, sizeof(udp), "Udp%s", dot);
		for (i = 0; i < sizeof(meanings) / sizeof(meanings[0]); i++)
			if (strcmp(meanings[i].name, udp) == 0)
				return meanings[i].help;
	}
	return NULL;
}

bool stack_is_trouble(const struct netobs_proto_counter *c)
{
	const char *dot = strchr(netobs_proto_counter_name(c), '.');
	size_t i;

	if (!dot || netobs_proto_counter_is_gauge(c))
		return false;
	for (i = 0; i < sizeof(trouble_words) / sizeof(trouble_words[0]); i++)
		if (strstr(dot + 1, trouble_words[i]))
			return true;
	return false;
}

static const char *value_text(char buf[UNITS_BUFSIZ], const struct netobs_proto_counter *c)
{
	int64_t s;
	uint64_t v;

	if (netobs_proto_counter_value(c, &v) == 0)
		return units_u64(buf, v);
	if (netobs_proto_counter_signed(c, &s) == 0) {
		units_fmt_i64(buf, s);
		return buf;
	}
	return "-";
}

/* ---- table ------------------------------------------------------------------ */

static bool shown(const struct netobs_proto_counter *c, const struct cli_opts *o)
{
	uint64_t v;

	if (o->all)
		return true;
	return stack_is_trouble(c) && netobs_proto_counter_value(c, &v) == 0 && v != 0;
}

void stack_table(struct out *out, const struct netobs_snapshot *snap, const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_proto_count(snap), rows = 0;
	char buf[UNITS_BUFSIZ];

	out_printf(out, "%-34s %20s  %s\n", "COUNTER", "VALUE", "A RISE MEANS");
	for (i = 0; i < n; i++) {
		const struct netobs_proto_counter *c = netobs_snapshot_proto(snap, i);
		const char *m = meaning_of(netobs_proto_counter_name(c));

		if (!shown(c, o))
			continue;
		out_printf(out, "%-34s %20s", netobs_proto_counter_name(c), value_text(buf, c));
		if (m)
			out_printf(out, "  %s", m);
		out_str(out, netobs_proto_counter_is_gauge(c) ? "  (gauge)\n" : "\n");
		rows++;
	}
	if (n == 0)
		out_str(out, "(no protocol counters: /proc/net/snmp, netstat and snmp6 unreadable)\n");
	else if (rows == 0)
		out_printf(out, "(none of the %zu drop and error counters is above zero; "
				"--all shows every counter)\n", n);
}

/* The counters a one-line summary names, in this order, when present. */
static const char *const summary[] = {
	"TcpExt.ListenOverflows", "TcpExt.ListenDrops", "TcpExt.TCPBacklogDrop",
	"TcpExt.TCPRcvQDrop",	  "Tcp.RetransSegs",	"Udp.RcvbufErrors",
	"Udp6.RcvbufErrors",	  "Udp.InErrors",	"Ip.InDiscards",
};

void stack_summary(struct out *out, const struct netobs_snapshot *snap)
{
	char buf[UNITS_BUFSIZ];
	size_t i;

	if (netobs_snapshot_proto_count(snap) == 0)
		return;
	out_str(out, "stack:");
	for (i = 0; i < sizeof(summary) / sizeof(summary[0]); i++) {
		const struct netobs_proto_counter *c = netobs_snapshot_proto_by_name(snap, summary[i]);

		if (c)
			out_printf(out, " %s=%s", summary[i], value_text(buf, c));
	}
	out_str(out, "  (every drop counter: netobs stack)\n");
}

/* ---- JSON ------------------------------------------------------------------- */

/* "stack": {"Ip.Forwarding": 1, ..., "Tcp.MaxConn": -1, ...}: every counter,
 * file order; {} when none of the three files was read. */
void stack_json(struct json *j, const struct netobs_snapshot *snap)
{
	size_t i, n = netobs_snapshot_proto_count(snap);
	cJSON *obj = cJSON_CreateObject();

	for (i = 0; obj && i < n; i++) {
		const struct netobs_proto_counter *c = netobs_snapshot_proto(snap, i);
		uint64_t v;
		int64_t s;

		if (netobs_proto_counter_value(c, &v) == 0)
			cJSON_AddItemToObject(obj, netobs_proto_counter_name(c), json_u64(v));
		else if (netobs_proto_counter_signed(c, &s) == 0)
			cJSON_AddItemToObject(obj, netobs_proto_counter_name(c), json_i64(s));
	}
	json_member(j, "stack", obj);
}

/* "stack_rates": {"TcpExt.ListenOverflows": 2.5, ...}: per-second rates of
 * the counters that moved in the sample (a gauge: its value), so a line
 * stays short on a quiet host and shows every counter that rose. */
void stack_json_rates(struct json *j, const struct netobs_diff *diff,
		      const struct netobs_snapshot *snap)
{
	size_t i, n = netobs_snapshot_proto_count(snap);
	cJSON *obj = cJSON_CreateObject();

	for (i = 0; obj && i < n; i++) {
		const char *name = netobs_proto_counter_name(netobs_snapshot_proto(snap, i));
		uint64_t d;
		double r;
		cJSON *v;

		if (netobs_diff_proto(diff, name, &d, &r) < 0 || d == 0 ||
		    netobs_proto_counter_is_gauge(netobs_snapshot_proto(snap, i)))
			continue;
		v = json_fixed(r, 3);
		if (v)
			cJSON_AddItemToObject(obj, name, v);
	}
	json_member(j, "stack_rates", obj);
}

/* ---- Prometheus ------------------------------------------------------------- */

static const char *file_of(const struct netobs_proto_counter *c)
{
	enum netobs_section s = NETOBS_SECTION_SNMP;

	netobs_proto_counter_section(c, &s);
	return s == NETOBS_SECTION_NETSTAT ? "/proc/net/netstat"
	       : s == NETOBS_SECTION_SNMP6 ? "/proc/net/snmp6"
					   : "/proc/net/snmp";
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower_or_digit(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The 's' of "ACKs" or "RTOs": a plural, not the start of a word. */
static bool plural_s(const char *s, size_t len, size_t i)
{
	return s[i] == 's' && (i + 1 == len || !(s[i + 1] >= 'a' && s[i + 1] <= 'z'));
}

/* CamelCase to snake_case as promtool wants it: a break before a capital
 * after a small letter or digit, and before the last capital of an acronym
 * of two or more ("TCPBacklogDrop" -> "tcp_backlog_drop", "InCsumErrors" ->
 * "in_csum_errors", "DelayedACKs" -> "delayed_acks", but "AckHMac" ->
 * "ack_hmac": promtool reads a lone "_h_" as an abbreviated unit). */
static size_t snake(char *out, size_t size, const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 2 < size; i++) {
		char c = s[i];

		if (i > 0 && is_upper(c) &&
		    (is_lower_or_digit(s[i - 1]) ||
		     (i >= 2 && is_upper(s[i - 1]) && is_upper(s[i - 2]) && i + 1 < len &&
		      s[i + 1] >= 'a' && s[i + 1] <= 'z' && !plural_s(s, len, i + 1))))
			out[n++] = '_';
		out[n++] = is_upper(c) ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
	return n;
}

/* netobs_stack_GROUP_NAME_total in snake_case (gauges: no _total), e.g.
 * netobs_stack_tcp_ext_listen_overflows_total; the kernel's names are
 * [A-Za-z0-9_] (the library checks), so the result is a metric name. */
static void prom_counter(struct out *out, const struct netobs_proto_counter *c)
{
	const char *name = netobs_proto_counter_name(c), *m = meaning_of(name);
	const char *dot = strchr(name, '.');
	bool gauge = netobs_proto_counter_is_gauge(c);
	char metric[192], group[64], field[96], buf[UNITS_BUFSIZ];

	if (!dot)
		return;
	snake(group, sizeof(group), name, (size_t)(dot - name));
	snake(field, sizeof(field), dot + 1, strlen(dot + 1));
	snprintf(metric, sizeof(metric), "netobs_stack_%s_%s%s", group, field,
		 gauge ? "" : "_total");
	if (m)
		out_printf(out, "# HELP %s Kernel counter %s from %s; a rise means %s.\n", metric,
			   name, file_of(c), m);
	else
		out_printf(out, "# HELP %s Kernel %s %s from %s.\n", metric,
			   gauge ? "gauge" : "counter", name, file_of(c));
	out_printf(out, "# TYPE %s %s\n%s %s\n", metric, gauge ? "gauge" : "counter", metric,
		   value_text(buf, c));
}

void stack_prom(struct out *out, const struct netobs_snapshot *snap)
{
	size_t i, n = netobs_snapshot_proto_count(snap);

	for (i = 0; i < n; i++)
		prom_counter(out, netobs_snapshot_proto(snap, i));
}

/* ---- watch ------------------------------------------------------------------ */

/* Each key the sum of its counters' rates; NaN ("-") when none is there. */
static const struct {
	const char *key, *label;
	const char *names[2];
} watched[] = {
	{ "listen_overflows/s", "listen overflows", { "TcpExt.ListenOverflows", NULL } },
	{ "listen_drops/s", "listen drops", { "TcpExt.ListenDrops", NULL } },
	{ "backlog_drops/s", "backlog drops", { "TcpExt.TCPBacklogDrop", NULL } },
	{ "rcvbuf_errors/s", "UDP rcvbuf errors", { "Udp.RcvbufErrors", "Udp6.RcvbufErrors" } },
	{ "retrans_segs/s", "retransmits", { "Tcp.RetransSegs", NULL } },
};

static double watched_rate(const struct netobs_diff *diff, size_t k)
{
	double sum = NAN, r;
	size_t i;

	for (i = 0; i < 2 && watched[k].names[i]; i++) {
		if (netobs_diff_proto(diff, watched[k].names[i], NULL, &r) < 0)
			continue;
		sum = isnan(sum) ? r : sum + r;
	}
	return sum;
}

/* SCREEN: "stack:  listen overflows 0/s  ..."; else the pipe's
 * " listen_overflows/s=0 ..." after "stack:". */
const char *stack_rates_text(char *line, size_t size, const struct netobs_diff *diff,
			     const struct cli_opts *o, bool screen)
{
	char buf[UNITS_BUFSIZ];
	size_t k, n;

	n = (size_t)snprintf(line, size, "stack:");
	for (k = 0; k < sizeof(watched) / sizeof(watched[0]) && n < size; k++) {
		units_count_rate(buf, watched_rate(diff, k), o);
		n += (size_t)(screen ? snprintf(line + n, size - n, "  %s %s/s", watched[k].label, buf)
				     : snprintf(line + n, size - n, " %s=%s", watched[k].key, buf));
	}
	return line;
}
