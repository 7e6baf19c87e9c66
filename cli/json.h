/* SPDX-License-Identifier: MIT */
/*
 * Format "json": the document shapes (json.c), the value writers and
 * struct jw (json_write.c), the arena (json_arena.c), "sections" and
 * "warnings" (json_sections.c).
 */
#ifndef NETOBS_CLI_JSON_H
#define NETOBS_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netobs.h>

struct cli_opts;
struct out;
struct timespec;

/* ---- json.c -------------------------------------------------------------- */

struct json_chunk;

/* How the values written through struct jw reach the text (json.c says
 * why there are two): straight into the output, or as cJSON trees printed
 * one value at a time; JSON_BOTH (a test's NETOBS_JSON_WRITER=both) writes
 * each document both ways and fails when their bytes differ. */
enum json_writer {
	JSON_DIRECT,
	JSON_CJSON,
	JSON_BOTH,
};

/* JSON output.  Values built as cJSON trees allocate from an arena of kept
 * chunks, reset after each value is printed, so after the first samples
 * watch allocates nothing.  Only one struct json may be live at a time:
 * cJSON's allocation hooks are process-wide. */
/* A key as the direct path writes it, "KEY": (json_write.c). */
struct json_key {
	const char *key;	/* NULL: a free slot */
	unsigned short off;	/* in json.keytext */
	unsigned char len;
};
#define JSON_KEYS 512		/* a power of 2; ~150 distinct keys today */
#define JSON_KEYTEXT 8192

struct json {
	struct out *out;
	struct json_chunk *head, *cur, *tail;
	bool nomem;		/* an arena allocation failed */
	bool tree;		/* struct jw builds cJSON trees (JSON_CJSON) */
	enum json_writer writer;
	/* Keys escaped once, found by address: no allocation, no strlen. */
	struct json_key keys[JSON_KEYS];
	char keytext[JSON_KEYTEXT + 32]; /* + 32: copied 32 bytes at a time */
	size_t keyused;
};

/* json_arena.c: installs the hooks; OUT gets the text. */
void json_init(struct json *j, struct out *out);
/* Frees the arena and gives cJSON back malloc and free. */
void json_free(struct json *j);
/* cJSON's malloc: from the live struct json's arena; NULL sets its nomem. */
void *json_arena_alloc(size_t size);
/* Every allocation since the last reset is free again. */
void json_arena_reset(struct json *j);
/* The one-shot document: {"time", "host", "source", "sections",
 * "warnings", "devices", ...}.  CTX gives the warnings. */
void json_print_snapshot(struct json *j, const struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap, const struct cli_opts *o);
/* One NDJSON line of watch: the snapshot's shapes plus rates and flags. */
void json_print_sample(struct json *j, const struct netobs_ctx *ctx,
		       const struct netobs_diff *diff, const struct netobs_snapshot *newer,
		       const struct cli_opts *o);

/* json_write.c: values (NULL from a failed allocation is reported when
 * printed), and the streamed top-level object and its arrays. */
struct cJSON;
struct cJSON *json_text(const char *s);	/* borrowed; null for NULL */
struct cJSON *json_text_copy(const char *s); /* owned; bad bytes as '?' */
struct cJSON *json_u64(uint64_t v);
struct cJSON *json_i64(int64_t v);
/* NULL for NaN or an infinity: the caller leaves the member out. */
struct cJSON *json_fixed(double v, int decimals);
void json_add(struct cJSON *obj, const char *key, struct cJSON *item); /* KEY constant */
/* DOC's text on one line and a newline into OUT; DOC is deleted.  0 or
 * -ENOMEM. */
int json_print_line(struct out *out, struct cJSON *doc);
void json_add_u32_or_null(struct cJSON *obj, const char *key, int err, uint32_t v);
void json_print_value(struct json *j, struct cJSON *item);
void json_punct(struct json *j, const char *s);
void json_member_key(struct json *j, const char *key, bool first);
void json_member(struct json *j, const char *key, struct cJSON *value);
/* ,"KEY":[ then elements with commas between, then ]. */
struct json_list {
	struct json *j;
	bool first;
};
void json_list_open(struct json_list *l, struct json *j, const char *key);
void json_list_item(struct json_list *l, struct cJSON *item);
void json_list_close(struct json_list *l);
/* One JSON value written member by member, after json_member_key() or
 * json_list_next(): into the output as it goes, or (j->tree) into a cJSON
 * tree that jw_end() prints.  The builders call only these, so both paths
 * write the same keys in the same order.  KEY is NULL for an array element
 * or the value itself, else a string of static storage (a literal, or a
 * name from the library's tables): the direct path keeps it escaped, found
 * by its address. */
#define JW_DEPTH 8
struct jw {
	struct json *j;
	struct cJSON *root, *node[JW_DEPTH]; /* the tree path */
	char close[JW_DEPTH];	/* the direct path: '}' or ']' per open level */
	bool more[JW_DEPTH];	/* the direct path: a member written at this level */
	unsigned int depth;
};
void jw_begin(struct jw *w, struct json *j);
void jw_end(struct jw *w);
void jw_object(struct jw *w, const char *key);
void jw_array(struct jw *w, const char *key);
void jw_close(struct jw *w);	/* the innermost open object or array */
void jw_str(struct jw *w, const char *key, const char *s); /* null for NULL */
void jw_u64(struct jw *w, const char *key, uint64_t v);
void jw_i64(struct jw *w, const char *key, int64_t v);
/* Left out for NaN or an infinity, which JSON cannot hold. */
void jw_fixed(struct jw *w, const char *key, double v, int decimals);
void jw_bool(struct jw *w, const char *key, bool v);
void jw_null(struct jw *w, const char *key);
/* jw_u64() / jw_fixed() of N members, KEYS[i]: VALS[i], in that order,
 * with one room check for them all (at most JW_BATCH_MAX of them). */
#define JW_BATCH_MAX 64
void jw_u64s(struct jw *w, const char *const *keys, const uint64_t *vals, size_t n);
void jw_fixeds(struct jw *w, const char *const *keys, const double *vals, size_t n,
	       int decimals);
/* The comma before an element after the first (then jw_begin()). */
void json_list_next(struct json_list *l);
/* json_sections.c: "sections": {NAME: {"ok", "scope"}}, and "warnings":
 * [{"section", "file", "line", "message"}]. */
void json_print_sections(struct json *j, const struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap);
/* The NDJSON line of a sample watch could not take: {"time", "host",
 * "skipped": WHY}. */
void json_print_skipped(struct json *j, const struct timespec *realtime, const char *why);

#endif /* NETOBS_CLI_JSON_H */
