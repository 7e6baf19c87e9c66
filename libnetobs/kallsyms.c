/* SPDX-License-Identifier: MIT */
/*
 * Code address -> function, from /proc/kallsyms: its code symbols (types
 * t, T, w, W) sorted by address, found by binary search.  Read once per
 * tracer, when counts are first named, never in the hot path.  Without
 * privilege (kernel.kptr_restrict) every address reads 0: then locations
 * stay hexadecimal.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

struct netobs__kallsyms_sym {
	uint64_t addr;
	size_t name;		/* offset into pool */
};

struct netobs__kallsyms {
	struct netobs__kallsyms_sym *syms;
	size_t n, cap;
	char *pool;
	size_t pool_len, pool_cap;
};

static bool is_code(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

static int add_sym(struct netobs__kallsyms *k, uint64_t addr, const char *name, size_t len)
{
	if (netobs__grow((void **)&k->syms, &k->cap, k->n + 1, sizeof(*k->syms)) < 0 ||
	    netobs__grow((void **)&k->pool, &k->pool_cap, k->pool_len + len + 1, 1) < 0)
		return -ENOMEM;
	k->syms[k->n].addr = addr;
	k->syms[k->n].name = k->pool_len;
	k->n++;
	memcpy(k->pool + k->pool_len, name, len);
	k->pool[k->pool_len + len] = '\0';
	k->pool_len += len + 1;
	return 0;
}

/* "ffffffff81000000 T _stext\t[module]": a malformed line is skipped (a
 * symbol the less), never fatal. */
static int parse_line(struct netobs__kallsyms *k, const char *p, const char *end, bool *nonzero)
{
	const char *name;
	uint64_t addr;
	size_t len;

	if (netobs__parse_hex(&p, end, &addr) < 0 || end - p < 3 || p[0] != ' ' || p[2] != ' ')
		return 0;
	if (!is_code(p[1]))
		return 0;
	name = p + 3;
	for (len = 0; name + len < end && name[len] != ' ' && name[len] != '\t'; len++)
		;
	if (len == 0)
		return 0;
	if (len >= NETOBS__SYMBOL_NAMESIZ)
		len = NETOBS__SYMBOL_NAMESIZ - 1;
	*nonzero |= addr != 0;
	return add_sym(k, addr, name, len);
}

static int sym_cmp(const void *a, const void *b)
{
	const struct netobs__kallsyms_sym *x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

int netobs__kallsyms_parse(struct netobs__kallsyms **out, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	struct netobs__kallsyms *k = calloc(1, sizeof(*k));
	bool nonzero = false;

	*out = NULL;
	if (!k)
		return -ENOMEM;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (parse_line(k, p, nl, &nonzero) < 0) {
			netobs__kallsyms_free(k);
			return -ENOMEM;
		}
	}
	if (!nonzero) {
		netobs__kallsyms_free(k);
		return -ENODATA;
	}
	qsort(k->syms, k->n, sizeof(*k->syms), sym_cmp);
	*out = k;
	return 0;
}

int netobs__kallsyms_load(struct netobs__kallsyms **out)
{
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int err = netobs__file_read("/proc/kallsyms", &buf, &cap, &len);

	*out = NULL;
	if (err == 0)
		err = netobs__kallsyms_parse(out, buf, len);
	free(buf);
	return err;
}

void netobs__kallsyms_free(struct netobs__kallsyms *k)
{
	if (!k)
		return;
	free(k->syms);
	free(k->pool);
	free(k);
}

/* The last symbol at or below ADDR, NULL when none. */
static const struct netobs__kallsyms_sym *lookup(const struct netobs__kallsyms *k, uint64_t addr)
{
	size_t lo = 0, hi = k ? k->n : 0, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (k->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &k->syms[lo - 1] : NULL;
}

void netobs__kallsyms_resolve(const struct netobs__kallsyms *k, uint64_t addr, char *buf,
			      size_t size, char *sym, size_t symsize)
{
	const struct netobs__kallsyms_sym *s = addr ? lookup(k, addr) : NULL;

	if (!s) {
		snprintf(buf, size, "0x%" PRIx64, addr);
		if (sym)
			snprintf(sym, symsize, "%s", buf);
		return;
	}
	snprintf(buf, size, "%s+0x%" PRIx64, k->pool + s->name, addr - s->addr);
	if (sym)
		snprintf(sym, symsize, "%s", k->pool + s->name);
}
