/* SPDX-License-Identifier: MIT */
/* Placeholder while the diff helper writes this file. */
#include "config.h"

#include <errno.h>

#include "internal.h"

NETOBS_API void netobs_diff_free(struct netobs_diff *diff) { (void)diff; }
