/* SPDX-License-Identifier: MIT */
/*
 * Text primitives every output format shares: the output buffer, numbers
 * with units, times, and the UTF-8 check the escapers need.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Big enough that a table or a watch frame goes out in one write(). */
#define OUT_FLUSH_AT 65536

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

void out_commit(struct out *o, size_t n)
{
	o->len += n;
	if (o->fd >= 0 && o->len >= OUT_FLUSH_AT)
		out_flush(o);
}

void out_write(struct out *o, const char *data, size_t len)
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

void out_char(struct out *o, char c)
{
	out_write(o, &c, 1);
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

static bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
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

/* ---- numbers with units -------------------------------------------------- */

static const char *const si_prefix[] = { "", "k", "M", "G", "T", "P", "E", NULL };
static const char *const iec_prefix[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", NULL };

/* Three significant digits with a prefix: "0", "8.00", "12.3k", "123M". */
static const char *scaled(char buf[UNITS_BUFSIZ], double v, bool iec, const char *unit)
{
	const char *const *prefix = iec ? iec_prefix : si_prefix;
	double base = iec ? 1024.0 : 1000.0;
	size_t i = 0;
	int decimals;

	if (!isfinite(v) || v < 0) {
		snprintf(buf, UNITS_BUFSIZ, "-");
		return buf;
	}
	while (v >= base && prefix[i + 1]) {
		v /= base;
		i++;
	}
	if (v == 0 || (i == 0 && v == floor(v)))
		decimals = 0;
	else
		decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
	snprintf(buf, UNITS_BUFSIZ, "%.*f%s%s%s", decimals, v, *unit ? " " : "", prefix[i], unit);
	return buf;
}

static const char *raw_rate(char buf[UNITS_BUFSIZ], double v)
{
	if (!isfinite(v) || v < 0)
		snprintf(buf, UNITS_BUFSIZ, "-");
	else
		snprintf(buf, UNITS_BUFSIZ, "%.2f", v);
	return buf;
}

const char *units_byte_rate(char buf[UNITS_BUFSIZ], double bytes_per_sec,
			    const struct cli_opts *o)
{
	double v = o->bytes ? bytes_per_sec : bytes_per_sec * 8;

	if (o->raw)
		return raw_rate(buf, v);
	return scaled(buf, v, o->bytes, o->bytes ? "B/s" : "bit/s");
}

const char *units_byte_rate_bare(char buf[UNITS_BUFSIZ], double bytes_per_sec,
				 const struct cli_opts *o)
{
	double v = o->bytes ? bytes_per_sec : bytes_per_sec * 8;

	if (o->raw)
		return raw_rate(buf, v);
	return scaled(buf, v, o->bytes, "");
}

const char *units_count_rate(char buf[UNITS_BUFSIZ], double per_sec, const struct cli_opts *o)
{
	if (o->raw)
		return raw_rate(buf, per_sec);
	return scaled(buf, per_sec, false, "");
}

/* By hand, two digits at a time: --prom writes 120,000 numbers at 4001
 * devices, and vsnprintf was a tenth of its time. */
size_t units_fmt_u64(char *buf, uint64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	char tmp[24];
	size_t i = sizeof(tmp), n;

	while (v >= 100) {
		i -= 2;
		memcpy(tmp + i, pairs + (v % 100) * 2, 2);
		v /= 100;
	}
	if (v >= 10) {
		i -= 2;
		memcpy(tmp + i, pairs + v * 2, 2);
	} else {
		tmp[--i] = (char)('0' + v);
	}
	n = sizeof(tmp) - i;
	memcpy(buf, tmp + i, n);
	buf[n] = '\0';
	return n;
}

size_t units_fmt_i64(char *buf, int64_t v)
{
	if (v >= 0)
		return units_fmt_u64(buf, (uint64_t)v);
	buf[0] = '-';
	/* -(v + 1) + 1: no overflow at INT64_MIN. */
	return 1 + units_fmt_u64(buf + 1, (uint64_t)(-(v + 1)) + 1);
}

const char *units_u64(char buf[UNITS_BUFSIZ], uint64_t v)
{
	units_fmt_u64(buf, v);
	return buf;
}

const char *units_bytes(char buf[UNITS_BUFSIZ], uint64_t bytes, const struct cli_opts *o)
{
	if (o->raw)
		return units_u64(buf, bytes);
	return scaled(buf, (double)bytes, true, "B");
}

const char *units_bits(char buf[UNITS_BUFSIZ], uint64_t bits, const struct cli_opts *o)
{
	if (o->raw)
		return units_u64(buf, bits);
	return scaled(buf, (double)bits, false, "bit/s");
}

/* ---- times and hosts ---------------------------------------------------- */

const char *units_rfc3339(char buf[UNITS_BUFSIZ], const struct timespec *realtime)
{
	struct tm tm;
	size_t n;

	if (!gmtime_r(&realtime->tv_sec, &tm)) {
		snprintf(buf, UNITS_BUFSIZ, "1970-01-01T00:00:00.000Z");
		return buf;
	}
	n = strftime(buf, UNITS_BUFSIZ, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, UNITS_BUFSIZ - n, ".%03ldZ", realtime->tv_nsec / 1000000);
	return buf;
}

double units_seconds(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

const char *units_hostname(char *buf, size_t size)
{
	if (size == 0)
		return "";
	if (gethostname(buf, size) < 0)
		snprintf(buf, size, "unknown");
	buf[size - 1] = '\0';
	return buf;
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
