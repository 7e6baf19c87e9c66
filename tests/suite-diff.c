/* SPDX-License-Identifier: MIT */
/* Placeholder until the diff suite is written. */
#include "config.h"

#include "testutil.h"

Suite *make_diff_suite(void);

Suite *make_diff_suite(void)
{
	return suite_create("diff");
}
