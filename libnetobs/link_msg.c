/* SPDX-License-Identifier: MIT */
/*
 * One RTM_NEWLINK or RTM_NEWSTATS message into a device: attribute walking,
 * validation and classification, with no socket, so that the fuzzer and the
 * unit tests reach every line the dump reaches.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "link_msg.h"

static const char *attr_str(const struct nlattr *attr)
{
	return mnl_attr_get_payload(attr);
}

/* The lengths a kernel sends; anything else is skipped as malformed. */
static bool link_attr_valid(const struct nlattr *attr, uint16_t type)
{
	switch (type) {
	case IFLA_MTU:
	case IFLA_TXQLEN:
	case IFLA_LINK:
	case IFLA_MASTER:
	case IFLA_CARRIER_CHANGES:
	case IFLA_LINK_NETNSID:
		return mnl_attr_validate(attr, MNL_TYPE_U32) == 0;
	case IFLA_OPERSTATE:
	case IFLA_CARRIER:
		return mnl_attr_validate(attr, MNL_TYPE_U8) == 0;
	case IFLA_IFNAME:
	case IFLA_IFALIAS:
		return mnl_attr_validate(attr, MNL_TYPE_STRING) == 0;
	case IFLA_PARENT_DEV_NAME:
	case IFLA_PARENT_DEV_BUS_NAME:
		return mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0;
	case IFLA_ADDRESS:
		return mnl_attr_get_payload_len(attr) <= NETOBS__ADDRSIZ;
	case IFLA_LINKINFO:
		return mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0;
	default:
		return true;
	}
}

/* Walks the attributes after a family header of HDRLEN bytes into TB (at
 * most MAX + 1 entries).  The message's own length bounds the walk, not its
 * aligned length: the bytes after it may not be ours.  Returns the offset of
 * trailing bytes that do not form an attribute, 0 when there are none. */
static long walk_attrs(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
		       uint16_t max, bool (*valid)(const struct nlattr *, uint16_t))
{
	const char *tail = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *attr = mnl_nlmsg_get_payload_offset(nlh, hdrlen);
	uint16_t type;

	while (mnl_attr_ok(attr, (int)(tail - (const char *)attr))) {
		type = mnl_attr_get_type(attr);
		if (type <= max && valid(attr, type))
			tb[type] = attr;
		attr = mnl_attr_next(attr);
	}
	if ((const char *)attr < tail)
		return (const char *)attr - (const char *)nlh;
	return 0;
}

/* dev_valid_name(): a name that could escape /sys/class/net/ is refused.
 * The length is checked first for its own, more telling, message. */
static int check_name(struct netobs_ctx *ctx, int ifindex, const struct nlattr *attr)
{
	const char *p;
	size_t len, n;

	if (!attr)
		return netobs__error(ctx, -EBADMSG, "netlink: RTM_NEWLINK ifindex %d: no IFLA_IFNAME",
				     ifindex);
	p = attr_str(attr);
	len = mnl_attr_get_payload_len(attr);
	n = strnlen(p, len);
	if (n == len)
		return netobs__error(ctx, -EBADMSG,
				     "netlink: RTM_NEWLINK ifindex %d: IFLA_IFNAME without NUL", ifindex);
	if (n == 0 || n >= NETOBS__IFNAMSIZ)
		return netobs__error(ctx, -EBADMSG,
				     "netlink: RTM_NEWLINK ifindex %d: IFLA_IFNAME of %zu bytes", ifindex,
				     n);
	if (!netobs__ifname_valid(p, n))
		return netobs__error(ctx, -EBADMSG,
				     "netlink: RTM_NEWLINK ifindex %d: invalid IFLA_IFNAME", ifindex);
	return 0;
}

/* Checks the header and walks the attributes: nothing is added yet. */
static int link_walk(struct netobs_ctx *ctx, const struct nlmsghdr *nlh, const struct nlattr **tb,
		     const struct ifinfomsg **ifip)
{
	const struct ifinfomsg *ifi;
	long bad;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return netobs__error(ctx, -EINVAL, "netlink: message type %u is not RTM_NEWLINK",
				     nlh->nlmsg_type);
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*ifi)))
		return netobs__error(ctx, -EBADMSG, "netlink: RTM_NEWLINK of %u bytes: truncated",
				     nlh->nlmsg_len);
	ifi = mnl_nlmsg_get_payload(nlh);
	if (ifi->ifi_index <= 0)
		return netobs__error(ctx, -EBADMSG, "netlink: RTM_NEWLINK with ifindex %d",
				     ifi->ifi_index);
	bad = walk_attrs(nlh, sizeof(*ifi), tb, IFLA_MAX, link_attr_valid);
	if (bad)
		return netobs__error(ctx, -EBADMSG,
				     "netlink: RTM_NEWLINK ifindex %d: attribute at byte %ld runs past the message end (%u bytes)",
				     ifi->ifi_index, bad, nlh->nlmsg_len);
	*ifip = ifi;
	return check_name(ctx, ifi->ifi_index, tb[IFLA_IFNAME]);
}

static void set_ids(struct netobs_device *dev, const struct ifinfomsg *ifi,
		    const struct nlattr **tb)
{
	dev->ifindex = ifi->ifi_index;
	dev->flags = ifi->ifi_flags;
	dev->attrs |= NETOBS__HAS_FLAGS;
	dev->arphrd = ifi->ifi_type;
	memcpy(dev->name, attr_str(tb[IFLA_IFNAME]), strlen(attr_str(tb[IFLA_IFNAME])) + 1);
	dev->iflink = tb[IFLA_LINK] ? (int)mnl_attr_get_u32(tb[IFLA_LINK]) : dev->ifindex;
	if (tb[IFLA_LINK_NETNSID])
		dev->link_netnsid = (int)mnl_attr_get_u32(tb[IFLA_LINK_NETNSID]);
	if (tb[IFLA_MASTER])
		dev->master_ifindex = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_ADDRESS])
		netobs__device_set_address(dev, mnl_attr_get_payload(tb[IFLA_ADDRESS]),
					   mnl_attr_get_payload_len(tb[IFLA_ADDRESS]));
}

static void set_u32(const struct nlattr *attr, uint32_t *v, unsigned int *attrs,
		    unsigned int bit)
{
	if (!attr)
		return;
	*v = mnl_attr_get_u32(attr);
	*attrs |= bit;
}

static void set_state(struct netobs_device *dev, const struct nlattr **tb)
{
	uint8_t oper;

	if (tb[IFLA_OPERSTATE]) {
		oper = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);
		dev->operstate = oper <= NETOBS_OPER_UP ? (enum netobs_operstate)oper
							 : NETOBS_OPER_UNKNOWN;
	}
	if (tb[IFLA_CARRIER]) {
		dev->carrier = mnl_attr_get_u8(tb[IFLA_CARRIER]) != 0;
		dev->attrs |= NETOBS__HAS_CARRIER;
	}
	set_u32(tb[IFLA_MTU], &dev->mtu, &dev->attrs, NETOBS__HAS_MTU);
	set_u32(tb[IFLA_TXQLEN], &dev->txqlen, &dev->attrs, NETOBS__HAS_TXQLEN);
	set_u32(tb[IFLA_CARRIER_CHANGES], &dev->carrier_changes, &dev->attrs,
		NETOBS__HAS_CARRIER_CHANGES);
}

/* struct rtnl_link_stats64 or rtnl_link_stats: the same fields in the same
 * order, 64 or 32 bits wide.  An older kernel sends fewer fields: only the
 * ones the payload covers are set, the rest are zero and unavailable, as
 * all are without ATTR.  Every watch tick lands here for every device:
 * each counter is written once (a memset and a copy over the same bytes
 * were a quarter of the library's share of a tick at 4001 devices). */
static void set_counters(struct netobs_device *dev, const struct nlattr *attr, size_t width)
{
	const char *p = attr ? mnl_attr_get_payload(attr) : NULL;
	size_t n = attr ? mnl_attr_get_payload_len(attr) / width : 0;
	uint64_t v64;
	uint32_t v32;
	size_t i;

	if (n > NETOBS__COUNTER_MAX)
		n = NETOBS__COUNTER_MAX;
	/* A current kernel's whole rtnl_link_stats64: a copy of known size,
	 * a few vector moves. */
	if (n == NETOBS__COUNTER_MAX && width == sizeof(v64))
		memcpy(dev->counters, p, sizeof(dev->counters));
	for (i = 0; i < NETOBS__COUNTER_MAX && n < NETOBS__COUNTER_MAX; i++) {
		v64 = 0;
		if (i < n && width == sizeof(v64)) {
			memcpy(&v64, p + i * width, sizeof(v64));
		} else if (i < n) {
			memcpy(&v32, p + i * width, sizeof(v32));
			v64 = v32;
		}
		dev->counters[i] = v64;
	}
	dev->counter_avail = (uint32_t)((1ull << n) - 1);
	dev->counter_folded = 0;
	dev->counters_32bit = width != sizeof(v64) && n > 0;
}

static bool linkinfo_attr_valid(const struct nlattr *attr, uint16_t type)
{
	if (type != IFLA_INFO_KIND)
		return true;
	return mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0 &&
	       strlen(attr_str(attr)) < NETOBS__KINDSIZ;
}

/* IFLA_LINKINFO/IFLA_INFO_KIND, or NULL. */
static const char *link_kind(const struct nlattr *linkinfo)
{
	const struct nlattr *attr;
	const char *kind = NULL;

	if (!linkinfo)
		return NULL;
	mnl_attr_for_each_nested(attr, linkinfo) {
		if (mnl_attr_get_type(attr) == IFLA_INFO_KIND &&
		    linkinfo_attr_valid(attr, IFLA_INFO_KIND))
			kind = attr_str(attr);
	}
	return kind && kind[0] ? kind : NULL;
}

static void note_unenriched(struct netobs__enrich_notes *notes, const struct netobs_device *dev,
			    int err)
{
	if (!notes)
		return;
	if (notes->count++ == 0) {
		notes->err = err;
		memcpy(notes->name, dev->name, sizeof(notes->name));
	}
}

/* A link kind (or loopback) classifies a device from netlink alone; the
 * rest (physical NICs, mostly) need sysfs, which the context caches.  When
 * sysfs cannot tell (no /sys in a container), netlink's facts still do. */
static void classify(struct netobs_ctx *ctx, struct netobs_device *dev, const struct nlattr **tb,
		     struct netobs__enrich_notes *notes)
{
	struct netobs__class_facts facts = { 0 };
	int err;

	facts.link_kind = link_kind(tb[IFLA_LINKINFO]);
	if (!facts.link_kind && !netobs__is_loopback(dev->flags, dev->arphrd)) {
		err = netobs__sysfs_enrich(ctx, dev);
		if (err == 0)
			return;
		note_unenriched(notes, dev, err);
	}
	facts.arphrd = dev->arphrd;
	facts.flags = dev->flags;
	facts.ifindex = dev->ifindex;
	facts.iflink = dev->iflink;
	facts.has_parent = tb[IFLA_PARENT_DEV_NAME] != NULL;
	netobs__classify(&facts, &dev->cls, dev->kind);
}

static void set_bus(struct netobs_device *dev, const struct nlattr *attr)
{
	size_t len;

	if (dev->bus[0] || !attr)
		return;
	len = strlen(attr_str(attr));
	if (len < sizeof(dev->bus))
		memcpy(dev->bus, attr_str(attr), len + 1);
}

int netobs__link_msg_parse(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
			   struct netobs_snapshot *snap, struct netobs__enrich_notes *notes)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };
	const struct ifinfomsg *ifi = NULL;
	struct netobs_device *dev;
	int err;

	err = link_walk(ctx, nlh, tb, &ifi);
	if (err < 0)
		return err;
	dev = netobs__snapshot_add_device(snap);
	if (!dev)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	set_ids(dev, ifi, tb);
	set_state(dev, tb);
	if (tb[IFLA_STATS64])
		set_counters(dev, tb[IFLA_STATS64], sizeof(uint64_t));
	else if (tb[IFLA_STATS])
		set_counters(dev, tb[IFLA_STATS], sizeof(uint32_t));
	classify(ctx, dev, tb, notes);
	set_bus(dev, tb[IFLA_PARENT_DEV_BUS_NAME]);
	if (tb[IFLA_IFALIAS] &&
	    netobs__snapshot_set_alias(snap, dev, attr_str(tb[IFLA_IFALIAS]),
				       mnl_attr_get_payload_len(tb[IFLA_IFALIAS])) < 0) {
		netobs__snapshot_drop_last_device(snap);
		return netobs__error(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}

static bool stats_attr_valid(const struct nlattr *attr, uint16_t type)
{
	return true;
}

int netobs__link_msg_stats_ifindex(const struct nlmsghdr *nlh)
{
	const struct if_stats_msg *ifsm;

	if (nlh->nlmsg_type != RTM_NEWSTATS ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*ifsm)))
		return -EBADMSG;
	ifsm = mnl_nlmsg_get_payload(nlh);
	return ifsm->ifindex > 0 ? (int)ifsm->ifindex : -EBADMSG;
}

int netobs__link_msg_parse_stats(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
				 struct netobs_device *dev)
{
	const struct nlattr *tb[IFLA_STATS_MAX + 1] = { NULL };
	int ifindex = netobs__link_msg_stats_ifindex(nlh);
	long bad;

	if (ifindex < 0)
		return netobs__error(ctx, -EBADMSG,
				     "netlink: message type %u of %u bytes is not an RTM_NEWSTATS",
				     nlh->nlmsg_type, nlh->nlmsg_len);
	bad = walk_attrs(nlh, sizeof(struct if_stats_msg), tb, IFLA_STATS_MAX, stats_attr_valid);
	if (bad)
		return netobs__error(ctx, -EBADMSG,
				     "netlink: RTM_NEWSTATS ifindex %d: attribute at byte %ld runs past the message end (%u bytes)",
				     ifindex, bad, nlh->nlmsg_len);
	set_counters(dev, tb[IFLA_STATS_LINK_64], sizeof(uint64_t));
	return 0;
}
