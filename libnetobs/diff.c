/* SPDX-License-Identifier: MIT */
/* Placeholder while the diff helper writes this file. */
#include "config.h"

#include <errno.h>

#include "internal.h"
