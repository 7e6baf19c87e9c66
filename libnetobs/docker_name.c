/* SPDX-License-Identifier: MIT */
/*
 * docker's name for a container: "Name" at the top level of
 * /var/lib/docker/containers/ID/config.v2.json ("/web").  A full JSON
 * parser is not needed for one key at depth 1 of a file docker writes:
 * strings are skipped with their escapes, nesting counted, and the one
 * value taken must be a docker name ([a-zA-Z0-9][a-zA-Z0-9_.-]*, as
 * docker's daemon/names validates it), so nothing odd reaches a label.
 * Pure; fuzzed (tests/fuzz/fuzz_container.c).
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "container.h"
#include "internal.h"

/* Past the string opening at *P (its quote): the end quote + 1, or NULL. */
static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static bool name_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return !first && (c == '_' || c == '.' || c == '-');
}

/* The value string at P ("/web"), checked and copied without its '/'. */
static int take_name(const char *p, const char *end, char *out, size_t size)
{
	const char *s, *e;
	size_t n;

	if (p >= end || *p != '"')
		return -EBADMSG;
	e = skip_string(p, end);
	if (!e)
		return -EBADMSG;
	s = p + 1;
	e--;
	if (s < e && *s == '/')
		s++;
	n = (size_t)(e - s);
	if (n == 0 || n >= size)
		return -EBADMSG;
	for (p = s; p < e; p++)
		if (!name_char(*p, p == s))
			return -EBADMSG;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* At a key of the top-level object: "Name" followed by ':'. */
static bool is_name_key(const char *p, const char *end, const char **value)
{
	if (end - p < 6 || memcmp(p, "\"Name\"", 6) != 0)
		return false;
	p = skip_blanks(p + 6, end);
	if (p >= end || *p != ':')
		return false;
	*value = skip_blanks(p + 1, end);
	return true;
}

int netobs__docker_name_parse(const char *buf, size_t len, char *out, size_t size)
{
	const char *p = skip_blanks(buf, buf + len), *end = buf + len, *value;
	int depth = 0;
	bool key = false;	/* the next string at depth 1 is a key */

	if (p >= end || *p != '{')
		return -EBADMSG;
	while (p < end) {
		char c = *p;

		if (c == '"') {
			if (depth == 1 && key && is_name_key(p, end, &value))
				return take_name(value, end, out, size);
			p = skip_string(p, end);
			if (!p)
				return -EBADMSG;
			key = false;
			continue;
		}
		if (c == '{' || c == '[') {
			depth++;
			key = c == '{' && depth == 1;
		} else if (c == '}' || c == ']') {
			if (--depth < 0)
				return -EBADMSG;
			if (depth == 0)
				return -ENODATA;
		} else if (c == ',') {
			key = depth == 1;
		}
		p++;
	}
	return -EBADMSG;
}
