/* SPDX-License-Identifier: MIT */
/* Line by line through a kernel text file (/proc/net/dev, softnet_stat,
 * softirqs): bounded lines, "FILE:LINE: what" errors, blank-separated
 * words. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void netobs__lines_init(struct netobs__lines *l, struct netobs_ctx *ctx, const char *file,
			const char *buf, size_t len, size_t max)
{
	l->ctx = ctx;
	l->file = file;
	l->p = buf;
	l->end = buf + len;
	l->max = max;
	l->lineno = 0;
	l->unterminated = false;
}

int netobs__lines_error(const struct netobs__lines *l, const char *fmt, ...)
{
	char what[NETOBS__MESSAGESIZ];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return netobs__error_at(l->ctx, -EBADMSG, l->file, l->lineno, "%s%s", what,
				l->unterminated ? " (the last line has no newline: cut short)" : "");
}

/* The end of the text.  The kernel ends every line with a newline; text
 * that stops without one was cut short by a copy (a sosreport, a fixture
 * written by hand).  Its last line was still handed out: a parser refuses
 * it when its columns are incomplete, and this warns only once it was
 * accepted, which is why the note waits for the call after it.  A check
 * after the last line can still refuse the file: the note is provisional,
 * and goes with its section. */
static int lines_end(struct netobs__lines *l)
{
	if (l->unterminated)
		netobs__warn_provisional_at(l->ctx, l->file, l->lineno,
					    "the last line has no newline; its columns were "
					    "complete, so it was read");
	l->unterminated = false;
	return 0;
}

int netobs__lines_next(struct netobs__lines *l, const char **s, const char **e)
{
	const char *nl;

	if (l->p >= l->end)
		return lines_end(l);
	l->lineno++;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	if (l->max > 0 && (size_t)((nl ? nl : l->end) - l->p) > l->max)
		return netobs__lines_error(l, "line longer than %zu bytes", l->max);
	*s = l->p;
	*e = nl ? nl : l->end;
	l->unterminated = !nl;
	l->p = nl ? nl + 1 : l->end;
	return 1;
}

bool netobs__is_blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *netobs__word(char *out, size_t size, const char *p, const char *end)
{
	size_t n = 0;

	while (p < end && netobs__is_blank(*p))
		p++;
	while (p < end && !netobs__is_blank(*p) && n + 1 < size) {
		unsigned char c = (unsigned char)*p++;

		out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[n] = '\0';
	return out;
}

unsigned int netobs__count_words(const char *p, const char *e)
{
	unsigned int n = 0;

	while (p < e) {
		while (p < e && netobs__is_blank(*p))
			p++;
		if (p == e)
			break;
		n++;
		while (p < e && !netobs__is_blank(*p))
			p++;
	}
	return n;
}
