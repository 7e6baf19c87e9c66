/* SPDX-License-Identifier: MIT */
/*
 * Real-kernel tests: devices made in network namespaces this program creates
 * (and removes), read back through the public API with every source.  The
 * host's own interfaces are only ever read, never changed.
 *
 * Each test runs in its own process (Check's fork mode, forced below): it
 * moves into namespaces, remounts /sys, pins CPUs and drops privileges.  The
 * runner deletes the namespaces after each test case, at exit, and at the
 * next start when a run was killed.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <check.h>
#include <netobs.h>

#include "netns.h"
#include "testutil.h"

#define PAYLOAD 200			    /* UDP payload bytes */
#define FRAME_BYTES (PAYLOAD + 8 + 20 + 14) /* + UDP, IPv4, Ethernet headers */
#define NPACKETS 100
#define UDP_PORT 9
/* TEST-NET-1: used only on links inside the namespaces made here. */
#define ADDR_A "192.0.2.1"
#define ADDR_B "192.0.2.2"
#define MAC_A "02:6e:6f:00:00:01"
#define MAC_B "02:6e:6f:00:00:02"
#define NCOUNTERS_MAX 64
#define KNOWN_COUNTERS (NETOBS_RX_OTHERHOST_DROPPED + 1)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define IP_OK(ns, ...) ck_assert_msg(netns_ip((ns), __VA_ARGS__, NULL) == 0, "%s", netns_error())
#define NS_OK(call) ck_assert_msg((call) == 0, "%s", netns_error())

static const enum netobs_source sources[] = {
	NETOBS_SOURCE_NETLINK,
	NETOBS_SOURCE_SYSFS,
	NETOBS_SOURCE_PROCFS,
};

/* ---- namespaces, links, traffic ------------------------------------------ */

/* Two fresh namespaces with IPv6 off before any link exists in them, so
 * that no router solicitation, DAD or MLD packet moves a counter. */
static void two_namespaces(char a[NETNS_NAMESIZ], char b[NETNS_NAMESIZ])
{
	NS_OK(netns_create(a));
	NS_OK(netns_create(b));
	NS_OK(netns_enter(a));
	NS_OK(netns_disable_ipv6());
	NS_OK(netns_enter(b));
	NS_OK(netns_disable_ipv6());
}

/* ip -j output holds "KEY":"value"; copies the first value into BUF. */
static int json_str(const char *json, const char *key, char *buf, size_t size)
{
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	p = strstr(json, pat);
	if (!p)
		return -ENOENT;
	p += strlen(pat);
	n = strcspn(p, "\"");
	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 0;
}

/* `ip -j -d link show dev DEV` in NS, as iproute2 (not netobs) sees it. */
static void ip_link_json(const char *ns, const char *dev, char *json, size_t size)
{
	const char *const args[] = { "-j", "-d", "link", "show", "dev", dev, NULL };

	ck_assert_msg(netns_ipv(ns, args, json, size) == 0, "%s", netns_error());
}

static int ip_ifindex(const char *ns, const char *dev)
{
	char json[8192];
	const char *p;

	ip_link_json(ns, dev, json, sizeof(json));
	p = strstr(json, "\"ifindex\":");
	ck_assert_msg(p != NULL, "no ifindex for %s in: %s", dev, json);
	return atoi(p + strlen("\"ifindex\":"));
}

/* Waits (2 s at most) until iproute2 reports DEV in NS operationally up. */
static void wait_up(const char *ns, const char *dev)
{
	char json[8192], state[32] = "";
	int i;

	for (i = 0; i < 200; i++) {
		ip_link_json(ns, dev, json, sizeof(json));
		if (json_str(json, "operstate", state, sizeof(state)) == 0 &&
		    strcmp(state, "UP") == 0)
			return;
		usleep(10000);
	}
	ck_abort_msg("%s in %s: operstate %s after 2 s, expected UP", dev, ns, state);
}

/* VA in A and VB in B: addressed, with permanent neighbour entries (no ARP
 * ever), up. */
static void make_veth_pair(const char *a, const char *va, const char *b, const char *vb)
{
	IP_OK(a, "link", "add", "name", va, "address", MAC_A, "type", "veth", "peer", "name", vb,
	      "address", MAC_B, "netns", b);
	IP_OK(a, "addr", "add", ADDR_A "/24", "dev", va);
	IP_OK(b, "addr", "add", ADDR_B "/24", "dev", vb);
	IP_OK(a, "neigh", "add", ADDR_B, "lladdr", MAC_B, "dev", va, "nud", "permanent");
	IP_OK(b, "neigh", "add", ADDR_A, "lladdr", MAC_A, "dev", vb, "nud", "permanent");
	/* IPv6 is off by default in both namespaces; say it for the links
	 * too, in case a kernel copies "default" differently. */
	NS_OK(netns_enter(a));
	NS_OK(netns_disable_ipv6_dev(va));
	NS_OK(netns_enter(b));
	NS_OK(netns_disable_ipv6_dev(vb));
	IP_OK(a, "link", "set", va, "up");
	IP_OK(b, "link", "set", vb, "up");
	wait_up(a, va);
	wait_up(b, vb);
}

/* A UDP socket of the current namespace bound to ADDR. */
static int udp_socket(const char *addr)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(UDP_PORT) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	ck_assert_msg(fd >= 0, "socket: %s", strerror(errno));
	ck_assert_int_eq(inet_pton(AF_INET, addr, &sa.sin_addr), 1);
	ck_assert_msg(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0, "bind %s:%d: %s", addr,
		      UDP_PORT, strerror(errno));
	return fd;
}

/* Sends N datagrams of PAYLOAD bytes from TX to ADDR_B and receives each on
 * RX before the next leaves: all N arrive, none is dropped for want of
 * socket buffer, and nothing answers with ICMP. */
static void send_and_receive(int tx, int rx, int n)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(UDP_PORT) };
	struct pollfd p = { .fd = rx, .events = POLLIN };
	char buf[PAYLOAD + 1];
	int i;

	memset(buf, 'n', sizeof(buf));
	ck_assert_int_eq(inet_pton(AF_INET, ADDR_B, &to.sin_addr), 1);
	for (i = 0; i < n; i++) {
		ck_assert_msg(sendto(tx, buf, PAYLOAD, 0, (struct sockaddr *)&to, sizeof(to)) ==
				      PAYLOAD,
			      "sendto, datagram %d: %s", i, strerror(errno));
		ck_assert_msg(poll(&p, 1, 2000) == 1, "datagram %d of %d never arrived", i + 1, n);
		ck_assert_msg(recv(rx, buf, sizeof(buf), 0) == PAYLOAD,
			      "datagram %d: wrong size or %s", i + 1, strerror(errno));
	}
}

/* N datagrams from A (ADDR_A) to B (ADDR_B); the thread ends in A. */
static void exchange(const char *a, const char *b, int n)
{
	int rx, tx;

	NS_OK(netns_enter(b));
	rx = udp_socket(ADDR_B);
	NS_OK(netns_enter(a));
	tx = udp_socket(ADDR_A);
	send_and_receive(tx, rx, n);
	close(tx);
	close(rx);
}

/* ---- snapshots ------------------------------------------------------------ */

static struct netobs_ctx *ctx_for(enum netobs_source source)
{
	struct netobs_ctx *ctx;

	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	ck_assert_int_eq(netobs_ctx_set_source(ctx, source), 0);
	return ctx;
}

static struct netobs_snapshot *take(struct netobs_ctx *ctx, const char *where)
{
	struct netobs_snapshot *snap = NULL;
	int err = netobs_snapshot_take(&snap, ctx);

	ck_assert_msg(err == 0, "snapshot of %s with %s: %s: %s", where,
		      netobs_source_name(netobs_ctx_source(ctx)), strerror(-err),
		      netobs_ctx_message(ctx));
	ck_assert_msg(netobs_snapshot_source(snap) == netobs_ctx_source(ctx),
		      "snapshot of %s: asked for %s, got %s", where,
		      netobs_source_name(netobs_ctx_source(ctx)),
		      netobs_source_name(netobs_snapshot_source(snap)));
	return snap;
}

/* A snapshot with SOURCE of the current namespace, on a context of its own. */
static struct netobs_snapshot *take_with(enum netobs_source source, const char *where)
{
	struct netobs_ctx *ctx = ctx_for(source);
	struct netobs_snapshot *snap = take(ctx, where);

	netobs_ctx_free(ctx);
	return snap;
}

static double seconds_between(const struct netobs_snapshot *a, const struct netobs_snapshot *b)
{
	struct timespec ta, tb;

	netobs_snapshot_time(a, &ta, NULL);
	netobs_snapshot_time(b, &tb, NULL);
	return (double)(tb.tv_sec - ta.tv_sec) + (double)(tb.tv_nsec - ta.tv_nsec) / 1e9;
}

static void assert_rate(double rate, uint64_t delta, double interval, const char *what)
{
	double want = (double)delta / interval;

	ck_assert_msg(fabs(rate - want) <= 1e-9 * fmax(1.0, want),
		      "%s: rate %.9g/s, expected %llu / %.9f s = %.9g/s", what, rate,
		      (unsigned long long)delta, interval, want);
}

/* ---- 1. exact counts across a veth pair ------------------------------------ */

/* Every counter of NAME moved by exactly WANT between S0 and S1; the four
 * packet and byte counters must be there at all. */
static void assert_deltas(const struct netobs_snapshot *s0, const struct netobs_snapshot *s1,
			  const char *name, const uint64_t *want)
{
	const struct netobs_device *d0 = test_device(s0, name), *d1 = test_device(s1, name);
	unsigned int c, n = netobs_counter_count();
	uint64_t v0, v1;

	ck_assert_uint_le(n, NCOUNTERS_MAX);
	for (c = 0; c < n; c++) {
		int e0 = netobs_device_counter(d0, c, &v0);
		int e1 = netobs_device_counter(d1, c, &v1);

		if (c <= NETOBS_TX_BYTES || want[c])
			ck_assert_msg(e0 == 0 && e1 == 0, "%s: %s unavailable (%s / %s)", name,
				      netobs_counter_name(c), strerror(-e0), strerror(-e1));
		if (e0 || e1)
			continue;
		ck_assert_msg(v1 - v0 == want[c],
			      "%s: %s: expected +%llu, got %+lld (%llu -> %llu)", name,
			      netobs_counter_name(c), (unsigned long long)want[c],
			      (long long)(v1 - v0), (unsigned long long)v0, (unsigned long long)v1);
	}
}

/* The diff agrees: same deltas, rates over its interval. */
static void assert_diff(const struct netobs_snapshot *s0, const struct netobs_snapshot *s1,
			const char *name, const uint64_t *want)
{
	const struct netobs_device *dev = test_device(s1, name);
	unsigned int c, n = netobs_counter_count();
	struct netobs_diff *d = NULL;
	uint64_t delta;
	double rate, interval;
	int err = netobs_diff_new(&d, s0, s1);

	ck_assert_msg(err == 0, "diff for %s: %s", name, strerror(-err));
	interval = netobs_diff_interval(d);
	ck_assert_msg(fabs(interval - seconds_between(s0, s1)) < 1e-9,
		      "diff interval %.9f s, snapshots are %.9f s apart", interval,
		      seconds_between(s0, s1));
	ck_assert_uint_eq(netobs_diff_device_status(d, dev), NETOBS_DIFF_SAME);
	for (c = 0; c < n; c++) {
		err = netobs_diff_device_counter(d, dev, c, &delta, &rate);
		if (err == -ENODATA && !want[c])
			continue;
		ck_assert_msg(err == 0, "diff %s %s: %s", name, netobs_counter_name(c),
			      strerror(-err));
		ck_assert_msg(delta == want[c], "diff %s %s: expected +%llu, got +%llu", name,
			      netobs_counter_name(c), (unsigned long long)want[c],
			      (unsigned long long)delta);
		assert_rate(rate, delta, interval, netobs_counter_name(c));
	}
	netobs_diff_free(d);
}

START_TEST(test_veth_exact_counts)
{
	char a[NETNS_NAMESIZ], b[NETNS_NAMESIZ];
	uint64_t want_a[NCOUNTERS_MAX] = { 0 }, want_b[NCOUNTERS_MAX] = { 0 };
	struct netobs_snapshot *a0, *a1, *b0, *b1;
	struct netobs_ctx *ca, *cb;
	int rx, tx;

	two_namespaces(a, b);
	make_veth_pair(a, "vA", b, "vB");
	/* Each context's netlink socket belongs to the namespace it opened in. */
	NS_OK(netns_enter(b));
	cb = ctx_for(NETOBS_SOURCE_NETLINK);
	rx = udp_socket(ADDR_B);
	b0 = take(cb, "B");
	NS_OK(netns_enter(a));
	ca = ctx_for(NETOBS_SOURCE_NETLINK);
	tx = udp_socket(ADDR_A);
	a0 = take(ca, "A");
	send_and_receive(tx, rx, NPACKETS);
	a1 = take(ca, "A");
	NS_OK(netns_enter(b));
	b1 = take(cb, "B");

	want_a[NETOBS_TX_PACKETS] = want_b[NETOBS_RX_PACKETS] = NPACKETS;
	want_a[NETOBS_TX_BYTES] = want_b[NETOBS_RX_BYTES] = NPACKETS * FRAME_BYTES;
	assert_deltas(a0, a1, "vA", want_a);
	assert_deltas(b0, b1, "vB", want_b);
	assert_diff(a0, a1, "vA", want_a);
	assert_diff(b0, b1, "vB", want_b);

	close(tx);
	close(rx);
	netobs_snapshot_free(a0);
	netobs_snapshot_free(a1);
	netobs_snapshot_free(b0);
	netobs_snapshot_free(b1);
	netobs_ctx_free(ca);
	netobs_ctx_free(cb);
}
END_TEST

/* ---- the topology of tests 2, 3 and 5 ------------------------------------ */

struct devspec {
	const char *name;
	const char *kind;   /* as `ip -d link` says it; NULL for lo */
	const char *master; /* bridge it is enslaved to */
	const char *peer;   /* veth peer in the same namespace */
	const char *lower;  /* macvlan/macvtap lower device */
	bool optional;	    /* this kernel may lack the kind */
	const char *create[16];
};

/* ve0 (peer ve1 in the other namespace) is made by make_veth_pair; p1 and
 * p3 with their peers. */
static const struct devspec specs[] = {
	{ "lo", NULL, NULL, NULL, NULL, false, { NULL } },
	{ "ve0", "veth", NULL, NULL, NULL, false, { NULL } },
	{ "p0", "veth", NULL, "p1", NULL, false,
	  { "link", "add", "name", "p0", "type", "veth", "peer", "name", "p1", NULL } },
	{ "p1", "veth", "br0", "p0", NULL, false, { NULL } },
	{ "p2", "veth", NULL, "p3", NULL, false,
	  { "link", "add", "name", "p2", "type", "veth", "peer", "name", "p3", NULL } },
	{ "p3", "veth", "br0", "p2", NULL, false, { NULL } },
	{ "br0", "bridge", NULL, NULL, NULL, false,
	  { "link", "add", "name", "br0", "type", "bridge", NULL } },
	{ "mv0", "macvlan", NULL, NULL, "p0", false,
	  { "link", "add", "name", "mv0", "link", "p0", "type", "macvlan", "mode", "bridge",
	    NULL } },
	{ "mvt0", "macvtap", NULL, NULL, "p2", false,
	  { "link", "add", "name", "mvt0", "link", "p2", "type", "macvtap", "mode", "bridge",
	    NULL } },
	{ "ifb0", "ifb", NULL, NULL, NULL, false,
	  { "link", "add", "name", "ifb0", "type", "ifb", NULL } },
	{ "vx0", "vxlan", NULL, NULL, NULL, false,
	  { "link", "add", "name", "vx0", "type", "vxlan", "id", "42", "dstport", "4789", "dev",
	    "p0", NULL } },
	{ "tun0", "tun", NULL, NULL, NULL, false,
	  { "tuntap", "add", "dev", "tun0", "mode", "tun", NULL } },
	{ "tap0", "tun", NULL, NULL, NULL, false,
	  { "tuntap", "add", "dev", "tap0", "mode", "tap", NULL } },
	{ "dum0", "dummy", NULL, NULL, NULL, true,
	  { "link", "add", "name", "dum0", "type", "dummy", NULL } },
	{ "vl0", "vlan", NULL, NULL, NULL, true,
	  { "link", "add", "name", "vl0", "link", "p0", "type", "vlan", "id", "10", NULL } },
	{ "bond0", "bond", NULL, NULL, NULL, true,
	  { "link", "add", "name", "bond0", "type", "bond", NULL } },
	{ "wg0", "wireguard", NULL, NULL, NULL, true,
	  { "link", "add", "name", "wg0", "type", "wireguard", NULL } },
};

#define NSPECS ARRAY_SIZE(specs)

struct topo {
	char ns[NETNS_NAMESIZ];	     /* every device of specs[] */
	char peer_ns[NETNS_NAMESIZ]; /* ve1 */
	bool made[NSPECS];
};

/* Makes one device; false (and a printed SKIP) for an optional kind the
 * kernel does not have. */
static bool make_device(const char *ns, const struct devspec *spec)
{
	const char *why;

	if (!spec->create[0])
		return true;
	if (netns_ipv(ns, spec->create, NULL, 0) == 0)
		return true;
	why = netns_error();
	ck_assert_msg(spec->optional && (strstr(why, "Unknown device type") ||
					 strstr(why, "Operation not supported")),
		      "%s", why);
	printf("SKIP: kernel lacks %s (%s)\n", spec->kind, spec->name);
	fflush(stdout);
	return false;
}

static void build_topology(struct topo *t)
{
	size_t i;

	two_namespaces(t->ns, t->peer_ns);
	for (i = 0; i < NSPECS; i++)
		t->made[i] = make_device(t->ns, &specs[i]);
	/* Made last, ve0 gets another ifindex than ve1 (the peer namespace's
	 * first link): the equal case has a test of its own. */
	make_veth_pair(t->ns, "ve0", t->peer_ns, "ve1");
	ck_assert_int_ne(ip_ifindex(t->ns, "ve0"), ip_ifindex(t->peer_ns, "ve1"));
	for (i = 0; i < NSPECS; i++)
		if (specs[i].master)
			IP_OK(t->ns, "link", "set", specs[i].name, "master", specs[i].master);
	for (i = 0; i < NSPECS; i++)
		if (t->made[i])
			IP_OK(t->ns, "link", "set", specs[i].name, "up");
	wait_up(t->ns, "br0");
	NS_OK(netns_enter(t->ns));
}

/* ---- mismatches, gathered so that one run names them all ------------------ */

struct report {
	char text[6000];
	size_t len;
	unsigned int count;
};

static void mismatch(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void mismatch(struct report *r, const char *fmt, ...)
{
	size_t room = sizeof(r->text) - r->len;
	va_list ap;
	int n;

	r->count++;
	if (room < 2)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->text + r->len, room - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	r->len += (size_t)n < room - 1 ? (size_t)n : room - 2;
	r->text[r->len++] = '\n';
	r->text[r->len] = '\0';
}

#define EXPECT(r, cond, ...)                      \
	do {                                      \
		if (!(cond))                      \
			mismatch((r), __VA_ARGS__); \
	} while (0)

static void assert_no_mismatch(const struct report *r, const char *what)
{
	ck_assert_msg(r->count == 0, "%s: %u mismatch(es):\n%s", what, r->count, r->text);
}

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

/* ---- 2. every source agrees on a quiet namespace --------------------------- */

struct fold {
	enum netobs_counter column;
	enum netobs_counter parts[4];
	size_t nparts;
};

/* /proc/net/dev's folded columns (KERNEL-FACTS.md). */
static const struct fold folds[] = {
	{ NETOBS_RX_DROPPED, { NETOBS_RX_DROPPED, NETOBS_RX_MISSED_ERRORS }, 2 },
	{ NETOBS_RX_FRAME_ERRORS,
	  { NETOBS_RX_LENGTH_ERRORS, NETOBS_RX_OVER_ERRORS, NETOBS_RX_CRC_ERRORS,
	    NETOBS_RX_FRAME_ERRORS },
	  4 },
	{ NETOBS_TX_CARRIER_ERRORS,
	  { NETOBS_TX_CARRIER_ERRORS, NETOBS_TX_ABORTED_ERRORS, NETOBS_TX_WINDOW_ERRORS,
	    NETOBS_TX_HEARTBEAT_ERRORS },
	  4 },
};

/* The 16 columns of /proc/net/dev. */
static const enum netobs_counter procfs_columns[] = {
	NETOBS_RX_BYTES,	 NETOBS_RX_PACKETS,	NETOBS_RX_ERRORS,
	NETOBS_RX_DROPPED,	 NETOBS_RX_FIFO_ERRORS, NETOBS_RX_FRAME_ERRORS,
	NETOBS_RX_COMPRESSED,	 NETOBS_MULTICAST,	NETOBS_TX_BYTES,
	NETOBS_TX_PACKETS,	 NETOBS_TX_ERRORS,	NETOBS_TX_DROPPED,
	NETOBS_TX_FIFO_ERRORS,	 NETOBS_COLLISIONS,	NETOBS_TX_CARRIER_ERRORS,
	NETOBS_TX_COMPRESSED,
};

static const struct fold *fold_of(enum netobs_counter c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(folds); i++)
		if (folds[i].column == c)
			return &folds[i];
	return NULL;
}

static bool is_procfs_column(enum netobs_counter c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(procfs_columns); i++)
		if (procfs_columns[i] == c)
			return true;
	return false;
}

static uint64_t counter_of(const struct netobs_device *dev, enum netobs_counter c,
			   const char *source)
{
	uint64_t v = 0;
	int err = netobs_device_counter(dev, c, &v);

	ck_assert_msg(err == 0, "%s: %s under %s: %s", netobs_device_name(dev),
		      netobs_counter_name(c), source, strerror(-err));
	return v;
}

/* What netlink says counter C with FLAGS should read: itself, or for a
 * folded /proc/net/dev column the sum of its parts.  False when netlink
 * lacks something (already reported by the availability check). */
static bool expected_from_netlink(const struct netobs_device *nl, enum netobs_counter c,
				  unsigned int flags, uint64_t *want)
{
	const struct fold *f = fold_of(c);
	enum netobs_counter one[1] = { c };
	const enum netobs_counter *parts = one;
	size_t i, n = 1;
	uint64_t v;

	if (flags & NETOBS_COUNTER_FOLDED) {
		if (!f)
			return false;
		parts = f->parts;
		n = f->nparts;
	}
	*want = 0;
	for (i = 0; i < n; i++) {
		if (netobs_device_counter(nl, parts[i], &v) != 0)
			return false;
		*want += v;
	}
	return true;
}

/* Which counters SOURCE provides, and how (KERNEL-FACTS.md); an unavailable
 * one reads -ENODATA, never a made-up 0. */
static void check_availability(struct report *r, const struct netobs_device *dev,
			       enum netobs_counter c, enum netobs_source source)
{
	unsigned int flags = netobs_device_counter_flags(dev, c);
	bool avail = flags & NETOBS_COUNTER_AVAILABLE, folded = flags & NETOBS_COUNTER_FOLDED;
	bool want_avail = true, want_folded = false;
	uint64_t v;

	if (source == NETOBS_SOURCE_SYSFS) {
		want_avail = c != NETOBS_RX_OTHERHOST_DROPPED;
	} else if (source == NETOBS_SOURCE_PROCFS) {
		want_avail = is_procfs_column(c);
		want_folded = fold_of(c) != NULL;
	} else if (c > NETOBS_TX_COMPRESSED) {
		/* rx_nohandler (4.6) and rx_otherhost_dropped (5.19): by kernel. */
		want_avail = avail;
	}
	EXPECT(r, avail == want_avail && folded == want_folded,
	       "%s: %s under %s: flags %#x, expected%s available%s", netobs_device_name(dev),
	       netobs_counter_name(c), netobs_source_name(source), flags,
	       want_avail ? "" : " not", want_folded ? " and folded" : "");
	EXPECT(r, avail || netobs_device_counter(dev, c, &v) == -ENODATA,
	       "%s: unavailable %s under %s does not read -ENODATA", netobs_device_name(dev),
	       netobs_counter_name(c), netobs_source_name(source));
}

static void check_counters(struct report *r, const struct netobs_device *nl,
			   const struct netobs_device *o, enum netobs_source source)
{
	const char *name = netobs_device_name(nl), *src = netobs_source_name(source);
	unsigned int c;

	for (c = 0; c < KNOWN_COUNTERS; c++) {
		unsigned int flags = netobs_device_counter_flags(o, c);
		uint64_t got = 0, want = 0;

		check_availability(r, nl, c, NETOBS_SOURCE_NETLINK);
		check_availability(r, o, c, source);
		if (!(flags & NETOBS_COUNTER_AVAILABLE))
			continue;
		if (!expected_from_netlink(nl, c, flags, &want))
			continue;
		netobs_device_counter(o, c, &got);
		EXPECT(r, got == want, "%s: %s under %s = %llu, netlink says %llu%s", name,
		       netobs_counter_name(c), src, (unsigned long long)got,
		       (unsigned long long)want,
		       flags & NETOBS_COUNTER_FOLDED ? " (sum of the folded parts)" : "");
	}
}

static void check_mtu(struct report *r, const struct netobs_device *nl,
		      const struct netobs_device *o, const char *src)
{
	uint32_t m1 = 0, m2 = 0;
	int e1 = netobs_device_mtu(nl, &m1), e2 = netobs_device_mtu(o, &m2);

	EXPECT(r, e1 == 0 && e2 == 0 && m1 == m2, "%s: mtu %u (%s) under netlink, %u (%s) under %s",
	       netobs_device_name(nl), m1, strerror(-e1), m2, strerror(-e2), src);
}

static void check_same_device(struct report *r, const struct netobs_device *nl,
			      const struct netobs_device *o, enum netobs_source source)
{
	const char *name = netobs_device_name(nl), *src = netobs_source_name(source);
	enum netobs_operstate s1 = netobs_device_operstate(nl), s2 = netobs_device_operstate(o);
	enum netobs_class c1 = netobs_device_class(nl), c2 = netobs_device_class(o);

	EXPECT(r, netobs_device_ifindex(nl) == netobs_device_ifindex(o),
	       "%s: ifindex %d under netlink, %d under %s", name, netobs_device_ifindex(nl),
	       netobs_device_ifindex(o), src);
	EXPECT(r, c1 == c2, "%s: class %s under netlink, %s under %s", name,
	       netobs_class_name(c1), netobs_class_name(c2), src);
	EXPECT(r, strcmp(netobs_device_kind(nl), netobs_device_kind(o)) == 0,
	       "%s: kind %s under netlink, %s under %s", name, netobs_device_kind(nl),
	       netobs_device_kind(o), src);
	EXPECT(r, s1 == s2, "%s: operstate %s under netlink, %s under %s", name,
	       netobs_operstate_name(s1), netobs_operstate_name(s2), src);
	check_mtu(r, nl, o, src);
	/* ifi_flags and sysfs flags (procfs reads it from sysfs) alike. */
	EXPECT(r, netobs_device_admin_up(nl) >= 0 &&
		  netobs_device_admin_up(nl) == netobs_device_admin_up(o),
	       "%s: admin_up %d under netlink, %d under %s", name, netobs_device_admin_up(nl),
	       netobs_device_admin_up(o), src);
	EXPECT(r, strcmp(or_none(netobs_device_master_name(nl)),
			 or_none(netobs_device_master_name(o))) == 0,
	       "%s: master %s under netlink, %s under %s", name,
	       or_none(netobs_device_master_name(nl)), or_none(netobs_device_master_name(o)), src);
	check_counters(r, nl, o, source);
}

static void check_sources_agree(struct report *r, const struct netobs_snapshot *nl,
				const struct netobs_snapshot *o)
{
	enum netobs_source source = netobs_snapshot_source(o);
	const char *src = netobs_source_name(source);
	size_t i, n = netobs_snapshot_device_count(nl);

	EXPECT(r, n == netobs_snapshot_device_count(o), "%zu devices under netlink, %zu under %s",
	       n, netobs_snapshot_device_count(o), src);
	for (i = 0; i < n; i++) {
		const struct netobs_device *d = netobs_snapshot_device(nl, i);
		const struct netobs_device *od;

		od = netobs_snapshot_device_by_name(o, netobs_device_name(d));
		EXPECT(r, od != NULL, "%s: under netlink, missing under %s", netobs_device_name(d),
		       src);
		if (od)
			check_same_device(r, d, od, source);
	}
}

/* The namespace was quiet: no counter moved between two netlink snapshots
 * taken around the others, so differences can only be the sources'. */
static void assert_quiet(const struct netobs_snapshot *s0, const struct netobs_snapshot *s1)
{
	uint64_t zero[NCOUNTERS_MAX] = { 0 };
	size_t i;

	for (i = 0; i < netobs_snapshot_device_count(s0); i++)
		assert_deltas(s0, s1, netobs_device_name(netobs_snapshot_device(s0, i)), zero);
}

/* True when no counter of any device moved from S0 to S1. */
static bool quiet(const struct netobs_snapshot *s0, const struct netobs_snapshot *s1)
{
	size_t i;
	unsigned int c;
	uint64_t v0, v1;

	for (i = 0; i < netobs_snapshot_device_count(s0); i++) {
		const struct netobs_device *d0 = netobs_snapshot_device(s0, i);
		const struct netobs_device *d1 =
			netobs_snapshot_device_by_name(s1, netobs_device_name(d0));

		for (c = 0; d1 && c < netobs_counter_count(); c++)
			if (netobs_device_counter(d0, c, &v0) == 0 &&
			    netobs_device_counter(d1, c, &v1) == 0 && v0 != v1)
				return false;
	}
	return true;
}

START_TEST(test_sources_agree)
{
	struct netobs_snapshot *n0 = NULL, *n1 = NULL, *sys = NULL, *proc = NULL;
	struct report r = { .len = 0 };
	struct topo t;
	int attempt;

	build_topology(&t);
	/* Traffic first, so that the compared counters are not all zero. */
	exchange(t.ns, t.peer_ns, 10);
	/* The three sources are compared only over a window in which nothing
	 * moved: a bridge port now and then sends a frame of its own (about 1
	 * run in 10 here), and then the window is taken again. */
	for (attempt = 0; attempt < 5; attempt++) {
		netobs_snapshot_free(n0);
		netobs_snapshot_free(n1);
		netobs_snapshot_free(sys);
		netobs_snapshot_free(proc);
		n0 = take_with(NETOBS_SOURCE_NETLINK, t.ns);
		sys = take_with(NETOBS_SOURCE_SYSFS, t.ns);
		proc = take_with(NETOBS_SOURCE_PROCFS, t.ns);
		n1 = take_with(NETOBS_SOURCE_NETLINK, t.ns);
		if (quiet(n0, n1))
			break;
	}
	assert_quiet(n0, n1);
	ck_assert_uint_ge(counter_of(test_device(n0, "ve0"), NETOBS_TX_PACKETS, "netlink"), 10);
	check_sources_agree(&r, n0, sys);
	check_sources_agree(&r, n0, proc);
	assert_no_mismatch(&r, "sysfs and procfs against netlink");
	netobs_snapshot_free(n0);
	netobs_snapshot_free(n1);
	netobs_snapshot_free(sys);
	netobs_snapshot_free(proc);
}
END_TEST

/* ---- 3. every created device classified right by every source ----------- */

/* The table's kinds are what the kernel itself reports. */
static void assert_ip_kind(const char *ns, const struct devspec *spec)
{
	char json[8192], kind[32] = "";

	if (!spec->kind)
		return;
	ip_link_json(ns, spec->name, json, sizeof(json));
	ck_assert_msg(json_str(json, "info_kind", kind, sizeof(kind)) == 0 &&
			      strcmp(kind, spec->kind) == 0,
		      "%s: `ip -d link` kind is \"%s\", the test expects %s", spec->name, kind,
		      spec->kind);
}

static int expected_iflink(const struct topo *t, const struct devspec *spec, int self)
{
	if (strcmp(spec->name, "ve0") == 0)
		return ip_ifindex(t->peer_ns, "ve1");
	if (spec->peer)
		return ip_ifindex(t->ns, spec->peer);
	if (spec->lower)
		return ip_ifindex(t->ns, spec->lower);
	return self;
}

static void check_links(struct report *r, const struct topo *t, const struct devspec *spec,
			const struct netobs_device *dev, const char *src)
{
	int self = ip_ifindex(t->ns, spec->name), iflink = expected_iflink(t, spec, self);
	int peer = spec->kind && strcmp(spec->kind, "veth") == 0 ? iflink : 0;

	EXPECT(r, netobs_device_ifindex(dev) == self, "%s under %s: ifindex %d, ip says %d",
	       spec->name, src, netobs_device_ifindex(dev), self);
	EXPECT(r, netobs_device_iflink(dev) == iflink, "%s under %s: iflink %d, expected %d",
	       spec->name, src, netobs_device_iflink(dev), iflink);
	EXPECT(r, netobs_device_peer_ifindex(dev) == peer,
	       "%s under %s: peer ifindex %d, expected %d", spec->name, src,
	       netobs_device_peer_ifindex(dev), peer);
	EXPECT(r, strcmp(or_none(netobs_device_master_name(dev)), or_none(spec->master)) == 0,
	       "%s under %s: master %s, expected %s", spec->name, src,
	       or_none(netobs_device_master_name(dev)), or_none(spec->master));
}

static void check_classified(struct report *r, const struct topo *t,
			     const struct netobs_snapshot *snap, const struct devspec *spec)
{
	const char *src = netobs_source_name(netobs_snapshot_source(snap));
	const struct netobs_device *dev = netobs_snapshot_device_by_name(snap, spec->name);
	enum netobs_class want = spec->kind ? NETOBS_CLASS_VIRTUAL : NETOBS_CLASS_LOOPBACK;

	if (!dev) {
		mismatch(r, "%s: missing under %s", spec->name, src);
		return;
	}
	EXPECT(r, netobs_device_class(dev) == want, "%s under %s: class %s, expected %s",
	       spec->name, src, netobs_class_name(netobs_device_class(dev)),
	       netobs_class_name(want));
	EXPECT(r, !spec->kind || strcmp(netobs_device_kind(dev), spec->kind) == 0,
	       "%s under %s: kind \"%s\", expected \"%s\"", spec->name, src,
	       netobs_device_kind(dev), or_none(spec->kind));
	check_links(r, t, spec, dev, src);
}

START_TEST(test_classification)
{
	struct report r = { .len = 0 };
	struct topo t;
	size_t i, s;

	build_topology(&t);
	for (i = 0; i < NSPECS; i++)
		if (t.made[i])
			assert_ip_kind(t.ns, &specs[i]);
	for (s = 0; s < ARRAY_SIZE(sources); s++) {
		struct netobs_snapshot *snap = take_with(sources[s], t.ns);
		const struct netobs_device *ve0 = test_device(snap, "ve0");

		for (i = 0; i < NSPECS; i++)
			if (t.made[i])
				check_classified(&r, &t, snap, &specs[i]);
		/* Only netlink knows which namespace the peer is in. */
		EXPECT(&r,
		       sources[s] != NETOBS_SOURCE_NETLINK || netobs_device_link_netnsid(ve0) >= 0,
		       "ve0 under netlink: peer in another namespace, but link netnsid %d",
		       netobs_device_link_netnsid(ve0));
		netobs_snapshot_free(snap);
	}
	assert_no_mismatch(&r, "classification");
}
END_TEST

/* ---- 4. softnet: the pinned CPU processed what came through its backlog -- */

static int pin_to_one_cpu(void)
{
	cpu_set_t set;
	int cpu;

	ck_assert_msg(sched_getaffinity(0, sizeof(set), &set) == 0, "sched_getaffinity: %s",
		      strerror(errno));
	for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &set); cpu++)
		;
	ck_assert_int_lt(cpu, CPU_SETSIZE);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ck_assert_msg(sched_setaffinity(0, sizeof(set), &set) == 0, "sched_setaffinity(%d): %s",
		      cpu, strerror(errno));
	ck_assert_int_eq(sched_getcpu(), cpu);
	return cpu;
}

static uint64_t softnet_of(const struct netobs_snapshot *snap, int cpu,
			   enum netobs_softnet_field field)
{
	const struct netobs_cpu *c = netobs_snapshot_cpu_by_id(snap, cpu);
	uint64_t v = 0;
	int err;

	ck_assert_msg(c != NULL && netobs_cpu_online(c), "CPU %d missing or offline", cpu);
	err = netobs_cpu_softnet(c, field, &v);
	ck_assert_msg(err == 0, "CPU %d softnet %s: %s", cpu, netobs_softnet_field_name(field),
		      strerror(-err));
	return v;
}

static void assert_cpu_diff(const struct netobs_diff *d, const struct netobs_snapshot *s1,
			    int cpu, uint64_t at_least)
{
	const struct netobs_cpu *c = netobs_snapshot_cpu_by_id(s1, cpu);
	uint64_t delta = 0;
	double rate = 0;
	int err;

	ck_assert_uint_eq(netobs_diff_cpu_status(d, c), NETOBS_DIFF_SAME);
	err = netobs_diff_cpu_softnet(d, c, NETOBS_SOFTNET_PROCESSED, &delta, &rate);
	ck_assert_msg(err == 0 && delta >= at_least,
		      "diff: CPU %d processed +%llu (%s), expected at least +%llu", cpu,
		      (unsigned long long)delta, strerror(-err), (unsigned long long)at_least);
	assert_rate(rate, delta, netobs_diff_interval(d), "softnet processed");
	err = netobs_diff_cpu_softirq(d, c, NETOBS_SOFTIRQ_NET_RX, &delta, &rate);
	ck_assert_msg(err == 0 && delta >= 1,
		      "diff: CPU %d NET_RX softirqs +%llu (%s), expected at least +1", cpu,
		      (unsigned long long)delta, strerror(-err));
	err = netobs_diff_softnet_total(d, NETOBS_SOFTNET_PROCESSED, &delta, NULL);
	ck_assert_msg(err == 0 && delta >= at_least,
		      "diff: all CPUs processed +%llu (%s), expected at least +%llu",
		      (unsigned long long)delta, strerror(-err), (unsigned long long)at_least);
}

/* The receiver's packet rate is the exact count over the diff's interval. */
static void assert_rx_rate(const struct netobs_diff *d, const struct netobs_snapshot *s1,
			   uint64_t count)
{
	const struct netobs_device *dev = test_device(s1, "vB");
	uint64_t delta = 0;
	double rate = 0;
	int err = netobs_diff_device_counter(d, dev, NETOBS_RX_PACKETS, &delta, &rate);

	ck_assert_msg(err == 0 && delta == count, "diff vB rx_packets +%llu (%s), expected +%llu",
		      (unsigned long long)delta, strerror(-err), (unsigned long long)count);
	assert_rate(rate, count, netobs_diff_interval(d), "vB rx_packets");
	assert_rate(netobs_diff_rate(d, dev, NETOBS_RX_PACKETS), count, netobs_diff_interval(d),
		    "netobs_diff_rate(vB, rx_packets)");
}

START_TEST(test_softnet_backlog)
{
	const uint64_t n = 2 * NPACKETS;
	char a[NETNS_NAMESIZ], b[NETNS_NAMESIZ];
	struct netobs_snapshot *s0, *s1;
	struct netobs_diff *d = NULL;
	struct netobs_ctx *ctx;
	int cpu, rx, tx;

	two_namespaces(a, b);
	make_veth_pair(a, "vA", b, "vB");
	/* veth_xmit hands the packet to netif_rx: the backlog of the sending
	 * CPU, drained by NET_RX on that CPU. */
	cpu = pin_to_one_cpu();
	NS_OK(netns_enter(b));
	ctx = ctx_for(NETOBS_SOURCE_NETLINK);
	rx = udp_socket(ADDR_B);
	NS_OK(netns_enter(a));
	tx = udp_socket(ADDR_A);
	NS_OK(netns_enter(b));
	s0 = take(ctx, "B");
	send_and_receive(tx, rx, (int)n);
	s1 = take(ctx, "B");
	ck_assert_msg((uint32_t)(softnet_of(s1, cpu, NETOBS_SOFTNET_PROCESSED) -
				 softnet_of(s0, cpu, NETOBS_SOFTNET_PROCESSED)) >= n,
		      "CPU %d processed fewer than the %llu packets received", cpu,
		      (unsigned long long)n);
	ck_assert_int_eq(netobs_diff_new(&d, s0, s1), 0);
	assert_rx_rate(d, s1, n);
	assert_cpu_diff(d, s1, cpu, n);
	netobs_diff_free(d);
	netobs_snapshot_free(s0);
	netobs_snapshot_free(s1);
	netobs_ctx_free(ctx);
	close(tx);
	close(rx);
}
END_TEST

/* ---- 5. reading needs no privilege ------------------------------------------ */

static void drop_privileges(void)
{
	const uid_t nobody = 65534;

	ck_assert_msg(setgroups(0, NULL) == 0, "setgroups: %s", strerror(errno));
	ck_assert_msg(setresgid(nobody, nobody, nobody) == 0, "setresgid: %s", strerror(errno));
	ck_assert_msg(setresuid(nobody, nobody, nobody) == 0, "setresuid: %s", strerror(errno));
	ck_assert_uint_eq(geteuid(), nobody);
}

static void assert_kind(const struct netobs_snapshot *snap, const char *name, const char *kind)
{
	const struct netobs_device *dev = test_device(snap, name);

	ck_assert_msg(strcmp(netobs_device_kind(dev), kind) == 0,
		      "%s under %s as uid 65534: kind %s, expected %s", name,
		      netobs_source_name(netobs_snapshot_source(snap)), netobs_device_kind(dev),
		      kind);
}

static void assert_unprivileged_snapshot(enum netobs_source source, const char *ns)
{
	struct netobs_ctx *ctx = ctx_for(source);
	struct netobs_snapshot *snap = take(ctx, ns);
	const char *src = netobs_source_name(source);

	/* Inside the test's namespace the kernel hides the global sysctls: one
	 * warning lists them; the per-namespace ones (somaxconn) are read. */
	ck_assert_msg(netobs_ctx_warning_count(ctx) == 1, "%s as uid 65534: warnings: %s", src,
		      test_warnings(ctx));
	ck_assert_msg(strstr(test_warnings(ctx), "/proc/sys/net: not shown in this network "
						 "namespace: net.core.netdev_max_backlog"),
		      "%s", test_warnings(ctx));
	ck_assert(netobs_snapshot_section_ok(snap, NETOBS_SECTION_TUNABLES));
	ck_assert_int_eq(netobs_snapshot_tunable(snap, NETOBS_TUNABLE_SOMAXCONN, NULL), 0);
	assert_kind(snap, "p0", "veth");
	assert_kind(snap, "br0", "bridge");
	ck_assert_uint_ge(counter_of(test_device(snap, "ve0"), NETOBS_TX_PACKETS, src), 1);
	ck_assert_uint_gt(netobs_snapshot_cpu_count(snap), 0);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}

START_TEST(test_unprivileged)
{
	struct topo t;
	size_t s;

	build_topology(&t);
	exchange(t.ns, t.peer_ns, 1);
	drop_privileges();
	for (s = 0; s < ARRAY_SIZE(sources); s++)
		assert_unprivileged_snapshot(sources[s], t.ns);
}
END_TEST

/* ---- 6. a veth whose peer has the same ifindex in another namespace ------ */

static void check_cross_veth(struct report *r, const struct netobs_snapshot *snap, int peer)
{
	enum netobs_source source = netobs_snapshot_source(snap);
	const char *src = netobs_source_name(source);
	const struct netobs_device *dev = test_device(snap, "vA");

	EXPECT(r, netobs_device_class(dev) == NETOBS_CLASS_VIRTUAL, "vA under %s: class %s", src,
	       netobs_class_name(netobs_device_class(dev)));
	EXPECT(r, strcmp(netobs_device_kind(dev), "veth") == 0,
	       "vA under %s: kind \"%s\", expected \"veth\"", src, netobs_device_kind(dev));
	EXPECT(r, netobs_device_iflink(dev) == peer, "vA under %s: iflink %d, expected %d", src,
	       netobs_device_iflink(dev), peer);
	EXPECT(r, netobs_device_peer_ifindex(dev) == peer,
	       "vA under %s: peer ifindex %d, expected %d", src, netobs_device_peer_ifindex(dev),
	       peer);
	EXPECT(r, source != NETOBS_SOURCE_NETLINK || netobs_device_link_netnsid(dev) >= 0,
	       "vA under netlink: peer in another namespace, but link netnsid %d",
	       netobs_device_link_netnsid(dev));
}

START_TEST(test_veth_same_ifindex)
{
	char a[NETNS_NAMESIZ], b[NETNS_NAMESIZ];
	struct report r = { .len = 0 };
	size_t s;
	int peer;

	two_namespaces(a, b);
	make_veth_pair(a, "vA", b, "vB");
	/* Both ends are the first link of a fresh namespace: vA's iflink
	 * equals its own ifindex although it has a peer.  Any two namespaces
	 * that number their links alike get this. */
	peer = ip_ifindex(b, "vB");
	ck_assert_int_eq(ip_ifindex(a, "vA"), peer);
	NS_OK(netns_enter(a));
	for (s = 0; s < ARRAY_SIZE(sources); s++) {
		struct netobs_snapshot *snap = take_with(sources[s], a);

		check_cross_veth(&r, snap, peer);
		netobs_snapshot_free(snap);
	}
	assert_no_mismatch(&r, "veth with a same-numbered peer");
}
END_TEST

/* ---- runner ----------------------------------------------------------------- */

static void add_case(Suite *s, const char *name, const TTest *test)
{
	TCase *tc = tcase_create(name);

	/* In the runner, after the case: its namespaces go even when the
	 * test process died half-way. */
	tcase_add_unchecked_fixture(tc, NULL, netns_sweep);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
}

static Suite *make_kernel_suite(void)
{
	Suite *s = suite_create("kernel");

	add_case(s, "veth", test_veth_exact_counts);
	add_case(s, "sources", test_sources_agree);
	add_case(s, "classify", test_classification);
	add_case(s, "softnet", test_softnet_backlog);
	add_case(s, "unprivileged", test_unprivileged);
	add_case(s, "veth-same-ifindex", test_veth_same_ifindex);
	return s;
}

int main(void)
{
	const char *require = getenv("NETOBS_KERNEL_TESTS");
	SRunner *sr;
	int failed;

	if (netns_init() < 0) {
		fprintf(stderr, "check_kernel: %s\n", netns_error());
		return 99;
	}
	if (!netns_usable()) {
		printf("%s: real-kernel tests: %s\n",
		       require && strcmp(require, "require") == 0 ? "FAIL" : "SKIP", netns_error());
		return require && strcmp(require, "require") == 0 ? EXIT_FAILURE : 77;
	}
	sr = srunner_create(make_kernel_suite());
	/* Tests change process-wide state (namespaces, mounts, uid, CPU
	 * affinity): each needs a process of its own, whatever CK_FORK says. */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
