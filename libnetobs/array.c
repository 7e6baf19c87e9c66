/* SPDX-License-Identifier: MIT */
/* Growable arrays: every buffer the library reuses across refreshes grows
 * here, doubling, so a steady-state refresh never reallocates. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

int netobs__grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (elem != 0 && ncap > SIZE_MAX / elem)
		return -ENOMEM;
	n = realloc(*arr, ncap * elem);
	if (!n)
		return -ENOMEM;
	*arr = n;
	*cap = ncap;
	return 0;
}
