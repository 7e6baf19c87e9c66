/* SPDX-License-Identifier: MIT */
/* Placeholder until the degraded-host suite is written. */
#include "config.h"

#include "testutil.h"

Suite *make_degraded_suite(void);

Suite *make_degraded_suite(void)
{
	return suite_create("degraded");
}
