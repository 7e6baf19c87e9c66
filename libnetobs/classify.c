/* SPDX-License-Identifier: MIT */
/*
 * Device classification: class (physical, virtual, loopback) and a short
 * kind, from whatever a source knows.  The rule that shapes everything here:
 * the same device gets the same class and kind from netlink, sysfs and
 * procfs.  Netlink names most software devices itself (IFLA_INFO_KIND);
 * sysfs must reach the same name from what it shows, so every sysfs rule
 * below is tied to what the kernel's setup code for that kind leaves
 * visible in /sys/class/net/DEV (checked on a 6.18 kernel for veth, bridge,
 * vxlan, macvlan, macvtap, ifb, tun, tap and lo; from the kernel sources
 * for the rest).
 */
#include "config.h"

#include <linux/if.h>
#include <linux/if_arp.h>
#include <string.h>

#include "internal.h"

/* ifb_setup() sets tx_queue_len = TX_Q_LIMIT (32); dummy_setup() keeps
 * ether_setup()'s 1000 (old kernels set 0, which alloc_netdev_mqs() has
 * turned into 1000 since 4.3).  Both set IFF_NOARP and clear IFF_MULTICAST,
 * both are ARPHRD_ETHER with a random address and no parent, DEVTYPE or
 * marker folder: the queue length is the one difference sysfs shows.  A
 * user who changes an ifb's txqueuelen makes it read as dummy. */
#define IFB_TX_Q_LIMIT 32
#define VETH_SPEED_MBPS 10000	/* SPEED_10000, veth and netkit */

/* Kinds that drivers of real hardware register too (rtnl_link_ops on a
 * device with a bus parent): CAN controllers, IPoIB ports (kind "ipoib"
 * since 5.6), modems created through the WWAN core, DSA switch ports. */
static const char *const hardware_kinds[] = { "can", "ipoib", "wwan", "dsa" };

struct arphrd_kind {
	unsigned int type;
	const char *kind;
};

/* Non-Ethernet link types whose driver registers exactly one link kind, so
 * the type names the kind netlink would report. */
static const struct arphrd_kind virtual_types[] = {
	{ ARPHRD_TUNNEL, "ipip" },	/* also vti: same type, no tell */
	{ ARPHRD_TUNNEL6, "ip6tnl" },	/* also vti6 */
	{ ARPHRD_SIT, "sit" },
	{ ARPHRD_IPGRE, "gre" },
	{ ARPHRD_IP6GRE, "ip6gre" },
	{ ARPHRD_NETLINK, "nlmon" },
	{ ARPHRD_6LOWPAN, "lowpan" },
	{ ARPHRD_PPP, "ppp" },
	{ ARPHRD_RAWIP, "rmnet" },
	{ ARPHRD_NONE, "none" },
};

/* Link types of hardware devices that have no DEVTYPE. */
static const struct arphrd_kind hardware_types[] = {
	{ ARPHRD_ETHER, "ether" },
	{ ARPHRD_INFINIBAND, "ipoib" },	/* what netlink says of it */
	{ ARPHRD_CAN, "can" },
	{ ARPHRD_RAWIP, "rawip" },
	{ ARPHRD_NONE, "none" },
	{ ARPHRD_IEEE80211_RADIOTAP, "wlan" },
	{ ARPHRD_IEEE802154, "wpan" },
};

static void set_kind(char kind[NETOBS__KINDSIZ], const char *s)
{
	size_t len = strlen(s);

	if (len >= NETOBS__KINDSIZ)
		len = NETOBS__KINDSIZ - 1;
	memcpy(kind, s, len);
	kind[len] = '\0';
}

static const char *type_kind(const struct arphrd_kind *table, size_t n, unsigned int type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].type == type)
			return table[i].kind;
	return NULL;
}

static bool is_hardware_kind(const char *kind)
{
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(hardware_kinds); i++)
		if (strcmp(kind, hardware_kinds[i]) == 0)
			return true;
	return false;
}

bool netobs__is_loopback(unsigned int flags, unsigned int arphrd)
{
	return (flags & IFF_LOOPBACK) || arphrd == ARPHRD_LOOPBACK;
}

/* A hardware device: DEVTYPE first (wlan, wwan), then the link type. */
static const char *hardware_kind(const struct netobs__class_facts *f)
{
	const char *k;

	if (f->devtype)
		return f->devtype;
	k = type_kind(hardware_types, NETOBS__ARRAY_SIZE(hardware_types), f->arphrd);
	return k ? k : "unknown";
}

/* netkit in its default L3 mode keeps IFF_NOARP and never gets an address
 * (netkit_new_link() randomises one in L2 mode only); veth always has one. */
static bool zero_address(const char *addr)
{
	if (!addr || !addr[0])
		return false;
	return strspn(addr, "0:") == strlen(addr);
}

/* Software Ethernet without DEVTYPE or marker folder.  iflink is the lower
 * device or peer (ndo_get_iflink) and lower_* links are the adjacency
 * lists (netdev_upper_dev_link): macvlan and ipvlan have both, team and
 * vrf only the links (to their ports), veth and netkit only iflink (their
 * peer is no upper/lower).  IP tunnels of type Ethernet (gretap, erspan)
 * report their bound device as iflink, 0 when unbound, and link no lower. */
static const char *ether_kind(const struct netobs__class_facts *f)
{
	if ((f->flags & IFF_MASTER) && (f->flags & IFF_NOARP))
		return "vrf";	/* vrf_dev_init(): flags = IFF_MASTER | IFF_NOARP */
	if (f->has_lower && f->iflink != f->ifindex)
		return f->lower_same_addr ? "ipvlan" : "macvlan";
	if (f->has_lower)
		return "team";
	if (f->iflink == 0)
		return "gretap";
	if (f->iflink != f->ifindex)
		return (f->flags & IFF_NOARP) && zero_address(f->address) ? "netkit" : "veth";
	if (f->has_txqlen && f->txqlen == IFB_TX_Q_LIMIT)
		return "ifb";
	if ((f->flags & IFF_NOARP) && !(f->flags & IFF_MULTICAST))
		return "dummy";
	/* A veth whose peer has the same ifindex in another namespace (two
	 * namespaces that number their links alike) shows iflink == ifindex.
	 * Up, it still reports veth_get_link_ksettings()'s 10000 Mb/s, which
	 * no other driver left at this point does (dummy, ifb, team without
	 * ports and openvswitch answer EINVAL or 0).  Down, it reads as
	 * "ether": sysfs then shows nothing of the peer. */
	if (f->speed_mbps == VETH_SPEED_MBPS)
		return (f->flags & IFF_NOARP) && zero_address(f->address) ? "netkit" : "veth";
	return "ether";
}

static const char *other_type_kind(const struct netobs__class_facts *f)
{
	const char *k;

	if (f->arphrd == ARPHRD_CAN)	/* vxcan has a peer, vcan none */
		return f->iflink != f->ifindex && f->iflink != 0 ? "vxcan" : "vcan";
	k = type_kind(virtual_types, NETOBS__ARRAY_SIZE(virtual_types), f->arphrd);
	return k ? k : "unknown";
}

/* DEVTYPE (SET_NETDEV_DEVTYPE: bridge, bond, vlan, vxlan, geneve, macsec,
 * bareudp, wireguard, ...) names the kind as netlink does; then the marker
 * folders of the drivers that have no DEVTYPE; then the link type. */
static const char *virtual_kind(const struct netobs__class_facts *f)
{
	if (f->devtype)
		return f->devtype;
	if (f->marker_bridge)
		return "bridge";
	if (f->marker_bond)
		return "bond";
	if (f->marker_tun)
		return "tun";	/* netlink says "tun" for tap devices too */
	if (f->marker_macvtap)
		return "macvtap";
	if (f->marker_ipvtap)
		return "ipvtap";
	if (f->arphrd != ARPHRD_ETHER)
		return other_type_kind(f);
	return ether_kind(f);
}

/* Netlink gave no kind and sysfs could not be read (no /sys, or another
 * namespace's): nearly every software driver registers rtnl_link_ops, so a
 * device without a kind is hardware, unless netlink knows otherwise. */
static void classify_netlink_only(const struct netobs__class_facts *f, enum netobs_class *cls,
				  char kind[NETOBS__KINDSIZ])
{
	*cls = NETOBS_CLASS_PHYSICAL;
	set_kind(kind, hardware_kind(f));
}

void netobs__classify(const struct netobs__class_facts *facts, enum netobs_class *cls,
		      char kind[NETOBS__KINDSIZ])
{
	const struct netobs__class_facts *f = facts;

	if (netobs__is_loopback(f->flags, f->arphrd)) {
		*cls = NETOBS_CLASS_LOOPBACK;
		set_kind(kind, "loopback");
	} else if (f->link_kind && f->link_kind[0]) {
		*cls = f->has_parent && is_hardware_kind(f->link_kind) ? NETOBS_CLASS_PHYSICAL
								       : NETOBS_CLASS_VIRTUAL;
		set_kind(kind, f->link_kind);
	} else if (!f->sysfs_known) {
		classify_netlink_only(f, cls, kind);
	} else if (f->has_parent) {
		/* A bus device behind it: a NIC, or a VM's virtio_net. */
		*cls = NETOBS_CLASS_PHYSICAL;
		set_kind(kind, hardware_kind(f));
	} else {
		*cls = NETOBS_CLASS_VIRTUAL;
		set_kind(kind, virtual_kind(f));
	}
}
