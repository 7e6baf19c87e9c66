/* SPDX-License-Identifier: MIT */
/*
 * Two views of watch's screen besides the table: one device in detail
 * (every counter's rate, named by the layer where the packet was lost, and
 * the last minute as sparklines, as bmon and nload draw it), and the keys.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "screen.h"

/* Where in the path each counter counts, after the kernel's
 * rtnl_link_stats64 documentation (include/uapi/linux/if_link.h). */
static const struct {
	enum netobs_counter c;
	const char *layer;
} detail_counters[] = {
	{ NETOBS_RX_BYTES, "traffic" },
	{ NETOBS_TX_BYTES, "traffic" },
	{ NETOBS_RX_PACKETS, "traffic" },
	{ NETOBS_TX_PACKETS, "traffic" },
	{ NETOBS_MULTICAST, "traffic" },
	{ NETOBS_RX_COMPRESSED, "traffic" },
	{ NETOBS_TX_COMPRESSED, "traffic" },
	{ NETOBS_RX_ERRORS, "errors" },
	{ NETOBS_TX_ERRORS, "errors" },
	{ NETOBS_RX_CRC_ERRORS, "wire" },
	{ NETOBS_RX_FRAME_ERRORS, "wire" },
	{ NETOBS_RX_LENGTH_ERRORS, "wire" },
	{ NETOBS_COLLISIONS, "wire" },
	{ NETOBS_TX_CARRIER_ERRORS, "wire" },
	{ NETOBS_TX_HEARTBEAT_ERRORS, "wire" },
	{ NETOBS_TX_WINDOW_ERRORS, "wire" },
	{ NETOBS_TX_ABORTED_ERRORS, "wire" },
	{ NETOBS_RX_MISSED_ERRORS, "NIC ring" },
	{ NETOBS_RX_FIFO_ERRORS, "NIC ring" },
	{ NETOBS_RX_OVER_ERRORS, "NIC ring" },
	{ NETOBS_TX_FIFO_ERRORS, "NIC ring" },
	{ NETOBS_RX_DROPPED, "device" },
	{ NETOBS_TX_DROPPED, "device" },
	{ NETOBS_RX_NOHANDLER, "device" },
	{ NETOBS_RX_OTHERHOST_DROPPED, "device" },
};
#define NDETAIL (sizeof(detail_counters) / sizeof(detail_counters[0]))
#define DETAIL_CELL 38		/* layer 8, counter 20, rate 8, spaces */

static void detail_cell(struct frame *f, const struct netobs_device *dev, size_t i)
{
	enum netobs_counter c = detail_counters[i].c;
	char buf[UNITS_BUFSIZ];
	double r = netobs_diff_rate(f->smp->diff, dev, c);
	bool bytes = c == NETOBS_RX_BYTES || c == NETOBS_TX_BYTES;

	cell(f, detail_counters[i].layer, 8, false, false);
	cell(f, netobs_counter_name(c), 20, false, false);
	if (isnan(r))
		cell(f, "-", 8, true, false);
	else
		cell(f, bytes ? units_byte_rate_bare(buf, r, f->s->o)
			      : units_count_rate(buf, r, f->s->o),
		     bytes ? 8 : 8, true, !bytes && strcmp(detail_counters[i].layer, "traffic") &&
						r > 0);
	cell(f, "", 1, false, false);
}

/* Counters in as many columns of DETAIL_CELL as the width holds, top to
 * bottom. */
static void detail_counters_grid(struct frame *f, const struct netobs_device *dev)
{
	size_t ncol = (size_t)(f->cols / (DETAIL_CELL + 2)), nrow, r, c;

	if (ncol < 1)
		ncol = 1;
	nrow = (NDETAIL + ncol - 1) / ncol;
	for (r = 0; r < nrow; r++) {
		if (f->row >= f->rows)
			break;
		frame_newline(f);
		for (c = 0; c < ncol && c * nrow + r < NDETAIL; c++)
			detail_cell(f, dev, c * nrow + r);
	}
}

void screen_detail(struct frame *f)
{
	struct screen_row *r = screen_selected(f->scr);
	char line[256];

	if (!r) {
		title_line(f, "no device selected (Esc: back)");
		return;
	}
	snprintf(line, sizeof(line), "%s: every counter per second, by layer (%s, %s)"
		 "   Enter, d or Esc: back", r->shown,
		 r->dev ? netobs_class_name(netobs_device_class(r->dev)) : "missing",
		 r->dev && netobs_device_kind(r->dev) ? netobs_device_kind(r->dev) : "-");
	title_line(f, line);
	if (!r->dev || cli_no_rates_why(r->status)) {
		frame_newline(f);
		cell(f, cli_no_rates_why(r->status), f->cols, false, true);
		return;
	}
	screen_sparklines(f, f->cols);
	detail_counters_grid(f, r->dev);
}

/* ---- sparklines ----------------------------------------------------------------- */

/* One character per sample, oldest first, scaled to the window's max. */
static void sparkline(struct frame *f, const double *ring, const struct history *h, int width)
{
	static const char *const blocks[] = { "\u2581", "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = "_.:-=+*#@"; /* zero is a baseline */
	char buf[HISTORY_LEN * 3 + 1];
	size_t i, n = h->n < (size_t)width ? h->n : (size_t)width, len = 0, level;
	double max = 0, v;

	for (i = 0; i < n; i++)
		max = fmax(max, ring[(h->head + HISTORY_LEN - n + i) % HISTORY_LEN]);
	for (i = 0; i < n; i++) {
		v = ring[(h->head + HISTORY_LEN - n + i) % HISTORY_LEN];
		level = max > 0 && v > 0 ? 1 + (size_t)ceil(v / max * 7) : 0;
		level = level > 8 ? 8 : level;
		if (f->scr->utf8) {
			memcpy(buf + len, blocks[level], strlen(blocks[level]));
			len += strlen(blocks[level]);
		} else {
			buf[len++] = ascii[level];
		}
	}
	buf[len] = '\0';
	cell(f, buf, HISTORY_LEN, false, false);
}

static void history_stats(struct frame *f, const char *what, double now, double min,
			  double sum, double max, bool bytes)
{
	const struct cli_opts *o = f->s->o;
	const struct history *h = &f->scr->hist;
	char a[UNITS_BUFSIZ], b[UNITS_BUFSIZ], c[UNITS_BUFSIZ], d[UNITS_BUFSIZ], line[200];
	double avg = h->count ? sum / (double)h->count : NAN;

	if (bytes)
		snprintf(line, sizeof(line), "%s now %s  min %s  avg %s  max %s", what,
			 units_byte_rate(a, now, o), units_byte_rate_bare(b, min, o),
			 units_byte_rate_bare(c, avg, o), units_byte_rate_bare(d, max, o));
	else
		snprintf(line, sizeof(line), "%s now %s/s  min %s  avg %s  max %s", what,
			 units_count_rate(a, now, o), units_count_rate(b, min, o),
			 units_count_rate(c, avg, o), units_count_rate(d, max, o));
	frame_newline(f);
	cell(f, line, f->cols, false, false);
}

/* "throughput ▁▂▅█ (last 60 samples)" and "now, min, avg, max since
 * selected", then the same for drops. */
void screen_sparklines(struct frame *f, int width)
{
	const struct history *h = &f->scr->hist;
	size_t last = (h->head + HISTORY_LEN - 1) % HISTORY_LEN;

	if (!h->count || width < 20)
		return;
	frame_newline(f);
	cell(f, "throughput", 10, false, false);
	sparkline(f, h->bytes, h, width - 11);
	history_stats(f, " ", h->bytes[last], h->bmin, h->bsum, h->bmax, true);
	frame_newline(f);
	cell(f, "drops", 10, false, false);
	sparkline(f, h->drops, h, width - 11);
	history_stats(f, " ", h->drops[last], h->dmin, h->dsum, h->dmax, false);
}

/* ---- help ------------------------------------------------------------------------ */

void screen_help(struct frame *f)
{
	static const char *const lines[] = {
		"q  Ctrl-C     quit",
		"a             order: drops or errors first, then the busiest (default)",
		"t  D  e  n    order by throughput, drops, errors, name",
		"i             hide or show idle devices (no traffic, drops or errors)",
		"/             filter names: a part of the name, or a glob; Enter applies,",
		"              Esc clears",
		"j k  Up Down  select a device (PgUp PgDn Home End, g G)",
		"Enter  d      detail of the selected device: every counter by layer,",
		"              the last minute's throughput and drops; again to go back",
		"c             show or hide the per-CPU softnet pane",
		"?  h          this help; again or Esc to go back",
		"Ctrl-L        redraw",
		"",
		"DROPS/s sums rx_dropped, tx_dropped, rx_missed_errors, rx_nohandler,",
		"rx_otherhost_dropped; ERR/s is rx_errors + tx_errors.  See netobs(1).",
	};
	size_t i;

	title_line(f, "netobs watch keys   (? or Esc: back)");
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		frame_newline(f);
		cell(f, lines[i], f->cols, false, false);
	}
}
