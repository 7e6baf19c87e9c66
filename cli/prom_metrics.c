/* SPDX-License-Identifier: MIT */
/*
 * --metrics GROUPS: which Prometheus families --prom and --textfile write.
 * A fleet pays per series, and most of a device's 30 counters stay 0 for
 * good on virtual devices (the issue counted 1,567 zero series of 2,288 on
 * a host of 73 devices); the default leaves out the groups that are mostly
 * zero and keeps what an alert on loss needs.  netobs_section_success,
 * netobs_last_success_timestamp_seconds, netobs_build_info and
 * netobs_scrape_duration_seconds are written whatever the groups.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "prom.h"

static const struct {
	const char *name;
	unsigned int bits;
} groups[] = {
	{ "core", PROM_GROUP_CORE },
	{ "errors", PROM_GROUP_ERRORS },
	{ "drops", PROM_GROUP_DROPS },
	{ "details", PROM_GROUP_DETAILS },
	{ "softnet", PROM_GROUP_SOFTNET },
	{ "softirq", PROM_GROUP_SOFTIRQ },
	{ "sysctl", PROM_GROUP_SYSCTL },
	{ "qdisc", PROM_GROUP_QDISC },
	{ "sockets", PROM_GROUP_SOCKETS },
	{ "stack", PROM_GROUP_STACK },
	{ "stack_extra", PROM_GROUP_STACK_EXTRA },
	{ "default", PROM_GROUPS_DEFAULT },
	{ "all", PROM_GROUPS_ALL },
};

static int group_bits(const char *name, size_t len, unsigned int *bits)
{
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strlen(groups[i].name) == len && memcmp(groups[i].name, name, len) == 0) {
			*bits = groups[i].bits;
			return 0;
		}
	return -1;
}

/* "core,drops": those groups; "+softirq,-qdisc": the default with softirq,
 * without qdisc (a list whose first entry has a sign starts from the
 * default); "all,-stack_extra".  Entries apply in order.  NULL on success,
 * else why, with *BAD at the entry that is wrong. */
const char *prom_metrics_parse(const char *list, unsigned int *out, const char **bad)
{
	unsigned int set = 0, bits;
	const char *p = list;
	size_t len;
	char sign;

	if (*p == '+' || *p == '-')
		set = PROM_GROUPS_DEFAULT;
	for (;;) {
		*bad = p;
		sign = *p == '+' || *p == '-' ? *p++ : '+';
		len = strcspn(p, ",");
		if (len == 0)
			return "empty group in --metrics";
		if (group_bits(p, len, &bits) < 0)
			return "unknown metrics group (core, errors, drops, details, softnet, "
			       "softirq, sysctl, qdisc, sockets, stack, stack_extra, default, all)";
		set = sign == '-' ? set & ~bits : set | bits;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*out = set;
	return NULL;
}
