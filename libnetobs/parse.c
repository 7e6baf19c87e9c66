/* SPDX-License-Identifier: MIT */
/* Number parsing shared by the kernel-file parsers: bounded, no locale, no
 * errno games, overflow detected rather than saturated. */
#include "config.h"

#include <errno.h>

#include "internal.h"

static void skip_blanks(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

int netobs__parse_u64(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *s;

	skip_blanks(p, end);
	s = *p;
	while (s < end && *s >= '0' && *s <= '9') {
		unsigned int d = (unsigned int)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
		s++;
	}
	if (s == *p)
		return -EINVAL;
	*p = s;
	*out = v;
	return 0;
}

int netobs__hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int netobs__parse_hex(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *s;
	int d;

	skip_blanks(p, end);
	s = *p;
	while (s < end && (d = netobs__hex_digit(*s)) >= 0) {
		if (s - *p >= 16)
			return -ERANGE;
		v = (v << 4) | (uint64_t)d;
		s++;
	}
	if (s == *p)
		return -EINVAL;
	*p = s;
	*out = v;
	return 0;
}
