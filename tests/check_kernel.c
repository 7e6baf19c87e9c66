/* Placeholder until the real-kernel suite is written. */
#include "config.h"

#include <check.h>
#include <stdlib.h>

int main(void)
{
	SRunner *sr = srunner_create(suite_create("kernel"));
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
