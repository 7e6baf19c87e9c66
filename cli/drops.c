/* SPDX-License-Identifier: MIT */
/*
 * netobs drops: the kernel's drop reasons over -i SECONDS, -c times.  The
 * tracer is open (so skb:kfree_skb on) only while this runs; SIGINT and
 * SIGTERM end the interval under way, which is still reported with its
 * true length, and the tracer is closed on the way out.  A tracer that
 * cannot open exits with CLI_EXIT_UNAVAILABLE and says why.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "outbuf.h"
#include "text.h"

/* The longest wait in one poll: a signal that lands just before the poll
 * is seen this late at most. */
#define DROPS_POLL_MS 200

static volatile sig_atomic_t got_quit;

static void on_quit(int sig)
{
	(void)sig;
	got_quit = 1;
}

/* Without SA_RESTART: the poll returns at once with EINTR. */
static void signals_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_quit;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static double ms_left(const struct timespec *end)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(end->tv_sec - now.tv_sec) * 1e3 + (double)(end->tv_nsec - now.tv_nsec) / 1e6;
}

/* Counts until SECONDS have passed or a signal came. */
static int wait_interval(struct netobs_drops *d, double seconds)
{
	struct timespec end;
	double left;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)seconds;
	end.tv_nsec += (long)((seconds - floor(seconds)) * 1e9);
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	while (!got_quit && (left = ms_left(&end)) > 0) {
		err = netobs_drops_poll(d, left > DROPS_POLL_MS ? DROPS_POLL_MS : (int)ceil(left));
		if (err < 0 && err != -EINTR)
			return err;
	}
	return 0;
}

/* One interval: counted, read, printed. */
static int interval(struct netobs_drops *d, const struct cli_opts *o, struct out *out)
{
	struct netobs_drop_counts *c = NULL;
	struct timespec end;
	int err = wait_interval(d, o->interval);

	if (err == 0)
		err = netobs_drops_read(&c, d);
	if (err < 0)
		return err;
	clock_gettime(CLOCK_REALTIME, &end);
	if (netobs_drop_counts_lost(c) && !o->quiet)
		cli_errorf("warning: %llu drop events lost: the counts are lower bounds",
			   (unsigned long long)netobs_drop_counts_lost(c));
	err = drops_print(out, o, c, &end);
	netobs_drop_counts_free(c);
	return err < 0 ? err : out_flush(out);
}

int drops_run(struct netobs_ctx *ctx, const struct cli_opts *o)
{
	struct netobs_drops *d = NULL;
	unsigned long n, count = o->count ? o->count : 1;
	struct out out;
	int err;

	signals_setup();
	err = netobs_drops_new(&d, ctx);
	if (err < 0) {
		cli_error("drop reasons unavailable: ", netobs_ctx_message(ctx));
		return CLI_EXIT_UNAVAILABLE;
	}
	out_init(&out, 1);
	for (n = 0; n < count && err == 0; n++) {
		if (n > 0 && !o->fmt)
			out_char(&out, '\n');
		err = interval(d, o, &out);
		if (got_quit)
			break;
	}
	out_free(&out);
	netobs_drops_free(d);
	if (err < 0 && err != -EPIPE) {
		cli_errorf("drops: %s", netobs_strerror(err));
		return CLI_EXIT_RUNTIME;
	}
	return CLI_EXIT_OK;
}
