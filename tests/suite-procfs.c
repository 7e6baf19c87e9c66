/* SPDX-License-Identifier: MIT */
/* Placeholder until the procfs suite is written. */
#include "config.h"

#include "testutil.h"

Suite *make_procfs_suite(void);

Suite *make_procfs_suite(void)
{
	return suite_create("procfs");
}
