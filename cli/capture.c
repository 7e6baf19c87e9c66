/* SPDX-License-Identifier: MIT */
/*
 * Captures: a snapshot saved as netobs show --json, read back into a
 * snapshot through the library's builder (netobs_snapshot_new() and the
 * setters), so the library never parses JSON.
 *
 * cJSON keeps numbers as doubles, which would lose counters above 2^53:
 * before parsing, every bare number is put in quotes, and the reader turns
 * that text into an integer itself.  A capture read back and printed with
 * --json gives the same document (warnings and host apart: they are the
 * reader's).
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "outbuf.h"
#include "text.h"

#define CAPTURE_MAX (256u << 20)

static char *slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	ssize_t n;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size < CAPTURE_MAX)
		buf = malloc((size_t)st.st_size + 1);
	while (buf && got < (size_t)st.st_size &&
	       (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (buf)
		buf[got] = '\0';
	*len = got;
	return buf;
}

/* Every number outside a string, in quotes: "12" keeps all its digits.
 * A one-character number grows to three ("1" -> "\"1\""), the most any
 * input byte grows: 3 * LEN + 1 bytes always hold the result. */
static char *quote_numbers(const char *s, size_t len)
{
	char *out = len < SIZE_MAX / 3 ? malloc(3 * len + 1) : NULL, *o = out;
	bool in_str = false;
	size_t i;

	for (i = 0; out && i < len; i++) {
		char c = s[i];

		if (in_str) {
			*o++ = c;
			if (c == '\\' && i + 1 < len)
				*o++ = s[++i];
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
			*o++ = c;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			*o++ = '"';
			while (i < len && s[i] && strchr("+-.eE0123456789", s[i]))
				*o++ = s[i++];
			*o++ = '"';
			i--;
		} else {
			*o++ = c;
		}
	}
	if (out)
		*o = '\0';
	return out;
}

/* A value as text: strings and (quoted) numbers as they are, booleans as
 * "true"/"false", null as NULL. */
static const char *text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsTrue(v))
		return "true";
	if (cJSON_IsFalse(v))
		return "false";
	return NULL;
}

static int u64_of(const cJSON *v, uint64_t *out)
{
	const char *s = text(v);
	char *end;

	if (!s || !*s || *s == '-')
		return -EBADMSG;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return *end || errno ? -EBADMSG : 0;
}

static int i64_of(const cJSON *v, int64_t *out)
{
	const char *s = text(v);
	char *end;

	if (!s || !*s)
		return -EBADMSG;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return *end || errno ? -EBADMSG : 0;
}

/* "2026-12-03T10:21:12.981Z" */
static int time_of(const cJSON *v, struct timespec *ts)
{
	const char *s = text(v);
	struct tm tm = { 0 };
	char *end;
	long ms;

	if (!s || !(end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) || *end != '.')
		return -EBADMSG;
	ms = strtol(end + 1, &end, 10);
	if (strcmp(end, "Z") != 0 || ms < 0 || ms > 999)
		return -EBADMSG;
	ts->tv_sec = timegm(&tm);
	ts->tv_nsec = ms * 1000000;
	return 0;
}

static int counters_of(struct netobs_snapshot *snap, const cJSON *counters, const cJSON *folded)
{
	const cJSON *c, *f;
	enum netobs_counter id;
	uint64_t v;
	int err;

	cJSON_ArrayForEach(c, counters) {
		bool is_folded = false;

		if (netobs_counter_from_name(c->string, &id) < 0 || u64_of(c, &v) < 0)
			return -EBADMSG;
		cJSON_ArrayForEach(f, folded)
			is_folded |= cJSON_IsString(f) && strcmp(f->valuestring, c->string) == 0;
		err = netobs_snapshot_device_set_counter(snap, id, v, is_folded);
		if (err < 0)
			return err;
	}
	return 0;
}

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* The namespace of one "peers" entry, and its container, named in SNAP
 * once however many veths lead there. */
static int peer_netns_of(struct netobs_snapshot *snap, const cJSON *p)
{
	const cJSON *ns = cJSON_GetObjectItemCaseSensitive(p, "netns");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(p, "container");
	uint64_t inode;
	int64_t pid = 0;
	int err;

	if (u64_of(get(ns, "inode"), &inode) < 0 ||
	    (text(get(ns, "pid")) && (i64_of(get(ns, "pid"), &pid) < 0 || pid <= 0 || pid > 0x7fffffff)))
		return -EBADMSG;
	err = netobs_snapshot_add_netns(snap, inode, text(get(ns, "name")), (int)pid);
	if (err == -EEXIST)
		return 0;
	if (err == 0 && cJSON_IsObject(c))
		err = netobs_snapshot_netns_set_container(snap, text(get(c, "runtime")),
							  text(get(c, "name")), text(get(c, "id")));
	return err < 0 ? -EBADMSG : 0;
}

/* Device NAME's peer, from its "peers" entry where it has one. */
static int peer_of(struct netobs_snapshot *snap, const cJSON *peers, const char *name)
{
	const cJSON *p;
	const char *dev;

	cJSON_ArrayForEach(p, peers) {
		dev = text(get(p, "device"));
		if (!dev || strcmp(dev, name) != 0)
			continue;
		if (netobs_snapshot_device_set(snap, "peer", text(get(p, "peer"))) < 0 ||
		    netobs_snapshot_device_set(snap, "peer_netns",
					       text(get(get(p, "netns"), "inode"))) < 0)
			return -EBADMSG;
		return 0;
	}
	return 0;
}

static int device_of(struct netobs_snapshot *snap, const cJSON *d, const cJSON *peers)
{
	const cJSON *m, *name = cJSON_GetObjectItemCaseSensitive(d, "name");
	int64_t ifindex;
	int err;

	if (!cJSON_IsString(name) ||
	    i64_of(cJSON_GetObjectItemCaseSensitive(d, "ifindex"), &ifindex) < 0 ||
	    ifindex <= 0 || ifindex > 0x7fffffff)
		return -EBADMSG;
	err = netobs_snapshot_add_device(snap, (int)ifindex, name->valuestring);
	cJSON_ArrayForEach(m, d) {
		if (err < 0)
			break;
		if (strcmp(m->string, "name") == 0 || strcmp(m->string, "ifindex") == 0 ||
		    strcmp(m->string, "folded") == 0)
			continue;
		if (strcmp(m->string, "counters") == 0)
			err = counters_of(snap, m, cJSON_GetObjectItemCaseSensitive(d, "folded"));
		else
			err = netobs_snapshot_device_set(snap, m->string, text(m));
	}
	if (err == 0)
		err = peer_of(snap, peers, name->valuestring);
	return err < 0 ? -EBADMSG : 0;
}

static int cpu_of(struct netobs_snapshot *snap, const cJSON *c, bool softnet)
{
	const cJSON *m;
	enum netobs_softnet_field field;
	enum netobs_softirq irq;
	int64_t id;
	uint64_t v;
	int err = 0;

	if (i64_of(cJSON_GetObjectItemCaseSensitive(c, "cpu"), &id) < 0 || id < 0 || id > 1 << 20)
		return -EBADMSG;
	cJSON_ArrayForEach(m, c) {
		if (strcmp(m->string, "cpu") == 0)
			continue;
		if (u64_of(m, &v) < 0)
			return -EBADMSG;
		if (softnet && netobs_softnet_field_from_name(m->string, &field) == 0)
			err = netobs_snapshot_cpu_set_softnet(snap, (int)id, field, v);
		else if (!softnet && netobs_softirq_from_name(m->string, &irq) == 0)
			err = netobs_snapshot_cpu_set_softirq(snap, (int)id, irq, v);
		else
			err = -EBADMSG;
		if (err < 0)
			return err;
	}
	return 0;
}

static int tunables_of(struct netobs_snapshot *snap, const cJSON *t)
{
	const cJSON *m, *e;
	enum netobs_tunable id;
	int64_t vals[4];
	size_t n;

	cJSON_ArrayForEach(m, t) {
		if (netobs_tunable_from_name(m->string, &id) < 0)
			return -EBADMSG;
		n = 0;
		if (cJSON_IsArray(m)) {
			cJSON_ArrayForEach(e, m)
				if (n >= 4 || i64_of(e, &vals[n++]) < 0)
					return -EBADMSG;
		} else if (i64_of(m, &vals[n++]) < 0) {
			return -EBADMSG;
		}
		if (netobs_snapshot_set_tunable(snap, id, vals, n) < 0)
			return -EBADMSG;
	}
	return 0;
}

static int socket_of(struct netobs_snapshot *snap, const cJSON *s)
{
	enum netobs_socket_stat st;
	const cJSON *m;
	int64_t port, pid = 0;
	uint64_t inode, uid, v;

	if (i64_of(get(s, "port"), &port) < 0 || u64_of(get(s, "inode"), &inode) < 0 ||
	    u64_of(get(s, "uid"), &uid) < 0 || uid > UINT32_MAX || port < 0 || port > 65535 ||
	    (text(get(s, "pid")) && i64_of(get(s, "pid"), &pid) < 0) || pid < 0 || pid > 1 << 30 ||
	    !text(get(s, "proto")) || !text(get(s, "state")) || !text(get(s, "local")))
		return -EBADMSG;
	if (netobs_snapshot_add_socket(snap, text(get(s, "proto")), text(get(s, "state")),
				       text(get(s, "local")), (int)port, inode) < 0 ||
	    netobs_snapshot_socket_set_owner(snap, (uint32_t)uid, (int)pid,
					     text(get(s, "comm"))) < 0)
		return -EBADMSG;
	cJSON_ArrayForEach(m, s) {
		if (netobs_socket_stat_from_name(m->string, &st) < 0 || !text(m))
			continue; /* not a stat, or a stat the kernel did not give */
		if (u64_of(m, &v) < 0 || netobs_snapshot_socket_set_stat(snap, st, v) < 0)
			return -EBADMSG;
	}
	return 0;
}

static int sections_of(struct netobs_snapshot *snap, const cJSON *doc)
{
	const cJSON *m;
	enum netobs_section sec;
	enum netobs_source src;

	if (!text(get(doc, "source")) || netobs_source_from_name(text(get(doc, "source")), &src) < 0)
		return -EBADMSG;
	netobs_snapshot_set_source(snap, src);
	cJSON_ArrayForEach(m, get(doc, "sections")) {
		if (netobs_section_from_name(m->string, &sec) < 0)
			return -EBADMSG;
		netobs_snapshot_set_section_ok(snap, sec, cJSON_IsTrue(get(m, "ok")));
	}
	return 0;
}

static int qdisc_of(struct netobs_snapshot *snap, const cJSON *q)
{
	enum netobs_qdisc_stat st;
	const cJSON *m;
	int64_t ifindex;
	uint64_t handle, parent, v;

	if (i64_of(get(q, "ifindex"), &ifindex) < 0 || ifindex <= 0 || ifindex > 0x7fffffff ||
	    u64_of(get(q, "handle_raw"), &handle) < 0 || handle > UINT32_MAX ||
	    u64_of(get(q, "parent_raw"), &parent) < 0 || parent > UINT32_MAX ||
	    netobs_snapshot_add_qdisc(snap, (int)ifindex, text(get(q, "kind")), (uint32_t)handle,
				      (uint32_t)parent, text(get(q, "handle")),
				      text(get(q, "parent"))) < 0)
		return -EBADMSG;
	cJSON_ArrayForEach(m, get(q, "stats")) {
		if (netobs_qdisc_stat_from_name(m->string, &st) < 0 || !text(m))
			continue;
		if (u64_of(m, &v) < 0 || netobs_snapshot_qdisc_set_stat(snap, st, v) < 0)
			return -EBADMSG;
	}
	return 0;
}

/* Which file a "GROUP.NAME" counter comes from: snmp6's groups end in 6,
 * snmp's are the RFC 1213 ones, the rest (TcpExt, IpExt, ...) netstat's. */
static enum netobs_section proto_section(const char *name, size_t glen)
{
	static const char *const snmp[] = { "Ip", "Icmp", "IcmpMsg", "Tcp", "Udp", "UdpLite" };
	size_t i;

	if (name[glen - 1] == '6')
		return NETOBS_SECTION_SNMP6;
	for (i = 0; i < sizeof(snmp) / sizeof(snmp[0]); i++)
		if (strlen(snmp[i]) == glen && strncmp(name, snmp[i], glen) == 0)
			return NETOBS_SECTION_SNMP;
	return NETOBS_SECTION_NETSTAT;
}

/* The counters of one GROUP of SECTION as the kernel file prints them:
 * "Group: names" then "Group: values" (snmp, netstat), or "GroupName value"
 * lines (snmp6).  Returns the first member past the group. */
static const cJSON *proto_group(struct out *t, const cJSON *first, enum netobs_section sec)
{
	const char *dot = strchr(first->string, '.');
	size_t glen = (size_t)(dot - first->string);
	const cJSON *m, *end = first;
	int pass;

	while (end && strncmp(end->string, first->string, glen + 1) == 0)
		end = end->next;
	for (pass = 0; pass < (sec == NETOBS_SECTION_SNMP6 ? 1 : 2); pass++) {
		if (sec != NETOBS_SECTION_SNMP6)
			out_printf(t, "%.*s:", (int)glen, first->string);
		for (m = first; m != end; m = m->next) {
			if (sec == NETOBS_SECTION_SNMP6)
				out_printf(t, "%.*s%s %s\n", (int)glen, m->string, m->string + glen + 1,
					   text(m) ? text(m) : "?");
			else
				out_printf(t, " %s", pass ? (text(m) ? text(m) : "?") : m->string + glen + 1);
		}
		if (sec != NETOBS_SECTION_SNMP6)
			out_char(t, '\n');
	}
	return end;
}

/* The "stack" object back into the text of each kernel file, which the
 * library parses as it parses the files themselves. */
static int stack_of(struct netobs_snapshot *snap, const cJSON *stack)
{
	static const enum netobs_section secs[] = { NETOBS_SECTION_SNMP, NETOBS_SECTION_NETSTAT,
						    NETOBS_SECTION_SNMP6 };
	const cJSON *m;
	struct out t;
	size_t i;
	int err = 0;

	for (i = 0; i < 3 && err == 0; i++) {
		out_init(&t, -1);
		for (m = stack ? stack->child : NULL; m;) {
			const char *dot = m->string ? strchr(m->string, '.') : NULL;

			if (!dot || dot == m->string) {
				err = -EBADMSG;
				break;
			}
			if (proto_section(m->string, (size_t)(dot - m->string)) == secs[i])
				m = proto_group(&t, m, secs[i]);
			else
				m = m->next;
		}
		if (err == 0 && t.len > 0)
			err = netobs_snapshot_set_proto_text(snap, secs[i], t.buf, t.len);
		out_free(&t);
	}
	return err;
}

/* Each array of the document through its reader. */
static int arrays_of(struct netobs_snapshot *snap, const cJSON *doc)
{
	const cJSON *e;
	int err = 0;

	cJSON_ArrayForEach(e, get(doc, "peers"))
		if (err == 0)
			err = peer_netns_of(snap, e);
	cJSON_ArrayForEach(e, get(doc, "devices"))
		if (err == 0)
			err = device_of(snap, e, get(doc, "peers"));
	cJSON_ArrayForEach(e, get(doc, "softnet"))
		if (err == 0)
			err = cpu_of(snap, e, true);
	cJSON_ArrayForEach(e, get(doc, "softirqs"))
		if (err == 0)
			err = cpu_of(snap, e, false);
	cJSON_ArrayForEach(e, get(doc, "sockets"))
		if (err == 0)
			err = socket_of(snap, e);
	cJSON_ArrayForEach(e, get(doc, "qdiscs"))
		if (err == 0)
			err = qdisc_of(snap, e);
	if (err == 0 && get(doc, "tunables"))
		err = tunables_of(snap, get(doc, "tunables"));
	if (err == 0 && get(doc, "stack"))
		err = stack_of(snap, get(doc, "stack"));
	return err;
}

static int build(struct netobs_snapshot **out, const cJSON *doc)
{
	struct timespec when;
	int err;

	if (!cJSON_IsObject(doc) || time_of(get(doc, "time"), &when) < 0)
		return -EBADMSG;
	err = netobs_snapshot_new(out, &when);
	if (err == 0)
		err = sections_of(*out, doc);
	if (err == 0)
		err = arrays_of(*out, doc);
	if (err == 0)
		err = netobs_snapshot_finish(*out);
	if (err < 0) {
		netobs_snapshot_free(*out);
		*out = NULL;
	}
	return err;
}

int capture_read(struct netobs_snapshot **out, const char *path)
{
	size_t len = 0;
	char *raw = slurp(path, &len), *quoted;
	cJSON *doc = NULL;
	int err;

	*out = NULL;
	if (!raw) {
		cli_errorf("cannot read capture %s: %s", path, strerror(errno ? errno : EFBIG));
		return -EIO;
	}
	quoted = quote_numbers(raw, len);
	free(raw);
	if (quoted)
		doc = cJSON_Parse(quoted);
	free(quoted);
	err = doc ? build(out, doc) : -EBADMSG;
	cJSON_Delete(doc);
	if (err < 0)
		cli_errorf("%s: not a capture of netobs show --json", path);
	return err;
}
