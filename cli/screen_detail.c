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
 * bottom, in the rows left; the counters that do not fit are counted on the
 * last row instead of vanishing. */
static void detail_counters_grid(struct frame *f, const struct netobs_device *dev)
{
	size_t ncol = (size_t)(f->cols / (DETAIL_CELL + 2)), nrow, room, r, c, shown = 0;

	if (ncol < 1)
		ncol = 1;
	nrow = (NDETAIL + ncol - 1) / ncol;
	room = f->rows > f->row ? (size_t)(f->rows - f->row) : 0;
	if (nrow > room)
		nrow = room > 1 ? room - 1 : 0; /* the last row says how many more */
	for (r = 0; r < nrow; r++) {
		frame_newline(f);
		for (c = 0; c < ncol && c * nrow + r < NDETAIL; c++) {
			detail_cell(f, dev, c * nrow + r);
			shown++;
		}
	}
	if (shown < NDETAIL && room > 0)
		more_line(f, NDETAIL - shown, "counters (a taller window shows them)");
}

/* Rows the counters' grid takes at this width. */
static int detail_grid_rows(const struct frame *f)
{
	size_t ncol = (size_t)(f->cols / (DETAIL_CELL + 2));

	ncol = ncol < 1 ? 1 : ncol;
	return (int)((NDETAIL + ncol - 1) / ncol);
}

/* "vB (virtual, veth): per second, by layer   Esc: back", the name
 * shortened in the middle where the window is narrow. */
static void detail_title(struct frame *f, const struct screen_row *r)
{
	char line[256], rest[128], name[SCREEN_NAME_MAX + 4];
	const char *kind = r->dev ? netobs_device_kind(r->dev) : NULL;
	int len;

	len = snprintf(rest, sizeof(rest), " (%s, %s): per second, by layer   Esc: back",
		       r->dev ? netobs_class_name(netobs_device_class(r->dev)) : "missing",
		       kind ? kind : "-");
	screen_shorten(name, sizeof(name), r->shown, f->cols - len, f->scr->utf8);
	snprintf(line, sizeof(line), "%s%s", name, rest);
	title_line(f, line);
}

/* Every counter first; the history above it as room allows: sparklines
 * and figures (4 rows), the figures alone (2), or none. */
void screen_detail(struct frame *f)
{
	struct screen_row *r = screen_selected(f->scr);
	int spare;

	if (!r) {
		title_line(f, "no device selected (Esc: back)");
		return;
	}
	detail_title(f, r);
	if (!r->dev || cli_no_rates_why(r->status)) {
		frame_newline(f);
		cell(f, cli_no_rates_why(r->status), f->cols, false, true);
		return;
	}
	spare = f->rows - f->row - detail_grid_rows(f);
	if (spare >= 4)
		screen_sparklines(f, f->cols, true);
	else if (spare >= 2)
		screen_sparklines(f, f->cols, false);
	detail_counters_grid(f, r->dev);
}

/* ---- sparklines ----------------------------------------------------------------- */

/* One character per sample, oldest first, scaled to the window's max; a
 * zero is a blank (ASCII: the baseline), apart from the lowest block a
 * tiny rate gets. */
static void sparkline(struct frame *f, const float *ring, const struct history *h, int width)
{
	static const char *const blocks[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = "_.:-=+*#@";
	char buf[HISTORY_LEN * 3 + 1];
	size_t i, n = h->n < (size_t)width ? h->n : (size_t)width, len = 0, level;
	double max = 0, v;

	for (i = 0; i < n; i++)
		max = fmax(max, ring[(h->head + HISTORY_LEN - n + i) % HISTORY_LEN]);
	for (i = 0; i < n; i++) {
		v = ring[(h->head + HISTORY_LEN - n + i) % HISTORY_LEN];
		level = max > 0 && v > 0 ? 1 + (size_t)floor(v / max * 7.999) : 0;
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

static void history_stats(struct frame *f, const struct history *h, const char *what,
			  double now, double min, double sum, double max, bool bytes)
{
	const struct cli_opts *o = f->s->o;
	char a[UNITS_BUFSIZ], b[UNITS_BUFSIZ], c[UNITS_BUFSIZ], d[UNITS_BUFSIZ], line[200];
	double avg = h->count ? sum / (double)h->count : NAN;

	if (bytes)
		snprintf(line, sizeof(line), "%-10s now %s  min %s  avg %s  max %s", what,
			 units_byte_rate(a, now, o), units_byte_rate_bare(b, min, o),
			 units_byte_rate_bare(c, avg, o), units_byte_rate_bare(d, max, o));
	else
		snprintf(line, sizeof(line), "%-10s now %s/s  min %s  avg %s  max %s", what,
			 units_count_rate(a, now, o), units_count_rate(b, min, o),
			 units_count_rate(c, avg, o), units_count_rate(d, max, o));
	frame_newline(f);
	cell(f, line, f->cols, false, false);
}

/* "throughput ▁▂▅█" (the last 60 samples) over "now, min, avg, max since
 * start", then the same for drops. */
void screen_sparklines(struct frame *f, int width, bool lines)
{
	const struct screen_row *r = screen_selected(f->scr);
	const struct history *h = r ? r->hist : NULL;
	size_t last;

	if (!h || !h->count || width < 20)
		return;
	last = (h->head + HISTORY_LEN - 1) % HISTORY_LEN;
	if (lines) {
		frame_newline(f);
		cell(f, "throughput", 10, false, false);
		sparkline(f, h->bytes, h, width - 11);
	}
	history_stats(f, h, lines ? "" : "throughput", h->bytes[last], h->bmin, h->bsum,
		      h->bmax, true);
	if (lines) {
		frame_newline(f);
		cell(f, "drops", 10, false, false);
		sparkline(f, h->drops, h, width - 11);
	}
	history_stats(f, h, lines ? "" : "drops", h->drops[last], h->dmin, h->dsum, h->dmax,
		      false);
}

/* ---- help ------------------------------------------------------------------------ */

void screen_help(struct frame *f)
{
	static const char *const lines[] = {
		"q  Ctrl-C  Ctrl-\\  quit",
		"a             order: drops or errors first, then the busiest (default)",
		"t  D  e  n    order by throughput, drops, errors, name",
		"i             hide or show idle devices (no traffic, drops or errors)",
		"/             filter names: a part of the name, or a glob; Enter applies,",
		"              Esc clears",
		"j k  Up Down  select a device (PgUp PgDn Home End, g G)",
		"Enter  d      the selected device: every counter by layer, the last",
		"              minute's throughput and drops, min/avg/max since start",
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
