/* SPDX-License-Identifier: MIT */
/*
 * netobs doctor: two snapshots (live, an interval apart, or two captures),
 * their diff, the library's diagnosis, and its report: a line per layer,
 * then the findings in detail, or one JSON object per layer.  The exit
 * status says the verdict, in codes apart from netobs's own 1 and 2.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static int exit_status(enum netobs_verdict v)
{
	switch (v) {
	case NETOBS_VERDICT_OK: return CLI_EXIT_DOCTOR_OK;
	case NETOBS_VERDICT_WARNING: return CLI_EXIT_DOCTOR_WARNING;
	case NETOBS_VERDICT_CRITICAL: return CLI_EXIT_DOCTOR_CRITICAL;
	default: return CLI_EXIT_DOCTOR_UNKNOWN;
	}
}

static int take_live(struct netobs_ctx *ctx, const struct cli_opts *o,
		     struct netobs_snapshot **a, struct netobs_snapshot **b)
{
	struct timespec ts = { (time_t)o->interval,
			       (long)((o->interval - floor(o->interval)) * 1e9) };
	int err = cli_snapshot(a, ctx, NULL);

	if (err == 0) {
		cli_warnings(ctx, o, NULL, 0);
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		err = cli_snapshot(b, ctx, NULL);
	}
	if (err < 0)
		cli_snapshot_error(ctx, err);
	return err;
}

static int take(struct netobs_ctx *ctx, const struct cli_opts *o, struct netobs_snapshot **a,
		struct netobs_snapshot **b)
{
	if (!o->captures[0])
		return take_live(ctx, o, a, b);
	if (capture_read(a, o->captures[0]) < 0 || capture_read(b, o->captures[1]) < 0)
		return -EBADMSG;
	return 0;
}

static int diagnose(const struct cli_opts *o, const struct netobs_snapshot *a,
		    const struct netobs_snapshot *b, struct netobs_diagnosis **d, double *secs)
{
	struct netobs_diff *diff = NULL;
	int err = netobs_diff_new(&diff, a, b);

	if (err < 0) {
		cli_errorf("cannot compare the snapshots: %s", o->captures[0] ?
			   "the first capture must be the older" : strerror(-err));
		return err;
	}
	*secs = netobs_diff_interval(diff);
	err = netobs_diagnosis_new(d, diff);
	if (err < 0)
		cli_errorf("cannot diagnose: %s", strerror(-err));
	netobs_diff_free(diff);
	return err;
}

int doctor_run(struct netobs_ctx *ctx, const struct cli_opts *o)
{
	struct netobs_snapshot *a = NULL, *b = NULL;
	struct netobs_diagnosis *d = NULL;
	enum netobs_verdict worst = NETOBS_VERDICT_OK;
	bool judged = false;
	int status = CLI_EXIT_RUNTIME;
	double secs = 0;
	size_t i;

	if (take(ctx, o, &a, &b) == 0 && filter_check_named(&o->filter, b) == 0 &&
	    diagnose(o, a, b, &d, &secs) == 0) {
		for (i = 0; i < netobs_diagnosis_layer_count(d); i++) {
			enum netobs_verdict v =
				doctor_layer_verdict(o, b, netobs_diagnosis_layer(d, i));

			judged |= v <= NETOBS_VERDICT_CRITICAL;
			if (v <= NETOBS_VERDICT_CRITICAL && v > worst)
				worst = v;
		}
		status = doctor_print(o, b, d, secs, judged ? worst : NETOBS_VERDICT_UNKNOWN);
		if (status == CLI_EXIT_OK)
			status = exit_status(judged ? worst : NETOBS_VERDICT_UNKNOWN);
	}
	netobs_diagnosis_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
	return status;
}
