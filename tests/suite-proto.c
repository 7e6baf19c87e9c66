/* SPDX-License-Identifier: MIT */
/* The protocol counters: fixture trees of a 4.19 and a 6.18 kernel, a
 * table of garbled files (each refused with its file and line), signed and
 * 64-bit values, the diff, and a warm refresh that keeps its memory. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "proto.h"

Suite *make_proto_suite(void);
void test_same_proto(const struct netobs_snapshot *a, const struct netobs_snapshot *b,
		     enum netobs_section s);
void test_no_proto(const struct netobs_snapshot *snap, enum netobs_section s);

/* No counter of section S is left, by position or by name. */
void test_no_proto(const struct netobs_snapshot *snap, enum netobs_section s)
{
	size_t i;

	for (i = 0; i < netobs_snapshot_proto_count(snap); i++) {
		const struct netobs_proto_counter *c = netobs_snapshot_proto(snap, i);
		enum netobs_section in;

		ck_assert_int_eq(netobs_proto_counter_section(c, &in), 0);
		ck_assert_int_ne(in, s);
		ck_assert_ptr_eq(netobs_snapshot_proto_by_name(snap, netobs_proto_counter_name(c)), c);
	}
}

static uint64_t value_of(const struct netobs_snapshot *snap, const char *name)
{
	const struct netobs_proto_counter *c = netobs_snapshot_proto_by_name(snap, name);
	uint64_t v = 0;

	ck_assert_msg(c != NULL, "%s missing", name);
	ck_assert_int_eq(netobs_proto_counter_value(c, &v), 0);
	return v;
}

/* Every counter of section S in A is in B with the same value. */
void test_same_proto(const struct netobs_snapshot *a, const struct netobs_snapshot *b,
		     enum netobs_section s)
{
	size_t i, n = 0;

	for (i = 0; i < netobs_snapshot_proto_count(a); i++) {
		const struct netobs_proto_counter *c = netobs_snapshot_proto(a, i), *d;
		enum netobs_section in;
		int64_t x, y;

		ck_assert_int_eq(netobs_proto_counter_section(c, &in), 0);
		if (in != s)
			continue;
		d = netobs_snapshot_proto_by_name(b, netobs_proto_counter_name(c));
		ck_assert_ptr_nonnull(d);
		if (netobs_proto_counter_signed(c, &x) == 0) {
			ck_assert_int_eq(netobs_proto_counter_signed(d, &y), 0);
			ck_assert_int_eq(x, y);
		}
		n++;
	}
	ck_assert_uint_gt(n, 0);
}

START_TEST(kernel_6_18)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("proto-6.18", NETOBS_SOURCE_AUTO, &ctx);
	const struct netobs_proto_counter *c;
	enum netobs_section in;
	int64_t s;

	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SNMP));
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_NETSTAT));
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SNMP6));
	ck_assert_str_eq(netobs_proto_counter_name(netobs_snapshot_proto(snap, 0)), "Ip.Forwarding");
	ck_assert_uint_eq(value_of(snap, "TcpExt.ListenOverflows"), 3);
	ck_assert_uint_eq(value_of(snap, "Udp.RcvbufErrors"), 42);
	ck_assert_uint_eq(value_of(snap, "Udp6.RcvbufErrors"), 6);
	ck_assert_uint_eq(value_of(snap, "Ip.InReceives"), 1000002); /* column 3 */
	ck_assert_uint_eq(value_of(snap, "IpExt.InOctets"), UINT64_MAX);
	ck_assert_ptr_nonnull(netobs_snapshot_proto_by_name(snap, "MPTcpExt.MPCapableSYNRX"));
	ck_assert_ptr_nonnull(netobs_snapshot_proto_by_name(snap, "UdpLite6.InDatagrams"));
	ck_assert_ptr_null(netobs_snapshot_proto_by_name(snap, "TcpExt.NoSuchThing"));
	c = netobs_snapshot_proto_by_name(snap, "Icmp6.InErrors");
	ck_assert_int_eq(netobs_proto_counter_section(c, &in), 0);
	ck_assert_int_eq(in, NETOBS_SECTION_SNMP6);
	c = netobs_snapshot_proto_by_name(snap, "Tcp.MaxConn");
	ck_assert_int_eq(netobs_proto_counter_is_gauge(c), 1);
	ck_assert_int_eq(netobs_proto_counter_value(c, NULL), -ERANGE);
	ck_assert_int_eq(netobs_proto_counter_signed(c, &s), 0);
	ck_assert_int_eq(s, -1);
	ck_assert_int_eq(netobs_proto_counter_signed(netobs_snapshot_proto_by_name(snap,
							"IpExt.InOctets"), &s), -ERANGE);
	ck_assert_int_eq(netobs_proto_counter_is_gauge(netobs_snapshot_proto_by_name(snap,
							"Tcp.CurrEstab")), 1);
	ck_assert_int_eq(netobs_proto_counter_is_gauge(netobs_snapshot_proto_by_name(snap,
							"TcpExt.ListenOverflows")), 0);
	ck_assert_uint_eq(netobs_ctx_warning_count(ctx), 5); /* devices, softnet, ... */
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* No MPTcpExt, fewer columns everywhere, IPv6 off (no snmp6 at all). */
START_TEST(kernel_4_19)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("proto-4.19", NETOBS_SOURCE_AUTO, &ctx);
	int64_t s;

	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SNMP));
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_NETSTAT));
	ck_assert(!netobs_snapshot_section_ok(snap, NETOBS_SECTION_SNMP6));
	ck_assert_ptr_nonnull(strstr(test_warnings(ctx), "snmp6: not readable"));
	ck_assert_uint_eq(netobs_snapshot_proto_count(snap), 19 + 27 + 4 + 15 + 8 + 8 + 64 + 18);
	ck_assert_uint_eq(value_of(snap, "TcpExt.ListenOverflows"), 17);
	ck_assert_uint_eq(value_of(snap, "TcpExt.TCPRcvQDrop"), 500063);
	ck_assert_uint_eq(value_of(snap, "IpExt.InOctets"), (uint64_t)1 << 63);
	ck_assert_uint_eq(value_of(snap, "Ip.Forwarding"), 2);
	ck_assert_int_eq(netobs_proto_counter_signed(netobs_snapshot_proto_by_name(snap,
							"Tcp.MaxConn"), &s), 0);
	ck_assert_int_eq(s, -1);
	ck_assert_ptr_null(netobs_snapshot_proto_by_name(snap, "MPTcpExt.MPCapableSYNRX"));
	ck_assert_ptr_null(netobs_snapshot_proto_by_name(snap, "Udp6.RcvbufErrors"));
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

struct bad {
	int snmp6;		/* parse as snmp6 rather than pairs */
	const char *text;
	unsigned int line;
	const char *what;
};

static const struct bad bad_cases[] = {
	{ 0, "Ip: A B C\nIp: 1 2\n", 2, "2 values for the 3 names of Ip (line 1)" },
	{ 0, "Ip: A B\nIp: 1 2 3\n", 2, "3 values for the 2 names of Ip" },
	{ 0, "Ip: A B\nIp: 1 2\nTcp: X Y\n", 3, "the header of Tcp has no value line" },
	{ 0, "Ip: A B\nTcp: 1 2\n", 2, "values of Tcp after the header of Ip (line 1)" },
	{ 0, "Ip: A B\nIp: 1 x2\n", 2, "Ip.B: 'x2' is not a number" },
	{ 0, "Ip: A B\nIp: 1 -2\n", 2, "Ip.B: '-2' is not a number" },
	{ 0, "Ip: A B\nIp: 1 18446744073709551616\n", 2, "is not a number" },
	{ 0, "Tcp: MaxConn\nTcp: --1\n", 2, "Tcp.MaxConn: '--1' is not a number" },
	{ 0, "Ip: A A\nIp: 1 2\n", 2, "Ip.A a second time (first at line 2)" },
	{ 0, "Ip: A\nIp: 1\nIp: A\nIp: 1\n", 4, "Ip.A a second time" },
	{ 0, "no colon here\n", 1, "is not 'Group:' and words" },
	{ 0, "Ip: A.B\nIp: 1\n", 1, "'A.B' is not a counter name" },
	{ 0, "Ip: A\n\nIp: 1\n", 2, "is not 'Group:' and words" },
	{ 1, "Ip6InReceives 1\nIp6InHdrErrors\n", 2, "expected 'Name value'" },
	{ 1, "Ip6InReceives 1 2\n", 1, "expected 'Name value'" },
	{ 1, "InReceives 1\n", 1, "'InReceives' is not a counter name (Group6Name)" },
	{ 1, "Ip6 1\n", 1, "is not a counter name" },
	{ 1, "Ip6InReceives 0x1\n", 1, "Ip6.InReceives: '0x1' is not a number" },
	{ 1, "Udp6InErrors 1\nUdp6InErrors 2\n", 2, "Udp6.InErrors a second time" },
};

START_TEST(bad_input)
{
	const struct bad *b = &bad_cases[_i];
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));
	struct netobs_ctx *ctx;
	char where[64];
	int r;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	if (b->snmp6)
		r = netobs__proto_parse_snmp6(ctx, "F", b->text, strlen(b->text), snap);
	else
		r = netobs__proto_parse_pairs(ctx, "F", b->text, strlen(b->text),
					      NETOBS_SECTION_SNMP, snap);
	ck_assert_int_eq(r, -EBADMSG);
	snprintf(where, sizeof(where), "F:%u: ", b->line);
	ck_assert_msg(strncmp(netobs_ctx_message(ctx), where, strlen(where)) == 0 &&
			      strstr(netobs_ctx_message(ctx), b->what),
		      "case %d: '%s', want '%s%s'", _i, netobs_ctx_message(ctx), where, b->what);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* A garbled netstat costs netstat only: snmp and snmp6 stay, and nothing
 * of netstat is left to find by name. */
START_TEST(one_section_refused)
{
	char *dir = test_copy_tree(NETOBS_FIXTURES "/proto-6.18");
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_AUTO);
	struct netobs_snapshot *snap;
	char where[PATH_MAX + 8];

	test_write_file(dir, "proc/net/netstat", "TcpExt: ListenOverflows ListenDrops\nTcpExt: 1\n");
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	snprintf(where, sizeof(where), "%s/proc/net/netstat:2", dir);
	test_assert_refused(ctx, snap, NETOBS_SECTION_NETSTAT, where, "1 values for the 2 names");
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SNMP));
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SNMP6));
	ck_assert_ptr_null(netobs_snapshot_proto_by_name(snap, "TcpExt.ListenOverflows"));
	ck_assert_uint_eq(value_of(snap, "Udp6.RcvbufErrors"), 6);
	ck_assert_uint_eq(value_of(snap, "Udp.RcvbufErrors"), 42);
	test_drop_tree(dir, ctx, snap);
}
END_TEST

static void write_pair(const char *dir, uint64_t overflows, long maxconn, uint64_t estab)
{
	char text[256];

	snprintf(text, sizeof(text), "Tcp: MaxConn CurrEstab RetransSegs\nTcp: %ld %llu 10\n",
		 maxconn, (unsigned long long)estab);
	test_write_file(dir, "proc/net/snmp", text);
	snprintf(text, sizeof(text), "TcpExt: ListenOverflows\nTcpExt: %llu\n",
		 (unsigned long long)overflows);
	test_write_file(dir, "proc/net/netstat", text);
}

START_TEST(diff_and_warm_refresh)
{
	char *dir = test_tmpdir();
	struct netobs_ctx *ctx = test_root_ctx(dir, NETOBS_SOURCE_AUTO);
	struct netobs_snapshot *a, *b;
	struct netobs_diff *d;
	const void *list;
	uint64_t delta;
	double rate;

	write_pair(dir, 5, -1, 3);
	ck_assert_int_eq(netobs_snapshot_take(&a, ctx), 0);
	write_pair(dir, 25, -1, 4);
	ck_assert_int_eq(netobs_snapshot_take(&b, ctx), 0);
	ck_assert_int_eq(netobs_diff_new(&d, a, b), 0);
	ck_assert_int_eq(netobs_diff_proto(d, "TcpExt.ListenOverflows", &delta, &rate), 0);
	ck_assert_uint_eq(delta, 20);
	ck_assert(rate > 0);
	ck_assert_int_eq(netobs_diff_proto(d, "Tcp.CurrEstab", &delta, &rate), 0);
	ck_assert_uint_eq(delta, 4);
	ck_assert(rate == 4.0);
	ck_assert_int_eq(netobs_diff_proto(d, "Tcp.MaxConn", &delta, NULL), -ERANGE);
	ck_assert_int_eq(netobs_diff_proto(d, "Udp.InErrors", &delta, NULL), -ENODATA);
	/* Backwards: a reset, no delta. */
	list = netobs_snapshot_proto(b, 0);
	write_pair(dir, 2, -1, 4);
	ck_assert_int_eq(netobs_snapshot_refresh(b, ctx), 0);
	ck_assert_ptr_eq(netobs_snapshot_proto(b, 0), list); /* same memory */
	ck_assert_int_eq(netobs_diff_update(d, a, b), 0);
	ck_assert_int_eq(netobs_diff_proto(d, "TcpExt.ListenOverflows", &delta, NULL), -ERANGE);
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	test_drop_tree(dir, ctx, b);
}
END_TEST

Suite *make_proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("proto");

	tcase_add_test(tc, kernel_6_18);
	tcase_add_test(tc, kernel_4_19);
	tcase_add_loop_test(tc, bad_input, 0, (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(tc, one_section_refused);
	tcase_add_test(tc, diff_and_warm_refresh);
	suite_add_tcase(s, tc);
	return s;
}
