/* SPDX-License-Identifier: MIT */
/*
 * libnetobs: every counter the kernel keeps between the wire and the socket.
 *
 * A context (netobs_ctx) holds settings and caches; a snapshot
 * (netobs_snapshot) holds every network device and every CPU's softnet and
 * softirq counters read at one instant; a diff (netobs_diff) turns two
 * snapshots into deltas and per-second rates.  See libnetobs(3).
 *
 * Conventions: functions returning int give 0 on success or a negative errno;
 * the detail (file, line, what was wrong) is in netobs_ctx_message().
 * On error the device, CPU and diff getters still store their out-values:
 * 0 for a value or delta, NAN for a rate.
 * Objects returned through an out-parameter are owned by the caller and freed
 * with the matching _free(), which accepts NULL.  Device and CPU pointers are
 * borrowed from their snapshot.  Nothing is locked: use one context per
 * thread, or lock around it.
 *
 * Arguments: out-parameter first for constructors, else the object first,
 * the thing asked about next, out-values last.  No function crashes on
 * NULL: given a NULL object a getter returns NULL, 0, -EINVAL or NaN as its
 * type suggests (the full list is in libnetobs(3), "NULL arguments").
 */
#ifndef NETOBS_H
#define NETOBS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <netobs/version.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define NETOBS_API __attribute__((visibility("default")))
#else
#define NETOBS_API
#endif

struct netobs_ctx;
struct netobs_snapshot;
struct netobs_device;
struct netobs_cpu;
struct netobs_qdisc;
struct netobs_diff;
struct netobs_warning;
struct timespec; /* <time.h> hides it under strict C99 */

/* ---- version ------------------------------------------------------------ */

/* The library's version at run time, e.g. "0.1.0". */
NETOBS_API const char *netobs_version_string(void);

/* ---- sections ----------------------------------------------------------- */

/* A snapshot is a set of sections, each read from its own kernel files and
 * each present or absent on its own: one bad file costs its own section,
 * never the snapshot.  Append-only. */
enum netobs_section {
	NETOBS_SECTION_DEVICES = 0, /* netlink, /sys/class/net or /proc/net/dev */
	NETOBS_SECTION_SOFTNET,     /* /proc/net/softnet_stat */
	NETOBS_SECTION_SOFTIRQS,    /* /proc/softirqs */
	NETOBS_SECTION_TUNABLES,    /* /proc/sys/net/core */
	NETOBS_SECTION_SOCKETS,     /* NETLINK_SOCK_DIAG: UDP and TCP listeners */
	NETOBS_SECTION_QDISCS,      /* RTM_GETQDISC over netlink, live host only */
	NETOBS_SECTION_SNMP,	    /* /proc/net/snmp (per network namespace) */
	NETOBS_SECTION_NETSTAT,	    /* /proc/net/netstat (per network namespace) */
	NETOBS_SECTION_SNMP6,	    /* /proc/net/snmp6 (per network namespace) */
};

/* Whose values a section or tunable holds. */
enum netobs_scope {
	NETOBS_SCOPE_HOST = 0,	/* the whole host, whatever namespace reads it */
	NETOBS_SCOPE_NETNS = 1,	/* the network namespace that was read */
};

NETOBS_API unsigned int netobs_section_count(void);
/* "devices", "softnet", "softirqs", "tunables", "snmp", "netstat", "snmp6";
 * NULL for an unknown value. */
NETOBS_API const char *netobs_section_name(enum netobs_section section);
NETOBS_API int netobs_section_from_name(const char *name, enum netobs_section *out);
/* Softnet and softirqs are the host's even inside a container; devices are
 * the namespace's, and so are snmp, netstat and snmp6; tunables are per
 * tunable (netobs_tunable_scope()). */
NETOBS_API enum netobs_scope netobs_section_scope(enum netobs_section section);
/* "host", "netns"; NULL for an unknown value. */
NETOBS_API const char *netobs_scope_name(enum netobs_scope scope);
NETOBS_API int netobs_scope_from_name(const char *name, enum netobs_scope *out);

/* ---- context ------------------------------------------------------------ */

/* Where device data comes from.  AUTO is netlink on the live host, and
 * sysfs under an alternate root or where netlink is refused; /proc/net/dev
 * when /sys/class/net cannot be listed (missing, a loop, not a folder). */
enum netobs_source {
	NETOBS_SOURCE_AUTO = 0,
	NETOBS_SOURCE_NETLINK = 1,
	NETOBS_SOURCE_SYSFS = 2,
	NETOBS_SOURCE_PROCFS = 3,
};

/* Creates a context reading the live host with the AUTO source. */
NETOBS_API int netobs_ctx_new(struct netobs_ctx **out);
NETOBS_API void netobs_ctx_free(struct netobs_ctx *ctx);

/* Reads ROOT/proc and ROOT/sys instead of /proc and /sys (a fixture tree, a
 * sosreport).  NULL or "/" means the live host.  Netlink is never used under
 * an alternate root: NETOBS_SOURCE_NETLINK then fails with -EINVAL. */
NETOBS_API int netobs_ctx_set_root(struct netobs_ctx *ctx, const char *root);
/* The root set, or "/" for the live host. */
NETOBS_API const char *netobs_ctx_root(const struct netobs_ctx *ctx);

NETOBS_API int netobs_ctx_set_source(struct netobs_ctx *ctx, enum netobs_source source);
NETOBS_API enum netobs_source netobs_ctx_source(const struct netobs_ctx *ctx);

/* The detail of the last error: which file, which line, what was wrong.
 * "" when there is none.  Valid until the next call on this context. */
NETOBS_API const char *netobs_ctx_message(const struct netobs_ctx *ctx);
/* Non-fatal notes from the last snapshot ("netlink refused, fell back to
 * sysfs", "/proc/net/softnet_stat:4: 13 columns, the rows above have 15"), in
 * the order they arose: a section that could not be read leaves exactly one
 * warning saying why.  Valid until the next snapshot on this context. */
NETOBS_API size_t netobs_ctx_warning_count(const struct netobs_ctx *ctx);
NETOBS_API const struct netobs_warning *netobs_ctx_warning(const struct netobs_ctx *ctx,
							   size_t i);
/* What was wrong, without the file and line ("not readable (Permission
 * denied)"). */
NETOBS_API const char *netobs_warning_message(const struct netobs_warning *warning);
/* The file it is about (root included); NULL when it is about no one file. */
NETOBS_API const char *netobs_warning_file(const struct netobs_warning *warning);
/* The 1-based line of that file; 0 when it is about the whole file. */
NETOBS_API unsigned int netobs_warning_line(const struct netobs_warning *warning);
/* The section being read when it arose: 0 and *out, -ENODATA for none. */
NETOBS_API int netobs_warning_section(const struct netobs_warning *warning,
				      enum netobs_section *out);

/* A sentence for a user about ERR (a negative errno) as this library
 * returns it: -ENOENT from the diff reads "not comparable: new, renamed or
 * re-created", not "No such file or directory".  Never NULL. */
NETOBS_API const char *netobs_strerror(int err);

/* "auto", "netlink", "sysfs", "procfs"; NULL for an unknown value. */
NETOBS_API const char *netobs_source_name(enum netobs_source source);
/* The reverse; -EINVAL for an unknown name. */
NETOBS_API int netobs_source_from_name(const char *name, enum netobs_source *out);

/* ---- network namespaces ------------------------------------------------- */

/* Reads the sections of NETNS scope (devices, protocols, sockets, qdiscs)
 * of the next snapshots in another network namespace: NETNS is a name `ip
 * netns add` made (/run/netns/NAME), "pid:PID" (that process's), or the path
 * of any namespace file (/proc/PID/ns/net).  Host-scope sections are read
 * where the caller is.  The calling thread enters it during each snapshot and
 * is back before the call returns, errors included.  Needs CAP_SYS_ADMIN
 * (-EPERM), checked here.  -ENOENT: no such namespace; -EINVAL: not a network
 * namespace, or a root is set.  NULL or "": the caller's own namespace. */
NETOBS_API int netobs_ctx_set_netns(struct netobs_ctx *ctx, const char *netns);
/* The inode of the namespace set (as in /proc/PID/ns/net -> net:[INODE]):
 * 0 and *out; -ENODATA when the context reads the caller's own. */
NETOBS_API int netobs_ctx_netns_inode(const struct netobs_ctx *ctx, uint64_t *out);

/* A network namespace a snapshot names, borrowed from it. */
struct netobs_netns;
/* ON: each snapshot names the namespace of every device's peer that is in
 * another one (a host veth's container end), the peer's name there, and
 * the container that owns each such namespace, from a process's cgroup.
 * Costs a walk of /proc per snapshot; off by default. */
NETOBS_API int netobs_ctx_set_containers(struct netobs_ctx *ctx, int on);
/* ON: every network namespace there is gets named in each snapshot (the
 * distinct ns/net of all processes and the names under /run/netns), with
 * its container: the list to read them all from.  Implies containers. */
NETOBS_API int netobs_ctx_set_netns_scan(struct netobs_ctx *ctx, int on);
/* OFF: the host-scope sections (softnet, softirqs, tunables) are not read
 * (absent, without a warning): for the contexts of other namespaces when
 * the host's are read once elsewhere.  On by default. */
NETOBS_API int netobs_ctx_set_host_sections(struct netobs_ctx *ctx, int on);
/* The namespaces named, in no order.  NULL when out of range. */
NETOBS_API size_t netobs_snapshot_netns_count(const struct netobs_snapshot *snap);
NETOBS_API const struct netobs_netns *netobs_snapshot_netns(const struct netobs_snapshot *snap,
							    size_t i);
/* The one with namespace inode INODE; NULL when not named. */
NETOBS_API const struct netobs_netns *
netobs_snapshot_netns_by_inode(const struct netobs_snapshot *snap, uint64_t inode);
/* Its inode (net:[INODE]); 0 for NULL. */
NETOBS_API uint64_t netobs_netns_inode(const struct netobs_netns *ns);
/* Its name under /run/netns (ip netns); NULL when it has none. */
NETOBS_API const char *netobs_netns_name(const struct netobs_netns *ns);
/* A process inside it (its container's where one was named, else the
 * lowest pid); 0 when none was seen. */
NETOBS_API int netobs_netns_pid(const struct netobs_netns *ns);
/* The container that owns it: runtime ("docker", "containerd", "cri-o",
 * "kubernetes", "podman", "nomad", "nspawn"), its name (docker's own name
 * where readable, else a short id; a pod, an allocation and task, a
 * machine) and its full id; NULL when no container was recognised. */
NETOBS_API const char *netobs_netns_runtime(const struct netobs_netns *ns);
NETOBS_API const char *netobs_netns_container(const struct netobs_netns *ns);
NETOBS_API const char *netobs_netns_container_id(const struct netobs_netns *ns);
/* The namespace of DEV's peer when it is in another one and was named
 * (netobs_ctx_set_containers): 0 and *INODE; -ENODATA otherwise. */
NETOBS_API int netobs_device_peer_netns(const struct netobs_device *dev, uint64_t *inode);
/* The peer device's name in that namespace; NULL when unknown. */
NETOBS_API const char *netobs_device_peer_name(const struct netobs_device *dev);
/* The role of a well-known virtual device ("docker-bridge", "cni-bridge",
 * "container-veth", ...; the table in netobs(1)); NULL for none.
 * "container-veth" needs netobs_ctx_set_containers. */
NETOBS_API const char *netobs_device_role(const struct netobs_device *dev);
/* The I-th distinct role name, NULL past the last. */
NETOBS_API const char *netobs_role_name(unsigned int i);

/* ---- counters: struct rtnl_link_stats64, in the kernel's order ---------- */

/* Append-only: a new kernel counter is a new value at the end. */
enum netobs_counter {
	NETOBS_RX_PACKETS = 0,
	NETOBS_TX_PACKETS,
	NETOBS_RX_BYTES,
	NETOBS_TX_BYTES,
	NETOBS_RX_ERRORS,
	NETOBS_TX_ERRORS,
	NETOBS_RX_DROPPED,
	NETOBS_TX_DROPPED,
	NETOBS_MULTICAST,
	NETOBS_COLLISIONS,
	NETOBS_RX_LENGTH_ERRORS,
	NETOBS_RX_OVER_ERRORS,
	NETOBS_RX_CRC_ERRORS,
	NETOBS_RX_FRAME_ERRORS,
	NETOBS_RX_FIFO_ERRORS,
	NETOBS_RX_MISSED_ERRORS,
	NETOBS_TX_ABORTED_ERRORS,
	NETOBS_TX_CARRIER_ERRORS,
	NETOBS_TX_FIFO_ERRORS,
	NETOBS_TX_HEARTBEAT_ERRORS,
	NETOBS_TX_WINDOW_ERRORS,
	NETOBS_RX_COMPRESSED,
	NETOBS_TX_COMPRESSED,
	NETOBS_RX_NOHANDLER,
	NETOBS_RX_OTHERHOST_DROPPED,
};

/* How many counters this library version knows (25 today). */
NETOBS_API unsigned int netobs_counter_count(void);
/* The kernel's field name ("rx_bytes"); NULL for an unknown value. */
NETOBS_API const char *netobs_counter_name(enum netobs_counter counter);
/* The reverse; -EINVAL for an unknown name. */
NETOBS_API int netobs_counter_from_name(const char *name, enum netobs_counter *out);

/* Flags of one counter on one device (netobs_device_counter_flags). */
enum netobs_counter_flag {
	NETOBS_COUNTER_AVAILABLE = 1 << 0, /* the source gave a value */
	NETOBS_COUNTER_FOLDED = 1 << 1,    /* a sum of several kernel counters
					    * (/proc/net/dev): see libnetobs(3) */
	NETOBS_COUNTER_32BIT = 1 << 2,     /* wraps at 2^32 (32-bit IFLA_STATS) */
};

/* ---- device classification ---------------------------------------------- */

enum netobs_class {
	NETOBS_CLASS_PHYSICAL = 0, /* backed by hardware (or a VM's virtual NIC) */
	NETOBS_CLASS_VIRTUAL = 1,  /* software: veth, bridge, bond, tun, ... */
	NETOBS_CLASS_LOOPBACK = 2,
};

/* "physical", "virtual", "loopback"; NULL for an unknown value. */
NETOBS_API const char *netobs_class_name(enum netobs_class cls);
NETOBS_API int netobs_class_from_name(const char *name, enum netobs_class *out);

/* RFC 2863 operational state, as the kernel's IF_OPER_* values. */
enum netobs_operstate {
	NETOBS_OPER_UNKNOWN = 0,
	NETOBS_OPER_NOTPRESENT = 1,
	NETOBS_OPER_DOWN = 2,
	NETOBS_OPER_LOWERLAYERDOWN = 3,
	NETOBS_OPER_TESTING = 4,
	NETOBS_OPER_DORMANT = 5,
	NETOBS_OPER_UP = 6,
};

/* "unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant",
 * "up" (the strings of /sys/class/net/DEV/operstate). */
NETOBS_API const char *netobs_operstate_name(enum netobs_operstate state);
/* The reverse; -EINVAL for an unknown name. */
NETOBS_API int netobs_operstate_from_name(const char *name, enum netobs_operstate *out);

/* ---- snapshot ----------------------------------------------------------- */

/* Reads every section (devices, every CPU's softnet and softirq counters,
 * the drop-related tunables) at one instant.  A section whose files cannot
 * be read or parsed is absent with one warning (netobs_ctx_warning()); the
 * others are complete.  A device that vanishes while it is being read is
 * left out, never an error.  Fails (-ENOMEM, -EINVAL for a source that
 * cannot read this root, or the first section's error when no section at
 * all could be read) with the detail in netobs_ctx_message(). */
NETOBS_API int netobs_snapshot_take(struct netobs_snapshot **out, struct netobs_ctx *ctx);
/* The same into an existing snapshot, reusing its memory: after the first
 * few calls a refresh allocates nothing (watch mode).  On error the snapshot
 * is empty but still valid. */
NETOBS_API int netobs_snapshot_refresh(struct netobs_snapshot *snap, struct netobs_ctx *ctx);
NETOBS_API void netobs_snapshot_free(struct netobs_snapshot *snap);

/* CLOCK_MONOTONIC and CLOCK_REALTIME of the instant the counters were read.
 * Either pointer may be NULL. */
NETOBS_API void netobs_snapshot_time(const struct netobs_snapshot *snap,
				     struct timespec *monotonic, struct timespec *realtime);
/* The source actually used (never AUTO). */
NETOBS_API enum netobs_source netobs_snapshot_source(const struct netobs_snapshot *snap);
/* 1 when SECTION was read, 0 when it is absent (a warning said why). */
NETOBS_API int netobs_snapshot_section_ok(const struct netobs_snapshot *snap,
					  enum netobs_section section);

/* Devices in ifindex order.  NULL when out of range or not found. */
NETOBS_API size_t netobs_snapshot_device_count(const struct netobs_snapshot *snap);
NETOBS_API const struct netobs_device *netobs_snapshot_device(const struct netobs_snapshot *snap,
							       size_t i);
NETOBS_API const struct netobs_device *
netobs_snapshot_device_by_ifindex(const struct netobs_snapshot *snap, int ifindex);
NETOBS_API const struct netobs_device *
netobs_snapshot_device_by_name(const struct netobs_snapshot *snap, const char *name);

/* ---- device ------------------------------------------------------------- */

NETOBS_API int netobs_device_ifindex(const struct netobs_device *dev);
NETOBS_API const char *netobs_device_name(const struct netobs_device *dev);
NETOBS_API enum netobs_class netobs_device_class(const struct netobs_device *dev);
/* A short kind: the netlink link kind where there is one ("veth", "bridge",
 * "vxlan", ...), else what sysfs says ("ether", "wlan", "wwan", ...). */
NETOBS_API const char *netobs_device_kind(const struct netobs_device *dev);
/* Driver ("virtio_net") and bus ("pci", "virtio", "usb") of a hardware
 * device; NULL when there is none or it is unknown. */
NETOBS_API const char *netobs_device_driver(const struct netobs_device *dev);
NETOBS_API const char *netobs_device_bus(const struct netobs_device *dev);

/* ifindex of the lower device or veth peer; equals the device's own ifindex
 * when it has none. */
NETOBS_API int netobs_device_iflink(const struct netobs_device *dev);
/* Netns id of the peer's namespace when it is in another one, else -1. */
NETOBS_API int netobs_device_link_netnsid(const struct netobs_device *dev);
/* The veth peer's ifindex (possibly in another namespace), 0 for others. */
NETOBS_API int netobs_device_peer_ifindex(const struct netobs_device *dev);
/* The bridge or bond this device is enslaved to: ifindex, 0 for none; name,
 * NULL for none. */
NETOBS_API int netobs_device_master_ifindex(const struct netobs_device *dev);
NETOBS_API const char *netobs_device_master_name(const struct netobs_device *dev);

NETOBS_API enum netobs_operstate netobs_device_operstate(const struct netobs_device *dev);
/* 1 up, 0 down, -ENODATA unknown. */
NETOBS_API int netobs_device_carrier(const struct netobs_device *dev);
/* The administrative state (IFF_UP, "ip link set DEV up"): 1 up, 0 set
 * down, -ENODATA unknown (the procfs source without sysfs).  An admin-up
 * device whose operstate is down has lost its link; a set-down one was
 * meant to be. */
NETOBS_API int netobs_device_admin_up(const struct netobs_device *dev);
/* These return 0, or -ENODATA when the source did not say. */
NETOBS_API int netobs_device_mtu(const struct netobs_device *dev, uint32_t *out);
NETOBS_API int netobs_device_txqlen(const struct netobs_device *dev, uint32_t *out);
NETOBS_API int netobs_device_carrier_changes(const struct netobs_device *dev, uint32_t *out);
/* Link speed in bits per second of a physical device or a bond (the sum of
 * its active slaves); -ENODATA when unknown, the link is down, or the
 * device is another virtual one (veth's 10000 is made up). */
NETOBS_API int netobs_device_speed(const struct netobs_device *dev, uint64_t *bits_per_second);
/* Hardware address as "aa:bb:cc:dd:ee:ff"; "" when the device has none. */
NETOBS_API const char *netobs_device_address(const struct netobs_device *dev);
/* The alias (IFLA_IFALIAS), any bytes but NUL; NULL when unset.  Escape it
 * before printing. */
NETOBS_API const char *netobs_device_alias(const struct netobs_device *dev);

/* 0 and *out, -ENODATA when the source cannot give this counter (never a
 * made-up 0), -EINVAL for an unknown counter. */
NETOBS_API int netobs_device_counter(const struct netobs_device *dev, enum netobs_counter counter,
				     uint64_t *out);
/* NETOBS_COUNTER_* flags; 0 when unavailable. */
NETOBS_API unsigned int netobs_device_counter_flags(const struct netobs_device *dev,
						    enum netobs_counter counter);

/* ---- per-CPU softnet and softirqs --------------------------------------- */

/* Columns of /proc/net/softnet_stat.  Append-only. */
enum netobs_softnet_field {
	NETOBS_SOFTNET_PROCESSED = 0,
	NETOBS_SOFTNET_DROPPED,
	NETOBS_SOFTNET_TIME_SQUEEZE,
	NETOBS_SOFTNET_CPU_COLLISION,
	NETOBS_SOFTNET_RECEIVED_RPS,
	NETOBS_SOFTNET_FLOW_LIMIT_COUNT,
	NETOBS_SOFTNET_BACKLOG_LEN, /* gauge */
	NETOBS_SOFTNET_INPUT_QLEN,  /* gauge */
	NETOBS_SOFTNET_PROCESS_QLEN, /* gauge */
};

NETOBS_API unsigned int netobs_softnet_field_count(void);
/* "processed", "dropped", "time_squeeze", ...; NULL when unknown. */
NETOBS_API const char *netobs_softnet_field_name(enum netobs_softnet_field field);
NETOBS_API int netobs_softnet_field_from_name(const char *name, enum netobs_softnet_field *out);
/* 1 for a gauge (a level, never differenced), 0 for a counter. */
NETOBS_API int netobs_softnet_field_is_gauge(enum netobs_softnet_field field);

enum netobs_softirq {
	NETOBS_SOFTIRQ_NET_RX = 0,
	NETOBS_SOFTIRQ_NET_TX,
};

/* "NET_RX", "NET_TX"; NULL for an unknown value. */
NETOBS_API const char *netobs_softirq_name(enum netobs_softirq softirq);
/* The reverse (case matters); -EINVAL for an unknown name. */
NETOBS_API int netobs_softirq_from_name(const char *name, enum netobs_softirq *out);

/* CPUs in id order: every CPU with a softnet row or a softirq column. */
NETOBS_API size_t netobs_snapshot_cpu_count(const struct netobs_snapshot *snap);
NETOBS_API const struct netobs_cpu *netobs_snapshot_cpu(const struct netobs_snapshot *snap,
							size_t i);
NETOBS_API const struct netobs_cpu *netobs_snapshot_cpu_by_id(const struct netobs_snapshot *snap,
							      int id);

NETOBS_API int netobs_cpu_id(const struct netobs_cpu *cpu);
/* 1 when the CPU had a softnet row (it was online), else 0. */
NETOBS_API int netobs_cpu_online(const struct netobs_cpu *cpu);
/* 0 and *out; -ENODATA when this kernel's softnet_stat lacks the field or
 * the CPU is offline. */
NETOBS_API int netobs_cpu_softnet(const struct netobs_cpu *cpu, enum netobs_softnet_field field,
				  uint64_t *out);
NETOBS_API int netobs_cpu_softirq(const struct netobs_cpu *cpu, enum netobs_softirq softirq,
				  uint64_t *out);

/* ---- tunables that explain drops (net.core.*, net.ipv4.*) -------------- */

/* Append-only. */
enum netobs_tunable {
	NETOBS_TUNABLE_NETDEV_MAX_BACKLOG = 0,
	NETOBS_TUNABLE_NETDEV_BUDGET,
	NETOBS_TUNABLE_NETDEV_BUDGET_USECS,
	NETOBS_TUNABLE_DEV_WEIGHT,
	NETOBS_TUNABLE_FLOW_LIMIT_TABLE_LEN,
	NETOBS_TUNABLE_RMEM_MAX,	  /* net.core: SO_RCVBUF's ceiling */
	NETOBS_TUNABLE_RMEM_DEFAULT,
	NETOBS_TUNABLE_WMEM_MAX,
	NETOBS_TUNABLE_WMEM_DEFAULT,
	NETOBS_TUNABLE_SOMAXCONN,	  /* net.core, per namespace: listen() cap */
	NETOBS_TUNABLE_TCP_RMEM,	  /* net.ipv4, per namespace: min default max */
	NETOBS_TUNABLE_TCP_WMEM,	  /* net.ipv4, per namespace: min default max */
	NETOBS_TUNABLE_TCP_MEM,		  /* net.ipv4, pages: min pressure max */
	NETOBS_TUNABLE_UDP_MEM,		  /* net.ipv4, pages: min pressure max */
	NETOBS_TUNABLE_TCP_MAX_SYN_BACKLOG, /* net.ipv4, per namespace */
};

NETOBS_API unsigned int netobs_tunable_count(void);
/* "netdev_max_backlog", ... (the file name under /proc/sys/net/core);
 * NULL for an unknown value. */
NETOBS_API const char *netobs_tunable_name(enum netobs_tunable tunable);
/* The reverse; -EINVAL for an unknown name. */
NETOBS_API int netobs_tunable_from_name(const char *name, enum netobs_tunable *out);
/* Global sysctls (netdev_*, dev_weight, flow_limit_table_len, tcp_mem,
 * udp_mem) are the host's: the kernel shows them only in the host's network
 * namespace.  The others (rmem_*, wmem_*, somaxconn, tcp_rmem, tcp_wmem,
 * tcp_max_syn_backlog) are each namespace's own. */
NETOBS_API enum netobs_scope netobs_tunable_scope(enum netobs_tunable tunable);
/* The sysctl's full name ("net.core.netdev_max_backlog", "net.ipv4.tcp_rmem");
 * NULL for an unknown value. */
NETOBS_API const char *netobs_tunable_sysctl(enum netobs_tunable tunable);
/* How many values it holds: 3 for tcp_rmem, tcp_wmem, tcp_mem and udp_mem,
 * 1 for the others, 0 for an unknown value. */
NETOBS_API unsigned int netobs_tunable_value_count(enum netobs_tunable tunable);
/* 0 and *out; -ENODATA when the kernel has no such file or it was
 * unreadable (a warning says which). */
NETOBS_API int netobs_snapshot_tunable(const struct netobs_snapshot *snap,
				       enum netobs_tunable tunable, int64_t *out);
/* Every value of a tunable into OUT (room for MAX), in the kernel's order;
 * *N the count.  netobs_snapshot_tunable() gives the first.  Errors as
 * there; -ERANGE when MAX is too small (*N then says how many). */
NETOBS_API int netobs_snapshot_tunable_values(const struct netobs_snapshot *snap,
					      enum netobs_tunable tunable, int64_t *out,
					      size_t max, size_t *n);

/* ---- sockets: which socket is dropping ---------------------------------- */

struct netobs_socket;

/* Sockets section settings.  OWNERS: find each kept socket's process by
 * scanning /proc/PID/fd (the expensive part; off by default).  ALL: keep
 * every UDP socket and TCP listener, not only those that drop or are full. */
NETOBS_API int netobs_ctx_set_socket_owners(struct netobs_ctx *ctx, int on);
NETOBS_API int netobs_ctx_set_socket_all(struct netobs_ctx *ctx, int on);

/* Values of one socket.  Append-only. */
enum netobs_socket_stat {
	NETOBS_SOCKET_DROPS = 0,    /* sk_drops (SK_MEMINFO_DROPS) */
	NETOBS_SOCKET_RQUEUE,       /* gauge: receive queue bytes (rmem_alloc) */
	NETOBS_SOCKET_RCVBUF,       /* gauge: receive buffer size (sk_rcvbuf) */
	NETOBS_SOCKET_ACCEPT_QUEUE, /* gauge: TCP listener's accept queue length */
	NETOBS_SOCKET_BACKLOG,      /* gauge: its listen() backlog */
};

NETOBS_API unsigned int netobs_socket_stat_count(void);
/* "drops", "rqueue", "rcvbuf", "accept_queue", "backlog"; NULL if unknown. */
NETOBS_API const char *netobs_socket_stat_name(enum netobs_socket_stat stat);
NETOBS_API int netobs_socket_stat_from_name(const char *name, enum netobs_socket_stat *out);
/* 1 for a gauge (a level, never differenced), 0 for a counter. */
NETOBS_API int netobs_socket_stat_is_gauge(enum netobs_socket_stat stat);

/* The kept sockets, most drops first; borrowed from the snapshot. */
NETOBS_API size_t netobs_snapshot_socket_count(const struct netobs_snapshot *snap);
NETOBS_API const struct netobs_socket *netobs_snapshot_socket(const struct netobs_snapshot *snap,
							       size_t i);

/* "udp", "udp6", "tcp", "tcp6". */
NETOBS_API const char *netobs_socket_protocol(const struct netobs_socket *s);
/* "unconn", "estab", "listen", ... (ss(8)'s words, lower case). */
NETOBS_API const char *netobs_socket_state(const struct netobs_socket *s);
/* Local address as text ("0.0.0.0", "::1") and port. */
NETOBS_API const char *netobs_socket_local_address(const struct netobs_socket *s);
NETOBS_API int netobs_socket_local_port(const struct netobs_socket *s);
NETOBS_API uint64_t netobs_socket_inode(const struct netobs_socket *s);
NETOBS_API uint32_t netobs_socket_uid(const struct netobs_socket *s);
/* The owning process: pid, -ENODATA when not looked up or not found;
 * comm, NULL then. */
NETOBS_API int netobs_socket_pid(const struct netobs_socket *s);
NETOBS_API const char *netobs_socket_comm(const struct netobs_socket *s);
/* 0 and *out; -ENODATA when the kernel did not give it (accept queue of a
 * UDP socket), -EINVAL for an unknown stat. */
NETOBS_API int netobs_socket_stat(const struct netobs_socket *s, enum netobs_socket_stat stat,
				  uint64_t *out);

/* ---- queueing disciplines (RTM_GETQDISC) -------------------------------- */

/* Statistics of a qdisc (TCA_STATS2, or the old TCA_STATS).  Append-only.
 * DROPS, REQUEUES and OVERLIMITS are 32-bit counters in the kernel (struct
 * gnet_stats_queue): they wrap at 2^32.  QLEN and BACKLOG are gauges. */
enum netobs_qdisc_stat {
	NETOBS_QDISC_BYTES = 0,
	NETOBS_QDISC_PACKETS,
	NETOBS_QDISC_DROPS,
	NETOBS_QDISC_REQUEUES,
	NETOBS_QDISC_OVERLIMITS,
	NETOBS_QDISC_QLEN,    /* gauge: packets queued */
	NETOBS_QDISC_BACKLOG, /* gauge: bytes queued */
};

NETOBS_API unsigned int netobs_qdisc_stat_count(void);
/* "bytes", "packets", "drops", "requeues", "overlimits", "qlen",
 * "backlog"; NULL for an unknown value. */
NETOBS_API const char *netobs_qdisc_stat_name(enum netobs_qdisc_stat stat);
/* The reverse; -EINVAL for an unknown name. */
NETOBS_API int netobs_qdisc_stat_from_name(const char *name, enum netobs_qdisc_stat *out);
/* 1 for a gauge (QLEN, BACKLOG), 0 for a counter or an unknown value. */
NETOBS_API int netobs_qdisc_stat_is_gauge(enum netobs_qdisc_stat stat);

/* Every qdisc of the namespace, in the kernel's dump order (devices in
 * turn, each root first); 0 when the section is absent.  The pointer is
 * borrowed from the snapshot. */
NETOBS_API size_t netobs_snapshot_qdisc_count(const struct netobs_snapshot *snap);
NETOBS_API const struct netobs_qdisc *netobs_snapshot_qdisc(const struct netobs_snapshot *snap,
							    size_t i);

NETOBS_API int netobs_qdisc_ifindex(const struct netobs_qdisc *q);
/* The device's name when the devices section has its ifindex, else NULL. */
NETOBS_API const char *netobs_qdisc_device_name(const struct netobs_qdisc *q);
/* TCA_KIND: "pfifo", "tbf", "mq", "noqueue", ... */
NETOBS_API const char *netobs_qdisc_kind(const struct netobs_qdisc *q);
/* The raw tcm_handle and tcm_parent (TC_H_MAKE(major, minor)); 0 for NULL. */
NETOBS_API uint32_t netobs_qdisc_handle(const struct netobs_qdisc *q);
NETOBS_API uint32_t netobs_qdisc_parent(const struct netobs_qdisc *q);
/* As tc prints them: handle "1:" ("1:2" with a minor), parent "root",
 * "ingress", "none" or "1:4" (hex). */
NETOBS_API const char *netobs_qdisc_handle_name(const struct netobs_qdisc *q);
NETOBS_API const char *netobs_qdisc_parent_name(const struct netobs_qdisc *q);
/* 0 and *out; -ENODATA when the kernel did not give it (REQUEUES from the
 * old TCA_STATS), -EINVAL for an unknown stat. */
NETOBS_API int netobs_qdisc_stat(const struct netobs_qdisc *q, enum netobs_qdisc_stat stat,
				 uint64_t *out);

/* ---- diff --------------------------------------------------------------- */

/* Status of a device or CPU in a diff. */
enum netobs_diff_status {
	NETOBS_DIFF_SAME = 0,
	NETOBS_DIFF_NEW = 1 << 0,       /* not in the older snapshot (CPU: came online) */
	NETOBS_DIFF_GONE = 1 << 1,      /* not in the newer snapshot (CPU: went offline) */
	NETOBS_DIFF_RENAMED = 1 << 2,   /* same ifindex, another name */
	NETOBS_DIFF_RECREATED = 1 << 3, /* same name, another ifindex */
	NETOBS_DIFF_RESET = 1 << 4,     /* a 64-bit counter went backwards */
};

/* "same", "new", "gone", "renamed", "recreated", "reset" for one status;
 * NULL for an unknown value or several flags at once. */
NETOBS_API const char *netobs_diff_status_name(enum netobs_diff_status status);
/* The reverse; -EINVAL for an unknown name. */
NETOBS_API int netobs_diff_status_from_name(const char *name, enum netobs_diff_status *out);

/* Compares two snapshots of the same root, OLDER taken first.  Both must
 * outlive the diff.  -EINVAL when they are swapped, taken at the same instant
 * or from different roots.  Two NULL snapshots make an empty diff, for
 * netobs_diff_update(). */
NETOBS_API int netobs_diff_new(struct netobs_diff **out, const struct netobs_snapshot *older,
			       const struct netobs_snapshot *newer);
/* The same into an existing diff, reusing its memory.  On failure the diff
 * is empty and netobs_diff_message() says why. */
NETOBS_API int netobs_diff_update(struct netobs_diff *diff, const struct netobs_snapshot *older,
				  const struct netobs_snapshot *newer);
/* Why the last update failed; "" when it did not. */
NETOBS_API const char *netobs_diff_message(const struct netobs_diff *diff);
NETOBS_API void netobs_diff_free(struct netobs_diff *diff);

/* Seconds between the two snapshots' monotonic instants. */
NETOBS_API double netobs_diff_interval(const struct netobs_diff *diff);

/* DEV is a device of the newer snapshot, or one from
 * netobs_diff_gone_device(). */
NETOBS_API unsigned int netobs_diff_device_status(const struct netobs_diff *diff,
						  const struct netobs_device *dev);
/* Devices of the older snapshot that the newer one lacks. */
NETOBS_API size_t netobs_diff_gone_device_count(const struct netobs_diff *diff);
NETOBS_API const struct netobs_device *netobs_diff_gone_device(const struct netobs_diff *diff,
							       size_t i);

/* Delta and per-second rate of one counter of a device of the newer
 * snapshot.  0 and the values; -ENOENT for a device that is new, renamed or
 * re-created; -ENODATA when either snapshot lacks the counter; -ERANGE when
 * it went backwards (reset).  Either out-pointer may be NULL. */
NETOBS_API int netobs_diff_device_counter(const struct netobs_diff *diff,
					  const struct netobs_device *dev,
					  enum netobs_counter counter, uint64_t *delta,
					  double *rate);
/* Shorthand: the rate, or NAN where netobs_diff_device_counter() fails. */
NETOBS_API double netobs_diff_rate(const struct netobs_diff *diff, const struct netobs_device *dev,
				   enum netobs_counter counter);

/* CPU of the newer snapshot, or one from netobs_diff_gone_cpu(). */
NETOBS_API unsigned int netobs_diff_cpu_status(const struct netobs_diff *diff,
					       const struct netobs_cpu *cpu);
NETOBS_API size_t netobs_diff_gone_cpu_count(const struct netobs_diff *diff);
NETOBS_API const struct netobs_cpu *netobs_diff_gone_cpu(const struct netobs_diff *diff, size_t i);
/* Softnet delta and rate (modulo 2^32).  For a gauge, *delta is the newer
 * value and *rate is that value too.  Errors as for devices. */
NETOBS_API int netobs_diff_cpu_softnet(const struct netobs_diff *diff, const struct netobs_cpu *cpu,
				       enum netobs_softnet_field field, uint64_t *delta,
				       double *rate);
NETOBS_API int netobs_diff_cpu_softirq(const struct netobs_diff *diff, const struct netobs_cpu *cpu,
				       enum netobs_softirq softirq, uint64_t *delta, double *rate);

/* Sums over every comparable device of a class / every comparable CPU.
 * -ENODATA when nothing contributed. */
NETOBS_API int netobs_diff_class_total(const struct netobs_diff *diff, enum netobs_class cls,
				       enum netobs_counter counter, uint64_t *delta, double *rate);
NETOBS_API int netobs_diff_softnet_total(const struct netobs_diff *diff,
					 enum netobs_softnet_field field, uint64_t *delta,
					 double *rate);
NETOBS_API int netobs_diff_softirq_total(const struct netobs_diff *diff,
					 enum netobs_softirq softirq, uint64_t *delta,
					 double *rate);

/* Delta and rate of a socket of the newer snapshot, matched by inode.  A
 * socket the older snapshot lacks counts from 0: it had no drops then or
 * did not exist.  -ENODATA when either lacks the stat or the older had no
 * sockets section; -ERANGE when it went backwards (an inode reused). */
NETOBS_API int netobs_diff_socket(const struct netobs_diff *diff, const struct netobs_socket *s,
				  enum netobs_socket_stat stat, uint64_t *delta, double *rate);
/* Delta and rate of STAT of qdisc Q of the newer snapshot, matched to the
 * older one by (ifindex, handle, parent, kind).  DROPS, REQUEUES and
 * OVERLIMITS differ modulo 2^32; a gauge gives its newer value as both.
 * -ENOENT when Q is not in the older snapshot, -ENODATA when either lacks
 * STAT, -ERANGE when BYTES or PACKETS went backwards. */
NETOBS_API int netobs_diff_qdisc(const struct netobs_diff *diff, const struct netobs_qdisc *q,
				 enum netobs_qdisc_stat stat, uint64_t *delta, double *rate);
/* ---- protocol counters (/proc/net/snmp, netstat, snmp6) ---------------- */

/* One kernel protocol counter, keyed by "GROUP.NAME" as the kernel prints
 * it: "TcpExt.ListenOverflows", "Udp.RcvbufErrors", "Udp6.RcvbufErrors".
 * The set is whatever this kernel prints, so there is no enum.  Borrowed
 * from its snapshot.  These files are per network namespace: the counters
 * are those of the namespace that was read.  See netobs_snapshot_proto(3). */
struct netobs_proto_counter;

/* Every counter of the snmp, netstat and snmp6 sections that were read, in
 * file order; NULL when out of range or not found. */
NETOBS_API size_t netobs_snapshot_proto_count(const struct netobs_snapshot *snap);
NETOBS_API const struct netobs_proto_counter *
netobs_snapshot_proto(const struct netobs_snapshot *snap, size_t i);
NETOBS_API const struct netobs_proto_counter *
netobs_snapshot_proto_by_name(const struct netobs_snapshot *snap, const char *name);

/* "GROUP.NAME", e.g. "TcpExt.ListenOverflows". */
NETOBS_API const char *netobs_proto_counter_name(const struct netobs_proto_counter *counter);
/* 1 for a gauge (Tcp.CurrEstab, Tcp.MaxConn, Ip.Forwarding, ...), 0 for a
 * counter that only rises. */
NETOBS_API int netobs_proto_counter_is_gauge(const struct netobs_proto_counter *counter);
/* The section (file) it came from: 0 and *out. */
NETOBS_API int netobs_proto_counter_section(const struct netobs_proto_counter *counter,
					    enum netobs_section *out);
/* 0 and *out; -ERANGE when the value is negative (Tcp.MaxConn is -1):
 * read it with netobs_proto_counter_signed(). */
NETOBS_API int netobs_proto_counter_value(const struct netobs_proto_counter *counter,
					  uint64_t *out);
/* 0 and *out; -ERANGE for a value above INT64_MAX. */
NETOBS_API int netobs_proto_counter_signed(const struct netobs_proto_counter *counter,
					   int64_t *out);
/* Delta and per-second rate of the counter NAME between the two snapshots;
 * for a gauge both are the newer value.  -ENODATA when either snapshot
 * lacks it, -ERANGE when a counter went backwards (or a gauge is negative).
 * Either out-pointer may be NULL. */
NETOBS_API int netobs_diff_proto(const struct netobs_diff *diff, const char *name,
				 uint64_t *delta, double *rate);
/* ---- sampler: two snapshots and their diff, swapped for a service ------ */

struct netobs_sampler;

/* A sampler holds the newest snapshot, the one before it and their diff, and
 * refreshes them in turn so that a diff is never read after one of its
 * snapshots was refreshed.  It holds whole snapshots, so every section a
 * snapshot has is in it.  CTX is borrowed and must outlive the sampler; the
 * sampler reads through it, so it is the context's only user. */
NETOBS_API int netobs_sampler_new(struct netobs_sampler **out, struct netobs_ctx *ctx);
/* Closes the timer descriptor too. */
NETOBS_API void netobs_sampler_free(struct netobs_sampler *sampler);
/* Takes a snapshot into the sampler's spare one and, when that succeeds,
 * makes it the newest and diffs it against the previous newest.  0 on
 * success (after the first good tick there is a snapshot but no diff yet);
 * a negative errno when the snapshot or the diff failed, and then the last
 * good snapshot and diff stay as they were.  Drains the timer descriptor.
 * Allocates nothing once warm. */
NETOBS_API int netobs_sampler_tick(struct netobs_sampler *sampler);
/* 0 when the last tick succeeded (or none ran yet), else its error. */
NETOBS_API int netobs_sampler_error(const struct netobs_sampler *sampler);
/* The newest good snapshot; NULL before the first good tick. */
NETOBS_API const struct netobs_snapshot *netobs_sampler_snapshot(const struct netobs_sampler *sampler);
/* The diff between the two newest good snapshots; NULL before two good
 * ticks.  Valid until the next successful tick. */
NETOBS_API const struct netobs_diff *netobs_sampler_diff(const struct netobs_sampler *sampler);
/* Arms a periodic CLOCK_MONOTONIC timer every INTERVAL_NS nanoseconds (0
 * disarms it) and returns its descriptor (non-blocking, close-on-exec, owned
 * by the sampler) for the caller's poll or epoll loop: when it is readable,
 * call netobs_sampler_tick(). */
NETOBS_API int netobs_sampler_set_interval(struct netobs_sampler *sampler, uint64_t interval_ns);
/* That descriptor; -ENODATA before netobs_sampler_set_interval(). */
NETOBS_API int netobs_sampler_fd(const struct netobs_sampler *sampler);


/* ---- building a snapshot from saved values (a capture, a test) ---------- */

/* An empty snapshot at REALTIME, which also stands for its monotonic
 * instant: two built snapshots diff over their wall-clock interval.  No
 * section is read until netobs_snapshot_set_section_ok() says so. */
NETOBS_API int netobs_snapshot_new(struct netobs_snapshot **out, const struct timespec *realtime);
NETOBS_API int netobs_snapshot_set_source(struct netobs_snapshot *snap, enum netobs_source source);
NETOBS_API int netobs_snapshot_set_section_ok(struct netobs_snapshot *snap,
					      enum netobs_section section, int ok);
/* Appends a device; the device setters below act on the one added last. */
NETOBS_API int netobs_snapshot_add_device(struct netobs_snapshot *snap, int ifindex,
					  const char *name);
/* KEY as in netobs(1)'s JSON device object ("kind", "operstate",
 * "admin_up", "mtu", "master", "alias", ...); VALUE as text, NULL for JSON
 * null.  -EINVAL for an unknown key or a value it cannot hold. */
NETOBS_API int netobs_snapshot_device_set(struct netobs_snapshot *snap, const char *key,
					  const char *value);
NETOBS_API int netobs_snapshot_device_set_counter(struct netobs_snapshot *snap,
						  enum netobs_counter counter, uint64_t value,
						  int folded);
/* A softnet value makes the CPU online; CPUs are created on first use. */
NETOBS_API int netobs_snapshot_cpu_set_softnet(struct netobs_snapshot *snap, int cpu,
					       enum netobs_softnet_field field, uint64_t value);
NETOBS_API int netobs_snapshot_cpu_set_softirq(struct netobs_snapshot *snap, int cpu,
					       enum netobs_softirq softirq, uint64_t value);
/* N must be netobs_tunable_value_count(TUNABLE). */
NETOBS_API int netobs_snapshot_set_tunable(struct netobs_snapshot *snap,
					   enum netobs_tunable tunable, const int64_t *values,
					   size_t n);
/* PROTOCOL "udp", "udp6", "tcp", "tcp6"; STATE ss(8)'s word ("unconn",
 * "listen").  The socket setters act on the one added last. */
NETOBS_API int netobs_snapshot_add_socket(struct netobs_snapshot *snap, const char *protocol,
					  const char *state, const char *address, int port,
					  uint64_t inode);
NETOBS_API int netobs_snapshot_socket_set_stat(struct netobs_snapshot *snap,
					       enum netobs_socket_stat stat, uint64_t value);
/* PID 0 and COMM NULL: the owner is not known. */
NETOBS_API int netobs_snapshot_socket_set_owner(struct netobs_snapshot *snap, uint32_t uid,
						int pid, const char *comm);
/* Appends a qdisc (HANDLE and PARENT raw, and as tc(8) prints them); the
 * stat setter acts on the one added last. */
NETOBS_API int netobs_snapshot_add_qdisc(struct netobs_snapshot *snap, int ifindex,
					 const char *kind, uint32_t handle, uint32_t parent,
					 const char *handle_name, const char *parent_name);
NETOBS_API int netobs_snapshot_qdisc_set_stat(struct netobs_snapshot *snap,
					      enum netobs_qdisc_stat stat, uint64_t value);
/* The protocol counters of SECTION (SNMP, NETSTAT, SNMP6) from TEXT, the
 * kernel file's own format, parsed as a live read is.  -EBADMSG if not. */
NETOBS_API int netobs_snapshot_set_proto_text(struct netobs_snapshot *snap,
					      enum netobs_section section, const char *text,
					      size_t len);
/* Appends a network namespace the snapshot names (INODE as in net:[INODE],
 * NAME its ip netns name or NULL, PID 0 for none seen); the container
 * setter acts on the one added last.  -EEXIST when INODE is there. */
NETOBS_API int netobs_snapshot_add_netns(struct netobs_snapshot *snap, uint64_t inode,
					 const char *name, int pid);
/* As netobs_netns_runtime(), netobs_netns_container() and
 * netobs_netns_container_id() give them back. */
NETOBS_API int netobs_snapshot_netns_set_container(struct netobs_snapshot *snap,
						   const char *runtime, const char *name,
						   const char *id);
/* Sorts and indexes what was added: call it before any getter or diff. */
NETOBS_API int netobs_snapshot_finish(struct netobs_snapshot *snap);

/* ---- diagnosis: which layer loses packets, the evidence, the knob ------- */

struct netobs_diagnosis;
struct netobs_layer;
struct netobs_finding;

/* The layers between the wire and the socket, in that order.  Append-only. */
enum netobs_layer_id {
	NETOBS_LAYER_LINK = 0,	   /* wire/PHY: crc/frame/length errors, carrier */
	NETOBS_LAYER_NIC_RING,	   /* rx_missed/fifo/over: ring full */
	NETOBS_LAYER_DEVICE_DROPS, /* rx_dropped, rx_nohandler, rx_otherhost_dropped, tx_dropped */
	NETOBS_LAYER_CPU_BACKLOG,  /* softnet dropped, flow_limit_count */
	NETOBS_LAYER_CPU_BUDGET,   /* softnet time_squeeze, NET_RX skew */
	NETOBS_LAYER_QDISC,
	NETOBS_LAYER_IP,
	NETOBS_LAYER_TCP_ACCEPT,
	NETOBS_LAYER_TCP_MEMORY,
	NETOBS_LAYER_TCP_LOSS,
	NETOBS_LAYER_UDP,
	NETOBS_LAYER_SOCKET,
};

/* Ordered by gravity up to CRITICAL; UNKNOWN: the section that would tell
 * is absent; UNOBSERVABLE: no counter on this host can show it (hardware
 * drops behind a virtual NIC).  Append-only. */
enum netobs_verdict {
	NETOBS_VERDICT_OK = 0,
	NETOBS_VERDICT_WARNING,
	NETOBS_VERDICT_CRITICAL,
	NETOBS_VERDICT_UNKNOWN,
	NETOBS_VERDICT_UNOBSERVABLE,
};

/* "link", "nic_ring", ...; NULL for an unknown value. */
NETOBS_API const char *netobs_layer_name(enum netobs_layer_id id);
NETOBS_API int netobs_layer_from_name(const char *name, enum netobs_layer_id *out);
/* "ok", "warning", "critical", "unknown", "unobservable"; NULL if unknown. */
NETOBS_API const char *netobs_verdict_name(enum netobs_verdict verdict);
NETOBS_API int netobs_verdict_from_name(const char *name, enum netobs_verdict *out);

/* Walks every layer over DIFF (non-empty); the diagnosis copies what it
 * needs, DIFF may go after.  -EINVAL for an empty diff, -ENOMEM. */
NETOBS_API int netobs_diagnosis_new(struct netobs_diagnosis **out,
				    const struct netobs_diff *diff);
NETOBS_API void netobs_diagnosis_free(struct netobs_diagnosis *d);
/* The worst verdict of the layers that could be judged; UNKNOWN only when
 * none could (UNKNOWN and UNOBSERVABLE layers never raise it). */
NETOBS_API enum netobs_verdict netobs_diagnosis_verdict(const struct netobs_diagnosis *d);
/* Layers in enum order, borrowed from the diagnosis. */
NETOBS_API size_t netobs_diagnosis_layer_count(const struct netobs_diagnosis *d);
NETOBS_API const struct netobs_layer *netobs_diagnosis_layer(const struct netobs_diagnosis *d,
							     size_t i);

NETOBS_API enum netobs_layer_id netobs_layer_id(const struct netobs_layer *l);
NETOBS_API enum netobs_verdict netobs_layer_verdict(const struct netobs_layer *l);
/* Whose counters it read: softnet is the host's even in a container. */
NETOBS_API enum netobs_scope netobs_layer_scope(const struct netobs_layer *l);
/* Why UNKNOWN or UNOBSERVABLE, or a caveat; "" when none. */
NETOBS_API const char *netobs_layer_reason(const struct netobs_layer *l);
/* Findings worst first; an OK finding is information (a benign source). */
NETOBS_API size_t netobs_layer_finding_count(const struct netobs_layer *l);
NETOBS_API const struct netobs_finding *netobs_layer_finding(const struct netobs_layer *l,
							     size_t i);
/* A layer keeps its 32 worst findings; how many more of VERDICT it found
 * and only counted (its verdict is the worst of all of them). */
NETOBS_API size_t netobs_layer_finding_omitted(const struct netobs_layer *l,
					       enum netobs_verdict verdict);

NETOBS_API enum netobs_verdict netobs_finding_verdict(const struct netobs_finding *f);
/* What it is about: "veth0", "CPU 3", "udp 127.0.0.1:5353". */
NETOBS_API const char *netobs_finding_object(const struct netobs_finding *f);
/* The evidence: counter name, its delta, per-second rate, and ratio to the
 * packets it is a share of (NAN when there is no such denominator). */
NETOBS_API const char *netobs_finding_counter(const struct netobs_finding *f);
NETOBS_API uint64_t netobs_finding_delta(const struct netobs_finding *f);
NETOBS_API double netobs_finding_rate(const struct netobs_finding *f);
NETOBS_API double netobs_finding_ratio(const struct netobs_finding *f);
/* The gate it crossed ("> 10/s") and who set it ("netdata softnet.conf"). */
NETOBS_API const char *netobs_finding_threshold(const struct netobs_finding *f);
NETOBS_API const char *netobs_finding_anchor(const struct netobs_finding *f);
/* The knob with its current value and what to do ("net.core.
 * netdev_max_backlog = 1000: double it"); "" when none. */
NETOBS_API const char *netobs_finding_knob(const struct netobs_finding *f);
/* The next command to run; "" when none. */
NETOBS_API const char *netobs_finding_command(const struct netobs_finding *f);
/* All of it as one sentence. */
NETOBS_API const char *netobs_finding_text(const struct netobs_finding *f);

/* ---- drop reasons: the kernel's skb:kfree_skb, counted ------------------- */

/* A tracer: perf rings on skb:kfree_skb, one per CPU.  The tracepoint is on
 * from netobs_drops_new() to netobs_drops_free() (closing its perf fds turns
 * it off, also when the process dies).  Normal frees (consume_skb) are not
 * counted.  See netobs_drops_new(3). */
struct netobs_drops;
/* What a tracer counted over an interval. */
struct netobs_drop_counts;

/* What drops are counted by.  Append-only. */
enum netobs_drop_key {
	NETOBS_DROP_BY_REASON = 0, /* "NO_SOCKET": enum skb_drop_reason (>= 5.17) */
	NETOBS_DROP_BY_LOCATION,   /* "udp_queue_rcv_one_skb+0x1f4", or "0x..." */
	NETOBS_DROP_BY_PROTOCOL,   /* "IP", "IPV6", "ARP", ..., else "0x88cc" */
};

/* "reason", "location", "protocol"; NULL for an unknown value. */
NETOBS_API const char *netobs_drop_key_name(enum netobs_drop_key key);
NETOBS_API int netobs_drop_key_from_name(const char *name, enum netobs_drop_key *out);

/* Opens the tracer on the live host (CTX is borrowed: it must outlive the
 * tracer, and gets the messages).  -EOPNOTSUPP under a --root, -ENOENT
 * (tracefs not mounted, no such tracepoint), -EPERM (neither root nor
 * CAP_PERFMON, or kernel.perf_event_paranoid), -EBADMSG (a format netobs
 * cannot read), -ENOMEM; netobs_ctx_message() says which and how to fix. */
NETOBS_API int netobs_drops_new(struct netobs_drops **out, struct netobs_ctx *ctx);
NETOBS_API void netobs_drops_free(struct netobs_drops *d);
/* Waits up to TIMEOUT_MS (0: not at all) for the rings to fill, then counts
 * every record they hold.  -EINTR when a signal came: what was counted is
 * kept. */
NETOBS_API int netobs_drops_poll(struct netobs_drops *d, int timeout_ms);
/* Counts every record the rings hold, then what was counted since the
 * tracer opened or since the last read; the tracer starts anew. */
NETOBS_API int netobs_drops_read(struct netobs_drop_counts **out, struct netobs_drops *d);
/* 1 when this kernel names reasons (5.17 and later), else 0: drops are then
 * counted by location and protocol only. */
NETOBS_API int netobs_drops_has_reasons(const struct netobs_drops *d);

NETOBS_API void netobs_drop_counts_free(struct netobs_drop_counts *c);
NETOBS_API double netobs_drop_counts_seconds(const struct netobs_drop_counts *c);
/* Every drop the rings delivered, including untracked ones. */
NETOBS_API uint64_t netobs_drop_counts_total(const struct netobs_drop_counts *c);
/* Drops the kernel could not put in a full ring: not in the total nor in
 * any list.  Nonzero: the counts are a lower bound. */
NETOBS_API uint64_t netobs_drop_counts_lost(const struct netobs_drop_counts *c);
/* Drops past the bound of distinct (reason, protocol, location) the tracer
 * keeps: in the total, in no list. */
NETOBS_API uint64_t netobs_drop_counts_untracked(const struct netobs_drop_counts *c);
NETOBS_API int netobs_drop_counts_has_reasons(const struct netobs_drop_counts *c);
/* The entries by KEY, most drops first, borrowed from the counts. */
NETOBS_API size_t netobs_drop_counts_size(const struct netobs_drop_counts *c,
					  enum netobs_drop_key key);
NETOBS_API const char *netobs_drop_counts_name(const struct netobs_drop_counts *c,
					       enum netobs_drop_key key, size_t i);
NETOBS_API uint64_t netobs_drop_counts_value(const struct netobs_drop_counts *c,
					     enum netobs_drop_key key, size_t i);
/* The count of NAME by KEY; 0 when none. */
NETOBS_API uint64_t netobs_drop_counts_find(const struct netobs_drop_counts *c,
					    enum netobs_drop_key key, const char *name);
/* The function where most drops of REASON happened, NULL when none. */
NETOBS_API const char *netobs_drop_counts_site(const struct netobs_drop_counts *c,
					       const char *reason);

/* netobs_diagnosis_new() with drop counts taken over the same interval
 * (DROPS may be NULL: then the same as netobs_diagnosis_new()): a finding
 * the drops confirm says so, by reason and site.  DROPS may go after. */
NETOBS_API int netobs_diagnosis_new_drops(struct netobs_diagnosis **out,
					  const struct netobs_diff *diff,
					  const struct netobs_drop_counts *drops);

/* Whether the device layers (link, nic_ring, device_drops) judge DEV:
 * nonzero yes.  ARG is the caller's, passed through. */
typedef int (*netobs_device_keep_fn)(const struct netobs_device *dev, void *arg);

/* netobs_diagnosis_new_drops() over the devices KEEP accepts (NULL: all).
 * Filtering here, not over the findings afterwards, keeps the verdict
 * true: a layer keeps only its worst findings, and a device the caller
 * wants could otherwise be among those only counted. */
NETOBS_API int netobs_diagnosis_new_filtered(struct netobs_diagnosis **out,
					     const struct netobs_diff *diff,
					     const struct netobs_drop_counts *drops,
					     netobs_device_keep_fn keep, void *arg);

#ifdef __cplusplus
}
#endif

#endif /* NETOBS_H */
