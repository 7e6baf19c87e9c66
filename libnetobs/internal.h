/* SPDX-License-Identifier: MIT */
/*
 * Private to libnetobs: the layout of the opaque objects and the functions
 * the per-concept files share.  Private non-static functions are netobs__*.
 */
#ifndef NETOBS_INTERNAL_H
#define NETOBS_INTERNAL_H

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "netobs.h"

/* How many values each public enum has: one past its last value.  Appending
 * to an enum in netobs.h means moving its line here; names.c then fails to
 * compile until its table has the new name, and the bitmasks below until
 * they are wide enough. */
#define NETOBS__SOURCE_MAX (NETOBS_SOURCE_PROCFS + 1)
#define NETOBS__COUNTER_MAX (NETOBS_RX_OTHERHOST_DROPPED + 1)
#define NETOBS__CLASS_MAX (NETOBS_CLASS_LOOPBACK + 1)
#define NETOBS__OPERSTATE_MAX (NETOBS_OPER_UP + 1)
#define NETOBS__SOFTNET_MAX (NETOBS_SOFTNET_PROCESS_QLEN + 1)
#define NETOBS__SOFTIRQ_MAX (NETOBS_SOFTIRQ_NET_TX + 1)
#define NETOBS__TUNABLE_MAX (NETOBS_TUNABLE_TCP_MAX_SYN_BACKLOG + 1)
#define NETOBS__TUNABLE_VALUES 3 /* tcp_rmem: min default max */
/* enum netobs_diff_status is flags: SAME (0) and one bit per other status. */
#define NETOBS__DIFF_STATUS_LAST NETOBS_DIFF_RESET

#define NETOBS__IFNAMSIZ 16   /* IFNAMSIZ, NUL included */
#define NETOBS__KINDSIZ 24
#define NETOBS__DRIVERSIZ 32
#define NETOBS__BUSSIZ 24
#define NETOBS__ADDRSIZ 32    /* MAX_ADDR_LEN */
#define NETOBS__MESSAGESIZ 512
/* The largest kernel text file read: /proc/net/dev of 80,000 devices. */
#define NETOBS__FILE_MAX (16u << 20)
#define NETOBS__WARNINGS_MAX 256 /* kept per snapshot; more are counted */
#define NETOBS__SECTION_MAX (NETOBS_SECTION_SNMP6 + 1)

#define NETOBS__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* The bits of member M of struct S, for the bit-per-enum-value masks. */
#define NETOBS__BITS_OF(s, m) (sizeof(((struct s *)0)->m) * CHAR_BIT)
/* The index of NAME among the N NAMES (NULL entries skipped) into *OUT:
 * every _from_name(); -EINVAL for NULL or an unknown name (names.c). */
int netobs__name_index(const char *const *names, size_t n, const char *name,
		       unsigned int *out);

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
	NETOBS__HAS_FLAGS = 1 << 5,	/* flags' IFF_UP is known */
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
	/* netns_peer.c: the namespace of the peer elsewhere, 0: none known. */
	uint64_t peer_netns_inode;
	char peer_name[NETOBS__IFNAMSIZ]; /* "" unknown */
	bool peer_container;	/* that namespace is a container's */
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

	int64_t tunables[NETOBS__TUNABLE_MAX][NETOBS__TUNABLE_VALUES];
	uint32_t tunable_avail;
	uint32_t sections_ok;	/* bit per enum netobs_section */
	struct netobs_qdisc *qdiscs; /* qdisc.c: in dump order */
	size_t nqdiscs, qdiscs_cap;

	/* link_netlink.c: nonzero when devs[] are the devices of the
	 * context's netlink cache with this token, as a refresh finished
	 * them: the counters-only dump then rewrites only their counters. */
	uint64_t netlink_token;
	bool devs_kept;		/* this refresh kept devs[] as they were */
	struct netobs__socket_list *sockets; /* socket.h, NULL until read */

	struct netobs__proto *proto; /* proto.h: snmp, netstat, snmp6 */
	/* container.h: namespaces named (netobs_ctx_set_containers). */
	struct netobs_netns *netns;
	size_t nnetns, netns_cap;
};

/* A mask with a bit per enum value must have a bit for every value: a
 * 33rd counter would otherwise shift past the end of counter_avail. */
_Static_assert(NETOBS__COUNTER_MAX <= NETOBS__BITS_OF(netobs_device, counter_avail),
	       "counter_avail has no bit for every enum netobs_counter");
_Static_assert(NETOBS__COUNTER_MAX <= NETOBS__BITS_OF(netobs_device, counter_folded),
	       "counter_folded has no bit for every enum netobs_counter");
_Static_assert(NETOBS__SOFTNET_MAX <= NETOBS__BITS_OF(netobs_cpu, softnet_avail),
	       "softnet_avail has no bit for every enum netobs_softnet_field");
_Static_assert(NETOBS__SOFTIRQ_MAX <= NETOBS__BITS_OF(netobs_cpu, softirq_avail),
	       "softirq_avail has no bit for every enum netobs_softirq");
_Static_assert(NETOBS__TUNABLE_MAX <= NETOBS__BITS_OF(netobs_snapshot, tunable_avail),
	       "tunable_avail has no bit for every enum netobs_tunable");

struct netobs__sysfs_cache;	/* sysfs_enrich.c */

struct netobs__netlink;		/* link_netlink.c */
struct netobs__softnet;		/* softnet.c */
struct netobs__socket_list;	/* socket.h */
struct netobs__sockdiag;	/* socket.h */
struct netobs__qdisc_state;	/* qdisc.c */
struct netobs__proto;		/* proto.h */
struct netobs__netns_state;	/* netns_peer.c */

/* errors.c: where the last error arose, apart from its text. */
struct netobs__error_where {
	char file[NETOBS__MESSAGESIZ]; /* "" when none */
	unsigned int line;	       /* 0 when none */
	size_t what;		       /* offset of "what" in ctx->message */
};

struct netobs_warning {
	int section;		/* enum netobs_section, -1: none */
	bool provisional;	/* holds only if its section is read */
	unsigned int line;
	size_t file_off, message_off; /* into the pool; file_off 0: none */
	const char *file, *message;   /* resolved after each append */
};

/* The warnings of the last snapshot: records over one string pool, both
 * reused so a warm refresh allocates nothing. */
struct netobs__warnings {
	struct netobs_warning *list;
	size_t n, cap;
	size_t dropped;		/* past NETOBS__WARNINGS_MAX */
	char *pool;		/* offset 0 holds "" */
	size_t pool_len, pool_cap;
};

/* file.c: the files every refresh reads, kept open on the live host. */
enum netobs__kept {
	NETOBS__KEPT_ONLINE,	/* /sys/devices/system/cpu/online */
	NETOBS__KEPT_SOFTNET,	/* /proc/net/softnet_stat */
	NETOBS__KEPT_SOFTIRQS,	/* /proc/softirqs */
	NETOBS__KEPT_PROCNETDEV, /* /proc/net/dev (the procfs source) */
	NETOBS__KEPT_SNMP,	/* /proc/net/snmp */
	NETOBS__KEPT_NETSTAT,	/* /proc/net/netstat */
	NETOBS__KEPT_SNMP6,	/* /proc/net/snmp6 */
	NETOBS__KEPT_TUNABLE,	/* + enum netobs_tunable */
	NETOBS__KEPT_MAX = NETOBS__KEPT_TUNABLE + NETOBS__TUNABLE_MAX,
};

struct netobs_ctx {
	char *root;		/* NULL: the live host */
	enum netobs_source source;
	char message[NETOBS__MESSAGESIZ]; /* "FILE:LINE: what" */
	struct netobs__error_where where;  /* of message */
	struct netobs__warnings warnings;
	int reading;		/* the section being read, -1: none */

	struct netobs__sysfs_cache *sysfs_cache; /* sysfs_enrich.c, NULL until used */

	struct netobs__netlink *nl; /* lazily opened, NULL when unused */
	bool netlink_refused;	/* AUTO: fell back for good */

	/* file.c: the text of one section file at a time, reused so a
	 * refresh allocates nothing; freed by netobs_ctx_free. */
	char *procbuf;
	size_t procbuf_cap;
	struct netobs__softnet *softnet; /* softnet.c, NULL until read */
	int kept[NETOBS__KEPT_MAX]; /* file.c: open fds, -1 closed */
	struct netobs__sockdiag *sockdiag; /* socket.c, NULL until read */
	bool socket_owners, socket_all;	   /* netobs_ctx_set_socket_* */
	struct netobs__qdisc_state *qdisc; /* qdisc.c, NULL until read */
	/* netns.c: the namespace the NETNS-scope sections are read in. */
	int netns_fd;		/* -1: the calling thread's own */
	char *netns_path;	/* as opened, for messages; NULL with it */
	uint64_t netns_inode;
	bool containers;	/* netobs_ctx_set_containers */
	struct netobs__netns_state *netns_state; /* netns_peer.c, NULL until used */
	bool all_netns;		/* every namespace is named, peer or not */
	bool no_host_sections;	/* netobs_ctx_set_host_sections(ctx, 0) */
};

/* ---- refresh.c: the table of sections ------------------------------------- */

/* Every section lets go of what it keeps on CTX: sockets, caches, lists
 * (a new root, or the end of the context). */
void netobs__sections_forget(struct netobs_ctx *ctx);

/* ---- netns.c: another network namespace ---------------------------------- */

/* SPEC ("NAME", "pid:PID" or a path) as the path of a namespace file into
 * BUF; -EINVAL for a word that is none, -ENAMETOOLONG.  Pure: fuzzed. */
int netobs__netns_resolve(const char *spec, char *buf, size_t size);
/* Moves the calling thread into the context's namespace, *HOME then an fd
 * of the one it left (-1 when the context has none: nothing to do).  On
 * error the thread has not moved and *HOME is -1. */
int netobs__netns_enter(struct netobs_ctx *ctx, int *home);
/* Back into HOME and closes it; 0 for HOME -1.  -ENOTRECOVERABLE when the
 * thread could not return (only memory can cause it). */
int netobs__netns_leave(struct netobs_ctx *ctx, int home);
/* netns_peer.c: with containers on, each device's peer namespace and name
 * and the namespaces' containers into SNAP.  Inside the namespace read.
 * Only -ENOMEM fails; the rest are warnings. */
int netobs__containers_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
/* role.c: the role of a device named NAME of kind KIND (peer_container:
 * its peer's namespace is a container's); NULL for none. */
const char *netobs__role(const char *name, const char *kind, bool peer_container);
/* Lets go of the socket and buffers kept for that (a new namespace or
 * root: the socket belongs to the namespace it was opened in). */
void netobs__containers_forget(struct netobs_ctx *ctx);
/* netns_scan.c: every namespace (processes, /run/netns) into SNAP's table;
 * *LIST of *CAP entries is its scratch space, kept by the caller. */
struct netobs__ns_pid {
	uint64_t inode;
	int pid;
};
int netobs__netns_scan(struct netobs_ctx *ctx, struct netobs_snapshot *snap,
		       struct netobs__ns_pid **list, size_t *cap);
/* "net:[INODE]" -> INODE; -EBADMSG for anything else.  Fuzzed. */
int netobs__netns_link_parse(const char *link, size_t len, uint64_t *inode);
/* netns.c: NETNS (a name, "pid:PID" or a path) opened and proven a network
 * namespace the caller may enter: *FD, *PATH (malloc'd) and *INODE. */
int netobs__netns_open(struct netobs_ctx *ctx, const char *netns, int *fd, char **path,
		       uint64_t *inode);
/* The context reads another namespace than the caller's. */

static inline bool netobs__ctx_in_netns(const struct netobs_ctx *ctx)
{
	return ctx->netns_fd >= 0;
}

/* ---- errors.c: errors and warnings ---------------------------------------- */

/* Records a formatted message and returns ERR (a negative errno). */
int netobs__error(struct netobs_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same about FILE (NULL: none) at LINE (0: the whole file): the message
 * reads "FILE:LINE: what", and a section that fails keeps them apart. */
int netobs__error_at(struct netobs_ctx *ctx, int err, const char *file, unsigned int line,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Appends a non-fatal note to the context's warnings, about FILE and LINE
 * as above; netobs__warn is about no one file. */
void netobs__warn(struct netobs_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void netobs__warn_at(struct netobs_ctx *ctx, const char *file, unsigned int line,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A warning that holds only if the section being read succeeds ("its
 * columns were complete, so it was read"); dropped when it fails. */
void netobs__warn_provisional_at(struct netobs_ctx *ctx, const char *file, unsigned int line,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The last error becomes a warning of the section being read, the error
 * cleared, and that section's provisional warnings go: what a section that
 * failed leaves behind. */
void netobs__error_to_warning(struct netobs_ctx *ctx);
/* Forgets the last error (it was handled). */
void netobs__error_clear(struct netobs_ctx *ctx);
/* Forgets the last error and every warning (a new snapshot begins). */
void netobs__errors_clear(struct netobs_ctx *ctx);
/* Past NETOBS__WARNINGS_MAX the last kept warning gives way to a count of
 * the ones not kept. */
void netobs__warnings_finish(struct netobs_ctx *ctx);
void netobs__errors_free(struct netobs_ctx *ctx);

/* ---- path.c: where the files are ----------------------------------------- */
/* ROOT + PATH into BUF (PATH starts with '/'); -ENAMETOOLONG when too long. */
int netobs__path(const struct netobs_ctx *ctx, char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool netobs__ctx_is_live(const struct netobs_ctx *ctx);
/* ROOT/proc/net/NAME: every per-namespace /proc/net file goes through here,
 * so reading another network namespace changes this one place.
 * -ENAMETOOLONG with a message when too long. */
int netobs__proc_net_path(struct netobs_ctx *ctx, char *buf, size_t size, const char *name);
/* ROOT/proc/NAME, the same for the host-wide /proc files. */
int netobs__proc_path(struct netobs_ctx *ctx, char *buf, size_t size, const char *name);

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
/* The file of a section (kept as above) into CTX->procbuf, *LEN set: a
 * negative errno with "PATH: not readable (why)" or "PATH: empty (masked?)"
 * on CTX when it gives nothing to parse. */
int netobs__file_read_section(struct netobs_ctx *ctx, enum netobs__kept kept, const char *path,
			      size_t *len);
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
/* Where a source started adding devices and aliases, to go back to when
 * what it added since must go (an interrupted dump). */
struct netobs__snapshot_mark {
	size_t ndevs;
	size_t strings_len;
};
struct netobs__snapshot_mark netobs__snapshot_mark(const struct netobs_snapshot *snap);
/* Drops the devices and aliases added since MARK; the devices are then no
 * netlink cache's and not kept (see below). */
void netobs__snapshot_rewind(struct netobs_snapshot *snap,
			     const struct netobs__snapshot_mark *mark);
/* Replaces SNAP's devices by NDEVS slots that the caller fills by index
 * (*DEVS), and its alias pool by a copy of STRINGS.  When SNAP's devices
 * are still those tagged TOKEN (nonzero) and fit, nothing is copied: they
 * stay as the last finish left them (returns 1, and finish keeps them;
 * a caller that then fails must rewind).  Else 0, the slots to be filled
 * whole; -ENOMEM. */
int netobs__snapshot_reserve(struct netobs_snapshot *snap, size_t ndevs, const char *strings,
			     size_t strings_len, uint64_t token, struct netobs_device **devs);
/* Tags SNAP's devices as the netlink cache TOKEN's (0: no cache's), for
 * netobs__snapshot_reserve of a later refresh. */
void netobs__snapshot_set_netlink_token(struct netobs_snapshot *snap, uint64_t token);
/* The CPU with ID, appended zeroed when absent; NULL on ENOMEM. */
struct netobs_cpu *netobs__snapshot_cpu_get(struct netobs_snapshot *snap, int id);
/* Orders devices by ifindex (qsort, bsearch). */
int netobs__device_cmp_ifindex(const void *a, const void *b);
/* Empties a snapshot keeping its memory. */
void netobs__snapshot_clear(struct netobs_snapshot *snap);
/* Empties one section, after it failed part-way (refresh.c). */
void netobs__snapshot_clear_devices(struct netobs_snapshot *snap);
void netobs__snapshot_clear_softnet(struct netobs_snapshot *snap);
void netobs__snapshot_clear_softirqs(struct netobs_snapshot *snap);
void netobs__snapshot_clear_tunables(struct netobs_snapshot *snap);
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

/* link.c: the devices section, from the source the context asks for.
 * link_check: -EINVAL when that source cannot read this context's root. */
int netobs__link_check(struct netobs_ctx *ctx);
int netobs__link_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
/* Closes and frees what the device sources keep on CTX. */
void netobs__link_forget(struct netobs_ctx *ctx);

/* link_netlink.c: RTM_GETLINK dump (or RTM_GETSTATS when the device set is
 * unchanged since PREV), classification via classify.c and the sysfs cache. */
int netobs__netlink_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
/* -EACCES/-EPERM/-EAFNOSUPPORT etc. when a netlink socket cannot be opened. */
int netobs__netlink_open(struct netobs_ctx *ctx);
void netobs__netlink_close(struct netobs_ctx *ctx);

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
/* Frees the cache (a new root, the context's end). */
void netobs__sysfs_cache_forget(struct netobs_ctx *ctx);

/* link_procfs.c: /proc/net/dev. */
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
	bool unterminated;	/* that line ended without a newline */
};
void netobs__lines_init(struct netobs__lines *l, struct netobs_ctx *ctx, const char *file,
			const char *buf, size_t len, size_t max);
/* The next line in [*S, *E), newline excluded: 1; 0 at the end; -EBADMSG
 * for a line longer than MAX.  A last line without its newline is handed
 * out too (the parser judges its columns), with a warning at the end. */
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
/* Frees what the section keeps on CTX (a new root, or the context's end). */
void netobs__softnet_forget(struct netobs_ctx *ctx);
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
/* IFF_LOOPBACK or ARPHRD_LOOPBACK: a loopback device, whichever tells. */
bool netobs__is_loopback(unsigned int flags, unsigned int arphrd);

/* socket.c: the sockets section (internals in socket.h). */
int netobs__sockets_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
void netobs__sockets_discard(struct netobs_snapshot *snap);
void netobs__sockets_forget(struct netobs_ctx *ctx);
void netobs__sockets_free(struct netobs_snapshot *snap);
/* diff.c: the two snapshots of DIFF (NULL, NULL when empty). */
void netobs__diff_snapshots(const struct netobs_diff *diff, const struct netobs_snapshot **older,
			    const struct netobs_snapshot **newer);
/* ---- proto.c: /proc/net/snmp, netstat, snmp6 (the rest in proto.h) ------ */
int netobs__snmp_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
int netobs__netstat_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
int netobs__snmp6_read(struct netobs_ctx *ctx, struct netobs_snapshot *snap);
void netobs__snapshot_clear_snmp(struct netobs_snapshot *snap);
void netobs__snapshot_clear_netstat(struct netobs_snapshot *snap);
void netobs__snapshot_clear_snmp6(struct netobs_snapshot *snap);
/* Empties (clear) or frees (free) the counters of SNAP's three sections. */
void netobs__proto_clear(struct netobs_snapshot *snap);
void netobs__proto_free(struct netobs_snapshot *snap);
/* diff.c: the snapshots a diff compares (NULL for an empty diff). */
const struct netobs_snapshot *netobs__diff_older(const struct netobs_diff *diff);
const struct netobs_snapshot *netobs__diff_newer(const struct netobs_diff *diff);

#endif /* NETOBS_INTERNAL_H */
