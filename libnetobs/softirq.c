/* SPDX-License-Identifier: MIT */
/*
 * /proc/softirqs: a header of CPU names, one per POSSIBLE CPU ("CPU0
 * CPU1 ..."; offline CPUs included, and the ids need not be contiguous),
 * then one row per softirq, "NAME:" and a %10u count per CPU.  The CPU of a
 * column is the id in its header name, never its position.  Only NET_RX and
 * NET_TX are kept; every row is checked, so a cut or garbled file is an
 * error rather than half-read numbers.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The next "CPU<id>" of the header at *P; 1 with *ID, 0 at the end of the
 * line, -EBADMSG when a word is not a CPU name. */
static int next_cpu_name(const char **p, const char *e, int *id)
{
	uint64_t v;

	while (*p < e && netobs__is_blank(**p))
		(*p)++;
	if (*p == e)
		return 0;
	if (e - *p < 4 || memcmp(*p, "CPU", 3) != 0 || (*p)[3] < '0' || (*p)[3] > '9')
		return -EBADMSG;
	*p += 3;
	if (netobs__parse_u64(p, e, &v) < 0 || v > NETOBS__CPU_ID_MAX ||
	    (*p < e && !netobs__is_blank(**p)))
		return -EBADMSG;
	*id = (int)v;
	return 1;
}

/* Every word a CPU name, ascending as for_each_possible_cpu() prints them. */
static int check_header(const struct netobs__lines *l, const char *s, const char *e,
			unsigned int *ncpus)
{
	const char *p = s;
	char word[24];
	int id, prev = -1, r;

	*ncpus = 0;
	while (p < e) {
		const char *start = p;

		r = next_cpu_name(&p, e, &id);
		if (r == 0)
			break;
		if (r < 0)
			return netobs__lines_error(l, "'%s' is not a CPU name (CPU<n>)",
						   netobs__word(word, sizeof(word), start, e));
		if (id <= prev)
			return netobs__lines_error(l, "CPU%d after CPU%d: not ascending", id, prev);
		prev = id;
		(*ncpus)++;
	}
	if (*ncpus == 0)
		return netobs__lines_error(l, "no CPU names in the header");
	return 0;
}

/* Finds a CPU quickly while rows walk the header in order: the softnet CPUs
 * (ascending, first in the array) and the ones this file adds (appended by
 * the first row in header order) each have a cursor; anything else falls
 * back to netobs__snapshot_cpu_get. */
struct cpu_cursor {
	size_t known, added, nknown;
};

static struct netobs_cpu *cursor_get(struct netobs_snapshot *snap, struct cpu_cursor *c, int id)
{
	if (c->known < c->nknown && snap->cpus[c->known].id == id)
		return &snap->cpus[c->known++];
	if (c->added < snap->ncpus && snap->cpus[c->added].id == id)
		return &snap->cpus[c->added++];
	return netobs__snapshot_cpu_get(snap, id);
}

struct softirq_row {
	const char *header, *header_end; /* the CPU names */
	unsigned int ncpus;
	int which;		/* enum netobs_softirq, -1: a row not kept */
	size_t nknown;		/* CPUs in the snapshot before this file */
};

/* The counts of one row, one per header CPU, stored when the row is kept. */
static int parse_counts(const struct netobs__lines *l, const struct softirq_row *row,
			const char *p, const char *e, struct netobs_snapshot *snap)
{
	struct cpu_cursor cur = { .known = 0, .added = row->nknown, .nknown = row->nknown };
	const char *h = row->header;
	unsigned int i, n = netobs__count_words(p, e);
	char word[24];

	if (n != row->ncpus)
		return netobs__lines_error(l, "%u counts for %u CPUs", n, row->ncpus);
	for (i = 0; i < n; i++) {
		const char *start = p;
		struct netobs_cpu *cpu;
		uint64_t v;
		int id = 0;

		if (netobs__parse_u64(&p, e, &v) < 0 || (p < e && !netobs__is_blank(*p)) || v > UINT32_MAX)
			return netobs__lines_error(l, "column %u: '%s' is not a 32-bit count", i + 1,
						   netobs__word(word, sizeof(word), start, e));
		if (row->which < 0)
			continue;
		next_cpu_name(&h, row->header_end, &id);
		cpu = cursor_get(snap, &cur, id);
		if (!cpu)
			return netobs__error(l->ctx, -ENOMEM, "out of memory");
		cpu->softirq[row->which] = v;
		cpu->softirq_avail |= 1u << row->which;
	}
	return 0;
}

static int row_kind(const char *name, size_t n)
{
	if (n == 6 && memcmp(name, "NET_RX", 6) == 0)
		return NETOBS_SOFTIRQ_NET_RX;
	if (n == 6 && memcmp(name, "NET_TX", 6) == 0)
		return NETOBS_SOFTIRQ_NET_TX;
	return -1;
}

/* "  NAME: counts"; *SEEN gets a bit per kept row, each allowed once. */
static int parse_row(const struct netobs__lines *l, struct softirq_row *row, const char *s,
		     const char *e, unsigned int *seen, struct netobs_snapshot *snap)
{
	const char *name, *colon, *q;

	while (s < e && netobs__is_blank(*s))
		s++;
	name = s;
	colon = memchr(s, ':', (size_t)(e - s));
	if (!colon || colon == name)
		return netobs__lines_error(l, "expected 'NAME:' and counts");
	for (q = name; q < colon; q++)
		if ((unsigned char)*q <= 0x20 || *q == 0x7f)
			return netobs__lines_error(l, "a softirq name with blanks or control bytes");
	row->which = row_kind(name, (size_t)(colon - name));
	if (row->which >= 0) {
		if (*seen & (1u << row->which))
			return netobs__lines_error(l, "a second %s row",
						   netobs_softirq_name((enum netobs_softirq)row->which));
		*seen |= 1u << row->which;
	}
	return parse_counts(l, row, colon + 1, e, snap);
}

static int check_seen(const struct netobs__lines *l, unsigned int seen)
{
	unsigned int i;

	if (l->lineno == 1)
		return netobs__error_at(l->ctx, -EBADMSG, l->file, 2,
					"only the header, no softirq rows");
	for (i = 0; i < NETOBS__SOFTIRQ_MAX; i++)
		if (!(seen & (1u << i)))
			return netobs__error_at(l->ctx, -EBADMSG, l->file, l->lineno + 1,
						"no %s row before the end",
						netobs_softirq_name((enum netobs_softirq)i));
	return 0;
}

int netobs__softirq_parse(struct netobs_ctx *ctx, const char *file, const char *buf, size_t len,
			  struct netobs_snapshot *snap)
{
	struct netobs__lines l;
	struct softirq_row row = { .nknown = snap->ncpus };
	unsigned int seen = 0;
	const char *s, *e;
	int r;

	/* No line limit: the header grows by 11 bytes per possible CPU. */
	netobs__lines_init(&l, ctx, file, buf, len, 0);
	r = netobs__lines_next(&l, &s, &e);
	if (r == 0)
		return netobs__error_at(ctx, -EBADMSG, file, 1,
					"empty, expected a header of CPU names");
	if (r < 0)
		return r;
	r = check_header(&l, s, e, &row.ncpus);
	if (r < 0)
		return r;
	row.header = s;
	row.header_end = e;
	while ((r = netobs__lines_next(&l, &s, &e)) > 0) {
		r = parse_row(&l, &row, s, e, &seen, snap);
		if (r < 0)
			return r;
	}
	return r < 0 ? r : check_seen(&l, seen);
}

int netobs__softirq_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	char path[PATH_MAX];
	size_t len;
	int err;

	err = netobs__proc_path(ctx, path, sizeof(path), "softirqs");
	if (err == 0)
		err = netobs__file_read_section(ctx, NETOBS__KEPT_SOFTIRQS, path, &len);
	if (err == 0)
		err = netobs__softirq_parse(ctx, path, ctx->procbuf, len, snap);
	return err;
}
