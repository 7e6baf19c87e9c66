/* SPDX-License-Identifier: MIT */
/*
 * The role of a well-known virtual device: which project made it and what
 * for.  One table, first match wins, each rule citing how the project
 * names or marks its device.  A rule's BASIS says what it rests on: "fact"
 * rules need a fact the kernel gives (the link kind, the peer's namespace
 * owned by a container) and a name; "name" rules rest on the kind and a
 * name the project always gives.  The kind is a fact in every rule, so a
 * dummy named cni0 is no CNI bridge.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "internal.h"

enum match {
	EXACT,		/* the whole name */
	PREFIX,		/* the name starts with it */
	DOCKER_NET,	/* "br-" + 12 lowercase hex: docker's user networks */
	FLANNEL,	/* "flannel." + a VNI */
	PEER_CONTAINER,	/* a veth whose peer's namespace a container owns */
};

struct role_rule {
	const char *role;
	const char *kind;	/* IFLA_INFO_KIND the device must have */
	enum match match;
	const char *name;
	const char *basis;	/* "name" or "fact", for the documentation */
};

/* Sources: docker libnetwork bridge driver (DefaultBridgeName "docker0";
 * user networks "br-" + network id[:12]); nomad client bridge_network_name
 * default "nomad"; CNI bridge plugin default "cni0"; flannel vxlan backend
 * "flannel.<VNI>"; calico host-side veths "cali" + hash (its
 * felix InterfacePrefix) and its IPIP device tunl0, VXLAN "vxlan.calico";
 * cilium "cilium_host", "cilium_net", "cilium_vxlan", "cilium_geneve"
 * and endpoint veths "lxc" + hash; weave's bridge "weave" and its veths
 * "vethwe"; kube-proxy IPVS mode's dummy "kube-ipvs0". */
static const struct role_rule rules[] = {
	{ "docker-bridge", "bridge", EXACT, "docker0", "name" },
	{ "docker-network", "bridge", DOCKER_NET, NULL, "name" },
	{ "nomad-bridge", "bridge", EXACT, "nomad", "name" },
	{ "cni-bridge", "bridge", EXACT, "cni0", "name" },
	{ "flannel", "vxlan", FLANNEL, NULL, "name" },
	{ "calico-endpoint", "veth", PREFIX, "cali", "name" },
	{ "calico-tunnel", "ipip", EXACT, "tunl0", "name" },
	{ "calico-tunnel", "vxlan", EXACT, "vxlan.calico", "name" },
	{ "cilium", "veth", PREFIX, "cilium_", "name" },
	{ "cilium", "vxlan", PREFIX, "cilium_", "name" },
	{ "cilium", "geneve", PREFIX, "cilium_", "name" },
	{ "cilium-endpoint", "veth", PREFIX, "lxc", "name" },
	{ "weave", "bridge", EXACT, "weave", "name" },
	{ "weave", "veth", PREFIX, "vethwe", "name" },
	{ "kube-ipvs", "dummy", EXACT, "kube-ipvs0", "name" },
	{ "container-veth", "veth", PEER_CONTAINER, NULL, "fact" },
};

static bool lower_hex(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

static bool name_matches(const struct role_rule *r, const char *name, bool peer_container)
{
	size_t n;

	switch (r->match) {
	case EXACT:
		return strcmp(name, r->name) == 0;
	case PREFIX:
		return strncmp(name, r->name, strlen(r->name)) == 0;
	case DOCKER_NET:
		return strlen(name) == 15 && strncmp(name, "br-", 3) == 0 && lower_hex(name + 3, 12);
	case FLANNEL:
		n = strlen(name);
		return n > 8 && strncmp(name, "flannel.", 8) == 0 &&
		       strspn(name + 8, "0123456789") == n - 8;
	case PEER_CONTAINER:
		return peer_container;
	}
	return false;
}

const char *netobs__role(const char *name, const char *kind, bool peer_container)
{
	size_t i;

	/* The first byte of the kind first: asked per device per watch tick,
	 * and most rules are of another kind. */
	for (i = 0; i < NETOBS__ARRAY_SIZE(rules); i++)
		if (kind[0] == rules[i].kind[0] && strcmp(kind, rules[i].kind) == 0 &&
		    name_matches(&rules[i], name, peer_container))
			return rules[i].role;
	return NULL;
}

NETOBS_API const char *netobs_device_role(const struct netobs_device *dev)
{
	return dev ? netobs__role(dev->name, dev->kind, dev->peer_container) : NULL;
}

/* The distinct roles, in the table's order. */
NETOBS_API const char *netobs_role_name(unsigned int i)
{
	size_t k, j;
	unsigned int seen = 0;

	for (k = 0; k < NETOBS__ARRAY_SIZE(rules); k++) {
		for (j = 0; j < k; j++)
			if (strcmp(rules[j].role, rules[k].role) == 0)
				break;
		if (j < k)
			continue;
		if (seen++ == i)
			return rules[k].role;
	}
	return NULL;
}
