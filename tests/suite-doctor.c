/* SPDX-License-Identifier: MIT */
/* The diagnosis over snapshots built from values (netobs_snapshot_new()):
 * the gates (a handful of drops is information, rate and ratio make a
 * warning, more a critical), benign and explained drops, UNKNOWN and
 * UNOBSERVABLE layers, the knob with its value, and the sentence. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

Suite *make_doctor_suite(void);

/* The findings a layer keeps: netobs_layer_finding_omitted(3) counts the rest. */
#define KEPT 32

struct side {
	uint64_t packets, drops, softnet_dropped;
};

/* One physical device eth0 with DRIVER, its rx_packets and COUNTER; CPU 0's
 * softnet (the section absent when SOFTNET is false); the backlog tunable. */
static struct netobs_snapshot *build(time_t t, const char *driver, enum netobs_counter counter,
				     const struct side *s, bool softnet)
{
	struct timespec when = { 1700000000 + t, 0 };
	struct netobs_snapshot *snap;
	int64_t backlog = 1000;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &when), 0);
	ck_assert_int_eq(netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_DEVICES, 1), 0);
	ck_assert_int_eq(netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_TUNABLES, 1), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 2, "eth0"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "class", "physical"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "driver", driver), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "carrier_changes", "1"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "nosuchkey", "1"), -EINVAL);
	netobs_snapshot_device_set_counter(snap, NETOBS_RX_PACKETS, s->packets, 0);
	netobs_snapshot_device_set_counter(snap, counter, s->drops, 0);
	if (softnet) {
		netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_SOFTNET, 1);
		netobs_snapshot_cpu_set_softnet(snap, 0, NETOBS_SOFTNET_PROCESSED, s->packets);
		netobs_snapshot_cpu_set_softnet(snap, 0, NETOBS_SOFTNET_DROPPED, s->softnet_dropped);
	}
	ck_assert_int_eq(netobs_snapshot_set_tunable(snap, NETOBS_TUNABLE_NETDEV_MAX_BACKLOG,
						     &backlog, 1), 0);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	return snap;
}

struct pair {
	struct netobs_snapshot *a, *b;
	struct netobs_diff *diff;
	struct netobs_diagnosis *d;
};

/* Five seconds from A to B. */
static void diagnose(struct pair *p, const char *driver, enum netobs_counter counter,
		     struct side a, struct side b, bool softnet)
{
	p->a = build(0, driver, counter, &a, softnet);
	p->b = build(5, driver, counter, &b, softnet);
	ck_assert_int_eq(netobs_diff_new(&p->diff, p->a, p->b), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&p->d, p->diff), 0);
}

static void pair_free(struct pair *p)
{
	netobs_diagnosis_free(p->d);
	netobs_diff_free(p->diff);
	netobs_snapshot_free(p->a);
	netobs_snapshot_free(p->b);
}

static const struct netobs_layer *layer(const struct pair *p, enum netobs_layer_id id)
{
	const struct netobs_layer *l = netobs_diagnosis_layer(p->d, id);

	ck_assert_int_eq(netobs_layer_id(l), id);
	return l;
}

static const struct {
	const char *what;
	struct side a, b;
	enum netobs_verdict want;
} drop_cases[] = {
	{ "a handful on a quiet host", { 10, 0, 0 }, { 20, 3, 0 }, NETOBS_VERDICT_OK },
	{ "30 in 5 s: under 10/s, LLDP-like", { 0, 0, 0 }, { 100, 30, 0 }, NETOBS_VERDICT_OK },
	{ "1000/s, 4.8 %", { 0, 0, 0 }, { 100000, 5000, 0 }, NETOBS_VERDICT_WARNING },
	{ "1000/s, 1 %: under the ratio", { 0, 0, 0 }, { 495000, 5000, 0 }, NETOBS_VERDICT_OK },
	{ "10000/s, 33 %", { 0, 0, 0 }, { 100000, 50000, 0 }, NETOBS_VERDICT_CRITICAL },
	{ "explained by softnet", { 0, 0, 0 }, { 100000, 50000, 50000 }, NETOBS_VERDICT_OK },
};

START_TEST(device_drop_gates)
{
	struct pair p;
	const struct netobs_layer *l;

	diagnose(&p, "ixgbe", NETOBS_RX_DROPPED, drop_cases[_i].a, drop_cases[_i].b, true);
	l = layer(&p, NETOBS_LAYER_DEVICE_DROPS);
	ck_assert_msg(netobs_layer_verdict(l) == drop_cases[_i].want, "%s: %s", drop_cases[_i].what,
		      netobs_verdict_name(netobs_layer_verdict(l)));
	ck_assert_uint_eq(netobs_layer_finding_count(l), 1);
	ck_assert_str_eq(netobs_finding_object(netobs_layer_finding(l, 0)), "eth0");
	ck_assert_str_eq(netobs_finding_counter(netobs_layer_finding(l, 0)), "rx_dropped");
	pair_free(&p);
}
END_TEST

START_TEST(backlog_names_cpu_and_knob)
{
	struct pair p;
	const struct netobs_finding *f;

	diagnose(&p, "ixgbe", NETOBS_RX_DROPPED, (struct side){ 0, 0, 0 },
		 (struct side){ 100000, 5000, 5000 }, true);
	ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_CPU_BACKLOG)),
			 NETOBS_VERDICT_CRITICAL);
	ck_assert_int_eq(netobs_layer_scope(layer(&p, NETOBS_LAYER_CPU_BACKLOG)), NETOBS_SCOPE_HOST);
	f = netobs_layer_finding(layer(&p, NETOBS_LAYER_CPU_BACKLOG), 0);
	ck_assert_str_eq(netobs_finding_object(f), "CPU 0");
	ck_assert_uint_eq(netobs_finding_delta(f), 5000);
	ck_assert(fabs(netobs_finding_rate(f) - 1000.0) < 1e-9);
	ck_assert_ptr_nonnull(strstr(netobs_finding_knob(f), "net.core.netdev_max_backlog = 1000: double it"));
	ck_assert_ptr_nonnull(strstr(netobs_finding_text(f), "softnet dropped +5,000 on CPU 0 in 5.0 s"));
	ck_assert_ptr_nonnull(strstr(netobs_finding_anchor(f), "netdata"));
	ck_assert_int_eq(netobs_diagnosis_verdict(p.d), NETOBS_VERDICT_CRITICAL);
	pair_free(&p);
}
END_TEST

START_TEST(ring_observable_or_not)
{
	struct pair p;

	diagnose(&p, "ixgbe", NETOBS_RX_MISSED_ERRORS, (struct side){ 0, 0, 0 },
		 (struct side){ 1000, 1, 0 }, true);
	ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_NIC_RING)), NETOBS_VERDICT_WARNING);
	pair_free(&p);
	diagnose(&p, "virtio_net", NETOBS_RX_MISSED_ERRORS, (struct side){ 0, 0, 0 },
		 (struct side){ 1000, 0, 0 }, true);
	ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_NIC_RING)),
			 NETOBS_VERDICT_UNOBSERVABLE);
	ck_assert_ptr_nonnull(strstr(netobs_layer_reason(layer(&p, NETOBS_LAYER_NIC_RING)), "virtio"));
	/* Unknown and unobservable layers never make a quiet host unknown. */
	ck_assert_int_eq(netobs_diagnosis_verdict(p.d), NETOBS_VERDICT_OK);
	pair_free(&p);
}
END_TEST

START_TEST(absent_section_is_unknown)
{
	struct pair p;
	const struct netobs_layer *l;

	diagnose(&p, "ixgbe", NETOBS_RX_DROPPED, (struct side){ 0, 0, 0 },
		 (struct side){ 10, 0, 0 }, false);
	l = layer(&p, NETOBS_LAYER_CPU_BACKLOG);
	ck_assert_int_eq(netobs_layer_verdict(l), NETOBS_VERDICT_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(netobs_layer_reason(l), "softnet_stat"));
	ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_SOCKET)), NETOBS_VERDICT_UNKNOWN);
	ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_LINK)), NETOBS_VERDICT_OK);
	ck_assert_uint_eq(netobs_diagnosis_layer_count(p.d), 12);
	ck_assert_ptr_null(netobs_diagnosis_layer(p.d, 12));
	pair_free(&p);
}
END_TEST

START_TEST(names)
{
	enum netobs_layer_id id;
	unsigned int i;

	for (i = 0; i < 12; i++) {
		ck_assert_int_eq(netobs_layer_from_name(netobs_layer_name(i), &id), 0);
		ck_assert_uint_eq(id, i);
	}
	ck_assert_ptr_null(netobs_layer_name(12));
	ck_assert_int_eq(netobs_layer_from_name("nosuch", &id), -EINVAL);
	ck_assert_str_eq(netobs_verdict_name(NETOBS_VERDICT_UNOBSERVABLE), "unobservable");
	ck_assert_ptr_null(netobs_verdict_name(5));
}
END_TEST

START_TEST(empty_diff_refused)
{
	struct netobs_diagnosis *d = (void *)1;
	struct netobs_diff *diff;

	ck_assert_int_eq(netobs_diff_new(&diff, NULL, NULL), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&d, diff), -EINVAL);
	ck_assert_ptr_null(d);
	netobs_diff_free(diff);
}
END_TEST

/* SNMP with Ip and Tcp counters, DISCARDS of them Ip.InDiscards; NETSTAT
 * and SNMP6 read only when asked. */
static struct netobs_snapshot *proto_snap(time_t t, uint64_t discards, bool netstat, bool snmp6)
{
	struct timespec when = { 1700000000 + t, 0 };
	struct netobs_snapshot *snap;
	char snmp[256];
	static const char ns[] = "TcpExt: TCPBacklogDrop PruneCalled\nTcpExt: 0 0\n";
	static const char s6[] = "Ip6InReceives 10\nIp6InDiscards 0\n";

	snprintf(snmp, sizeof(snmp),
		 "Ip: InReceives InDiscards\nIp: %llu %llu\n"
		 "Tcp: OutSegs RetransSegs\nTcp: 1000 0\n",
		 (unsigned long long)(100000 + discards), (unsigned long long)discards);
	ck_assert_int_eq(netobs_snapshot_new(&snap, &when), 0);
	ck_assert_int_eq(netobs_snapshot_set_proto_text(snap, NETOBS_SECTION_SNMP, snmp,
							strlen(snmp)), 0);
	netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_SNMP, 1);
	if (netstat) {
		ck_assert_int_eq(netobs_snapshot_set_proto_text(snap, NETOBS_SECTION_NETSTAT, ns,
								strlen(ns)), 0);
		netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_NETSTAT, 1);
	}
	if (snmp6) {
		ck_assert_int_eq(netobs_snapshot_set_proto_text(snap, NETOBS_SECTION_SNMP6, s6,
								strlen(s6)), 0);
		netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_SNMP6, 1);
	}
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	return snap;
}

static void proto_pair(struct pair *p, uint64_t discards, bool netstat, bool snmp6)
{
	p->a = proto_snap(0, 0, netstat, snmp6);
	p->b = proto_snap(5, discards, netstat, snmp6);
	ck_assert_int_eq(netobs_diff_new(&p->diff, p->a, p->b), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&p->d, p->diff), 0);
}

static void assert_layer(const struct pair *p, enum netobs_layer_id id, enum netobs_verdict v,
			 const char *in_reason)
{
	const struct netobs_layer *l = layer(p, id);

	ck_assert_msg(netobs_layer_verdict(l) == v, "%s is %s: %s", netobs_layer_name(id),
		      netobs_verdict_name(netobs_layer_verdict(l)), netobs_layer_reason(l));
	if (in_reason)
		ck_assert_msg(strstr(netobs_layer_reason(l), in_reason), "%s: reason '%s' lacks '%s'",
			      netobs_layer_name(id), netobs_layer_reason(l), in_reason);
	else
		ck_assert_str_eq(netobs_layer_reason(l), "");
}

/* A counter whose file is absent is unknown, never "no loss seen": a
 * layer with none of its files is UNKNOWN, one with some says which. */
START_TEST(each_check_needs_its_section)
{
	struct pair p;

	proto_pair(&p, 0, false, false);
	assert_layer(&p, NETOBS_LAYER_TCP_MEMORY, NETOBS_VERDICT_UNKNOWN, "netstat");
	assert_layer(&p, NETOBS_LAYER_TCP_ACCEPT, NETOBS_VERDICT_UNKNOWN, "netstat");
	/* Part read, no loss there, an IPv4/TCP file missing: not "ok". */
	assert_layer(&p, NETOBS_LAYER_TCP_LOSS, NETOBS_VERDICT_UNKNOWN, "netstat");
	assert_layer(&p, NETOBS_LAYER_TCP_LOSS, NETOBS_VERDICT_UNKNOWN, "the rest shows no loss");
	assert_layer(&p, NETOBS_LAYER_IP, NETOBS_VERDICT_UNKNOWN, "netstat");
	/* Only snmp6 missing (IPv6 off at boot): a note, the verdict stands. */
	assert_layer(&p, NETOBS_LAYER_UDP, NETOBS_VERDICT_OK, "unknown in part");
	assert_layer(&p, NETOBS_LAYER_UDP, NETOBS_VERDICT_OK, "snmp6");
	pair_free(&p);
	proto_pair(&p, 0, true, false);
	assert_layer(&p, NETOBS_LAYER_IP, NETOBS_VERDICT_OK, "snmp6");
	assert_layer(&p, NETOBS_LAYER_TCP_LOSS, NETOBS_VERDICT_OK, NULL);
	pair_free(&p);
	/* Loss seen in the part that was read still alarms. */
	proto_pair(&p, 5000, false, false);
	assert_layer(&p, NETOBS_LAYER_IP, NETOBS_VERDICT_CRITICAL, "unknown in part");
	pair_free(&p);
	/* Every file read: every layer judged, no note. */
	proto_pair(&p, 0, true, true);
	assert_layer(&p, NETOBS_LAYER_TCP_MEMORY, NETOBS_VERDICT_OK, NULL);
	assert_layer(&p, NETOBS_LAYER_IP, NETOBS_VERDICT_OK, NULL);
	assert_layer(&p, NETOBS_LAYER_TCP_LOSS, NETOBS_VERDICT_OK, NULL);
	pair_free(&p);
}
END_TEST

/* N devices, device i dropping (i % 3 + 1) * 1000 in 5 s of 100,000
 * packets: a warning (2.9 %) for every third, the others information;
 * findings come worst first, then by rate, ties in device order.  The last
 * device drops 20,000 when CRIT_LAST (16.7 %, 4,000/s: critical).  Past
 * 400 devices, device i drops 3,000 + i: every one a warning, each rate
 * above the one before (the order that replaces a kept finding each time). */
static struct netobs_snapshot *many(time_t t, int n, bool dropping, bool crit_last)
{
	struct timespec when = { 1700000000 + t, 0 };
	struct netobs_snapshot *snap;
	char name[16];
	int i;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &when), 0);
	netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_DEVICES, 1);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "eth%d", i);
		ck_assert_int_eq(netobs_snapshot_add_device(snap, i + 2, name), 0);
		netobs_snapshot_device_set(snap, "class", "physical");
		netobs_snapshot_device_set_counter(snap, NETOBS_RX_PACKETS, dropping ? 100000 : 0, 0);
		netobs_snapshot_device_set_counter(snap, NETOBS_RX_DROPPED,
						   !dropping ? 0
						   : crit_last && i == n - 1 ? 20000
						   : n > 400 ? 3000 + (uint64_t)i /* rising */
						   : (uint64_t)(i % 3 + 1) * 1000, 0);
	}
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	return snap;
}

START_TEST(findings_sorted_worst_first)
{
	struct pair p;
	const struct netobs_layer *l;
	size_t i;

	p.a = many(0, 300, false, false);
	p.b = many(5, 300, true, false);
	ck_assert_int_eq(netobs_diff_new(&p.diff, p.a, p.b), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&p.d, p.diff), 0);
	l = layer(&p, NETOBS_LAYER_DEVICE_DROPS);
	ck_assert_uint_eq(netobs_layer_finding_count(l), KEPT);
	ck_assert_str_eq(netobs_finding_object(netobs_layer_finding(l, 0)), "eth2");
	ck_assert_str_eq(netobs_finding_object(netobs_layer_finding(l, 1)), "eth5");
	for (i = 1; i < KEPT; i++) {
		const struct netobs_finding *a = netobs_layer_finding(l, i - 1);
		const struct netobs_finding *b = netobs_layer_finding(l, i);

		ck_assert_int_ge(netobs_finding_verdict(a), netobs_finding_verdict(b));
		if (netobs_finding_verdict(a) == netobs_finding_verdict(b))
			ck_assert(netobs_finding_rate(a) >= netobs_finding_rate(b));
	}
	ck_assert_int_eq(netobs_layer_verdict(l), netobs_finding_verdict(netobs_layer_finding(l, 0)));
	pair_free(&p);
}
END_TEST

/* 301 dropping devices: the layer keeps its KEPT worst, the critical last
 * device first of them, the earliest warnings among equal rates, and
 * counts the rest exactly per verdict; the verdict is the worst of all. */
START_TEST(findings_bounded_worst_kept)
{
	const struct netobs_layer *l;
	char name[16];
	struct pair p;
	size_t i;

	p.a = many(0, 301, false, true);
	p.b = many(5, 301, true, true);
	ck_assert_int_eq(netobs_diff_new(&p.diff, p.a, p.b), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&p.d, p.diff), 0);
	l = layer(&p, NETOBS_LAYER_DEVICE_DROPS);
	ck_assert_uint_eq(netobs_layer_finding_count(l), KEPT);
	ck_assert_ptr_null(netobs_layer_finding(l, KEPT));
	ck_assert_str_eq(netobs_finding_object(netobs_layer_finding(l, 0)), "eth300");
	ck_assert_int_eq(netobs_finding_verdict(netobs_layer_finding(l, 0)),
			 NETOBS_VERDICT_CRITICAL);
	ck_assert_int_eq(netobs_layer_verdict(l), NETOBS_VERDICT_CRITICAL);
	/* then the warnings eth2, eth5, ...: ties in device order */
	for (i = 1; i < KEPT; i++) {
		const struct netobs_finding *f = netobs_layer_finding(l, i);

		snprintf(name, sizeof(name), "eth%zu", 2 + 3 * (i - 1));
		ck_assert_str_eq(netobs_finding_object(f), name);
		ck_assert_int_eq(netobs_finding_verdict(f), NETOBS_VERDICT_WARNING);
		ck_assert_ptr_nonnull(strstr(netobs_finding_text(f), "rx_dropped +3,000 on eth"));
	}
	/* 100 warnings (eth2 ... eth299), 31 kept; 200 information, none kept */
	ck_assert_uint_eq(netobs_layer_finding_omitted(l, NETOBS_VERDICT_CRITICAL), 0);
	ck_assert_uint_eq(netobs_layer_finding_omitted(l, NETOBS_VERDICT_WARNING), 100 - (KEPT - 1));
	ck_assert_uint_eq(netobs_layer_finding_omitted(l, NETOBS_VERDICT_OK), 200);
	ck_assert_uint_eq(netobs_layer_finding_omitted(l, NETOBS_VERDICT_UNKNOWN), 0);
	ck_assert_uint_eq(netobs_layer_finding_omitted(l, (enum netobs_verdict)99), 0);
	/* a layer with few findings keeps them all and omits none */
	ck_assert_uint_eq(netobs_layer_finding_omitted(layer(&p, NETOBS_LAYER_LINK),
						       NETOBS_VERDICT_OK), 0);
	pair_free(&p);

	/* rising rates: the last 32 devices, the fastest first */
	p.a = many(0, 500, false, false);
	p.b = many(5, 500, true, false);
	ck_assert_int_eq(netobs_diff_new(&p.diff, p.a, p.b), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&p.d, p.diff), 0);
	l = layer(&p, NETOBS_LAYER_DEVICE_DROPS);
	ck_assert_uint_eq(netobs_layer_finding_count(l), KEPT);
	for (i = 0; i < KEPT; i++) {
		snprintf(name, sizeof(name), "eth%zu", 499 - i);
		ck_assert_str_eq(netobs_finding_object(netobs_layer_finding(l, i)), name);
	}
	ck_assert_uint_eq(netobs_layer_finding_omitted(l, NETOBS_VERDICT_WARNING), 500 - KEPT);
	ck_assert_int_eq(netobs_layer_verdict(l), NETOBS_VERDICT_WARNING);
	pair_free(&p);
}
END_TEST

static int keep_named(const struct netobs_device *dev, void *arg)
{
	return strcmp(netobs_device_name(dev), arg) == 0;
}

/* 301 dropping devices, one asked for: eth7 (information, far below the
 * 32 worst) is judged, and nothing else is, so its verdict is its own. */
START_TEST(filtered_diagnosis_judges_the_device_asked_for)
{
	const struct netobs_layer *l;
	char eth7[] = "eth7";
	struct pair p;

	p.a = many(0, 301, false, true);
	p.b = many(5, 301, true, true);
	ck_assert_int_eq(netobs_diff_new(&p.diff, p.a, p.b), 0);
	ck_assert_int_eq(netobs_diagnosis_new_filtered(&p.d, p.diff, NULL, keep_named, eth7), 0);
	l = layer(&p, NETOBS_LAYER_DEVICE_DROPS);
	ck_assert_uint_eq(netobs_layer_finding_count(l), 1);
	ck_assert_str_eq(netobs_finding_object(netobs_layer_finding(l, 0)), "eth7");
	ck_assert_int_eq(netobs_layer_verdict(l), NETOBS_VERDICT_OK);
	ck_assert_uint_eq(netobs_layer_finding_omitted(l, NETOBS_VERDICT_WARNING), 0);
	/* no hardware NIC judged but eth7, which has ring counters: observable */
	ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_NIC_RING)), NETOBS_VERDICT_OK);
	pair_free(&p);
	/* a NULL filter is the whole diagnosis */
	p.a = many(0, 301, false, true);
	p.b = many(5, 301, true, true);
	ck_assert_int_eq(netobs_diff_new(&p.diff, p.a, p.b), 0);
	ck_assert_int_eq(netobs_diagnosis_new_filtered(&p.d, p.diff, NULL, NULL, NULL), 0);
	ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_DEVICE_DROPS)),
			 NETOBS_VERDICT_CRITICAL);
	pair_free(&p);
}
END_TEST

/* tbf 1: on eth0: DROPS, OVERLIMITS over the interval, BACKLOG queued at
 * the end, BYTES sent. */
static struct netobs_snapshot *qsnap(time_t t, uint64_t drops, uint64_t over, uint64_t backlog,
				     uint64_t bytes)
{
	struct timespec when = { 1700000000 + t, 0 };
	struct netobs_snapshot *snap;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &when), 0);
	netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_DEVICES, 1);
	netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_QDISCS, 1);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 2, "eth0"), 0);
	netobs_snapshot_device_set(snap, "operstate", t ? "lowerlayerdown" : "up");
	ck_assert_int_eq(netobs_snapshot_add_qdisc(snap, 2, "tbf", 0x10000, 0xffffffff, "1:",
						   "root"), 0);
	netobs_snapshot_qdisc_set_stat(snap, NETOBS_QDISC_PACKETS, bytes / 1000);
	netobs_snapshot_qdisc_set_stat(snap, NETOBS_QDISC_BYTES, bytes);
	netobs_snapshot_qdisc_set_stat(snap, NETOBS_QDISC_DROPS, drops);
	netobs_snapshot_qdisc_set_stat(snap, NETOBS_QDISC_OVERLIMITS, over);
	netobs_snapshot_qdisc_set_stat(snap, NETOBS_QDISC_BACKLOG, backlog);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	return snap;
}

static const struct netobs_finding *find_opt(const struct pair *p, enum netobs_layer_id id,
					     const char *counter)
{
	const struct netobs_layer *l = layer(p, id);
	size_t i;

	for (i = 0; i < netobs_layer_finding_count(l); i++)
		if (strcmp(netobs_finding_counter(netobs_layer_finding(l, i)), counter) == 0)
			return netobs_layer_finding(l, i);
	return NULL;
}

static const struct netobs_finding *find(const struct pair *p, enum netobs_layer_id id,
					 const char *counter)
{
	const struct netobs_finding *f = find_opt(p, id, counter);

	ck_assert_msg(f, "%s: no %s finding", netobs_layer_name(id), counter);
	return f;
}

START_TEST(qdisc_overlimits_backlog_and_down_link)
{
	struct pair p;
	const struct netobs_finding *f;

	/* 10,000 bytes/s sent, 1,000 bytes queued: 100 ms, at the critical
	 * line but not past it: a warning; and eth0 went lowerlayerdown. */
	p.a = qsnap(0, 0, 0, 0, 0);
	p.b = qsnap(5, 0, 500, 1000, 50000);
	ck_assert_int_eq(netobs_diff_new(&p.diff, p.a, p.b), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&p.d, p.diff), 0);
	f = find(&p, NETOBS_LAYER_QDISC, "qdisc overlimits");
	ck_assert_int_eq(netobs_finding_verdict(f), NETOBS_VERDICT_WARNING);
	ck_assert_str_eq(netobs_finding_object(f), "tbf 1: on eth0");
	ck_assert_ptr_nonnull(strstr(netobs_finding_text(f), "of packets sent"));
	f = find(&p, NETOBS_LAYER_QDISC, "qdisc backlog");
	ck_assert_int_eq(netobs_finding_verdict(f), NETOBS_VERDICT_WARNING);
	ck_assert_ptr_nonnull(strstr(netobs_finding_text(f), "1,000 bytes queued on tbf 1: on eth0: "
						    "100 ms of sending"));
	ck_assert_ptr_nonnull(strstr(netobs_finding_anchor(f), "RFC 8289"));
	f = find(&p, NETOBS_LAYER_LINK, "operstate");
	ck_assert_int_eq(netobs_finding_verdict(f), NETOBS_VERDICT_WARNING);
	ck_assert_str_eq(netobs_finding_object(f), "eth0");
	pair_free(&p);
	/* Nothing sent while 3,000 bytes wait: a stuck queue, critical. */
	p.a = qsnap(0, 0, 0, 0, 0);
	p.b = qsnap(5, 0, 0, 3000, 0);
	ck_assert_int_eq(netobs_diff_new(&p.diff, p.a, p.b), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&p.d, p.diff), 0);
	f = find(&p, NETOBS_LAYER_QDISC, "qdisc backlog");
	ck_assert_int_eq(netobs_finding_verdict(f), NETOBS_VERDICT_CRITICAL);
	ck_assert_ptr_nonnull(strstr(netobs_finding_text(f), "at least 5000 ms"));
	pair_free(&p);
}
END_TEST

/* The link walk over the administrative state: one device of KIND, set
 * up ("true"), down ("false") or unknown (NULL), in OPERSTATE at the end. */
struct admin_case {
	const char *kind, *admin, *operstate;
	int verdict;		/* -1: no operstate finding */
	const char *text, *knob;
};

static const struct admin_case admin_cases[] = {
	/* A NIC set up that lost its cable. */
	{ "ether", "true", "down", NETOBS_VERDICT_WARNING,
	  "eth0 is down: admin up, operstate down", "no carrier" },
	/* A veth whose peer (in another namespace) is down. */
	{ "veth", "true", "down", NETOBS_VERDICT_WARNING,
	  "eth0 is down: admin up, operstate down", "veth peer is down" },
	{ "macvlan", "true", "lowerlayerdown", NETOBS_VERDICT_WARNING,
	  "operstate lowerlayerdown", "device under it" },
	{ "ether", "true", "notpresent", NETOBS_VERDICT_WARNING,
	  "operstate notpresent", "missing" },
	/* Set down on purpose: information only. */
	{ "ether", "false", "down", NETOBS_VERDICT_OK, "eth0 is set down (admin down)",
	  "ip link set eth0 up" },
	{ "veth", "false", "down", NETOBS_VERDICT_OK, "set down", "ip link set eth0 up" },
	/* Unknown admin state: as before the library kept it. */
	{ "ether", NULL, "down", NETOBS_VERDICT_OK, "set down, or up with no carrier", "" },
	{ "veth", NULL, "lowerlayerdown", NETOBS_VERDICT_WARNING, "operstate lowerlayerdown",
	  "device under it" },
	{ "ether", NULL, "notpresent", -1, NULL, NULL },
	{ "ether", "true", "up", -1, NULL, NULL },
	{ "ether", "true", "dormant", -1, NULL, NULL },
	{ "ether", "true", "unknown", -1, NULL, NULL },
};

static struct netobs_snapshot *admin_snap(time_t t, const struct admin_case *c)
{
	struct timespec when = { 1700000000 + t, 0 };
	struct netobs_snapshot *snap;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &when), 0);
	ck_assert_int_eq(netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_DEVICES, 1), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 2, "eth0"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "class",
						    strcmp(c->kind, "ether") ? "virtual"
									     : "physical"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "kind", c->kind), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "admin_up", t ? c->admin : "true"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "operstate", t ? c->operstate : "up"), 0);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	return snap;
}


START_TEST(link_admin_state)
{
	const struct admin_case *c = &admin_cases[_i];
	const struct netobs_finding *f;
	struct pair p;

	p.a = admin_snap(0, c);
	p.b = admin_snap(5, c);
	ck_assert_int_eq(netobs_device_admin_up(netobs_snapshot_device(p.b, 0)),
			 c->admin ? strcmp(c->admin, "true") == 0 : -ENODATA);
	ck_assert_int_eq(netobs_diff_new(&p.diff, p.a, p.b), 0);
	ck_assert_int_eq(netobs_diagnosis_new(&p.d, p.diff), 0);
	f = find_opt(&p, NETOBS_LAYER_LINK, "operstate");
	if (c->verdict < 0) {
		ck_assert_msg(!f, "%s admin %s %s: finding '%s'", c->kind, c->admin, c->operstate,
			      f ? netobs_finding_text(f) : "");
		ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_LINK)),
				 NETOBS_VERDICT_OK);
		pair_free(&p);
		return;
	}
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(netobs_finding_verdict(f), c->verdict);
	ck_assert_int_eq(netobs_layer_verdict(layer(&p, NETOBS_LAYER_LINK)), c->verdict);
	ck_assert_str_eq(netobs_finding_object(f), "eth0");
	ck_assert_msg(strstr(netobs_finding_text(f), c->text), "text '%s', want '%s'",
		      netobs_finding_text(f), c->text);
	ck_assert_msg(strstr(netobs_finding_knob(f), c->knob), "knob '%s', want '%s'",
		      netobs_finding_knob(f), c->knob);
	pair_free(&p);
}
END_TEST

/* Only the words a capture holds are an admin state; NULL makes it unknown. */
START_TEST(admin_up_key)
{
	struct timespec when = { 1700000000, 0 };
	struct netobs_snapshot *snap;
	const struct netobs_device *dev;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &when), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 2, "eth0"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "admin_up", "false"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "admin_up", "1"), -EINVAL);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "admin_up", "True"), -EINVAL);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	dev = netobs_snapshot_device(snap, 0);
	ck_assert_int_eq(netobs_device_admin_up(dev), -ENODATA);
	netobs_snapshot_free(snap);

	ck_assert_int_eq(netobs_snapshot_new(&snap, &when), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 2, "eth0"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "admin_up", "false"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "admin_up", "true"), 0);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	ck_assert_int_eq(netobs_device_admin_up(netobs_snapshot_device(snap, 0)), 1);
	netobs_snapshot_free(snap);

	ck_assert_int_eq(netobs_snapshot_new(&snap, &when), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 2, "eth0"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "admin_up", "true"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "admin_up", NULL), 0);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	ck_assert_int_eq(netobs_device_admin_up(netobs_snapshot_device(snap, 0)), -ENODATA);
	netobs_snapshot_free(snap);
}
END_TEST

Suite *make_doctor_suite(void)
{
	Suite *s = suite_create("doctor");
	TCase *tc = tcase_create("gates");

	tcase_add_loop_test(tc, device_drop_gates, 0,
			    (int)(sizeof(drop_cases) / sizeof(drop_cases[0])));
	tcase_add_test(tc, backlog_names_cpu_and_knob);
	tcase_add_test(tc, ring_observable_or_not);
	tcase_add_test(tc, absent_section_is_unknown);
	tcase_add_test(tc, names);
	tcase_add_test(tc, empty_diff_refused);
	tcase_add_test(tc, each_check_needs_its_section);
	tcase_add_test(tc, findings_sorted_worst_first);
	tcase_add_test(tc, findings_bounded_worst_kept);
	tcase_add_test(tc, filtered_diagnosis_judges_the_device_asked_for);
	tcase_add_test(tc, qdisc_overlimits_backlog_and_down_link);
	tcase_add_loop_test(tc, link_admin_state, 0,
			    (int)(sizeof(admin_cases) / sizeof(admin_cases[0])));
	tcase_add_test(tc, admin_up_key);
	suite_add_tcase(s, tc);
	return s;
}
