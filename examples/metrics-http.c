/* SPDX-License-Identifier: MIT */
/*
 * metrics-http: the host's netobs counters in the Prometheus text format on
 * http://127.0.0.1:PORT/metrics.  A tiny single-threaded server with only
 * libc sockets: each scrape takes a fresh snapshot through the sampler.
 *
 *   cc -o metrics-http metrics-http.c $(pkg-config --cflags --libs libnetobs)
 *   ./metrics-http PORT [-n REQUESTS]     (PORT 0: any free port, printed)
 */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netobs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* A label value with \ " and newline escaped, as the text format asks:
 * interface names may hold any byte but '/', ':' and white space. */
static void put_label(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		fputc(*s, f);
	}
}

static void put_devices(FILE *f, const struct netobs_snapshot *snap)
{
	fputs("# TYPE netobs_device_counter_total counter\n", f);
	for (size_t i = 0; i < netobs_snapshot_device_count(snap); i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		for (unsigned int c = 0; c < netobs_counter_count(); c++) {
			uint64_t v;

			if (netobs_device_counter(dev, c, &v) < 0)
				continue; /* not given: no sample, never a made-up 0 */
			fputs("netobs_device_counter_total{device=\"", f);
			put_label(f, netobs_device_name(dev));
			fprintf(f, "\",counter=\"%s\"} %llu\n", netobs_counter_name(c),
				(unsigned long long)v);
		}
	}
}

static void put_softnet(FILE *f, const struct netobs_snapshot *snap)
{
	fputs("# TYPE netobs_softnet_total counter\n", f);
	for (size_t i = 0; i < netobs_snapshot_cpu_count(snap); i++) {
		const struct netobs_cpu *cpu = netobs_snapshot_cpu(snap, i);

		for (unsigned int fld = 0; fld < netobs_softnet_field_count(); fld++) {
			uint64_t v;

			if (netobs_softnet_field_is_gauge(fld) || netobs_cpu_softnet(cpu, fld, &v) < 0)
				continue;
			fprintf(f, "netobs_softnet_total{cpu=\"%d\",field=\"%s\"} %llu\n",
				netobs_cpu_id(cpu), netobs_softnet_field_name(fld),
				(unsigned long long)v);
		}
	}
}

/* One scrape: a tick, then the newest good snapshot.  A failed tick keeps
 * the last good one, served with netobs_up 0. */
static void respond(int conn, struct netobs_sampler *sampler)
{
	char req[2048], head[160], *body = NULL;
	ssize_t n = recv(conn, req, sizeof(req) - 1, 0);
	size_t len = 0;
	FILE *f;

	req[n > 0 ? n : 0] = '\0';
	if (strncmp(req, "GET /metrics ", 13) != 0 || !(f = open_memstream(&body, &len))) {
		static const char nf[] = "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n";

		send(conn, nf, sizeof(nf) - 1, MSG_NOSIGNAL); /* no SIGPIPE if it left */
		return;
	}
	fprintf(f, "# TYPE netobs_up gauge\nnetobs_up %d\n", netobs_sampler_tick(sampler) == 0);
	if (netobs_sampler_snapshot(sampler)) {
		put_devices(f, netobs_sampler_snapshot(sampler));
		put_softnet(f, netobs_sampler_snapshot(sampler));
	}
	fclose(f);
	snprintf(head, sizeof(head), "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
		 "Content-Length: %zu\r\n\r\n", len);
	send(conn, head, strlen(head), MSG_NOSIGNAL);
	send(conn, body, len, MSG_NOSIGNAL);
	free(body);
}

/* 127.0.0.1:PORT; PORT 0 takes a free one, printed for the caller. */
static int listen_on(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	/* SO_REUSEADDR: a restart binds the port again despite TIME_WAIT. */
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) < 0) {
		perror("metrics-http");
		return -1;
	}
	printf("listening on http://127.0.0.1:%d/metrics\n", ntohs(a.sin_port));
	fflush(stdout);
	return fd;
}

int main(int argc, char **argv)
{
	long left = argc == 4 && strcmp(argv[2], "-n") == 0 ? atol(argv[3]) : -1;
	struct timeval slow = { 5, 0 }; /* a client that sends nothing stalls us no longer */
	struct netobs_ctx *ctx;
	struct netobs_sampler *sampler;
	int srv, conn;

	if (argc != 2 && left < 0) {
		fprintf(stderr, "usage: metrics-http PORT [-n REQUESTS]\n");
		return 2;
	}
	if (netobs_ctx_new(&ctx) < 0 || netobs_sampler_new(&sampler, ctx) < 0 ||
	    (srv = listen_on(atoi(argv[1]))) < 0)
		return 1;
	for (; left != 0; left -= left > 0) {
		if ((conn = accept4(srv, NULL, NULL, SOCK_CLOEXEC)) < 0)
			continue;
		setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &slow, sizeof(slow));
		respond(conn, sampler);
		close(conn);
	}
	close(srv);
	netobs_sampler_free(sampler);
	netobs_ctx_free(ctx);
	return 0;
}
