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

/* The counters of one snapshot, in file order (the sections are read in
 * the order snmp, netstat, snmp6, each appending); a sorted index by name.
 * Everything is reused across refreshes: a warm refresh allocates nothing
 * (the kernel's set of names does not change between refreshes). */
struct netobs__proto {
	struct netobs_proto_counter *list;
	size_t n, cap;
	const struct netobs_proto_counter **by_name; /* n of them, sorted */
	size_t by_name_cap;
	char *pool;
	size_t pool_len, pool_cap;
	size_t start[3];	/* where snmp, netstat, snmp6 began in list */
};

/* Parsers, fuzzed: "Group: names" / "Group: values" pairs (snmp and
 * netstat, SECTION telling which) and "NameN value" lines (snmp6).  They
 * append to SNAP and index it; a bad line is -EBADMSG with "FILE:LINE". */
int netobs__proto_parse_pairs(struct netobs_ctx *ctx, const char *file, const char *buf,
			      size_t len, enum netobs_section section,
			      struct netobs_snapshot *snap);
int netobs__proto_parse_snmp6(struct netobs_ctx *ctx, const char *file, const char *buf,
			      size_t len, struct netobs_snapshot *snap);

#endif /* NETOBS_PROTO_H */
