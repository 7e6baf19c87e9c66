/* SPDX-License-Identifier: MIT */
/* The name of every value of every public enum, and the value of every name:
 * each enum has a _name() and a _from_name() (the diagnosis's in doctor_api.c,
 * the qdisc and socket statistics' beside their getters).  The strings are an
 * interface: JSON keys and metric names are built from them.  Each table is
 * tied to its enum's size at compile time (NETOBS__*_MAX in internal.h). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "internal.h"

static const char *const source_names[] = {
	[NETOBS_SOURCE_AUTO] = "auto",
	[NETOBS_SOURCE_NETLINK] = "netlink",
	[NETOBS_SOURCE_SYSFS] = "sysfs",
	[NETOBS_SOURCE_PROCFS] = "procfs",
};

/* The field names of struct rtnl_link_stats64, in its order. */
static const char *const counter_names[] = {
	"rx_packets", "tx_packets", "rx_bytes", "tx_bytes",
	"rx_errors", "tx_errors", "rx_dropped", "tx_dropped",
	"multicast", "collisions", "rx_length_errors", "rx_over_errors",
	"rx_crc_errors", "rx_frame_errors", "rx_fifo_errors", "rx_missed_errors",
	"tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
	"tx_heartbeat_errors", "tx_window_errors", "rx_compressed",
	"tx_compressed", "rx_nohandler", "rx_otherhost_dropped",
};

static const char *const class_names[] = {
	[NETOBS_CLASS_PHYSICAL] = "physical",
	[NETOBS_CLASS_VIRTUAL] = "virtual",
	[NETOBS_CLASS_LOOPBACK] = "loopback",
};

static const char *const operstate_names[] = {
	[NETOBS_OPER_UNKNOWN] = "unknown",
	[NETOBS_OPER_NOTPRESENT] = "notpresent",
	[NETOBS_OPER_DOWN] = "down",
	[NETOBS_OPER_LOWERLAYERDOWN] = "lowerlayerdown",
	[NETOBS_OPER_TESTING] = "testing",
	[NETOBS_OPER_DORMANT] = "dormant",
	[NETOBS_OPER_UP] = "up",
};

static const char *const softnet_names[] = {
	"processed", "dropped", "time_squeeze", "cpu_collision", "received_rps",
	"flow_limit_count", "backlog_len", "input_qlen", "process_qlen",
};

static const char *const softirq_names[] = {
	[NETOBS_SOFTIRQ_NET_RX] = "NET_RX",
	[NETOBS_SOFTIRQ_NET_TX] = "NET_TX",
};

/* The file names under /proc/sys/net/{core,ipv4}: unique across both. */
static const char *const tunable_names[] = {
	"netdev_max_backlog", "netdev_budget", "netdev_budget_usecs",
	"dev_weight", "flow_limit_table_len", "rmem_max", "rmem_default",
	"wmem_max", "wmem_default", "somaxconn", "tcp_rmem", "tcp_wmem",
	"tcp_mem", "udp_mem", "tcp_max_syn_backlog",
};

/* Entry I is the status 1 << (I - 1); entry 0 is SAME.  The words the CLI
 * prints for a device or CPU in watch mode. */
static const char *const diff_status_names[] = {
	"same", "new", "gone", "renamed", "recreated", "reset",
};

/* A table with a name too few leaves the last value nameless, one too many
 * names a value that does not exist: both fail here. */
#define TABLE_FITS(table, max) \
	_Static_assert(NETOBS__ARRAY_SIZE(table) == (max), #table " does not fit its enum")
TABLE_FITS(source_names, NETOBS__SOURCE_MAX);
TABLE_FITS(counter_names, NETOBS__COUNTER_MAX);
TABLE_FITS(class_names, NETOBS__CLASS_MAX);
TABLE_FITS(operstate_names, NETOBS__OPERSTATE_MAX);
TABLE_FITS(softnet_names, NETOBS__SOFTNET_MAX);
TABLE_FITS(softirq_names, NETOBS__SOFTIRQ_MAX);
TABLE_FITS(tunable_names, NETOBS__TUNABLE_MAX);
_Static_assert(1u << (NETOBS__ARRAY_SIZE(diff_status_names) - 2) == NETOBS__DIFF_STATUS_LAST,
	       "diff_status_names does not fit enum netobs_diff_status");

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n ? names[v] : NULL;
}

int netobs__name_index(const char *const *names, size_t n, const char *name, unsigned int *out)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (names[i] && strcmp(names[i], name) == 0) {
			*out = (unsigned int)i;
			return 0;
		}
	}
	return -EINVAL;
}


#define NAME_OF(table, v) name_of(table, NETOBS__ARRAY_SIZE(table), (unsigned int)(v))

NETOBS_API const char *netobs_version_string(void)
{
	return PACKAGE_VERSION;
}

NETOBS_API const char *netobs_source_name(enum netobs_source source)
{
	return NAME_OF(source_names, source);
}

NETOBS_API int netobs_source_from_name(const char *name, enum netobs_source *out)
{
	unsigned int v;
	int err = netobs__name_index(source_names, NETOBS__ARRAY_SIZE(source_names), name, &v);

	if (err == 0 && out)
		*out = (enum netobs_source)v;
	return err;
}

NETOBS_API unsigned int netobs_counter_count(void)
{
	return NETOBS__COUNTER_MAX;
}

NETOBS_API const char *netobs_counter_name(enum netobs_counter counter)
{
	return NAME_OF(counter_names, counter);
}

NETOBS_API int netobs_counter_from_name(const char *name, enum netobs_counter *out)
{
	unsigned int v;
	int err = netobs__name_index(counter_names, NETOBS__ARRAY_SIZE(counter_names), name, &v);

	if (err == 0 && out)
		*out = (enum netobs_counter)v;
	return err;
}

NETOBS_API const char *netobs_class_name(enum netobs_class cls)
{
	return NAME_OF(class_names, cls);
}

NETOBS_API int netobs_class_from_name(const char *name, enum netobs_class *out)
{
	unsigned int v;
	int err = netobs__name_index(class_names, NETOBS__ARRAY_SIZE(class_names), name, &v);

	if (err == 0 && out)
		*out = (enum netobs_class)v;
	return err;
}

NETOBS_API const char *netobs_operstate_name(enum netobs_operstate state)
{
	return NAME_OF(operstate_names, state);
}

NETOBS_API int netobs_operstate_from_name(const char *name, enum netobs_operstate *out)
{
	unsigned int v;
	int err = netobs__name_index(operstate_names, NETOBS__ARRAY_SIZE(operstate_names), name, &v);

	if (err == 0 && out)
		*out = (enum netobs_operstate)v;
	return err;
}

NETOBS_API unsigned int netobs_softnet_field_count(void)
{
	return NETOBS__SOFTNET_MAX;
}

NETOBS_API const char *netobs_softnet_field_name(enum netobs_softnet_field field)
{
	return NAME_OF(softnet_names, field);
}

NETOBS_API int netobs_softnet_field_from_name(const char *name, enum netobs_softnet_field *out)
{
	unsigned int v;
	int err = netobs__name_index(softnet_names, NETOBS__ARRAY_SIZE(softnet_names), name, &v);

	if (err == 0 && out)
		*out = (enum netobs_softnet_field)v;
	return err;
}

NETOBS_API int netobs_softnet_field_is_gauge(enum netobs_softnet_field field)
{
	return field == NETOBS_SOFTNET_BACKLOG_LEN || field == NETOBS_SOFTNET_INPUT_QLEN ||
	       field == NETOBS_SOFTNET_PROCESS_QLEN;
}

NETOBS_API const char *netobs_softirq_name(enum netobs_softirq softirq)
{
	return NAME_OF(softirq_names, softirq);
}

NETOBS_API int netobs_softirq_from_name(const char *name, enum netobs_softirq *out)
{
	unsigned int v;
	int err = netobs__name_index(softirq_names, NETOBS__ARRAY_SIZE(softirq_names), name, &v);

	if (err == 0 && out)
		*out = (enum netobs_softirq)v;
	return err;
}

NETOBS_API unsigned int netobs_tunable_count(void)
{
	return NETOBS__TUNABLE_MAX;
}

NETOBS_API const char *netobs_tunable_name(enum netobs_tunable tunable)
{
	return NAME_OF(tunable_names, tunable);
}

NETOBS_API int netobs_tunable_from_name(const char *name, enum netobs_tunable *out)
{
	unsigned int v;
	int err = netobs__name_index(tunable_names, NETOBS__ARRAY_SIZE(tunable_names), name, &v);

	if (err == 0 && out)
		*out = (enum netobs_tunable)v;
	return err;
}

/* One status only: a device both renamed and re-created has no one name. */
NETOBS_API const char *netobs_diff_status_name(enum netobs_diff_status status)
{
	unsigned int bits = (unsigned int)status, i = 0;

	if (bits & (bits - 1))
		return NULL;
	while (bits) {
		bits >>= 1;
		i++;
	}
	return NAME_OF(diff_status_names, i);
}

NETOBS_API int netobs_diff_status_from_name(const char *name, enum netobs_diff_status *out)
{
	unsigned int i;
	int err = netobs__name_index(diff_status_names, NETOBS__ARRAY_SIZE(diff_status_names), name, &i);

	if (err == 0 && out)
		*out = (enum netobs_diff_status)(i == 0 ? 0 : 1u << (i - 1));
	return err;
}

static const char *const scope_names[] = {
	[NETOBS_SCOPE_HOST] = "host",
	[NETOBS_SCOPE_NETNS] = "netns",
};
_Static_assert(NETOBS__ARRAY_SIZE(scope_names) == NETOBS_SCOPE_NETNS + 1,
	       "scope_names has no name for every enum netobs_scope");

NETOBS_API const char *netobs_scope_name(enum netobs_scope scope)
{
	return NAME_OF(scope_names, scope);
}

NETOBS_API int netobs_scope_from_name(const char *name, enum netobs_scope *out)
{
	unsigned int v;
	int err = netobs__name_index(scope_names, NETOBS__ARRAY_SIZE(scope_names), name, &v);

	if (err == 0 && out)
		*out = (enum netobs_scope)v;
	return err;
}

/* The drop keys' names live beside the counts (drop_counts.c); the values
 * are small and dense, so the reverse walks the forward until it runs out. */
NETOBS_API int netobs_drop_key_from_name(const char *name, enum netobs_drop_key *out)
{
	const char *s;
	unsigned int i;

	for (i = 0; name && (s = netobs_drop_key_name((enum netobs_drop_key)i)); i++) {
		if (strcmp(s, name) == 0) {
			if (out)
				*out = (enum netobs_drop_key)i;
			return 0;
		}
	}
	return -EINVAL;
}
