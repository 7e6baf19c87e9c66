/* SPDX-License-Identifier: MIT */
/*
 * Which devices a command reports.  A device is shown when it matches one
 * of the names or globs (or there are none), is of a listed class and kind
 * (or none are listed), and matches no --exclude glob.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "outbuf.h"
#include "text.h"

bool filter_is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* A device name is matched literally too: the kernel allows '*' or '[' in
 * names, and such a device must still be reachable by its own name. */
static bool pattern_match(const char *pattern, const char *name)
{
	return strcmp(pattern, name) == 0 || fnmatch(pattern, name, 0) == 0;
}

static bool any_match(const char *const *patterns, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pattern_match(patterns[i], name))
			return true;
	return false;
}

/* LIST is a --kind argument as given: "veth,bridge". */
static bool in_list(const char *list, const char *kind)
{
	size_t len = strlen(kind);
	const char *p = list, *comma;

	for (;;) {
		comma = strchr(p, ',');
		if ((comma ? (size_t)(comma - p) : strlen(p)) == len && strncmp(p, kind, len) == 0)
			return true;
		if (!comma)
			return false;
		p = comma + 1;
	}
}

static bool kind_listed(const struct filter *f, const char *kind)
{
	size_t i;

	for (i = 0; i < f->nkinds; i++)
		if (in_list(f->kinds[i], kind))
			return true;
	return false;
}

int filter_role_index(const char *name)
{
	const char *r;
	int i;

	for (i = 0; (r = netobs_role_name((unsigned int)i)) != NULL; i++)
		if (strcmp(r, name) == 0)
			return i;
	return -1;
}

/* --role: a device without a role matches no role. */
static bool role_listed(const struct filter *f, const struct netobs_device *dev)
{
	const char *role = netobs_device_role(dev);
	int i = role ? filter_role_index(role) : -1;

	return i >= 0 && (f->roles & (1u << i));
}

bool filter_match(const struct filter *f, const struct netobs_device *dev)
{
	const char *name = netobs_device_name(dev);

	if (f->nnames > 0 && !any_match(f->names, f->nnames, name))
		return false;
	if (f->classes && !(f->classes & (1u << netobs_device_class(dev))))
		return false;
	if (f->nkinds > 0 && !kind_listed(f, netobs_device_kind(dev)))
		return false;
	if (f->roles && !role_listed(f, dev))
		return false;
	return !any_match(f->excludes, f->nexcludes, name);
}

/* Edit distance (insert, delete, substitute) of two names, cut at 64
 * bytes: interface names are 15. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strnlen(a, 64), lb = strnlen(b, 64), i, j, prev, up, d[65];

	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			up = d[j];
			d[j] = prev + (a[i - 1] != b[j - 1]);
			if (up + 1 < d[j])
				d[j] = up + 1;
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			prev = up;
		}
	}
	return d[lb];
}

/* The present device closest to NAME, when close enough to be a typo (at
 * most a third of the name's letters, at least 2) or sharing its start. */
static const char *closest(const char *name, const struct netobs_snapshot *snap)
{
	size_t i, best = SIZE_MAX, d, len = strlen(name);
	const char *pick = NULL, *dev;

	for (i = 0; i < netobs_snapshot_device_count(snap); i++) {
		dev = netobs_device_name(netobs_snapshot_device(snap, i));
		d = distance(name, dev);
		if (len >= 3 && strncmp(dev, name, 3) == 0 && d > 0)
			d = d < 2 ? d : 2;
		if (d < best) {
			best = d;
			pick = dev;
		}
	}
	return best <= (len / 3 > 2 ? len / 3 : 2) ? pick : NULL;
}

/* After "no such device: eht0" (a line scripts match as it is), one more:
 * "did you mean eth0? present: lo, eth0, docker0", so an operator who
 * typed the wrong name sees the right one at once. */
static void present_hint(const char *name, const struct netobs_snapshot *snap)
{
	size_t i, n = netobs_snapshot_device_count(snap);
	const char *near = closest(name, snap);
	struct out e;

	out_init(&e, 2);
	out_str(&e, "netobs: ");
	if (near) {
		out_str(&e, "did you mean ");
		out_escaped(&e, near);
		out_str(&e, "? ");
	}
	out_str(&e, n ? "present: " : "no devices present");
	for (i = 0; i < n && i < 30; i++) {
		out_str(&e, i ? ", " : "");
		out_escaped(&e, netobs_device_name(netobs_snapshot_device(snap, i)));
	}
	if (n > 30)
		out_printf(&e, ", ... (%zu in all)", n);
	out_char(&e, '\n');
	out_flush(&e);
	out_free(&e);
}

/* A glob that matches nothing is an empty selection, as in a shell with
 * nullglob; a plain name that matches nothing is a mistake worth exit 1. */
int filter_check_named(const struct filter *f, const struct netobs_snapshot *snap)
{
	const char *first = NULL;
	size_t i, missing = 0;

	for (i = 0; i < f->nnames; i++) {
		if (filter_is_glob(f->names[i]) ||
		    netobs_snapshot_device_by_name(snap, f->names[i]))
			continue;
		/* Thousands of wrong arguments need not make thousands of lines. */
		if (missing < 5)
			cli_error("no such device: ", f->names[i]);
		if (!missing)
			first = f->names[i];
		missing++;
	}
	if (missing > 5)
		cli_errorf("... and %zu more missing devices", missing - 5);
	else if (missing) /* a bulk of wrong names needs no hint */
		present_hint(first, snap);
	return missing ? -ENODEV : 0;
}

/* ---- filters that select nothing ------------------------------------------ */

static bool any_name_matches(const struct netobs_snapshot *snap, const char *pattern)
{
	size_t i;

	for (i = 0; i < netobs_snapshot_device_count(snap); i++)
		if (pattern_match(pattern, netobs_device_name(netobs_snapshot_device(snap, i))))
			return true;
	return false;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ", "-separated distinct values of ATTR (kind, role) over SNAP's devices,
 * sorted, empty ones left out, into OUT; "none" when there is none. */
static void values_present(struct out *out, const struct netobs_snapshot *snap,
			   const char *(*attr)(const struct netobs_device *dev))
{
	size_t i, n = 0, count = netobs_snapshot_device_count(snap);
	const char **v = calloc(count ? count : 1, sizeof(*v));
	const char *a;

	if (!v)
		return;
	for (i = 0; i < count; i++)
		if ((a = attr(netobs_snapshot_device(snap, i))) != NULL && *a)
			v[n++] = a;
	qsort(v, n, sizeof(*v), by_string);
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			out_printf(out, "%s%s", out->len ? ", " : "", v[i]);
	if (out->len == 0)
		out_str(out, "none");
	free(v);
}

/* The --kind entries no device of SNAP has, as one ", "-separated list. */
static void kinds_missing(struct out *out, const struct filter *f,
			  const struct netobs_snapshot *snap)
{
	const char *p, *comma;
	size_t i, k, len;
	char kind[FILTER_KIND_MAX + 1];

	for (k = 0; k < f->nkinds; k++) {
		for (p = f->kinds[k]; p; p = comma ? comma + 1 : NULL) {
			comma = strchr(p, ',');
			len = comma ? (size_t)(comma - p) : strlen(p);
			snprintf(kind, sizeof(kind), "%.*s", (int)len, p);
			for (i = 0; i < netobs_snapshot_device_count(snap); i++)
				if (strcmp(netobs_device_kind(netobs_snapshot_device(snap, i)), kind) == 0)
					break;
			if (i == netobs_snapshot_device_count(snap))
				out_printf(out, "%s%s", out->len ? ", " : "", kind);
		}
	}
}

static bool filter_given(const struct filter *f)
{
	return f->nnames || f->nexcludes || f->classes || f->nkinds || f->roles;
}

static bool selects_some(const struct filter *f, const struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 0; i < netobs_snapshot_device_count(snap); i++)
		if (filter_match(f, netobs_snapshot_device(snap, i)))
			return true;
	return false;
}

/* "kinds present: ...", and the roles with --role: what the user could
 * have asked for instead. */
static void what_is_present(struct out *out, const struct filter *f,
			    const struct netobs_snapshot *snap)
{
	struct out part;

	out_init(&part, -1);
	values_present(&part, snap, netobs_device_kind);
	out_char(&part, '\0');
	if (!part.err)
		out_printf(out, "kinds present: %s", part.buf);
	out_free(&part);
	if (!f->roles)
		return;
	out_init(&part, -1);
	values_present(&part, snap, netobs_device_role);
	out_char(&part, '\0');
	if (!part.err)
		out_printf(out, "; roles present: %s", part.buf);
	out_free(&part);
}

/* A typo in a glob, a kind or a role, or filters that exclude each other,
 * would otherwise look like a quiet host: a note for each glob and kind
 * that matches nothing, else one note when the filters together select
 * nothing, each naming what is present.  An absent devices section has
 * its own warning. */
void filter_note_unmatched(const struct filter *f, const struct netobs_snapshot *snap)
{
	struct out missing, present;
	bool noted = false;
	size_t i;

	if (!filter_given(f) || !netobs_snapshot_section_ok(snap, NETOBS_SECTION_DEVICES))
		return;
	out_init(&missing, -1);
	out_init(&present, -1);
	what_is_present(&present, f, snap);
	out_char(&present, '\0');
	if (present.err)
		goto out;
	for (i = 0; i < f->nnames; i++)
		if (filter_is_glob(f->names[i]) && !any_name_matches(snap, f->names[i])) {
			cli_errorf("note: no device matches: %s (%s)", f->names[i], present.buf);
			noted = true;
		}
	kinds_missing(&missing, f, snap);
	out_char(&missing, '\0');
	if (!missing.err && missing.len > 1) {
		cli_errorf("note: no device of kind %s (%s)", missing.buf, present.buf);
		noted = true;
	}
	if (!noted && !selects_some(f, snap))
		cli_errorf("note: the device filters select no device (%s)", present.buf);
out:
	out_free(&missing);
	out_free(&present);
}

const char *filter_pattern_problem(const char *s)
{
	size_t len = strlen(s);

	if (len == 0)
		return "empty device name or pattern";
	if (len > FILTER_PATTERN_MAX)
		return "device name or pattern too long (at most 255 bytes)";
	return NULL;
}

bool filter_kind_valid(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > FILTER_KIND_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

int filter_push(const char ***arr, size_t *n, const char *s)
{
	const char **grown = realloc(*arr, (*n + 1) * sizeof(**arr));

	if (!grown)
		return -ENOMEM;
	grown[(*n)++] = s;
	*arr = grown;
	return 0;
}

void filter_free(struct filter *f)
{
	free(f->names);
	free(f->excludes);
	free(f->kinds);
	memset(f, 0, sizeof(*f));
}
