/* SPDX-License-Identifier: MIT */
/*
 * Devices whose peer is in another network namespace, with that namespace
 * and the container that owns it, in every format: apart from the device
 * objects and series, reached through cli_section_netns.  Labels
 * stay bounded: the peer's namespace (its inode) and its container
 * ("RUNTIME/NAME"), nothing free-form; named peer_netns and peer_container
 * because --all-netns puts netns and container (the device's own) first.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>

#include "json.h"
#include "options.h"
#include "prom.h"
#include "sections.h"

#define PEER_INFO "netobs_device_peer_info"

/* DEV's peer namespace, NULL when DEV has no peer in another one. */
static const struct netobs_netns *peer_netns(const struct netobs_snapshot *snap,
					     const struct netobs_device *dev)
{
	uint64_t inode;

	if (netobs_device_peer_netns(dev, &inode) < 0)
		return NULL;
	return netobs_snapshot_netns_by_inode(snap, inode);
}

/* "docker/web"; NULL when no container owns NS. */
static const char *container_label(const struct netobs_netns *ns, char *buf, size_t size)
{
	if (!netobs_netns_runtime(ns))
		return NULL;
	snprintf(buf, size, "%s/%s", netobs_netns_runtime(ns), netobs_netns_container(ns));
	return buf;
}

static cJSON *container_object(const struct netobs_netns *ns)
{
	cJSON *c;

	if (!netobs_netns_runtime(ns))
		return cJSON_CreateNull();
	c = cJSON_CreateObject();
	json_add(c, "runtime", json_text(netobs_netns_runtime(ns)));
	json_add(c, "name", json_text(netobs_netns_container(ns)));
	json_add(c, "id", json_text(netobs_netns_container_id(ns)));
	return c;
}

static cJSON *netns_object(const struct netobs_netns *ns)
{
	cJSON *o = cJSON_CreateObject();
	int pid = netobs_netns_pid(ns);

	json_add(o, "inode", json_u64(netobs_netns_inode(ns)));
	json_add(o, "name", json_text(netobs_netns_name(ns)));
	json_add(o, "pid", pid > 0 ? json_i64(pid) : cJSON_CreateNull());
	return o;
}

static cJSON *peer_object(const struct netobs_device *dev, const struct netobs_netns *ns)
{
	cJSON *o = cJSON_CreateObject();

	json_add(o, "device", json_text(netobs_device_name(dev)));
	json_add(o, "peer", json_text(netobs_device_peer_name(dev)));
	json_add(o, "netns", netns_object(ns));
	json_add(o, "container", container_object(ns));
	return o;
}

/* "peers": [...] of the selected devices whose peer is elsewhere. */
static void netns_peers_json(struct json *j, const struct netobs_snapshot *snap,
			     const struct cli_opts *o)
{
	const struct filter *f = &o->filter;
	size_t i, n = netobs_snapshot_device_count(snap);
	const struct netobs_netns *ns;
	struct json_list l;

	json_list_open(&l, j, "peers");
	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (filter_match(f, dev) && (ns = peer_netns(snap, dev)))
			json_list_item(&l, peer_object(dev, ns));
	}
	json_list_close(&l);
}

static void peer_sample(struct out *out, const struct netobs_device *dev,
			const struct netobs_netns *ns)
{
	char inode[24], container[192];

	snprintf(inode, sizeof(inode), "%" PRIu64, netobs_netns_inode(ns));
	out_str(out, PEER_INFO "{");
	prom_label_pair(out, "device", netobs_device_name(dev), true);
	prom_label_pair(out, "peer", netobs_device_peer_name(dev), false);
	prom_label_pair(out, "peer_netns", inode, false);
	prom_label_pair(out, "peer_container", container_label(ns, container, sizeof(container)),
			false);
	out_str(out, "} 1\n");
}

/* netobs_device_peer_info series of the same devices: the core group. */
static void netns_peers_prom(struct out *out, const struct netobs_snapshot *snap,
			     const struct cli_opts *o)
{
	size_t i, n = netobs_snapshot_device_count(snap);
	const struct filter *f = &o->filter;
	const struct netobs_netns *ns;
	bool started = false;

	if (!(o->metrics & PROM_GROUP_CORE))
		return;
	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (!filter_match(f, dev) || !(ns = peer_netns(snap, dev)))
			continue;
		if (!started)
			out_str(out, "# HELP " PEER_INFO " A device whose peer is in another network "
				"namespace: the peer, that namespace's inode and the container "
				"owning it; the value is always 1.\n# TYPE " PEER_INFO " gauge\n");
		started = true;
		peer_sample(out, dev, ns);
	}
}

/* Part of the devices: shown with them, right after them. */
const struct cli_section cli_section_netns = {
	.name = "peers",
	.bit = CLI_SEC_DEVICES,
	.json = netns_peers_json,
	.prom = netns_peers_prom,
};
