/* SPDX-License-Identifier: MIT */
/* A snapshot: the object, the builders its sources call (refresh.c drives
 * them), and its getters. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct netobs_device *netobs__snapshot_add_device(struct netobs_snapshot *snap)
{
	struct netobs_device *dev;

	if (netobs__grow((void **)&snap->devs, &snap->devs_cap, snap->ndevs + 1, sizeof(*dev)) < 0)
		return NULL;
	dev = &snap->devs[snap->ndevs++];
	memset(dev, 0, sizeof(*dev));
	dev->link_netnsid = -1;
	snap->netlink_token = 0; /* devs[] are no longer a netlink cache's */
	return dev;
}

void netobs__snapshot_drop_last_device(struct netobs_snapshot *snap)
{
	if (snap->ndevs > 0)
		snap->ndevs--;
}

struct netobs__snapshot_mark netobs__snapshot_mark(const struct netobs_snapshot *snap)
{
	struct netobs__snapshot_mark mark = {
		.ndevs = snap->ndevs,
		.strings_len = snap->strings_len,
	};

	return mark;
}

/* What is left is no longer what a source laid out or kept, so neither the
 * netlink tag nor "kept" survives a rewind. */
void netobs__snapshot_rewind(struct netobs_snapshot *snap,
			     const struct netobs__snapshot_mark *mark)
{
	if (mark->ndevs <= snap->ndevs)
		snap->ndevs = mark->ndevs;
	if (mark->strings_len <= snap->strings_len)
		snap->strings_len = mark->strings_len;
	snap->netlink_token = 0;
	snap->devs_kept = false;
}

/* In place only when the devices are still the ones TOKEN tagged (any
 * append since dropped the tag) and the arrays are large enough, as they
 * are when a watch refreshes the same snapshot. */
int netobs__snapshot_reserve(struct netobs_snapshot *snap, size_t ndevs, const char *strings,
			     size_t strings_len, uint64_t token, struct netobs_device **devs)
{
	bool kept = token != 0 && snap->netlink_token == token && snap->devs_cap >= ndevs &&
		    snap->strings_cap >= strings_len;

	if (!kept) {
		snap->netlink_token = 0;
		if (netobs__grow((void **)&snap->devs, &snap->devs_cap, ndevs, sizeof(**devs)) < 0 ||
		    netobs__grow((void **)&snap->strings, &snap->strings_cap, strings_len, 1) < 0)
			return -ENOMEM;
		if (strings_len)
			memcpy(snap->strings, strings, strings_len);
	}
	snap->ndevs = ndevs;
	snap->strings_len = strings_len;
	snap->devs_kept = kept;
	*devs = snap->devs;
	return kept;
}

void netobs__snapshot_set_netlink_token(struct netobs_snapshot *snap, uint64_t token)
{
	snap->netlink_token = token;
}

int netobs__snapshot_set_alias(struct netobs_snapshot *snap, struct netobs_device *dev,
			       const char *alias, size_t len)
{
	/* The kernel stores at most IFALIASZ - 1 bytes; an embedded NUL ends it. */
	len = strnlen(alias, len);
	dev->alias_off = 0;
	if (len == 0)
		return 0;
	if (snap->strings_len == 0)
		snap->strings_len = 1; /* offset 0 is the empty string */
	if (netobs__grow((void **)&snap->strings, &snap->strings_cap, snap->strings_len + len + 1, 1) < 0)
		return -ENOMEM;
	snap->strings[0] = '\0';
	memcpy(snap->strings + snap->strings_len, alias, len);
	snap->strings[snap->strings_len + len] = '\0';
	dev->alias_off = snap->strings_len;
	snap->strings_len += len + 1;
	return 0;
}

/* CPUs mostly arrive in ascending order: while they do, a higher id than
 * the last is new without a scan and a known one is found by bisection;
 * once out of order, a linear scan keeps ids unique. */
static struct netobs_cpu *find_cpu(struct netobs_snapshot *snap, int id)
{
	size_t lo = 0, hi = snap->ncpus, i;

	if (!snap->cpus_unsorted) {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (snap->cpus[mid].id == id)
				return &snap->cpus[mid];
			if (snap->cpus[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		return NULL;
	}
	for (i = 0; i < snap->ncpus; i++)
		if (snap->cpus[i].id == id)
			return &snap->cpus[i];
	return NULL;
}

struct netobs_cpu *netobs__snapshot_cpu_get(struct netobs_snapshot *snap, int id)
{
	struct netobs_cpu *cpu = find_cpu(snap, id);

	if (cpu)
		return cpu;
	if (netobs__grow((void **)&snap->cpus, &snap->cpus_cap, snap->ncpus + 1, sizeof(*cpu)) < 0)
		return NULL;
	if (snap->ncpus > 0 && snap->cpus[snap->ncpus - 1].id > id)
		snap->cpus_unsorted = true;
	cpu = &snap->cpus[snap->ncpus++];
	memset(cpu, 0, sizeof(*cpu));
	cpu->id = id;
	return cpu;
}

void netobs__snapshot_clear(struct netobs_snapshot *snap)
{
	snap->ndevs = 0;
	snap->strings_len = 0;
	snap->devs_kept = false;
	snap->cpus_unsorted = false;
	snap->ncpus = 0;
	snap->tunable_avail = 0;
	snap->sections_ok = 0;
	snap->nqdiscs = 0;
	snap->nnetns = 0;
	netobs__proto_clear(snap);
}

/* What a devices section that failed part-way leaves: nothing, and no
 * netlink cache's layout to keep in place next time. */
void netobs__snapshot_clear_devices(struct netobs_snapshot *snap)
{
	snap->ndevs = 0;
	snap->strings_len = 0;
	snap->devs_kept = false;
	snap->netlink_token = 0;
}

/* A CPU is in the snapshot for its softnet row or its softirq column: when
 * one of those sections fails, the CPUs only it gave go too. */
static void prune_cpus(struct netobs_snapshot *snap)
{
	size_t i, n = 0;

	for (i = 0; i < snap->ncpus; i++)
		if (snap->cpus[i].softnet_avail || snap->cpus[i].softirq_avail)
			snap->cpus[n++] = snap->cpus[i];
	snap->ncpus = n;
}

void netobs__snapshot_clear_softnet(struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->ncpus; i++) {
		snap->cpus[i].softnet_avail = 0;
		snap->cpus[i].online = false;
	}
	prune_cpus(snap);
}

void netobs__snapshot_clear_softirqs(struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->ncpus; i++)
		snap->cpus[i].softirq_avail = 0;
	prune_cpus(snap);
}

void netobs__snapshot_clear_tunables(struct netobs_snapshot *snap)
{
	snap->tunable_avail = 0;
}

int netobs__device_cmp_ifindex(const void *a, const void *b)
{
	const struct netobs_device *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static int cmp_cpu(const void *a, const void *b)
{
	const struct netobs_cpu *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* qsort_r (glibc): the name index sorts positions by the names they point
 * at, with no global state. */
static int cmp_name_index(const void *a, const void *b, void *arg)
{
	const struct netobs_device *devs = arg;

	return strcmp(devs[*(const uint32_t *)a].name, devs[*(const uint32_t *)b].name);
}

/* Masters by name, and aliases from pool offsets to pointers (the pool may
 * have moved while it grew). */
static void resolve_references(struct netobs_snapshot *snap)
{
	const struct netobs_device *m;
	size_t i;

	for (i = 0; i < snap->ndevs; i++) {
		struct netobs_device *dev = &snap->devs[i];

		dev->alias = dev->alias_off ? snap->strings + dev->alias_off : NULL;
		dev->master_name[0] = '\0';
		if (dev->master_ifindex <= 0)
			continue;
		m = netobs_snapshot_device_by_ifindex(snap, dev->master_ifindex);
		if (m)
			memcpy(dev->master_name, m->name, sizeof(dev->master_name));
	}
}

static bool sorted_by_ifindex(const struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 1; i < snap->ndevs; i++)
		if (snap->devs[i - 1].ifindex > snap->devs[i].ifindex)
			return false;
	return true;
}

static bool sorted_by_id(const struct netobs_snapshot *snap)
{
	size_t i;

	for (i = 1; i < snap->ncpus; i++)
		if (snap->cpus[i - 1].id > snap->cpus[i].id)
			return false;
	return true;
}

/* The previous refresh's name index still holds when it covers as many
 * devices and names strictly increase along it: distinct names in order
 * are then a permutation of the devices. */
static bool name_index_holds(const struct netobs_snapshot *snap)
{
	size_t i;

	if (snap->nby_name != snap->ndevs)
		return false;
	for (i = 0; i < snap->ndevs; i++) {
		if (snap->by_name[i] >= snap->ndevs)
			return false;
		if (i > 0 && strcmp(snap->devs[snap->by_name[i - 1]].name,
				    snap->devs[snap->by_name[i]].name) >= 0)
			return false;
	}
	return true;
}

/* glibc's qsort allocates for arrays over a page: sort only when the order
 * changed, so a watch tick over an unchanged device set allocates nothing.
 * Devices the source kept as a previous finish left them (only their
 * counters rewritten) need nothing: order, name index, masters and alias
 * pointers all still hold. */
int netobs__snapshot_finish(struct netobs_snapshot *snap)
{
	size_t i;

	/* An empty array may be NULL, which qsort must never see. */
	if (snap->ncpus > 0 && !sorted_by_id(snap))
		qsort(snap->cpus, snap->ncpus, sizeof(*snap->cpus), cmp_cpu);
	snap->cpus_unsorted = false;
	if (snap->devs_kept && snap->nby_name == snap->ndevs)
		return 0;
	if (snap->ndevs > 0 && !sorted_by_ifindex(snap))
		qsort(snap->devs, snap->ndevs, sizeof(*snap->devs), netobs__device_cmp_ifindex);
	if (snap->ndevs > 0 && !name_index_holds(snap)) {
		if (netobs__grow((void **)&snap->by_name, &snap->by_name_cap, snap->ndevs,
			 sizeof(uint32_t)) < 0)
			return -ENOMEM;
		for (i = 0; i < snap->ndevs; i++)
			snap->by_name[i] = (uint32_t)i;
		qsort_r(snap->by_name, snap->ndevs, sizeof(uint32_t), cmp_name_index, snap->devs);
	}
	snap->nby_name = snap->ndevs;
	resolve_references(snap);
	return 0;
}

NETOBS_API void netobs_snapshot_free(struct netobs_snapshot *snap)
{
	if (!snap)
		return;
	netobs__snapshot_clear(snap);
	free(snap->devs);
	free(snap->by_name);
	free(snap->cpus);
	free(snap->qdiscs);
	free(snap->strings);
	free(snap->netns);
	netobs__sockets_free(snap);
	free(snap->root);
	netobs__proto_free(snap);
	free(snap);
}

NETOBS_API void netobs_snapshot_time(const struct netobs_snapshot *snap,
				     struct timespec *monotonic, struct timespec *realtime)
{
	static const struct timespec zero;

	if (monotonic)
		*monotonic = snap ? snap->monotonic : zero;
	if (realtime)
		*realtime = snap ? snap->realtime : zero;
}

NETOBS_API enum netobs_source netobs_snapshot_source(const struct netobs_snapshot *snap)
{
	/* AUTO: what no snapshot that was taken ever says. */
	return snap ? snap->source : NETOBS_SOURCE_AUTO;
}

NETOBS_API int netobs_snapshot_section_ok(const struct netobs_snapshot *snap,
					  enum netobs_section section)
{
	if (!snap || (unsigned int)section >= NETOBS__SECTION_MAX)
		return 0;
	return (snap->sections_ok >> section) & 1u;
}

NETOBS_API size_t netobs_snapshot_device_count(const struct netobs_snapshot *snap)
{
	return snap ? snap->ndevs : 0;
}

NETOBS_API const struct netobs_device *netobs_snapshot_device(const struct netobs_snapshot *snap,
							       size_t i)
{
	return snap && i < snap->ndevs ? &snap->devs[i] : NULL;
}

NETOBS_API const struct netobs_device *
netobs_snapshot_device_by_ifindex(const struct netobs_snapshot *snap, int ifindex)
{
	struct netobs_device key;

	if (!snap || snap->ndevs == 0)
		return NULL;
	key.ifindex = ifindex;
	return bsearch(&key, snap->devs, snap->ndevs, sizeof(key), netobs__device_cmp_ifindex);
}

NETOBS_API const struct netobs_device *
netobs_snapshot_device_by_name(const struct netobs_snapshot *snap, const char *name)
{
	size_t lo = 0, hi;

	if (!snap || !name)
		return NULL;
	hi = snap->ndevs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct netobs_device *d = &snap->devs[snap->by_name[mid]];
		int c = strcmp(name, d->name);

		if (c == 0)
			return d;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

NETOBS_API size_t netobs_snapshot_cpu_count(const struct netobs_snapshot *snap)
{
	return snap ? snap->ncpus : 0;
}

NETOBS_API const struct netobs_cpu *netobs_snapshot_cpu(const struct netobs_snapshot *snap,
							size_t i)
{
	return snap && i < snap->ncpus ? &snap->cpus[i] : NULL;
}

NETOBS_API const struct netobs_cpu *netobs_snapshot_cpu_by_id(const struct netobs_snapshot *snap,
							      int id)
{
	struct netobs_cpu key;

	if (!snap || snap->ncpus == 0)
		return NULL;
	key.id = id;
	return bsearch(&key, snap->cpus, snap->ncpus, sizeof(key), cmp_cpu);
}

NETOBS_API int netobs_snapshot_tunable(const struct netobs_snapshot *snap,
				       enum netobs_tunable tunable, int64_t *out)
{
	if (out)
		*out = 0; /* defined on every error path, like the other getters */
	if (!snap || (unsigned int)tunable >= NETOBS__TUNABLE_MAX)
		return -EINVAL;
	if (!(snap->tunable_avail & (1u << tunable)))
		return -ENODATA;
	if (out)
		*out = snap->tunables[tunable][0];
	return 0;
}

NETOBS_API int netobs_snapshot_tunable_values(const struct netobs_snapshot *snap,
					      enum netobs_tunable tunable, int64_t *out,
					      size_t max, size_t *n)
{
	unsigned int count = netobs_tunable_value_count(tunable);
	int err = netobs_snapshot_tunable(snap, tunable, NULL);

	if (n)
		*n = err < 0 ? 0 : count;
	if (err < 0)
		return err;
	if (max < count || !out)
		return -ERANGE;
	memcpy(out, snap->tunables[tunable], count * sizeof(*out));
	return 0;
}
