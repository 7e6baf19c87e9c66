/* SPDX-License-Identifier: MIT */
/*
 * Prometheus text of several namespaces as one exposition: each family's
 * HELP and TYPE once, then every namespace's samples, each namespace's
 * with extra labels (netns="INODE",container="RUNTIME/NAME") put first.  A
 * family the unlabelled host-wide part already has (softnet, the scrape's
 * own) keeps that part's samples alone: every sample of a family must have
 * the same label names, or node_exporter refuses the file.
 *
 * It works on the text the one-namespace writer produced, so that writer
 * stays as it is: "# HELP NAME ...", "# TYPE NAME ...", then samples
 * "NAME{labels} value" or "NAME value".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "prom.h"

struct merge_family {
	char *name;
	char *help, *type;	/* whole lines, newline included; NULL: none */
	struct out samples;	/* memory */
	bool plain;		/* has unlabelled (host-wide) samples */
};

static char *dup_line(const char *s, const char *e)
{
	char *c = malloc((size_t)(e - s) + 1);

	if (c) {
		memcpy(c, s, (size_t)(e - s));
		c[e - s] = '\0';
	}
	return c;
}

/* The family NAME of [S, E), created at the end when new.  Families come
 * in the same order in every part: the search starts after the last hit. */
static struct merge_family *family(struct prom_merge *m, const char *s, const char *e)
{
	size_t i, k, len = (size_t)(e - s);
	struct merge_family *f;

	for (k = 0; k < m->n; k++) {
		i = (m->last + k) % m->n;
		if (strlen(m->fams[i].name) == len && memcmp(m->fams[i].name, s, len) == 0) {
			m->last = i + 1;
			return &m->fams[i];
		}
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct merge_family *nf = realloc(m->fams, cap * sizeof(*nf));

		if (!nf)
			return NULL;
		m->fams = nf;
		m->cap = cap;
	}
	f = &m->fams[m->n++];
	memset(f, 0, sizeof(*f));
	f->name = dup_line(s, e);
	out_init(&f->samples, -1);
	m->last = m->n;
	return f->name ? f : NULL;
}

/* "# HELP NAME text" or "# TYPE NAME type": the family, its line kept. */
static struct merge_family *comment(struct prom_merge *m, const char *s, const char *e,
				    bool plain)
{
	const char *name = s + 7, *end = name;
	struct merge_family *f;
	char **slot;

	while (end < e && *end != ' ')
		end++;
	f = family(m, name, end);
	if (!f)
		return NULL;
	slot = s[2] == 'H' ? &f->help : &f->type;
	if (!*slot)
		*slot = dup_line(s, e + 1);
	f->plain |= plain;
	return f;
}

/* NAME{LABELS,...} value: the extra labels put first. */
static void labelled_sample(struct out *o, const char *s, const char *e, const char *labels)
{
	const char *p = s;

	while (p < e && *p != '{' && *p != ' ')
		p++;
	out_write(o, s, (size_t)(p - s));
	out_char(o, '{');
	out_str(o, labels);
	if (*p == '{') {
		if (p[1] != '}')
			out_char(o, ',');
		p++;
	} else {
		out_char(o, '}');
	}
	out_write(o, p, (size_t)(e - p) + 1);
}

void prom_merge_add(struct prom_merge *m, const char *text, size_t len, const char *labels)
{
	const char *s = text, *e, *end = text + len;
	struct merge_family *f = NULL;

	for (; s < end; s = e + 1) {
		e = memchr(s, '\n', (size_t)(end - s));
		if (!e)
			break; /* the writer ends every line */
		if (e - s > 7 && s[0] == '#' && (memcmp(s, "# HELP ", 7) == 0 ||
						 memcmp(s, "# TYPE ", 7) == 0)) {
			f = comment(m, s, e, labels == NULL);
			continue;
		}
		if (!f || e == s || s[0] == '#')
			continue;
		if (!labels)
			out_write(&f->samples, s, (size_t)(e - s) + 1);
		else if (!f->plain)
			labelled_sample(&f->samples, s, e, labels);
	}
}

void prom_merge_write(const struct prom_merge *m, struct out *out)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct merge_family *f = &m->fams[i];

		if (f->samples.len == 0)
			continue;
		if (f->help)
			out_str(out, f->help);
		if (f->type)
			out_str(out, f->type);
		out_write(out, f->samples.buf, f->samples.len);
	}
}

void prom_merge_free(struct prom_merge *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->fams[i].name);
		free(m->fams[i].help);
		free(m->fams[i].type);
		out_free(&m->fams[i].samples);
	}
	free(m->fams);
	memset(m, 0, sizeof(*m));
}
