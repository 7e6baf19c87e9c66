/* SPDX-License-Identifier: MIT */
/*
 * netobs watch's stack line: the rates of a few drop counters as one line
 * of text, worded for the screen or as key=value for the pipe (the
 * stack section's lines and screen hooks, stack_out.c).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "options.h"
#include "sections.h"
#include "text.h"

/* Each key the sum of its counters' rates; NaN ("-") when none is there. */
static const struct {
	const char *key, *label;
	const char *names[2];
} watched[] = {
	{ "listen_overflows/s", "listen overflows", { "TcpExt.ListenOverflows", NULL } },
	{ "listen_drops/s", "listen drops", { "TcpExt.ListenDrops", NULL } },
	{ "backlog_drops/s", "backlog drops", { "TcpExt.TCPBacklogDrop", NULL } },
	{ "rcvbuf_errors/s", "UDP rcvbuf errors", { "Udp.RcvbufErrors", "Udp6.RcvbufErrors" } },
	{ "retrans_segs/s", "retransmits", { "Tcp.RetransSegs", NULL } },
};

static double watched_rate(const struct netobs_diff *diff, size_t k)
{
	double sum = NAN, r;
	size_t i;

	for (i = 0; i < 2 && watched[k].names[i]; i++) {
		if (netobs_diff_proto(diff, watched[k].names[i], NULL, &r) < 0)
			continue;
		sum = isnan(sum) ? r : sum + r;
	}
	return sum;
}

/* SCREEN: "stack:  listen overflows 0/s  ..."; else the pipe's
 * " listen_overflows/s=0 ..." after "stack:". */
const char *stack_rates_text(char *line, size_t size, const struct netobs_diff *diff,
			     const struct cli_opts *o, bool screen)
{
	char buf[UNITS_BUFSIZ];
	size_t k, n;

	n = (size_t)snprintf(line, size, "stack:");
	for (k = 0; k < sizeof(watched) / sizeof(watched[0]) && n < size; k++) {
		units_count_rate(buf, watched_rate(diff, k), o);
		n += (size_t)(screen ? snprintf(line + n, size - n, "  %s %s/s", watched[k].label, buf)
				     : snprintf(line + n, size - n, " %s=%s", watched[k].key, buf));
	}
	return line;
}
