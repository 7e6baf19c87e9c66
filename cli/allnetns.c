/* SPDX-License-Identifier: MIT */
/*
 * netobs --all-netns: every network namespace in one report.  The host's
 * context lists them (netobs_ctx_set_netns_scan); each other one is read by
 * a context of its own that enters it, with the host-wide sections left to
 * the host's snapshot, read once.  A namespace that is gone by the time it
 * is read is passed over: on a container host that is normal.
 *
 * The formats reuse the one-namespace writers and combine their output:
 * Prometheus text gets netns and container labels on every series of a
 * namespace (prom_merge.c), JSON nests each namespace's document under
 * "namespaces", the table prints one block per namespace.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "allnetns.h"
#include "commands.h"
#include "format.h"
#include "text.h"

/* NS, listed by the scan, still there: its process (or name) leads to the
 * same inode.  A process that exits while it is opened can refuse with
 * EACCES instead of vanishing cleanly; that is churn, not privilege. */
static bool still_there(const struct netobs_netns *ns)
{
	char path[96];
	struct stat st;

	if (netobs_netns_pid(ns) > 0)
		snprintf(path, sizeof(path), "/proc/%d/ns/net", netobs_netns_pid(ns));
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netobs_netns_name(ns));
	return stat(path, &st) == 0 && (uint64_t)st.st_ino == netobs_netns_inode(ns);
}

/* Entering a namespace needs CAP_SYS_ADMIN: asked once, of the caller's
 * own, so that a missing privilege is one message and no report, and a
 * refusal later is one namespace's trouble, never the run's. */
static int may_enter(void)
{
	struct netobs_ctx *probe;
	int err = netobs_ctx_new(&probe);

	if (err < 0)
		return err;
	err = netobs_ctx_set_netns(probe, "/proc/thread-self/ns/net");
	if (err < 0)
		cli_snapshot_error(probe, err);
	netobs_ctx_free(probe);
	return err;
}

/* The namespaces in the order they are reported: the host's first. */
static int read_one(struct allnetns *a, const struct netobs_netns *ns, const struct cli_opts *o)
{
	struct allnetns_entry *e = &a->entries[a->n];
	uint64_t inode = 0;
	char spec[96];
	int err;

	if (netobs_netns_pid(ns) > 0)
		snprintf(spec, sizeof(spec), "pid:%d", netobs_netns_pid(ns));
	else
		snprintf(spec, sizeof(spec), "%s", netobs_netns_name(ns));
	err = netobs_ctx_new(&e->ctx);
	if (err == 0)
		err = netobs_ctx_set_source(e->ctx, o->source);
	if (err == 0)
		err = netobs_ctx_set_socket_owners(e->ctx, (o->sections & CLI_SEC_SOCKETS) != 0);
	if (err == 0)
		err = netobs_ctx_set_host_sections(e->ctx, 0);
	if (err == 0)
		err = netobs_ctx_set_netns(e->ctx, spec);
	/* The pid was reused by a process of another namespace: the one
	 * listed is gone. */
	if (err == 0 && (netobs_ctx_netns_inode(e->ctx, &inode) < 0 ||
			 inode != netobs_netns_inode(ns)))
		err = -ENOENT;
	if (err == 0)
		err = netobs_snapshot_take(&e->snap, e->ctx);
	if ((err == -EPERM || err == -EACCES) && !still_there(ns))
		err = -ENOENT;
	if (err < 0) {
		/* Gone since the scan (its process exited): not an error. */
		if (err != -ENOENT && !o->quiet)
			cli_errorf("warning: namespace %" PRIu64 ": %s", netobs_netns_inode(ns),
				   netobs_ctx_message(e->ctx));
		netobs_ctx_free(e->ctx);
		e->ctx = NULL;
		return 0;
	}
	e->ns = ns;
	a->n++;
	return 0;
}

static uint64_t own_inode(void)
{
	struct stat st;

	return stat("/proc/thread-self/ns/net", &st) == 0 ? (uint64_t)st.st_ino : 0;
}

int allnetns_read(struct allnetns *a, struct netobs_ctx *host, const struct cli_opts *o)
{
	size_t i, count;
	uint64_t self = own_inode();
	int err;

	memset(a, 0, sizeof(*a));
	err = may_enter();
	if (err < 0)
		return err;
	err = netobs_ctx_set_netns_scan(host, 1);
	if (err == 0)
		err = cli_snapshot(&a->host, host, &a->seconds);
	if (err < 0) {
		cli_snapshot_error(host, err);
		return err;
	}
	count = netobs_snapshot_netns_count(a->host);
	a->entries = calloc(count + 1, sizeof(*a->entries));
	if (!a->entries)
		return -ENOMEM;
	a->entries[0] = (struct allnetns_entry){ host, a->host,
		netobs_snapshot_netns_by_inode(a->host, self) };
	a->n = 1;
	for (i = 0; i < count; i++) {
		const struct netobs_netns *ns = netobs_snapshot_netns(a->host, i);

		if (netobs_netns_inode(ns) != self && (err = read_one(a, ns, o)) < 0)
			return err;
	}
	return 0;
}

void allnetns_free(struct allnetns *a)
{
	size_t i;

	/* Entry 0 is the host's: its context is the caller's. */
	for (i = 1; i < a->n; i++) {
		netobs_snapshot_free(a->entries[i].snap);
		netobs_ctx_free(a->entries[i].ctx);
	}
	free(a->entries);
	netobs_snapshot_free(a->host);
	memset(a, 0, sizeof(*a));
}

/* "docker/web", "" for none: the container label. */
const char *allnetns_container(const struct netobs_netns *ns, char *buf, size_t size)
{
	buf[0] = '\0';
	if (ns && netobs_netns_runtime(ns))
		snprintf(buf, size, "%s/%s", netobs_netns_runtime(ns), netobs_netns_container(ns));
	return buf;
}

/* ---- JSON: the host's document with "namespaces" -------------------------- */

static cJSON *document(const struct netobs_ctx *ctx, const struct netobs_snapshot *snap,
		       const struct cli_opts *o)
{
	struct out mem;
	struct json j;
	cJSON *doc;

	out_init(&mem, -1);
	json_init(&j, &mem);
	json_print_snapshot(&j, ctx, snap, o);
	json_free(&j);
	out_char(&mem, '\0');
	doc = mem.err ? NULL : cJSON_Parse(mem.buf);
	out_free(&mem);
	return doc;
}

static void add_identity(cJSON *doc, const struct netobs_netns *ns, uint64_t inode)
{
	cJSON *n = cJSON_CreateObject(), *c;

	cJSON_AddNumberToObject(n, "inode", (double)(ns ? netobs_netns_inode(ns) : inode));
	if (ns && netobs_netns_name(ns))
		cJSON_AddStringToObject(n, "name", netobs_netns_name(ns));
	else
		cJSON_AddNullToObject(n, "name");
	if (ns && netobs_netns_pid(ns) > 0)
		cJSON_AddNumberToObject(n, "pid", netobs_netns_pid(ns));
	else
		cJSON_AddNullToObject(n, "pid");
	cJSON_AddItemToObject(doc, "netns", n);
	if (!ns || !netobs_netns_runtime(ns)) {
		cJSON_AddNullToObject(doc, "container");
		return;
	}
	c = cJSON_AddObjectToObject(doc, "container");
	cJSON_AddStringToObject(c, "runtime", netobs_netns_runtime(ns));
	cJSON_AddStringToObject(c, "name", netobs_netns_container(ns));
	cJSON_AddStringToObject(c, "id", netobs_netns_container_id(ns));
}

/* The sink's struct json stays unused: document() brings its own and gives
 * cJSON back malloc when done, which the tree printed below needs. */
int allnetns_json(struct cli_sink *s, const struct allnetns *a)
{
	cJSON *top = document(a->entries[0].ctx, a->host, s->o), *list, *doc;
	size_t i;
	int err;

	if (!top)
		return -ENOMEM;
	add_identity(top, a->entries[0].ns, own_inode());
	list = cJSON_AddArrayToObject(top, "namespaces");
	for (i = 1; i < a->n; i++) {
		doc = document(a->entries[i].ctx, a->entries[i].snap, s->o);
		if (!doc)
			continue;
		/* The time, the host and the host-wide sections (read once)
		 * are the top document's. */
		cJSON_DeleteItemFromObject(doc, "time");
		cJSON_DeleteItemFromObject(doc, "host");
		cJSON_DeleteItemFromObject(doc, "softnet");
		cJSON_DeleteItemFromObject(doc, "softirqs");
		cJSON_DeleteItemFromObject(doc, "tunables");
		add_identity(doc, a->entries[i].ns, 0);
		cJSON_AddItemToArray(list, doc);
	}
	err = json_print_line(&s->out, top);
	return err < 0 ? err : cli_sink_flush(s);
}

/* ---- Prometheus: one exposition, a netns and a container label --------- */

static void prom_part(struct out *mem, const struct netobs_snapshot *snap,
		      const struct cli_opts *o, unsigned int sections, double seconds)
{
	struct cli_opts part = *o;
	struct prom p;

	part.sections = sections;
	out_reset(mem);
	prom_init(&p);
	prom_print(&p, mem, snap, &part, seconds);
	prom_free(&p);
}

static void ns_labels(struct out *l, const struct netobs_netns *ns, uint64_t inode)
{
	char num[24], container[192];

	snprintf(num, sizeof(num), "%" PRIu64, ns ? netobs_netns_inode(ns) : inode);
	out_reset(l);
	prom_label_pair(l, "netns", num, true);
	prom_label_pair(l, "container", allnetns_container(ns, container, sizeof(container)),
			false);
	out_char(l, '\0');
}

/* netobs_netns_info: each namespace's name and container, once. */
static void info_part(struct out *mem, const struct allnetns *a)
{
	size_t i;

	out_reset(mem);
	out_str(mem, "# HELP netobs_netns_info A network namespace read: its ip netns name and "
		"the container owning it; the value is always 1.\n"
		"# TYPE netobs_netns_info gauge\n");
	for (i = 0; i < a->n; i++) {
		const struct netobs_netns *ns = a->entries[i].ns;
		char num[24], container[192];

		snprintf(num, sizeof(num), "%" PRIu64, ns ? netobs_netns_inode(ns) : own_inode());
		out_str(mem, "netobs_netns_info{");
		prom_label_pair(mem, "netns", num, true);
		prom_label_pair(mem, "name", ns ? netobs_netns_name(ns) : NULL, false);
		prom_label_pair(mem, "container", allnetns_container(ns, container, sizeof(container)),
				false);
		out_str(mem, "} 1\n");
	}
}

void allnetns_prom(const struct allnetns *a, const struct cli_opts *o, struct out *out)
{
	struct prom_merge m = { 0 };
	struct out mem, labels;
	size_t i;

	out_init(&mem, -1);
	out_init(&labels, -1);
	/* First and unlabelled: the host-wide sections and the scrape's own. */
	prom_part(&mem, a->host, o, o->sections & CLI_SEC_CPUS, a->seconds);
	prom_merge_add(&m, mem.buf, mem.len, NULL);
	info_part(&mem, a);
	prom_merge_add(&m, mem.buf, mem.len, NULL);
	for (i = 0; i < a->n; i++) {
		prom_part(&mem, a->entries[i].snap, o, o->sections & ~(unsigned int)CLI_SEC_CPUS, 0);
		ns_labels(&labels, a->entries[i].ns, own_inode());
		prom_merge_add(&m, mem.buf, mem.len, labels.buf);
	}
	prom_merge_write(&m, out);
	prom_merge_free(&m);
	out_free(&mem);
	out_free(&labels);
}

int allnetns_prom_stdout(struct cli_sink *s, const struct allnetns *a)
{
	allnetns_prom(a, s->o, &s->out);
	return cli_sink_flush(s);
}

/* ---- the table: one block per namespace ----------------------------------- */

static void heading(struct out *out, const struct netobs_netns *ns, uint64_t inode)
{
	char container[192];

	out_printf(out, "\nnetns %" PRIu64, ns ? netobs_netns_inode(ns) : inode);
	if (ns && netobs_netns_name(ns))
		out_printf(out, " (%s)", netobs_netns_name(ns));
	if (*allnetns_container(ns, container, sizeof(container)))
		out_printf(out, " container %s", container);
	out_str(out, "\n");
}

int allnetns_table(struct cli_sink *s, const struct allnetns *a)
{
	size_t i;
	int err = 0;

	for (i = 0; i < a->n && err == 0; i++) {
		heading(&s->out, a->entries[i].ns, own_inode());
		s->ctx = a->entries[i].ctx;
		err = s->fmt->print_snapshot(s, a->entries[i].snap, 0);
	}
	return err;
}
