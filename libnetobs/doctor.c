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

static void sentence(struct netobs_finding *f, const struct netobs__evidence *e)
{
	char n[32], ratio[48] = "", secs[32] = "";
	size_t len;

	netobs__grouped(n, sizeof(n), e->delta);
	if (!isnan(e->ratio))
		snprintf(ratio, sizeof(ratio), ", %.2f %% of packets", e->ratio * 100);
	if (e->rate > 0)
		snprintf(secs, sizeof(secs), " in %.1f s", (double)e->delta / e->rate);
	len = (size_t)snprintf(f->text, sizeof(f->text), "%s +%s on %s%s (%.1f/s%s)",
			       e->counter, n, e->object, secs, e->rate, ratio);
	if (len < sizeof(f->text) && e->note && *e->note)
		len += (size_t)snprintf(f->text + len, sizeof(f->text) - len, ", %s", e->note);
	if (len < sizeof(f->text) && *f->knob)
		len += (size_t)snprintf(f->text + len, sizeof(f->text) - len, "; %s", f->knob);
	if (len < sizeof(f->text) && *f->command)
		snprintf(f->text + len, sizeof(f->text) - len, "; next: %s", f->command);
}

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src) ? (src) : "")

/* Worst first, then the larger rate: the first finding is the one a
 * summary line shows. */
static bool worse(const struct netobs_finding *a, const struct netobs_finding *b)
{
	if (a->verdict != b->verdict)
		return a->verdict > b->verdict;
	return a->rate > b->rate;
}

int netobs__finding_add(struct netobs_layer *l, const struct netobs__gate *g,
			const struct netobs__evidence *e)
{
	struct netobs_finding *f;
	size_t i;

	if (netobs__grow((void **)&l->findings, &l->cap, l->n + 1, sizeof(*f)) < 0)
		return -ENOMEM;
	f = &l->findings[l->n];
	memset(f, 0, sizeof(*f));
	f->verdict = netobs__gate_verdict(g, e->delta, e->rate, e->ratio);
	COPY(f->object, e->object);
	COPY(f->counter, e->counter);
	f->delta = e->delta;
	f->rate = e->rate;
	f->ratio = e->ratio;
	COPY(f->threshold, g ? g->threshold : "information only");
	COPY(f->anchor, g ? g->anchor : "");
	COPY(f->knob, e->knob);
	COPY(f->command, e->command);
	sentence(f, e);
	for (i = l->n; i > 0 && worse(&l->findings[l->n], &l->findings[i - 1]); i--)
		;
	if (i < l->n) {
		struct netobs_finding tmp = l->findings[l->n];

		memmove(&l->findings[i + 1], &l->findings[i], (l->n - i) * sizeof(*f));
		l->findings[i] = tmp;
	}
	l->n++;
	if (l->findings[0].verdict > l->verdict && l->verdict <= NETOBS_VERDICT_CRITICAL)
		l->verdict = l->findings[0].verdict;
	return 0;
}

void netobs__layer_set(struct netobs_layer *l, enum netobs_verdict v, const char *fmt, ...)
{
	va_list ap;

	l->verdict = v;
	va_start(ap, fmt);
	vsnprintf(l->reason, sizeof(l->reason), fmt, ap);
	va_end(ap);
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
	struct netobs_diagnosis *d;
	struct netobs__walk w = { .diff = diff };
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
	}
	if (err < 0) {
		netobs_diagnosis_free(d);
		return err;
	}
	*out = d;
	return 0;
}

int netobs_diagnosis_new_drops(struct netobs_diagnosis **out, const struct netobs_diff *diff,
			       const struct netobs_drop_counts *drops)
{
	int err = netobs_diagnosis_new(out, diff);

	if (err == 0 && drops)
		netobs__diagnosis_confirm(*out, drops);
	return err;
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
