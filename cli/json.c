/* SPDX-License-Identifier: MIT */
/*
 * JSON output: the shapes netobs(1) documents, built and printed with cJSON.
 *
 * Three things cJSON does not do by itself, and how they are handled here:
 *  - Its numbers are doubles, which lose u64 counters above 2^53: every
 *    number is a raw item holding our own decimal text.
 *  - It copies bytes >= 0x80 unchecked, so an alias with stray bytes would
 *    make invalid JSON: strings pass through json_clean() first, which turns
 *    bytes that are not UTF-8 into U+FFFD (cJSON escapes control
 *    characters itself).
 *  - It allocates per item, and watch must allocate nothing per tick: its
 *    hooks allocate from an arena of chunks that are kept and reset after
 *    each value is printed, its free does nothing (with hooks other than
 *    malloc and free it never calls realloc), and values are printed with
 *    cJSON_PrintPreallocated() into the output buffer.
 *
 * Values are printed one at a time: the top-level object is streamed member
 * by member and its arrays element by element (the braces, brackets,
 * commas and constant keys between them written here), so the tree in
 * memory is one device or CPU, never the document: 4001 devices as one tree
 * would take ~14 MB of items, against a one-shot budget of 8 MiB RSS.  One
 * set of builders serves the one-shot document and the watch sample, so the
 * shapes cannot drift apart.
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

#include "cli.h"

/* The largest value is one device object, a few KiB even with a hostile
 * alias; far past that, a print that keeps failing is a bug, not a size. */
#define VALUE_MAX (16u << 20)

/* ---- shapes shared by the document and the sample -------------------------- */

static void device_identity(cJSON *obj, const struct netobs_device *dev)
{
	int peer = netobs_device_peer_ifindex(dev);

	json_add(obj, "name", json_text(netobs_device_name(dev)));
	json_add(obj, "ifindex", json_i64(netobs_device_ifindex(dev)));
	json_add(obj, "class", json_text(netobs_class_name(netobs_device_class(dev))));
	json_add(obj, "kind", json_text(netobs_device_kind(dev)));
	json_add(obj, "role", json_text(netobs_device_role(dev))); /* role.c's table */
	json_add(obj, "driver", json_text(netobs_device_driver(dev)));
	json_add(obj, "bus", json_text(netobs_device_bus(dev)));
	json_add(obj, "master", json_text(netobs_device_master_name(dev)));
	json_add(obj, "peer_ifindex", peer > 0 ? json_i64(peer) : cJSON_CreateNull());
}

static void device_state(cJSON *obj, const struct netobs_device *dev)
{
	int carrier = netobs_device_carrier(dev);
	uint64_t speed;
	uint32_t v = 0;
	int err;

	json_add(obj, "operstate", json_text(netobs_operstate_name(netobs_device_operstate(dev))));
	json_add(obj, "carrier", carrier < 0 ? cJSON_CreateNull() : cJSON_CreateBool(carrier == 1));
	err = netobs_device_mtu(dev, &v);
	json_add_u32_or_null(obj, "mtu", err, v);
	err = netobs_device_txqlen(dev, &v);
	json_add_u32_or_null(obj, "txqlen", err, v);
	err = netobs_device_carrier_changes(dev, &v);
	json_add_u32_or_null(obj, "carrier_changes", err, v);
	if (netobs_device_speed(dev, &speed) == 0)
		json_add(obj, "speed_bps", json_u64(speed));
	json_add(obj, "address", json_text(netobs_device_address(dev)));
	json_add(obj, "alias", json_text(netobs_device_alias(dev)));
}

/* Only what the source gave: an unavailable counter is absent, never 0. */
static void device_counters(cJSON *obj, const struct netobs_device *dev)
{
	unsigned int c, n = netobs_counter_count();
	cJSON *counters = cJSON_CreateObject(), *folded = NULL;
	uint64_t v;

	json_add(obj, "counters", counters);
	for (c = 0; c < n; c++) {
		if (netobs_device_counter(dev, (enum netobs_counter)c, &v) < 0)
			continue;
		json_add(counters, netobs_counter_name((enum netobs_counter)c), json_u64(v));
		if (!(netobs_device_counter_flags(dev, (enum netobs_counter)c) &
		      NETOBS_COUNTER_FOLDED))
			continue;
		if (!folded)
			json_add(obj, "folded", folded = cJSON_CreateArray());
		cJSON_AddItemToArray(folded, json_text(netobs_counter_name((enum netobs_counter)c)));
	}
}

/* The device object of both the document and the sample. */
static cJSON *device_object(const struct netobs_device *dev)
{
	cJSON *obj = cJSON_CreateObject();

	device_identity(obj, dev);
	device_state(obj, dev);
	device_counters(obj, dev);
	return obj;
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

/* A softnet object: cpu and the fields this kernel has. */
static cJSON *softnet_object(const struct netobs_cpu *cpu)
{
	unsigned int f, n = netobs_softnet_field_count();
	cJSON *obj = cJSON_CreateObject();
	uint64_t v;

	json_add(obj, "cpu", json_i64(netobs_cpu_id(cpu)));
	for (f = 0; f < n; f++) {
		if (netobs_cpu_softnet(cpu, (enum netobs_softnet_field)f, &v) < 0)
			continue;
		json_add(obj, netobs_softnet_field_name((enum netobs_softnet_field)f), json_u64(v));
	}
	return obj;
}

/* A softirqs object: cpu, NET_RX, NET_TX. */
static cJSON *softirq_object(const struct netobs_cpu *cpu)
{
	cJSON *obj = cJSON_CreateObject();
	uint64_t v;
	int s;

	json_add(obj, "cpu", json_i64(netobs_cpu_id(cpu)));
	for (s = NETOBS_SOFTIRQ_NET_RX; s <= NETOBS_SOFTIRQ_NET_TX; s++) {
		if (netobs_cpu_softirq(cpu, (enum netobs_softirq)s, &v) < 0)
			continue;
		json_add(obj, netobs_softirq_name((enum netobs_softirq)s), json_u64(v));
	}
	return obj;
}

/* A number, or for tcp_rmem and its kind an array of the three. */
static cJSON *tunable_value(const int64_t *v, size_t n)
{
	cJSON *arr;
	size_t i;

	if (n == 1)
		return json_i64(v[0]);
	arr = cJSON_CreateArray();
	for (i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, json_i64(v[i]));
	return arr;
}

static cJSON *tunables_object(const struct netobs_snapshot *snap)
{
	unsigned int t, n = netobs_tunable_count();
	cJSON *obj = cJSON_CreateObject();
	int64_t v[4];
	size_t nv;

	for (t = 0; t < n; t++) {
		if (netobs_snapshot_tunable_values(snap, (enum netobs_tunable)t, v, 4, &nv) < 0)
			continue;
		json_add(obj, netobs_tunable_name((enum netobs_tunable)t), tunable_value(v, nv));
	}
	return obj;
}

/* {"time":...,"host":... : the object's opening members. */
static void open_document(struct json *j, const struct timespec *realtime)
{
	char host[256], when[UNITS_BUFSIZ];

	json_punct(j, "{");
	json_member_key(j, "time", true);
	json_print_value(j, json_text(units_rfc3339(when, realtime)));
	json_member(j, "host", json_text(units_hostname(host, sizeof(host))));
}

static void header(struct json *j, const struct netobs_snapshot *snap)
{
	struct timespec rt;

	netobs_snapshot_time(snap, NULL, &rt);
	open_document(j, &rt);
	json_member(j, "source", json_text(netobs_source_name(netobs_snapshot_source(snap))));
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

	json_list_open(&l, j, "devices");
	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (filter_match(f, dev))
			json_list_item(&l, device_object(dev));
	}
	json_list_close(&l);
}

static void cpus(struct json *j, const struct netobs_snapshot *snap)
{
	size_t i, n = netobs_snapshot_cpu_count(snap);
	struct json_list l;

	json_list_open(&l, j, "softnet");
	for (i = 0; i < n; i++)
		if (has_softnet(netobs_snapshot_cpu(snap, i)))
			json_list_item(&l, softnet_object(netobs_snapshot_cpu(snap, i)));
	json_list_close(&l);
	json_list_open(&l, j, "softirqs");
	for (i = 0; i < n; i++)
		if (has_softirq(netobs_snapshot_cpu(snap, i)))
			json_list_item(&l, softirq_object(netobs_snapshot_cpu(snap, i)));
	json_list_close(&l);
	json_member(j, "tunables", tunables_object(snap));
}

void json_print_snapshot(struct json *j, const struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap, const struct cli_opts *o)
{
	header(j, snap);
	json_print_sections(j, ctx, snap);
	if (o->sections & CLI_SEC_DEVICES) {
		devices(j, snap, &o->filter);
		netns_peers_json(j, snap, &o->filter); /* netns_out.c: containers */
	}
	if (o->sections & CLI_SEC_CPUS)
		cpus(j, snap);
	if (o->sections & CLI_SEC_SOCKETS)
		sockets_json(j, snap);
	if (o->sections & CLI_SEC_QDISCS)
		qdisc_json(j, snap, &o->filter);
	if (o->sections & CLI_SEC_STACK)
		stack_json(j, snap);
	close_document(j);
}

/* ---- the watch sample ---------------------------------------------------- */

/* One member "new": true, ... per bit set, in the order of the bits. */
static void status_flags(cJSON *obj, unsigned int status)
{
	unsigned int bit;

	for (bit = NETOBS_DIFF_NEW; bit <= NETOBS_DIFF_RESET; bit <<= 1)
		if (status & bit)
			json_add(obj, netobs_diff_status_name(bit), cJSON_CreateTrue());
}

/* A rate that is not finite is left out, like one the diff cannot give. */
static void add_rate(cJSON *rates, const char *key, double rate)
{
	cJSON *v = json_fixed(rate, 3);

	if (v)
		json_add(rates, key, v);
}

static void device_rates(cJSON *obj, const struct netobs_diff *diff,
			 const struct netobs_device *dev)
{
	unsigned int c, n = netobs_counter_count();
	cJSON *rates = cJSON_CreateObject();
	double rate;

	json_add(obj, "rates", rates);
	for (c = 0; c < n; c++)
		if (netobs_diff_device_counter(diff, dev, (enum netobs_counter)c, NULL, &rate) == 0)
			add_rate(rates, netobs_counter_name((enum netobs_counter)c), rate);
}

static void sample_devices(struct json *j, const struct netobs_diff *diff,
			   const struct netobs_snapshot *snap, const struct filter *f)
{
	size_t i, n = netobs_snapshot_device_count(snap);
	const struct netobs_device *dev;
	struct json_list l;
	cJSON *obj;

	json_list_open(&l, j, "devices");
	for (i = 0; i < n; i++) {
		dev = netobs_snapshot_device(snap, i);
		if (!filter_match(f, dev))
			continue;
		obj = device_object(dev);
		status_flags(obj, netobs_diff_device_status(diff, dev));
		device_rates(obj, diff, dev);
		json_list_item(&l, obj);
	}
	for (i = 0; i < netobs_diff_gone_device_count(diff); i++) {
		dev = netobs_diff_gone_device(diff, i);
		if (!filter_match(f, dev))
			continue;
		obj = device_object(dev);
		status_flags(obj, NETOBS_DIFF_GONE);
		json_list_item(&l, obj);
	}
	json_list_close(&l);
}

static void cpu_rates(cJSON *obj, const struct netobs_diff *diff, const struct netobs_cpu *cpu,
		      bool softirqs)
{
	unsigned int f, n = softirqs ? 2 : netobs_softnet_field_count();
	cJSON *rates = cJSON_CreateObject();
	double rate;
	int err;

	json_add(obj, "rates", rates);
	for (f = 0; f < n; f++) {
		if (softirqs)
			err = netobs_diff_cpu_softirq(diff, cpu, (enum netobs_softirq)f, NULL, &rate);
		else
			err = netobs_diff_cpu_softnet(diff, cpu, (enum netobs_softnet_field)f, NULL,
						      &rate);
		if (err == 0)
			add_rate(rates,
				 softirqs ? netobs_softirq_name((enum netobs_softirq)f)
					  : netobs_softnet_field_name((enum netobs_softnet_field)f),
				 rate);
	}
}

static void sample_cpu_list(struct json *j, const struct netobs_diff *diff,
			    const struct netobs_snapshot *snap, bool softirqs)
{
	size_t i, n = netobs_snapshot_cpu_count(snap);
	const struct netobs_cpu *cpu;
	struct json_list l;
	cJSON *obj;

	json_list_open(&l, j, softirqs ? "softirqs" : "softnet");
	for (i = 0; i < n; i++) {
		cpu = netobs_snapshot_cpu(snap, i);
		if (softirqs ? !has_softirq(cpu) : !has_softnet(cpu))
			continue;
		obj = softirqs ? softirq_object(cpu) : softnet_object(cpu);
		status_flags(obj, netobs_diff_cpu_status(diff, cpu));
		cpu_rates(obj, diff, cpu, softirqs);
		json_list_item(&l, obj);
	}
	json_list_close(&l);
}

static void sample_gone_cpus(struct json *j, const struct netobs_diff *diff)
{
	size_t i, n = netobs_diff_gone_cpu_count(diff);
	struct json_list l;

	if (n == 0)
		return;
	json_list_open(&l, j, "gone_cpus");
	for (i = 0; i < n; i++)
		json_list_item(&l, json_i64(netobs_cpu_id(netobs_diff_gone_cpu(diff, i))));
	json_list_close(&l);
}

void json_print_sample(struct json *j, const struct netobs_ctx *ctx,
		       const struct netobs_diff *diff, const struct netobs_snapshot *newer,
		       const struct cli_opts *o)
{
	cJSON *interval;

	header(j, newer);
	json_print_sections(j, ctx, newer);
	/* Built after header(): printing a value resets the arena. */
	interval = json_fixed(netobs_diff_interval(diff), 9);
	if (interval)
		json_member(j, "interval_seconds", interval);
	sample_devices(j, diff, newer, &o->filter);
	sample_cpu_list(j, diff, newer, false);
	sample_cpu_list(j, diff, newer, true);
	sample_gone_cpus(j, diff);
	json_member(j, "tunables", tunables_object(newer));
	if (o->sections & CLI_SEC_STACK)
		stack_json_rates(j, diff, newer);
	if (o->sections & CLI_SEC_QDISCS)
		qdisc_json(j, newer, &o->filter);
	if (o->sections & CLI_SEC_SOCKETS)
		sockets_json(j, newer);
	close_document(j);
}

void json_print_skipped(struct json *j, const struct timespec *realtime, const char *why)
{
	open_document(j, realtime);
	json_member(j, "skipped", json_text(why));
	close_document(j);
}

/* ---- the format ---------------------------------------------------------- */

static void json_begin(struct cli_sink *s)
{
	json_init(&s->json, &s->out);
}

static void json_end(struct cli_sink *s)
{
	json_free(&s->json);
}

static int json_snapshot(struct cli_sink *s, const struct netobs_snapshot *snap,
			 double scrape_seconds)
{
	(void)scrape_seconds;
	json_print_snapshot(&s->json, s->ctx, snap, s->o);
	return cli_sink_flush(s);
}

/* Rates only: a sample without them (the first) prints nothing. */
static int json_sample(struct cli_sink *s, const struct cli_sample *smp)
{
	if (!smp->diff || smp->stale)
		return 0;
	json_print_sample(&s->json, s->ctx, smp->diff, smp->snap, s->o);
	return cli_sink_flush(s);
}

/* Said even with --quiet: a consumer counts the lines. */
static int json_skipped(struct cli_sink *s, const char *why)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	json_print_skipped(&s->json, &now, why);
	return cli_sink_flush(s);
}

const struct cli_format cli_format_json = {
	.name = "json",
	.begin = json_begin,
	.print_snapshot = json_snapshot,
	.print_sample = json_sample,
	.print_skipped = json_skipped,
	.end = json_end,
};
