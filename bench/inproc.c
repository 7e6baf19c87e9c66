/* SPDX-License-Identifier: MIT */
/*
 * In-process cost of the library, without process start: what a long-running
 * caller (netobs watch, an exporter) pays.  Uses only <netobs.h>.  See
 * bench/README.md.
 *
 *   inproc [-n ITERATIONS] [--source auto|netlink|sysfs|procfs]
 *	times a cold snapshot (new context, take, free: what a one-shot
 *	pays), netobs_snapshot_take (+ free) on a warm context,
 *	netobs_snapshot_refresh, netobs_diff_update and reading every rate of
 *	every device; one line each, medians per call and per device, wall
 *	and CPU.
 *   inproc --doctor [-n ITERATIONS] [--source ...]
 *	times netobs_diagnosis_new (+ free) over a diff of two snapshots of
 *	this host: what netobs doctor's analysis costs at its device count.
 *   inproc --doctor-dropping N [-n ITERATIONS]
 *	the same over two snapshots built from values: N hardware devices,
 *	every one dropping in every counter doctor judges (the worst case:
 *	a finding per device per counter), so no host of N devices is needed.
 *   inproc --ticks N [--warmup W] [--source ...]
 *	a watch loop: W untimed ticks, then N ticks of refresh + diff update,
 *	back to back; CPU time per tick.  Run it under libmalloccount.so with
 *	two values of N: the difference in allocations is what ticks allocate.
 *   inproc --sampler-ticks N [--warmup W] [--source ...]
 *	the same through netobs_sampler_tick(): what a service on the sampler
 *	pays per tick, its third snapshot and second diff included.
 *
 * Output lines are "NAME: key=value ...", for bench/run to parse.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netobs.h>

struct options {
	enum netobs_source source;
	unsigned long iterations;
	unsigned long ticks;	/* 0: the per-call mode */
	bool sampler;		/* --sampler-ticks: tick through a sampler */
	unsigned long warmup;
	int doctor;		/* --doctor: time the diagnosis only */
	unsigned long dropping;	/* --doctor-dropping N: N built devices, all dropping */
};

/* Wall and CPU nanoseconds of each call of one measured step. */
struct samples {
	double *wall, *cpu;
	size_t n;
};

static double now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int fail(struct netobs_ctx *ctx, const char *what, int err)
{
	fprintf(stderr, "inproc: %s: %s (%s)\n", what, strerror(-err), netobs_ctx_message(ctx));
	return 1;
}

static void report(const char *name, struct samples *s, size_t ndevs)
{
	double wall = median(s->wall, s->n) / 1e3, cpu = median(s->cpu, s->n) / 1e3;
	double per = ndevs ? (double)ndevs : 1.0;

	printf("%s: calls=%zu devices=%zu us_per_call=%.2f cpu_us_per_call=%.2f "
	       "us_per_device=%.4f cpu_us_per_device=%.4f\n",
	       name, s->n, ndevs, wall, cpu, wall / per, cpu / per);
}

/* ---- per-call mode ------------------------------------------------------ */

/* The steps timed one call at a time; each returns 0 or a negative errno. */
struct bench {
	enum netobs_source source;
	struct netobs_ctx *ctx;
	struct netobs_snapshot *older, *newer;
	struct netobs_diff *diff;
	struct netobs_sampler *sampler; /* --sampler-ticks only */
	double sink;		/* keeps the rate reads from being optimised out */
};

/* A fresh context has no cache: this is the full read a one-shot does. */
static int step_take_cold(struct bench *b)
{
	struct netobs_snapshot *snap = NULL;
	struct netobs_ctx *ctx;
	int err = netobs_ctx_new(&ctx);

	if (err < 0)
		return err;
	err = netobs_ctx_set_source(ctx, b->source);
	if (err == 0)
		err = netobs_snapshot_take(&snap, ctx);
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
	return err;
}

/* On the bench's long-lived context, whose caches are warm. */
static int step_take(struct bench *b)
{
	struct netobs_snapshot *snap;
	int err = netobs_snapshot_take(&snap, b->ctx);

	netobs_snapshot_free(snap);
	return err;
}

static int step_refresh(struct bench *b)
{
	struct netobs_snapshot *t = b->older;

	/* Rotate so the diff step always sees an older and a newer one. */
	b->older = b->newer;
	b->newer = t;
	return netobs_snapshot_refresh(b->newer, b->ctx);
}

static int step_diff(struct bench *b)
{
	return netobs_diff_update(b->diff, b->older, b->newer);
}

/* What an exporter or watch does with a diff: every rate of every device. */
static int step_rates(struct bench *b)
{
	size_t i, n = netobs_snapshot_device_count(b->newer);
	unsigned int c, nc = netobs_counter_count();

	for (i = 0; i < n; i++) {
		const struct netobs_device *dev = netobs_snapshot_device(b->newer, i);

		for (c = 0; c < nc; c++) {
			double r = netobs_diff_rate(b->diff, dev, (enum netobs_counter)c);

			if (!isnan(r))
				b->sink += r;
		}
	}
	return 0;
}

/* What netobs doctor does with a diff: every layer walked, judged and
 * worded. */
static int step_doctor(struct bench *b)
{
	struct netobs_diagnosis *d;
	int err = netobs_diagnosis_new(&d, b->diff);

	if (err == 0)
		b->sink += (double)netobs_diagnosis_verdict(d);
	netobs_diagnosis_free(d);
	return err;
}

static int time_step(struct bench *b, int (*step)(struct bench *), struct samples *s)
{
	size_t i;
	int err;

	for (i = 0; i < s->n; i++) {
		double w = now_ns(CLOCK_MONOTONIC), c = now_ns(CLOCK_PROCESS_CPUTIME_ID);

		err = step(b);
		s->cpu[i] = now_ns(CLOCK_PROCESS_CPUTIME_ID) - c;
		s->wall[i] = now_ns(CLOCK_MONOTONIC) - w;
		if (err < 0)
			return err;
	}
	return 0;
}

/* Every counter doctor judges per device, each one dropping. */
static const enum netobs_counter dropping_counters[] = {
	NETOBS_RX_CRC_ERRORS,	 NETOBS_RX_FRAME_ERRORS, NETOBS_RX_LENGTH_ERRORS,
	NETOBS_RX_MISSED_ERRORS, NETOBS_RX_FIFO_ERRORS,	 NETOBS_RX_OVER_ERRORS,
	NETOBS_RX_DROPPED,	 NETOBS_RX_NOHANDLER,	 NETOBS_RX_OTHERHOST_DROPPED,
	NETOBS_TX_DROPPED,
};

/* N hardware devices at SECS, their counters 0 or (DROPPING) past every
 * gate: 100,000 packets and 5,000 of each error or drop. */
static int build_snapshot(struct netobs_snapshot **out, unsigned long n, time_t secs,
			  bool dropping)
{
	struct timespec when = { 1700000000 + secs, 0 };
	char name[24];
	unsigned long i;
	size_t c;
	int err = netobs_snapshot_new(out, &when);

	if (err == 0)
		err = netobs_snapshot_set_section_ok(*out, NETOBS_SECTION_DEVICES, 1);
	for (i = 0; i < n && err == 0; i++) {
		snprintf(name, sizeof(name), "eth%lu", i);
		err = netobs_snapshot_add_device(*out, (int)i + 2, name);
		if (err == 0)
			err = netobs_snapshot_device_set(*out, "class", "physical");
		if (err == 0)
			err = netobs_snapshot_device_set(*out, "driver", "ixgbe");
		netobs_snapshot_device_set_counter(*out, NETOBS_RX_PACKETS, dropping ? 100000 : 0, 0);
		netobs_snapshot_device_set_counter(*out, NETOBS_TX_PACKETS, dropping ? 100000 : 0, 0);
		for (c = 0; c < sizeof(dropping_counters) / sizeof(dropping_counters[0]); c++)
			netobs_snapshot_device_set_counter(*out, dropping_counters[c],
							   dropping ? 5000 + i : 0, 0);
	}
	return err ? err : netobs_snapshot_finish(*out);
}

static int setup_dropping(struct bench *b, const struct options *o)
{
	int err = build_snapshot(&b->older, o->dropping, 0, false);

	if (err == 0)
		err = build_snapshot(&b->newer, o->dropping, 5, true);
	if (err == 0)
		err = netobs_diff_new(&b->diff, b->older, b->newer);
	if (err < 0)
		fprintf(stderr, "inproc: building %lu devices: %s\n", o->dropping, strerror(-err));
	return err < 0;
}

static int setup(struct bench *b, const struct options *o)
{
	int err = netobs_ctx_new(&b->ctx);

	if (err < 0) {
		fprintf(stderr, "inproc: netobs_ctx_new: %s\n", strerror(-err));
		return 1;
	}
	b->source = o->source;
	err = netobs_ctx_set_source(b->ctx, o->source);
	if (err < 0)
		return fail(b->ctx, "netobs_ctx_set_source", err);
	err = netobs_snapshot_take(&b->older, b->ctx);
	if (err == 0)
		err = netobs_snapshot_take(&b->newer, b->ctx);
	if (err < 0)
		return fail(b->ctx, "netobs_snapshot_take", err);
	err = netobs_diff_new(&b->diff, b->older, b->newer);
	if (err < 0)
		return fail(b->ctx, "netobs_diff_new", err);
	return 0;
}

static void teardown(struct bench *b)
{
	netobs_sampler_free(b->sampler);
	netobs_diff_free(b->diff);
	netobs_snapshot_free(b->older);
	netobs_snapshot_free(b->newer);
	netobs_ctx_free(b->ctx);
}

static const struct {
	const char *name;
	int (*step)(struct bench *);
} steps[] = {
	{ "snapshot_take_cold", step_take_cold },
	{ "snapshot_take", step_take },
	{ "snapshot_refresh", step_refresh },
	{ "diff_update", step_diff },
	{ "diff_rates", step_rates },
};

static int run_doctor(struct bench *b, struct samples *s)
{
	size_t ndevs = netobs_snapshot_device_count(b->newer);
	int err = time_step(b, step_doctor, s);

	if (err < 0)
		return fail(b->ctx, "diagnosis_new", err);
	report("doctor", s, ndevs);
	return 0;
}

static int run_steps(struct bench *b, struct samples *s)
{
	size_t i, ndevs = netobs_snapshot_device_count(b->newer);
	int err;

	printf("inproc: devices=%zu cpus=%zu source=%s iterations=%zu\n", ndevs,
	       netobs_snapshot_cpu_count(b->newer),
	       netobs_source_name(netobs_snapshot_source(b->newer)), s->n);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		err = time_step(b, steps[i].step, s);
		if (err < 0)
			return fail(b->ctx, steps[i].name, err);
		report(steps[i].name, s, ndevs);
	}
	return b->sink < 0; /* rates are never negative */
}

/* ---- tick mode ---------------------------------------------------------- */

static int tick(struct bench *b)
{
	int err = step_refresh(b);

	return err < 0 ? err : step_diff(b);
}

static int sampler_tick(struct bench *b)
{
	return netobs_sampler_tick(b->sampler);
}

static int run_ticks(struct bench *b, const struct options *o)
{
	int (*one)(struct bench *) = o->sampler ? sampler_tick : tick;
	const struct netobs_snapshot *snap;
	size_t ndevs;
	double wall, cpu;
	unsigned long i;
	int err = o->sampler ? netobs_sampler_new(&b->sampler, b->ctx) : 0;

	for (i = 0; i < o->warmup && err == 0; i++)
		err = one(b);
	wall = now_ns(CLOCK_MONOTONIC);
	cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < o->ticks && err == 0; i++)
		err = one(b);
	cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	wall = now_ns(CLOCK_MONOTONIC) - wall;
	if (err < 0)
		return fail(b->ctx, "tick", err);
	snap = o->sampler ? netobs_sampler_snapshot(b->sampler) : b->newer;
	ndevs = netobs_snapshot_device_count(snap);
	wall /= 1e3 * (double)o->ticks;
	cpu /= 1e3 * (double)o->ticks;
	printf("%s: ticks=%lu warmup=%lu devices=%zu source=%s wall_us_per_tick=%.2f "
	       "cpu_us_per_tick=%.2f cpu_us_per_device=%.4f\n",
	       o->sampler ? "sampler-tick" : "tick", o->ticks, o->warmup, ndevs,
	       netobs_source_name(netobs_snapshot_source(snap)), wall, cpu,
	       cpu / (double)(ndevs ? ndevs : 1));
	return 0;
}

/* ---- options -------------------------------------------------------------- */

static int parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || *end || end == s || *s == '-' || *out < min || *out > max ? -1 : 0;
}

static int parse_option(int c, struct options *o)
{
	switch (c) {
	case 'n':
		return parse_ulong(optarg, 1, 10000000, &o->iterations);
	case 'S':
		o->sampler = true;
		return parse_ulong(optarg, 1, 10000000, &o->ticks);
	case 't':
		return parse_ulong(optarg, 1, 10000000, &o->ticks);
	case 'w':
		/* 0 warm-up ticks is allowed: it shows the first ticks' cost. */
		return parse_ulong(optarg, 0, 1000000, &o->warmup);
	case 's':
		return netobs_source_from_name(optarg, &o->source) < 0 ? -1 : 0;
	case 'd':
		o->doctor = 1;
		return 0;
	case 'D':
		o->doctor = 1;
		return parse_ulong(optarg, 1, 100000, &o->dropping);
	}
	return -1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "iterations", required_argument, NULL, 'n' },
		{ "ticks", required_argument, NULL, 't' },
		{ "sampler-ticks", required_argument, NULL, 'S' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "source", required_argument, NULL, 's' },
		{ "doctor", no_argument, NULL, 'd' },
		{ "doctor-dropping", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){ .iterations = 100, .warmup = 3, .source = NETOBS_SOURCE_AUTO };
	while ((c = getopt_long(argc, argv, "n:", longopts, NULL)) != -1)
		if (parse_option(c, o) < 0)
			return -1;
	return optind == argc ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct bench b = { 0 };
	struct options o;
	struct samples s = { 0 };
	int rc;

	if (parse_options(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: inproc [-n ITERATIONS] [--source auto|netlink|sysfs|procfs]\n"
				"       inproc --doctor [-n ITERATIONS] [--source ...]\n"
				"       inproc --doctor-dropping N [-n ITERATIONS]\n"
				"       inproc --ticks N [--warmup W] [--source ...]\n"
				"       inproc --sampler-ticks N [--warmup W] [--source ...]\n");
		return 2;
	}
	if (o.dropping && o.ticks) {
		fprintf(stderr, "inproc: --doctor-dropping times the diagnosis, not ticks\n");
		return 2;
	}
	rc = o.dropping ? setup_dropping(&b, &o) : setup(&b, &o);
	if (rc == 0 && o.ticks) {
		rc = run_ticks(&b, &o);
	} else if (rc == 0) {
		s.n = o.iterations;
		s.wall = calloc(s.n, sizeof(*s.wall));
		s.cpu = calloc(s.n, sizeof(*s.cpu));
		if (!s.wall || !s.cpu)
			rc = fail(b.ctx, "calloc", -ENOMEM);
		else
			rc = o.doctor ? run_doctor(&b, &s) : run_steps(&b, &s);
	}
	free(s.wall);
	free(s.cpu);
	teardown(&b);
	return rc;
}
