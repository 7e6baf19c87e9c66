/* SPDX-License-Identifier: MIT */
/*
 * The writers every Prometheus family goes through (prom.c's devices,
 * prom_host.c's CPUs, sysctls and the scrape's own series): a family's
 * HELP and TYPE before its first sample, and the cursor that writes many
 * sample lines per call into outbuf.c.  Inline: they are the hot path.
 * Private to prom*.c.
 */
#ifndef NETOBS_CLI_PROM_WRITE_H
#define NETOBS_CLI_PROM_WRITE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "outbuf.h"

#define PROM_NAMESIZ 96

struct family {
	struct out *out;
	const char *name;
	size_t namelen;
	const char *help;
	const char *type; /* "counter" or "gauge" */
	bool started;
};

static inline void family_init(struct family *f, struct out *out, const char *name, const char *help,
			const char *type)
{
	f->out = out;
	f->name = name;
	f->namelen = strlen(name);
	f->help = help;
	f->type = type;
	f->started = false;
}

/* The family's HELP and TYPE, before its first sample. */
static inline void family_header(struct family *f)
{
	if (f->started)
		return;
	out_printf(f->out, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name, f->type);
	f->started = true;
}

/* Starts a sample line whose labels and value the caller writes. */
static inline void sample_begin(struct family *f)
{
	family_header(f);
	out_write(f->out, f->name, f->namelen);
}

/* ---- the hot path -------------------------------------------------------- */

/* A device family is 4001 lines at 4001 devices, 31 families with
 * --metrics all: 12 MB where each line is two memcpys and a number.  The
 * cursor takes room for many lines from the buffer at once and commits
 * them at once (a commit past 64 KiB flushes), so a line makes no call
 * into outbuf.c. */
#define CURSOR_CHUNK (64 * 1024)

struct cursor {
	struct out *out;
	char *start, *at, *end;
};

static inline void cursor_init(struct cursor *c, struct out *out)
{
	c->out = out;
	c->start = c->at = c->end = NULL;
}

/* Commits what was written; the buffer may move (a flush) after it. */
static inline void cursor_done(struct cursor *c)
{
	if (c->start)
		out_commit(c->out, (size_t)(c->at - c->start));
	c->start = c->at = c->end = NULL;
}

/* Room for NEED more bytes at c->at; false after a write error. */
static inline bool cursor_room(struct cursor *c, size_t need)
{
	size_t avail;

	if ((size_t)(c->end - c->at) >= need)
		return true;
	cursor_done(c);
	c->start = out_space(c->out, need > CURSOR_CHUNK ? need : CURSOR_CHUNK, &avail);
	if (!c->start)
		return false;
	c->at = c->start;
	c->end = c->start + avail;
	return true;
}

static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* V in decimal at P (at most 20 bytes, no NUL); the length.  Most device
 * error counters are 0: one store. */
static inline size_t prom_put_u64(char *p, uint64_t v)
{
	size_t n = 1, i;
	uint64_t t = v;

	if (v < 10) {
		*p = (char)('0' + v);
		return 1;
	}
	while (t >= 10) {
		t /= 10;
		n++;
	}
	i = n;
	while (v >= 100) {
		i -= 2;
		memcpy(p + i, digit_pairs + (v % 100) * 2, 2);
		v /= 100;
	}
	if (v >= 10)
		memcpy(p, digit_pairs + v * 2, 2);
	else
		*p = (char)('0' + v);
	return n;
}

/* NAME LABELS VALUE\n through the cursor.  LABELS is an escaped block,
 * braces included. */
static inline void cursor_sample(struct cursor *c, const struct family *f, const char *labels,
				 size_t labels_len, uint64_t v)
{
	char *at;

	if (!cursor_room(c, f->namelen + labels_len + 22))
		return;
	at = c->at;
	memcpy(at, f->name, f->namelen);
	at += f->namelen;
	memcpy(at, labels, labels_len);
	at += labels_len;
	*at++ = ' ';
	at += prom_put_u64(at, v);
	*at++ = '\n';
	c->at = at;
}

/* One sample outside the device loops (CPUs): the same line. */
static inline void sample(struct family *f, const char *labels, size_t labels_len, uint64_t v)
{
	struct cursor c;

	family_header(f);
	cursor_init(&c, f->out);
	cursor_sample(&c, f, labels, labels_len, v);
	cursor_done(&c);
}

/* prom_host.c: the host-wide families prom_print() writes around the
 * devices'. */
struct netobs_snapshot;
void prom_sections_print(struct out *out, const struct netobs_snapshot *snap);
void prom_freshness_print(struct out *out, const struct netobs_snapshot *snap);
void prom_softnet_print(struct out *out, const struct netobs_snapshot *snap);
void prom_softirq_print(struct out *out, const struct netobs_snapshot *snap);
void prom_tunables_print(struct out *out, const struct netobs_snapshot *snap);
void prom_self_print(struct out *out, double scrape_seconds);

#endif /* NETOBS_CLI_PROM_WRITE_H */
