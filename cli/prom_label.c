/* SPDX-License-Identifier: MIT */
/*
 * Prometheus label pairs, for every section's exposition (prom.c and the
 * *_out.c files): the one place label values are escaped.
 */
#include "config.h"

#include <string.h>

#include "cli.h"

/* Label values are any UTF-8 with \\, \" and \n escaped; bytes that are not
 * UTF-8 become U+FFFD so the exposition stays valid.  Runs of bytes that
 * need nothing go out in one piece. */
static void label_value(struct out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + strlen(s);
	const char *esc;
	size_t n;

	while (p < end) {
		esc = NULL;
		n = 1;
		if (*p == '\\')
			esc = "\\\\";
		else if (*p == '"')
			esc = "\\\"";
		else if (*p == '\n')
			esc = "\\n";
		else if (*p >= 0x80 && (n = utf8_sequence(p, (size_t)(end - p))) == 0)
			esc = "\xef\xbf\xbd";
		if (!esc) {
			p += n;
			continue;
		}
		out_write(o, (const char *)run, (size_t)(p - run));
		out_str(o, esc);
		p += n ? n : 1;
		run = p;
	}
	out_write(o, (const char *)run, (size_t)(p - run));
}

/* Writes KEY="VALUE", with a comma before all but the first. */
void prom_label_pair(struct out *o, const char *key, const char *value, bool first)
{
	if (!first)
		out_char(o, ',');
	out_str(o, key);
	out_str(o, "=\"");
	label_value(o, value ? value : "");
	out_char(o, '"');
}
