/* SPDX-License-Identifier: MIT */
/* A CPU of a snapshot: its softnet row and softirq column.  The getters
 * accept a NULL CPU, as libnetobs(3) says. */
#include "config.h"

#include <errno.h>

#include "internal.h"

NETOBS_API int netobs_cpu_id(const struct netobs_cpu *cpu)
{
	return cpu ? cpu->id : -EINVAL;
}

NETOBS_API int netobs_cpu_online(const struct netobs_cpu *cpu)
{
	return cpu && cpu->online ? 1 : 0;
}

NETOBS_API int netobs_cpu_softnet(const struct netobs_cpu *cpu, enum netobs_softnet_field field,
				  uint64_t *out)
{
	if (out)
		*out = 0; /* defined on every error path */
	if (!cpu || (unsigned int)field >= NETOBS__SOFTNET_MAX)
		return -EINVAL;
	if (!(cpu->softnet_avail & (1u << field)))
		return -ENODATA;
	if (out)
		*out = cpu->softnet[field];
	return 0;
}

NETOBS_API int netobs_cpu_softirq(const struct netobs_cpu *cpu, enum netobs_softirq softirq,
				  uint64_t *out)
{
	if (out)
		*out = 0; /* defined on every error path */
	if (!cpu || (unsigned int)softirq >= NETOBS__SOFTIRQ_MAX)
		return -EINVAL;
	if (!(cpu->softirq_avail & (1u << softirq)))
		return -ENODATA;
	if (out)
		*out = cpu->softirq[softirq];
	return 0;
}
