/* SPDX-License-Identifier: MIT */
/*
 * The terminal: raw keys, the alternate screen, the way back (term.c).
 */
#ifndef NETOBS_CLI_TERM_H
#define NETOBS_CLI_TERM_H

#include <stdbool.h>
#include <termios.h>

/* ---- term.c -------------------------------------------------------------- */

struct term {
	bool active;		/* in the alternate screen */
	bool keys;		/* stdin is a terminal we read q from */
	struct termios saved;
	int rows, cols;
};

/* Writes S to stdout now, past any buffer (escape sequences). */
void tty_write(const char *s);
/* The window's size, 24x80 when unknown. */
void term_size(struct term *t);
/* Alternate screen, no cursor, keys without Enter and without echo. */
void term_enter(struct term *t);
/* Back to the shell's screen and modes; nothing when not entered. */
void term_leave(struct term *t);

#endif /* NETOBS_CLI_TERM_H */
