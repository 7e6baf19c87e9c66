/* SPDX-License-Identifier: MIT */
/* Placeholder until the softnet suite is written. */
#include "config.h"

#include "testutil.h"

Suite *make_softnet_suite(void);

Suite *make_softnet_suite(void)
{
	return suite_create("softnet");
}
