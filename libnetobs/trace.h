/* SPDX-License-Identifier: MIT */
/*
 * Private to the drop-reason tracer: trace_format.c (the pure parser of a
 * tracepoint's format file and the decoder of its raw records), tracefs.c
 * (where tracefs is, the id and format of skb:kfree_skb), kallsyms.c (code
 * address -> symbol), drops.c (perf rings, counting) and drop_counts.c
 * (what was counted, the public getters).
 */
#ifndef NETOBS_TRACE_H
#define NETOBS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* A reason name is an enum skb_drop_reason name without its prefix; the
 * longest today ("TCP_INVALID_END_SEQUENCE") has 24 bytes. */
#define NETOBS__REASON_NAMESIZ 48
/* More entries than any kernel has (about 130 in 6.18): a format claiming
 * more is malformed, and the table stays bounded. */
#define NETOBS__REASONS_MAX 4096
#define NETOBS__SYMBOL_NAMESIZ 64

/* One field of the record: where it is in the raw data. */
struct netobs__trace_field {
	bool present;
	uint32_t offset, size;
};

struct netobs__trace_reason {
	uint32_t value;
	char name[NETOBS__REASON_NAMESIZ];
};
/* qsort(3)/bsearch(3) order of reasons: by value (trace_format.c, btf.c). */
int netobs__trace_reason_cmp(const void *a, const void *b);

/* What netobs needs from events/skb/kfree_skb/format. */
struct netobs__trace_format {
	uint32_t id;		/* the "ID:" line, 0 when absent */
	struct netobs__trace_field skbaddr, location, protocol, reason;
	struct netobs__trace_reason *reasons; /* sorted by value */
	size_t nreasons;
};

/* Parses LEN bytes of a format file into F (zeroed first; free it with
 * netobs__trace_format_free even on error).  -EBADMSG with *LINE the line
 * (1-based) and *WHY what was wrong; -ENOMEM. */
int netobs__trace_format_parse(struct netobs__trace_format *f, const char *buf, size_t len,
			       unsigned int *line, const char **why);
void netobs__trace_format_free(struct netobs__trace_format *f);
/* 1 when S (LEN bytes) is a name an enum can have: [A-Za-z0-9_]. */
bool netobs__reason_name_ok(const char *s, size_t len);
/* The name of reason VALUE, NULL when the table has none. */
const char *netobs__trace_reason_name(const struct netobs__trace_format *f, uint32_t value);

/* One kfree_skb record, decoded. */
struct netobs__drop_record {
	uint64_t location;
	uint32_t reason;	/* 0 when the format has no reason field */
	uint16_t protocol;	/* ETH_P_*, host order (the kernel stores ntohs) */
};

/* Decodes the raw data of a PERF_SAMPLE_RAW sample by F's offsets; -EBADMSG
 * when a field lies past LEN. */
int netobs__trace_record_decode(const struct netobs__trace_format *f, const void *raw,
				size_t len, struct netobs__drop_record *r);

/* ---- btf.c --------------------------------------------------------------- */

/* The values and names of enum skb_drop_reason from a BTF blob (the
 * kernel's /sys/kernel/btf/vmlinux) into F's empty table, sorted, names
 * without their SKB_DROP_REASON_ prefix.  -ENOENT when the blob has no such
 * enum, -EBADMSG when it is malformed, -ENOMEM. */
int netobs__btf_drop_reasons(struct netobs__trace_format *f, const void *buf, size_t len);

/* ---- tracefs.c ------------------------------------------------------------ */

/* The tracefs directory from /proc/mounts (tracefs, else debugfs's
 * "tracing") into BUF; -ENOENT with a message saying how to mount it. */
int netobs__tracefs_find(struct netobs_ctx *ctx, char *buf, size_t size);
/* Reads and parses TRACEFS/events/skb/kfree_skb/{id,format}. */
int netobs__tracefs_kfree_skb(struct netobs_ctx *ctx, const char *tracefs,
			      struct netobs__trace_format *f);
/* The tracefs directory in a /proc/mounts text, for the parser's tests:
 * 0 and BUF, or -ENOENT. */
int netobs__tracefs_from_mounts(const char *mounts, size_t len, char *buf, size_t size);

/* ---- kallsyms.c ------------------------------------------------------------ */

struct netobs__kallsyms;

/* Parses a /proc/kallsyms text: its code symbols sorted by address.
 * -ENODATA when every address reads 0 (kernel.kptr_restrict hides them). */
int netobs__kallsyms_parse(struct netobs__kallsyms **out, const char *buf, size_t len);
int netobs__kallsyms_load(struct netobs__kallsyms **out);
void netobs__kallsyms_free(struct netobs__kallsyms *k);
/* "sym+0x1f" into BUF, or the hex address when no symbol covers ADDR;
 * the symbol alone (no offset) into SYM when SYM is not NULL. */
void netobs__kallsyms_resolve(const struct netobs__kallsyms *k, uint64_t addr, char *buf,
			      size_t size, char *sym, size_t symsize);

/* ---- drop_counts.c ----------------------------------------------------------- */

/* One (reason, protocol, location) and how many times it was seen. */
struct netobs__drop_tuple {
	uint64_t location;
	uint64_t count;
	uint32_t reason;
	uint16_t protocol;
	bool used;
};

/* The tracer's table: fixed size, so a flood of distinct sites cannot
 * grow it; past NETOBS__DROP_FILL tuples, new ones only count as
 * untracked (still in the total). */
#define NETOBS__DROP_SLOTS 8192u
#define NETOBS__DROP_FILL (NETOBS__DROP_SLOTS / 4 * 3)

struct netobs__drop_table {
	struct netobs__drop_tuple slots[NETOBS__DROP_SLOTS];
	size_t used;
	uint64_t total, lost, untracked, malformed;
};

/* Counts record R into T. */
void netobs__drop_table_add(struct netobs__drop_table *t, const struct netobs__drop_record *r);
/* Builds the public counts from T over SECONDS, naming reasons by F and
 * locations by K (may be NULL). */
int netobs__drop_counts_build(struct netobs_drop_counts **out, const struct netobs__drop_table *t,
			      const struct netobs__trace_format *f,
			      const struct netobs__kallsyms *k, double seconds);
/* "IP", "IPV6", "ARP"..., or NULL for a protocol without a name. */
const char *netobs__eth_proto_name(uint16_t proto);

#endif /* NETOBS_TRACE_H */
