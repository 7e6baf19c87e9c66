/* SPDX-License-Identifier: MIT */
/*
 * bench/udpflood: UDP datagrams of 1 byte to 127.0.0.1:PORT (a closed port:
 * every one a NO_SOCKET drop) at RATE per second for SECONDS, paced in
 * batches every millisecond with sendmmsg(2).  Prints "sent=N seconds=S".
 * The load that bench/drops measures netobs drops against.
 *   bench/udpflood RATE SECONDS [PORT]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH_MAX 1024

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static struct mmsghdr msgs[BATCH_MAX];
	static struct iovec iov[BATCH_MAX];
	struct sockaddr_in dst = { .sin_family = AF_INET };
	double rate, secs, start, t;
	unsigned long long sent = 0, due, errors = 0;
	char byte = 'x';
	int fd, i, n;

	if (argc < 3 || (rate = atof(argv[1])) <= 0 || (secs = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: udpflood RATE SECONDS [PORT]\n");
		return 2;
	}
	dst.sin_port = htons(argc > 3 ? (uint16_t)atoi(argv[3]) : 9);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	for (i = 0; i < BATCH_MAX; i++) {
		iov[i].iov_base = &byte;
		iov[i].iov_len = 1;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = sizeof(dst);
	}
	start = now();
	while ((t = now() - start) < secs) {
		due = (unsigned long long)(t * rate);
		if (due > sent) {
			n = due - sent > BATCH_MAX ? BATCH_MAX : (int)(due - sent);
			n = sendmmsg(fd, msgs, (unsigned int)n, 0);
			/* ICMP errors come back as ECONNREFUSED on the next
			 * call of an unconnected socket: not a failure. */
			if (n > 0)
				sent += (unsigned long long)n;
			else
				errors++;
		} else {
			struct timespec ms = { 0, 1000000 };

			nanosleep(&ms, NULL);
		}
	}
	printf("sent=%llu seconds=%.3f errors=%llu\n", sent, now() - start, errors);
	return 0;
}
