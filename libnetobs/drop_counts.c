/* SPDX-License-Identifier: MIT */
/*
 * Drop counts: the tracer's table of (reason, protocol, location) tuples,
 * and the counts object built from it, with one list per key, named.
 *
 * The table is fixed (NETOBS__DROP_SLOTS, open addressing).  Past
 * NETOBS__DROP_FILL distinct tuples a new one is counted in the total and
 * as "untracked", in no list: the hot path never allocates, and a flood of
 * distinct sites cannot grow memory.  Real kernels drop at a few dozen
 * sites, so the bound is far.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

struct entry {
	char name[NETOBS__SYMBOL_NAMESIZ + 24];
	uint64_t count;
	char site[NETOBS__SYMBOL_NAMESIZ]; /* reasons: the top function */
	uint64_t site_count;
};

struct netobs_drop_counts {
	double seconds;
	uint64_t total, lost, untracked;
	bool has_reasons;
	struct entry *lists[NETOBS_DROP_BY_PROTOCOL + 1];
	size_t n[NETOBS_DROP_BY_PROTOCOL + 1];
};

static uint32_t tuple_hash(const struct netobs__drop_record *r)
{
	uint64_t h = r->location ^ ((uint64_t)r->reason << 32) ^ ((uint64_t)r->protocol << 16);

	h *= 0x9E3779B97F4A7C15ull;
	return (uint32_t)(h >> 40);
}

void netobs__drop_table_add(struct netobs__drop_table *t, const struct netobs__drop_record *r)
{
	uint32_t i = tuple_hash(r) & (NETOBS__DROP_SLOTS - 1);
	struct netobs__drop_tuple *s;

	t->total++;
	for (;; i = (i + 1) & (NETOBS__DROP_SLOTS - 1)) {
		s = &t->slots[i];
		if (!s->used)
			break;
		if (s->location == r->location && s->reason == r->reason &&
		    s->protocol == r->protocol) {
			s->count++;
			return;
		}
	}
	if (t->used >= NETOBS__DROP_FILL) {
		t->untracked++;
		return;
	}
	s->used = true;
	s->location = r->location;
	s->reason = r->reason;
	s->protocol = r->protocol;
	s->count = 1;
	t->used++;
}

static const struct {
	uint16_t proto;
	const char *name;
} eth_protos[] = {
	{ 0x0001, "802_3" },  { 0x0003, "ALL" },     { 0x0004, "802_2" },
	{ 0x0800, "IP" },     { 0x0806, "ARP" },     { 0x8035, "RARP" },
	{ 0x6558, "TEB" },    { 0x8100, "8021Q" },   { 0x86DD, "IPV6" },
	{ 0x8847, "MPLS_UC" }, { 0x8848, "MPLS_MC" }, { 0x8863, "PPP_DISC" },
	{ 0x8864, "PPP_SES" }, { 0x888E, "PAE" },     { 0x88A8, "8021AD" },
	{ 0x88CC, "LLDP" },   { 0x88E5, "MACSEC" },  { 0x88F7, "1588" },
	{ 0x8906, "FCOE" },   { 0x894F, "NSH" },
};

const char *netobs__eth_proto_name(uint16_t proto)
{
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(eth_protos); i++)
		if (eth_protos[i].proto == proto)
			return eth_protos[i].name;
	return NULL;
}

/* The tuples of T, sorted by reason then location. */
static int tuple_cmp(const void *a, const void *b)
{
	const struct netobs__drop_tuple *x = a, *y = b;

	if (x->reason != y->reason)
		return (x->reason > y->reason) - (x->reason < y->reason);
	return (x->location > y->location) - (x->location < y->location);
}

/* The entry named NAME in list KEY, appended when new. */
static struct entry *entry_get(struct netobs_drop_counts *c, int key, const char *name,
			       size_t cap)
{
	size_t i;

	for (i = 0; i < c->n[key]; i++)
		if (strcmp(c->lists[key][i].name, name) == 0)
			return &c->lists[key][i];
	if (c->n[key] >= cap)
		return NULL;
	snprintf(c->lists[key][i].name, sizeof(c->lists[key][i].name), "%s", name);
	c->n[key]++;
	return &c->lists[key][i];
}

static void reason_label(const struct netobs__trace_format *f, uint32_t v, char *buf,
			 size_t size)
{
	const char *name = netobs__trace_reason_name(f, v);

	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%u", v); /* a value the table lacks */
}

static void proto_label(uint16_t p, char *buf, size_t size)
{
	const char *name = netobs__eth_proto_name(p);

	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, p ? "0x%04x" : "none", p);
}

/* A reason's site: the function with the most drops of it.  The tuples
 * come by reason then address, so one function's sites are adjacent. */
static void note_site(struct entry *e, const char *sym, uint64_t *run, char *run_sym,
		      uint64_t count)
{
	if (strcmp(run_sym, sym) != 0) {
		snprintf(run_sym, NETOBS__SYMBOL_NAMESIZ, "%s", sym);
		*run = 0;
	}
	*run += count;
	if (*run > e->site_count) {
		e->site_count = *run;
		snprintf(e->site, sizeof(e->site), "%s", sym);
	}
}

static int add_tuples(struct netobs_drop_counts *c, const struct netobs__drop_tuple *tv,
		      size_t n, const struct netobs__trace_format *f,
		      const struct netobs__kallsyms *k)
{
	char name[NETOBS__SYMBOL_NAMESIZ + 24], sym[NETOBS__SYMBOL_NAMESIZ] = "";
	char run_sym[NETOBS__SYMBOL_NAMESIZ] = "";
	struct entry *e;
	uint64_t run = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		netobs__kallsyms_resolve(k, tv[i].location, name, sizeof(name), sym, sizeof(sym));
		if (!(e = entry_get(c, NETOBS_DROP_BY_LOCATION, name, n)))
			return -ENOMEM;
		e->count += tv[i].count;
		proto_label(tv[i].protocol, name, sizeof(name));
		if (!(e = entry_get(c, NETOBS_DROP_BY_PROTOCOL, name, n)))
			return -ENOMEM;
		e->count += tv[i].count;
		if (!c->has_reasons)
			continue;
		if (i == 0 || tv[i].reason != tv[i - 1].reason)
			run_sym[0] = '\0';
		reason_label(f, tv[i].reason, name, sizeof(name));
		if (!(e = entry_get(c, NETOBS_DROP_BY_REASON, name, n)))
			return -ENOMEM;
		e->count += tv[i].count;
		note_site(e, sym, &run, run_sym, tv[i].count);
	}
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The used slots of T, sorted. */
static struct netobs__drop_tuple *tuples_of(const struct netobs__drop_table *t, size_t *n)
{
	struct netobs__drop_tuple *tv = malloc((t->used ? t->used : 1) * sizeof(*tv));
	size_t i;

	*n = 0;
	if (!tv)
		return NULL;
	for (i = 0; i < NETOBS__DROP_SLOTS; i++)
		if (t->slots[i].used)
			tv[(*n)++] = t->slots[i];
	qsort(tv, *n, sizeof(*tv), tuple_cmp);
	return tv;
}

int netobs__drop_counts_build(struct netobs_drop_counts **out, const struct netobs__drop_table *t,
			      const struct netobs__trace_format *f,
			      const struct netobs__kallsyms *k, double seconds)
{
	struct netobs_drop_counts *c = calloc(1, sizeof(*c));
	struct netobs__drop_tuple *tv;
	size_t n, key;
	int err = -ENOMEM;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	tv = tuples_of(t, &n);
	for (key = 0; key < NETOBS__ARRAY_SIZE(c->lists); key++)
		c->lists[key] = calloc(n ? n : 1, sizeof(struct entry));
	c->seconds = seconds;
	c->total = t->total;
	c->lost = t->lost;
	c->untracked = t->untracked;
	c->has_reasons = f->reason.present;
	if (tv && c->lists[0] && c->lists[1] && c->lists[2])
		err = add_tuples(c, tv, n, f, k);
	free(tv);
	if (err < 0) {
		netobs_drop_counts_free(c);
		return err;
	}
	for (key = 0; key < NETOBS__ARRAY_SIZE(c->lists); key++)
		qsort(c->lists[key], c->n[key], sizeof(struct entry), entry_cmp);
	*out = c;
	return 0;
}

void netobs_drop_counts_free(struct netobs_drop_counts *c)
{
	size_t key;

	if (!c)
		return;
	for (key = 0; key < NETOBS__ARRAY_SIZE(c->lists); key++)
		free(c->lists[key]);
	free(c);
}

double netobs_drop_counts_seconds(const struct netobs_drop_counts *c)
{
	return c ? c->seconds : NAN;
}

uint64_t netobs_drop_counts_total(const struct netobs_drop_counts *c)
{
	return c ? c->total : 0;
}

uint64_t netobs_drop_counts_lost(const struct netobs_drop_counts *c)
{
	return c ? c->lost : 0;
}

uint64_t netobs_drop_counts_untracked(const struct netobs_drop_counts *c)
{
	return c ? c->untracked : 0;
}

int netobs_drop_counts_has_reasons(const struct netobs_drop_counts *c)
{
	return c && c->has_reasons;
}

static const struct entry *entry_at(const struct netobs_drop_counts *c,
				    enum netobs_drop_key key, size_t i)
{
	if (!c || (unsigned int)key >= NETOBS__ARRAY_SIZE(c->lists) || i >= c->n[key])
		return NULL;
	return &c->lists[key][i];
}

size_t netobs_drop_counts_size(const struct netobs_drop_counts *c, enum netobs_drop_key key)
{
	if (!c || (unsigned int)key >= NETOBS__ARRAY_SIZE(c->lists))
		return 0;
	return c->n[key];
}

const char *netobs_drop_counts_name(const struct netobs_drop_counts *c,
				    enum netobs_drop_key key, size_t i)
{
	const struct entry *e = entry_at(c, key, i);

	return e ? e->name : NULL;
}

uint64_t netobs_drop_counts_value(const struct netobs_drop_counts *c, enum netobs_drop_key key,
				  size_t i)
{
	const struct entry *e = entry_at(c, key, i);

	return e ? e->count : 0;
}

static const struct entry *entry_named(const struct netobs_drop_counts *c,
				       enum netobs_drop_key key, const char *name)
{
	size_t i;

	for (i = 0; name && i < netobs_drop_counts_size(c, key); i++)
		if (strcmp(c->lists[key][i].name, name) == 0)
			return &c->lists[key][i];
	return NULL;
}

uint64_t netobs_drop_counts_find(const struct netobs_drop_counts *c, enum netobs_drop_key key,
				 const char *name)
{
	const struct entry *e = entry_named(c, key, name);

	return e ? e->count : 0;
}

const char *netobs_drop_counts_site(const struct netobs_drop_counts *c, const char *reason)
{
	const struct entry *e = entry_named(c, NETOBS_DROP_BY_REASON, reason);

	return e && e->site[0] ? e->site : NULL;
}

const char *netobs_drop_key_name(enum netobs_drop_key key)
{
	static const char *const names[] = { "reason", "location", "protocol" };

	if ((unsigned int)key >= NETOBS__ARRAY_SIZE(names))
		return NULL;
	return names[key];
}
