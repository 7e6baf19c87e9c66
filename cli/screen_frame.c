/* SPDX-License-Identifier: MIT */
/*
 * The screen's drawing primitives: rows that never scroll the window,
 * cells padded and cut to their width, attributes.  Every part of the
 * screen (screen.c, screen_table.c, screen_detail.c) draws through these.
 */
#include "config.h"

#include "screen.h"

/* A newline before every line but the first, and none past the last row:
 * a newline there would scroll the whole screen. */
void frame_newline(struct frame *f)
{
	if (f->row >= f->rows) {
		f->full = true;
		return;
	}
	if (f->row > 0)
		out_str(f->out, "\033[0m\033[K\n");
	f->row++;
	f->col = 0;
}

void frame_attr(struct frame *f, const char *sgr)
{
	if (!f->full)
		out_str(f->out, sgr);
}

/* Columns of TEXT: UTF-8 continuation bytes take none (names are escaped
 * to ASCII; only the marks and sparklines are multibyte). */
static int text_width(const char *text, size_t *bytes, int max)
{
	int w = 0;
	size_t i;

	for (i = 0; text[i]; i++) {
		if (((unsigned char)text[i] & 0xc0) == 0x80)
			continue;
		if (w == max)
			break;
		w++;
	}
	*bytes = i;
	return w;
}

void cell(struct frame *f, const char *text, int width, bool right, bool hot)
{
	size_t bytes;
	int len, pad;

	if (f->full)
		return;
	if (f->col > 0 && f->col < f->cols) {
		out_char(f->out, ' ');
		f->col++;
	}
	if (width > f->cols - f->col)
		width = f->cols - f->col;
	if (width <= 0)
		return;
	len = text_width(text, &bytes, width);
	pad = width - len;
	if (right && pad > 0)
		out_spaces(f->out, (size_t)pad);
	if (hot)
		out_str(f->out, "\033[1;31m");
	out_write(f->out, text, bytes);
	if (hot)
		out_str(f->out, "\033[22;39m");
	if (!right && pad > 0)
		out_spaces(f->out, (size_t)pad);
	f->col += width;
}

void title_line(struct frame *f, const char *text)
{
	frame_newline(f);
	frame_attr(f, "\033[7m");
	cell(f, text, f->cols, false, false);
}
