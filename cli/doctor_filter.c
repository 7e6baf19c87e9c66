/* SPDX-License-Identifier: MIT */
/*
 * Which of a diagnosis's findings the user asked to see: the device filters
 * pick device-layer findings, and a layer's verdict is that of the findings
 * shown.  doctor.c (the exit status) and doctor_out.c (the report) both ask.
 */
#include "config.h"

#include "cli.h"

/* Device-layer findings name a device: the device filters pick them. */
static bool shown(const struct cli_opts *o, const struct netobs_snapshot *snap,
		  const struct netobs_layer *l, const struct netobs_finding *f)
{
	const struct netobs_device *dev;

	if (netobs_layer_id(l) > NETOBS_LAYER_DEVICE_DROPS)
		return true;
	dev = netobs_snapshot_device_by_name(snap, netobs_finding_object(f));
	return !dev || filter_match(&o->filter, dev);
}

/* The layer's verdict over the findings shown; UNKNOWN and UNOBSERVABLE
 * stand whatever the filter. */
enum netobs_verdict doctor_layer_verdict(const struct cli_opts *o,
					 const struct netobs_snapshot *snap,
					 const struct netobs_layer *l)
{
	enum netobs_verdict v = netobs_layer_verdict(l), worst = NETOBS_VERDICT_OK;
	size_t i;

	if (v > NETOBS_VERDICT_CRITICAL)
		return v;
	for (i = 0; i < netobs_layer_finding_count(l); i++) {
		const struct netobs_finding *f = netobs_layer_finding(l, i);

		if (shown(o, snap, l, f) && netobs_finding_verdict(f) > worst)
			worst = netobs_finding_verdict(f);
	}
	return worst;
}

const struct netobs_finding *doctor_first_shown(const struct cli_opts *o,
						const struct netobs_snapshot *snap,
						const struct netobs_layer *l, size_t *i)
{
	for (; *i < netobs_layer_finding_count(l); (*i)++)
		if (shown(o, snap, l, netobs_layer_finding(l, *i)))
			return netobs_layer_finding(l, (*i)++);
	return NULL;
}
