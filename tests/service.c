/* SPDX-License-Identifier: MIT */
/*
 * A service-shaped test of the sampler, run by tests/service.sh inside a
 * network namespace it made:
 *
 *   service IFNAME DST_IP TICKS
 *
 * Ticks TICKS times back to back while service.sh adds and removes veth
 * devices beside IFNAME.  Every tenth tick it first sends BATCH UDP datagrams
 * of PAYLOAD bytes out of IFNAME (a veth whose peer is in another
 * namespace: no qdisc, no ARP, no IPv6, so the kernel sends nothing else),
 * and after every good tick it asserts IFNAME's deltas are exactly what was
 * sent since the last good tick: a failed tick (-EAGAIN from churn) must
 * keep the last pair and let the next diff span it.  It also asserts that
 * RSS is flat after warm-up and that no descriptor leaks.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
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

static int failures;

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "service: FAIL: " __VA_ARGS__); \
			fputc('\n', stderr); \
			failures++; \
		} \
	} while (0)

/* open/read into the stack, not stdio: the measurement must not allocate,
 * or under ASan (whose quarantine never reuses freed memory at once) it
 * would grow the RSS it measures. */
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

/* IFNAME's tx deltas against what was sent since the last good tick.  A
 * veth counts a frame its peer refused as tx_dropped, not tx_packets. */
static void check_deltas(const struct netobs_sampler *s, const char *ifname, uint64_t sent,
			 unsigned long tick)
{
	const struct netobs_device *dev = netobs_snapshot_device_by_name(netobs_sampler_snapshot(s),
									  ifname);
	const struct netobs_diff *diff = netobs_sampler_diff(s);
	uint64_t packets, dropped, bytes;

	CHECK(dev, "tick %lu: %s missing", tick, ifname);
	CHECK(netobs_diff_device_counter(diff, dev, NETOBS_TX_PACKETS, &packets, NULL) == 0 &&
		      netobs_diff_device_counter(diff, dev, NETOBS_TX_DROPPED, &dropped, NULL) == 0 &&
		      netobs_diff_device_counter(diff, dev, NETOBS_TX_BYTES, &bytes, NULL) == 0,
	      "tick %lu: no deltas for %s", tick, ifname);
	CHECK(packets + dropped == sent, "tick %lu: tx_packets %llu + tx_dropped %llu, sent %llu",
	      tick, (unsigned long long)packets, (unsigned long long)dropped,
	      (unsigned long long)sent);
	CHECK(bytes == packets * FRAME, "tick %lu: tx_bytes %llu for %llu frames of %d", tick,
	      (unsigned long long)bytes, (unsigned long long)packets, FRAME);
}

struct run {
	unsigned long ticks, good, failed, batches;
	size_t devs_min, devs_max;	/* the churn shows in the device count */
	long rss_warm, rss_max;
};

static void devices_seen(const struct netobs_sampler *s, struct run *r)
{
	size_t n = netobs_snapshot_device_count(netobs_sampler_snapshot(s));

	if (r->devs_min == 0 || n < r->devs_min)
		r->devs_min = n;
	if (n > r->devs_max)
		r->devs_max = n;
}

static void tick_loop(struct netobs_sampler *s, int sock, const struct sockaddr_in *dst,
		      const char *ifname, struct run *r)
{
	uint64_t sent = 0;

	for (unsigned long t = 0; t < r->ticks && failures < 10; t++) {
		if (t % 10 == 5 && netobs_sampler_diff(s)) {
			CHECK(send_batch(sock, dst) == 0, "sendto: %s", strerror(errno));
			sent += BATCH;
			r->batches++;
		}
		if (netobs_sampler_tick(s) < 0) {
			r->failed++; /* the next good diff spans this tick */
			continue;
		}
		r->good++;
		devices_seen(s, r);
		if (netobs_sampler_diff(s))
			check_deltas(s, ifname, sent, t);
		sent = 0;
		if (t == WARMUP)
			r->rss_warm = rss_kib();
		if (t > WARMUP && t % 100 == 0 && rss_kib() > r->rss_max)
			r->rss_max = rss_kib();
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct run r = { 0 };
	struct netobs_ctx *ctx;
	struct netobs_sampler *s;
	int fds_before, fds_after, sock;

	if (argc != 4 || inet_pton(AF_INET, argv[2], &dst.sin_addr) != 1) {
		fprintf(stderr, "usage: service IFNAME DST_IP TICKS\n");
		return 2;
	}
	r.ticks = strtoul(argv[3], NULL, 10);
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	fds_before = fd_count();
	if (sock < 0 || netobs_ctx_new(&ctx) < 0 || netobs_sampler_new(&s, ctx) < 0)
		return 1;
	tick_loop(s, sock, &dst, argv[1], &r);
	netobs_sampler_free(s);
	netobs_ctx_free(ctx);
	fds_after = fd_count();
	CHECK(r.good > r.ticks / 2, "only %lu good ticks of %lu", r.good, r.ticks);
	CHECK(r.rss_max - r.rss_warm <= RSS_SLACK_KIB, "RSS grew from %ld to %ld KiB after warm-up",
	      r.rss_warm, r.rss_max);
	CHECK(fds_after == fds_before, "%d descriptors before, %d after", fds_before, fds_after);
	printf("service: %lu ticks (%lu good, %lu failed), %zu to %zu devices, %lu batches of %d "
	       "datagrams exact, RSS %ld -> %ld KiB after warm-up, %d fds before and after: %s\n",
	       r.ticks, r.good, r.failed, r.devs_min, r.devs_max, r.batches, BATCH, r.rss_warm,
	       r.rss_max, fds_before,
	       failures ? "FAILED" : "ok");
	close(sock);
	return failures ? 1 : 0;
}
