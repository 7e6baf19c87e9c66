/* SPDX-License-Identifier: MIT */
/*
 * Watch's keys, after top(1) and htop(1) (the list is in netobs(1) and
 * behind ?): q quits, t D e n a order the devices, i hides idle ones,
 * / filters, c shows the CPUs, j k and the arrows select, Enter or d opens
 * the selected device.  Keys arrive in raw bytes; an arrow is an escape
 * sequence that may be split across reads, so its start is kept.
 */
#include "config.h"

#include <string.h>

#include "screen.h"

enum {
	KEY_UP = 0x100,
	KEY_DOWN,
	KEY_PGUP,
	KEY_PGDN,
	KEY_HOME,
	KEY_END,
	KEY_ESC,
};

/* Typing a filter: printable bytes, Backspace, Enter applies, Esc clears. */
static enum cli_key edit_key(struct screen *scr, int key)
{
	size_t len = strlen(scr->edit);

	if (key == '\n' || key == '\r') {
		memcpy(scr->filter, scr->edit, sizeof(scr->filter));
		scr->editing = false;
		scr->sel = 0;
	} else if (key == KEY_ESC) {
		scr->edit[0] = scr->filter[0] = '\0';
		scr->editing = false;
	} else if (key == 0x7f || key == 0x08) {
		if (len)
			scr->edit[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof(scr->edit)) {
		scr->edit[len] = (char)key;
		scr->edit[len + 1] = '\0';
	} else {
		return CLI_KEY_NONE;
	}
	return CLI_KEY_REDRAW;
}

static enum cli_key sort_key(struct screen *scr, enum screen_sort sort)
{
	scr->sort = sort;
	return CLI_KEY_REDRAW;
}

static enum cli_key move_key(struct screen *scr, int key)
{
	switch (key) {
	case 'k': case KEY_UP: screen_select(scr, -1); break;
	case 'j': case KEY_DOWN: screen_select(scr, 1); break;
	case KEY_PGUP: screen_select(scr, -10); break;
	case KEY_PGDN: screen_select(scr, 10); break;
	case 'g': case KEY_HOME: screen_select(scr, -(long)scr->nshown); break;
	case 'G': case KEY_END: screen_select(scr, (long)scr->nshown); break;
	default: return CLI_KEY_NONE;
	}
	return CLI_KEY_REDRAW;
}

/* Views: Enter and d open the detail and go back; ? the help; Esc back
 * to the table, or clears the filter there. */
static enum cli_key view_key(struct screen *scr, int key)
{
	switch (key) {
	case '\n': case '\r': case 'd':
		scr->view = scr->view == VIEW_DETAIL ? VIEW_TABLE : VIEW_DETAIL;
		break;
	case '?': case 'h':
		scr->view = scr->view == VIEW_HELP ? VIEW_TABLE : VIEW_HELP;
		break;
	case KEY_ESC:
		if (scr->view == VIEW_TABLE)
			scr->filter[0] = scr->edit[0] = '\0';
		scr->view = VIEW_TABLE;
		break;
	default:
		return CLI_KEY_NONE;
	}
	return CLI_KEY_REDRAW;
}

static enum cli_key one_key(struct screen *scr, int key)
{
	if (scr->editing)
		return edit_key(scr, key);
	switch (key) {
	case 'q': case 'Q': return CLI_KEY_QUIT;
	case 't': return sort_key(scr, SORT_THROUGHPUT);
	case 'D': return sort_key(scr, SORT_DROPS);
	case 'e': return sort_key(scr, SORT_ERRORS);
	case 'n': return sort_key(scr, SORT_NAME);
	case 'a': return sort_key(scr, SORT_AUTO);
	case 'i': scr->hide_idle = !scr->hide_idle; return CLI_KEY_REDRAW;
	case 'c': scr->cpus = !scr->cpus; return CLI_KEY_REDRAW;
	case '/':
		scr->editing = true;
		scr->view = VIEW_TABLE;
		memcpy(scr->edit, scr->filter, sizeof(scr->edit));
		return CLI_KEY_REDRAW;
	case 0x0c: return CLI_KEY_REDRAW; /* Ctrl-L */
	}
	if (move_key(scr, key) != CLI_KEY_NONE)
		return CLI_KEY_REDRAW;
	return view_key(scr, key);
}

/* The key an escape sequence in SEQ (LEN bytes, ESC first) stands for:
 * 0 while incomplete, -1 when unknown (dropped). */
static int esc_key(const char *seq, size_t len)
{
	static const struct {
		const char *seq;
		int key;
	} map[] = {
		{ "\033[A", KEY_UP },   { "\033OA", KEY_UP },   { "\033[B", KEY_DOWN },
		{ "\033OB", KEY_DOWN }, { "\033[5~", KEY_PGUP }, { "\033[6~", KEY_PGDN },
		{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },  { "\033[1~", KEY_HOME },
		{ "\033[4~", KEY_END },
	};
	size_t i;

	if (len < 2 || (seq[1] != '[' && seq[1] != 'O'))
		return len < 2 ? 0 : -1;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].seq) == len && memcmp(map[i].seq, seq, len) == 0)
			return map[i].key;
	/* A CSI ends with a byte from @ to ~; SS3 after one byte. */
	if ((seq[1] == 'O' && len >= 3) || (len >= 3 && seq[len - 1] >= '@' && seq[len - 1] <= '~'))
		return -1;
	return len >= sizeof(((struct screen *)0)->esc) ? -1 : 0;
}

/* Feeds byte C to a pending escape sequence; the key it completes, 0 while
 * pending, -1 for none. */
static int esc_feed(struct screen *scr, char c)
{
	int key;

	scr->esc[scr->nesc++] = c;
	key = esc_key(scr->esc, scr->nesc);
	if (key != 0)
		scr->nesc = 0;
	return key;
}

enum cli_key screen_keys(struct cli_sink *s, const char *keys, size_t n)
{
	struct screen *scr = s->screen;
	enum cli_key ret = CLI_KEY_NONE, r;
	size_t i;
	int key;

	if (!scr)
		return memchr(keys, 'q', n) ? CLI_KEY_QUIT : CLI_KEY_NONE;
	for (i = 0; i < n; i++) {
		/* ESC then anything but [ or O: the Esc key, then that key. */
		if (scr->nesc == 1 && keys[i] != '[' && keys[i] != 'O') {
			scr->nesc = 0;
			r = one_key(scr, KEY_ESC);
			ret = r == CLI_KEY_NONE ? ret : r;
		}
		if (scr->nesc)
			key = esc_feed(scr, keys[i]);
		else if (keys[i] == '\033')
			key = esc_feed(scr, keys[i]);
		else
			key = (unsigned char)keys[i];
		if (key <= 0)
			continue;
		r = one_key(scr, key);
		if (r == CLI_KEY_QUIT)
			return r;
		if (r == CLI_KEY_REDRAW)
			ret = r;
	}
	/* A lone ESC at the end of a read is the Esc key: terminals send a
	 * sequence in one write. */
	if (scr->nesc == 1) {
		scr->nesc = 0;
		r = one_key(scr, KEY_ESC);
		ret = r == CLI_KEY_NONE ? ret : r;
	}
	return ret;
}
