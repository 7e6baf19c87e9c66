/* SPDX-License-Identifier: MIT */
/*
 * The diagnosis with the kernel's own drop reasons: a counter says that
 * packets were lost, skb:kfree_skb says why and where.  A finding whose
 * counter has a matching reason among the drops counted over the same
 * interval says so: "Udp.RcvbufErrors +1,000 ..., confirmed by 1,000 drops
 * with reason SOCKET_RCVBUFF in udp_queue_rcv_one_skb".  The names are
 * enum skb_drop_reason's (include/net/dropreason-core.h), matched by name,
 * never by value.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "doctor.h"

static const struct {
	const char *counter;	/* a finding's counter */
	const char *reasons[3];	/* the reasons that raise it, NULL-ended */
} confirms[] = {
	{ "Udp.RcvbufErrors", { "SOCKET_RCVBUFF", NULL } },
	{ "Udp6.RcvbufErrors", { "SOCKET_RCVBUFF", NULL } },
	{ "socket drops", { "SOCKET_RCVBUFF", "SOCKET_BACKLOG", NULL } },
	{ "Udp.NoPorts", { "NO_SOCKET", NULL } },
	{ "Udp6.NoPorts", { "NO_SOCKET", NULL } },
	{ "Udp.InCsumErrors", { "UDP_CSUM", NULL } },
	{ "Udp6.InCsumErrors", { "UDP_CSUM", NULL } },
	{ "qdisc drops", { "QDISC_DROP", "QDISC_OVERLIMIT", "QDISC_CONGESTED" } },
	{ "rx_otherhost_dropped", { "OTHERHOST", NULL } },
	{ "softnet dropped", { "CPU_BACKLOG", NULL } },
	{ "TcpExt.ListenOverflows", { "TCP_LISTEN_OVERFLOW", NULL } },
	{ "TcpExt.ListenDrops", { "TCP_LISTEN_OVERFLOW", NULL } },
	{ "TcpExt.TCPBacklogDrop", { "SOCKET_BACKLOG", NULL } },
	{ "TcpExt.TCPZeroWindowDrop", { "TCP_ZEROWINDOW", NULL } },
	{ "TcpExt.TCPOFODrop", { "TCP_OFO_DROP", NULL } },
	{ "TcpExt.IPReversePathFilter", { "IP_RPFILTER", NULL } },
	{ "Ip.InAddrErrors", { "IP_INADDRERRORS", NULL } },
	{ "IpExt.InNoRoutes", { "IP_INNOROUTES", NULL } },
	{ "Ip.InHdrErrors", { "IP_INHDR", NULL } },
};

static void confirm(struct netobs_finding *f, const struct netobs_drop_counts *drops,
		    const char *reason)
{
	uint64_t n = netobs_drop_counts_find(drops, NETOBS_DROP_BY_REASON, reason);
	const char *site = netobs_drop_counts_site(drops, reason);
	size_t len = strlen(f->text);
	char num[32];

	if (n == 0)
		return;
	netobs__grouped(num, sizeof(num), n); /* as the finding's own numbers */
	snprintf(f->text + len, sizeof(f->text) - len,
		 ", confirmed by %s drops with reason %s%s%s", num, reason, site ? " in " : "",
		 site ? site : "");
}

static void confirm_finding(struct netobs_finding *f, const struct netobs_drop_counts *drops)
{
	size_t i, r;

	for (i = 0; i < NETOBS__ARRAY_SIZE(confirms); i++) {
		if (strcmp(f->counter, confirms[i].counter) != 0)
			continue;
		for (r = 0; r < 3 && confirms[i].reasons[r]; r++)
			confirm(f, drops, confirms[i].reasons[r]);
	}
}

static void diagnosis_confirm(struct netobs_diagnosis *d,
			      const struct netobs_drop_counts *drops)
{
	size_t l, i;

	if (!netobs_drop_counts_has_reasons(drops))
		return;
	for (l = 0; l < NETOBS__LAYER_MAX; l++)
		for (i = 0; i < d->layers[l].n; i++)
			confirm_finding(&d->layers[l].findings[i], drops);
}

/* Here, not in doctor.c: the diagnosis knows nothing of drop reasons, and
 * this file builds on it (one way only). */
int netobs_diagnosis_new_drops(struct netobs_diagnosis **out, const struct netobs_diff *diff,
			       const struct netobs_drop_counts *drops)
{
	return netobs_diagnosis_new_filtered(out, diff, drops, NULL, NULL);
}

int netobs_diagnosis_new_filtered(struct netobs_diagnosis **out, const struct netobs_diff *diff,
				  const struct netobs_drop_counts *drops,
				  netobs_device_keep_fn keep, void *arg)
{
	int err = netobs__diagnose(out, diff, keep, arg);

	if (err == 0 && drops)
		diagnosis_confirm(*out, drops);
	return err;
}
