/* SPDX-License-Identifier: MIT */
/*
 * JSON output: the shapes netobs(1) documents.
 *
 * Every value is written through struct jw (json_write.c), which has two
 * paths behind one set of calls:
 *  - straight into the output buffer, the default: a watch tick at 4001
 *    devices writes ~5 MB of JSON, and building that as 100,000 cJSON
 *    items, then walking them (strlen, per-item buffer checks) was ~85 % of
 *    the tick;
 *  - as cJSON trees printed with cJSON_PrintPreallocated(), one device or
 *    CPU at a time, from an arena that is reset after each value (so watch
 *    allocates nothing either way).  Sections printed by their own files
 *    (qdiscs, sockets, stack) may still build cJSON values directly.
 * The builders below call only jw_*(), so a key added to a shape is in both
 * paths; NETOBS_JSON_WRITER=both prints every document both ways and fails
 * on any byte of difference (tests/cli-json-writers.sh).
 *
 * Three things cJSON does not do by itself, and how both paths handle them:
 *  - Its numbers are doubles, which lose u64 counters above 2^53: every
 *    number is our own decimal text (raw items on the cJSON path).
 *  - It copies bytes >= 0x80 unchecked, so an alias with stray bytes would
 *    make invalid JSON: bytes that are not UTF-8 become U+FFFD (json_text(),
 *    out_json_string()); control characters are escaped as cJSON does.
 *  - It allocates per item: see json_arena.c.
 *
 * The top-level object is streamed member by member and its arrays element
 * by element, so neither path holds the document in memory: 4001 devices
 * as one tree would take ~14 MB of items, against a one-shot budget of
 * 8 MiB RSS.  One set of builders serves the one-shot document and the
 * watch sample, so the shapes cannot drift apart.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "json.h"
#include "options.h"
#include "sections.h"
#include "text.h"

/* ---- shapes shared by the document and the sample -------------------------- */

static void device_identity(struct jw *w, const struct netobs_device *dev)
{
	int peer = netobs_device_peer_ifindex(dev);

	jw_str(w, "name", netobs_device_name(dev));
	jw_i64(w, "ifindex", netobs_device_ifindex(dev));
	jw_str(w, "class", netobs_class_name(netobs_device_class(dev)));
	jw_str(w, "kind", netobs_device_kind(dev));
	jw_str(w, "role", netobs_device_role(dev)); /* role.c's table */
	jw_str(w, "driver", netobs_device_driver(dev));
	jw_str(w, "bus", netobs_device_bus(dev));
	jw_str(w, "master", netobs_device_master_name(dev));
	if (peer > 0)
		jw_i64(w, "peer_ifindex", peer);
	else
		jw_null(w, "peer_ifindex");
}

static void u32_or_null(struct jw *w, const char *key, int err, uint32_t v)
{
	if (err == 0)
		jw_u64(w, key, v);
	else
		jw_null(w, key);
}

static void device_state(struct jw *w, const struct netobs_device *dev)
{
	int carrier = netobs_device_carrier(dev);
	int admin = netobs_device_admin_up(dev);
	uint64_t speed;
	uint32_t v = 0;
	int err;

	jw_str(w, "operstate", netobs_operstate_name(netobs_device_operstate(dev)));
	if (admin >= 0)		/* absent when the source cannot tell */
		jw_bool(w, "admin_up", admin == 1);
	if (carrier < 0)
		jw_null(w, "carrier");
	else
		jw_bool(w, "carrier", carrier == 1);
	err = netobs_device_mtu(dev, &v);
	u32_or_null(w, "mtu", err, v);
	err = netobs_device_txqlen(dev, &v);
	u32_or_null(w, "txqlen", err, v);
	err = netobs_device_carrier_changes(dev, &v);
	u32_or_null(w, "carrier_changes", err, v);
	if (netobs_device_speed(dev, &speed) == 0)
		jw_u64(w, "speed_bps", speed);
	jw_str(w, "address", netobs_device_address(dev));
	jw_str(w, "alias", netobs_device_alias(dev));
}

/* How many counters a device object holds at most: a counter is a bit of
 * a 32-bit mask in the library, so JW_BATCH_MAX is room to spare. */
#define COUNTERS_MAX JW_BATCH_MAX

static unsigned int ncounters(void)
{
	unsigned int n = netobs_counter_count();

	return n < COUNTERS_MAX ? n : COUNTERS_MAX;
}

/* Only what the source gave: an unavailable counter is absent, never 0.
 * "folded" (when any is) names those the source summed into another. */
static void device_counters(struct jw *w, const struct netobs_device *dev)
{
	const char *keys[COUNTERS_MAX];
	uint64_t vals[COUNTERS_MAX];
	bool fold[COUNTERS_MAX], any = false;
	unsigned int c, n = ncounters();
	size_t nv = 0;

	for (c = 0; c < n; c++) {
		fold[c] = false;
		if (netobs_device_counter(dev, (enum netobs_counter)c, &vals[nv]) < 0)
			continue;
		keys[nv++] = netobs_counter_name((enum netobs_counter)c);
		/* folded: a counter the source gave, summed into another */
		fold[c] = netobs_device_counter_flags(dev, (enum netobs_counter)c) &
			  NETOBS_COUNTER_FOLDED;
		any = any || fold[c];
	}
	jw_object(w, "counters");
	jw_u64s(w, keys, vals, nv);
	jw_close(w);
	if (!any)
		return;
	jw_array(w, "folded");
	for (c = 0; c < n; c++)
		if (fold[c])
			jw_str(w, NULL, netobs_counter_name((enum netobs_counter)c));
	jw_close(w);
}

/* The members of the device object of both the document and the sample:
 * a key added here is in both, and in both writers. */
static void device_members(struct jw *w, const struct netobs_device *dev)
{
	device_identity(w, dev);
	device_state(w, dev);
	device_counters(w, dev);
}

static bool has_softnet(const struct netobs_cpu *cpu)
{
	return netobs_cpu_softnet(cpu, NETOBS_SOFTNET_PROCESSED, NULL) == 0;
}

static bool has_softirq(const struct netobs_cpu *cpu)
{
	return netobs_cpu_softirq(cpu, NETOBS_SOFTIRQ_NET_RX, NULL) == 0 ||
	       netobs_cpu_softirq(cpu, NETOBS_SOFTIRQ_NET_TX, NULL) == 0;
}

/* A softnet object's members: cpu and the fields this kernel has. */
static void softnet_members(struct jw *w, const struct netobs_cpu *cpu)
{
	unsigned int f, n = netobs_softnet_field_count();
	uint64_t v;

	jw_i64(w, "cpu", netobs_cpu_id(cpu));
	for (f = 0; f < n; f++)
		if (netobs_cpu_softnet(cpu, (enum netobs_softnet_field)f, &v) == 0)
			jw_u64(w, netobs_softnet_field_name((enum netobs_softnet_field)f), v);
}

/* A softirqs object's members: cpu, NET_RX, NET_TX. */
static void softirq_members(struct jw *w, const struct netobs_cpu *cpu)
{
	uint64_t v;
	int s;

	jw_i64(w, "cpu", netobs_cpu_id(cpu));
	for (s = NETOBS_SOFTIRQ_NET_RX; s <= NETOBS_SOFTIRQ_NET_TX; s++)
		if (netobs_cpu_softirq(cpu, (enum netobs_softirq)s, &v) == 0)
			jw_u64(w, netobs_softirq_name((enum netobs_softirq)s), v);
}

/* A number, or for tcp_rmem and its kind an array of the three. */
static void tunable_value(struct jw *w, const char *key, const int64_t *v, size_t n)
{
	size_t i;

	if (n == 1) {
		jw_i64(w, key, v[0]);
		return;
	}
	jw_array(w, key);
	for (i = 0; i < n; i++)
		jw_i64(w, NULL, v[i]);
	jw_close(w);
}

static void tunables(struct json *j, const struct netobs_snapshot *snap)
{
	unsigned int t, n = netobs_tunable_count();
	int64_t v[4];
	size_t nv;
	struct jw w;

	json_member_key(j, "tunables", false);
	jw_begin(&w, j);
	jw_object(&w, NULL);
	for (t = 0; t < n; t++)
		if (netobs_snapshot_tunable_values(snap, (enum netobs_tunable)t, v, 4, &nv) == 0)
			tunable_value(&w, netobs_tunable_name((enum netobs_tunable)t), v, nv);
	jw_close(&w);
	jw_end(&w);
}

/* ,"KEY":"S" at the top level (FIRST: no comma). */
static void member_str(struct json *j, const char *key, const char *s, bool first)
{
	struct jw w;

	json_member_key(j, key, first);
	jw_begin(&w, j);
	jw_str(&w, NULL, s);
	jw_end(&w);
}

/* {"time":...,"host":... : the object's opening members. */
static void open_document(struct json *j, const struct timespec *realtime)
{
	char host[256], when[UNITS_BUFSIZ];

	json_punct(j, "{");
	member_str(j, "time", units_rfc3339(when, realtime), true);
	member_str(j, "host", units_hostname(host, sizeof(host)), false);
}

static void header(struct json *j, const struct netobs_snapshot *snap)
{
	struct timespec rt;

	netobs_snapshot_time(snap, NULL, &rt);
	open_document(j, &rt);
	member_str(j, "source", netobs_source_name(netobs_snapshot_source(snap)), false);
}

static void close_document(struct json *j)
{
	json_punct(j, "}\n");
}

/* ---- the one-shot document ------------------------------------------------- */

static void devices(struct json *j, const struct netobs_snapshot *snap, const struct filter *f)
{
	size_t i, n = netobs_snapshot_device_count(snap);
	struct json_list l;
	struct jw w;

	json_list_open(&l, j, "devices");
	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (!filter_match(f, dev))
			continue;
		json_list_next(&l);
		jw_begin(&w, j);
		jw_object(&w, NULL);
		device_members(&w, dev);
		jw_close(&w);
		jw_end(&w);
	}
	json_list_close(&l);
}

/* "softnet" (or "softirqs") and its objects; with DIFF, each with its
 * status flags and rates (the watch sample). */
static void cpu_list(struct json *j, const struct netobs_diff *diff,
		     const struct netobs_snapshot *snap, bool softirqs);

static void cpus(struct json *j, const struct netobs_snapshot *snap)
{
	cpu_list(j, NULL, snap, false);
	cpu_list(j, NULL, snap, true);
	tunables(j, snap);
}

/* The members of the sections (sections.c) whose bit is in BITS and shown. */
static void section_members(struct json *j, const struct netobs_snapshot *snap,
			    const struct cli_opts *o, unsigned int bits)
{
	size_t i;

	for (i = 0; i < cli_section_count; i++) {
		const struct cli_section *sec = cli_sections[i];

		if (sec->json && (sec->bit & bits & o->sections))
			sec->json(j, snap, o);
	}
}

/* A section of the devices (the peers elsewhere) follows them at once,
 * the others the CPUs: the document's order since each was added. */
void json_print_snapshot(struct json *j, const struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap, const struct cli_opts *o)
{
	header(j, snap);
	json_print_sections(j, ctx, snap);
	if (o->sections & CLI_SEC_DEVICES)
		devices(j, snap, &o->filter);
	section_members(j, snap, o, CLI_SEC_DEVICES);
	if (o->sections & CLI_SEC_CPUS)
		cpus(j, snap);
	section_members(j, snap, o, ~(unsigned int)CLI_SEC_DEVICES);
	close_document(j);
}

/* ---- the watch sample ---------------------------------------------------- */

/* One member "new": true, ... per bit set, in the order of the bits. */
static void status_flags(struct jw *w, unsigned int status)
{
	unsigned int bit;

	for (bit = NETOBS_DIFF_NEW; bit <= NETOBS_DIFF_RESET; bit <<= 1)
		if (status & bit)
			jw_bool(w, netobs_diff_status_name(bit), true);
}

/* A rate that is not finite is left out, like one the diff cannot give. */
static void device_rates(struct jw *w, const struct netobs_diff *diff,
			 const struct netobs_device *dev)
{
	const char *keys[COUNTERS_MAX];
	double rates[COUNTERS_MAX];
	unsigned int c, n = ncounters();
	size_t nr = 0;

	for (c = 0; c < n; c++)
		if (netobs_diff_device_counter(diff, dev, (enum netobs_counter)c, NULL,
					       &rates[nr]) == 0)
			keys[nr++] = netobs_counter_name((enum netobs_counter)c);
	jw_object(w, "rates");
	jw_fixeds(w, keys, rates, nr, 3);
	jw_close(w);
}

/* A device of the sample; one gone has no rates. */
static void sample_device(struct json_list *l, const struct netobs_diff *diff,
			  const struct netobs_device *dev, unsigned int status, bool rates)
{
	struct jw w;

	json_list_next(l);
	jw_begin(&w, l->j);
	jw_object(&w, NULL);
	device_members(&w, dev);
	status_flags(&w, status);
	if (rates)
		device_rates(&w, diff, dev);
	jw_close(&w);
	jw_end(&w);
}

static void sample_devices(struct json *j, const struct netobs_diff *diff,
			   const struct netobs_snapshot *snap, const struct filter *f)
{
	size_t i, n = netobs_snapshot_device_count(snap);
	const struct netobs_device *dev;
	struct json_list l;

	json_list_open(&l, j, "devices");
	for (i = 0; i < n; i++) {
		dev = netobs_snapshot_device(snap, i);
		if (filter_match(f, dev))
			sample_device(&l, diff, dev, netobs_diff_device_status(diff, dev), true);
	}
	for (i = 0; i < netobs_diff_gone_device_count(diff); i++) {
		dev = netobs_diff_gone_device(diff, i);
		if (filter_match(f, dev))
			sample_device(&l, diff, dev, NETOBS_DIFF_GONE, false);
	}
	json_list_close(&l);
}

static void cpu_rates(struct jw *w, const struct netobs_diff *diff, const struct netobs_cpu *cpu,
		      bool softirqs)
{
	unsigned int f, n = softirqs ? 2 : netobs_softnet_field_count();
	double rate;
	int err;

	jw_object(w, "rates");
	for (f = 0; f < n; f++) {
		if (softirqs)
			err = netobs_diff_cpu_softirq(diff, cpu, (enum netobs_softirq)f, NULL, &rate);
		else
			err = netobs_diff_cpu_softnet(diff, cpu, (enum netobs_softnet_field)f, NULL,
						      &rate);
		if (err == 0)
			jw_fixed(w,
				 softirqs ? netobs_softirq_name((enum netobs_softirq)f)
					  : netobs_softnet_field_name((enum netobs_softnet_field)f),
				 rate, 3);
	}
	jw_close(w);
}

static void cpu_list(struct json *j, const struct netobs_diff *diff,
		     const struct netobs_snapshot *snap, bool softirqs)
{
	size_t i, n = netobs_snapshot_cpu_count(snap);
	const struct netobs_cpu *cpu;
	struct json_list l;
	struct jw w;

	json_list_open(&l, j, softirqs ? "softirqs" : "softnet");
	for (i = 0; i < n; i++) {
		cpu = netobs_snapshot_cpu(snap, i);
		if (softirqs ? !has_softirq(cpu) : !has_softnet(cpu))
			continue;
		json_list_next(&l);
		jw_begin(&w, j);
		jw_object(&w, NULL);
		if (softirqs)
			softirq_members(&w, cpu);
		else
			softnet_members(&w, cpu);
		if (diff) {
			status_flags(&w, netobs_diff_cpu_status(diff, cpu));
			cpu_rates(&w, diff, cpu, softirqs);
		}
		jw_close(&w);
		jw_end(&w);
	}
	json_list_close(&l);
}

static void sample_gone_cpus(struct json *j, const struct netobs_diff *diff)
{
	size_t i, n = netobs_diff_gone_cpu_count(diff);
	struct jw w;

	if (n == 0)
		return;
	json_member_key(j, "gone_cpus", false);
	jw_begin(&w, j);
	jw_array(&w, NULL);
	for (i = 0; i < n; i++)
		jw_i64(&w, NULL, netobs_cpu_id(netobs_diff_gone_cpu(diff, i)));
	jw_close(&w);
	jw_end(&w);
}

/* The sections' members come after the CPUs, walking sections.c's array
 * backwards: the sample has carried "stack_rates", "qdiscs", "sockets" in
 * that order, the reverse of the one-shot document's, since each was added. */
void json_print_sample(struct json *j, const struct netobs_ctx *ctx,
		       const struct netobs_diff *diff, const struct netobs_snapshot *newer,
		       const struct cli_opts *o)
{
	const struct cli_sample smp = { .snap = newer, .diff = diff };
	size_t i;
	struct jw w;

	header(j, newer);
	json_print_sections(j, ctx, newer);
	if (isfinite(netobs_diff_interval(diff))) {
		json_member_key(j, "interval_seconds", false);
		jw_begin(&w, j);
		jw_fixed(&w, NULL, netobs_diff_interval(diff), 9);
		jw_end(&w);
	}
	sample_devices(j, diff, newer, &o->filter);
	cpu_list(j, diff, newer, false);
	cpu_list(j, diff, newer, true);
	sample_gone_cpus(j, diff);
	tunables(j, newer);
	for (i = cli_section_count; i-- > 0;) {
		const struct cli_section *sec = cli_sections[i];

		if (sec->json_sample && (sec->bit & o->sections))
			sec->json_sample(j, &smp, o);
	}
	close_document(j);
}

void json_print_skipped(struct json *j, const struct timespec *realtime, const char *why)
{
	open_document(j, realtime);
	member_str(j, "skipped", why, false);
	close_document(j);
}
