/* SPDX-License-Identifier: MIT */
/* Placeholder until the classify suite is written. */
#include "config.h"

#include "testutil.h"

Suite *make_classify_suite(void);

Suite *make_classify_suite(void)
{
	return suite_create("classify");
}
