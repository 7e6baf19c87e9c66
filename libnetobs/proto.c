/* SPDX-License-Identifier: MIT */
/*
 * The protocol counters of a network namespace: /proc/net/snmp and
 * /proc/net/netstat print pairs of lines, "Group: Name1 Name2 ..." then
 * "Group: v1 v2 ..." (Ip, Icmp, IcmpMsg, Tcp, Udp, UdpLite; TcpExt, IpExt,
 * MPTcpExt, and whatever group a newer kernel adds); /proc/net/snmp6 prints
 * "Ip6InReceives  value" per line.  Every counter is kept under
 * "Group.Name" ("Ip6.InReceives" for snmp6): the set grows with every
 * kernel, so nothing here knows it beyond the few gauges.  A header and its
 * values must pair by group and count, every value must be a number: else
 * the whole section is refused with the file and line.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

/* Levels, not counts (snmp_seq_show_tcp_udp(), snmp_seq_show_ipstats()):
 * never differenced.  Tcp.MaxConn is the one printed signed (-1: dynamic). */
static const char *const gauges[] = {
	"Ip.Forwarding", "Ip.DefaultTTL", "Tcp.RtoAlgorithm", "Tcp.RtoMin",
	"Tcp.RtoMax",	 "Tcp.MaxConn",	  "Tcp.CurrEstab",
};

/* TcpExt's header is some 3 KiB today; this leaves room to grow. */
#define PROTO_LINE_MAX (1u << 16)

static bool is_gauge(const char *name)
{
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(gauges); i++)
		if (strcmp(gauges[i], name) == 0)
			return true;
	return false;
}

/* SNAP's counters, made on its first read; NULL (with the error) on ENOMEM. */
static struct netobs__proto *proto_get(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	if (!snap->proto) {
		snap->proto = calloc(1, sizeof(*snap->proto));
		if (!snap->proto)
			netobs__error(ctx, -ENOMEM, "out of memory");
	}
	return snap->proto;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static bool valid_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_name_char(s[i]))
			return false;
	return n > 0;
}

/* Appends "GROUP.NAME" (already checked) with its line; NULL on ENOMEM. */
static struct netobs_proto_counter *add_counter(struct netobs__proto *p, const char *group,
						size_t glen, const char *name, size_t nlen,
						enum netobs_section section, unsigned int line)
{
	size_t need = p->pool_len + glen + 1 + nlen + 1;
	struct netobs_proto_counter *c;
	char *s;

	if (netobs__grow((void **)&p->pool, &p->pool_cap, need, 1) < 0 ||
	    netobs__grow((void **)&p->list, &p->cap, p->n + 1, sizeof(*p->list)) < 0)
		return NULL;
	s = p->pool + p->pool_len;
	memcpy(s, group, glen);
	s[glen] = '.';
	memcpy(s + glen + 1, name, nlen);
	s[glen + 1 + nlen] = '\0';
	c = &p->list[p->n++];
	*c = (struct netobs_proto_counter){ .name_off = p->pool_len, .line = line,
					    .section = (uint8_t)section };
	p->pool_len = need;
	if (is_gauge(s))
		c->flags |= NETOBS__PROTO_GAUGE;
	return c;
}

/* One value word [P, E) into C: a count, or a negative level for a gauge. */
static int parse_value(struct netobs_proto_counter *c, const char *p, const char *e)
{
	bool neg = p < e && *p == '-';
	uint64_t v;

	if (neg && !(c->flags & NETOBS__PROTO_GAUGE))
		return -EINVAL;
	if (neg)
		p++;
	if (p == e || *p < '0' || *p > '9' || netobs__parse_u64(&p, e, &v) < 0 || p != e)
		return -EINVAL;
	if (neg && v > (uint64_t)INT64_MAX + 1)
		return -EINVAL;
	c->value = neg ? 0 - v : v;
	if (neg && v)
		c->flags |= NETOBS__PROTO_NEG;
	return 0;
}

/* Adds GROUP.NAME with the value V..VE: 0, or the error, reported on L. */
static int store(const struct netobs__lines *l, struct netobs__proto *p, const char *group,
		 size_t glen, const char *name, size_t nlen, enum netobs_section section,
		 const char *v, const char *ve)
{
	struct netobs_proto_counter *c = add_counter(p, group, glen, name, nlen, section,
						     l->lineno);
	char word[32];

	if (!c)
		return netobs__error(l->ctx, -ENOMEM, "out of memory");
	if (parse_value(c, v, ve) < 0)
		return netobs__lines_error(l, "%s: '%s' is not a number", p->pool + c->name_off,
					   netobs__word(word, sizeof(word), v, ve));
	return 0;
}

/* Names resolved (the pool may have moved since they were added). */
static void resolve_names(struct netobs__proto *p)
{
	size_t k;

	for (k = 0; k < p->n; k++)
		p->list[k].name = p->pool + p->list[k].name_off;
}

/* Indexes section I, just parsed; a name twice is a garbled file. */
static int finish_section(struct netobs_ctx *ctx, const char *file, struct netobs__proto *p,
			  unsigned int i)
{
	size_t k;

	resolve_names(p);
	p->len[i] = p->n - p->start[i];
	if (netobs__proto_index(p, i) < 0) {
		p->len[i] = 0;
		return netobs__error(ctx, -ENOMEM, "out of memory");
	}
	for (k = 1; k < p->len[i]; k++) {
		const struct netobs_proto_counter *a = netobs__proto_sorted(p, i, k - 1);
		const struct netobs_proto_counter *b = netobs__proto_sorted(p, i, k);

		if (strcmp(a->name, b->name) == 0) {
			if (a > b) {
				const struct netobs_proto_counter *t = a;

				a = b;
				b = t;
			}
			p->len[i] = 0;
			return netobs__error_at(ctx, -EBADMSG, file, b->line,
						"%s a second time (first at line %u)", b->name,
						a->line);
		}
	}
	return 0;
}

/* Starts section I where the counters end now. */
static void begin_section(struct netobs__proto *p, unsigned int i)
{
	p->start[i] = p->n;
	p->len[i] = 0;
}

/* Drops the counters of the section that began at START. */
static void truncate_to(struct netobs_snapshot *snap, size_t start)
{
	struct netobs__proto *p = snap->proto;
	size_t i;

	if (!p || start > p->n)
		return;
	if (start < p->n)
		p->pool_len = p->list[start].name_off;
	p->n = start;
	for (i = 0; i < NETOBS__ARRAY_SIZE(p->len); i++)
		if (p->start[i] >= start)
			p->len[i] = 0;
	resolve_names(p); /* the pool may have moved under the failed section */
}

/* "Group:" at the start of [S, E): its name and where the rest begins. */
static int split_group(const struct netobs__lines *l, const char *s, const char *e,
		       const char **g, size_t *glen, const char **rest)
{
	const char *colon = memchr(s, ':', (size_t)(e - s));
	char word[32];

	if (!colon || !valid_name(s, (size_t)(colon - s)))
		return netobs__lines_error(l, "'%s' is not 'Group:' and words",
					   netobs__word(word, sizeof(word), s, e));
	*g = s;
	*glen = (size_t)(colon - s);
	*rest = colon + 1;
	return 0;
}

/* The next blank-separated word of [*P, E) into [*W, *WE); false at the end. */
static bool next_word(const char **p, const char *e, const char **w, const char **we)
{
	while (*p < e && netobs__is_blank(**p))
		(*p)++;
	if (*p == e)
		return false;
	*w = *p;
	while (*p < e && !netobs__is_blank(**p))
		(*p)++;
	*we = *p;
	return true;
}

struct pair {
	const char *group, *names, *names_end;
	size_t glen;
	unsigned int hline;	/* of the header */
};

/* The value line of the header H: same group, as many values as names. */
static int parse_values(const struct netobs__lines *l, const struct pair *h, const char *s,
			const char *e, enum netobs_section section, struct netobs__proto *p)
{
	const char *g, *vals, *np = h->names, *w, *we, *v, *ve;
	unsigned int nn = netobs__count_words(h->names, h->names_end), nv;
	size_t glen;
	int r;

	r = split_group(l, s, e, &g, &glen, &vals);
	if (r < 0)
		return r;
	if (glen != h->glen || memcmp(g, h->group, glen) != 0)
		return netobs__lines_error(l, "values of %.*s after the header of %.*s (line %u)",
					   (int)glen, g, (int)h->glen, h->group, h->hline);
	nv = netobs__count_words(vals, e);
	if (nv != nn)
		return netobs__lines_error(l, "%u values for the %u names of %.*s (line %u)", nv,
					   nn, (int)glen, g, h->hline);
	while (next_word(&np, h->names_end, &w, &we) && next_word(&vals, e, &v, &ve)) {
		r = store(l, p, g, glen, w, (size_t)(we - w), section, v, ve);
		if (r < 0)
			return r;
	}
	return 0;
}

/* "Group: Name1 Name2 ...": every name a C identifier. */
static int parse_header(const struct netobs__lines *l, const char *s, const char *e,
			struct pair *h)
{
	const char *p, *w, *we;
	char word[32];
	int r;

	r = split_group(l, s, e, &h->group, &h->glen, &h->names);
	if (r < 0)
		return r;
	h->names_end = e;
	h->hline = l->lineno;
	p = h->names;
	while (next_word(&p, e, &w, &we))
		if (!valid_name(w, (size_t)(we - w)))
			return netobs__lines_error(l, "'%s' is not a counter name",
						   netobs__word(word, sizeof(word), w, we));
	return 0;
}

int netobs__proto_parse_pairs(struct netobs_ctx *ctx, const char *file, const char *buf,
			      size_t len, enum netobs_section section,
			      struct netobs_snapshot *snap)
{
	struct netobs__lines l;
	struct netobs__proto *p;
	struct pair h;
	const char *s, *e;
	int r;

	if (!(p = proto_get(ctx, snap)))
		return -ENOMEM;
	begin_section(p, (unsigned int)(section - NETOBS_SECTION_SNMP));
	netobs__lines_init(&l, ctx, file, buf, len, PROTO_LINE_MAX);
	while ((r = netobs__lines_next(&l, &s, &e)) > 0) {
		if ((r = parse_header(&l, s, e, &h)) < 0)
			return r;
		r = netobs__lines_next(&l, &s, &e);
		if (r == 0)
			return netobs__error_at(ctx, -EBADMSG, file, h.hline,
						"the header of %.*s has no value line", (int)h.glen,
						h.group);
		if (r < 0 || (r = parse_values(&l, &h, s, e, section, p)) < 0)
			return r;
	}
	if (r < 0)
		return r;
	if (l.lineno == 0)
		return netobs__error_at(ctx, -EBADMSG, file, 1, "no counters");
	return finish_section(ctx, file, p, (unsigned int)(section - NETOBS_SECTION_SNMP));
}

/* "Ip6InReceives": the group is everything up to its first '6'. */
static int parse_snmp6_line(const struct netobs__lines *l, const char *s, const char *e,
			    struct netobs__proto *p)
{
	const char *q = s, *w, *we, *v, *ve, *six;
	char word[32];

	if (netobs__count_words(s, e) != 2)
		return netobs__lines_error(l, "expected 'Name value'");
	next_word(&q, e, &w, &we);
	next_word(&q, e, &v, &ve);
	six = memchr(w, '6', (size_t)(we - w));
	if (!valid_name(w, (size_t)(we - w)) || !six || six == w || six + 1 == we)
		return netobs__lines_error(l, "'%s' is not a counter name (Group6Name)",
					   netobs__word(word, sizeof(word), w, we));
	return store(l, p, w, (size_t)(six + 1 - w), six + 1, (size_t)(we - six - 1),
		     NETOBS_SECTION_SNMP6, v, ve);
}

int netobs__proto_parse_snmp6(struct netobs_ctx *ctx, const char *file, const char *buf,
			      size_t len, struct netobs_snapshot *snap)
{
	struct netobs__lines l;
	struct netobs__proto *p;
	const char *s, *e;
	int r;

	if (!(p = proto_get(ctx, snap)))
		return -ENOMEM;
	begin_section(p, 2);
	netobs__lines_init(&l, ctx, file, buf, len, PROTO_LINE_MAX);
	while ((r = netobs__lines_next(&l, &s, &e)) > 0)
		if ((r = parse_snmp6_line(&l, s, e, p)) < 0)
			return r;
	if (r < 0)
		return r;
	if (l.lineno == 0)
		return netobs__error_at(ctx, -EBADMSG, file, 1, "no counters");
	return finish_section(ctx, file, p, 2);
}

/* ---- the three sections ---------------------------------------------------- */

static const struct {
	const char *file;
	enum netobs__kept kept;
} files[] = {
	{ "snmp", NETOBS__KEPT_SNMP },
	{ "netstat", NETOBS__KEPT_NETSTAT },
	{ "snmp6", NETOBS__KEPT_SNMP6 },
};

static int read_one(struct netobs_ctx *ctx, struct netobs_snapshot *snap, unsigned int i)
{
	enum netobs_section section = (enum netobs_section)(NETOBS_SECTION_SNMP + i);
	struct netobs__proto *p;
	char path[PATH_MAX];
	size_t len;
	int err;

	if (!(p = proto_get(ctx, snap)))
		return -ENOMEM;
	begin_section(p, i); /* a file that cannot be read is dropped from here */
	err = netobs__proc_net_path(ctx, path, sizeof(path), files[i].file);
	if (err == 0)
		err = netobs__file_read_section(ctx, files[i].kept, path, &len);
	if (err < 0)
		return err;
	if (section == NETOBS_SECTION_SNMP6)
		return netobs__proto_parse_snmp6(ctx, path, ctx->procbuf, len, snap);
	return netobs__proto_parse_pairs(ctx, path, ctx->procbuf, len, section, snap);
}

int netobs__snmp_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	return read_one(ctx, snap, 0);
}

int netobs__netstat_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	return read_one(ctx, snap, 1);
}

int netobs__snmp6_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	return read_one(ctx, snap, 2);
}

void netobs__snapshot_clear_snmp(struct netobs_snapshot *snap)
{
	if (snap->proto)
		truncate_to(snap, snap->proto->start[0]);
}

void netobs__snapshot_clear_netstat(struct netobs_snapshot *snap)
{
	if (snap->proto)
		truncate_to(snap, snap->proto->start[1]);
}

void netobs__snapshot_clear_snmp6(struct netobs_snapshot *snap)
{
	if (snap->proto)
		truncate_to(snap, snap->proto->start[2]);
}

void netobs__proto_clear(struct netobs_snapshot *snap)
{
	if (snap->proto)
		truncate_to(snap, 0);
}

void netobs__proto_free(struct netobs_snapshot *snap)
{
	size_t i;

	if (!snap->proto)
		return;
	free(snap->proto->list);
	for (i = 0; i < NETOBS__ARRAY_SIZE(snap->proto->idx); i++)
		free(snap->proto->idx[i].perm);
	free(snap->proto->pool);
	free(snap->proto);
	snap->proto = NULL;
}
