/* SPDX-License-Identifier: MIT */
/*
 * Devices over rtnetlink.  One RTM_GETLINK dump gives every device with its
 * attributes and all 25 counters.  Watch mode reads the same context again
 * and again: the context then keeps the last dump's devices and, while no
 * link notification arrives and the set of ifindexes stays the same, takes
 * only the counters from one RTM_GETSTATS dump (a third of the cost).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <net/if.h>
#include <net/if_arp.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "internal.h"

/* Above the kernel's 32 KiB cap on a dump datagram, so nothing is cut; a
 * datagram that still does not fit grows the buffer, up to NL_BUF_MAX. */
#define NL_BUF_MIN (64u << 10)
#define NL_BUF_MAX (4u << 20)
#define NL_RCVBUF (1 << 20)	/* best effort: net.core.rmem_max caps it */
#define NL_DUMP_TRIES 10	/* NLM_F_DUMP_INTR: the device list kept changing */
#define NL_RECV_RETRIES 64	/* EINTR or ENOBUFS in a row */
#define NL_TIMEOUT_S 10		/* a dump socket never blocks a snapshot longer */
#define NL_DRAIN_MAX 4096	/* notifications read per check: churn may not stall us */

/* The ifindex of a device of the last full dump, with the generation of
 * the last RTM_GETSTATS dump that reported it (a duplicate means a changed
 * set).  Apart from the devices: 8 bytes each, so that looking one up does
 * not walk 500-byte devices. */
struct nl_key {
	int ifindex;
	uint32_t seen;
};

struct netobs__netlink {
	struct mnl_socket *sock;	/* dumps; NULL after an abandoned dump */
	struct mnl_socket *events;	/* RTNLGRP_LINK; NULL: every read is full */
	uint32_t seq;
	char *buf;
	size_t buf_size;

	struct netobs_device *cache;	/* last full dump, sorted by ifindex */
	struct nl_key *keys;		/* of cache[i] */
	size_t ncache, cache_cap, keys_cap;
	char *strings;			/* the snapshot's alias pool, copied */
	size_t strings_len, strings_cap;
	uint64_t token;			/* random per full dump; 0: none drawn */
	uint32_t gen;
	bool cache_valid;
	bool no_getstats;		/* kernel before 4.7 */
};

/* One dump in progress. */
struct nl_dump {
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	struct netobs__netlink *nl;
	int (*msg)(struct nl_dump *d, const struct nlmsghdr *nlh);
	uint32_t seq, portid;
	int err;		/* first fatal error; the dump is still read to its end */
	bool done;
	bool interrupted;	/* NLM_F_DUMP_INTR: the list changed while dumped */
	bool stale;		/* RTM_GETSTATS: the set differs from the cache */
	bool in_place;		/* RTM_GETSTATS: the snapshot holds the cache */
	size_t matched;
	size_t next;		/* RTM_GETSTATS: the cache index expected next */
	unsigned int skipped;	/* malformed RTM_NEWLINK messages */
	unsigned int unenriched; /* devices sysfs could not describe */
	int enrich_err;
	char enrich_name[NETOBS__IFNAMSIZ];
};

static int neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* ---- parsing one message ------------------------------------------------- */

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

static void note_unenriched(struct nl_dump *d, const struct netobs_device *dev, int err)
{
	if (!d)
		return;
	if (d->unenriched++ == 0) {
		d->enrich_err = err;
		memcpy(d->enrich_name, dev->name, sizeof(d->enrich_name));
	}
}

/* A link kind (or loopback) classifies a device from netlink alone; the
 * rest (physical NICs, mostly) need sysfs, which the context caches.  When
 * sysfs cannot tell (no /sys in a container), netlink's facts still do. */
static void classify(struct netobs_ctx *ctx, struct netobs_device *dev, const struct nlattr **tb,
		     struct nl_dump *d)
{
	struct netobs__class_facts facts = { 0 };
	int err;

	facts.link_kind = link_kind(tb[IFLA_LINKINFO]);
	if (!facts.link_kind && !netobs__is_loopback(dev->flags, dev->arphrd)) {
		err = netobs__sysfs_enrich(ctx, dev);
		if (err == 0)
			return;
		note_unenriched(d, dev, err);
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

static int parse_link(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
		      struct netobs_snapshot *snap, struct nl_dump *d)
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
	classify(ctx, dev, tb, d);
	set_bus(dev, tb[IFLA_PARENT_DEV_BUS_NAME]);
	if (tb[IFLA_IFALIAS] &&
	    netobs__snapshot_set_alias(snap, dev, attr_str(tb[IFLA_IFALIAS]),
				       mnl_attr_get_payload_len(tb[IFLA_IFALIAS])) < 0) {
		netobs__snapshot_drop_last_device(snap);
		return netobs__error(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}

int netobs__netlink_parse_link(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
			       struct netobs_snapshot *snap)
{
	return parse_link(ctx, nlh, snap, NULL);
}

static bool stats_attr_valid(const struct nlattr *attr, uint16_t type)
{
	return true;
}

int netobs__netlink_stats_ifindex(const struct nlmsghdr *nlh)
{
	const struct if_stats_msg *ifsm;

	if (nlh->nlmsg_type != RTM_NEWSTATS ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*ifsm)))
		return -EBADMSG;
	ifsm = mnl_nlmsg_get_payload(nlh);
	return ifsm->ifindex > 0 ? (int)ifsm->ifindex : -EBADMSG;
}

int netobs__netlink_parse_stats(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
				struct netobs_device *dev)
{
	const struct nlattr *tb[IFLA_STATS_MAX + 1] = { NULL };
	int ifindex = netobs__netlink_stats_ifindex(nlh);
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

/* ---- sockets ------------------------------------------------------------- */

static int open_socket(struct mnl_socket **out, unsigned int groups, int flags)
{
	struct mnl_socket *s = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | flags);
	int rcvbuf = NL_RCVBUF;
	int err;

	if (!s)
		return neg_errno();
	/* Best effort: a small buffer only means more round trips. */
	(void)setsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (mnl_socket_bind(s, groups, MNL_SOCKET_AUTOPID) < 0) {
		err = neg_errno();
		mnl_socket_close(s);
		return err;
	}
	*out = s;
	return 0;
}

static int open_dump_socket(struct netobs__netlink *nl)
{
	struct timeval tv = { .tv_sec = NL_TIMEOUT_S };
	int err;

	if (nl->sock)
		return 0;
	err = open_socket(&nl->sock, 0, 0);
	if (err < 0)
		return err;
	(void)setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

/* A dump given up half way leaves its rest queued (and the kernel busy with
 * it): a fresh socket is the only clean state. */
static void reset_dump_socket(struct netobs__netlink *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

static void drop_events(struct netobs__netlink *nl)
{
	if (nl->events)
		mnl_socket_close(nl->events);
	nl->events = NULL;
	nl->cache_valid = false;
}

int netobs__netlink_open(struct netobs_ctx *ctx)
{
	struct netobs__netlink *nl;
	int err;

	if (ctx->nl)
		return 0;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->buf_size = NL_BUF_MIN;
	nl->buf = malloc(nl->buf_size);
	err = nl->buf ? open_dump_socket(nl) : -ENOMEM;
	if (err < 0) {
		free(nl->buf);
		free(nl);
		return err;
	}
	/* Without notifications every read is a full dump: slower, still right. */
	if (open_socket(&nl->events, RTMGRP_LINK, SOCK_NONBLOCK) < 0)
		nl->events = NULL;
	ctx->nl = nl;
	return 0;
}

void netobs__netlink_close(struct netobs_ctx *ctx)
{
	struct netobs__netlink *nl = ctx ? ctx->nl : NULL;

	if (!nl)
		return;
	reset_dump_socket(nl);
	drop_events(nl);
	free(nl->buf);
	free(nl->cache);
	free(nl->keys);
	free(nl->strings);
	free(nl);
	ctx->nl = NULL;
}

/* True when a link changed since the last call: any RTNLGRP_LINK message, or
 * an overflow that lost some.  Drains what is queued. */
static bool links_changed(struct netobs__netlink *nl)
{
	char scratch[64];
	bool changed = false;
	ssize_t n;
	int i;

	if (!nl->events)
		return true;
	for (i = 0; i < NL_DRAIN_MAX; i++) {
		n = recv(mnl_socket_get_fd(nl->events), scratch, sizeof(scratch),
			 MSG_DONTWAIT | MSG_TRUNC);
		if (n >= 0 || errno == ENOBUFS) {
			changed = true;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			return changed;
		} else if (errno != EINTR) {
			drop_events(nl);
			return true;
		}
	}
	return true;
}

/* ---- dumps ---------------------------------------------------------------- */

/* One datagram from the kernel.  Anything another process sent to our port
 * (a forged reply) is dropped. */
static ssize_t recv_kernel(struct netobs__netlink *nl)
{
	struct sockaddr_nl addr;
	struct iovec iov = { .iov_base = nl->buf, .iov_len = nl->buf_size };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	for (;;) {
		msg.msg_name = &addr;
		msg.msg_namelen = sizeof(addr);
		n = recvmsg(mnl_socket_get_fd(nl->sock), &msg, 0);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : neg_errno();
		if (msg.msg_flags & MSG_TRUNC)
			return -ENOSPC;
		if (msg.msg_namelen == sizeof(addr) && addr.nl_pid == 0)
			return n;
	}
}

/* NLMSG_DONE carries the dump's own status; NLMSG_ERROR a refusal. */
static void end_dump(struct nl_dump *d, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e;
	int status = 0;

	d->done = true;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (nlh->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(int))
			memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
	} else if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e)) {
		status = -EBADMSG;
	} else {
		e = mnl_nlmsg_get_payload(nlh);
		status = e->error;
	}
	if (status < -4095)
		status = -EBADMSG; /* not an errno */
	if (status < 0 && d->err == 0)
		d->err = netobs__error(d->ctx, status, "netlink: the kernel ended the dump with %s",
				       strerror(-status));
}

const struct nlmsghdr *netobs__netlink_next_msg(const void *buf, size_t len, size_t *off)
{
	const struct nlmsghdr *nlh;
	size_t left;

	if (*off >= len)
		return NULL;
	left = len - *off;
	nlh = (const void *)((const char *)buf + *off);
	if (left < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > left)
		return NULL;
	*off += NLMSG_ALIGN((size_t)nlh->nlmsg_len);
	return nlh;
}

static void walk_datagram(struct nl_dump *d, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh;
	size_t off = 0;
	int err;

	while (!d->done && (nlh = netobs__netlink_next_msg(buf, len, &off)) != NULL) {
		if (nlh->nlmsg_seq != d->seq || nlh->nlmsg_pid != d->portid)
			continue; /* not an answer to this request */
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			d->interrupted = true;
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
			end_dump(d, nlh);
		} else if (nlh->nlmsg_type >= NLMSG_MIN_TYPE && d->err == 0) {
			err = d->msg(d, nlh);
			if (err < 0)
				d->err = err;
		}
	}
}

static void put_request(char *buf, uint16_t type, uint32_t seq, const void *hdr, size_t len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	memcpy(mnl_nlmsg_put_extra_header(nlh, len), hdr, len);
}

/* Reads every answer to request D->seq up to NLMSG_DONE. */
static int recv_dump(struct nl_dump *d)
{
	unsigned int retries = 0;
	ssize_t n;

	while (!d->done) {
		n = recv_kernel(d->nl);
		if (n > 0) {
			walk_datagram(d, d->nl->buf, (size_t)n);
			continue;
		}
		if (n == 0)
			return -EBADMSG; /* the kernel never sends an empty datagram */
		/* A signal, or the kernel short of memory for the next part of
		 * the dump: nothing was lost, read again. */
		if ((n != -EINTR && n != -ENOBUFS) || ++retries >= NL_RECV_RETRIES)
			return (int)n;
	}
	return 0;
}

/* Sends a dump request and reads every answer.  A socket error leaves the
 * dump unfinished: the socket is then replaced. */
static int run_dump(struct nl_dump *d, uint16_t type, const void *hdr, size_t len)
{
	union {
		struct nlmsghdr nlh;
		char buf[MNL_NLMSG_HDRLEN + 32];
	} req;
	struct netobs__netlink *nl = d->nl;
	int err;

	err = open_dump_socket(nl);
	if (err < 0)
		return netobs__error(d->ctx, err, "netlink: cannot open a socket: %s", strerror(-err));
	d->seq = ++nl->seq;
	d->portid = mnl_socket_get_portid(nl->sock);
	put_request(req.buf, type, d->seq, hdr, len);
	if (mnl_socket_sendto(nl->sock, req.buf, req.nlh.nlmsg_len) < 0)
		err = neg_errno();
	else
		err = recv_dump(d);
	if (err == 0)
		return 0;
	reset_dump_socket(nl);
	if (err == -ENOSPC)
		return netobs__error(d->ctx, err, "netlink: a datagram larger than %zu bytes",
				     nl->buf_size);
	return netobs__error(d->ctx, err, "netlink: dump of message type %u: %s", type,
			     strerror(-err));
}

static int grow_buffer(struct netobs__netlink *nl)
{
	size_t size = nl->buf_size * 4;
	char *buf;

	if (nl->buf_size >= NL_BUF_MAX)
		return -EMSGSIZE;
	if (size > NL_BUF_MAX)
		size = NL_BUF_MAX;
	buf = realloc(nl->buf, size);
	if (!buf)
		return -ENOMEM;
	nl->buf = buf;
	nl->buf_size = size;
	return 0;
}

static void dump_init(struct nl_dump *d, struct netobs_ctx *ctx, struct netobs_snapshot *snap,
		      int (*msg)(struct nl_dump *, const struct nlmsghdr *))
{
	memset(d, 0, sizeof(*d));
	d->ctx = ctx;
	d->snap = snap;
	d->nl = ctx->nl;
	d->msg = msg;
}

/* ---- the full dump -------------------------------------------------------- */

static int link_msg(struct nl_dump *d, const struct nlmsghdr *nlh)
{
	int err;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	err = parse_link(d->ctx, nlh, d->snap, d);
	if (err == -EBADMSG) {
		d->skipped++; /* one bad message costs one device, not the snapshot */
		return 0;
	}
	return err;
}

static int cmp_dev_ifindex(const void *a, const void *b)
{
	const struct netobs_device *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static int cmp_key(const void *a, const void *b)
{
	const struct nl_key *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

/* A token no other cache has had, so that a snapshot can tell it holds
 * this cache's devices: 64 random bits (0 when none can be had, and then
 * every counters-only read copies the devices). */
static uint64_t new_token(void)
{
	uint64_t t = 0;

	if (getrandom(&t, sizeof(t), GRND_NONBLOCK) != (ssize_t)sizeof(t))
		return 0;
	return t;
}

static bool grow_cache(struct netobs__netlink *nl, size_t n, size_t strings_len)
{
	return netobs__grow((void **)&nl->cache, &nl->cache_cap, n, sizeof(*nl->cache)) == 0 &&
	       netobs__grow((void **)&nl->keys, &nl->keys_cap, n, sizeof(*nl->keys)) == 0 &&
	       netobs__grow((void **)&nl->strings, &nl->strings_cap, strings_len + 1, 1) == 0;
}

/* Keeps the devices a full dump added (from FIRST on) for the RTM_GETSTATS
 * path.  Failing to keep them only costs speed. */
static void save_cache(struct netobs__netlink *nl, const struct netobs_snapshot *snap,
		       size_t first)
{
	size_t i, n = snap->ndevs - first;
	bool sorted = true;

	nl->cache_valid = false;
	if (!nl->events || !grow_cache(nl, n, snap->strings_len))
		return;
	if (n)
		memcpy(nl->cache, snap->devs + first, n * sizeof(*nl->cache));
	for (i = 1; i < n && sorted; i++)
		sorted = nl->cache[i - 1].ifindex < nl->cache[i].ifindex;
	/* Recent kernels dump in ifindex order; glibc's qsort() may
	 * allocate, so it only runs for the others. */
	if (!sorted)
		qsort(nl->cache, n, sizeof(*nl->cache), cmp_dev_ifindex);
	for (i = 0; i < n; i++) {
		nl->keys[i].ifindex = nl->cache[i].ifindex;
		nl->keys[i].seen = 0;
	}
	if (snap->strings_len)
		memcpy(nl->strings, snap->strings, snap->strings_len);
	nl->strings[snap->strings_len] = '\0';
	nl->strings_len = snap->strings_len;
	nl->ncache = n;
	nl->gen = 0;
	nl->token = new_token();
	nl->cache_valid = true;
}

static const char *enrich_reason(int err)
{
	switch (err) {
	case -ENODEV:
	case -ENOENT:
		return "not in /sys/class/net";
	case -ESTALE:
		return "/sys shows another network namespace";
	default:
		return strerror(-err);
	}
}

static void full_dump_notes(struct netobs_ctx *ctx, const struct nl_dump *d)
{
	if (d->skipped)
		netobs__warn(ctx, "netlink: skipped %u malformed RTM_NEWLINK messages (last: %s)",
			     d->skipped, ctx->message);
	if (d->unenriched)
		netobs__warn(ctx, "sysfs: %u devices classified from netlink alone (%s: %s)",
			     d->unenriched, d->enrich_name, enrich_reason(d->enrich_err));
}

static int full_dump_once(struct netobs_ctx *ctx, struct netobs_snapshot *snap, struct nl_dump *d)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	int err;

	dump_init(d, ctx, snap, link_msg);
	netobs__sysfs_cache_begin(ctx);
	err = run_dump(d, RTM_GETLINK, &ifi, sizeof(ifi));
	if (err == -ENOSPC && grow_buffer(ctx->nl) == 0) {
		d->interrupted = true; /* a datagram did not fit: dump again, bigger */
		return 0;
	}
	return err < 0 ? err : d->err;
}

/* Devices are usually made in bursts (a container starting): after two
 * interrupted dumps in a row, let the burst pass: 1, 2, 4, 8, then 16 ms,
 * about 0.1 s in all.  The churn test showed 5 tries and 6 ms too few for
 * an 800-device dump on a host creating devices continuously. */
static void backoff(int tries)
{
	int shift = tries - 2 < 4 ? tries - 2 : 4;
	struct timespec ts = { .tv_nsec = (1L << shift) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Retries a dump the kernel marked interrupted: its device list changed
 * while it was read, so it may miss or repeat devices.  Each try starts from
 * an empty list: two generations are never mixed. */
static int read_full(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	size_t ndevs = snap->ndevs, strings_len = snap->strings_len;
	struct nl_dump d;
	int err = 0, tries;

	ctx->nl->cache_valid = false;
	snap->netlink_token = 0;
	for (tries = 0; tries < NL_DUMP_TRIES; tries++) {
		if (tries > 1)
			backoff(tries);
		snap->ndevs = ndevs;
		snap->strings_len = strings_len;
		err = full_dump_once(ctx, snap, &d);
		if (err < 0)
			break;
		if (!d.interrupted) {
			full_dump_notes(ctx, &d);
			save_cache(ctx->nl, snap, ndevs);
			/* The snapshot's devices are the cache's when they are
			 * all it has (finish sorts them the same way). */
			if (ctx->nl->cache_valid && ndevs == 0)
				snap->netlink_token = ctx->nl->token;
			return 0;
		}
	}
	snap->ndevs = ndevs;
	snap->strings_len = strings_len;
	if (err < 0)
		return err;
	return netobs__error(ctx, -EAGAIN,
			     "netlink: RTM_GETLINK dump interrupted by device changes %d times in a row",
			     NL_DUMP_TRIES);
}

/* ---- the counters-only dump ----------------------------------------------- */

/* The cache index of IFINDEX, -1 when absent.  Recent kernels dump in
 * ifindex order, as the cache is sorted: the index after the last one
 * found is tried first. */
static long find_key(const struct netobs__netlink *nl, size_t *next, int ifindex)
{
	const struct nl_key *k;
	struct nl_key key;

	if (*next < nl->ncache && nl->keys[*next].ifindex == ifindex) {
		k = &nl->keys[*next];
	} else {
		key.ifindex = ifindex;
		k = bsearch(&key, nl->keys, nl->ncache, sizeof(key), cmp_key);
		if (!k)
			return -1;
	}
	*next = (size_t)(k - nl->keys) + 1;
	return (long)(k - nl->keys);
}

/* The counters of one RTM_NEWSTATS message into the snapshot's device at
 * the cache index of its ifindex, copied from the cache first unless the
 * snapshot already holds the cache's devices. */
static int stats_msg(struct nl_dump *d, const struct nlmsghdr *nlh)
{
	struct netobs__netlink *nl = d->nl;
	struct netobs_device *dev;
	long i;

	if (d->stale || nlh->nlmsg_type != RTM_NEWSTATS)
		return 0;
	i = find_key(nl, &d->next, netobs__netlink_stats_ifindex(nlh));
	if (i < 0 || nl->keys[i].seen == nl->gen) {
		d->stale = true;
		return 0;
	}
	nl->keys[i].seen = nl->gen;
	d->matched++;
	dev = &d->snap->devs[i];
	if (!d->in_place)
		*dev = nl->cache[i];
	if (netobs__netlink_parse_stats(d->ctx, nlh, dev) < 0)
		d->stale = true; /* the full dump will say what is wrong */
	return 0;
}

/* Lays the cache out in SNAP: in place when SNAP's devices are the
 * cache's (a watch refreshing the same two snapshots), else the devices
 * are copied as their counters arrive and the alias pool now.  The
 * devices sit at their cache index, so they come out sorted. */
static int stats_layout(struct netobs__netlink *nl, struct netobs_snapshot *snap, bool *in_place)
{
	*in_place = nl->token != 0 && snap->netlink_token == nl->token &&
		    snap->devs_cap >= nl->ncache && snap->strings_cap >= nl->strings_len;
	if (!*in_place) {
		snap->netlink_token = 0;
		if (netobs__grow((void **)&snap->devs, &snap->devs_cap, nl->ncache,
				 sizeof(*snap->devs)) < 0 ||
		    netobs__grow((void **)&snap->strings, &snap->strings_cap, nl->strings_len, 1) < 0)
			return -ENOMEM;
		if (nl->strings_len)
			memcpy(snap->strings, nl->strings, nl->strings_len);
	}
	snap->ndevs = nl->ncache;
	snap->strings_len = nl->strings_len;
	return 0;
}

/* 0 when SNAP got every cached device with fresh counters; else the caller
 * does a full dump. */
static int read_stats(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct if_stats_msg ifsm = {
		.family = AF_UNSPEC,
		.filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64),
	};
	struct netobs__netlink *nl = ctx->nl;
	struct nl_dump d;
	bool in_place;
	int err;

	if (stats_layout(nl, snap, &in_place) < 0)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	/* 0 marks "never seen": skip it when the generation wraps. */
	if (++nl->gen == 0)
		nl->gen = 1;
	dump_init(&d, ctx, snap, stats_msg);
	d.in_place = in_place;
	err = run_dump(&d, RTM_GETSTATS, &ifsm, sizeof(ifsm));
	if (err == 0)
		err = d.err;
	if (err == -EOPNOTSUPP || err == -EINVAL)
		nl->no_getstats = true;
	if (err == 0 && (d.stale || d.interrupted || d.matched != nl->ncache))
		err = -ESTALE;
	if (err == 0) {
		snap->netlink_token = nl->token;
		snap->devs_kept = in_place;
	}
	return err;
}

/* The counters-only dump lays out the whole snapshot: it needs one that
 * starts empty, as netobs_snapshot_refresh makes it. */
int netobs__netlink_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	size_t ndevs = snap->ndevs, strings_len = snap->strings_len;
	struct netobs__netlink *nl;
	int err;

	err = netobs__netlink_open(ctx);
	if (err < 0)
		return netobs__error(ctx, err, "netlink: cannot open a NETLINK_ROUTE socket: %s",
				     strerror(-err));
	nl = ctx->nl;
	/* Drained first either way: a full dump makes what is queued moot. */
	if (!links_changed(nl) && nl->cache_valid && !nl->no_getstats && ndevs == 0) {
		err = read_stats(ctx, snap);
		/* A change during the stats dump may have renamed a device. */
		if (err == 0 && !links_changed(nl))
			return 0;
		snap->ndevs = ndevs;
		snap->strings_len = strings_len;
		snap->devs_kept = false;
		ctx->message[0] = '\0';
	}
	return read_full(ctx, snap);
}
