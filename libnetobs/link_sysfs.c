/* SPDX-License-Identifier: MIT */
/* Placeholder while the link_sysfs helper writes this file. */
#include "config.h"

#include <errno.h>

#include "internal.h"

int netobs__sysfs_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap) { return -ENOSYS; }
int netobs__sysfs_read_device(struct netobs_ctx *ctx, struct netobs_device *dev) { return -ENOSYS; }
int netobs__sysfs_enrich(struct netobs_ctx *ctx, struct netobs_device *dev) { return -ENOSYS; }
