/* SPDX-License-Identifier: MIT */
/* Placeholder while the link_netlink helper writes this file. */
#include "config.h"

#include <errno.h>

#include "internal.h"

int netobs__netlink_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap) { return -ENOSYS; }
int netobs__netlink_open(struct netobs_ctx *ctx) { return -ENOSYS; }
void netobs__netlink_close(struct netobs_ctx *ctx) { }
