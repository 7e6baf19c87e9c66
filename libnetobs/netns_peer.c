/* SPDX-License-Identifier: MIT */
/*
 * The other end of a device whose peer is in another namespace, as `ip -d
 * link` shows it with link-netns: the device carries IFLA_LINK_NETNSID, an
 * id only the namespace being read knows; RTM_GETNSID of each namespace's
 * process (NETNSA_PID) tells which namespace has that id here, and
 * RTM_GETLINK with IFLA_TARGET_NETNSID names the peer device in it without
 * entering it.  Run inside the namespace read (the ids are its own).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "container.h"
#include "internal.h"
#include "netlink.h"

#define REPLY_SIZE 32768

/* Kept on the context between snapshots: a refresh allocates nothing once
 * warm, and the socket is the read namespace's (opened inside it). */
struct netobs__netns_state {
	struct mnl_socket *sock;
	char *buf;		/* REPLY_SIZE */
	uint32_t seq;
	struct netobs__ns_pid *list; /* netns_scan.c's scratch */
	size_t list_cap;
};
#define asker netobs__netns_state

struct reply {
	int nsid;		/* RTM_NEWNSID */
	char name[NETOBS__IFNAMSIZ]; /* RTM_NEWLINK */
};

static int reply_attr(const struct nlattr *a, void *arg)
{
	struct reply *r = arg;

	if (mnl_attr_get_type(a) == NETNSA_NSID && mnl_attr_validate(a, MNL_TYPE_U32) == 0)
		r->nsid = (int32_t)mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int reply_link_attr(const struct nlattr *a, void *arg)
{
	struct reply *r = arg;
	size_t n;

	if (mnl_attr_get_type(a) != IFLA_IFNAME || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_OK;
	n = strnlen(mnl_attr_get_str(a), sizeof(r->name));
	if (n < sizeof(r->name))
		memcpy(r->name, mnl_attr_get_str(a), n + 1);
	return MNL_CB_OK;
}

static int reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	if (nlh->nlmsg_type == RTM_NEWNSID)
		mnl_attr_parse(nlh, sizeof(struct rtgenmsg), reply_attr, arg);
	else if (nlh->nlmsg_type == RTM_NEWLINK)
		mnl_attr_parse(nlh, sizeof(struct ifinfomsg), reply_link_attr, arg);
	return MNL_CB_OK;
}

/* A socket whose answers may be out of step with its questions (a failed
 * send or receive, an answer to another sequence) is closed, to be opened
 * again by the next snapshot: each question reads exactly one answer. */
static int broken(struct asker *a, int err)
{
	mnl_socket_close(a->sock);
	a->sock = NULL;
	return err;
}

/* Sends the request and reads its one answer (the kernel's error for it
 * included): 0 or -errno. */
static int ask(struct asker *a, struct nlmsghdr *nlh, struct reply *r)
{
	ssize_t n;
	int ret;

	if (!a->sock)
		return -ENOTCONN;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = ++a->seq;
	if (mnl_socket_sendto(a->sock, nlh, nlh->nlmsg_len) < 0)
		return broken(a, -errno);
	n = mnl_socket_recvfrom(a->sock, a->buf, REPLY_SIZE);
	if (n < 0)
		return broken(a, -errno);
	ret = mnl_cb_run(a->buf, (size_t)n, a->seq, mnl_socket_get_portid(a->sock), reply_cb, r);
	if (ret < 0 && (errno == EPROTO || errno == ESRCH))
		return broken(a, -errno);
	return ret < 0 ? -errno : 0;
}

/* The id the read namespace gives a namespace, named by ATTR (NETNSA_PID
 * of a process in it, or NETNSA_FD of its file): -1 for none. */
static int nsid_by(struct asker *a, uint16_t attr, uint32_t value)
{
	struct reply r = { .nsid = -1 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(a->buf);
	struct rtgenmsg *g;

	nlh->nlmsg_type = RTM_GETNSID;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, attr, value);
	return ask(a, nlh, &r) < 0 ? -1 : r.nsid;
}

/* A namespace with a process is asked about by its pid; one only
 * `ip netns add` keeps alive, through its file under /run/netns. */
static int nsid_of(struct asker *a, const struct netobs_netns *ns)
{
	char path[PATH_MAX];
	int fd, nsid;

	if (ns->pid > 0)
		return nsid_by(a, NETNSA_PID, (uint32_t)ns->pid);
	if (!ns->name[0] || snprintf(path, sizeof(path), "/run/netns/%s", ns->name) >= (int)sizeof(path))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	nsid = nsid_by(a, NETNSA_FD, (uint32_t)fd);
	close(fd);
	return nsid;
}

/* The name of device IFINDEX in the namespace NSID names: 0, or -errno. */
static int peer_name(struct asker *a, int nsid, int ifindex, char name[NETOBS__IFNAMSIZ])
{
	struct reply r = { .nsid = -1 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(a->buf);
	struct ifinfomsg *ifi;
	int err;

	nlh->nlmsg_type = RTM_GETLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	mnl_attr_put_u32(nlh, IFLA_TARGET_NETNSID, (uint32_t)nsid);
	/* Only the name is wanted: no VF or stats blocks. */
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, 0);
	err = ask(a, nlh, &r);
	if (err < 0)
		return err;
	if (!r.name[0])
		return -ENODATA;
	memcpy(name, r.name, sizeof(r.name));
	return 0;
}

static const struct netobs_netns *by_nsid(const struct netobs_snapshot *snap, int nsid)
{
	size_t i;

	for (i = 0; i < snap->nnetns; i++)
		if (snap->netns[i].nsid == nsid)
			return &snap->netns[i];
	return NULL;
}

static bool any_peer_elsewhere(const struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->ndevs; i++)
		if (snap->devs[i].link_netnsid >= 0)
			return true;
	return false;
}

/* Each device whose peer is elsewhere gets that namespace's inode and the
 * peer's name; a peer we may not ask about keeps its inode alone. */
static void name_peers(struct netobs_ctx *ctx, struct netobs_snapshot *snap, struct asker *a)
{
	const struct netobs_netns *ns;
	struct netobs_device *dev;
	bool warned = false;
	size_t i;
	int err;

	for (i = 0; i < snap->nnetns; i++)
		snap->netns[i].nsid = nsid_of(a, &snap->netns[i]);
	for (i = 0; i < snap->ndevs; i++) {
		dev = &snap->devs[i];
		if (dev->link_netnsid < 0 || !(ns = by_nsid(snap, dev->link_netnsid)))
			continue;
		dev->peer_netns_inode = ns->inode;
		dev->peer_container = ns->container.runtime[0] != '\0';
		err = peer_name(a, dev->link_netnsid, dev->iflink, dev->peer_name);
		if (err < 0 && err != -ENODEV && err != -ENODATA && !warned) {
			netobs__warn(ctx, "%s: the peer's name in namespace %" PRIu64 " not readable (%s)",
				     dev->name, ns->inode, strerror(-err));
			warned = true;
		}
	}
}

static void clear_peers(struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->ndevs; i++) {
		snap->devs[i].peer_netns_inode = 0;
		snap->devs[i].peer_name[0] = '\0';
		snap->devs[i].peer_container = false;
	}
}

void netobs__containers_forget(struct netobs_ctx *ctx)
{
	struct netobs__netns_state *st = ctx->netns_state;

	if (!st)
		return;
	if (st->sock)
		mnl_socket_close(st->sock);
	free(st->buf);
	free(st->list);
	free(st);
	ctx->netns_state = NULL;
}

static struct netobs__netns_state *state(struct netobs_ctx *ctx)
{
	if (!ctx->netns_state)
		ctx->netns_state = calloc(1, sizeof(*ctx->netns_state));
	return ctx->netns_state;
}

/* The socket and buffer, opened once: 0, or a negative errno (warned). */
static int asker_open(struct netobs_ctx *ctx, struct netobs__netns_state *st)
{
	int err;

	if (!st->buf && !(st->buf = malloc(REPLY_SIZE)))
		return netobs__error(ctx, -ENOMEM, "out of memory");
	if (st->sock)
		return 0;
	err = netobs__nl_socket_open(&st->sock, NETLINK_ROUTE, 0, 0);
	if (err < 0)
		netobs__warn(ctx, "netlink refused (%s): no veth peer's namespace", strerror(-err));
	return err;
}

int netobs__containers_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct netobs__netns_state *st;
	int err;

	snap->nnetns = 0;
	if (!ctx->containers)
		return 0;
	clear_peers(snap);
	if (!ctx->all_netns && !any_peer_elsewhere(snap))
		return 0;
	st = state(ctx);
	if (!st)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	err = netobs__netns_scan(ctx, snap, &st->list, &st->list_cap);
	if (err < 0 || !netobs__ctx_is_live(ctx))
		return err;
	err = asker_open(ctx, st);
	if (err == -ENOMEM)
		return err;
	if (err == 0)
		name_peers(ctx, snap, st);
	return 0;
}
