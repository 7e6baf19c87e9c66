/* SPDX-License-Identifier: MIT */
/* Placeholder until the netlink suite is written. */
#include "config.h"

#include "testutil.h"

Suite *make_netlink_suite(void);

Suite *make_netlink_suite(void)
{
	return suite_create("netlink");
}
