/* SPDX-License-Identifier: MIT */
/*
 * units_fmt_u64() and units_fmt_i64() against printf's %llu and %lld, at
 * every length and at the ends, then units_fmt_fixed() (cli/units.c)
 * against snprintf("%.*f"): the same text
 * and length for ties, values next to ties, every magnitude a rate takes
 * and beyond, negatives, -0, NaN and infinities, then millions of random
 * doubles.  Exit 0 when all match; the first few mismatches are printed.
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

static unsigned long failures, checked;

static void check(double v, int decimals)
{
	char want[512], got[512];
	int wn = snprintf(want, sizeof(want), "%.*f", decimals, v);
	size_t gn = units_fmt_fixed(got, sizeof(got), v, decimals);

	checked++;
	if ((size_t)wn == gn && strcmp(want, got) == 0)
		return;
	if (failures++ < 10)
		fprintf(stderr, "units-fixed: %a with %d decimals: want \"%s\" (%d), got \"%s\" (%zu)\n",
			v, decimals, want, wn, got, gn);
}

/* xorshift64*: the same sequence every run. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static void edges(void)
{
	static const double v[] = {
		0.0, -0.0, 0.0005, 0.0015, 0.0025, 0.125, 0.375, 2.5, 0.5, 1.5, -0.5, -0.0005,
		1e-300, -1e-300, 4503599627370495.5, 4503599627370496.0, 9007199254740993.0,
		1e15 + 0.5, 123456.0005, 999.9995, 9.9995, 0.9995, DBL_MIN, DBL_MAX, -DBL_MAX,
		DBL_EPSILON, 1.0 / 3, 2.0 / 3, 1e22, NAN, INFINITY, -INFINITY,
	};
	size_t i;
	int d;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (d = 0; d <= 9; d++) {
			check(v[i], d);
			check(nextafter(v[i], INFINITY), d);
			check(nextafter(v[i], -INFINITY), d);
		}
}

/* Ties at every scale: k + 0.5 units of the last digit, and their
 * neighbours. */
static void ties(void)
{
	double unit = 1;
	int d, k;

	for (d = 0; d <= 9; d++, unit /= 10)
		for (k = 0; k < 20000; k++) {
			double t = (k + 0.5) * unit;

			check(t, d);
			check(nextafter(t, 0), d);
			check(nextafter(t, INFINITY), d);
			check(-t, d);
		}
}

static void random_values(unsigned long count)
{
	uint64_t s = 0x9e3779b97f4a7c15ull;
	unsigned long i;

	for (i = 0; i < count; i++) {
		uint64_t r = next(&s);
		/* A mantissa times 10^-12 .. 10^17: the range rates live in. */
		double m = (double)(r >> 11) / 9007199254740992.0;
		double v = m * pow(10, (double)(int)(next(&s) % 30) - 12);
		int d = (int)(next(&s) % 10);

		check(r & 1 ? -v : v, d);
		/* Any bit pattern: subnormals, huge values, NaNs. */
		memcpy(&v, &r, sizeof(v));
		check(v, d);
	}
}

/* units_fmt_u64() and units_fmt_i64() against printf, at every length. */
static void integers(void)
{
	char want[32], got[32];
	uint64_t s = 0x2545f4914f6cdd1dull, v = 1;
	size_t gn;
	int i, j, wn;

	for (i = 0; i < 400000; i++) {
		switch (i < 3 ? 4 + i : i % 4) {
		case 4: v = 0; break; /* the ends first */
		case 5: v = UINT64_MAX; break;
		case 6: v = (uint64_t)INT64_MIN; break;
		case 0: v = next(&s); break;
		case 1: v = next(&s) >> (next(&s) % 64); break;
		case 2: v = (uint64_t)1 << (i % 64); v -= i % 3; break;
		default: v = (uint64_t)i; break;
		}
		for (j = 0; j < 2; j++) {
			if (j == 0) {
				wn = snprintf(want, sizeof(want), "%llu", (unsigned long long)v);
				gn = units_fmt_u64(got, v);
			} else {
				wn = snprintf(want, sizeof(want), "%lld", (long long)(int64_t)v);
				gn = units_fmt_i64(got, (int64_t)v);
			}
			checked++;
			if ((size_t)wn != gn || strcmp(want, got) != 0) {
				if (failures++ < 10)
					fprintf(stderr, "units-fixed: integer %s: got \"%s\"\n", want, got);
			}
		}
	}
}

int main(void)
{
	integers();
	edges();
	ties();
	random_values(400000);
	printf("units-fixed: %lu values, %lu mismatches\n", checked, failures);
	return failures ? 1 : 0;
}
