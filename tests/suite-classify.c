/* SPDX-License-Identifier: MIT */
/*
 * Classification.  Every device of every fixture host, under the sysfs and
 * the procfs source alike (one table: the same device must get the same
 * class and kind from every source).  Then netobs__classify itself: for each
 * kind, the facts sysfs shows of it (as seen on a real kernel, or from the
 * kernel's setup code for kinds this test host lacks) must give the kind
 * netlink names.
 */
#include "config.h"

#include <errno.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

Suite *make_classify_suite(void);

/* ---- the fixture hosts ------------------------------------------------------ */

struct want_dev {
	const char *host, *name;
	int ifindex;
	enum netobs_class cls;
	const char *kind;
	const char *driver, *bus;	/* NULL: none */
	const char *master;		/* NULL: none */
	int peer;			/* netobs_device_peer_ifindex */
};

#define PHYS NETOBS_CLASS_PHYSICAL
#define VIRT NETOBS_CLASS_VIRTUAL
#define LOOP NETOBS_CLASS_LOOPBACK

static const struct want_dev devices[] = {
	{ "bare-metal", "lo", 1, LOOP, "loopback", NULL, NULL, NULL, 0 },
	{ "bare-metal", "enp3s0f0", 2, PHYS, "ether", "ixgbe", "pci", "bond0", 0 },
	{ "bare-metal", "enp3s0f1", 3, PHYS, "ether", "ixgbe", "pci", "bond0", 0 },
	{ "bare-metal", "bond0", 4, VIRT, "bond", NULL, NULL, NULL, 0 },
	{ "bare-metal", "bond0.100", 5, VIRT, "vlan", NULL, NULL, NULL, 0 },

	{ "docker-host", "lo", 1, LOOP, "loopback", NULL, NULL, NULL, 0 },
	{ "docker-host", "eth0", 2, PHYS, "ether", "virtio_net", "virtio", NULL, 0 },
	{ "docker-host", "docker0", 3, VIRT, "bridge", NULL, NULL, NULL, 0 },
	{ "docker-host", "veth1a2b3c4", 5, VIRT, "veth", NULL, NULL, "docker0", 4 },
	{ "docker-host", "veth5d6e7f8", 7, VIRT, "veth", NULL, NULL, "docker0", 6 },
	{ "docker-host", "br-0123456789ab", 8, VIRT, "bridge", NULL, NULL, NULL, 0 },
	{ "docker-host", "veth9a8b7c6", 10, VIRT, "veth", NULL, NULL, "br-0123456789ab", 9 },

	{ "nomad-host", "lo", 1, LOOP, "loopback", NULL, NULL, NULL, 0 },
	{ "nomad-host", "eth0", 2, PHYS, "ether", "virtio_net", "virtio", NULL, 0 },
	{ "nomad-host", "nomad", 3, VIRT, "bridge", NULL, NULL, NULL, 0 },
	{ "nomad-host", "veth3a7c1d2e", 5, VIRT, "veth", NULL, NULL, "nomad", 4 },
	{ "nomad-host", "vethb4f09e6a", 7, VIRT, "veth", NULL, NULL, "nomad", 6 },

	{ "k8s-node", "lo", 1, LOOP, "loopback", NULL, NULL, NULL, 0 },
	{ "k8s-node", "eth0", 2, PHYS, "ether", "ena", "pci", NULL, 0 },
	{ "k8s-node", "flannel.1", 3, VIRT, "vxlan", NULL, NULL, NULL, 0 },
	{ "k8s-node", "cni0", 4, VIRT, "bridge", NULL, NULL, NULL, 0 },
	{ "k8s-node", "kube-ipvs0", 5, VIRT, "dummy", NULL, NULL, NULL, 0 },
	{ "k8s-node", "vethc0ffee1", 6, VIRT, "veth", NULL, NULL, "cni0", 3 },
	/* Peers in pod namespaces: ifindex 3 there, not flannel.1 here. */
	{ "k8s-node", "cali1a2b3c4d5e6", 7, VIRT, "veth", NULL, NULL, NULL, 3 },
	{ "k8s-node", "cali9f8e7d6c5b4", 8, VIRT, "veth", NULL, NULL, NULL, 3 },
	/* Its peer is ifindex 9 too, in the pod's namespace. */
	{ "k8s-node", "cali0a1b2c3d4e5", 9, VIRT, "veth", NULL, NULL, NULL, 9 },

	{ "laptop", "lo", 1, LOOP, "loopback", NULL, NULL, NULL, 0 },
	{ "laptop", "wlan0", 2, PHYS, "wlan", "iwlwifi", "pci", NULL, 0 },
	{ "laptop", "wwan0", 3, PHYS, "wwan", "qmi_wwan", "usb", NULL, 0 },
	{ "laptop", "tun0", 4, VIRT, "tun", NULL, NULL, NULL, 0 },
	{ "laptop", "wg0", 5, VIRT, "wireguard", NULL, NULL, NULL, 0 },
};

static const char *const hosts[] = {
	"bare-metal", "docker-host", "nomad-host", "k8s-node", "laptop",
};

/* Every table runs under both sources that read fixture trees. */
static const enum netobs_source sources[] = { NETOBS_SOURCE_SYSFS, NETOBS_SOURCE_PROCFS };

#define NDEVICES ((int)NETOBS__ARRAY_SIZE(devices))
#define NHOSTS ((int)NETOBS__ARRAY_SIZE(hosts))

static void assert_str_or_null(const char *what, const struct want_dev *w, const char *got,
			       const char *want)
{
	if (!want)
		ck_assert_msg(got == NULL, "%s %s: %s '%s', want none", w->host, w->name, what, got);
	else
		ck_assert_msg(got && strcmp(got, want) == 0, "%s %s: %s '%s', want '%s'", w->host,
			      w->name, what, got ? got : "(null)", want);
}

START_TEST(fixture_device)
{
	const struct want_dev *w = &devices[_i % NDEVICES];
	enum netobs_source source = sources[_i / NDEVICES];
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot(w->host, source, &ctx);
	const struct netobs_device *dev = test_device(snap, w->name);

	ck_assert_msg(netobs_snapshot_source(snap) == source, "source %d", netobs_snapshot_source(snap));
	ck_assert_int_eq(netobs_device_ifindex(dev), w->ifindex);
	ck_assert_msg(netobs_device_class(dev) == w->cls, "%s %s (%s): class %s, want %s", w->host,
		      w->name, netobs_source_name(source),
		      netobs_class_name(netobs_device_class(dev)), netobs_class_name(w->cls));
	ck_assert_msg(strcmp(netobs_device_kind(dev), w->kind) == 0, "%s %s (%s): kind %s, want %s",
		      w->host, w->name, netobs_source_name(source), netobs_device_kind(dev),
		      w->kind);
	assert_str_or_null("driver", w, netobs_device_driver(dev), w->driver);
	assert_str_or_null("bus", w, netobs_device_bus(dev), w->bus);
	assert_str_or_null("master", w, netobs_device_master_name(dev), w->master);
	ck_assert_int_eq(netobs_device_master_ifindex(dev) != 0, w->master != NULL);
	ck_assert_int_eq(netobs_device_peer_ifindex(dev), w->peer);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* Nothing on a host goes unasserted, and nothing is missing or extra. */
START_TEST(fixture_host)
{
	const char *host = hosts[_i % NHOSTS];
	enum netobs_source source = sources[_i / NHOSTS];
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot(host, source, &ctx);
	size_t want = 0;
	int i;

	for (i = 0; i < NDEVICES; i++)
		want += strcmp(devices[i].host, host) == 0;
	ck_assert_msg(netobs_snapshot_device_count(snap) == want, "%s (%s): %zu devices, want %zu",
		      host, netobs_source_name(source), netobs_snapshot_device_count(snap), want);
	/* A well-formed tree reads without a note. */
	ck_assert_msg(test_warnings(ctx)[0] == '\0', "%s (%s): warnings: %s", host,
		      netobs_source_name(source), test_warnings(ctx));
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- the same device, every source ---------------------------------------- */

/* What sysfs shows of a device, and the kind netlink gives it (NULL: none).
 * The netlink facts are the same device's flags, type, ifindex and iflink,
 * and has_parent from IFLA_PARENT_DEV_NAME. */
struct same_dev {
	const char *what;
	const char *netlink_kind;
	struct netobs__class_facts sysfs;
	enum netobs_class cls;
	const char *kind;
};

#define ETHER_UP (IFF_UP | IFF_BROADCAST | IFF_MULTICAST)	/* 0x1003 */
#define SYSFS .sysfs_known = true

static const struct same_dev same[] = {
	/* Seen on 6.18 in a namespace: `ip link add` then /sys/class/net. */
	{ "lo", NULL, { SYSFS, .arphrd = ARPHRD_LOOPBACK, .flags = IFF_UP | IFF_LOOPBACK,
			.ifindex = 1, .iflink = 1, .has_txqlen = true, .txqlen = 1000,
			.address = "00:00:00:00:00:00" }, NETOBS_CLASS_LOOPBACK, "loopback" },
	{ "veth", "veth", { SYSFS, .arphrd = ARPHRD_ETHER, .flags = ETHER_UP, .ifindex = 3,
			    .iflink = 2, .has_txqlen = true, .txqlen = 1000,
			    .address = "d6:a9:2f:b1:b3:af" }, NETOBS_CLASS_VIRTUAL, "veth" },
	{ "veth, peer ifindex 1 elsewhere", "veth",
	  { SYSFS, .arphrd = ARPHRD_ETHER, .flags = ETHER_UP, .ifindex = 9, .iflink = 1,
	    .has_txqlen = true, .txqlen = 1000, .address = "ee:ee:ee:ee:ee:ee" },
	  NETOBS_CLASS_VIRTUAL, "veth" },
	/* Peer at the same ifindex in another namespace: iflink == ifindex;
	 * up, the veth still says 10000 Mb/s (check_kernel.c makes one). */
	{ "veth, same-numbered peer", "veth",
	  { SYSFS, .arphrd = ARPHRD_ETHER, .flags = ETHER_UP, .ifindex = 2, .iflink = 2,
	    .has_txqlen = true, .txqlen = 1000, .address = "02:00:00:00:00:0a",
	    .speed_mbps = 10000 }, NETOBS_CLASS_VIRTUAL, "veth" },
	{ "bridge", "bridge", { SYSFS, .devtype = "bridge", .marker_bridge = true,
				.has_lower = true, .arphrd = ARPHRD_ETHER, .flags = ETHER_UP,
				.ifindex = 4, .iflink = 4, .has_txqlen = true, .txqlen = 1000 },
	  NETOBS_CLASS_VIRTUAL, "bridge" },
	{ "vxlan", "vxlan", { SYSFS, .devtype = "vxlan", .arphrd = ARPHRD_ETHER,
			      .flags = IFF_BROADCAST | IFF_MULTICAST, .ifindex = 5, .iflink = 5,
			      .has_txqlen = true, .txqlen = 1000 }, NETOBS_CLASS_VIRTUAL, "vxlan" },
	{ "macvlan", "macvlan", { SYSFS, .has_lower = true, .arphrd = ARPHRD_ETHER,
				  .flags = IFF_BROADCAST | IFF_MULTICAST, .ifindex = 6, .iflink = 3,
				  .has_txqlen = true, .txqlen = 1000,
				  .address = "c2:3a:cb:37:0c:c4" }, NETOBS_CLASS_VIRTUAL, "macvlan" },
	{ "macvtap", "macvtap", { SYSFS, .marker_macvtap = true, .has_lower = true,
				  .arphrd = ARPHRD_ETHER, .flags = IFF_BROADCAST | IFF_MULTICAST,
				  .ifindex = 7, .iflink = 3, .has_txqlen = true, .txqlen = 500 },
	  NETOBS_CLASS_VIRTUAL, "macvtap" },
	{ "ifb", "ifb", { SYSFS, .arphrd = ARPHRD_ETHER, .flags = IFF_BROADCAST | IFF_NOARP,
			  .ifindex = 8, .iflink = 8, .has_txqlen = true, .txqlen = 32,
			  .address = "2e:b5:37:48:7c:2e" }, NETOBS_CLASS_VIRTUAL, "ifb" },
	{ "tun", "tun", { SYSFS, .marker_tun = true, .arphrd = ARPHRD_NONE,
			  .flags = IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST, .ifindex = 9,
			  .iflink = 9, .has_txqlen = true, .txqlen = 500, .address = "" },
	  NETOBS_CLASS_VIRTUAL, "tun" },
	{ "tap", "tun", { SYSFS, .marker_tun = true, .arphrd = ARPHRD_ETHER,
			  .flags = IFF_BROADCAST | IFF_MULTICAST, .ifindex = 10, .iflink = 10,
			  .has_txqlen = true, .txqlen = 1000 }, NETOBS_CLASS_VIRTUAL, "tun" },
	{ "tap enslaved", "tun", { SYSFS, .marker_tun = true, .arphrd = ARPHRD_ETHER,
				   .flags = ETHER_UP, .ifindex = 10, .iflink = 10,
				   .has_txqlen = true, .txqlen = 1000 },
	  NETOBS_CLASS_VIRTUAL, "tun" },
	/* From the kernel sources (this test host has no module for them). */
	{ "dummy", "dummy", { SYSFS, .arphrd = ARPHRD_ETHER, .flags = IFF_BROADCAST | IFF_NOARP,
			      .ifindex = 5, .iflink = 5, .has_txqlen = true, .txqlen = 1000,
			      .address = "7e:1a:3b:5c:6d:8e" }, NETOBS_CLASS_VIRTUAL, "dummy" },
	{ "dummy up", "dummy", { SYSFS, .arphrd = ARPHRD_ETHER,
				 .flags = IFF_UP | IFF_BROADCAST | IFF_NOARP, .ifindex = 5,
				 .iflink = 5, .has_txqlen = true, .txqlen = 1000 },
	  NETOBS_CLASS_VIRTUAL, "dummy" },
	{ "bond", "bond", { SYSFS, .devtype = "bond", .marker_bond = true, .has_lower = true,
			    .arphrd = ARPHRD_ETHER, .flags = ETHER_UP | IFF_MASTER, .ifindex = 4,
			    .iflink = 4 }, NETOBS_CLASS_VIRTUAL, "bond" },
	{ "bond, no DEVTYPE (old kernel)", "bond",
	  { SYSFS, .marker_bond = true, .arphrd = ARPHRD_ETHER, .flags = ETHER_UP | IFF_MASTER,
	    .ifindex = 4, .iflink = 4 }, NETOBS_CLASS_VIRTUAL, "bond" },
	{ "vlan", "vlan", { SYSFS, .devtype = "vlan", .has_lower = true, .arphrd = ARPHRD_ETHER,
			    .flags = ETHER_UP, .ifindex = 5, .iflink = 4 },
	  NETOBS_CLASS_VIRTUAL, "vlan" },
	{ "wireguard", "wireguard", { SYSFS, .devtype = "wireguard", .arphrd = ARPHRD_NONE,
				      .flags = IFF_UP | IFF_POINTOPOINT | IFF_NOARP, .ifindex = 5,
				      .iflink = 5, .address = "" },
	  NETOBS_CLASS_VIRTUAL, "wireguard" },
	{ "geneve", "geneve", { SYSFS, .devtype = "geneve", .arphrd = ARPHRD_ETHER,
				.flags = ETHER_UP, .ifindex = 6, .iflink = 6 },
	  NETOBS_CLASS_VIRTUAL, "geneve" },
	{ "macsec", "macsec", { SYSFS, .devtype = "macsec", .has_lower = true,
				.arphrd = ARPHRD_ETHER, .flags = ETHER_UP, .ifindex = 7,
				.iflink = 2 }, NETOBS_CLASS_VIRTUAL, "macsec" },
	{ "bareudp", "bareudp", { SYSFS, .devtype = "bareudp", .arphrd = ARPHRD_NONE,
				  .flags = IFF_POINTOPOINT | IFF_NOARP, .ifindex = 8, .iflink = 8 },
	  NETOBS_CLASS_VIRTUAL, "bareudp" },
	/* ipvlan_init() copies the lower device's address. */
	{ "ipvlan", "ipvlan", { SYSFS, .has_lower = true, .lower_same_addr = true,
				.arphrd = ARPHRD_ETHER, .flags = ETHER_UP, .ifindex = 9,
				.iflink = 3, .address = "d6:a9:2f:b1:b3:af" },
	  NETOBS_CLASS_VIRTUAL, "ipvlan" },
	{ "ipvtap", "ipvtap", { SYSFS, .marker_ipvtap = true, .has_lower = true,
				.lower_same_addr = true, .arphrd = ARPHRD_ETHER,
				.flags = ETHER_UP, .ifindex = 9, .iflink = 3 },
	  NETOBS_CLASS_VIRTUAL, "ipvtap" },
	/* team: ports as lower_* links, no iflink of its own, no folder. */
	{ "team", "team", { SYSFS, .has_lower = true, .arphrd = ARPHRD_ETHER, .flags = ETHER_UP,
			    .ifindex = 6, .iflink = 6 }, NETOBS_CLASS_VIRTUAL, "team" },
	/* vrf_dev_init(): dev->flags = IFF_MASTER | IFF_NOARP. */
	{ "vrf", "vrf", { SYSFS, .arphrd = ARPHRD_ETHER, .flags = IFF_UP | IFF_MASTER | IFF_NOARP,
			  .ifindex = 7, .iflink = 7 }, NETOBS_CLASS_VIRTUAL, "vrf" },
	{ "vrf with ports", "vrf", { SYSFS, .has_lower = true, .arphrd = ARPHRD_ETHER,
				     .flags = IFF_MASTER | IFF_NOARP, .ifindex = 7, .iflink = 7 },
	  NETOBS_CLASS_VIRTUAL, "vrf" },
	/* netkit L3 (its default): NOARP kept, no address ever set. */
	{ "netkit", "netkit", { SYSFS, .arphrd = ARPHRD_ETHER,
				.flags = IFF_BROADCAST | IFF_MULTICAST | IFF_NOARP, .ifindex = 8,
				.iflink = 9, .address = "00:00:00:00:00:00" },
	  NETOBS_CLASS_VIRTUAL, "netkit" },
	{ "netkit, same-numbered peer", "netkit",
	  { SYSFS, .arphrd = ARPHRD_ETHER, .flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST |
	    IFF_NOARP, .ifindex = 2, .iflink = 2, .address = "00:00:00:00:00:00",
	    .speed_mbps = 10000 }, NETOBS_CLASS_VIRTUAL, "netkit" },
	/* The fallback gretap0: ip_tunnel iflink is parms.link, 0 unbound. */
	{ "gretap0", "gretap", { SYSFS, .arphrd = ARPHRD_ETHER, .flags = IFF_BROADCAST |
				 IFF_MULTICAST, .ifindex = 9, .iflink = 0 },
	  NETOBS_CLASS_VIRTUAL, "gretap" },
	{ "gre", "gre", { SYSFS, .arphrd = ARPHRD_IPGRE, .flags = IFF_NOARP, .ifindex = 10,
			  .iflink = 0 }, NETOBS_CLASS_VIRTUAL, "gre" },
	{ "ipip", "ipip", { SYSFS, .arphrd = ARPHRD_TUNNEL, .flags = IFF_NOARP, .ifindex = 11,
			    .iflink = 0 }, NETOBS_CLASS_VIRTUAL, "ipip" },
	{ "sit", "sit", { SYSFS, .arphrd = ARPHRD_SIT, .flags = IFF_NOARP, .ifindex = 12,
			  .iflink = 0 }, NETOBS_CLASS_VIRTUAL, "sit" },
	{ "ip6tnl", "ip6tnl", { SYSFS, .arphrd = ARPHRD_TUNNEL6, .flags = IFF_NOARP,
				.ifindex = 13, .iflink = 0 }, NETOBS_CLASS_VIRTUAL, "ip6tnl" },
	{ "ip6gre", "ip6gre", { SYSFS, .arphrd = ARPHRD_IP6GRE, .flags = IFF_NOARP,
				.ifindex = 14, .iflink = 0 }, NETOBS_CLASS_VIRTUAL, "ip6gre" },
	{ "nlmon", "nlmon", { SYSFS, .arphrd = ARPHRD_NETLINK, .flags = IFF_NOARP, .ifindex = 15,
			      .iflink = 15 }, NETOBS_CLASS_VIRTUAL, "nlmon" },
	{ "vcan", "vcan", { SYSFS, .arphrd = ARPHRD_CAN, .flags = IFF_NOARP, .ifindex = 16,
			    .iflink = 16 }, NETOBS_CLASS_VIRTUAL, "vcan" },
	{ "vxcan", "vxcan", { SYSFS, .arphrd = ARPHRD_CAN, .flags = IFF_NOARP, .ifindex = 17,
			      .iflink = 18 }, NETOBS_CLASS_VIRTUAL, "vxcan" },
	{ "ppp", "ppp", { SYSFS, .arphrd = ARPHRD_PPP, .flags = IFF_POINTOPOINT | IFF_NOARP,
			  .ifindex = 19, .iflink = 19 }, NETOBS_CLASS_VIRTUAL, "ppp" },
	/* Hardware: a bus device behind it. */
	{ "virtio_net NIC", NULL, { SYSFS, .has_parent = true, .arphrd = ARPHRD_ETHER,
				    .flags = ETHER_UP, .ifindex = 2, .iflink = 2,
				    .driver = "virtio_net" }, NETOBS_CLASS_PHYSICAL, "ether" },
	{ "PCI NIC enslaved to a bond", NULL,
	  { SYSFS, .has_parent = true, .arphrd = ARPHRD_ETHER, .flags = ETHER_UP | IFF_SLAVE,
	    .ifindex = 2, .iflink = 2, .driver = "ixgbe" }, NETOBS_CLASS_PHYSICAL, "ether" },
	{ "wlan", NULL, { SYSFS, .devtype = "wlan", .has_parent = true, .arphrd = ARPHRD_ETHER,
			  .flags = ETHER_UP, .ifindex = 3, .iflink = 3 },
	  NETOBS_CLASS_PHYSICAL, "wlan" },
	{ "qmi_wwan, raw IP", NULL, { SYSFS, .devtype = "wwan", .has_parent = true,
				      .arphrd = ARPHRD_NONE, .flags = IFF_POINTOPOINT | IFF_NOARP,
				      .ifindex = 4, .iflink = 4 }, NETOBS_CLASS_PHYSICAL, "wwan" },
	{ "WWAN core link", "wwan", { SYSFS, .devtype = "wwan", .has_parent = true,
				      .arphrd = ARPHRD_NONE, .flags = IFF_POINTOPOINT | IFF_NOARP,
				      .ifindex = 4, .iflink = 4 }, NETOBS_CLASS_PHYSICAL, "wwan" },
	/* ipoib ports register rtnl_link_ops ("ipoib") since 5.6. */
	{ "IPoIB port", "ipoib", { SYSFS, .has_parent = true, .arphrd = ARPHRD_INFINIBAND,
				   .flags = ETHER_UP, .ifindex = 5, .iflink = 5 },
	  NETOBS_CLASS_PHYSICAL, "ipoib" },
	{ "CAN controller", "can", { SYSFS, .has_parent = true, .arphrd = ARPHRD_CAN,
				     .flags = IFF_UP | IFF_NOARP, .ifindex = 6, .iflink = 6 },
	  NETOBS_CLASS_PHYSICAL, "can" },
};

static void netlink_facts(const struct same_dev *s, struct netobs__class_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->link_kind = s->netlink_kind;
	f->arphrd = s->sysfs.arphrd;
	f->flags = s->sysfs.flags;
	f->ifindex = s->sysfs.ifindex;
	f->iflink = s->sysfs.iflink;
	f->has_parent = s->sysfs.has_parent;	/* IFLA_PARENT_DEV_NAME */
}

START_TEST(same_device)
{
	const struct same_dev *s = &same[_i];
	struct netobs__class_facts nl;
	enum netobs_class cls = (enum netobs_class)-1;
	char kind[NETOBS__KINDSIZ] = "";

	netobs__classify(&s->sysfs, &cls, kind);
	ck_assert_msg(cls == s->cls && strcmp(kind, s->kind) == 0, "%s from sysfs: %s %s, want %s %s",
		      s->what, netobs_class_name(cls), kind, netobs_class_name(s->cls), s->kind);
	/* A device netlink gives no kind goes through sysfs (enrich) there. */
	if (!s->netlink_kind)
		return;
	netlink_facts(s, &nl);
	netobs__classify(&nl, &cls, kind);
	ck_assert_msg(cls == s->cls && strcmp(kind, s->kind) == 0,
		      "%s from netlink: %s %s, want %s %s", s->what, netobs_class_name(cls), kind,
		      netobs_class_name(s->cls), s->kind);
}
END_TEST

/* Netlink without a kind, and no usable /sys (a container, another
 * namespace's /sys): nearly every software driver names its kind, so the
 * device is hardware; loopback stays loopback. */
START_TEST(netlink_only)
{
	struct netobs__class_facts f = { .arphrd = ARPHRD_ETHER, .flags = ETHER_UP, .ifindex = 2,
					 .iflink = 2 };
	enum netobs_class cls;
	char kind[NETOBS__KINDSIZ];

	netobs__classify(&f, &cls, kind);
	ck_assert_int_eq(cls, NETOBS_CLASS_PHYSICAL);
	ck_assert_str_eq(kind, "ether");
	f.arphrd = ARPHRD_INFINIBAND;
	netobs__classify(&f, &cls, kind);
	ck_assert_int_eq(cls, NETOBS_CLASS_PHYSICAL);
	ck_assert_str_eq(kind, "ipoib");
	f.arphrd = 9999;
	netobs__classify(&f, &cls, kind);
	ck_assert_str_eq(kind, "unknown");
	f.arphrd = ARPHRD_LOOPBACK;
	f.flags = IFF_UP | IFF_LOOPBACK;
	netobs__classify(&f, &cls, kind);
	ck_assert_int_eq(cls, NETOBS_CLASS_LOOPBACK);
	ck_assert_str_eq(kind, "loopback");
}
END_TEST

/* A hardware-capable kind without a parent is software (vcan-like use of
 * "can" cannot happen, but a kind is never trusted to be hardware). */
START_TEST(kind_without_parent)
{
	struct netobs__class_facts f = { .link_kind = "ipoib", .arphrd = ARPHRD_INFINIBAND,
					 .ifindex = 5, .iflink = 5 };
	enum netobs_class cls;
	char kind[NETOBS__KINDSIZ];

	netobs__classify(&f, &cls, kind);
	ck_assert_int_eq(cls, NETOBS_CLASS_VIRTUAL);
	ck_assert_str_eq(kind, "ipoib");
	/* A long kind is cut to fit, never overflows. */
	f.link_kind = "abcdefghijklmnopqrstuvwxyz0123456789";
	netobs__classify(&f, &cls, kind);
	ck_assert_uint_eq(strlen(kind), NETOBS__KINDSIZ - 1);
	ck_assert_int_eq(cls, NETOBS_CLASS_VIRTUAL);
}
END_TEST

/* Software Ethernet with nothing to tell it by: "ether".  What lands here
 * from sysfs: a down veth whose peer has its ifindex elsewhere, team
 * without ports, openvswitch ports (netlink: "veth", "team",
 * "openvswitch"); the documented limit of what sysfs shows. */
START_TEST(ether_fallback)
{
	struct netobs__class_facts f = { .sysfs_known = true, .arphrd = ARPHRD_ETHER,
					 .flags = ETHER_UP, .ifindex = 2, .iflink = 2,
					 .has_txqlen = true, .txqlen = 1000 };
	enum netobs_class cls;
	char kind[NETOBS__KINDSIZ];

	netobs__classify(&f, &cls, kind);
	ck_assert_int_eq(cls, NETOBS_CLASS_VIRTUAL);
	ck_assert_str_eq(kind, "ether");
	/* A bridge reports its ports' speed, a tun 10: neither is a veth. */
	f.speed_mbps = 1000;
	netobs__classify(&f, &cls, kind);
	ck_assert_str_eq(kind, "ether");
	f.speed_mbps = 10000;
	netobs__classify(&f, &cls, kind);
	ck_assert_str_eq(kind, "veth");
}
END_TEST

Suite *make_classify_suite(void)
{
	Suite *s = suite_create("classify");
	TCase *tc;

	tc = tcase_create("fixtures");
	tcase_add_loop_test(tc, fixture_device, 0,
			    NDEVICES * (int)NETOBS__ARRAY_SIZE(sources));
	tcase_add_loop_test(tc, fixture_host, 0, NHOSTS * (int)NETOBS__ARRAY_SIZE(sources));
	suite_add_tcase(s, tc);

	tc = tcase_create("same-device");
	tcase_add_loop_test(tc, same_device, 0, (int)NETOBS__ARRAY_SIZE(same));
	tcase_add_test(tc, netlink_only);
	tcase_add_test(tc, ether_fallback);
	tcase_add_test(tc, kind_without_parent);
	suite_add_tcase(s, tc);
	return s;
}
