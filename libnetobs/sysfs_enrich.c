/* SPDX-License-Identifier: MIT */
/*
 * What sysfs adds to a netlink device: driver, bus and the classification
 * facts netlink lacks, cached on the context per (ifindex, name) so a
 * refresh reads each device's folder once.  Link speed changes with the
 * link and is read every time.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs.h"

#define CACHE_MAX 65536		/* entries; beyond, the cache starts over */

/* The cache, the enrich step's own state on the context. */
struct netobs__sysfs_cache {
	struct netobs__sysfs_cache_entry *entries;
	size_t n, cap;
};

/* The context's cache, made on first use; NULL only without memory, when
 * every device is read uncached. */
static struct netobs__sysfs_cache *cache_of(struct netobs_ctx *ctx)
{
	if (!ctx->sysfs_cache)
		ctx->sysfs_cache = calloc(1, sizeof(*ctx->sysfs_cache));
	return ctx->sysfs_cache;
}

size_t netobs__sysfs_cache_size(const struct netobs_ctx *ctx, size_t *cap)
{
	const struct netobs__sysfs_cache *c = ctx->sysfs_cache;

	if (cap)
		*cap = c ? c->cap : 0;
	return c ? c->n : 0;
}

void netobs__sysfs_cache_forget(struct netobs_ctx *ctx)
{
	if (!ctx->sysfs_cache)
		return;
	free(ctx->sysfs_cache->entries);
	free(ctx->sysfs_cache);
	ctx->sysfs_cache = NULL;
}

static struct netobs__sysfs_cache_entry *cache_find(struct netobs__sysfs_cache *c,
						    const struct netobs_device *dev)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct netobs__sysfs_cache_entry *e = &c->entries[i];

		if (e->ifindex == dev->ifindex && strcmp(e->name, dev->name) == 0)
			return e;
	}
	return NULL;
}

/* Drops what the snapshots since netobs__sysfs_cache_begin did not ask
 * for: devices deleted meanwhile, on a host that churns them. */
static void cache_prune(struct netobs__sysfs_cache *c)
{
	size_t i, kept = 0;

	for (i = 0; i < c->n; i++)
		if (c->entries[i].seen)
			c->entries[kept++] = c->entries[i];
	c->n = kept;
	if (c->n >= CACHE_MAX)
		c->n = 0;
}

static struct netobs__sysfs_cache_entry *
cache_insert(struct netobs__sysfs_cache *c, const struct netobs__sysfs_cache_entry *entry)
{
	struct netobs__sysfs_cache_entry *n;
	size_t ncap;

	if (c->n == c->cap) {
		cache_prune(c);
		if (c->n > c->cap / 2 || c->cap == 0) {
			ncap = c->cap ? c->cap * 2 : 16;
			n = realloc(c->entries, ncap * sizeof(*n));
			if (!n)
				return NULL;
			c->entries = n;
			c->cap = ncap;
		}
	}
	n = &c->entries[c->n++];
	*n = *entry;
	return n;
}

void netobs__sysfs_cache_begin(struct netobs_ctx *ctx)
{
	struct netobs__sysfs_cache *c = ctx->sysfs_cache;
	size_t i;

	for (i = 0; c && i < c->n; i++)
		c->entries[i].seen = false;
}

/* Sysfs facts of a netlink device.  DEV's own attributes (flags, type,
 * iflink, txqlen, address) came from netlink and stay: only what netlink
 * cannot tell is read here. */
static int describe(struct netobs__sysfs_dev *sd)
{
	struct netobs__class_facts facts = { 0 };
	int ifindex, n, err = netobs__sysfs_read_ifindex(sd, &ifindex);

	if (err < 0)
		return err;
	/* Another namespace's /sys (we were moved, /sys was not remounted). */
	if (ifindex != sd->dev->ifindex)
		return -ESTALE;
	n = netobs__sysfs_get_attr(sd, "uevent");
	if (n >= 0 && netobs__sysfs_parse_uevent(sd->buf, (size_t)n, sd->devtype) < 0)
		sd->devtype[0] = '\0';
	facts.link_kind = sd->dev->kind[0] ? sd->dev->kind : NULL;
	netobs__sysfs_read_facts(sd, &facts, false);
	netobs__sysfs_classify_dev(sd, &facts);
	return 0;
}

static void fill_entry(struct netobs__sysfs_cache_entry *e, const struct netobs_device *dev,
		       int err)
{
	memset(e, 0, sizeof(*e));
	e->ifindex = dev->ifindex;
	memcpy(e->name, dev->name, sizeof(e->name));
	e->err = err;
	if (err)
		return;
	e->cls = dev->cls;
	memcpy(e->kind, dev->kind, sizeof(e->kind));
	memcpy(e->driver, dev->driver, sizeof(e->driver));
	memcpy(e->bus, dev->bus, sizeof(e->bus));
}

/* Link speed changes with the link: read each time, never cached. */
static void read_speed(struct netobs_ctx *ctx, struct netobs_device *dev)
{
	char path[PATH_MAX], buf[32];
	int n;

	dev->attrs &= ~(unsigned int)NETOBS__HAS_SPEED;
	if (netobs__path(ctx, path, sizeof(path), "/sys/class/net/%s/speed", dev->name) < 0)
		return;
	n = netobs__file_read_line(path, buf, sizeof(buf));
	if (n >= 0)
		netobs__sysfs_parse_speed(buf, (size_t)n, dev);
}

static void apply_entry(const struct netobs__sysfs_cache_entry *e, struct netobs_device *dev)
{
	dev->cls = e->cls;
	memcpy(dev->kind, e->kind, sizeof(dev->kind));
	memcpy(dev->driver, e->driver, sizeof(dev->driver));
	memcpy(dev->bus, e->bus, sizeof(dev->bus));
}

int netobs__sysfs_enrich(struct netobs_ctx *ctx, struct netobs_device *dev)
{
	struct netobs__sysfs_cache *c = cache_of(ctx);
	struct netobs__sysfs_cache_entry fresh, *e = c ? cache_find(c, dev) : NULL;
	struct netobs__sysfs_dev sd;
	int err;

	/* /sys shows the namespace that mounted it: in another one, an
	 * eth0 there with the same ifindex is still another device.  The
	 * class comes from netlink's facts, the bus from IFLA_PARENT_DEV_BUS_NAME. */
	if (netobs__ctx_in_netns(ctx))
		return -ENODEV;
	if (!e) {
		err = netobs__sysfs_open_dev(&sd, ctx, dev);
		if (err == 0)
			err = netobs__sysfs_finish_dev(&sd, describe(&sd));
		/* Only the answers that hold for this (ifindex, name) are kept;
		 * EMFILE and the like are worth asking again. */
		if (err != 0 && err != -ENODEV && err != -ESTALE)
			return err;
		fill_entry(&fresh, dev, err);
		e = c ? cache_insert(c, &fresh) : NULL;
		if (!e)
			e = &fresh;	/* out of memory: right, just uncached */
	}
	e->seen = true;
	if (e->err)
		return e->err;
	apply_entry(e, dev);
	if (netobs__sysfs_speed_is_link(dev))
		read_speed(ctx, dev);
	return 0;
}
