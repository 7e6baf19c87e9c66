/* SPDX-License-Identifier: MIT */
/*
 * The screen of netobs watch on a terminal, redrawn in place like top(1):
 * a header with the softnet totals, a warning row, the devices' rates and
 * the CPUs', cut to the window.  Warnings and skipped samples go to the
 * warning row: a line on stderr would tear the screen.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define NAME_WIDTH 16

/* A frame being drawn: lines are cut at the window's edge, and rows stop
 * at LIMIT. */
struct frame {
	struct cli_sink *s;
	const struct cli_sample *smp;
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
	if (CLI_RATE_IS_BYTES(i))
		return o->raw ? 16 : 11;
	return o->raw ? 11 : 9;
}

static void devices_header(struct frame *f)
{
	static const char *const titles[CLI_NRATES] = { "RX", "TX", "RX pkt/s", "TX pkt/s",
						    "RX err/s", "TX err/s", "RX drop/s",
						    "TX drop/s" };
	const struct cli_opts *o = f->s->o;
	char title[24];
	size_t i;

	frame_newline(f);
	out_str(f->out, "\033[7m");
	cell(f, "DEVICE", NAME_WIDTH, false, false);
	for (i = 0; i < CLI_NRATES; i++) {
		snprintf(title, sizeof(title), "%s%s", titles[i],
			 !CLI_RATE_IS_BYTES(i) ? "" : o->bytes ? " B/s" : " bit/s");
		cell(f, title, rate_width(o, i), true, false);
	}
	out_str(f->out, "\033[0m");
}

static void device_rates(struct frame *f, const struct netobs_device *dev)
{
	const struct cli_opts *o = f->s->o;
	char buf[UNITS_BUFSIZ];
	double r;
	size_t i;

	for (i = 0; i < CLI_NRATES; i++) {
		r = netobs_diff_rate(f->smp->diff, dev, cli_rate_counters[i]);
		if (CLI_RATE_IS_BYTES(i))
			units_byte_rate(buf, r, o);
		else
			units_count_rate(buf, r, o);
		cell(f, buf, rate_width(o, i), true, CLI_RATE_IS_TROUBLE(i) && r > 0);
	}
}

static void screen_device(void *arg, const struct netobs_device *dev, const char *name,
			  unsigned int status)
{
	struct frame *f = arg;
	char shown[NAME_WIDTH + 1];
	const char *word = cli_no_rates_why(status);

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
		if (netobs_diff_cpu_softnet(f->smp->diff, cpu, fields[i], NULL, &r) < 0)
			r = NAN;
		cell(f, units_count_rate(buf, r, f->s->o), 11, true, i > 0 && r > 0);
	}
	if (netobs_diff_cpu_softirq(f->smp->diff, cpu, NETOBS_SOFTIRQ_NET_RX, NULL, &r) < 0)
		r = NAN;
	cell(f, units_count_rate(buf, r, f->s->o), 11, true, false);
}

static void screen_cpus(struct frame *f, size_t ncpus)
{
	const struct netobs_snapshot *snap = f->smp->snap;
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
		if (netobs_diff_softnet_total(f->smp->diff, totals[i].field, NULL, &r) < 0)
			r = NAN;
		n += (size_t)snprintf(line + n, sizeof(line) - n, "  %s %s/s", totals[i].label,
				      units_count_rate(buf, r, f->s->o));
	}
	cell(f, line, f->cols, false, false);
}

static void screen_header(struct frame *f)
{
	const struct cli_sample *smp = f->smp;
	char line[512], when[16], host[64];
	struct timespec rt;
	struct tm tm;

	netobs_snapshot_time(smp->snap, NULL, &rt);
	if (!localtime_r(&rt.tv_sec, &tm) || !strftime(when, sizeof(when), "%H:%M:%S", &tm))
		snprintf(when, sizeof(when), "-");
	snprintf(line, sizeof(line), "netobs watch  %s  every %gs  %s  source %s  (q quits)",
		 escape_str(host, sizeof(host), f->s->host), f->s->o->interval, when,
		 netobs_source_name(netobs_snapshot_source(smp->snap)));
	frame_newline(f);
	cell(f, line, f->cols, false, false);
	frame_newline(f);
	if (!smp->diff || smp->stale) {
		cell(f, smp->diff ? "waiting for the next sample ..."
				: "waiting for the second sample ...", f->cols, false, false);
		return;
	}
	totals_line(f);
}

/* The third row: a warning, or a skipped sample, in bold red. */
static void warning_cell(struct frame *f)
{
	char text[512];

	if (f->s->warning[0])
		cell(f, escape_str(text, sizeof(text), f->s->warning), f->cols, false, true);
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

/* One row for the qdiscs that dropped, when there is room. */
static void screen_qdiscs(struct frame *f)
{
	char text[512];

	if (f->row >= f->rows || !qdisc_screen_text(text, sizeof(text), f->smp, f->s->o))
		return;
	frame_newline(f);
	cell(f, text, f->cols, false, true);
}

/* The protocols' drop rates (stack_out.c), under the CPUs. */
static void stack_row(struct frame *f)
{
	char line[256];

	frame_newline(f);
	cell(f, stack_rates_text(line, sizeof(line), f->smp->diff, f->s->o, true), f->cols, false,
	     false);
}

static void screen_body(struct frame *f)
{
	size_t ndev = cli_sample_devices(f->smp, &f->s->o->filter, NULL, NULL);
	size_t ncpus = softnet_cpus(f->smp->snap);
	size_t room = (size_t)device_rows(f->rows - f->row, ndev, ncpus) - 1;
	size_t shown = ndev <= room ? ndev : room - 1; /* a row says how many more */

	devices_header(f);
	f->limit = (int)shown;
	cli_sample_devices(f->smp, &f->s->o->filter, screen_device, f);
	if (shown < ndev)
		more_line(f, ndev - shown, "devices (name or filter them)");
	f->limit = f->rows - f->row - 1; /* the last row: stack_row */
	if (f->limit >= 3 && ncpus > 0)
		screen_cpus(f, ncpus);
	screen_qdiscs(f);
	stack_row(f);
}

static int screen_draw(struct cli_sink *s, const struct cli_sample *smp)
{
	struct frame f = { .s = s, .smp = smp, .out = &s->out, .cols = s->term.cols,
			   .rows = s->term.rows };

	out_str(f.out, "\033[H");
	screen_header(&f);
	screen_warning(&f);
	if (smp->diff && !smp->stale && f.rows - f.row >= 2)
		screen_body(&f);
	out_str(f.out, "\033[K\033[J");
	return cli_sink_flush(s);
}

/* Only the warning row: the last frame, rates and all, stays up while a
 * skipped sample is reported. */
static int screen_status(struct cli_sink *s)
{
	struct frame f = { .s = s, .out = &s->out, .cols = s->term.cols,
			   .rows = s->term.rows, .row = 3 };

	if (f.rows < 3)
		return 0;
	out_str(f.out, "\033[3;1H");
	warning_cell(&f);
	out_str(f.out, "\033[K");
	return cli_sink_flush(s);
}


/* The first sample (no rates yet) takes the terminal: a watch that fails
 * before it leaves no screen to clean up. */
static int screen_sample(struct cli_sink *s, const struct cli_sample *smp)
{
	if (!s->term.active)
		term_enter(&s->term);
	return screen_draw(s, smp);
}

static int screen_skipped(struct cli_sink *s, const char *why)
{
	if (s->o->quiet)
		return 0;
	if (!s->term.active)
		return cli_sink_warn_skipped(s, why);
	snprintf(s->warning, sizeof(s->warning), "sample skipped: %s", why);
	return screen_status(s);
}

static void screen_begin(struct cli_sink *s)
{
	units_hostname(s->host, sizeof(s->host));
}

static void screen_end(struct cli_sink *s)
{
	term_leave(&s->term);
}

const struct cli_format cli_format_screen = {
	.name = "screen",
	.shows_warnings = true,
	.begin = screen_begin,
	.print_sample = screen_sample,
	.print_skipped = screen_skipped,
	.end = screen_end,
};
