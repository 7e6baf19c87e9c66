/* SPDX-License-Identifier: MIT */
/* Placeholder until the softirq suite is written. */
#include "config.h"

#include "testutil.h"

Suite *make_softirq_suite(void);

Suite *make_softirq_suite(void)
{
	return suite_create("softirq");
}
