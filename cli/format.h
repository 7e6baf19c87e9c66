/* SPDX-License-Identifier: MIT */
/*
 * The table of output formats (format.c) that one-shot commands, watch and
 * --all-netns walk, the sink a format writes through, and what a watch
 * sample reports (sample.c).
 */
#ifndef NETOBS_CLI_FORMAT_H
#define NETOBS_CLI_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include <netobs.h>

#include "json.h"
#include "outbuf.h"
#include "prom.h"
#include "term.h"

struct allnetns;
struct cli_opts;
struct filter;
struct screen;

/* ---- format.c: the output formats ---------------------------------------- */

/* What watch hands a format every interval. */
struct cli_sample {
	const struct netobs_snapshot *snap; /* the newest good one */
	const struct netobs_diff *diff;	/* NULL until there are two */
	bool stale;		/* a skipped sample left DIFF unreadable until
				 * the next good one */
};

/* An output being written: its format and the state the hooks share. */
struct cli_sink {
	const struct cli_format *fmt;
	const struct cli_opts *o;
	const struct netobs_ctx *ctx; /* its warnings go into JSON */
	struct out out;		/* stdout, unless the format says otherwise */
	struct json json;	/* json */
	struct prom prom;	/* prom, textfile */
	struct term term;	/* screen */
	struct screen *screen;	/* screen: what the operator chose (keys) */
	char warning[512];	/* watch: the warning shown or last printed */
	char host[256];		/* screen */
};

/* What keys ask of watch. */
enum cli_key {
	CLI_KEY_NONE,
	CLI_KEY_REDRAW,		/* the same sample, drawn again */
	CLI_KEY_QUIT,
};

/* The hooks return 0, -EPIPE when the reader went away (a normal end), or
 * another negative errno once they have reported the failure.  Every hook
 * but the prints may be NULL. */
struct cli_format {
	const char *name;
	/* Why watch refuses this format (a usage error); NULL: it takes it. */
	const char *no_watch;
	/* Warnings go into the output itself, not to stderr (watch). */
	bool shows_warnings;
	void (*begin)(struct cli_sink *s);
	/* One snapshot: the one-shot commands; in watch, every snapshot of a
	 * format without print_sample.  NULL: watch only. */
	int (*print_snapshot)(struct cli_sink *s, const struct netobs_snapshot *snap,
			      double scrape_seconds);
	/* --all-netns: every namespace of A in one report.  NULL: the
	 * format cannot hold several namespaces (watch's). */
	int (*print_namespaces)(struct cli_sink *s, const struct allnetns *a);
	/* Watch: every sample, and first the first snapshot without a diff. */
	int (*print_sample)(struct cli_sink *s, const struct cli_sample *smp);
	/* Watch: a sample the library could not take; NULL: a warning on
	 * stderr unless --quiet. */
	int (*print_skipped)(struct cli_sink *s, const char *why);
	/* Watch: keys the operator typed (N bytes); NULL: q quits. */
	enum cli_key (*keys)(struct cli_sink *s, const char *keys, size_t n);
	void (*end)(struct cli_sink *s);
};

extern const struct cli_format cli_format_table, cli_format_json, cli_format_prom,
	cli_format_textfile, cli_format_screen, cli_format_lines;

/* The format named NAME, or NULL. */
const struct cli_format *cli_format_find(const char *name);
/* The format O asks for, else the command's default. */
const struct cli_format *cli_format_pick(const struct cli_opts *o);
void cli_sink_begin(struct cli_sink *s, const struct cli_format *fmt, const struct cli_opts *o,
		    const struct netobs_ctx *ctx);
void cli_sink_end(struct cli_sink *s);
/* out_flush() of the sink's buffer, reporting a failure other than EPIPE. */
int cli_sink_flush(struct cli_sink *s);
/* The default print_skipped. */
int cli_sink_warn_skipped(struct cli_sink *s, const char *why);

/* ---- sample.c ------------------------------------------------------------ */

/* The rates the screen and the lines show, bytes first, trouble last. */
#define CLI_NRATES 8
#define CLI_RATE_IS_BYTES(i) ((i) < 2)
#define CLI_RATE_IS_TROUBLE(i) ((i) >= 4) /* errors and drops */
extern const enum netobs_counter cli_rate_counters[CLI_NRATES];

/* The two figures every text format shows per device, so no loss hides:
 * drops sums the counters the kernel keeps apart for packets it dropped
 * (rx_dropped, tx_dropped, rx_missed_errors, rx_nohandler,
 * rx_otherhost_dropped); errors is rx_errors + tx_errors, which by the
 * rules of rtnl_link_stats64 already hold the FIFO, overrun, CRC, frame,
 * length, aborted, carrier, heartbeat and window counters.  Per second;
 * NAN when the device has none of them. */
double cli_drops_rate(const struct netobs_diff *diff, const struct netobs_device *dev);
double cli_errors_rate(const struct netobs_diff *diff, const struct netobs_device *dev);
/* No traffic, drops nor errors in the sample (a device without rates is
 * not idle: it is new or gone). */
bool cli_device_idle(const struct netobs_diff *diff, const struct netobs_device *dev,
		     unsigned int status);

/* Why a device with STATUS has no rates ("gone", "new", ...), or NULL. */
const char *cli_no_rates_why(unsigned int status);

/* DEV is NULL for a named device that is missing: only NAME is known. */
typedef void (*cli_device_fn)(void *arg, const struct netobs_device *dev, const char *name,
			      unsigned int status);
/* The sample's devices that FLT selects, those gone since the snapshot
 * before, and the named ones still missing; FN may be NULL.  Returns the
 * count. */
size_t cli_sample_devices(const struct cli_sample *smp, const struct filter *flt,
			  cli_device_fn fn, void *arg);

#endif /* NETOBS_CLI_FORMAT_H */
