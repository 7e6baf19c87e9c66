/* SPDX-License-Identifier: MIT */
/*
 * The screen's devices as rows: each sample's devices with their figures,
 * what the operator hid (idle devices, a filter), the order they chose,
 * the selected device, and every device's history.  Arrays grow to the
 * largest device count seen and are reused, so a warm tick allocates
 * nothing.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"

static int rows_reserve(struct screen *scr, size_t n)
{
	struct screen_row *rows;
	struct screen_row **shown;
	size_t cap = scr->cap ? scr->cap : 16;

	if (n <= scr->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	rows = realloc(scr->rows, cap * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	scr->rows = rows;
	shown = realloc(scr->shown, cap * sizeof(*shown));
	if (!shown)
		return -ENOMEM;
	scr->shown = shown;
	scr->cap = cap;
	return 0;
}

static double zero_nan(double v)
{
	return isnan(v) ? 0 : v;
}

struct fill {
	struct screen *scr;
	const struct cli_sample *smp;
};

static void fill_row(void *arg, const struct netobs_device *dev, const char *name,
		     unsigned int status)
{
	struct fill *fl = arg;
	struct screen_row *r = &fl->scr->rows[fl->scr->nrows];
	size_t i;

	r->dev = dev;
	r->name = name;
	r->status = status;
	r->order = fl->scr->nrows++;
	escape_str(r->shown, sizeof(r->shown), name);
	for (i = 0; i < CLI_NRATES; i++)
		r->rate[i] = dev ? netobs_diff_rate(fl->smp->diff, dev, cli_rate_counters[i]) : NAN;
	r->drops = dev ? cli_drops_rate(fl->smp->diff, dev) : NAN;
	r->errors = dev ? cli_errors_rate(fl->smp->diff, dev) : NAN;
	r->bytes = zero_nan(r->rate[0]) + zero_nan(r->rate[1]);
}

/* A filter without glob characters matches a part of the name, as in
 * htop; with them, the whole name (fnmatch(3)). */
static bool filter_ok(const struct screen *scr, const char *name)
{
	if (!scr->filter[0])
		return true;
	if (filter_is_glob(scr->filter))
		return fnmatch(scr->filter, name, 0) == 0;
	return strstr(name, scr->filter) != NULL;
}

static bool troubled(const struct screen_row *r)
{
	return zero_nan(r->drops) + zero_nan(r->errors) > 0;
}

/* >0 when A comes after B. */
static int cmp_figure(double a, double b)
{
	a = zero_nan(a);
	b = zero_nan(b);
	return a < b ? 1 : a > b ? -1 : 0;
}

static int row_cmp(enum screen_sort sort, const struct screen_row *a,
		   const struct screen_row *b)
{
	int c = 0;

	switch (sort) {
	case SORT_AUTO:
		c = (int)troubled(b) - (int)troubled(a);
		if (!c)
			c = cmp_figure(a->drops + zero_nan(a->errors), b->drops + zero_nan(b->errors));
		if (!c)
			c = cmp_figure(a->bytes, b->bytes);
		break;
	case SORT_THROUGHPUT: c = cmp_figure(a->bytes, b->bytes); break;
	case SORT_DROPS: c = cmp_figure(a->drops, b->drops); break;
	case SORT_ERRORS: c = cmp_figure(a->errors, b->errors); break;
	case SORT_NAME: c = strcmp(a->name, b->name); break;
	}
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Insertion sort: no allocation (glibc's qsort may malloc), and the order
 * of the tick before is usually close, which it is fast on. */
static void rows_sort(struct screen *scr)
{
	struct screen_row *r;
	size_t i, j;

	for (i = 1; i < scr->nshown; i++) {
		r = scr->shown[i];
		for (j = i; j > 0 && row_cmp(scr->sort, scr->shown[j - 1], r) > 0; j--)
			scr->shown[j] = scr->shown[j - 1];
		scr->shown[j] = r;
	}
}

static void rows_pick(struct screen *scr, const struct cli_sample *smp)
{
	struct screen_row *r;
	size_t i;

	scr->nshown = scr->hidden_idle = scr->hidden_filter = 0;
	for (i = 0; i < scr->nrows; i++) {
		r = &scr->rows[i];
		if (!filter_ok(scr, r->name))
			scr->hidden_filter++;
		else if (scr->hide_idle && cli_device_idle(smp->diff, r->dev, r->status))
			scr->hidden_idle++;
		else
			scr->shown[scr->nshown++] = r;
	}
}

/* The cursor stays on the device it was on, wherever the sort moved it. */
static void selection_follow(struct screen *scr)
{
	size_t i;

	for (i = 0; i < scr->nshown; i++)
		if (strcmp(scr->shown[i]->shown, scr->sel_name) == 0) {
			scr->sel = i;
			return;
		}
	if (scr->sel >= scr->nshown)
		scr->sel = scr->nshown ? scr->nshown - 1 : 0;
	if (scr->nshown)
		snprintf(scr->sel_name, sizeof(scr->sel_name), "%s", scr->shown[scr->sel]->shown);
}

struct screen_row *screen_selected(struct screen *scr)
{
	return scr->sel < scr->nshown ? scr->shown[scr->sel] : NULL;
}

void screen_select(struct screen *scr, long delta)
{
	long sel = (long)scr->sel + delta;

	if (!scr->nshown)
		return;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)scr->nshown)
		sel = (long)scr->nshown - 1;
	scr->sel = (size_t)sel;
	snprintf(scr->sel_name, sizeof(scr->sel_name), "%s", scr->shown[scr->sel]->shown);
}

/* ---- history ----------------------------------------------------------------- */

/* The index of NAME in the sorted histories, or where it would go. */
static size_t history_find(const struct screen *scr, const char *name, bool *found)
{
	size_t lo = 0, hi = scr->nhists, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(scr->hists[mid].name, name);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* NAME's history, made when the device first shows: the only time the
 * histories grow, so a tick with the same devices allocates nothing. */
static int history_get(struct screen *scr, const char *name)
{
	struct history *h;
	size_t at, cap;
	bool found;

	at = history_find(scr, name, &found);
	if (!found) {
		if (scr->nhists == scr->hcap) {
			cap = scr->hcap ? scr->hcap * 2 : 16;
			h = realloc(scr->hists, cap * sizeof(*h));
			if (!h)
				return -ENOMEM;
			scr->hists = h;
			scr->hcap = cap;
		}
		memmove(scr->hists + at + 1, scr->hists + at,
			(scr->nhists - at) * sizeof(*scr->hists));
		scr->nhists++;
		memset(&scr->hists[at], 0, sizeof(scr->hists[at]));
		snprintf(scr->hists[at].name, sizeof(scr->hists[at].name), "%s", name);
	}
	scr->hists[at].seen = scr->serial;
	return 0;
}

/* A gone device's history goes with it: a host where containers come and
 * go keeps as many histories as it has devices. */
static void history_prune(struct screen *scr)
{
	size_t i, kept = 0;

	for (i = 0; i < scr->nhists; i++)
		if (scr->hists[i].seen == scr->serial) {
			if (kept != i)
				scr->hists[kept] = scr->hists[i];
			kept++;
		}
	scr->nhists = kept;
}

static void history_record(struct history *h, const struct screen_row *r)
{
	double drops = zero_nan(r->drops);

	h->bytes[h->head] = (float)r->bytes;
	h->drops[h->head] = (float)drops;
	h->head = (h->head + 1) % HISTORY_LEN;
	if (h->n < HISTORY_LEN)
		h->n++;
	h->bmin = h->count ? fmin(h->bmin, r->bytes) : r->bytes;
	h->bmax = fmax(h->bmax, r->bytes);
	h->bsum += r->bytes;
	h->dmin = h->count ? fmin(h->dmin, drops) : drops;
	h->dmax = fmax(h->dmax, drops);
	h->dsum += drops;
	h->count++;
}

/* Every device's sample into its history, once per sample however often
 * the screen is redrawn; each row is pointed at its history. */
static int histories_update(struct screen *scr, const struct cli_sample *smp)
{
	struct timespec mono;
	struct screen_row *r;
	bool fresh, found;
	size_t i;

	netobs_snapshot_time(smp->snap, &mono, NULL);
	fresh = !scr->serial || mono.tv_sec != scr->last.tv_sec ||
		mono.tv_nsec != scr->last.tv_nsec;
	if (fresh) {
		scr->serial++;
		scr->last = mono;
		for (i = 0; i < scr->nrows; i++)
			if (history_get(scr, scr->rows[i].shown) < 0)
				return -ENOMEM;
		history_prune(scr);
	}
	for (i = 0; i < scr->nrows; i++) {
		r = &scr->rows[i];
		r->hist = NULL;
		if (!r->dev || cli_no_rates_why(r->status))
			continue;
		r->hist = &scr->hists[history_find(scr, r->shown, &found)];
		if (!found)
			r->hist = NULL;
		else if (fresh)
			history_record(r->hist, r);
	}
	return 0;
}

int screen_rows(struct screen *scr, const struct cli_sample *smp, const struct cli_opts *o)
{
	struct fill fl = { .scr = scr, .smp = smp };
	size_t n = cli_sample_devices(smp, &o->filter, NULL, NULL);

	if (rows_reserve(scr, n) < 0)
		return -ENOMEM;
	scr->nrows = 0;
	cli_sample_devices(smp, &o->filter, fill_row, &fl);
	if (histories_update(scr, smp) < 0)
		return -ENOMEM;
	rows_pick(scr, smp);
	rows_sort(scr);
	selection_follow(scr);
	return 0;
}

void screen_history_free(struct screen *scr)
{
	free(scr->rows);
	free(scr->shown);
	free(scr->hists);
	scr->rows = NULL;
	scr->shown = NULL;
	scr->hists = NULL;
	scr->cap = scr->nrows = scr->nshown = scr->nhists = scr->hcap = 0;
}

/* Head and tail of NAME around a mark; WIDTH >= 3. */
const char *screen_shorten(char *buf, size_t size, const char *name, int width, bool utf8)
{
	size_t len = strlen(name), head, tail;
	const char *mark = utf8 ? "\xe2\x80\xa6" : "~";

	if (width < 3 || len <= (size_t)width || (size_t)width + 4 > size) {
		snprintf(buf, size, "%s", name);
		return buf;
	}
	head = ((size_t)width - 1 + 1) / 2;
	tail = (size_t)width - 1 - head;
	snprintf(buf, size, "%.*s%s%s", (int)head, name, mark, name + len - tail);
	return buf;
}
