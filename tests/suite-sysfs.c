/* SPDX-License-Identifier: MIT */
/* Placeholder until the sysfs suite is written. */
#include "config.h"

#include "testutil.h"

Suite *make_sysfs_suite(void);

Suite *make_sysfs_suite(void)
{
	return suite_create("sysfs");
}
