/* SPDX-License-Identifier: MIT */
/*
 * The terminal of watch's screen: the alternate screen without a cursor,
 * keys read without Enter and echo, and the way back, which every exit path
 * takes (term_leave() is safe to call when not entered).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "term.h"

void tty_write(const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len > 0) {
		n = write(1, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

void term_size(struct term *t)
{
	struct winsize ws;

	t->rows = 24;
	t->cols = 80;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
		t->rows = ws.ws_row;
		t->cols = ws.ws_col;
	}
}

/* ISIG stays on: Ctrl-C, Ctrl-\ and Ctrl-Z arrive as signals and are
 * handled by the watch loop. */
void term_enter(struct term *t)
{
	struct termios raw;

	t->keys = isatty(0) && tcgetattr(0, &t->saved) == 0;
	if (t->keys) {
		raw = t->saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		tcsetattr(0, TCSANOW, &raw);
	}
	tty_write("\033[?1049h\033[?25l\033[H\033[2J");
	term_size(t);
	t->active = true;
}

void term_leave(struct term *t)
{
	if (!t->active)
		return;
	tty_write("\033[0m\033[?25h\033[?1049l");
	if (t->keys)
		tcsetattr(0, TCSANOW, &t->saved);
	t->active = false;
}
