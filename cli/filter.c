/* SPDX-License-Identifier: MIT */
/*
 * Which devices a command reports.  A device is shown when it matches one
 * of the names or globs (or there are none), is of a listed class and kind
 * (or none are listed), and matches no --exclude glob.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

bool filter_match(const struct filter *f, const struct netobs_device *dev)
{
	const char *name = netobs_device_name(dev);

	if (f->nnames > 0 && !any_match(f->names, f->nnames, name))
		return false;
	if (f->classes && !(f->classes & (1u << netobs_device_class(dev))))
		return false;
	if (f->nkinds > 0 && !kind_listed(f, netobs_device_kind(dev)))
		return false;
	return !any_match(f->excludes, f->nexcludes, name);
}

/* A glob that matches nothing is an empty selection, as in a shell with
 * nullglob; a plain name that matches nothing is a mistake worth exit 1. */
int filter_check_named(const struct filter *f, const struct netobs_snapshot *snap)
{
	size_t i, missing = 0;

	for (i = 0; i < f->nnames; i++) {
		if (filter_is_glob(f->names[i]) ||
		    netobs_snapshot_device_by_name(snap, f->names[i]))
			continue;
		/* Thousands of wrong arguments need not make thousands of lines. */
		if (missing < 5)
			cli_error("no such device: ", f->names[i]);
		missing++;
	}
	if (missing > 5)
		cli_errorf("... and %zu more missing devices", missing - 5);
	return missing ? -ENODEV : 0;
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
