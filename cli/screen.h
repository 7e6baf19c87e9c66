/* SPDX-License-Identifier: MIT */
/*
 * The parts of watch's screen (format "screen"), private to cli/screen*.c:
 *
 *   screen.c         the frame: header, section lines, the device table
 *                    and its columns, the CPU pane
 *   screen_table.c   the device table and its columns
 *   screen_rows.c    the devices of a sample as rows: figures, sorting,
 *                    the idle toggle, the filter, the selection, the
 *                    history of every device
 *   screen_keys.c    what each key does
 *   screen_detail.c  the detail view of one device and the help
 *
 * Every array is kept between ticks and only grows, so a tick allocates
 * nothing once the device count has been seen.
 */
#ifndef NETOBS_CLI_SCREEN_H
#define NETOBS_CLI_SCREEN_H

#include "cli.h"

#define SCREEN_NAME_MAX 64	/* a shown (escaped) name, cut beyond */
#define SCREEN_FILTER_MAX 32
#define HISTORY_LEN 60		/* samples in the sparklines */

enum screen_sort {
	SORT_AUTO,		/* drops or errors first, then the busiest */
	SORT_THROUGHPUT,
	SORT_DROPS,
	SORT_ERRORS,
	SORT_NAME,
};

/* One device of the sample, with the figures the table shows. */
struct screen_row {
	const struct netobs_device *dev; /* NULL: named but missing */
	const char *name;
	unsigned int status;
	size_t order;		/* position in the sample: ties keep it */
	double rate[CLI_NRATES];
	double drops, errors;	/* cli_drops_rate(), cli_errors_rate() */
	double bytes;		/* RX + TX bytes/s: what "busiest" means */
	struct history *hist;	/* its history, NULL when none */
	char shown[SCREEN_NAME_MAX]; /* escaped name */
};

/* One device's last minute and its extremes since it appeared (since watch
 * started, for a device that was there): kept for every device, found by
 * name, dropped when the device is gone. */
struct history {
	char name[SCREEN_NAME_MAX];
	float bytes[HISTORY_LEN], drops[HISTORY_LEN];
	size_t head, n;		/* next slot, samples held */
	double bmin, bmax, bsum, dmin, dmax, dsum;
	unsigned long count;
	unsigned long seen;	/* the last sample it was in (scr->serial) */
};

enum screen_view { VIEW_TABLE, VIEW_DETAIL, VIEW_HELP };

struct screen {
	struct screen_row *rows; /* every device of the sample */
	struct screen_row **shown; /* those shown, sorted */
	size_t nrows, nshown, cap;
	size_t hidden_idle, hidden_filter;
	size_t sel;		/* index into SHOWN */
	char sel_name[SCREEN_NAME_MAX]; /* keeps the selection across sorts */
	enum screen_sort sort;
	enum screen_view view;
	bool hide_idle;
	bool cpus;		/* the CPU pane (c) */
	bool editing;		/* typing a filter after / */
	char filter[SCREEN_FILTER_MAX];
	char edit[SCREEN_FILTER_MAX];
	bool utf8;		/* the locale's charset: block characters */
	char esc[8];		/* an escape sequence split across reads */
	size_t nesc;
	struct history *hists;	/* sorted by name */
	size_t nhists, hcap;
	unsigned long serial;	/* samples recorded */
	struct timespec last;	/* the sample recorded last: a redraw of the
				 * same one records nothing */
	struct out line;	/* a section's line being written */
};

/* A frame being drawn: lines are cut at the window's edge, and rows stop
 * at LIMIT. */
struct frame {
	struct cli_sink *s;
	struct screen *scr;
	const struct cli_sample *smp;
	struct out *out;
	int col, cols;
	int row, rows;
	int limit;		/* rows left for the current section */
	bool full;		/* the window has no room for another line */
};

/* screen.c */
void frame_newline(struct frame *f);
/* TEXT (printable ASCII) in WIDTH columns plus a separating space; HOT in
 * bold red. */
void cell(struct frame *f, const char *text, int width, bool right, bool hot);
void frame_attr(struct frame *f, const char *sgr);
/* A whole line of TEXT in reverse video. */
void title_line(struct frame *f, const char *text);

/* screen_table.c */
/* The table in ROOM rows, its header included. */
void screen_devices(struct frame *f, int room);
/* "... 3 more WHAT" */
void more_line(struct frame *f, size_t more, const char *what);

/* screen_rows.c */
/* Rows of SMP's devices, sorted, filtered; -ENOMEM. */
int screen_rows(struct screen *scr, const struct cli_sample *smp, const struct cli_opts *o);
/* The selected row, NULL when none is shown. */
struct screen_row *screen_selected(struct screen *scr);
void screen_select(struct screen *scr, long delta);
void screen_history_free(struct screen *scr);
/* NAME shortened in the middle to WIDTH columns into BUF; "…" (UTF8) or
 * "~" marks the cut. */
const char *screen_shorten(char *buf, size_t size, const char *name, int width, bool utf8);

/* screen_keys.c */
enum cli_key screen_keys(struct cli_sink *s, const char *keys, size_t n);

/* screen_detail.c */
void screen_detail(struct frame *f);
void screen_help(struct frame *f);
/* The selected device's history, when it has one: with LINES the
 * sparklines and figures (4 rows), else the figures alone (2 rows). */
void screen_sparklines(struct frame *f, int width, bool lines);

#endif /* NETOBS_CLI_SCREEN_H */
