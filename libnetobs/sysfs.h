/* SPDX-License-Identifier: MIT */
/*
 * Private to the sysfs files: sysfs_attr.c (pure attribute parsers,
 * fuzzed), sysfs_dev.c (reading one device folder), link_sysfs.c (the sysfs
 * source) and sysfs_enrich.c (what sysfs adds to a netlink device, cached).
 * What the rest of the library calls is in internal.h.
 */
#ifndef NETOBS_SYSFS_H
#define NETOBS_SYSFS_H

#include <limits.h>

#include "internal.h"

#define NETOBS__SYSFS_ATTR_MAX 4096	/* a sysfs attribute is at most a page */

/* What sysfs adds to a netlink device, cached per (ifindex, name) on the
 * context (ctx->cache). */
struct netobs__sysfs_cache_entry {
	int ifindex;
	char name[NETOBS__IFNAMSIZ];
	enum netobs_class cls;
	char kind[NETOBS__KINDSIZ];
	char driver[NETOBS__DRIVERSIZ];
	char bus[NETOBS__BUSSIZ];
	int err;		/* 0, or why sysfs cannot describe it (then
				 * cls..bus are unset): asked once */
	bool seen;		/* touched by the current snapshot */
};

/* ---- sysfs_attr.c: parsing attribute values (pure, fuzzed) ---------------- */

/* Parses the contents of one sysfs attribute, ATTR relative to the device
 * folder ("mtu", "uevent", "statistics/rx_bytes"), into DEV (DEVTYPE into
 * DEVTYPE).  -EINVAL malformed, -ERANGE out of range, -ENOENT unknown
 * ATTR.  Pure: fuzzed. */
int netobs__sysfs_parse_attr(const char *attr, const char *buf, size_t len,
			     struct netobs_device *dev, char devtype[NETOBS__KINDSIZ]);
/* The parsers the folder readers call directly, same errors. */
int netobs__sysfs_parse_int(const char *buf, size_t len, int min, int *out);
int netobs__sysfs_parse_address(const char *buf, size_t len, struct netobs_device *dev);
int netobs__sysfs_parse_uevent(const char *buf, size_t len, char devtype[NETOBS__KINDSIZ]);
int netobs__sysfs_parse_speed(const char *buf, size_t len, struct netobs_device *dev);
/* The end of a value, before the one newline sysfs appends. */
const char *netobs__sysfs_value_end(const char *buf, size_t len);

/* ---- sysfs_dev.c: one device folder, ROOT/sys/class/net/NAME --------------- */

struct netobs__sysfs_dev {
	struct netobs_ctx *ctx;
	struct netobs_device *dev;
	int dfd;			/* ROOT/sys/class/net/NAME, open */
	char path[PATH_MAX];		/* the same, for messages */
	char devtype[NETOBS__KINDSIZ];
	bool missing;			/* a file was gone: has the device? */
	char buf[NETOBS__SYSFS_ATTR_MAX + 1];
};

/* Opens DEV->name's folder.  -ENODEV when it is gone or no device folder,
 * -EINVAL for a name the kernel never gives; others carry a message. */
int netobs__sysfs_open_dev(struct netobs__sysfs_dev *sd, struct netobs_ctx *ctx,
			   struct netobs_device *dev);
void netobs__sysfs_close_dev(struct netobs__sysfs_dev *sd);
/* Closes SD; ERR, or -ENODEV when a file went missing and the folder is no
 * longer this device. */
int netobs__sysfs_finish_dev(struct netobs__sysfs_dev *sd, int err);
/* File REL of the folder into sd->buf: its length or a negative errno. */
int netobs__sysfs_get_attr(struct netobs__sysfs_dev *sd, const char *rel);
/* Reads and parses REL into the device; unreadable or malformed (warned):
 * left unavailable. */
void netobs__sysfs_apply_attr(struct netobs__sysfs_dev *sd, const char *rel);
/* -ENODEV for a dying device, -EBADMSG (warned) for a malformed one. */
int netobs__sysfs_read_ifindex(struct netobs__sysfs_dev *sd, int *ifindex);
/* The classification facts the folder holds, driver and bus of a hardware
 * device; MASTER: also resolve the master link's ifindex. */
void netobs__sysfs_read_facts(struct netobs__sysfs_dev *sd, struct netobs__class_facts *f,
			      bool master);
/* Class and kind of sd->dev from F plus what the device itself holds. */
void netobs__sysfs_classify_dev(struct netobs__sysfs_dev *sd, struct netobs__class_facts *f);
/* Whether DEV's speed file tells a link speed: see sysfs_dev.c. */
bool netobs__sysfs_speed_is_link(const struct netobs_device *dev);

/* Entries in the enrich cache, and its capacity in *CAP (tests). */
size_t netobs__sysfs_cache_size(const struct netobs_ctx *ctx, size_t *cap);

#endif /* NETOBS_SYSFS_H */
