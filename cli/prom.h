/* SPDX-License-Identifier: MIT */
/*
 * Format "prom": the exposition (prom.c), HELP texts (prom_help.c),
 * --metrics groups (prom_metrics.c), labels (prom_label.c) and the merge
 * of several expositions (prom_merge.c).
 */
#ifndef NETOBS_CLI_PROM_H
#define NETOBS_CLI_PROM_H

#include <stdbool.h>
#include <stddef.h>

#include <netobs.h>

#include "outbuf.h"

struct cli_opts;

/* ---- prom.c -------------------------------------------------------------- */

/* The label block {device="...",class="...",kind="..."} of every selected
 * device, escaped once per snapshot: each of a device's ~30 families repeats
 * it.  Kept between calls so watch --textfile allocates nothing per tick. */
struct prom {
	const struct netobs_device **devs;
	size_t *end;		/* block I is labels.buf[end[I - 1] .. end[I]) */
	size_t ndevs, cap;
	struct out labels;
};

/* --metrics groups (prom_metrics.c): which families are written. */
enum prom_group {
	PROM_GROUP_CORE = 1 << 0,	/* device identity, state, traffic */
	PROM_GROUP_ERRORS = 1 << 1,	/* rx_errors, tx_errors */
	PROM_GROUP_DROPS = 1 << 2,	/* the five device drop counters */
	PROM_GROUP_DETAILS = 1 << 3,	/* errors by cause, compressed */
	PROM_GROUP_SOFTNET = 1 << 4,
	PROM_GROUP_SOFTIRQ = 1 << 5,
	PROM_GROUP_SYSCTL = 1 << 6,
	PROM_GROUP_QDISC = 1 << 7,
	PROM_GROUP_SOCKETS = 1 << 8,
	PROM_GROUP_STACK = 1 << 9,	/* protocol drop and error counters */
	PROM_GROUP_STACK_EXTRA = 1 << 10, /* every other protocol counter */
};
#define PROM_GROUPS_ALL ((1u << 11) - 1)
#define PROM_GROUPS_DEFAULT                                                              \
	(PROM_GROUP_CORE | PROM_GROUP_ERRORS | PROM_GROUP_DROPS | PROM_GROUP_SOFTNET |  \
	 PROM_GROUP_SYSCTL | PROM_GROUP_QDISC | PROM_GROUP_SOCKETS | PROM_GROUP_STACK)

/* NULL when LIST parses into *OUT, else why (*BAD: the entry). */
const char *prom_metrics_parse(const char *list, unsigned int *out, const char **bad);

/* prom_help.c: a device counter's HELP and group; one this table lacks
 * gets a generated text in BUF through FALLBACK. */
struct prom_counter_help {
	unsigned int group;
	const char *help;
};
const struct prom_counter_help *prom_counter_help(enum netobs_counter c, char *buf, size_t size,
						  struct prom_counter_help *fallback);
const char *prom_tunable_help(enum netobs_tunable t, char *buf, size_t size);

void prom_init(struct prom *p);
void prom_free(struct prom *p);
/* The Prometheus text of SNAP's sections in OUT; SCRAPE_SECONDS is how long
 * the snapshot took. */
void prom_print(struct prom *p, struct out *out, const struct netobs_snapshot *snap,
		const struct cli_opts *o, double scrape_seconds);

/* Writes KEY="VALUE" (escaped), with a comma before all but the first. */
void prom_label_pair(struct out *o, const char *key, const char *value, bool first);

/* ---- prom_merge.c ------------------------------------------------------- */

/* Several expositions as one (see there). */
struct merge_family;
struct prom_merge {
	struct merge_family *fams;
	size_t n, cap, last;
};
/* TEXT of LEN bytes: LABELS (NUL-terminated 'k="v",...') go first in each
 * sample; NULL: host-wide samples, which own their families. */
void prom_merge_add(struct prom_merge *m, const char *text, size_t len, const char *labels);
void prom_merge_write(const struct prom_merge *m, struct out *out);
void prom_merge_free(struct prom_merge *m);

#endif /* NETOBS_CLI_PROM_H */
