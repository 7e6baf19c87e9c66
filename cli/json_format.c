/* SPDX-License-Identifier: MIT */
/*
 * Format "json" in the table of formats: which writer prints a document
 * (json.c says why there are two, and NETOBS_JSON_WRITER=both compares
 * them), and the hooks one-shot, watch and --all-netns call.  The shapes
 * are json.c's.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "allnetns.h"
#include "format.h"
#include "json.h"
#include "text.h"

/* What one call prints: a snapshot, a sample, or a skipped sample. */
struct json_doc {
	const struct netobs_snapshot *snap;
	const struct netobs_diff *diff;	/* a sample */
	const char *why;		/* skipped */
	struct timespec realtime;	/* skipped */
};

static void print_doc(struct cli_sink *s, const struct json_doc *d)
{
	if (d->why)
		json_print_skipped(&s->json, &d->realtime, d->why);
	else if (d->diff)
		json_print_sample(&s->json, s->ctx, d->diff, d->snap, s->o);
	else
		json_print_snapshot(&s->json, s->ctx, d->snap, s->o);
}

/* The document through one writer, into memory. */
static void print_into(struct cli_sink *s, const struct json_doc *d, struct out *mem, bool tree)
{
	struct out *real = s->json.out;

	s->json.out = mem;
	s->json.tree = tree;
	print_doc(s, d);
	s->json.out = real;
}

/* JSON_BOTH: the document through cJSON trees and straight, compared byte
 * for byte before the direct one goes out. */
static int print_both(struct cli_sink *s, const struct json_doc *d)
{
	struct out tree, direct;
	size_t i;
	int err = 0;

	out_init(&tree, -1);
	out_init(&direct, -1);
	print_into(s, d, &tree, true);
	print_into(s, d, &direct, false);
	for (i = 0; i < tree.len && i < direct.len && tree.buf[i] == direct.buf[i]; i++)
		;
	if (tree.err || direct.err) {
		err = tree.err ? tree.err : direct.err;
	} else if (i < tree.len || i < direct.len) {
		cli_errorf("JSON writers differ at byte %zu of %zu (cJSON) and %zu (direct)", i,
			   tree.len, direct.len);
		err = -EPROTO;
	} else {
		out_write(&s->out, direct.buf, direct.len);
	}
	out_free(&tree);
	out_free(&direct);
	return err;
}

static int print(struct cli_sink *s, const struct json_doc *d)
{
	int err;

	if (s->json.writer == JSON_BOTH) {
		err = print_both(s, d);
		if (err < 0)
			return err;
	} else {
		print_doc(s, d);
	}
	return cli_sink_flush(s);
}

/* NETOBS_JSON_WRITER (tests and benchmarks only): "cjson" or "both". */
static enum json_writer pick_writer(void)
{
	const char *e = getenv("NETOBS_JSON_WRITER");

	if (e && strcmp(e, "cjson") == 0)
		return JSON_CJSON;
	if (e && strcmp(e, "both") == 0)
		return JSON_BOTH;
	return JSON_DIRECT;
}

static void json_begin(struct cli_sink *s)
{
	json_init(&s->json, &s->out);
	s->json.writer = pick_writer();
	s->json.tree = s->json.writer == JSON_CJSON;
}

static void json_end(struct cli_sink *s)
{
	json_free(&s->json);
}

static int json_snapshot(struct cli_sink *s, const struct netobs_snapshot *snap,
			 double scrape_seconds)
{
	struct json_doc d = { .snap = snap };

	(void)scrape_seconds;
	return print(s, &d);
}

/* Rates only: a sample without them (the first) prints nothing. */
static int json_sample(struct cli_sink *s, const struct cli_sample *smp)
{
	struct json_doc d = { .snap = smp->snap, .diff = smp->diff };

	if (!smp->diff || smp->stale)
		return 0;
	return print(s, &d);
}

/* Said even with --quiet: a consumer counts the lines. */
static int json_skipped(struct cli_sink *s, const char *why)
{
	struct json_doc d = { .why = why };

	clock_gettime(CLOCK_REALTIME, &d.realtime);
	return print(s, &d);
}

const struct cli_format cli_format_json = {
	.name = "json",
	.begin = json_begin,
	.print_snapshot = json_snapshot,
	.print_namespaces = allnetns_json,
	.print_sample = json_sample,
	.print_skipped = json_skipped,
	.end = json_end,
};
