/* SPDX-License-Identifier: MIT */
/*
 * What a JSON reader needs to tell "no drops" from "could not read": each
 * section's state and scope, and every warning as a record.
 */
#include "config.h"


#include "json.h"

static void section_object(struct jw *w, const struct netobs_snapshot *snap,
			   enum netobs_section section)
{
	unsigned int t;

	jw_object(w, netobs_section_name(section));
	jw_bool(w, "ok", netobs_snapshot_section_ok(snap, section));
	if (section != NETOBS_SECTION_TUNABLES) {
		jw_str(w, "scope", netobs_scope_name(netobs_section_scope(section)));
		jw_close(w);
		return;
	}
	/* Some tunables are the host's, some the namespace's: one word would
	 * lie about half of them. */
	jw_str(w, "scope", "mixed");
	jw_object(w, "scopes");
	for (t = 0; t < netobs_tunable_count(); t++)
		jw_str(w, netobs_tunable_name((enum netobs_tunable)t),
		       netobs_scope_name(netobs_tunable_scope((enum netobs_tunable)t)));
	jw_close(w);
	jw_close(w);
}

static void warning_object(struct jw *w, const struct netobs_warning *warn)
{
	enum netobs_section section;
	unsigned int line = netobs_warning_line(warn);

	jw_object(w, NULL);
	if (netobs_warning_section(warn, &section) == 0)
		jw_str(w, "section", netobs_section_name(section));
	else
		jw_null(w, "section");
	jw_str(w, "file", netobs_warning_file(warn));
	if (line)
		jw_u64(w, "line", line);
	else
		jw_null(w, "line");
	jw_str(w, "message", netobs_warning_message(warn));
	jw_close(w);
}

void json_print_sections(struct json *j, const struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap)
{
	unsigned int s, n = netobs_section_count();
	size_t i;
	struct jw w;

	json_member_key(j, "sections", false);
	jw_begin(&w, j);
	jw_object(&w, NULL);
	for (s = 0; s < n; s++)
		section_object(&w, snap, (enum netobs_section)s);
	jw_close(&w);
	jw_end(&w);
	json_member_key(j, "warnings", false);
	jw_begin(&w, j);
	jw_array(&w, NULL);
	for (i = 0; ctx && i < netobs_ctx_warning_count(ctx); i++)
		warning_object(&w, netobs_ctx_warning(ctx, i));
	jw_close(&w);
	jw_end(&w);
}
