/* SPDX-License-Identifier: MIT */
/* The drop-reason tracer's pure parts: skb:kfree_skb format files of five
 * kernels (tests/fixtures/trace, one without a reason field), malformed
 * formats with the line they fail at, the record decoder, the tracefs
 * mount lookup, kallsyms, and the bounded table of counts. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"
#include "trace.h"

Suite *make_trace_suite(void);

static char *slurp(const char *name, size_t *len)
{
	char path[512], *buf = NULL;
	size_t cap = 0;

	snprintf(path, sizeof(path), "%s/trace/%s", NETOBS_FIXTURES, name);
	ck_assert_msg(netobs__file_read(path, &buf, &cap, len) == 0, "cannot read %s", path);
	return buf;
}

struct format_want {
	const char *file;
	bool has_reason;
	uint32_t reason_offset;
	size_t nreasons;
	int no_socket;		/* value of NO_SOCKET, -1: none */
	int rcvbuff;		/* value of SOCKET_RCVBUFF, -1: none */
	uint32_t protocol_offset;
};

static const struct format_want formats[] = {
	{ "kfree_skb-5.15.format", false, 0, 0, -1, -1, 24 },
	{ "kfree_skb-5.17.format", true, 28, 7, 1, -1, 24 },
	{ "kfree_skb-5.19.format", true, 28, 65, 2, 15, 24 },
	{ "kfree_skb-6.1.format", true, 28, 68, 2, 15, 24 },
	{ "kfree_skb-6.18.format", true, 36, 128, 3, 6, 32 },
};

static void check_value(const struct netobs__trace_format *f, const char *name, int want,
			const char *file)
{
	size_t i;
	int got = -1;

	for (i = 0; i < f->nreasons; i++)
		if (strcmp(f->reasons[i].name, name) == 0)
			got = (int)f->reasons[i].value;
	ck_assert_msg(got == want, "%s: %s = %d, want %d", file, name, got, want);
	if (want >= 0)
		ck_assert_str_eq(netobs__trace_reason_name(f, (uint32_t)want), name);
}

START_TEST(test_format_fixtures)
{
	const struct format_want *w = &formats[_i];
	struct netobs__trace_format f;
	unsigned int line;
	const char *why;
	size_t len;
	char *buf = slurp(w->file, &len);

	ck_assert_msg(netobs__trace_format_parse(&f, buf, len, &line, &why) == 0, "%s:%u: %s",
		      w->file, line, why);
	ck_assert(f.id != 0);
	ck_assert(f.location.present && f.location.offset == 16 && f.location.size == 8);
	ck_assert(f.skbaddr.present && f.skbaddr.offset == 8);
	ck_assert_uint_eq(f.protocol.offset, w->protocol_offset);
	ck_assert_uint_eq(f.protocol.size, 2);
	ck_assert_int_eq(f.reason.present, w->has_reason);
	if (w->has_reason)
		ck_assert_uint_eq(f.reason.offset, w->reason_offset);
	ck_assert_uint_eq(f.nreasons, w->nreasons);
	check_value(&f, "NO_SOCKET", w->no_socket, w->file);
	check_value(&f, "SOCKET_RCVBUFF", w->rcvbuff, w->file);
	ck_assert_ptr_null(netobs__trace_reason_name(&f, 100000));
	netobs__trace_format_free(&f);
	free(buf);
}
END_TEST

struct bad_format {
	const char *text;
	unsigned int line;	/* 0: the whole file */
	const char *why;	/* a word of the message */
};

#define FIELDS "\tfield:void * location;\toffset:16;\tsize:8;\tsigned:0;\n" \
	       "\tfield:unsigned short protocol;\toffset:24;\tsize:2;\tsigned:0;\n"

static const struct bad_format bad_formats[] = {
	{ "name: kfree_skb\nID: x\n", 2, "ID" },
	{ "\tfield:void * location;\toffset:;\tsize:8;\tsigned:0;\n", 1, "offset" },
	{ "\tfield:void * location;\toffset:16;\tsize:3;\tsigned:0;\n", 1, "size" },
	{ "\tfield:void * location;\toffset:99999;\tsize:8;\n", 1, "offset" },
	{ "\tfield: ;\toffset:1;\tsize:8;\n", 1, "name" },
	{ FIELDS, 0, "reason" }, /* complete, but see below: it parses */
	{ "\tfield:unsigned short protocol;\toffset:24;\tsize:2;\n", 0, "location" },
	{ FIELDS "print fmt: \"\", __print_symbolic(REC->reason, { 1, \"A\" }, { 1, \"B\" })\n",
	  3, "twice" },
	{ FIELDS "print fmt: \"\", __print_symbolic(REC->reason, { SKB_X, \"A\" })\n", 3,
	  "number" },
	{ FIELDS "print fmt: \"\", __print_symbolic(REC->reason, { 1, \"A\" }\n", 3, "')'" },
	{ FIELDS "print fmt: \"\", __print_symbolic(REC->reason, { 1, \"A }\n", 3, "name" },
	{ FIELDS "print fmt: \"\", __print_symbolic(REC->reason, { 1, \"\" })\n", 3, "name" },
	{ FIELDS "print fmt: \"\", __print_symbolic(REC->reason, { 4294967296, \"A\" })\n", 3,
	  "32 bits" },
	{ FIELDS "print fmt: \"\", __print_symbolic(REC->reason, 1, \"A\" })\n", 3, "'{'" },
	{ FIELDS "print fmt: \"\", __print_symbolic(REC->reason, { 1, \"A\\x1b[2J\" })\n", 3,
	  "letters" },
};

START_TEST(test_format_bad)
{
	const struct bad_format *b = &bad_formats[_i];
	struct netobs__trace_format f;
	unsigned int line;
	const char *why;
	int err = netobs__trace_format_parse(&f, b->text, strlen(b->text), &line, &why);

	if (_i == 5) { /* two fields and nothing else: a pre-5.17 kernel */
		ck_assert_int_eq(err, 0);
		ck_assert(!f.reason.present);
	} else {
		ck_assert_msg(err == -EBADMSG, "case %d: %d", _i, err);
		ck_assert_msg(line == b->line, "case %d: line %u, want %u", _i, line, b->line);
		ck_assert_msg(strstr(why, b->why), "case %d: '%s' lacks '%s'", _i, why, b->why);
	}
	netobs__trace_format_free(&f);
}
END_TEST

/* A raw record laid out as 6.18's (reason at 36, protocol at 32). */
START_TEST(test_record_decode)
{
	struct netobs__trace_format f;
	struct netobs__drop_record r;
	unsigned char raw[40] = { 0 };
	uint64_t loc = 0xffffffff81234567ull;
	uint16_t proto = 0x0800;
	uint32_t reason = 6;
	unsigned int line;
	const char *why;
	size_t len;
	char *buf = slurp("kfree_skb-6.18.format", &len);

	ck_assert_int_eq(netobs__trace_format_parse(&f, buf, len, &line, &why), 0);
	memcpy(raw + 16, &loc, 8);
	memcpy(raw + 32, &proto, 2);
	memcpy(raw + 36, &reason, 4);
	ck_assert_int_eq(netobs__trace_record_decode(&f, raw, sizeof(raw), &r), 0);
	ck_assert(r.location == loc);
	ck_assert_uint_eq(r.protocol, 0x0800);
	ck_assert_uint_eq(r.reason, 6);
	ck_assert_str_eq(netobs__trace_reason_name(&f, r.reason), "SOCKET_RCVBUFF");
	/* one byte short of the reason: refused, never read past the end */
	ck_assert_int_eq(netobs__trace_record_decode(&f, raw, 39, &r), -EBADMSG);
	ck_assert_int_eq(netobs__trace_record_decode(&f, raw, 0, &r), -EBADMSG);
	netobs__trace_format_free(&f);
	free(buf);
}
END_TEST

START_TEST(test_tracefs_mounts)
{
	char dir[256];
	static const char both[] =
		"sysfs /sys sysfs rw 0 0\n"
		"debugfs /sys/kernel/debug debugfs rw 0 0\n"
		"nodev /mnt/my\\040trace tracefs rw 0 0\n";
	static const char debugfs[] = "proc /proc proc rw 0 0\n"
				      "debugfs /sys/kernel/debug debugfs rw 0 0\n";
	static const char none[] = "proc /proc proc rw 0 0\nshort\n\n";

	ck_assert_int_eq(netobs__tracefs_from_mounts(both, strlen(both), dir, sizeof(dir)), 0);
	ck_assert_str_eq(dir, "/mnt/my trace");
	ck_assert_int_eq(netobs__tracefs_from_mounts(debugfs, strlen(debugfs), dir, sizeof(dir)),
			 0);
	ck_assert_str_eq(dir, "/sys/kernel/debug/tracing");
	ck_assert_int_eq(netobs__tracefs_from_mounts(none, strlen(none), dir, sizeof(dir)),
			 -ENOENT);
	ck_assert_int_eq(netobs__tracefs_from_mounts(debugfs, strlen(debugfs), dir, 10),
			 -ENAMETOOLONG);
}
END_TEST

START_TEST(test_kallsyms)
{
	static const char text[] =
		"ffffffff81000000 T _stext\n"
		"ffffffff81a00000 t udp_queue_rcv_one_skb\n"
		"ffffffff81a00400 D some_data\n"
		"ffffffff81a00800 T __udp4_lib_rcv\n"
		"ffffffffc0000000 t vxlan_rcv\t[vxlan]\n"
		"garbage line\n";
	static const char hidden[] = "0000000000000000 T _stext\n0000000000000000 t x\n";
	struct netobs__kallsyms *k;
	char buf[96], sym[64];

	ck_assert_int_eq(netobs__kallsyms_parse(&k, text, strlen(text)), 0);
	netobs__kallsyms_resolve(k, 0xffffffff81a0001full, buf, sizeof(buf), sym, sizeof(sym));
	ck_assert_str_eq(buf, "udp_queue_rcv_one_skb+0x1f");
	ck_assert_str_eq(sym, "udp_queue_rcv_one_skb");
	/* data symbols are not code: the site stays in the function before */
	netobs__kallsyms_resolve(k, 0xffffffff81a00500ull, buf, sizeof(buf), NULL, 0);
	ck_assert_str_eq(buf, "udp_queue_rcv_one_skb+0x500");
	netobs__kallsyms_resolve(k, 0xffffffffc0000010ull, buf, sizeof(buf), NULL, 0);
	ck_assert_str_eq(buf, "vxlan_rcv+0x10");
	netobs__kallsyms_resolve(k, 0x1000, buf, sizeof(buf), sym, sizeof(sym));
	ck_assert_str_eq(buf, "0x1000");
	netobs__kallsyms_free(k);
	ck_assert_int_eq(netobs__kallsyms_parse(&k, hidden, strlen(hidden)), -ENODATA);
	ck_assert_ptr_null(k);
	/* without symbols, an address */
	netobs__kallsyms_resolve(NULL, 0xffffffff81a00010ull, buf, sizeof(buf), NULL, 0);
	ck_assert_str_eq(buf, "0xffffffff81a00010");
}
END_TEST

static void add(struct netobs__drop_table *t, uint64_t loc, uint32_t reason, uint16_t proto,
		unsigned int times)
{
	struct netobs__drop_record r = { loc, reason, proto };

	while (times--)
		netobs__drop_table_add(t, &r);
}

START_TEST(test_counts)
{
	static const char syms[] = "ffffffff81000000 t udp_queue_rcv_one_skb\n"
				   "ffffffff81001000 t __udp4_lib_rcv\n"
				   "ffffffff81002000 t __dev_queue_xmit\n";
	struct netobs__drop_table *t = calloc(1, sizeof(*t));
	struct netobs__trace_format f;
	struct netobs__kallsyms *k;
	struct netobs_drop_counts *c;
	unsigned int line;
	const char *why;
	size_t len;
	char *buf = slurp("kfree_skb-6.18.format", &len);

	ck_assert_int_eq(netobs__trace_format_parse(&f, buf, len, &line, &why), 0);
	ck_assert_int_eq(netobs__kallsyms_parse(&k, syms, strlen(syms)), 0);
	add(t, 0xffffffff81000010ull, 6, 0x0800, 700);	/* SOCKET_RCVBUFF */
	add(t, 0xffffffff81000020ull, 6, 0x86dd, 300);	/* same reason, same function */
	add(t, 0xffffffff81001010ull, 3, 0x0800, 50);	/* NO_SOCKET */
	add(t, 0xffffffff81002010ull, 64, 0x0806, 20);	/* QDISC_DROP, ARP */
	add(t, 0xffffffff81002010ull, 999, 0x88b5, 1);	/* unnamed reason, protocol */
	t->lost = 5;
	ck_assert_int_eq(netobs__drop_counts_build(&c, t, &f, k, 2.0), 0);
	ck_assert_uint_eq(netobs_drop_counts_total(c), 1071);
	ck_assert_uint_eq(netobs_drop_counts_lost(c), 5);
	ck_assert(netobs_drop_counts_seconds(c) == 2.0);
	ck_assert_int_eq(netobs_drop_counts_has_reasons(c), 1);
	ck_assert_uint_eq(netobs_drop_counts_size(c, NETOBS_DROP_BY_REASON), 4);
	ck_assert_str_eq(netobs_drop_counts_name(c, NETOBS_DROP_BY_REASON, 0), "SOCKET_RCVBUFF");
	ck_assert_uint_eq(netobs_drop_counts_value(c, NETOBS_DROP_BY_REASON, 0), 1000);
	ck_assert_str_eq(netobs_drop_counts_site(c, "SOCKET_RCVBUFF"), "udp_queue_rcv_one_skb");
	ck_assert_str_eq(netobs_drop_counts_site(c, "NO_SOCKET"), "__udp4_lib_rcv");
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_REASON, "QDISC_DROP"), 20);
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_REASON, "999"), 1);
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_REASON, "NOPE"), 0);
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_PROTOCOL, "IP"), 750);
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_PROTOCOL, "IPV6"), 300);
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_PROTOCOL, "ARP"), 20);
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_PROTOCOL, "0x88b5"), 1);
	ck_assert_uint_eq(netobs_drop_counts_size(c, NETOBS_DROP_BY_LOCATION), 4);
	ck_assert_str_eq(netobs_drop_counts_name(c, NETOBS_DROP_BY_LOCATION, 0),
			 "udp_queue_rcv_one_skb+0x10");
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_LOCATION,
						  "__dev_queue_xmit+0x10"), 21);
	ck_assert_ptr_null(netobs_drop_counts_name(c, NETOBS_DROP_BY_LOCATION, 4));
	ck_assert_ptr_null(netobs_drop_counts_name(c, (enum netobs_drop_key)3, 0));
	netobs_drop_counts_free(c);
	netobs__kallsyms_free(k);
	netobs__trace_format_free(&f);
	free(buf);
	free(t);
}
END_TEST

/* A pre-5.17 kernel: counted by location and protocol, no reason list. */
START_TEST(test_counts_no_reason)
{
	struct netobs__drop_table *t = calloc(1, sizeof(*t));
	struct netobs__trace_format f;
	struct netobs_drop_counts *c;
	unsigned int line;
	const char *why;
	size_t len;
	char *buf = slurp("kfree_skb-5.15.format", &len);

	ck_assert_int_eq(netobs__trace_format_parse(&f, buf, len, &line, &why), 0);
	add(t, 0x1234, 0, 0x0800, 3);
	ck_assert_int_eq(netobs__drop_counts_build(&c, t, &f, NULL, 1.0), 0);
	ck_assert_int_eq(netobs_drop_counts_has_reasons(c), 0);
	ck_assert_uint_eq(netobs_drop_counts_size(c, NETOBS_DROP_BY_REASON), 0);
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_LOCATION, "0x1234"), 3);
	ck_assert_uint_eq(netobs_drop_counts_find(c, NETOBS_DROP_BY_PROTOCOL, "IP"), 3);
	netobs_drop_counts_free(c);
	netobs__trace_format_free(&f);
	free(buf);
	free(t);
}
END_TEST

/* Past the bound, distinct tuples count in the total only. */
START_TEST(test_table_bound)
{
	struct netobs__drop_table *t = calloc(1, sizeof(*t));
	uint64_t i;

	for (i = 0; i < NETOBS__DROP_FILL + 10; i++)
		add(t, 0x1000 + i, 2, 0x0800, 2);
	add(t, 0x1000, 2, 0x0800, 1); /* a known tuple still counts */
	ck_assert_uint_eq(t->used, NETOBS__DROP_FILL);
	ck_assert_uint_eq(t->untracked, 20);
	ck_assert_uint_eq(t->total, 2 * (NETOBS__DROP_FILL + 10) + 1);
	free(t);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(netobs__eth_proto_name(0x0800), "IP");
	ck_assert_str_eq(netobs__eth_proto_name(0x86dd), "IPV6");
	ck_assert_str_eq(netobs__eth_proto_name(0x0806), "ARP");
	ck_assert_ptr_null(netobs__eth_proto_name(0x1234));
	ck_assert_str_eq(netobs_drop_key_name(NETOBS_DROP_BY_REASON), "reason");
	ck_assert_str_eq(netobs_drop_key_name(NETOBS_DROP_BY_LOCATION), "location");
	ck_assert_str_eq(netobs_drop_key_name(NETOBS_DROP_BY_PROTOCOL), "protocol");
	ck_assert_ptr_null(netobs_drop_key_name((enum netobs_drop_key)3));
}
END_TEST

/* A reason field without a table of names parses: the names then come
 * from BTF (tracefs.c). */
START_TEST(test_format_reason_without_table)
{
	static const char text[] = FIELDS "\tfield:int reason;\toffset:28;\tsize:4;\n"
				   "print fmt: \"reason: %s\", drop_reasons[REC->reason]\n";
	struct netobs__trace_format f;
	unsigned int line;
	const char *why;

	ck_assert_int_eq(netobs__trace_format_parse(&f, text, strlen(text), &line, &why), 0);
	ck_assert(f.reason.present);
	ck_assert_uint_eq(f.nreasons, 0);
	netobs__trace_format_free(&f);
}
END_TEST

/* A BTF blob: header, an int, a struct to step over, an enum that is not
 * the one, then enum skb_drop_reason (values out of order), and strings. */
struct blob {
	unsigned char b[512];
	size_t len;
};

static void put32(struct blob *bl, uint32_t v)
{
	memcpy(bl->b + bl->len, &v, 4);
	bl->len += 4;
}

static void put_type(struct blob *bl, uint32_t name, unsigned int kind, unsigned int vlen,
		     uint32_t size)
{
	put32(bl, name);
	put32(bl, (kind << 24) | vlen);
	put32(bl, size);
}

static const char btf_strings[] = "\0int\0s\0a\0other\0X\0skb_drop_reason\0"
				  "SKB_NOT_DROPPED_YET\0SKB_DROP_REASON_NO_SOCKET\0"
				  "SKB_DROP_REASON_NOT_SPECIFIED\0SKB_CONSUMED";

static uint32_t str_off(const char *s)
{
	const char *p = btf_strings;

	while (strcmp(p, s) != 0)
		p += strlen(p) + 1;
	return (uint32_t)(p - btf_strings);
}

static void make_btf(struct blob *bl, bool with_enum)
{
	size_t types;

	memset(bl, 0, sizeof(*bl));
	bl->len = 24; /* header, filled in below */
	types = bl->len;
	put_type(bl, str_off("int"), 1, 0, 4);
	put32(bl, 32);				/* int encoding */
	put_type(bl, str_off("s"), 4, 1, 4);	/* struct s { int a; } */
	put32(bl, str_off("a"));
	put32(bl, 1);
	put32(bl, 0);
	put_type(bl, str_off("other"), 6, 1, 4);
	put32(bl, str_off("X"));
	put32(bl, 7);
	if (with_enum) {
		put_type(bl, str_off("skb_drop_reason"), 6, 4, 4);
		put32(bl, str_off("SKB_DROP_REASON_NO_SOCKET"));
		put32(bl, 3);
		put32(bl, str_off("SKB_NOT_DROPPED_YET"));
		put32(bl, 0);
		put32(bl, str_off("SKB_DROP_REASON_NOT_SPECIFIED"));
		put32(bl, 2);
		put32(bl, str_off("SKB_CONSUMED"));
		put32(bl, 1);
	}
	{
		uint16_t magic = 0xeB9F;
		uint32_t hdr[5] = { 24, 0, (uint32_t)(bl->len - types), (uint32_t)(bl->len - types),
				    sizeof(btf_strings) };

		memcpy(bl->b, &magic, 2);
		bl->b[2] = 1;
		memcpy(bl->b + 4, hdr, sizeof(hdr));
	}
	memcpy(bl->b + bl->len, btf_strings, sizeof(btf_strings));
	bl->len += sizeof(btf_strings);
}

START_TEST(test_btf)
{
	struct netobs__trace_format f;
	struct blob bl;
	size_t cut;

	make_btf(&bl, true);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(netobs__btf_drop_reasons(&f, bl.b, bl.len), 0);
	ck_assert_uint_eq(f.nreasons, 4);
	ck_assert_str_eq(netobs__trace_reason_name(&f, 0), "NOT_DROPPED_YET");
	ck_assert_str_eq(netobs__trace_reason_name(&f, 1), "CONSUMED");
	ck_assert_str_eq(netobs__trace_reason_name(&f, 2), "NOT_SPECIFIED");
	ck_assert_str_eq(netobs__trace_reason_name(&f, 3), "NO_SOCKET");
	netobs__trace_format_free(&f);

	make_btf(&bl, false);
	ck_assert_int_eq(netobs__btf_drop_reasons(&f, bl.b, bl.len), -ENOENT);
	netobs__trace_format_free(&f);

	/* every truncation is refused or finds nothing, never read past */
	make_btf(&bl, true);
	for (cut = 0; cut < bl.len; cut++) {
		int err = netobs__btf_drop_reasons(&f, bl.b, cut);

		ck_assert_msg(err == -EBADMSG || err == -ENOENT, "cut at %zu: %d", cut, err);
		netobs__trace_format_free(&f);
	}
	bl.b[0] ^= 0xff; /* the magic */
	ck_assert_int_eq(netobs__btf_drop_reasons(&f, bl.b, bl.len), -EBADMSG);
}
END_TEST

/* This machine's own BTF, when it has one: the reasons every kernel since
 * 5.19 names. */
START_TEST(test_btf_live)
{
	struct netobs__trace_format f;
	char *buf = NULL;
	size_t cap = 0, len = 0;
	bool found = false;
	size_t i;

	if (netobs__file_read("/sys/kernel/btf/vmlinux", &buf, &cap, &len) < 0)
		return; /* no BTF here: nothing to compare */
	memset(&f, 0, sizeof(f));
	if (netobs__btf_drop_reasons(&f, buf, len) == -ENOENT) {
		free(buf);
		return; /* a kernel before drop reasons */
	}
	ck_assert_uint_gt(f.nreasons, 10);
	for (i = 0; i < f.nreasons; i++)
		found |= strcmp(f.reasons[i].name, "SOCKET_RCVBUFF") == 0;
	ck_assert(found);
	ck_assert_ptr_nonnull(netobs__trace_reason_name(&f, f.reasons[0].value));
	netobs__trace_format_free(&f);
	free(buf);
}
END_TEST

Suite *make_trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_format_fixtures, 0, (int)NETOBS__ARRAY_SIZE(formats));
	tcase_add_loop_test(tc, test_format_bad, 0, (int)NETOBS__ARRAY_SIZE(bad_formats));
	tcase_add_test(tc, test_record_decode);
	tcase_add_test(tc, test_tracefs_mounts);
	tcase_add_test(tc, test_kallsyms);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_counts_no_reason);
	tcase_add_test(tc, test_table_bound);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_format_reason_without_table);
	tcase_add_test(tc, test_btf);
	tcase_add_test(tc, test_btf_live);
	suite_add_tcase(s, tc);
	return s;
}
