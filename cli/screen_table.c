/* SPDX-License-Identifier: MIT */
/*
 * The device table of watch's screen and its columns.  As the window
 * narrows, columns go in a fixed order (the prio below, documented in
 * netobs(1)): TX err/s, RX err/s, TX pkt/s, RX pkt/s, TX drop/s, RX drop/s,
 * TX, RX: a drop column outlasts the packet rates, so at 80 columns every
 * drop figure is on the screen.  The name and the DROPS/s and ERR/s figures never go: the name
 * shrinks first, cut in the middle, and never so that two look alike.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "screen.h"

#define NAME_MIN 6
#define NAME_DEFAULT 16
#define NAME_WIDE 40

/* ---- the device table ------------------------------------------------------ */

/* In the order shown; PRIO is the order they go in as the window narrows:
 * the highest first. */
static const struct column {
	const char *title;	/* "RX" gets " bit/s" or " B/s" */
	int rate;		/* index into cli_rate_counters, or COL_* */
	int prio;
} columns[] = {
	{ "RX", 0, 2 },        { "TX", 1, 3 },          { "RX pkt/s", 2, 6 },
	{ "TX pkt/s", 3, 7 },  { "DROPS/s", -1, 0 },    { "ERR/s", -2, 1 },
	{ "RX drop/s", 6, 4 }, { "TX drop/s", 7, 5 },   { "RX err/s", 4, 8 },
	{ "TX err/s", 5, 9 },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))
#define FIXED_PRIO 2		/* drops and errors never go */

struct layout {
	int name;
	bool on[NCOLUMNS];
};

static int col_width(const struct cli_opts *o, const struct column *c)
{
	if (c->rate >= 0 && CLI_RATE_IS_BYTES(c->rate))
		return o->raw ? 16 : 11;
	return o->raw ? 11 : 9;
}

/* Columns by priority while they fit; returns the width used. */
static int layout_columns(struct layout *l, const struct cli_opts *o, int cols)
{
	int used = l->name, prio;
	size_t i;

	memset(l->on, 0, sizeof(l->on));
	for (prio = 0; prio < (int)NCOLUMNS; prio++)
		for (i = 0; i < NCOLUMNS; i++) {
			if (columns[i].prio != prio)
				continue;
			if (prio >= FIXED_PRIO && used + 1 + col_width(o, &columns[i]) > cols)
				return used;
			used += 1 + col_width(o, &columns[i]);
			l->on[i] = true;
		}
	return used;
}

/* Two long names that shorten alike at WIDTH. */
static bool names_collide(const struct screen *scr, int width)
{
	size_t i, j, la, lb, head = ((size_t)width) / 2, tail = (size_t)width - 1 - head;

	for (i = 0; i < scr->nshown; i++) {
		const char *a = scr->shown[i]->shown;

		la = strlen(a);
		if (la <= (size_t)width)
			continue;
		for (j = i + 1; j < scr->nshown; j++) {
			const char *b = scr->shown[j]->shown;

			lb = strlen(b);
			if (lb > (size_t)width && strncmp(a, b, head) == 0 &&
			    strcmp(a + la - tail, b + lb - tail) == 0)
				return true;
		}
	}
	return false;
}

static int longest_name(const struct screen *scr)
{
	size_t i, len, max = NAME_MIN;

	for (i = 0; i < scr->nshown; i++) {
		len = strlen(scr->shown[i]->shown);
		max = len > max ? len : max;
	}
	return (int)(max < SCREEN_NAME_MAX - 1 ? max : SCREEN_NAME_MAX - 1);
}

/* Name width and columns for COLS: the name takes 16 columns at most
 * while other columns want room, up to 40 when all fit, fewer (down to 6)
 * when even the drops and errors would not fit, and more whenever two
 * shortened names would look the same. */
static void layout(struct layout *l, const struct screen *scr, const struct cli_opts *o,
		   int cols)
{
	int longest = longest_name(scr), used;

	l->name = longest < NAME_DEFAULT ? longest : NAME_DEFAULT;
	used = layout_columns(l, o, cols);
	while (used > cols && l->name > NAME_MIN) {
		l->name--;
		used = layout_columns(l, o, cols);
	}
	while (l->name < longest && names_collide(scr, l->name))
		l->name++;
	used = layout_columns(l, o, cols);
	if (l->on[NCOLUMNS - 1] && used < cols && l->name < longest) {
		int grow = cols - used, want = (longest < NAME_WIDE ? longest : NAME_WIDE) - l->name;

		l->name += grow < want ? grow : want > 0 ? want : 0;
	}
}

static void devices_header(struct frame *f, const struct layout *l)
{
	const struct cli_opts *o = f->s->o;
	char title[24];
	size_t i;

	frame_newline(f);
	frame_attr(f, "\033[7m");
	cell(f, "DEVICE", l->name, false, false);
	for (i = 0; i < NCOLUMNS; i++) {
		if (!l->on[i])
			continue;
		snprintf(title, sizeof(title), "%s%s", columns[i].title,
			 columns[i].rate < 0 || !CLI_RATE_IS_BYTES(columns[i].rate) ? ""
			 : o->bytes ? " B/s" : " bit/s");
		cell(f, title, col_width(o, &columns[i]), true, false);
	}
	cell(f, "", f->cols, false, false); /* reverse video to the edge */
}

static double column_value(const struct screen_row *r, const struct column *c)
{
	return c->rate == -1 ? r->drops : c->rate == -2 ? r->errors : r->rate[c->rate];
}

static void device_row(struct frame *f, const struct layout *l, const struct screen_row *r,
		       bool selected)
{
	const struct cli_opts *o = f->s->o;
	const char *word = cli_no_rates_why(r->status);
	char buf[UNITS_BUFSIZ], name[SCREEN_NAME_MAX + 4];
	size_t i;
	double v;

	frame_newline(f);
	if (selected)
		frame_attr(f, "\033[7m");
	cell(f, screen_shorten(name, sizeof(name), r->shown, l->name, f->scr->utf8), l->name,
	     false, false);
	for (i = 0; !word && i < NCOLUMNS; i++) {
		if (!l->on[i])
			continue;
		v = column_value(r, &columns[i]);
		if (columns[i].rate >= 0 && CLI_RATE_IS_BYTES(columns[i].rate))
			units_byte_rate(buf, v, o);
		else
			units_count_rate(buf, v, o);
		cell(f, buf, col_width(o, &columns[i]), true,
		     (columns[i].rate < 0 || CLI_RATE_IS_TROUBLE(columns[i].rate)) && v > 0);
	}
	if (word)
		cell(f, word, 10, false, (r->status & NETOBS_DIFF_GONE) != 0);
	if (selected)
		cell(f, "", f->cols, false, false);
}

/* WHAT: "devices (j/k scroll, / filters)" */
void more_line(struct frame *f, size_t more, const char *what)
{
	char text[96];

	frame_newline(f);
	snprintf(text, sizeof(text), "... %zu more %s", more, what);
	cell(f, text, f->cols, false, false);
}

/* ROOM rows for the table, its header included; the selected row is kept
 * in view. */
void screen_devices(struct frame *f, int room)
{
	struct screen *scr = f->scr;
	struct layout l;
	size_t rows = room > 1 ? (size_t)room - 1 : 0, first = 0, i, end;

	layout(&l, scr, f->s->o, f->cols);
	devices_header(f, &l);
	if (scr->nshown > rows && rows > 0)
		rows--; /* a row says how many more */
	if (scr->sel >= rows && rows > 0)
		first = scr->sel - rows + 1;
	end = first + rows < scr->nshown ? first + rows : scr->nshown;
	for (i = first; i < end; i++)
		device_row(f, &l, scr->shown[i], i == scr->sel);
	if (end - first < scr->nshown)
		more_line(f, scr->nshown - (end - first), "devices (j/k scroll, / filters)");
}

