/* SPDX-License-Identifier: MIT */
/*
 * Every device counter and sysctl the library knows (netobs_counter_count(),
 * netobs_tunable_count()) has its own HELP text in cli/prom_help.c, not the
 * generated one the CLI falls back to for a newer library.  The tables'
 * _Static_asserts can only see the enums' last members as written there;
 * this sees the counts.  Exit 0 when every one has a text.
 */
#include "config.h"

#include <stdio.h>

#include "prom.h"

int main(void)
{
	struct prom_counter_help fallback;
	char buf[512];
	unsigned int i, missing = 0;

	for (i = 0; i < netobs_counter_count(); i++) {
		if (prom_counter_help((enum netobs_counter)i, buf, sizeof(buf), &fallback) ==
		    &fallback) {
			printf("no HELP text for counter %s\n", netobs_counter_name(i));
			missing++;
		}
	}
	for (i = 0; i < netobs_tunable_count(); i++) {
		if (prom_tunable_help((enum netobs_tunable)i, buf, sizeof(buf)) == buf) {
			printf("no HELP text for sysctl %s\n", netobs_tunable_sysctl(i));
			missing++;
		}
	}
	return missing ? 1 : 0;
}
