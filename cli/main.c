/* SPDX-License-Identifier: MIT */
/*
 * netobs(1): main(), the context, and the one-shot commands.  See cli.h for
 * where everything else is.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

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

	cli_error(NULL, *msg ? msg : strerror(-err));
}

/* The warnings as "FILE:LINE: what; ..." into BUF (cut to fit). */
const char *cli_warnings_join(const struct netobs_ctx *ctx, char *buf, size_t size)
{
	size_t i, n = netobs_ctx_warning_count(ctx), used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used + 1 < size; i++) {
		const struct netobs_warning *w = netobs_ctx_warning(ctx, i);
		const char *file = netobs_warning_file(w);
		unsigned int line = netobs_warning_line(w);
		int k;

		k = snprintf(buf + used, size - used, "%s%s%s%.0u%s%s", i ? "; " : "",
			     file ? file : "", file && line ? ":" : "", file ? line : 0,
			     file ? ": " : "", netobs_warning_message(w));
		if (k < 0)
			break;
		used += (size_t)k < size - used ? (size_t)k : size - used - 1;
	}
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

/* Through the table of formats, as watch does.  A reader that went away
 * (netobs show | head -1) is a normal end. */
static int print_snapshot(const struct netobs_ctx *ctx, const struct netobs_snapshot *snap,
			  const struct cli_opts *o, double seconds)
{
	struct cli_sink s;
	int err;

	cli_sink_begin(&s, cli_format_pick(o), o, ctx);
	err = s.fmt->print_snapshot(&s, snap, seconds);
	cli_sink_end(&s);
	return err == 0 || err == -EPIPE ? CLI_EXIT_OK : CLI_EXIT_RUNTIME;
}

static int oneshot(struct netobs_ctx *ctx, const struct cli_opts *o)
{
	struct netobs_snapshot *snap = NULL;
	double seconds;
	int status, err;

	err = cli_snapshot(&snap, ctx, &seconds);
	if (err < 0) {
		cli_snapshot_error(ctx, err);
		return CLI_EXIT_RUNTIME;
	}
	cli_warnings(ctx, o, NULL, 0);
	if (filter_check_named(&o->filter, snap) < 0) {
		status = CLI_EXIT_RUNTIME;
	} else {
		if (!o->quiet)
			filter_note_unmatched(&o->filter, snap);
		status = print_snapshot(ctx, snap, o, seconds);
	}
	netobs_snapshot_free(snap);
	return status == CLI_EXIT_OK ? cli_strict_status(ctx, o) : status;
}

static int ctx_setup(struct netobs_ctx **ctx, const struct cli_opts *o)
{
	int err = netobs_ctx_new(ctx);

	if (err == 0 && o->root)
		err = netobs_ctx_set_root(*ctx, o->root);
	if (err == 0)
		err = netobs_ctx_set_source(*ctx, o->source);
	if (err == 0)
		err = netobs_ctx_set_socket_all(*ctx, o->all_sockets);
	if (err == 0 && (o->sections & CLI_SEC_SOCKETS))
		err = netobs_ctx_set_socket_owners(*ctx, 1);
	if (err < 0)
		cli_errorf("cannot set up: %s", strerror(-err));
	return err;
}

int main(int argc, char **argv)
{
	struct netobs_ctx *ctx = NULL;
	struct cli_opts o;
	int status;

	signal(SIGPIPE, SIG_IGN);
	switch (options_parse(&o, argc, argv)) {
	case CLI_PARSE_RUN:
		break;
	case CLI_PARSE_DONE:
		options_free(&o);
		return CLI_EXIT_OK;
	case CLI_PARSE_USAGE:
		options_free(&o);
		return CLI_EXIT_USAGE;
	case CLI_PARSE_NOMEM:
		cli_error(NULL, "out of memory");
		options_free(&o);
		return CLI_EXIT_RUNTIME;
	}
	if (ctx_setup(&ctx, &o) < 0)
		status = CLI_EXIT_RUNTIME;
	else if (o.cmd == CLI_CMD_WATCH)
		status = watch_run(ctx, &o);
	else
		status = oneshot(ctx, &o);
	netobs_ctx_free(ctx);
	options_free(&o);
	return status;
}
