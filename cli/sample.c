/* SPDX-License-Identifier: MIT */
/*
 * What a watch sample reports, shared by the formats that print one: the
 * devices it lists, the rates the text formats show, and the names of the
 * diff's status bits.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "format.h"
#include "options.h"

const enum netobs_counter cli_rate_counters[CLI_NRATES] = {
	NETOBS_RX_BYTES, NETOBS_TX_BYTES, NETOBS_RX_PACKETS, NETOBS_TX_PACKETS,
	NETOBS_RX_ERRORS, NETOBS_TX_ERRORS, NETOBS_RX_DROPPED, NETOBS_TX_DROPPED,
};

/* Gone first: a device renamed and then removed has no rates either way. */
const char *cli_no_rates_why(unsigned int status)
{
	static const unsigned int order[] = {
		NETOBS_DIFF_GONE, NETOBS_DIFF_NEW, NETOBS_DIFF_RENAMED, NETOBS_DIFF_RECREATED,
	};
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (status & order[i])
			return netobs_diff_status_name(order[i]);
	return NULL;
}

static bool gone_in_diff(const struct netobs_diff *diff, const char *name)
{
	size_t i;

	for (i = 0; i < netobs_diff_gone_device_count(diff); i++)
		if (strcmp(netobs_device_name(netobs_diff_gone_device(diff, i)), name) == 0)
			return true;
	return false;
}

/* Named devices still missing: naming a device means watching it, so it
 * stays listed as gone until it comes back. */
static size_t missing_named(const struct cli_sample *smp, const struct filter *flt,
			    cli_device_fn fn, void *arg)
{
	size_t i, n = 0;

	for (i = 0; i < flt->nnames; i++) {
		const char *name = flt->names[i];

		if (filter_is_glob(name) || netobs_snapshot_device_by_name(smp->snap, name) ||
		    gone_in_diff(smp->diff, name))
			continue;
		n++;
		if (fn)
			fn(arg, NULL, name, NETOBS_DIFF_GONE);
	}
	return n;
}

/* 1 when FLT selects DEV, which FN (if any) is then shown. */
static size_t visit(const struct filter *flt, const struct netobs_device *dev,
		    unsigned int status, cli_device_fn fn, void *arg)
{
	if (!filter_match(flt, dev))
		return 0;
	if (fn)
		fn(arg, dev, netobs_device_name(dev), status);
	return 1;
}

size_t cli_sample_devices(const struct cli_sample *smp, const struct filter *flt,
			  cli_device_fn fn, void *arg)
{
	const struct netobs_device *dev;
	size_t i, n = 0;

	for (i = 0; i < netobs_snapshot_device_count(smp->snap); i++) {
		dev = netobs_snapshot_device(smp->snap, i);
		n += visit(flt, dev, netobs_diff_device_status(smp->diff, dev), fn, arg);
	}
	for (i = 0; i < netobs_diff_gone_device_count(smp->diff); i++)
		n += visit(flt, netobs_diff_gone_device(smp->diff, i), NETOBS_DIFF_GONE, fn, arg);
	return n + missing_named(smp, flt, fn, arg);
}

/* Sums the rates of N counters that DEV has; NAN when it has none. */
static double rate_sum(const struct netobs_diff *diff, const struct netobs_device *dev,
		       const enum netobs_counter *c, size_t n)
{
	double sum = NAN, r;
	size_t i;

	for (i = 0; i < n; i++) {
		r = netobs_diff_rate(diff, dev, c[i]);
		if (!isnan(r))
			sum = isnan(sum) ? r : sum + r;
	}
	return sum;
}

/* /proc/net/dev folds rx_missed_errors into its drop column: the library
 * then gives no rx_missed_errors, so the sum counts each loss once. */
double cli_drops_rate(const struct netobs_diff *diff, const struct netobs_device *dev)
{
	static const enum netobs_counter drops[] = {
		NETOBS_RX_DROPPED, NETOBS_TX_DROPPED, NETOBS_RX_MISSED_ERRORS,
		NETOBS_RX_NOHANDLER, NETOBS_RX_OTHERHOST_DROPPED,
	};

	return rate_sum(diff, dev, drops, sizeof(drops) / sizeof(drops[0]));
}

double cli_errors_rate(const struct netobs_diff *diff, const struct netobs_device *dev)
{
	static const enum netobs_counter errors[] = { NETOBS_RX_ERRORS, NETOBS_TX_ERRORS };

	return rate_sum(diff, dev, errors, 2);
}

bool cli_device_idle(const struct netobs_diff *diff, const struct netobs_device *dev,
		     unsigned int status)
{
	static const enum netobs_counter moving[] = { NETOBS_RX_PACKETS, NETOBS_TX_PACKETS,
						      NETOBS_RX_BYTES, NETOBS_TX_BYTES };
	double r;

	if (!dev || cli_no_rates_why(status))
		return false;
	r = rate_sum(diff, dev, moving, 4);
	if (!isnan(r) && r > 0)
		return false;
	r = cli_drops_rate(diff, dev);
	if (!isnan(r) && r > 0)
		return false;
	r = cli_errors_rate(diff, dev);
	return isnan(r) || r <= 0;
}
