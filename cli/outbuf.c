/* SPDX-License-Identifier: MIT */
/*
 * The output buffer every format writes into (struct out in cli.h): grown
 * by doubling, flushed to its fd every 64 KiB, first error sticky.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outbuf.h"
#include "text.h"

void out_init(struct out *o, int fd)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
}

void out_free(struct out *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
}

void out_reset(struct out *o)
{
	o->len = 0;
	o->err = 0;
}

static int out_reserve(struct out *o, size_t more)
{
	size_t cap = o->cap ? o->cap : 4096;
	char *n;

	if (more > SIZE_MAX / 2 - o->len)
		return -ENOMEM;
	if (o->len + more <= o->cap && o->buf)
		return 0;
	while (cap < o->len + more)
		cap *= 2;
	n = realloc(o->buf, cap);
	if (!n)
		return -ENOMEM;
	o->buf = n;
	o->cap = cap;
	return 0;
}

char *out_space(struct out *o, size_t min, size_t *avail)
{
	if (o->err)
		return NULL;
	if (out_reserve(o, min) < 0) {
		o->err = -ENOMEM;
		return NULL;
	}
	if (avail)
		*avail = o->cap - o->len;
	return o->buf + o->len;
}

/* OUT_FLUSH_AT is big enough that a table or a watch frame goes out in one
 * write(). */
void out_write_slow(struct out *o, const char *data, size_t len)
{
	char *at = out_space(o, len, NULL);

	if (!at)
		return;
	memcpy(at, data, len);
	out_commit(o, len);
}

void out_str(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->err || out_reserve(o, 256) < 0) {
		o->err = o->err ? o->err : -ENOMEM;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->err = -EINVAL;
		return;
	}
	if ((size_t)n >= o->cap - o->len) {
		if (out_reserve(o, (size_t)n + 1) < 0) {
			o->err = -ENOMEM;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
	}
	out_commit(o, (size_t)n);
}

void out_u64(struct out *o, uint64_t v)
{
	char buf[UNITS_BUFSIZ];

	out_write(o, buf, units_fmt_u64(buf, v));
}

void out_i64(struct out *o, int64_t v)
{
	char buf[UNITS_BUFSIZ];

	out_write(o, buf, units_fmt_i64(buf, v));
}

void out_spaces(struct out *o, size_t n)
{
	static const char spaces[] = "                                ";
	size_t piece;

	for (; n > 0; n -= piece) {
		piece = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		out_write(o, spaces, piece);
	}
}

int out_flush(struct out *o)
{
	size_t done = 0;
	ssize_t n;

	if (o->fd < 0 || o->err)
		return o->err;
	while (done < o->len) {
		n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			o->err = -errno;
			return o->err;
		}
		done += (size_t)n;
	}
	o->len = 0;
	return 0;
}
