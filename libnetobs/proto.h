/* SPDX-License-Identifier: MIT */
/*
 * Private to proto.c and proto_api.c: how a snapshot holds the protocol
 * counters of /proc/net/snmp, netstat and snmp6.
 */
#ifndef NETOBS_PROTO_H
#define NETOBS_PROTO_H

#include "internal.h"

enum netobs__proto_flag {
	NETOBS__PROTO_GAUGE = 1 << 0,
	NETOBS__PROTO_NEG = 1 << 1,	/* value holds a negative int64 */
};

struct netobs_proto_counter {
	size_t name_off;	/* "GROUP.NAME" in the pool */
	const char *name;	/* resolved after each section is read */
	uint64_t value;
	unsigned int line;	/* where the value was, for messages */
	uint8_t flags;		/* enum netobs__proto_flag */
	uint8_t section;	/* enum netobs_section */
};

/* One section's counters sorted by name (proto_index.c): offsets from the
 * section's start, kept across refreshes. */
struct netobs__proto_index {
	uint32_t *perm;
	size_t n, cap;		/* n: how many it was last built for */
};

/* The counters of one snapshot, in file order (the sections are read in
 * the order snmp, netstat, snmp6, each appending), and each section's index
 * by name.  Everything is reused across refreshes: a warm refresh allocates
 * nothing (the kernel's set of names does not change between refreshes). */
struct netobs__proto {
	struct netobs_proto_counter *list;
	size_t n, cap;
	char *pool;
	size_t pool_len, pool_cap;
	/* Section I (0 snmp, 1 netstat, 2 snmp6) is list[start[I], +len[I]);
	 * len 0 until it is read whole. */
	size_t start[3], len[3];
	struct netobs__proto_index idx[3];
};

/* proto_index.c: sorts section I's index (len[I] set, names resolved);
 * -ENOMEM.  Then the counter at sorted position K, and lookup by name. */
int netobs__proto_index(struct netobs__proto *p, unsigned int i);
const struct netobs_proto_counter *netobs__proto_sorted(const struct netobs__proto *p,
							 unsigned int i, size_t k);
const struct netobs_proto_counter *netobs__proto_find(const struct netobs__proto *p,
						       unsigned int i, const char *name);

/* Parsers, fuzzed: "Group: names" / "Group: values" pairs (snmp and
 * netstat, SECTION telling which) and "NameN value" lines (snmp6).  They
 * append to SNAP and index it; a bad line is -EBADMSG with "FILE:LINE". */
int netobs__proto_parse_pairs(struct netobs_ctx *ctx, const char *file, const char *buf,
			      size_t len, enum netobs_section section,
			      struct netobs_snapshot *snap);
int netobs__proto_parse_snmp6(struct netobs_ctx *ctx, const char *file, const char *buf,
			      size_t len, struct netobs_snapshot *snap);

#endif /* NETOBS_PROTO_H */
