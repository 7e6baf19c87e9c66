/* SPDX-License-Identifier: MIT */
/*
 * The sysfs attribute parsers: the bytes of one file of a device folder
 * into a device.  Pure (no file, no context), so the fuzzer (fuzz_sysfs.c)
 * calls them directly.  A malformed value (not a number, above the field's
 * range, not one of the known words) is an error, never read as 0: the
 * caller then leaves that one value unavailable and warns.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "sysfs.h"

/* sysfs ends a value with one newline. */
const char *netobs__sysfs_value_end(const char *buf, size_t len)
{
	return len > 0 && buf[len - 1] == '\n' ? buf + len - 1 : buf + len;
}

static int parse_dec(const char *buf, size_t len, uint64_t *out)
{
	const char *p = buf, *end = netobs__sysfs_value_end(buf, len);
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

int netobs__sysfs_parse_int(const char *buf, size_t len, int min, int *out)
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
	const char *p = buf, *end = netobs__sysfs_value_end(buf, len);
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

/* The flags' IFF_UP is the administrative state: known only once the
 * whole value parsed. */
static int parse_attr_flags(const char *buf, size_t len, struct netobs_device *dev)
{
	int err = parse_flags_value(buf, len, &dev->flags);

	if (err == 0)
		dev->attrs |= NETOBS__HAS_FLAGS;
	return err;
}

/* "aa:bb:cc:dd:ee:ff", or nothing for devices without an address (tun). */
int netobs__sysfs_parse_address(const char *buf, size_t len, struct netobs_device *dev)
{
	const char *p = buf, *end = netobs__sysfs_value_end(buf, len);
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
	const char *end = netobs__sysfs_value_end(buf, len);
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
int netobs__sysfs_parse_uevent(const char *buf, size_t len, char devtype[NETOBS__KINDSIZ])
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
int netobs__sysfs_parse_speed(const char *buf, size_t len, struct netobs_device *dev)
{
	int64_t mbps = 0;
	uint64_t u;
	int v, err;

	if (len > 0 && buf[0] == '-') {
		err = netobs__sysfs_parse_int(buf, len, INT_MIN, &v);
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
		return netobs__sysfs_parse_int(buf, len, 1, &dev->ifindex);
	case ATTR_IFLINK:
		return netobs__sysfs_parse_int(buf, len, 0, &dev->iflink);
	case ATTR_TYPE:
		return parse_type(buf, len, dev);
	case ATTR_FLAGS:
		return parse_attr_flags(buf, len, dev);
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
		return netobs__sysfs_parse_address(buf, len, dev);
	case ATTR_SPEED:
		return netobs__sysfs_parse_speed(buf, len, dev);
	case ATTR_UEVENT:
		return netobs__sysfs_parse_uevent(buf, len, devtype);
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
