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
static const struct netobs__gate accept_drops = {
	5, 1, 0, 5, 0, "> 1/s (critical > 5/s)",
	"netdata tcp_listen.conf 1m_tcp_accept_queue_overflows",
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

static int check_one(struct netobs__walk *w, const struct check *c, const char *knob)
{
	struct netobs__evidence e = { .ratio = NAN, .object = "this namespace",
				      .counter = c->counter, .knob = knob, .command = c->command };
	uint64_t pkts;

	if (netobs_diff_proto(w->diff, c->counter, &e.delta, &e.rate) < 0 || e.delta == 0)
		return 0;
	if (c->packets && netobs_diff_proto(w->diff, c->packets, &pkts, NULL) == 0 &&
	    pkts + e.delta > 0)
		e.ratio = (double)e.delta / (double)(pkts + (c->gate == &retrans ? 0 : e.delta));
	if (c->gate == &retrans && c->packets && isnan(e.ratio))
		return 0;
	return netobs__finding_add(w->layer, c->gate, &e);
}

/* The checks of a layer; UNKNOWN when none of their sections was read. */
static int walk_checks(struct netobs__walk *w, const struct check *cs, size_t n, const char *knob,
		       bool keep_verdict)
{
	size_t i;
	int err = 0;

	if (!proto_read(w, NETOBS_SECTION_SNMP) && !proto_read(w, NETOBS_SECTION_NETSTAT)) {
		if (!keep_verdict || w->layer->verdict == NETOBS_VERDICT_OK)
			netobs__layer_set(w->layer, NETOBS_VERDICT_UNKNOWN,
					  "/proc/net/snmp and netstat are absent from a snapshot");
		return 0;
	}
	for (i = 0; i < n && err == 0; i++)
		err = check_one(w, &cs[i], cs[i].knob ? cs[i].knob : knob);
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
	{ "TcpExt.ListenOverflows", NULL, &accept_drops, NULL, "ss -ltn" },
	{ "TcpExt.ListenDrops", NULL, &accept_drops, NULL, "ss -ltn" },
	{ "TcpExt.TCPReqQFullDrop", NULL, &accept_drops, NULL, "ss -ltn" },
};

/* The namespace's counters say how many; the sockets section which
 * listener (netobs__walk_tcp_accept_sockets). */
int netobs__walk_tcp_accept_proto(struct netobs__walk *w)
{
	char knob[160];
	int64_t somax = -1, syn = -1;

	netobs_snapshot_tunable(w->newer, NETOBS_TUNABLE_SOMAXCONN, &somax);
	netobs_snapshot_tunable(w->newer, NETOBS_TUNABLE_TCP_MAX_SYN_BACKLOG, &syn);
	snprintf(knob, sizeof(knob),
		 "net.core.somaxconn = %" PRId64 ", net.ipv4.tcp_max_syn_backlog = %" PRId64
		 ": accept() faster, raise listen()'s backlog", somax, syn);
	return walk_checks(w, accept_checks, NETOBS__ARRAY_SIZE(accept_checks), knob, true);
}

static const struct check mem_checks[] = {
	{ "TcpExt.TCPBacklogDrop", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.TCPRcvQDrop", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.TCPZeroWindowDrop", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.TCPOFODrop", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.PruneCalled", NULL, &tcp_mem, NULL, "ss -tm" },
	{ "TcpExt.RcvPruned", NULL, &tcp_mem, NULL, "ss -tm" },
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
	{ "Udp.InCsumErrors", "Udp.InDatagrams", &udp_errors, "bad checksums: a NIC or path corrupts", "ethtool -k DEV" },
	{ "Udp.NoPorts", "Udp.InDatagrams", &udp_errors, "no listener on the port", "ss -uln" },
	{ "Udp.MemErrors", "Udp.InDatagrams", &udp_errors, NULL, "netobs sockets" },
	{ "Udp6.RcvbufErrors", "Udp6.InDatagrams", &udp_errors, NULL, "netobs sockets" },
	{ "Udp6.InCsumErrors", "Udp6.InDatagrams", &udp_errors, "bad checksums: a NIC or path corrupts", "ethtool -k DEV" },
	{ "Udp6.NoPorts", "Udp6.InDatagrams", &udp_errors, "no listener on the port", "ss -uln" },
	{ "Udp6.MemErrors", "Udp6.InDatagrams", &udp_errors, NULL, "netobs sockets" },
};

int netobs__walk_udp_proto(struct netobs__walk *w)
{
	char knob[160];
	int64_t max = -1, def = -1;

	netobs_snapshot_tunable(w->newer, NETOBS_TUNABLE_RMEM_MAX, &max);
	netobs_snapshot_tunable(w->newer, NETOBS_TUNABLE_RMEM_DEFAULT, &def);
	snprintf(knob, sizeof(knob),
		 "net.core.rmem_default = %" PRId64 ", net.core.rmem_max = %" PRId64
		 ": read faster or raise SO_RCVBUF", def, max);
	return walk_checks(w, udp_checks, NETOBS__ARRAY_SIZE(udp_checks), knob, true);
}

static int check_qdisc(struct netobs__walk *w, const struct netobs_qdisc *q)
{
	struct netobs__evidence e = { .ratio = NAN, .counter = "qdisc drops" };
	const char *dev = netobs_qdisc_device_name(q);
	const struct netobs_device *d = netobs_snapshot_device_by_ifindex(w->newer,
									   netobs_qdisc_ifindex(q));
	char obj[64], knob[128], cmd[64];
	uint64_t pkts;
	uint32_t txq = 0;

	if (netobs_diff_qdisc(w->diff, q, NETOBS_QDISC_DROPS, &e.delta, &e.rate) < 0 ||
	    e.delta == 0)
		return 0;
	if (netobs_diff_qdisc(w->diff, q, NETOBS_QDISC_PACKETS, &pkts, NULL) == 0)
		e.ratio = (double)e.delta / (double)(pkts + e.delta);
	snprintf(obj, sizeof(obj), "%s %s on %s", netobs_qdisc_kind(q), netobs_qdisc_handle_name(q),
		 dev ? dev : "?");
	if (d && netobs_device_txqlen(d, &txq) == 0)
		snprintf(knob, sizeof(knob), "the qdisc's limit (tc qdisc change ... limit), "
			 "txqueuelen = %" PRIu32 ", or a fair queue (fq_codel)", txq);
	else
		snprintf(knob, sizeof(knob), "the qdisc's limit, txqueuelen, or a fair queue");
	snprintf(cmd, sizeof(cmd), "tc -s qdisc show dev %s", dev ? dev : "DEV");
	e.object = obj;
	e.knob = knob;
	e.command = cmd;
	e.note = "sent by the host, never on the wire (not in tx_dropped)";
	return netobs__finding_add(w->layer, &qdisc_drops, &e);
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
