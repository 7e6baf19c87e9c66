/* SPDX-License-Identifier: MIT */
/*
 * The netlink source: RTM_NEWLINK and RTM_NEWSTATS messages built in a
 * buffer and parsed without a socket (every attribute, short and 32-bit
 * statistics, malformed input), then a read-only dump of this namespace.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <net/if.h>
#include <net/if_arp.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "internal.h"
#include "link_msg.h"
#include "testutil.h"

Suite *make_netlink_suite(void);

/* Room for the largest message built here, aligned for struct nlmsghdr. */
union msgbuf {
	struct nlmsghdr nlh;
	uint64_t align;
	char b[4096];
};

/* Test-only values: counter i is 1000003 * (i + 1), above 2^32 for most. */
static uint64_t counter_value(unsigned int i)
{
	return 1000003ull * (i + 1) * 4099;
}

static struct nlmsghdr *link_start(union msgbuf *m, int ifindex, unsigned int arphrd,
				   unsigned int flags)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	memset(m, 0, sizeof(*m));
	nlh = mnl_nlmsg_put_header(m->b);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = ifindex;
	ifi->ifi_type = (unsigned short)arphrd;
	ifi->ifi_flags = flags;
	return nlh;
}

static void put_kind(struct nlmsghdr *nlh, const char *kind)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);

	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	mnl_attr_nest_end(nlh, nest);
}

/* NFIELDS counters of WIDTH bytes (8: IFLA_STATS64, 4: IFLA_STATS). */
static void put_stats(struct nlmsghdr *nlh, uint16_t type, unsigned int nfields, size_t width)
{
	char payload[64 * 8];
	unsigned int i;

	for (i = 0; i < nfields; i++) {
		uint64_t v64 = counter_value(i);
		uint32_t v32 = (uint32_t)v64;

		memcpy(payload + i * width, width == 8 ? (void *)&v64 : (void *)&v32, width);
	}
	mnl_attr_put(nlh, type, nfields * width, payload);
}

/* A veth with every attribute the parser reads. */
static struct nlmsghdr *full_veth(union msgbuf *m)
{
	static const uint8_t mac[6] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };
	struct nlmsghdr *nlh = link_start(m, 7, ARPHRD_ETHER, IFF_UP | IFF_BROADCAST);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth7");
	mnl_attr_put_u32(nlh, IFLA_TXQLEN, 1000);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, NETOBS_OPER_UP);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1450);
	mnl_attr_put_u32(nlh, IFLA_LINK, 8);
	mnl_attr_put_u32(nlh, IFLA_MASTER, 3);
	mnl_attr_put_u8(nlh, IFLA_CARRIER, 1);
	mnl_attr_put_u32(nlh, IFLA_CARRIER_CHANGES, 4);
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac), mac);
	mnl_attr_put_strz(nlh, IFLA_IFALIAS, "uplink to rack 4");
	put_kind(nlh, "veth");
	mnl_attr_put_u32(nlh, IFLA_LINK_NETNSID, 2);
	put_stats(nlh, IFLA_STATS, 24, 4);
	put_stats(nlh, IFLA_STATS64, 25, 8);
	return nlh;
}

/* A context whose sysfs is empty: devices without a link kind are then
 * classified from netlink alone, never from the host's /sys. */
static struct netobs_ctx *new_ctx(void)
{
	struct netobs_ctx *ctx;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, NETOBS_FIXTURES "/no-such-tree"), 0);
	return ctx;
}

static struct netobs_snapshot *new_snap(void)
{
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));

	ck_assert_ptr_nonnull(snap);
	return snap;
}

/* Parses one message into a fresh snapshot; returns the parser's result. */
static int parse_one(const struct nlmsghdr *nlh, struct netobs_ctx **ctx,
		     struct netobs_snapshot **snap)
{
	int err;

	*ctx = new_ctx();
	*snap = new_snap();
	err = netobs__link_msg_parse(*ctx, nlh, *snap, NULL);
	ck_assert_int_eq(netobs__snapshot_finish(*snap), 0);
	return err;
}

static const struct netobs_device *only_device(const struct netobs_snapshot *snap)
{
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 1);
	return netobs_snapshot_device(snap, 0);
}

static void assert_counters(const struct netobs_device *dev, unsigned int navail, bool bits32)
{
	unsigned int i;
	uint64_t v;

	for (i = 0; i < NETOBS__COUNTER_MAX; i++) {
		int err = netobs_device_counter(dev, (enum netobs_counter)i, &v);

		if (i >= navail) {
			ck_assert_msg(err == -ENODATA, "counter %u: %d, want -ENODATA", i, err);
			ck_assert_uint_eq(netobs_device_counter_flags(dev, (enum netobs_counter)i), 0);
			continue;
		}
		ck_assert_msg(err == 0, "counter %u: %d", i, err);
		ck_assert_uint_eq(v, bits32 ? (uint32_t)counter_value(i) : counter_value(i));
		ck_assert_uint_eq(netobs_device_counter_flags(dev, (enum netobs_counter)i),
				  NETOBS_COUNTER_AVAILABLE | (bits32 ? NETOBS_COUNTER_32BIT : 0));
	}
}

static void free_all(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}

START_TEST(link_every_attribute)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	const struct netobs_device *dev;
	union msgbuf m;
	uint32_t v;

	ck_assert_int_eq(parse_one(full_veth(&m), &ctx, &snap), 0);
	dev = only_device(snap);
	ck_assert_int_eq(netobs_device_ifindex(dev), 7);
	ck_assert_str_eq(netobs_device_name(dev), "veth7");
	ck_assert_int_eq(netobs_device_iflink(dev), 8);
	ck_assert_int_eq(netobs_device_link_netnsid(dev), 2);
	ck_assert_int_eq(netobs_device_master_ifindex(dev), 3);
	ck_assert_ptr_null(netobs_device_master_name(dev)); /* ifindex 3 is not in the snapshot */
	ck_assert_int_eq(netobs_device_operstate(dev), NETOBS_OPER_UP);
	ck_assert_int_eq(netobs_device_carrier(dev), 1);
	ck_assert_int_eq(netobs_device_admin_up(dev), 1); /* IFF_UP in ifi_flags */
	ck_assert_int_eq(netobs_device_mtu(dev, &v), 0);
	ck_assert_uint_eq(v, 1450);
	ck_assert_int_eq(netobs_device_txqlen(dev, &v), 0);
	ck_assert_uint_eq(v, 1000);
	ck_assert_int_eq(netobs_device_carrier_changes(dev, &v), 0);
	ck_assert_uint_eq(v, 4);
	ck_assert_int_eq(netobs_device_speed(dev, NULL), -ENODATA);
	ck_assert_str_eq(netobs_device_address(dev), "02:42:ac:11:00:02");
	ck_assert_str_eq(netobs_device_alias(dev), "uplink to rack 4");
	ck_assert_str_eq(netobs_device_kind(dev), "veth");
	ck_assert_int_eq(netobs_device_class(dev), NETOBS_CLASS_VIRTUAL);
	ck_assert_int_eq(netobs_device_peer_ifindex(dev), 8);
	/* IFLA_STATS64 wins over the 32-bit IFLA_STATS sent beside it. */
	assert_counters(dev, 25, false);
	free_all(ctx, snap);
}
END_TEST

/* Bytes of IFLA_STATS64 payload, and how many counters they cover: older
 * kernels send fewer fields (23 before 4.6, 24 before 5.19); a payload that
 * ends inside a field covers only the fields before it. */
static const struct {
	unsigned int bytes;
	unsigned int covered;
} stats64_lengths[] = {
	{ 25 * 8, 25 }, { 24 * 8, 24 }, { 23 * 8, 23 }, { 23 * 8 + 5, 23 },
	{ 1 * 8, 1 },	{ 7, 0 },	{ 0, 0 },	{ 30 * 8, 25 },
};

START_TEST(link_stats64_lengths)
{
	unsigned int bytes = stats64_lengths[_i].bytes;
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 4, ARPHRD_ETHER, 0);
	char payload[30 * 8];
	unsigned int i;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "br0");
	put_kind(nlh, "bridge");
	for (i = 0; i < 30; i++) {
		uint64_t v = counter_value(i);

		memcpy(payload + i * 8, &v, 8);
	}
	mnl_attr_put(nlh, IFLA_STATS64, bytes, payload);
	ck_assert_int_eq(parse_one(nlh, &ctx, &snap), 0);
	assert_counters(only_device(snap), stats64_lengths[_i].covered, false);
	free_all(ctx, snap);
}
END_TEST

START_TEST(link_short_stats64_pre_4_6)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	const struct netobs_device *dev;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 4, ARPHRD_ETHER, 0);
	uint64_t v;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "br0");
	put_kind(nlh, "bridge");
	put_stats(nlh, IFLA_STATS64, 23, 8);
	ck_assert_int_eq(parse_one(nlh, &ctx, &snap), 0);
	dev = only_device(snap);
	ck_assert_int_eq(netobs_device_counter(dev, NETOBS_RX_NOHANDLER, &v), -ENODATA);
	ck_assert_int_eq(netobs_device_counter(dev, NETOBS_RX_OTHERHOST_DROPPED, &v), -ENODATA);
	ck_assert_int_eq(netobs_device_counter(dev, NETOBS_TX_COMPRESSED, &v), 0);
	ck_assert_uint_eq(v, counter_value(NETOBS_TX_COMPRESSED));
	ck_assert_int_eq(netobs_device_counter(dev, NETOBS_RX_BYTES, &v), 0);
	ck_assert_uint_eq(v, counter_value(NETOBS_RX_BYTES));
	free_all(ctx, snap);
}
END_TEST

START_TEST(link_stats32_fallback)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 4, ARPHRD_ETHER, 0);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "br0");
	put_kind(nlh, "bridge");
	put_stats(nlh, IFLA_STATS, 24, 4);
	ck_assert_int_eq(parse_one(nlh, &ctx, &snap), 0);
	assert_counters(only_device(snap), 24, true);
	free_all(ctx, snap);
}
END_TEST

START_TEST(link_without_stats_or_attributes)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	const struct netobs_device *dev;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 9, ARPHRD_ETHER, 0);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "tap9");
	put_kind(nlh, "tun");
	ck_assert_int_eq(parse_one(nlh, &ctx, &snap), 0);
	dev = only_device(snap);
	assert_counters(dev, 0, false);
	ck_assert_int_eq(netobs_device_iflink(dev), 9);
	ck_assert_int_eq(netobs_device_link_netnsid(dev), -1);
	ck_assert_int_eq(netobs_device_master_ifindex(dev), 0);
	ck_assert_int_eq(netobs_device_carrier(dev), -ENODATA);
	/* ifi_flags is in every message's header: 0, set down, is known. */
	ck_assert_int_eq(netobs_device_admin_up(dev), 0);
	ck_assert_int_eq(netobs_device_mtu(dev, NULL), -ENODATA);
	ck_assert_int_eq(netobs_device_txqlen(dev, NULL), -ENODATA);
	ck_assert_int_eq(netobs_device_carrier_changes(dev, NULL), -ENODATA);
	ck_assert_int_eq(netobs_device_operstate(dev), NETOBS_OPER_UNKNOWN);
	ck_assert_str_eq(netobs_device_address(dev), "");
	ck_assert_ptr_null(netobs_device_alias(dev));
	free_all(ctx, snap);
}
END_TEST

/* Attributes of a length the kernel never sends are skipped; the device
 * stays, without them. */
START_TEST(link_malformed_attributes_skipped)
{
	static const uint8_t long_addr[40] = { 1 };
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	const struct netobs_device *dev;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 5, ARPHRD_ETHER, 0);
	struct nlattr *nest;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "vx5");
	mnl_attr_put_u16(nlh, IFLA_MTU, 1500);
	mnl_attr_put_u32(nlh, IFLA_OPERSTATE, NETOBS_OPER_UP);
	mnl_attr_put(nlh, IFLA_CARRIER, 0, NULL);
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(long_addr), long_addr);
	mnl_attr_put_u8(nlh, IFLA_LINK, 3);
	mnl_attr_put_u64(nlh, IFLA_MASTER, 2);
	mnl_attr_put(nlh, IFLA_PARENT_DEV_BUS_NAME, 3, "pci"); /* no NUL */
	nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put(nlh, IFLA_INFO_KIND, 6, "vxlanX"); /* no NUL */
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE + 200, 1); /* unknown type */
	ck_assert_int_eq(parse_one(nlh, &ctx, &snap), 0);
	dev = only_device(snap);
	ck_assert_str_eq(netobs_device_name(dev), "vx5");
	ck_assert_int_eq(netobs_device_mtu(dev, NULL), -ENODATA);
	ck_assert_int_eq(netobs_device_operstate(dev), NETOBS_OPER_UNKNOWN);
	ck_assert_int_eq(netobs_device_carrier(dev), -ENODATA);
	ck_assert_str_eq(netobs_device_address(dev), "");
	ck_assert_int_eq(netobs_device_iflink(dev), 5);
	ck_assert_int_eq(netobs_device_master_ifindex(dev), 0);
	ck_assert_ptr_null(netobs_device_bus(dev));
	ck_assert_str_ne(netobs_device_kind(dev), "vxlanX");
	free_all(ctx, snap);
}
END_TEST

/* ---- whole messages that are refused ------------------------------------- */

static void bad_no_name(struct nlmsghdr *nlh)
{
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
}

static void bad_name_without_nul(struct nlmsghdr *nlh)
{
	mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth0");
}

static void bad_name_too_long(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a-name-of-twenty-one");
}

static void bad_name_sixteen(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "exactly16bytes!!");
}

static void bad_name_empty(struct nlmsghdr *nlh)
{
	mnl_attr_put(nlh, IFLA_IFNAME, 1, "");
}

static void bad_name_slash(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "../../etc");
}

static void bad_name_dotdot(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "..");
}

static void bad_name_newline(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth\n0");
}

/* The last attribute claims 64 bytes; the message ends 8 bytes later. */
static void bad_attr_past_end(struct nlmsghdr *nlh)
{
	struct nlattr *attr;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	attr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	attr->nla_len = 64;
}

/* An attribute header of 2 bytes (less than its own header). */
static void bad_attr_truncated(struct nlmsghdr *nlh)
{
	struct nlattr *attr;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	attr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	attr->nla_len = 2;
}

/* The message ends in the middle of an attribute header. */
static void bad_attr_cut(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	nlh->nlmsg_len -= 6;
}

static void bad_header_cut(struct nlmsghdr *nlh)
{
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 8;
}

static void bad_ifindex_zero(struct nlmsghdr *nlh)
{
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	ifi->ifi_index = 0;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
}

static void bad_ifindex_negative(struct nlmsghdr *nlh)
{
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	ifi->ifi_index = -4;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
}

static void bad_type(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	nlh->nlmsg_type = RTM_DELLINK;
}

static const struct {
	const char *what;
	void (*build)(struct nlmsghdr *nlh);
	int err;
	const char *message; /* a part of ctx's message */
} bad_links[] = {
	{ "no name", bad_no_name, -EBADMSG, "no IFLA_IFNAME" },
	{ "name without NUL", bad_name_without_nul, -EBADMSG, "IFLA_IFNAME without NUL" },
	{ "name of 20 bytes", bad_name_too_long, -EBADMSG, "IFLA_IFNAME of 20 bytes" },
	{ "name of 16 bytes", bad_name_sixteen, -EBADMSG, "IFLA_IFNAME of 16 bytes" },
	{ "empty name", bad_name_empty, -EBADMSG, "IFLA_IFNAME of 0 bytes" },
	{ "name with a slash", bad_name_slash, -EBADMSG, "invalid IFLA_IFNAME" },
	{ "name ..", bad_name_dotdot, -EBADMSG, "invalid IFLA_IFNAME" },
	{ "name with a newline", bad_name_newline, -EBADMSG, "invalid IFLA_IFNAME" },
	{ "attribute past the end", bad_attr_past_end, -EBADMSG, "runs past the message end" },
	{ "attribute shorter than its header", bad_attr_truncated, -EBADMSG, "runs past" },
	{ "message cut in an attribute", bad_attr_cut, -EBADMSG, "runs past" },
	{ "message cut in the header", bad_header_cut, -EBADMSG, "truncated" },
	{ "ifindex 0", bad_ifindex_zero, -EBADMSG, "ifindex 0" },
	{ "ifindex -4", bad_ifindex_negative, -EBADMSG, "ifindex -4" },
	{ "RTM_DELLINK", bad_type, -EINVAL, "not RTM_NEWLINK" },
};

START_TEST(link_malformed_refused)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 6, ARPHRD_ETHER, 0);
	int err;

	bad_links[_i].build(nlh);
	err = parse_one(nlh, &ctx, &snap);
	ck_assert_msg(err == bad_links[_i].err, "%s: %d, want %d", bad_links[_i].what, err,
		      bad_links[_i].err);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 0);
	ck_assert_msg(strstr(netobs_ctx_message(ctx), bad_links[_i].message) != NULL,
		      "%s: message \"%s\" lacks \"%s\"", bad_links[_i].what,
		      netobs_ctx_message(ctx), bad_links[_i].message);
	free_all(ctx, snap);
}
END_TEST

/* An alias holds any bytes but NUL; they come back unchanged. */
static const struct {
	const char *bytes;
	size_t len;	/* payload length, NUL included when there is one */
	const char *want;
} aliases[] = {
	{ "say \"hi\" 'there'", 17, "say \"hi\" 'there'" },
	{ "line\nbreak\r\nend", 16, "line\nbreak\r\nend" },
	{ "\xff\xfe\xc3\x28 not utf-8 \xed\xa0\x80", 18, "\xff\xfe\xc3\x28 not utf-8 \xed\xa0\x80" },
	{ "back\\slash\ttab %s%n", 19, "back\\slash\ttab %s%n" },
	{ "no terminator", 13, "no terminator" },
	{ "cut\0hidden", 11, "cut" },
};

START_TEST(link_alias_bytes)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 3, ARPHRD_ETHER, 0);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth3");
	put_kind(nlh, "veth");
	mnl_attr_put(nlh, IFLA_IFALIAS, aliases[_i].len, aliases[_i].bytes);
	ck_assert_int_eq(parse_one(nlh, &ctx, &snap), 0);
	ck_assert_str_eq(netobs_device_alias(only_device(snap)), aliases[_i].want);
	free_all(ctx, snap);
}
END_TEST

START_TEST(link_loopback_without_kind)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 1, ARPHRD_LOOPBACK, IFF_UP | IFF_LOOPBACK);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
	ck_assert_int_eq(parse_one(nlh, &ctx, &snap), 0);
	ck_assert_int_eq(netobs_device_class(only_device(snap)), NETOBS_CLASS_LOOPBACK);
	free_all(ctx, snap);
}
END_TEST

/* A NIC with no link kind and no readable sysfs: netlink's bus name and
 * parent still classify it. */
START_TEST(link_physical_without_sysfs)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	const struct netobs_device *dev;
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 2, ARPHRD_ETHER, IFF_UP);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "enp1s0");
	mnl_attr_put_strz(nlh, IFLA_PARENT_DEV_NAME, "0000:01:00.0");
	mnl_attr_put_strz(nlh, IFLA_PARENT_DEV_BUS_NAME, "pci");
	ck_assert_int_eq(parse_one(nlh, &ctx, &snap), 0);
	dev = only_device(snap);
	ck_assert_int_eq(netobs_device_class(dev), NETOBS_CLASS_PHYSICAL);
	ck_assert_str_eq(netobs_device_bus(dev), "pci");
	free_all(ctx, snap);
}
END_TEST

/* ---- RTM_NEWSTATS -------------------------------------------------------- */

static struct nlmsghdr *stats_start(union msgbuf *m, int ifindex)
{
	struct nlmsghdr *nlh;
	struct if_stats_msg *ifsm;

	memset(m, 0, sizeof(*m));
	nlh = mnl_nlmsg_put_header(m->b);
	nlh->nlmsg_type = RTM_NEWSTATS;
	ifsm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifsm));
	ifsm->ifindex = (uint32_t)ifindex;
	ifsm->filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
	return nlh;
}

START_TEST(stats_replace_counters)
{
	struct netobs_ctx *ctx = new_ctx();
	struct netobs_device dev;
	union msgbuf m;
	struct nlmsghdr *nlh = stats_start(&m, 12);

	memset(&dev, 0, sizeof(dev));
	netobs__device_set_counter(&dev, NETOBS_RX_OTHERHOST_DROPPED, 99, false);
	dev.counters_32bit = true;
	put_stats(nlh, IFLA_STATS_LINK_64, 23, 8);
	ck_assert_int_eq(netobs__link_msg_stats_ifindex(nlh), 12);
	ck_assert_int_eq(netobs__link_msg_parse_stats(ctx, nlh, &dev), 0);
	/* The old rx_otherhost_dropped must not survive a shorter payload. */
	assert_counters(&dev, 23, false);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(stats_malformed)
{
	struct netobs_ctx *ctx = new_ctx();
	struct netobs_device dev;
	union msgbuf m;
	struct nlmsghdr *nlh = stats_start(&m, 12);
	struct nlattr *attr = mnl_nlmsg_get_payload_tail(nlh);

	memset(&dev, 0, sizeof(dev));
	put_stats(nlh, IFLA_STATS_LINK_64, 25, 8);
	attr->nla_len += 16;
	ck_assert_int_eq(netobs__link_msg_parse_stats(ctx, nlh, &dev), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(netobs_ctx_message(ctx), "runs past the message end"));
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 4;
	ck_assert_int_eq(netobs__link_msg_stats_ifindex(nlh), -EBADMSG);
	ck_assert_int_eq(netobs__link_msg_parse_stats(ctx, nlh, &dev), -EBADMSG);
	nlh = stats_start(&m, 0);
	ck_assert_int_eq(netobs__link_msg_stats_ifindex(nlh), -EBADMSG);
	nlh = link_start(&m, 3, ARPHRD_ETHER, 0);
	ck_assert_int_eq(netobs__link_msg_parse_stats(ctx, nlh, &dev), -EBADMSG);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- the live namespace (read only) ---------------------------------------- */

/* Sends N datagrams to a socket bound on 127.0.0.1: lo's counters move. */
static void send_on_lo(unsigned int n)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unsigned int i;

	ck_assert_int_ge(rx, 0);
	ck_assert_int_ge(tx, 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(rx, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(getsockname(rx, (struct sockaddr *)&addr, &len), 0);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(sendto(tx, "x", 1, 0, (struct sockaddr *)&addr, sizeof(addr)), 1);
	close(tx);
	close(rx);
}

static uint64_t lo_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	const struct netobs_device *lo;
	uint64_t v;
	int err;

	netobs__snapshot_clear(snap);
	err = netobs__netlink_read(ctx, snap);
	ck_assert_msg(err == 0, "netlink read: %d: %s", err, netobs_ctx_message(ctx));
	ck_assert_int_eq(netobs__snapshot_finish(snap), 0);
	lo = test_device(snap, "lo");
	ck_assert_int_eq(netobs_device_class(lo), NETOBS_CLASS_LOOPBACK);
	ck_assert_int_eq(netobs_device_ifindex(lo), 1);
	ck_assert_int_eq(netobs_device_mtu(lo, NULL), 0);
	ck_assert_int_eq(netobs_device_counter(lo, NETOBS_RX_PACKETS, &v), 0);
	ck_assert_int_eq(netobs_device_counter_flags(lo, NETOBS_RX_PACKETS),
			 NETOBS_COUNTER_AVAILABLE);
	return v;
}

/* Read _i + 2 times on one context: the first read is a full dump, the
 * later ones take counters from RTM_GETSTATS; each must see the datagrams
 * sent just before it. */
START_TEST(live_lo)
{
	struct netobs_snapshot *snap = new_snap();
	struct netobs_ctx *ctx;
	uint64_t before, after;
	int i;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_source(ctx, NETOBS_SOURCE_NETLINK), 0);
	before = lo_read(ctx, snap);
	for (i = 0; i <= _i; i++) {
		send_on_lo(10);
		after = lo_read(ctx, snap);
		ck_assert_msg(after >= before + 10, "read %d: lo rx_packets %llu then %llu", i,
			      (unsigned long long)before, (unsigned long long)after);
		before = after;
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- a namespace of our own: link changes seen by the next read --------- */

/* One rtnetlink request with an acknowledgement; 0 or -1. */
static int rtnl_do(struct mnl_socket *nl, struct nlmsghdr *nlh, uint32_t seq)
{
	char buf[8192];
	ssize_t n;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0 || mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(nl), NULL, NULL) < 0) {
		fprintf(stderr, "netns_link_changes: request %u: %s\n", seq, strerror(errno));
		return -1;
	}
	return 0;
}

/* RTM_NEWLINK (create a bridge, or set the MTU and alias) or RTM_DELLINK
 * of NAME. */
static int rtnl_link(struct mnl_socket *nl, uint16_t type, uint16_t flags, const char *name,
		     uint32_t mtu, uint32_t seq)
{
	union msgbuf m;
	struct nlmsghdr *nlh = link_start(&m, 0, 0, 0);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (flags & NLM_F_CREATE)
		put_kind(nlh, "bridge");
	if (mtu) {
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
		mnl_attr_put_strz(nlh, IFLA_IFALIAS, "MTU \"lowered\"");
	}
	return rtnl_do(nl, nlh, seq);
}

/* Reads CTX into SNAP; the device count, or -1. */
static int ns_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	netobs__snapshot_clear(snap);
	if (netobs__netlink_read(ctx, snap) < 0 || netobs__snapshot_finish(snap) < 0)
		return -1;
	return (int)snap->ndevs;
}

/* nb0 is a bridge with MTU WANT, and the alias set with MTU 1280. */
static bool nb0_mtu(struct netobs_snapshot *snap, uint32_t want)
{
	const struct netobs_device *dev = netobs_snapshot_device_by_name(snap, "nb0");
	const char *alias = want == 1280 ? "MTU \"lowered\"" : NULL;
	uint32_t mtu;

	if (!dev || strcmp(netobs_device_kind(dev), "bridge") != 0 ||
	    netobs_device_class(dev) != NETOBS_CLASS_VIRTUAL)
		return false;
	if (netobs_device_mtu(dev, &mtu) < 0 || mtu != want)
		return false;
	if (!alias || !netobs_device_alias(dev))
		return alias == netobs_device_alias(dev);
	return strcmp(alias, netobs_device_alias(dev)) == 0;
}

/* In a fresh namespace: the step that failed, 0 when all passed.  Between
 * reads only a link notification can tell the RTM_GETSTATS path that the
 * device set or an attribute changed. */
static int ns_steps(struct mnl_socket *nl, struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	if (ns_read(ctx, snap) != 1 || ns_read(ctx, snap) != 1)
		return 3;
	if (rtnl_link(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, "nb0", 0, 1) < 0)
		return 4;
	if (ns_read(ctx, snap) != 2 || !nb0_mtu(snap, 1500))
		return 5;
	if (rtnl_link(nl, RTM_NEWLINK, 0, "nb0", 1280, 2) < 0)
		return 6;
	if (ns_read(ctx, snap) != 2 || !nb0_mtu(snap, 1280))
		return 7;
	if (ns_read(ctx, snap) != 2 || !nb0_mtu(snap, 1280))
		return 8;
	if (rtnl_link(nl, RTM_DELLINK, 0, "nb0", 0, 3) < 0)
		return 9;
	if (ns_read(ctx, snap) != 1 || netobs_snapshot_device_by_name(snap, "nb0"))
		return 10;
	return 0;
}

/* Frees all it made, so that valgrind has nothing to report in the child
 * (its --error-exitcode would stand for a failed step). */
static int ns_child(void)
{
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	struct mnl_socket *nl;
	int step = 2;

	/* Unprivileged, a user namespace of our own may still allow it. */
	if (unshare(CLONE_NEWNET) < 0 && unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		return 77;
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return 1;
	snap = calloc(1, sizeof(*snap));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0 && snap && netobs_ctx_new(&ctx) == 0) {
		step = ns_steps(nl, ctx, snap);
		netobs_ctx_free(ctx);
	}
	netobs_snapshot_free(snap);
	mnl_socket_close(nl);
	return step;
}

START_TEST(netns_link_changes)
{
	static const char *const steps[] = {
		"ok", "netlink socket", "context or snapshot", "lo alone, twice", "create nb0",
		"read sees nb0 (bridge, virtual, MTU 1500, no alias)", "set nb0 MTU 1280 and alias",
		"read after the change sees MTU 1280 and the alias",
		"next read (counters only) still has MTU 1280 and the alias",
		"delete nb0", "read after the delete lacks nb0",
	};
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(ns_child());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77) {
		printf("SKIP: netns_link_changes: unshare(CLONE_NEWNET) refused\n");
		return;
	}
	ck_assert_msg(WEXITSTATUS(status) == 0, "step failed: %s",
		      WEXITSTATUS(status) < NETOBS__ARRAY_SIZE(steps) ? steps[WEXITSTATUS(status)]
								       : "?");
}
END_TEST

/* The socket is opened once, closed by set_root, and reopened on demand. */
START_TEST(live_open_close)
{
	struct netobs_ctx *ctx;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs__netlink_open(ctx), 0);
	ck_assert_ptr_nonnull(ctx->nl);
	ck_assert_int_eq(netobs__netlink_open(ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, "/"), 0);
	ck_assert_ptr_null(ctx->nl);
	netobs__netlink_close(ctx);
	netobs__netlink_close(NULL);
	netobs_ctx_free(ctx);
}
END_TEST

Suite *make_netlink_suite(void)
{
	Suite *s = suite_create("netlink");
	TCase *tc = tcase_create("parse");
	TCase *live = tcase_create("live");

	tcase_add_test(tc, link_every_attribute);
	tcase_add_loop_test(tc, link_stats64_lengths, 0, (int)NETOBS__ARRAY_SIZE(stats64_lengths));
	tcase_add_test(tc, link_short_stats64_pre_4_6);
	tcase_add_test(tc, link_stats32_fallback);
	tcase_add_test(tc, link_without_stats_or_attributes);
	tcase_add_test(tc, link_malformed_attributes_skipped);
	tcase_add_loop_test(tc, link_malformed_refused, 0, (int)NETOBS__ARRAY_SIZE(bad_links));
	tcase_add_loop_test(tc, link_alias_bytes, 0, (int)NETOBS__ARRAY_SIZE(aliases));
	tcase_add_test(tc, link_loopback_without_kind);
	tcase_add_test(tc, link_physical_without_sysfs);
	tcase_add_test(tc, stats_replace_counters);
	tcase_add_test(tc, stats_malformed);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(live, live_lo, 0, 3);
	tcase_add_test(live, live_open_close);
	tcase_add_test(live, netns_link_changes);
	suite_add_tcase(s, live);
	return s;
}
