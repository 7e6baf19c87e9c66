/* SPDX-License-Identifier: MIT */
/*
 * netobs drops' report of one interval: text (the top of each list, with
 * rates), JSON (one object per interval, one per line: NDJSON, as watch),
 * Prometheus text (reason and protocol only: a location is an address
 * that changes with every kernel build, an unbounded label).  Also the
 * drop-reason part of doctor's report.  Locations are kernel symbols and
 * reasons come from a kernel file: data, escaped like any name.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "format.h"
#include "text.h"

/* Rows of each list shown as text without --all. */
#define DROPS_TOP 10

static double rate_of(const struct netobs_drop_counts *c, uint64_t n)
{
	double s = netobs_drop_counts_seconds(c);

	return s > 0 ? (double)n / s : 0;
}

static void text_list(struct out *out, const struct cli_opts *o,
		      const struct netobs_drop_counts *c, enum netobs_drop_key key)
{
	size_t n = netobs_drop_counts_size(c, key), i;
	char num[UNITS_BUFSIZ], rate[UNITS_BUFSIZ];
	const char *name, *site;

	out_printf(out, "\n%-12s %-10s %s\n", "DROPS", "PER SEC", key == NETOBS_DROP_BY_REASON ?
		   "REASON (SITE)" : key == NETOBS_DROP_BY_LOCATION ? "LOCATION" : "PROTOCOL");
	for (i = 0; i < n && (o->all || i < DROPS_TOP); i++) {
		uint64_t v = netobs_drop_counts_value(c, key, i);

		name = netobs_drop_counts_name(c, key, i);
		out_printf(out, "%-12s %-10s ", units_u64(num, v),
			   units_count_rate(rate, rate_of(c, v), o));
		out_escaped(out, name);
		site = key == NETOBS_DROP_BY_REASON ? netobs_drop_counts_site(c, name) : NULL;
		if (site) {
			out_str(out, " (");
			out_escaped(out, site);
			out_char(out, ')');
		}
		out_char(out, '\n');
	}
	if (i < n)
		out_printf(out, "... %zu more (--all shows them)\n", n - i);
	if (n == 0)
		out_str(out, "(none)\n");
}

static void print_text(struct out *out, const struct cli_opts *o,
		       const struct netobs_drop_counts *c)
{
	char num[UNITS_BUFSIZ], rate[UNITS_BUFSIZ];
	uint64_t total = netobs_drop_counts_total(c);

	out_printf(out, "netobs drops: %s dropped over %.2f s (%s/s)", units_u64(num, total),
		   netobs_drop_counts_seconds(c), units_count_rate(rate, rate_of(c, total), o));
	out_printf(out, ", lost %s", units_u64(num, netobs_drop_counts_lost(c)));
	if (netobs_drop_counts_lost(c))
		out_str(out, " (the ring buffers overflowed: every count is a lower bound)");
	if (netobs_drop_counts_untracked(c))
		out_printf(out, ", %s untracked (past the table's bound: in the total only)",
			   units_u64(num, netobs_drop_counts_untracked(c)));
	out_char(out, '\n');
	if (netobs_drop_counts_has_reasons(c))
		text_list(out, o, c, NETOBS_DROP_BY_REASON);
	else
		out_str(out, "\nREASON: this kernel does not give drop reasons (they came in 5.17)\n");
	text_list(out, o, c, NETOBS_DROP_BY_LOCATION);
	text_list(out, o, c, NETOBS_DROP_BY_PROTOCOL);
}

static cJSON *json_list(const struct netobs_drop_counts *c, enum netobs_drop_key key)
{
	cJSON *arr = cJSON_CreateArray(), *e;
	const char *name, *site;
	size_t i;

	for (i = 0; i < netobs_drop_counts_size(c, key); i++) {
		uint64_t v = netobs_drop_counts_value(c, key, i);

		name = netobs_drop_counts_name(c, key, i);
		e = cJSON_CreateObject();
		cJSON_AddItemToObject(e, netobs_drop_key_name(key), json_text_copy(name));
		cJSON_AddItemToObject(e, "drops", json_u64(v));
		cJSON_AddNumberToObject(e, "rate", rate_of(c, v));
		site = key == NETOBS_DROP_BY_REASON ? netobs_drop_counts_site(c, name) : NULL;
		if (key == NETOBS_DROP_BY_REASON)
			cJSON_AddItemToObject(e, "site", site ? json_text_copy(site) : cJSON_CreateNull());
		cJSON_AddItemToArray(arr, e);
	}
	return arr;
}

cJSON *drops_json(const struct netobs_drop_counts *c, const char *unavailable)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddBoolToObject(j, "available", c != NULL);
	if (!c) {
		cJSON_AddItemToObject(j, "why", json_text_copy(unavailable ? unavailable : ""));
		return j;
	}
	cJSON_AddNumberToObject(j, "seconds", netobs_drop_counts_seconds(c));
	cJSON_AddItemToObject(j, "drops", json_u64(netobs_drop_counts_total(c)));
	cJSON_AddNumberToObject(j, "rate", rate_of(c, netobs_drop_counts_total(c)));
	cJSON_AddItemToObject(j, "lost", json_u64(netobs_drop_counts_lost(c)));
	cJSON_AddItemToObject(j, "untracked", json_u64(netobs_drop_counts_untracked(c)));
	cJSON_AddBoolToObject(j, "reasons_given", netobs_drop_counts_has_reasons(c));
	cJSON_AddItemToObject(j, "reasons", json_list(c, NETOBS_DROP_BY_REASON));
	cJSON_AddItemToObject(j, "locations", json_list(c, NETOBS_DROP_BY_LOCATION));
	cJSON_AddItemToObject(j, "protocols", json_list(c, NETOBS_DROP_BY_PROTOCOL));
	return j;
}

static int print_json(struct out *out, const struct netobs_drop_counts *c,
		      const struct timespec *end)
{
	cJSON *doc = drops_json(c, NULL);
	char when[UNITS_BUFSIZ];

	cJSON_AddItemToObject(doc, "time", json_text_copy(units_rfc3339(when, end)));
	return json_print_line(out, doc);
}

/* The HELP texts are in netobs(1), DROPS, word for word. */
static void prom_family(struct out *out, const char *name, const char *type, const char *help)
{
	out_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A family with no sample is left out, as every netobs family. */
static void prom_list(struct out *out, const struct netobs_drop_counts *c,
		      enum netobs_drop_key key, const char *family, const char *help)
{
	size_t i;

	for (i = 0; i < netobs_drop_counts_size(c, key); i++) {
		if (i == 0)
			prom_family(out, family, "gauge", help);
		out_printf(out, "%s{", family);
		prom_label_pair(out, netobs_drop_key_name(key), netobs_drop_counts_name(c, key, i),
				true);
		out_printf(out, "} %.6g\n", rate_of(c, netobs_drop_counts_value(c, key, i)));
	}
}

static void print_prom(struct out *out, const struct netobs_drop_counts *c)
{
	prom_family(out, "netobs_kernel_drops_interval_seconds", "gauge",
		    "Seconds netobs traced skb:kfree_skb for the rates below.");
	out_printf(out, "netobs_kernel_drops_interval_seconds %.6g\n",
		   netobs_drop_counts_seconds(c));
	prom_family(out, "netobs_kernel_drops_rate", "gauge",
		    "Packets the kernel dropped per second (skb:kfree_skb); a rise means more "
		    "loss inside this host, the reason series say why.");
	out_printf(out, "netobs_kernel_drops_rate %.6g\n", rate_of(c, netobs_drop_counts_total(c)));
	prom_family(out, "netobs_kernel_drops_lost_rate", "gauge",
		    "Drop events per second the trace buffers lost; above 0 every drop rate "
		    "is a lower bound.");
	out_printf(out, "netobs_kernel_drops_lost_rate %.6g\n",
		   rate_of(c, netobs_drop_counts_lost(c)));
	prom_list(out, c, NETOBS_DROP_BY_REASON, "netobs_kernel_drops_reason_rate",
		  "Packets the kernel dropped per second for REASON (enum skb_drop_reason); a "
		  "rise means that cause is losing packets.");
	prom_list(out, c, NETOBS_DROP_BY_PROTOCOL, "netobs_kernel_drops_protocol_rate",
		  "Packets the kernel dropped per second by their protocol (ETH_P_*); a rise "
		  "means loss of that protocol's traffic.");
}

int drops_print(struct out *out, const struct cli_opts *o, const struct netobs_drop_counts *c,
		const struct timespec *end)
{
	if (o->fmt == cli_format_find("json"))
		return print_json(out, c, end);
	if (o->fmt == cli_format_find("prom"))
		print_prom(out, c);
	else
		print_text(out, o, c);
	return 0;
}

void drops_doctor_text(struct out *out, const struct netobs_drop_counts *c,
		       const char *unavailable)
{
	char num[UNITS_BUFSIZ], lost[UNITS_BUFSIZ];
	size_t i, n;

	out_str(out, "\ndrop reasons (skb:kfree_skb): ");
	if (!c) {
		out_str(out, "unavailable: ");
		out_escaped(out, unavailable ? unavailable : "");
		out_char(out, '\n');
		return;
	}
	out_printf(out, "%s drops, lost %s", units_u64(num, netobs_drop_counts_total(c)),
		   units_u64(lost, netobs_drop_counts_lost(c)));
	if (!netobs_drop_counts_has_reasons(c))
		out_str(out, "; this kernel gives no reasons (before 5.17)");
	n = netobs_drop_counts_size(c, NETOBS_DROP_BY_REASON);
	for (i = 0; i < n && i < 5; i++) {
		const char *name = netobs_drop_counts_name(c, NETOBS_DROP_BY_REASON, i);
		const char *site = netobs_drop_counts_site(c, name);

		out_str(out, i ? ", " : ": ");
		out_escaped(out, name);
		out_printf(out, " %s", units_u64(num, netobs_drop_counts_value(c, NETOBS_DROP_BY_REASON, i)));
		if (site) {
			out_str(out, " in ");
			out_escaped(out, site);
		}
	}
	out_char(out, '\n');
}
