/* SPDX-License-Identifier: MIT */
/*
 * Degraded hosts: /sys or /proc partly missing, masked, or damaged
 * (tests/fixtures/degraded-*, copies of docker-host made by
 * make-degraded.sh), and a large host of 256 CPUs with four offline
 * (tests/fixtures/cpu256, make-cpu256.sh).  Each case asserts what is still
 * reported, that what cannot be read is absent (-ENODATA, never a made-up
 * 0), and the warning that explains it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "testutil.h"

Suite *make_degraded_suite(void);

#define SENTINEL 777u	/* a value no getter writes: every getter writes 0 on
			 * error, which these tests check */

/* ---- docker-host's numbers (make-fixtures.sh) -------------------------------- */

struct host_dev {
	const char *name;
	int ifindex;
	unsigned int seed;	/* counter() seed */
	enum netobs_class cls;
	const char *kind;
};

static const struct host_dev host_devs[] = {
	{ "lo", 1, 21, NETOBS_CLASS_LOOPBACK, "loopback" },
	{ "eth0", 2, 22, NETOBS_CLASS_PHYSICAL, "ether" },
	{ "docker0", 3, 23, NETOBS_CLASS_VIRTUAL, "bridge" },
	{ "veth1a2b3c4", 5, 25, NETOBS_CLASS_VIRTUAL, "veth" },
	{ "veth5d6e7f8", 7, 27, NETOBS_CLASS_VIRTUAL, "veth" },
	{ "br-0123456789ab", 8, 28, NETOBS_CLASS_VIRTUAL, "bridge" },
	{ "veth9a8b7c6", 10, 30, NETOBS_CLASS_VIRTUAL, "veth" },
};

static const struct host_dev *host_dev(const char *name)
{
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(host_devs); i++)
		if (strcmp(host_devs[i].name, name) == 0)
			return &host_devs[i];
	ck_abort_msg("%s is not a docker-host device", name);
	return NULL;
}

/* The statistics/ file of counter C (rtnl_link_stats64 order). */
static uint64_t sysfs_value(unsigned int seed, unsigned int c)
{
	switch (c) {
	case NETOBS_RX_PACKETS:
		return seed * 10000000ull + 4001;
	case NETOBS_TX_PACKETS:
		return seed * 10000000ull + 3002;
	case NETOBS_RX_BYTES:
		return seed * 10000000000ull + 60000003;
	case NETOBS_TX_BYTES:
		return seed * 10000000000ull + 40000007;
	}
	return seed * 100000ull + (c + 1) * 1013ull;
}

/* What /proc/net/dev gives for counter C: 1 and *V (*FOLDED for the three
 * summed columns), or 0 for the nine counters it lacks. */
static int procfs_value(unsigned int seed, unsigned int c, uint64_t *v, bool *folded)
{
	*folded = true;
	switch (c) {
	case NETOBS_RX_DROPPED:
		*v = sysfs_value(seed, c) + sysfs_value(seed, NETOBS_RX_MISSED_ERRORS);
		return 1;
	case NETOBS_RX_FRAME_ERRORS:
		*v = sysfs_value(seed, NETOBS_RX_LENGTH_ERRORS) +
		     sysfs_value(seed, NETOBS_RX_OVER_ERRORS) +
		     sysfs_value(seed, NETOBS_RX_CRC_ERRORS) + sysfs_value(seed, c);
		return 1;
	case NETOBS_TX_CARRIER_ERRORS:
		*v = sysfs_value(seed, c) + sysfs_value(seed, NETOBS_TX_ABORTED_ERRORS) +
		     sysfs_value(seed, NETOBS_TX_WINDOW_ERRORS) +
		     sysfs_value(seed, NETOBS_TX_HEARTBEAT_ERRORS);
		return 1;
	case NETOBS_RX_LENGTH_ERRORS: case NETOBS_RX_OVER_ERRORS: case NETOBS_RX_CRC_ERRORS:
	case NETOBS_RX_MISSED_ERRORS: case NETOBS_TX_ABORTED_ERRORS:
	case NETOBS_TX_WINDOW_ERRORS: case NETOBS_TX_HEARTBEAT_ERRORS:
	case NETOBS_RX_NOHANDLER: case NETOBS_RX_OTHERHOST_DROPPED:
		return 0;
	}
	*folded = false;
	*v = sysfs_value(seed, c);
	return 1;
}

/* ---- assertions ------------------------------------------------------------------- */

static void assert_absent(const struct netobs_device *dev, unsigned int c)
{
	uint64_t v = SENTINEL;
	int err = netobs_device_counter(dev, (enum netobs_counter)c, &v);

	ck_assert_msg(err == -ENODATA && v == 0, "%s %s: %d %llu, want absent",
		      netobs_device_name(dev), netobs_counter_name((enum netobs_counter)c), err,
		      (unsigned long long)v);
	ck_assert_uint_eq(netobs_device_counter_flags(dev, (enum netobs_counter)c), 0);
}

static void assert_counter(const struct netobs_device *dev, unsigned int c, uint64_t want,
			   bool folded)
{
	unsigned int flags = NETOBS_COUNTER_AVAILABLE | (folded ? NETOBS_COUNTER_FOLDED : 0);
	uint64_t v = SENTINEL;
	int err = netobs_device_counter(dev, (enum netobs_counter)c, &v);

	ck_assert_msg(err == 0 && v == want, "%s %s: %d %llu, want %llu",
		      netobs_device_name(dev), netobs_counter_name((enum netobs_counter)c), err,
		      (unsigned long long)v, (unsigned long long)want);
	ck_assert_uint_eq(netobs_device_counter_flags(dev, (enum netobs_counter)c), flags);
}

/* Every counter of DEV as the sysfs source reads the fixture. */
static void assert_sysfs_counters(const struct netobs_device *dev)
{
	unsigned int c, seed = host_dev(netobs_device_name(dev))->seed;

	for (c = 0; c < netobs_counter_count(); c++) {
		if (c == NETOBS_RX_OTHERHOST_DROPPED)
			assert_absent(dev, c); /* netlink only */
		else
			assert_counter(dev, c, sysfs_value(seed, c), false);
	}
}

static void assert_procfs_counters(const struct netobs_device *dev)
{
	unsigned int c, seed = host_dev(netobs_device_name(dev))->seed;
	bool folded;
	uint64_t v;

	for (c = 0; c < netobs_counter_count(); c++) {
		if (procfs_value(seed, c, &v, &folded))
			assert_counter(dev, c, v, folded);
		else
			assert_absent(dev, c);
	}
}

static void assert_no_counters(const struct netobs_device *dev)
{
	unsigned int c;

	for (c = 0; c < netobs_counter_count(); c++)
		assert_absent(dev, c);
}

/* As the documented rule has it for a device sysfs cannot describe. */
static void assert_proc_only(const struct netobs_device *dev)
{
	const bool lo = strcmp(netobs_device_name(dev), "lo") == 0;
	uint32_t u = SENTINEL;

	ck_assert_int_eq(netobs_device_class(dev),
			 lo ? NETOBS_CLASS_LOOPBACK : NETOBS_CLASS_VIRTUAL);
	ck_assert_str_eq(netobs_device_kind(dev), lo ? "loopback" : "unknown");
	ck_assert_int_eq(netobs_device_ifindex(dev), 0);
	ck_assert_int_eq(netobs_device_iflink(dev), 0);
	ck_assert_int_eq(netobs_device_master_ifindex(dev), 0);
	ck_assert_int_eq(netobs_device_operstate(dev), NETOBS_OPER_UNKNOWN);
	ck_assert_int_eq(netobs_device_carrier(dev), -ENODATA);
	ck_assert_int_eq(netobs_device_admin_up(dev), -ENODATA);
	ck_assert_int_eq(netobs_device_mtu(dev, &u), -ENODATA);
	ck_assert_int_eq(netobs_device_txqlen(dev, &u), -ENODATA);
	ck_assert_uint_eq(u, 0);
	ck_assert_ptr_null(netobs_device_driver(dev));
	ck_assert_ptr_null(netobs_device_alias(dev));
	ck_assert_str_eq(netobs_device_address(dev), "");
	assert_procfs_counters(dev);
}

/* As docker-host's sysfs describes it: ifindex, class and kind. */
static void assert_described(const struct netobs_device *dev)
{
	const struct host_dev *h = host_dev(netobs_device_name(dev));
	uint32_t mtu = 0;

	ck_assert_int_eq(netobs_device_ifindex(dev), h->ifindex);
	ck_assert_int_eq(netobs_device_class(dev), h->cls);
	ck_assert_str_eq(netobs_device_kind(dev), h->kind);
	ck_assert_int_eq(netobs_device_mtu(dev, &mtu), 0);
	ck_assert_uint_eq(mtu, h->cls == NETOBS_CLASS_LOOPBACK ? 65536 : 1500);
}

/* The warnings hold ROOT + REL + WHAT, one note per "; ". */
static void assert_warned(const struct netobs_ctx *ctx, const char *rel, const char *what)
{
	char want[4096];

	snprintf(want, sizeof(want), "%s%s%s", netobs_ctx_root(ctx), rel, what);
	ck_assert_msg(strstr(test_warnings(ctx), want) != NULL, "warnings '%s' lack '%s'",
		      test_warnings(ctx), want);
}

static void assert_warned_text(const struct netobs_ctx *ctx, const char *want)
{
	ck_assert_msg(strstr(test_warnings(ctx), want) != NULL, "warnings '%s' lack '%s'",
		      test_warnings(ctx), want);
}

static void assert_no_warning(const struct netobs_ctx *ctx)
{
	ck_assert_msg(test_warnings(ctx)[0] == '\0', "unexpected warnings: %s",
		      test_warnings(ctx));
}

static void assert_all_tunables(const struct netobs_snapshot *snap)
{
	static const int64_t want[] = { 1000, 300, 8000, 64, 4096, 212992, 212992, 212992,
					212992, 4096, 4096, 4096, 188124, 376248, 1024 };
	unsigned int t;
	int64_t v;

	for (t = 0; t < netobs_tunable_count(); t++) {
		ck_assert_int_eq(netobs_snapshot_tunable(snap, (enum netobs_tunable)t, &v), 0);
		ck_assert_int_eq(v, want[t]);
	}
}

static void drop(struct netobs_snapshot *snap, struct netobs_ctx *ctx)
{
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}

/* ---- no /sys at all ---------------------------------------------------------------- */

/* A container without sysfs: AUTO falls back to /proc/net/dev and says why;
 * the procfs source says what the devices lack.  Either way every device
 * /proc lists is there with its /proc counters, and nothing else. */
static const enum netobs_source nosys_sources[] = { NETOBS_SOURCE_AUTO, NETOBS_SOURCE_PROCFS };

START_TEST(nosys_devices)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("degraded-nosys", nosys_sources[_i],
							     &ctx);
	size_t i;

	ck_assert_int_eq(netobs_snapshot_source(snap), NETOBS_SOURCE_PROCFS);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), NETOBS__ARRAY_SIZE(host_devs));
	for (i = 0; i < NETOBS__ARRAY_SIZE(host_devs); i++)
		assert_proc_only(test_device(snap, host_devs[i].name));
	/* Only the device source degrades: CPUs and tunables are in /proc. */
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 2);
	assert_all_tunables(snap);
	ck_assert_str_eq(netobs_ctx_message(ctx), "");
	if (nosys_sources[_i] == NETOBS_SOURCE_AUTO)
		assert_warned(ctx, "/sys/class/net", ": No such file or directory");
	else
		assert_warned(ctx, "/sys/class/net", ": missing: devices from /proc/net/dev have "
			      "ifindex 0, no attributes, and are virtual (lo: loopback)");
	drop(snap, ctx);
}
END_TEST

/* Asked for sysfs by name, there is nothing to fall back on: no devices. */
START_TEST(nosys_sysfs_fails)
{
	struct netobs_ctx *ctx = test_fixture_ctx("degraded-nosys", NETOBS_SOURCE_SYSFS);
	struct netobs_snapshot *snap = NULL;
	char want[4096];

	/* The devices section is absent; the per-CPU ones are still read. */
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	snprintf(want, sizeof(want), "%s/sys/class/net: No such file or directory",
		 netobs_ctx_root(ctx));
	test_assert_refused(ctx, snap, NETOBS_SECTION_DEVICES, want, "");
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 0);
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOFTNET));
	ck_assert_str_eq(netobs_ctx_message(ctx), "");
	drop(snap, ctx);
}
END_TEST

/* ---- per-CPU files missing or masked ---------------------------------------------- */

START_TEST(nocpu)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("degraded-nocpu", NETOBS_SOURCE_AUTO,
							     &ctx);
	size_t i;

	ck_assert_uint_eq(netobs_snapshot_device_count(snap), NETOBS__ARRAY_SIZE(host_devs));
	for (i = 0; i < NETOBS__ARRAY_SIZE(host_devs); i++) {
		const struct netobs_device *dev = test_device(snap, host_devs[i].name);

		assert_described(dev);
		assert_sysfs_counters(dev);
	}
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 0);
	ck_assert_ptr_null(netobs_snapshot_cpu(snap, 0));
	ck_assert_ptr_null(netobs_snapshot_cpu_by_id(snap, 0));
	assert_all_tunables(snap);
	assert_warned(ctx, "/proc/net/softnet_stat", ": not readable (No such file or directory)");
	assert_warned(ctx, "/proc/softirqs", ": not readable (No such file or directory)");
	drop(snap, ctx);
}
END_TEST

/* A diff over CPU-less snapshots has no CPU totals, rather than zeros. */
START_TEST(nocpu_diff)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *a = test_fixture_snapshot("degraded-nocpu", NETOBS_SOURCE_AUTO, &ctx);
	struct netobs_snapshot *b = NULL;
	struct netobs_diff *d = NULL;
	struct timespec ms = { 0, 2000000 };
	uint64_t v = SENTINEL;

	nanosleep(&ms, NULL);
	ck_assert_int_eq(netobs_snapshot_take(&b, ctx), 0);
	ck_assert_int_eq(netobs_diff_new(&d, a, b), 0);
	ck_assert_uint_eq(netobs_diff_gone_cpu_count(d), 0);
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_PROCESSED, &v, NULL), -ENODATA);
	ck_assert_int_eq(netobs_diff_softirq_total(d, NETOBS_SOFTIRQ_NET_RX, &v, NULL), -ENODATA);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(netobs_diff_class_total(d, NETOBS_CLASS_PHYSICAL, NETOBS_RX_BYTES, &v,
						 NULL), 0);
	ck_assert_uint_eq(v, 0);
	netobs_diff_free(d);
	netobs_snapshot_free(b);
	drop(a, ctx);
}
END_TEST

/* Bind-mounted /dev/null, as container runtimes mask /proc paths: an empty
 * softnet_stat gives no softnet data (CPUs still come from softirqs, and
 * without a softnet row none counts as online); an empty tunable is absent. */
START_TEST(masked)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("degraded-masked", NETOBS_SOURCE_AUTO,
							     &ctx);
	const struct netobs_cpu *cpu;
	unsigned int f, id;
	uint64_t v;
	int64_t t = SENTINEL;

	ck_assert_uint_eq(netobs_snapshot_device_count(snap), NETOBS__ARRAY_SIZE(host_devs));
	assert_sysfs_counters(test_device(snap, "eth0"));
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 2);
	for (id = 0; id < 2; id++) {
		cpu = netobs_snapshot_cpu_by_id(snap, (int)id);
		ck_assert_ptr_nonnull(cpu);
		ck_assert_int_eq(netobs_cpu_online(cpu), 0);
		for (f = 0; f < netobs_softnet_field_count(); f++)
			ck_assert_int_eq(netobs_cpu_softnet(cpu, (enum netobs_softnet_field)f, &v),
					 -ENODATA);
		ck_assert_int_eq(netobs_cpu_softirq(cpu, NETOBS_SOFTIRQ_NET_RX, &v), 0);
		ck_assert_uint_eq(v, 400012 + id * 1009);
	}
	ck_assert_int_eq(netobs_snapshot_tunable(snap, NETOBS_TUNABLE_NETDEV_MAX_BACKLOG, &t),
			 -ENODATA);
	ck_assert_int_eq(t, 0); /* defined on error */
	ck_assert_int_eq(netobs_snapshot_tunable(snap, NETOBS_TUNABLE_NETDEV_BUDGET, &t), 0);
	ck_assert_int_eq(t, 300);
	assert_warned(ctx, "/proc/net/softnet_stat", ": empty (masked?)");
	assert_warned(ctx, "/proc/sys/net/core/netdev_max_backlog", ": empty (masked?)");
	ck_assert(!netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOFTNET));
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOFTIRQS));
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_TUNABLES));
	drop(snap, ctx);
}
END_TEST

/* No /proc/sys/net/core: the tunables section is absent, and says so; the
 * other sections are complete. */
START_TEST(nocore)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("degraded-nocore", NETOBS_SOURCE_AUTO,
							     &ctx);
	unsigned int t;
	int64_t v = SENTINEL;

	ck_assert_uint_eq(netobs_snapshot_device_count(snap), NETOBS__ARRAY_SIZE(host_devs));
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), 2);
	for (t = 0; t < netobs_tunable_count(); t++)
		ck_assert_int_eq(netobs_snapshot_tunable(snap, (enum netobs_tunable)t, &v), -ENODATA);
	ck_assert_int_eq(v, 0); /* defined on error */
	test_assert_refused(ctx, snap, NETOBS_SECTION_TUNABLES, netobs_ctx_root(ctx),
			    "/proc/sys/net: not readable (No such file or directory)");
	ck_assert_uint_eq(netobs_ctx_warning_count(ctx), 1);
	drop(snap, ctx);
}
END_TEST

/* ---- damaged device folders ------------------------------------------------------- */

/* make-degraded.sh: eth0 lost statistics/, br-0123456789ab's is a dangling
 * link, three of veth1a2b3c4's counter files are broken, docker0's ifindex
 * is a directory.  The others are untouched and must not suffer. */
START_TEST(sysfs_damage)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("degraded-sysfs", NETOBS_SOURCE_SYSFS,
							     &ctx);
	const struct netobs_device *veth = test_device(snap, "veth1a2b3c4");
	unsigned int c, seed = host_dev("veth1a2b3c4")->seed;

	ck_assert_uint_eq(netobs_snapshot_device_count(snap), NETOBS__ARRAY_SIZE(host_devs) - 1);
	ck_assert_ptr_null(netobs_snapshot_device_by_name(snap, "docker0"));
	ck_assert_ptr_null(netobs_snapshot_device_by_ifindex(snap, 3));
	assert_warned(ctx, "/sys/class/net/docker0/ifindex", ": Is a directory");
	assert_described(test_device(snap, "eth0"));
	ck_assert_str_eq(netobs_device_driver(test_device(snap, "eth0")), "virtio_net");
	assert_no_counters(test_device(snap, "eth0"));
	assert_warned(ctx, "/sys/class/net/eth0/statistics", ": no counter readable");
	assert_described(test_device(snap, "br-0123456789ab"));
	assert_no_counters(test_device(snap, "br-0123456789ab"));
	assert_warned(ctx, "/sys/class/net/br-0123456789ab/statistics", ": no counter readable");
	assert_described(veth);
	for (c = 0; c < NETOBS_RX_OTHERHOST_DROPPED; c++) {
		if (c == NETOBS_RX_BYTES || c == NETOBS_TX_BYTES || c == NETOBS_RX_PACKETS)
			assert_absent(veth, c);
		else
			assert_counter(veth, c, sysfs_value(seed, c), false);
	}
	assert_warned(ctx, "/sys/class/net/veth1a2b3c4/statistics/rx_packets", ": not a number: ''");
	ck_assert_ptr_null(strstr(test_warnings(ctx), "veth1a2b3c4/statistics: "));
	assert_sysfs_counters(test_device(snap, "lo"));
	assert_sysfs_counters(test_device(snap, "veth5d6e7f8"));
	assert_sysfs_counters(test_device(snap, "veth9a8b7c6"));
	ck_assert_str_eq(netobs_ctx_message(ctx), "");
	drop(snap, ctx);
}
END_TEST

/* Through /proc/net/dev the same tree loses nothing but docker0's sysfs
 * attributes: /proc decides which devices there are. */
START_TEST(sysfs_damage_procfs)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("degraded-sysfs", NETOBS_SOURCE_PROCFS,
							     &ctx);
	const struct netobs_device *eth0 = test_device(snap, "eth0");

	ck_assert_uint_eq(netobs_snapshot_device_count(snap), NETOBS__ARRAY_SIZE(host_devs));
	assert_described(eth0);
	ck_assert_str_eq(netobs_device_driver(eth0), "virtio_net");
	assert_procfs_counters(eth0);
	assert_procfs_counters(test_device(snap, "veth1a2b3c4"));
	assert_proc_only(test_device(snap, "docker0"));
	assert_warned_text(ctx, "docker0: no sysfs attributes (Is a directory), "
			   "/proc/net/dev counters only");
	drop(snap, ctx);
}
END_TEST

/* /sys/class/net/veth5d6e7f8 points at a folder that is gone: the device
 * vanished, which container hosts do all the time.  The sysfs source leaves
 * it out; the procfs source keeps /proc's row under the documented rule.
 * Neither warns: a vanished device is not a fault. */
START_TEST(vanished_link)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("degraded-gone", NETOBS_SOURCE_SYSFS,
							     &ctx);
	size_t i;

	ck_assert_uint_eq(netobs_snapshot_device_count(snap), NETOBS__ARRAY_SIZE(host_devs) - 1);
	ck_assert_ptr_null(netobs_snapshot_device_by_name(snap, "veth5d6e7f8"));
	ck_assert_ptr_null(netobs_snapshot_device_by_ifindex(snap, 7));
	for (i = 0; i < NETOBS__ARRAY_SIZE(host_devs); i++) {
		if (strcmp(host_devs[i].name, "veth5d6e7f8") == 0)
			continue;
		assert_described(test_device(snap, host_devs[i].name));
		assert_sysfs_counters(test_device(snap, host_devs[i].name));
	}
	assert_no_warning(ctx);
	drop(snap, ctx);

	snap = test_fixture_snapshot("degraded-gone", NETOBS_SOURCE_PROCFS, &ctx);
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), NETOBS__ARRAY_SIZE(host_devs));
	assert_proc_only(test_device(snap, "veth5d6e7f8"));
	assert_described(test_device(snap, "docker0"));
	assert_no_warning(ctx);
	drop(snap, ctx);
}
END_TEST

/* ---- 256 CPUs, 100-103 offline ---------------------------------------------------- */

#define NCPU 256

static bool cpu256_online(int c)
{
	return c < 100 || c > 103;
}

/* make-cpu256.sh's values, in enum netobs_softnet_field order; input_qlen
 * and process_qlen are not in 13 columns. */
static bool cpu256_softnet(int c, unsigned int f, uint64_t *v)
{
	const uint64_t u = (uint64_t)c;
	const uint64_t want[] = { 0xfff00000 + u * 0x1001, u * 3, u * 7 + 1, 0, u * 11 + 2,
				  u * 13 + 3, u % 5 };

	if (!cpu256_online(c) || f >= NETOBS__ARRAY_SIZE(want))
		return false;
	*v = want[f];
	return true;
}

static uint64_t cpu256_softirq(int c, enum netobs_softirq s)
{
	/* Rows HI TIMER NET_TX NET_RX ...: NET_TX is row 2, NET_RX row 3. */
	return (s == NETOBS_SOFTIRQ_NET_TX ? 2 : 3) * 1000003ull + (uint64_t)c * 101;
}

static void check_cpu256(const struct netobs_cpu *cpu, int c)
{
	unsigned int f;
	uint64_t v, want;
	int s;

	ck_assert_int_eq(netobs_cpu_id(cpu), c);
	ck_assert_int_eq(netobs_cpu_online(cpu), cpu256_online(c));
	for (f = 0; f < netobs_softnet_field_count(); f++) {
		int err = netobs_cpu_softnet(cpu, (enum netobs_softnet_field)f, &v);

		if (cpu256_softnet(c, f, &want))
			ck_assert_msg(err == 0 && v == want, "CPU %d %s: %d 0x%llx, want 0x%llx",
				      c, netobs_softnet_field_name((enum netobs_softnet_field)f), err,
				      (unsigned long long)v, (unsigned long long)want);
		else
			ck_assert_msg(err == -ENODATA, "CPU %d %s: %d, want absent", c,
				      netobs_softnet_field_name((enum netobs_softnet_field)f), err);
	}
	for (s = NETOBS_SOFTIRQ_NET_RX; s <= NETOBS_SOFTIRQ_NET_TX; s++) {
		ck_assert_int_eq(netobs_cpu_softirq(cpu, (enum netobs_softirq)s, &v), 0);
		ck_assert_uint_eq(v, cpu256_softirq(c, (enum netobs_softirq)s));
	}
}

START_TEST(cpu256_ids)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("cpu256", NETOBS_SOURCE_AUTO, &ctx);
	uint64_t v;
	int c;

	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), NCPU);
	for (c = 0; c < NCPU; c++) {
		check_cpu256(netobs_snapshot_cpu(snap, (size_t)c), c);
		ck_assert_ptr_eq(netobs_snapshot_cpu_by_id(snap, c), netobs_snapshot_cpu(snap, (size_t)c));
	}
	ck_assert_ptr_null(netobs_snapshot_cpu_by_id(snap, NCPU));
	ck_assert_ptr_null(netobs_snapshot_cpu_by_id(snap, -1));
	/* A few literal values, against a shared mistake in both formulas. */
	ck_assert_int_eq(netobs_cpu_softnet(netobs_snapshot_cpu_by_id(snap, 255),
					    NETOBS_SOFTNET_PROCESSED, &v), 0);
	ck_assert_uint_eq(v, 0xfffff0ff);
	ck_assert_int_eq(netobs_cpu_softnet(netobs_snapshot_cpu_by_id(snap, 104),
					    NETOBS_SOFTNET_RECEIVED_RPS, &v), 0);
	ck_assert_uint_eq(v, 0x47a);
	ck_assert_int_eq(netobs_cpu_softirq(netobs_snapshot_cpu_by_id(snap, 101),
					    NETOBS_SOFTIRQ_NET_RX, &v), 0);
	ck_assert_uint_eq(v, 3010210);
	assert_no_warning(ctx);
	drop(snap, ctx);
}
END_TEST

static void check_cpu_diff(const struct netobs_diff *d, const struct netobs_cpu *cpu)
{
	int c = netobs_cpu_id(cpu), s;
	unsigned int f;
	uint64_t delta, want;
	double rate;

	ck_assert_uint_eq(netobs_diff_cpu_status(d, cpu), NETOBS_DIFF_SAME);
	for (f = 0; f < netobs_softnet_field_count(); f++) {
		int err = netobs_diff_cpu_softnet(d, cpu, (enum netobs_softnet_field)f, &delta, &rate);

		if (!cpu256_softnet(c, f, &want)) {
			ck_assert_msg(err == -ENODATA, "CPU %d field %u: %d", c, f, err);
			continue;
		}
		if (!netobs_softnet_field_is_gauge((enum netobs_softnet_field)f))
			want = 0; /* a counter that did not move */
		ck_assert_msg(err == 0 && delta == want && rate == (double)want,
			      "CPU %d field %u: %d delta %llu rate %g", c, f, err,
			      (unsigned long long)delta, rate);
	}
	for (s = NETOBS_SOFTIRQ_NET_RX; s <= NETOBS_SOFTIRQ_NET_TX; s++) {
		ck_assert_int_eq(netobs_diff_cpu_softirq(d, cpu, (enum netobs_softirq)s, &delta,
							 &rate), 0);
		ck_assert_msg(delta == 0 && rate == 0.0, "CPU %d softirq %d: %llu %g", c, s,
			      (unsigned long long)delta, rate);
	}
}

/* Two snapshots of the same tree 10 ms apart: every CPU is matched and
 * every counter's delta is zero (a mislabelled row would show a delta). */
START_TEST(cpu256_diff)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *a = test_fixture_snapshot("cpu256", NETOBS_SOURCE_AUTO, &ctx);
	struct netobs_snapshot *b = NULL;
	struct netobs_diff *d = NULL;
	struct timespec ms10 = { 0, 10000000 };
	uint64_t delta;
	size_t i;

	nanosleep(&ms10, NULL);
	ck_assert_int_eq(netobs_snapshot_take(&b, ctx), 0);
	ck_assert_int_eq(netobs_diff_new(&d, a, b), 0);
	ck_assert(netobs_diff_interval(d) >= 0.010);
	ck_assert_uint_eq(netobs_diff_gone_cpu_count(d), 0);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(b), NCPU);
	for (i = 0; i < NCPU; i++)
		check_cpu_diff(d, netobs_snapshot_cpu(b, i));
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_PROCESSED, &delta, NULL), 0);
	ck_assert_uint_eq(delta, 0);
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_DROPPED, &delta, NULL), 0);
	ck_assert_uint_eq(delta, 0);
	ck_assert_int_eq(netobs_diff_softirq_total(d, NETOBS_SOFTIRQ_NET_RX, &delta, NULL), 0);
	ck_assert_uint_eq(delta, 0);
	netobs_diff_free(d);
	netobs_snapshot_free(b);
	drop(a, ctx);
}
END_TEST

#define PROCNETDEV_LO                                                                         \
	"Inter-|   Receive                                                |  Transmit\n"        \
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "   \
	"errs drop fifo colls carrier compressed\n"                                            \
	"    lo: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"

/* cpu256 as an 11-column kernel (3.11 to 5.9) prints it: no CPU id column,
 * no backlog_len.  A tree in a temporary directory, for test_rmtree. */
static char *cpu256_tree_11(void)
{
	char *dir = test_tmpdir();
	char *text = malloc(NCPU * 100);
	size_t n = 0;
	uint64_t v[6];
	unsigned int f;
	int c;

	ck_assert_ptr_nonnull(text);
	for (c = 0; c < NCPU; c++) {
		if (!cpu256_online(c))
			continue;
		for (f = 0; f < 6; f++)
			cpu256_softnet(c, f, &v[f]);
		n += (size_t)sprintf(text + n, "%08llx %08llx %08llx 00000000 00000000 00000000 "
				     "00000000 00000000 %08llx %08llx %08llx\n",
				     (unsigned long long)v[0], (unsigned long long)v[1],
				     (unsigned long long)v[2], (unsigned long long)v[3],
				     (unsigned long long)v[4], (unsigned long long)v[5]);
	}
	test_write_file(dir, "proc/net/softnet_stat", text);
	test_write_file(dir, "sys/devices/system/cpu/online", "0-99,104-255\n");
	test_write_file(dir, "proc/net/dev", PROCNETDEV_LO);
	free(text);
	return dir;
}

/* Without an id column row N is the N-th online CPU: row 101 must be CPU
 * 104, not CPU 100, and every field must land on its own CPU. */
START_TEST(cpu256_by_online_list)
{
	char *dir = cpu256_tree_11();
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = NULL;
	const struct netobs_cpu *cpu;
	uint64_t v, want;
	unsigned int f;
	int c;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, dir), 0);
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	ck_assert_uint_eq(netobs_snapshot_cpu_count(snap), NCPU - 4);
	for (c = 0; c < NCPU; c++) {
		cpu = netobs_snapshot_cpu_by_id(snap, c);
		ck_assert_msg((cpu != NULL) == cpu256_online(c), "CPU %d", c);
		for (f = 0; cpu && f < netobs_softnet_field_count(); f++) {
			int err = netobs_cpu_softnet(cpu, (enum netobs_softnet_field)f, &v);

			if (f < 6 && cpu256_softnet(c, f, &want))
				ck_assert_msg(err == 0 && v == want, "CPU %d field %u: %d 0x%llx", c,
					      f, err, (unsigned long long)v);
			else
				ck_assert_msg(err == -ENODATA, "CPU %d field %u: %d", c, f, err);
		}
	}
	drop(snap, ctx);
	test_rmtree(dir);
	free(dir);
}
END_TEST

Suite *make_degraded_suite(void)
{
	Suite *s = suite_create("degraded");
	TCase *tc = tcase_create("missing");

	tcase_add_loop_test(tc, nosys_devices, 0, (int)NETOBS__ARRAY_SIZE(nosys_sources));
	tcase_add_test(tc, nosys_sysfs_fails);
	tcase_add_test(tc, nocpu);
	tcase_add_test(tc, nocpu_diff);
	tcase_add_test(tc, masked);
	tcase_add_test(tc, nocore);
	suite_add_tcase(s, tc);

	tc = tcase_create("damaged");
	tcase_add_test(tc, sysfs_damage);
	tcase_add_test(tc, sysfs_damage_procfs);
	tcase_add_test(tc, vanished_link);
	suite_add_tcase(s, tc);

	tc = tcase_create("cpu256");
	tcase_add_test(tc, cpu256_ids);
	tcase_add_test(tc, cpu256_diff);
	tcase_add_test(tc, cpu256_by_online_list);
	suite_add_tcase(s, tc);
	return s;
}
