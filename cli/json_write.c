/* SPDX-License-Identifier: MIT */
/*
 * Writing JSON a value at a time (json.c says why): numbers as our own
 * text so u64 stays exact, strings made valid UTF-8, the top-level object
 * and its arrays streamed member by member, and struct jw, which writes a
 * value either straight into the output or as a cJSON tree.  Every
 * section's JSON uses these.
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
#include <stdint.h>
#include <string.h>

#include "json.h"
#include "outbuf.h"
#include "text.h"

/* The largest value is one device object, a few KiB even with a hostile
 * alias; far past that, a print that keeps failing is a bug, not a size. */
#define VALUE_MAX (16u << 20)

/* "%.9f" of DBL_MAX, with room to spare. */
#define FIXED_BUFSIZ (DBL_MAX_10_EXP + 16)

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

/* A copy of S with every byte that starts no UTF-8 sequence as '?': for
 * the documents (doctor, drops) that own their strings and promise '?'. */
cJSON *json_text_copy(const char *s)
{
	size_t n, left = strlen(s), i = 0;
	char *copy = malloc(left + 1);
	cJSON *item;

	if (!copy)
		return cJSON_CreateNull();
	while (left > 0) {
		n = utf8_sequence((const unsigned char *)s + i, left);
		if (n == 0)
			copy[i] = '?', n = 1;
		else
			memcpy(copy + i, s + i, n);
		i += n;
		left -= n;
	}
	copy[i] = '\0';
	item = cJSON_CreateString(copy);
	free(copy);
	return item;
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

/* V with DECIMALS (at most 9) digits after the point into BUF; 0 for NaN
 * or an infinity, which JSON cannot hold (the member is left out). */
static size_t fmt_fixed(char buf[FIXED_BUFSIZ], double v, int decimals)
{
	size_t n;

	if (!isfinite(v) || decimals < 0 || decimals > 9)
		return 0;
	if (v == 0) { /* the usual rate on a quiet host: no printf */
		n = decimals > 0 ? (size_t)decimals + 2 : 1;
		memcpy(buf, "0.000000000", n);
		buf[n] = '\0';
		return n;
	}
	return units_fmt_fixed(buf, FIXED_BUFSIZ, v, decimals);
}

cJSON *json_fixed(double v, int decimals)
{
	char buf[FIXED_BUFSIZ];

	return fmt_fixed(buf, v, decimals) ? cJSON_CreateRaw(buf) : NULL;
}

/* KEY is a constant string: cJSON keeps the pointer, no copy.  A NULL item
 * (out of memory) is dropped here and reported by json_print_value(). */
/* One document per line (NDJSON, and the reports that are not snapshots):
 * cJSON's unformatted text, which the documents' consumers read. */
int json_print_line(struct out *out, cJSON *doc)
{
	char *text = cJSON_PrintUnformatted(doc);

	cJSON_Delete(doc);
	if (!text)
		return -ENOMEM;
	out_str(out, text);
	out_char(out, '\n');
	free(text);
	return 0;
}

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
	json_list_next(l);
	json_print_value(l->j, item);
}

void json_list_close(struct json_list *l)
{
	json_punct(l->j, "]");
}

void json_list_next(struct json_list *l)
{
	if (!l->first)
		json_punct(l->j, ",");
	l->first = false;
}

/* ---- struct jw: one value, two paths ---------------------------------------- */

void jw_begin(struct jw *w, struct json *j)
{
	w->j = j;
	w->root = NULL;
	w->depth = 0;
	w->more[0] = false;
}

/* The tree path: ITEM into the open container, or as the value itself. */
static void attach(struct jw *w, const char *key, cJSON *item)
{
	cJSON *parent;

	if (w->depth == 0) {
		w->root = item;
		return;
	}
	parent = w->node[w->depth - 1];
	if (key)
		cJSON_AddItemToObjectCS(parent, key, item);
	else
		cJSON_AddItemToArray(parent, item);
}

/* KEY's slot in the cache of escaped keys (open addressing, by address):
 * the one holding it, else the free one it would take; NULL when the
 * table is full.  Slots are never taken over, so the text only grows
 * while new keys come. */
static struct json_key *key_slot(struct json *j, const char *key)
{
	uint64_t h = (uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ull;
	size_t i, at = (size_t)(h >> 32);
	struct json_key *k;

	for (i = 0; i < JSON_KEYS; i++) {
		k = &j->keys[(at + i) & (JSON_KEYS - 1)];
		if (k->key == key || !k->key)
			return k;
	}
	return NULL;
}

/* "KEY": at Q, from the cache (K is its slot), else escaped (and kept,
 * while the text has room). */
static char *key_at(struct json *j, char *q, const char *key, struct json_key *k)
{
	char *end;
	size_t n;

	if (k && k->key == key) {
		/* Not memcpy(k->len), which is a slow rep movsq here. */
		if (k->len <= 32)
			memcpy(q, j->keytext + k->off, 32);
		else
			memcpy(q, j->keytext + k->off, k->len);
		return q + k->len;
	}
	end = json_string_at(q, key);
	*end++ = ':';
	n = (size_t)(end - q);
	if (k && n <= UCHAR_MAX && n <= JSON_KEYTEXT - j->keyused) {
		memcpy(j->keytext + j->keyused, q, n);
		k->key = key;
		k->off = (unsigned short)j->keyused;
		k->len = (unsigned char)n;
		j->keyused += n;
	}
	return end;
}

/* The direct path: room at the end of the output for the comma, "KEY":
 * and VMAX bytes of value; returns where the value goes (NULL after an
 * error), and the start in *AT for member_done(). */
static char *member(struct jw *w, const char *key, size_t vmax, char **at)
{
	struct json_key *k = key ? key_slot(w->j, key) : NULL;
	size_t klen = !key ? 0 : k && k->key == key ? k->len + 32u : JSON_STRING_MAX(strlen(key)) + 1;
	char *q;

	if (klen > 65536 || vmax > SIZE_MAX / 2) {
		w->j->out->err = -EOVERFLOW;
		return NULL;
	}
	*at = q = out_room(w->j->out, klen + 1 + vmax);
	if (!q)
		return NULL;
	if (w->more[w->depth])
		*q++ = ',';
	w->more[w->depth] = true;
	return key ? key_at(w->j, q, key, k) : q;
}

static void member_done(struct jw *w, const char *at, const char *end)
{
	out_commit(w->j->out, (size_t)(end - at));
}

static void open_level(struct jw *w, const char *key, bool array)
{
	char *at, *q;
	cJSON *c;

	if (w->depth + 1 >= JW_DEPTH) { /* a builder nests too deep: a bug */
		w->j->out->err = -EOVERFLOW;
		return;
	}
	if (w->j->tree) {
		c = array ? cJSON_CreateArray() : cJSON_CreateObject();
		attach(w, key, c);
		w->node[w->depth] = c;
	} else {
		if (!(q = member(w, key, 1, &at)))
			return;
		*q++ = array ? '[' : '{';
		member_done(w, at, q);
		w->close[w->depth] = array ? ']' : '}';
	}
	w->more[++w->depth] = false;
}

void jw_object(struct jw *w, const char *key)
{
	open_level(w, key, false);
}

void jw_array(struct jw *w, const char *key)
{
	open_level(w, key, true);
}

void jw_close(struct jw *w)
{
	if (w->depth == 0)
		return;
	w->depth--;
	if (!w->j->tree)
		out_char(w->j->out, w->close[w->depth]);
}

/* Prints the tree (the tree path); the direct path has written it all. */
void jw_end(struct jw *w)
{
	if (w->j->tree)
		json_print_value(w->j, w->root);
}

/* TEXT of LEN bytes as it is: a number, true, false or null. */
static void literal(struct jw *w, const char *key, const char *text, size_t len)
{
	char *at, *q;

	if (w->j->tree) {
		attach(w, key, cJSON_CreateRaw(text));
		return;
	}
	if (!(q = member(w, key, len, &at)))
		return;
	memcpy(q, text, len);
	member_done(w, at, q + len);
}

void jw_str(struct jw *w, const char *key, const char *s)
{
	size_t len;
	char *at, *q;

	if (!s) {
		jw_null(w, key);
	} else if (w->j->tree) {
		attach(w, key, json_text(s));
	} else if ((len = strlen(s)) <= (SIZE_MAX / 2 - 2) / 6 &&
		   (q = member(w, key, JSON_STRING_MAX(len), &at)) != NULL) {
		member_done(w, at, json_string_at(q, s));
	}
}

/* Numbers in place: UNITS_BUFSIZ holds any of them and its NUL. */
void jw_u64(struct jw *w, const char *key, uint64_t v)
{
	char buf[UNITS_BUFSIZ], *at, *q;

	if (w->j->tree) {
		units_fmt_u64(buf, v);
		attach(w, key, cJSON_CreateRaw(buf));
	} else if ((q = member(w, key, UNITS_BUFSIZ, &at)) != NULL) {
		member_done(w, at, q + units_fmt_u64(q, v));
	}
}

void jw_i64(struct jw *w, const char *key, int64_t v)
{
	char buf[UNITS_BUFSIZ], *at, *q;

	if (w->j->tree) {
		units_fmt_i64(buf, v);
		attach(w, key, cJSON_CreateRaw(buf));
	} else if ((q = member(w, key, UNITS_BUFSIZ, &at)) != NULL) {
		member_done(w, at, q + units_fmt_i64(q, v));
	}
}

void jw_fixed(struct jw *w, const char *key, double v, int decimals)
{
	char buf[FIXED_BUFSIZ];
	size_t n = fmt_fixed(buf, v, decimals);

	if (n)
		literal(w, key, buf, n);
}

/* Room for one member of a batch: the comma, a cached key (copied 32
 * bytes at a time) and VMAX bytes of value. */
#define BATCH_ROOM(vmax) (1u + 32u + (vmax))

/* The cached "KEY": of a batch member, or NULL (not cached yet, or longer
 * than one 32-byte copy): that member then goes the usual way. */
static const struct json_key *batch_key(struct jw *w, const char *key)
{
	const struct json_key *k = key ? key_slot(w->j, key) : NULL;

	return k && k->key == key && k->len <= 32 ? k : NULL;
}

/* The comma and "KEY": of a batch member at Q; returns where its value goes. */
static char *batch_member(struct jw *w, char *q, const struct json_key *k)
{
	if (w->more[w->depth])
		*q++ = ',';
	w->more[w->depth] = true;
	memcpy(q, w->j->keytext + k->off, 32);
	return q + k->len;
}

/* jw_u64(KEYS[i], VALS[i]) for each i, with one room check for all of
 * them: the counters of a device. */
void jw_u64s(struct jw *w, const char *const *keys, const uint64_t *vals, size_t n)
{
	const size_t room = n * BATCH_ROOM(UNITS_BUFSIZ);
	const struct json_key *k;
	char *at, *q;
	size_t i;

	if (n == 0)
		return;
	if (w->j->tree || n > JW_BATCH_MAX || !(at = q = out_room(w->j->out, room))) {
		for (i = 0; i < n; i++)
			jw_u64(w, keys[i], vals[i]);
		return;
	}
	for (i = 0; i < n; i++) {
		if ((k = batch_key(w, keys[i])) != NULL) {
			q = batch_member(w, q, k);
			q += units_fmt_u64(q, vals[i]);
			continue;
		}
		out_commit(w->j->out, (size_t)(q - at));
		jw_u64(w, keys[i], vals[i]);
		if (!(at = q = out_room(w->j->out, room)))
			return;
	}
	out_commit(w->j->out, (size_t)(q - at));
}

/* jw_fixed(KEYS[i], VALS[i], DECIMALS) for each i, likewise: the rates of
 * a device. */
void jw_fixeds(struct jw *w, const char *const *keys, const double *vals, size_t n,
	       int decimals)
{
	const size_t room = n * BATCH_ROOM(FIXED_BUFSIZ);
	const struct json_key *k;
	char buf[FIXED_BUFSIZ], *at, *q;
	size_t i, len;

	if (w->j->tree || n > JW_BATCH_MAX || !(at = q = out_room(w->j->out, room))) {
		for (i = 0; i < n; i++)
			jw_fixed(w, keys[i], vals[i], decimals);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!(len = fmt_fixed(buf, vals[i], decimals)))
			continue;
		if ((k = batch_key(w, keys[i])) != NULL) {
			q = batch_member(w, q, k);
			memcpy(q, buf, len);
			q += len;
			continue;
		}
		out_commit(w->j->out, (size_t)(q - at));
		literal(w, keys[i], buf, len);
		if (!(at = q = out_room(w->j->out, room)))
			return;
	}
	out_commit(w->j->out, (size_t)(q - at));
}

/* cJSON's own items for these, as the builders made before struct jw. */
void jw_bool(struct jw *w, const char *key, bool v)
{
	if (w->j->tree)
		attach(w, key, cJSON_CreateBool(v));
	else
		literal(w, key, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct jw *w, const char *key)
{
	if (w->j->tree)
		attach(w, key, cJSON_CreateNull());
	else
		literal(w, key, "null", 4);
}
