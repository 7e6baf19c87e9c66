/* SPDX-License-Identifier: MIT */
/*
 * netobs watch: a snapshot every interval, rates from the last two.
 *
 * Four outputs: a screen redrawn in place on a terminal (like top), plain
 * timestamped lines on a pipe (like sar), NDJSON with --json, and the
 * Prometheus file rewritten every interval with --textfile.
 *
 * Two snapshots alternate and are refreshed in place, the diff is updated
 * in place, and output goes to one reused buffer (JSON's cJSON items to a
 * reused arena): after the first ticks a tick allocates nothing, so a watch
 * left running for months stays flat.
 *
 * A snapshot the kernel will not give this time (-EAGAIN: a netlink dump
 * interrupted by device changes again and again, on a host where
 * containers come and go) skips that sample, says so, and keeps the last
 * good snapshot as the base of the next diff; every other error ends the
 * watch.
 *
 * Deadlines are absolute on CLOCK_MONOTONIC, so intervals do not drift with
 * the time each tick takes.  The wait is ppoll(2) rather than
 * clock_nanosleep(2): it must also wake for a key press and, atomically
 * with unblocking them, for SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGTSTP,
 * which are blocked everywhere else so none slips in between a check of
 * the flags and the sleep.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum watch_mode {
	MODE_SCREEN,
	MODE_PLAIN,
	MODE_JSON,
	MODE_TEXTFILE,
};

struct screen {
	bool active;
	bool keys;		/* stdin is a terminal we read q from */
	struct termios saved;
	int rows, cols;
};

struct watch {
	struct netobs_ctx *ctx;
	const struct cli_opts *o;
	enum watch_mode mode;
	struct netobs_snapshot *snap[2];
	int cur;		/* index of the newest snapshot */
	bool based;		/* snap[cur] is a good snapshot */
	struct netobs_diff *diff; /* snap[!cur] -> snap[cur]; NULL until two */
	bool stale;		/* a failed refresh emptied snap[!cur]: the diff
				 * must not be read until the next good one */
	struct out out;
	struct json json;	/* MODE_JSON */
	struct prom prom;	/* MODE_TEXTFILE */
	struct screen screen;
	sigset_t unblocked;	/* the signal mask while waiting */
	struct timespec deadline;
	unsigned long samples;
	double scrape_seconds;
	char warning[512];
	char host[256];
};

/* Set by the handlers, read by the loop: the CLI's only globals, because a
 * signal handler can reach nothing else. */
static volatile sig_atomic_t got_quit, got_winch, got_tstp;

static void on_signal(int sig)
{
	if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGTSTP)
		got_tstp = 1;
	else
		got_quit = 1;
}

static const int watched_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP };
#define NWATCHED (sizeof(watched_signals) / sizeof(watched_signals[0]))

static void set_handler(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Installs the handlers and blocks the signals until the wait. */
static void signals_setup(struct watch *w)
{
	sigset_t block;
	size_t i;

	sigemptyset(&block);
	for (i = 0; i < NWATCHED; i++) {
		set_handler(watched_signals[i], on_signal);
		sigaddset(&block, watched_signals[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &w->unblocked);
	for (i = 0; i < NWATCHED; i++)
		sigdelset(&w->unblocked, watched_signals[i]);
}

/* ---- the terminal -------------------------------------------------------- */

static void tty_write(const char *s)
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

static void screen_size(struct screen *s)
{
	struct winsize ws;

	s->rows = 24;
	s->cols = 80;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
		s->rows = ws.ws_row;
		s->cols = ws.ws_col;
	}
}

/* Alternate screen, no cursor, keys without Enter and without echo.  ISIG
 * stays on: Ctrl-C and Ctrl-Z arrive as signals and are handled here. */
static void screen_enter(struct screen *s)
{
	struct termios raw;

	s->keys = isatty(0) && tcgetattr(0, &s->saved) == 0;
	if (s->keys) {
		raw = s->saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		tcsetattr(0, TCSANOW, &raw);
	}
	tty_write("\033[?1049h\033[?25l\033[H\033[2J");
	screen_size(s);
	s->active = true;
}

static void screen_leave(struct screen *s)
{
	if (!s->active)
		return;
	tty_write("\033[0m\033[?25h\033[?1049l");
	if (s->keys)
		tcsetattr(0, TCSANOW, &s->saved);
	s->active = false;
}

/* ---- which devices a sample reports -------------------------------------- */

/* DEV is NULL for a named device that is missing: only NAME is known. */
typedef void (*device_fn)(void *arg, const struct netobs_device *dev, const char *name,
			  unsigned int status);

static bool gone_in_diff(const struct netobs_diff *diff, const char *name)
{
	size_t i;

	for (i = 0; i < netobs_diff_gone_device_count(diff); i++)
		if (strcmp(netobs_device_name(netobs_diff_gone_device(diff, i)), name) == 0)
			return true;
	return false;
}

/* The newest snapshot's devices, those gone since the one before, and the
 * named ones still missing: naming a device means watching it, so it stays
 * listed as gone until it comes back.  FN may be NULL; returns the count. */
static size_t for_each_device(const struct watch *w, device_fn fn, void *arg)
{
	const struct netobs_snapshot *snap = w->snap[w->cur];
	const struct filter *flt = &w->o->filter;
	const struct netobs_device *dev;
	size_t i, n = 0;

	for (i = 0; i < netobs_snapshot_device_count(snap); i++) {
		dev = netobs_snapshot_device(snap, i);
		if (!filter_match(flt, dev))
			continue;
		n++;
		if (fn)
			fn(arg, dev, netobs_device_name(dev), netobs_diff_device_status(w->diff, dev));
	}
	for (i = 0; i < netobs_diff_gone_device_count(w->diff); i++) {
		dev = netobs_diff_gone_device(w->diff, i);
		if (!filter_match(flt, dev))
			continue;
		n++;
		if (fn)
			fn(arg, dev, netobs_device_name(dev), NETOBS_DIFF_GONE);
	}
	for (i = 0; i < flt->nnames; i++) {
		const char *name = flt->names[i];

		if (filter_is_glob(name) || netobs_snapshot_device_by_name(snap, name) ||
		    gone_in_diff(w->diff, name))
			continue;
		n++;
		if (fn)
			fn(arg, NULL, name, NETOBS_DIFF_GONE);
	}
	return n;
}

/* A device with no rates this time says why. */
static const char *status_word(unsigned int status)
{
	if (status & NETOBS_DIFF_GONE)
		return "gone";
	if (status & NETOBS_DIFF_NEW)
		return "new";
	if (status & NETOBS_DIFF_RENAMED)
		return "renamed";
	if (status & NETOBS_DIFF_RECREATED)
		return "recreated";
	return NULL;
}

static const enum netobs_counter rate_counters[] = {
	NETOBS_RX_BYTES, NETOBS_TX_BYTES, NETOBS_RX_PACKETS, NETOBS_TX_PACKETS,
	NETOBS_RX_ERRORS, NETOBS_TX_ERRORS, NETOBS_RX_DROPPED, NETOBS_TX_DROPPED,
};

#define NRATES (sizeof(rate_counters) / sizeof(rate_counters[0]))
#define RATE_IS_BYTES(i) ((i) < 2)
#define RATE_IS_TROUBLE(i) ((i) >= 4) /* errors and drops */

/* ---- the screen ------------------------------------------------------------ */

#define NAME_WIDTH 16

/* A frame being drawn: lines are cut at the window's edge, and rows stop
 * at LIMIT. */
struct frame {
	struct watch *w;
	struct out *out;
	int col, cols;
	int row, rows;
	int limit;		/* rows left for the current section */
	bool full;		/* the window has no room for another line */
};

/* A newline before every line but the first, and none past the last row:
 * a newline there would scroll the whole screen. */
static void frame_newline(struct frame *f)
{
	if (f->row >= f->rows) {
		f->full = true;
		return;
	}
	if (f->row > 0)
		out_str(f->out, "\033[K\n");
	f->row++;
	f->col = 0;
}

/* TEXT (printable ASCII) in WIDTH columns plus a separating space. */
static void cell(struct frame *f, const char *text, int width, bool right, bool hot)
{
	int len = (int)strlen(text), pad;

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
	if (len > width)
		len = width;
	pad = width - len;
	if (right && pad > 0)
		out_printf(f->out, "%*s", pad, "");
	if (hot)
		out_str(f->out, "\033[1;31m");
	out_write(f->out, text, (size_t)len);
	if (hot)
		out_str(f->out, "\033[0m");
	if (!right && pad > 0)
		out_printf(f->out, "%*s", pad, "");
	f->col += width;
}

static int rate_width(const struct cli_opts *o, size_t i)
{
	if (RATE_IS_BYTES(i))
		return o->raw ? 16 : 11;
	return o->raw ? 11 : 9;
}

static void devices_header(struct frame *f)
{
	static const char *const titles[NRATES] = { "RX", "TX", "RX pkt/s", "TX pkt/s",
						    "RX err/s", "TX err/s", "RX drop/s",
						    "TX drop/s" };
	const struct cli_opts *o = f->w->o;
	char title[24];
	size_t i;

	frame_newline(f);
	out_str(f->out, "\033[7m");
	cell(f, "DEVICE", NAME_WIDTH, false, false);
	for (i = 0; i < NRATES; i++) {
		snprintf(title, sizeof(title), "%s%s", titles[i],
			 !RATE_IS_BYTES(i) ? "" : o->bytes ? " B/s" : " bit/s");
		cell(f, title, rate_width(o, i), true, false);
	}
	out_str(f->out, "\033[0m");
}

static void device_rates(struct frame *f, const struct netobs_device *dev)
{
	const struct cli_opts *o = f->w->o;
	char buf[UNITS_BUFSIZ];
	double r;
	size_t i;

	for (i = 0; i < NRATES; i++) {
		r = netobs_diff_rate(f->w->diff, dev, rate_counters[i]);
		if (RATE_IS_BYTES(i))
			units_byte_rate(buf, r, o);
		else
			units_count_rate(buf, r, o);
		cell(f, buf, rate_width(o, i), true, RATE_IS_TROUBLE(i) && r > 0);
	}
}

static void screen_device(void *arg, const struct netobs_device *dev, const char *name,
			  unsigned int status)
{
	struct frame *f = arg;
	char shown[NAME_WIDTH + 1];
	const char *word = status_word(status);

	if (f->limit <= 0)
		return;
	f->limit--;
	frame_newline(f);
	cell(f, escape_str(shown, sizeof(shown), name), NAME_WIDTH, false, false);
	if (word)
		cell(f, word, 10, false, (status & NETOBS_DIFF_GONE) != 0);
	else
		device_rates(f, dev);
}

/* WHAT: "devices (name or filter them)" */
static void more_line(struct frame *f, size_t more, const char *what)
{
	char text[96];

	frame_newline(f);
	snprintf(text, sizeof(text), "... %zu more %s", more, what);
	cell(f, text, f->cols, false, false);
}

static size_t softnet_cpus(const struct netobs_snapshot *snap)
{
	size_t i, n = 0;

	for (i = 0; i < netobs_snapshot_cpu_count(snap); i++)
		n += netobs_cpu_softnet(netobs_snapshot_cpu(snap, i), NETOBS_SOFTNET_PROCESSED,
					NULL) == 0;
	return n;
}

static void screen_cpu(struct frame *f, const struct netobs_cpu *cpu)
{
	static const enum netobs_softnet_field fields[] = {
		NETOBS_SOFTNET_PROCESSED, NETOBS_SOFTNET_DROPPED, NETOBS_SOFTNET_TIME_SQUEEZE,
	};
	char buf[UNITS_BUFSIZ];
	double r;
	size_t i;

	frame_newline(f);
	snprintf(buf, sizeof(buf), "%d", netobs_cpu_id(cpu));
	cell(f, buf, 5, true, false);
	for (i = 0; i < 3; i++) {
		if (netobs_diff_cpu_softnet(f->w->diff, cpu, fields[i], NULL, &r) < 0)
			r = NAN;
		cell(f, units_count_rate(buf, r, f->w->o), 11, true, i > 0 && r > 0);
	}
	if (netobs_diff_cpu_softirq(f->w->diff, cpu, NETOBS_SOFTIRQ_NET_RX, NULL, &r) < 0)
		r = NAN;
	cell(f, units_count_rate(buf, r, f->w->o), 11, true, false);
}

static void screen_cpus(struct frame *f, size_t ncpus)
{
	const struct netobs_snapshot *snap = f->w->snap[f->w->cur];
	size_t i, shown = 0;

	frame_newline(f);
	frame_newline(f);
	out_str(f->out, "\033[7m");
	cell(f, "CPU", 5, true, false);
	cell(f, "processed/s", 11, true, false);
	cell(f, "dropped/s", 11, true, false);
	cell(f, "squeezed/s", 11, true, false);
	cell(f, "NET_RX/s", 11, true, false);
	out_str(f->out, "\033[0m");
	f->limit -= 2;
	for (i = 0; i < netobs_snapshot_cpu_count(snap); i++) {
		const struct netobs_cpu *cpu = netobs_snapshot_cpu(snap, i);

		if (netobs_cpu_softnet(cpu, NETOBS_SOFTNET_PROCESSED, NULL) < 0)
			continue;
		if (f->limit <= (shown + 1 < ncpus ? 1 : 0))
			break;
		screen_cpu(f, cpu);
		f->limit--;
		shown++;
	}
	if (shown < ncpus)
		more_line(f, ncpus - shown, "CPUs (a taller window shows them)");
}

/* "all CPUs:  dropped 0/s  squeezed 0/s  processed 12.3k/s" */
static void totals_line(struct frame *f)
{
	static const struct {
		enum netobs_softnet_field field;
		const char *label;
	} totals[] = {
		{ NETOBS_SOFTNET_DROPPED, "dropped" },
		{ NETOBS_SOFTNET_TIME_SQUEEZE, "squeezed" },
		{ NETOBS_SOFTNET_PROCESSED, "processed" },
	};
	char line[160], buf[UNITS_BUFSIZ];
	size_t i, n;
	double r;

	n = (size_t)snprintf(line, sizeof(line), "all CPUs:");
	for (i = 0; i < sizeof(totals) / sizeof(totals[0]) && n < sizeof(line); i++) {
		if (netobs_diff_softnet_total(f->w->diff, totals[i].field, NULL, &r) < 0)
			r = NAN;
		n += (size_t)snprintf(line + n, sizeof(line) - n, "  %s %s/s", totals[i].label,
				      units_count_rate(buf, r, f->w->o));
	}
	cell(f, line, f->cols, false, false);
}

static void screen_header(struct frame *f)
{
	struct watch *w = f->w;
	char line[512], when[16], host[64];
	struct timespec rt;
	struct tm tm;

	netobs_snapshot_time(w->snap[w->cur], NULL, &rt);
	if (!localtime_r(&rt.tv_sec, &tm) || !strftime(when, sizeof(when), "%H:%M:%S", &tm))
		snprintf(when, sizeof(when), "-");
	snprintf(line, sizeof(line), "netobs watch  %s  every %gs  %s  source %s  (q quits)",
		 escape_str(host, sizeof(host), w->host), w->o->interval, when,
		 netobs_source_name(netobs_snapshot_source(w->snap[w->cur])));
	frame_newline(f);
	cell(f, line, f->cols, false, false);
	frame_newline(f);
	if (!w->diff || w->stale) {
		cell(f, w->diff ? "waiting for the next sample ..."
				: "waiting for the second sample ...", f->cols, false, false);
		return;
	}
	totals_line(f);
}

/* The third row: a warning, or a skipped sample, in bold red. */
static void warning_cell(struct frame *f)
{
	char text[512];

	if (f->w->warning[0])
		cell(f, escape_str(text, sizeof(text), f->w->warning), f->cols, false, true);
}

static void screen_warning(struct frame *f)
{
	frame_newline(f);
	warning_cell(f);
}

/* Rows for the device section, its header included.  When devices and CPUs
 * do not both fit, the CPUs keep all they need if that is at most half the
 * rows left, else a third (at least 3 rows); the devices get the rest. */
static int device_rows(int avail, size_t ndev, size_t ncpus)
{
	int need_dev = (int)(ndev < 100000 ? ndev : 100000) + 1;
	int need_cpu = (int)(ncpus < 100000 ? ncpus : 100000) + 2;
	int cpu_rows;

	if (need_dev + need_cpu <= avail)
		return need_dev;
	cpu_rows = need_cpu <= avail / 2 ? need_cpu : avail / 3;
	if (cpu_rows < 3)
		cpu_rows = 3;
	if (need_dev < avail - cpu_rows)
		return need_dev;
	return avail - cpu_rows > 2 ? avail - cpu_rows : 2;
}

static void screen_body(struct frame *f)
{
	size_t ndev = for_each_device(f->w, NULL, NULL);
	size_t ncpus = softnet_cpus(f->w->snap[f->w->cur]);
	size_t room = (size_t)device_rows(f->rows - f->row, ndev, ncpus) - 1;
	size_t shown = ndev <= room ? ndev : room - 1; /* a row says how many more */

	devices_header(f);
	f->limit = (int)shown;
	for_each_device(f->w, screen_device, f);
	if (shown < ndev)
		more_line(f, ndev - shown, "devices (name or filter them)");
	f->limit = f->rows - f->row;
	if (f->limit >= 3 && ncpus > 0)
		screen_cpus(f, ncpus);
}

static int screen_draw(struct watch *w)
{
	struct frame f = { .w = w, .out = &w->out, .cols = w->screen.cols,
			   .rows = w->screen.rows };

	out_str(f.out, "\033[H");
	screen_header(&f);
	screen_warning(&f);
	if (w->diff && !w->stale && f.rows - f.row >= 2)
		screen_body(&f);
	out_str(f.out, "\033[K\033[J");
	return out_flush(f.out);
}

/* Only the warning row: the last frame, rates and all, stays up while a
 * skipped sample is reported. */
static int screen_status(struct watch *w)
{
	struct frame f = { .w = w, .out = &w->out, .cols = w->screen.cols,
			   .rows = w->screen.rows, .row = 3 };

	if (f.rows < 3)
		return 0;
	out_str(f.out, "\033[3;1H");
	warning_cell(&f);
	out_str(f.out, "\033[K");
	return out_flush(f.out);
}

/* ---- plain lines, like sar ------------------------------------------------ */

struct plain {
	struct watch *w;
	char when[UNITS_BUFSIZ];
};

static void plain_device(void *arg, const struct netobs_device *dev, const char *name,
			 unsigned int status)
{
	static const char *const keys[NRATES] = { "rx", "tx", "rx_packets/s", "tx_packets/s",
						  "rx_errors/s", "tx_errors/s", "rx_dropped/s",
						  "tx_dropped/s" };
	struct plain *p = arg;
	const struct cli_opts *o = p->w->o;
	const char *word = status_word(status);
	char buf[UNITS_BUFSIZ];
	double r;
	size_t i;

	out_str(&p->w->out, p->when);
	out_char(&p->w->out, ' ');
	out_escaped(&p->w->out, name);
	for (i = 0; !word && i < NRATES; i++) {
		r = netobs_diff_rate(p->w->diff, dev, rate_counters[i]);
		out_printf(&p->w->out, " %s%s=%s", keys[i],
			   !RATE_IS_BYTES(i) ? "" : o->bytes ? "_bytes/s" : "_bits/s",
			   RATE_IS_BYTES(i) ? units_byte_rate_bare(buf, r, o)
					    : units_count_rate(buf, r, o));
	}
	if (word)
		out_printf(&p->w->out, " %s", word);
	else if (status & NETOBS_DIFF_RESET)
		out_str(&p->w->out, " reset");
	out_char(&p->w->out, '\n');
}

/* The CPUs in one line; "softnet:" cannot be a device name (no ':'). */
static void plain_softnet(struct plain *p)
{
	char buf[UNITS_BUFSIZ];
	double r = NAN;

	out_printf(&p->w->out, "%s softnet:", p->when);
	netobs_diff_softnet_total(p->w->diff, NETOBS_SOFTNET_PROCESSED, NULL, &r);
	out_printf(&p->w->out, " processed/s=%s", units_count_rate(buf, r, p->w->o));
	r = NAN;
	netobs_diff_softnet_total(p->w->diff, NETOBS_SOFTNET_DROPPED, NULL, &r);
	out_printf(&p->w->out, " dropped/s=%s", units_count_rate(buf, r, p->w->o));
	r = NAN;
	netobs_diff_softnet_total(p->w->diff, NETOBS_SOFTNET_TIME_SQUEEZE, NULL, &r);
	out_printf(&p->w->out, " squeezed/s=%s", units_count_rate(buf, r, p->w->o));
	r = NAN;
	netobs_diff_softirq_total(p->w->diff, NETOBS_SOFTIRQ_NET_RX, NULL, &r);
	out_printf(&p->w->out, " net_rx/s=%s\n", units_count_rate(buf, r, p->w->o));
}

static int plain_sample(struct watch *w)
{
	struct plain p = { .w = w };
	struct timespec rt;

	netobs_snapshot_time(w->snap[w->cur], NULL, &rt);
	units_rfc3339(p.when, &rt);
	for_each_device(w, plain_device, &p);
	plain_softnet(&p);
	return out_flush(&w->out);
}

/* ---- the loop ----------------------------------------------------------- */

static void timespec_add(struct timespec *t, double seconds)
{
	double whole = floor(seconds);

	t->tv_sec += (time_t)whole;
	t->tv_nsec += (long)((seconds - whole) * 1e9);
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void read_keys(struct watch *w)
{
	char keys[64];
	ssize_t n = read(0, keys, sizeof(keys));

	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN))
			w->screen.keys = false; /* stdin closed: Ctrl-C still works */
		return;
	}
	if (memchr(keys, 'q', (size_t)n) || memchr(keys, 'Q', (size_t)n))
		got_quit = 1;
}

/* Ctrl-Z: give the terminal back, stop, and take it again on fg. */
static void suspend(struct watch *w)
{
	sigset_t tstp;
	bool screen = w->screen.active;

	got_tstp = 0;
	screen_leave(&w->screen);
	set_handler(SIGTSTP, SIG_DFL);
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &tstp, NULL);
	raise(SIGTSTP);
	sigprocmask(SIG_BLOCK, &tstp, NULL);
	set_handler(SIGTSTP, on_signal);
	if (screen) {
		screen_enter(&w->screen);
		got_winch = 1;
	}
}

/* Sleeps until the deadline; false when told to quit. */
static bool wait_deadline(struct watch *w)
{
	struct timespec now, left;
	struct pollfd pfd = { .fd = 0, .events = POLLIN };

	for (;;) {
		if (got_quit)
			return false;
		if (got_tstp)
			suspend(w);
		if (got_winch && w->screen.active) {
			got_winch = 0;
			screen_size(&w->screen);
			tty_write("\033[2J");
			if (screen_draw(w) < 0)
				return false; /* the next write reports it */
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!before(&now, &w->deadline))
			return true;
		left.tv_sec = w->deadline.tv_sec - now.tv_sec;
		left.tv_nsec = w->deadline.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		if (ppoll(&pfd, w->screen.keys ? 1 : 0, &left, &w->unblocked) > 0)
			read_keys(w);
	}
}

/* The next deadline; after a stall (suspended, a slow disk) longer than an
 * interval, the schedule restarts from now rather than firing a burst. */
static void next_deadline(struct watch *w)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	timespec_add(&w->deadline, w->o->interval);
	if (before(&w->deadline, &now)) {
		w->deadline = now;
		timespec_add(&w->deadline, w->o->interval);
	}
}

/* A failed write to stdout ends the watch: a reader that went away is a
 * normal end (0), anything else a runtime error. */
static int output_status(struct watch *w, int err)
{
	if (err == 0)
		return -1;
	if (err == -EPIPE)
		return CLI_EXIT_OK;
	screen_leave(&w->screen);
	cli_errorf("cannot write the output: %s", strerror(-err));
	return CLI_EXIT_RUNTIME;
}

static int emit(struct watch *w)
{
	switch (w->mode) {
	case MODE_SCREEN:
		return output_status(w, screen_draw(w));
	case MODE_PLAIN:
		return output_status(w, plain_sample(w));
	case MODE_JSON:
		json_print_sample(&w->json, w->diff, w->snap[w->cur], w->o);
		return output_status(w, out_flush(&w->out));
	case MODE_TEXTFILE:
		break;
	}
	if (cli_write_textfile(&w->out, &w->prom, w->snap[w->cur], w->o, w->scrape_seconds) < 0)
		return CLI_EXIT_RUNTIME;
	return -1;
}

static void note_warnings(struct watch *w)
{
	char buf[2048];
	const char *text = cli_warnings_join(w->ctx, buf, sizeof(buf));

	if (w->mode == MODE_SCREEN) /* stderr would tear the screen: show it there */
		snprintf(w->warning, sizeof(w->warning), "%s", w->o->quiet ? "" : text);
	else
		cli_warnings(w->ctx, w->o, w->warning, sizeof(w->warning));
}

/* The sample the library could not take this time: said in the output's
 * own way (-q silences the warning, not the JSON line), and the loop goes
 * on with the last good snapshot as the base. */
static int skip(struct watch *w, int err)
{
	const char *msg = netobs_ctx_message(w->ctx);
	char why[400];
	struct timespec now;

	snprintf(why, sizeof(why), "%s", *msg ? msg : strerror(-err));
	if (w->mode == MODE_JSON) {
		clock_gettime(CLOCK_REALTIME, &now);
		json_print_skipped(&w->json, &now, why);
		return output_status(w, out_flush(&w->out));
	}
	if (w->o->quiet)
		return -1;
	if (w->screen.active) { /* stderr would tear the screen */
		snprintf(w->warning, sizeof(w->warning), "sample skipped: %s", why);
		return output_status(w, screen_status(w));
	}
	cli_error("warning: sample skipped: ", why);
	return -1;
}

/* The first good snapshot: named devices must exist now, even if they may
 * vanish later.  It is the base of the first diff. */
static int first(struct watch *w)
{
	if (filter_check_named(&w->o->filter, w->snap[w->cur]) < 0)
		return CLI_EXIT_RUNTIME;
	w->based = true;
	if (w->mode == MODE_TEXTFILE) {
		w->samples++;
		return emit(w);
	}
	if (w->mode == MODE_SCREEN) {
		screen_enter(&w->screen);
		return output_status(w, screen_draw(w));
	}
	return -1;
}

static int compare(struct watch *w)
{
	int err;

	if (w->diff)
		err = netobs_diff_update(w->diff, w->snap[!w->cur], w->snap[w->cur]);
	else
		err = netobs_diff_new(&w->diff, w->snap[!w->cur], w->snap[w->cur]);
	if (err < 0) {
		screen_leave(&w->screen);
		cli_errorf("cannot compare snapshots: %s",
			   w->diff && *netobs_diff_message(w->diff) ? netobs_diff_message(w->diff)
								     : strerror(-err));
		return CLI_EXIT_RUNTIME;
	}
	w->stale = false;
	return -1;
}

/* One tick: refresh the older snapshot (the only one before the first good
 * one), diff, emit.  -1 to go on, else the exit status. */
static int tick(struct watch *w)
{
	int next = w->based ? !w->cur : w->cur, err, status;

	err = cli_snapshot(&w->snap[next], w->ctx, &w->scrape_seconds);
	if (err == -EAGAIN) {
		if (w->diff) /* its older snapshot was the one refreshed */
			w->stale = true;
		w->samples++;
		return skip(w, err);
	}
	if (err < 0) {
		screen_leave(&w->screen); /* the message must outlive the screen */
		cli_snapshot_error(w->ctx, err);
		return CLI_EXIT_RUNTIME;
	}
	note_warnings(w);
	w->cur = next;
	if (!w->based)
		return first(w);
	w->samples++;
	if (w->mode == MODE_TEXTFILE)
		return emit(w);
	status = compare(w);
	return status < 0 ? emit(w) : status;
}

/* The first tick comes at once, then one every interval. */
static int run(struct watch *w)
{
	int status = -1;

	clock_gettime(CLOCK_MONOTONIC, &w->deadline);
	while (status < 0 && (w->o->count == 0 || w->samples < w->o->count)) {
		if (!wait_deadline(w))
			return CLI_EXIT_OK;
		next_deadline(w);
		status = tick(w);
	}
	return status < 0 ? CLI_EXIT_OK : status;
}

static enum watch_mode pick_mode(const struct cli_opts *o)
{
	if (o->fmt == CLI_FMT_JSON)
		return MODE_JSON;
	if (o->fmt == CLI_FMT_TEXTFILE)
		return MODE_TEXTFILE;
	return isatty(1) ? MODE_SCREEN : MODE_PLAIN;
}

int watch_run(struct netobs_ctx *ctx, const struct cli_opts *o)
{
	struct watch w;
	int status;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.o = o;
	w.mode = pick_mode(o);
	out_init(&w.out, w.mode == MODE_TEXTFILE ? -1 : 1);
	if (w.mode == MODE_JSON)
		json_init(&w.json, &w.out);
	prom_init(&w.prom);
	units_hostname(w.host, sizeof(w.host));
	signals_setup(&w);
	status = run(&w);
	screen_leave(&w.screen);
	netobs_diff_free(w.diff);
	netobs_snapshot_free(w.snap[0]);
	netobs_snapshot_free(w.snap[1]);
	if (w.mode == MODE_JSON)
		json_free(&w.json);
	prom_free(&w.prom);
	out_free(&w.out);
	return status;
}
