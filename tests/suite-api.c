/* SPDX-License-Identifier: MIT */
/* The NULL policy of libnetobs(3): every exported function given NULL for
 * its object gives the documented "absent" value, and none crashes.  The
 * table is checked against libnetobs.map, so a new function needs a row. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

Suite *make_api_suite(void);

static bool str_is(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

static bool time_zeroed(void)
{
	struct timespec m = { 1, 1 }, r = { 1, 1 };

	netobs_snapshot_time(NULL, &m, &r);
	netobs_snapshot_time(NULL, NULL, NULL);
	return m.tv_sec == 0 && m.tv_nsec == 0 && r.tv_sec == 0 && r.tv_nsec == 0;
}

#define OBJECT_NULL_CASES(X) \
	X(netobs_ctx_new, netobs_ctx_new(NULL) == -EINVAL) \
	X(netobs_ctx_free, (netobs_ctx_free(NULL), true)) \
	X(netobs_ctx_set_root, netobs_ctx_set_root(NULL, "/") == -EINVAL) \
	X(netobs_ctx_root, str_is(netobs_ctx_root(NULL), "/")) \
	X(netobs_ctx_set_source, netobs_ctx_set_source(NULL, NETOBS_SOURCE_AUTO) == -EINVAL) \
	X(netobs_ctx_source, netobs_ctx_source(NULL) == NETOBS_SOURCE_AUTO) \
	X(netobs_ctx_message, str_is(netobs_ctx_message(NULL), "")) \
	X(netobs_ctx_warning_count, netobs_ctx_warning_count(NULL) == 0) \
	X(netobs_ctx_warning, !netobs_ctx_warning(NULL, 0)) \
	X(netobs_warning_message, !netobs_warning_message(NULL)) \
	X(netobs_warning_file, !netobs_warning_file(NULL)) \
	X(netobs_warning_line, netobs_warning_line(NULL) == 0) \
	X(netobs_warning_section, netobs_warning_section(NULL, NULL) == -EINVAL) \
	X(netobs_snapshot_section_ok, netobs_snapshot_section_ok(NULL, 0) == 0) \
	X(netobs_snapshot_take, netobs_snapshot_take(NULL, NULL) == -EINVAL) \
	X(netobs_snapshot_refresh, netobs_snapshot_refresh(NULL, NULL) == -EINVAL) \
	X(netobs_snapshot_free, (netobs_snapshot_free(NULL), true)) \
	X(netobs_snapshot_time, time_zeroed()) \
	X(netobs_snapshot_source, netobs_snapshot_source(NULL) == NETOBS_SOURCE_AUTO) \
	X(netobs_snapshot_device_count, netobs_snapshot_device_count(NULL) == 0) \
	X(netobs_snapshot_device, !netobs_snapshot_device(NULL, 0)) \
	X(netobs_snapshot_device_by_ifindex, !netobs_snapshot_device_by_ifindex(NULL, 1)) \
	X(netobs_snapshot_device_by_name, !netobs_snapshot_device_by_name(NULL, "lo")) \
	X(netobs_snapshot_cpu_count, netobs_snapshot_cpu_count(NULL) == 0) \
	X(netobs_snapshot_cpu, !netobs_snapshot_cpu(NULL, 0)) \
	X(netobs_snapshot_cpu_by_id, !netobs_snapshot_cpu_by_id(NULL, 0)) \
	X(netobs_snapshot_tunable, netobs_snapshot_tunable(NULL, 0, NULL) == -EINVAL) \
	X(netobs_snapshot_tunable_values, \
	  netobs_snapshot_tunable_values(NULL, 0, NULL, 0, NULL) == -EINVAL) \
	X(netobs_snapshot_qdisc_count, netobs_snapshot_qdisc_count(NULL) == 0) \
	X(netobs_snapshot_qdisc, !netobs_snapshot_qdisc(NULL, 0)) \
	X(netobs_snapshot_proto_count, netobs_snapshot_proto_count(NULL) == 0) \
	X(netobs_snapshot_proto, !netobs_snapshot_proto(NULL, 0)) \
	X(netobs_snapshot_proto_by_name, !netobs_snapshot_proto_by_name(NULL, "Udp.InErrors")) \
	X(netobs_proto_counter_name, !netobs_proto_counter_name(NULL)) \
	X(netobs_proto_counter_is_gauge, netobs_proto_counter_is_gauge(NULL) == 0) \
	X(netobs_proto_counter_section, netobs_proto_counter_section(NULL, NULL) == -EINVAL) \
	X(netobs_proto_counter_value, netobs_proto_counter_value(NULL, NULL) == -EINVAL) \
	X(netobs_proto_counter_signed, netobs_proto_counter_signed(NULL, NULL) == -EINVAL) \
	X(netobs_diff_proto, netobs_diff_proto(NULL, "Udp.InErrors", NULL, NULL) == -EINVAL)

#define DEVICE_NULL_CASES(X) \
	X(netobs_device_ifindex, netobs_device_ifindex(NULL) == -EINVAL) \
	X(netobs_device_name, !netobs_device_name(NULL)) \
	X(netobs_device_class, netobs_device_class(NULL) == NETOBS_CLASS_VIRTUAL) \
	X(netobs_device_kind, !netobs_device_kind(NULL)) \
	X(netobs_device_driver, !netobs_device_driver(NULL)) \
	X(netobs_device_bus, !netobs_device_bus(NULL)) \
	X(netobs_device_iflink, netobs_device_iflink(NULL) == -EINVAL) \
	X(netobs_device_link_netnsid, netobs_device_link_netnsid(NULL) == -EINVAL) \
	X(netobs_device_peer_ifindex, netobs_device_peer_ifindex(NULL) == -EINVAL) \
	X(netobs_device_master_ifindex, netobs_device_master_ifindex(NULL) == -EINVAL) \
	X(netobs_device_master_name, !netobs_device_master_name(NULL)) \
	X(netobs_device_operstate, netobs_device_operstate(NULL) == NETOBS_OPER_UNKNOWN) \
	X(netobs_device_admin_up, netobs_device_admin_up(NULL) == -EINVAL) \
	X(netobs_device_carrier, netobs_device_carrier(NULL) == -EINVAL) \
	X(netobs_device_mtu, netobs_device_mtu(NULL, NULL) == -EINVAL) \
	X(netobs_device_txqlen, netobs_device_txqlen(NULL, NULL) == -EINVAL) \
	X(netobs_device_carrier_changes, netobs_device_carrier_changes(NULL, NULL) == -EINVAL) \
	X(netobs_device_speed, netobs_device_speed(NULL, NULL) == -EINVAL) \
	X(netobs_device_address, !netobs_device_address(NULL)) \
	X(netobs_device_alias, !netobs_device_alias(NULL)) \
	X(netobs_device_counter, netobs_device_counter(NULL, 0, NULL) == -EINVAL) \
	X(netobs_device_counter_flags, netobs_device_counter_flags(NULL, 0) == 0) \
	X(netobs_cpu_id, netobs_cpu_id(NULL) == -EINVAL) \
	X(netobs_cpu_online, netobs_cpu_online(NULL) == 0) \
	X(netobs_cpu_softnet, netobs_cpu_softnet(NULL, 0, NULL) == -EINVAL) \
	X(netobs_cpu_softirq, netobs_cpu_softirq(NULL, 0, NULL) == -EINVAL) \
	X(netobs_qdisc_ifindex, netobs_qdisc_ifindex(NULL) == -EINVAL) \
	X(netobs_qdisc_device_name, !netobs_qdisc_device_name(NULL)) \
	X(netobs_qdisc_kind, !netobs_qdisc_kind(NULL)) \
	X(netobs_qdisc_handle, netobs_qdisc_handle(NULL) == 0) \
	X(netobs_qdisc_parent, netobs_qdisc_parent(NULL) == 0) \
	X(netobs_qdisc_handle_name, !netobs_qdisc_handle_name(NULL)) \
	X(netobs_qdisc_parent_name, !netobs_qdisc_parent_name(NULL)) \
	X(netobs_qdisc_stat, netobs_qdisc_stat(NULL, 0, NULL) == -EINVAL)

#define DIFF_NULL_CASES(X) \
	X(netobs_diff_new, netobs_diff_new(NULL, NULL, NULL) == -EINVAL) \
	X(netobs_diff_update, netobs_diff_update(NULL, NULL, NULL) == -EINVAL) \
	X(netobs_diff_message, str_is(netobs_diff_message(NULL), "")) \
	X(netobs_diff_free, (netobs_diff_free(NULL), true)) \
	X(netobs_diff_interval, isnan(netobs_diff_interval(NULL))) \
	X(netobs_diff_device_status, netobs_diff_device_status(NULL, NULL) == NETOBS_DIFF_GONE) \
	X(netobs_diff_gone_device_count, netobs_diff_gone_device_count(NULL) == 0) \
	X(netobs_diff_gone_device, !netobs_diff_gone_device(NULL, 0)) \
	X(netobs_diff_device_counter, \
	  netobs_diff_device_counter(NULL, NULL, 0, NULL, NULL) == -EINVAL) \
	X(netobs_diff_rate, isnan(netobs_diff_rate(NULL, NULL, 0))) \
	X(netobs_diff_class_total, netobs_diff_class_total(NULL, 0, 0, NULL, NULL) == -EINVAL) \
	X(netobs_diff_cpu_status, netobs_diff_cpu_status(NULL, NULL) == NETOBS_DIFF_GONE) \
	X(netobs_diff_gone_cpu_count, netobs_diff_gone_cpu_count(NULL) == 0) \
	X(netobs_diff_gone_cpu, !netobs_diff_gone_cpu(NULL, 0)) \
	X(netobs_diff_cpu_softnet, netobs_diff_cpu_softnet(NULL, NULL, 0, NULL, NULL) == -EINVAL) \
	X(netobs_diff_cpu_softirq, netobs_diff_cpu_softirq(NULL, NULL, 0, NULL, NULL) == -EINVAL) \
	X(netobs_diff_softnet_total, netobs_diff_softnet_total(NULL, 0, NULL, NULL) == -EINVAL) \
	X(netobs_diff_softirq_total, netobs_diff_softirq_total(NULL, 0, NULL, NULL) == -EINVAL) \
	X(netobs_diff_qdisc, netobs_diff_qdisc(NULL, NULL, 0, NULL, NULL) == -EINVAL)

#define SOCKET_NULL_CASES(X) \
	X(netobs_ctx_set_socket_owners, netobs_ctx_set_socket_owners(NULL, 1) == -EINVAL) \
	X(netobs_ctx_set_socket_all, netobs_ctx_set_socket_all(NULL, 1) == -EINVAL) \
	X(netobs_snapshot_socket_count, netobs_snapshot_socket_count(NULL) == 0) \
	X(netobs_snapshot_socket, !netobs_snapshot_socket(NULL, 0)) \
	X(netobs_socket_protocol, !netobs_socket_protocol(NULL)) \
	X(netobs_socket_state, !netobs_socket_state(NULL)) \
	X(netobs_socket_local_address, !netobs_socket_local_address(NULL)) \
	X(netobs_socket_local_port, netobs_socket_local_port(NULL) == -EINVAL) \
	X(netobs_socket_inode, netobs_socket_inode(NULL) == 0) \
	X(netobs_socket_uid, netobs_socket_uid(NULL) == 0) \
	X(netobs_socket_pid, netobs_socket_pid(NULL) == -EINVAL) \
	X(netobs_socket_comm, !netobs_socket_comm(NULL)) \
	X(netobs_socket_stat, netobs_socket_stat(NULL, 0, NULL) == -EINVAL) \
	X(netobs_diff_socket, netobs_diff_socket(NULL, NULL, 0, NULL, NULL) == -EINVAL) \
	X(netobs_socket_stat_from_name, netobs_socket_stat_from_name(NULL, NULL) == -EINVAL)

/* Network namespaces and containers. */
#define NETNS_NULL_CASES(X) \
	X(netobs_ctx_set_netns, netobs_ctx_set_netns(NULL, "x") == -EINVAL) \
	X(netobs_ctx_netns_inode, netobs_ctx_netns_inode(NULL, NULL) == -EINVAL) \
	X(netobs_ctx_set_containers, netobs_ctx_set_containers(NULL, 1) == -EINVAL) \
	X(netobs_ctx_set_netns_scan, netobs_ctx_set_netns_scan(NULL, 1) == -EINVAL) \
	X(netobs_ctx_set_host_sections, netobs_ctx_set_host_sections(NULL, 0) == -EINVAL) \
	X(netobs_snapshot_netns_count, netobs_snapshot_netns_count(NULL) == 0) \
	X(netobs_snapshot_netns, !netobs_snapshot_netns(NULL, 0)) \
	X(netobs_snapshot_netns_by_inode, !netobs_snapshot_netns_by_inode(NULL, 1)) \
	X(netobs_netns_inode, netobs_netns_inode(NULL) == 0) \
	X(netobs_netns_name, !netobs_netns_name(NULL)) \
	X(netobs_netns_pid, netobs_netns_pid(NULL) == 0) \
	X(netobs_netns_runtime, !netobs_netns_runtime(NULL)) \
	X(netobs_netns_container, !netobs_netns_container(NULL)) \
	X(netobs_netns_container_id, !netobs_netns_container_id(NULL)) \
	X(netobs_device_peer_netns, netobs_device_peer_netns(NULL, NULL) == -EINVAL) \
	X(netobs_device_peer_name, !netobs_device_peer_name(NULL)) \
	X(netobs_device_role, !netobs_device_role(NULL)) \
	X(netobs_role_name, !netobs_role_name(1000))

#define SAMPLER_NULL_CASES(X) \
	X(netobs_sampler_new, netobs_sampler_new(NULL, NULL) == -EINVAL) \
	X(netobs_sampler_free, (netobs_sampler_free(NULL), true)) \
	X(netobs_sampler_tick, netobs_sampler_tick(NULL) == -EINVAL) \
	X(netobs_sampler_error, netobs_sampler_error(NULL) == -EINVAL) \
	X(netobs_sampler_snapshot, !netobs_sampler_snapshot(NULL)) \
	X(netobs_sampler_diff, !netobs_sampler_diff(NULL)) \
	X(netobs_sampler_set_interval, netobs_sampler_set_interval(NULL, 1) == -EINVAL) \
	X(netobs_sampler_fd, netobs_sampler_fd(NULL) == -EINVAL)

#define DOCTOR_NULL_CASES(X) \
	X(netobs_snapshot_new, netobs_snapshot_new(NULL, NULL) == -EINVAL) \
	X(netobs_snapshot_set_source, netobs_snapshot_set_source(NULL, 0) == -EINVAL) \
	X(netobs_snapshot_set_section_ok, netobs_snapshot_set_section_ok(NULL, 0, 1) == -EINVAL) \
	X(netobs_snapshot_add_device, netobs_snapshot_add_device(NULL, 1, "lo") == -EINVAL) \
	X(netobs_snapshot_device_set, netobs_snapshot_device_set(NULL, "kind", "veth") == -EINVAL) \
	X(netobs_snapshot_device_set_counter, \
	  netobs_snapshot_device_set_counter(NULL, 0, 0, 0) == -EINVAL) \
	X(netobs_snapshot_cpu_set_softnet, netobs_snapshot_cpu_set_softnet(NULL, 0, 0, 0) == -EINVAL) \
	X(netobs_snapshot_cpu_set_softirq, netobs_snapshot_cpu_set_softirq(NULL, 0, 0, 0) == -EINVAL) \
	X(netobs_snapshot_set_tunable, netobs_snapshot_set_tunable(NULL, 0, NULL, 1) == -EINVAL) \
	X(netobs_snapshot_add_socket, \
	  netobs_snapshot_add_socket(NULL, "udp", "unconn", "::", 1, 1) == -EINVAL) \
	X(netobs_snapshot_socket_set_stat, netobs_snapshot_socket_set_stat(NULL, 0, 0) == -EINVAL) \
	X(netobs_snapshot_socket_set_owner, \
	  netobs_snapshot_socket_set_owner(NULL, 0, 0, NULL) == -EINVAL) \
	X(netobs_snapshot_finish, netobs_snapshot_finish(NULL) == -EINVAL) \
	X(netobs_snapshot_add_qdisc, \
	  netobs_snapshot_add_qdisc(NULL, 1, "tbf", 0, 0, "0:", "root") == -EINVAL) \
	X(netobs_snapshot_qdisc_set_stat, netobs_snapshot_qdisc_set_stat(NULL, 0, 0) == -EINVAL) \
	X(netobs_snapshot_add_netns, netobs_snapshot_add_netns(NULL, 1, NULL, 0) == -EINVAL) \
	X(netobs_snapshot_netns_set_container, \
	  netobs_snapshot_netns_set_container(NULL, "docker", "web", "0") == -EINVAL) \
	X(netobs_snapshot_set_proto_text, \
	  netobs_snapshot_set_proto_text(NULL, NETOBS_SECTION_SNMP, "", 0) == -EINVAL) \
	X(netobs_diagnosis_new, netobs_diagnosis_new(NULL, NULL) == -EINVAL) \
	X(netobs_diagnosis_free, (netobs_diagnosis_free(NULL), true)) \
	X(netobs_diagnosis_verdict, netobs_diagnosis_verdict(NULL) == NETOBS_VERDICT_UNKNOWN) \
	X(netobs_diagnosis_layer_count, netobs_diagnosis_layer_count(NULL) == 0) \
	X(netobs_diagnosis_layer, !netobs_diagnosis_layer(NULL, 0)) \
	X(netobs_layer_id, netobs_layer_id(NULL) == NETOBS_LAYER_LINK) \
	X(netobs_layer_verdict, netobs_layer_verdict(NULL) == NETOBS_VERDICT_UNKNOWN) \
	X(netobs_layer_scope, netobs_layer_scope(NULL) == NETOBS_SCOPE_NETNS) \
	X(netobs_layer_reason, !netobs_layer_reason(NULL)) \
	X(netobs_layer_finding_count, netobs_layer_finding_count(NULL) == 0) \
	X(netobs_layer_finding, !netobs_layer_finding(NULL, 0)) \
	X(netobs_layer_finding_omitted, \
	  netobs_layer_finding_omitted(NULL, NETOBS_VERDICT_CRITICAL) == 0) \
	X(netobs_finding_verdict, netobs_finding_verdict(NULL) == NETOBS_VERDICT_UNKNOWN) \
	X(netobs_finding_object, !netobs_finding_object(NULL)) \
	X(netobs_finding_counter, !netobs_finding_counter(NULL)) \
	X(netobs_finding_delta, netobs_finding_delta(NULL) == 0) \
	X(netobs_finding_rate, isnan(netobs_finding_rate(NULL))) \
	X(netobs_finding_ratio, isnan(netobs_finding_ratio(NULL))) \
	X(netobs_finding_threshold, !netobs_finding_threshold(NULL)) \
	X(netobs_finding_anchor, !netobs_finding_anchor(NULL)) \
	X(netobs_finding_knob, !netobs_finding_knob(NULL)) \
	X(netobs_finding_command, !netobs_finding_command(NULL)) \
	X(netobs_finding_text, !netobs_finding_text(NULL)) \
	X(netobs_layer_from_name, netobs_layer_from_name(NULL, NULL) == -EINVAL)

#define DROPS_NULL_CASES(X) \
	X(netobs_drops_new, netobs_drops_new(NULL, NULL) == -EINVAL) \
	X(netobs_drops_free, (netobs_drops_free(NULL), true)) \
	X(netobs_drops_poll, netobs_drops_poll(NULL, 0) == -EINVAL) \
	X(netobs_drops_read, netobs_drops_read(NULL, NULL) == -EINVAL) \
	X(netobs_drops_has_reasons, netobs_drops_has_reasons(NULL) == 0) \
	X(netobs_drop_counts_free, (netobs_drop_counts_free(NULL), true)) \
	X(netobs_drop_counts_seconds, isnan(netobs_drop_counts_seconds(NULL))) \
	X(netobs_drop_counts_total, netobs_drop_counts_total(NULL) == 0) \
	X(netobs_drop_counts_lost, netobs_drop_counts_lost(NULL) == 0) \
	X(netobs_drop_counts_untracked, netobs_drop_counts_untracked(NULL) == 0) \
	X(netobs_drop_counts_has_reasons, netobs_drop_counts_has_reasons(NULL) == 0) \
	X(netobs_drop_counts_size, netobs_drop_counts_size(NULL, NETOBS_DROP_BY_REASON) == 0) \
	X(netobs_drop_counts_name, !netobs_drop_counts_name(NULL, NETOBS_DROP_BY_REASON, 0)) \
	X(netobs_drop_counts_value, netobs_drop_counts_value(NULL, NETOBS_DROP_BY_REASON, 0) == 0) \
	X(netobs_drop_counts_find, netobs_drop_counts_find(NULL, NETOBS_DROP_BY_REASON, NULL) == 0) \
	X(netobs_drop_counts_site, !netobs_drop_counts_site(NULL, NULL)) \
	X(netobs_diagnosis_new_drops, netobs_diagnosis_new_drops(NULL, NULL, NULL) == -EINVAL) \
	X(netobs_diagnosis_new_filtered, \
	  netobs_diagnosis_new_filtered(NULL, NULL, NULL, NULL, NULL) == -EINVAL)

/* A NULL name is an unknown name. */
#define NAME_NULL_CASES(X) \
	X(netobs_source_from_name, netobs_source_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_counter_from_name, netobs_counter_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_class_from_name, netobs_class_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_operstate_from_name, netobs_operstate_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_softnet_field_from_name, netobs_softnet_field_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_softirq_from_name, netobs_softirq_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_tunable_from_name, netobs_tunable_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_diff_status_from_name, netobs_diff_status_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_section_from_name, netobs_section_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_qdisc_stat_from_name, netobs_qdisc_stat_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_scope_from_name, netobs_scope_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_verdict_from_name, netobs_verdict_from_name(NULL, NULL) == -EINVAL) \
	X(netobs_drop_key_from_name, netobs_drop_key_from_name(NULL, NULL) == -EINVAL)

#define DEFINE_CASE(fn, expr) \
	static bool null_##fn(void) { return (expr); }
OBJECT_NULL_CASES(DEFINE_CASE)
DEVICE_NULL_CASES(DEFINE_CASE)
DIFF_NULL_CASES(DEFINE_CASE)
NAME_NULL_CASES(DEFINE_CASE)
SOCKET_NULL_CASES(DEFINE_CASE)
SAMPLER_NULL_CASES(DEFINE_CASE)
DOCTOR_NULL_CASES(DEFINE_CASE)
NETNS_NULL_CASES(DEFINE_CASE)
DROPS_NULL_CASES(DEFINE_CASE)

#define CASE_ROW(fn, expr) { #fn, null_##fn },
static const struct {
	const char *fn;
	bool (*documented)(void);
} null_cases[] = {
	OBJECT_NULL_CASES(CASE_ROW) DEVICE_NULL_CASES(CASE_ROW)
	DIFF_NULL_CASES(CASE_ROW) NAME_NULL_CASES(CASE_ROW)
	SOCKET_NULL_CASES(CASE_ROW)
	SAMPLER_NULL_CASES(CASE_ROW)
	DOCTOR_NULL_CASES(CASE_ROW)
	NETNS_NULL_CASES(CASE_ROW)
	DROPS_NULL_CASES(CASE_ROW)
};

/* Each row runs in its own process (CK_FORK): a crash fails that row. */
START_TEST(null_gives_absent_value)
{
	ck_assert_msg(null_cases[_i].documented(), "%s(NULL) is not as documented",
		      null_cases[_i].fn);
}
END_TEST

/* Functions with no object to be NULL: enum names, counts, the version.
 * Listed one by one: a new function is either here or in null_cases. */
static const char *const no_pointer[] = {
	"netobs_version_string",      "netobs_source_name",	   "netobs_counter_count",
	"netobs_counter_name",	      "netobs_class_name",	   "netobs_operstate_name",
	"netobs_softnet_field_count", "netobs_softnet_field_name", "netobs_softnet_field_is_gauge",
	"netobs_softirq_name",	      "netobs_tunable_count",	   "netobs_tunable_name",
	"netobs_diff_status_name",    "netobs_section_count",	   "netobs_section_name",
	"netobs_section_scope",	      "netobs_scope_name",	   "netobs_tunable_scope",
	"netobs_strerror",	      "netobs_tunable_sysctl",	   "netobs_tunable_value_count",
	"netobs_socket_stat_count",  "netobs_socket_stat_name",
	"netobs_socket_stat_is_gauge",
	"netobs_qdisc_stat_count",   "netobs_qdisc_stat_name",
	"netobs_qdisc_stat_is_gauge",
	"netobs_layer_name",	   "netobs_verdict_name",
	"netobs_drop_key_name",
};

static bool has_null_case(const char *fn)
{
	size_t i;

	for (i = 0; i < sizeof(null_cases) / sizeof(null_cases[0]); i++)
		if (strcmp(null_cases[i].fn, fn) == 0)
			return true;
	for (i = 0; i < sizeof(no_pointer) / sizeof(no_pointer[0]); i++)
		if (strcmp(no_pointer[i], fn) == 0)
			return true;
	return false;
}

START_TEST(every_export_has_a_null_case)
{
	FILE *f = fopen(NETOBS_FIXTURES "/../../libnetobs/libnetobs.map", "r");
	char line[128], fn[128];
	unsigned int n = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %127[a-z0-9_];", fn) != 1 || strncmp(fn, "netobs_", 7) != 0)
			continue;
		ck_assert_msg(has_null_case(fn), "%s has no row in null_cases", fn);
		n++;
	}
	fclose(f);
	ck_assert_uint_gt(n, 80);
}
END_TEST

/* A device only the newer snapshot has. */
static struct netobs_snapshot *one_device(long sec, int ifindex, const char *name)
{
	struct timespec t = { .tv_sec = sec };
	struct netobs_snapshot *snap;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &t), 0);
	ck_assert_int_eq(netobs_snapshot_set_section_ok(snap, NETOBS_SECTION_DEVICES, 1), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, ifindex, name), 0);
	ck_assert_int_eq(netobs_snapshot_device_set_counter(snap, NETOBS_RX_BYTES, 1, 0), 0);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	return snap;
}

/* What the CLI prints for a library error is a sentence about netobs's
 * objects, not errno's text: a new device's -ENOENT from the diff. */
START_TEST(strerror_speaks_of_devices)
{
	struct netobs_snapshot *a = one_device(100, 1, "lo"), *b = one_device(101, 2, "eth9");
	struct netobs_diff *d;
	uint64_t delta;
	int err;

	ck_assert_int_eq(netobs_diff_new(&d, a, b), 0);
	err = netobs_diff_device_counter(d, netobs_snapshot_device(b, 0), NETOBS_RX_BYTES,
					 &delta, NULL);
	ck_assert_int_eq(err, -ENOENT);
	ck_assert_ptr_nonnull(strstr(netobs_strerror(err), "device is new"));
	ck_assert_str_ne(netobs_strerror(err), strerror(ENOENT));
	ck_assert_ptr_nonnull(strstr(netobs_strerror(-EAGAIN), "kept changing"));
	ck_assert_ptr_nonnull(strstr(netobs_strerror(-ENODATA), "not available"));
	/* Beyond the library's own codes: errno's text; never NULL. */
	ck_assert_str_eq(netobs_strerror(-EPERM), strerror(EPERM));
	ck_assert_str_eq(netobs_strerror(0), "success");
	ck_assert_str_eq(netobs_strerror(5), "not an error code");
	netobs_diff_free(d);
	netobs_snapshot_free(a);
	netobs_snapshot_free(b);
}
END_TEST

Suite *make_api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("null");

	tcase_add_loop_test(tc, null_gives_absent_value, 0,
			    (int)(sizeof(null_cases) / sizeof(null_cases[0])));
	tcase_add_test(tc, every_export_has_a_null_case);
	tcase_add_test(tc, strerror_speaks_of_devices);
	suite_add_tcase(s, tc);
	return s;
}
