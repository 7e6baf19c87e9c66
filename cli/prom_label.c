/* SPDX-License-Identifier: MIT */
/*
 * Prometheus label pairs, for every section's exposition (prom.c and the
 * *_out.c files): the one place label values are escaped.
 */
#include "config.h"

#include <string.h>

#include "prom.h"
#include "text.h"

/* Label values are any UTF-8 with \\, \" and \n escaped; bytes that are not
 * UTF-8 become U+FFFD so the exposition stays valid.  Writes at AT, which
 * has room for 3 bytes per byte of S (U+FFFD for one bad byte is the most
 * a byte can become); returns the end.  Runs of bytes that need nothing go
 * out in one piece. */
static char *label_value(char *at, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + len;
	const char *esc;
	size_t n, elen;

	while (p < end) {
		if (*p != '\\' && *p != '"' && *p != '\n' && *p < 0x80) {
			p++;
			continue;
		}
		esc = NULL;
		n = 1;
		if (*p == '\\')
			esc = "\\\\";
		else if (*p == '"')
			esc = "\\\"";
		else if (*p == '\n')
			esc = "\\n";
		else if ((n = utf8_sequence(p, (size_t)(end - p))) == 0)
			esc = "\xef\xbf\xbd";
		if (!esc) {
			p += n;
			continue;
		}
		memcpy(at, run, (size_t)(p - run));
		at += p - run;
		elen = strlen(esc);
		memcpy(at, esc, elen);
		at += elen;
		p += n ? n : 1;
		run = p;
	}
	memcpy(at, run, (size_t)(p - run));
	return at + (p - run);
}

/* Writes KEY="VALUE", with a comma before all but the first: one
 * reservation for the pair (44,000 pairs at 4001 devices). */
void prom_label_pair(struct out *o, const char *key, const char *value, bool first)
{
	size_t klen = strlen(key), vlen = value ? strlen(value) : 0;
	char *start = out_space(o, klen + 3 * vlen + 4, NULL), *at = start;

	if (!start)
		return;
	if (!first)
		*at++ = ',';
	memcpy(at, key, klen);
	at += klen;
	*at++ = '=';
	*at++ = '"';
	at = label_value(at, value ? value : "", vlen);
	*at++ = '"';
	out_commit(o, (size_t)(at - start));
}
