/* SPDX-License-Identifier: MIT */
/*
 * The arena behind cJSON's allocations (see json.c for why): chunks kept
 * for the life of the struct json and reset after each printed value, so
 * that after the first samples watch allocates nothing.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "outbuf.h"

/* A device object takes ~4 KiB of items: a chunk holds a dozen. */
#define CHUNK_SIZE 65536
#define ALIGN (sizeof(max_align_t))

struct json_chunk {
	struct json_chunk *next;
	size_t size, used;
	max_align_t data[];
};

/* The arena cJSON's hooks allocate from: its hooks take no context, so the
 * live struct json is the one piece of file-scope state here. */
static struct json *arena;

static struct json_chunk *chunk_new(struct json *j, size_t need)
{
	size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
	struct json_chunk *c = malloc(sizeof(*c) + size);

	if (!c)
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	if (j->tail)
		j->tail->next = c;
	else
		j->head = c;
	j->tail = c;
	return c;
}

/* The chunks are used in order; one too small for a request is passed over
 * until the next reset.  The same document takes the same path, so once
 * the chain is long enough for the largest value it stops growing. */
void *json_arena_alloc(size_t size)
{
	struct json *j = arena;
	size_t need = (size + ALIGN - 1) / ALIGN * ALIGN;
	struct json_chunk *c;
	void *p;

	if (!j || size == 0 || need < size || need > SIZE_MAX / 2)
		goto nomem;
	for (c = j->cur; c && c->size - c->used < need; c = c->next)
		;
	if (!c)
		c = chunk_new(j, need);
	if (!c)
		goto nomem;
	j->cur = c;
	p = (char *)c->data + c->used;
	c->used += need;
	return p;
nomem:
	if (j)
		j->nomem = true;
	return NULL;
}

/* Memory goes back all at once, in json_arena_reset(). */
static void arena_free(void *p)
{
	(void)p;
}

void json_arena_reset(struct json *j)
{
	struct json_chunk *c;

	for (c = j->head; c; c = c->next)
		c->used = 0;
	j->cur = j->head;
}

void json_init(struct json *j, struct out *out)
{
	cJSON_Hooks hooks = { .malloc_fn = json_arena_alloc, .free_fn = arena_free };

	memset(j, 0, sizeof(*j));
	j->out = out;
	arena = j;
	cJSON_InitHooks(&hooks);
}

void json_free(struct json *j)
{
	struct json_chunk *c, *next;

	for (c = j->head; c; c = next) {
		next = c->next;
		free(c);
	}
	j->head = j->cur = j->tail = NULL;
	if (arena == j) {
		cJSON_InitHooks(NULL);
		arena = NULL;
	}
}
