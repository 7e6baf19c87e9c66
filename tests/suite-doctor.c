/* SPDX-License-Identifier: MIT */
/* The diagnosis over snapshots built from values (netobs_snapshot_new()):
 * the gates (a handful of drops is information, rate and ratio make a
 * warning, more a critical), benign and explained drops, UNKNOWN and
 * UNOBSERVABLE layers, the knob with its value, and the sentence. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "testutil.h"

Suite *make_doctor_suite(void);

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
	suite_add_tcase(s, tc);
	return s;
}
