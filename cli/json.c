/* SPDX-License-Identifier: MIT */
/*
 * JSON output: a small streaming writer and the shapes netobs(1) documents.
 *
 * Why not cJSON: its numbers are doubles, which lose u64 counters above
 * 2^53; it copies strings without checking UTF-8, so an alias with stray
 * bytes would make invalid JSON; and it builds a tree per document, which
 * watch would allocate and free every tick.  Writing straight into the
 * output buffer avoids all three, and one code path serves both the one-shot
 * document and the watch NDJSON, so the shapes cannot drift apart.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

/* ---- the writer ---------------------------------------------------------- */

void jw_init(struct jw *w, struct out *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->first[0] = true;
}

/* The comma before a value or key, unless it is the first in its container
 * or the value of a key just written. */
static void separate(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		out_char(w->out, ',');
	w->first[w->depth] = false;
}

static void open_container(struct jw *w, char c)
{
	separate(w);
	out_char(w->out, c);
	/* The shapes here nest four deep; deeper would be a bug, so the writer
	 * stays memory-safe and the output merely loses its commas. */
	if (w->depth + 1 < JSON_DEPTH_MAX)
		w->depth++;
	w->first[w->depth] = true;
}

static void close_container(struct jw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	out_char(w->out, c);
}

void jw_begin_object(struct jw *w)
{
	open_container(w, '{');
}

void jw_end_object(struct jw *w)
{
	close_container(w, '}');
}

void jw_begin_array(struct jw *w)
{
	open_container(w, '[');
}

void jw_end_array(struct jw *w)
{
	close_container(w, ']');
}

static void escape_ascii(struct out *o, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

	switch (c) {
	case '"': out_write(o, "\\\"", 2); break;
	case '\\': out_write(o, "\\\\", 2); break;
	case '\n': out_write(o, "\\n", 2); break;
	case '\t': out_write(o, "\\t", 2); break;
	case '\r': out_write(o, "\\r", 2); break;
	default:
		if (c < 0x20 || c == 0x7f)
			out_write(o, u, sizeof(u));
		else
			out_char(o, (char)c);
	}
}

static void string_body(struct out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n;

	while (left > 0) {
		if (*p < 0x80) {
			escape_ascii(o, *p);
			n = 1;
		} else if ((n = utf8_sequence(p, left)) > 0) {
			out_write(o, (const char *)p, n);
		} else {
			out_str(o, "\\ufffd");
			n = 1;
		}
		p += n;
		left -= n;
	}
}

void jw_key(struct jw *w, const char *key)
{
	separate(w);
	out_char(w->out, '"');
	string_body(w->out, key);
	out_write(w->out, "\":", 2);
	w->after_key = true;
}

void jw_string(struct jw *w, const char *s)
{
	separate(w);
	out_char(w->out, '"');
	string_body(w->out, s);
	out_char(w->out, '"');
}

void jw_null(struct jw *w)
{
	separate(w);
	out_str(w->out, "null");
}

void jw_string_or_null(struct jw *w, const char *s)
{
	if (s)
		jw_string(w, s);
	else
		jw_null(w);
}

void jw_u64(struct jw *w, uint64_t v)
{
	separate(w);
	out_printf(w->out, "%llu", (unsigned long long)v);
}

void jw_int(struct jw *w, long long v)
{
	separate(w);
	out_printf(w->out, "%lld", v);
}

void jw_double(struct jw *w, double v, int decimals)
{
	separate(w);
	out_printf(w->out, "%.*f", decimals, v);
}

void jw_bool(struct jw *w, bool v)
{
	separate(w);
	out_str(w->out, v ? "true" : "false");
}

/* ---- shapes shared by the document and the sample -------------------------- */

static void key_u32_or_null(struct jw *w, const char *key, int err, uint32_t v)
{
	jw_key(w, key);
	if (err == 0)
		jw_u64(w, v);
	else
		jw_null(w);
}

static void device_identity(struct jw *w, const struct netobs_device *dev)
{
	int peer = netobs_device_peer_ifindex(dev);

	jw_key(w, "name");
	jw_string(w, netobs_device_name(dev));
	jw_key(w, "ifindex");
	jw_int(w, netobs_device_ifindex(dev));
	jw_key(w, "class");
	jw_string_or_null(w, netobs_class_name(netobs_device_class(dev)));
	jw_key(w, "kind");
	jw_string(w, netobs_device_kind(dev));
	jw_key(w, "driver");
	jw_string_or_null(w, netobs_device_driver(dev));
	jw_key(w, "bus");
	jw_string_or_null(w, netobs_device_bus(dev));
	jw_key(w, "master");
	jw_string_or_null(w, netobs_device_master_name(dev));
	jw_key(w, "peer_ifindex");
	if (peer > 0)
		jw_int(w, peer);
	else
		jw_null(w);
}

static void device_state(struct jw *w, const struct netobs_device *dev)
{
	int carrier = netobs_device_carrier(dev);
	uint64_t speed;
	uint32_t v = 0;
	int err;

	jw_key(w, "operstate");
	jw_string_or_null(w, netobs_operstate_name(netobs_device_operstate(dev)));
	jw_key(w, "carrier");
	if (carrier < 0)
		jw_null(w);
	else
		jw_bool(w, carrier == 1);
	err = netobs_device_mtu(dev, &v);
	key_u32_or_null(w, "mtu", err, v);
	err = netobs_device_txqlen(dev, &v);
	key_u32_or_null(w, "txqlen", err, v);
	err = netobs_device_carrier_changes(dev, &v);
	key_u32_or_null(w, "carrier_changes", err, v);
	if (netobs_device_speed(dev, &speed) == 0) {
		jw_key(w, "speed_bps");
		jw_u64(w, speed);
	}
	jw_key(w, "address");
	jw_string(w, netobs_device_address(dev));
	jw_key(w, "alias");
	jw_string_or_null(w, netobs_device_alias(dev));
}

/* Only what the source gave: an unavailable counter is absent, never 0. */
static void device_counters(struct jw *w, const struct netobs_device *dev)
{
	unsigned int c, n = netobs_counter_count();
	bool folded = false;
	uint64_t v;

	jw_key(w, "counters");
	jw_begin_object(w);
	for (c = 0; c < n; c++) {
		if (netobs_device_counter(dev, (enum netobs_counter)c, &v) < 0)
			continue;
		jw_key(w, netobs_counter_name((enum netobs_counter)c));
		jw_u64(w, v);
		folded |= (netobs_device_counter_flags(dev, (enum netobs_counter)c) &
			   NETOBS_COUNTER_FOLDED) != 0;
	}
	jw_end_object(w);
	if (!folded)
		return;
	jw_key(w, "folded");
	jw_begin_array(w);
	for (c = 0; c < n; c++)
		if (netobs_device_counter_flags(dev, (enum netobs_counter)c) & NETOBS_COUNTER_FOLDED)
			jw_string(w, netobs_counter_name((enum netobs_counter)c));
	jw_end_array(w);
}

/* The device object's members, braces left to the caller. */
static void device_members(struct jw *w, const struct netobs_device *dev)
{
	device_identity(w, dev);
	device_state(w, dev);
	device_counters(w, dev);
}

static void softnet_members(struct jw *w, const struct netobs_cpu *cpu)
{
	unsigned int f, n = netobs_softnet_field_count();
	uint64_t v;

	jw_key(w, "cpu");
	jw_int(w, netobs_cpu_id(cpu));
	for (f = 0; f < n; f++) {
		if (netobs_cpu_softnet(cpu, (enum netobs_softnet_field)f, &v) < 0)
			continue;
		jw_key(w, netobs_softnet_field_name((enum netobs_softnet_field)f));
		jw_u64(w, v);
	}
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

static void softirq_members(struct jw *w, const struct netobs_cpu *cpu)
{
	uint64_t v;
	int s;

	jw_key(w, "cpu");
	jw_int(w, netobs_cpu_id(cpu));
	for (s = NETOBS_SOFTIRQ_NET_RX; s <= NETOBS_SOFTIRQ_NET_TX; s++) {
		if (netobs_cpu_softirq(cpu, (enum netobs_softirq)s, &v) < 0)
			continue;
		jw_key(w, netobs_softirq_name((enum netobs_softirq)s));
		jw_u64(w, v);
	}
}

static void tunables(struct jw *w, const struct netobs_snapshot *snap)
{
	unsigned int t, n = netobs_tunable_count();
	int64_t v;

	jw_key(w, "tunables");
	jw_begin_object(w);
	for (t = 0; t < n; t++) {
		if (netobs_snapshot_tunable(snap, (enum netobs_tunable)t, &v) < 0)
			continue;
		jw_key(w, netobs_tunable_name((enum netobs_tunable)t));
		jw_int(w, v);
	}
	jw_end_object(w);
}

static void header(struct jw *w, const struct netobs_snapshot *snap)
{
	char host[256], when[UNITS_BUFSIZ];
	struct timespec rt;

	netobs_snapshot_time(snap, NULL, &rt);
	jw_key(w, "time");
	jw_string(w, units_rfc3339(when, &rt));
	jw_key(w, "host");
	jw_string(w, units_hostname(host, sizeof(host)));
	jw_key(w, "source");
	jw_string_or_null(w, netobs_source_name(netobs_snapshot_source(snap)));
}

/* ---- the one-shot document ------------------------------------------------- */

static void devices(struct jw *w, const struct netobs_snapshot *snap, const struct filter *f)
{
	size_t i, n = netobs_snapshot_device_count(snap);

	jw_key(w, "devices");
	jw_begin_array(w);
	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(snap, i);

		if (!filter_match(f, dev))
			continue;
		jw_begin_object(w);
		device_members(w, dev);
		jw_end_object(w);
	}
	jw_end_array(w);
}

static void cpus(struct jw *w, const struct netobs_snapshot *snap)
{
	size_t i, n = netobs_snapshot_cpu_count(snap);

	jw_key(w, "softnet");
	jw_begin_array(w);
	for (i = 0; i < n; i++) {
		if (!has_softnet(netobs_snapshot_cpu(snap, i)))
			continue;
		jw_begin_object(w);
		softnet_members(w, netobs_snapshot_cpu(snap, i));
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_key(w, "softirqs");
	jw_begin_array(w);
	for (i = 0; i < n; i++) {
		if (!has_softirq(netobs_snapshot_cpu(snap, i)))
			continue;
		jw_begin_object(w);
		softirq_members(w, netobs_snapshot_cpu(snap, i));
		jw_end_object(w);
	}
	jw_end_array(w);
	tunables(w, snap);
}

void json_print_snapshot(struct out *out, const struct netobs_snapshot *snap,
			 const struct cli_opts *o)
{
	struct jw w;

	jw_init(&w, out);
	jw_begin_object(&w);
	header(&w, snap);
	if (o->sections & CLI_SEC_DEVICES)
		devices(&w, snap, &o->filter);
	if (o->sections & CLI_SEC_CPUS)
		cpus(&w, snap);
	jw_end_object(&w);
	out_char(out, '\n');
}

/* ---- the watch sample ---------------------------------------------------- */

static void status_flags(struct jw *w, unsigned int status)
{
	static const struct {
		unsigned int bit;
		const char *key;
	} flags[] = {
		{ NETOBS_DIFF_NEW, "new" },
		{ NETOBS_DIFF_GONE, "gone" },
		{ NETOBS_DIFF_RENAMED, "renamed" },
		{ NETOBS_DIFF_RECREATED, "recreated" },
		{ NETOBS_DIFF_RESET, "reset" },
	};
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!(status & flags[i].bit))
			continue;
		jw_key(w, flags[i].key);
		jw_bool(w, true);
	}
}

static void device_rates(struct jw *w, const struct netobs_diff *diff,
			 const struct netobs_device *dev)
{
	unsigned int c, n = netobs_counter_count();
	double rate;

	jw_key(w, "rates");
	jw_begin_object(w);
	for (c = 0; c < n; c++) {
		if (netobs_diff_device_counter(diff, dev, (enum netobs_counter)c, NULL, &rate) < 0)
			continue;
		jw_key(w, netobs_counter_name((enum netobs_counter)c));
		jw_double(w, rate, 3);
	}
	jw_end_object(w);
}

static void sample_devices(struct jw *w, const struct netobs_diff *diff,
			   const struct netobs_snapshot *snap, const struct filter *f)
{
	size_t i, n = netobs_snapshot_device_count(snap);
	const struct netobs_device *dev;

	jw_key(w, "devices");
	jw_begin_array(w);
	for (i = 0; i < n; i++) {
		dev = netobs_snapshot_device(snap, i);
		if (!filter_match(f, dev))
			continue;
		jw_begin_object(w);
		device_members(w, dev);
		status_flags(w, netobs_diff_device_status(diff, dev));
		device_rates(w, diff, dev);
		jw_end_object(w);
	}
	for (i = 0; i < netobs_diff_gone_count(diff); i++) {
		dev = netobs_diff_gone(diff, i);
		if (!filter_match(f, dev))
			continue;
		jw_begin_object(w);
		device_members(w, dev);
		status_flags(w, NETOBS_DIFF_GONE);
		jw_end_object(w);
	}
	jw_end_array(w);
}

static void cpu_rates(struct jw *w, const struct netobs_diff *diff, const struct netobs_cpu *cpu,
		      bool softirqs)
{
	unsigned int f, n = softirqs ? 2 : netobs_softnet_field_count();
	double rate;
	int err;

	jw_key(w, "rates");
	jw_begin_object(w);
	for (f = 0; f < n; f++) {
		if (softirqs)
			err = netobs_diff_cpu_softirq(diff, cpu, (enum netobs_softirq)f, NULL, &rate);
		else
			err = netobs_diff_cpu_softnet(diff, cpu, (enum netobs_softnet_field)f, NULL,
						      &rate);
		if (err < 0)
			continue;
		jw_key(w, softirqs ? netobs_softirq_name((enum netobs_softirq)f) :
				     netobs_softnet_field_name((enum netobs_softnet_field)f));
		jw_double(w, rate, 3);
	}
	jw_end_object(w);
}

static void sample_cpu_list(struct jw *w, const struct netobs_diff *diff,
			    const struct netobs_snapshot *snap, bool softirqs)
{
	size_t i, n = netobs_snapshot_cpu_count(snap);
	const struct netobs_cpu *cpu;

	jw_key(w, softirqs ? "softirqs" : "softnet");
	jw_begin_array(w);
	for (i = 0; i < n; i++) {
		cpu = netobs_snapshot_cpu(snap, i);
		if (softirqs ? !has_softirq(cpu) : !has_softnet(cpu))
			continue;
		jw_begin_object(w);
		if (softirqs)
			softirq_members(w, cpu);
		else
			softnet_members(w, cpu);
		status_flags(w, netobs_diff_cpu_status(diff, cpu));
		cpu_rates(w, diff, cpu, softirqs);
		jw_end_object(w);
	}
	jw_end_array(w);
}

static void sample_gone_cpus(struct jw *w, const struct netobs_diff *diff)
{
	size_t i, n = netobs_diff_gone_cpu_count(diff);

	if (n == 0)
		return;
	jw_key(w, "gone_cpus");
	jw_begin_array(w);
	for (i = 0; i < n; i++)
		jw_int(w, netobs_cpu_id(netobs_diff_gone_cpu(diff, i)));
	jw_end_array(w);
}

void json_print_sample(struct out *out, const struct netobs_diff *diff,
		       const struct netobs_snapshot *newer, const struct cli_opts *o)
{
	struct jw w;

	jw_init(&w, out);
	jw_begin_object(&w);
	header(&w, newer);
	jw_key(&w, "interval_seconds");
	jw_double(&w, netobs_diff_interval(diff), 6);
	sample_devices(&w, diff, newer, &o->filter);
	sample_cpu_list(&w, diff, newer, false);
	sample_cpu_list(&w, diff, newer, true);
	sample_gone_cpus(&w, diff);
	tunables(&w, newer);
	jw_end_object(&w);
	out_char(out, '\n');
}
