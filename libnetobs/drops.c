/* SPDX-License-Identifier: MIT */
/*
 * The drop-reason tracer: skb:kfree_skb through perf_event_open(2), one
 * ring per CPU, PERF_SAMPLE_RAW records decoded by the offsets of the
 * tracepoint's own format file.  No BPF.  The costs are bounded: the rings
 * have a fixed size (a reader that falls behind loses records, which the
 * kernel reports as PERF_RECORD_LOST and netobs counts; the kernel never
 * waits), and so has the table of counts (drop_counts.c says what happens
 * past it).  The tracepoint is on only while the perf fds are open.
 */
#include "config.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "trace.h"

/* All rings together stay under this, and each between the bounds below:
 * at 100,000 drops/s on one CPU (about 56 bytes a record) 1 MiB holds
 * about 190 ms, far above the reader's wake-up at half a ring. */
#define RINGS_BUDGET (32u << 20)
#define RING_MIN (64u << 10)
#define RING_MAX (1u << 20)

struct ring {
	int fd;
	int cpu;
	void *base;		/* the metadata page, then the data */
	size_t data_size;	/* a power of two */
	uint64_t lost_read;	/* the fd's lost count at the last read */
};

struct netobs_drops {
	struct netobs_ctx *ctx;
	struct netobs__trace_format fmt;
	struct ring *rings;
	struct pollfd *pfds;
	size_t nrings;
	size_t page;
	struct netobs__drop_table *table;
	struct netobs__kallsyms *ksyms;
	bool ksyms_tried;
	struct timespec since;
	/* The kernel writes PERF_RECORD_LOST only once the ring has room
	 * again and another record comes, so a reader that drained a full
	 * ring would see the loss late or never.  Since 6.0 read() gives
	 * the loss at once (PERF_FORMAT_LOST): then it is the only source. */
	bool lost_by_read;
	unsigned char bounce[1u << 16]; /* a record that wraps the ring */
};

static int perf_open(struct perf_event_attr *attr, int cpu)
{
	return (int)syscall(SYS_perf_event_open, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

static size_t ring_size(size_t ncpus, size_t page)
{
	size_t want = RINGS_BUDGET / (ncpus ? ncpus : 1), size = RING_MIN;

	while (size * 2 <= want && size * 2 <= RING_MAX)
		size *= 2;
	return size < page ? page : size;
}

/* Why perf_event_open refused, in words the user can act on. */
static int open_error(struct netobs_ctx *ctx, int err)
{
	char paranoid[32] = "unknown";

	if (err != -EACCES && err != -EPERM)
		return netobs__error(ctx, err, "perf_event_open(skb:kfree_skb): %s",
				     strerror(-err));
	netobs__file_read_line("/proc/sys/kernel/perf_event_paranoid", paranoid,
			       sizeof(paranoid));
	return netobs__error(ctx, -EPERM,
			     "perf_event_open(skb:kfree_skb): permission denied: needs root or "
			     "CAP_PERFMON (kernel.perf_event_paranoid = %s)", paranoid);
}

static int ring_open(struct netobs_drops *d, struct ring *r, int cpu, size_t size)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof(attr);
	attr.config = d->fmt.id;
	attr.sample_period = 1;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.disabled = 1;
	attr.watermark = 1;
	attr.wakeup_watermark = (uint32_t)(size / 2);
	attr.read_format = d->lost_by_read ? PERF_FORMAT_LOST : 0;
	r->fd = perf_open(&attr, cpu);
	if (r->fd < 0 && errno == EINVAL && d->lost_by_read) {
		/* before 6.0: PERF_RECORD_LOST alone */
		d->lost_by_read = false;
		attr.read_format = 0;
		r->fd = perf_open(&attr, cpu);
	}
	if (r->fd < 0)
		return -errno;
	r->cpu = cpu;
	r->data_size = size;
	r->base = mmap(NULL, d->page + size, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->base == MAP_FAILED) {
		r->base = NULL;
		return netobs__error(d->ctx, -errno, "mmap of a perf ring (%zu KiB) on CPU %d: %s",
				     size >> 10, cpu, strerror(errno));
	}
	return 0;
}

static void ring_close(struct netobs_drops *d, struct ring *r)
{
	if (r->base)
		munmap(r->base, d->page + r->data_size);
	if (r->fd >= 0)
		close(r->fd);
}

/* A ring on every CPU there is; an offline one (ENODEV) has none. */
static int rings_open(struct netobs_drops *d)
{
	long conf = sysconf(_SC_NPROCESSORS_CONF);
	size_t ncpus = conf > 0 ? (size_t)conf : 1, size = ring_size(ncpus, d->page), i;
	int err;

	d->rings = calloc(ncpus, sizeof(*d->rings));
	d->pfds = calloc(ncpus, sizeof(*d->pfds));
	if (!d->rings || !d->pfds)
		return netobs__error(d->ctx, -ENOMEM, "out of memory");
	for (i = 0; i < ncpus; i++) {
		struct ring *r = &d->rings[d->nrings];

		err = ring_open(d, r, (int)i, size);
		if (err == -ENODEV || err == -ENXIO)
			continue;
		if (err < 0) {
			d->nrings++; /* so that it is closed */
			return r->fd < 0 ? open_error(d->ctx, err) : err;
		}
		d->pfds[d->nrings].fd = r->fd;
		d->pfds[d->nrings].events = POLLIN;
		d->nrings++;
	}
	if (d->nrings == 0)
		return netobs__error(d->ctx, -ENODEV, "no CPU online to trace");
	return 0;
}

static int rings_enable(struct netobs_drops *d)
{
	size_t i;

	for (i = 0; i < d->nrings; i++)
		if (ioctl(d->rings[i].fd, PERF_EVENT_IOC_ENABLE, 0) < 0)
			return netobs__error(d->ctx, -errno, "enabling skb:kfree_skb on CPU %d: %s",
					     d->rings[i].cpu, strerror(errno));
	return 0;
}

static int drops_setup(struct netobs_drops *d)
{
	char tracefs[PATH_MAX];
	int err = netobs__tracefs_find(d->ctx, tracefs, sizeof(tracefs));

	if (err == 0)
		err = netobs__tracefs_kfree_skb(d->ctx, tracefs, &d->fmt);
	if (err == 0) {
		d->table = calloc(1, sizeof(*d->table));
		if (!d->table)
			err = netobs__error(d->ctx, -ENOMEM, "out of memory");
	}
	if (err == 0)
		err = rings_open(d);
	if (err == 0)
		err = rings_enable(d);
	clock_gettime(CLOCK_MONOTONIC, &d->since);
	return err;
}

int netobs_drops_new(struct netobs_drops **out, struct netobs_ctx *ctx)
{
	struct netobs_drops *d;
	int err;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!ctx)
		return -EINVAL;
	if (!netobs__ctx_is_live(ctx))
		return netobs__error(ctx, -EOPNOTSUPP,
				     "drop reasons come from the running kernel, not from --root");
	d = calloc(1, sizeof(*d));
	if (!d)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	d->ctx = ctx;
	d->page = (size_t)sysconf(_SC_PAGESIZE);
	d->lost_by_read = true;
	err = drops_setup(d);
	if (err < 0) {
		netobs_drops_free(d);
		return err;
	}
	*out = d;
	return 0;
}

void netobs_drops_free(struct netobs_drops *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nrings; i++)
		ring_close(d, &d->rings[i]);
	free(d->rings);
	free(d->pfds);
	free(d->table);
	netobs__kallsyms_free(d->ksyms);
	netobs__trace_format_free(&d->fmt);
	free(d);
}

/* LEN bytes of the ring at POS into DST, across its end if need be. */
static void ring_copy(const struct ring *r, const unsigned char *data, uint64_t pos, void *dst,
		      size_t len)
{
	size_t off = (size_t)(pos & (r->data_size - 1)), first = r->data_size - off;

	if (first > len)
		first = len;
	memcpy(dst, data + off, first);
	memcpy((unsigned char *)dst + first, data, len - first);
}

/* One record: a sample (u32 size, then the raw tracepoint data) or a
 * count of the records the kernel could not write. */
static void handle(struct netobs_drops *d, const struct perf_event_header *h,
		   const unsigned char *rec)
{
	struct netobs__drop_record r;
	uint64_t lost;
	uint32_t size;

	if (h->type == PERF_RECORD_LOST && h->size >= sizeof(*h) + 16) {
		memcpy(&lost, rec + sizeof(*h) + 8, 8);
		if (!d->lost_by_read)
			d->table->lost += lost;
	} else if (h->type == PERF_RECORD_SAMPLE && h->size >= sizeof(*h) + 4) {
		memcpy(&size, rec + sizeof(*h), 4);
		if (size > h->size - sizeof(*h) - 4 ||
		    netobs__trace_record_decode(&d->fmt, rec + sizeof(*h) + 4, size, &r) < 0)
			d->table->malformed++;
		else
			netobs__drop_table_add(d->table, &r);
	}
}

static void ring_drain(struct netobs_drops *d, struct ring *r)
{
	struct perf_event_mmap_page *meta = r->base;
	const unsigned char *data = (const unsigned char *)r->base + d->page, *rec;
	uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = meta->data_tail;
	struct perf_event_header h;

	while (tail < head) {
		ring_copy(r, data, tail, &h, sizeof(h));
		if (h.size < sizeof(h) || h.size > head - tail) {
			d->table->malformed++;
			tail = head; /* cannot happen with a sane kernel: resync */
			break;
		}
		rec = data + (tail & (r->data_size - 1));
		if ((tail & (r->data_size - 1)) + h.size > r->data_size) {
			ring_copy(r, data, tail, d->bounce, h.size);
			rec = d->bounce;
		}
		handle(d, &h, rec);
		tail += h.size;
	}
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
}

/* The records the kernel could not write since the last look, from the
 * fd's own count: { value, lost } with PERF_FORMAT_LOST. */
static void ring_lost(struct netobs_drops *d, struct ring *r)
{
	uint64_t v[2];

	if (!d->lost_by_read || read(r->fd, v, sizeof(v)) != (ssize_t)sizeof(v))
		return;
	if (v[1] >= r->lost_read)
		d->table->lost += v[1] - r->lost_read;
	r->lost_read = v[1];
}

static void drain_all(struct netobs_drops *d)
{
	size_t i;

	for (i = 0; i < d->nrings; i++) {
		ring_drain(d, &d->rings[i]);
		ring_lost(d, &d->rings[i]);
	}
}

int netobs_drops_poll(struct netobs_drops *d, int timeout_ms)
{
	if (!d)
		return -EINVAL;
	if (timeout_ms > 0 && poll(d->pfds, d->nrings, timeout_ms) < 0 && errno == EINTR) {
		drain_all(d);
		return -EINTR;
	}
	drain_all(d);
	return 0;
}

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int netobs_drops_read(struct netobs_drop_counts **out, struct netobs_drops *d)
{
	struct timespec now;
	int err;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!d)
		return -EINVAL;
	drain_all(d);
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* Symbols only now, once: reading kallsyms costs tens of ms. */
	if (!d->ksyms_tried) {
		d->ksyms_tried = true;
		netobs__kallsyms_load(&d->ksyms);
	}
	err = netobs__drop_counts_build(out, d->table, &d->fmt, d->ksyms, since(&d->since, &now));
	if (err < 0)
		return netobs__error(d->ctx, err, "out of memory");
	memset(d->table, 0, sizeof(*d->table));
	d->since = now;
	return 0;
}

int netobs_drops_has_reasons(const struct netobs_drops *d)
{
	return d && d->fmt.reason.present;
}
