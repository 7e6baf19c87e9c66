/* SPDX-License-Identifier: MIT */
/*
 * netobs doctor: two snapshots (live, an interval apart, or two captures),
 * their diff, the library's diagnosis, and its report: a line per layer,
 * then the findings in detail, or one JSON object per layer.  The exit
 * status says the verdict, in codes apart from netobs's own 1 and 2.
 * A live doctor traces the kernel's drop reasons over its interval when it
 * can (the strongest evidence: the kernel's own word), and says why not.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static int exit_status(const struct cli_opts *o, enum netobs_verdict v)
{
	if (o->plugin)	/* ok 0, warning 1, critical 2, unknown 3 */
		return v <= NETOBS_VERDICT_CRITICAL ? (int)v : CLI_EXIT_PLUGIN_UNKNOWN;
	switch (v) {
	case NETOBS_VERDICT_OK: return CLI_EXIT_DOCTOR_OK;
	case NETOBS_VERDICT_WARNING: return CLI_EXIT_DOCTOR_WARNING;
	case NETOBS_VERDICT_CRITICAL: return CLI_EXIT_DOCTOR_CRITICAL;
	default: return CLI_EXIT_DOCTOR_UNKNOWN;
	}
}

/* The drop reasons over doctor's interval, or why there are none. */
struct doctor_drops {
	struct netobs_drops *tracer;
	struct netobs_drop_counts *counts;
	char why[512];
};

static void drops_open(struct netobs_ctx *ctx, struct doctor_drops *dd)
{
	if (netobs_drops_new(&dd->tracer, ctx) < 0)
		snprintf(dd->why, sizeof(dd->why), "%s", netobs_ctx_message(ctx));
}

/* The interval: the tracer's rings are emptied all along (they would
 * overflow in a sleep), else a plain sleep. */
static void wait_interval(const struct cli_opts *o, struct doctor_drops *dd)
{
	struct timespec ts = { (time_t)o->interval,
			       (long)((o->interval - floor(o->interval)) * 1e9) };
	struct timespec end, now;

	if (!dd->tracer) {
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ts.tv_sec;
	end.tv_nsec += ts.tv_nsec;
	if (end.tv_nsec >= 1000000000L)
		end.tv_sec++, end.tv_nsec -= 1000000000L;
	for (;;) {
		double left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (double)(end.tv_sec - now.tv_sec) * 1e3 +
		       (double)(end.tv_nsec - now.tv_nsec) / 1e6;
		if (left <= 0)
			break;
		netobs_drops_poll(dd->tracer, left > 200 ? 200 : (int)ceil(left));
	}
}

static int take_live(struct netobs_ctx *ctx, const struct cli_opts *o,
		     struct netobs_snapshot **a, struct netobs_snapshot **b,
		     struct doctor_drops *dd)
{
	int err;

	drops_open(ctx, dd);
	err = cli_snapshot(a, ctx, NULL);
	if (err == 0 && dd->tracer)
		netobs_drops_read(&dd->counts, dd->tracer); /* starts with the snapshot */
	netobs_drop_counts_free(dd->counts);
	dd->counts = NULL;
	if (err == 0) {
		cli_warnings(ctx, o, NULL, 0);
		wait_interval(o, dd);
		err = cli_snapshot(b, ctx, NULL);
	}
	if (err == 0 && dd->tracer && netobs_drops_read(&dd->counts, dd->tracer) < 0)
		snprintf(dd->why, sizeof(dd->why), "%s", netobs_ctx_message(ctx));
	netobs_drops_free(dd->tracer);
	dd->tracer = NULL;
	if (err < 0)
		cli_snapshot_error(ctx, err);
	return err;
}

static int take(struct netobs_ctx *ctx, const struct cli_opts *o, struct netobs_snapshot **a,
		struct netobs_snapshot **b, struct doctor_drops *dd)
{
	if (!o->captures[0])
		return take_live(ctx, o, a, b, dd);
	snprintf(dd->why, sizeof(dd->why), "not traced: two captures, no live interval");
	if (capture_read(a, o->captures[0]) < 0 || capture_read(b, o->captures[1]) < 0)
		return -EBADMSG;
	return 0;
}

/* The device filters go into the diagnosis: a layer keeps only its worst
 * findings, so filtering them afterwards could miss the device asked for. */
static int keep_device(const struct netobs_device *dev, void *arg)
{
	return filter_match(arg, dev);
}

static int diagnose(const struct cli_opts *o, const struct netobs_snapshot *a,
		    const struct netobs_snapshot *b, const struct netobs_drop_counts *drops,
		    struct netobs_diagnosis **d, double *secs)
{
	struct netobs_diff *diff = NULL;
	int err = netobs_diff_new(&diff, a, b);

	if (err < 0) {
		cli_errorf("cannot compare the snapshots: %s", o->captures[0] ?
			   "the first capture must be the older" : netobs_strerror(err));
		return err;
	}
	*secs = netobs_diff_interval(diff);
	err = netobs_diagnosis_new_filtered(d, diff, drops, keep_device, (void *)&o->filter);
	if (err < 0)
		cli_errorf("cannot diagnose: %s", netobs_strerror(err));
	netobs_diff_free(diff);
	return err;
}

/* --plugin's first line, on stdout before anything else. */
static void plugin_line(const struct cli_opts *o, const struct netobs_snapshot *snap,
			const struct netobs_diagnosis *d, enum netobs_verdict state,
			const char *why)
{
	struct out out;

	out_init(&out, 1);
	doctor_plugin_line(&out, o, snap, d, state, why);
	out_flush(&out);
	out_free(&out);
}

/* --plugin: a failure is UNKNOWN, with a first line on stdout (the
 * message itself went to stderr). */
static int plugin_failed(const struct cli_opts *o, const char *why)
{
	plugin_line(o, NULL, NULL, NETOBS_VERDICT_UNKNOWN, why);
	return CLI_EXIT_PLUGIN_UNKNOWN;
}

/* The report, then the status: --strict makes a warning in taking the
 * snapshots a failure whatever the verdict, as for every command. */
static int report(struct netobs_ctx *ctx, const struct cli_opts *o,
		  const struct netobs_snapshot *b, const struct netobs_diagnosis *d, double secs,
		  const struct doctor_drops *dd)
{
	enum netobs_verdict worst = netobs_diagnosis_verdict(d);
	size_t warns = o->strict ? netobs_ctx_warning_count(ctx) : 0;
	char why[64];
	int status;

	snprintf(why, sizeof(why), "--strict: %zu warning%s", warns, warns == 1 ? "" : "s");
	if (o->plugin)
		plugin_line(o, b, d, warns ? NETOBS_VERDICT_UNKNOWN : worst, warns ? why : NULL);
	status = doctor_print(o, b, d, secs, worst, dd->counts, dd->why);
	if (status != CLI_EXIT_OK)
		return o->plugin ? CLI_EXIT_PLUGIN_UNKNOWN : status;
	if (warns)
		return o->plugin ? CLI_EXIT_PLUGIN_UNKNOWN : cli_strict_status(ctx, o);
	return exit_status(o, worst);
}

int doctor_run(struct netobs_ctx *ctx, const struct cli_opts *o)
{
	struct netobs_snapshot *a = NULL, *b = NULL;
	struct netobs_diagnosis *d = NULL;
	struct doctor_drops dd = { NULL, NULL, "" };
	int status = CLI_EXIT_RUNTIME;
	double secs = 0;

	if (take(ctx, o, &a, &b, &dd) == 0 && filter_check_named(&o->filter, b) == 0 &&
	    diagnose(o, a, b, dd.counts, &d, &secs) == 0)
		status = report(ctx, o, b, d, secs, &dd);
	else if (o->plugin)
		status = plugin_failed(o, "doctor could not run (the reason is on stderr)");
	netobs_diagnosis_free(d);
	netobs_drop_counts_free(dd.counts);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
	return status;
}
