/* SPDX-License-Identifier: MIT */
/*
 * Numbers with units, and times: the text of a value, shared by every
 * output format.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "text.h"

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
	size_t n = 1, i;
	uint64_t t;

	/* The length first, then the digits straight into BUF from the end:
	 * no copy (JSON writes ~100,000 numbers per watch tick). */
	for (t = v; t >= 10; t /= 10)
		n++;
	buf[n] = '\0';
	for (i = n; v >= 100; v /= 100) {
		i -= 2;
		memcpy(buf + i, pairs + (v % 100) * 2, 2);
	}
	if (v >= 10)
		memcpy(buf + i - 2, pairs + v * 2, 2);
	else
		buf[i - 1] = (char)('0' + v);
	return n;
}

/* "%.*f" of V, DECIMALS at most 9, exactly as printf rounds it (the exact
 * binary value, to nearest).  Without printf when that rounding is plain:
 * S = V * 10^DECIMALS is within half an ulp of the exact product, so when S
 * is below 2^52 and its fraction is not that close to .5, its nearest
 * integer is printf's.  Else, and for NaN and infinities, snprintf. */
size_t units_fmt_fixed(char *buf, size_t size, double v, int decimals)
{
	static const double scale[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	char digits[UNITS_BUFSIZ];
	double s, k, a;
	size_t n, lead, at = 0;

	if (decimals < 0 || decimals > 9 || size < UNITS_BUFSIZ)
		return (size_t)snprintf(buf, size, "%.*f", decimals, v);
	s = v * scale[decimals];
	a = fabs(s);
	if (!(a < 4503599627370496.0)) /* 2^52; also NaN */
		return (size_t)snprintf(buf, size, "%.*f", decimals, v);
	k = floor(a + 0.5);
	if (fabs(fabs(a - k) - 0.5) <= a * 0x1p-50 + 0x1p-1000)
		return (size_t)snprintf(buf, size, "%.*f", decimals, v);
	if (signbit(v))
		buf[at++] = '-';
	n = units_fmt_u64(digits, (uint64_t)k);
	/* At least one digit before the point: "0.005". */
	lead = n > (size_t)decimals ? 0 : (size_t)decimals + 1 - n;
	memset(buf + at, '0', lead);
	memcpy(buf + at + lead, digits, n);
	n += lead;
	if (decimals > 0) {
		memmove(buf + at + n - (size_t)decimals + 1, buf + at + n - (size_t)decimals,
			(size_t)decimals);
		buf[at + n - (size_t)decimals] = '.';
		n++;
	}
	buf[at + n] = '\0';
	return at + n;
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
