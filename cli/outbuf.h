/* SPDX-License-Identifier: MIT */
/*
 * The output buffer every format writes into (outbuf.c); the hot writers
 * are inline.
 */
#ifndef NETOBS_CLI_OUTBUF_H
#define NETOBS_CLI_OUTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- outbuf.c ------------------------------------------------------------ */

/* Text being written.  FD >= 0: flushed there whenever it passes 64 KiB
 * and by out_flush(); FD < 0: kept whole in memory.  The first error sticks
 * in ERR (negative errno) and later writes are dropped. */
struct out {
	char *buf;
	size_t len, cap;
	int fd;
	int err;
};

void out_init(struct out *o, int fd);
void out_free(struct out *o);
/* Empties the buffer keeping its memory (watch reuses it every tick). */
void out_reset(struct out *o);
void out_write_slow(struct out *o, const char *data, size_t len);
void out_str(struct out *o, const char *s);

/* A buffer with a fd is flushed once it holds this much. */
#define OUT_FLUSH_AT 65536

/* Inline while there is room and no flush is due (JSON writes ~400,000
 * small pieces per watch tick at 4001 devices); else out_write_slow(). */
static inline void out_write(struct out *o, const char *data, size_t len)
{
	if (o->err == 0 && len < o->cap - o->len && (o->fd < 0 || o->len + len < OUT_FLUSH_AT)) {
		memcpy(o->buf + o->len, data, len);
		o->len += len;
		return;
	}
	out_write_slow(o, data, len);
}

static inline void out_char(struct out *o, char c)
{
	out_write(o, &c, 1);
}
void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_u64(struct out *o, uint64_t v);
void out_i64(struct out *o, int64_t v);
void out_spaces(struct out *o, size_t n);
/* For writers that fill the buffer themselves: room for at least MIN bytes
 * at the end (*AVAIL, may be NULL, gets all there is), NULL after an error;
 * then out_commit() of what was written there, which may flush. */
char *out_space(struct out *o, size_t min, size_t *avail);
/* Writes everything buffered to the fd; 0 or the sticky error. */
int out_flush(struct out *o);
static inline void out_commit(struct out *o, size_t n)
{
	o->len += n;
	if (o->fd >= 0 && o->len >= OUT_FLUSH_AT)
		out_flush(o);
}
/* out_space() without *AVAIL, inline while there is room. */
static inline char *out_room(struct out *o, size_t min)
{
	if (o->err == 0 && min < o->cap - o->len)
		return o->buf + o->len;
	return out_space(o, min, NULL);
}

#endif /* NETOBS_CLI_OUTBUF_H */
