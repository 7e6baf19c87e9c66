/* SPDX-License-Identifier: MIT */
/*
 * Text for people: escaping names for terminals and stderr, JSON string
 * literals, cli_error() (escape.c); numbers with units and times (units.c).
 */
#ifndef NETOBS_CLI_TEXT_H
#define NETOBS_CLI_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct cli_opts;
struct out;
struct timespec;

/* ---- escape.c ------------------------------------------------------------ */

/* S with every byte outside printable ASCII as \xHH, and '\' as "\\": safe
 * on a terminal and unambiguous.  For tables and stderr. */
void out_escaped(struct out *o, const char *s);
/* out_escaped() then spaces up to WIDTH columns (left-aligned). */
void out_escaped_pad(struct out *o, const char *s, size_t width);
/* out_escaped() into BUF, cut to fit SIZE (a terminal cell). */
const char *escape_str(char *buf, size_t size, const char *s);
/* Columns out_escaped() takes for S. */
size_t escaped_width(const char *s);

/* S as a JSON string literal, quotes included: byte for byte what cJSON
 * prints for json_text(S) (bytes outside well-formed UTF-8 as U+FFFD). */
void out_json_string(struct out *o, const char *s);
/* The same at Q, which has room for JSON_STRING_MAX(strlen(S)) bytes;
 * returns the end. */
char *json_string_at(char *q, const char *s);
#define JSON_STRING_MAX(len) (6 * (len) + 2) /* every byte \u00XX */
/* Prints "netobs: " MSG (escaped) to stderr; for messages holding device
 * names or library text.  PREFIX may be NULL, e.g. "warning: ". */
void cli_error(const char *prefix, const char *msg);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Length of the well-formed UTF-8 sequence at S (at most N bytes): 1 to 4,
 * or 0 when S does not start one (overlong, surrogate, truncated, ...). */
size_t utf8_sequence(const unsigned char *s, size_t n);

/* ---- units.c ------------------------------------------------------------- */

#define UNITS_BUFSIZ 32

/* A rate of BYTES_PER_SEC: "12.3 Mbit/s" (SI bits), with --bytes
 * "12.3 MiB/s" (IEC bytes), with --raw "12300000.00" (bits or bytes). */
const char *units_byte_rate(char buf[UNITS_BUFSIZ], double bytes_per_sec,
			    const struct cli_opts *o);
/* The same without the unit, for key=value lines: "12.3M" (bits) or "12.3Mi"
 * (--bytes). */
const char *units_byte_rate_bare(char buf[UNITS_BUFSIZ], double bytes_per_sec,
				 const struct cli_opts *o);
/* A rate of things (packets, errors): "12.3k", with --raw "12300.00". */
const char *units_count_rate(char buf[UNITS_BUFSIZ], double per_sec, const struct cli_opts *o);
/* A total in bytes: "1.50 GiB", with --raw "1610612736". */
const char *units_bytes(char buf[UNITS_BUFSIZ], uint64_t bytes, const struct cli_opts *o);
/* A link speed in bits/s: "10.0 Gbit/s", with --raw "10000000000". */
const char *units_bits(char buf[UNITS_BUFSIZ], uint64_t bits, const struct cli_opts *o);
/* An exact unsigned integer. */
const char *units_u64(char buf[UNITS_BUFSIZ], uint64_t v);
/* The same into BUF (at least 22 bytes, e.g. UNITS_BUFSIZ), returning the
 * length; and a signed one. */
size_t units_fmt_u64(char *buf, uint64_t v);
size_t units_fmt_i64(char *buf, int64_t v);
/* snprintf(BUF, SIZE, "%.*f", DECIMALS, V), same text and return, faster
 * for the rates JSON writes. */
size_t units_fmt_fixed(char *buf, size_t size, double v, int decimals);

/* RFC 3339 in UTC with milliseconds: "2024-05-01T10:00:01.123Z". */
const char *units_rfc3339(char buf[UNITS_BUFSIZ], const struct timespec *realtime);
double units_seconds(const struct timespec *t);
/* The host netobs runs on (never NULL). */
const char *units_hostname(char *buf, size_t size);

#endif /* NETOBS_CLI_TEXT_H */
