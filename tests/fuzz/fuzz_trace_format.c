/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the drop-reason tracer's parsers: the bytes are a
 * tracepoint format file (events/skb/kfree_skb/format), and the same bytes
 * are then decoded as raw records by whatever layout parsed, counted, and
 * named; and read as /proc/kallsyms and /proc/mounts text, and as a BTF
 * blob holding enum skb_drop_reason.  A parse error
 * is -EBADMSG with a line and a reason; nothing reads past its input.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A table is sorted and named (BTF may repeat a value: an enum can). */
static void check_format_table(const struct netobs__trace_format *f)
{
	size_t i;

	for (i = 0; i < f->nreasons; i++)
		if ((i > 0 && f->reasons[i - 1].value > f->reasons[i].value) ||
		    !f->reasons[i].name[0])
			abort();
}

/* A good format's table is sorted, without duplicates, and named. */
static void check_format(const struct netobs__trace_format *f)
{
	size_t i;

	if (!f->location.present || !f->protocol.present)
		abort();
	for (i = 0; i < f->nreasons; i++) {
		if (i > 0 && f->reasons[i - 1].value >= f->reasons[i].value)
			abort();
		if (!f->reasons[i].name[0] ||
		    netobs__trace_reason_name(f, f->reasons[i].value) != f->reasons[i].name)
			abort();
	}
}

/* DATA as records of F's layout, every 16 bytes, counted and named. */
static void decode(const struct netobs__trace_format *f, const uint8_t *data, size_t size,
		   const struct netobs__kallsyms *k)
{
	struct netobs__drop_table *t = calloc(1, sizeof(*t));
	struct netobs_drop_counts *c = NULL;
	struct netobs__drop_record r;
	size_t off;

	if (!t)
		return;
	for (off = 0; off < size; off += 16)
		if (netobs__trace_record_decode(f, data + off, size - off, &r) == 0)
			netobs__drop_table_add(t, &r);
	if (netobs__drop_counts_build(&c, t, f, k, 1.0) == 0) {
		if (netobs_drop_counts_total(c) != t->total)
			abort();
		netobs_drop_counts_site(c, netobs_drop_counts_name(c, NETOBS_DROP_BY_REASON, 0));
	}
	netobs_drop_counts_free(c);
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netobs__trace_format f;
	struct netobs__kallsyms *k = NULL;
	unsigned int line;
	const char *why;
	char dir[64];
	int err;

	err = netobs__trace_format_parse(&f, (const char *)data, size, &line, &why);
	if (err == 0) {
		check_format(&f);
		if (netobs__kallsyms_parse(&k, (const char *)data, size) != 0)
			k = NULL;
		decode(&f, data, size, k);
	} else if (err != -ENOMEM && (err != -EBADMSG || !why || !*why)) {
		abort();
	}
	netobs__trace_format_free(&f);
	netobs__kallsyms_free(k);
	if (netobs__kallsyms_parse(&k, (const char *)data, size) == 0)
		netobs__kallsyms_free(k);
	memset(&f, 0, sizeof(f));
	err = netobs__btf_drop_reasons(&f, data, size);
	if (err == 0)
		check_format_table(&f);
	else if (err != -EBADMSG && err != -ENOENT && err != -ENOMEM)
		abort();
	netobs__trace_format_free(&f);
	if (netobs__tracefs_from_mounts((const char *)data, size, dir, sizeof(dir)) == 0 &&
	    memchr(dir, '\0', sizeof(dir)) == NULL)
		abort();
	return 0;
}
