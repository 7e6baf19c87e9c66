/* SPDX-License-Identifier: MIT */
/*
 * The diagnosis: walks each layer between the wire and the socket over a
 * diff, and judges what it finds by gates whose anchors docs/DOCTOR.md
 * gives.  Findings are copied text, so the diagnosis outlives the diff.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"

enum netobs_verdict netobs__gate_verdict(const struct netobs__gate *g, uint64_t delta,
					 double rate, double ratio)
{
	bool no_ratio = isnan(ratio);

	if (!g || delta < g->min_delta)
		return NETOBS_VERDICT_OK;
	if (g->crit_rate >= 0 && rate > g->crit_rate && (no_ratio || ratio > g->crit_ratio))
		return NETOBS_VERDICT_CRITICAL;
	if (rate > g->warn_rate && (no_ratio || ratio > g->warn_ratio))
		return NETOBS_VERDICT_WARNING;
	return NETOBS_VERDICT_OK;
}

void netobs__grouped(char *buf, size_t size, uint64_t v)
{
	char raw[32];
	size_t len, i, o = 0;

	len = (size_t)snprintf(raw, sizeof(raw), "%" PRIu64, v);
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

/* A bounded copy: snprintf("%s") costs a format parse per field, and a
 * finding copies six fields. */
static void copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size - 1) : 0;

	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

#define COPY(dst, src) copy((dst), sizeof(dst), (src))

/* The sentence of a kept finding, from its own fields, once its layer is
 * done: a finding that is not kept is never worded. */
static void sentence(struct netobs_finding *f)
{
	char n[32], ratio[64] = "", secs[32] = "";
	size_t len;

	if (f->led) {
		len = strlen(f->text);
	} else {
		netobs__grouped(n, sizeof(n), f->delta);
		if (!isnan(f->ratio))
			snprintf(ratio, sizeof(ratio), ", %.2f %% %s", f->ratio * 100, f->ratio_of);
		if (f->rate > 0)
			snprintf(secs, sizeof(secs), " in %.1f s", (double)f->delta / f->rate);
		len = (size_t)snprintf(f->text, sizeof(f->text), "%s +%s on %s%s (%.1f/s%s)",
				       f->counter, n, f->object, secs, f->rate, ratio);
	}
	if (len < sizeof(f->text) && *f->note)
		len += (size_t)snprintf(f->text + len, sizeof(f->text) - len, ", %s", f->note);
	if (len < sizeof(f->text) && *f->knob)
		len += (size_t)snprintf(f->text + len, sizeof(f->text) - len, "; %s", f->knob);
	if (len < sizeof(f->text) && *f->command)
		snprintf(f->text + len, sizeof(f->text) - len, "; next: %s", f->command);
}

/* Worst first, then the larger rate, then the order offered: the first
 * finding is the one a summary line shows.  Numbers only, so a finding is
 * ranked before any of its text exists. */
static int rank(const struct netobs__rank *a, const struct netobs__rank *b)
{
	if (a->verdict != b->verdict)
		return a->verdict > b->verdict ? -1 : 1;
	if (a->rate != b->rate)
		return a->rate > b->rate ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int worse_first(const void *pa, const void *pb)
{
	const struct netobs_finding *a = pa, *b = pb;
	struct netobs__rank ra = { a->verdict, a->rate, a->seq, 0 };
	struct netobs__rank rb = { b->verdict, b->rate, b->seq, 0 };

	return rank(&ra, &rb);
}

static void swap(struct netobs__rank *a, struct netobs__rank *b)
{
	struct netobs__rank t = *a;

	*a = *b;
	*b = t;
}

/* Restores the heap (the last ranked at the root) after ranks[i] rose. */
static void sift_up(struct netobs__rank *h, size_t i)
{
	while (i > 0 && rank(&h[i], &h[(i - 1) / 2]) > 0) {
		swap(&h[i], &h[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

/* Restores the heap of N after its root was replaced by a better rank. */
static void sift_down(struct netobs__rank *h, size_t n)
{
	size_t i = 0, c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && rank(&h[c + 1], &h[c]) > 0)
			c++;
		if (rank(&h[c], &h[i]) <= 0)
			break;
		swap(&h[c], &h[i]);
		i = c;
	}
}

/* Every finding offered raises the layer's verdict, kept or not, so the
 * verdict is the worst over all of them.  UNKNOWN and UNOBSERVABLE stand:
 * a finding does not undo them. */
bool netobs__finding_wanted(struct netobs_layer *l, const struct netobs__gate *g,
			    const struct netobs__evidence *e)
{
	struct netobs__rank r = { netobs__gate_verdict(g, e->delta, e->rate, e->ratio), e->rate,
				  l->offered, 0 };

	if (r.verdict > l->verdict && l->verdict <= NETOBS_VERDICT_CRITICAL)
		l->verdict = r.verdict;
	if (l->n < NETOBS__FINDINGS_KEPT || rank(&r, &l->ranks[0]) < 0)
		return true;
	l->omitted[r.verdict]++;
	l->offered++;
	return false;
}

/* The slot for a kept finding: a new one while fewer than KEPT are kept
 * (grown by doubling up to KEPT, not to netobs__grow's 64), else the last
 * kept one's, which is then counted as omitted. */
static struct netobs_finding *slot(struct netobs_layer *l)
{
	struct netobs_finding *f;
	size_t cap;

	if (l->n == NETOBS__FINDINGS_KEPT) {
		l->omitted[l->ranks[0].verdict]++;
		return &l->findings[l->ranks[0].slot];
	}
	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 4;
		if (cap > NETOBS__FINDINGS_KEPT)
			cap = NETOBS__FINDINGS_KEPT;
		f = realloc(l->findings, cap * sizeof(*f));
		if (!f)
			return NULL;
		l->findings = f;
		l->cap = cap;
	}
	return &l->findings[l->n++];
}

/* Kept unsorted and unworded until the walk is done (layer_finish):
 * sorting on each add was quadratic, and wording all 40,010 findings of
 * 4001 dropping devices was most of the diagnosis's cost.  A replaced
 * finding cost copies, never a format. */
int netobs__finding_add(struct netobs_layer *l, const struct netobs__gate *g,
			const struct netobs__evidence *e)
{
	struct netobs_finding *f;
	bool full = l->n == NETOBS__FINDINGS_KEPT;

	if (!netobs__finding_wanted(l, g, e))
		return 0;
	f = slot(l);
	if (!f)
		return -ENOMEM;
	/* every field set below: no memset of the whole finding per offer */
	f->verdict = netobs__gate_verdict(g, e->delta, e->rate, e->ratio);
	f->seq = l->offered++;
	COPY(f->object, e->object);
	COPY(f->counter, e->counter);
	f->delta = e->delta;
	f->rate = e->rate;
	f->ratio = e->ratio;
	f->threshold = g ? g->threshold : "information only";
	f->anchor = g ? g->anchor : "";
	COPY(f->knob, e->knob);
	COPY(f->command, e->command);
	COPY(f->note, e->note);
	f->ratio_of = e->ratio_of ? e->ratio_of : "of packets";
	f->led = e->lead != NULL;
	COPY(f->text, e->lead);	/* "" when none */
	if (full) {
		l->ranks[0] = (struct netobs__rank){ f->verdict, f->rate, f->seq, l->ranks[0].slot };
		sift_down(l->ranks, l->n);
	} else {
		l->ranks[l->n - 1] = (struct netobs__rank){ f->verdict, f->rate, f->seq, l->n - 1 };
		sift_up(l->ranks, l->n - 1);
	}
	return 0;
}

static void layer_finish(struct netobs_layer *l)
{
	size_t i;

	if (l->n > 1)
		qsort(l->findings, l->n, sizeof(*l->findings), worse_first);
	for (i = 0; i < l->n; i++)
		sentence(&l->findings[i]);
}

void netobs__layer_set(struct netobs_layer *l, enum netobs_verdict v, const char *fmt, ...)
{
	va_list ap;

	l->verdict = v;
	va_start(ap, fmt);
	vsnprintf(l->reason, sizeof(l->reason), fmt, ap);
	va_end(ap);
}

void netobs__layer_note(struct netobs_layer *l, const char *fmt, ...)
{
	size_t len = strlen(l->reason);
	va_list ap;

	if (len > 0 && len + 2 < sizeof(l->reason)) {
		memcpy(l->reason + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(l->reason + len, sizeof(l->reason) - len, fmt, ap);
	va_end(ap);
}

void netobs__knob2(char *buf, size_t size, const struct netobs_snapshot *snap,
		   enum netobs_tunable a, enum netobs_tunable b, const char *advice)
{
	int64_t va = -1, vb = -1;

	netobs_snapshot_tunable(snap, a, &va);
	netobs_snapshot_tunable(snap, b, &vb);
	snprintf(buf, size, "%s = %" PRId64 ", %s = %" PRId64 ": %s", netobs_tunable_sysctl(a), va,
		 netobs_tunable_sysctl(b), vb, advice);
}

void netobs__knob(char *buf, size_t size, const struct netobs_snapshot *snap,
		  enum netobs_tunable t, const char *advice)
{
	int64_t v;

	if (netobs_snapshot_tunable(snap, t, &v) < 0)
		snprintf(buf, size, "%s unknown (not readable here): %s",
			 netobs_tunable_sysctl(t), advice);
	else
		snprintf(buf, size, "%s = %" PRId64 ": %s", netobs_tunable_sysctl(t), v, advice);
}

typedef int (*walk_fn)(struct netobs__walk *w);

/* One walk per layer, in enum order. */
static const walk_fn walks[NETOBS__LAYER_MAX] = {
	[NETOBS_LAYER_LINK] = netobs__walk_link,
	[NETOBS_LAYER_NIC_RING] = netobs__walk_nic_ring,
	[NETOBS_LAYER_DEVICE_DROPS] = netobs__walk_device_drops,
	[NETOBS_LAYER_CPU_BACKLOG] = netobs__walk_cpu_backlog,
	[NETOBS_LAYER_CPU_BUDGET] = netobs__walk_cpu_budget,
	[NETOBS_LAYER_QDISC] = netobs__walk_qdisc,
	[NETOBS_LAYER_IP] = netobs__walk_ip,
	[NETOBS_LAYER_TCP_ACCEPT] = netobs__walk_tcp_accept,
	[NETOBS_LAYER_TCP_MEMORY] = netobs__walk_tcp_memory,
	[NETOBS_LAYER_TCP_LOSS] = netobs__walk_tcp_loss,
	[NETOBS_LAYER_UDP] = netobs__walk_udp,
	[NETOBS_LAYER_SOCKET] = netobs__walk_socket,
};

static enum netobs_scope layer_scope(enum netobs_layer_id id)
{
	if (id == NETOBS_LAYER_CPU_BACKLOG || id == NETOBS_LAYER_CPU_BUDGET)
		return NETOBS_SCOPE_HOST;
	return NETOBS_SCOPE_NETNS;
}

int netobs_diagnosis_new(struct netobs_diagnosis **out, const struct netobs_diff *diff)
{
	return netobs__diagnose(out, diff, NULL, NULL);
}

int netobs__diagnose(struct netobs_diagnosis **out, const struct netobs_diff *diff,
		     netobs_device_keep_fn keep, void *arg)
{
	struct netobs_diagnosis *d;
	struct netobs__walk w = { .diff = diff, .keep = keep, .keep_arg = arg };
	size_t i;
	int err = 0;

	if (!out)
		return -EINVAL;
	*out = NULL;
	netobs__diff_snapshots(diff, &w.older, &w.newer);
	if (!diff || !w.older || !w.newer)
		return -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	for (i = 0; i < NETOBS__LAYER_MAX && err == 0; i++) {
		d->layers[i].id = (enum netobs_layer_id)i;
		d->layers[i].scope = layer_scope(d->layers[i].id);
		w.layer = &d->layers[i];
		err = walks[i](&w);
		layer_finish(w.layer);
	}
	if (err < 0) {
		netobs_diagnosis_free(d);
		return err;
	}
	*out = d;
	return 0;
}

void netobs_diagnosis_free(struct netobs_diagnosis *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < NETOBS__LAYER_MAX; i++)
		free(d->layers[i].findings);
	free(d);
}

enum netobs_verdict netobs_diagnosis_verdict(const struct netobs_diagnosis *d)
{
	enum netobs_verdict worst = NETOBS_VERDICT_OK;
	bool judged = false;
	size_t i;

	if (!d)
		return NETOBS_VERDICT_UNKNOWN;
	for (i = 0; i < NETOBS__LAYER_MAX; i++) {
		enum netobs_verdict v = d->layers[i].verdict;

		if (v > NETOBS_VERDICT_CRITICAL)
			continue;
		judged = true;
		if (v > worst)
			worst = v;
	}
	return judged ? worst : NETOBS_VERDICT_UNKNOWN;
}
