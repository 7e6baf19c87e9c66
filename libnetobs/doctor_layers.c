/* SPDX-License-Identifier: MIT */
/*
 * The device layers of the diagnosis: link, NIC ring, device drops.  Each walk reads the diff through the
 * public getters, as any caller could.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "doctor.h"

/* node_exporter mixin NodeNetworkReceiveErrs: errors/packets > 1 %; the
 * count gate keeps a stray error on an idle link quiet. */
static const struct netobs__gate link_errors = {
	10, 0, 0.01, 0, 0.05, "> 1 % of packets (critical > 5 %)",
	"node_exporter mixin NodeNetworkReceiveErrs",
};
/* kube-prometheus: changes(up) > 2 in 2 m. */
static const struct netobs__gate link_flaps = {
	3, 0, 0, -1, 0, "> 2 carrier changes", "kube-prometheus changes(up) > 2",
};
/* netdata net.conf: any rx_fifo_errors in 10 m; critical past 1 % of packets. */
static const struct netobs__gate ring_drops = {
	1, 0, 0, 0, 0.01, "> 0 (critical > 1 % of packets)", "netdata net.conf 10min_fifo_errors",
};
/* netdata net.conf inbound_packets_dropped_ratio: > 2 %; the rate gate
 * (10/s) and count gate make LLDP and stray ethertypes information. */
static const struct netobs__gate device_drops = {
	10, 10, 0.02, 10, 0.10, "> 10/s and > 2 % (critical > 10 %)",
	"netdata net.conf inbound_packets_dropped_ratio",
};

/* The first SIZE - 1 - *O bytes of SRC (N long) at BUF + *O. */
static void put(char *buf, size_t size, size_t *o, const char *src, size_t n)
{
	if (n > size - 1 - *o)
		n = size - 1 - *o;
	memcpy(buf + *o, src, n);
	*o += n;
}

/* TEMPLATE with every "DEV" replaced by NAME: copies, not a format, as a
 * finding may be replaced among the kept ones after it was built. */
static const char *with_dev(char *buf, size_t size, const char *template, const char *name)
{
	size_t o = 0, nlen = strlen(name);
	const char *dev;

	while (template && (dev = strstr(template, "DEV"))) {
		put(buf, size, &o, template, (size_t)(dev - template));
		put(buf, size, &o, name, nlen);
		template = dev + 3;
	}
	if (template)
		put(buf, size, &o, template, strlen(template));
	buf[o] = '\0';
	return buf;
}

/* Share of the frames a drop counter is a part of: drops / (packets +
 * drops), as the kernel counts some drops in packets and some not. */
static double share(uint64_t drops, int pkt_err, uint64_t packets)
{
	if (pkt_err < 0 || packets + drops == 0)
		return NAN;
	return (double)drops / (double)(packets + drops);
}

struct dev_check {
	enum netobs_counter counter;
	enum netobs_counter packets;
	const struct netobs__gate *gate;
	const char *command;
};

static int check_counter(struct netobs__walk *w, const struct netobs_device *dev,
			 const struct dev_check *c, const char *knob, const char *note)
{
	struct netobs__evidence e = { .note = note };
	char kbuf[128], cbuf[96];
	uint64_t pkts = 0;
	int perr;

	if (netobs_diff_device_counter(w->diff, dev, c->counter, &e.delta, &e.rate) < 0 ||
	    e.delta == 0)
		return 0;
	perr = netobs_diff_device_counter(w->diff, dev, c->packets, &pkts, NULL);
	e.ratio = share(e.delta, perr, pkts);
	if (!netobs__finding_wanted(w->layer, c->gate, &e))
		return 0;	/* counted, and not worded */
	e.object = netobs_device_name(dev);
	e.counter = netobs_counter_name(c->counter);
	e.command = with_dev(cbuf, sizeof(cbuf), c->command, e.object);
	e.knob = with_dev(kbuf, sizeof(kbuf), knob, e.object);
	return netobs__finding_add(w->layer, c->gate, &e);
}

static bool devices_comparable(struct netobs__walk *w)
{
	if (netobs_snapshot_section_ok(w->older, NETOBS_SECTION_DEVICES) &&
	    netobs_snapshot_section_ok(w->newer, NETOBS_SECTION_DEVICES))
		return true;
	netobs__layer_set(w->layer, NETOBS_VERDICT_UNKNOWN,
			  "the devices section is absent from a snapshot");
	return false;
}

static int check_flaps(struct netobs__walk *w, const struct netobs_device *dev)
{
	const struct netobs_device *old;
	struct netobs__evidence e = { .counter = "carrier_changes", .ratio = NAN };
	uint32_t a, b;
	char cmd[64];

	old = netobs_snapshot_device_by_ifindex(w->older, netobs_device_ifindex(dev));
	if (!old || netobs_device_carrier_changes(old, &a) < 0 ||
	    netobs_device_carrier_changes(dev, &b) < 0 || b <= a)
		return 0;
	e.delta = b - a;
	e.rate = e.delta / netobs_diff_interval(w->diff);
	e.object = netobs_device_name(dev);
	e.note = netobs_device_operstate(dev) == NETOBS_OPER_UP ? "up now" : "down now";
	e.knob = "cable, optic, switch port (or whoever runs ip link set down)";
	snprintf(cmd, sizeof(cmd), "ip -s link show dev %s", e.object);
	e.command = cmd;
	return netobs__finding_add(w->layer, &link_flaps, &e);
}

/* No public alert judges it (node_exporter's mixin has none).  A link the
 * admin set up but that has no working lower layer loses whatever is
 * routed to it.  A warning, not critical: it is a state, not a measured
 * loss, so no counter says any traffic was meant for it, and a spare port
 * left up without a cable is common; critical is kept for loss the
 * counters prove. */
static const struct netobs__gate link_down = {
	0, -1, 0, -1, 0, "admin up, operstate down, lowerlayerdown or notpresent",
	"netobs: RFC 2863 ifOperStatus",
};

/* Why an admin-up device of state ST has no link, and where to look. */
static const char *down_cause(enum netobs_operstate st, const struct netobs_device *dev)
{
	const char *kind = netobs_device_kind(dev);

	if (st == NETOBS_OPER_NOTPRESENT)
		return "a component it needs is missing (removed parent, driver without hardware)";
	if (st == NETOBS_OPER_LOWERLAYERDOWN)
		return "the device under it (veth peer, parent) is down";
	if (kind && strcmp(kind, "veth") == 0)
		return "its veth peer is down, maybe in another namespace: set that end up";
	return "no carrier: cable, optic, switch port";
}

/* Admin down is a device set down on purpose: information.  Admin up
 * with operstate down, lowerlayerdown or notpresent has lost its link.
 * Where the source gives no IFF_UP (procfs without sysfs, an old
 * capture), only LOWERLAYERDOWN tells: the kernel gives it only to a
 * device that is up (rfc2863_policy() after dev_open()). */
static int check_down(struct netobs__walk *w, const struct netobs_device *dev)
{
	struct netobs__evidence e = { .counter = "operstate", .ratio = NAN };
	enum netobs_operstate st = netobs_device_operstate(dev);
	int admin = netobs_device_admin_up(dev);
	bool lost = st == NETOBS_OPER_LOWERLAYERDOWN ||
		    (admin == 1 && (st == NETOBS_OPER_DOWN || st == NETOBS_OPER_NOTPRESENT));
	char cmd[64], lead[160], knob[160];

	if (!lost && admin != 0 && st != NETOBS_OPER_DOWN)
		return 0;
	e.object = netobs_device_name(dev);
	if (lost)
		snprintf(lead, sizeof(lead), "%s is down: admin up, operstate %s", e.object,
			 netobs_operstate_name(st));
	else if (admin == 0)
		snprintf(lead, sizeof(lead), "%s is set down (admin down)", e.object);
	else
		snprintf(lead, sizeof(lead), "%s is down: set down, or up with no carrier "
			 "(the source gives no IFF_UP to tell which)", e.object);
	e.lead = lead;
	if (lost)
		snprintf(knob, sizeof(knob), "%s", down_cause(st, dev));
	else
		snprintf(knob, sizeof(knob), "ip link set %s up if it should carry traffic",
			 e.object);
	e.knob = knob;
	snprintf(cmd, sizeof(cmd), "ip -d link show dev %s", e.object);
	e.command = cmd;
	return netobs__finding_add(w->layer, lost ? &link_down : NULL, &e);
}

static const struct dev_check link_checks[] = {
	{ NETOBS_RX_CRC_ERRORS, NETOBS_RX_PACKETS, &link_errors, "ethtool -S DEV" },
	{ NETOBS_RX_FRAME_ERRORS, NETOBS_RX_PACKETS, &link_errors, "ethtool -S DEV" },
	{ NETOBS_RX_LENGTH_ERRORS, NETOBS_RX_PACKETS, &link_errors, "ethtool -S DEV" },
};

bool netobs__walk_keeps(const struct netobs__walk *w, const struct netobs_device *dev)
{
	return !w->keep || w->keep(dev, w->keep_arg);
}

int netobs__walk_link(struct netobs__walk *w)
{
	size_t i, j;
	int err = 0;

	if (!devices_comparable(w))
		return 0;
	for (i = 0; i < netobs_snapshot_device_count(w->newer) && err == 0; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(w->newer, i);

		if (netobs_device_class(dev) == NETOBS_CLASS_LOOPBACK ||
		    !netobs__walk_keeps(w, dev))
			continue;
		for (j = 0; j < NETOBS__ARRAY_SIZE(link_checks) && err == 0; j++)
			err = check_counter(w, dev, &link_checks[j],
					    "cable, optic, switch port", "");
		if (err == 0)
			err = check_flaps(w, dev);
		if (err == 0)
			err = check_down(w, dev);
	}
	return err;
}

static const struct dev_check ring_checks[] = {
	{ NETOBS_RX_MISSED_ERRORS, NETOBS_RX_PACKETS, &ring_drops, "ethtool -g DEV" },
	{ NETOBS_RX_FIFO_ERRORS, NETOBS_RX_PACKETS, &ring_drops, "ethtool -g DEV" },
	{ NETOBS_RX_OVER_ERRORS, NETOBS_RX_PACKETS, &ring_drops, "ethtool -g DEV" },
};

/* virtio_net keeps no ring-overrun counters: its rings' drops are the
 * hypervisor's to count. */
static bool ring_observable(const struct netobs_device *dev)
{
	const char *drv = netobs_device_driver(dev);

	return netobs_device_class(dev) == NETOBS_CLASS_PHYSICAL &&
	       !(drv && strcmp(drv, "virtio_net") == 0);
}

int netobs__walk_nic_ring(struct netobs__walk *w)
{
	size_t i, j, seen = 0;
	int err = 0;

	if (!devices_comparable(w))
		return 0;
	for (i = 0; i < netobs_snapshot_device_count(w->newer) && err == 0; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(w->newer, i);

		if (!ring_observable(dev) || !netobs__walk_keeps(w, dev))
			continue;
		seen++;
		for (j = 0; j < NETOBS__ARRAY_SIZE(ring_checks) && err == 0; j++)
			err = check_counter(w, dev, &ring_checks[j],
					    "ring size (ethtool -G DEV rx N), more queues, IRQ affinity",
					    "");
	}
	if (err == 0 && seen == 0)
		netobs__layer_set(w->layer, NETOBS_VERDICT_UNOBSERVABLE,
				  "no hardware NIC with ring counters here (virtual devices, "
				  "virtio_net): its ring drops are counted by the host or hypervisor");
	return err;
}

static const struct dev_check drop_checks[] = {
	{ NETOBS_RX_DROPPED, NETOBS_RX_PACKETS, &device_drops, "netobs show DEV" },
	{ NETOBS_RX_NOHANDLER, NETOBS_RX_PACKETS, &device_drops, "ip -d link show DEV" },
	{ NETOBS_RX_OTHERHOST_DROPPED, NETOBS_RX_PACKETS, &device_drops, "ip neigh show; ip link show DEV" },
	{ NETOBS_TX_DROPPED, NETOBS_TX_PACKETS, &device_drops, "ip -s link show DEV" },
};

static const char *drop_knob(enum netobs_counter c)
{
	switch (c) {
	case NETOBS_RX_OTHERHOST_DROPPED:
		return "frames to another MAC: a stale neighbour entry or a flooding switch";
	case NETOBS_RX_NOHANDLER:
		return "no protocol handler: an inactive bond slave, a down upper device";
	case NETOBS_TX_DROPPED:
		return "veth: the peer is down or its backlog is full";
	default:
		return "";
	}
}

int netobs__walk_device_drops(struct netobs__walk *w)
{
	uint64_t backlog = 0;
	size_t i, j;
	int err = 0;

	if (!devices_comparable(w))
		return 0;
	netobs_diff_softnet_total(w->diff, NETOBS_SOFTNET_DROPPED, &backlog, NULL);
	for (i = 0; i < netobs_snapshot_device_count(w->newer) && err == 0; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(w->newer, i);

		if (!netobs__walk_keeps(w, dev))
			continue;
		for (j = 0; j < NETOBS__ARRAY_SIZE(drop_checks) && err == 0; j++) {
			struct dev_check c = drop_checks[j];
			const char *note = "";

			/* A full CPU backlog also counts in the device's
			 * rx_dropped: the CPU_BACKLOG layer judges those. */
			if (c.counter == NETOBS_RX_DROPPED && backlog > 0) {
				c.gate = NULL;
				note = "softnet also dropped: see cpu_backlog";
			} else if (c.counter == NETOBS_RX_DROPPED) {
				note = "below 10/s LLDP or an unknown ethertype is the usual, benign cause";
			}
			err = check_counter(w, dev, &c, drop_knob(c.counter), note);
		}
	}
	return err;
}
