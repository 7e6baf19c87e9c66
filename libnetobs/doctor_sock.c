/* SPDX-License-Identifier: MIT */
/*
 * The socket layers of the diagnosis: UDP, TCP accept and every socket,
 * from the sockets section (sock_diag's sk_drops, which the kernel raises
 * for a full receive buffer and, through tcp_listendrop(), for a full
 * accept queue), which names the socket; doctor_proto.c adds the
 * namespace's counters (RcvbufErrors, ListenOverflows, ...).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "doctor.h"

/* netdata health.d/udp_errors.conf 1m_ipv4_udp_receive_buffer_errors: avg
 * > 10/s.  The accept queue's gate is doctor_proto.c's netobs__accept_gate. */
static const struct netobs__gate udp_drops = {
	10, 10, 0, 100, 0, "> 10/s (critical > 100/s)",
	"netdata udp_errors.conf 1m_ipv4_udp_receive_buffer_errors",
};
enum pick { PICK_UDP, PICK_LISTEN, PICK_ALL };

static bool picked(const struct netobs_socket *s, enum pick p)
{
	bool udp = strncmp(netobs_socket_protocol(s), "udp", 3) == 0;

	if (p == PICK_UDP)
		return udp;
	if (p == PICK_LISTEN)
		return !udp && strcmp(netobs_socket_state(s), "listen") == 0;
	return true;
}

static void describe(char *buf, size_t size, const struct netobs_socket *s)
{
	const char *comm = netobs_socket_comm(s);
	const char *addr = netobs_socket_local_address(s);
	int n;

	n = snprintf(buf, size, strchr(addr, ':') ? "%s [%s]:%d" : "%s %s:%d",
		     netobs_socket_protocol(s), addr, netobs_socket_local_port(s));
	if (comm && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " (%s %d)", comm, netobs_socket_pid(s));
}

static void socket_knob(char *buf, size_t size, const struct netobs_snapshot *snap,
			const struct netobs_socket *s, bool listen)
{
	uint64_t v = 0;
	int64_t cap = -1;
	enum netobs_socket_stat stat = listen ? NETOBS_SOCKET_BACKLOG : NETOBS_SOCKET_RCVBUF;
	enum netobs_tunable t = listen ? NETOBS_TUNABLE_SOMAXCONN : NETOBS_TUNABLE_RMEM_MAX;

	netobs_socket_stat(s, stat, &v);
	netobs_snapshot_tunable(snap, t, &cap);
	snprintf(buf, size, "%s = %" PRIu64 ", %s = %" PRId64 ": %s",
		 listen ? "listen() backlog" : "SO_RCVBUF", v, netobs_tunable_sysctl(t), cap,
		 listen ? "accept() faster or raise the backlog (somaxconn caps it)"
			: "read faster or raise SO_RCVBUF (rmem_max caps it)");
}

static int check_socket(struct netobs__walk *w, const struct netobs_socket *s,
			const struct netobs__gate *g)
{
	struct netobs__evidence e = { .ratio = NAN, .counter = "socket drops" };
	bool listen = picked(s, PICK_LISTEN);
	char obj[96], knob[160], cmd[64];

	if (netobs_diff_socket(w->diff, s, NETOBS_SOCKET_DROPS, &e.delta, &e.rate) < 0 ||
	    e.delta == 0)
		return 0;
	if (!netobs__finding_wanted(w->layer, g, &e))
		return 0;	/* counted, and not worded */
	describe(obj, sizeof(obj), s);
	socket_knob(knob, sizeof(knob), w->newer, s, listen);
	snprintf(cmd, sizeof(cmd), "ss -%sempn 'sport = :%d'", listen ? "lt" : "u",
		 netobs_socket_local_port(s));
	e.object = obj;
	e.knob = knob;
	e.command = cmd;
	return netobs__finding_add(w->layer, g, &e);
}

static const struct netobs__gate *listen_or_udp(const struct netobs_socket *s)
{
	return picked(s, PICK_LISTEN) ? &netobs__accept_gate : &udp_drops;
}

static int walk_sockets(struct netobs__walk *w, enum pick p, const struct netobs__gate *g,
			bool needed)
{
	size_t i;
	int err = 0;

	if (!netobs_snapshot_section_ok(w->older, NETOBS_SECTION_SOCKETS) ||
	    !netobs_snapshot_section_ok(w->newer, NETOBS_SECTION_SOCKETS)) {
		if (needed)
			netobs__layer_set(w->layer, NETOBS_VERDICT_UNKNOWN,
					  "the sockets section is absent from a snapshot");
		else
			snprintf(w->layer->reason, sizeof(w->layer->reason),
				 "the sockets section is absent: no socket is named");
		return 0;
	}
	for (i = 0; i < netobs_snapshot_socket_count(w->newer) && err == 0; i++) {
		const struct netobs_socket *s = netobs_snapshot_socket(w->newer, i);

		if (picked(s, p))
			err = check_socket(w, s, g ? g : listen_or_udp(s));
	}
	return err;
}

/* The namespace's counters say how many; sock_diag says which socket.  A
 * missing sockets section costs the names, not the layer. */
int netobs__walk_udp(struct netobs__walk *w)
{
	int err = walk_sockets(w, PICK_UDP, &udp_drops, false);

	return err ? err : netobs__walk_udp_proto(w);
}

int netobs__walk_tcp_accept(struct netobs__walk *w)
{
	int err = walk_sockets(w, PICK_LISTEN, &netobs__accept_gate, false);

	return err ? err : netobs__walk_tcp_accept_proto(w);
}

int netobs__walk_socket(struct netobs__walk *w)
{
	return walk_sockets(w, PICK_ALL, NULL, true);
}
