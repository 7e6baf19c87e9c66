/* SPDX-License-Identifier: MIT */
/*
 * Device names and aliases are data: escaping them for a terminal, a table
 * or stderr (every byte outside printable ASCII as \xHH), the messages on
 * stderr that carry them, the UTF-8 check the JSON writer needs, and JSON
 * string literals.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "outbuf.h"
#include "text.h"

static bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

void out_escaped(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run;
	char esc[4] = { '\\', 'x', 0, 0 };

	while (*p) {
		/* Plain runs (nearly every name) go out in one piece. */
		for (run = p; plain_byte(*p); p++)
			;
		if (p > run)
			out_write(o, (const char *)run, (size_t)(p - run));
		if (*p == '\0')
			break;
		if (*p == '\\') {
			out_write(o, "\\\\", 2);
		} else {
			esc[2] = hex[*p >> 4];
			esc[3] = hex[*p & 0xf];
			out_write(o, esc, sizeof(esc));
		}
		p++;
	}
}

const char *escape_str(char *buf, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, piece;

	if (size == 0)
		return buf;
	for (; *p; p++) {
		piece = plain_byte(*p) ? 1 : *p == '\\' ? 2 : 4;
		if (n + piece >= size)
			break;
		if (piece == 1)
			buf[n] = (char)*p;
		else if (piece == 2)
			memcpy(buf + n, "\\\\", 2);
		else
			snprintf(buf + n, size - n, "\\x%02x", *p);
		n += piece;
	}
	buf[n] = '\0';
	return buf;
}

size_t escaped_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	for (; *p; p++)
		w += plain_byte(*p) ? 1 : *p == '\\' ? 2 : 4;
	return w;
}

void out_escaped_pad(struct out *o, const char *s, size_t width)
{
	size_t w = escaped_width(s);

	out_escaped(o, s);
	if (w < width)
		out_spaces(o, width - w);
}

void cli_error(const char *prefix, const char *msg)
{
	struct out e;

	out_init(&e, 2);
	out_str(&e, "netobs: ");
	if (prefix)
		out_str(&e, prefix);
	out_escaped(&e, msg);
	out_char(&e, '\n');
	out_flush(&e);
	out_free(&e);
}

void cli_errorf(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_error(NULL, msg);
}

/* ---- JSON strings ------------------------------------------------------------ */

/* Copied as they are: printable ASCII but the two JSON must escape. */
static bool json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* One byte JSON cannot hold as it is, at Q: the escapes cJSON writes. */
static char *json_escape_byte(char *q, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	*q++ = '\\';
	switch (c) {
	case '"': *q++ = '"'; break;
	case '\\': *q++ = '\\'; break;
	case '\b': *q++ = 'b'; break;
	case '\f': *q++ = 'f'; break;
	case '\n': *q++ = 'n'; break;
	case '\r': *q++ = 'r'; break;
	case '\t': *q++ = 't'; break;
	default:
		memcpy(q, "u00", 3);
		q[3] = hex[c >> 4];
		q[4] = hex[c & 0xf];
		q += 5;
	}
	return q;
}

/* A byte that starts no well-formed UTF-8 sequence is U+FFFD;
 * utf8_sequence() stops at the first byte that is not a continuation, so
 * the NUL bounds it. */
char *json_string_at(char *q, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	*q++ = '"';
	while (*p) {
		if (json_plain(*p)) {
			*q++ = (char)*p++;
		} else if (*p < 0x80) {
			q = json_escape_byte(q, *p++);
		} else if ((n = utf8_sequence(p, 4)) > 0) {
			memcpy(q, p, n);
			q += n;
			p += n;
		} else {
			memcpy(q, "\xef\xbf\xbd", 3);
			q += 3;
			p++;
		}
	}
	*q++ = '"';
	return q;
}

/* In room for the worst case: one buffer check per string. */
void out_json_string(struct out *o, const char *s)
{
	size_t len = strlen(s);
	char *at;

	if (len > (SIZE_MAX - 2) / 6 || !(at = out_space(o, JSON_STRING_MAX(len), NULL)))
		return;
	out_commit(o, (size_t)(json_string_at(at, s) - at));
}

/* ---- UTF-8 ----------------------------------------------------------------- */

/* The ranges of RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF. */
size_t utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}
