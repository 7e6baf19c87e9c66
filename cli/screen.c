/* SPDX-License-Identifier: MIT */
/*
 * The screen of netobs watch on a terminal, redrawn in place like top(1):
 *
 *   header     host, UTC clock, interval, source, order; softnet totals
 *   warning    a warning or a skipped sample, in bold red
 *   sections   one line per section with drops (sockets, qdiscs, stack):
 *              each cli_section's screen hook (sections.c), in order;
 *              a line wraps to a second row when the window is narrow
 *   status     how many devices are shown and why the others are hidden
 *   devices    the table (screen_table.c); the selected row in reverse
 *   CPUs       softnet per CPU (c), the hottest in reverse video; when not
 *              all fit, the hottest and those dropping are never left out
 *
 * Columns go from the right as the window narrows, in a fixed order (see
 * netobs(1)): the drops and errors figures and the name never go.  Keys
 * are screen_keys.c's, the detail view and help screen_detail.c's.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "screen.h"

/* ---- the CPUs ---------------------------------------------------------------- */

static const enum netobs_softnet_field cpu_fields[] = {
	NETOBS_SOFTNET_PROCESSED, NETOBS_SOFTNET_DROPPED, NETOBS_SOFTNET_TIME_SQUEEZE,
};

static size_t softnet_cpus(const struct netobs_snapshot *snap)
{
	size_t i, n = 0;

	for (i = 0; i < netobs_snapshot_cpu_count(snap); i++)
		n += netobs_cpu_softnet(netobs_snapshot_cpu(snap, i), NETOBS_SOFTNET_PROCESSED,
					NULL) == 0;
	return n;
}

static double cpu_rate(const struct frame *f, const struct netobs_cpu *cpu,
		       enum netobs_softnet_field field)
{
	double r;

	if (netobs_diff_cpu_softnet(f->smp->diff, cpu, field, NULL, &r) < 0)
		return NAN;
	return r;
}

/* The CPU that processed most packets: where a single hot queue shows. */
static const struct netobs_cpu *hottest_cpu(const struct frame *f)
{
	const struct netobs_snapshot *snap = f->smp->snap;
	const struct netobs_cpu *hot = NULL;
	double best = 0, r;
	size_t i;

	for (i = 0; i < netobs_snapshot_cpu_count(snap); i++) {
		r = cpu_rate(f, netobs_snapshot_cpu(snap, i), NETOBS_SOFTNET_PROCESSED);
		if (r > best) {
			best = r;
			hot = netobs_snapshot_cpu(snap, i);
		}
	}
	return hot;
}

static void screen_cpu(struct frame *f, const struct netobs_cpu *cpu, bool hot)
{
	char buf[UNITS_BUFSIZ];
	double r;
	size_t i;

	frame_newline(f);
	if (hot)
		frame_attr(f, "\033[7m");
	snprintf(buf, sizeof(buf), "%d", netobs_cpu_id(cpu));
	cell(f, buf, 5, true, false);
	for (i = 0; i < 3; i++) {
		r = cpu_rate(f, cpu, cpu_fields[i]);
		cell(f, units_count_rate(buf, r, f->s->o), 11, true, i > 0 && r > 0);
	}
	if (netobs_diff_cpu_softirq(f->smp->diff, cpu, NETOBS_SOFTIRQ_NET_RX, NULL, &r) < 0)
		r = NAN;
	cell(f, units_count_rate(buf, r, f->s->o), 11, true, false);
	cell(f, hot ? "hottest" : "", 7, false, false);
}

/* A CPU the pane must not leave out: it dropped or was squeezed. */
static bool cpu_trouble(const struct frame *f, const struct netobs_cpu *cpu)
{
	return cpu_rate(f, cpu, NETOBS_SOFTNET_DROPPED) > 0 ||
	       cpu_rate(f, cpu, NETOBS_SOFTNET_TIME_SQUEEZE) > 0;
}

static size_t trouble_cpus(const struct frame *f, const struct netobs_cpu *hot)
{
	const struct netobs_snapshot *snap = f->smp->snap;
	const struct netobs_cpu *cpu;
	size_t i, n = 0;

	for (i = 0; i < netobs_snapshot_cpu_count(snap); i++) {
		cpu = netobs_snapshot_cpu(snap, i);
		if (cpu != hot && netobs_cpu_softnet(cpu, NETOBS_SOFTNET_PROCESSED, NULL) == 0)
			n += cpu_trouble(f, cpu);
	}
	return n;
}

static void cpus_header(struct frame *f)
{
	frame_newline(f);
	frame_attr(f, "\033[7m");
	cell(f, "CPU", 5, true, false);
	cell(f, "processed/s", 11, true, false);
	cell(f, "dropped/s", 11, true, false);
	cell(f, "squeezed/s", 11, true, false);
	cell(f, "NET_RX/s", 11, true, false);
	cell(f, "", f->cols, false, false);
	f->limit--;
}

/* The CPUs in id order, as many as fit.  When not all do, the hottest and
 * those that dropped or were squeezed are shown first (a single hot queue
 * is what the totals hide), the others fill the rows left. */
static void screen_cpus(struct frame *f, size_t ncpus)
{
	const struct netobs_snapshot *snap = f->smp->snap;
	const struct netobs_cpu *hot = hottest_cpu(f), *cpu;
	size_t i, room, pinned, trouble_room, other_room, shown = 0, nt = 0, no = 0;

	cpus_header(f);
	room = f->limit <= 0 ? 0 : (size_t)f->limit;
	if (ncpus > room && room > 0)
		room--; /* a row says how many more */
	pinned = trouble_cpus(f, hot) + (hot != NULL);
	trouble_room = room - (hot && room > 0);
	other_room = pinned < room ? room - pinned : 0;
	for (i = 0; i < netobs_snapshot_cpu_count(snap) && shown < room; i++) {
		cpu = netobs_snapshot_cpu(snap, i);
		if (netobs_cpu_softnet(cpu, NETOBS_SOFTNET_PROCESSED, NULL) < 0)
			continue;
		if (cpu != hot && (cpu_trouble(f, cpu) ? nt++ >= trouble_room
						       : no++ >= other_room))
			continue;
		screen_cpu(f, cpu, cpu == hot);
		f->limit--;
		shown++;
	}
	if (shown < ncpus)
		more_line(f, ncpus - shown, "CPUs (a taller window shows them)");
}

/* ---- header, sections, status ------------------------------------------------ */

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

static const char *const sort_names[] = { "trouble", "throughput", "drops", "errors", "name" };

/* The clock is UTC, marked Z, like the lines on a pipe: logs and
 * colleagues in other zones compare times without asking. */
static void screen_header(struct frame *f)
{
	const struct cli_sample *smp = f->smp;
	char line[512], when[16], host[64];
	struct timespec rt;
	struct tm tm;

	netobs_snapshot_time(smp->snap, NULL, &rt);
	if (!gmtime_r(&rt.tv_sec, &tm) || !strftime(when, sizeof(when), "%H:%M:%SZ", &tm))
		snprintf(when, sizeof(when), "-");
	snprintf(line, sizeof(line), "netobs  %s  %s  every %gs  %s  order %s  ? help  q quit", escape_str(host, sizeof(host), f->s->host), when,
		 f->s->o->interval, netobs_source_name(netobs_snapshot_source(smp->snap)),
		 sort_names[f->scr->sort]);
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

#define SECTION_ROWS 2	/* a section line wraps to this many rows at most */

/* Where TEXT (ASCII) breaks to fit WIDTH columns: after the last ", " or
 * at the last "  " (between two figures) that fits, else at WIDTH. */
static size_t section_break(const char *text, size_t width)
{
	size_t i;

	for (i = width; i > 1; i--)
		if (text[i] == ' ' && (text[i - 1] == ' ' || text[i - 1] == ','))
			return i;
	return width;
}

/* A section's TEXT, wrapped when the window is narrow (the continuation
 * indented), so that at 80 columns no figure is cut off. */
static void section_rows(struct frame *f, const char *text)
{
	size_t len = strlen(text), brk;
	int row, room;

	for (row = 0; row < SECTION_ROWS && *text; row++) {
		frame_newline(f);
		if (row > 0)
			cell(f, "", 1, false, false);
		room = f->cols - f->col - (f->col > 0); /* cell() adds a space */
		if (len <= (size_t)room || row + 1 == SECTION_ROWS || room < 20) {
			cell(f, text, f->cols, false, false);
			return;
		}
		brk = section_break(text, (size_t)room);
		cell(f, text, (int)brk, false, false);
		text += brk;
		while (*text == ' ')
			text++;
		len = strlen(text);
	}
}

/* Each section's line goes through a kept buffer: no allocation once warm. */
static void screen_sections(struct frame *f)
{
	struct out *line = &f->scr->line;
	size_t i;

	for (i = 0; i < cli_section_count; i++) {
		if (!cli_sections[i]->screen)
			continue;
		out_reset(line);
		cli_sections[i]->screen(line, f->smp, f->s->o);
		out_char(line, '\0');
		if (!line->err)
			section_rows(f, line->buf);
		else
			frame_newline(f);
	}
}

/* "12 devices: 3 shown, 9 hidden, 7 idle (i shows), 2 not matching 'veth'
 * (Esc clears)"; while a filter is typed, the prompt follows the counts,
 * which stay in sight. */
static void status_line(struct frame *f)
{
	const struct screen *scr = f->scr;
	char line[384], pat[SCREEN_FILTER_MAX * 4 + 1];
	int n;

	frame_newline(f);
	n = snprintf(line, sizeof(line), "%zu devices: %zu shown, %zu hidden", scr->nrows,
		     scr->nshown, scr->hidden_idle + scr->hidden_filter);
	if (scr->hide_idle)
		n += snprintf(line + n, sizeof(line) - (size_t)n, ", %zu idle (i shows)",
			      scr->hidden_idle);
	if (scr->editing)
		snprintf(line + n, sizeof(line) - (size_t)n,
			 "   filter: %s_  (Enter applies, Esc clears)",
			 escape_str(pat, sizeof(pat), scr->edit));
	else if (scr->filter[0])
		snprintf(line + n, sizeof(line) - (size_t)n, ", %zu not matching '%s' (Esc clears)",
			 scr->hidden_filter, escape_str(pat, sizeof(pat), scr->filter));
	cell(f, line, f->cols, false, false);
}

/* ---- the frame ----------------------------------------------------------------- */

/* Rows for the device table, its header included.  When devices and CPUs
 * do not both fit, the CPUs keep all they need if that is at most half the
 * rows left, else a third (at least 3 rows); the devices get the rest. */
static int device_rows(int avail, size_t ndev, size_t ncpus)
{
	int need_dev = (int)(ndev < 100000 ? ndev : 100000) + 1;
	int need_cpu = ncpus ? (int)(ncpus < 100000 ? ncpus : 100000) + 2 : 0;
	int cpu_rows;

	if (need_dev + need_cpu <= avail || !ncpus)
		return need_dev < avail ? need_dev : avail;
	cpu_rows = need_cpu <= avail / 2 ? need_cpu : avail / 3;
	if (cpu_rows < 3)
		cpu_rows = 3;
	if (need_dev < avail - cpu_rows)
		return need_dev;
	return avail - cpu_rows > 2 ? avail - cpu_rows : 2;
}

static void screen_table(struct frame *f)
{
	size_t ncpus = f->scr->cpus ? softnet_cpus(f->smp->snap) : 0;

	screen_devices(f, device_rows(f->rows - f->row, f->scr->nshown, ncpus));
	f->limit = f->rows - f->row;
	if (f->limit >= 3 && ncpus > 0) {
		frame_newline(f);
		f->limit--;
		screen_cpus(f, ncpus);
	}
	/* Room left: the selected device's last minute, as bmon shows it. */
	if (f->rows - f->row >= 6 && screen_selected(f->scr) && screen_selected(f->scr)->hist) {
		frame_newline(f);
		frame_newline(f);
		cell(f, screen_selected(f->scr)->shown, f->cols, false, false);
		screen_sparklines(f, f->cols, true);
	}
}

static void screen_body(struct frame *f)
{
	switch (f->scr->view) {
	case VIEW_HELP: screen_help(f); break;
	case VIEW_DETAIL: screen_detail(f); break;
	case VIEW_TABLE: screen_table(f); break;
	}
}

static int screen_draw(struct cli_sink *s, const struct cli_sample *smp)
{
	struct frame f = { .s = s, .scr = s->screen, .smp = smp, .out = &s->out,
			   .cols = s->term.cols, .rows = s->term.rows };
	bool rates = smp->diff && !smp->stale;

	if (rates && screen_rows(s->screen, smp, s->o) < 0) {
		cli_error(NULL, "out of memory");
		return -ENOMEM;
	}
	out_str(f.out, "\033[H");
	screen_header(&f);
	frame_newline(&f);
	warning_cell(&f);
	if (rates) {
		screen_sections(&f);
		status_line(&f);
		if (f.rows - f.row >= 2)
			screen_body(&f);
	}
	out_str(f.out, "\033[0m\033[K\033[J");
	return cli_sink_flush(s);
}

/* Only the warning row: the last frame, rates and all, stays up while a
 * skipped sample is reported. */
static int screen_status(struct cli_sink *s)
{
	struct frame f = { .s = s, .scr = s->screen, .out = &s->out, .cols = s->term.cols,
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
	if (!s->screen)
		return -ENOMEM;
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

/* Block characters only where the locale says UTF-8: the CLI never calls
 * setlocale(3), so the environment is read the way it would be. */
static bool locale_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < 3; i++) {
		v = getenv(vars[i]);
		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return false;
}

static void screen_begin(struct cli_sink *s)
{
	units_hostname(s->host, sizeof(s->host));
	s->screen = calloc(1, sizeof(*s->screen));
	if (!s->screen) {
		cli_error(NULL, "out of memory");
		return;
	}
	s->screen->cpus = true;
	s->screen->hide_idle = s->o->active;
	s->screen->utf8 = locale_utf8();
	out_init(&s->screen->line, -1);
}

static void screen_end(struct cli_sink *s)
{
	term_leave(&s->term);
	if (!s->screen)
		return;
	screen_history_free(s->screen);
	out_free(&s->screen->line);
	free(s->screen);
	s->screen = NULL;
}

const struct cli_format cli_format_screen = {
	.name = "screen",
	.shows_warnings = true,
	.begin = screen_begin,
	.print_sample = screen_sample,
	.print_skipped = screen_skipped,
	.keys = screen_keys,
	.end = screen_end,
};
