/* SPDX-License-Identifier: MIT */
/*
 * Which container a process is in, from the text of /proc/PID/cgroup: each
 * runtime names the cgroup it makes for a container in its own way, under
 * cgroup v2 (one "0::PATH" line) and v1 (one line per hierarchy):
 *
 *   docker      .../docker-<64 hex>.scope (systemd driver), /docker/<64 hex>
 *   containerd  .../cri-containerd-<64 hex>.scope
 *   cri-o       .../crio-<64 hex>.scope
 *   kubernetes  any of these under kubepods...pod<uid>: the pod is named
 *   podman      .../libpod-<64 hex>.scope, /libpod_parent/libpod-<64 hex>
 *   nomad       nomad.slice/[share.slice/]<alloc-id>.<task>.scope,
 *               /nomad/<alloc-id> (before 1.7)
 *   nspawn      machine.slice/machine-<name>.scope (\x2d: systemd escapes)
 *
 * Pure: bytes in, a description out.  Fuzzed (tests/fuzz/fuzz_container.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "container.h"
#include "internal.h"

#define ID_HEX 64

/* A path component: [P, E). */
struct comp {
	const char *p, *e;
};

static size_t comp_len(const struct comp *c)
{
	return (size_t)(c->e - c->p);
}

static bool has_prefix(const struct comp *c, const char *prefix)
{
	size_t n = strlen(prefix);

	return comp_len(c) >= n && memcmp(c->p, prefix, n) == 0;
}

static bool equals(const struct comp *c, const char *word)
{
	return comp_len(c) == strlen(word) && memcmp(c->p, word, comp_len(c)) == 0;
}

static bool all_hex(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (netobs__hex_digit(p[i]) < 0 || (p[i] >= 'A' && p[i] <= 'F'))
			return false;
	return true;
}

/* A UUID as nomad writes an allocation id: 8-4-4-4-12 lowercase hex. */
static bool is_uuid(const char *p, size_t n)
{
	static const size_t dash[] = { 8, 13, 18, 23 };
	size_t i, k = 0;

	if (n != 36)
		return false;
	for (i = 0; i < n; i++) {
		if (k < 4 && i == dash[k]) {
			if (p[i] != '-')
				return false;
			k++;
		} else if (!all_hex(p + i, 1)) {
			return false;
		}
	}
	return true;
}

static void set_text(char *dst, size_t size, const char *p, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

static void set_found(struct netobs__container *c, const char *runtime, const char *id,
		      size_t idlen)
{
	snprintf(c->runtime, sizeof(c->runtime), "%s", runtime);
	set_text(c->id, sizeof(c->id), id, idlen);
	/* The short id docker ps prints, until a better name is known. */
	set_text(c->name, sizeof(c->name), id, idlen > 12 ? 12 : idlen);
}

/* "<prefix><64 hex>.scope" */
static bool scope_id(const struct comp *c, const char *prefix, const char **id)
{
	size_t n = strlen(prefix);

	if (comp_len(c) != n + ID_HEX + 6 || !has_prefix(c, prefix) ||
	    memcmp(c->e - 6, ".scope", 6) != 0 || !all_hex(c->p + n, ID_HEX))
		return false;
	*id = c->p + n;
	return true;
}

/* A container id leaf: a systemd scope of a runtime, or a bare id under
 * the cgroupfs driver's folder (PARENT "docker", "libpod_parent", a pod). */
static bool match_runtime_leaf(const struct comp *c, const struct comp *parent,
			       struct netobs__container *out)
{
	static const struct {
		const char *prefix, *runtime;
	} scopes[] = {
		{ "docker-", "docker" },
		{ "cri-containerd-", "containerd" },
		{ "crio-", "cri-o" },
		{ "libpod-", "podman" },
	};
	const char *id;
	size_t i;

	for (i = 0; i < NETOBS__ARRAY_SIZE(scopes); i++) {
		if (scope_id(c, scopes[i].prefix, &id)) {
			set_found(out, scopes[i].runtime, id, ID_HEX);
			return true;
		}
	}
	if (comp_len(c) == ID_HEX && all_hex(c->p, ID_HEX) && parent) {
		if (equals(parent, "docker")) {
			set_found(out, "docker", c->p, ID_HEX);
			return true;
		}
		if (has_prefix(parent, "pod")) {
			set_found(out, "containerd", c->p, ID_HEX);
			return true;
		}
	}
	if (parent && equals(parent, "libpod_parent") && comp_len(c) == 7 + ID_HEX &&
	    has_prefix(c, "libpod-") && all_hex(c->p + 7, ID_HEX)) {
		set_found(out, "podman", c->p + 7, ID_HEX);
		return true;
	}
	return false;
}

/* A byte fit for a label: printable ASCII or UTF-8, no control byte. */
static bool label_byte(unsigned char c)
{
	return c >= 0x20 && c != 0x7f;
}

/* nomad.slice/.../<alloc-id>.<task>.scope, or /nomad/<alloc-id>[-.<task>]. */
static bool match_nomad(const struct comp *c, bool under_nomad, struct netobs__container *out)
{
	size_t n = comp_len(c), task;

	if (!under_nomad || n < 36 || !is_uuid(c->p, 36))
		return false;
	set_found(out, "nomad", c->p, 36);
	if (n > 36 && (c->p[36] == '.' || c->p[36] == '-')) {
		task = n - 37;
		if (task > 6 && memcmp(c->e - 6, ".scope", 6) == 0)
			task -= 6;
		for (size_t i = 0; i < task; i++)
			if (!label_byte((unsigned char)c->p[37 + i]))
				return false;
		/* "<alloc 8>.<task>": nomad's own order, short enough for a label. */
		snprintf(out->name, sizeof(out->name), "%.8s.%.*s", c->p, (int)task, c->p + 37);
	} else {
		snprintf(out->name, sizeof(out->name), "%.8s", c->p);
	}
	return true;
}

/* systemd's unit name escaping: \xNN for a byte.  False when the name
 * holds a control byte (raw or escaped) or is empty: no machine's name. */
static bool unescape_unit(char *dst, size_t size, const char *p, const char *e)
{
	size_t n = 0;
	int hi, lo;

	while (p < e && n + 1 < size) {
		char ch = *p;

		if (e - p >= 4 && p[0] == '\\' && p[1] == 'x' && (hi = netobs__hex_digit(p[2])) >= 0 &&
		    (lo = netobs__hex_digit(p[3])) >= 0) {
			ch = (char)(hi * 16 + lo);
			p += 4;
		} else {
			p++;
		}
		if (!label_byte((unsigned char)ch))
			return false;
		dst[n++] = ch;
	}
	dst[n] = '\0';
	return n > 0;
}

/* machine.slice/machine-<name>.scope */
static bool match_nspawn(const struct comp *c, const struct comp *parent,
			 struct netobs__container *out)
{
	size_t n = comp_len(c);

	if (!parent || !equals(parent, "machine.slice") || n <= 8 + 6 ||
	    !has_prefix(c, "machine-") || memcmp(c->e - 6, ".scope", 6) != 0)
		return false;
	memset(out, 0, sizeof(*out));
	if (!unescape_unit(out->name, sizeof(out->name), c->p + 8, c->e - 6))
		return false;
	snprintf(out->runtime, sizeof(out->runtime), "nspawn");
	set_text(out->id, sizeof(out->id), out->name, strlen(out->name));
	return true;
}

/* kubepods-burstable-pod<uid with _>.slice or pod<uid>: the pod. */
static bool pod_uid(const struct comp *c, char *uid, size_t size)
{
	const char *pod = NULL, *p, *end = c->e;
	size_t i;

	for (p = c->p; p + 3 <= c->e; p++)
		if (memcmp(p, "pod", 3) == 0)
			pod = p + 3;
	if (!pod)
		return false;
	if (end - pod > 6 && memcmp(end - 6, ".slice", 6) == 0)
		end -= 6;
	if (end - pod != 36)
		return false;
	set_text(uid, size, pod, 36);
	for (i = 0; uid[i]; i++)
		if (uid[i] == '_')
			uid[i] = '-';
	return is_uuid(uid, 36);
}

/* The components of PATH, at most MAX; how many. */
static size_t split(const char *p, const char *e, struct comp *comps, size_t max)
{
	size_t n = 0;
	const char *s;

	while (p < e && n < max) {
		while (p < e && *p == '/')
			p++;
		s = p;
		while (p < e && *p != '/')
			p++;
		if (p > s)
			comps[n++] = (struct comp){ s, p };
	}
	return n;
}

#define COMPS_MAX 32

/* The container of one cgroup path: true and OUT filled, or false. */
static bool match_path(const char *p, const char *e, struct netobs__container *out)
{
	struct comp comps[COMPS_MAX];
	size_t n = split(p, e, comps, COMPS_MAX), i, k;
	bool nomad = false, found = false;
	char uid[40];

	for (i = 0; i < n && !found; i++) {
		const struct comp *parent = i ? &comps[i - 1] : NULL;

		nomad |= equals(&comps[i], "nomad.slice") || equals(&comps[i], "nomad");
		memset(out, 0, sizeof(*out));
		found = match_runtime_leaf(&comps[i], parent, out) || match_nomad(&comps[i], nomad, out) ||
			match_nspawn(&comps[i], parent, out);
	}
	if (!found)
		return false;
	/* A container of a Kubernetes pod: the pod owns the namespace. */
	for (k = 0; k + 1 < i; k++) {
		if (has_prefix(&comps[0], "kubepods") && pod_uid(&comps[k], uid, sizeof(uid))) {
			snprintf(out->runtime, sizeof(out->runtime), "kubernetes");
			snprintf(out->id, sizeof(out->id), "%s", uid);
			snprintf(out->name, sizeof(out->name), "pod%s", uid);
			break;
		}
	}
	return true;
}

/* "ID:CONTROLLERS:PATH" -> PATH in [*PS, *PE); v2's line has ID 0 and no
 * controllers.  -EBADMSG when the line is not of that shape. */
static int split_line(const struct netobs__lines *l, const char *s, const char *e,
		      const char **ps, bool *v2)
{
	const char *c1 = memchr(s, ':', (size_t)(e - s)), *c2;

	if (!c1 || c1 == s || strspn(s, "0123456789") != (size_t)(c1 - s))
		return netobs__lines_error(l, "not ID:CONTROLLERS:PATH");
	c2 = memchr(c1 + 1, ':', (size_t)(e - c1 - 1));
	if (!c2 || c2 + 1 >= e || c2[1] != '/')
		return netobs__lines_error(l, "not ID:CONTROLLERS:PATH");
	*ps = c2 + 1;
	*v2 = c1 - s == 1 && *s == '0' && c2 == c1 + 1;
	return 0;
}

int netobs__cgroup_parse(struct netobs_ctx *ctx, const char *file, const char *buf, size_t len,
			 struct netobs__container *out)
{
	struct netobs__container v1 = { .runtime = "" }, found;
	struct netobs__lines l;
	const char *s, *e, *path = NULL;
	bool v2 = false, have_v1 = false;
	int r;

	memset(out, 0, sizeof(*out));
	netobs__lines_init(&l, ctx, file, buf, len, 4096);
	while ((r = netobs__lines_next(&l, &s, &e)) > 0) {
		r = split_line(&l, s, e, &path, &v2);
		if (r < 0)
			return r;
		if (!match_path(path, e, &found))
			continue;
		/* The unified hierarchy is the one systemd and runtimes write
		 * first; a v1 line answers only when it does not. */
		if (v2) {
			*out = found;
			return 1;
		}
		if (!have_v1)
			v1 = found;
		have_v1 = true;
	}
	if (r < 0)
		return r;
	if (!have_v1)
		return 0;
	*out = v1;
	return 1;
}
