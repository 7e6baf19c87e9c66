/* SPDX-License-Identifier: MIT */
/* The unit-test runner: one suite per module, each over fixture trees or
 * synthetic input.  No test here touches the live host's devices. */
#include "config.h"

#include <check.h>
#include <stdlib.h>

Suite *make_names_suite(void);
Suite *make_procfs_suite(void);
Suite *make_sysfs_suite(void);
Suite *make_classify_suite(void);
Suite *make_softnet_suite(void);
Suite *make_softirq_suite(void);
Suite *make_netlink_suite(void);
Suite *make_nldump_suite(void);
Suite *make_diff_suite(void);
Suite *make_degraded_suite(void);
Suite *make_api_suite(void);
Suite *make_sections_suite(void);
Suite *make_sockets_suite(void);
Suite *make_qdisc_suite(void);
Suite *make_proto_suite(void);
Suite *make_ifname_suite(void);
Suite *make_sampler_suite(void);
Suite *make_doctor_suite(void);
Suite *make_container_suite(void);
Suite *make_trace_suite(void);

int main(void)
{
	SRunner *sr = srunner_create(make_names_suite());
	int failed;

	srunner_add_suite(sr, make_procfs_suite());
	srunner_add_suite(sr, make_sysfs_suite());
	srunner_add_suite(sr, make_classify_suite());
	srunner_add_suite(sr, make_softnet_suite());
	srunner_add_suite(sr, make_softirq_suite());
	srunner_add_suite(sr, make_nldump_suite());
	srunner_add_suite(sr, make_netlink_suite());
	srunner_add_suite(sr, make_diff_suite());
	srunner_add_suite(sr, make_degraded_suite());
	srunner_add_suite(sr, make_api_suite());
	srunner_add_suite(sr, make_container_suite());
	srunner_add_suite(sr, make_sections_suite());
	srunner_add_suite(sr, make_sockets_suite());
	srunner_add_suite(sr, make_qdisc_suite());
	srunner_add_suite(sr, make_proto_suite());
	srunner_add_suite(sr, make_ifname_suite());
	srunner_add_suite(sr, make_sampler_suite());
	srunner_add_suite(sr, make_doctor_suite());
	srunner_add_suite(sr, make_trace_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
