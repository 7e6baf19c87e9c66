/* SPDX-License-Identifier: MIT */
/*
 * The sampler: what every service on this library writes by hand, once.
 *
 * A diff points into its two snapshots, so refreshing either of them while
 * the diff is still read gives deltas of a half-written snapshot.  The
 * sampler therefore keeps three snapshots and two diffs:
 *
 *   snap[older], snap[newer]  the last good pair, read by diff[cur];
 *   snap[spare]               the one the next tick refreshes.
 *
 * A tick refreshes the spare and diffs it against the newer one into the
 * other diff; only when both succeed do the roles rotate (the old "older"
 * becomes the spare).  A tick that fails (-EAGAIN from a netlink dump that
 * device churn kept interrupting, -ENOMEM) touches nothing a caller can see:
 * the last good snapshot and diff stay valid, and netobs_sampler_error()
 * says the data is from an earlier tick.  Once all five objects are warm a
 * tick allocates nothing, like a snapshot refresh.
 *
 * The sampler holds whole snapshots: whatever sections a snapshot gains,
 * the sampler has them without a change here.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "internal.h"

struct netobs_sampler {
	struct netobs_ctx *ctx;		/* borrowed */
	struct netobs_snapshot *snap[3];
	struct netobs_diff *diff[2];
	int newer, older, spare;	/* roles: indexes into snap[] */
	int cur;			/* diff[cur] is the visible diff */
	unsigned int good;		/* good snapshots held: 0, 1 or 2 */
	int error;			/* of the last tick */
	int timerfd;			/* -1 until set_interval */
};

NETOBS_API int netobs_sampler_new(struct netobs_sampler **out, struct netobs_ctx *ctx)
{
	struct netobs_sampler *s;
	int i;

	if (!out || !ctx)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->ctx = ctx;
	s->timerfd = -1;
	s->newer = 0;
	s->older = 1;
	s->spare = 2;
	/* Empty snapshots and diffs: the ticks fill them in place. */
	for (i = 0; i < 3; i++)
		if (!(s->snap[i] = calloc(1, sizeof(*s->snap[i]))))
			goto nomem;
	for (i = 0; i < 2; i++)
		if (netobs_diff_new(&s->diff[i], NULL, NULL) < 0)
			goto nomem;
	*out = s;
	return 0;
nomem:
	netobs_sampler_free(s);
	return -ENOMEM;
}

NETOBS_API void netobs_sampler_free(struct netobs_sampler *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < 2; i++)
		netobs_diff_free(s->diff[i]);
	for (i = 0; i < 3; i++)
		netobs_snapshot_free(s->snap[i]);
	if (s->timerfd >= 0)
		close(s->timerfd);
	free(s);
}

/* A service calls tick when the timer is readable; reading the expiration
 * count here keeps the descriptor from staying readable forever. */
static void drain_timer(struct netobs_sampler *s)
{
	uint64_t expirations;

	if (s->timerfd >= 0 && read(s->timerfd, &expirations, sizeof(expirations)) < 0) {
		/* EAGAIN: the caller ticked before the timer fired. */
	}
}

/* Makes the spare the newest: the older one becomes the next spare. */
static void rotate(struct netobs_sampler *s)
{
	int old_older = s->older;

	s->older = s->newer;
	s->newer = s->spare;
	s->spare = old_older;
	if (s->good < 2)
		s->good++;
}

NETOBS_API int netobs_sampler_tick(struct netobs_sampler *s)
{
	struct netobs_snapshot *fresh;
	int err, next;

	if (!s)
		return -EINVAL;
	drain_timer(s);
	fresh = s->snap[s->spare];
	err = netobs_snapshot_refresh(fresh, s->ctx);
	if (err < 0)
		return s->error = err;
	if (s->good == 0) {
		rotate(s);
		return s->error = 0;
	}
	/* Into the diff nobody reads: the visible one still describes the
	 * last good pair if this update fails. */
	next = !s->cur;
	err = netobs_diff_update(s->diff[next], s->snap[s->newer], fresh);
	if (err < 0)
		return s->error = err;
	s->cur = next;
	rotate(s);
	return s->error = 0;
}

NETOBS_API int netobs_sampler_error(const struct netobs_sampler *s)
{
	return s ? s->error : -EINVAL;
}

NETOBS_API const struct netobs_snapshot *netobs_sampler_snapshot(const struct netobs_sampler *s)
{
	return s && s->good > 0 ? s->snap[s->newer] : NULL;
}

NETOBS_API const struct netobs_diff *netobs_sampler_diff(const struct netobs_sampler *s)
{
	return s && s->good > 1 ? s->diff[s->cur] : NULL;
}

NETOBS_API int netobs_sampler_set_interval(struct netobs_sampler *s, uint64_t interval_ns)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };

	if (!s)
		return -EINVAL;
	if (s->timerfd < 0) {
		s->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
		if (s->timerfd < 0)
			return -errno;
	}
	its.it_interval.tv_sec = (time_t)(interval_ns / 1000000000u);
	its.it_interval.tv_nsec = (long)(interval_ns % 1000000000u);
	its.it_value = its.it_interval;
	if (timerfd_settime(s->timerfd, 0, &its, NULL) < 0)
		return -errno;
	return s->timerfd;
}

NETOBS_API int netobs_sampler_fd(const struct netobs_sampler *s)
{
	if (!s)
		return -EINVAL;
	return s->timerfd >= 0 ? s->timerfd : -ENODATA;
}
