/* SPDX-License-Identifier: MIT */
/*
 * The sections beside the devices, each in every format: the peers in
 * other namespaces (netns_out.c), sockets (sockets_out.c), qdiscs
 * (qdisc_out.c) and protocol counters (stack_out.c).  Each *_out.c ends
 * with its struct cli_section, its hooks static; sections.c lists them in
 * one array, which every format (table.c, json.c, prom.c, lines.c,
 * screen.c) walks instead of calling a section by name.  A new section is
 * a new <src>_out.c ending with its cli_section, one row in sections.c,
 * Makefile.am and, with a command of its own, its CLI_SEC_ bit and
 * CLI_CMD_ (options.h, options.c, help.c).
 */
#ifndef NETOBS_CLI_SECTIONS_H
#define NETOBS_CLI_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <netobs.h>

#include "options.h"

struct cli_opts;
struct cli_sample;
struct filter;
struct json;
struct out;

/* One section in every format; a hook is NULL where it does not appear.
 * JSON and Prometheus call theirs only when o->sections has BIT; TABLE
 * runs for CMD alone; SHOW, LINES and SCREEN always, as show and watch
 * report every section.  The hooks' order: sections.c. */
struct cli_section {
	const char *name;	/* as netobs(1) calls it: "sockets" */
	unsigned int bit;	/* its enum cli_section_bit */
	enum cli_command cmd;	/* the command whose table is TABLE's */
	/* table.c: the command's table; a summary under show's table */
	void (*table)(struct out *out, const struct netobs_snapshot *snap,
		      const struct cli_opts *o);
	void (*show)(struct out *out, const struct netobs_snapshot *snap,
		     const struct cli_opts *o);
	/* json.c: members of the one-shot document and of the watch sample */
	void (*json)(struct json *j, const struct netobs_snapshot *snap,
		     const struct cli_opts *o);
	void (*json_sample)(struct json *j, const struct cli_sample *smp,
			    const struct cli_opts *o);
	/* prom.c: its families (o->metrics picks the groups) */
	void (*prom)(struct out *out, const struct netobs_snapshot *snap,
		     const struct cli_opts *o);
	/* lines.c: watch's lines of text, each starting with WHEN */
	void (*lines)(struct out *out, const char *when, const struct cli_sample *smp,
		      const struct cli_opts *o);
	/* screen.c: the screen's line (no newline) */
	void (*screen)(struct out *line, const struct cli_sample *smp,
		       const struct cli_opts *o);
};

/* sections.c: every section, in the order the formats print them. */
extern const struct cli_section *const cli_sections[];
extern const size_t cli_section_count;

/* ---- stack_out.c ---------------------------------------------------------- */

/* A counter (not a gauge) whose name says lost or failed work. */
bool stack_is_trouble(const struct netobs_proto_counter *c);
/* stack_rates.c: watch's drop rates as one line of text into LINE (the
 * screen's wording when SCREEN, else key=value for the pipe), "stack:" first. */
const char *stack_rates_text(char *line, size_t size, const struct netobs_diff *diff,
			     const struct cli_opts *o, bool screen);

#endif /* NETOBS_CLI_SECTIONS_H */
