/* SPDX-License-Identifier: MIT */
/*
 * The format file of a tracepoint (tracefs events/SYSTEM/EVENT/format): the
 * record's fields with their offsets and sizes, and the names the "print
 * fmt" gives the values of __print_symbolic(REC->reason, ...).  netobs
 * compiles in no enum skb_drop_reason value: the values shift between
 * kernels (5.17 starts NOT_SPECIFIED at 0, 5.18 at 1, 6.2 at 2), so the
 * names come from the running kernel's own table.  A pure parser: bytes
 * in, no file, no context (the fuzzer calls it).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

/* A line of BUF without its newline. */
struct span {
	const char *p;
	size_t len;
};

static const char *span_find(struct span s, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; n <= s.len && i <= s.len - n; i++)
		if (memcmp(s.p + i, needle, n) == 0)
			return s.p + i;
	return NULL;
}

/* The number after KEY ("offset:") in S, up to ';'. */
static int field_number(struct span s, const char *key, uint32_t *out)
{
	const char *p = span_find(s, key), *end = s.p + s.len;
	uint64_t v;

	if (!p)
		return -EBADMSG;
	p += strlen(key);
	if (netobs__parse_u64(&p, end, &v) < 0 || v > UINT16_MAX || p == end || *p != ';')
		return -EBADMSG;
	*out = (uint32_t)v;
	return 0;
}

/* The declared name in "field:TYPE NAME[N];": the identifier before ';'
 * or '['. */
static struct span field_name(struct span s)
{
	const char *semi = memchr(s.p, ';', s.len), *e, *b;
	struct span none = { NULL, 0 };

	if (!semi)
		return none;
	e = semi;
	b = memchr(s.p, '[', (size_t)(semi - s.p));
	if (b)
		e = b;
	b = e;
	while (b > s.p && (b[-1] == '_' || (b[-1] >= 'a' && b[-1] <= 'z') ||
			   (b[-1] >= 'A' && b[-1] <= 'Z') || (b[-1] >= '0' && b[-1] <= '9')))
		b--;
	return (struct span){ b, (size_t)(e - b) };
}

static bool span_is(struct span s, const char *word)
{
	return s.len == strlen(word) && memcmp(s.p, word, s.len) == 0;
}

static struct netobs__trace_field *field_slot(struct netobs__trace_format *f, struct span name)
{
	if (span_is(name, "skbaddr"))
		return &f->skbaddr;
	if (span_is(name, "location"))
		return &f->location;
	if (span_is(name, "protocol"))
		return &f->protocol;
	if (span_is(name, "reason"))
		return &f->reason;
	return NULL;
}

/* Sizes the decoder can read; anything else is a kernel netobs does not
 * know, and saying so beats decoding garbage. */
static bool size_ok(const struct netobs__trace_field *fl, struct span name)
{
	if (span_is(name, "protocol"))
		return fl->size == 2;
	if (span_is(name, "reason"))
		return fl->size == 4 || fl->size == 2 || fl->size == 1;
	return fl->size == 8 || fl->size == 4;
}

static int parse_field(struct netobs__trace_format *f, struct span s, const char **why)
{
	struct span name = field_name(s);
	struct netobs__trace_field *fl, tmp;

	if (!name.p || name.len == 0) {
		*why = "a field without a name";
		return -EBADMSG;
	}
	if (field_number(s, "offset:", &tmp.offset) < 0 || field_number(s, "size:", &tmp.size) < 0) {
		*why = "a field without a number offset: and size:";
		return -EBADMSG;
	}
	fl = field_slot(f, name);
	if (!fl)
		return 0;
	if (!size_ok(&tmp, name)) {
		*why = "a field of a size netobs cannot decode";
		return -EBADMSG;
	}
	tmp.present = true;
	*fl = tmp;
	return 0;
}

static void skip_space(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

/* The enum's names are C identifiers: anything else (a NUL, a quote, a
 * control byte) is not a kernel's, and would reach labels and terminals. */
bool netobs__reason_name_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!(s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* One '{ VALUE, "NAME" }' at *P; moves past it. */
static int parse_entry(const char **p, const char *end, struct netobs__trace_reason *r,
		       const char **why)
{
	const char *q;
	uint64_t v;

	skip_space(p, end);
	if (*p == end || **p != '{')
		return *why = "a __print_symbolic entry without '{'", -EBADMSG;
	(*p)++;
	skip_space(p, end);
	if (end - *p > 2 && (*p)[0] == '0' && ((*p)[1] == 'x' || (*p)[1] == 'X')) {
		*p += 2;
		if (netobs__parse_hex(p, end, &v) < 0)
			return *why = "a reason value that is not a number", -EBADMSG;
	} else if (netobs__parse_u64(p, end, &v) < 0) {
		/* the kernel left the enum name unresolved */
		return *why = "a reason value that is not a number", -EBADMSG;
	}
	if (v > UINT32_MAX)
		return *why = "a reason value past 32 bits", -EBADMSG;
	skip_space(p, end);
	if (*p == end || **p != ',')
		return *why = "a __print_symbolic entry without ','", -EBADMSG;
	(*p)++;
	skip_space(p, end);
	if (*p == end || **p != '"')
		return *why = "a reason name without quotes", -EBADMSG;
	q = memchr(*p + 1, '"', (size_t)(end - *p - 1));
	if (!q || q == *p + 1 || (size_t)(q - *p - 1) >= NETOBS__REASON_NAMESIZ)
		return *why = "a reason name empty, unterminated or too long", -EBADMSG;
	if (!netobs__reason_name_ok(*p + 1, (size_t)(q - *p - 1)))
		return *why = "a reason name of other than letters, digits and '_'", -EBADMSG;
	r->value = (uint32_t)v;
	memcpy(r->name, *p + 1, (size_t)(q - *p - 1));
	r->name[q - *p - 1] = '\0';
	*p = q + 1;
	skip_space(p, end);
	if (*p == end || **p != '}')
		return *why = "a __print_symbolic entry without '}'", -EBADMSG;
	(*p)++;
	return 0;
}

int netobs__trace_reason_cmp(const void *a, const void *b)
{
	const struct netobs__trace_reason *x = a, *y = b;

	return (x->value > y->value) - (x->value < y->value);
}

static int push_reason(struct netobs__trace_format *f, size_t *cap,
		       const struct netobs__trace_reason *r, const char **why)
{
	if (f->nreasons >= NETOBS__REASONS_MAX)
		return *why = "more reasons than any kernel has", -EBADMSG;
	if (netobs__grow((void **)&f->reasons, cap, f->nreasons + 1, sizeof(*r)) < 0)
		return -ENOMEM;
	f->reasons[f->nreasons++] = *r;
	return 0;
}

/* The table of __print_symbolic(REC->reason, ...) in the print fmt line:
 * entries separated by ',' up to the closing ')'. */
static int parse_symbolic(struct netobs__trace_format *f, struct span s, const char **why)
{
	static const char open[] = "__print_symbolic(REC->reason,";
	const char *p = span_find(s, open), *end = s.p + s.len;
	struct netobs__trace_reason r;
	size_t cap = 0;
	size_t i;
	int err;

	if (!p)
		return 0;
	p += strlen(open);
	for (;;) {
		err = parse_entry(&p, end, &r, why);
		if (err == 0)
			err = push_reason(f, &cap, &r, why);
		if (err < 0)
			return err;
		skip_space(&p, end);
		if (p < end && *p == ')')
			break;
		if (p == end || *p != ',')
			return *why = "a __print_symbolic table without ')'", -EBADMSG;
		p++;
	}
	qsort(f->reasons, f->nreasons, sizeof(*f->reasons), netobs__trace_reason_cmp);
	for (i = 1; i < f->nreasons; i++)
		if (f->reasons[i].value == f->reasons[i - 1].value)
			return *why = "a reason value given twice", -EBADMSG;
	return 0;
}

static int parse_line(struct netobs__trace_format *f, struct span s, const char **why)
{
	const char *p = s.p, *end = s.p + s.len;
	uint64_t v;

	skip_space(&p, end);
	s.len -= (size_t)(p - s.p);
	s.p = p;
	if (s.len >= 6 && memcmp(s.p, "field:", 6) == 0)
		return parse_field(f, s, why);
	if (s.len >= 10 && memcmp(s.p, "print fmt:", 10) == 0)
		return parse_symbolic(f, s, why);
	if (s.len >= 3 && memcmp(s.p, "ID:", 3) == 0) {
		p = s.p + 3;
		skip_space(&p, end);
		if (netobs__parse_u64(&p, end, &v) < 0 || p != end || v == 0 || v > UINT32_MAX)
			return *why = "an ID that is not a number", -EBADMSG;
		f->id = (uint32_t)v;
	}
	return 0;
}

/* What every kernel since 2.6.32 gives; without them there is nothing to
 * count by.  A reason field without a table of names is not an error here:
 * the names may come from BTF (tracefs.c). */
static int check_complete(const struct netobs__trace_format *f, const char **why)
{
	if (!f->location.present || !f->protocol.present)
		return *why = "no 'location' or 'protocol' field: not skb:kfree_skb", -EBADMSG;
	return 0;
}

int netobs__trace_format_parse(struct netobs__trace_format *f, const char *buf, size_t len,
			       unsigned int *line, const char **why)
{
	const char *p = buf, *end = buf + len, *nl;
	unsigned int n = 0;
	int err;

	memset(f, 0, sizeof(*f));
	*line = 0;
	*why = "";
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n++;
		err = parse_line(f, (struct span){ p, (size_t)((nl ? nl : end) - p) }, why);
		if (err < 0) {
			*line = n;
			return err;
		}
		p = nl ? nl + 1 : end;
	}
	return check_complete(f, why);
}

void netobs__trace_format_free(struct netobs__trace_format *f)
{
	free(f->reasons);
	f->reasons = NULL;
	f->nreasons = 0;
}

const char *netobs__trace_reason_name(const struct netobs__trace_format *f, uint32_t value)
{
	struct netobs__trace_reason key = { .value = value };
	const struct netobs__trace_reason *r;

	if (!f->nreasons)
		return NULL;
	r = bsearch(&key, f->reasons, f->nreasons, sizeof(*r), netobs__trace_reason_cmp);
	return r ? r->name : NULL;
}

/* A field of SIZE bytes at its offset, in the host's byte order (the
 * kernel writes the record natively). */
static int read_field(const struct netobs__trace_field *fl, const unsigned char *raw, size_t len,
		      uint64_t *out)
{
	uint64_t v8;
	uint32_t v4;
	uint16_t v2;

	if (!fl->present || fl->offset > len || fl->size > len - fl->offset)
		return -EBADMSG;
	switch (fl->size) {
	case 8: memcpy(&v8, raw + fl->offset, 8); *out = v8; break;
	case 4: memcpy(&v4, raw + fl->offset, 4); *out = v4; break;
	case 2: memcpy(&v2, raw + fl->offset, 2); *out = v2; break;
	case 1: *out = raw[fl->offset]; break;
	default: return -EBADMSG;
	}
	return 0;
}

int netobs__trace_record_decode(const struct netobs__trace_format *f, const void *raw,
				size_t len, struct netobs__drop_record *r)
{
	uint64_t loc, proto, reason = 0;

	if (read_field(&f->location, raw, len, &loc) < 0 ||
	    read_field(&f->protocol, raw, len, &proto) < 0)
		return -EBADMSG;
	if (f->reason.present && read_field(&f->reason, raw, len, &reason) < 0)
		return -EBADMSG;
	r->location = loc;
	r->protocol = (uint16_t)proto;
	r->reason = (uint32_t)reason;
	return 0;
}
