/* SPDX-License-Identifier: MIT */
/*
 * netobs stack: the protocol counters of /proc/net/snmp, netstat and snmp6
 * in every format.  The table shows the drop- and error-related counters
 * that are not zero (--all: every counter); JSON and Prometheus always
 * carry every counter, so a series never comes and goes with its value.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "options.h"
#include "sections.h"
#include "text.h"

/* What a rise means, for the drop and error counters netobs stack shows
 * and doctor reads, and the layer (netobs doctor's name) where the loss
 * is; for a gauge, what its value is.  "Udp6.X", "UdpLite.X" fall back to
 * "Udp.X", "Ip6.X" to "Ip.X", "Icmp6.X" to "Icmp.X" (the same code counts
 * them).  Texts hold no ". ": netobs(1) quotes them. */
static const struct meaning {
	const char *name, *layer, *help;
} meanings[] = {
	{ "TcpExt.ListenOverflows", "tcp_accept",
	  "connections dropped because a listener's accept queue was full: the application "
	  "does not accept() fast enough" },
	{ "TcpExt.ListenDrops", "tcp_accept",
	  "SYNs and ACKs dropped at a listening socket, overflows included: connections "
	  "silently refused" },
	{ "TcpExt.TCPReqQFullDrop", "tcp_accept",
	  "SYNs dropped because the listener's SYN queue was full and syncookies were off" },
	{ "TcpExt.TCPDeferAcceptDrop", "tcp_accept",
	  "connections dropped by TCP_DEFER_ACCEPT because no data came" },
	{ "TcpExt.SyncookiesFailed", "tcp_accept",
	  "ACKs carrying an invalid syncookie: a SYN flood, or cookies that expired" },
	{ "TcpExt.TCPFastOpenListenOverflow", "tcp_accept",
	  "Fast Open requests refused because the listener's Fast Open queue was full" },
	{ "TcpExt.TCPBacklogDrop", "tcp_memory",
	  "segments dropped because the socket backlog was full while the application held "
	  "the socket" },
	{ "TcpExt.TCPRcvQDrop", "tcp_memory",
	  "segments dropped because the receive queue was over its memory limit: the "
	  "application reads too slowly" },
	{ "TcpExt.TCPZeroWindowDrop", "tcp_memory",
	  "segments dropped because the receive window was zero" },
	{ "TcpExt.TCPOFODrop", "tcp_memory",
	  "out-of-order segments dropped for lack of receive memory" },
	{ "TcpExt.PruneCalled", "tcp_memory",
	  "times a socket's receive queue was pruned to fit its memory limit: memory "
	  "pressure, drops follow" },
	{ "TcpExt.RcvPruned", "tcp_memory",
	  "segments dropped from receive queues by pruning that could not free enough "
	  "memory" },
	{ "TcpExt.OfoPruned", "tcp_memory",
	  "out-of-order queues emptied to free memory: received data thrown away" },
	{ "TcpExt.TCPRcvCollapsed", "tcp_memory",
	  "segments merged to save receive memory: the socket is near its limit" },
	{ "TcpExt.TCPAbortOnMemory", "tcp_memory",
	  "connections reset because TCP ran out of memory (tcp_mem or orphans)" },
	{ "TcpExt.PFMemallocDrop", "tcp_memory",
	  "segments dropped because they came from emergency memory reserves" },
	{ "TcpExt.TCPTimeouts", "tcp_loss",
	  "retransmission timeouts fired: lost segments or a silent peer" },
	{ "TcpExt.TCPSynRetrans", "tcp_loss",
	  "SYN and SYN-ACK retransmissions: connection attempts unanswered" },
	{ "TcpExt.TCPLostRetransmit", "tcp_loss",
	  "retransmissions that were lost again: heavy loss" },
	{ "TcpExt.TCPFastRetrans", "tcp_loss",
	  "segments resent by fast retransmit: loss seen through duplicate ACKs or SACK" },
	{ "TcpExt.TCPSlowStartRetrans", "tcp_loss",
	  "segments resent in slow start after a timeout" },
	{ "TcpExt.TCPRetransFail", "tcp_loss",
	  "retransmissions that could not be queued to the device" },
	{ "TcpExt.TCPAbortOnTimeout", "tcp_loss",
	  "connections given up after too many retransmission timeouts" },
	{ "TcpExt.TCPAbortOnData", "tcp_loss",
	  "connections reset because data arrived after the application closed them" },
	{ "TcpExt.TCPAbortOnClose", "tcp_loss",
	  "connections reset because the application closed them with unread data" },
	{ "TcpExt.TCPAbortOnLinger", "tcp_loss",
	  "connections reset when SO_LINGER or FIN_WAIT2 time ran out" },
	{ "TcpExt.TCPAbortFailed", "tcp_loss",
	  "resets TCP wanted to send but could not allocate" },
	{ "TcpExt.TCPTimeWaitOverflow", "tcp_memory",
	  "TIME_WAIT sockets not kept because tcp_max_tw_buckets was reached" },
	{ "TcpExt.TCPMinTTLDrop", "ip", "segments dropped for a TTL below IP_MINTTL" },
	{ "TcpExt.IPReversePathFilter", "ip",
	  "packets dropped by reverse path filtering (rp_filter): asymmetric routing or "
	  "spoofing" },
	{ "TcpExt.LockDroppedIcmps", "ip",
	  "ICMP messages dropped because their socket was busy" },
	{ "TcpExt.TCPMD5Failure", "tcp_loss", "segments with a bad TCP MD5 signature" },
	/* The first retransmission timeout of an episode, by the state it
	 * found (tcp_retransmit_timer). */
	{ "TcpExt.TCPRenoRecoveryFail", "tcp_loss",
	  "retransmission timeouts that fired during a non-SACK fast recovery: the recovery "
	  "failed" },
	{ "TcpExt.TCPSackRecoveryFail", "tcp_loss",
	  "retransmission timeouts that fired during a SACK fast recovery: the recovery failed" },
	{ "TcpExt.TCPLossFailures", "tcp_loss",
	  "retransmission timeouts that fired again while recovering from an earlier one: "
	  "loss that persists" },
	{ "TcpExt.TCPRenoFailures", "tcp_loss",
	  "retransmission timeouts that fired on a non-SACK connection already seeing "
	  "duplicate ACKs: loss fast retransmit did not catch" },
	{ "TcpExt.TCPSackFailures", "tcp_loss",
	  "retransmission timeouts that fired on a SACK connection already holding SACKed "
	  "data: loss fast retransmit did not catch" },
	{ "TcpExt.TcpTimeoutRehash", "tcp_loss",
	  "retransmission timeouts after which TCP picked another flow hash to route around "
	  "a failing path" },
	{ "TcpExt.TCPSACKDiscard", "tcp_loss",
	  "SACK blocks ignored as invalid: a buggy peer or a middlebox rewriting sequence "
	  "numbers" },
	{ "TcpExt.TCPFastOpenActiveFail", "tcp_loss",
	  "Fast Open attempts of this host whose SYN data was not acknowledged: a middlebox "
	  "in the way of Fast Open" },
	{ "TcpExt.TCPFastOpenPassiveFail", "tcp_accept",
	  "Fast Open requests this host could not accept with their data: the client falls "
	  "back to a full handshake" },
	{ "TcpExt.TCPMigrateReqFailure", "tcp_accept",
	  "requests that could not move to another listener of their SO_REUSEPORT group when "
	  "theirs closed: connections lost" },
	{ "TcpExt.TCPMTUPFail", "ip",
	  "path MTU probes that failed: larger packets do not get through the path" },
	{ "TcpExt.TCPAODroppedIcmps", "ip",
	  "ICMP messages dropped on TCP-AO connections, as their policy asks" },
	{ "MPTcpExt.MPCapableSYNTXDrop", "tcp",
	  "MP_CAPABLE SYNs dropped on transmit: MPTCP connections not started" },
	{ "MPTcpExt.MPTCPRetrans", "tcp_loss",
	  "data retransmitted at the MPTCP level, on another subflow: loss on a subflow" },
	{ "MPTcpExt.MPJoinSynAckHMacFailure", "tcp",
	  "MP_JOIN SYN-ACKs with a wrong HMAC: an additional subflow refused" },
	{ "MPTcpExt.MPJoinAckHMacFailure", "tcp",
	  "MP_JOIN ACKs with a wrong HMAC: an additional subflow refused" },
	{ "MPTcpExt.MPJoinSynTxCreatSkErr", "tcp",
	  "additional MPTCP subflows not started because their socket could not be created" },
	{ "MPTcpExt.MPJoinSynTxBindErr", "tcp",
	  "additional MPTCP subflows not started because their socket could not be bound" },
	{ "MPTcpExt.MPJoinSynTxConnectErr", "tcp",
	  "additional MPTCP subflows not started because their connect failed" },
	{ "MPTcpExt.DataCsumErr", "tcp_loss",
	  "MPTCP data with a bad DSS checksum: corruption on a subflow" },
	{ "MPTcpExt.AddAddrTxDrop", "tcp", "ADD_ADDR announcements this host could not send" },
	{ "MPTcpExt.EchoAddTxDrop", "tcp", "ADD_ADDR echoes this host could not send" },
	{ "MPTcpExt.AddAddrDrop", "tcp", "ADD_ADDR announcements received and not processed" },
	{ "MPTcpExt.RmAddrDrop", "tcp", "RM_ADDR announcements received and not processed" },
	{ "MPTcpExt.RmAddrTxDrop", "tcp", "RM_ADDR announcements this host could not send" },
	{ "MPTcpExt.MPFailTx", "tcp_loss",
	  "MP_FAIL options sent: a subflow failed its checksum and MPTCP fell back or reset it" },
	{ "MPTcpExt.MPFailRx", "tcp_loss",
	  "MP_FAIL options received: the peer saw a subflow fail its checksum" },
	{ "MPTcpExt.FallbackFailed", "tcp",
	  "MPTCP connections that could not fall back to plain TCP and were reset" },
	{ "Tcp.RetransSegs", "tcp_loss", "TCP segments retransmitted: loss or reordering on the path" },
	/* In the default group for the retransmit ratio's alert (contrib/). */
	{ "Tcp.OutSegs", "tcp_loss",
	  "TCP segments sent, retransmissions not counted: the denominator of the retransmit "
	  "ratio (Tcp.RetransSegs / Tcp.OutSegs)" },
	{ "Tcp.InErrs", "tcp_loss", "TCP segments received in error (bad checksum, bad header)" },
	{ "Tcp.InCsumErrors", "tcp_loss",
	  "TCP segments with a bad checksum: corruption or an offload bug" },
	{ "Tcp.AttemptFails", "tcp_loss",
	  "connection attempts that failed (reset or timed out before they were established)" },
	{ "Tcp.EstabResets", "tcp_loss", "established connections reset" },
	{ "Tcp.OutRsts", "tcp_loss", "resets sent: connections refused or aborted" },
	{ "Udp.RcvbufErrors", "udp",
	  "datagrams dropped because the socket receive buffer was full: the application "
	  "reads too slowly or SO_RCVBUF is too small" },
	{ "Udp.SndbufErrors", "udp", "datagrams dropped because the socket send buffer was full" },
	{ "Udp.InErrors", "udp", "datagrams received but not delivered (buffer full, bad checksum)" },
	{ "Udp.InCsumErrors", "udp", "datagrams with a bad checksum: corruption or an offload bug" },
	{ "Udp.NoPorts", "udp", "datagrams to a port no socket is bound to: a service is down" },
	{ "Udp.MemErrors", "udp", "datagrams dropped at the UDP memory limit (net.ipv4.udp_mem)" },
	{ "Ip.InDiscards", "ip", "IP datagrams discarded on input for lack of resources" },
	{ "Ip.OutDiscards", "ip", "IP datagrams discarded on output for lack of resources" },
	{ "Ip.InHdrErrors", "ip", "IP datagrams with a bad header (checksum, version, TTL)" },
	{ "Ip.InAddrErrors", "ip", "IP datagrams for an address that is not valid here" },
	{ "Ip.OutNoRoutes", "ip", "outgoing IP datagrams dropped for want of a route" },
	{ "Ip.InNoRoutes", "ip", "incoming IP datagrams dropped for want of a route" },
	{ "Ip.InTooBigErrors", "ip", "datagrams too big for the next hop's MTU" },
	{ "Ip.ReasmFails", "ip", "fragmented datagrams that could not be reassembled" },
	{ "Ip.ReasmTimeout", "ip", "reassemblies given up because fragments were missing" },
	{ "Ip.FragFails", "ip", "datagrams dropped because they needed fragmenting and could not be" },
	{ "IpExt.InNoRoutes", "ip", "incoming IP datagrams dropped for want of a route" },
	{ "IpExt.InCsumErrors", "ip", "IP datagrams with a bad header checksum: corruption" },
	{ "Icmp.InErrors", "ip", "ICMP messages received in error (bad checksum, too short)" },
	{ "Icmp.InCsumErrors", "ip", "ICMP messages with a bad checksum" },
	{ "Icmp.OutErrors", "ip", "ICMP messages not sent for lack of resources" },
	/* Gauges: what the value is. */
	{ "Ip.Forwarding", "ip", "1 when the host forwards IP packets (a router), 2 when not" },
	{ "Ip.DefaultTTL", "ip", "TTL of the IP datagrams this host originates" },
	{ "Tcp.RtoAlgorithm", "tcp", "retransmission timeout algorithm, 1 on Linux" },
	{ "Tcp.RtoMin", "tcp", "smallest retransmission timeout TCP uses, in milliseconds" },
	{ "Tcp.RtoMax", "tcp", "largest retransmission timeout TCP uses, in milliseconds" },
	{ "Tcp.MaxConn", "tcp", "limit on TCP connections, -1 for none" },
	{ "Tcp.CurrEstab", "tcp", "TCP connections established or in CLOSE_WAIT now" },
};

/* A group's fallback for meanings and its layer otherwise. */
static const struct {
	const char *group, *same_as, *layer, *what;
} groups[] = {
	{ "Ip", NULL, "ip", "IP" },
	{ "IpExt", NULL, "ip", "IP" },
	{ "Ip6", "Ip", "ip", "IPv6" },
	{ "Icmp", NULL, "ip", "ICMP" },
	{ "IcmpMsg", NULL, "ip", "ICMP" },
	{ "Icmp6", "Icmp", "ip", "ICMPv6" },
	{ "Tcp", NULL, "tcp", "TCP" },
	{ "TcpExt", NULL, "tcp", "TCP" },
	{ "MPTcpExt", NULL, "tcp", "MPTCP" },
	{ "Udp", NULL, "udp", "UDP" },
	{ "Udp6", "Udp", "udp", "UDP" },
	{ "UdpLite", "Udp", "udp", "UDP-Lite" },
	{ "UdpLite6", "Udp", "udp", "UDP-Lite" },
};

static size_t group_of(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strlen(groups[i].group) == len && memcmp(groups[i].group, name, len) == 0)
			return i;
	return SIZE_MAX;
}

static const struct meaning *meaning_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(meanings) / sizeof(meanings[0]); i++)
		if (strcmp(meanings[i].name, name) == 0)
			return &meanings[i];
	return NULL;
}

static const struct meaning *meaning_entry(const char *name)
{
	const struct meaning *m = meaning_find(name);
	const char *dot = strchr(name, '.');
	char same[96];
	size_t g;

	if (m || !dot)
		return m;
	g = group_of(name, (size_t)(dot - name));
	if (g == SIZE_MAX || !groups[g].same_as)
		return NULL;
	snprintf(same, sizeof(same), "%s%s", groups[g].same_as, dot);
	return meaning_find(same);
}

static const char *meaning_of(const char *name)
{
	const struct meaning *m = meaning_entry(name);

	return m ? m->help : NULL;
}

/* Words that mark a counter of lost or failed work (see netobs(1)). */
static const char *const trouble_words[] = {
	"Drop", "Overflow", "Err", "Discard", "Retrans", "Timeout",
	"Prune", "Collapse", "NoPorts", "NoRoute", "Fail", "Abort",
};

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

static void stack_table(struct out *out, const struct netobs_snapshot *snap,
			const struct cli_opts *o)
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

static void stack_summary(struct out *out, const struct netobs_snapshot *snap,
			  const struct cli_opts *o)
{
	char buf[UNITS_BUFSIZ];
	size_t i;

	(void)o;
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
static void stack_json(struct json *j, const struct netobs_snapshot *snap,
		       const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_proto_count(snap);
	cJSON *obj = cJSON_CreateObject();

	(void)o;
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
static void stack_json_rates(struct json *j, const struct cli_sample *smp,
			     const struct cli_opts *o)
{
	const struct netobs_snapshot *snap = smp->snap;
	size_t i, n = netobs_snapshot_proto_count(snap);
	cJSON *obj = cJSON_CreateObject();

	(void)o;
	for (i = 0; obj && i < n; i++) {
		const char *name = netobs_proto_counter_name(netobs_snapshot_proto(snap, i));
		uint64_t d;
		double r;
		cJSON *v;

		if (netobs_diff_proto(smp->diff, name, &d, &r) < 0 || d == 0 ||
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

/* What a rise means, its layer and where the counter comes from: a real
 * sentence for the counters with a meaning M, else one made from the
 * protocol and whether the name marks lost work.  No printf: 400
 * families. */
static void prom_help_line(struct out *out, const char *metric,
			   const struct netobs_proto_counter *c, const struct meaning *m)
{
	const char *name = netobs_proto_counter_name(c), *dot = strchr(name, '.');
	size_t g = group_of(name, (size_t)(dot - name));
	const char *layer = m ? m->layer : g != SIZE_MAX ? groups[g].layer : "ip";
	const char *what = g != SIZE_MAX ? groups[g].what : "protocol";

	out_str(out, "# HELP ");
	out_str(out, metric);
	out_char(out, ' ');
	if (m && netobs_proto_counter_is_gauge(c)) {
		out_char(out, (char)toupper((unsigned char)m->help[0]));
		out_str(out, m->help + 1);
	} else if (m) {
		out_str(out, "A rise means ");
		out_str(out, m->help);
	} else if (netobs_proto_counter_is_gauge(c)) {
		out_str(out, "The ");
		out_str(out, what);
		out_str(out, " gauge ");
		out_str(out, dot + 1);
		out_str(out, " as the kernel reports it");
	} else if (stack_is_trouble(c)) {
		out_str(out, "A rise means ");
		out_str(out, what);
		out_str(out, " work of this kind was lost or failed, by the counter's name (see "
			     "the kernel's snmp_counter.rst)");
	} else {
		out_str(out, "A rise counts ");
		out_str(out, what);
		out_str(out, " events of this kind: activity, not loss by itself");
	}
	out_str(out, " (layer ");
	out_str(out, layer);
	out_str(out, "; ");
	out_str(out, file_of(c));
	out_char(out, ' ');
	out_str(out, name);
	out_str(out, ").\n");
}

/* netobs_stack_GROUP_NAME_total in snake_case (gauges: no _total), e.g.
 * netobs_stack_tcp_ext_listen_overflows_total; the kernel's names are
 * [A-Za-z0-9_] (the library checks), so the result is a metric name. */
static void prom_counter(struct out *out, const struct netobs_proto_counter *c,
			 const struct meaning *m)
{
	const char *name = netobs_proto_counter_name(c);
	const char *dot = strchr(name, '.');
	bool gauge = netobs_proto_counter_is_gauge(c);
	char metric[192], buf[UNITS_BUFSIZ];
	size_t n;

	if (!dot)
		return;
	memcpy(metric, "netobs_stack_", 13);
	n = 13 + snake(metric + 13, 64, name, (size_t)(dot - name));
	metric[n++] = '_';
	n += snake(metric + n, 96, dot + 1, strlen(dot + 1));
	if (!gauge)
		memcpy(metric + n, "_total", 7);
	prom_help_line(out, metric, c, m);
	out_str(out, "# TYPE ");
	out_str(out, metric);
	out_str(out, gauge ? " gauge\n" : " counter\n");
	out_str(out, metric);
	out_char(out, ' ');
	out_str(out, value_text(buf, c));
	out_char(out, '\n');
}

/* The stack group: the counters of lost or failed work (those netobs stack
 * shows) and those with a meaning; stack_extra: all the others. */
static void stack_prom(struct out *out, const struct netobs_snapshot *snap,
		       const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_proto_count(snap);
	unsigned int groups_on = o->metrics;

	for (i = 0; i < n; i++) {
		const struct netobs_proto_counter *c = netobs_snapshot_proto(snap, i);
		const struct meaning *m = meaning_entry(netobs_proto_counter_name(c));
		bool key = m || stack_is_trouble(c);

		if (groups_on & (key ? PROM_GROUP_STACK : PROM_GROUP_STACK_EXTRA))
			prom_counter(out, c, m);
	}
}

/* ---- watch (the rates' text: stack_rates.c) ----------------------------------- */

/* The pipe's line and the screen's. */
static void stack_lines(struct out *out, const char *when, const struct cli_sample *smp,
			const struct cli_opts *o)
{
	char line[256];

	out_printf(out, "%s %s\n", when, stack_rates_text(line, sizeof(line), smp->diff, o, false));
}

static void stack_screen(struct out *line, const struct cli_sample *smp,
			 const struct cli_opts *o)
{
	char text[256];

	out_str(line, stack_rates_text(text, sizeof(text), smp->diff, o, true));
}

const struct cli_section cli_section_stack = {
	.name = "stack",
	.bit = CLI_SEC_STACK,
	.cmd = CLI_CMD_STACK,
	.table = stack_table,
	.show = stack_summary,
	.json = stack_json,
	.json_sample = stack_json_rates,
	.prom = stack_prom,
	.lines = stack_lines,
	.screen = stack_screen,
};
