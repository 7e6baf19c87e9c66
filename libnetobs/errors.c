/* SPDX-License-Identifier: MIT */
/*
 * What went wrong, kept on the context: the last error (its text, and the
 * file and line it is about) and the list of warnings of the last snapshot.
 * Warnings are records, never text to be parsed back: a caller asks for a
 * warning's file, line and section.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void set_where(struct netobs_ctx *ctx, const char *file, unsigned int line)
{
	struct netobs__error_where *w = &ctx->where;
	int n = 0;

	w->file[0] = '\0';
	w->line = 0;
	if (file) {
		snprintf(w->file, sizeof(w->file), "%s", file);
		w->line = line;
		n = line ? snprintf(ctx->message, sizeof(ctx->message), "%s:%u: ", file, line)
			 : snprintf(ctx->message, sizeof(ctx->message), "%s: ", file);
	}
	if (n < 0 || (size_t)n >= sizeof(ctx->message))
		n = 0; /* a path too long for the message: the text alone */
	w->what = (size_t)n;
}

__attribute__((format(printf, 5, 0)))
static int error_va(struct netobs_ctx *ctx, int err, const char *file, unsigned int line,
		    const char *fmt, va_list ap)
{
	if (!ctx)
		return err;
	set_where(ctx, file, line);
	vsnprintf(ctx->message + ctx->where.what, sizeof(ctx->message) - ctx->where.what, fmt,
		  ap);
	return err;
}

int netobs__error(struct netobs_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_va(ctx, err, NULL, 0, fmt, ap);
	va_end(ap);
	return err;
}

int netobs__error_at(struct netobs_ctx *ctx, int err, const char *file, unsigned int line,
		     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_va(ctx, err, file, line, fmt, ap);
	va_end(ap);
	return err;
}

/* ---- the warning list ----------------------------------------------------- */

/* Copies S into the pool: its offset, or 0 (the empty string) when the pool
 * cannot grow: a warning that loses its text still counts. */
static size_t pool_add(struct netobs__warnings *w, const char *s)
{
	size_t len = strlen(s), off;

	if (len == 0)
		return 0;
	if (w->pool_len == 0)
		w->pool_len = 1;
	if (netobs__grow((void **)&w->pool, &w->pool_cap, w->pool_len + len + 1, 1) < 0)
		return 0;
	w->pool[0] = '\0';
	off = w->pool_len;
	memcpy(w->pool + off, s, len + 1);
	w->pool_len += len + 1;
	return off;
}

/* Pointers from offsets: the pool may have moved while it grew. */
static void resolve(struct netobs__warnings *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct netobs_warning *r = &w->list[i];

		r->file = r->file_off ? w->pool + r->file_off : NULL;
		r->message = w->pool ? w->pool + r->message_off : "";
	}
}

static void add_warning(struct netobs_ctx *ctx, const char *file, unsigned int line,
			const char *message, bool provisional)
{
	struct netobs__warnings *w = &ctx->warnings;
	struct netobs_warning *r;

	if (w->n >= NETOBS__WARNINGS_MAX ||
	    netobs__grow((void **)&w->list, &w->cap, w->n + 1, sizeof(*r)) < 0) {
		w->dropped++;
		return;
	}
	r = &w->list[w->n++];
	r->section = ctx->reading;
	r->provisional = provisional;
	r->line = file ? line : 0;
	r->file_off = file ? pool_add(w, file) : 0;
	r->message_off = pool_add(w, message);
	resolve(w);
}

__attribute__((format(printf, 5, 0)))
static void warn_va(struct netobs_ctx *ctx, const char *file, unsigned int line, bool provisional,
		    const char *fmt, va_list ap)
{
	char message[NETOBS__MESSAGESIZ];

	vsnprintf(message, sizeof(message), fmt, ap);
	add_warning(ctx, file, line, message, provisional);
}

void netobs__warn(struct netobs_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	warn_va(ctx, NULL, 0, false, fmt, ap);
	va_end(ap);
}

void netobs__warn_at(struct netobs_ctx *ctx, const char *file, unsigned int line,
		     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	warn_va(ctx, file, line, false, fmt, ap);
	va_end(ap);
}

void netobs__warn_provisional_at(struct netobs_ctx *ctx, const char *file, unsigned int line,
				 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	warn_va(ctx, file, line, true, fmt, ap);
	va_end(ap);
}

/* The provisional warnings of the section being read, gone (their text
 * stays in the pool until the next snapshot: no reuse is worth it). */
static void drop_provisional(struct netobs__warnings *w, int section)
{
	size_t i, n = 0;

	for (i = 0; i < w->n; i++)
		if (!(w->list[i].provisional && w->list[i].section == section))
			w->list[n++] = w->list[i];
	w->n = n;
}

void netobs__error_to_warning(struct netobs_ctx *ctx)
{
	const struct netobs__error_where *where = &ctx->where;

	drop_provisional(&ctx->warnings, ctx->reading);
	add_warning(ctx, where->file[0] ? where->file : NULL, where->line,
		    ctx->message + where->what, false);
	netobs__error_clear(ctx);
}

void netobs__error_clear(struct netobs_ctx *ctx)
{
	ctx->message[0] = '\0';
	ctx->where.file[0] = '\0';
	ctx->where.line = 0;
	ctx->where.what = 0;
}

void netobs__errors_clear(struct netobs_ctx *ctx)
{
	netobs__error_clear(ctx);
	ctx->warnings.n = 0;
	ctx->warnings.dropped = 0;
	ctx->warnings.pool_len = 0;
}

void netobs__warnings_finish(struct netobs_ctx *ctx)
{
	struct netobs__warnings *w = &ctx->warnings;
	char message[64];

	if (w->dropped == 0)
		return;
	w->n--; /* the last kept one makes room for the count */
	w->dropped++;
	snprintf(message, sizeof(message), "%zu more warnings not kept", w->dropped);
	ctx->reading = -1;
	add_warning(ctx, NULL, 0, message, false);
}

void netobs__errors_free(struct netobs_ctx *ctx)
{
	free(ctx->warnings.list);
	free(ctx->warnings.pool);
}

/* ---- public --------------------------------------------------------------- */

NETOBS_API const char *netobs_ctx_message(const struct netobs_ctx *ctx)
{
	return ctx ? ctx->message : "";
}

/* Warnings past NETOBS__WARNINGS_MAX are counted, not kept: the last one a
 * caller sees then says how many more there were. */
NETOBS_API size_t netobs_ctx_warning_count(const struct netobs_ctx *ctx)
{
	return ctx ? ctx->warnings.n : 0;
}

NETOBS_API const struct netobs_warning *netobs_ctx_warning(const struct netobs_ctx *ctx,
							   size_t i)
{
	return ctx && i < ctx->warnings.n ? &ctx->warnings.list[i] : NULL;
}

NETOBS_API const char *netobs_warning_message(const struct netobs_warning *warning)
{
	return warning ? warning->message : NULL;
}

NETOBS_API const char *netobs_warning_file(const struct netobs_warning *warning)
{
	return warning ? warning->file : NULL;
}

NETOBS_API unsigned int netobs_warning_line(const struct netobs_warning *warning)
{
	return warning ? warning->line : 0;
}

NETOBS_API int netobs_warning_section(const struct netobs_warning *warning,
				      enum netobs_section *out)
{
	if (!warning)
		return -EINVAL;
	if (warning->section < 0)
		return -ENODATA;
	if (out)
		*out = (enum netobs_section)warning->section;
	return 0;
}

/* Sentences for the errnos the library documents; strerror()'s text for
 * the rest (they come from the kernel: EACCES, EPERM, ...). */
NETOBS_API const char *netobs_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -ENOENT:
		return "not comparable: the device is new, renamed or re-created, or the file is missing";
	case -ENODATA:
		return "not available: this source or kernel does not give it";
	case -ERANGE:
		return "the counter went backwards: reset, or out of range";
	case -EBADMSG:
		return "malformed kernel data";
	case -EINVAL:
		return "invalid argument";
	case -ENOMEM:
		return "out of memory";
	case -EAGAIN:
		return "the device list kept changing while it was read: try again";
	}
	return err < 0 ? strerror(-err) : "not an error code";
}
