/* SPDX-License-Identifier: MIT */
/* Placeholder while the tunables helper writes this file. */
#include "config.h"

#include <errno.h>

#include "internal.h"

int netobs__tunables_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap) { return 0; }
