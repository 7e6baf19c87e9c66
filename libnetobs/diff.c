/* SPDX-License-Identifier: MIT */
/*
 * The diff: two snapshots of one root turned into deltas and per-second
 * rates.  The rules below are the contract; libnetobs(3) and
 * netobs_diff_new(3) quote them.
 *
 * Interval.  The seconds between the two CLOCK_MONOTONIC instants.  The
 * newer snapshot must be strictly later than the older and both must come
 * from the same root, otherwise -EINVAL: swapped arguments or one snapshot
 * passed twice would give negative or infinite rates, and two roots are two
 * hosts.  The reason is kept on the diff (netobs_diff_message()); a failed
 * netobs_diff_update() leaves the diff empty (every getter then fails with
 * -EINVAL, the interval is NAN) rather than half-updated.  netobs_diff_new()
 * with two NULL snapshots makes such an empty diff, to update later.
 *
 * Device identity.  The same device is the same ifindex AND the same name.
 * A device of the newer snapshot is
 *   SAME       when the older one has that (ifindex, name);
 *   RENAMED    when the older one has its ifindex under another name;
 *   RECREATED  when the older one has its name under another ifindex (both
 *              flags when both hold);
 *   NEW        otherwise.
 * Every device of the older snapshot without a same-(ifindex, name) partner
 * is GONE and listed by netobs_diff_gone_device(): so every device of
 * either snapshot appears exactly once among the newer devices and the gone
 * list.
 * Only SAME devices (possibly flagged RESET) give deltas; the others give
 * -ENOENT.  A source that does not know ifindexes (ifindex 0) is matched by
 * name alone, and only against a device whose ifindex is unknown too.
 *
 * Device counters.  A counter is comparable when both devices have it and it
 * is folded (/proc/net/dev) in both or in neither; otherwise -ENODATA.  When
 * either device's counters came from 32-bit IFLA_STATS the delta is taken
 * modulo 2^32 (one wrap at most per interval is assumed).  A 64-bit counter
 * that goes backwards was reset: that counter gives -ERANGE, never a
 * negative or huge delta, and the device's status gets NETOBS_DIFF_RESET.
 * The device's other counters still give their deltas: a driver that
 * resets its statistics zeroes all of them, so those deltas may count only
 * since the reset (too low, never too high); RESET tells the caller so.
 *
 * CPUs.  Matched by id.  A CPU of the newer snapshot is NEW when it is not
 * in the older one or was offline there (no softnet row) and is online now,
 * GONE when it was online and is offline now (it is still in the newer
 * snapshot through its /proc/softirqs column), SAME otherwise.  CPUs of the
 * older snapshot that the newer one lacks altogether are GONE and listed by
 * netobs_diff_gone_cpu().  Softnet counters are u32 in the kernel: deltas
 * are modulo 2^32, and only for a CPU online in both (-ENOENT for NEW and
 * GONE ones, -ENODATA for one offline in both or a field this kernel lacks).
 * Softirq counters are u32 too and are kept for offline CPUs: their deltas
 * are valid whenever both snapshots have the CPU's value.  Gauges
 * (backlog_len, input_qlen, process_qlen) are not differenced: *delta and
 * *rate are the newer value, whenever the newer snapshot has it.
 *
 * Aggregates.  Sums of the deltas that the per-device or per-CPU getter
 * gives (so new, gone, reset-backwards and unavailable ones are left out);
 * -ENODATA when nothing contributed.  Gauge totals sum the newer values.
 *
 * Rates are delta / interval.  Lookups are O(1): the matching is done once
 * per update into arrays owned by the diff, indexed by the position of the
 * device or CPU in its snapshot.  An update with snapshots no larger than
 * before allocates nothing.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NO_PARTNER UINT32_MAX

/* One device of either snapshot: its partner in the other snapshot. */
struct dev_link {
	uint32_t partner;	/* index in the other snapshot, or NO_PARTNER */
	uint32_t backwards;	/* newer side: bit per counter that went backwards */
	unsigned int status;	/* enum netobs_diff_status */
};
_Static_assert(NETOBS__COUNTER_MAX <= NETOBS__BITS_OF(dev_link, backwards),
	       "dev_link.backwards has no bit for every enum netobs_counter");

struct cpu_link {
	uint32_t partner;
	unsigned int status;
};

struct netobs_diff {
	const struct netobs_snapshot *older, *newer; /* NULL: empty diff */
	double interval;
	const char *message;	/* why the last update failed, "" when it did not */

	struct dev_link *newdev, *olddev;
	size_t newdev_cap, olddev_cap;
	uint32_t *gone;		/* indexes into older->devs */
	size_t ngone, gone_cap;

	struct cpu_link *newcpu, *oldcpu;
	size_t newcpu_cap, oldcpu_cap;
	uint32_t *gone_cpu;	/* indexes into older->cpus */
	size_t ngone_cpu, gone_cpu_cap;
};

/* Position of P in the array BASE of N elements of SIZE, compared as
 * integers: P may point anywhere (another snapshot, a stale pointer). */
static bool index_of(const void *base, size_t n, size_t size, const void *p, size_t *i)
{
	uintptr_t b = (uintptr_t)base, x = (uintptr_t)p;

	if (!base || !p || x < b || (x - b) / size >= n || (x - b) % size != 0)
		return false;
	*i = (x - b) / size;
	return true;
}

static void make_empty(struct netobs_diff *diff)
{
	diff->older = NULL;
	diff->newer = NULL;
	diff->interval = NAN;
	diff->message = "";
	diff->ngone = 0;
	diff->ngone_cpu = 0;
}

static int timespec_cmp(const struct timespec *a, const struct timespec *b)
{
	if (a->tv_sec != b->tv_sec)
		return a->tv_sec < b->tv_sec ? -1 : 1;
	if (a->tv_nsec != b->tv_nsec)
		return a->tv_nsec < b->tv_nsec ? -1 : 1;
	return 0;
}

/* A snapshot built without a context has no root: it reads as the host's. */
static const char *root_of(const struct netobs_snapshot *snap)
{
	return snap->root ? snap->root : "/";
}

/* -EINVAL for the misuse the header names, with the reason on the diff. */
static int check_pair(struct netobs_diff *diff, const struct netobs_snapshot *older,
		      const struct netobs_snapshot *newer)
{
	/* Swapped snapshots, or one passed twice: rates would be negative or
	 * infinite. */
	if (timespec_cmp(&newer->monotonic, &older->monotonic) <= 0) {
		diff->message = "the newer snapshot is not later than the older one "
				"(swapped, or the same instant)";
		return -EINVAL;
	}
	/* Two roots are two hosts (or a host and a fixture): nothing matches. */
	if (strcmp(root_of(older), root_of(newer)) != 0) {
		diff->message = "the snapshots come from different roots";
		return -EINVAL;
	}
	return 0;
}

/* Arrays as large as the snapshots: a later update with snapshots no
 * larger allocates nothing. */
static int reserve(struct netobs_diff *diff, const struct netobs_snapshot *older,
		   const struct netobs_snapshot *newer)
{
	const size_t dl = sizeof(struct dev_link), cl = sizeof(struct cpu_link);
	const size_t ix = sizeof(uint32_t);

	if (netobs__grow((void **)&diff->newdev, &diff->newdev_cap, newer->ndevs, dl) ||
	    netobs__grow((void **)&diff->olddev, &diff->olddev_cap, older->ndevs, dl) ||
	    netobs__grow((void **)&diff->gone, &diff->gone_cap, older->ndevs, ix) ||
	    netobs__grow((void **)&diff->newcpu, &diff->newcpu_cap, newer->ncpus, cl) ||
	    netobs__grow((void **)&diff->oldcpu, &diff->oldcpu_cap, older->ncpus, cl) ||
	    netobs__grow((void **)&diff->gone_cpu, &diff->gone_cpu_cap, older->ncpus, ix))
		return -ENOMEM;
	return 0;
}

/* ---- devices: matching ---------------------------------------------------- */

static void link_devs(struct netobs_diff *diff, size_t inew, size_t iold)
{
	diff->newdev[inew].partner = (uint32_t)iold;
	diff->newdev[inew].status = NETOBS_DIFF_SAME;
	diff->olddev[iold].partner = (uint32_t)inew;
}

/* Walks both ifindex-sorted arrays: pairs with the same known ifindex are
 * the same device when the names agree, else the newer one was renamed. */
static void match_by_ifindex(struct netobs_diff *diff)
{
	const struct netobs_device *o = diff->older->devs, *n = diff->newer->devs;
	size_t i = 0, j = 0;

	while (i < diff->newer->ndevs && j < diff->older->ndevs) {
		if (n[i].ifindex < o[j].ifindex) {
			i++;
		} else if (n[i].ifindex > o[j].ifindex) {
			j++;
		} else {
			if (n[i].ifindex > 0 && strcmp(n[i].name, o[j].name) == 0)
				link_devs(diff, i, j);
			else if (n[i].ifindex > 0)
				diff->newdev[i].status = NETOBS_DIFF_RENAMED;
			i++;
			j++;
		}
	}
}

/* One name in both snapshots: with unknown ifindexes on both sides the
 * name is all the identity there is; with different ifindexes the device
 * was deleted and created again. */
static void same_name(struct netobs_diff *diff, size_t inew, size_t iold)
{
	const struct netobs_device *n = &diff->newer->devs[inew], *o = &diff->older->devs[iold];
	struct dev_link *l = &diff->newdev[inew];

	if (l->partner != NO_PARTNER || diff->olddev[iold].partner != NO_PARTNER)
		return;
	if (n->ifindex <= 0 && o->ifindex <= 0)
		link_devs(diff, inew, iold);
	else if (n->ifindex != o->ifindex)
		l->status = (l->status & ~(unsigned int)NETOBS_DIFF_NEW) | NETOBS_DIFF_RECREATED;
}

/* Walks both name indexes in step. */
static void match_by_name(struct netobs_diff *diff)
{
	const struct netobs_snapshot *o = diff->older, *n = diff->newer;
	size_t i = 0, j = 0;

	while (i < n->ndevs && j < o->ndevs) {
		int c = strcmp(n->devs[n->by_name[i]].name, o->devs[o->by_name[j]].name);

		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			same_name(diff, n->by_name[i], o->by_name[j]);
			i++;
			j++;
		}
	}
}

static bool comparable(const struct netobs_device *o, const struct netobs_device *n,
		       enum netobs_counter c)
{
	uint32_t bit = 1u << c;

	return (o->counter_avail & n->counter_avail & bit) &&
	       !((o->counter_folded ^ n->counter_folded) & bit);
}

/* 64-bit counters of a matched pair that went backwards. */
static uint32_t backwards_mask(const struct netobs_device *o, const struct netobs_device *n)
{
	uint32_t mask = 0;
	unsigned int c;

	if (o->counters_32bit || n->counters_32bit)
		return 0;
	for (c = 0; c < NETOBS__COUNTER_MAX; c++)
		if (comparable(o, n, (enum netobs_counter)c) && n->counters[c] < o->counters[c])
			mask |= 1u << c;
	return mask;
}

/* After matching: resets of the matched, the older side's status and the
 * gone list. */
static void settle_devices(struct netobs_diff *diff)
{
	size_t i;

	for (i = 0; i < diff->newer->ndevs; i++) {
		struct dev_link *l = &diff->newdev[i];

		if (l->partner == NO_PARTNER)
			continue;
		l->backwards = backwards_mask(&diff->older->devs[l->partner],
					      &diff->newer->devs[i]);
		if (l->backwards)
			l->status |= NETOBS_DIFF_RESET;
	}
	for (i = 0; i < diff->older->ndevs; i++) {
		struct dev_link *l = &diff->olddev[i];

		if (l->partner != NO_PARTNER) {
			l->status = diff->newdev[l->partner].status;
			continue;
		}
		l->status = NETOBS_DIFF_GONE;
		diff->gone[diff->ngone++] = (uint32_t)i;
	}
}

static void match_devices(struct netobs_diff *diff)
{
	static const struct dev_link unmatched = { NO_PARTNER, 0, NETOBS_DIFF_NEW };
	size_t i;

	for (i = 0; i < diff->newer->ndevs; i++)
		diff->newdev[i] = unmatched;
	for (i = 0; i < diff->older->ndevs; i++)
		diff->olddev[i] = unmatched;
	match_by_ifindex(diff);
	match_by_name(diff);
	settle_devices(diff);
}

/* ---- CPUs: matching ------------------------------------------------------- */

static unsigned int cpu_status(const struct netobs_cpu *o, const struct netobs_cpu *n)
{
	if (n->online && !o->online)
		return NETOBS_DIFF_NEW;
	if (o->online && !n->online)
		return NETOBS_DIFF_GONE;
	return NETOBS_DIFF_SAME;
}

static void match_cpus_by_id(struct netobs_diff *diff)
{
	const struct netobs_cpu *o = diff->older->cpus, *n = diff->newer->cpus;
	size_t i = 0, j = 0;

	while (i < diff->newer->ncpus && j < diff->older->ncpus) {
		if (n[i].id < o[j].id) {
			i++;
		} else if (n[i].id > o[j].id) {
			j++;
		} else {
			diff->newcpu[i].partner = (uint32_t)j;
			diff->newcpu[i].status = cpu_status(&o[j], &n[i]);
			diff->oldcpu[j].partner = (uint32_t)i;
			diff->oldcpu[j].status = diff->newcpu[i].status;
			i++;
			j++;
		}
	}
}

static void match_cpus(struct netobs_diff *diff)
{
	static const struct cpu_link unmatched_new = { NO_PARTNER, NETOBS_DIFF_NEW };
	static const struct cpu_link unmatched_old = { NO_PARTNER, NETOBS_DIFF_GONE };
	size_t i;

	for (i = 0; i < diff->newer->ncpus; i++)
		diff->newcpu[i] = unmatched_new;
	for (i = 0; i < diff->older->ncpus; i++)
		diff->oldcpu[i] = unmatched_old;
	match_cpus_by_id(diff);
	for (i = 0; i < diff->older->ncpus; i++)
		if (diff->oldcpu[i].partner == NO_PARTNER)
			diff->gone_cpu[diff->ngone_cpu++] = (uint32_t)i;
}

/* ---- lifetime --------------------------------------------------------------- */

NETOBS_API int netobs_diff_update(struct netobs_diff *diff, const struct netobs_snapshot *older,
				  const struct netobs_snapshot *newer)
{
	int err;

	if (!diff)
		return -EINVAL;
	make_empty(diff);
	if (!older || !newer) {
		diff->message = "a snapshot is missing";
		return -EINVAL;
	}
	err = check_pair(diff, older, newer);
	if (err == 0 && reserve(diff, older, newer) < 0) {
		diff->message = "out of memory";
		err = -ENOMEM;
	}
	if (err < 0)
		return err;
	diff->older = older;
	diff->newer = newer;
	diff->interval = (double)(newer->monotonic.tv_sec - older->monotonic.tv_sec) +
			 (double)(newer->monotonic.tv_nsec - older->monotonic.tv_nsec) / 1e9;
	match_devices(diff);
	match_cpus(diff);
	return 0;
}

NETOBS_API int netobs_diff_new(struct netobs_diff **out, const struct netobs_snapshot *older,
			       const struct netobs_snapshot *newer)
{
	struct netobs_diff *diff;
	int err;

	if (!out)
		return -EINVAL;
	*out = NULL;
	diff = calloc(1, sizeof(*diff));
	if (!diff)
		return -ENOMEM;
	if (!older && !newer) {
		make_empty(diff);
		*out = diff;
		return 0;
	}
	err = netobs_diff_update(diff, older, newer);
	if (err < 0) {
		netobs_diff_free(diff);
		return err;
	}
	*out = diff;
	return 0;
}

NETOBS_API const char *netobs_diff_message(const struct netobs_diff *diff)
{
	return diff ? diff->message : "";
}

NETOBS_API void netobs_diff_free(struct netobs_diff *diff)
{
	if (!diff)
		return;
	free(diff->newdev);
	free(diff->olddev);
	free(diff->gone);
	free(diff->newcpu);
	free(diff->oldcpu);
	free(diff->gone_cpu);
	free(diff);
}

NETOBS_API double netobs_diff_interval(const struct netobs_diff *diff)
{
	return diff ? diff->interval : NAN;
}

/* For the sections that diff in their own file (socket.c). */
void netobs__diff_snapshots(const struct netobs_diff *diff, const struct netobs_snapshot **older,
			    const struct netobs_snapshot **newer)
{
	*older = diff ? diff->older : NULL;
	*newer = diff ? diff->newer : NULL;
}

const struct netobs_snapshot *netobs__diff_older(const struct netobs_diff *diff)
{
	return diff->older;
}

const struct netobs_snapshot *netobs__diff_newer(const struct netobs_diff *diff)
{
	return diff->newer;
}

static bool is_empty(const struct netobs_diff *diff)
{
	return !diff || !diff->newer;
}

/* ---- devices: getters ------------------------------------------------------- */

/* A device of neither snapshot (or of an empty diff) is not in the newer
 * snapshot: GONE. */
NETOBS_API unsigned int netobs_diff_device_status(const struct netobs_diff *diff,
						  const struct netobs_device *dev)
{
	size_t i;

	if (is_empty(diff))
		return NETOBS_DIFF_GONE;
	if (index_of(diff->newer->devs, diff->newer->ndevs, sizeof(*dev), dev, &i))
		return diff->newdev[i].status;
	if (index_of(diff->older->devs, diff->older->ndevs, sizeof(*dev), dev, &i))
		return diff->olddev[i].status;
	return NETOBS_DIFF_GONE;
}

NETOBS_API size_t netobs_diff_gone_device_count(const struct netobs_diff *diff)
{
	return diff ? diff->ngone : 0;
}

NETOBS_API const struct netobs_device *netobs_diff_gone_device(const struct netobs_diff *diff,
							       size_t i)
{
	if (!diff || i >= diff->ngone)
		return NULL;
	return &diff->older->devs[diff->gone[i]];
}

/* The delta of counter C of the newer device at index I. */
static int device_delta(const struct netobs_diff *diff, size_t i, enum netobs_counter c,
			uint64_t *delta)
{
	const struct dev_link *l = &diff->newdev[i];
	const struct netobs_device *o, *n = &diff->newer->devs[i];

	if (l->partner == NO_PARTNER)
		return -ENOENT;
	o = &diff->older->devs[l->partner];
	if (!comparable(o, n, c))
		return -ENODATA;
	if (l->backwards & (1u << c))
		return -ERANGE;
	*delta = n->counters[c] - o->counters[c];
	if (o->counters_32bit || n->counters_32bit)
		*delta = (uint32_t)*delta;
	return 0;
}

/* Every error path leaves defined values: a caller that ignores the return
 * value reads "nothing moved, rate unknown" rather than stale stack. */
static void put_none(uint64_t *delta, double *rate)
{
	if (delta)
		*delta = 0;
	if (rate)
		*rate = NAN;
}

static void put(const struct netobs_diff *diff, uint64_t d, uint64_t *delta, double *rate)
{
	if (delta)
		*delta = d;
	if (rate)
		*rate = (double)d / diff->interval;
}

NETOBS_API int netobs_diff_device_counter(const struct netobs_diff *diff,
					  const struct netobs_device *dev,
					  enum netobs_counter counter, uint64_t *delta,
					  double *rate)
{
	uint64_t d;
	size_t i;
	int err;

	put_none(delta, rate);
	if (is_empty(diff) || !dev || (unsigned int)counter >= NETOBS__COUNTER_MAX)
		return -EINVAL;
	if (!index_of(diff->newer->devs, diff->newer->ndevs, sizeof(*dev), dev, &i))
		return -ENOENT;
	err = device_delta(diff, i, counter, &d);
	if (err == 0)
		put(diff, d, delta, rate);
	return err;
}

NETOBS_API double netobs_diff_rate(const struct netobs_diff *diff, const struct netobs_device *dev,
				   enum netobs_counter counter)
{
	double rate = NAN;

	if (netobs_diff_device_counter(diff, dev, counter, NULL, &rate) < 0)
		return NAN;
	return rate;
}

NETOBS_API int netobs_diff_class_total(const struct netobs_diff *diff, enum netobs_class cls,
				       enum netobs_counter counter, uint64_t *delta, double *rate)
{
	uint64_t sum = 0, d;
	bool any = false;
	size_t i;

	put_none(delta, rate);
	if (is_empty(diff) || !netobs_class_name(cls) ||
	    (unsigned int)counter >= NETOBS__COUNTER_MAX)
		return -EINVAL;
	for (i = 0; i < diff->newer->ndevs; i++) {
		if (diff->newer->devs[i].cls != cls || device_delta(diff, i, counter, &d) < 0)
			continue;
		sum += d;
		any = true;
	}
	if (!any)
		return -ENODATA;
	put(diff, sum, delta, rate);
	return 0;
}

/* ---- CPUs: getters ------------------------------------------------------------ */

/* A CPU of neither snapshot (or of an empty diff) reads as GONE. */
NETOBS_API unsigned int netobs_diff_cpu_status(const struct netobs_diff *diff,
					       const struct netobs_cpu *cpu)
{
	size_t i;

	if (is_empty(diff))
		return NETOBS_DIFF_GONE;
	if (index_of(diff->newer->cpus, diff->newer->ncpus, sizeof(*cpu), cpu, &i))
		return diff->newcpu[i].status;
	if (index_of(diff->older->cpus, diff->older->ncpus, sizeof(*cpu), cpu, &i))
		return diff->oldcpu[i].status;
	return NETOBS_DIFF_GONE;
}

NETOBS_API size_t netobs_diff_gone_cpu_count(const struct netobs_diff *diff)
{
	return diff ? diff->ngone_cpu : 0;
}

NETOBS_API const struct netobs_cpu *netobs_diff_gone_cpu(const struct netobs_diff *diff, size_t i)
{
	if (!diff || i >= diff->ngone_cpu)
		return NULL;
	return &diff->older->cpus[diff->gone_cpu[i]];
}

/* Softnet field F of the newer CPU at index I: a gauge's newer value, or a
 * counter's delta modulo 2^32 between two online rows. */
static int softnet_delta(const struct netobs_diff *diff, size_t i, enum netobs_softnet_field f,
			 uint64_t *delta)
{
	const struct cpu_link *l = &diff->newcpu[i];
	const struct netobs_cpu *o, *n = &diff->newer->cpus[i];
	uint32_t bit = 1u << f;

	if (netobs_softnet_field_is_gauge(f)) {
		if (!(n->softnet_avail & bit))
			return -ENODATA;
		*delta = n->softnet[f];
		return 0;
	}
	if (l->partner == NO_PARTNER || (l->status & (NETOBS_DIFF_NEW | NETOBS_DIFF_GONE)))
		return -ENOENT;
	o = &diff->older->cpus[l->partner];
	if (!(o->softnet_avail & n->softnet_avail & bit))
		return -ENODATA;
	*delta = (uint32_t)(n->softnet[f] - o->softnet[f]);
	return 0;
}

/* Softirq S of the newer CPU at index I, modulo 2^32, online or not. */
static int softirq_delta(const struct netobs_diff *diff, size_t i, enum netobs_softirq s,
			 uint64_t *delta)
{
	const struct cpu_link *l = &diff->newcpu[i];
	const struct netobs_cpu *o, *n = &diff->newer->cpus[i];
	uint32_t bit = 1u << s;

	if (l->partner == NO_PARTNER)
		return -ENOENT;
	o = &diff->older->cpus[l->partner];
	if (!(o->softirq_avail & n->softirq_avail & bit))
		return -ENODATA;
	*delta = (uint32_t)(n->softirq[s] - o->softirq[s]);
	return 0;
}

/* Gauges are levels: their "rate" is the level itself. */
static void put_softnet(const struct netobs_diff *diff, enum netobs_softnet_field f, uint64_t d,
			uint64_t *delta, double *rate)
{
	if (!netobs_softnet_field_is_gauge(f)) {
		put(diff, d, delta, rate);
		return;
	}
	if (delta)
		*delta = d;
	if (rate)
		*rate = (double)d;
}

NETOBS_API int netobs_diff_cpu_softnet(const struct netobs_diff *diff, const struct netobs_cpu *cpu,
				       enum netobs_softnet_field field, uint64_t *delta,
				       double *rate)
{
	uint64_t d;
	size_t i;
	int err;

	put_none(delta, rate);
	if (is_empty(diff) || !cpu || (unsigned int)field >= NETOBS__SOFTNET_MAX)
		return -EINVAL;
	if (!index_of(diff->newer->cpus, diff->newer->ncpus, sizeof(*cpu), cpu, &i))
		return -ENOENT;
	err = softnet_delta(diff, i, field, &d);
	if (err == 0)
		put_softnet(diff, field, d, delta, rate);
	return err;
}

NETOBS_API int netobs_diff_cpu_softirq(const struct netobs_diff *diff, const struct netobs_cpu *cpu,
				       enum netobs_softirq softirq, uint64_t *delta, double *rate)
{
	uint64_t d;
	size_t i;
	int err;

	put_none(delta, rate);
	if (is_empty(diff) || !cpu || (unsigned int)softirq >= NETOBS__SOFTIRQ_MAX)
		return -EINVAL;
	if (!index_of(diff->newer->cpus, diff->newer->ncpus, sizeof(*cpu), cpu, &i))
		return -ENOENT;
	err = softirq_delta(diff, i, softirq, &d);
	if (err == 0)
		put(diff, d, delta, rate);
	return err;
}

/* A per-CPU delta: softnet_delta() or softirq_delta() for WHAT. */
struct cpu_sum {
	int (*softnet)(const struct netobs_diff *, size_t, enum netobs_softnet_field, uint64_t *);
	int (*softirq)(const struct netobs_diff *, size_t, enum netobs_softirq, uint64_t *);
	unsigned int what;
};

/* The sum over every comparable CPU; -ENODATA when none contributed. */
static int sum_cpus(const struct netobs_diff *diff, const struct cpu_sum *c, uint64_t *sum)
{
	bool any = false;
	uint64_t d;
	size_t i;
	int err;

	*sum = 0;
	for (i = 0; i < diff->newer->ncpus; i++) {
		err = c->softnet ? c->softnet(diff, i, (enum netobs_softnet_field)c->what, &d)
				 : c->softirq(diff, i, (enum netobs_softirq)c->what, &d);
		if (err < 0)
			continue;
		*sum += d;
		any = true;
	}
	return any ? 0 : -ENODATA;
}

NETOBS_API int netobs_diff_softnet_total(const struct netobs_diff *diff,
					 enum netobs_softnet_field field, uint64_t *delta,
					 double *rate)
{
	const struct cpu_sum c = { .softnet = softnet_delta, .what = field };
	uint64_t sum;
	int err;

	put_none(delta, rate);
	if (is_empty(diff) || (unsigned int)field >= NETOBS__SOFTNET_MAX)
		return -EINVAL;
	err = sum_cpus(diff, &c, &sum);
	if (err == 0)
		put_softnet(diff, field, sum, delta, rate);
	return err;
}

NETOBS_API int netobs_diff_softirq_total(const struct netobs_diff *diff,
					 enum netobs_softirq softirq, uint64_t *delta,
					 double *rate)
{
	const struct cpu_sum c = { .softirq = softirq_delta, .what = softirq };
	uint64_t sum;
	int err;

	put_none(delta, rate);
	if (is_empty(diff) || (unsigned int)softirq >= NETOBS__SOFTIRQ_MAX)
		return -EINVAL;
	err = sum_cpus(diff, &c, &sum);
	if (err == 0)
		put(diff, sum, delta, rate);
	return err;
}
