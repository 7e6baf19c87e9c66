/* SPDX-License-Identifier: MIT */
/*
 * netobs watch on a pipe: plain timestamped key=value lines, like sar(1),
 * one per device and one for the CPUs every interval.  A device line's
 * keys are fixed and documented in netobs(1), new ones only ever appended:
 * rx, tx, rx/tx packets, errors and dropped per second, then the drops/s
 * and errors/s figures the screen shows.  --active leaves out the devices
 * with no traffic, drops nor errors in the interval.
 */
#include "config.h"

#include <math.h>

#include "format.h"
#include "options.h"
#include "sections.h"
#include "text.h"

struct lines {
	struct cli_sink *s;
	const struct netobs_diff *diff;
	char when[UNITS_BUFSIZ];
};

static void lines_device(void *arg, const struct netobs_device *dev, const char *name,
			 unsigned int status)
{
	static const char *const keys[CLI_NRATES] = { "rx", "tx", "rx_packets/s", "tx_packets/s",
						      "rx_errors/s", "tx_errors/s", "rx_dropped/s",
						      "tx_dropped/s" };
	struct lines *l = arg;
	const struct cli_opts *o = l->s->o;
	struct out *out = &l->s->out;
	const char *word = cli_no_rates_why(status);
	char buf[UNITS_BUFSIZ];
	double r;
	size_t i;

	if (o->active && cli_device_idle(l->diff, dev, status))
		return;
	out_str(out, l->when);
	out_char(out, ' ');
	out_escaped(out, name);
	for (i = 0; !word && i < CLI_NRATES; i++) {
		r = netobs_diff_rate(l->diff, dev, cli_rate_counters[i]);
		out_printf(out, " %s%s=%s", keys[i],
			   !CLI_RATE_IS_BYTES(i) ? "" : o->bytes ? "_bytes/s" : "_bits/s",
			   CLI_RATE_IS_BYTES(i) ? units_byte_rate_bare(buf, r, o)
						: units_count_rate(buf, r, o));
	}
	if (!word) {
		out_printf(out, " drops/s=%s", units_count_rate(buf, cli_drops_rate(l->diff, dev), o));
		out_printf(out, " errors/s=%s", units_count_rate(buf, cli_errors_rate(l->diff, dev), o));
	}
	if (word)
		out_printf(out, " %s", word);
	else if (status & NETOBS_DIFF_RESET)
		out_printf(out, " %s", netobs_diff_status_name(NETOBS_DIFF_RESET));
	out_char(out, '\n');
}

/* The CPUs in one line; "softnet:" cannot be a device name (no ':'). */
static void lines_softnet(struct lines *l)
{
	static const struct {
		enum netobs_softnet_field field;
		const char *key;
	} totals[] = {
		{ NETOBS_SOFTNET_PROCESSED, "processed/s" },
		{ NETOBS_SOFTNET_DROPPED, "dropped/s" },
		{ NETOBS_SOFTNET_TIME_SQUEEZE, "squeezed/s" },
	};
	struct out *out = &l->s->out;
	char buf[UNITS_BUFSIZ];
	double r;
	size_t i;

	out_printf(out, "%s softnet:", l->when);
	for (i = 0; i < sizeof(totals) / sizeof(totals[0]); i++) {
		r = NAN;
		netobs_diff_softnet_total(l->diff, totals[i].field, NULL, &r);
		out_printf(out, " %s=%s", totals[i].key, units_count_rate(buf, r, l->s->o));
	}
	r = NAN;
	netobs_diff_softirq_total(l->diff, NETOBS_SOFTIRQ_NET_RX, NULL, &r);
	out_printf(out, " net_rx/s=%s\n", units_count_rate(buf, r, l->s->o));
}

/* Rates only: a sample without them (the first) prints nothing. */
static int lines_sample(struct cli_sink *s, const struct cli_sample *smp)
{
	struct lines l = { .s = s, .diff = smp->diff };
	struct timespec rt;
	size_t i;

	if (!smp->diff || smp->stale)
		return 0;
	netobs_snapshot_time(smp->snap, NULL, &rt);
	units_rfc3339(l.when, &rt);
	cli_sample_devices(smp, &s->o->filter, lines_device, &l);
	lines_softnet(&l);
	/* watch shows every section: no o->sections test, as in screen.c */
	for (i = 0; i < cli_section_count; i++)
		if (cli_sections[i]->lines)
			cli_sections[i]->lines(&s->out, l.when, smp, s->o);
	return cli_sink_flush(s);
}

const struct cli_format cli_format_lines = {
	.name = "lines",
	.print_sample = lines_sample,
};
