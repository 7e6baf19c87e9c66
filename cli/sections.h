/* SPDX-License-Identifier: MIT */
/*
 * The sections beside the devices, each in every format: the peers in
 * other namespaces (netns_out.c), qdiscs (qdisc_out.c), protocol counters
 * (stack_out.c) and sockets (sockets_out.c).
 */
#ifndef NETOBS_CLI_SECTIONS_H
#define NETOBS_CLI_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <netobs.h>

struct cli_opts;
struct cli_sample;
struct filter;
struct json;
struct out;

/* ---- netns_out.c: devices with a peer in another namespace, its container -- */

/* "peers": [...] of the selected devices whose peer is elsewhere. */
void netns_peers_json(struct json *j, const struct netobs_snapshot *snap, const struct filter *f);
/* netobs_device_peer_info series of the same devices. */
void netns_peers_prom(struct out *out, const struct netobs_snapshot *snap, const struct filter *f);

/* ---- qdisc_out.c: the qdiscs section in every format ----------------------- */

struct cli_sample;
/* Q is shown when its device passes F (any, unfiltered, when unknown). */
bool qdisc_selected(const struct filter *f, const struct netobs_snapshot *snap,
		    const struct netobs_qdisc *q);
void qdisc_table(struct out *out, const struct netobs_snapshot *snap, const struct cli_opts *o);
/* show's one line: the qdiscs with drops. */
void qdisc_show_line(struct out *out, const struct netobs_snapshot *snap,
		     const struct cli_opts *o);
/* "qdiscs": [...] */
void qdisc_json(struct json *j, const struct netobs_snapshot *snap, const struct filter *f);
void qdisc_prom(struct out *out, const struct netobs_snapshot *snap, const struct filter *f);
/* Watch: a line per qdisc that dropped; the screen's row text (0: none). */
void qdisc_lines(struct out *out, const char *when, const struct cli_sample *smp,
		 const struct cli_opts *o);
size_t qdisc_screen_text(char *buf, size_t size, const struct cli_sample *smp,
			 const struct cli_opts *o);
/* The screen's section lines, one per section (screen.c). */
void qdisc_screen(struct out *line, const struct cli_sample *smp, const struct cli_opts *o);
void stack_screen(struct out *line, const struct cli_sample *smp, const struct cli_opts *o);
size_t qdisc_dropping(const struct cli_sample *smp, const struct filter *f,
		      void (*fn)(void *arg, const struct netobs_qdisc *q, double rate), void *arg);

/* ---- stack_out.c: netobs stack, the protocol counters ------------------- */

/* A counter (not a gauge) whose name says lost or failed work. */
bool stack_is_trouble(const struct netobs_proto_counter *c);
/* The table of netobs stack; the one-line summary under show's table. */
void stack_table(struct out *out, const struct netobs_snapshot *snap, const struct cli_opts *o);
void stack_summary(struct out *out, const struct netobs_snapshot *snap);
/* The one-shot document's "stack" member; the Prometheus families. */
void stack_json(struct json *j, const struct netobs_snapshot *snap);
/* Watch NDJSON: "stack_rates", the counters that moved, per second. */
void stack_json_rates(struct json *j, const struct netobs_diff *diff,
		      const struct netobs_snapshot *snap);
void stack_prom(struct out *out, const struct netobs_snapshot *snap, unsigned int groups);
/* Watch: the drop rates as one line of text into LINE (the screen's
 * wording when SCREEN, else key=value for the pipe), "stack:" first. */
const char *stack_rates_text(char *line, size_t size, const struct netobs_diff *diff,
			     const struct cli_opts *o, bool screen);

/* ---- sockets_out.c ------------------------------------------------------- */

/* The sockets section in each format (see netobs(1)). */
void sockets_table(struct out *out, const struct netobs_snapshot *snap, const struct cli_opts *o);
void sockets_summary(struct out *out, const struct netobs_snapshot *snap);
void sockets_json(struct json *j, const struct netobs_snapshot *snap);
void sockets_prom(struct out *out, const struct netobs_snapshot *snap);
/* The screen's sockets line: "sockets: 2 dropping 12.0/s: udp ..." (no
 * newline).  Each section with drops has one such function, called by
 * screen.c's table of section lines. */
void sockets_screen(struct out *line, const struct cli_sample *smp, const struct cli_opts *o);
void sockets_lines(struct out *out, const char *when, const struct netobs_diff *diff,
		   const struct netobs_snapshot *snap, const struct cli_opts *o);

#endif /* NETOBS_CLI_SECTIONS_H */
