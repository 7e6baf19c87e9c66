/* SPDX-License-Identifier: MIT */
/*
 * The names of enum skb_drop_reason from the kernel's BTF
 * (/sys/kernel/btf/vmlinux), for a kfree_skb format whose print fmt has no
 * __print_symbolic table to read them from.  A pure parser of the BTF
 * blob (include/uapi/linux/btf.h): the header, then a walk over the type
 * section, where each kind is followed by a kind-specific tail whose size
 * this file must know to step over it; an unknown kind stops the walk.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

#define BTF_MAGIC 0xeB9F

struct btf_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t type_off, type_len;
	uint32_t str_off, str_len;
};

struct btf_type {
	uint32_t name_off;
	uint32_t info;		/* vlen 0-15, kind 24-28, kind_flag 31 */
	uint32_t size_or_type;
};

enum { KIND_ENUM = 6, KIND_ENUM64 = 19 };

/* Bytes after the struct btf_type of KIND with VLEN entries; -1: unknown. */
static long tail_size(unsigned int kind, unsigned int vlen)
{
	switch (kind) {
	case 2: case 7: case 8: case 9: case 10: case 11: case 12: case 16: case 18:
		return 0;		/* ptr, fwd, typedef, volatile, const, restrict,
					 * func, float, type_tag */
	case 1: case 14: case 17:
		return 4;		/* int, var, decl_tag */
	case 3:
		return 12;		/* array */
	case 4: case 5: case 15:
		return 12L * vlen;	/* struct, union, datasec */
	case 6: case 13:
		return 8L * vlen;	/* enum, func_proto */
	case 19:
		return 12L * vlen;	/* enum64 */
	default:
		return -1;
	}
}

/* The NUL-terminated string at OFF of the string section, or NULL. */
static const char *string_at(const char *strs, size_t len, uint32_t off)
{
	if (off >= len || !memchr(strs + off, '\0', len - off))
		return NULL;
	return strs + off;
}

static int push(struct netobs__trace_format *f, size_t *cap, uint64_t value, const char *name)
{
	static const char prefix[] = "SKB_DROP_REASON_";
	struct netobs__trace_reason *r;

	if (value > UINT32_MAX)
		return 0; /* not a value a 4-byte field holds */
	if (strncmp(name, prefix, sizeof(prefix) - 1) == 0)
		name += sizeof(prefix) - 1;
	else if (strncmp(name, "SKB_", 4) == 0)
		name += 4; /* SKB_NOT_DROPPED_YET, SKB_CONSUMED */
	if (!*name || strlen(name) >= NETOBS__REASON_NAMESIZ || f->nreasons >= NETOBS__REASONS_MAX ||
	    !netobs__reason_name_ok(name, strlen(name)))
		return -EBADMSG;
	if (netobs__grow((void **)&f->reasons, cap, f->nreasons + 1, sizeof(*r)) < 0)
		return -ENOMEM;
	r = &f->reasons[f->nreasons++];
	r->value = (uint32_t)value;
	strcpy(r->name, name);
	return 0;
}

/* The entries of one enum type whose tail is at P. */
static int read_enum(struct netobs__trace_format *f, const unsigned char *p, unsigned int kind,
		     unsigned int vlen, const char *strs, size_t slen)
{
	size_t cap = 0, step = kind == KIND_ENUM ? 8 : 12, i;
	uint32_t name_off, lo, hi = 0;
	const char *name;
	int err;

	for (i = 0; i < vlen; i++, p += step) {
		memcpy(&name_off, p, 4);
		memcpy(&lo, p + 4, 4);
		if (kind == KIND_ENUM64)
			memcpy(&hi, p + 8, 4);
		name = string_at(strs, slen, name_off);
		if (!name)
			return -EBADMSG;
		err = push(f, &cap, ((uint64_t)hi << 32) | lo, name);
		if (err < 0)
			return err;
	}
	return 0;
}

/* The header, when its sections lie inside LEN bytes; native byte order
 * only (the running kernel's own BTF). */
static int header_read(struct btf_header *h, const void *buf, size_t len)
{
	if (len < sizeof(*h))
		return -EBADMSG;
	memcpy(h, buf, sizeof(*h));
	if (h->magic != BTF_MAGIC || h->hdr_len < sizeof(*h) || h->hdr_len > len ||
	    h->type_off > len - h->hdr_len || h->type_len > len - h->hdr_len - h->type_off ||
	    h->str_off > len - h->hdr_len || h->str_len > len - h->hdr_len - h->str_off)
		return -EBADMSG;
	return 0;
}

int netobs__btf_drop_reasons(struct netobs__trace_format *f, const void *buf, size_t len)
{
	const unsigned char *base = buf, *p, *end;
	struct btf_header h;
	struct btf_type t;
	const char *strs, *name;
	unsigned int kind, vlen;
	long tail;

	if (header_read(&h, buf, len) < 0)
		return -EBADMSG;
	strs = (const char *)base + h.hdr_len + h.str_off;
	p = base + h.hdr_len + h.type_off;
	end = p + h.type_len;
	while ((size_t)(end - p) >= sizeof(t)) {
		memcpy(&t, p, sizeof(t));
		p += sizeof(t);
		kind = (t.info >> 24) & 0x1f;
		vlen = t.info & 0xffff;
		tail = tail_size(kind, vlen);
		if (tail < 0 || tail > end - p)
			return -EBADMSG;
		name = string_at(strs, h.str_len, t.name_off);
		if ((kind == KIND_ENUM || kind == KIND_ENUM64) && name &&
		    strcmp(name, "skb_drop_reason") == 0) {
			int err = read_enum(f, p, kind, vlen, strs, h.str_len);

			if (err == 0)
				qsort(f->reasons, f->nreasons, sizeof(*f->reasons), netobs__trace_reason_cmp);
			return err;
		}
		p += tail;
	}
	return -ENOENT;
}
