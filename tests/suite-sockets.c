/* SPDX-License-Identifier: MIT */
/*
 * The sockets section: the inet_diag_msg parser on synthetic answers (old
 * kernels' short meminfo, listeners, bad messages), the names, and one live
 * loopback socket that drops, found with its owner and diffed by inode.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <libmnl/libmnl.h>

#include "socket.h"
#include "testutil.h"

Suite *make_sockets_suite(void);

struct msgbuf {
	union {
		struct nlmsghdr nlh;
		uint64_t align;
		char b[512];
	} u;
};

/* One answer: FAMILY, STATE, port 5353, inode 4242, queues RQ/WQ, and
 * NMEM meminfo values (0: no attribute) with MEM[i] = i * 1000 + 1. */
static struct nlmsghdr *answer(struct msgbuf *m, uint8_t family, uint8_t state, uint32_t rq,
			       uint32_t wq, size_t nmem)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(m->u.b);
	struct inet_diag_msg *d = mnl_nlmsg_put_extra_header(nlh, sizeof(*d));
	uint32_t mem[SK_MEMINFO_VARS + 2];
	size_t i;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	d->idiag_family = family;
	d->idiag_state = state;
	d->id.idiag_sport = htons(5353);
	d->idiag_rqueue = rq;
	d->idiag_wqueue = wq;
	d->idiag_uid = 107;
	d->idiag_inode = 4242;
	if (family == AF_INET6)
		d->id.idiag_src[3] = htonl(1);
	else
		d->id.idiag_src[0] = htonl(INADDR_LOOPBACK);
	for (i = 0; i < nmem; i++)
		mem[i] = (uint32_t)(i * 1000 + 1);
	if (nmem)
		mnl_attr_put(nlh, INET_DIAG_SKMEMINFO, nmem * sizeof(uint32_t), mem);
	return nlh;
}

static uint64_t stat_of(const struct netobs_socket *s, enum netobs_socket_stat st)
{
	uint64_t v = 0;

	ck_assert_int_eq(netobs_socket_stat(s, st, &v), 0);
	return v;
}

START_TEST(udp_with_drops)
{
	struct msgbuf m;
	struct netobs_socket s;

	ck_assert_int_eq(netobs__socket_parse(answer(&m, AF_INET, 7, 0, 0, SK_MEMINFO_VARS),
					      IPPROTO_UDP, &s), 0);
	ck_assert_str_eq(netobs_socket_protocol(&s), "udp");
	ck_assert_str_eq(netobs_socket_state(&s), "unconn");
	ck_assert_str_eq(netobs_socket_local_address(&s), "127.0.0.1");
	ck_assert_int_eq(netobs_socket_local_port(&s), 5353);
	ck_assert_uint_eq(netobs_socket_inode(&s), 4242);
	ck_assert_uint_eq(netobs_socket_uid(&s), 107);
	ck_assert_uint_eq(stat_of(&s, NETOBS_SOCKET_DROPS), SK_MEMINFO_DROPS * 1000 + 1);
	ck_assert_uint_eq(stat_of(&s, NETOBS_SOCKET_RQUEUE), 1);
	ck_assert_uint_eq(stat_of(&s, NETOBS_SOCKET_RCVBUF), 1001);
	ck_assert_int_eq(netobs_socket_stat(&s, NETOBS_SOCKET_ACCEPT_QUEUE, &(uint64_t){ 0 }),
			 -ENODATA);
	ck_assert_int_eq(netobs_socket_pid(&s), -ENODATA);
	ck_assert_ptr_null(netobs_socket_comm(&s));
	ck_assert(netobs__socket_troubled(&s));
}
END_TEST

/* Before SK_MEMINFO_DROPS (4.7) the array is shorter: no drops, not 0. */
START_TEST(short_meminfo_has_no_drops)
{
	struct msgbuf m;
	struct netobs_socket s;

	ck_assert_int_eq(netobs__socket_parse(answer(&m, AF_INET6, 1, 0, 0, SK_MEMINFO_DROPS),
					      IPPROTO_UDP, &s), 0);
	ck_assert_str_eq(netobs_socket_protocol(&s), "udp6");
	ck_assert_str_eq(netobs_socket_state(&s), "estab");
	ck_assert_str_eq(netobs_socket_local_address(&s), "::1");
	ck_assert_int_eq(netobs_socket_stat(&s, NETOBS_SOCKET_DROPS, &(uint64_t){ 0 }), -ENODATA);
	ck_assert(!netobs__socket_troubled(&s)); /* rmem 1 < rcvbuf 1001 */
	ck_assert_int_eq(netobs__socket_parse(answer(&m, AF_INET, 7, 0, 0, 0), IPPROTO_UDP, &s),
			 0);
	ck_assert_int_eq(netobs_socket_stat(&s, NETOBS_SOCKET_RQUEUE, &(uint64_t){ 0 }), -ENODATA);
}
END_TEST

/* A listener: rqueue is the accept queue, wqueue the backlog. */
START_TEST(listener_accept_queue)
{
	struct msgbuf m;
	struct netobs_socket s;
	struct nlmsghdr *nlh = answer(&m, AF_INET6, 10, 2, 1, 0);

	ck_assert_int_eq(netobs__socket_parse(nlh, IPPROTO_TCP, &s), 0);
	ck_assert_str_eq(netobs_socket_protocol(&s), "tcp6");
	ck_assert_str_eq(netobs_socket_state(&s), "listen");
	ck_assert_uint_eq(stat_of(&s, NETOBS_SOCKET_ACCEPT_QUEUE), 2);
	ck_assert_uint_eq(stat_of(&s, NETOBS_SOCKET_BACKLOG), 1);
	ck_assert(netobs__socket_troubled(&s));
	nlh = answer(&m, AF_INET, 10, 0, 0, 0);
	ck_assert_int_eq(netobs__socket_parse(nlh, IPPROTO_TCP, &s), 0);
	ck_assert(!netobs__socket_troubled(&s)); /* listen(0), nothing waiting */
}
END_TEST

START_TEST(bad_answers)
{
	struct msgbuf m;
	struct netobs_socket s;
	struct nlmsghdr *nlh = answer(&m, AF_INET, 7, 0, 0, 0);

	ck_assert_int_eq(netobs__socket_parse(nlh, IPPROTO_ICMP, &s), -EBADMSG);
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(struct inet_diag_msg) - 1;
	ck_assert_int_eq(netobs__socket_parse(nlh, IPPROTO_UDP, &s), -EBADMSG);
	nlh = answer(&m, AF_UNIX, 7, 0, 0, 0);
	ck_assert_int_eq(netobs__socket_parse(nlh, IPPROTO_UDP, &s), -EBADMSG);
}
END_TEST

START_TEST(stat_names)
{
	enum netobs_socket_stat st;
	unsigned int i;

	ck_assert_uint_eq(netobs_socket_stat_count(), 5);
	for (i = 0; i < netobs_socket_stat_count(); i++) {
		ck_assert_int_eq(netobs_socket_stat_from_name(
					 netobs_socket_stat_name((enum netobs_socket_stat)i), &st),
				 0);
		ck_assert_uint_eq(st, i);
		ck_assert_int_eq(netobs_socket_stat_is_gauge(st), i != NETOBS_SOCKET_DROPS);
	}
	ck_assert_ptr_null(netobs_socket_stat_name(netobs_socket_stat_count()));
	ck_assert_int_eq(netobs_socket_stat_from_name("nope", &st), -EINVAL);
	ck_assert_str_eq(netobs_section_name(NETOBS_SECTION_SOCKETS), "sockets");
	ck_assert_int_eq(netobs_section_scope(NETOBS_SECTION_SOCKETS), NETOBS_SCOPE_NETNS);
}
END_TEST

/* Under a root there is no kernel to ask: absent, and no warning (the
 * user asked for files alone; sections_ok tells). */
START_TEST(absent_under_root)
{
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap = test_fixture_snapshot("bare-metal", NETOBS_SOURCE_AUTO, &ctx);

	ck_assert_int_eq(netobs_snapshot_section_ok(snap, NETOBS_SECTION_SOCKETS), 0);
	ck_assert_uint_eq(netobs_snapshot_socket_count(snap), 0);
	ck_assert_uint_eq(netobs_ctx_warning_count(ctx), 0);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

/* A socket bound on loopback that is never read, flooded. */
static int flooded_socket(uint64_t *inode, int count)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int rcv = 2048, fd = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
	char payload[1000] = { 0 };
	struct stat st;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv)), 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	while (count-- > 0)
		sendto(tx, payload, sizeof(payload), 0, (struct sockaddr *)&a, sizeof(a));
	close(tx);
	ck_assert_int_eq(fstat(fd, &st), 0);
	*inode = st.st_ino;
	return fd;
}

static const struct netobs_socket *find(const struct netobs_snapshot *snap, uint64_t inode)
{
	size_t i;

	for (i = 0; i < netobs_snapshot_socket_count(snap); i++)
		if (netobs_socket_inode(netobs_snapshot_socket(snap, i)) == inode)
			return netobs_snapshot_socket(snap, i);
	return NULL;
}

START_TEST(live_socket_that_drops)
{
	struct netobs_snapshot *a = NULL, *b = NULL;
	const struct netobs_socket *s;
	struct netobs_diff *diff;
	struct netobs_ctx *ctx;
	uint64_t inode, d0, d1, delta;
	int fd;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_socket_owners(ctx, 1), 0);
	ck_assert_int_eq(netobs_snapshot_take(&a, ctx), 0);
	if (!netobs_snapshot_section_ok(a, NETOBS_SECTION_SOCKETS)) {
		netobs_snapshot_free(a);
		netobs_ctx_free(ctx);
		return; /* no NETLINK_SOCK_DIAG here (a sandbox): nothing to see */
	}
	fd = flooded_socket(&inode, 40);
	ck_assert_int_eq(netobs_snapshot_refresh(a, ctx), 0);
	s = find(a, inode);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(netobs_socket_pid(s), getpid());
	ck_assert_ptr_nonnull(netobs_socket_comm(s));
	d0 = stat_of(s, NETOBS_SOCKET_DROPS);
	ck_assert_uint_gt(d0, 0);
	close(flooded_socket(&(uint64_t){ 0 }, 0));
	ck_assert_int_eq(netobs_snapshot_take(&b, ctx), 0);
	ck_assert_int_eq(netobs_diff_new(&diff, a, b), 0);
	s = find(b, inode);
	ck_assert_ptr_nonnull(s);
	d1 = stat_of(s, NETOBS_SOCKET_DROPS);
	ck_assert_int_eq(netobs_diff_socket(diff, s, NETOBS_SOCKET_DROPS, &delta, NULL), 0);
	ck_assert_uint_eq(delta, d1 - d0);
	netobs_diff_free(diff);
	close(fd);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
	netobs_ctx_free(ctx);
}
END_TEST

Suite *make_sockets_suite(void)
{
	Suite *s = suite_create("sockets");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, udp_with_drops);
	tcase_add_test(tc, short_meminfo_has_no_drops);
	tcase_add_test(tc, listener_accept_queue);
	tcase_add_test(tc, bad_answers);
	tcase_add_test(tc, stat_names);
	tcase_add_test(tc, absent_under_root);
	tcase_add_test(tc, live_socket_that_drops);
	suite_add_tcase(s, tc);
	return s;
}
