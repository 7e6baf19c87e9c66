/* SPDX-License-Identifier: MIT */
/*
 * --all-netns: every network namespace read into one report (allnetns.c),
 * printed through each format's print_namespaces.
 */
#ifndef NETOBS_CLI_ALLNETNS_H
#define NETOBS_CLI_ALLNETNS_H

#include <stddef.h>
#include <stdint.h>

#include <netobs.h>

struct cli_opts;
struct cli_sink;
struct out;

/* ---- allnetns.c: --all-netns, every namespace in one report ------------------ */

struct allnetns_entry {
	struct netobs_ctx *ctx;		/* [0]: the caller's (the host's) */
	struct netobs_snapshot *snap;
	const struct netobs_netns *ns;	/* in the host's snapshot; NULL unknown */
};

struct allnetns {
	struct netobs_snapshot *host;	/* lists every namespace */
	double seconds;			/* the host snapshot's */
	struct allnetns_entry *entries;	/* the host's first */
	size_t n;
};

/* Reads the host (its context HOST) and every other namespace; prints why
 * on failure.  0, or a negative errno. */
int allnetns_read(struct allnetns *a, struct netobs_ctx *host, const struct cli_opts *o);
void allnetns_free(struct allnetns *a);
/* "RUNTIME/NAME" into BUF, "" for no container (NS may be NULL). */
const char *allnetns_container(const struct netobs_netns *ns, char *buf, size_t size);
/* One exposition into OUT, every namespace's series labelled. */
void allnetns_prom(const struct allnetns *a, const struct cli_opts *o, struct out *out);
/* The formats' print_namespaces: one JSON document (the host's, with
 * "namespaces"), that exposition on stdout, and S's format's snapshot print
 * once per namespace under a "netns INODE (NAME) container C" heading. */
int allnetns_json(struct cli_sink *s, const struct allnetns *a);
int allnetns_prom_stdout(struct cli_sink *s, const struct allnetns *a);
int allnetns_table(struct cli_sink *s, const struct allnetns *a);

#endif /* NETOBS_CLI_ALLNETNS_H */
