/* SPDX-License-Identifier: MIT */
/* The diff over synthetic snapshots built with the library's own builders:
 * deltas and rates, wraps and resets, device identity, CPU hotplug, gauges,
 * misuse, aggregates, and reuse of one diff object. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

Suite *make_diff_suite(void);

/* ---- building snapshots ------------------------------------------------------ */

#define T_32BIT (1u << 0)  /* counters from 32-bit IFLA_STATS */
#define T_FOLDED (1u << 1) /* rx_bytes folded (/proc/net/dev) */
#define T_NO_RX (1u << 2)  /* rx_bytes not given by the source */

/* A device; tx_packets is always available. */
struct tdev {
	int ifindex;
	const char *name; /* NULL ends a list */
	enum netobs_class cls;
	unsigned int flags;
	uint64_t rx_bytes;
	uint64_t tx_packets;
};

#define C_OFFLINE (1u << 0)    /* no softnet row */
#define C_NO_SOFTIRQ (1u << 1) /* no /proc/softirqs column */
#define C_NO_RPS (1u << 2)     /* a softnet_stat without received_rps */

struct tcpu {
	int id;
	unsigned int flags;
	uint32_t processed;
	uint32_t backlog; /* backlog_len, a gauge */
	uint32_t net_rx;
};

static struct netobs_snapshot *snap_new(const char *root, time_t sec, long nsec)
{
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));

	ck_assert_ptr_nonnull(snap);
	if (root) {
		snap->root = strdup(root);
		ck_assert_ptr_nonnull(snap->root);
	}
	snap->monotonic.tv_sec = sec;
	snap->monotonic.tv_nsec = nsec;
	return snap;
}

static void snap_add_dev(struct netobs_snapshot *snap, const struct tdev *t)
{
	struct netobs_device *dev = netobs__snapshot_add_device(snap);

	ck_assert_ptr_nonnull(dev);
	dev->ifindex = t->ifindex;
	dev->iflink = t->ifindex;
	snprintf(dev->name, sizeof(dev->name), "%s", t->name);
	dev->cls = t->cls;
	dev->counters_32bit = (t->flags & T_32BIT) != 0;
	if (!(t->flags & T_NO_RX))
		netobs__device_set_counter(dev, NETOBS_RX_BYTES, t->rx_bytes,
					   (t->flags & T_FOLDED) != 0);
	netobs__device_set_counter(dev, NETOBS_TX_PACKETS, t->tx_packets, false);
}

static void set_softnet(struct netobs_cpu *cpu, enum netobs_softnet_field f, uint64_t v)
{
	cpu->softnet[f] = v;
	cpu->softnet_avail |= 1u << f;
}

static void snap_add_cpu(struct netobs_snapshot *snap, const struct tcpu *t)
{
	struct netobs_cpu *cpu = netobs__snapshot_cpu_get(snap, t->id);

	ck_assert_ptr_nonnull(cpu);
	if (!(t->flags & C_OFFLINE)) {
		cpu->online = true;
		set_softnet(cpu, NETOBS_SOFTNET_PROCESSED, t->processed);
		set_softnet(cpu, NETOBS_SOFTNET_DROPPED, 0);
		set_softnet(cpu, NETOBS_SOFTNET_BACKLOG_LEN, t->backlog);
		if (!(t->flags & C_NO_RPS))
			set_softnet(cpu, NETOBS_SOFTNET_RECEIVED_RPS, t->processed / 2);
	}
	if (!(t->flags & C_NO_SOFTIRQ)) {
		cpu->softirq[NETOBS_SOFTIRQ_NET_RX] = t->net_rx;
		cpu->softirq_avail |= 1u << NETOBS_SOFTIRQ_NET_RX;
	}
}

/* A finished snapshot of DEVS (up to the NULL name) and NCPUS CPUS. */
static struct netobs_snapshot *snap_build(time_t sec, const struct tdev *devs, size_t ndevs,
					  const struct tcpu *cpus, size_t ncpus)
{
	struct netobs_snapshot *snap = snap_new("/", sec, 0);
	size_t i;

	for (i = 0; i < ndevs && devs[i].name; i++)
		snap_add_dev(snap, &devs[i]);
	for (i = 0; i < ncpus; i++)
		snap_add_cpu(snap, &cpus[i]);
	ck_assert_int_eq(netobs__snapshot_finish(snap), 0);
	return snap;
}

static struct netobs_diff *diff_of(const struct netobs_snapshot *a, const struct netobs_snapshot *b)
{
	struct netobs_diff *d = NULL;

	ck_assert_int_eq(netobs_diff_new(&d, a, b), 0);
	ck_assert_ptr_nonnull(d);
	return d;
}

/* ---- one counter of one device, older 10 s, newer 12 s ----------------------- */

struct counter_case {
	const char *what;
	unsigned int old_flags, new_flags;
	uint64_t old_v, new_v;
	int ret;
	uint64_t delta;
	unsigned int status;
};

static const struct counter_case counter_cases[] = {
	{ "plain", 0, 0, 1000, 3000, 0, 2000, NETOBS_DIFF_SAME },
	{ "unchanged", 0, 0, 5, 5, 0, 0, NETOBS_DIFF_SAME },
	{ "64-bit past 2^32, no modulo", 0, 0, 0xfffffff0, 0x100000010ull, 0, 0x20,
	  NETOBS_DIFF_SAME },
	{ "64-bit large", 0, 0, 0xffffffff00000000ull, 0xffffffff00001000ull, 0, 0x1000,
	  NETOBS_DIFF_SAME },
	{ "32-bit wrap", T_32BIT, T_32BIT, 0xfffffff0, 0x10, 0, 32, NETOBS_DIFF_SAME },
	{ "32-bit newer only", 0, T_32BIT, 0xfffffff0, 0x10, 0, 32, NETOBS_DIFF_SAME },
	{ "32-bit older only", T_32BIT, 0, 0xfffffff0, 0x10, 0, 32, NETOBS_DIFF_SAME },
	{ "32-bit no wrap", T_32BIT, T_32BIT, 100, 300, 0, 200, NETOBS_DIFF_SAME },
	{ "32-bit backwards is a wrap", T_32BIT, T_32BIT, 300, 100, 0, 0xffffff38,
	  NETOBS_DIFF_SAME },
	{ "64-bit reset", 0, 0, 5000, 100, -ERANGE, 0, NETOBS_DIFF_RESET },
	{ "64-bit reset near the top", 0, 0, UINT64_MAX - 1, 3, -ERANGE, 0, NETOBS_DIFF_RESET },
	{ "older lacks it", T_NO_RX, 0, 0, 10, -ENODATA, 0, NETOBS_DIFF_SAME },
	{ "newer lacks it", 0, T_NO_RX, 10, 0, -ENODATA, 0, NETOBS_DIFF_SAME },
	{ "lacking, backwards is no reset", 0, T_NO_RX, 10, 0, -ENODATA, 0, NETOBS_DIFF_SAME },
	{ "folded in older only", T_FOLDED, 0, 10, 20, -ENODATA, 0, NETOBS_DIFF_SAME },
	{ "folded in both", T_FOLDED, T_FOLDED, 10, 20, 0, 10, NETOBS_DIFF_SAME },
};

START_TEST(counter_delta)
{
	const struct counter_case *c = &counter_cases[_i];
	const struct tdev o = { 2, "eth0", NETOBS_CLASS_PHYSICAL, c->old_flags, c->old_v, 10 };
	const struct tdev n = { 2, "eth0", NETOBS_CLASS_PHYSICAL, c->new_flags, c->new_v, 20 };
	struct netobs_snapshot *a = snap_build(10, &o, 1, NULL, 0);
	struct netobs_snapshot *b = snap_build(12, &n, 1, NULL, 0);
	struct netobs_diff *d = diff_of(a, b);
	const struct netobs_device *dev = netobs_snapshot_device(b, 0);
	uint64_t delta = 0;
	double rate = 0;
	int ret;

	ck_assert_double_eq(netobs_diff_interval(d), 2.0);
	ret = netobs_diff_device_counter(d, dev, NETOBS_RX_BYTES, &delta, &rate);
	ck_assert_msg(ret == c->ret, "%s: returned %d, want %d", c->what, ret, c->ret);
	ck_assert_msg(netobs_diff_device_status(d, dev) == c->status, "%s: status %#x, want %#x",
		      c->what, netobs_diff_device_status(d, dev), c->status);
	if (c->ret == 0) {
		ck_assert_msg(delta == c->delta, "%s: delta %llu, want %llu", c->what,
			      (unsigned long long)delta, (unsigned long long)c->delta);
		ck_assert_double_eq(rate, (double)c->delta / 2.0);
		ck_assert_double_eq(netobs_diff_rate(d, dev, NETOBS_RX_BYTES), rate);
	} else {
		ck_assert(isnan(netobs_diff_rate(d, dev, NETOBS_RX_BYTES)));
	}
	/* A reset of one counter leaves the device's others usable. */
	ck_assert_int_eq(netobs_diff_device_counter(d, dev, NETOBS_TX_PACKETS, &delta, NULL), 0);
	ck_assert_uint_eq(delta, 10);
	/* Counters no source gave. */
	ck_assert_int_eq(netobs_diff_device_counter(d, dev, NETOBS_RX_OTHERHOST_DROPPED, NULL,
						    NULL),
			 -ENODATA);
	ck_assert_uint_eq(netobs_diff_gone_device_count(d), 0);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

/* ---- device identity ----------------------------------------------------------- */

#define NDEV 6

struct ident_expect {
	const char *name; /* a device of the newer snapshot */
	unsigned int status;
	int ret;	  /* of rx_bytes: 0 means a delta of 50 */
};

struct ident_gone {
	int ifindex;
	const char *name;
};

struct ident_case {
	const char *what;
	struct tdev older[NDEV], newer[NDEV];
	struct ident_expect expect[NDEV];
	struct ident_gone gone[NDEV];
};

#define P NETOBS_CLASS_PHYSICAL
#define V NETOBS_CLASS_VIRTUAL
#define L NETOBS_CLASS_LOOPBACK
#define RR (NETOBS_DIFF_RENAMED | NETOBS_DIFF_RECREATED)
/* A device of an identity case: counters are set by ident_snapshots(). */
#define D(ifindex, name, cls) { ifindex, name, cls, 0, 0, 0 }

static const struct ident_case ident_cases[] = {
	{ "same", { D(2, "eth0", P) }, { D(2, "eth0", P) },
	  { { "eth0", NETOBS_DIFF_SAME, 0 } }, { { 0 } } },
	{ "new", { D(1, "lo", L) }, { D(1, "lo", L), D(3, "veth0", V) },
	  { { "lo", NETOBS_DIFF_SAME, 0 }, { "veth0", NETOBS_DIFF_NEW, -ENOENT } }, { { 0 } } },
	{ "vanished", { D(1, "lo", L), D(3, "veth0", V) }, { D(1, "lo", L) },
	  { { "lo", NETOBS_DIFF_SAME, 0 } }, { { 3, "veth0" } } },
	{ "renamed", { D(2, "eth0", P) }, { D(2, "wan0", P) },
	  { { "wan0", NETOBS_DIFF_RENAMED, -ENOENT } }, { { 2, "eth0" } } },
	{ "re-created", { D(4, "veth0", V) }, { D(7, "veth0", V) },
	  { { "veth0", NETOBS_DIFF_RECREATED, -ENOENT } }, { { 4, "veth0" } } },
	{ "re-created, old ifindex renamed", { D(2, "eth0", P) },
	  { D(2, "foo", P), D(5, "eth0", P) },
	  { { "foo", NETOBS_DIFF_RENAMED, -ENOENT }, { "eth0", NETOBS_DIFF_RECREATED, -ENOENT } },
	  { { 2, "eth0" } } },
	{ "renamed onto another's name", { D(2, "a", V), D(3, "b", V) }, { D(2, "b", V) },
	  { { "b", RR, -ENOENT } }, { { 2, "a" }, { 3, "b" } } },
	{ "names swapped", { D(2, "a", V), D(3, "b", V) }, { D(2, "b", V), D(3, "a", V) },
	  { { "a", RR, -ENOENT }, { "b", RR, -ENOENT } }, { { 2, "a" }, { 3, "b" } } },
	{ "ifindex unknown on both sides", { D(0, "eth0", P), D(0, "lo", L) },
	  { D(0, "lo", L), D(0, "eth0", P) },
	  { { "eth0", NETOBS_DIFF_SAME, 0 }, { "lo", NETOBS_DIFF_SAME, 0 } }, { { 0 } } },
	{ "ifindex unknown, another name", { D(0, "eth0", P) }, { D(0, "lo", L) },
	  { { "lo", NETOBS_DIFF_NEW, -ENOENT } }, { { 0, "eth0" } } },
	{ "ifindex unknown on one side", { D(0, "eth0", P) }, { D(2, "eth0", P) },
	  { { "eth0", NETOBS_DIFF_RECREATED, -ENOENT } }, { { 0, "eth0" } } },
	{ "empty older", { { 0 } }, { D(1, "lo", L) },
	  { { "lo", NETOBS_DIFF_NEW, -ENOENT } }, { { 0 } } },
	{ "empty newer", { D(1, "lo", L), D(2, "eth0", P) }, { { 0 } },
	  { { 0 } }, { { 1, "lo" }, { 2, "eth0" } } },
	{ "all at once",
	  { D(1, "lo", L), D(2, "eth0", P), D(3, "eth1", P), D(5, "br0", V),
	    D(9, "veth9", V) },
	  { D(1, "lo", L), D(3, "eth1x", P), D(5, "br0", V), D(6, "eth0", P),
	    D(10, "veth10", V) },
	  { { "lo", NETOBS_DIFF_SAME, 0 }, { "eth1x", NETOBS_DIFF_RENAMED, -ENOENT },
	    { "br0", NETOBS_DIFF_SAME, 0 }, { "eth0", NETOBS_DIFF_RECREATED, -ENOENT },
	    { "veth10", NETOBS_DIFF_NEW, -ENOENT } },
	  { { 2, "eth0" }, { 3, "eth1" }, { 9, "veth9" } } },
};

static size_t count_devs(const struct tdev *devs)
{
	size_t n = 0;

	while (n < NDEV && devs[n].name)
		n++;
	return n;
}

/* The case's snapshots: every older device has rx_bytes 100, every newer 150. */
static void ident_snapshots(const struct ident_case *c, struct netobs_snapshot **a,
			    struct netobs_snapshot **b)
{
	struct tdev o[NDEV], n[NDEV];
	size_t i;

	memcpy(o, c->older, sizeof(o));
	memcpy(n, c->newer, sizeof(n));
	for (i = 0; i < NDEV; i++) {
		o[i].rx_bytes = 100;
		n[i].rx_bytes = 150;
	}
	*a = snap_build(10, o, NDEV, NULL, 0);
	*b = snap_build(11, n, NDEV, NULL, 0);
}

static void check_ident_expect(const struct ident_case *c, const struct netobs_diff *d,
			       const struct netobs_snapshot *b)
{
	size_t i, nexp = 0;

	for (i = 0; i < NDEV && c->expect[i].name; i++, nexp++) {
		const struct ident_expect *e = &c->expect[i];
		const struct netobs_device *dev = test_device(b, e->name);
		uint64_t delta = 0;
		int ret = netobs_diff_device_counter(d, dev, NETOBS_RX_BYTES, &delta, NULL);

		ck_assert_msg(netobs_diff_device_status(d, dev) == e->status,
			      "%s: %s status %#x, want %#x", c->what, e->name,
			      netobs_diff_device_status(d, dev), e->status);
		ck_assert_msg(ret == e->ret, "%s: %s returned %d, want %d", c->what, e->name, ret,
			      e->ret);
		if (ret == 0)
			ck_assert_uint_eq(delta, 50);
	}
	ck_assert_uint_eq(nexp, netobs_snapshot_device_count(b));
}

static void check_ident_gone(const struct ident_case *c, const struct netobs_diff *d,
			     const struct netobs_snapshot *a)
{
	size_t i, same = 0, ngone = 0;

	for (i = 0; i < NDEV && c->gone[i].name; i++, ngone++) {
		const struct netobs_device *g = netobs_diff_gone_device(d, i);

		ck_assert_ptr_nonnull(g);
		ck_assert_msg(g->ifindex == c->gone[i].ifindex && !strcmp(g->name, c->gone[i].name),
			      "%s: gone %zu is %d %s, want %d %s", c->what, i, g->ifindex,
			      g->name, c->gone[i].ifindex, c->gone[i].name);
		ck_assert_uint_eq(netobs_diff_device_status(d, g), NETOBS_DIFF_GONE);
		ck_assert_int_eq(netobs_diff_device_counter(d, g, NETOBS_RX_BYTES, NULL, NULL),
				 -ENOENT);
	}
	ck_assert_uint_eq(netobs_diff_gone_device_count(d), ngone);
	ck_assert_ptr_null(netobs_diff_gone_device(d, ngone));
	/* Every older device is either matched (SAME) or gone, never both. */
	for (i = 0; i < netobs_snapshot_device_count(a); i++)
		if (netobs_diff_device_status(d, netobs_snapshot_device(a, i)) == NETOBS_DIFF_SAME)
			same++;
	ck_assert_uint_eq(same + ngone, netobs_snapshot_device_count(a));
}

START_TEST(identity)
{
	const struct ident_case *c = &ident_cases[_i];
	struct netobs_snapshot *a, *b;
	struct netobs_diff *d;

	ident_snapshots(c, &a, &b);
	ck_assert_uint_eq(netobs_snapshot_device_count(a), count_devs(c->older));
	d = diff_of(a, b);
	check_ident_expect(c, d, b);
	check_ident_gone(c, d, a);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

/* ---- CPUs ------------------------------------------------------------------------ */

#define NCPU 3

struct cpu_expect {
	int id;
	unsigned int status;
	int softnet_ret; /* processed */
	uint64_t softnet;
	int softirq_ret; /* NET_RX */
	uint64_t softirq;
};

struct cpu_case {
	const char *what;
	size_t nold, nnew, ngone;
	struct tcpu older[NCPU], newer[NCPU];
	struct cpu_expect expect[NCPU]; /* one per newer CPU, in id order */
	int gone[NCPU];
};

#define OFF C_OFFLINE

static const struct cpu_case cpu_cases[] = {
	{ "plain", 1, 1, 0, { { 0, 0, 100, 0, 10 } }, { { 0, 0, 300, 0, 20 } },
	  { { 0, NETOBS_DIFF_SAME, 0, 200, 0, 10 } }, { 0 } },
	{ "u32 wrap", 1, 1, 0, { { 0, 0, 0xfffffff0, 0, 0xffffffff } },
	  { { 0, 0, 0x10, 0, 4 } }, { { 0, NETOBS_DIFF_SAME, 0, 32, 0, 5 } }, { 0 } },
	{ "came online", 2, 2, 0, { { 0, 0, 1, 0, 1 }, { 1, OFF, 0, 0, 7 } },
	  { { 0, 0, 2, 0, 2 }, { 1, 0, 50, 0, 9 } },
	  { { 0, NETOBS_DIFF_SAME, 0, 1, 0, 1 }, { 1, NETOBS_DIFF_NEW, -ENOENT, 0, 0, 2 } },
	  { 0 } },
	{ "went offline", 2, 2, 0, { { 0, 0, 1, 0, 1 }, { 1, 0, 50, 0, 7 } },
	  { { 0, 0, 2, 0, 2 }, { 1, OFF, 0, 0, 9 } },
	  { { 0, NETOBS_DIFF_SAME, 0, 1, 0, 1 }, { 1, NETOBS_DIFF_GONE, -ENOENT, 0, 0, 2 } },
	  { 0 } },
	{ "offline in both", 1, 1, 0, { { 3, OFF, 0, 0, 7 } }, { { 3, OFF, 0, 0, 8 } },
	  { { 3, NETOBS_DIFF_SAME, -ENODATA, 0, 0, 1 } }, { 0 } },
	{ "absent from newer", 3, 1, 2,
	  { { 0, 0, 1, 0, 1 }, { 1, 0, 1, 0, 1 }, { 2, OFF, 0, 0, 1 } },
	  { { 0, 0, 5, 0, 5 } }, { { 0, NETOBS_DIFF_SAME, 0, 4, 0, 4 } }, { 1, 2 } },
	{ "absent from older", 1, 3, 0, { { 1, 0, 1, 0, 1 } },
	  { { 0, 0, 5, 0, 5 }, { 1, 0, 5, 0, 5 }, { 2, OFF, 0, 0, 5 } },
	  { { 0, NETOBS_DIFF_NEW, -ENOENT, 0, -ENOENT, 0 },
	    { 1, NETOBS_DIFF_SAME, 0, 4, 0, 4 },
	    { 2, NETOBS_DIFF_NEW, -ENOENT, 0, -ENOENT, 0 } },
	  { 0 } },
	{ "no softirqs in older", 1, 1, 0, { { 0, C_NO_SOFTIRQ, 1, 0, 0 } },
	  { { 0, 0, 9, 0, 5 } }, { { 0, NETOBS_DIFF_SAME, 0, 8, -ENODATA, 0 } }, { 0 } },
	{ "no softirqs in newer", 1, 1, 0, { { 0, 0, 1, 0, 3 } },
	  { { 0, C_NO_SOFTIRQ, 9, 0, 0 } }, { { 0, NETOBS_DIFF_SAME, 0, 8, -ENODATA, 0 } },
	  { 0 } },
};

static void check_cpu_expect(const struct cpu_case *c, const struct netobs_diff *d,
			     const struct netobs_snapshot *b)
{
	size_t i;

	ck_assert_uint_eq(netobs_snapshot_cpu_count(b), c->nnew);
	for (i = 0; i < c->nnew; i++) {
		const struct cpu_expect *e = &c->expect[i];
		const struct netobs_cpu *cpu = netobs_snapshot_cpu(b, i);
		uint64_t delta = 0;
		double rate = 0;
		int ret;

		ck_assert_int_eq(netobs_cpu_id(cpu), e->id);
		ck_assert_msg(netobs_diff_cpu_status(d, cpu) == e->status,
			      "%s: cpu%d status %#x, want %#x", c->what, e->id,
			      netobs_diff_cpu_status(d, cpu), e->status);
		ret = netobs_diff_cpu_softnet(d, cpu, NETOBS_SOFTNET_PROCESSED, &delta, &rate);
		ck_assert_msg(ret == e->softnet_ret, "%s: cpu%d softnet %d, want %d", c->what,
			      e->id, ret, e->softnet_ret);
		if (ret == 0) {
			ck_assert_uint_eq(delta, e->softnet);
			ck_assert_double_eq(rate, (double)e->softnet);
		}
		ret = netobs_diff_cpu_softirq(d, cpu, NETOBS_SOFTIRQ_NET_RX, &delta, &rate);
		ck_assert_msg(ret == e->softirq_ret, "%s: cpu%d softirq %d, want %d", c->what,
			      e->id, ret, e->softirq_ret);
		if (ret == 0) {
			ck_assert_uint_eq(delta, e->softirq);
			ck_assert_double_eq(rate, (double)e->softirq);
		}
	}
}

static void check_cpu_gone(const struct cpu_case *c, const struct netobs_diff *d)
{
	size_t i;

	ck_assert_uint_eq(netobs_diff_gone_cpu_count(d), c->ngone);
	for (i = 0; i < c->ngone; i++) {
		const struct netobs_cpu *cpu = netobs_diff_gone_cpu(d, i);

		ck_assert_ptr_nonnull(cpu);
		ck_assert_int_eq(netobs_cpu_id(cpu), c->gone[i]);
		ck_assert_uint_eq(netobs_diff_cpu_status(d, cpu), NETOBS_DIFF_GONE);
		ck_assert_int_eq(netobs_diff_cpu_softnet(d, cpu, NETOBS_SOFTNET_PROCESSED, NULL,
							 NULL),
				 -ENOENT);
		ck_assert_int_eq(netobs_diff_cpu_softirq(d, cpu, NETOBS_SOFTIRQ_NET_RX, NULL, NULL),
				 -ENOENT);
	}
	ck_assert_ptr_null(netobs_diff_gone_cpu(d, c->ngone));
}

START_TEST(cpu_hotplug)
{
	const struct cpu_case *c = &cpu_cases[_i];
	struct netobs_snapshot *a = snap_build(20, NULL, 0, c->older, c->nold);
	struct netobs_snapshot *b = snap_build(21, NULL, 0, c->newer, c->nnew);
	struct netobs_diff *d = diff_of(a, b);

	check_cpu_expect(c, d, b);
	check_cpu_gone(c, d);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

/* Gauges give the newer level whatever the older said; fields a kernel lacks
 * give -ENODATA. */
START_TEST(gauges_and_missing_fields)
{
	const struct tcpu o[] = { { 0, 0, 10, 5, 0 }, { 1, C_NO_RPS, 10, 5, 0 } };
	const struct tcpu n[] = { { 0, 0, 30, 3, 0 }, { 1, C_NO_RPS, 30, 0, 0 },
				  { 2, 0, 30, 7, 0 }, { 3, OFF, 0, 0, 0 } };
	struct netobs_snapshot *a = snap_build(20, NULL, 0, o, 2);
	struct netobs_snapshot *b = snap_build(24, NULL, 0, n, 4);
	struct netobs_diff *d = diff_of(a, b);
	uint64_t delta;
	double rate;

	ck_assert_int_eq(netobs_diff_cpu_softnet(d, netobs_snapshot_cpu(b, 0),
						 NETOBS_SOFTNET_BACKLOG_LEN, &delta, &rate), 0);
	ck_assert_uint_eq(delta, 3);
	ck_assert_double_eq(rate, 3.0);
	/* A new CPU has a level too, though no rate. */
	ck_assert_int_eq(netobs_diff_cpu_softnet(d, netobs_snapshot_cpu(b, 2),
						 NETOBS_SOFTNET_BACKLOG_LEN, &delta, &rate), 0);
	ck_assert_uint_eq(delta, 7);
	ck_assert_int_eq(netobs_diff_cpu_softnet(d, netobs_snapshot_cpu(b, 2),
						 NETOBS_SOFTNET_PROCESSED, NULL, NULL), -ENOENT);
	ck_assert_int_eq(netobs_diff_cpu_softnet(d, netobs_snapshot_cpu(b, 3),
						 NETOBS_SOFTNET_BACKLOG_LEN, NULL, NULL), -ENODATA);
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_BACKLOG_LEN, &delta, &rate),
			 0);
	ck_assert_uint_eq(delta, 10);
	ck_assert_double_eq(rate, 10.0);
	/* input_qlen: no CPU's kernel printed it. */
	ck_assert_int_eq(netobs_diff_cpu_softnet(d, netobs_snapshot_cpu(b, 0),
						 NETOBS_SOFTNET_INPUT_QLEN, NULL, NULL), -ENODATA);
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_INPUT_QLEN, NULL, NULL),
			 -ENODATA);
	/* received_rps: CPU 1's rows lack it; CPU 0 goes 5 -> 15 over 4 s. */
	ck_assert_int_eq(netobs_diff_cpu_softnet(d, netobs_snapshot_cpu(b, 1),
						 NETOBS_SOFTNET_RECEIVED_RPS, NULL, NULL),
			 -ENODATA);
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_RECEIVED_RPS, &delta, &rate),
			 0);
	ck_assert_uint_eq(delta, 10);
	ck_assert_double_eq(rate, 2.5);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

/* ---- misuse ------------------------------------------------------------------------ */

struct misuse_case {
	const char *what;
	const char *old_root, *new_root; /* NULL: built without a context */
	time_t old_sec, new_sec;
	long old_nsec, new_nsec;
	int ret;
	double interval;
};

static const struct misuse_case misuse_cases[] = {
	{ "in order", "/", "/", 10, 12, 0, 500000000, 0, 2.5 },
	{ "nanoseconds apart", "/", "/", 10, 10, 100, 200, 0, 1e-7 },
	{ "across a second", "/srv/t", "/srv/t", 10, 11, 900000000, 100000000, 0, 0.2 },
	{ "no root is the host's", NULL, "/", 10, 11, 0, 0, 0, 1.0 },
	{ "swapped", "/", "/", 12, 10, 0, 0, -EINVAL, 0 },
	{ "swapped by nanoseconds", "/", "/", 10, 10, 500, 400, -EINVAL, 0 },
	{ "zero interval", "/", "/", 10, 10, 7, 7, -EINVAL, 0 },
	{ "different roots", "/", "/srv/fixture", 10, 12, 0, 0, -EINVAL, 0 },
	{ "different fixture roots", "/srv/a", "/srv/b", 10, 12, 0, 0, -EINVAL, 0 },
};

START_TEST(misuse)
{
	const struct misuse_case *c = &misuse_cases[_i];
	const struct tdev dev = { 2, "eth0", P, 0, 1, 1 };
	struct netobs_snapshot *a = snap_new(c->old_root, c->old_sec, c->old_nsec);
	struct netobs_snapshot *b = snap_new(c->new_root, c->new_sec, c->new_nsec);
	struct netobs_diff *d = (struct netobs_diff *)(uintptr_t)1; /* must become NULL */
	int ret;

	snap_add_dev(a, &dev);
	snap_add_dev(b, &dev);
	ck_assert_int_eq(netobs__snapshot_finish(a), 0);
	ck_assert_int_eq(netobs__snapshot_finish(b), 0);
	ret = netobs_diff_new(&d, a, b);
	ck_assert_msg(ret == c->ret, "%s: returned %d, want %d", c->what, ret, c->ret);
	if (ret == 0) {
		ck_assert_double_eq_tol(netobs_diff_interval(d), c->interval, 1e-12);
		ck_assert_uint_eq(netobs_diff_device_status(d, netobs_snapshot_device(b, 0)),
				  NETOBS_DIFF_SAME);
		ck_assert_str_eq(netobs_diff_message(d), "");
	} else {
		ck_assert_ptr_null(d);
		/* An empty diff updated with the same pair says why. */
		ck_assert_int_eq(netobs_diff_new(&d, NULL, NULL), 0);
		ck_assert_int_eq(netobs_diff_update(d, a, b), c->ret);
		ck_assert_msg(strlen(netobs_diff_message(d)) > 10, "%s: no message", c->what);
		ck_assert(isnan(netobs_diff_interval(d)));
	}
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

/* A snapshot passed twice, NULL arguments, unknown enum values, and a diff
 * that a failed update left empty. */
START_TEST(bad_arguments)
{
	const struct tdev dev = { 2, "eth0", P, 0, 100, 1 }, dev2 = { 2, "eth0", P, 0, 300, 1 };
	const struct tcpu cpu = { 0, 0, 1, 1, 1 };
	struct netobs_snapshot *a = snap_build(10, &dev, 1, &cpu, 1);
	struct netobs_snapshot *b = snap_build(12, &dev2, 1, &cpu, 1);
	const struct netobs_device *nd = netobs_snapshot_device(b, 0);
	const struct netobs_cpu *nc = netobs_snapshot_cpu(b, 0);
	struct netobs_diff *d = NULL;

	ck_assert_int_eq(netobs_diff_new(&d, a, a), -EINVAL);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(netobs_diff_new(NULL, a, b), -EINVAL);
	ck_assert_int_eq(netobs_diff_new(&d, NULL, b), -EINVAL);
	ck_assert_int_eq(netobs_diff_new(&d, a, NULL), -EINVAL);
	ck_assert_int_eq(netobs_diff_update(NULL, a, b), -EINVAL);
	netobs_diff_free(NULL);

	d = diff_of(a, b);
	ck_assert_int_eq(netobs_diff_device_counter(d, NULL, NETOBS_RX_BYTES, NULL, NULL), -EINVAL);
	ck_assert_int_eq(netobs_diff_device_counter(d, nd, (enum netobs_counter)25, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_device_counter(NULL, nd, NETOBS_RX_BYTES, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_class_total(d, (enum netobs_class)3, NETOBS_RX_BYTES, NULL,
						 NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_class_total(d, P, (enum netobs_counter)-1, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_cpu_softnet(d, nc, (enum netobs_softnet_field)9, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_cpu_softnet(d, NULL, NETOBS_SOFTNET_PROCESSED, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_cpu_softirq(d, nc, (enum netobs_softirq)2, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_softnet_total(d, (enum netobs_softnet_field)9, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_softirq_total(d, (enum netobs_softirq)2, NULL, NULL), -EINVAL);
	ck_assert_uint_eq(netobs_diff_device_status(d, NULL), NETOBS_DIFF_GONE);
	ck_assert_uint_eq(netobs_diff_cpu_status(d, NULL), NETOBS_DIFF_GONE);
	ck_assert(isnan(netobs_diff_interval(NULL)));
	ck_assert_uint_eq(netobs_diff_gone_device_count(NULL), 0);
	ck_assert_uint_eq(netobs_diff_gone_cpu_count(NULL), 0);

	/* A failed update empties the diff: no stale answers about A and B. */
	ck_assert_double_eq(netobs_diff_rate(d, nd, NETOBS_RX_BYTES), 100.0);
	ck_assert_int_eq(netobs_diff_update(d, b, a), -EINVAL);
	ck_assert(isnan(netobs_diff_interval(d)));
	ck_assert(isnan(netobs_diff_rate(d, nd, NETOBS_RX_BYTES)));
	ck_assert_int_eq(netobs_diff_cpu_softirq(d, nc, NETOBS_SOFTIRQ_NET_RX, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(netobs_diff_softirq_total(d, NETOBS_SOFTIRQ_NET_RX, NULL, NULL), -EINVAL);
	ck_assert_int_eq(netobs_diff_class_total(d, P, NETOBS_RX_BYTES, NULL, NULL), -EINVAL);
	ck_assert_uint_eq(netobs_diff_device_status(d, nd), NETOBS_DIFF_GONE);
	/* ... and it works again after a good one. */
	ck_assert_int_eq(netobs_diff_update(d, a, b), 0);
	ck_assert_double_eq(netobs_diff_rate(d, nd, NETOBS_RX_BYTES), 100.0);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

/* netobs_diff_rate: NAN wherever netobs_diff_device_counter() fails. */
START_TEST(rate_nan)
{
	const struct tdev o[] = {
		{ 1, "lo", L, 0, 10, 0 },
		{ 2, "eth0", P, 0, 900, 0 },
		{ 3, "eth1", P, T_NO_RX, 0, 0 },
		{ 4, "old0", V, 0, 1, 0 },
	};
	const struct tdev n[] = {
		{ 1, "lo", L, 0, 30, 0 },
		{ 2, "eth0", P, 0, 100, 0 },
		{ 3, "eth1", P, 0, 5, 0 },
		{ 5, "new0", V, 0, 1, 0 },
	};
	struct netobs_snapshot *a = snap_build(10, o, 4, NULL, 0);
	struct netobs_snapshot *b = snap_build(12, n, 4, NULL, 0);
	struct netobs_snapshot *c = snap_build(14, n, 4, NULL, 0);
	struct netobs_diff *d = diff_of(a, b);

	ck_assert_double_eq(netobs_diff_rate(d, test_device(b, "lo"), NETOBS_RX_BYTES), 10.0);
	ck_assert(isnan(netobs_diff_rate(d, test_device(b, "eth0"), NETOBS_RX_BYTES)));
	ck_assert(isnan(netobs_diff_rate(d, test_device(b, "eth1"), NETOBS_RX_BYTES)));
	ck_assert(isnan(netobs_diff_rate(d, test_device(b, "new0"), NETOBS_RX_BYTES)));
	ck_assert(isnan(netobs_diff_rate(d, netobs_diff_gone_device(d, 0), NETOBS_RX_BYTES)));
	ck_assert(isnan(netobs_diff_rate(d, NULL, NETOBS_RX_BYTES)));
	ck_assert(isnan(netobs_diff_rate(NULL, test_device(b, "lo"), NETOBS_RX_BYTES)));
	/* A device of a third snapshot is no device of this diff. */
	ck_assert(isnan(netobs_diff_rate(d, test_device(c, "lo"), NETOBS_RX_BYTES)));
	ck_assert_uint_eq(netobs_diff_device_status(d, test_device(c, "lo")), NETOBS_DIFF_GONE);
	/* A matched device of the older snapshot reads as its newer partner. */
	ck_assert_uint_eq(netobs_diff_device_status(d, test_device(a, "eth0")), NETOBS_DIFF_RESET);
	ck_assert_int_eq(netobs_diff_device_counter(d, test_device(a, "lo"), NETOBS_RX_BYTES, NULL,
						    NULL),
			 -ENOENT);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
	netobs_snapshot_free(c);
}
END_TEST

/* ---- aggregates -------------------------------------------------------------------- */

START_TEST(aggregates)
{
	const struct tdev o[] = {
		{ 1, "lo", L, 0, 1000, 0 },
		{ 2, "eth0", P, 0, 100, 1 },
		{ 3, "eth1", P, T_32BIT, 0xffffff00, 1 },
		{ 4, "veth0", V, 0, 0, 1 },
		{ 5, "eth2", P, 0, 500, 1 },
		{ 6, "eth3", P, T_NO_RX, 0, 1 },
		{ 8, "veth1", V, 0, 0, 1 },
	};
	const struct tdev n[] = {
		{ 1, "lo", L, 0, 1400, 0 },
		{ 2, "eth0", P, 0, 300, 3 },
		{ 3, "eth1", P, T_32BIT, 0x100, 5 },
		{ 4, "veth0", V, 0, 40, 1 },
		{ 5, "eth2", P, 0, 7, 1 },
		{ 6, "eth3", P, 0, 9, 1 },
		{ 7, "eth9", P, 0, 99999, 1 },
	};
	const struct tcpu oc[] = { { 0, 0, 100, 1, 10 }, { 1, 0, 0xfffffffe, 1, 10 },
				   { 2, OFF, 0, 0, 10 } };
	const struct tcpu nc[] = { { 0, 0, 110, 2, 30 }, { 1, 0, 2, 4, 11 },
				   { 2, OFF, 0, 0, 13 }, { 3, 0, 5000, 8, 5000 } };
	struct netobs_snapshot *a = snap_build(100, o, 7, oc, 3);
	struct netobs_snapshot *b = snap_build(104, n, 7, nc, 4);
	struct netobs_diff *d = diff_of(a, b);
	uint64_t delta;
	double rate;

	/* Physical: eth0 200 + eth1 0x200 (32-bit wrap); eth2 was reset, eth3
	 * lacked the counter, eth9 is new. */
	ck_assert_int_eq(netobs_diff_class_total(d, P, NETOBS_RX_BYTES, &delta, &rate), 0);
	ck_assert_uint_eq(delta, 200 + 0x200);
	ck_assert_double_eq(rate, (200.0 + 0x200) / 4);
	ck_assert_int_eq(netobs_diff_class_total(d, P, NETOBS_TX_PACKETS, &delta, NULL), 0);
	ck_assert_uint_eq(delta, 2 + 4);
	ck_assert_int_eq(netobs_diff_class_total(d, V, NETOBS_RX_BYTES, &delta, &rate), 0);
	ck_assert_uint_eq(delta, 40);
	ck_assert_double_eq(rate, 10.0);
	ck_assert_int_eq(netobs_diff_class_total(d, L, NETOBS_RX_BYTES, &delta, &rate), 0);
	ck_assert_uint_eq(delta, 400);
	ck_assert_double_eq(rate, 100.0);
	ck_assert_int_eq(netobs_diff_class_total(d, P, NETOBS_RX_OTHERHOST_DROPPED, NULL, NULL),
			 -ENODATA);
	/* CPUs: 10 + 4 (u32 wrap); CPU 3 is new.  NET_RX: 20 + 1 + 3 (offline
	 * CPU 2 counts). */
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_PROCESSED, &delta, &rate), 0);
	ck_assert_uint_eq(delta, 14);
	ck_assert_double_eq(rate, 3.5);
	ck_assert_int_eq(netobs_diff_softirq_total(d, NETOBS_SOFTIRQ_NET_RX, &delta, &rate), 0);
	ck_assert_uint_eq(delta, 24);
	ck_assert_double_eq(rate, 6.0);
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_BACKLOG_LEN, &delta, &rate),
			 0);
	ck_assert_uint_eq(delta, 2 + 4 + 8);
	ck_assert_double_eq(rate, 14.0);
	ck_assert_int_eq(netobs_diff_softirq_total(d, NETOBS_SOFTIRQ_NET_TX, NULL, NULL), -ENODATA);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

/* Only new devices and CPUs: nothing to sum. */
START_TEST(aggregates_empty)
{
	const struct tdev n[] = { { 2, "eth0", P, 0, 300, 3 } };
	const struct tcpu nc[] = { { 0, 0, 110, 2, 30 } };
	struct netobs_snapshot *a = snap_build(100, NULL, 0, NULL, 0);
	struct netobs_snapshot *b = snap_build(101, n, 1, nc, 1);
	struct netobs_diff *d = diff_of(a, b);

	ck_assert_int_eq(netobs_diff_class_total(d, P, NETOBS_RX_BYTES, NULL, NULL), -ENODATA);
	ck_assert_int_eq(netobs_diff_class_total(d, V, NETOBS_RX_BYTES, NULL, NULL), -ENODATA);
	ck_assert_int_eq(netobs_diff_softnet_total(d, NETOBS_SOFTNET_PROCESSED, NULL, NULL),
			 -ENODATA);
	ck_assert_int_eq(netobs_diff_softirq_total(d, NETOBS_SOFTIRQ_NET_RX, NULL, NULL), -ENODATA);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

/* ---- one diff object reused ------------------------------------------------------- */

static void compare_devices(const struct netobs_diff *x, const struct netobs_diff *y,
			    const struct netobs_snapshot *b)
{
	size_t i;
	unsigned int c;

	for (i = 0; i < netobs_snapshot_device_count(b); i++) {
		const struct netobs_device *dev = netobs_snapshot_device(b, i);

		ck_assert_uint_eq(netobs_diff_device_status(x, dev),
				  netobs_diff_device_status(y, dev));
		for (c = 0; c < netobs_counter_count(); c++) {
			uint64_t dx = 0, dy = 0;

			ck_assert_int_eq(netobs_diff_device_counter(x, dev, c, &dx, NULL),
					 netobs_diff_device_counter(y, dev, c, &dy, NULL));
			ck_assert_uint_eq(dx, dy);
		}
	}
	ck_assert_uint_eq(netobs_diff_gone_device_count(x), netobs_diff_gone_device_count(y));
	for (i = 0; i < netobs_diff_gone_device_count(x); i++)
		ck_assert_ptr_eq(netobs_diff_gone_device(x, i), netobs_diff_gone_device(y, i));
}

static void compare_cpus(const struct netobs_diff *x, const struct netobs_diff *y,
			 const struct netobs_snapshot *b)
{
	size_t i;
	unsigned int f;

	for (i = 0; i < netobs_snapshot_cpu_count(b); i++) {
		const struct netobs_cpu *cpu = netobs_snapshot_cpu(b, i);
		uint64_t dx = 0, dy = 0;

		ck_assert_uint_eq(netobs_diff_cpu_status(x, cpu), netobs_diff_cpu_status(y, cpu));
		for (f = 0; f < netobs_softnet_field_count(); f++) {
			ck_assert_int_eq(netobs_diff_cpu_softnet(x, cpu, f, &dx, NULL),
					 netobs_diff_cpu_softnet(y, cpu, f, &dy, NULL));
			ck_assert_uint_eq(dx, dy);
		}
		ck_assert_int_eq(netobs_diff_cpu_softirq(x, cpu, NETOBS_SOFTIRQ_NET_RX, &dx, NULL),
				 netobs_diff_cpu_softirq(y, cpu, NETOBS_SOFTIRQ_NET_RX, &dy, NULL));
		ck_assert_uint_eq(dx, dy);
	}
	ck_assert_uint_eq(netobs_diff_gone_cpu_count(x), netobs_diff_gone_cpu_count(y));
	for (i = 0; i < netobs_diff_gone_cpu_count(x); i++)
		ck_assert_ptr_eq(netobs_diff_gone_cpu(x, i), netobs_diff_gone_cpu(y, i));
}

static void compare_totals(const struct netobs_diff *x, const struct netobs_diff *y)
{
	uint64_t dx = 0, dy = 0;
	unsigned int cls;

	ck_assert_double_eq(netobs_diff_interval(x), netobs_diff_interval(y));
	for (cls = NETOBS_CLASS_PHYSICAL; cls <= NETOBS_CLASS_LOOPBACK; cls++) {
		ck_assert_int_eq(netobs_diff_class_total(x, cls, NETOBS_RX_BYTES, &dx, NULL),
				 netobs_diff_class_total(y, cls, NETOBS_RX_BYTES, &dy, NULL));
		ck_assert_uint_eq(dx, dy);
	}
	ck_assert_int_eq(netobs_diff_softnet_total(x, NETOBS_SOFTNET_PROCESSED, &dx, NULL),
			 netobs_diff_softnet_total(y, NETOBS_SOFTNET_PROCESSED, &dy, NULL));
	ck_assert_uint_eq(dx, dy);
	ck_assert_int_eq(netobs_diff_softirq_total(x, NETOBS_SOFTIRQ_NET_RX, &dx, NULL),
			 netobs_diff_softirq_total(y, NETOBS_SOFTIRQ_NET_RX, &dy, NULL));
	ck_assert_uint_eq(dx, dy);
}

/* Updates REUSED with A and B and checks it answers as a fresh diff. */
static void check_reused(struct netobs_diff *reused, const struct netobs_snapshot *a,
			 const struct netobs_snapshot *b)
{
	struct netobs_diff *fresh = diff_of(a, b);

	ck_assert_int_eq(netobs_diff_update(reused, a, b), 0);
	compare_devices(reused, fresh, b);
	compare_cpus(reused, fresh, b);
	compare_totals(reused, fresh);
	netobs_diff_free(fresh);
}

/* The identity cases and then the CPU cases, in a row, through one diff:
 * sizes grow and shrink, and no earlier answer may leak into a later one.
 * Each case is run twice so the second round meets arrays already sized. */
START_TEST(reuse)
{
	const struct tdev seed = { 1, "lo", L, 0, 0, 0 };
	struct netobs_snapshot *s0 = snap_build(1, &seed, 1, NULL, 0);
	struct netobs_snapshot *s1 = snap_build(2, &seed, 1, NULL, 0);
	struct netobs_diff *reused = diff_of(s0, s1);
	struct netobs_snapshot *a, *b;
	size_t i, round;

	for (round = 0; round < 2; round++) {
		for (i = 0; i < NETOBS__ARRAY_SIZE(ident_cases); i++) {
			ident_snapshots(&ident_cases[i], &a, &b);
			check_reused(reused, a, b);
			/* A failed update in between changes nothing after. */
			ck_assert_int_eq(netobs_diff_update(reused, b, a), -EINVAL);
			check_reused(reused, a, b);
			netobs_snapshot_free(a);
			netobs_snapshot_free(b);
		}
		for (i = 0; i < NETOBS__ARRAY_SIZE(cpu_cases); i++) {
			const struct cpu_case *c = &cpu_cases[i];

			a = snap_build(20, NULL, 0, c->older, c->nold);
			b = snap_build(21, NULL, 0, c->newer, c->nnew);
			check_reused(reused, a, b);
			netobs_snapshot_free(a);
			netobs_snapshot_free(b);
		}
	}
	netobs_diff_free(reused);
	netobs_snapshot_free(s0);
	netobs_snapshot_free(s1);
}
END_TEST

Suite *make_diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_loop_test(tc, counter_delta, 0, (int)NETOBS__ARRAY_SIZE(counter_cases));
	tcase_add_loop_test(tc, identity, 0, (int)NETOBS__ARRAY_SIZE(ident_cases));
	tcase_add_loop_test(tc, cpu_hotplug, 0, (int)NETOBS__ARRAY_SIZE(cpu_cases));
	tcase_add_test(tc, gauges_and_missing_fields);
	tcase_add_loop_test(tc, misuse, 0, (int)NETOBS__ARRAY_SIZE(misuse_cases));
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, rate_nan);
	tcase_add_test(tc, aggregates);
	tcase_add_test(tc, aggregates_empty);
	tcase_add_test(tc, reuse);
	suite_add_tcase(s, tc);
	return s;
}
