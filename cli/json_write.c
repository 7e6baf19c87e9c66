/* SPDX-License-Identifier: MIT */
/*
 * Writing JSON a value at a time (json.c says why): numbers as raw text so
 * u64 stays exact, strings made valid UTF-8, and the top-level object and
 * its arrays streamed member by member.  Every section's JSON uses these.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The largest value is one device object, a few KiB even with a hostile
 * alias; far past that, a print that keeps failing is a bug, not a size. */
#define VALUE_MAX (16u << 20)

/* ---- values ---------------------------------------------------------------- */

/* S when it is valid UTF-8 (nearly always), else a copy in the arena with
 * every byte that does not start a well-formed sequence as U+FFFD. */
static const char *clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n, bad = 0, i;
	char *copy, *q;

	for (i = 0; i < left; i += n)
		if ((n = utf8_sequence(p + i, left - i)) == 0) {
			bad++;
			n = 1;
		}
	if (bad == 0)
		return s;
	copy = q = json_arena_alloc(left + 2 * bad + 1);
	if (!copy)
		return NULL;
	for (i = 0; i < left; i += n) {
		n = utf8_sequence(p + i, left - i);
		if (n == 0) {
			memcpy(q, "\xef\xbf\xbd", 3);
			q += 3;
			n = 1;
		} else {
			memcpy(q, p + i, n);
			q += n;
		}
	}
	*q = '\0';
	return copy;
}

/* A string (borrowed: S must outlive the printing), or null for NULL. */
cJSON *json_text(const char *s)
{
	const char *c;

	if (!s)
		return cJSON_CreateNull();
	c = clean(s);
	return c ? cJSON_CreateStringReference(c) : NULL;
}

cJSON *json_u64(uint64_t v)
{
	char buf[UNITS_BUFSIZ];

	units_fmt_u64(buf, v);
	return cJSON_CreateRaw(buf);
}

cJSON *json_i64(int64_t v)
{
	char buf[UNITS_BUFSIZ];

	units_fmt_i64(buf, v);
	return cJSON_CreateRaw(buf);
}

/* V with DECIMALS (at most 9) digits after the point; NULL for NaN or an
 * infinity, which JSON cannot hold (the caller leaves the member out). */
cJSON *json_fixed(double v, int decimals)
{
	char buf[DBL_MAX_10_EXP + 16];
	size_t n;

	if (!isfinite(v) || decimals < 0 || decimals > 9)
		return NULL;
	if (v == 0) { /* the usual rate on a quiet host: no printf */
		n = decimals > 0 ? (size_t)decimals + 2 : 1;
		memcpy(buf, "0.000000000", n);
		buf[n] = '\0';
	} else {
		snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	}
	return cJSON_CreateRaw(buf);
}

/* KEY is a constant string: cJSON keeps the pointer, no copy.  A NULL item
 * (out of memory) is dropped here and reported by json_print_value(). */
void json_add(cJSON *obj, const char *key, cJSON *item)
{
	cJSON_AddItemToObjectCS(obj, key, item);
}

void json_add_u32_or_null(cJSON *obj, const char *key, int err, uint32_t v)
{
	json_add(obj, key, err == 0 ? json_u64(v) : cJSON_CreateNull());
}

/* ---- printing -------------------------------------------------------------- */

/* Prints ITEM at the end of the output, then forgets every tree.  The
 * buffer grows until the largest value fits; after that, no allocation. */
void json_print_value(struct json *j, cJSON *item)
{
	struct out *o = j->out;
	size_t min = 4096, avail;
	char *at;

	if (!item || j->nomem) {
		o->err = o->err ? o->err : -ENOMEM;
		min = 0;
	}
	while (min > 0 && (at = out_space(o, min, &avail)) != NULL) {
		if (avail > INT_MAX)
			avail = INT_MAX;
		if (cJSON_PrintPreallocated(item, at, (int)avail, 0)) {
			out_commit(o, strlen(at));
			break;
		}
		if (avail >= VALUE_MAX) {
			o->err = -EOVERFLOW;
			break;
		}
		min = avail * 2;
	}
	j->nomem = false;
	json_arena_reset(j);
}

/* The top-level object and its arrays: only constant keys and punctuation
 * are written here, every value goes through json_print_value(). */
void json_punct(struct json *j, const char *s)
{
	out_str(j->out, s);
}

/* "KEY": with a comma before it unless it is the FIRST member. */
void json_member_key(struct json *j, const char *key, bool first)
{
	if (!first)
		json_punct(j, ",");
	json_punct(j, "\"");
	json_punct(j, key);
	json_punct(j, "\":");
}

void json_member(struct json *j, const char *key, cJSON *value)
{
	json_member_key(j, key, false);
	json_print_value(j, value);
}

/* ,"KEY":[ then elements with commas between, then ]. */
void json_list_open(struct json_list *l, struct json *j, const char *key)
{
	l->j = j;
	l->first = true;
	json_member_key(j, key, false);
	json_punct(j, "[");
}

void json_list_item(struct json_list *l, cJSON *item)
{
	if (!l->first)
		json_punct(l->j, ",");
	l->first = false;
	json_print_value(l->j, item);
}

void json_list_close(struct json_list *l)
{
	json_punct(l->j, "]");
}
