/* SPDX-License-Identifier: MIT */
/*
 * Building a snapshot from saved values: what a capture (netobs show
 * --json) or a test holds, handed over value by value.  The library stays
 * free of any file format: the caller parses, this only fills the object
 * the readers of refresh.c fill, so every getter and the diff work alike.
 * Setters act on the device or socket added last, so a reader never holds
 * a pointer that the next append could move.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "socket.h"

NETOBS_API int netobs_snapshot_new(struct netobs_snapshot **out, const struct timespec *realtime)
{
	struct netobs_snapshot *snap;

	if (!out || !realtime)
		return -EINVAL;
	*out = NULL;
	snap = calloc(1, sizeof(*snap));
	if (!snap)
		return -ENOMEM;
	/* No monotonic instant survives a capture: the wall clock stands in,
	 * so two built snapshots diff over their wall-clock interval. */
	snap->realtime = *realtime;
	snap->monotonic = *realtime;
	*out = snap;
	return 0;
}

NETOBS_API int netobs_snapshot_set_source(struct netobs_snapshot *snap, enum netobs_source source)
{
	if (!snap || (unsigned int)source >= NETOBS__SOURCE_MAX)
		return -EINVAL;
	snap->source = source;
	return 0;
}

NETOBS_API int netobs_snapshot_set_section_ok(struct netobs_snapshot *snap,
					      enum netobs_section section, int ok)
{
	if (!snap || (unsigned int)section >= NETOBS__SECTION_MAX)
		return -EINVAL;
	if (ok)
		snap->sections_ok |= 1u << section;
	else
		snap->sections_ok &= ~(1u << section);
	return 0;
}

NETOBS_API int netobs_snapshot_add_device(struct netobs_snapshot *snap, int ifindex,
					  const char *name)
{
	struct netobs_device *dev;

	if (!snap || ifindex <= 0 || !name || !*name || strlen(name) >= NETOBS__IFNAMSIZ)
		return -EINVAL;
	dev = netobs__snapshot_add_device(snap);
	if (!dev)
		return -ENOMEM;
	dev->ifindex = dev->iflink = ifindex;
	memcpy(dev->name, name, strlen(name) + 1);
	return 0;
}

static struct netobs_device *last_device(struct netobs_snapshot *snap)
{
	return snap && snap->ndevs ? &snap->devs[snap->ndevs - 1] : NULL;
}

static int set_text(char *dst, size_t size, const char *v)
{
	if (v && strlen(v) >= size)
		return -EINVAL;
	strcpy(dst, v ? v : "");
	return 0;
}

/* A decimal u32 into *OUT and the attribute bit; NULL clears the bit. */
static int set_u32(struct netobs_device *dev, unsigned int bit, uint32_t *out, const char *v)
{
	char *end;
	unsigned long long x;

	dev->attrs &= ~bit;
	if (!v)
		return 0;
	errno = 0;
	x = strtoull(v, &end, 10);
	if (end == v || *end || errno || x > UINT32_MAX || *v == '-')
		return -EINVAL;
	*out = (uint32_t)x;
	dev->attrs |= bit;
	return 0;
}

static int set_state(struct netobs_device *dev, const char *key, const char *v)
{
	if (strcmp(key, "operstate") == 0)
		return v ? netobs_operstate_from_name(v, &dev->operstate) : -EINVAL;
	dev->attrs &= ~NETOBS__HAS_CARRIER;
	if (!v)
		return 0;
	if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		return -EINVAL;
	dev->carrier = strcmp(v, "true") == 0;
	dev->attrs |= NETOBS__HAS_CARRIER;
	return 0;
}

/* "true" or "false" into the flags' IFF_UP; NULL: unknown.  The other
 * flags stay as they were: a capture keeps only this one. */
static int set_admin_up(struct netobs_device *dev, const char *v)
{
	dev->attrs &= ~NETOBS__HAS_FLAGS;
	if (!v)
		return 0;
	if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		return -EINVAL;
	dev->flags = strcmp(v, "true") == 0 ? dev->flags | IFF_UP : dev->flags & ~IFF_UP;
	dev->attrs |= NETOBS__HAS_FLAGS;
	return 0;
}

static int set_speed(struct netobs_device *dev, const char *v)
{
	char *end;

	dev->attrs &= ~NETOBS__HAS_SPEED;
	if (!v)
		return 0;
	errno = 0;
	dev->speed_bps = strtoull(v, &end, 10);
	if (end == v || *end || errno || *v == '-')
		return -EINVAL;
	dev->attrs |= NETOBS__HAS_SPEED;
	return 0;
}

/* A role is worked out from name and kind (role.c); the one fact it needs
 * that a capture cannot rebuild is whether the veth's peer lives in a
 * container's namespace, which "container-veth" says.  Any other known
 * role, or none, is taken as it is worked out again. */
static int set_role(struct netobs_device *dev, const char *value)
{
	unsigned int i;
	const char *r;

	dev->peer_container = false;
	if (!value)
		return 0;
	for (i = 0; (r = netobs_role_name(i)); i++)
		if (strcmp(r, value) == 0)
			break;
	if (!r)
		return -EINVAL;
	dev->peer_container = strcmp(value, "container-veth") == 0;
	return 0;
}

/* The inode of the namespace the veth's peer is in, as decimal text; the
 * namespace itself comes by netobs_snapshot_add_netns(). */
static int set_peer_netns(struct netobs_device *dev, const char *value)
{
	char *end;

	dev->peer_netns_inode = 0;
	if (!value)
		return 0;
	errno = 0;
	dev->peer_netns_inode = strtoull(value, &end, 10);
	if (end == value || *end || errno || *value == '-' || dev->peer_netns_inode == 0)
		return dev->peer_netns_inode = 0, -EINVAL;
	return 0;
}

/* The names of the keys are those of netobs(1)'s JSON device object, and
 * "peer" and "peer_netns" of its "peers" array. */
NETOBS_API int netobs_snapshot_device_set(struct netobs_snapshot *snap, const char *key,
					  const char *value)
{
	struct netobs_device *dev = last_device(snap);

	if (!dev || !key)
		return -EINVAL;
	if (strcmp(key, "class") == 0)
		return value ? netobs_class_from_name(value, &dev->cls) : -EINVAL;
	if (strcmp(key, "kind") == 0)
		return set_text(dev->kind, sizeof(dev->kind), value);
	if (strcmp(key, "driver") == 0)
		return set_text(dev->driver, sizeof(dev->driver), value);
	if (strcmp(key, "bus") == 0)
		return set_text(dev->bus, sizeof(dev->bus), value);
	if (strcmp(key, "address") == 0)
		return set_text(dev->address, sizeof(dev->address), value);
	if (strcmp(key, "master") == 0) /* resolved to an ifindex by finish */
		return set_text(dev->master_name, sizeof(dev->master_name), value);
	if (strcmp(key, "peer_ifindex") == 0)
		return (dev->iflink = value ? atoi(value) : dev->ifindex) > 0 ? 0 : -EINVAL;
	if (strcmp(key, "operstate") == 0 || strcmp(key, "carrier") == 0)
		return set_state(dev, key, value);
	if (strcmp(key, "admin_up") == 0)
		return set_admin_up(dev, value);
	if (strcmp(key, "mtu") == 0)
		return set_u32(dev, NETOBS__HAS_MTU, &dev->mtu, value);
	if (strcmp(key, "txqlen") == 0)
		return set_u32(dev, NETOBS__HAS_TXQLEN, &dev->txqlen, value);
	if (strcmp(key, "carrier_changes") == 0)
		return set_u32(dev, NETOBS__HAS_CARRIER_CHANGES, &dev->carrier_changes, value);
	if (strcmp(key, "speed_bps") == 0)
		return set_speed(dev, value);
	if (strcmp(key, "alias") == 0)
		return value ? netobs__snapshot_set_alias(snap, dev, value, strlen(value))
			     : (dev->alias_off = 0, 0);
	if (strcmp(key, "role") == 0)
		return set_role(dev, value);
	if (strcmp(key, "peer") == 0)
		return set_text(dev->peer_name, sizeof(dev->peer_name), value);
	if (strcmp(key, "peer_netns") == 0)
		return set_peer_netns(dev, value);
	return -EINVAL;
}

NETOBS_API int netobs_snapshot_device_set_counter(struct netobs_snapshot *snap,
						  enum netobs_counter counter, uint64_t value,
						  int folded)
{
	struct netobs_device *dev = last_device(snap);

	if (!dev || (unsigned int)counter >= NETOBS__COUNTER_MAX)
		return -EINVAL;
	netobs__device_set_counter(dev, counter, value, folded != 0);
	return 0;
}

NETOBS_API int netobs_snapshot_cpu_set_softnet(struct netobs_snapshot *snap, int cpu,
					       enum netobs_softnet_field field, uint64_t value)
{
	struct netobs_cpu *c;

	if (!snap || cpu < 0 || cpu > NETOBS__CPU_ID_MAX ||
	    (unsigned int)field >= NETOBS__SOFTNET_MAX)
		return -EINVAL;
	c = netobs__snapshot_cpu_get(snap, cpu);
	if (!c)
		return -ENOMEM;
	c->online = true;
	c->softnet[field] = value;
	c->softnet_avail |= 1u << field;
	return 0;
}

NETOBS_API int netobs_snapshot_cpu_set_softirq(struct netobs_snapshot *snap, int cpu,
					       enum netobs_softirq softirq, uint64_t value)
{
	struct netobs_cpu *c;

	if (!snap || cpu < 0 || cpu > NETOBS__CPU_ID_MAX ||
	    (unsigned int)softirq >= NETOBS__SOFTIRQ_MAX)
		return -EINVAL;
	c = netobs__snapshot_cpu_get(snap, cpu);
	if (!c)
		return -ENOMEM;
	c->softirq[softirq] = value;
	c->softirq_avail |= 1u << softirq;
	return 0;
}

NETOBS_API int netobs_snapshot_set_tunable(struct netobs_snapshot *snap,
					   enum netobs_tunable tunable, const int64_t *values,
					   size_t n)
{
	if (!snap || !values || (unsigned int)tunable >= NETOBS__TUNABLE_MAX ||
	    n != netobs_tunable_value_count(tunable))
		return -EINVAL;
	memcpy(snap->tunables[tunable], values, n * sizeof(*values));
	snap->tunable_avail |= 1u << tunable;
	return 0;
}
