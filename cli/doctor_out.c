/* SPDX-License-Identifier: MIT */
/*
 * netobs doctor's report: on text, a summary line per layer (verdict and
 * the worst finding) that fits one screen, then every finding with its
 * threshold, anchor, knob and next command; with --json, one object per
 * layer.  Objects may hold a process name (any bytes): escaped for the
 * terminal, made valid UTF-8 for JSON.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *upper(char *buf, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		buf[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	buf[i] = '\0';
	return buf;
}

static void summary_line(struct out *out, const struct cli_opts *o,
			 const struct netobs_snapshot *snap, const struct netobs_layer *l)
{
	enum netobs_verdict v = netobs_layer_verdict(l);
	const struct netobs_finding *f;
	char vb[16], line[160];

	out_printf(out, "%-13s %-13s ", netobs_layer_name(netobs_layer_id(l)),
		   upper(vb, sizeof(vb), netobs_verdict_name(v)));
	f = netobs_layer_finding(l, 0);
	if (v > NETOBS_VERDICT_CRITICAL || (!f && *netobs_layer_reason(l)))
		snprintf(line, sizeof(line), "%s", netobs_layer_reason(l));
	else if (f && netobs_finding_verdict(f) != NETOBS_VERDICT_OK)
		snprintf(line, sizeof(line), "%s", netobs_finding_text(f));
	else
		snprintf(line, sizeof(line), f ? "information only: %s" : "no loss seen",
			 f ? netobs_finding_text(f) : "");
	/* One screen: the summary line is cut, the details below are whole. */
	if (strlen(line) > 100)
		strcpy(line + 97, "...");
	out_escaped(out, line);
	out_char(out, '\n');
}

static void finding_detail(struct out *out, const struct netobs_finding *f)
{
	char vb[16];

	out_printf(out, "  %-9s ", upper(vb, sizeof(vb), netobs_verdict_name(netobs_finding_verdict(f))));
	out_escaped(out, netobs_finding_text(f));
	out_printf(out, "\n            threshold %s", netobs_finding_threshold(f));
	if (*netobs_finding_anchor(f))
		out_printf(out, " (%s)", netobs_finding_anchor(f));
	out_char(out, '\n');
}

/* The layer's findings past the ones it keeps, of every verdict (an OK
 * one is information): counted, never worded. */
static size_t omitted_total(const struct netobs_layer *l)
{
	return netobs_layer_finding_omitted(l, NETOBS_VERDICT_OK) +
	       netobs_layer_finding_omitted(l, NETOBS_VERDICT_WARNING) +
	       netobs_layer_finding_omitted(l, NETOBS_VERDICT_CRITICAL);
}

static void details(struct out *out, const struct cli_opts *o, const struct netobs_snapshot *snap,
		    const struct netobs_layer *l)
{
	const struct netobs_finding *f;
	size_t i = 0;
	bool first = true;

	while ((f = netobs_layer_finding(l, i++)) != NULL) {
		if (first)
			out_printf(out, "\n%s (%s):\n", netobs_layer_name(netobs_layer_id(l)),
				   netobs_scope_name(netobs_layer_scope(l)));
		first = false;
		finding_detail(out, f);
	}
	if (!first && omitted_total(l) > 0)
		out_printf(out, "  ... and %zu more (%zu warning, %zu critical)\n", omitted_total(l),
			   netobs_layer_finding_omitted(l, NETOBS_VERDICT_WARNING),
			   netobs_layer_finding_omitted(l, NETOBS_VERDICT_CRITICAL));
	if (!first && *netobs_layer_reason(l))
		out_printf(out, "  note: %s\n", netobs_layer_reason(l));
}

static void print_text(struct out *out, const struct cli_opts *o,
		       const struct netobs_snapshot *snap, const struct netobs_diagnosis *d,
		       double secs, enum netobs_verdict verdict,
		       const struct netobs_drop_counts *drops, const char *drops_why)
{
	char vb[16];
	size_t i;

	out_printf(out, "netobs doctor: %s over %.1f s\n\n", upper(vb, sizeof(vb), netobs_verdict_name(verdict)),
		   secs);
	out_printf(out, "%-13s %-13s %s\n", "LAYER", "VERDICT", "WORST FINDING");
	for (i = 0; i < netobs_diagnosis_layer_count(d); i++)
		summary_line(out, o, snap, netobs_diagnosis_layer(d, i));
	for (i = 0; i < netobs_diagnosis_layer_count(d); i++)
		details(out, o, snap, netobs_diagnosis_layer(d, i));
	drops_doctor_text(out, drops, drops_why);
}

/* The worst shown finding of the worst layer, or that layer's reason. */
static void plugin_summary(char *buf, size_t size, const struct cli_opts *o,
			   const struct netobs_snapshot *snap, const struct netobs_diagnosis *d,
			   enum netobs_verdict state)
{
	size_t i;

	snprintf(buf, size, "%s", state == NETOBS_VERDICT_OK ? "no loss seen in any layer"
							      : "no layer could be judged");
	for (i = 0; i < netobs_diagnosis_layer_count(d); i++) {
		const struct netobs_layer *l = netobs_diagnosis_layer(d, i);
		const struct netobs_finding *f;

		if (netobs_layer_verdict(l) != state || state == NETOBS_VERDICT_OK)
			continue;
		f = netobs_layer_finding(l, 0);
		snprintf(buf, size, "%s: %s", netobs_layer_name(netobs_layer_id(l)),
			 f && state <= NETOBS_VERDICT_CRITICAL ? netobs_finding_text(f)
							       : netobs_layer_reason(l));
		return;
	}
}

/* Perfdata: how many layers are in each state (monitoring-plugins
 * guidelines: 'label'=value;warn;crit;min;max). */
static void plugin_perfdata(struct out *out, const struct cli_opts *o,
			    const struct netobs_snapshot *snap, const struct netobs_diagnosis *d)
{
	unsigned int n[NETOBS_VERDICT_UNOBSERVABLE + 1] = { 0 };
	size_t i, layers = netobs_diagnosis_layer_count(d);

	for (i = 0; i < layers; i++)
		n[netobs_layer_verdict(netobs_diagnosis_layer(d, i))]++;
	out_printf(out, " | ok=%u;;;0;%zu warning=%u;;;0;%zu critical=%u;;;0;%zu unknown=%u;;;0;%zu",
		   n[NETOBS_VERDICT_OK], layers, n[NETOBS_VERDICT_WARNING], layers,
		   n[NETOBS_VERDICT_CRITICAL], layers, n[NETOBS_VERDICT_UNKNOWN], layers);
}

void doctor_plugin_line(struct out *out, const struct cli_opts *o,
			const struct netobs_snapshot *snap, const struct netobs_diagnosis *d,
			enum netobs_verdict state, const char *why)
{
	char vb[16], text[400], *p;

	if (why)
		snprintf(text, sizeof(text), "%s", why);
	else
		plugin_summary(text, sizeof(text), o, snap, d, state);
	/* The plugin format's separator: a '|' in the text would start perfdata. */
	for (p = text; *p; p++)
		if (*p == '|')
			*p = '/';
	out_printf(out, "NETOBS %s - ", upper(vb, sizeof(vb), netobs_verdict_name(state)));
	out_escaped(out, text);
	if (d)
		plugin_perfdata(out, o, snap, d);
	out_char(out, '\n');
}

static cJSON *number(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *finding_json(const struct netobs_finding *f)
{
	cJSON *j = cJSON_CreateObject();
	char delta[32];

	snprintf(delta, sizeof(delta), "%llu", (unsigned long long)netobs_finding_delta(f));
	cJSON_AddItemToObject(j, "verdict",
			      json_text_copy(netobs_verdict_name(netobs_finding_verdict(f))));
	cJSON_AddItemToObject(j, "object", json_text_copy(netobs_finding_object(f)));
	cJSON_AddItemToObject(j, "counter", json_text_copy(netobs_finding_counter(f)));
	cJSON_AddItemToObject(j, "delta", cJSON_CreateRaw(delta));
	cJSON_AddItemToObject(j, "rate", number(netobs_finding_rate(f)));
	cJSON_AddItemToObject(j, "ratio", number(netobs_finding_ratio(f)));
	cJSON_AddItemToObject(j, "threshold", json_text_copy(netobs_finding_threshold(f)));
	cJSON_AddItemToObject(j, "anchor", json_text_copy(netobs_finding_anchor(f)));
	cJSON_AddItemToObject(j, "knob", json_text_copy(netobs_finding_knob(f)));
	cJSON_AddItemToObject(j, "command", json_text_copy(netobs_finding_command(f)));
	cJSON_AddItemToObject(j, "text", json_text_copy(netobs_finding_text(f)));
	return j;
}

/* {"ok": N, "warning": N, "critical": N}: what the layer found past the
 * findings it keeps, always present, zeros when it kept them all. */
static cJSON *omitted_json(const struct netobs_layer *l)
{
	cJSON *j = cJSON_CreateObject();
	enum netobs_verdict v;

	for (v = NETOBS_VERDICT_OK; v <= NETOBS_VERDICT_CRITICAL; v++)
		cJSON_AddItemToObject(j, netobs_verdict_name(v),
				      cJSON_CreateNumber((double)netobs_layer_finding_omitted(l, v)));
	return j;
}

static cJSON *layer_json(const struct cli_opts *o, const struct netobs_snapshot *snap,
			 const struct netobs_layer *l)
{
	cJSON *j = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	const struct netobs_finding *f;
	size_t i = 0;

	cJSON_AddItemToObject(j, "layer", json_text_copy(netobs_layer_name(netobs_layer_id(l))));
	cJSON_AddItemToObject(j, "verdict",
			      json_text_copy(netobs_verdict_name(netobs_layer_verdict(l))));
	cJSON_AddItemToObject(j, "scope", json_text_copy(netobs_scope_name(netobs_layer_scope(l))));
	cJSON_AddItemToObject(j, "reason", json_text_copy(netobs_layer_reason(l)));
	cJSON_AddItemToObject(j, "findings", arr);
	while ((f = netobs_layer_finding(l, i++)) != NULL)
		cJSON_AddItemToArray(arr, finding_json(f));
	cJSON_AddItemToObject(j, "findings_omitted", omitted_json(l));
	return j;
}

static int print_json(struct out *out, const struct cli_opts *o,
		      const struct netobs_snapshot *snap, const struct netobs_diagnosis *d,
		      double secs, enum netobs_verdict verdict,
		      const struct netobs_drop_counts *drops, const char *drops_why)
{
	cJSON *doc = cJSON_CreateObject(), *layers = cJSON_CreateArray();
	char when[UNITS_BUFSIZ];
	struct timespec rt;
	size_t i;

	netobs_snapshot_time(snap, NULL, &rt);
	cJSON_AddItemToObject(doc, "time", json_text_copy(units_rfc3339(when, &rt)));
	cJSON_AddItemToObject(doc, "interval", number(secs));
	cJSON_AddItemToObject(doc, "verdict", json_text_copy(netobs_verdict_name(verdict)));
	cJSON_AddItemToObject(doc, "layers", layers);
	for (i = 0; i < netobs_diagnosis_layer_count(d); i++)
		cJSON_AddItemToArray(layers, layer_json(o, snap, netobs_diagnosis_layer(d, i)));
	cJSON_AddItemToObject(doc, "drop_reasons", drops_json(drops, drops_why));
	return json_print_line(out, doc);
}

int doctor_print(const struct cli_opts *o, const struct netobs_snapshot *snap,
		 const struct netobs_diagnosis *d, double secs, enum netobs_verdict verdict,
		 const struct netobs_drop_counts *drops, const char *drops_why)
{
	struct out out;
	int err = 0;

	out_init(&out, 1);
	if (o->fmt)
		err = print_json(&out, o, snap, d, secs, verdict, drops, drops_why);
	else
		print_text(&out, o, snap, d, secs, verdict, drops, drops_why);
	if (err == 0)
		err = out_flush(&out);
	out_free(&out);
	if (err < 0 && err != -EPIPE)
		cli_errorf("cannot write the report: %s", strerror(-err));
	return err == 0 || err == -EPIPE ? CLI_EXIT_OK : CLI_EXIT_RUNTIME;
}
