/* SPDX-License-Identifier: MIT */
/*
 * netobs watch: a snapshot every interval, rates from the last two.
 *
 * What a sample looks like is the format's (format.c): a screen redrawn in
 * place on a terminal (screen.c), plain timestamped lines on a pipe
 * (lines.c), NDJSON with --json, the Prometheus file rewritten every
 * interval with --textfile.  This file is the loop and its signals.
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
 * with unblocking them, for SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH and SIGTSTP,
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
#include <time.h>
#include <unistd.h>

#include "cli.h"

struct watch {
	struct netobs_ctx *ctx;
	const struct cli_opts *o;
	struct cli_sink sink;
	struct netobs_snapshot *snap[2];
	int cur;		/* index of the newest snapshot */
	bool based;		/* snap[cur] is a good snapshot */
	struct netobs_diff *diff; /* snap[!cur] -> snap[cur]; NULL until two */
	bool stale;		/* a failed refresh emptied snap[!cur]: the diff
				 * must not be read until the next good one */
	sigset_t unblocked;	/* the signal mask while waiting */
	struct timespec deadline;
	unsigned long samples;
	double scrape_seconds;
	bool redraw;		/* a key changed what the screen shows */
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

/* SIGQUIT (Ctrl-\, which the screen leaves to the terminal like Ctrl-C)
 * quits as SIGTERM does: its default action would leave the terminal raw,
 * on the alternate screen, without a cursor. */
static const int watched_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP };
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

static struct cli_sample current(const struct watch *w)
{
	struct cli_sample smp = { .snap = w->snap[w->cur], .diff = w->diff, .stale = w->stale };

	return smp;
}

/* What a format hook returned, as the loop's answer: -1 to go on, else the
 * exit status (the hook reported any failure; a reader gone is no error). */
static int output_status(int err)
{
	if (err == 0)
		return -1;
	return err == -EPIPE ? CLI_EXIT_OK : CLI_EXIT_RUNTIME;
}

static void read_keys(struct watch *w)
{
	char keys[64];
	ssize_t n = read(0, keys, sizeof(keys));

	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN))
			w->sink.term.keys = false; /* stdin closed: Ctrl-C still works */
		return;
	}
	if (!w->sink.fmt->keys) {
		if (memchr(keys, 'q', (size_t)n) || memchr(keys, 'Q', (size_t)n))
			got_quit = 1;
		return;
	}
	switch (w->sink.fmt->keys(&w->sink, keys, (size_t)n)) {
	case CLI_KEY_QUIT: got_quit = 1; break;
	case CLI_KEY_REDRAW: w->redraw = true; break;
	case CLI_KEY_NONE: break;
	}
}

/* Ctrl-Z: give the terminal back, stop, and take it again on fg. */
static void suspend(struct watch *w)
{
	struct term *term = &w->sink.term;
	bool screen = term->active;
	sigset_t tstp;

	got_tstp = 0;
	term_leave(term);
	set_handler(SIGTSTP, SIG_DFL);
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &tstp, NULL);
	raise(SIGTSTP);
	sigprocmask(SIG_BLOCK, &tstp, NULL);
	set_handler(SIGTSTP, on_signal);
	if (screen) {
		term_enter(term);
		got_winch = 1;
	}
}

/* A new window size: the whole frame again.  A key: the same sample drawn
 * the way the operator now asks, at once rather than at the next tick. */
static int redraw(struct watch *w)
{
	struct cli_sample smp = current(w);

	if (got_winch) {
		got_winch = 0;
		term_size(&w->sink.term);
		tty_write("\033[2J");
	}
	w->redraw = false;
	return output_status(w->sink.fmt->print_sample(&w->sink, &smp));
}

/* The time left until the deadline; false when it has come. */
static bool time_left(const struct watch *w, struct timespec *left)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!before(&now, &w->deadline))
		return false;
	left->tv_sec = w->deadline.tv_sec - now.tv_sec;
	left->tv_nsec = w->deadline.tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_sec--;
		left->tv_nsec += 1000000000L;
	}
	return true;
}

/* Sleeps until the deadline: -1 then, else the exit status (told to quit,
 * or the screen could not be redrawn). */
static int wait_deadline(struct watch *w)
{
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	struct timespec left;
	int status;

	for (;;) {
		if (got_quit)
			return CLI_EXIT_OK;
		if (got_tstp)
			suspend(w);
		if ((got_winch || w->redraw) && w->sink.term.active &&
		    (status = redraw(w)) >= 0)
			return status;
		if (!time_left(w, &left))
			return -1;
		if (ppoll(&pfd, w->sink.term.keys ? 1 : 0, &left, &w->unblocked) > 0)
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

/* A format that prints samples gets rates; one that does not (textfile)
 * gets every snapshot. */
static int emit(struct watch *w)
{
	const struct cli_format *fmt = w->sink.fmt;
	struct cli_sample smp = current(w);

	if (fmt->print_sample)
		return output_status(fmt->print_sample(&w->sink, &smp));
	return output_status(fmt->print_snapshot(&w->sink, smp.snap, w->scrape_seconds));
}

static void note_warnings(struct watch *w)
{
	char buf[2048];
	const char *text = cli_warnings_join(w->ctx, buf, sizeof(buf));
	struct cli_sink *s = &w->sink;

	if (s->fmt->shows_warnings)
		snprintf(s->warning, sizeof(s->warning), "%s", w->o->quiet ? "" : text);
	else
		cli_warnings(w->ctx, w->o, s->warning, sizeof(s->warning));
}

/* The sample the library could not take: said in the output's own way,
 * and the loop goes on with the last good snapshot as the base. */
static int skip(struct watch *w, int err)
{
	const char *msg = netobs_ctx_message(w->ctx);
	char why[400];

	snprintf(why, sizeof(why), "%s", *msg ? msg : netobs_strerror(err));
	if (w->sink.fmt->print_skipped)
		return output_status(w->sink.fmt->print_skipped(&w->sink, why));
	return output_status(cli_sink_warn_skipped(&w->sink, why));
}

/* The first good snapshot: named devices must exist now, even if they may
 * vanish later, and filters that select nothing are noted.  It is the base of the first diff, and a sample only for
 * a format that prints snapshots. */
static int first(struct watch *w)
{
	if (filter_check_named(&w->o->filter, w->snap[w->cur]) < 0)
		return CLI_EXIT_RUNTIME;
	if (!w->o->quiet)
		filter_note_unmatched(&w->o->filter, w->snap[w->cur]);
	w->based = true;
	if (!w->sink.fmt->print_sample)
		w->samples++;
	return emit(w);
}

static int compare(struct watch *w)
{
	int err;

	if (w->diff)
		err = netobs_diff_update(w->diff, w->snap[!w->cur], w->snap[w->cur]);
	else
		err = netobs_diff_new(&w->diff, w->snap[!w->cur], w->snap[w->cur]);
	if (err < 0) {
		term_leave(&w->sink.term);
		cli_errorf("cannot compare snapshots: %s",
			   w->diff && *netobs_diff_message(w->diff) ? netobs_diff_message(w->diff)
								     : netobs_strerror(err));
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
		term_leave(&w->sink.term); /* the message must outlive the screen */
		cli_snapshot_error(w->ctx, err);
		return CLI_EXIT_RUNTIME;
	}
	note_warnings(w);
	w->cur = next;
	if (!w->based)
		return first(w);
	w->samples++;
	if (!w->sink.fmt->print_sample)
		return emit(w);
	status = compare(w);
	return status < 0 ? emit(w) : status;
}

/* --strict: the first sample with a warning is the last, exit status 1,
 * said once the screen is gone. */
static int strict_stop(struct watch *w)
{
	term_leave(&w->sink.term);
	return cli_strict_status(w->ctx, w->o);
}

/* The first tick comes at once, then one every interval. */
static int run(struct watch *w)
{
	int status = -1;

	clock_gettime(CLOCK_MONOTONIC, &w->deadline);
	while (status < 0 && (w->o->count == 0 || w->samples < w->o->count)) {
		status = wait_deadline(w);
		if (status >= 0)
			return status;
		next_deadline(w);
		status = tick(w);
		if (status < 0 && w->o->strict && netobs_ctx_warning_count(w->ctx) > 0)
			status = strict_stop(w);
	}
	return status < 0 ? CLI_EXIT_OK : status;
}

int watch_run(struct netobs_ctx *ctx, const struct cli_opts *o)
{
	struct watch w;
	int status;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.o = o;
	cli_sink_begin(&w.sink, cli_format_pick(o), o, ctx);
	signals_setup(&w);
	status = run(&w);
	cli_sink_end(&w.sink);
	netobs_diff_free(w.diff);
	netobs_snapshot_free(w.snap[0]);
	netobs_snapshot_free(w.snap[1]);
	return status;
}
