/* SPDX-License-Identifier: MIT */
/*
 * Taking a snapshot and saying what came of it, for the one-shot commands
 * and watch alike: the time it took, the error, the warnings, and what
 * --strict makes of them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "text.h"

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return units_seconds(b) - units_seconds(a);
}

int cli_snapshot(struct netobs_snapshot **snap, struct netobs_ctx *ctx, double *seconds)
{
	struct timespec t0, t1;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (*snap)
		err = netobs_snapshot_refresh(*snap, ctx);
	else
		err = netobs_snapshot_take(snap, ctx);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (seconds)
		*seconds = elapsed(&t0, &t1);
	return err;
}

void cli_snapshot_error(const struct netobs_ctx *ctx, int err)
{
	const char *msg = netobs_ctx_message(ctx);

	cli_error(NULL, *msg ? msg : netobs_strerror(err));
}

/* Room kept at the end for "; ... and N more". */
#define MORE_SIZE 40

/* Warning W as "FILE:LINE: what" at BUF (SIZE bytes), after "; " unless
 * FIRST; the length it needs, as snprintf(3). */
static int join_one(char *buf, size_t size, const struct netobs_warning *w, bool first)
{
	const char *file = netobs_warning_file(w);
	unsigned int line = netobs_warning_line(w);

	return snprintf(buf, size, "%s%s%s%.0u%s%s", first ? "" : "; ", file ? file : "",
			file && line ? ":" : "", file ? line : 0, file ? ": " : "",
			netobs_warning_message(w));
}

/* The warnings as "FILE:LINE: what; ..." into BUF: whole warnings only,
 * then "... and N more" for those that did not fit, never a silent cut
 * (one longer than BUF alone is cut). */
const char *cli_warnings_join(const struct netobs_ctx *ctx, char *buf, size_t size)
{
	size_t i, n = netobs_ctx_warning_count(ctx), used = 0;
	size_t room = size - (size / 2 < MORE_SIZE ? size / 2 : MORE_SIZE);
	int k;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		k = join_one(buf + used, room - used, netobs_ctx_warning(ctx, i), i == 0);
		if (k < 0)
			break;
		if ((size_t)k >= room - used) {
			if (i == 0)
				used = room - 1; /* the first, cut: better than nothing */
			else
				buf[used] = '\0';
			break;
		}
		used += (size_t)k;
	}
	if (i + (i == 0 && n > 0) < n)
		snprintf(buf + used, size - used, "%s... and %zu more", used ? "; " : "",
			 n - i - (i == 0));
	return buf;
}

/* One line however many notes: a fallback is worth knowing even from cron
 * (which mails stderr), and --quiet is there for those who know already. */
void cli_warnings(const struct netobs_ctx *ctx, const struct cli_opts *o, char *last,
		  size_t last_size)
{
	char text[2048];
	const char *w = cli_warnings_join(ctx, text, sizeof(text));

	if (o->quiet || *w == '\0') {
		if (last)
			last[0] = '\0';
		return;
	}
	if (last && strncmp(last, w, last_size) == 0)
		return;
	cli_error("warning: ", w);
	if (last)
		snprintf(last, last_size, "%s", w);
}

/* --strict: a warning is a failure, said after the output it concerns. */
int cli_strict_status(const struct netobs_ctx *ctx, const struct cli_opts *o)
{
	size_t n = netobs_ctx_warning_count(ctx);

	if (!o->strict || n == 0)
		return CLI_EXIT_OK;
	if (!o->quiet)
		cli_errorf("--strict: %zu warning%s", n, n == 1 ? "" : "s");
	return CLI_EXIT_RUNTIME;
}
