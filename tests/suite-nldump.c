/* SPDX-License-Identifier: MIT */
/*
 * The netlink dump engine (libnetobs/netlink.c): datagrams built in a
 * buffer and fed to a dump without a socket (the message walk, the
 * callback, NLMSG_DONE, NLMSG_ERROR, NLM_F_DUMP_INTR), then one real dump
 * each of NETLINK_ROUTE and NETLINK_SOCK_DIAG through the same engine.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

#include <libmnl/libmnl.h>

#include "internal.h"
#include "netlink.h"
#include "testutil.h"

Suite *make_nldump_suite(void);

#define SEQ 41
#define PORTID 4242

/* A datagram of several messages, aligned for struct nlmsghdr. */
struct datagram {
	union {
		struct nlmsghdr nlh;
		uint64_t align;
		char b[4096];
	} u;
	size_t len;
};

/* What the callback saw. */
struct seen {
	unsigned int calls;
	uint16_t types[16];
	int fail_at;		/* return -ENOMEM on this call (1-based), 0: never */
	unsigned int restarts;
};

static int count_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct seen *s = arg;

	if (s->calls < NETOBS__ARRAY_SIZE(s->types))
		s->types[s->calls] = nlh->nlmsg_type;
	if ((int)++s->calls == s->fail_at)
		return -ENOMEM;
	return 0;
}

/* Appends a message of TYPE with PAYLOAD (LEN bytes) from SEQ and PORTID. */
static struct nlmsghdr *put(struct datagram *dg, uint16_t type, uint16_t flags, uint32_t seq,
			    uint32_t portid, const void *payload, size_t len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(dg->u.b + dg->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = portid;
	if (len)
		memcpy(mnl_nlmsg_put_extra_header(nlh, len), payload, len);
	dg->len += NLMSG_ALIGN(nlh->nlmsg_len);
	return nlh;
}

static struct nlmsghdr *put_link(struct datagram *dg, uint16_t flags)
{
	struct ifinfomsg ifi = { .ifi_index = 1 };

	return put(dg, RTM_NEWLINK, flags | NLM_F_MULTI, SEQ, PORTID, &ifi, sizeof(ifi));
}

static void put_done(struct datagram *dg, int status)
{
	put(dg, NLMSG_DONE, NLM_F_MULTI, SEQ, PORTID, &status, sizeof(status));
}

static void put_error(struct datagram *dg, int error)
{
	struct nlmsgerr e = { .error = error };

	put(dg, NLMSG_ERROR, 0, SEQ, PORTID, &e, sizeof(e));
}

/* A dump over a fresh context with the counting callback. */
struct fixture {
	struct netobs_ctx *ctx;
	struct netobs__nl_request req;
	struct netobs__nl_dump d;
	struct seen seen;
	struct datagram dg;
};

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(netobs_ctx_new(&f->ctx), 0);
	f->req.type = RTM_GETLINK;
	f->req.msg = count_msg;
	f->req.arg = &f->seen;
	netobs__nl_dump_init(&f->d, f->ctx, &f->req, SEQ, PORTID);
}

/* Answers to other requests or ports, and netlink's own control messages,
 * never reach the callback; nothing after NLMSG_DONE is read. */
START_TEST(walk_skips_foreign_and_stops_at_done)
{
	struct fixture f;

	fixture_init(&f);
	put_link(&f.dg, 0);
	put(&f.dg, RTM_NEWLINK, NLM_F_MULTI, SEQ + 1, PORTID, NULL, 0);
	put(&f.dg, RTM_NEWLINK, NLM_F_MULTI, SEQ, PORTID + 1, NULL, 0);
	put(&f.dg, NLMSG_NOOP, 0, SEQ, PORTID, NULL, 0);
	put(&f.dg, RTM_NEWSTATS, NLM_F_MULTI, SEQ, PORTID, NULL, 0);
	put_done(&f.dg, 0);
	put_link(&f.dg, 0);
	netobs__nl_dump_feed(&f.d, f.dg.u.b, f.dg.len);
	ck_assert_uint_eq(f.seen.calls, 2);
	ck_assert_uint_eq(f.seen.types[0], RTM_NEWLINK);
	ck_assert_uint_eq(f.seen.types[1], RTM_NEWSTATS);
	ck_assert(f.d.done);
	ck_assert_int_eq(f.d.err, 0);
	ck_assert(!f.d.interrupted);
	netobs_ctx_free(f.ctx);
}
END_TEST

/* A dump spans datagrams: only NLMSG_DONE ends it. */
START_TEST(walk_across_datagrams)
{
	struct fixture f;

	fixture_init(&f);
	put_link(&f.dg, 0);
	put_link(&f.dg, 0);
	netobs__nl_dump_feed(&f.d, f.dg.u.b, f.dg.len);
	ck_assert(!f.d.done);
	f.dg.len = 0;
	put_link(&f.dg, 0);
	put_done(&f.dg, 0);
	netobs__nl_dump_feed(&f.d, f.dg.u.b, f.dg.len);
	ck_assert(f.d.done);
	ck_assert_uint_eq(f.seen.calls, 3);
	netobs_ctx_free(f.ctx);
}
END_TEST

/* NLM_F_DUMP_INTR on any message marks the dump, which still completes. */
START_TEST(walk_dump_intr)
{
	struct fixture f;

	fixture_init(&f);
	put_link(&f.dg, 0);
	put_link(&f.dg, NLM_F_DUMP_INTR);
	put_done(&f.dg, 0);
	netobs__nl_dump_feed(&f.d, f.dg.u.b, f.dg.len);
	ck_assert(f.d.interrupted);
	ck_assert(f.d.done);
	ck_assert_int_eq(f.d.err, 0);
	ck_assert_uint_eq(f.seen.calls, 2);
	netobs_ctx_free(f.ctx);
}
END_TEST

/* The first callback error is kept, later messages skipped, and the dump
 * still read to its end so the socket stays in step. */
START_TEST(walk_callback_error)
{
	struct fixture f;

	fixture_init(&f);
	f.seen.fail_at = 1;
	put_link(&f.dg, 0);
	put_link(&f.dg, 0);
	put_done(&f.dg, -EBUSY);
	netobs__nl_dump_feed(&f.d, f.dg.u.b, f.dg.len);
	ck_assert_uint_eq(f.seen.calls, 1);
	ck_assert(f.d.done);
	ck_assert_int_eq(f.d.err, -ENOMEM);
	netobs_ctx_free(f.ctx);
}
END_TEST

/* How a dump ends: NLMSG_DONE's status, NLMSG_ERROR's error, or a
 * malformed end (-EBADMSG). */
static const struct {
	const char *what;
	uint16_t type;
	int status;
	size_t cut;		/* bytes taken off the payload */
	int err;
} endings[] = {
	{ "DONE 0", NLMSG_DONE, 0, 0, 0 },
	{ "DONE without status (old kernels)", NLMSG_DONE, -EBUSY, sizeof(int), 0 },
	{ "DONE -EBUSY", NLMSG_DONE, -EBUSY, 0, -EBUSY },
	{ "DONE not an errno", NLMSG_DONE, -5000, 0, -EBADMSG },
	{ "ERROR -EOPNOTSUPP", NLMSG_ERROR, -EOPNOTSUPP, 0, -EOPNOTSUPP },
	{ "ERROR -EPERM", NLMSG_ERROR, -EPERM, 0, -EPERM },
	{ "ERROR cut short", NLMSG_ERROR, -EPERM, 4, -EBADMSG },
	{ "ERROR not an errno", NLMSG_ERROR, -70000, 0, -EBADMSG },
};

START_TEST(walk_endings)
{
	struct fixture f;
	struct nlmsghdr *nlh;

	fixture_init(&f);
	put_link(&f.dg, 0);
	if (endings[_i].type == NLMSG_DONE)
		put_done(&f.dg, endings[_i].status);
	else
		put_error(&f.dg, endings[_i].status);
	nlh = (void *)(f.dg.u.b + NLMSG_ALIGN(f.dg.u.nlh.nlmsg_len)); /* 4-aligned */
	nlh->nlmsg_len -= (uint32_t)endings[_i].cut;
	netobs__nl_dump_feed(&f.d, f.dg.u.b, f.dg.len);
	ck_assert_msg(f.d.done, "%s: not done", endings[_i].what);
	ck_assert_msg(f.d.err == endings[_i].err, "%s: %d, want %d", endings[_i].what, f.d.err,
		      endings[_i].err);
	if (endings[_i].err)
		ck_assert_ptr_nonnull(strstr(netobs_ctx_message(f.ctx), "ended the dump with"));
	ck_assert_uint_eq(f.seen.calls, 1);
	netobs_ctx_free(f.ctx);
}
END_TEST

/* The walk never reads past LEN, whatever a length field claims. */
START_TEST(next_msg_bounds)
{
	struct datagram dg = { .len = 0 };
	struct nlmsghdr *nlh;
	size_t off = 0;

	put(&dg, RTM_NEWLINK, 0, SEQ, PORTID, "abcd", 4);
	ck_assert_ptr_nonnull(netobs__nl_next_msg(dg.u.b, dg.len, &off));
	ck_assert_uint_eq(off, dg.len);
	ck_assert_ptr_null(netobs__nl_next_msg(dg.u.b, dg.len, &off));
	off = 0;
	ck_assert_ptr_null(netobs__nl_next_msg(dg.u.b, sizeof(struct nlmsghdr) - 1, &off));
	nlh = &dg.u.nlh;
	nlh->nlmsg_len = 0x80000000u; /* passes libmnl's int compare */
	ck_assert_ptr_null(netobs__nl_next_msg(dg.u.b, dg.len, &off));
	nlh->nlmsg_len = sizeof(*nlh) - 1;
	ck_assert_ptr_null(netobs__nl_next_msg(dg.u.b, dg.len, &off));
	nlh->nlmsg_len = (uint32_t)dg.len + 1;
	ck_assert_ptr_null(netobs__nl_next_msg(dg.u.b, dg.len, &off));
	ck_assert_uint_eq(off, 0);
}
END_TEST

/* A family header larger than the request buffer is refused before any
 * socket is opened. */
START_TEST(request_header_too_large)
{
	static const char big[NETOBS__NL_HDR_MAX + 1];
	struct netobs__nl nl = { .protocol = NETLINK_ROUTE };
	struct fixture f;
	bool interrupted;

	fixture_init(&f);
	f.req.hdr = big;
	f.req.hdr_len = sizeof(big);
	ck_assert_int_eq(netobs__nl_dump_once(&nl, f.ctx, &f.req, &interrupted), -EINVAL);
	ck_assert_ptr_null(nl.sock);
	netobs_ctx_free(f.ctx);
}
END_TEST

/* ---- real dumps through the engine ------------------------------------------ */

static void count_restart(void *arg)
{
	((struct seen *)arg)->restarts++;
}

/* RTM_GETLINK on NETLINK_ROUTE: at least lo answers. */
START_TEST(live_route_dump)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct netobs__nl nl;
	struct fixture f;

	fixture_init(&f);
	f.req.hdr = &ifi;
	f.req.hdr_len = sizeof(ifi);
	f.req.name = "RTM_GETLINK";
	f.req.changes = "device";
	f.req.restart = count_restart;
	ck_assert_int_eq(netobs__nl_init(&nl, NETLINK_ROUTE), 0);
	ck_assert_msg(netobs__nl_dump(&nl, f.ctx, &f.req) == 0, "%s", netobs_ctx_message(f.ctx));
	ck_assert_uint_ge(f.seen.calls, 1);
	ck_assert_uint_ge(f.seen.restarts, 1);
	ck_assert_uint_eq(f.seen.types[0], RTM_NEWLINK);
	netobs__nl_fini(&nl);
	netobs__nl_fini(&nl);
	netobs_ctx_free(f.ctx);
}
END_TEST

/* The listening socket with PORT among the answers. */
struct diag_find {
	uint16_t port;
	bool found;
};

static int find_listener(void *arg, const struct nlmsghdr *nlh)
{
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	struct diag_find *f = arg;

	if (nlh->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
	    nlh->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(*m) && m->id.idiag_sport == f->port)
		f->found = true;
	return 0;
}

static int listen_on_lo(uint16_t *port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(fd, 1), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	*port = addr.sin_port;
	return fd;
}

/* SOCK_DIAG_BY_FAMILY on NETLINK_SOCK_DIAG, with its 56-byte header: the
 * engine is the same, only the request differs. */
START_TEST(live_sock_diag_dump)
{
	struct inet_diag_req_v2 r = {
		.sdiag_family = AF_INET,
		.sdiag_protocol = IPPROTO_TCP,
		.idiag_states = 1u << TCP_LISTEN,
	};
	struct diag_find find = { 0 };
	struct netobs__nl_request req = {
		.type = SOCK_DIAG_BY_FAMILY, .hdr = &r, .hdr_len = sizeof(r),
		.name = "SOCK_DIAG_BY_FAMILY", .changes = "socket",
		.msg = find_listener, .arg = &find,
	};
	struct netobs_ctx *ctx;
	struct netobs__nl nl;
	int fd = listen_on_lo(&find.port), err;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	err = netobs__nl_init(&nl, NETLINK_SOCK_DIAG);
	if (err == 0)
		err = netobs__nl_dump(&nl, ctx, &req);
	if (err == -ENOENT || err == -EPROTONOSUPPORT) {
		printf("SKIP: live_sock_diag_dump: no tcp_diag (%s)\n", strerror(-err));
	} else {
		ck_assert_msg(err == 0, "%d: %s", err, netobs_ctx_message(ctx));
		ck_assert(find.found);
	}
	netobs__nl_fini(&nl);
	netobs_ctx_free(ctx);
	close(fd);
}
END_TEST

Suite *make_nldump_suite(void)
{
	Suite *s = suite_create("nldump");
	TCase *tc = tcase_create("walk");
	TCase *live = tcase_create("live");

	tcase_add_test(tc, walk_skips_foreign_and_stops_at_done);
	tcase_add_test(tc, walk_across_datagrams);
	tcase_add_test(tc, walk_dump_intr);
	tcase_add_test(tc, walk_callback_error);
	tcase_add_loop_test(tc, walk_endings, 0, (int)NETOBS__ARRAY_SIZE(endings));
	tcase_add_test(tc, next_msg_bounds);
	tcase_add_test(tc, request_header_too_large);
	suite_add_tcase(s, tc);
	tcase_add_test(live, live_route_dump);
	tcase_add_test(live, live_sock_diag_dump);
	suite_add_tcase(s, live);
	return s;
}
