/* SPDX-License-Identifier: MIT */
/* The sampler over a fixture tree (first tick, a failed tick that keeps the
 * last good pair, the timer descriptor), and the out-values every getter
 * with out-parameters leaves on each of its error paths. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

Suite *make_sampler_suite(void);

START_TEST(first_tick_has_no_diff)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_AUTO);
	struct netobs_sampler *s;

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	ck_assert_ptr_null(netobs_sampler_snapshot(s));
	ck_assert_ptr_null(netobs_sampler_diff(s));
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_ptr_nonnull(netobs_sampler_snapshot(s));
	ck_assert_ptr_null(netobs_sampler_diff(s));
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_ptr_nonnull(netobs_sampler_diff(s));
	ck_assert_int_eq(netobs_sampler_error(s), 0);
	ck_assert_int_eq(netobs_sampler_fd(s), -ENODATA);
	netobs_sampler_free(s);
	netobs_ctx_free(ctx);
}
END_TEST

/* The diff's newer snapshot is always the sampler's newest: a diff is never
 * read over a snapshot that was refreshed after it. */
START_TEST(diff_follows_newest)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_AUTO);
	struct netobs_sampler *s;
	const struct netobs_device *eth0;
	uint64_t delta;

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	for (int i = 0; i < 7; i++) {
		ck_assert_int_eq(netobs_sampler_tick(s), 0);
		if (i == 0)
			continue;
		eth0 = test_device(netobs_sampler_snapshot(s), "eth0");
		ck_assert_int_eq(netobs_diff_device_counter(netobs_sampler_diff(s), eth0,
							    NETOBS_RX_BYTES, &delta, NULL), 0);
		ck_assert_uint_eq(delta, 0);
		ck_assert(netobs_diff_interval(netobs_sampler_diff(s)) > 0);
	}
	netobs_sampler_free(s);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(failed_tick_keeps_last_pair)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_AUTO);
	const struct netobs_snapshot *snap;
	const struct netobs_diff *diff;
	struct netobs_sampler *s;
	double interval;
	char *gone = test_tmpdir();

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	snap = netobs_sampler_snapshot(s);
	diff = netobs_sampler_diff(s);
	interval = netobs_diff_interval(diff);
	/* An empty root: no section can be read, the snapshot fails. */
	ck_assert_int_eq(netobs_ctx_set_root(ctx, gone), 0);
	ck_assert_int_lt(netobs_sampler_tick(s), 0);
	ck_assert_int_lt(netobs_sampler_error(s), 0);
	ck_assert_ptr_eq(netobs_sampler_snapshot(s), snap);
	ck_assert_ptr_eq(netobs_sampler_diff(s), diff);
	ck_assert(netobs_diff_interval(diff) == interval);
	ck_assert_ptr_nonnull(netobs_snapshot_device_by_name(snap, "eth0"));
	ck_assert_int_eq(netobs_diff_device_status(diff, test_device(snap, "eth0")),
			 NETOBS_DIFF_SAME);
	/* Back to the same root: the next tick diffs across the failed one. */
	ck_assert_int_eq(netobs_ctx_set_root(ctx, NETOBS_FIXTURES "/docker-host"), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(netobs_sampler_error(s), 0);
	ck_assert(netobs_diff_interval(netobs_sampler_diff(s)) > 0);
	netobs_sampler_free(s);
	test_drop_tree(gone, ctx, NULL);
}
END_TEST

/* A copy of docker-host whose eth0 received RX bytes and whose UDP sent
 * OUT datagrams: two such trees stand for one host at two instants. */
static char *counting_root(uint64_t rx, uint64_t out)
{
	char *root = test_copy_tree(NETOBS_FIXTURES "/docker-host");
	char text[256];

	snprintf(text, sizeof(text), "%llu\n", (unsigned long long)rx);
	test_remove(root, "sys/devices/pci0000:00/0000:00:03.0/virtio0/net/eth0/statistics/rx_bytes");
	test_write_file(root, "sys/devices/pci0000:00/0000:00:03.0/virtio0/net/eth0/statistics/rx_bytes",
			text);
	snprintf(text, sizeof(text), "Udp: InDatagrams NoPorts InErrors OutDatagrams\n"
		 "Udp: 5 0 0 %llu\n", (unsigned long long)out);
	test_remove(root, "proc/net/snmp");
	test_write_file(root, "proc/net/snmp", text);
	return root;
}

/* Exact delta of eth0's rx_bytes and of Udp.OutDatagrams through the
 * sampler's current diff, and rates that are those deltas over its
 * interval. */
static void assert_sampler_deltas(const struct netobs_sampler *s, uint64_t rx, uint64_t out)
{
	const struct netobs_diff *diff = netobs_sampler_diff(s);
	const struct netobs_device *eth0 = test_device(netobs_sampler_snapshot(s), "eth0");
	double interval = netobs_diff_interval(diff), rate;
	uint64_t delta;

	ck_assert(interval > 0);
	ck_assert_int_eq(netobs_diff_device_counter(diff, eth0, NETOBS_RX_BYTES, &delta, &rate), 0);
	ck_assert_uint_eq(delta, rx);
	ck_assert_double_eq_tol(rate * interval, (double)rx, 1e-6 * (double)rx);
	ck_assert_int_eq(netobs_diff_proto(diff, "Udp.OutDatagrams", &delta, &rate), 0);
	ck_assert_uint_eq(delta, out);
	ck_assert_double_eq_tol(rate * interval, (double)out, 1e-6 * (double)out);
}

/* Points DIR/host at TREE: one root path, one host, seen at another instant.
 * (Two root paths are two hosts: a diff across them is refused.) */
static void point_host(const char *dir, const char *tree)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/host", dir);
	unlink(path);
	test_symlink(dir, "host", tree);
}

/* The swap over three trees behind one root: A, B, a tick that cannot
 * read, a tick read from another root (its diff is refused), C.  The pair
 * (A, B) is kept through both failures and the next diff spans them. */
START_TEST(swap_gives_exact_deltas)
{
	char *a = counting_root(1000, 10), *b = counting_root(4000, 17);
	char *c = counting_root(9000, 40), *dir = test_tmpdir(), host[4096];
	struct netobs_ctx *ctx;
	struct netobs_sampler *s;
	const struct netobs_diff *kept;

	snprintf(host, sizeof(host), "%s/host", dir);
	point_host(dir, a);
	ctx = test_root_ctx(host, NETOBS_SOURCE_SYSFS);
	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	point_host(dir, b);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	assert_sampler_deltas(s, 3000, 7);
	kept = netobs_sampler_diff(s);
	/* The snapshot fails: nothing to read. */
	ck_assert_int_eq(netobs_ctx_set_root(ctx, dir), 0);
	ck_assert_int_lt(netobs_sampler_tick(s), 0);
	ck_assert_ptr_eq(netobs_sampler_diff(s), kept);
	assert_sampler_deltas(s, 3000, 7);
	/* The snapshot succeeds, the diff fails: another root is another host. */
	ck_assert_int_eq(netobs_ctx_set_root(ctx, c), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), -EINVAL);
	ck_assert_ptr_eq(netobs_sampler_diff(s), kept);
	assert_sampler_deltas(s, 3000, 7);
	point_host(dir, c);
	ck_assert_int_eq(netobs_ctx_set_root(ctx, host), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(netobs_sampler_error(s), 0);
	assert_sampler_deltas(s, 5000, 23);
	/* And back to B: eth0's bytes went backwards, a reset, not a delta. */
	point_host(dir, b);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(netobs_diff_device_counter(netobs_sampler_diff(s),
						    test_device(netobs_sampler_snapshot(s), "eth0"),
						    NETOBS_RX_BYTES, NULL, NULL), -ERANGE);
	netobs_sampler_free(s);
	point_host(dir, a); /* test_rmtree removes the link, not what it points at */
	test_drop_tree(dir, ctx, NULL);
	test_drop_tree(a, NULL, NULL);
	test_drop_tree(b, NULL, NULL);
	test_drop_tree(c, NULL, NULL);
}
END_TEST

/* Every section a snapshot of the root has, the sampler's has too, and the
 * protocol diff and the doctor read through the sampler's diff.  Qdiscs and
 * sockets come only from netlink on the live host: under a root both are
 * absent, so netobs_diff_qdisc() has no qdisc to take here (tests/service.c
 * diffs a live qdisc) and the doctor calls the qdisc layer unknown. */
START_TEST(sections_and_doctor_through_sampler)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *direct = test_fixture_snapshot("docker-host", NETOBS_SOURCE_AUTO,
							       &ctx);
	struct netobs_diagnosis *dx;
	struct netobs_sampler *s;
	const struct netobs_snapshot *snap;
	const struct netobs_layer *qdisc;
	unsigned int present = 0;
	uint64_t delta = 1;
	double rate = 1;

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	snap = netobs_sampler_snapshot(s);
	for (unsigned int i = 0; i < netobs_section_count(); i++) {
		ck_assert_msg(netobs_snapshot_section_ok(snap, i) ==
				      netobs_snapshot_section_ok(direct, i),
			      "section %s", netobs_section_name(i));
		present += netobs_snapshot_section_ok(snap, i) == 1;
	}
	ck_assert_uint_eq(present, 7); /* all but sockets and qdiscs */
	ck_assert_int_eq(netobs_snapshot_section_ok(snap, NETOBS_SECTION_QDISCS), 0);
	ck_assert_uint_eq(netobs_snapshot_qdisc_count(snap), 0);
	ck_assert_uint_eq(netobs_snapshot_proto_count(snap), netobs_snapshot_proto_count(direct));
	ck_assert_int_eq(netobs_diff_proto(netobs_sampler_diff(s), "Udp.RcvbufErrors", &delta,
					   &rate), 0);
	ck_assert_uint_eq(delta, 0);
	ck_assert(rate == 0);
	ck_assert_int_eq(netobs_diagnosis_new(&dx, netobs_sampler_diff(s)), 0);
	ck_assert_uint_eq(netobs_diagnosis_layer_count(dx), NETOBS_LAYER_SOCKET + 1);
	qdisc = netobs_diagnosis_layer(dx, NETOBS_LAYER_QDISC);
	ck_assert_int_eq(netobs_layer_id(qdisc), NETOBS_LAYER_QDISC);
	ck_assert_int_eq(netobs_layer_verdict(qdisc), NETOBS_VERDICT_UNKNOWN);
	ck_assert_int_eq(netobs_diagnosis_verdict(dx), NETOBS_VERDICT_OK);
	netobs_diagnosis_free(dx);
	netobs_sampler_free(s);
	netobs_snapshot_free(direct);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(timer_fd_is_drained_by_tick)
{
	struct netobs_ctx *ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_AUTO);
	struct netobs_sampler *s;
	struct pollfd pfd = { .events = POLLIN };

	ck_assert_int_eq(netobs_sampler_new(&s, ctx), 0);
	pfd.fd = netobs_sampler_set_interval(s, 300 * 1000000ull);
	ck_assert_int_ge(pfd.fd, 0);
	ck_assert_int_eq(netobs_sampler_fd(s), pfd.fd);
	ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
	ck_assert_int_eq(netobs_sampler_tick(s), 0);
	ck_assert_int_eq(poll(&pfd, 1, 0), 0);
	/* Disarmed: never readable again. */
	ck_assert_int_eq(netobs_sampler_set_interval(s, 0), pfd.fd);
	ck_assert_int_eq(poll(&pfd, 1, 400), 0);
	netobs_sampler_free(s);
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- out-values on error paths ------------------------------------------ */

struct fix {
	struct netobs_ctx *ctx;
	struct netobs_snapshot *a, *b, *ba, *bb; /* ba, bb: built, with a qdisc and a socket */
	struct netobs_diff *diff, *empty, *built;
	const struct netobs_device *dev, *lo, *other;
	const struct netobs_cpu *cpu;
	const struct netobs_qdisc *q, *q_older;
	const struct netobs_socket *sock;
	const struct netobs_proto_counter *maxconn, *huge;
};

static struct fix fx;

/* Tcp.MaxConn is -1 (unsigned read fails); Udp.InDatagrams above INT64_MAX
 * (signed read fails). */
static const char built_snmp[] = "Tcp: RtoAlgorithm MaxConn\nTcp: 1 -1\n"
				 "Udp: InDatagrams\nUdp: 18446744073709551615\n";

/* A snapshot with one qdisc lacking REQUEUES and one UDP socket lacking
 * ACCEPT_QUEUE: what a fixture root cannot give (both come from netlink). */
static struct netobs_snapshot *built_snapshot(time_t sec)
{
	struct timespec ts = { sec, 0 };
	struct netobs_snapshot *snap;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &ts), 0);
	ck_assert_int_eq(netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_QDISCS, 1), 0);
	ck_assert_int_eq(netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_SOCKETS, 1), 0);
	ck_assert_int_eq(netobs_snapshot_add_qdisc(snap, 2, "pfifo", 0x10000, 0xffffffff, "1:",
						   "root"), 0);
	ck_assert_int_eq(netobs_snapshot_qdisc_set_stat(snap, NETOBS_QDISC_DROPS, 5), 0);
	ck_assert_int_eq(netobs_snapshot_add_socket(snap, "udp", "unconn", "0.0.0.0", 53, 7), 0);
	ck_assert_int_eq(netobs_snapshot_socket_set_stat(snap, NETOBS_SOCKET_DROPS, 3), 0);
	ck_assert_int_eq(netobs_snapshot_set_proto_text(snap, NETOBS_SECTION_SNMP, built_snmp,
							sizeof(built_snmp) - 1), 0);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	return snap;
}

static void fix_setup(void)
{
	fx.ctx = test_fixture_ctx("docker-host", NETOBS_SOURCE_SYSFS);
	ck_assert_int_eq(netobs_snapshot_take(&fx.a, fx.ctx), 0);
	ck_assert_int_eq(netobs_snapshot_take(&fx.b, fx.ctx), 0);
	ck_assert_int_eq(netobs_diff_new(&fx.diff, fx.a, fx.b), 0);
	ck_assert_int_eq(netobs_diff_new(&fx.empty, NULL, NULL), 0);
	fx.dev = test_device(fx.b, "eth0");
	fx.lo = test_device(fx.b, "lo");
	fx.other = test_device(fx.a, "eth0"); /* of the older snapshot */
	fx.cpu = netobs_snapshot_cpu(fx.b, 0);
	ck_assert_ptr_nonnull(fx.cpu);
	fx.ba = built_snapshot(1000);
	fx.bb = built_snapshot(1010);
	ck_assert_int_eq(netobs_diff_new(&fx.built, fx.ba, fx.bb), 0);
	fx.q = netobs_snapshot_qdisc(fx.bb, 0);
	fx.q_older = netobs_snapshot_qdisc(fx.ba, 0);
	fx.sock = netobs_snapshot_socket(fx.bb, 0);
	fx.maxconn = netobs_snapshot_proto_by_name(fx.bb, "Tcp.MaxConn");
	fx.huge = netobs_snapshot_proto_by_name(fx.bb, "Udp.InDatagrams");
	ck_assert(fx.q && fx.q_older && fx.sock && fx.maxconn && fx.huge);
}

static void fix_teardown(void)
{
	netobs_diff_free(fx.diff);
	netobs_diff_free(fx.empty);
	netobs_diff_free(fx.built);
	netobs_snapshot_free(fx.a);
	netobs_snapshot_free(fx.b);
	netobs_snapshot_free(fx.ba);
	netobs_snapshot_free(fx.bb);
	netobs_ctx_free(fx.ctx);
}

/* Each call gets both sentinels; a getter with one u32/u64 out-value writes
 * it to *d.  Errors must leave *d == 0 and *r NAN (or untouched when the
 * getter has no rate: it stays the sentinel, checked as "not written"). */
#define BAD 999
static uint32_t u32v;
#define U32(call) (u32v = 77, err = (call), *d = u32v, err)

#define OUT_CASES(X) \
	X(device_counter_null, -EINVAL, 0, netobs_device_counter(NULL, 0, d)) \
	X(device_counter_bad, -EINVAL, 0, netobs_device_counter(fx.dev, BAD, d)) \
	X(device_mtu_null, -EINVAL, 0, U32(netobs_device_mtu(NULL, &u32v))) \
	X(device_txqlen_null, -EINVAL, 0, U32(netobs_device_txqlen(NULL, &u32v))) \
	X(device_carrier_changes_null, -EINVAL, 0, \
	  U32(netobs_device_carrier_changes(NULL, &u32v))) \
	X(device_speed_null, -EINVAL, 0, netobs_device_speed(NULL, d)) \
	X(device_speed_virtual, -ENODATA, 0, netobs_device_speed(fx.lo, d)) \
	X(cpu_softnet_null, -EINVAL, 0, netobs_cpu_softnet(NULL, 0, d)) \
	X(cpu_softnet_bad, -EINVAL, 0, netobs_cpu_softnet(fx.cpu, BAD, d)) \
	X(cpu_softirq_null, -EINVAL, 0, netobs_cpu_softirq(NULL, 0, d)) \
	X(cpu_softirq_bad, -EINVAL, 0, netobs_cpu_softirq(fx.cpu, BAD, d)) \
	X(diff_dev_null_diff, -EINVAL, 1, netobs_diff_device_counter(NULL, fx.dev, 0, d, r)) \
	X(diff_dev_empty, -EINVAL, 1, netobs_diff_device_counter(fx.empty, fx.dev, 0, d, r)) \
	X(diff_dev_null_dev, -EINVAL, 1, netobs_diff_device_counter(fx.diff, NULL, 0, d, r)) \
	X(diff_dev_bad, -EINVAL, 1, netobs_diff_device_counter(fx.diff, fx.dev, BAD, d, r)) \
	X(diff_dev_older, -ENOENT, 1, netobs_diff_device_counter(fx.diff, fx.other, 0, d, r)) \
	X(diff_class_empty, -EINVAL, 1, netobs_diff_class_total(fx.empty, 0, 0, d, r)) \
	X(diff_class_bad, -EINVAL, 1, netobs_diff_class_total(fx.diff, BAD, 0, d, r)) \
	X(diff_cpu_softnet_null, -EINVAL, 1, netobs_diff_cpu_softnet(fx.diff, NULL, 0, d, r)) \
	X(diff_cpu_softnet_bad, -EINVAL, 1, netobs_diff_cpu_softnet(fx.diff, fx.cpu, BAD, d, r)) \
	X(diff_cpu_softirq_null, -EINVAL, 1, netobs_diff_cpu_softirq(fx.diff, NULL, 0, d, r)) \
	X(diff_cpu_softirq_bad, -EINVAL, 1, netobs_diff_cpu_softirq(fx.diff, fx.cpu, BAD, d, r)) \
	X(diff_softnet_total_empty, -EINVAL, 1, netobs_diff_softnet_total(fx.empty, 0, d, r)) \
	X(diff_softnet_total_bad, -EINVAL, 1, netobs_diff_softnet_total(fx.diff, BAD, d, r)) \
	X(diff_softirq_total_empty, -EINVAL, 1, netobs_diff_softirq_total(fx.empty, 0, d, r)) \
	X(diff_softirq_total_bad, -EINVAL, 1, netobs_diff_softirq_total(fx.diff, BAD, d, r)) \
	X(tunable_null, -EINVAL, 0, netobs_snapshot_tunable(NULL, 0, (int64_t *)d)) \
	X(tunable_bad, -EINVAL, 0, netobs_snapshot_tunable(fx.b, BAD, (int64_t *)d)) \
	X(tunable_absent, -ENODATA, 0, netobs_snapshot_tunable(fx.bb, 0, (int64_t *)d)) \
	X(netns_inode_null, -EINVAL, 0, netobs_ctx_netns_inode(NULL, d)) \
	X(netns_inode_unset, -ENODATA, 0, netobs_ctx_netns_inode(fx.ctx, d)) \
	X(peer_netns_null, -EINVAL, 0, netobs_device_peer_netns(NULL, d)) \
	X(peer_netns_none, -ENODATA, 0, netobs_device_peer_netns(fx.lo, d)) \
	X(qdisc_stat_null, -EINVAL, 0, netobs_qdisc_stat(NULL, 0, d)) \
	X(qdisc_stat_bad, -EINVAL, 0, netobs_qdisc_stat(fx.q, BAD, d)) \
	X(qdisc_stat_absent, -ENODATA, 0, netobs_qdisc_stat(fx.q, NETOBS_QDISC_REQUEUES, d)) \
	X(socket_stat_null, -EINVAL, 0, netobs_socket_stat(NULL, 0, d)) \
	X(socket_stat_bad, -EINVAL, 0, netobs_socket_stat(fx.sock, BAD, d)) \
	X(socket_stat_absent, -ENODATA, 0, \
	  netobs_socket_stat(fx.sock, NETOBS_SOCKET_ACCEPT_QUEUE, d)) \
	X(proto_value_null, -EINVAL, 0, netobs_proto_counter_value(NULL, d)) \
	X(proto_value_negative, -ERANGE, 0, netobs_proto_counter_value(fx.maxconn, d)) \
	X(proto_signed_null, -EINVAL, 0, netobs_proto_counter_signed(NULL, (int64_t *)d)) \
	X(proto_signed_range, -ERANGE, 0, netobs_proto_counter_signed(fx.huge, (int64_t *)d)) \
	X(diff_proto_null_diff, -EINVAL, 1, netobs_diff_proto(NULL, "Udp.InErrors", d, r)) \
	X(diff_proto_null_name, -EINVAL, 1, netobs_diff_proto(fx.diff, NULL, d, r)) \
	X(diff_proto_absent, -ENODATA, 1, netobs_diff_proto(fx.diff, "Udp.NoSuchThing", d, r)) \
	X(diff_proto_negative, -ERANGE, 1, netobs_diff_proto(fx.built, "Tcp.MaxConn", d, r)) \
	X(diff_qdisc_null, -EINVAL, 1, netobs_diff_qdisc(NULL, fx.q, 0, d, r)) \
	X(diff_qdisc_bad, -EINVAL, 1, netobs_diff_qdisc(fx.built, fx.q, BAD, d, r)) \
	X(diff_qdisc_older, -EINVAL, 1, netobs_diff_qdisc(fx.built, fx.q_older, 0, d, r)) \
	X(diff_qdisc_absent, -ENODATA, 1, \
	  netobs_diff_qdisc(fx.built, fx.q, NETOBS_QDISC_REQUEUES, d, r)) \
	X(diff_qdisc_no_section, -EINVAL, 1, netobs_diff_qdisc(fx.diff, fx.q, 0, d, r)) \
	X(diff_socket_null, -EINVAL, 1, netobs_diff_socket(NULL, fx.sock, 0, d, r)) \
	X(diff_socket_bad, -EINVAL, 1, netobs_diff_socket(fx.built, fx.sock, BAD, d, r)) \
	X(diff_socket_empty, -ENODATA, 1, netobs_diff_socket(fx.empty, fx.sock, 0, d, r)) \
	X(diff_socket_absent, -ENODATA, 1, \
	  netobs_diff_socket(fx.built, fx.sock, NETOBS_SOCKET_ACCEPT_QUEUE, d, r))

#define DEFINE_OUT(name, want, has_rate, call) \
	static int out_##name(uint64_t *d, double *r) \
	{ \
		int err = 0; \
		(void)r; \
		(void)err; \
		return (call); \
	}
OUT_CASES(DEFINE_OUT)

#define OUT_ROW(name, want, has_rate, call) { #name, #call, out_##name, want, has_rate },
static const struct {
	const char *name, *text;
	int (*call)(uint64_t *d, double *r);
	int want;
	bool has_rate;
} out_cases[] = { OUT_CASES(OUT_ROW) };

START_TEST(error_out_values_are_defined)
{
	uint64_t d = 0xdeadbeef;
	double r = 12345.0;
	int err = out_cases[_i].call(&d, &r);

	ck_assert_msg(err == out_cases[_i].want, "%s: %d, want %d", out_cases[_i].name, err,
		      out_cases[_i].want);
	ck_assert_msg(d == 0, "%s: delta/value %llu, want 0", out_cases[_i].name,
		      (unsigned long long)d);
	if (out_cases[_i].has_rate)
		ck_assert_msg(isnan(r), "%s: rate %g, want NAN", out_cases[_i].name, r);
}
END_TEST

/* -ENODATA paths: every counter a device lacks, and a total nothing fed. */
START_TEST(enodata_out_values_are_defined)
{
	unsigned int lacking = 0;

	for (unsigned int c = 0; c < netobs_counter_count(); c++) {
		uint64_t d = 0xdeadbeef, dd = 0xdeadbeef;
		double r = 1.0;

		if (netobs_device_counter(fx.dev, c, &d) != -ENODATA)
			continue;
		lacking++;
		ck_assert_uint_eq(d, 0);
		ck_assert_int_eq(netobs_diff_device_counter(fx.diff, fx.dev, c, &dd, &r),
				 -ENODATA);
		ck_assert_uint_eq(dd, 0);
		ck_assert(isnan(r));
	}
	ck_assert_uint_gt(lacking, 0);
}
END_TEST

/* The array getter: a count of 0 on error, the size it needs on -ERANGE. */
START_TEST(tunable_values_count_is_defined)
{
	int64_t v[4];
	size_t n = 77;

	ck_assert_int_eq(netobs_snapshot_tunable_values(NULL, 0, v, 4, &n), -EINVAL);
	ck_assert_uint_eq(n, 0);
	n = 77;
	ck_assert_int_eq(netobs_snapshot_tunable_values(fx.bb, 0, v, 4, &n), -ENODATA);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(netobs_snapshot_tunable_values(fx.b, NETOBS_TUNABLE_TCP_RMEM, v, 1, &n),
			 -ERANGE);
	ck_assert_uint_eq(n, 3);
}
END_TEST

/* The array getter: its count is the out-value (0 on error; on -ERANGE
 * the size it needs), the array is only written on success. */
static const char *const out_exempt[] = {
	"netobs_snapshot_tunable_values",
};

static bool has_out_case(const char *fn)
{
	char call[160];

	snprintf(call, sizeof(call), "%s(", fn);
	for (size_t i = 0; i < sizeof(out_cases) / sizeof(out_cases[0]); i++)
		if (strstr(out_cases[i].text, call))
			return true;
	for (size_t i = 0; i < sizeof(out_exempt) / sizeof(out_exempt[0]); i++)
		if (strcmp(fn, out_exempt[i]) == 0)
			return true;
	return false;
}

/* Does FN's declaration in HEADER take a writable scalar out-pointer? */
static bool has_out_value(const char *header, const char *fn)
{
	static const char *const types[] = { "uint64_t *", "int64_t *", "uint32_t *",
					     "double *", "size_t *" };
	char decl[160], args[512];
	const char *p;
	size_t n;

	snprintf(decl, sizeof(decl), "%s(", fn);
	/* The declaration, not a mention in a comment: up to its ';' with no
	 * comment in between. */
	for (p = strstr(header, decl); p; p = strstr(p + 1, decl)) {
		n = strcspn(p, ";");
		if ((p[-1] == ' ' || p[-1] == '*' || p[-1] == '\n') && n < sizeof(args) &&
		    !memmem(p, n, "/*", 2) && !memmem(p, n, "*/", 2))
			break;
	}
	ck_assert_msg(p, "%s not declared in netobs.h", fn);
	memcpy(args, p, n);
	args[n] = '\0';
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		for (const char *t = strstr(args, types[i]); t; t = strstr(t + 1, types[i]))
			if (t - args < 6 || strncmp(t - 6, "const ", 6) != 0)
				return true;
	return false;
}

/* A new getter with an out-value fails here until it has a row above. */
START_TEST(every_out_getter_has_a_case)
{
	static char header[128 * 1024];
	FILE *f = fopen(NETOBS_FIXTURES "/../../include/netobs.h", "r");
	char line[128], fn[128];
	unsigned int getters = 0;
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(header, 1, sizeof(header) - 1, f);
	ck_assert(feof(f));
	header[n] = '\0';
	fclose(f);
	f = fopen(NETOBS_FIXTURES "/../../libnetobs/libnetobs.map", "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %127[a-z0-9_];", fn) != 1 || strncmp(fn, "netobs_", 7) != 0 ||
		    !has_out_value(header, fn))
			continue;
		ck_assert_msg(has_out_case(fn), "%s has an out-value but no row in OUT_CASES", fn);
		getters++;
	}
	fclose(f);
	ck_assert_uint_ge(getters, 24);
}
END_TEST

Suite *make_sampler_suite(void)
{
	Suite *s = suite_create("sampler");
	TCase *tc = tcase_create("sampler");
	TCase *out = tcase_create("out-values");

	tcase_add_test(tc, first_tick_has_no_diff);
	tcase_add_test(tc, diff_follows_newest);
	tcase_add_test(tc, failed_tick_keeps_last_pair);
	tcase_add_test(tc, timer_fd_is_drained_by_tick);
	tcase_add_test(tc, swap_gives_exact_deltas);
	tcase_add_test(tc, sections_and_doctor_through_sampler);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(out, fix_setup, fix_teardown);
	tcase_add_loop_test(out, error_out_values_are_defined, 0,
			    (int)(sizeof(out_cases) / sizeof(out_cases[0])));
	tcase_add_test(out, enodata_out_values_are_defined);
	tcase_add_test(out, tunable_values_count_is_defined);
	tcase_add_test(out, every_out_getter_has_a_case);
	suite_add_tcase(s, out);
	return s;
}
