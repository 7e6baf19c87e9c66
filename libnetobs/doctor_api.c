/* SPDX-License-Identifier: MIT */
/* The getters of a diagnosis, its layers and findings, and the names of
 * layers and verdicts.  NULL objects give the absent values of libnetobs(3). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "doctor.h"

static const char *const layer_names[] = {
	"link", "nic_ring", "device_drops", "cpu_backlog", "cpu_budget", "qdisc",
	"ip", "tcp_accept", "tcp_memory", "tcp_loss", "udp", "socket",
};
_Static_assert(NETOBS__ARRAY_SIZE(layer_names) == NETOBS__LAYER_MAX,
	       "layer_names has no name for every enum netobs_layer_id");

static const char *const verdict_names[] = {
	"ok", "warning", "critical", "unknown", "unobservable",
};
_Static_assert(NETOBS__ARRAY_SIZE(verdict_names) == NETOBS__VERDICT_MAX,
	       "verdict_names has no name for every enum netobs_verdict");

const char *netobs_layer_name(enum netobs_layer_id id)
{
	return (unsigned int)id < NETOBS__LAYER_MAX ? layer_names[id] : NULL;
}

int netobs_layer_from_name(const char *name, enum netobs_layer_id *out)
{
	unsigned int i;
	int err = netobs__name_index(layer_names, NETOBS__LAYER_MAX, name, &i);

	if (err == 0 && out)
		*out = (enum netobs_layer_id)i;
	return err;
}

const char *netobs_verdict_name(enum netobs_verdict verdict)
{
	return (unsigned int)verdict < NETOBS__VERDICT_MAX ? verdict_names[verdict] : NULL;
}

int netobs_verdict_from_name(const char *name, enum netobs_verdict *out)
{
	unsigned int i;
	int err = netobs__name_index(verdict_names, NETOBS__VERDICT_MAX, name, &i);

	if (err == 0 && out)
		*out = (enum netobs_verdict)i;
	return err;
}

size_t netobs_diagnosis_layer_count(const struct netobs_diagnosis *d)
{
	return d ? NETOBS__LAYER_MAX : 0;
}

const struct netobs_layer *netobs_diagnosis_layer(const struct netobs_diagnosis *d, size_t i)
{
	return d && i < NETOBS__LAYER_MAX ? &d->layers[i] : NULL;
}

enum netobs_layer_id netobs_layer_id(const struct netobs_layer *l)
{
	return l ? l->id : NETOBS_LAYER_LINK;
}

enum netobs_verdict netobs_layer_verdict(const struct netobs_layer *l)
{
	return l ? l->verdict : NETOBS_VERDICT_UNKNOWN;
}

enum netobs_scope netobs_layer_scope(const struct netobs_layer *l)
{
	return l ? l->scope : NETOBS_SCOPE_NETNS;
}

const char *netobs_layer_reason(const struct netobs_layer *l)
{
	return l ? l->reason : NULL;
}

size_t netobs_layer_finding_count(const struct netobs_layer *l)
{
	return l ? l->n : 0;
}

size_t netobs_layer_finding_omitted(const struct netobs_layer *l, enum netobs_verdict verdict)
{
	return l && (unsigned int)verdict < NETOBS__VERDICT_MAX ? l->omitted[verdict] : 0;
}

const struct netobs_finding *netobs_layer_finding(const struct netobs_layer *l, size_t i)
{
	return l && i < l->n ? &l->findings[i] : NULL;
}

enum netobs_verdict netobs_finding_verdict(const struct netobs_finding *f)
{
	return f ? f->verdict : NETOBS_VERDICT_UNKNOWN;
}

const char *netobs_finding_object(const struct netobs_finding *f)
{
	return f ? f->object : NULL;
}

const char *netobs_finding_counter(const struct netobs_finding *f)
{
	return f ? f->counter : NULL;
}

uint64_t netobs_finding_delta(const struct netobs_finding *f)
{
	return f ? f->delta : 0;
}

double netobs_finding_rate(const struct netobs_finding *f)
{
	return f ? f->rate : NAN;
}

double netobs_finding_ratio(const struct netobs_finding *f)
{
	return f ? f->ratio : NAN;
}

const char *netobs_finding_threshold(const struct netobs_finding *f)
{
	return f ? f->threshold : NULL;
}

const char *netobs_finding_anchor(const struct netobs_finding *f)
{
	return f ? f->anchor : NULL;
}

const char *netobs_finding_knob(const struct netobs_finding *f)
{
	return f ? f->knob : NULL;
}

const char *netobs_finding_command(const struct netobs_finding *f)
{
	return f ? f->command : NULL;
}

const char *netobs_finding_text(const struct netobs_finding *f)
{
	return f ? f->text : NULL;
}
