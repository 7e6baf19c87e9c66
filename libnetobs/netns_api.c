/* SPDX-License-Identifier: MIT */
/* The namespaces a snapshot names, and each device's peer namespace. */
#include "config.h"

#include <errno.h>

#include "container.h"
#include "internal.h"

NETOBS_API int netobs_ctx_set_containers(struct netobs_ctx *ctx, int on)
{
	if (!ctx)
		return -EINVAL;
	ctx->containers = on != 0;
	return 0;
}

NETOBS_API int netobs_ctx_set_netns_scan(struct netobs_ctx *ctx, int on)
{
	if (!ctx)
		return -EINVAL;
	ctx->all_netns = on != 0;
	if (on)
		ctx->containers = true;
	return 0;
}

NETOBS_API int netobs_ctx_set_host_sections(struct netobs_ctx *ctx, int on)
{
	if (!ctx)
		return -EINVAL;
	ctx->no_host_sections = !on;
	return 0;
}

NETOBS_API size_t netobs_snapshot_netns_count(const struct netobs_snapshot *snap)
{
	return snap ? snap->nnetns : 0;
}

NETOBS_API const struct netobs_netns *netobs_snapshot_netns(const struct netobs_snapshot *snap,
							    size_t i)
{
	return snap && i < snap->nnetns ? &snap->netns[i] : NULL;
}

NETOBS_API const struct netobs_netns *
netobs_snapshot_netns_by_inode(const struct netobs_snapshot *snap, uint64_t inode)
{
	size_t i;

	for (i = 0; snap && inode && i < snap->nnetns; i++)
		if (snap->netns[i].inode == inode)
			return &snap->netns[i];
	return NULL;
}

NETOBS_API uint64_t netobs_netns_inode(const struct netobs_netns *ns)
{
	return ns ? ns->inode : 0;
}

static const char *or_null(const char *s)
{
	return s[0] ? s : NULL;
}

NETOBS_API const char *netobs_netns_name(const struct netobs_netns *ns)
{
	return ns ? or_null(ns->name) : NULL;
}

NETOBS_API int netobs_netns_pid(const struct netobs_netns *ns)
{
	return ns ? ns->pid : 0;
}

NETOBS_API const char *netobs_netns_runtime(const struct netobs_netns *ns)
{
	return ns ? or_null(ns->container.runtime) : NULL;
}

NETOBS_API const char *netobs_netns_container(const struct netobs_netns *ns)
{
	return ns && ns->container.runtime[0] ? or_null(ns->container.name) : NULL;
}

NETOBS_API const char *netobs_netns_container_id(const struct netobs_netns *ns)
{
	return ns && ns->container.runtime[0] ? or_null(ns->container.id) : NULL;
}

NETOBS_API int netobs_device_peer_netns(const struct netobs_device *dev, uint64_t *inode)
{
	if (!inode)
		return -EINVAL;
	*inode = 0;
	if (!dev)
		return -EINVAL;
	if (!dev->peer_netns_inode)
		return -ENODATA;
	*inode = dev->peer_netns_inode;
	return 0;
}

NETOBS_API const char *netobs_device_peer_name(const struct netobs_device *dev)
{
	return dev ? or_null(dev->peer_name) : NULL;
}
