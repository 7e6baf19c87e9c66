/* SPDX-License-Identifier: MIT */
/*
 * The sysfs source: every device under ROOT/sys/class/net, its attributes,
 * its 24 statistics/ counters, and the facts that classify it.  Also what
 * sysfs adds to a netlink device (driver, bus, classification facts),
 * cached on the context.
 *
 * Bad input.  A device that vanishes while it is read (a file or the whole
 * folder gone: ENOENT, ENODEV) is left out, never an error: container hosts
 * delete devices all the time.  An attribute the kernel refuses (EINVAL
 * from speed or carrier of a down device, EACCES) is unavailable.  A
 * malformed value (not a number, above the field's range, not one of the
 * known words) is never read as 0: that one value is unavailable and a
 * warning names the file and the value, so one bad file neither hides a
 * problem nor takes a whole host's snapshot down.  A device whose ifindex
 * is malformed cannot be told apart from others: it is left out, warned.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define ATTR_MAX 4096		/* a sysfs attribute is at most a page */
#define CACHE_MAX 65536		/* entries; beyond, the cache starts over */
#define SHOWN_MAX 40		/* bytes of a bad value quoted in a warning */

/* ---- parsing attribute values (pure, fuzzed) ----------------------------- */

/* sysfs ends a value with one newline. */
static const char *value_end(const char *buf, size_t len)
{
	return len > 0 && buf[len - 1] == '\n' ? buf + len - 1 : buf + len;
}

static int parse_dec(const char *buf, size_t len, uint64_t *out)
{
	const char *p = buf, *end = value_end(buf, len);
	int err = netobs__parse_u64(&p, end, out);

	if (err < 0)
		return err;
	return p == end ? 0 : -EINVAL;
}

static int parse_u32(const char *buf, size_t len, uint32_t *out)
{
	uint64_t v;
	int err = parse_dec(buf, len, &v);

	if (err < 0)
		return err;
	if (v > UINT32_MAX)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

static int parse_int(const char *buf, size_t len, int min, int *out)
{
	bool neg = len > 0 && buf[0] == '-';
	uint64_t v;
	int err = parse_dec(buf + neg, len - neg, &v);

	if (err < 0)
		return err;
	if (v > (uint64_t)INT_MAX || (neg && -(int64_t)v < min) || (!neg && (int)v < min))
		return -ERANGE;
	*out = neg ? -(int)v : (int)v;
	return 0;
}

/* "%#x": "0x1003", but plain "0" for zero. */
static int parse_flags_value(const char *buf, size_t len, uint32_t *out)
{
	const char *p = buf, *end = value_end(buf, len);
	uint64_t v;
	int err;

	if (end - p < 2 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return parse_u32(buf, len, out);
	p += 2;
	err = netobs__parse_hex(&p, end, &v);
	if (err < 0)
		return err;
	if (p != end)
		return -EINVAL;
	if (v > UINT32_MAX)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

/* "aa:bb:cc:dd:ee:ff", or nothing for devices without an address (tun). */
static int parse_address(const char *buf, size_t len, struct netobs_device *dev)
{
	const char *p = buf, *end = value_end(buf, len);
	uint8_t addr[NETOBS__ADDRSIZ];
	size_t n = 0;

	while (p < end) {
		if (n > 0 && *p++ != ':')
			return -EINVAL;
		if (end - p < 2 || netobs__hex_digit(p[0]) < 0 || netobs__hex_digit(p[1]) < 0)
			return -EINVAL;
		if (n == sizeof(addr))
			return -ERANGE;
		addr[n++] = (uint8_t)(netobs__hex_digit(p[0]) << 4 | netobs__hex_digit(p[1]));
		p += 2;
	}
	netobs__device_set_address(dev, addr, n);
	return 0;
}

static int parse_operstate(const char *buf, size_t len, struct netobs_device *dev)
{
	const char *end = value_end(buf, len);
	size_t n = (size_t)(end - buf);
	int s;

	for (s = NETOBS_OPER_UNKNOWN; s <= NETOBS_OPER_UP; s++) {
		const char *name = netobs_operstate_name((enum netobs_operstate)s);

		if (strlen(name) == n && memcmp(name, buf, n) == 0) {
			dev->operstate = (enum netobs_operstate)s;
			return 0;
		}
	}
	return -EINVAL;
}

/* A DEVTYPE becomes a kind, shown in tables and metric labels: only the
 * characters kernel device type names use. */
static bool devtype_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* KEY=VALUE lines; only DEVTYPE matters.  No DEVTYPE line: "". */
static int parse_uevent(const char *buf, size_t len, char devtype[NETOBS__KINDSIZ])
{
	static const char key[] = "DEVTYPE=";
	const char *p = buf, *end = buf + len;

	devtype[0] = '\0';
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *v = p + sizeof(key) - 1;
		size_t n, i;

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) >= sizeof(key) - 1 && memcmp(p, key, sizeof(key) - 1) == 0) {
			n = (size_t)(eol - v);
			if (n == 0 || n >= NETOBS__KINDSIZ)
				return n == 0 ? -EINVAL : -ERANGE;
			for (i = 0; i < n; i++)
				if (!devtype_char(v[i]))
					return -EINVAL;
			memcpy(devtype, v, n);
			devtype[n] = '\0';
			return 0;
		}
		p = eol + 1;
	}
	return 0;
}

/* Mb/s.  Unknown: -1 (SPEED_UNKNOWN), its u16 and u32 forms that older
 * drivers print, and 0. */
static int parse_speed(const char *buf, size_t len, struct netobs_device *dev)
{
	int64_t mbps = 0;
	uint64_t u;
	int v, err;

	if (len > 0 && buf[0] == '-') {
		err = parse_int(buf, len, INT_MIN, &v);
		mbps = v;
	} else {
		err = parse_dec(buf, len, &u);
		if (err == 0 && u > UINT32_MAX)
			err = -ERANGE;
		if (err == 0)
			mbps = (int64_t)u;
	}
	if (err < 0)
		return err;
	dev->attrs &= ~(unsigned int)NETOBS__HAS_SPEED;
	if (mbps <= 0 || mbps == UINT16_MAX || mbps == UINT32_MAX)
		return 0;
	dev->speed_bps = (uint64_t)mbps * 1000000u;
	dev->attrs |= NETOBS__HAS_SPEED;
	return 0;
}

static int parse_attr_u32(const char *buf, size_t len, struct netobs_device *dev,
			  uint32_t *field, unsigned int attr)
{
	int err = parse_u32(buf, len, field);

	if (err == 0)
		dev->attrs |= attr;
	return err;
}

static int parse_carrier(const char *buf, size_t len, struct netobs_device *dev)
{
	uint32_t v;
	int err = parse_u32(buf, len, &v);

	if (err < 0)
		return err;
	if (v > 1)
		return -ERANGE;
	dev->carrier = v == 1;
	dev->attrs |= NETOBS__HAS_CARRIER;
	return 0;
}

static int parse_type(const char *buf, size_t len, struct netobs_device *dev)
{
	uint32_t v;
	int err = parse_u32(buf, len, &v);

	if (err < 0)
		return err;
	if (v > UINT16_MAX)	/* dev->type is an unsigned short */
		return -ERANGE;
	dev->arphrd = v;
	return 0;
}

static int parse_counter(const char *name, const char *buf, size_t len,
			 struct netobs_device *dev)
{
	enum netobs_counter c;
	uint64_t v;
	int err;

	if (netobs_counter_from_name(name, &c) < 0)
		return -ENOENT;
	err = parse_dec(buf, len, &v);
	if (err == 0)
		netobs__device_set_counter(dev, c, v, false);
	return err;
}

enum attr_id {
	ATTR_IFINDEX, ATTR_IFLINK, ATTR_TYPE, ATTR_FLAGS, ATTR_MTU, ATTR_TXQLEN,
	ATTR_OPERSTATE, ATTR_CARRIER, ATTR_CARRIER_CHANGES, ATTR_ADDRESS, ATTR_SPEED,
	ATTR_UEVENT,
};

static const char *const attr_names[] = {
	[ATTR_IFINDEX] = "ifindex",
	[ATTR_IFLINK] = "iflink",
	[ATTR_TYPE] = "type",
	[ATTR_FLAGS] = "flags",
	[ATTR_MTU] = "mtu",
	[ATTR_TXQLEN] = "tx_queue_len",
	[ATTR_OPERSTATE] = "operstate",
	[ATTR_CARRIER] = "carrier",
	[ATTR_CARRIER_CHANGES] = "carrier_changes",
	[ATTR_ADDRESS] = "address",
	[ATTR_SPEED] = "speed",
	[ATTR_UEVENT] = "uevent",
};

static int parse_known(enum attr_id id, const char *buf, size_t len, struct netobs_device *dev,
		       char devtype[NETOBS__KINDSIZ])
{
	switch (id) {
	case ATTR_IFINDEX:
		return parse_int(buf, len, 1, &dev->ifindex);
	case ATTR_IFLINK:
		return parse_int(buf, len, 0, &dev->iflink);
	case ATTR_TYPE:
		return parse_type(buf, len, dev);
	case ATTR_FLAGS:
		return parse_flags_value(buf, len, &dev->flags);
	case ATTR_MTU:
		return parse_attr_u32(buf, len, dev, &dev->mtu, NETOBS__HAS_MTU);
	case ATTR_TXQLEN:
		return parse_attr_u32(buf, len, dev, &dev->txqlen, NETOBS__HAS_TXQLEN);
	case ATTR_OPERSTATE:
		return parse_operstate(buf, len, dev);
	case ATTR_CARRIER:
		return parse_carrier(buf, len, dev);
	case ATTR_CARRIER_CHANGES:
		return parse_attr_u32(buf, len, dev, &dev->carrier_changes,
				      NETOBS__HAS_CARRIER_CHANGES);
	case ATTR_ADDRESS:
		return parse_address(buf, len, dev);
	case ATTR_SPEED:
		return parse_speed(buf, len, dev);
	case ATTR_UEVENT:
		return parse_uevent(buf, len, devtype);
	}
	return -ENOENT;
}

int netobs__sysfs_parse_attr(const char *attr, const char *buf, size_t len,
			     struct netobs_device *dev, char devtype[NETOBS__KINDSIZ])
{
	static const char stats[] = "statistics/";
	size_t i;

	if (strncmp(attr, stats, sizeof(stats) - 1) == 0)
		return parse_counter(attr + sizeof(stats) - 1, buf, len, dev);
	for (i = 0; i < NETOBS__ARRAY_SIZE(attr_names); i++)
		if (strcmp(attr, attr_names[i]) == 0)
			return parse_known((enum attr_id)i, buf, len, dev, devtype);
	return -ENOENT;
}

/* ---- reading one device folder ------------------------------------------- */

struct sysfs_dev {
	struct netobs_ctx *ctx;
	struct netobs_device *dev;
	int dfd;			/* ROOT/sys/class/net/NAME, open */
	char path[PATH_MAX];		/* the same, for messages */
	char devtype[NETOBS__KINDSIZ];
	bool missing;			/* a file was gone: has the device? */
	char buf[ATTR_MAX + 1];
};

/* What a scan of the device folder found. */
struct dev_entries {
	bool bridge, bonding, tun_flags, macvtap, ipvtap, device, master;
	char lower[NETOBS__IFNAMSIZ + 8]; /* the first lower_* link */
};

static bool valid_name(const char *name)
{
	size_t len = strnlen(name, NETOBS__IFNAMSIZ);

	return len > 0 && len < NETOBS__IFNAMSIZ && !memchr(name, '/', len) &&
	       strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
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

static int get_attr(struct sysfs_dev *sd, const char *rel)
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
static void warn_bad(struct sysfs_dev *sd, const char *rel, int len, int err)
{
	char shown[SHOWN_MAX + 1];
	const char *end = value_end(sd->buf, (size_t)len);
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
static void apply_attr(struct sysfs_dev *sd, const char *rel)
{
	int n = get_attr(sd, rel), err;

	if (n == -EFBIG) {
		sd->buf[0] = '\0';
		warn_bad(sd, rel, 0, n);
		return;
	}
	if (n < 0)
		return;
	err = netobs__sysfs_parse_attr(rel, sd->buf, (size_t)n, sd->dev, sd->devtype);
	if (err < 0)
		warn_bad(sd, rel, n, err);
}

static int open_dev(struct sysfs_dev *sd, struct netobs_ctx *ctx, struct netobs_device *dev)
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

static void close_dev(struct sysfs_dev *sd)
{
	if (sd->dfd >= 0)
		close(sd->dfd);
	sd->dfd = -1;
}

/* The one attribute a device cannot do without. */
static int read_ifindex(struct sysfs_dev *sd, int *ifindex)
{
	int n = get_attr(sd, "ifindex");
	int err;

	if (n < 0) {
		/* A dying device's attributes answer EINVAL (dev_isalive). */
		if (gone_errno(n) || n == -EINVAL)
			return -ENODEV;
		return netobs__error(sd->ctx, n, "%s/ifindex: %s", sd->path, strerror(-n));
	}
	err = parse_int(sd->buf, (size_t)n, 1, ifindex);
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
static void scan_entries(struct sysfs_dev *sd, struct dev_entries *e)
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
static void read_master(struct sysfs_dev *sd)
{
	char name[NETOBS__IFNAMSIZ], path[PATH_MAX], buf[32];
	int n, ifindex;

	link_name(sd->dfd, "master", name, sizeof(name));
	if (!name[0] || !valid_name(name))
		return;
	if (netobs__path(sd->ctx, path, sizeof(path), "/sys/class/net/%s/ifindex", name) < 0)
		return;
	n = netobs__file_read_line(path, buf, sizeof(buf));
	if (n >= 0 && parse_int(buf, (size_t)n, 1, &ifindex) == 0)
		sd->dev->master_ifindex = ifindex;
}

/* ipvlan takes its lower device's address (ipvlan_init); macvlan makes up
 * its own unless told otherwise. */
static bool same_address_as_lower(struct sysfs_dev *sd, const char *lower)
{
	struct netobs_device tmp;
	char rel[NETOBS__IFNAMSIZ + 16];
	int n;

	if (!sd->dev->address[0])
		return false;
	snprintf(rel, sizeof(rel), "%s/address", lower);
	n = read_at(sd->dfd, rel, sd->buf, sizeof(sd->buf));
	if (n < 0 || parse_address(sd->buf, (size_t)n, &tmp) < 0)
		return false;
	return strcmp(tmp.address, sd->dev->address) == 0;
}

/* Facts for classify.c, and driver and bus of a hardware device. */
static void read_facts(struct sysfs_dev *sd, struct netobs__class_facts *f, bool master)
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
	f->has_parent = e.device;
	f->has_lower = e.lower[0] != '\0';
	if (e.device) {
		link_name(sd->dfd, "device/driver", dev->driver, sizeof(dev->driver));
		link_name(sd->dfd, "device/subsystem", dev->bus, sizeof(dev->bus));
	}
	if (f->has_lower && !f->devtype && !e.device)
		f->lower_same_addr = same_address_as_lower(sd, e.lower);
	if (master && e.master)
		read_master(sd);
}

/* The facts both sources share come from DEV, whoever filled it. */
static void classify_dev(struct sysfs_dev *sd, struct netobs__class_facts *f)
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
	if (n < 0 || parse_speed(sd->buf, (size_t)n, &tmp) < 0 || !(tmp.attrs & NETOBS__HAS_SPEED))
		return;
	f->speed_mbps = (uint32_t)(tmp.speed_bps / 1000000u);
	netobs__classify(f, &dev->cls, dev->kind);
}

static const char *const device_attrs[] = {
	"iflink", "type", "flags", "mtu", "tx_queue_len", "operstate", "carrier",
	"carrier_changes", "address", "uevent",
};

static int read_attrs(struct sysfs_dev *sd)
{
	struct netobs_device *dev = sd->dev;
	struct netobs__class_facts facts = { 0 };
	size_t i;
	int err = read_ifindex(sd, &dev->ifindex);

	if (err < 0)
		return err;
	dev->iflink = dev->ifindex;
	for (i = 0; i < NETOBS__ARRAY_SIZE(device_attrs); i++)
		apply_attr(sd, device_attrs[i]);
	read_facts(sd, &facts, true);
	classify_dev(sd, &facts);
	/* Software devices make up a speed (veth says 10000): not a link. */
	if (dev->cls == NETOBS_CLASS_PHYSICAL)
		apply_attr(sd, "speed");
	return 0;
}

static void read_counters(struct sysfs_dev *sd)
{
	char rel[64];
	int c;

	/* rx_otherhost_dropped has no file: sysfs takes no new statistics. */
	for (c = 0; c <= NETOBS_RX_NOHANDLER; c++) {
		snprintf(rel, sizeof(rel), "statistics/%s",
			 netobs_counter_name((enum netobs_counter)c));
		apply_attr(sd, rel);
	}
}

/* ifalias holds any bytes but NUL, newlines included: drop only the one
 * newline sysfs appends.  Empty when unset. */
static int read_alias(struct sysfs_dev *sd, struct netobs_snapshot *snap)
{
	int n = get_attr(sd, "ifalias");

	if (n <= 0)
		return 0;
	if (sd->buf[n - 1] == '\n')
		n--;
	if (netobs__snapshot_set_alias(snap, sd->dev, sd->buf, (size_t)n) < 0)
		return netobs__error(sd->ctx, -ENOMEM, "out of memory");
	return 0;
}

/* After a file went missing: is the folder still this device?  A removed
 * folder stays open but empty; the name may have a new device already. */
static bool still_there(struct sysfs_dev *sd)
{
	char path[PATH_MAX + 16], buf[32];
	int n, ifindex;

	snprintf(path, sizeof(path), "%s/ifindex", sd->path);
	n = netobs__file_read_line(path, buf, sizeof(buf));
	return n >= 0 && parse_int(buf, (size_t)n, 1, &ifindex) == 0 &&
	       ifindex == sd->dev->ifindex;
}

static int finish_dev(struct sysfs_dev *sd, int err)
{
	if (err == 0 && sd->missing && !still_there(sd))
		err = -ENODEV;
	close_dev(sd);
	return err;
}

int netobs__sysfs_read_device(struct netobs_ctx *ctx, struct netobs_device *dev)
{
	struct sysfs_dev sd;
	int err = open_dev(&sd, ctx, dev);

	if (err < 0)
		return err;
	return finish_dev(&sd, read_attrs(&sd));
}

int netobs__sysfs_read_alias(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
			     struct netobs_device *dev)
{
	struct sysfs_dev sd;
	int err = open_dev(&sd, ctx, dev);

	if (err < 0)
		return err == -ENOMEM ? err : 0;
	err = read_alias(&sd, snap);
	close_dev(&sd);
	return err;
}

/* ---- the sysfs source ---------------------------------------------------- */

static int read_one(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
		    struct netobs_device *dev)
{
	struct sysfs_dev sd;
	int err = open_dev(&sd, ctx, dev);

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
	err = finish_dev(&sd, err);
	if (err == 0 && dev->counter_avail == 0)
		netobs__warn(ctx, "%s/statistics: no counter readable", sd.path);
	return err;
}

/* One entry of /sys/class/net.  Only running out of memory fails the
 * snapshot; a device that cannot be read is left out, with a warning
 * unless it simply vanished. */
static int read_entry(struct netobs_ctx *ctx, struct netobs_snapshot *snap, const char *name)
{
	struct netobs_device *dev;
	size_t len = strlen(name);
	int err;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;
	if (len >= NETOBS__IFNAMSIZ) {
		netobs__warn(ctx, "/sys/class/net/%.32s...: name too long, skipped", name);
		return 0;
	}
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
	if (err != -ENODEV) {
		netobs__warn(ctx, "%s", ctx->message);
		ctx->message[0] = '\0';
	}
	return 0;
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
	return err;
}

/* ---- enriching netlink devices, cached ----------------------------------- */

static struct netobs__sysfs_cache_entry *cache_find(struct netobs_ctx *ctx,
						    const struct netobs_device *dev)
{
	size_t i;

	for (i = 0; i < ctx->ncache; i++) {
		struct netobs__sysfs_cache_entry *e = &ctx->cache[i];

		if (e->ifindex == dev->ifindex && strcmp(e->name, dev->name) == 0)
			return e;
	}
	return NULL;
}

/* Drops what the snapshots since netobs__sysfs_cache_begin did not ask
 * for: devices deleted meanwhile, on a host that churns them. */
static void cache_prune(struct netobs_ctx *ctx)
{
	size_t i, kept = 0;

	for (i = 0; i < ctx->ncache; i++)
		if (ctx->cache[i].seen)
			ctx->cache[kept++] = ctx->cache[i];
	ctx->ncache = kept;
	if (ctx->ncache >= CACHE_MAX)
		ctx->ncache = 0;
}

static struct netobs__sysfs_cache_entry *
cache_insert(struct netobs_ctx *ctx, const struct netobs__sysfs_cache_entry *entry)
{
	struct netobs__sysfs_cache_entry *n;
	size_t ncap;

	if (ctx->ncache == ctx->cache_cap) {
		cache_prune(ctx);
		if (ctx->ncache > ctx->cache_cap / 2 || ctx->cache_cap == 0) {
			ncap = ctx->cache_cap ? ctx->cache_cap * 2 : 16;
			n = realloc(ctx->cache, ncap * sizeof(*n));
			if (!n)
				return NULL;
			ctx->cache = n;
			ctx->cache_cap = ncap;
		}
	}
	n = &ctx->cache[ctx->ncache++];
	*n = *entry;
	return n;
}

void netobs__sysfs_cache_begin(struct netobs_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->ncache; i++)
		ctx->cache[i].seen = false;
}

/* Sysfs facts of a netlink device.  DEV's own attributes (flags, type,
 * iflink, txqlen, address) came from netlink and stay: only what netlink
 * cannot tell is read here. */
static int describe(struct sysfs_dev *sd)
{
	struct netobs__class_facts facts = { 0 };
	int ifindex, n, err = read_ifindex(sd, &ifindex);

	if (err < 0)
		return err;
	/* Another namespace's /sys (we were moved, /sys was not remounted). */
	if (ifindex != sd->dev->ifindex)
		return -ESTALE;
	n = get_attr(sd, "uevent");
	if (n >= 0 && parse_uevent(sd->buf, (size_t)n, sd->devtype) < 0)
		sd->devtype[0] = '\0';
	facts.link_kind = sd->dev->kind[0] ? sd->dev->kind : NULL;
	read_facts(sd, &facts, false);
	classify_dev(sd, &facts);
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
		parse_speed(buf, (size_t)n, dev);
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
	struct netobs__sysfs_cache_entry fresh, *e = cache_find(ctx, dev);
	struct sysfs_dev sd;
	int err;

	if (!e) {
		err = open_dev(&sd, ctx, dev);
		if (err == 0)
			err = finish_dev(&sd, describe(&sd));
		/* Only the answers that hold for this (ifindex, name) are kept;
		 * EMFILE and the like are worth asking again. */
		if (err != 0 && err != -ENODEV && err != -ESTALE)
			return err;
		fill_entry(&fresh, dev, err);
		e = cache_insert(ctx, &fresh);
		if (!e)
			e = &fresh;	/* out of memory: right, just uncached */
	}
	e->seen = true;
	if (e->err)
		return e->err;
	apply_entry(e, dev);
	if (dev->cls == NETOBS_CLASS_PHYSICAL)
		read_speed(ctx, dev);
	return 0;
}
