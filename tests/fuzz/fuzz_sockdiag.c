/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the inet_diag_msg parser (socket_msg.c): the first
 * byte picks the protocol (odd: UDP, even: TCP), the rest is one
 * SOCK_DIAG_BY_FAMILY answer as a dump hands it over, nlmsg_len cut to
 * what is there (the dump engine checks that before the parser runs).
 */
#include "config.h"

#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "socket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netobs_socket s;
	struct nlmsghdr *nlh;
	size_t len, sum = 0;
	unsigned int i;
	uint64_t v;

	if (size < 1 + NLMSG_HDRLEN || size > 65536)
		return 0;
	len = size - 1;
	nlh = malloc(len);
	if (!nlh)
		return 0;
	memcpy(nlh, data + 1, len);
	if (nlh->nlmsg_len > len)
		nlh->nlmsg_len = (uint32_t)len;
	if (netobs__socket_parse(nlh, data[0] & 1 ? IPPROTO_UDP : IPPROTO_TCP, &s) == 0) {
		sum += strlen(netobs_socket_protocol(&s)) + strlen(netobs_socket_state(&s)) +
		       strlen(netobs_socket_local_address(&s));
		for (i = 0; i < netobs_socket_stat_count(); i++)
			if (netobs_socket_stat(&s, (enum netobs_socket_stat)i, &v) == 0)
				sum += (size_t)v;
		sum += netobs__socket_troubled(&s);
	}
	sink = sum;
	free(nlh);
	return 0;
}
