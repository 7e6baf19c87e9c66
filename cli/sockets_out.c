/* SPDX-License-Identifier: MIT */
/*
 * The sockets section in every format: the table of netobs sockets, the
 * one-line summary of show, the JSON array, the Prometheus families and
 * the watch line of sockets whose drops rose.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "format.h"
#include "options.h"
#include "sections.h"
#include "text.h"

/* At most this many series of netobs_socket_drops_total (netobs(1)). */
#define SOCKETS_PROM_MAX 20
/* Sockets named in show's summary line. */
#define SOCKETS_SUMMARY_MAX 3

static uint64_t stat_or(const struct netobs_socket *s, enum netobs_socket_stat st, uint64_t dflt)
{
	uint64_t v;

	return netobs_socket_stat(s, st, &v) == 0 ? v : dflt;
}

static const char *stat_text(char buf[UNITS_BUFSIZ], const struct netobs_socket *s,
			     enum netobs_socket_stat st)
{
	uint64_t v;

	return netobs_socket_stat(s, st, &v) == 0 ? units_u64(buf, v) : "-";
}

/* "ADDR:PORT", "[ADDR]:PORT" for IPv6. */
static const char *endpoint(char *buf, size_t size, const struct netobs_socket *s)
{
	const char *a = netobs_socket_local_address(s);

	snprintf(buf, size, strchr(a, ':') ? "[%s]:%d" : "%s:%d", a, netobs_socket_local_port(s));
	return buf;
}

/* SEP then "udp 127.0.0.1:53 (dnsmasq)": a socket in a summary line. */
static void who(struct out *out, const struct netobs_socket *s, const char *sep)
{
	char ep[80];

	out_printf(out, "%s%s %s", sep, netobs_socket_protocol(s), endpoint(ep, sizeof(ep), s));
	if (netobs_socket_comm(s)) {
		out_str(out, " (");
		out_escaped(out, netobs_socket_comm(s));
		out_char(out, ')');
	}
}

static bool absent(struct out *out, const struct netobs_snapshot *snap, const char *prefix)
{
	if (netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOCKETS))
		return false;
	out_printf(out, "%snot read (netlink only: never under --root; else a warning says why)\n",
		   prefix);
	return true;
}

static void table_row(struct out *out, const struct netobs_socket *s, int width)
{
	char b[5][UNITS_BUFSIZ], aq[2 * UNITS_BUFSIZ + 1], pid[UNITS_BUFSIZ];
	const char *comm = netobs_socket_comm(s);

	snprintf(aq, sizeof(aq), "%s/%s", stat_text(b[0], s, NETOBS_SOCKET_ACCEPT_QUEUE),
		 stat_text(b[1], s, NETOBS_SOCKET_BACKLOG));
	if (netobs_socket_pid(s) > 0)
		snprintf(pid, sizeof(pid), "%d", netobs_socket_pid(s));
	else
		snprintf(pid, sizeof(pid), "-");
	out_printf(out, "%-5s %-*s %5d %-7s %10s %8s %8s %14s %7s ", netobs_socket_protocol(s),
		   width, netobs_socket_local_address(s), netobs_socket_local_port(s),
		   netobs_socket_state(s), stat_text(b[2], s, NETOBS_SOCKET_DROPS),
		   stat_text(b[3], s, NETOBS_SOCKET_RQUEUE), stat_text(b[4], s, NETOBS_SOCKET_RCVBUF),
		   aq, pid);
	out_escaped(out, comm ? comm : "-");
	out_char(out, '\n');
}

static void sockets_table(struct out *out, const struct netobs_snapshot *snap,
			  const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_socket_count(snap);
	int w, width = 5;

	if (absent(out, snap, "sockets: "))
		return;
	for (i = 0; i < n; i++) {
		w = (int)strlen(netobs_socket_local_address(netobs_snapshot_socket(snap, i)));
		width = w > width ? w : width;
	}
	out_printf(out, "%-5s %-*s %5s %-7s %10s %8s %8s %14s %7s %s\n", "PROTO", width, "LOCAL",
		   "PORT", "STATE", "DROPS", "RECV-Q", "RCVBUF", "ACCEPT/BACKLOG", "PID", "COMM");
	for (i = 0; i < n; i++)
		table_row(out, netobs_snapshot_socket(snap, i), width);
	if (n == 0 && !(o->all && o->cmd == CLI_CMD_SOCKETS))
		out_str(out, "no socket drops or is full (--all lists every UDP socket and "
			     "TCP listener)\n");
}

/* "sockets: 2 dropping: udp 0.0.0.0:5353 (avahi) 1234 drops, ..." */
static void sockets_summary(struct out *out, const struct netobs_snapshot *snap,
			    const struct cli_opts *o)
{
	size_t i, shown = 0, dropping = 0, n = netobs_snapshot_socket_count(snap);

	(void)o;

	if (absent(out, snap, "sockets: "))
		return;
	for (i = 0; i < n; i++)
		dropping += stat_or(netobs_snapshot_socket(snap, i), NETOBS_SOCKET_DROPS, 0) > 0;
	out_printf(out, "sockets: %zu dropping", dropping);
	for (i = 0; i < n && shown < SOCKETS_SUMMARY_MAX; i++) {
		const struct netobs_socket *s = netobs_snapshot_socket(snap, i);
		uint64_t d = stat_or(s, NETOBS_SOCKET_DROPS, 0);

		if (d == 0)
			break; /* most drops first */
		who(out, s, shown++ ? ", " : ": ");
		out_printf(out, " %llu drops", (unsigned long long)d);
	}
	out_str(out, dropping > shown ? ", ...\n" : "\n");
}

static cJSON *stat_json(const struct netobs_socket *s, enum netobs_socket_stat st)
{
	uint64_t v;

	return netobs_socket_stat(s, st, &v) == 0 ? json_u64(v) : cJSON_CreateNull();
}

static cJSON *socket_object(const struct netobs_socket *s)
{
	cJSON *obj = cJSON_CreateObject();
	const char *comm = netobs_socket_comm(s);
	unsigned int st;

	json_add(obj, "proto", json_text(netobs_socket_protocol(s)));
	json_add(obj, "local", json_text(netobs_socket_local_address(s)));
	json_add(obj, "port", json_i64(netobs_socket_local_port(s)));
	json_add(obj, "state", json_text(netobs_socket_state(s)));
	json_add(obj, "inode", json_u64(netobs_socket_inode(s)));
	json_add(obj, "uid", json_u64(netobs_socket_uid(s)));
	for (st = 0; st < netobs_socket_stat_count(); st++)
		json_add(obj, netobs_socket_stat_name((enum netobs_socket_stat)st),
			 stat_json(s, (enum netobs_socket_stat)st));
	json_add(obj, "pid", netobs_socket_pid(s) > 0 ? json_i64(netobs_socket_pid(s))
						      : cJSON_CreateNull());
	json_add(obj, "comm", json_text(comm));
	return obj;
}

static void sockets_json(struct json *j, const struct netobs_snapshot *snap,
			 const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_socket_count(snap);
	struct json_list l;

	(void)o;

	json_list_open(&l, j, "sockets");
	for (i = 0; i < n; i++)
		json_list_item(&l, socket_object(netobs_snapshot_socket(snap, i)));
	json_list_close(&l);
}

/* The watch sample carries the same "sockets" as the one-shot document. */
static void sockets_json_sample(struct json *j, const struct cli_sample *smp,
				const struct cli_opts *o)
{
	sockets_json(j, smp->snap, o);
}

/* ---- Prometheus ------------------------------------------------------------ */

/* A label value: \\, \" and \n escaped, a byte that starts no UTF-8
 * sequence as U+FFFD (comm is any bytes). */
static void label(struct out *out, const char *key, const char *v, bool first)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t n, left = strlen(v);

	out_printf(out, "%s%s=\"", first ? "" : ",", key);
	for (; left > 0; p += n, left -= n) {
		n = utf8_sequence(p, left);
		if (n == 0) {
			out_str(out, "\xef\xbf\xbd");
			n = 1;
		} else if (*p == '\\' || *p == '"') {
			out_char(out, '\\');
			out_char(out, (char)*p);
		} else if (*p == '\n') {
			out_str(out, "\\n");
		} else {
			out_write(out, (const char *)p, n);
		}
	}
	out_char(out, '"');
}

/* A connected UDP socket is a client's, on an ephemeral port: its port
 * would make a series per connection, so it is left out of the labels. */
static const char *port_label(char buf[UNITS_BUFSIZ], const struct netobs_socket *s)
{
	if (strcmp(netobs_socket_state(s), "estab") == 0)
		return "";
	snprintf(buf, UNITS_BUFSIZ, "%d", netobs_socket_local_port(s));
	return buf;
}

static bool same_labels(const struct netobs_socket *a, const struct netobs_socket *b)
{
	char pa[UNITS_BUFSIZ], pb[UNITS_BUFSIZ];
	const char *ca = netobs_socket_comm(a), *cb = netobs_socket_comm(b);

	return strcmp(netobs_socket_protocol(a), netobs_socket_protocol(b)) == 0 &&
	       strcmp(netobs_socket_local_address(a), netobs_socket_local_address(b)) == 0 &&
	       strcmp(port_label(pa, a), port_label(pb, b)) == 0 &&
	       strcmp(ca ? ca : "", cb ? cb : "") == 0;
}

/* The drops of every socket from I on with the labels of socket I (a
 * SO_REUSEPORT group is one series); 0 when an earlier one had them. */
static uint64_t series_drops(const struct netobs_snapshot *snap, size_t i, size_t n)
{
	const struct netobs_socket *s = netobs_snapshot_socket(snap, i);
	uint64_t sum = stat_or(s, NETOBS_SOCKET_DROPS, 0);
	size_t k;

	for (k = 0; k < i; k++)
		if (same_labels(netobs_snapshot_socket(snap, k), s))
			return 0;
	for (k = i + 1; k < n; k++)
		if (same_labels(netobs_snapshot_socket(snap, k), s))
			sum += stat_or(netobs_snapshot_socket(snap, k), NETOBS_SOCKET_DROPS, 0);
	return sum;
}

static void drops_sample(struct out *out, const struct netobs_socket *s, uint64_t drops)
{
	char port[UNITS_BUFSIZ];
	const char *comm = netobs_socket_comm(s);

	out_str(out, "netobs_socket_drops_total{");
	label(out, "proto", netobs_socket_protocol(s), true);
	label(out, "local", netobs_socket_local_address(s), false);
	label(out, "port", port_label(port, s), false);
	label(out, "comm", comm ? comm : "", false);
	out_printf(out, "} %llu\n", (unsigned long long)drops);
}

/* Only sockets that drop, the SOCKETS_PROM_MAX series with most drops:
 * the metric names the culprits without a series per socket. */
static void sockets_prom(struct out *out, const struct netobs_snapshot *snap,
			 const struct cli_opts *o)
{
	size_t i, series = 0, dropping = 0, n = netobs_snapshot_socket_count(snap);
	uint64_t d;

	if (!(o->metrics & PROM_GROUP_SOCKETS) ||
	    !netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOCKETS))
		return;
	for (i = 0; i < n; i++)
		dropping += stat_or(netobs_snapshot_socket(snap, i), NETOBS_SOCKET_DROPS, 0) > 0;
	out_str(out, "# HELP netobs_sockets_dropping UDP sockets and TCP listeners whose drop "
		     "count is above 0; a rise means more sockets lose packets "
		     "(layer socket; sock_diag SK_MEMINFO_DROPS).\n"
		     "# TYPE netobs_sockets_dropping gauge\n");
	out_printf(out, "netobs_sockets_dropping %zu\n", dropping);
	if (dropping == 0)
		return;
	out_str(out, "# HELP netobs_socket_drops_total Packets the socket dropped; a rise means "
		     "its receive buffer or accept queue was full "
		     "(layer socket; sock_diag SK_MEMINFO_DROPS).\n"
		     "# TYPE netobs_socket_drops_total counter\n");
	for (i = 0; i < n && series < SOCKETS_PROM_MAX; i++) {
		const struct netobs_socket *s = netobs_snapshot_socket(snap, i);

		if (stat_or(s, NETOBS_SOCKET_DROPS, 0) == 0)
			break; /* most drops first */
		d = series_drops(snap, i, n);
		if (d == 0)
			continue;
		drops_sample(out, s, d);
		series++;
	}
}

/* ---- watch lines ------------------------------------------------------------ */

/* "TIME sockets: udp 127.0.0.1:5353 (avahi) drops=+12 drops/s=12.0", only
 * when some socket's drops rose. */
static void sockets_lines(struct out *out, const char *when, const struct cli_sample *smp,
			  const struct cli_opts *o)
{
	const struct netobs_snapshot *snap = smp->snap;
	size_t i, n = netobs_snapshot_socket_count(snap);
	char ep[80], buf[UNITS_BUFSIZ];
	uint64_t delta;
	double rate;

	for (i = 0; i < n; i++) {
		const struct netobs_socket *s = netobs_snapshot_socket(snap, i);

		if (netobs_diff_socket(smp->diff, s, NETOBS_SOCKET_DROPS, &delta, &rate) < 0 ||
		    delta == 0)
			continue;
		out_printf(out, "%s sockets: %s %s", when, netobs_socket_protocol(s),
			   endpoint(ep, sizeof(ep), s));
		if (netobs_socket_comm(s)) {
			out_str(out, " (");
			out_escaped(out, netobs_socket_comm(s));
			out_char(out, ')');
		}
		out_printf(out, " drops=+%llu drops/s=%s\n", (unsigned long long)delta,
			   units_count_rate(buf, rate, o));
	}
}

/* ---- watch screen ----------------------------------------------------------- */

/* "sockets: 2 dropping 12.0/s: udp 127.0.0.1:5353 (avahi) 10.0/s, ..." in
 * the order of the snapshot (most drops first). */
static void sockets_screen(struct out *line, const struct cli_sample *smp,
			   const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_socket_count(smp->snap), dropping = 0, shown = 0;
	char buf[UNITS_BUFSIZ];
	double rate, total = 0;

	if (!netobs_snapshot_section_ok(smp->snap, NETOBS_SECTION_SOCKETS)) {
		out_str(line, "sockets: not read (netlink only: never under --root)");
		return;
	}
	for (i = 0; i < n; i++)
		if (netobs_diff_socket(smp->diff, netobs_snapshot_socket(smp->snap, i),
				       NETOBS_SOCKET_DROPS, NULL, &rate) == 0 && rate > 0) {
			dropping++;
			total += rate;
		}
	out_printf(line, "sockets: %zu dropping %s/s", dropping, units_count_rate(buf, total, o));
	for (i = 0; i < n && shown < SOCKETS_SUMMARY_MAX; i++) {
		const struct netobs_socket *s = netobs_snapshot_socket(smp->snap, i);

		if (netobs_diff_socket(smp->diff, s, NETOBS_SOCKET_DROPS, NULL, &rate) < 0 ||
		    rate <= 0)
			continue;
		who(line, s, shown++ ? ", " : ": ");
		out_printf(line, " %s/s", units_count_rate(buf, rate, o));
	}
}

/* netobs sockets (with the qdiscs, by CLI_SEC_QDISCS) and show. */
const struct cli_section cli_section_sockets = {
	.name = "sockets",
	.bit = CLI_SEC_SOCKETS,
	.cmd = CLI_CMD_SOCKETS,
	.table = sockets_table,
	.show = sockets_summary,
	.json = sockets_json,
	.json_sample = sockets_json_sample,
	.prom = sockets_prom,
	.lines = sockets_lines,
	.screen = sockets_screen,
};
