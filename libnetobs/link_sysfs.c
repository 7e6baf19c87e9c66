/* SPDX-License-Identifier: MIT */
/*
 * The sysfs source: every device under ROOT/sys/class/net, its attributes,
 * its 24 statistics/ counters and its class (folders read by sysfs_dev.c).
 * Also one device's attributes and alias for the procfs source.  Only
 * running out of memory or a missing /sys/class/net fails a snapshot; a
 * device that cannot be read is left out, with a warning unless it simply
 * vanished.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs.h"

static const char *const device_attrs[] = {
	"iflink", "type", "flags", "mtu", "tx_queue_len", "operstate", "carrier",
	"carrier_changes", "address", "uevent",
};

static int read_attrs(struct netobs__sysfs_dev *sd)
{
	struct netobs_device *dev = sd->dev;
	struct netobs__class_facts facts = { 0 };
	size_t i;
	int err = netobs__sysfs_read_ifindex(sd, &dev->ifindex);

	if (err < 0)
		return err;
	dev->iflink = dev->ifindex;
	for (i = 0; i < NETOBS__ARRAY_SIZE(device_attrs); i++)
		netobs__sysfs_apply_attr(sd, device_attrs[i]);
	netobs__sysfs_read_facts(sd, &facts, true);
	netobs__sysfs_classify_dev(sd, &facts);
	if (netobs__sysfs_speed_is_link(dev))
		netobs__sysfs_apply_attr(sd, "speed");
	return 0;
}

static void read_counters(struct netobs__sysfs_dev *sd)
{
	char rel[64];
	int c;

	/* rx_otherhost_dropped has no file: sysfs takes no new statistics. */
	for (c = 0; c <= NETOBS_RX_NOHANDLER; c++) {
		snprintf(rel, sizeof(rel), "statistics/%s",
			 netobs_counter_name((enum netobs_counter)c));
		netobs__sysfs_apply_attr(sd, rel);
	}
}

/* ifalias holds any bytes but NUL, newlines included: drop only the one
 * newline sysfs appends.  Empty when unset. */
static int read_alias(struct netobs__sysfs_dev *sd, struct netobs_snapshot *snap)
{
	int n = netobs__sysfs_get_attr(sd, "ifalias");

	if (n <= 0)
		return 0;
	if (sd->buf[n - 1] == '\n')
		n--;
	if (netobs__snapshot_set_alias(snap, sd->dev, sd->buf, (size_t)n) < 0)
		return netobs__error(sd->ctx, -ENOMEM, "out of memory");
	return 0;
}

int netobs__sysfs_read_device(struct netobs_ctx *ctx, struct netobs_device *dev)
{
	struct netobs__sysfs_dev sd;
	int err = netobs__sysfs_open_dev(&sd, ctx, dev);

	if (err < 0)
		return err;
	return netobs__sysfs_finish_dev(&sd, read_attrs(&sd));
}

int netobs__sysfs_read_alias(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
			     struct netobs_device *dev)
{
	struct netobs__sysfs_dev sd;
	int err = netobs__sysfs_open_dev(&sd, ctx, dev);

	if (err < 0)
		return err == -ENOMEM ? err : 0;
	err = read_alias(&sd, snap);
	netobs__sysfs_close_dev(&sd);
	return err;
}

static int read_one(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
		    struct netobs_device *dev)
{
	struct netobs__sysfs_dev sd;
	int err = netobs__sysfs_open_dev(&sd, ctx, dev);

	if (err < 0)
		return err;
	err = read_attrs(&sd);
	if (err == 0) {
		read_counters(&sd);
		err = read_alias(&sd, snap);
	}
	/* Not one counter: a dying device answers EINVAL everywhere, and
	 * finish_dev drops it when ifindex says it is gone.  One that stays
	 * has statistics/ missing or unreadable (a partial capture, a masked
	 * /sys): say so. */
	if (err == 0 && dev->counter_avail == 0)
		sd.missing = true;
	err = netobs__sysfs_finish_dev(&sd, err);
	if (err == 0 && dev->counter_avail == 0)
		netobs__warn(ctx, "%s/statistics: no counter readable", sd.path);
	return err;
}

/* NAME (of LEN < IFNAMSIZ bytes) quoted printable for a warning: a name
 * the kernel refused may hold a newline. */
static const char *shown_name(char out[NETOBS__IFNAMSIZ], const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[len] = '\0';
	return out;
}

/* "." and ".." are no device; nor is a name dev_valid_name() refuses
 * (a copied tree, a folder made by hand): skipped, named, never an error
 * for the whole snapshot. */
static bool device_name(struct netobs_ctx *ctx, const char *name, size_t len)
{
	char shown[NETOBS__IFNAMSIZ];
	char path[PATH_MAX];

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	if (len >= NETOBS__IFNAMSIZ) {
		if (netobs__path(ctx, path, sizeof(path), "/sys/class/net/%.32s...", name) < 0)
			path[0] = '\0';
		netobs__warn_at(ctx, path, 0, "name too long, skipped");
		return false;
	}
	if (!netobs__ifname_valid(name, len)) {
		if (netobs__path(ctx, path, sizeof(path), "/sys/class/net/%s",
				 shown_name(shown, name, len)) < 0)
			path[0] = '\0';
		netobs__warn_at(ctx, path, 0, "invalid device name, skipped");
		return false;
	}
	return true;
}

/* One entry of /sys/class/net.  Only running out of memory fails the
 * snapshot; a device that cannot be read is left out, with a warning
 * unless it simply vanished. */
static int read_entry(struct netobs_ctx *ctx, struct netobs_snapshot *snap, const char *name)
{
	struct netobs_device *dev;
	size_t len = strlen(name);
	int err;

	if (!device_name(ctx, name, len))
		return 0;
	dev = netobs__snapshot_add_device(snap);
	if (!dev)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	memcpy(dev->name, name, len + 1);
	err = read_one(ctx, snap, dev);
	if (err == 0)
		return 0;
	netobs__snapshot_drop_last_device(snap);
	if (err == -ENOMEM)
		return err;
	if (err != -ENODEV)
		netobs__error_to_warning(ctx);
	return 0;
}

static int cmp_ifindex_name(const void *a, const void *b)
{
	const struct netobs_device *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
	return strcmp(x->name, y->name);
}

/* One kernel never shows two devices with one ifindex: a tree pieced
 * together from two captures or two namespaces does.  Both stay, named.
 * Sorted here, the devices need no sort in snapshot_finish. */
static void warn_same_ifindex(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	const struct netobs_device *d = snap->devs;
	char path[PATH_MAX];
	size_t i;

	if (snap->ndevs < 2)
		return;
	qsort(snap->devs, snap->ndevs, sizeof(*snap->devs), cmp_ifindex_name);
	for (i = 1; i < snap->ndevs; i++) {
		if (d[i].ifindex != d[i - 1].ifindex)
			continue;
		if (netobs__path(ctx, path, sizeof(path), "/sys/class/net") < 0)
			path[0] = '\0';
		netobs__warn_at(ctx, path, 0, "%s and %s have the same ifindex %d",
				d[i - 1].name, d[i].name, d[i].ifindex);
	}
}

int netobs__sysfs_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int err;

	err = netobs__path(ctx, path, sizeof(path), "/sys/class/net");
	if (err < 0)
		return netobs__error(ctx, err, "%s/sys/class/net: path too long",
				     netobs_ctx_root(ctx));
	dir = opendir(path);
	if (!dir)
		return netobs__error(ctx, -errno, "%s: %s", path, strerror(errno));
	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (!de) {
			err = errno ? netobs__error(ctx, -errno, "%s: %s", path, strerror(errno))
				    : 0;
			break;
		}
		err = read_entry(ctx, snap, de->d_name);
		if (err < 0)
			break;
	}
	closedir(dir);
	if (err == 0)
		warn_same_ifindex(ctx, snap);
	return err;
}
