/* SPDX-License-Identifier: MIT */
/* A device of a snapshot: getters, and the setters the sources share.
 * Every getter accepts a NULL device and gives the "absent" value that
 * libnetobs(3) lists: a caller may pass a lookup's result unchecked. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void netobs__device_set_counter(struct netobs_device *dev, enum netobs_counter c, uint64_t v,
				bool folded)
{
	dev->counters[c] = v;
	dev->counter_avail |= 1u << c;
	if (folded)
		dev->counter_folded |= 1u << c;
}

void netobs__device_set_address(struct netobs_device *dev, const uint8_t *addr, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	char *p = dev->address;

	if (len > NETOBS__ADDRSIZ)
		len = NETOBS__ADDRSIZ;
	for (i = 0; i < len; i++) {
		if (i > 0)
			*p++ = ':';
		*p++ = hex[addr[i] >> 4];
		*p++ = hex[addr[i] & 0xf];
	}
	*p = '\0';
}

NETOBS_API int netobs_device_ifindex(const struct netobs_device *dev)
{
	return dev ? dev->ifindex : -EINVAL;
}

NETOBS_API const char *netobs_device_name(const struct netobs_device *dev)
{
	return dev ? dev->name : NULL;
}

NETOBS_API enum netobs_class netobs_device_class(const struct netobs_device *dev)
{
	return dev ? dev->cls : NETOBS_CLASS_VIRTUAL;
}

NETOBS_API const char *netobs_device_kind(const struct netobs_device *dev)
{
	return dev ? dev->kind : NULL;
}

NETOBS_API const char *netobs_device_driver(const struct netobs_device *dev)
{
	return dev && dev->driver[0] ? dev->driver : NULL;
}

NETOBS_API const char *netobs_device_bus(const struct netobs_device *dev)
{
	return dev && dev->bus[0] ? dev->bus : NULL;
}

NETOBS_API int netobs_device_iflink(const struct netobs_device *dev)
{
	return dev ? dev->iflink : -EINVAL;
}

NETOBS_API int netobs_device_link_netnsid(const struct netobs_device *dev)
{
	return dev ? dev->link_netnsid : -EINVAL;
}

NETOBS_API int netobs_device_peer_ifindex(const struct netobs_device *dev)
{
	/* The peer may sit in another namespace under the same ifindex, so
	 * iflink == ifindex says nothing for a veth. */
	if (!dev)
		return -EINVAL;
	if (strcmp(dev->kind, "veth") != 0 || dev->iflink <= 0)
		return 0;
	return dev->iflink;
}

NETOBS_API int netobs_device_master_ifindex(const struct netobs_device *dev)
{
	return dev ? dev->master_ifindex : -EINVAL;
}

NETOBS_API const char *netobs_device_master_name(const struct netobs_device *dev)
{
	return dev && dev->master_name[0] ? dev->master_name : NULL;
}

NETOBS_API enum netobs_operstate netobs_device_operstate(const struct netobs_device *dev)
{
	return dev ? dev->operstate : NETOBS_OPER_UNKNOWN;
}

NETOBS_API int netobs_device_carrier(const struct netobs_device *dev)
{
	if (!dev)
		return -EINVAL;
	if (!(dev->attrs & NETOBS__HAS_CARRIER))
		return -ENODATA;
	return dev->carrier ? 1 : 0;
}

NETOBS_API int netobs_device_admin_up(const struct netobs_device *dev)
{
	if (!dev)
		return -EINVAL;
	if (!(dev->attrs & NETOBS__HAS_FLAGS))
		return -ENODATA;
	return dev->flags & IFF_UP ? 1 : 0;
}

/* On error *out is 0, so that it is never left undefined. */
static int get_u32(const struct netobs_device *dev, unsigned int attr, uint32_t v, uint32_t *out)
{
	if (out)
		*out = 0;
	if (!dev)
		return -EINVAL;
	if (!(dev->attrs & attr))
		return -ENODATA;
	if (out)
		*out = v;
	return 0;
}

NETOBS_API int netobs_device_mtu(const struct netobs_device *dev, uint32_t *out)
{
	return get_u32(dev, NETOBS__HAS_MTU, dev ? dev->mtu : 0, out);
}

NETOBS_API int netobs_device_txqlen(const struct netobs_device *dev, uint32_t *out)
{
	return get_u32(dev, NETOBS__HAS_TXQLEN, dev ? dev->txqlen : 0, out);
}

NETOBS_API int netobs_device_carrier_changes(const struct netobs_device *dev, uint32_t *out)
{
	return get_u32(dev, NETOBS__HAS_CARRIER_CHANGES, dev ? dev->carrier_changes : 0, out);
}

NETOBS_API int netobs_device_speed(const struct netobs_device *dev, uint64_t *bits_per_second)
{
	if (bits_per_second)
		*bits_per_second = 0;
	if (!dev)
		return -EINVAL;
	if (!(dev->attrs & NETOBS__HAS_SPEED))
		return -ENODATA;
	if (bits_per_second)
		*bits_per_second = dev->speed_bps;
	return 0;
}

NETOBS_API const char *netobs_device_address(const struct netobs_device *dev)
{
	return dev ? dev->address : NULL;
}

NETOBS_API const char *netobs_device_alias(const struct netobs_device *dev)
{
	return dev ? dev->alias : NULL;
}

NETOBS_API int netobs_device_counter(const struct netobs_device *dev, enum netobs_counter counter,
				     uint64_t *out)
{
	if (out)
		*out = 0;
	if (!dev || (unsigned int)counter >= NETOBS__COUNTER_MAX)
		return -EINVAL;
	if (!(dev->counter_avail & (1u << counter)))
		return -ENODATA;
	if (out)
		*out = dev->counters[counter];
	return 0;
}

NETOBS_API unsigned int netobs_device_counter_flags(const struct netobs_device *dev,
						    enum netobs_counter counter)
{
	unsigned int flags = 0;
	uint32_t bit;

	if (!dev || (unsigned int)counter >= NETOBS__COUNTER_MAX)
		return 0;
	bit = 1u << counter;
	if (!(dev->counter_avail & bit))
		return 0;
	flags |= NETOBS_COUNTER_AVAILABLE;
	if (dev->counter_folded & bit)
		flags |= NETOBS_COUNTER_FOLDED;
	if (dev->counters_32bit)
		flags |= NETOBS_COUNTER_32BIT;
	return flags;
}
