/* SPDX-License-Identifier: MIT */
/*
 * Each protocol section's counters sorted by name, for lookups by name.
 * The order is kept across refreshes: the kernel prints the same names in
 * the same order every time, so a warm refresh finds its index still sorted
 * (one pass to check) and allocates nothing; qsort() would (glibc's merge
 * sort mallocs its buffer past 1 KiB).  A fresh or changed set is heap
 * sorted: O(n log n) whatever the input, in place.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "proto.h"

static const char *name_at(const struct netobs__proto *p, unsigned int i, uint32_t off)
{
	return p->list[p->start[i] + off].name;
}

static bool less(const struct netobs__proto *p, unsigned int i, uint32_t a, uint32_t b)
{
	return strcmp(name_at(p, i, a), name_at(p, i, b)) < 0;
}

static void sift_down(const struct netobs__proto *p, unsigned int i, uint32_t *v, size_t root,
		      size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1, top = root;
		uint32_t t;

		if (child < n && less(p, i, v[top], v[child]))
			top = child;
		if (child + 1 < n && less(p, i, v[top], v[child + 1]))
			top = child + 1;
		if (top == root)
			return;
		t = v[root];
		v[root] = v[top];
		v[top] = t;
		root = top;
	}
}

static void heap_sort(const struct netobs__proto *p, unsigned int i, uint32_t *v, size_t n)
{
	size_t k;

	for (k = n / 2; k-- > 0;)
		sift_down(p, i, v, k, n);
	for (k = n; k-- > 1;) {
		uint32_t t = v[0];

		v[0] = v[k];
		v[k] = t;
		sift_down(p, i, v, 0, k);
	}
}

static bool is_sorted(const struct netobs__proto *p, unsigned int i, const uint32_t *v, size_t n)
{
	size_t k;

	for (k = 1; k < n; k++)
		if (less(p, i, v[k], v[k - 1]))
			return false;
	return true;
}

int netobs__proto_index(struct netobs__proto *p, unsigned int i)
{
	struct netobs__proto_index *x = &p->idx[i];
	size_t k, n = p->len[i];

	if (n > UINT32_MAX)
		return -ENOMEM;
	if (netobs__grow((void **)&x->perm, &x->cap, n ? n : 1, sizeof(*x->perm)) < 0)
		return -ENOMEM;
	if (x->n != n) {
		for (k = 0; k < n; k++)
			x->perm[k] = (uint32_t)k;
		x->n = n;
	}
	if (!is_sorted(p, i, x->perm, n))
		heap_sort(p, i, x->perm, n);
	return 0;
}

const struct netobs_proto_counter *netobs__proto_sorted(const struct netobs__proto *p,
							 unsigned int i, size_t k)
{
	return &p->list[p->start[i] + p->idx[i].perm[k]];
}

const struct netobs_proto_counter *netobs__proto_find(const struct netobs__proto *p,
						       unsigned int i, const char *name)
{
	size_t lo = 0, hi = p->len[i];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct netobs_proto_counter *c = netobs__proto_sorted(p, i, mid);
		int r = strcmp(c->name, name);

		if (r == 0)
			return c;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
