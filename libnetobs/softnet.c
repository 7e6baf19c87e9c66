/* SPDX-License-Identifier: MIT */
/*
 * /proc/net/softnet_stat: one row per ONLINE CPU, every column %08x.
 *
 * The kernel only ever appended columns, so a column means the same in
 * every width; the width says which exist (KERNEL-FACTS.md):
 *   0 processed, 1 dropped, 2 time_squeeze, 3-7 zero (was fastroute),
 *   8 cpu_collision, 9 received_rps (10+), 10 flow_limit_count (11+),
 *   11 backlog_len (13+), 12 CPU id (13+), 13 input_qlen, 14 process_qlen (15).
 * Widths 9 and 10 (2.6, 3.10), 11 (3.11 to 5.9), 13 (5.10+), 15 (6.4+): the
 * width decides, never the kernel version.  Below 13 columns there is no CPU
 * id and row N belongs to the N-th online CPU, which is CPU N only when no
 * CPU below it is offline.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SOFTNET_COLS_MAX 15
#define SOFTNET_COL_CPU 12
/* 15 columns of 8 hex digits need 135 bytes. */
#define SOFTNET_LINE_MAX 256

/* The field of each column; -1 for the zero columns and the CPU id. */
static const int column_field[SOFTNET_COLS_MAX] = {
	NETOBS_SOFTNET_PROCESSED, NETOBS_SOFTNET_DROPPED, NETOBS_SOFTNET_TIME_SQUEEZE,
	-1, -1, -1, -1, -1,
	NETOBS_SOFTNET_CPU_COLLISION, NETOBS_SOFTNET_RECEIVED_RPS,
	NETOBS_SOFTNET_FLOW_LIMIT_COUNT, NETOBS_SOFTNET_BACKLOG_LEN,
	-1,
	NETOBS_SOFTNET_INPUT_QLEN, NETOBS_SOFTNET_PROCESS_QLEN,
};

static bool known_width(unsigned int n)
{
	return n == 9 || n == 10 || n == 11 || n == 13 || n == 15;
}

/* ---- /sys/devices/system/cpu/online --------------------------------------- */

static int cpulist_number(const char **p, const char *end, unsigned int *out)
{
	uint64_t v;

	if (netobs__parse_u64(p, end, &v) < 0 || v > NETOBS__CPU_ID_MAX)
		return -EBADMSG;
	*out = (unsigned int)v;
	return 0;
}

/* One "a" or "a-b" item, which must start above PREV (the kernel prints
 * the list ascending; anything else is not its output). */
static int cpulist_item(const char **p, const char *end, long prev, unsigned int *lo,
			unsigned int *hi)
{
	if (cpulist_number(p, end, lo) < 0 || (long)*lo <= prev)
		return -EBADMSG;
	*hi = *lo;
	if (*p < end && **p == '-') {
		(*p)++;
		if (cpulist_number(p, end, hi) < 0 || *hi < *lo)
			return -EBADMSG;
	}
	return 0;
}

int netobs__cpulist_parse(const char *buf, size_t len, int *ids, size_t max, size_t *n)
{
	const char *p = buf, *end = buf + len;
	unsigned int lo, hi, id;
	long prev = -1;
	size_t count = 0;

	/* The trailing newline and any blanks around it are not part of it. */
	while (end > p && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*n = 0;
	if (p == end)
		return -EBADMSG;
	for (;;) {
		if (cpulist_item(&p, end, prev, &lo, &hi) < 0)
			return -EBADMSG;
		for (id = lo; id <= hi; id++, count++)
			if (count < max)
				ids[count] = (int)id;
		prev = hi;
		if (p == end)
			break;
		if (*p++ != ',')
			return -EBADMSG;
	}
	*n = count;
	return count > max ? -ERANGE : 0;
}

/* The section's own state on the context: the online list, kept so a
 * refresh allocates nothing. */
struct netobs__softnet {
	int *online;		/* ids of the online CPUs */
	size_t online_cap;
};

void netobs__softnet_forget(struct netobs_ctx *ctx)
{
	if (!ctx->softnet)
		return;
	free(ctx->softnet->online);
	free(ctx->softnet);
	ctx->softnet = NULL;
}

static struct netobs__softnet *state(struct netobs_ctx *ctx)
{
	if (!ctx->softnet)
		ctx->softnet = calloc(1, sizeof(*ctx->softnet));
	return ctx->softnet;
}

/* Grows the online list to NEED ids: 0 or -ENOMEM (with the message). */
static int grow_online(struct netobs_ctx *ctx, struct netobs__softnet *sn, size_t need)
{
	int *ids = realloc(sn->online, need * sizeof(*ids));

	if (!ids)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	sn->online = ids;
	sn->online_cap = need;
	return 0;
}

/* Reads the online list into online[OFF..OFF + *N), growing it.
 * -ENOENT and friends when unreadable, -EBADMSG (with a message) when bad. */
static int read_online(struct netobs_ctx *ctx, struct netobs__softnet *sn, size_t off, size_t *n)
{
	char path[PATH_MAX];
	size_t len = 0;
	int err;

	if (netobs__path(ctx, path, sizeof(path), "/sys/devices/system/cpu/online") < 0)
		return -ENAMETOOLONG;
	err = netobs__file_read_kept(ctx, NETOBS__KEPT_ONLINE, path, &ctx->procbuf,
				     &ctx->procbuf_cap, &len);
	if (err < 0)
		return err;
	/* Masked (a /dev/null bind in a container): as if it were missing. */
	if (len == 0)
		return -ENODATA;
	for (;;) {
		size_t room = sn->online_cap - off;
		int *ids = sn->online ? sn->online + off : NULL;

		err = netobs__cpulist_parse(ctx->procbuf, len, ids, room, n);
		if (err == -EBADMSG)
			return netobs__error_at(ctx, err, path, 1, "not a CPU list");
		if (err != -ERANGE)
			return err;
		err = grow_online(ctx, sn, off + *n);
		if (err < 0)
			return err;
	}
}

/* ---- /proc/net/softnet_stat ------------------------------------------------ */

struct softnet_row {
	uint64_t col[SOFTNET_COLS_MAX];
	unsigned int ncols;
};

static int parse_row(const struct netobs__lines *l, const char *p, const char *e,
		     struct softnet_row *row)
{
	char word[24];

	row->ncols = 0;
	for (;;) {
		const char *start = p;
		uint64_t v;
		int err;

		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p == e)
			return 0;
		if (row->ncols == SOFTNET_COLS_MAX)
			return netobs__lines_error(l, "more than %u columns", SOFTNET_COLS_MAX);
		err = netobs__parse_hex(&p, e, &v);
		if (err == -EINVAL || (err == 0 && p < e && *p != ' ' && *p != '\t'))
			return netobs__lines_error(l, "column %u: '%s' is not hexadecimal",
						   row->ncols + 1,
						   netobs__word(word, sizeof(word), start, e));
		if (err < 0 || v > UINT32_MAX)
			return netobs__lines_error(l, "column %u: %s is above 0xffffffff",
						   row->ncols + 1,
						   netobs__word(word, sizeof(word), start, e));
		row->col[row->ncols++] = v;
	}
}

struct softnet_parse {
	const struct netobs__lines *l;
	const int *online;
	size_t nonline;
	unsigned int width;	/* of the first row */
	unsigned int row;	/* index of the current row */
};

/* The CPU a row belongs to: the id column where the kernel prints one, else
 * the row's position among the online CPUs. */
static int row_cpu(struct softnet_parse *sp, const struct softnet_row *row, int *id)
{
	const struct netobs__lines *l = sp->l;

	if (sp->width > SOFTNET_COL_CPU) {
		if (row->col[SOFTNET_COL_CPU] > NETOBS__CPU_ID_MAX)
			return netobs__lines_error(l, "CPU id 0x%llx out of range",
						   (unsigned long long)row->col[SOFTNET_COL_CPU]);
		*id = (int)row->col[SOFTNET_COL_CPU];
		return 0;
	}
	if (!sp->online) {
		if (sp->row == 0)
			netobs__warn_at(l->ctx, l->file, 0, "no online CPU list: row N taken as CPU N");
		*id = (int)sp->row;
		return 0;
	}
	if (sp->row >= sp->nonline)
		return netobs__lines_error(l, "row %u, but only %zu CPUs are online", sp->row + 1,
					   sp->nonline);
	*id = sp->online[sp->row];
	return 0;
}

static int store_row(struct softnet_parse *sp, const struct softnet_row *row,
		     struct netobs_snapshot *snap)
{
	struct netobs_cpu *cpu;
	unsigned int i;
	int id = 0, err;

	err = row_cpu(sp, row, &id);
	if (err < 0)
		return err;
	cpu = netobs__snapshot_cpu_get(snap, id);
	if (!cpu)
		return netobs__error(sp->l->ctx, -ENOMEM, "out of memory");
	if (cpu->online)
		return netobs__lines_error(sp->l, "a second row for CPU %d", id);
	cpu->online = true;
	for (i = 0; i < row->ncols; i++) {
		int f = column_field[i];

		if (f < 0)
			continue;
		cpu->softnet[f] = row->col[i];
		cpu->softnet_avail |= 1u << f;
	}
	return 0;
}

static int check_width(struct softnet_parse *sp, const struct softnet_row *row)
{
	if (sp->width == 0) {
		if (!known_width(row->ncols))
			return netobs__lines_error(sp->l, "%u columns; known widths are "
						   "9, 10, 11, 13 and 15", row->ncols);
		sp->width = row->ncols;
	}
	if (row->ncols != sp->width)
		return netobs__lines_error(sp->l, "%u columns, expected %u like line 1",
					   row->ncols, sp->width);
	return 0;
}

int netobs__softnet_parse(struct netobs_ctx *ctx, const char *file, const char *buf, size_t len,
			  const int *online, size_t nonline, struct netobs_snapshot *snap)
{
	struct netobs__lines l;
	struct softnet_parse sp = { .l = &l, .online = online, .nonline = nonline };
	struct softnet_row row;
	const char *s, *e;
	int r;

	if (nonline == 0)
		sp.online = NULL;
	netobs__lines_init(&l, ctx, file, buf, len, SOFTNET_LINE_MAX);
	while ((r = netobs__lines_next(&l, &s, &e)) > 0) {
		r = parse_row(&l, s, e, &row);
		if (r == 0)
			r = check_width(&sp, &row);
		if (r == 0)
			r = store_row(&sp, &row, snap);
		if (r < 0)
			return r;
		sp.row++;
	}
	if (r == 0 && sp.row == 0)
		return netobs__error_at(ctx, -ENODATA, file, 0, "empty (masked?)");
	return r;
}

/* ---- reading --------------------------------------------------------------- */

/* Reads softnet_stat and parses it against the first NONLINE online ids. */
static int read_once(struct netobs_ctx *ctx, struct netobs__softnet *sn,
		     struct netobs_snapshot *snap, size_t nonline)
{
	char path[PATH_MAX];
	size_t len;
	int err;

	err = netobs__proc_net_path(ctx, path, sizeof(path), "softnet_stat");
	if (err == 0)
		err = netobs__file_read_section(ctx, NETOBS__KEPT_SOFTNET, path, &len);
	if (err == 0)
		err = netobs__softnet_parse(ctx, path, ctx->procbuf, len, sn->online, nonline,
					    snap);
	return err;
}

static bool same_ids(const int *a, size_t na, const int *b, size_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na * sizeof(*a)) == 0);
}

/* On the live host a CPU can go on- or offline between reading the online
 * list and softnet_stat, and the rows would be labelled wrongly: read the
 * list again after, and start over (a few times) when it changed. */
int netobs__softnet_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct netobs__softnet *sn = state(ctx);
	size_t n1 = 0, n2 = 0;
	unsigned int attempt;
	int err;

	if (!sn)
		return netobs__error(ctx, -ENOMEM, "out of memory");
	for (attempt = 0;; attempt++) {
		err = read_online(ctx, sn, 0, &n1);
		if (err == -EBADMSG || err == -ENOMEM)
			return err;
		if (err < 0)
			n1 = 0;
		err = read_once(ctx, sn, snap, n1);
		if (err < 0 || n1 == 0 || !netobs__ctx_is_live(ctx) || attempt == 3)
			return err;
		err = read_online(ctx, sn, n1, &n2);
		if (err == -EBADMSG || err == -ENOMEM)
			return err;
		if (err < 0 || same_ids(sn->online, n1, sn->online + n1, n2))
			return 0;
		/* softnet is the first per-CPU section: its CPUs are all there is. */
		netobs__snapshot_clear_softnet(snap);
	}
}
