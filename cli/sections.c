/* SPDX-License-Identifier: MIT */
/*
 * Every section beside the devices, in the order the formats print them:
 * a new section is one row here (its hooks are in its own *_out.c).  The
 * watch sample's JSON walks this backwards: see json_print_sample().
 */
#include "config.h"

#include "sections.h"

/* Each defined at the end of its own file, declared only here, its user. */
extern const struct cli_section cli_section_netns, cli_section_sockets,
	cli_section_qdisc, cli_section_stack;

const struct cli_section *const cli_sections[] = {
	&cli_section_netns,
	&cli_section_sockets,
	&cli_section_qdisc,
	&cli_section_stack,
};

const size_t cli_section_count = sizeof(cli_sections) / sizeof(cli_sections[0]);
