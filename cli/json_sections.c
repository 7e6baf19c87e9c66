/* SPDX-License-Identifier: MIT */
/*
 * What a JSON reader needs to tell "no drops" from "could not read": each
 * section's state and scope, and every warning as a record.
 */
#include "config.h"

#include <cjson/cJSON.h>

#include "cli.h"

static cJSON *section_object(const struct netobs_snapshot *snap, enum netobs_section section)
{
	cJSON *obj = cJSON_CreateObject();

	json_add(obj, "ok", cJSON_CreateBool(netobs_snapshot_section_ok(snap, section)));
	json_add(obj, "scope", json_text(netobs_scope_name(netobs_section_scope(section))));
	return obj;
}

static cJSON *warning_object(const struct netobs_warning *w)
{
	cJSON *obj = cJSON_CreateObject();
	enum netobs_section section;
	unsigned int line = netobs_warning_line(w);

	json_add(obj, "section", netobs_warning_section(w, &section) == 0
					 ? json_text(netobs_section_name(section))
					 : cJSON_CreateNull());
	json_add(obj, "file", json_text(netobs_warning_file(w)));
	json_add(obj, "line", line ? json_u64(line) : cJSON_CreateNull());
	json_add(obj, "message", json_text(netobs_warning_message(w)));
	return obj;
}

void json_print_sections(struct json *j, const struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap)
{
	unsigned int s, n = netobs_section_count();
	struct json_list l;
	size_t i;

	json_member_key(j, "sections", false);
	json_punct(j, "{");
	for (s = 0; s < n; s++) {
		json_member_key(j, netobs_section_name((enum netobs_section)s), s == 0);
		json_print_value(j, section_object(snap, (enum netobs_section)s));
	}
	json_punct(j, "}");
	json_list_open(&l, j, "warnings");
	for (i = 0; ctx && i < netobs_ctx_warning_count(ctx); i++)
		json_list_item(&l, warning_object(netobs_ctx_warning(ctx, i)));
	json_list_close(&l);
}
