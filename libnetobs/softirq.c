/* SPDX-License-Identifier: MIT */
/* Placeholder while the softirq helper writes this file. */
#include "config.h"

#include <errno.h>

#include "internal.h"

int netobs__softirq_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap) { return 0; }
