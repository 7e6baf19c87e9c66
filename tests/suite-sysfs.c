/* SPDX-License-Identifier: MIT */
/*
 * The sysfs source: every counter and attribute of a fixture device read
 * exactly; bad input built in temporary trees (missing, non-numeric and
 * out-of-range files, vanished devices, no /sys/class/net); the attribute
 * parsers one by one; the enrich cache that serves netlink.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sysfs.h"
#include "testutil.h"

Suite *make_sysfs_suite(void);

/* ---- one fixture device, exactly ------------------------------------------ */

/* tests/fixtures/bare-metal, enp3s0f0 (make-fixtures.sh, seed 12). */
static const uint64_t enp3s0f0_counters[NETOBS__COUNTER_MAX] = {
	[NETOBS_RX_PACKETS] = 120004001ull,
	[NETOBS_TX_PACKETS] = 120003002ull,
	[NETOBS_RX_BYTES] = 120060000003ull,
	[NETOBS_TX_BYTES] = 120040000007ull,
	[NETOBS_RX_ERRORS] = 1205065ull,
	[NETOBS_TX_ERRORS] = 1206078ull,
	[NETOBS_RX_DROPPED] = 1207091ull,
	[NETOBS_TX_DROPPED] = 1208104ull,
	[NETOBS_MULTICAST] = 1209117ull,
	[NETOBS_COLLISIONS] = 1210130ull,
	[NETOBS_RX_LENGTH_ERRORS] = 1211143ull,
	[NETOBS_RX_OVER_ERRORS] = 1212156ull,
	[NETOBS_RX_CRC_ERRORS] = 1213169ull,
	[NETOBS_RX_FRAME_ERRORS] = 1214182ull,
	[NETOBS_RX_FIFO_ERRORS] = 1215195ull,
	[NETOBS_RX_MISSED_ERRORS] = 1216208ull,
	[NETOBS_TX_ABORTED_ERRORS] = 1217221ull,
	[NETOBS_TX_CARRIER_ERRORS] = 1218234ull,
	[NETOBS_TX_FIFO_ERRORS] = 1219247ull,
	[NETOBS_TX_HEARTBEAT_ERRORS] = 1220260ull,
	[NETOBS_TX_WINDOW_ERRORS] = 1221273ull,
	[NETOBS_RX_COMPRESSED] = 1222286ull,
	[NETOBS_TX_COMPRESSED] = 1223299ull,
	[NETOBS_RX_NOHANDLER] = 1224312ull,
};

START_TEST(fixture_counter)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("bare-metal", NETOBS_SOURCE_SYSFS, &ctx);
	const struct netobs_device *dev = test_device(snap, "enp3s0f0");
	enum netobs_counter c = (enum netobs_counter)_i;
	uint64_t v = 0;
	int err = netobs_device_counter(dev, c, &v);

	if (c == NETOBS_RX_OTHERHOST_DROPPED) {
		/* sysfs has no such file, and will not get one. */
		ck_assert_int_eq(err, -ENODATA);
		ck_assert_uint_eq(netobs_device_counter_flags(dev, c), 0);
	} else {
		ck_assert_msg(err == 0, "%s: %d", netobs_counter_name(c), err);
		ck_assert_msg(v == enp3s0f0_counters[c], "%s: %llu, want %llu",
			      netobs_counter_name(c), (unsigned long long)v,
			      (unsigned long long)enp3s0f0_counters[c]);
		ck_assert_uint_eq(netobs_device_counter_flags(dev, c), NETOBS_COUNTER_AVAILABLE);
	}
	ck_assert_str_eq(test_warnings(ctx), "");
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(fixture_attributes)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("bare-metal", NETOBS_SOURCE_SYSFS, &ctx);
	const struct netobs_device *dev = test_device(snap, "enp3s0f0");
	uint32_t u = 0;
	uint64_t speed = 0;

	ck_assert_int_eq(netobs_device_ifindex(dev), 2);
	ck_assert_int_eq(netobs_device_iflink(dev), 2);
	ck_assert_int_eq(netobs_device_mtu(dev, &u), 0);
	ck_assert_uint_eq(u, 9000);
	ck_assert_int_eq(netobs_device_txqlen(dev, &u), 0);
	ck_assert_uint_eq(u, 1000);
	ck_assert_int_eq(netobs_device_carrier_changes(dev, &u), 0);
	ck_assert_uint_eq(u, 4);
	ck_assert_int_eq(netobs_device_operstate(dev), NETOBS_OPER_UP);
	ck_assert_int_eq(netobs_device_carrier(dev), 1);
	ck_assert_int_eq(netobs_device_admin_up(dev), 1);	/* flags 0x1803 */
	ck_assert_int_eq(netobs_device_speed(dev, &speed), 0);
	ck_assert_uint_eq(speed, 10000000000ull);
	ck_assert_str_eq(netobs_device_address(dev), "a0:36:9f:3c:5d:10");
	ck_assert_str_eq(netobs_device_alias(dev), "uplink to tor-1 \"rack 7\"");
	ck_assert_int_eq(netobs_device_master_ifindex(dev), 4);
	ck_assert_str_eq(netobs_device_master_name(dev), "bond0");
	ck_assert_int_eq(netobs_device_link_netnsid(dev), -1);

	/* bond0 sums its two 10 Gb/s slaves. */
	ck_assert_int_eq(netobs_device_speed(test_device(snap, "bond0"), &speed), 0);
	ck_assert_uint_eq(speed, 20000000000ull);
	/* Unset alias: NULL.  A backslash survives as it is. */
	ck_assert_ptr_null(netobs_device_alias(test_device(snap, "enp3s0f1")));
	ck_assert_str_eq(netobs_device_alias(test_device(snap, "bond0.100")), "prod\\vlan 100");
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);

	/* The procfs source takes attributes from sysfs alike. */
	snap = test_fixture_snapshot("bare-metal", NETOBS_SOURCE_PROCFS, &ctx);
	ck_assert_int_eq(netobs_device_admin_up(test_device(snap, "enp3s0f0")), 1);
	ck_assert_int_eq(netobs_device_speed(test_device(snap, "bond0"), &speed), 0);
	ck_assert_uint_eq(speed, 20000000000ull);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* What the fixtures leave unknown stays unknown, never 0. */
START_TEST(fixture_unknowns)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	const struct netobs_device *dev;
	uint64_t speed;

	snap = test_fixture_snapshot("docker-host", NETOBS_SOURCE_SYSFS, &ctx);
	/* virtio_net says -1 (SPEED_UNKNOWN). */
	ck_assert_int_eq(netobs_device_speed(test_device(snap, "eth0"), &speed), -ENODATA);
	/* A veth's made-up 10000 is no link speed. */
	ck_assert_int_eq(netobs_device_speed(test_device(snap, "veth1a2b3c4"), &speed), -ENODATA);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);

	snap = test_fixture_snapshot("k8s-node", NETOBS_SOURCE_SYSFS, &ctx);
	dev = test_device(snap, "kube-ipvs0");
	ck_assert_int_eq(netobs_device_carrier(dev), -ENODATA);
	ck_assert_int_eq(netobs_device_operstate(dev), NETOBS_OPER_DOWN);
	/* kube-proxy creates it and never sets it up: flags 0x82. */
	ck_assert_int_eq(netobs_device_admin_up(dev), 0);
	/* ena answers EINVAL for speed: no file in the fixture. */
	ck_assert_int_eq(netobs_device_speed(test_device(snap, "eth0"), &speed), -ENODATA);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);

	snap = test_fixture_snapshot("laptop", NETOBS_SOURCE_SYSFS, &ctx);
	ck_assert_str_eq(netobs_device_address(test_device(snap, "wwan0")), "");
	ck_assert_str_eq(netobs_device_address(test_device(snap, "tun0")), "");
	ck_assert_int_eq(netobs_device_operstate(test_device(snap, "wg0")), NETOBS_OPER_UNKNOWN);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- temporary trees -------------------------------------------------------- */

#define ETH0_DIR "sys/devices/pci0000:00/0000:00:03.0/net/eth0"
#define ETH1_DIR "sys/devices/virtual/net/eth1"

static void write_attr(const char *root, const char *dir, const char *file, const char *text)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/%s", dir, file);
	test_write_file(root, rel, text);
}

static void remove_attr(const char *root, const char *dir, const char *file)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/%s", dir, file);
	test_remove(root, rel);
}

/* A device folder as the kernel shows it; counters BASE + index. */
static void write_device(const char *root, const char *dir, int ifindex, uint64_t base)
{
	char text[64];
	int c;

	snprintf(text, sizeof(text), "%d\n", ifindex);
	write_attr(root, dir, "ifindex", text);
	write_attr(root, dir, "iflink", text);
	write_attr(root, dir, "type", "1\n");
	write_attr(root, dir, "flags", "0x1003\n");
	write_attr(root, dir, "mtu", "1500\n");
	write_attr(root, dir, "tx_queue_len", "1000\n");
	write_attr(root, dir, "operstate", "up\n");
	write_attr(root, dir, "carrier", "1\n");
	write_attr(root, dir, "carrier_changes", "1\n");
	write_attr(root, dir, "address", "02:00:00:00:00:01\n");
	write_attr(root, dir, "speed", "1000\n");
	write_attr(root, dir, "ifalias", "");
	write_attr(root, dir, "uevent", "INTERFACE=x\n");
	for (c = 0; c <= NETOBS_RX_NOHANDLER; c++) {
		char rel[128];

		snprintf(rel, sizeof(rel), "statistics/%s", netobs_counter_name((enum netobs_counter)c));
		snprintf(text, sizeof(text), "%llu\n", (unsigned long long)(base + (uint64_t)c));
		write_attr(root, dir, rel, text);
	}
}

/* eth0: a PCI NIC (so its speed is read); eth1: a software device. */
static char *make_tree(void)
{
	char *root = test_tmpdir();

	write_device(root, ETH0_DIR, 2, 1000);
	test_write_file(root, "sys/devices/pci0000:00/0000:00:03.0/vendor", "0x8086\n");
	test_symlink(root, ETH0_DIR "/device", "../../../0000:00:03.0");
	test_symlink(root, "sys/class/net/eth0",
		     "../../devices/pci0000:00/0000:00:03.0/net/eth0");
	write_device(root, ETH1_DIR, 3, 2000);
	test_symlink(root, "sys/class/net/eth1", "../../devices/virtual/net/eth1");
	return root;
}

/* A device as the netlink source hands it to enrich. */
static void netlink_like(struct netobs_device *dev, const char *name, int ifindex)
{
	memset(dev, 0, sizeof(*dev));
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	dev->ifindex = ifindex;
	dev->iflink = ifindex;
	dev->arphrd = 1;
	dev->flags = 0x1003;
	dev->link_netnsid = -1;
}

/* The sysfs source alone (no /proc in these trees). */
static struct netobs_snapshot *sysfs_snapshot(const char *root, struct netobs_ctx **ctxp, int *errp)
{
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));
	struct netobs_ctx *ctx = test_root_ctx(root, NETOBS_SOURCE_SYSFS);

	ck_assert_ptr_nonnull(snap);
	*errp = netobs__sysfs_read(ctx, snap);
	if (*errp == 0)
		ck_assert_int_eq(netobs__snapshot_finish(snap), 0);
	*ctxp = ctx;
	return snap;
}

static struct netobs_snapshot *sysfs_snapshot_ok(const char *root, struct netobs_ctx **ctxp)
{
	int err;
	struct netobs_snapshot *snap = sysfs_snapshot(root, ctxp, &err);

	ck_assert_msg(err == 0, "sysfs read: %s: %s", strerror(-err), netobs_ctx_message(*ctxp));
	return snap;
}

static void assert_warning(const struct netobs_ctx *ctx, const char *want)
{
	const char *w = test_warnings(ctx);

	if (!want)
		ck_assert_msg(w[0] == '\0', "unexpected warnings: %s", w);
	else
		ck_assert_msg(strstr(w, want) != NULL, "warnings '%s' lack '%s'", w, want);
}

static unsigned int available_counters(const struct netobs_device *dev)
{
	unsigned int c, n = 0;

	for (c = 0; c < netobs_counter_count(); c++)
		n += netobs_device_counter(dev, (enum netobs_counter)c, NULL) == 0;
	return n;
}

START_TEST(tree_baseline)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap = sysfs_snapshot_ok(root, &ctx);
	const struct netobs_device *eth0 = test_device(snap, "eth0");
	uint64_t v;

	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 2);
	ck_assert_uint_eq(available_counters(eth0), 24);
	ck_assert_int_eq(netobs_device_counter(eth0, NETOBS_RX_NOHANDLER, &v), 0);
	ck_assert_uint_eq(v, 1000 + NETOBS_RX_NOHANDLER);
	ck_assert_int_eq(netobs_device_class(eth0), NETOBS_CLASS_PHYSICAL);
	ck_assert_int_eq(netobs_device_speed(eth0, &v), 0);
	ck_assert_uint_eq(v, 1000000000ull);
	/* No peer, no lower device, ordinary flags: plain software Ethernet. */
	ck_assert_int_eq(netobs_device_class(test_device(snap, "eth1")), NETOBS_CLASS_VIRTUAL);
	ck_assert_str_eq(netobs_device_kind(test_device(snap, "eth1")), "ether");
	assert_warning(ctx, NULL);
	test_drop_tree(root, ctx, snap);
}
END_TEST

enum check {
	CK_COUNTER, CK_MTU, CK_TXQLEN, CK_SPEED, CK_OPERSTATE, CK_CARRIER, CK_ADMIN, CK_ADDRESS,
	CK_KIND,
};

/* One file of eth0 replaced (or removed: TEXT NULL), and what then reads. */
struct file_case {
	const char *file;
	const char *text;
	enum check check;
	enum netobs_counter counter;	/* CK_COUNTER */
	int err;			/* 0 or -ENODATA */
	uint64_t value;			/* when ERR is 0 (CK_ADDRESS, CK_KIND: STR) */
	const char *str;
	const char *warning;		/* substring of the warnings; NULL: none */
};

static const struct file_case file_cases[] = {
	/* Counters: missing is unavailable; malformed is unavailable and said. */
	{ "statistics/rx_bytes", NULL, CK_COUNTER, NETOBS_RX_BYTES, -ENODATA, 0, NULL, NULL },
	{ "statistics/rx_bytes", "abc\n", CK_COUNTER, NETOBS_RX_BYTES, -ENODATA, 0, NULL,
	  "/sys/class/net/eth0/statistics/rx_bytes: not a number: 'abc'" },
	{ "statistics/rx_bytes", "18446744073709551616\n", CK_COUNTER, NETOBS_RX_BYTES, -ENODATA,
	  0, NULL, "statistics/rx_bytes: out of range: '18446744073709551616'" },
	{ "statistics/rx_bytes", "99999999999999999999999999\n", CK_COUNTER, NETOBS_RX_BYTES,
	  -ENODATA, 0, NULL, "statistics/rx_bytes: out of range" },
	{ "statistics/rx_bytes", "18446744073709551615\n", CK_COUNTER, NETOBS_RX_BYTES, 0,
	  UINT64_MAX, NULL, NULL },
	{ "statistics/rx_bytes", "0\n", CK_COUNTER, NETOBS_RX_BYTES, 0, 0, NULL, NULL },
	{ "statistics/tx_packets", "", CK_COUNTER, NETOBS_TX_PACKETS, -ENODATA, 0, NULL,
	  "statistics/tx_packets: not a number: ''" },
	{ "statistics/tx_packets", "12\n34\n", CK_COUNTER, NETOBS_TX_PACKETS, -ENODATA, 0, NULL,
	  "statistics/tx_packets: not a number" },
	{ "statistics/tx_packets", "-5\n", CK_COUNTER, NETOBS_TX_PACKETS, -ENODATA, 0, NULL,
	  "statistics/tx_packets: not a number: '-5'" },
	{ "statistics/tx_packets", "7 \n", CK_COUNTER, NETOBS_TX_PACKETS, -ENODATA, 0, NULL,
	  "statistics/tx_packets: not a number" },
	{ "statistics/tx_packets", "0x10\n", CK_COUNTER, NETOBS_TX_PACKETS, -ENODATA, 0, NULL,
	  "statistics/tx_packets: not a number" },
	{ "statistics/rx_nohandler", NULL, CK_COUNTER, NETOBS_RX_NOHANDLER, -ENODATA, 0, NULL,
	  NULL },	/* kernels before 4.6 */
	{ "statistics/rx_crc_errors", "1\x01\xff'\n", CK_COUNTER, NETOBS_RX_CRC_ERRORS, -ENODATA,
	  0, NULL, "statistics/rx_crc_errors: not a number: '1?" "?" "?'" },
	/* Attributes. */
	{ "mtu", "1500x\n", CK_MTU, 0, -ENODATA, 0, NULL, "/eth0/mtu: not a number: '1500x'" },
	{ "mtu", "4294967296\n", CK_MTU, 0, -ENODATA, 0, NULL, "/eth0/mtu: out of range" },
	{ "mtu", "4294967295\n", CK_MTU, 0, 0, UINT32_MAX, NULL, NULL },
	{ "mtu", NULL, CK_MTU, 0, -ENODATA, 0, NULL, NULL },
	{ "tx_queue_len", "500\n", CK_TXQLEN, 0, 0, 500, NULL, NULL },
	{ "speed", "-1\n", CK_SPEED, 0, -ENODATA, 0, NULL, NULL },
	{ "speed", "4294967295\n", CK_SPEED, 0, -ENODATA, 0, NULL, NULL },
	{ "speed", "65535\n", CK_SPEED, 0, -ENODATA, 0, NULL, NULL },
	{ "speed", "0\n", CK_SPEED, 0, -ENODATA, 0, NULL, NULL },
	{ "speed", NULL, CK_SPEED, 0, -ENODATA, 0, NULL, NULL },	/* EINVAL when down */
	{ "speed", "fast\n", CK_SPEED, 0, -ENODATA, 0, NULL, "/eth0/speed: not a number: 'fast'" },
	{ "speed", "4294967296\n", CK_SPEED, 0, -ENODATA, 0, NULL, "/eth0/speed: out of range" },
	{ "speed", "400000\n", CK_SPEED, 0, 0, 400000000000ull, NULL, NULL },
	{ "operstate", "dormant\n", CK_OPERSTATE, 0, 0, NETOBS_OPER_DORMANT, NULL, NULL },
	{ "operstate", "lowerlayerdown\n", CK_OPERSTATE, 0, 0, NETOBS_OPER_LOWERLAYERDOWN, NULL,
	  NULL },
	{ "operstate", "sideways\n", CK_OPERSTATE, 0, 0, NETOBS_OPER_UNKNOWN, NULL,
	  "/eth0/operstate: malformed: 'sideways'" },
	{ "carrier", NULL, CK_CARRIER, 0, -ENODATA, 0, NULL, NULL },
	{ "carrier", "0\n", CK_CARRIER, 0, 0, 0, NULL, NULL },
	{ "carrier", "2\n", CK_CARRIER, 0, -ENODATA, 0, NULL, "/eth0/carrier: out of range" },
	{ "address", "\n", CK_ADDRESS, 0, 0, 0, "", NULL },
	{ "address", "AA:BB:CC:DD:EE:0F\n", CK_ADDRESS, 0, 0, 0, "aa:bb:cc:dd:ee:0f", NULL },
	{ "address", "80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:0b:0c\n", CK_ADDRESS,
	  0, 0, 0, "80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:0b:0c", NULL },
	{ "address", "zz:zz\n", CK_ADDRESS, 0, 0, 0, "", "/eth0/address: malformed" },
	{ "address", "aa:bb:c\n", CK_ADDRESS, 0, 0, 0, "", "/eth0/address: malformed" },
	{ "uevent", "DEVTYPE=wlan\nINTERFACE=eth0\nIFINDEX=2\n", CK_KIND, 0, 0, 0, "wlan", NULL },
	{ "uevent", "INTERFACE=eth0\nDEVTYPE=wwan", CK_KIND, 0, 0, 0, "wwan", NULL },
	{ "uevent", "DEVTYPE=w lan\n", CK_KIND, 0, 0, 0, "ether", "/eth0/uevent: malformed" },
	{ "uevent", "DEVTYPE=\n", CK_KIND, 0, 0, 0, "ether", "/eth0/uevent" },
	{ "uevent", "DEVTYPE=abcdefghijklmnopqrstuvwxyz\n", CK_KIND, 0, 0, 0, "ether",
	  "/eth0/uevent: out of range" },
	{ "type", "32\n", CK_KIND, 0, 0, 0, "ipoib", NULL },
	{ "type", "70000\n", CK_KIND, 0, 0, 0, "unknown", "/eth0/type: out of range" },
	{ "flags", "0xZZ\n", CK_KIND, 0, 0, 0, "ether", "/eth0/flags: not a number" },
	{ "flags", "0\n", CK_KIND, 0, 0, 0, "ether", NULL },
	/* IFF_UP (0x1) of flags: the administrative state. */
	{ "flags", "0x1003\n", CK_ADMIN, 0, 0, 1, NULL, NULL },
	{ "flags", "0x1002\n", CK_ADMIN, 0, 0, 0, NULL, NULL },
	{ "flags", "0\n", CK_ADMIN, 0, 0, 0, NULL, NULL },
	{ "flags", NULL, CK_ADMIN, 0, -ENODATA, 0, NULL, NULL },
	{ "flags", "0x1003x\n", CK_ADMIN, 0, -ENODATA, 0, NULL, "/eth0/flags: not a number" },
	{ "flags", "0x100000001\n", CK_ADMIN, 0, -ENODATA, 0, NULL, "/eth0/flags: out of range" },
};

static uint64_t check_value(const struct netobs_device *dev, const struct file_case *fc, int *err)
{
	uint64_t v = 0;
	uint32_t u = 0;

	*err = 0;
	switch (fc->check) {
	case CK_COUNTER:
		*err = netobs_device_counter(dev, fc->counter, &v);
		return v;
	case CK_MTU:
		*err = netobs_device_mtu(dev, &u);
		return u;
	case CK_TXQLEN:
		*err = netobs_device_txqlen(dev, &u);
		return u;
	case CK_SPEED:
		*err = netobs_device_speed(dev, &v);
		return v;
	case CK_OPERSTATE:
		return (uint64_t)netobs_device_operstate(dev);
	case CK_ADMIN: {
		int up = netobs_device_admin_up(dev);

		*err = up < 0 ? up : 0;
		return up < 0 ? 0 : (uint64_t)up;
	}
	case CK_CARRIER: {
		int carrier = netobs_device_carrier(dev);

		*err = carrier < 0 ? carrier : 0;
		return carrier < 0 ? 0 : (uint64_t)carrier;
	}
	case CK_ADDRESS:
	case CK_KIND:
		break;
	}
	return 0;
}

START_TEST(tree_file)
{
	const struct file_case *fc = &file_cases[_i];
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	const struct netobs_device *eth0;
	char *root = make_tree();
	uint64_t v;
	int err;

	if (fc->text)
		write_attr(root, ETH0_DIR, fc->file, fc->text);
	else
		remove_attr(root, ETH0_DIR, fc->file);
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 2);
	eth0 = test_device(snap, "eth0");
	if (fc->check == CK_ADDRESS) {
		ck_assert_str_eq(netobs_device_address(eth0), fc->str);
	} else if (fc->check == CK_KIND) {
		ck_assert_str_eq(netobs_device_kind(eth0), fc->str);
	} else {
		v = check_value(eth0, fc, &err);
		ck_assert_msg(err == fc->err, "%s: err %d, want %d", fc->file, err, fc->err);
		if (err == 0)
			ck_assert_msg(v == fc->value, "%s: %llu, want %llu", fc->file,
				      (unsigned long long)v, (unsigned long long)fc->value);
	}
	if (fc->check == CK_COUNTER)
		ck_assert_uint_eq(available_counters(eth0), 24 - (fc->err != 0));
	assert_warning(ctx, fc->warning);
	/* The other device never suffers. */
	ck_assert_uint_eq(available_counters(test_device(snap, "eth1")), 24);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* A /sys/class/net entry that points nowhere: the device was deleted
 * between the listing and the read. */
START_TEST(tree_vanished_device)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;

	test_symlink(root, "sys/class/net/veth9", "../../devices/virtual/net/veth9");
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 2);
	ck_assert_ptr_null(netobs_snapshot_device_by_name(snap, "veth9"));
	assert_warning(ctx, NULL);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* The folder is still there but emptied (the kernel removes attributes
 * before the folder): left out, silently. */
START_TEST(tree_emptied_device)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;

	test_mkdir(root, "sys/devices/virtual/net/veth9/statistics");
	test_symlink(root, "sys/class/net/veth9", "../../devices/virtual/net/veth9");
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 2);
	assert_warning(ctx, NULL);
	test_drop_tree(root, ctx, snap);
}
END_TEST

START_TEST(tree_no_class_net)
{
	struct netobs_ctx *ctx;
	char *root = test_tmpdir();
	struct netobs_snapshot *snap;
	int err;

	test_write_file(root, "sys/devices/virtual/net/lo/ifindex", "1\n");
	snap = sysfs_snapshot(root, &ctx, &err);
	ck_assert_int_eq(err, -ENOENT);
	ck_assert_msg(strstr(netobs_ctx_message(ctx), "/sys/class/net") != NULL, "message: %s",
		      netobs_ctx_message(ctx));
	ck_assert_msg(strstr(netobs_ctx_message(ctx), root) != NULL, "message: %s",
		      netobs_ctx_message(ctx));
	test_drop_tree(root, ctx, snap);
}
END_TEST

START_TEST(tree_bad_ifindex)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;

	write_attr(root, ETH0_DIR, "ifindex", "two\n");
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 1);
	ck_assert_ptr_nonnull(netobs_snapshot_device_by_name(snap, "eth1"));
	assert_warning(ctx, "/sys/class/net/eth0/ifindex: not a number: 'two'");
	assert_warning(ctx, "device skipped");
	/* The snapshot succeeded: no error message is left behind. */
	ck_assert_str_eq(netobs_ctx_message(ctx), "");
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* bonding_masters is a file of /sys/class/net, not a device. */
START_TEST(tree_bonding_masters)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;

	test_write_file(root, "sys/class/net/bonding_masters", "bond0\n");
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 2);
	assert_warning(ctx, NULL);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* A folder whose name no device can have (dev_valid_name(): an old
 * ifconfig alias with ':', white space) is skipped and named; the rest of
 * the tree reads as before. */
START_TEST(tree_invalid_names)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;

	test_symlink(root, "sys/class/net/ibr10:30", "../../devices/virtual/net/eth1");
	test_symlink(root, "sys/class/net/my nic", "../../devices/virtual/net/eth1");
	test_symlink(root, "sys/class/net/a\nb", "../../devices/virtual/net/eth1");
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 2);
	ck_assert_ptr_nonnull(netobs_snapshot_device_by_name(snap, "eth0"));
	ck_assert_ptr_nonnull(netobs_snapshot_device_by_name(snap, "eth1"));
	assert_warning(ctx, "/sys/class/net/ibr10:30: invalid device name, skipped");
	assert_warning(ctx, "/sys/class/net/my nic: invalid device name, skipped");
	assert_warning(ctx, "/sys/class/net/a?b: invalid device name, skipped");
	ck_assert_str_eq(netobs_ctx_message(ctx), "");
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* A captured tree (sosreport) that lost eth0's device link: where
 * /sys/class/net/eth0 leads, under devices/ but not devices/virtual/,
 * still says hardware, and its speed is read, by the source and by the
 * enrich cache alike.  A folder copied in place of the link says nothing. */
START_TEST(tree_captured_hardware)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;
	const struct netobs_device *eth0;
	struct netobs_device dev;
	uint64_t speed = 0;

	remove_attr(root, ETH0_DIR, "device");
	write_device(root, "sys/class/net/eth2", 4, 3000);
	snap = sysfs_snapshot_ok(root, &ctx);
	eth0 = test_device(snap, "eth0");
	ck_assert_int_eq(netobs_device_class(eth0), NETOBS_CLASS_PHYSICAL);
	ck_assert_str_eq(netobs_device_kind(eth0), "ether");
	ck_assert_int_eq(netobs_device_speed(eth0, &speed), 0);
	ck_assert_uint_eq(speed, 1000000000ull);
	ck_assert_int_eq(netobs_device_class(test_device(snap, "eth1")), NETOBS_CLASS_VIRTUAL);
	ck_assert_int_eq(netobs_device_class(test_device(snap, "eth2")), NETOBS_CLASS_VIRTUAL);
	ck_assert_int_eq(netobs_device_speed(test_device(snap, "eth2"), NULL), -ENODATA);
	assert_warning(ctx, NULL);

	netlink_like(&dev, "eth0", 2);
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_int_eq(dev.cls, NETOBS_CLASS_PHYSICAL);
	ck_assert_int_eq(netobs_device_speed(&dev, &speed), 0);
	ck_assert_uint_eq(speed, 1000000000ull);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* A bond's speed is the sum of its active slaves' (bond_update_speed_duplex):
 * real, though a bond is virtual.  Without an active slave it says -1. */
START_TEST(tree_bond_speed)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;
	const struct netobs_device *bond;
	struct netobs_device dev;
	uint64_t speed = 0;

	write_device(root, "sys/devices/virtual/net/bond0", 4, 3000);
	write_attr(root, "sys/devices/virtual/net/bond0", "uevent", "DEVTYPE=bond\n");
	write_attr(root, "sys/devices/virtual/net/bond0", "speed", "2000\n");
	test_mkdir(root, "sys/devices/virtual/net/bond0/bonding");
	test_symlink(root, "sys/class/net/bond0", "../../devices/virtual/net/bond0");
	snap = sysfs_snapshot_ok(root, &ctx);
	bond = test_device(snap, "bond0");
	ck_assert_int_eq(netobs_device_class(bond), NETOBS_CLASS_VIRTUAL);
	ck_assert_str_eq(netobs_device_kind(bond), "bond");
	ck_assert_int_eq(netobs_device_speed(bond, &speed), 0);
	ck_assert_uint_eq(speed, 2000000000ull);
	/* eth1, software Ethernet, has a speed file too: not a link's. */
	ck_assert_int_eq(netobs_device_speed(test_device(snap, "eth1"), NULL), -ENODATA);
	netobs_snapshot_free(snap);

	netlink_like(&dev, "bond0", 4);
	strcpy(dev.kind, "bond");
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_int_eq(netobs_device_speed(&dev, &speed), 0);
	ck_assert_uint_eq(speed, 2000000000ull);

	write_attr(root, "sys/devices/virtual/net/bond0", "speed", "-1\n");
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_int_eq(netobs_device_speed(&dev, NULL), -ENODATA);
	netobs_ctx_free(ctx);
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_int_eq(netobs_device_speed(test_device(snap, "bond0"), NULL), -ENODATA);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* Two devices with one ifindex (a tree pieced together): both kept, both
 * named in one warning. */
START_TEST(tree_same_ifindex)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;

	write_attr(root, ETH1_DIR, "ifindex", "2\n");
	write_device(root, "sys/devices/virtual/net/eth2", 7, 3000);
	test_symlink(root, "sys/class/net/eth2", "../../devices/virtual/net/eth2");
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 3);
	ck_assert_int_eq(netobs_device_ifindex(test_device(snap, "eth1")), 2);
	assert_warning(ctx, "/sys/class/net: eth0 and eth1 have the same ifindex 2");
	ck_assert_ptr_null(strstr(test_warnings(ctx), "eth2"));
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* A FIFO planted in a captured tree must not hang the reader. */
START_TEST(tree_fifo)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	char path[PATH_MAX];
	struct netobs_snapshot *snap;

	remove_attr(root, ETH0_DIR, "statistics/rx_bytes");
	snprintf(path, sizeof(path), "%s/%s/statistics/rx_bytes", root, ETH0_DIR);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_int_eq(netobs_device_counter(test_device(snap, "eth0"), NETOBS_RX_BYTES, NULL),
			 -ENODATA);
	assert_warning(ctx, "statistics/rx_bytes: not a number: ''");
	test_drop_tree(root, ctx, snap);
}
END_TEST

START_TEST(tree_long_value)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	char *text = malloc(6001);
	struct netobs_snapshot *snap;

	ck_assert_ptr_nonnull(text);
	memset(text, '7', 6000);
	text[6000] = '\0';
	write_attr(root, ETH0_DIR, "tx_queue_len", text);
	free(text);
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_int_eq(netobs_device_txqlen(test_device(snap, "eth0"), NULL), -ENODATA);
	assert_warning(ctx, "/eth0/tx_queue_len: too long");
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* An alias holds any bytes but NUL: newlines inside survive, only the
 * one sysfs appends goes. */
START_TEST(tree_alias)
{
	struct netobs_ctx *ctx;
	char *root = make_tree();
	struct netobs_snapshot *snap;

	write_attr(root, ETH0_DIR, "ifalias", "two\nlines 'q' \\ \"x\"\n");
	snap = sysfs_snapshot_ok(root, &ctx);
	ck_assert_str_eq(netobs_device_alias(test_device(snap, "eth0")), "two\nlines 'q' \\ \"x\"");
	ck_assert_ptr_null(netobs_device_alias(test_device(snap, "eth1")));
	assert_warning(ctx, NULL);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* read_device is what the procfs source calls; a name is never a path. */
START_TEST(read_device_names)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_SYSFS);
	struct netobs_device dev;

	memset(&dev, 0, sizeof(dev));
	strcpy(dev.name, "docker0");
	ck_assert_int_eq(netobs__sysfs_read_device(ctx, &dev), 0);
	ck_assert_int_eq(dev.ifindex, 3);
	ck_assert_str_eq(dev.kind, "bridge");

	memset(&dev, 0, sizeof(dev));
	strcpy(dev.name, "nosuch0");
	ck_assert_int_eq(netobs__sysfs_read_device(ctx, &dev), -ENODEV);
	strcpy(dev.name, "..");
	ck_assert_int_eq(netobs__sysfs_read_device(ctx, &dev), -EINVAL);
	strcpy(dev.name, "");
	ck_assert_int_eq(netobs__sysfs_read_device(ctx, &dev), -EINVAL);
	/* The folder of the class itself is no device either. */
	strcpy(dev.name, ".");
	ck_assert_int_eq(netobs__sysfs_read_device(ctx, &dev), -EINVAL);
	/* Nor names dev_valid_name() refuses, even where a folder has one. */
	strcpy(dev.name, "docker0:1");
	ck_assert_int_eq(netobs__sysfs_read_device(ctx, &dev), -EINVAL);
	strcpy(dev.name, "docker 0");
	ck_assert_int_eq(netobs__sysfs_read_device(ctx, &dev), -EINVAL);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(read_alias_pool)
{
	struct netobs_ctx *ctx = test_fixture_ctx("bare-metal", NETOBS_SOURCE_SYSFS);
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));
	struct netobs_device *dev;

	ck_assert_ptr_nonnull(snap);
	dev = netobs__snapshot_add_device(snap);
	strcpy(dev->name, "enp3s0f0");
	ck_assert_int_eq(netobs__sysfs_read_device(ctx, dev), 0);
	ck_assert_int_eq(netobs__sysfs_read_alias(ctx, snap, dev), 0);
	dev = netobs__snapshot_add_device(snap);
	strcpy(dev->name, "gone0");
	ck_assert_int_eq(netobs__sysfs_read_alias(ctx, snap, dev), 0);
	dev->ifindex = 99;
	ck_assert_int_eq(netobs__snapshot_finish(snap), 0);
	ck_assert_str_eq(netobs_device_alias(netobs_snapshot_device_by_name(snap, "enp3s0f0")),
			 "uplink to tor-1 \"rack 7\"");
	ck_assert_ptr_null(netobs_device_alias(netobs_snapshot_device_by_name(snap, "gone0")));
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- the parsers, one value at a time ------------------------------------- */

struct parse_case {
	const char *attr;
	const char *text;
	int err;
};

static const struct parse_case parse_cases[] = {
	{ "ifindex", "1\n", 0 },
	{ "ifindex", "2147483647\n", 0 },
	{ "ifindex", "2147483648\n", -ERANGE },
	{ "ifindex", "0\n", -ERANGE },
	{ "ifindex", "-3\n", -ERANGE },
	{ "ifindex", "\n", -EINVAL },
	{ "iflink", "0\n", 0 },
	{ "flags", "0x1003\n", 0 },
	{ "flags", "0X1003", 0 },
	{ "flags", "0\n", 0 },
	{ "flags", "0x\n", -EINVAL },
	{ "flags", "0x100000000\n", -ERANGE },
	{ "flags", "0x12345678901234567\n", -ERANGE },
	{ "flags", "4099\n", 0 },
	{ "type", "65534\n", 0 },
	{ "type", "65536\n", -ERANGE },
	{ "carrier", "1\n", 0 },
	{ "carrier", "1\n\n", -EINVAL },
	{ "operstate", "up\n", 0 },
	{ "operstate", "up", 0 },
	{ "operstate", "UP\n", -EINVAL },
	{ "operstate", "upx\n", -EINVAL },
	{ "address", "", 0 },
	{ "address", "aa:bb:cc:dd:ee:ff:", -EINVAL },
	{ "address", ":aa", -EINVAL },
	{ "address", "aabb", -EINVAL },
	{ "address",
	  "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14:15:16:17:18:19:1a:1b:"
	  "1c:1d:1e:1f", 0 },
	{ "address",
	  "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14:15:16:17:18:19:1a:1b:"
	  "1c:1d:1e:1f:20", -ERANGE },
	{ "speed", "-1\n", 0 },
	{ "speed", "-\n", -EINVAL },
	{ "speed", "--1\n", -EINVAL },
	{ "speed", "-2147483649\n", -ERANGE },
	{ "uevent", "", 0 },
	{ "uevent", "INTERFACE=eth0\nIFINDEX=2\n", 0 },
	{ "uevent", "DEVTYPE=bridge", 0 },
	{ "uevent", "DEVTYPE=br\x80idge\n", -EINVAL },
	{ "statistics/rx_bytes", "5\n", 0 },
	{ "statistics/rx_otherhost_dropped", "5\n", 0 },
	{ "statistics/bogus", "5\n", -ENOENT },
	{ "statistics/", "5\n", -ENOENT },
	{ "ifalias", "x\n", -ENOENT },
	{ "nosuch", "1\n", -ENOENT },
	{ "", "1\n", -ENOENT },
};

START_TEST(parse_attr)
{
	const struct parse_case *pc = &parse_cases[_i];
	struct netobs_device dev;
	char devtype[NETOBS__KINDSIZ] = "";
	int err;

	memset(&dev, 0, sizeof(dev));
	err = netobs__sysfs_parse_attr(pc->attr, pc->text, strlen(pc->text), &dev, devtype);
	ck_assert_msg(err == pc->err, "%s '%s': %d, want %d", pc->attr, pc->text, err, pc->err);
}
END_TEST

/* Values land where they belong. */
START_TEST(parse_values)
{
	struct netobs_device dev;
	char devtype[NETOBS__KINDSIZ] = "";

	memset(&dev, 0, sizeof(dev));
	ck_assert_int_eq(netobs__sysfs_parse_attr("flags", "0x1003\n", 7, &dev, devtype), 0);
	ck_assert_uint_eq(dev.flags, 0x1003);
	ck_assert_int_eq(netobs__sysfs_parse_attr("type", "776\n", 4, &dev, devtype), 0);
	ck_assert_uint_eq(dev.arphrd, 776);
	ck_assert_int_eq(netobs__sysfs_parse_attr("iflink", "17\n", 3, &dev, devtype), 0);
	ck_assert_int_eq(dev.iflink, 17);
	ck_assert_int_eq(netobs__sysfs_parse_attr("uevent", "A=b\nDEVTYPE=vxlan\nC=d\n", 22, &dev,
						  devtype), 0);
	ck_assert_str_eq(devtype, "vxlan");
	/* "speed" 10 Mb/s is 10^7 b/s; -1 then forgets it. */
	ck_assert_int_eq(netobs__sysfs_parse_attr("speed", "10\n", 3, &dev, devtype), 0);
	ck_assert_uint_eq(dev.speed_bps, 10000000);
	ck_assert_uint_eq(dev.attrs & NETOBS__HAS_SPEED, NETOBS__HAS_SPEED);
	ck_assert_int_eq(netobs__sysfs_parse_attr("speed", "-1\n", 3, &dev, devtype), 0);
	ck_assert_uint_eq(dev.attrs & NETOBS__HAS_SPEED, 0);
	/* Parsing stops at LEN, not at a NUL. */
	ck_assert_int_eq(netobs__sysfs_parse_attr("mtu", "1500\n9", 5, &dev, devtype), 0);
	ck_assert_uint_eq(dev.mtu, 1500);
}
END_TEST

static size_t cache_n(const struct netobs_ctx *ctx)
{
	return netobs__sysfs_cache_size(ctx, NULL);
}

static size_t cache_cap(const struct netobs_ctx *ctx)
{
	size_t cap;

	netobs__sysfs_cache_size(ctx, &cap);
	return cap;
}

/* ---- enrich: what sysfs adds to a netlink device, cached ------------------ */

START_TEST(enrich_fixture)
{
	struct netobs_ctx *ctx = test_fixture_ctx("laptop", NETOBS_SOURCE_SYSFS);
	struct netobs_device dev;
	uint64_t speed;

	netlink_like(&dev, "wlan0", 2);
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_int_eq(dev.cls, NETOBS_CLASS_PHYSICAL);
	ck_assert_str_eq(dev.kind, "wlan");
	ck_assert_str_eq(dev.driver, "iwlwifi");
	ck_assert_str_eq(dev.bus, "pci");
	ck_assert_int_eq(netobs_device_speed(&dev, &speed), -ENODATA);

	netlink_like(&dev, "wwan0", 3);
	dev.arphrd = 65534;
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_str_eq(dev.kind, "wwan");
	ck_assert_str_eq(dev.driver, "qmi_wwan");
	ck_assert_str_eq(dev.bus, "usb");

	/* Another device by that name (another namespace's /sys): refused. */
	netlink_like(&dev, "wlan0", 7);
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), -ESTALE);
	netlink_like(&dev, "eth9", 9);
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), -ENODEV);
	ck_assert_uint_eq(cache_n(ctx), 4);
	netobs_ctx_free(ctx);
}
END_TEST

/* Class, kind, driver and bus are read once; speed every time. */
START_TEST(enrich_cached)
{
	char *root = make_tree();
	struct netobs_ctx *ctx = test_root_ctx(root, NETOBS_SOURCE_SYSFS);
	struct netobs_device dev;
	uint64_t speed = 0;

	netlink_like(&dev, "eth0", 2);
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_int_eq(dev.cls, NETOBS_CLASS_PHYSICAL);
	ck_assert_int_eq(netobs_device_speed(&dev, &speed), 0);
	ck_assert_uint_eq(speed, 1000000000ull);

	/* The parent link goes and the speed changes: only the speed shows. */
	remove_attr(root, ETH0_DIR, "device");
	write_attr(root, ETH0_DIR, "speed", "2500\n");
	netlink_like(&dev, "eth0", 2);
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_int_eq(dev.cls, NETOBS_CLASS_PHYSICAL);
	ck_assert_str_eq(dev.kind, "ether");
	ck_assert_int_eq(netobs_device_speed(&dev, &speed), 0);
	ck_assert_uint_eq(speed, 2500000000ull);
	ck_assert_uint_eq(cache_n(ctx), 1);

	/* Same name, new ifindex: a new device, read afresh. */
	write_attr(root, ETH0_DIR, "ifindex", "12\n");
	write_attr(root, ETH0_DIR, "uevent", "DEVTYPE=wlan\n");
	netlink_like(&dev, "eth0", 12);
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_str_eq(dev.kind, "wlan");
	ck_assert_uint_eq(cache_n(ctx), 2);

	/* A new root forgets the cache. */
	ck_assert_int_eq(netobs_ctx_set_root(ctx, root), 0);
	ck_assert_uint_eq(cache_n(ctx), 0);
	test_drop_tree(root, ctx, NULL);
}
END_TEST

/* Entries not looked up since netobs__sysfs_cache_begin go when the cache
 * would grow: deleted devices do not pile up on a churning host. */
START_TEST(enrich_prune)
{
	struct netobs_ctx *ctx = test_fixture_ctx("laptop", NETOBS_SOURCE_SYSFS);
	struct netobs_device dev;
	size_t cap;
	int i;

	for (i = 0; cache_n(ctx) == 0 || cache_n(ctx) < cache_cap(ctx); i++) {
		netlink_like(&dev, "gone", 100 + i);
		ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), -ENODEV);
	}
	cap = cache_cap(ctx);
	netobs__sysfs_cache_begin(ctx);
	netlink_like(&dev, "gone", 100);	/* still seen */
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), -ENODEV);
	netlink_like(&dev, "wlan0", 2);		/* at capacity: prune */
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), 0);
	ck_assert_uint_eq(cache_n(ctx), 2);
	ck_assert_uint_eq(cache_cap(ctx), cap);

	/* Without a begin, nothing is unseen: the cache grows instead. */
	for (i = 0; cache_n(ctx) < cap; i++) {
		netlink_like(&dev, "more", 500 + i);
		ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), -ENODEV);
	}
	netlink_like(&dev, "more", 499);
	ck_assert_int_eq(netobs__sysfs_enrich(ctx, &dev), -ENODEV);
	ck_assert_uint_eq(cache_n(ctx), cap + 1);
	ck_assert_uint_eq(cache_cap(ctx), 2 * cap);
	netobs_ctx_free(ctx);
}
END_TEST

Suite *make_sysfs_suite(void)
{
	Suite *s = suite_create("sysfs");
	TCase *tc;

	tc = tcase_create("fixture");
	tcase_add_loop_test(tc, fixture_counter, 0, NETOBS__COUNTER_MAX);
	tcase_add_test(tc, fixture_attributes);
	tcase_add_test(tc, fixture_unknowns);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad-input");
	tcase_add_test(tc, tree_baseline);
	tcase_add_loop_test(tc, tree_file, 0, (int)NETOBS__ARRAY_SIZE(file_cases));
	tcase_add_test(tc, tree_vanished_device);
	tcase_add_test(tc, tree_emptied_device);
	tcase_add_test(tc, tree_no_class_net);
	tcase_add_test(tc, tree_bad_ifindex);
	tcase_add_test(tc, tree_bonding_masters);
	tcase_add_test(tc, tree_invalid_names);
	tcase_add_test(tc, tree_captured_hardware);
	tcase_add_test(tc, tree_bond_speed);
	tcase_add_test(tc, tree_same_ifindex);
	tcase_add_test(tc, tree_fifo);
	tcase_add_test(tc, tree_long_value);
	tcase_add_test(tc, tree_alias);
	tcase_add_test(tc, read_device_names);
	tcase_add_test(tc, read_alias_pool);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, parse_attr, 0, (int)NETOBS__ARRAY_SIZE(parse_cases));
	tcase_add_test(tc, parse_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("enrich");
	tcase_add_test(tc, enrich_fixture);
	tcase_add_test(tc, enrich_cached);
	tcase_add_test(tc, enrich_prune);
	suite_add_tcase(s, tc);
	return s;
}
