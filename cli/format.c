/* SPDX-License-Identifier: MIT */
/*
 * The table of output formats, walked by the one-shot commands and by
 * watch alike, and what every format shares: the sink's life and the
 * reporting of a failed write.  A new format is a file defining its
 * struct cli_format, a row here, and the option that names it.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "options.h"
#include "text.h"

static const struct cli_format *const formats[] = {
	&cli_format_table,
	&cli_format_json,
	&cli_format_prom,
	&cli_format_textfile,
	&cli_format_screen,
	&cli_format_lines,
};

const struct cli_format *cli_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

/* Without an option: a table once, and watch a screen on a terminal or
 * lines on a pipe. */
const struct cli_format *cli_format_pick(const struct cli_opts *o)
{
	if (o->fmt)
		return o->fmt;
	if (o->cmd != CLI_CMD_WATCH)
		return &cli_format_table;
	return isatty(1) ? &cli_format_screen : &cli_format_lines;
}

void cli_sink_begin(struct cli_sink *s, const struct cli_format *fmt, const struct cli_opts *o,
		    const struct netobs_ctx *ctx)
{
	memset(s, 0, sizeof(*s));
	s->fmt = fmt;
	s->o = o;
	s->ctx = ctx;
	out_init(&s->out, 1);
	if (fmt->begin)
		fmt->begin(s);
}

void cli_sink_end(struct cli_sink *s)
{
	if (s->fmt->end)
		s->fmt->end(s);
	out_free(&s->out);
}

/* A reader that went away (netobs show | head -1) is a normal end, said
 * by -EPIPE alone (SIGPIPE is ignored); any other failure is reported here,
 * after the screen is gone so the message outlives it. */
int cli_sink_flush(struct cli_sink *s)
{
	int err = out_flush(&s->out);

	if (err < 0 && err != -EPIPE) {
		term_leave(&s->term);
		cli_errorf("cannot write the output: %s", strerror(-err));
	}
	return err;
}

int cli_sink_warn_skipped(struct cli_sink *s, const char *why)
{
	if (!s->o->quiet)
		cli_error("warning: sample skipped: ", why);
	return 0;
}
