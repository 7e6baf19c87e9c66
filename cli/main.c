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

#include "allnetns.h"
#include "commands.h"
#include "format.h"
#include "text.h"

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

	if (o->captures[0]) {
		seconds = 0;
		if (capture_read(&snap, o->captures[0]) < 0)
			return CLI_EXIT_RUNTIME;
		err = 0;
	} else {
		err = cli_snapshot(&snap, ctx, &seconds);
	}
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

/* Through the same table: each format says how it holds several namespaces. */
static int all_netns(struct netobs_ctx *ctx, const struct cli_opts *o)
{
	struct allnetns a;
	struct cli_sink s;
	int err;

	if (allnetns_read(&a, ctx, o) < 0) {
		allnetns_free(&a);
		return CLI_EXIT_RUNTIME;
	}
	cli_warnings(ctx, o, NULL, 0);
	cli_sink_begin(&s, cli_format_pick(o), o, ctx);
	err = s.fmt->print_namespaces ? s.fmt->print_namespaces(&s, &a) : -EINVAL;
	cli_sink_end(&s);
	allnetns_free(&a);
	if (err < 0 && err != -EPIPE)
		return CLI_EXIT_RUNTIME;
	return cli_strict_status(ctx, o);
}

static int ctx_setup(struct netobs_ctx **ctx, const struct cli_opts *o)
{
	int err = netobs_ctx_new(ctx);

	if (err == 0 && o->root)
		err = netobs_ctx_set_root(*ctx, o->root);
	if (err == 0)
		err = netobs_ctx_set_source(*ctx, o->source);
	/* Which container each host veth leads to: a walk of /proc, only
	 * when a device has its peer in another namespace. */
	if (err == 0 && (o->sections & CLI_SEC_DEVICES))
		err = netobs_ctx_set_containers(*ctx, 1);
	if (err == 0 && o->netns) {
		/* The library's message names the file and what was wrong. */
		err = netobs_ctx_set_netns(*ctx, o->netns);
		if (err < 0) {
			cli_snapshot_error(*ctx, err);
			return err;
		}
	}
	if (err == 0)
		err = netobs_ctx_set_socket_all(*ctx, (o->all && o->cmd == CLI_CMD_SOCKETS));
	if (err == 0 && (o->sections & CLI_SEC_SOCKETS))
		err = netobs_ctx_set_socket_owners(*ctx, 1);
	if (err < 0)
		cli_errorf("cannot set up: %s", netobs_strerror(err));
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
		/* A monitoring check knows no usage error: it is UNKNOWN. */
		return o.plugin ? CLI_EXIT_PLUGIN_UNKNOWN : CLI_EXIT_USAGE;
	case CLI_PARSE_NOMEM:
		cli_error(NULL, "out of memory");
		options_free(&o);
		return CLI_EXIT_RUNTIME;
	}
	if (ctx_setup(&ctx, &o) < 0)
		status = CLI_EXIT_RUNTIME;
	else if (o.cmd == CLI_CMD_WATCH)
		status = watch_run(ctx, &o);
	else if (o.cmd == CLI_CMD_DOCTOR)
		status = doctor_run(ctx, &o);
	else if (o.cmd == CLI_CMD_DROPS)
		status = drops_run(ctx, &o);
	else if (o.all_netns)
		status = all_netns(ctx, &o);
	else
		status = oneshot(ctx, &o);
	netobs_ctx_free(ctx);
	options_free(&o);
	return status;
}
