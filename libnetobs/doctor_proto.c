/* SPDX-License-Identifier: MIT */
/*
 * The protocol layers of the diagnosis (IP, TCP accept, TCP memory, TCP
 * loss, UDP) from the namespace's /proc/net/snmp, netstat and snmp6, and
 * the egress qdiscs.  Counters are looked up by name: one a kernel lacks
 * is skipped, never a made-up 0.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "doctor.h"

/* No peer alerts on these: netobs's own, the node_exporter mixin's 1 %
 * error ratio and netdata's 10/s rate combined. */
static const struct netobs__gate ip_drops = {
	10, 10, 0.01, 10, 0.10, "> 10/s and > 1 % of received (critical > 10 %)",
	"netobs (node_exporter mixin's 1 % ratio, netdata's 10/s rate)",
};
/* netdata health.d/tcp_listen.conf 1m_tcp_accept_queue_overflows: warn
 * > 1/s, crit > 5/s over 1 min.  doctor_sock.c judges the named listener by
 * the same gate. */
const struct netobs__gate netobs__accept_gate = {
	5, 1, 0, 5, 0, "> 1/s (critical > 5/s)",
	"netdata health.d/tcp_listen.conf 1m_tcp_accept_queue_overflows",
};
static const struct netobs__gate tcp_mem = {
	10, 10, 0, 100, 0, "> 10/s (critical > 100/s)", "netobs (netdata's 10/s rate)",
};
/* Retransmissions as a share of segments sent; timeouts each stall a flow
 * for an RTO of at least 200 ms. */
static const struct netobs__gate retrans = {
	10, 1, 0.01, 1, 0.05, "> 1 % of segments sent (critical > 5 %)", "netobs",
};
static const struct netobs__gate timeouts = {
	5, 1, 0, 10, 0, "> 1/s (critical > 10/s)", "netobs: each is an RTO >= 200 ms",
};
static const struct netobs__gate udp_errors = {
	10, 10, 0, 100, 0, "> 10/s (critical > 100/s)",
	"netdata udp_errors.conf 1m_ipv4_udp_receive_buffer_errors",
};
/* KERNEL-FACTS: any increase; loss on the host's own way out. */
static const struct netobs__gate qdisc_drops = {
	1, 0, 0, 10, 0.01, "> 0 (critical > 10/s and > 1 %)", "netobs: any qdisc drop is host-side loss",
};
/* A shaper (tbf, htb) at its rate, or a queue at its limit: packets wait,
 * they are not lost (drops says those), so never critical.  No public
 * alert judges it; netdata's 10/s rate gate, as for the other counters. */
static const struct netobs__gate qdisc_overlimits = {
	10, 10, 0, -1, 0, "> 10/s", "netobs (netdata's 10/s rate gate); delay, not loss",
};
/* The bytes queued when the later snapshot was taken, as the time the
 * qdisc needs to send them at the rate it sent over the interval: the
 * "rate" judged here is that delay in ms.  RFC 8289 (CoDel) calls a queue
 * standing past its 5 ms target bad, and acts after its 100 ms interval. */
static const struct netobs__gate qdisc_backlog = {
	1, 5, 0, 100, 0, "standing queue > 5 ms of sending (critical > 100 ms)",
	"RFC 8289 (CoDel): target 5 ms, interval 100 ms",
};

struct check {
	const char *counter;	/* "TcpExt.ListenOverflows" */
	const char *packets;	/* the denominator, NULL: none */
	const struct netobs__gate *gate;
	const char *knob;
	const char *command;
};

static bool proto_read(struct netobs__walk *w, enum netobs_section sec)
{
	return netobs_snapshot_section_ok(w->older, sec) && netobs_snapshot_section_ok(w->newer, sec);
}

/* The file a counter comes from, by its group's name as the kernel
 * prints it: TcpExt and IpExt in netstat, Ip6 and Udp6 in snmp6, the rest
 * (Ip, Tcp, Udp) in snmp. */
static enum netobs_section counter_section(const char *counter)
{
	if (strncmp(counter, "TcpExt.", 7) == 0 || strncmp(counter, "IpExt.", 6) == 0)
		return NETOBS_SECTION_NETSTAT;
	if (strncmp(counter, "Ip6.", 4) == 0 || strncmp(counter, "Udp6.", 5) == 0)
		return NETOBS_SECTION_SNMP6;
	return NETOBS_SECTION_SNMP;
}

#define NIC_COMMAND "ethtool -S"

/* "ethtool -S eth0; ethtool -S eth1": the namespace's checksum counter
 * cannot say which NIC, so the command names each hardware one. */
static const char *nic_command(char *buf, size_t size, const struct netobs_snapshot *snap)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < netobs_snapshot_device_count(snap) && len < size; i++) {
		const struct netobs_device *d = netobs_snapshot_device(snap, i);

		if (netobs_device_class(d) == NETOBS_CLASS_PHYSICAL)
			len += (size_t)snprintf(buf + len, size - len, "%sethtool -S %s",
						len ? "; " : "", netobs_device_name(d));
	}
	return len ? buf : "ip -s link (no hardware NIC here: the sender's or a hop's)";
}

static int check_one(struct netobs__walk *w, const struct check *c, const char *knob)
{
	struct netobs__evidence e = { .ratio = NAN, .object = "this namespace",
				      .counter = c->counter, .knob = knob, .command = c->command };
	bool of_sent = c->gate == &retrans;
	char cmd[96];
	uint64_t pkts;

	if (netobs_diff_proto(w->diff, c->counter, &e.delta, &e.rate) < 0 || e.delta == 0)
		return 0;
	if (c->packets && netobs_diff_proto(w->diff, c->packets, &pkts, NULL) == 0 &&
	    pkts + e.delta > 0)
		e.ratio = (double)e.delta / (double)(pkts + (of_sent ? 0 : e.delta));
	if (of_sent && c->packets && isnan(e.ratio))
		return 0;
	e.ratio_of = of_sent ? "of segments sent" : NULL;
	if (strcmp(c->command, NIC_COMMAND) == 0)
		e.command = nic_command(cmd, sizeof(cmd), w->newer);
	return netobs__finding_add(w->layer, c->gate, &e);
}

/* Says which sections of MISSING (a bit per section) a snapshot lacked.
 * The layer is UNKNOWN when no check could run, or when an IPv4 or TCP
 * file is missing and what was read saw no loss: "ok" would claim what
 * nobody looked at.  snmp6 alone is a note, since a host booted with
 * IPv6 off has no such file and nothing to lose there. */
static void say_missing(struct netobs__walk *w, unsigned int missing, bool none_ran,
			bool keep_verdict)
{
	char files[96] = "";
	size_t len = 0;
	unsigned int s;
	bool ok = w->layer->verdict == NETOBS_VERDICT_OK;

	for (s = 0; s < 32 && len < sizeof(files); s++)
		if (missing & (1u << s))
			len += (size_t)snprintf(files + len, sizeof(files) - len, "%s%s",
						len ? ", " : "", netobs_section_name(s));

	if (none_ran && (!keep_verdict || ok))
		netobs__layer_set(w->layer, NETOBS_VERDICT_UNKNOWN,
				  "/proc/net/{%s} absent from a snapshot", files);
	else if (ok && missing != 1u << NETOBS_SECTION_SNMP6)
		netobs__layer_set(w->layer, NETOBS_VERDICT_UNKNOWN,
				  "/proc/net/{%s} absent from a snapshot; the rest shows no loss",
				  files);
	else
		netobs__layer_note(w->layer, "unknown in part: /proc/net/{%s} absent from a "
				   "snapshot, its counters not judged", files);
}

/* Each check needs the section its counter comes from: a counter of an
 * absent section is unknown, never "no loss seen". */
static int walk_checks(struct netobs__walk *w, const struct check *cs, size_t n, const char *knob,
		       bool keep_verdict)
{
	unsigned int missing = 0;
	size_t i, ran = 0;
	int err = 0;

	for (i = 0; i < n && err == 0; i++) {
		enum netobs_section sec = counter_section(cs[i].counter);

		if (!proto_read(w, sec)) {
			missing |= 1u << sec;
			continue;
		}
		ran++;
		err = check_one(w, &cs[i], cs[i].knob ? cs[i].knob : knob);
	}
	if (err == 0 && missing)
		say_missing(w, missing, ran == 0, keep_verdict);
	return err;
}

static const struct check ip_checks[] = {
	{ "Ip.InDiscards", "Ip.InReceives", &ip_drops, "no buffer or memory for the datagram", "netobs stack" },
	{ "Ip.InHdrErrors", "Ip.InReceives", &ip_drops, "bad headers, TTL 0: a broken sender or path", "netobs stack" },
	{ "Ip.InAddrErrors", "Ip.InReceives", &ip_drops, "not for this host and forwarding off", "ip addr; sysctl net.ipv4.ip_forward" },
	{ "IpExt.InNoRoutes", "Ip.InReceives", &ip_drops, "no route for it", "ip route get ADDRESS" },
	{ "TcpExt.IPReversePathFilter", "Ip.InReceives", &ip_drops, "net.ipv4.conf.*.rp_filter: asymmetric routes fail it", "sysctl -a | grep rp_filter" },
	{ "Ip6.InDiscards", "Ip6.InReceives", &ip_drops, "no buffer or memory for the datagram", "netobs stack" },
	{ "Ip6.InHdrErrors", "Ip6.InReceives", &ip_drops, "bad headers, hop limit 0", "netobs stack" },
	{ "Ip6.InAddrErrors", "Ip6.InReceives", &ip_drops, "not for this host and forwarding off", "ip -6 addr" },
	{ "Ip6.InNoRoutes", "Ip6.InReceives", &ip_drops, "no route for it", "ip -6 route" },
};

int netobs__walk_ip(struct netobs__walk *w)
{
	return walk_checks(w, ip_checks, NETOBS__ARRAY_SIZE(ip_checks), "", false);
}

static const struct check accept_checks[] = {
	{ "TcpExt.ListenOverflows", NULL, &netobs__accept_gate, NULL, "ss -ltn" },
	{ "TcpExt.ListenDrops", NULL, &netobs__accept_gate, NULL, "ss -ltn" },
	{ "TcpExt.TCPReqQFullDrop", NULL, &netobs__accept_gate, NULL, "ss -ltn" },
};

/* The namespace's counters say how many; the sockets section which
 * listener (netobs__walk_tcp_accept_sockets). */
int netobs__walk_tcp_accept_proto(struct netobs__walk *w)
{
	char knob[160];

	netobs__knob2(knob, sizeof(knob), w->newer, NETOBS_TUNABLE_SOMAXCONN,
		      NETOBS_TUNABLE_TCP_MAX_SYN_BACKLOG, "accept() faster, raise listen()'s backlog");
	return walk_checks(w, accept_checks, NETOBS__ARRAY_SIZE(accept_checks), knob, true);
}

static const struct check mem_checks[] = {
	{ "TcpExt.TCPBacklogDrop", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.TCPRcvQDrop", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.TCPZeroWindowDrop", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.TCPOFODrop", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.PruneCalled", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.RcvPruned", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.OfoPruned", NULL, &tcp_mem, NULL, "ss -tm" },
};

int netobs__walk_tcp_memory(struct netobs__walk *w)
{
	int64_t v[3] = { -1, -1, -1 };
	size_t n;
	char knob[160];

	netobs_snapshot_tunable_values(w->newer, NETOBS_TUNABLE_TCP_RMEM, v, 3, &n);
	snprintf(knob, sizeof(knob),
		 "net.ipv4.tcp_rmem = %" PRId64 " %" PRId64 " %" PRId64
		 ": the application reads too slowly, or raise the max (and tcp_mem)", v[0], v[1], v[2]);
	return walk_checks(w, mem_checks, NETOBS__ARRAY_SIZE(mem_checks), knob, false);
}

static const struct check loss_checks[] = {
	{ "Tcp.RetransSegs", "Tcp.OutSegs", &retrans, NULL, "ss -ti; mtr PEER" },
	{ "TcpExt.TCPTimeouts", NULL, &timeouts, NULL, "ss -ti (rto, retrans)" },
	{ "TcpExt.TCPSynRetrans", NULL, &timeouts, "a SYN retransmitted: a client waits 1 s or more", "ss -tn state syn-sent" },
	{ "TcpExt.TCPLostRetransmit", NULL, &timeouts, NULL, "ss -ti" },
};

int netobs__walk_tcp_loss(struct netobs__walk *w)
{
	return walk_checks(w, loss_checks, NETOBS__ARRAY_SIZE(loss_checks),
			   "loss in the network or at the peer: find the lossy hop; an RTO "
			   "(>= 200 ms) explains a client timeout", false);
}

static const struct check udp_checks[] = {
	{ "Udp.RcvbufErrors", "Udp.InDatagrams", &udp_errors, NULL, "netobs sockets" },
	{ "Udp.InCsumErrors", "Udp.InDatagrams", &udp_errors, "bad checksums: a NIC or path corrupts", NIC_COMMAND },
	{ "Udp.NoPorts", "Udp.InDatagrams", &udp_errors, "no listener on the port", "ss -uln" },
	{ "Udp.MemErrors", "Udp.InDatagrams", &udp_errors, NULL, "netobs sockets" },
	{ "Udp6.RcvbufErrors", "Udp6.InDatagrams", &udp_errors, NULL, "netobs sockets" },
	{ "Udp6.InCsumErrors", "Udp6.InDatagrams", &udp_errors, "bad checksums: a NIC or path corrupts", NIC_COMMAND },
	{ "Udp6.NoPorts", "Udp6.InDatagrams", &udp_errors, "no listener on the port", "ss -uln" },
	{ "Udp6.MemErrors", "Udp6.InDatagrams", &udp_errors, NULL, "netobs sockets" },
};

int netobs__walk_udp_proto(struct netobs__walk *w)
{
	char knob[160];

	netobs__knob2(knob, sizeof(knob), w->newer, NETOBS_TUNABLE_RMEM_DEFAULT,
		      NETOBS_TUNABLE_RMEM_MAX, "read faster or raise SO_RCVBUF");
	return walk_checks(w, udp_checks, NETOBS__ARRAY_SIZE(udp_checks), knob, true);
}

struct qdisc_ctx {
	const struct netobs_qdisc *q;
	bool described;
	char obj[64], knob[128], cmd[64];
};

/* Worded only for a finding the layer keeps (netobs__finding_wanted). */
static void qdisc_describe(struct qdisc_ctx *c, struct netobs__walk *w)
{
	const struct netobs_qdisc *q = c->q;
	const char *dev = netobs_qdisc_device_name(q);
	const struct netobs_device *d = netobs_snapshot_device_by_ifindex(w->newer,
									   netobs_qdisc_ifindex(q));
	uint32_t txq = 0;

	if (c->described)
		return;
	c->described = true;
	snprintf(c->obj, sizeof(c->obj), "%s %s on %s", netobs_qdisc_kind(q),
		 netobs_qdisc_handle_name(q), dev ? dev : "?");
	if (d && netobs_device_txqlen(d, &txq) == 0)
		snprintf(c->knob, sizeof(c->knob), "the qdisc's limit (tc qdisc change ... limit), "
			 "txqueuelen = %" PRIu32 ", or a fair queue (fq_codel)", txq);
	else
		snprintf(c->knob, sizeof(c->knob), "the qdisc's limit, txqueuelen, or a fair queue");
	snprintf(c->cmd, sizeof(c->cmd), "tc -s qdisc show dev %s", dev ? dev : "?");
}

/* DROPS or OVERLIMITS over the interval, as a share of what it sent. */
static int qdisc_counter(struct netobs__walk *w, struct qdisc_ctx *c,
			 enum netobs_qdisc_stat stat, const struct netobs__gate *g,
			 const char *counter, const char *note)
{
	struct netobs__evidence e = { .ratio = NAN, .counter = counter, .object = c->obj,
				      .knob = c->knob, .command = c->cmd, .note = note };
	uint64_t pkts;

	if (netobs_diff_qdisc(w->diff, c->q, stat, &e.delta, &e.rate) < 0 || e.delta == 0)
		return 0;
	if (netobs_diff_qdisc(w->diff, c->q, NETOBS_QDISC_PACKETS, &pkts, NULL) == 0)
		e.ratio = (double)e.delta / (double)(pkts + e.delta);
	e.ratio_of = stat == NETOBS_QDISC_DROPS ? "of packets" : "of packets sent";
	if (!netobs__finding_wanted(w->layer, g, &e))
		return 0;	/* counted, and not worded */
	qdisc_describe(c, w);
	return netobs__finding_add(w->layer, g, &e);
}

/* The standing queue: bytes queued now over the bytes/s sent in the
 * interval; nothing sent at all counts as the whole interval (at least). */
static int qdisc_standing(struct netobs__walk *w, struct qdisc_ctx *c)
{
	struct netobs__evidence e = { .ratio = NAN, .counter = "qdisc backlog", .object = c->obj,
				      .knob = c->knob, .command = c->cmd };
	double secs = netobs_diff_interval(w->diff), sent_rate = 0;
	uint64_t queued = 0, sent;
	char lead[192], n[32];

	if (netobs_qdisc_stat(c->q, NETOBS_QDISC_BACKLOG, &queued) < 0 || queued == 0)
		return 0;
	if (netobs_diff_qdisc(w->diff, c->q, NETOBS_QDISC_BYTES, &sent, &sent_rate) < 0)
		sent_rate = 0;
	e.delta = queued;
	e.rate = sent_rate > 0 ? (double)queued / sent_rate * 1e3 : secs * 1e3;
	if (!netobs__finding_wanted(w->layer, &qdisc_backlog, &e))
		return 0;	/* counted, and not worded */
	qdisc_describe(c, w);
	netobs__grouped(n, sizeof(n), queued);
	snprintf(lead, sizeof(lead), "qdisc backlog %s bytes queued on %s: %s%.0f ms of sending "
		 "at the %.0f bytes/s it sent", n, c->obj, sent_rate > 0 ? "" : "at least ",
		 e.rate, sent_rate);
	e.lead = lead;
	return netobs__finding_add(w->layer, &qdisc_backlog, &e);
}

static int check_qdisc(struct netobs__walk *w, const struct netobs_qdisc *q)
{
	struct qdisc_ctx c = { .q = q };
	int err;

	err = qdisc_counter(w, &c, NETOBS_QDISC_DROPS, &qdisc_drops, "qdisc drops",
			    "sent by the host, never on the wire (not in tx_dropped)");
	if (err == 0)
		err = qdisc_counter(w, &c, NETOBS_QDISC_OVERLIMITS, &qdisc_overlimits,
				    "qdisc overlimits", "held back by the qdisc's rate or limit");
	return err ? err : qdisc_standing(w, &c);
}

int netobs__walk_qdisc(struct netobs__walk *w)
{
	size_t i;
	int err = 0;

	if (!netobs_snapshot_section_ok(w->older, NETOBS_SECTION_QDISCS) ||
	    !netobs_snapshot_section_ok(w->newer, NETOBS_SECTION_QDISCS)) {
		netobs__layer_set(w->layer, NETOBS_VERDICT_UNKNOWN,
				  "the qdiscs section is absent from a snapshot (netlink only)");
		return 0;
	}
	for (i = 0; i < netobs_snapshot_qdisc_count(w->newer) && err == 0; i++)
		err = check_qdisc(w, netobs_snapshot_qdisc(w->newer, i));
	return err;
}
