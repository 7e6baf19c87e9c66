/* SPDX-License-Identifier: MIT */
/*
 * Device names and aliases are data: escaping them for a terminal, a table
 * or stderr (every byte outside printable ASCII as \xHH), the messages on
 * stderr that carry them, the UTF-8 check the JSON writer needs, and JSON
 * string literals.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

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

/* One byte JSON cannot hold as it is: the escapes cJSON writes. */
static void json_escape_byte(struct out *o, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
	const char *two = NULL;

	switch (c) {
	case '"': two = "\\\""; break;
	case '\\': two = "\\\\"; break;
	case '\b': two = "\\b"; break;
	case '\f': two = "\\f"; break;
	case '\n': two = "\\n"; break;
	case '\r': two = "\\r"; break;
	case '\t': two = "\\t"; break;
	}
	if (two)
		out_write(o, two, 2);
	else
		out_write(o, u, sizeof(u));
}

/* Runs of plain bytes and of well-formed UTF-8 go out in one piece; a byte
 * that starts no well-formed sequence is U+FFFD.  utf8_sequence() stops at
 * the first byte that is not a continuation, so the NUL bounds it. */
void out_json_string(struct out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	size_t n;

	out_char(o, '"');
	while (*p) {
		for (run = p; *p; p += n) {
			if (json_plain(*p))
				n = 1;
			else if (*p < 0x80 || (n = utf8_sequence(p, 4)) == 0)
				break;
		}
		if (p > run)
			out_write(o, (const char *)run, (size_t)(p - run));
		if (*p == '\0')
			break;
		if (*p < 0x80)
			json_escape_byte(o, *p);
		else
			out_write(o, "\xef\xbf\xbd", 3);
		p++;
	}
	out_char(o, '"');
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
