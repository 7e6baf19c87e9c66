/* SPDX-License-Identifier: MIT */
/*
 * /proc/net/dev: the device source every kernel has, and the last resort
 * where sysfs is missing (some containers).
 *
 * Column mapping (dev_seq_printf_stats() in net/core/net-procfs.c):
 *
 *   col  header          counter                    value
 *    0   RX bytes        NETOBS_RX_BYTES            exact
 *    1   RX packets      NETOBS_RX_PACKETS          exact
 *    2   RX errs         NETOBS_RX_ERRORS           exact
 *    3   RX drop         NETOBS_RX_DROPPED          folded: rx_dropped + rx_missed_errors
 *    4   RX fifo         NETOBS_RX_FIFO_ERRORS      exact
 *    5   RX frame        NETOBS_RX_FRAME_ERRORS     folded: rx_length_errors + rx_over_errors
 *                                                           + rx_crc_errors + rx_frame_errors
 *    6   RX compressed   NETOBS_RX_COMPRESSED       exact
 *    7   RX multicast    NETOBS_MULTICAST           exact
 *    8   TX bytes        NETOBS_TX_BYTES            exact
 *    9   TX packets      NETOBS_TX_PACKETS          exact
 *   10   TX errs         NETOBS_TX_ERRORS           exact
 *   11   TX drop         NETOBS_TX_DROPPED          exact
 *   12   TX fifo         NETOBS_TX_FIFO_ERRORS      exact
 *   13   TX colls        NETOBS_COLLISIONS          exact
 *   14   TX carrier      NETOBS_TX_CARRIER_ERRORS   folded: tx_carrier_errors + tx_aborted_errors
 *                                                           + tx_window_errors + tx_heartbeat_errors
 *   15   TX compressed   NETOBS_TX_COMPRESSED       exact
 *
 * Unavailable (-ENODATA, never 0): rx_length_errors, rx_over_errors,
 * rx_crc_errors, rx_missed_errors, tx_aborted_errors, tx_window_errors,
 * tx_heartbeat_errors, rx_nohandler, rx_otherhost_dropped.  A folded counter
 * carries NETOBS_COUNTER_FOLDED.
 *
 * Attributes and class come from sysfs (netobs__sysfs_read_device), so a
 * device gets the same class and kind as from the sysfs source.  A device
 * sysfs does not show (no /sys in a container, it vanished in between, or
 * its folder is unreadable: warned) keeps what /proc gave: ifindex 0 and no attributes; "lo" is classified as
 * the loopback device it always is, every other device is virtual with kind
 * "unknown", because nothing in /proc tells hardware from software and a
 * physical total must not count what cannot be shown to be hardware.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* A row is at most 15 + 1 + 16 * 21 bytes; anything much longer is not
 * /proc/net/dev. */
#define PROCNETDEV_LINE_MAX 512
#define PROCNETDEV_COLS 16

/* ---- /proc/net/dev --------------------------------------------------------- */

static const char *const column_names[PROCNETDEV_COLS] = {
	"RX bytes", "RX packets", "RX errs", "RX drop", "RX fifo", "RX frame",
	"RX compressed", "RX multicast", "TX bytes", "TX packets", "TX errs",
	"TX drop", "TX fifo", "TX colls", "TX carrier", "TX compressed",
};

/* The header's three '|'-separated parts, word by word. */
static const char *const header1[3] = { "Inter-", "Receive", "Transmit" };
static const char *const header2[3] = {
	"face",
	"bytes packets errs drop fifo frame compressed multicast",
	"bytes packets errs drop fifo colls carrier compressed",
};

/* Whether the words of [S, E) are the words of WANT. */
static bool words_match(const char *s, const char *e, const char *want)
{
	for (;;) {
		size_t n;

		while (s < e && netobs__is_blank(*s))
			s++;
		while (*want == ' ')
			want++;
		if (s == e || *want == '\0')
			return s == e && *want == '\0';
		n = strcspn(want, " ");
		if ((size_t)(e - s) < n || memcmp(s, want, n) != 0)
			return false;
		s += n;
		want += n;
		if (s < e && !netobs__is_blank(*s))
			return false;
	}
}

static bool header_matches(const char *s, const char *e, const char *const want[3])
{
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *bar = i < 2 ? memchr(s, '|', (size_t)(e - s)) : e;

		if (!bar || !words_match(s, bar, want[i]))
			return false;
		s = bar + 1;
	}
	return true;
}

static int check_header(struct netobs__lines *l)
{
	const char *s, *e;
	int r;

	r = netobs__lines_next(l, &s, &e);
	if (r == 0)
		return netobs__error_at(l->ctx, -EBADMSG, l->file, 1, "empty, expected the header");
	if (r < 0)
		return r;
	if (!header_matches(s, e, header1))
		return netobs__lines_error(l, "not the /proc/net/dev header (Inter-|Receive|Transmit)");
	r = netobs__lines_next(l, &s, &e);
	if (r == 0)
		return netobs__error_at(l->ctx, -EBADMSG, l->file, 2,
					"missing the second header line");
	if (r < 0)
		return r;
	if (!header_matches(s, e, header2))
		return netobs__lines_error(l, "unexpected column names in the header");
	return 0;
}

static int parse_columns(const struct netobs__lines *l, const char *p, const char *e,
			 uint64_t cols[PROCNETDEV_COLS])
{
	unsigned int i, n = netobs__count_words(p, e);
	char word[24];

	if (n != PROCNETDEV_COLS)
		return netobs__lines_error(l, "%u columns, expected %u", n, PROCNETDEV_COLS);
	for (i = 0; i < PROCNETDEV_COLS; i++) {
		const char *start = p;
		int err = netobs__parse_u64(&p, e, &cols[i]);

		if (err == -ERANGE)
			return netobs__lines_error(l, "column %u (%s): %s is above UINT64_MAX",
						   i + 1, column_names[i],
						   netobs__word(word, sizeof(word), start, e));
		if (err < 0 || (p < e && !netobs__is_blank(*p)))
			return netobs__lines_error(l, "column %u (%s): '%s' is not a number",
						   i + 1, column_names[i],
						   netobs__word(word, sizeof(word), start, e));
	}
	return 0;
}

static int parse_row(const struct netobs__lines *l, const char *s, const char *e,
		     char name[NETOBS__IFNAMSIZ], uint64_t cols[PROCNETDEV_COLS])
{
	const char *colon;
	char word[24];

	while (s < e && netobs__is_blank(*s))
		s++;
	colon = memchr(s, ':', (size_t)(e - s));
	if (!colon)
		return netobs__lines_error(l, "no ':' after a device name");
	if (!netobs__ifname_valid(s, (size_t)(colon - s)))
		return netobs__lines_error(l, "'%s' is not a device name",
					   netobs__word(word, sizeof(word), s, colon));
	memcpy(name, s, (size_t)(colon - s));
	name[colon - s] = '\0';
	return parse_columns(l, colon + 1, e, cols);
}

int netobs__procnetdev_parse(struct netobs_ctx *ctx, const char *file, const char *buf,
			     size_t len, netobs__procnetdev_row_fn row, void *arg)
{
	struct netobs__lines l;
	uint64_t cols[PROCNETDEV_COLS];
	char name[NETOBS__IFNAMSIZ];
	const char *s, *e;
	int r;

	netobs__lines_init(&l, ctx, file, buf, len, PROCNETDEV_LINE_MAX);
	r = check_header(&l);
	if (r < 0)
		return r;
	while ((r = netobs__lines_next(&l, &s, &e)) > 0) {
		r = parse_row(&l, s, e, name, cols);
		if (r == 0)
			r = row(arg, name, cols);
		if (r < 0)
			return r;
	}
	return r;
}

/* ---- building devices ------------------------------------------------------ */

struct procfs_read {
	struct netobs_ctx *ctx;
	struct netobs_snapshot *snap;
	bool sysfs;		/* ROOT/sys/class/net exists */
};

static void set_counters(struct netobs_device *dev, const uint64_t c[PROCNETDEV_COLS])
{
	netobs__device_set_counter(dev, NETOBS_RX_BYTES, c[0], false);
	netobs__device_set_counter(dev, NETOBS_RX_PACKETS, c[1], false);
	netobs__device_set_counter(dev, NETOBS_RX_ERRORS, c[2], false);
	netobs__device_set_counter(dev, NETOBS_RX_DROPPED, c[3], true);
	netobs__device_set_counter(dev, NETOBS_RX_FIFO_ERRORS, c[4], false);
	netobs__device_set_counter(dev, NETOBS_RX_FRAME_ERRORS, c[5], true);
	netobs__device_set_counter(dev, NETOBS_RX_COMPRESSED, c[6], false);
	netobs__device_set_counter(dev, NETOBS_MULTICAST, c[7], false);
	netobs__device_set_counter(dev, NETOBS_TX_BYTES, c[8], false);
	netobs__device_set_counter(dev, NETOBS_TX_PACKETS, c[9], false);
	netobs__device_set_counter(dev, NETOBS_TX_ERRORS, c[10], false);
	netobs__device_set_counter(dev, NETOBS_TX_DROPPED, c[11], false);
	netobs__device_set_counter(dev, NETOBS_TX_FIFO_ERRORS, c[12], false);
	netobs__device_set_counter(dev, NETOBS_COLLISIONS, c[13], false);
	netobs__device_set_counter(dev, NETOBS_TX_CARRIER_ERRORS, c[14], true);
	netobs__device_set_counter(dev, NETOBS_TX_COMPRESSED, c[15], false);
}

/* The documented rule for a device sysfs does not show (see the top). */
static void classify_without_sysfs(struct netobs_device *dev)
{
	struct netobs__class_facts facts;
	char name[NETOBS__IFNAMSIZ];

	/* Nothing half-read from sysfs survives: only the name is known. */
	memcpy(name, dev->name, sizeof(name));
	memset(dev, 0, sizeof(*dev));
	dev->link_netnsid = -1;
	memcpy(dev->name, name, sizeof(name));
	if (strcmp(dev->name, "lo") == 0) {
		/* What every other source knows of lo, so the kind matches. */
		memset(&facts, 0, sizeof(facts));
		facts.arphrd = ARPHRD_LOOPBACK;
		facts.flags = IFF_LOOPBACK;
		netobs__classify(&facts, &dev->cls, dev->kind);
		return;
	}
	dev->cls = NETOBS_CLASS_VIRTUAL;
	snprintf(dev->kind, sizeof(dev->kind), "unknown");
}

/* Sysfs attributes of a device /proc/net/dev listed.  /proc decides which
 * devices there are: a device sysfs cannot describe (its folder missing or
 * vanished, -ENODEV; or unreadable, warned) keeps /proc's counters under
 * the rule above.  Only running out of memory fails the snapshot. */
static int add_sysfs(struct procfs_read *a, struct netobs_device *dev)
{
	int err = -ENODEV;

	if (a->sysfs)
		err = netobs__sysfs_read_device(a->ctx, dev);
	if (err == 0)
		return netobs__sysfs_read_alias(a->ctx, a->snap, dev);
	if (err == -ENOMEM)
		return err;
	if (err != -ENODEV && err != -ENOENT) {
		netobs__warn(a->ctx, "%s: no sysfs attributes (%s), /proc/net/dev counters only",
			     dev->name, strerror(-err));
		netobs__error_clear(a->ctx); /* a warning now, not the error */
	}
	classify_without_sysfs(dev);
	return 0;
}

static int add_row(void *arg, const char *name, const uint64_t cols[PROCNETDEV_COLS])
{
	struct procfs_read *a = arg;
	struct netobs_device *dev = netobs__snapshot_add_device(a->snap);
	int err;

	if (!dev)
		return netobs__error(a->ctx, -ENOMEM, "out of memory");
	memcpy(dev->name, name, strlen(name) + 1);
	err = add_sysfs(a, dev);
	if (err < 0)
		return err;
	set_counters(dev, cols);
	return 0;
}

static bool sysfs_present(struct netobs_ctx *ctx)
{
	char path[PATH_MAX];
	struct stat st;

	/* The mounted /sys shows the namespace that mounted it, not the one
	 * read here: a device by the same name there is another device. */
	if (netobs__ctx_in_netns(ctx))
		return false;
	if (netobs__path(ctx, path, sizeof(path), "/sys/class/net") < 0)
		return false;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	/* AUTO reaches this source only by falling back from a missing
	 * /sys/class/net, and link.c has said so then. */
	if (ctx->source == NETOBS_SOURCE_AUTO)
		return false;
	netobs__warn_at(ctx, path, 0, "missing: devices from /proc/net/dev have ifindex 0, "
			"no attributes, and are virtual (lo: loopback)");
	return false;
}

int netobs__procfs_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap)
{
	struct procfs_read a = { .ctx = ctx, .snap = snap };
	char path[PATH_MAX];
	size_t len = 0;
	int err;

	err = netobs__proc_net_path(ctx, path, sizeof(path), "dev");
	if (err < 0)
		return err;
	err = netobs__file_read_section(ctx, NETOBS__KEPT_PROCNETDEV, path, &len);
	if (err < 0)
		return err;
	a.sysfs = sysfs_present(ctx);
	return netobs__procnetdev_parse(ctx, path, ctx->procbuf, len, add_row, &a);
}
