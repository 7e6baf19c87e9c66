/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the sysfs attribute parsers.  An input is a file
 * name relative to a device folder, a NUL, and the file's contents
 * ("mtu\0" "1500\n", "statistics/rx_bytes\0" "123\n", "uevent\0" ...), as
 * the sysfs source reads them.  The parsed device then goes through
 * classification, with the input's last byte choosing the folder markers,
 * so odd types, flags and DEVTYPEs reach classify.c too.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sysfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME_MAX_LEN 64

static void check_string(const char *s, size_t size)
{
	if (!memchr(s, '\0', size))
		abort();
}

static void classify(const struct netobs_device *dev, const char *devtype, uint8_t bits)
{
	struct netobs__class_facts f;
	enum netobs_class cls;
	char kind[NETOBS__KINDSIZ];

	memset(&f, 0, sizeof(f));
	f.sysfs_known = bits & 1;
	f.devtype = devtype[0] ? devtype : NULL;
	f.has_parent = bits & 2;
	f.marker_bridge = bits & 4;
	f.marker_tun = bits & 8;
	f.has_lower = bits & 16;
	f.lower_same_addr = bits & 32;
	f.link_kind = bits & 64 ? devtype : NULL;
	f.has_txqlen = dev->attrs & NETOBS__HAS_TXQLEN;
	f.txqlen = dev->txqlen;
	f.arphrd = dev->arphrd;
	f.flags = dev->flags;
	f.ifindex = dev->ifindex;
	f.iflink = dev->iflink;
	f.address = dev->address;
	netobs__classify(&f, &cls, kind);
	check_string(kind, sizeof(kind));
	if ((unsigned int)cls > NETOBS_CLASS_LOOPBACK || !kind[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netobs_device dev;
	char devtype[NETOBS__KINDSIZ];
	char name[NAME_MAX_LEN + 1];
	const uint8_t *nul = memchr(data, '\0', size < NAME_MAX_LEN ? size : NAME_MAX_LEN);
	size_t nlen;
	int err;

	if (!nul)
		return 0;
	nlen = (size_t)(nul - data);
	memcpy(name, data, nlen);
	name[nlen] = '\0';
	memset(&dev, 0, sizeof(dev));
	memset(devtype, 0, sizeof(devtype));
	err = netobs__sysfs_parse_attr(name, (const char *)nul + 1, size - nlen - 1, &dev, devtype);
	if (err != 0 && err != -EINVAL && err != -ERANGE && err != -ENOENT)
		abort();
	check_string(devtype, sizeof(devtype));
	check_string(dev.address, sizeof(dev.address));
	if ((unsigned int)dev.operstate > NETOBS_OPER_UP)
		abort();
	classify(&dev, devtype, size > 0 ? data[size - 1] : 0);
	return 0;
}
