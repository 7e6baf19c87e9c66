/* SPDX-License-Identifier: MIT */
/*
 * What a rise of each Prometheus family means, and at which layer: the
 * HELP texts of the device counters and the sysctls, as data.  Every HELP
 * netobs writes ends "(layer LAYER; SOURCE).": LAYER is netobs doctor's
 * name for the layer that loses the packets (link, nic_ring, device_drops,
 * cpu_backlog, cpu_budget, qdisc, ip, tcp_accept, tcp_memory, tcp_loss,
 * udp, socket), or device, cpu, tcp, sysctl or netobs for families that
 * count work rather than loss.  netobs(1) quotes each text and
 * tests/prom-help.sh holds the two equal.
 *
 * The texts are the exposition's, so they live in the CLI: the library
 * names counters and never prints (CONVENTIONS.md).  The group column says
 * which --metrics group writes the family (prom_metrics.c).
 */
#include "config.h"

#include <stdio.h>

#include "prom.h"

/* Texts never hold a full stop followed by a space: netobs(1)'s entry for a
 * family is "TYPE: SENTENCE." and the test reads up to the first one. */
static const struct prom_counter_help counters[] = {
	[NETOBS_RX_PACKETS] = { PROM_GROUP_CORE,
		"Packets the device received; a rise is inbound traffic "
		"(layer device; rtnl_link_stats64 rx_packets)." },
	[NETOBS_TX_PACKETS] = { PROM_GROUP_CORE,
		"Packets the device transmitted; a rise is outbound traffic "
		"(layer device; rtnl_link_stats64 tx_packets)." },
	[NETOBS_RX_BYTES] = { PROM_GROUP_CORE,
		"Bytes the device received, link-layer headers included; a rise is inbound "
		"traffic (layer device; rtnl_link_stats64 rx_bytes)." },
	[NETOBS_TX_BYTES] = { PROM_GROUP_CORE,
		"Bytes the device transmitted, link-layer headers included; a rise is outbound "
		"traffic (layer device; rtnl_link_stats64 tx_bytes)." },
	[NETOBS_RX_ERRORS] = { PROM_GROUP_ERRORS,
		"Received frames in error of any kind, the total the rx_*_errors counters break "
		"down; a rise means corrupt or unreceivable frames: look at the CRC, frame, "
		"FIFO and missed counters (layer link; rtnl_link_stats64 rx_errors)." },
	[NETOBS_TX_ERRORS] = { PROM_GROUP_ERRORS,
		"Frames the device failed to transmit, the total the tx_*_errors counters break "
		"down; a rise means the device or its link could not send "
		"(layer link; rtnl_link_stats64 tx_errors)." },
	[NETOBS_RX_DROPPED] = { PROM_GROUP_DROPS,
		"Received packets the device's software dropped before the stack took them: "
		"CPU backlog full, unknown protocol or VLAN, IPv6 off; a rise is loss, though "
		"LLDP and unknown ethertypes raise it harmlessly "
		"(layer device_drops; rtnl_link_stats64 rx_dropped)." },
	[NETOBS_TX_DROPPED] = { PROM_GROUP_DROPS,
		"Packets the driver or device software dropped on transmit (no buffer, link "
		"down); a rise is egress loss; qdisc drops are counted apart "
		"(layer device_drops; rtnl_link_stats64 tx_dropped)." },
	[NETOBS_MULTICAST] = { PROM_GROUP_CORE,
		"Multicast packets received; a rise is multicast traffic, or a broadcast storm "
		"where the driver counts broadcasts here (layer device; rtnl_link_stats64 multicast)." },
	[NETOBS_COLLISIONS] = { PROM_GROUP_DETAILS,
		"Transmit collisions on a half-duplex medium; a rise means a duplex mismatch or "
		"a shared segment (layer link; rtnl_link_stats64 collisions)." },
	[NETOBS_RX_LENGTH_ERRORS] = { PROM_GROUP_ERRORS,
		"Received frames too short, too long or with a wrong length field; a rise means "
		"a faulty cable, optic or peer (layer link; rtnl_link_stats64 rx_length_errors)." },
	[NETOBS_RX_OVER_ERRORS] = { PROM_GROUP_DROPS,
		"Received frames lost to a receive overrun in the NIC (larger than its buffers, "
		"or the ring overran); a rise means the host cannot keep up "
		"(layer nic_ring; rtnl_link_stats64 rx_over_errors)." },
	[NETOBS_RX_CRC_ERRORS] = { PROM_GROUP_ERRORS,
		"Received frames with a bad CRC, corrupted on the wire; a rise means a faulty "
		"cable, optic, connector or switch port "
		"(layer link; rtnl_link_stats64 rx_crc_errors)." },
	[NETOBS_RX_FRAME_ERRORS] = { PROM_GROUP_ERRORS,
		"Received frames misaligned or not ending on a byte boundary; a rise means "
		"physical-layer trouble (layer link; rtnl_link_stats64 rx_frame_errors)." },
	[NETOBS_RX_FIFO_ERRORS] = { PROM_GROUP_DROPS,
		"Received frames lost because the NIC's receive FIFO or ring overflowed; a rise "
		"means the host did not drain the ring fast enough: ring size (ethtool -G), "
		"queues, IRQ affinity (layer nic_ring; rtnl_link_stats64 rx_fifo_errors)." },
	[NETOBS_RX_MISSED_ERRORS] = { PROM_GROUP_DROPS,
		"Receive ring full: the NIC dropped packets because the host did not refill its "
		"ring fast enough; a rise calls for a larger ring (ethtool -G), more queues or "
		"IRQ spreading (layer nic_ring; rtnl_link_stats64 rx_missed_errors)." },
	[NETOBS_TX_ABORTED_ERRORS] = { PROM_GROUP_DETAILS,
		"Transmissions the device aborted (excessive collisions, link lost mid-frame); a "
		"rise means link-layer trouble (layer link; rtnl_link_stats64 tx_aborted_errors)." },
	[NETOBS_TX_CARRIER_ERRORS] = { PROM_GROUP_DETAILS,
		"Transmit failures for loss of carrier; a rise means the link dropped while "
		"sending: cable, optic or switch port "
		"(layer link; rtnl_link_stats64 tx_carrier_errors)." },
	[NETOBS_TX_FIFO_ERRORS] = { PROM_GROUP_DETAILS,
		"Transmit FIFO underruns, the NIC ran out of data mid-frame; a rise means the "
		"host or its bus could not feed the NIC "
		"(layer nic_ring; rtnl_link_stats64 tx_fifo_errors)." },
	[NETOBS_TX_HEARTBEAT_ERRORS] = { PROM_GROUP_DETAILS,
		"Heartbeat (SQE test) failures of old half-duplex Ethernet; a rise means a "
		"transceiver fault (layer link; rtnl_link_stats64 tx_heartbeat_errors)." },
	[NETOBS_TX_WINDOW_ERRORS] = { PROM_GROUP_DETAILS,
		"Late collisions, after the collision window; a rise means a duplex mismatch or "
		"an overlong segment (layer link; rtnl_link_stats64 tx_window_errors)." },
	[NETOBS_RX_COMPRESSED] = { PROM_GROUP_DETAILS,
		"Compressed packets received (CSLIP, PPP header compression), 0 on other "
		"devices; a rise is such traffic (layer device; rtnl_link_stats64 rx_compressed)." },
	[NETOBS_TX_COMPRESSED] = { PROM_GROUP_DETAILS,
		"Compressed packets transmitted (CSLIP, PPP header compression), 0 on other "
		"devices; a rise is such traffic (layer device; rtnl_link_stats64 tx_compressed)." },
	[NETOBS_RX_NOHANDLER] = { PROM_GROUP_DROPS,
		"Received packets no protocol handler took, as on an inactive bond slave; a rise "
		"means frames reach a device nothing listens on "
		"(layer device_drops; rtnl_link_stats64 rx_nohandler)." },
	[NETOBS_RX_OTHERHOST_DROPPED] = { PROM_GROUP_DROPS,
		"Received packets dropped because their destination MAC is another host's "
		"(kernels 5.19 and later); a rise means flooding or a wrong MAC "
		"(layer device_drops; rtnl_link_stats64 rx_otherhost_dropped)." },
};

/* As far as the compiler sees; tests/prom-help-coverage checks every counter below
 * netobs_counter_count(), which an appended one passes only with a text. */
_Static_assert(sizeof(counters) / sizeof(counters[0]) == NETOBS_RX_OTHERHOST_DROPPED + 1,
	       "a device counter without a HELP text");

/* A counter newer than this table: named, in the core group, never blank. */
const struct prom_counter_help *prom_counter_help(enum netobs_counter c, char *buf, size_t size,
						  struct prom_counter_help *fallback)
{
	if ((unsigned int)c < sizeof(counters) / sizeof(counters[0]) && counters[c].help)
		return &counters[c];
	snprintf(buf, size, "Device counter %s, not yet described by this netobs "
		 "(layer device; rtnl_link_stats64 %s).", netobs_counter_name(c),
		 netobs_counter_name(c));
	fallback->group = PROM_GROUP_CORE;
	fallback->help = buf;
	return fallback;
}

static const char *const tunables[] = {
	[NETOBS_TUNABLE_NETDEV_MAX_BACKLOG] =
		"Packets a CPU's input backlog holds before softnet drops them; the knob for "
		"netobs_softnet_dropped_total (layer sysctl; net.core.netdev_max_backlog).",
	[NETOBS_TUNABLE_NETDEV_BUDGET] =
		"Packets net_rx_action may process per run before it yields; the knob for "
		"netobs_softnet_times_squeezed_total (layer sysctl; net.core.netdev_budget).",
	[NETOBS_TUNABLE_NETDEV_BUDGET_USECS] =
		"Microseconds net_rx_action may run before it yields; the other knob for "
		"netobs_softnet_times_squeezed_total (layer sysctl; net.core.netdev_budget_usecs).",
	[NETOBS_TUNABLE_DEV_WEIGHT] =
		"Packets one NAPI poll of the backlog may process "
		"(layer sysctl; net.core.dev_weight).",
	[NETOBS_TUNABLE_FLOW_LIMIT_TABLE_LEN] =
		"Size of the per-CPU flow limit table that decides which flows softnet drops "
		"first (layer sysctl; net.core.flow_limit_table_len).",
	[NETOBS_TUNABLE_RMEM_MAX] =
		"Largest receive buffer a socket may ask for with SO_RCVBUF, in bytes; the knob "
		"for UDP RcvbufErrors (layer sysctl; net.core.rmem_max).",
	[NETOBS_TUNABLE_RMEM_DEFAULT] =
		"Receive buffer of a new non-TCP socket, in bytes "
		"(layer sysctl; net.core.rmem_default).",
	[NETOBS_TUNABLE_WMEM_MAX] =
		"Largest send buffer a socket may ask for with SO_SNDBUF, in bytes "
		"(layer sysctl; net.core.wmem_max).",
	[NETOBS_TUNABLE_WMEM_DEFAULT] =
		"Send buffer of a new non-TCP socket, in bytes "
		"(layer sysctl; net.core.wmem_default).",
	[NETOBS_TUNABLE_SOMAXCONN] =
		"Cap on a listener's accept queue (the listen() backlog); the knob for TCP "
		"ListenOverflows (layer sysctl; net.core.somaxconn, per namespace).",
	[NETOBS_TUNABLE_TCP_RMEM] =
		"TCP receive buffer per socket, in bytes, one sample per value; the knob for "
		"TCPRcvQDrop and pruning (layer sysctl; net.ipv4.tcp_rmem, per namespace).",
	[NETOBS_TUNABLE_TCP_WMEM] =
		"TCP send buffer per socket, in bytes, one sample per value "
		"(layer sysctl; net.ipv4.tcp_wmem, per namespace).",
	[NETOBS_TUNABLE_TCP_MEM] =
		"Pages all TCP sockets of the host may use, one sample per threshold; above "
		"pressure TCP prunes and drops (layer sysctl; net.ipv4.tcp_mem).",
	[NETOBS_TUNABLE_UDP_MEM] =
		"Pages all UDP sockets of the host may use, one sample per threshold; above max "
		"UDP counts MemErrors (layer sysctl; net.ipv4.udp_mem).",
	[NETOBS_TUNABLE_TCP_MAX_SYN_BACKLOG] =
		"Half-open connections a listener holds before it drops SYNs or sends cookies "
		"(layer sysctl; net.ipv4.tcp_max_syn_backlog, per namespace).",
};

/* tests/prom-help-coverage checks against netobs_tunable_count() as well. */
_Static_assert(sizeof(tunables) / sizeof(tunables[0]) == NETOBS_TUNABLE_TCP_MAX_SYN_BACKLOG + 1,
	       "a sysctl without a HELP text");

const char *prom_tunable_help(enum netobs_tunable t, char *buf, size_t size)
{
	if ((unsigned int)t < sizeof(tunables) / sizeof(tunables[0]) && tunables[t])
		return tunables[t];
	snprintf(buf, size, "The sysctl %s, not yet described by this netobs (layer sysctl; %s).",
		 netobs_tunable_sysctl(t), netobs_tunable_sysctl(t));
	return buf;
}
