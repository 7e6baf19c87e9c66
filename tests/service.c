/* SPDX-License-Identifier: MIT */
/*
 * A service-shaped test of the sampler, run by tests/service.sh inside a
 * network namespace it made:
 *
 *   service IFNAME DST_IP TICKS
 *
 * Every tenth tick it first sends BATCH UDP datagrams of PAYLOAD bytes out
 * of IFNAME (a veth whose peer is in another namespace, under a pfifo: no
 * ARP, no IPv6, so the kernel sends nothing else), and after every good
 * tick it asserts that IFNAME's and its qdisc's deltas and Udp.OutDatagrams
 * are exactly what was sent since the last good tick, and that each rate
 * times the interval is its delta.  A failed tick (-EAGAIN from churn) must
 * keep the last pair and let the next diff span it.  Churn alone seldom
 * fails a tick (the dump engine retries an interrupted dump ten times), so
 * before warm-up a tick every fifty reads an empty root, fails for sure, and
 * the next good diff must span it with the batch sent just before.
 *
 * After WARMUP ticks it writes "warm" to stdout; only then does service.sh
 * start churning veth pairs beside IFNAME.  Before that the script has made
 * every pair the churn will use, at once: the warm-up sees each name and
 * the largest device count, so from then on no tick may allocate (a device
 * re-created under a name seen before, or fewer devices than seen, is no
 * reason to grow an array).  It also asserts that RSS is flat and that the
 * descriptors at warm-up and at the end (context still open) are the same,
 * and ticks every fourth time through the sampler's timer descriptor.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netobs.h>

#define BATCH 1000
#define PAYLOAD 100
#define FRAME (PAYLOAD + 8 + 20 + 14) /* UDP, IPv4, Ethernet headers */
#define WARMUP 300
#define RSS_SLACK_KIB 512

/* Heap calls counted in process over glibc's allocator; not under a
 * sanitizer, which owns malloc itself (service.sh says so). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(SANITIZED)
#define COUNTING 0
#else
#define COUNTING 1
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

static unsigned long allocs;

void *malloc(size_t size)
{
	allocs++;
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	allocs++;
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	allocs++;
	return __libc_realloc(p, size);
}

void free(void *p)
{
	__libc_free(p);
}
#endif

static int failures;

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "service: FAIL: " __VA_ARGS__); \
			fputc('\n', stderr); \
			failures++; \
		} \
	} while (0)

/* open/read into the stack, not stdio: the measurement must not allocate. */
static long rss_kib(void)
{
	char buf[4096];
	const char *p;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "VmRSS:");
	return p ? strtol(p + 6, NULL, 10) : -1;
}

static int fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static int send_batch(int sock, const struct sockaddr_in *dst)
{
	static const char payload[PAYLOAD];

	for (int i = 0; i < BATCH; i++)
		if (sendto(sock, payload, sizeof(payload), 0, (const struct sockaddr *)dst,
			   sizeof(*dst)) != (ssize_t)sizeof(payload))
			return -errno;
	return 0;
}

/* rate * interval == delta, to the rounding of a double. */
static int rate_matches(uint64_t delta, double rate, double interval)
{
	double want = (double)delta, got = rate * interval;

	return got - want <= 1e-6 * want + 1e-9 && want - got <= 1e-6 * want + 1e-9;
}

static const struct netobs_qdisc *root_qdisc(const struct netobs_snapshot *snap, int ifindex)
{
	for (size_t i = 0; i < netobs_snapshot_qdisc_count(snap); i++) {
		const struct netobs_qdisc *q = netobs_snapshot_qdisc(snap, i);

		if (netobs_qdisc_ifindex(q) == ifindex && strcmp(netobs_qdisc_kind(q), "pfifo") == 0)
			return q;
	}
	return NULL;
}

/* Udp.OutDatagrams and IFNAME's pfifo against what was sent. */
static void check_proto_qdisc(const struct netobs_diff *diff, const struct netobs_qdisc *q,
			      uint64_t sent, unsigned long tick)
{
	double interval = netobs_diff_interval(diff), rate = 0;
	uint64_t out = 0, packets = 0, drops = 0;

	CHECK(netobs_diff_proto(diff, "Udp.OutDatagrams", &out, &rate) == 0 && out == sent &&
		      rate_matches(out, rate, interval),
	      "tick %lu: Udp.OutDatagrams %llu at %g/s, sent %llu", tick,
	      (unsigned long long)out, rate, (unsigned long long)sent);
	CHECK(q, "tick %lu: no pfifo on the interface", tick);
	CHECK(netobs_diff_qdisc(diff, q, NETOBS_QDISC_PACKETS, &packets, &rate) == 0 &&
		      rate_matches(packets, rate, interval) &&
		      netobs_diff_qdisc(diff, q, NETOBS_QDISC_DROPS, &drops, NULL) == 0 &&
		      packets + drops == sent,
	      "tick %lu: pfifo packets %llu + drops %llu, sent %llu", tick,
	      (unsigned long long)packets, (unsigned long long)drops, (unsigned long long)sent);
}

/* IFNAME's tx deltas against what was sent since the last good tick.  A
 * veth counts a frame its peer refused as tx_dropped, not tx_packets. */
static void check_deltas(const struct netobs_sampler *s, const char *ifname, uint64_t sent,
			 unsigned long tick)
{
	const struct netobs_snapshot *snap = netobs_sampler_snapshot(s);
	const struct netobs_device *dev = netobs_snapshot_device_by_name(snap, ifname);
	const struct netobs_diff *diff = netobs_sampler_diff(s);
	uint64_t packets = 0, dropped = 0, bytes = 0;
	double rate = 0;

	CHECK(dev, "tick %lu: %s missing", tick, ifname);
	CHECK(netobs_diff_device_counter(diff, dev, NETOBS_TX_PACKETS, &packets, NULL) == 0 &&
		      netobs_diff_device_counter(diff, dev, NETOBS_TX_DROPPED, &dropped, NULL) == 0 &&
		      netobs_diff_device_counter(diff, dev, NETOBS_TX_BYTES, &bytes, &rate) == 0,
	      "tick %lu: no deltas for %s", tick, ifname);
	CHECK(packets + dropped == sent, "tick %lu: tx_packets %llu + tx_dropped %llu, sent %llu",
	      tick, (unsigned long long)packets, (unsigned long long)dropped,
	      (unsigned long long)sent);
	CHECK(bytes == packets * FRAME, "tick %lu: tx_bytes %llu for %llu frames of %d", tick,
	      (unsigned long long)bytes, (unsigned long long)packets, FRAME);
	CHECK(rate_matches(bytes, rate, netobs_diff_interval(diff)),
	      "tick %lu: tx_bytes %llu, rate %g over %g s", tick, (unsigned long long)bytes, rate,
	      netobs_diff_interval(diff));
	check_proto_qdisc(diff, dev ? root_qdisc(snap, netobs_device_ifindex(dev)) : NULL, sent,
			  tick);
}

struct run {
	unsigned long ticks, good, failed, spanned, batches, polled;
	size_t devs_min, devs_max, devs_warm; /* the churn shows in the device count */
	long rss_warm, rss_max;
	int fds_warm, fds_end;
	unsigned long allocs_warm, allocs_end;
	int warm;
	struct netobs_ctx *ctx;
	const char *empty; /* a root with nothing to read */
};

static void devices_seen(const struct netobs_sampler *s, struct run *r)
{
	size_t n = netobs_snapshot_device_count(netobs_sampler_snapshot(s));

	if (r->devs_min == 0 || n < r->devs_min)
		r->devs_min = n;
	if (n > r->devs_max)
		r->devs_max = n;
}

/* The first good tick at or after WARMUP: the baselines, then "warm" for
 * service.sh to start the churn. */
static void warm_up(struct run *r)
{
	r->warm = 1;
	r->devs_warm = r->devs_max;
	r->rss_warm = r->rss_max = rss_kib();
	r->fds_warm = fd_count();
#if COUNTING
	r->allocs_warm = allocs;
#endif
	if (write(STDOUT_FILENO, "warm\n", 5) != 5)
		CHECK(0, "cannot tell service.sh: %s", strerror(errno));
}

/* Every fourth tick waits for the sampler's timer, like a service's poll
 * loop; the others tick back to back. */
static void wait_timer(const struct netobs_sampler *s, unsigned long t, struct run *r)
{
	struct pollfd pfd = { .fd = netobs_sampler_fd(s), .events = POLLIN };

	if (t % 4 != 0)
		return;
	CHECK(poll(&pfd, 1, 1000) == 1, "tick %lu: the timer did not fire", t);
	r->polled++;
}

/* Before warm-up, ticks 55, 105, ... read an empty root: a sure failure
 * right after a batch was sent. */
static int tick(struct netobs_sampler *s, unsigned long t, struct run *r)
{
	int err;

	if (r->warm || t < 50 || t % 50 != 5)
		return netobs_sampler_tick(s);
	CHECK(netobs_ctx_set_root(r->ctx, r->empty) == 0, "cannot set root %s", r->empty);
	err = netobs_sampler_tick(s);
	CHECK(err < 0, "tick %lu: a tick under an empty root succeeded", t);
	CHECK(netobs_ctx_set_root(r->ctx, NULL) == 0, "cannot set the root back");
	return err;
}

static void tick_loop(struct netobs_sampler *s, int sock, const struct sockaddr_in *dst,
		      const char *ifname, struct run *r)
{
	uint64_t sent = 0;
	int stale = 0;

	for (unsigned long t = 0; t < r->ticks && failures < 10; t++) {
		if (t % 10 == 5 && netobs_sampler_diff(s)) {
			CHECK(send_batch(sock, dst) == 0, "sendto: %s", strerror(errno));
			sent += BATCH;
			r->batches++;
		}
		wait_timer(s, t, r);
		if (tick(s, t, r) < 0) {
			r->failed++; /* the next good diff spans this tick */
			stale = 1;
			continue;
		}
		r->good++;
		devices_seen(s, r);
		if (netobs_sampler_diff(s)) {
			check_deltas(s, ifname, sent, t);
			r->spanned += stale && sent > 0;
		}
		sent = 0;
		stale = 0;
		if (!r->warm && t >= WARMUP)
			warm_up(r);
		else if (r->warm && t % 100 == 0 && rss_kib() > r->rss_max)
			r->rss_max = rss_kib();
	}
#if COUNTING
	r->allocs_end = allocs;
#endif
	r->fds_end = fd_count();
}

static void verdict(const struct run *r)
{
	CHECK(r->warm, "never warm: %lu good ticks of %lu", r->good, r->ticks);
	CHECK(r->good > r->ticks / 2, "only %lu good ticks of %lu", r->good, r->ticks);
	CHECK(r->spanned >= (WARMUP - 50) / 50, "only %lu diffs spanned a failed tick", r->spanned);
	CHECK(r->devs_max > r->devs_min, "no churn seen: always %zu devices", r->devs_max);
	CHECK(r->devs_max <= r->devs_warm, "%zu devices after warm-up, %zu before", r->devs_max,
	      r->devs_warm);
	CHECK(r->rss_max - r->rss_warm <= RSS_SLACK_KIB, "RSS grew from %ld to %ld KiB after warm-up",
	      r->rss_warm, r->rss_max);
	CHECK(r->fds_end == r->fds_warm, "%d descriptors at warm-up, %d at the end", r->fds_warm,
	      r->fds_end);
	CHECK(r->allocs_end == r->allocs_warm, "%lu heap allocations after warm-up",
	      r->allocs_end - r->allocs_warm);
	printf("service: %lu ticks (%lu good, %lu failed, %lu diffs spanning a failed tick "
	       "with traffic, %lu through the timer), %zu to %zu devices, %lu batches of %d "
	       "datagrams exact, RSS %ld -> %ld KiB, %d -> %d fds, ",
	       r->ticks, r->good, r->failed, r->spanned, r->polled, r->devs_min, r->devs_max,
	       r->batches, BATCH, r->rss_warm, r->rss_max, r->fds_warm, r->fds_end);
	if (COUNTING)
		printf("%lu allocations after warm-up", r->allocs_end - r->allocs_warm);
	else
		printf("allocations not counted (sanitizer build)");
	printf(": %s\n", failures ? "FAILED" : "ok");
}

int main(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct run r = { 0 };
	char empty[] = "/tmp/netobs-service-XXXXXX";
	struct netobs_ctx *ctx;
	struct netobs_sampler *s;
	int fds_before, sock;

	if (argc != 4 || inet_pton(AF_INET, argv[2], &dst.sin_addr) != 1) {
		fprintf(stderr, "usage: service IFNAME DST_IP TICKS\n");
		return 2;
	}
	r.ticks = strtoul(argv[3], NULL, 10);
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	fds_before = fd_count();
	if (sock < 0 || !mkdtemp(empty) || netobs_ctx_new(&ctx) < 0 ||
	    netobs_sampler_new(&s, ctx) < 0 || netobs_sampler_set_interval(s, 1000000) < 0)
		return 1;
	r.ctx = ctx;
	r.empty = empty;
	tick_loop(s, sock, &dst, argv[1], &r);
	rmdir(empty);
	netobs_sampler_free(s);
	netobs_ctx_free(ctx);
	CHECK(fd_count() == fds_before, "%d descriptors before, %d after", fds_before, fd_count());
	verdict(&r);
	close(sock);
	return failures ? 1 : 0;
}
