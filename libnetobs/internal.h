/* SPDX-License-Identifier: MIT */
/*
 * Private to libnetobs: the layout of the opaque objects and the functions
 * the per-concept files share.  Private non-static functions are netobs__*.
 */
#ifndef NETOBS_INTERNAL_H
#define NETOBS_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "netobs.h"

#define NETOBS__COUNTER_MAX (NETOBS_RX_OTHERHOST_DROPPED + 1)
#define NETOBS__SOFTNET_MAX (NETOBS_SOFTNET_PROCESS_QLEN + 1)
#define NETOBS__SOFTIRQ_MAX (NETOBS_SOFTIRQ_NET_TX + 1)
#define NETOBS__TUNABLE_MAX (NETOBS_TUNABLE_FLOW_LIMIT_TABLE_LEN + 1)

#define NETOBS__IFNAMSIZ 16   /* IFNAMSIZ, NUL included */
#define NETOBS__KINDSIZ 24
#define NETOBS__DRIVERSIZ 32
#define NETOBS__BUSSIZ 24
#define NETOBS__ADDRSIZ 32    /* MAX_ADDR_LEN */
#define NETOBS__MESSAGESIZ 512
#define NETOBS__WARNINGSIZ 1024

#define NETOBS__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The largest CPU id a parser accepts (NR_CPUS is at most 8192 today; the
 * margin keeps a bogus id from sizing an array). */
#define NETOBS__CPU_ID_MAX (1 << 20)

/* Which optional attributes of a device the source gave. */
enum netobs__attr {
	NETOBS__HAS_MTU = 1 << 0,
	NETOBS__HAS_TXQLEN = 1 << 1,
	NETOBS__HAS_CARRIER_CHANGES = 1 << 2,
	NETOBS__HAS_SPEED = 1 << 3,
	NETOBS__HAS_CARRIER = 1 << 4,
};

struct netobs_device {
	int ifindex;
	int iflink;		/* == ifindex when none */
	int link_netnsid;	/* -1: same namespace or unknown */
	int master_ifindex;	/* 0: none */
	char name[NETOBS__IFNAMSIZ];
	char master_name[NETOBS__IFNAMSIZ]; /* resolved by snapshot_finish */
	char kind[NETOBS__KINDSIZ];
	char driver[NETOBS__DRIVERSIZ];	/* "" unknown */
	char bus[NETOBS__BUSSIZ];	/* "" unknown */
	char address[3 * NETOBS__ADDRSIZ]; /* "aa:bb:.." or "" */
	size_t alias_off;	/* into the snapshot's string pool, 0: unset */
	const char *alias;	/* resolved by snapshot_finish, NULL: unset */
	enum netobs_class cls;
	enum netobs_operstate operstate;
	unsigned int flags;	/* IFF_* */
	unsigned int arphrd;	/* ARPHRD_* (dev->type) */
	unsigned int attrs;	/* enum netobs__attr */
	bool carrier;
	uint32_t mtu;
	uint32_t txqlen;
	uint32_t carrier_changes;
	uint64_t speed_bps;
	uint64_t counters[NETOBS__COUNTER_MAX];
	uint32_t counter_avail;	 /* bit per enum netobs_counter */
	uint32_t counter_folded; /* bit per enum netobs_counter */
	bool counters_32bit;	 /* 32-bit IFLA_STATS: wraps at 2^32 */
};

struct netobs_cpu {
	int id;
	bool online;		/* had a softnet_stat row */
	uint64_t softnet[NETOBS__SOFTNET_MAX];
	uint32_t softnet_avail;	/* bit per enum netobs_softnet_field */
	uint64_t softirq[NETOBS__SOFTIRQ_MAX];
	uint32_t softirq_avail;
};

struct netobs_snapshot {
	char *root;		/* copy of the context's root, for diff checks */
	enum netobs_source source;
	struct timespec monotonic;
	struct timespec realtime;

	struct netobs_device *devs; /* sorted by ifindex after finish */
	size_t ndevs, devs_cap;
	uint32_t *by_name;	/* indexes into devs, sorted by name */
	size_t nby_name, by_name_cap; /* nby_name: devices it was built for */
	char *strings;		/* pool for aliases; offset 0 holds "" */
	size_t strings_len, strings_cap;

	struct netobs_cpu *cpus; /* sorted by id after finish */
	size_t ncpus, cpus_cap;
	bool cpus_unsorted;	/* while building: an id arrived out of order */

	int64_t tunables[NETOBS__TUNABLE_MAX];
	uint32_t tunable_avail;

	/* link_netlink.c: nonzero when devs[] are the devices of the
	 * context's netlink cache with this token, as a refresh finished
	 * them: the counters-only dump then rewrites only their counters. */
	uint64_t netlink_token;
	bool devs_kept;		/* this refresh kept devs[] as they were */
};

struct netobs__sysfs_cache_entry;	/* sysfs.h */

struct netobs__netlink;		/* link_netlink.c */

/* file.c: the files every refresh reads, kept open on the live host. */
enum netobs__kept {
	NETOBS__KEPT_ONLINE,	/* /sys/devices/system/cpu/online */
	NETOBS__KEPT_SOFTNET,	/* /proc/net/softnet_stat */
	NETOBS__KEPT_SOFTIRQS,	/* /proc/softirqs */
	NETOBS__KEPT_TUNABLE,	/* + enum netobs_tunable */
	NETOBS__KEPT_MAX = NETOBS__KEPT_TUNABLE + NETOBS__TUNABLE_MAX,
};

struct netobs_ctx {
	char *root;		/* NULL: the live host */
	enum netobs_source source;
	char message[NETOBS__MESSAGESIZ];
	char warnings[NETOBS__WARNINGSIZ];

	struct netobs__sysfs_cache_entry *cache;
	size_t ncache, cache_cap;

	struct netobs__netlink *nl; /* lazily opened, NULL when unused */
	bool netlink_refused;	/* AUTO: fell back for good */

	/* procfs.c, softnet.c, softirq.c: one /proc file at a time, reused so
	 * a refresh allocates nothing; freed by netobs_ctx_free. */
	char *procbuf;
	size_t procbuf_cap;
	int *online;		/* softnet.c: ids of the online CPUs */
	size_t online_cap;
	int kept[NETOBS__KEPT_MAX]; /* file.c: open fds, -1 closed */
};

/* ---- context.c: errors and paths ------------------------------------------ */

/* Records a formatted message and returns ERR (a negative errno). */
int netobs__error(struct netobs_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Appends a non-fatal note to the context's warnings. */
void netobs__warn(struct netobs_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* ROOT + PATH into BUF (PATH starts with '/'); -ENAMETOOLONG when too long. */
int netobs__path(const struct netobs_ctx *ctx, char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool netobs__ctx_is_live(const struct netobs_ctx *ctx);

/* ---- file.c: reading kernel files ------------------------------------------ */

/* Reads a whole file into *BUF (grown as needed, NUL-terminated), *LEN set.
 * Returns 0 or a negative errno (-ENOENT, -ENODEV for a vanished device). */
int netobs__file_read(const char *path, char **buf, size_t *cap, size_t *len);
/* Reads a small attribute file (first line, trailing newline stripped) into
 * BUF of SIZE.  Returns its length or a negative errno. */
int netobs__file_read_line(const char *path, char *buf, size_t size);
/* The same two on the live host read file KEPT through an fd kept open on
 * CTX, from offset 0 (opened again when a read fails); with a root they
 * open PATH each time, as files of a captured tree get replaced.
 * read_line_kept is for sysctls: one missing (ENOENT) stays missing. */
int netobs__file_read_kept(struct netobs_ctx *ctx, enum netobs__kept kept, const char *path,
			   char **buf, size_t *cap, size_t *len);
int netobs__file_read_line_kept(struct netobs_ctx *ctx, enum netobs__kept kept,
				const char *path, char *buf, size_t size);
/* Closes the kept fds (netobs_ctx_set_root, netobs_ctx_free). */
void netobs__file_close_kept(struct netobs_ctx *ctx);

/* ---- ifname.c --------------------------------------------------------------- */

/* The kernel's dev_valid_name() for NAME of LEN bytes (no NUL needed). */
bool netobs__ifname_valid(const char *name, size_t len);

/* ---- array.c ---------------------------------------------------------------- */

/* Grows *ARR (of *CAP elements of ELEM bytes) to hold at least NEED,
 * doubling; 0 or -ENOMEM (the array is then unchanged). */
int netobs__grow(void **arr, size_t *cap, size_t need, size_t elem);

/* ---- parse.c: number parsing shared by the parsers ------------------------ */

/* The value of a hex digit, -1 for anything else. */
int netobs__hex_digit(char c);

/* Parses an unsigned decimal at *P (leading blanks skipped), advances *P.
 * -EINVAL when there is no digit, -ERANGE above UINT64_MAX. */
int netobs__parse_u64(const char **p, const char *end, uint64_t *out);
/* Same for exactly the hex digits of a softnet column (up to 16 digits). */
int netobs__parse_hex(const char **p, const char *end, uint64_t *out);

/* ---- snapshot.c: building a snapshot ------------------------------------- */

/* Appends a zeroed device (ifindex = 0, iflink set later); NULL on ENOMEM.
 * The pointer is valid until the next append. */
struct netobs_device *netobs__snapshot_add_device(struct netobs_snapshot *snap);
/* Drops the last appended device (it vanished while being read). */
void netobs__snapshot_drop_last_device(struct netobs_snapshot *snap);
/* The CPU with ID, appended zeroed when absent; NULL on ENOMEM. */
struct netobs_cpu *netobs__snapshot_cpu_get(struct netobs_snapshot *snap, int id);
/* Empties a snapshot keeping its memory. */
void netobs__snapshot_clear(struct netobs_snapshot *snap);
/* Sorts devices and CPUs, builds the name index, resolves masters. */
int netobs__snapshot_finish(struct netobs_snapshot *snap);
void netobs__device_set_counter(struct netobs_device *dev, enum netobs_counter c, uint64_t v,
				bool folded);
/* Formats a hardware address into dev->address. */
void netobs__device_set_address(struct netobs_device *dev, const uint8_t *addr, size_t len);
/* Copies an alias (up to LEN bytes, stopping at a NUL) into the snapshot's
 * string pool: memory is reused across refreshes, so a tick allocates nothing. */
int netobs__snapshot_set_alias(struct netobs_snapshot *snap, struct netobs_device *dev,
			       const char *alias, size_t len);

/* ---- the device sources -------------------------------------------------- */

/* link_netlink.c: RTM_GETLINK dump (or RTM_GETSTATS when the device set is
 * unchanged since PREV), classification via classify.c and the sysfs cache. */
int netobs__netlink_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
/* -EACCES/-EPERM/-EAFNOSUPPORT etc. when a netlink socket cannot be opened. */
int netobs__netlink_open(struct netobs_ctx *ctx);
void netobs__netlink_close(struct netobs_ctx *ctx);
struct nlmsghdr;
/* The message at BUF + *OFF when a whole one fits in LEN, *OFF then moved
 * past it; NULL at the end.  (libmnl 1.0.4's mnl_nlmsg_ok() compares the
 * length as an int: a length of 2^31 or more passes it.) */
const struct nlmsghdr *netobs__netlink_next_msg(const void *buf, size_t len, size_t *off);
/* Parsers of one kernel message, socket-free (unit tests, fuzzer).  An
 * RTM_NEWLINK becomes a device of SNAP: -EBADMSG (message on CTX, nothing
 * added) when malformed, -EINVAL for another type. */
int netobs__netlink_parse_link(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
			       struct netobs_snapshot *snap);
/* The ifindex of an RTM_NEWSTATS message, -EBADMSG when it is none. */
int netobs__netlink_stats_ifindex(const struct nlmsghdr *nlh);
/* DEV's counters from an RTM_NEWSTATS message (IFLA_STATS_LINK_64), the
 * rest of DEV untouched; -EBADMSG (message on CTX) when malformed. */
int netobs__netlink_parse_stats(struct netobs_ctx *ctx, const struct nlmsghdr *nlh,
				struct netobs_device *dev);

/* link_sysfs.c: /sys/class/net/ (internals in sysfs.h).  -ENOENT (with a
 * message) when that folder is missing.  Devices that vanish while read are
 * left out; a malformed value leaves that value unavailable, with a warning. */
int netobs__sysfs_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
/* Attributes and classification of one device from sysfs, counters aside;
 * DEV->name set by the caller.  -ENODEV when the device is gone (drop it,
 * silently); other errors carry a message. */
int netobs__sysfs_read_device(struct netobs_ctx *ctx, struct netobs_device *dev);
/* DEV's ifalias into SNAP's string pool (the alias is not in read_device
 * because the pool belongs to the snapshot).  Unreadable: left unset. */
int netobs__sysfs_read_alias(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
			     struct netobs_device *dev);
/* sysfs_enrich.c: driver, bus and sysfs classification of a netlink
 * device, cached on CTX.  0 when DEV's class and kind are set; -ENODEV
 * when /sys lacks the device, -ESTALE when /sys shows another device by
 * that name (another network namespace's sysfs): classify from netlink
 * alone then. */
int netobs__sysfs_enrich(struct netobs_ctx *ctx, struct netobs_device *dev);
/* Starts a snapshot for the enrich cache: entries not looked up again
 * before the cache next has to grow are pruned. */
void netobs__sysfs_cache_begin(struct netobs_ctx *ctx);

/* procfs.c: /proc/net/dev. */
int netobs__procfs_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
/* Parses /proc/net/dev text; for each row calls ROW.  FILE names the file in
 * messages.  Fuzzed. */
typedef int (*netobs__procnetdev_row_fn)(void *arg, const char *name, const uint64_t cols[16]);
int netobs__procnetdev_parse(struct netobs_ctx *ctx, const char *file, const char *buf,
			     size_t len, netobs__procnetdev_row_fn row, void *arg);
/* lines.c: line by line through a /proc file, for the procfs, softnet and softirq
 * parsers: every error is "FILE:LINE: what". */
struct netobs__lines {
	struct netobs_ctx *ctx;
	const char *file, *p, *end;
	size_t max;		/* longest line accepted, 0: any */
	unsigned int lineno;	/* of the line last returned */
};
void netobs__lines_init(struct netobs__lines *l, struct netobs_ctx *ctx, const char *file,
			const char *buf, size_t len, size_t max);
/* The next line in [*S, *E), newline excluded: 1; 0 at the end; -EBADMSG
 * for a line longer than MAX or text that ends without a newline. */
int netobs__lines_next(struct netobs__lines *l, const char **s, const char **e);
/* -EBADMSG with "FILE:LINE: " and the formatted text as the message. */
int netobs__lines_error(const struct netobs__lines *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The blank-delimited word at P, printable and cut to SIZE, for messages. */
const char *netobs__word(char *out, size_t size, const char *p, const char *end);
/* A space or a tab: what separates the columns of the kernel's text files. */
bool netobs__is_blank(char c);
/* How many blank-separated words [P, E) holds. */
unsigned int netobs__count_words(const char *p, const char *e);

/* softnet.c, softirq.c, tunables.c: the per-CPU part of a snapshot. */
int netobs__softnet_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
int netobs__softnet_parse(struct netobs_ctx *ctx, const char *file, const char *buf, size_t len,
			  const int *online, size_t nonline, struct netobs_snapshot *snap);
int netobs__softirq_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
int netobs__softirq_parse(struct netobs_ctx *ctx, const char *file, const char *buf, size_t len,
			  struct netobs_snapshot *snap);
/* Parses a CPU list ("0-3,5,7-8", ascending) into ids.  *N set; -EBADMSG
 * when bad; -ERANGE when more than MAX ids, *N then the count needed. */
int netobs__cpulist_parse(const char *buf, size_t len, int *ids, size_t max, size_t *n);
int netobs__tunables_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);

/* ---- classify.c ------------------------------------------------------------ */

/* What is known about a device, from whichever source. */
struct netobs__class_facts {
	const char *link_kind;	/* IFLA_INFO_KIND, NULL when none */
	const char *devtype;	/* uevent DEVTYPE, NULL when none */
	unsigned int arphrd;
	unsigned int flags;	/* IFF_* */
	bool has_parent;	/* a bus device behind it (device link) */
	bool sysfs_known;	/* the sysfs facts below were read */
	bool marker_bridge, marker_bond, marker_tun, marker_macvtap;
	bool has_lower;		/* lower_* links */
	int ifindex, iflink;
	const char *driver;	/* NULL when none */
	/* Weaker tells for software Ethernet devices that have no DEVTYPE and
	 * no marker folder; both sources see the same values (classify.c). */
	bool marker_ipvtap;	/* ipvtap/ folder */
	bool lower_same_addr;	/* address equals its lower_* device's: ipvlan */
	bool has_txqlen;
	uint32_t txqlen;	/* tx_queue_len: 32 is ifb's own default */
	const char *address;	/* "aa:bb:..", "" or NULL when unknown */
	uint32_t speed_mbps;	/* 0: unknown; read only when nothing else tells */
};

/* Class and kind from FACTS; the same device gets the same answer whatever
 * the source. */
void netobs__classify(const struct netobs__class_facts *facts, enum netobs_class *cls,
		      char kind[NETOBS__KINDSIZ]);

#endif /* NETOBS_INTERNAL_H */
