/* SPDX-License-Identifier: MIT */
/*
 * One device folder, ROOT/sys/class/net/NAME: its attributes and the facts
 * that classify it, for the sysfs source (link_sysfs.c) and the netlink
 * enrich cache (sysfs_enrich.c).
 *
 * A device that vanishes while it is read (a file or the whole folder
 * gone: ENOENT, ENODEV) is left out, never an error: container hosts
 * delete devices all the time.  An attribute the kernel refuses (EINVAL
 * from speed or carrier of a down device, EACCES) is unavailable.  A
 * malformed value leaves that one value unavailable and a warning names the
 * file and the value, so one bad file neither hides a problem nor takes a
 * whole host's snapshot down.  A device whose ifindex is malformed cannot
 * be told apart from others: it is left out, warned.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"

#define SHOWN_MAX 40		/* bytes of a bad value quoted in a warning */

/* What a scan of the device folder found. */
struct dev_entries {
	bool bridge, bonding, tun_flags, macvtap, ipvtap, device, master;
	char lower[NETOBS__IFNAMSIZ + 8]; /* the first lower_* link */
};

/* NAME in a NUL-terminated buffer of IFNAMSIZ: the kernel's own rule, so
 * a name is never a path ("..", "a/b") nor one no device can have. */
static bool valid_name(const char *name)
{
	return netobs__ifname_valid(name, strnlen(name, NETOBS__IFNAMSIZ));
}

static bool gone_errno(int err)
{
	return err == -ENOENT || err == -ENODEV || err == -ENOTDIR;
}

/* Whether FD has bytes left past a full buffer. */
static bool more_data(int fd)
{
	char c;
	ssize_t n;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n > 0;
}

/* The whole (small) file into BUF: its length, -EFBIG past SIZE - 1 bytes.
 * O_NONBLOCK: a FIFO planted in a captured tree reads as empty instead of
 * blocking. */
static int read_at(int dfd, const char *rel, char *buf, size_t size)
{
	size_t used = 0;
	ssize_t n;
	int err = 0;
	int fd = openat(dfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	while (used < size - 1) {
		n = read(fd, buf + used, size - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	if (err == 0 && used == size - 1 && more_data(fd))
		err = -EFBIG;
	close(fd);
	buf[used] = '\0';
	return err < 0 ? err : (int)used;
}

int netobs__sysfs_get_attr(struct netobs__sysfs_dev *sd, const char *rel)
{
	int n = read_at(sd->dfd, rel, sd->buf, sizeof(sd->buf));

	if (gone_errno(n))
		sd->missing = true;
	return n;
}

/* The attributes whose value is a word or a list, not a number. */
static bool word_attr(const char *rel)
{
	return strcmp(rel, "operstate") == 0 || strcmp(rel, "address") == 0 ||
	       strcmp(rel, "uevent") == 0;
}

/* A bad value, quoted printable and short: it may hold any bytes. */
static void warn_bad(struct netobs__sysfs_dev *sd, const char *rel, int len, int err)
{
	char shown[SHOWN_MAX + 1];
	const char *end = netobs__sysfs_value_end(sd->buf, (size_t)len);
	size_t i, n = (size_t)(end - sd->buf);

	if (n > SHOWN_MAX)
		n = SHOWN_MAX;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)sd->buf[i];

		shown[i] = c >= 0x20 && c < 0x7f && c != '\'' ? (char)c : '?';
	}
	shown[n] = '\0';
	netobs__warn(sd->ctx, "%s/%s: %s: '%s'%s", sd->path, rel,
		     err == -ERANGE ? "out of range" : err == -EFBIG ? "too long"
		     : word_attr(rel) ? "malformed" : "not a number",
		     shown, (size_t)(end - sd->buf) > n ? "..." : "");
}

/* Reads and parses one attribute; unreadable or malformed: unavailable. */
void netobs__sysfs_apply_attr(struct netobs__sysfs_dev *sd, const char *rel)
{
	int n = netobs__sysfs_get_attr(sd, rel), err;

	if (n == -EFBIG) {
		netobs__warn(sd->ctx, "%s/%s: too long: over %d bytes, which no sysfs attribute is",
			     sd->path, rel, NETOBS__SYSFS_ATTR_MAX);
		return;
	}
	/* A device's own state makes some attributes answer EINVAL or
	 * EOPNOTSUPP (carrier of a down device): silent.  These errors come
	 * from the tree (a capture's loop, a file made a folder, a masked
	 * file), and the value would vanish unexplained. */
	if (n == -ELOOP || n == -EISDIR || n == -EACCES || n == -EPERM) {
		netobs__warn(sd->ctx, "%s/%s: not readable (%s)", sd->path, rel, strerror(-n));
		return;
	}
	if (n < 0)
		return;
	err = netobs__sysfs_parse_attr(rel, sd->buf, (size_t)n, sd->dev, sd->devtype);
	if (err < 0)
		warn_bad(sd, rel, n, err);
}

int netobs__sysfs_open_dev(struct netobs__sysfs_dev *sd, struct netobs_ctx *ctx,
			   struct netobs_device *dev)
{
	int err;

	sd->ctx = ctx;
	sd->dev = dev;
	sd->dfd = -1;
	sd->devtype[0] = '\0';
	sd->missing = false;
	if (!valid_name(dev->name))
		return netobs__error(ctx, -EINVAL, "invalid device name '%.*s'",
				     NETOBS__IFNAMSIZ, dev->name);
	err = netobs__path(ctx, sd->path, sizeof(sd->path), "/sys/class/net/%s", dev->name);
	if (err < 0)
		return netobs__error(ctx, err, "%s/sys/class/net/%s: path too long",
				     netobs_ctx_root(ctx), dev->name);
	sd->dfd = open(sd->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sd->dfd >= 0)
		return 0;
	err = -errno;
	if (gone_errno(err))	/* vanished, or not a device (bonding_masters) */
		return -ENODEV;
	return netobs__error(ctx, err, "%s: %s", sd->path, strerror(-err));
}

void netobs__sysfs_close_dev(struct netobs__sysfs_dev *sd)
{
	if (sd->dfd >= 0)
		close(sd->dfd);
	sd->dfd = -1;
}

/* The one attribute a device cannot do without. */
int netobs__sysfs_read_ifindex(struct netobs__sysfs_dev *sd, int *ifindex)
{
	int n = netobs__sysfs_get_attr(sd, "ifindex");
	int err;

	if (n < 0) {
		/* A dying device's attributes answer EINVAL (dev_isalive). */
		if (gone_errno(n) || n == -EINVAL)
			return -ENODEV;
		return netobs__error(sd->ctx, n, "%s/ifindex: %s", sd->path, strerror(-n));
	}
	err = netobs__sysfs_parse_int(sd->buf, (size_t)n, 1, ifindex);
	if (err < 0) {
		warn_bad(sd, "ifindex", n, err);
		return netobs__error(sd->ctx, -EBADMSG, "%s/ifindex: malformed, device skipped",
				     sd->path);
	}
	return 0;
}

/* The last path component of a symlink: "../../../bus/pci/drivers/ixgbe"
 * gives "ixgbe".  "" when absent, too long or not a plain word. */
static void link_name(int dfd, const char *rel, char *out, size_t size)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(dfd, rel, target, sizeof(target) - 1);
	const char *base;
	size_t len, i;

	out[0] = '\0';
	if (n <= 0)
		return;
	while (n > 0 && target[n - 1] == '/')
		n--;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	len = strlen(base);
	if (len == 0 || len >= size)
		return;
	for (i = 0; i < len; i++)
		if ((unsigned char)base[i] <= ' ' || (unsigned char)base[i] >= 0x7f)
			return;
	memcpy(out, base, len + 1);
}

static void note_entry(struct dev_entries *e, const char *name)
{
	if (strcmp(name, "bridge") == 0)
		e->bridge = true;
	else if (strcmp(name, "bonding") == 0)
		e->bonding = true;
	else if (strcmp(name, "tun_flags") == 0)
		e->tun_flags = true;
	else if (strcmp(name, "macvtap") == 0)
		e->macvtap = true;
	else if (strcmp(name, "ipvtap") == 0)
		e->ipvtap = true;
	else if (strcmp(name, "device") == 0)
		e->device = true;
	else if (strcmp(name, "master") == 0)
		e->master = true;
	else if (strncmp(name, "lower_", 6) == 0 && !e->lower[0] && strlen(name) < sizeof(e->lower))
		memcpy(e->lower, name, strlen(name) + 1);
}

/* One pass over the folder finds every marker and link: cheaper than a
 * stat per name, and a device has about forty entries. */
static void scan_entries(struct netobs__sysfs_dev *sd, struct dev_entries *e)
{
	struct dirent *de;
	DIR *d;
	int fd = openat(sd->dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	memset(e, 0, sizeof(*e));
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
		note_entry(e, de->d_name);
	closedir(d);
}

/* The bridge or bond this device is enslaved to, by the name its master
 * link ends in, looked up as ROOT/sys/class/net/NAME/ifindex. */
static void read_master(struct netobs__sysfs_dev *sd)
{
	char name[NETOBS__IFNAMSIZ], path[PATH_MAX], buf[32];
	int n, ifindex;

	link_name(sd->dfd, "master", name, sizeof(name));
	if (!name[0] || !valid_name(name))
		return;
	if (netobs__path(sd->ctx, path, sizeof(path), "/sys/class/net/%s/ifindex", name) < 0)
		return;
	n = netobs__file_read_line(path, buf, sizeof(buf));
	if (n >= 0 && netobs__sysfs_parse_int(buf, (size_t)n, 1, &ifindex) == 0)
		sd->dev->master_ifindex = ifindex;
}

/* ipvlan takes its lower device's address (ipvlan_init); macvlan makes up
 * its own unless told otherwise. */
static bool same_address_as_lower(struct netobs__sysfs_dev *sd, const char *lower)
{
	struct netobs_device tmp;
	char rel[NETOBS__IFNAMSIZ + 16];
	int n;

	if (!sd->dev->address[0])
		return false;
	snprintf(rel, sizeof(rel), "%s/address", lower);
	n = read_at(sd->dfd, rel, sd->buf, sizeof(sd->buf));
	if (n < 0 || netobs__sysfs_parse_address(sd->buf, (size_t)n, &tmp) < 0)
		return false;
	return strcmp(tmp.address, sd->dev->address) == 0;
}

/* Where ROOT/sys/class/net/NAME leads.  device_add() files a device with
 * no parent under devices/virtual/ and one with a parent under that
 * parent: anywhere else under devices/ is a bus device.  A captured tree
 * (sosreport) can lose the device link but keep this one. */
static bool hardware_path(const struct netobs__sysfs_dev *sd)
{
	static const char devices[] = "devices/";
	char target[PATH_MAX];
	ssize_t n = readlink(sd->path, target, sizeof(target) - 1);
	const char *p = target;

	if (n <= 0)
		return false;
	target[n] = '\0';
	while ((p = strstr(p, devices)) != NULL && p != target && p[-1] != '/')
		p++;
	if (!p)
		return false;
	p += sizeof(devices) - 1;
	return *p != '\0' && strncmp(p, "virtual/", 8) != 0;
}

/* Facts for classify.c, and driver and bus of a hardware device. */
void netobs__sysfs_read_facts(struct netobs__sysfs_dev *sd, struct netobs__class_facts *f,
			      bool master)
{
	struct netobs_device *dev = sd->dev;
	struct dev_entries e;

	scan_entries(sd, &e);
	f->sysfs_known = true;
	f->devtype = sd->devtype[0] ? sd->devtype : NULL;
	f->marker_bridge = e.bridge;
	f->marker_bond = e.bonding;
	f->marker_tun = e.tun_flags;
	f->marker_macvtap = e.macvtap;
	f->marker_ipvtap = e.ipvtap;
	f->has_parent = e.device || hardware_path(sd);
	f->has_lower = e.lower[0] != '\0';
	if (e.device) {
		link_name(sd->dfd, "device/driver", dev->driver, sizeof(dev->driver));
		link_name(sd->dfd, "device/subsystem", dev->bus, sizeof(dev->bus));
	}
	if (f->has_lower && !f->devtype && !f->has_parent)
		f->lower_same_addr = same_address_as_lower(sd, e.lower);
	if (master && e.master)
		read_master(sd);
}

/* Hardware reports its link's speed.  So does a bond: the kernel sums the
 * speeds of its active slaves (bond_update_speed_duplex), -1 without one.
 * Other software devices make one up (veth says 10000): no link's. */
bool netobs__sysfs_speed_is_link(const struct netobs_device *dev)
{
	return dev->cls == NETOBS_CLASS_PHYSICAL || strcmp(dev->kind, "bond") == 0;
}

/* The facts both sources share come from DEV, whoever filled it. */
void netobs__sysfs_classify_dev(struct netobs__sysfs_dev *sd, struct netobs__class_facts *f)
{
	struct netobs_device *dev = sd->dev, tmp;
	int n;

	f->arphrd = dev->arphrd;
	f->flags = dev->flags;
	f->ifindex = dev->ifindex;
	f->iflink = dev->iflink;
	f->has_txqlen = dev->attrs & NETOBS__HAS_TXQLEN;
	f->txqlen = dev->txqlen;
	f->address = dev->address;
	f->driver = dev->driver[0] ? dev->driver : NULL;
	netobs__classify(f, &dev->cls, dev->kind);
	/* Software Ethernet that nothing else tells apart: its reported speed
	 * still may (classify.c, ether_kind).  One more file, for few devices. */
	if (dev->cls != NETOBS_CLASS_VIRTUAL || strcmp(dev->kind, "ether") != 0)
		return;
	n = read_at(sd->dfd, "speed", sd->buf, sizeof(sd->buf));
	tmp.attrs = 0;
	if (n < 0 || netobs__sysfs_parse_speed(sd->buf, (size_t)n, &tmp) < 0 ||
	    !(tmp.attrs & NETOBS__HAS_SPEED))
		return;
	f->speed_mbps = (uint32_t)(tmp.speed_bps / 1000000u);
	netobs__classify(f, &dev->cls, dev->kind);
}

/* After a file went missing: is the folder still this device?  A removed
 * folder stays open but empty; the name may have a new device already. */
static bool still_there(struct netobs__sysfs_dev *sd)
{
	char path[PATH_MAX + 16], buf[32];
	int n, ifindex;

	snprintf(path, sizeof(path), "%s/ifindex", sd->path);
	n = netobs__file_read_line(path, buf, sizeof(buf));
	return n >= 0 && netobs__sysfs_parse_int(buf, (size_t)n, 1, &ifindex) == 0 &&
	       ifindex == sd->dev->ifindex;
}

int netobs__sysfs_finish_dev(struct netobs__sysfs_dev *sd, int err)
{
	if (err == 0 && sd->missing && !still_there(sd))
		err = -ENODEV;
	netobs__sysfs_close_dev(sd);
	return err;
}
