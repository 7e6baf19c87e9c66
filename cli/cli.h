/* SPDX-License-Identifier: MIT */
/*
 * netobs(1), the command-line tool over libnetobs.  It uses only the public
 * <netobs.h>, libc and cJSON (JSON values, see json.c).  Where things are:
 *
 *   main.c      main(): options, context, the one-shot commands (show,
 *               devices, softnet)
 *   snapshot.c  taking a snapshot and reporting it: errors and warnings on
 *               stderr, --strict
 *   options.c   argv -> struct cli_opts; --help, --version; usage errors
 *   help.c      the --help texts, global and per command
 *   filter.c    which devices a command shows: names, globs, --class,
 *               --kind, --exclude; "no such device"
 *   outbuf.c    the output buffer (struct out) every format writes into
 *   escape.c    escaping names for terminals and stderr, cli_error(), the
 *               UTF-8 check, JSON string literals
 *   units.c     numbers with units, integers and fixed decimals by hand,
 *               times
 *   format.c    the table of output formats, which one-shot commands and
 *               watch both walk; the sink a format writes through
 *   table.c     format "table": the human tables of show, devices, softnet
 *   json.c      format "json": the JSON shapes (one-shot document, watch
 *               NDJSON sample), written through struct jw
 *   json_write.c  JSON values, the streamed object every section uses, and
 *               struct jw: straight into the buffer, or as cJSON trees
 *   json_sections.c  "sections" and "warnings": what was read, what not
 *   json_arena.c  the arena behind cJSON's allocations
 *   prom.c      format "prom": Prometheus text exposition; with
 *               prom_help.c (what each family's rise means: HELP texts),
 *               prom_metrics.c (--metrics groups) and prom_label.c
 *   textfile.c  format "textfile": atomic file replacement for
 *               node_exporter's textfile collector
 *   screen.c    format "screen": watch's live screen on a terminal; with
 *               screen_table.c (the device table), screen_rows.c (sorting,
 *               filters, selection, history), screen_keys.c (keys) and
 *               screen_detail.c (one device, help) behind screen.h
 *   lines.c     format "lines": watch's plain timestamped lines on a pipe
 *   sample.c    what a watch sample reports: devices, rates, status names
 *   term.c      the terminal: raw keys, alternate screen, the way back
 *   watch.c     netobs watch: the sampling loop and its signals
 *   drops.c     netobs drops: the kernel's drop reasons over intervals, its
 *               signals; drops_out.c its text, NDJSON and Prometheus, and
 *               doctor's drop-reason paragraph
 *
 * Output never goes through stdio: every format appends to a struct out,
 * which is flushed to a file descriptor (stdout, or a textfile's temporary)
 * every 64 KiB.  Device names and aliases are data, never format strings:
 * each format escapes them (out_json_string, or cJSON after a UTF-8 check;
 * prom label values; out_escaped for tables and stderr).
 */
#ifndef NETOBS_CLI_H
#define NETOBS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <termios.h>
#include <time.h>

#include <netobs.h>

/* Exit statuses (documented in netobs(1)). */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_RUNTIME = 1,
	CLI_EXIT_USAGE = 2,
	/* netobs drops: the kernel's drop reasons cannot be traced here. */
	CLI_EXIT_UNAVAILABLE = 3,
	/* netobs doctor's verdicts, apart from the two above. */
	CLI_EXIT_DOCTOR_OK = 0,
	CLI_EXIT_DOCTOR_WARNING = 10,
	CLI_EXIT_DOCTOR_CRITICAL = 11,
	CLI_EXIT_DOCTOR_UNKNOWN = 12,
};

enum cli_command {
	CLI_CMD_SHOW,
	CLI_CMD_DEVICES,
	CLI_CMD_SOFTNET,
	CLI_CMD_WATCH,
	CLI_CMD_SOCKETS,
	CLI_CMD_DOCTOR,
	CLI_CMD_QDISC,
	CLI_CMD_STACK,
	CLI_CMD_DROPS,
};

struct cli_format;
struct cli_sink;
struct allnetns;
struct screen;

/* What a command reports: show has both, devices the first, softnet the
 * second.  The JSON document and the Prometheus text follow the same split. */
enum cli_section {
	CLI_SEC_DEVICES = 1 << 0,
	CLI_SEC_CPUS = 1 << 1, /* softnet, softirqs, tunables */
	CLI_SEC_SOCKETS = 1 << 2, /* the sockets that drop */
	CLI_SEC_QDISCS = 1 << 3,
	CLI_SEC_STACK = 1 << 4, /* snmp, netstat, snmp6 (stack_out.c) */
};

/* ---- filter.c ------------------------------------------------------------ */

/* Arrays point into argv: nothing is copied. */
struct filter {
	const char **names;	/* names or fnmatch(3) globs; none: every device */
	size_t nnames;
	const char **excludes;	/* globs */
	size_t nexcludes;
	unsigned int classes;	/* bit per enum netobs_class; 0: every class */
	const char **kinds;	/* --kind arguments as given: "veth,bridge" */
	size_t nkinds;
	unsigned int roles;	/* --role: bit per netobs_role_name() index; 0: any */
};

/* Validation limits, so bad input fails fast and clearly. */
#define FILTER_PATTERN_MAX 255
#define FILTER_KIND_MAX 31

bool filter_match(const struct filter *f, const struct netobs_device *dev);
/* The index of role NAME among netobs_role_name()'s, -1 when unknown. */
int filter_role_index(const char *name);
/* Prints "netobs: no such device: X" for every plain name (not a glob)
 * absent from SNAP, then the closest present name and those present;
 * returns -ENODEV when there was one. */
int filter_check_named(const struct filter *f, const struct netobs_snapshot *snap);
/* Prints a "note:" for every glob among the names that matches no device
 * of SNAP, and one for the --kind entries no device has, listing the kinds
 * there are.  Not an error: a selection may well be empty. */
void filter_note_unmatched(const struct filter *f, const struct netobs_snapshot *snap);
/* 1 when S has fnmatch(3) special characters. */
bool filter_is_glob(const char *s);
/* Checks a device argument or --exclude pattern; NULL when fine, else why. */
const char *filter_pattern_problem(const char *s);
/* Checks a --kind entry ([a-z0-9_-]+, at most FILTER_KIND_MAX bytes). */
bool filter_kind_valid(const char *s, size_t len);
/* Appends S to a growing array; -ENOMEM. */
int filter_push(const char ***arr, size_t *n, const char *s);
void filter_free(struct filter *f);

/* ---- options.c ----------------------------------------------------------- */

struct cli_opts {
	enum cli_command cmd;
	const struct cli_format *fmt; /* NULL: the command's default */
	unsigned int sections;	/* enum cli_section */
	const char *textfile;	/* --textfile PATH */
	unsigned int metrics;	/* --metrics: enum prom_group bits */
	bool metrics_set;	/* --metrics was given */
	const char *root;	/* --root DIR, NULL: the live host */
	const char *netns;	/* --netns NAME|pid:PID|PATH, NULL: our own */
	bool all_netns;		/* --all-netns */
	enum netobs_source source;
	double interval;	/* watch -i, seconds */
	unsigned long count;	/* watch -c, 0: until interrupted */
	bool bytes;		/* rates in bytes/s (IEC) instead of bits/s (SI) */
	bool raw;		/* exact integers, no prefixes */
	bool quiet;		/* no "warning:" lines */
	bool strict;		/* any warning makes the exit status 1 */
	bool all;		/* stack, sockets --all: every counter or socket */
	bool active;		/* watch --active: only devices with traffic,
				 * drops or errors */
	const char *captures[2]; /* doctor BEFORE AFTER; show --capture FILE */
	struct filter filter;
};

#define CLI_INTERVAL_MIN 0.01
#define CLI_INTERVAL_MAX 86400.0
#define CLI_COUNT_MAX 2147483647UL

enum cli_parse {
	CLI_PARSE_RUN,	/* go on with the command */
	CLI_PARSE_DONE,	/* --help or --version printed: exit 0 */
	CLI_PARSE_USAGE, /* a usage error was printed: exit 2 */
	CLI_PARSE_NOMEM,
};

enum cli_parse options_parse(struct cli_opts *o, int argc, char **argv);
void options_free(struct cli_opts *o);

/* ---- capture.c, doctor.c, doctor_out.c: netobs doctor --------------------- */

/* Reads a capture (netobs show --json) into a new snapshot; prints why
 * not and returns a negative errno. */
int capture_read(struct netobs_snapshot **out, const char *path);
int doctor_run(struct netobs_ctx *ctx, const struct cli_opts *o);
/* A layer's verdict over the findings the device filters keep. */
enum netobs_verdict doctor_layer_verdict(const struct cli_opts *o,
					 const struct netobs_snapshot *snap,
					 const struct netobs_layer *l);
/* The next finding at or after *I that the filters keep; *I moves past it. */
const struct netobs_finding *doctor_first_shown(const struct cli_opts *o,
						const struct netobs_snapshot *snap,
						const struct netobs_layer *l, size_t *i);
/* DROPS: the drop reasons over the same interval, NULL with DROPS_WHY
 * saying why they are unavailable. */
int doctor_print(const struct cli_opts *o, const struct netobs_snapshot *snap,
		 const struct netobs_diagnosis *d, double secs, enum netobs_verdict verdict,
		 const struct netobs_drop_counts *drops, const char *drops_why);

/* ---- help.c -------------------------------------------------------------- */

struct out;

/* The --help text of COMMAND ("watch"); NULL or unknown: the global one. */
void help_write(struct out *out, const char *command);

/* ---- outbuf.c ------------------------------------------------------------ */

/* Text being written.  FD >= 0: flushed there whenever it passes 64 KiB
 * and by out_flush(); FD < 0: kept whole in memory.  The first error sticks
 * in ERR (negative errno) and later writes are dropped. */
struct out {
	char *buf;
	size_t len, cap;
	int fd;
	int err;
};

void out_init(struct out *o, int fd);
void out_free(struct out *o);
/* Empties the buffer keeping its memory (watch reuses it every tick). */
void out_reset(struct out *o);
void out_write_slow(struct out *o, const char *data, size_t len);
void out_str(struct out *o, const char *s);

/* A buffer with a fd is flushed once it holds this much. */
#define OUT_FLUSH_AT 65536

/* Inline while there is room and no flush is due (JSON writes ~400,000
 * small pieces per watch tick at 4001 devices); else out_write_slow(). */
static inline void out_write(struct out *o, const char *data, size_t len)
{
	if (o->err == 0 && len < o->cap - o->len && (o->fd < 0 || o->len + len < OUT_FLUSH_AT)) {
		memcpy(o->buf + o->len, data, len);
		o->len += len;
		return;
	}
	out_write_slow(o, data, len);
}

static inline void out_char(struct out *o, char c)
{
	out_write(o, &c, 1);
}
void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_u64(struct out *o, uint64_t v);
void out_i64(struct out *o, int64_t v);
void out_spaces(struct out *o, size_t n);
/* For writers that fill the buffer themselves: room for at least MIN bytes
 * at the end (*AVAIL, may be NULL, gets all there is), NULL after an error;
 * then out_commit() of what was written there, which may flush. */
char *out_space(struct out *o, size_t min, size_t *avail);
/* Writes everything buffered to the fd; 0 or the sticky error. */
int out_flush(struct out *o);
static inline void out_commit(struct out *o, size_t n)
{
	o->len += n;
	if (o->fd >= 0 && o->len >= OUT_FLUSH_AT)
		out_flush(o);
}
/* out_space() without *AVAIL, inline while there is room. */
static inline char *out_room(struct out *o, size_t min)
{
	if (o->err == 0 && min < o->cap - o->len)
		return o->buf + o->len;
	return out_space(o, min, NULL);
}
/* ---- escape.c ------------------------------------------------------------ */

/* S with every byte outside printable ASCII as \xHH, and '\' as "\\": safe
 * on a terminal and unambiguous.  For tables and stderr. */
void out_escaped(struct out *o, const char *s);
/* out_escaped() then spaces up to WIDTH columns (left-aligned). */
void out_escaped_pad(struct out *o, const char *s, size_t width);
/* out_escaped() into BUF, cut to fit SIZE (a terminal cell). */
const char *escape_str(char *buf, size_t size, const char *s);
/* Columns out_escaped() takes for S. */
size_t escaped_width(const char *s);

/* S as a JSON string literal, quotes included: byte for byte what cJSON
 * prints for json_text(S) (bytes outside well-formed UTF-8 as U+FFFD). */
void out_json_string(struct out *o, const char *s);
/* The same at Q, which has room for JSON_STRING_MAX(strlen(S)) bytes;
 * returns the end. */
char *json_string_at(char *q, const char *s);
#define JSON_STRING_MAX(len) (6 * (len) + 2) /* every byte \u00XX */
/* Prints "netobs: " MSG (escaped) to stderr; for messages holding device
 * names or library text.  PREFIX may be NULL, e.g. "warning: ". */
void cli_error(const char *prefix, const char *msg);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Length of the well-formed UTF-8 sequence at S (at most N bytes): 1 to 4,
 * or 0 when S does not start one (overlong, surrogate, truncated, ...). */
size_t utf8_sequence(const unsigned char *s, size_t n);

/* ---- units.c ------------------------------------------------------------- */

#define UNITS_BUFSIZ 32

/* A rate of BYTES_PER_SEC: "12.3 Mbit/s" (SI bits), with --bytes
 * "12.3 MiB/s" (IEC bytes), with --raw "12300000.00" (bits or bytes). */
const char *units_byte_rate(char buf[UNITS_BUFSIZ], double bytes_per_sec,
			    const struct cli_opts *o);
/* The same without the unit, for key=value lines: "12.3M" (bits) or "12.3Mi"
 * (--bytes). */
const char *units_byte_rate_bare(char buf[UNITS_BUFSIZ], double bytes_per_sec,
				 const struct cli_opts *o);
/* A rate of things (packets, errors): "12.3k", with --raw "12300.00". */
const char *units_count_rate(char buf[UNITS_BUFSIZ], double per_sec, const struct cli_opts *o);
/* A total in bytes: "1.50 GiB", with --raw "1610612736". */
const char *units_bytes(char buf[UNITS_BUFSIZ], uint64_t bytes, const struct cli_opts *o);
/* A link speed in bits/s: "10.0 Gbit/s", with --raw "10000000000". */
const char *units_bits(char buf[UNITS_BUFSIZ], uint64_t bits, const struct cli_opts *o);
/* An exact unsigned integer. */
const char *units_u64(char buf[UNITS_BUFSIZ], uint64_t v);
/* The same into BUF (at least 22 bytes, e.g. UNITS_BUFSIZ), returning the
 * length; and a signed one. */
size_t units_fmt_u64(char *buf, uint64_t v);
size_t units_fmt_i64(char *buf, int64_t v);
/* snprintf(BUF, SIZE, "%.*f", DECIMALS, V), same text and return, faster
 * for the rates JSON writes. */
size_t units_fmt_fixed(char *buf, size_t size, double v, int decimals);

/* RFC 3339 in UTC with milliseconds: "2024-05-01T10:00:01.123Z". */
const char *units_rfc3339(char buf[UNITS_BUFSIZ], const struct timespec *realtime);
double units_seconds(const struct timespec *t);
/* The host netobs runs on (never NULL). */
const char *units_hostname(char *buf, size_t size);

/* ---- json.c -------------------------------------------------------------- */

struct json_chunk;

/* How the values written through struct jw reach the text (json.c says
 * why there are two): straight into the output, or as cJSON trees printed
 * one value at a time; JSON_BOTH (a test's NETOBS_JSON_WRITER=both) writes
 * each document both ways and fails when their bytes differ. */
enum json_writer {
	JSON_DIRECT,
	JSON_CJSON,
	JSON_BOTH,
};

/* JSON output.  Values built as cJSON trees allocate from an arena of kept
 * chunks, reset after each value is printed, so after the first samples
 * watch allocates nothing.  Only one struct json may be live at a time:
 * cJSON's allocation hooks are process-wide. */
/* A key as the direct path writes it, "KEY": (json_write.c). */
struct json_key {
	const char *key;	/* NULL: a free slot */
	unsigned short off;	/* in json.keytext */
	unsigned char len;
};
#define JSON_KEYS 512		/* a power of 2; ~150 distinct keys today */
#define JSON_KEYTEXT 8192

struct json {
	struct out *out;
	struct json_chunk *head, *cur, *tail;
	bool nomem;		/* an arena allocation failed */
	bool tree;		/* struct jw builds cJSON trees (JSON_CJSON) */
	enum json_writer writer;
	/* Keys escaped once, found by address: no allocation, no strlen. */
	struct json_key keys[JSON_KEYS];
	char keytext[JSON_KEYTEXT + 32]; /* + 32: copied 32 bytes at a time */
	size_t keyused;
};

/* json_arena.c: installs the hooks; OUT gets the text. */
void json_init(struct json *j, struct out *out);
/* Frees the arena and gives cJSON back malloc and free. */
void json_free(struct json *j);
/* cJSON's malloc: from the live struct json's arena; NULL sets its nomem. */
void *json_arena_alloc(size_t size);
/* Every allocation since the last reset is free again. */
void json_arena_reset(struct json *j);
/* The one-shot document: {"time", "host", "source", "sections",
 * "warnings", "devices", ...}.  CTX gives the warnings. */
void json_print_snapshot(struct json *j, const struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap, const struct cli_opts *o);
/* One NDJSON line of watch: the snapshot's shapes plus rates and flags. */
void json_print_sample(struct json *j, const struct netobs_ctx *ctx,
		       const struct netobs_diff *diff, const struct netobs_snapshot *newer,
		       const struct cli_opts *o);

/* json_write.c: values (NULL from a failed allocation is reported when
 * printed), and the streamed top-level object and its arrays. */
struct cJSON;
struct cJSON *json_text(const char *s);	/* borrowed; null for NULL */
struct cJSON *json_text_copy(const char *s); /* owned; bad bytes as '?' */
struct cJSON *json_u64(uint64_t v);
struct cJSON *json_i64(int64_t v);
/* NULL for NaN or an infinity: the caller leaves the member out. */
struct cJSON *json_fixed(double v, int decimals);
void json_add(struct cJSON *obj, const char *key, struct cJSON *item); /* KEY constant */
/* DOC's text on one line and a newline into OUT; DOC is deleted.  0 or
 * -ENOMEM. */
int json_print_line(struct out *out, struct cJSON *doc);
void json_add_u32_or_null(struct cJSON *obj, const char *key, int err, uint32_t v);
void json_print_value(struct json *j, struct cJSON *item);
void json_punct(struct json *j, const char *s);
void json_member_key(struct json *j, const char *key, bool first);
void json_member(struct json *j, const char *key, struct cJSON *value);
/* ,"KEY":[ then elements with commas between, then ]. */
struct json_list {
	struct json *j;
	bool first;
};
void json_list_open(struct json_list *l, struct json *j, const char *key);
void json_list_item(struct json_list *l, struct cJSON *item);
void json_list_close(struct json_list *l);
/* One JSON value written member by member, after json_member_key() or
 * json_list_next(): into the output as it goes, or (j->tree) into a cJSON
 * tree that jw_end() prints.  The builders call only these, so both paths
 * write the same keys in the same order.  KEY is NULL for an array element
 * or the value itself, else a string of static storage (a literal, or a
 * name from the library's tables): the direct path keeps it escaped, found
 * by its address. */
#define JW_DEPTH 8
struct jw {
	struct json *j;
	struct cJSON *root, *node[JW_DEPTH]; /* the tree path */
	char close[JW_DEPTH];	/* the direct path: '}' or ']' per open level */
	bool more[JW_DEPTH];	/* the direct path: a member written at this level */
	unsigned int depth;
};
void jw_begin(struct jw *w, struct json *j);
void jw_end(struct jw *w);
void jw_object(struct jw *w, const char *key);
void jw_array(struct jw *w, const char *key);
void jw_close(struct jw *w);	/* the innermost open object or array */
void jw_str(struct jw *w, const char *key, const char *s); /* null for NULL */
void jw_u64(struct jw *w, const char *key, uint64_t v);
void jw_i64(struct jw *w, const char *key, int64_t v);
/* Left out for NaN or an infinity, which JSON cannot hold. */
void jw_fixed(struct jw *w, const char *key, double v, int decimals);
void jw_bool(struct jw *w, const char *key, bool v);
void jw_null(struct jw *w, const char *key);
/* jw_u64() / jw_fixed() of N members, KEYS[i]: VALS[i], in that order,
 * with one room check for them all (at most JW_BATCH_MAX of them). */
#define JW_BATCH_MAX 64
void jw_u64s(struct jw *w, const char *const *keys, const uint64_t *vals, size_t n);
void jw_fixeds(struct jw *w, const char *const *keys, const double *vals, size_t n,
	       int decimals);
/* The comma before an element after the first (then jw_begin()). */
void json_list_next(struct json_list *l);
/* json_sections.c: "sections": {NAME: {"ok", "scope"}}, and "warnings":
 * [{"section", "file", "line", "message"}]. */
void json_print_sections(struct json *j, const struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap);
/* The NDJSON line of a sample watch could not take: {"time", "host",
 * "skipped": WHY}. */
void json_print_skipped(struct json *j, const struct timespec *realtime, const char *why);

/* ---- prom.c -------------------------------------------------------------- */

/* The label block {device="...",class="...",kind="..."} of every selected
 * device, escaped once per snapshot: each of a device's ~30 families repeats
 * it.  Kept between calls so watch --textfile allocates nothing per tick. */
struct prom {
	const struct netobs_device **devs;
	size_t *end;		/* block I is labels.buf[end[I - 1] .. end[I]) */
	size_t ndevs, cap;
	struct out labels;
};

/* --metrics groups (prom_metrics.c): which families are written. */
enum prom_group {
	PROM_GROUP_CORE = 1 << 0,	/* device identity, state, traffic */
	PROM_GROUP_ERRORS = 1 << 1,	/* rx_errors, tx_errors */
	PROM_GROUP_DROPS = 1 << 2,	/* the five device drop counters */
	PROM_GROUP_DETAILS = 1 << 3,	/* errors by cause, compressed */
	PROM_GROUP_SOFTNET = 1 << 4,
	PROM_GROUP_SOFTIRQ = 1 << 5,
	PROM_GROUP_SYSCTL = 1 << 6,
	PROM_GROUP_QDISC = 1 << 7,
	PROM_GROUP_SOCKETS = 1 << 8,
	PROM_GROUP_STACK = 1 << 9,	/* protocol drop and error counters */
	PROM_GROUP_STACK_EXTRA = 1 << 10, /* every other protocol counter */
};
#define PROM_GROUPS_ALL ((1u << 11) - 1)
#define PROM_GROUPS_DEFAULT                                                              \
	(PROM_GROUP_CORE | PROM_GROUP_ERRORS | PROM_GROUP_DROPS | PROM_GROUP_SOFTNET |  \
	 PROM_GROUP_SYSCTL | PROM_GROUP_QDISC | PROM_GROUP_SOCKETS | PROM_GROUP_STACK)

/* NULL when LIST parses into *OUT, else why (*BAD: the entry). */
const char *prom_metrics_parse(const char *list, unsigned int *out, const char **bad);

/* prom_help.c: a device counter's HELP and group; one this table lacks
 * gets a generated text in BUF through FALLBACK. */
struct prom_counter_help {
	unsigned int group;
	const char *help;
};
const struct prom_counter_help *prom_counter_help(enum netobs_counter c, char *buf, size_t size,
						  struct prom_counter_help *fallback);
const char *prom_tunable_help(enum netobs_tunable t, char *buf, size_t size);

void prom_init(struct prom *p);
void prom_free(struct prom *p);
/* The Prometheus text of SNAP's sections in OUT; SCRAPE_SECONDS is how long
 * the snapshot took. */
void prom_print(struct prom *p, struct out *out, const struct netobs_snapshot *snap,
		const struct cli_opts *o, double scrape_seconds);

/* Writes KEY="VALUE" (escaped), with a comma before all but the first. */
void prom_label_pair(struct out *o, const char *key, const char *value, bool first);

/* ---- allnetns.c: --all-netns, every namespace in one report ------------------ */

struct allnetns_entry {
	struct netobs_ctx *ctx;		/* [0]: the caller's (the host's) */
	struct netobs_snapshot *snap;
	const struct netobs_netns *ns;	/* in the host's snapshot; NULL unknown */
};

struct allnetns {
	struct netobs_snapshot *host;	/* lists every namespace */
	double seconds;			/* the host snapshot's */
	struct allnetns_entry *entries;	/* the host's first */
	size_t n;
};

/* Reads the host (its context HOST) and every other namespace; prints why
 * on failure.  0, or a negative errno. */
int allnetns_read(struct allnetns *a, struct netobs_ctx *host, const struct cli_opts *o);
void allnetns_free(struct allnetns *a);
/* "RUNTIME/NAME" into BUF, "" for no container (NS may be NULL). */
const char *allnetns_container(const struct netobs_netns *ns, char *buf, size_t size);
/* One exposition into OUT, every namespace's series labelled. */
void allnetns_prom(const struct allnetns *a, const struct cli_opts *o, struct out *out);
/* The formats' print_namespaces: one JSON document (the host's, with
 * "namespaces"), that exposition on stdout, and S's format's snapshot print
 * once per namespace under a "netns INODE (NAME) container C" heading. */
int allnetns_json(struct cli_sink *s, const struct allnetns *a);
int allnetns_prom_stdout(struct cli_sink *s, const struct allnetns *a);
int allnetns_table(struct cli_sink *s, const struct allnetns *a);

/* prom_merge.c: several expositions as one (see there). */
struct merge_family;
struct prom_merge {
	struct merge_family *fams;
	size_t n, cap, last;
};
/* TEXT of LEN bytes: LABELS (NUL-terminated 'k="v",...') go first in each
 * sample; NULL: host-wide samples, which own their families. */
void prom_merge_add(struct prom_merge *m, const char *text, size_t len, const char *labels);
void prom_merge_write(const struct prom_merge *m, struct out *out);
void prom_merge_free(struct prom_merge *m);

/* ---- netns_out.c: devices with a peer in another namespace, its container -- */

/* "peers": [...] of the selected devices whose peer is elsewhere. */
void netns_peers_json(struct json *j, const struct netobs_snapshot *snap, const struct filter *f);
/* netobs_device_peer_info series of the same devices. */
void netns_peers_prom(struct out *out, const struct netobs_snapshot *snap, const struct filter *f);

/* ---- qdisc_out.c: the qdiscs section in every format ----------------------- */

struct cli_sample;
/* Q is shown when its device passes F (any, unfiltered, when unknown). */
bool qdisc_selected(const struct filter *f, const struct netobs_snapshot *snap,
		    const struct netobs_qdisc *q);
void qdisc_table(struct out *out, const struct netobs_snapshot *snap, const struct cli_opts *o);
/* show's one line: the qdiscs with drops. */
void qdisc_show_line(struct out *out, const struct netobs_snapshot *snap,
		     const struct cli_opts *o);
/* "qdiscs": [...] */
void qdisc_json(struct json *j, const struct netobs_snapshot *snap, const struct filter *f);
void qdisc_prom(struct out *out, const struct netobs_snapshot *snap, const struct filter *f);
/* Watch: a line per qdisc that dropped; the screen's row text (0: none). */
void qdisc_lines(struct out *out, const char *when, const struct cli_sample *smp,
		 const struct cli_opts *o);
size_t qdisc_screen_text(char *buf, size_t size, const struct cli_sample *smp,
			 const struct cli_opts *o);
/* The screen's section lines, one per section (screen.c). */
void qdisc_screen(struct out *line, const struct cli_sample *smp, const struct cli_opts *o);
void stack_screen(struct out *line, const struct cli_sample *smp, const struct cli_opts *o);
size_t qdisc_dropping(const struct cli_sample *smp, const struct filter *f,
		      void (*fn)(void *arg, const struct netobs_qdisc *q, double rate), void *arg);

/* ---- textfile.c ---------------------------------------------------------- */

/* Atomic replacement of a file: textfile_open() checks the target and
 * creates the temporary (mode 0644) whose fd is FD; the caller writes it;
 * textfile_commit() flushes it to disk and renames it over the target.  On
 * any failure (commit's too) the target is untouched, the temporary removed,
 * and WHY says which step failed.  Every open ends with commit or abort. */
struct textfile {
	const char *path;
	char dir[4096];
	const char *base;	/* the target's name within DIR */
	char temp[4096];	/* the temporary's name within DIR, "" when none */
	int dirfd;
	int fd;
	char *why;
	size_t why_size;
};

int textfile_open(struct textfile *t, const char *path, char *why, size_t why_size);
/* ERR: 0, or how writing the temporary failed (negative errno). */
int textfile_commit(struct textfile *t, int err);
void textfile_abort(struct textfile *t);

/* ---- term.c -------------------------------------------------------------- */

struct term {
	bool active;		/* in the alternate screen */
	bool keys;		/* stdin is a terminal we read q from */
	struct termios saved;
	int rows, cols;
};

/* Writes S to stdout now, past any buffer (escape sequences). */
void tty_write(const char *s);
/* The window's size, 24x80 when unknown. */
void term_size(struct term *t);
/* Alternate screen, no cursor, keys without Enter and without echo. */
void term_enter(struct term *t);
/* Back to the shell's screen and modes; nothing when not entered. */
void term_leave(struct term *t);

/* ---- format.c: the output formats ---------------------------------------- */

/* What watch hands a format every interval. */
struct cli_sample {
	const struct netobs_snapshot *snap; /* the newest good one */
	const struct netobs_diff *diff;	/* NULL until there are two */
	bool stale;		/* a skipped sample left DIFF unreadable until
				 * the next good one */
};

/* An output being written: its format and the state the hooks share. */
struct cli_sink {
	const struct cli_format *fmt;
	const struct cli_opts *o;
	const struct netobs_ctx *ctx; /* its warnings go into JSON */
	struct out out;		/* stdout, unless the format says otherwise */
	struct json json;	/* json */
	struct prom prom;	/* prom, textfile */
	struct term term;	/* screen */
	struct screen *screen;	/* screen: what the operator chose (keys) */
	char warning[512];	/* watch: the warning shown or last printed */
	char host[256];		/* screen */
};

/* What keys ask of watch. */
enum cli_key {
	CLI_KEY_NONE,
	CLI_KEY_REDRAW,		/* the same sample, drawn again */
	CLI_KEY_QUIT,
};

/* The hooks return 0, -EPIPE when the reader went away (a normal end), or
 * another negative errno once they have reported the failure.  Every hook
 * but the prints may be NULL. */
struct cli_format {
	const char *name;
	/* Why watch refuses this format (a usage error); NULL: it takes it. */
	const char *no_watch;
	/* Warnings go into the output itself, not to stderr (watch). */
	bool shows_warnings;
	void (*begin)(struct cli_sink *s);
	/* One snapshot: the one-shot commands; in watch, every snapshot of a
	 * format without print_sample.  NULL: watch only. */
	int (*print_snapshot)(struct cli_sink *s, const struct netobs_snapshot *snap,
			      double scrape_seconds);
	/* --all-netns: every namespace of A in one report.  NULL: the
	 * format cannot hold several namespaces (watch's). */
	int (*print_namespaces)(struct cli_sink *s, const struct allnetns *a);
	/* Watch: every sample, and first the first snapshot without a diff. */
	int (*print_sample)(struct cli_sink *s, const struct cli_sample *smp);
	/* Watch: a sample the library could not take; NULL: a warning on
	 * stderr unless --quiet. */
	int (*print_skipped)(struct cli_sink *s, const char *why);
	/* Watch: keys the operator typed (N bytes); NULL: q quits. */
	enum cli_key (*keys)(struct cli_sink *s, const char *keys, size_t n);
	void (*end)(struct cli_sink *s);
};

extern const struct cli_format cli_format_table, cli_format_json, cli_format_prom,
	cli_format_textfile, cli_format_screen, cli_format_lines;

/* The format named NAME, or NULL. */
const struct cli_format *cli_format_find(const char *name);
/* The format O asks for, else the command's default. */
const struct cli_format *cli_format_pick(const struct cli_opts *o);
void cli_sink_begin(struct cli_sink *s, const struct cli_format *fmt, const struct cli_opts *o,
		    const struct netobs_ctx *ctx);
void cli_sink_end(struct cli_sink *s);
/* out_flush() of the sink's buffer, reporting a failure other than EPIPE. */
int cli_sink_flush(struct cli_sink *s);
/* The default print_skipped. */
int cli_sink_warn_skipped(struct cli_sink *s, const char *why);

/* ---- sample.c ------------------------------------------------------------ */

/* The rates the screen and the lines show, bytes first, trouble last. */
#define CLI_NRATES 8
#define CLI_RATE_IS_BYTES(i) ((i) < 2)
#define CLI_RATE_IS_TROUBLE(i) ((i) >= 4) /* errors and drops */
extern const enum netobs_counter cli_rate_counters[CLI_NRATES];

/* The two figures every text format shows per device, so no loss hides:
 * drops sums the counters the kernel keeps apart for packets it dropped
 * (rx_dropped, tx_dropped, rx_missed_errors, rx_nohandler,
 * rx_otherhost_dropped); errors is rx_errors + tx_errors, which by the
 * rules of rtnl_link_stats64 already hold the FIFO, overrun, CRC, frame,
 * length, aborted, carrier, heartbeat and window counters.  Per second;
 * NAN when the device has none of them. */
double cli_drops_rate(const struct netobs_diff *diff, const struct netobs_device *dev);
double cli_errors_rate(const struct netobs_diff *diff, const struct netobs_device *dev);
/* No traffic, drops nor errors in the sample (a device without rates is
 * not idle: it is new or gone). */
bool cli_device_idle(const struct netobs_diff *diff, const struct netobs_device *dev,
		     unsigned int status);

/* Why a device with STATUS has no rates ("gone", "new", ...), or NULL. */
const char *cli_no_rates_why(unsigned int status);

/* DEV is NULL for a named device that is missing: only NAME is known. */
typedef void (*cli_device_fn)(void *arg, const struct netobs_device *dev, const char *name,
			      unsigned int status);
/* The sample's devices that FLT selects, those gone since the snapshot
 * before, and the named ones still missing; FN may be NULL.  Returns the
 * count. */
size_t cli_sample_devices(const struct cli_sample *smp, const struct filter *flt,
			  cli_device_fn fn, void *arg);

/* ---- stack_out.c: netobs stack, the protocol counters ------------------- */

/* A counter (not a gauge) whose name says lost or failed work. */
bool stack_is_trouble(const struct netobs_proto_counter *c);
/* The table of netobs stack; the one-line summary under show's table. */
void stack_table(struct out *out, const struct netobs_snapshot *snap, const struct cli_opts *o);
void stack_summary(struct out *out, const struct netobs_snapshot *snap);
/* The one-shot document's "stack" member; the Prometheus families. */
void stack_json(struct json *j, const struct netobs_snapshot *snap);
/* Watch NDJSON: "stack_rates", the counters that moved, per second. */
void stack_json_rates(struct json *j, const struct netobs_diff *diff,
		      const struct netobs_snapshot *snap);
void stack_prom(struct out *out, const struct netobs_snapshot *snap, unsigned int groups);
/* Watch: the drop rates as one line of text into LINE (the screen's
 * wording when SCREEN, else key=value for the pipe), "stack:" first. */
const char *stack_rates_text(char *line, size_t size, const struct netobs_diff *diff,
			     const struct cli_opts *o, bool screen);

/* ---- watch.c ------------------------------------------------------------- */

/* Runs netobs watch; returns the exit status. */
int watch_run(struct netobs_ctx *ctx, const struct cli_opts *o);

/* ---- snapshot.c ---------------------------------------------------------- */

/* Takes *SNAP (allocated when NULL, else refreshed); SECONDS (may be NULL)
 * gets how long it took.  Prints nothing: see cli_snapshot_error(). */
int cli_snapshot(struct netobs_snapshot **snap, struct netobs_ctx *ctx, double *seconds);
/* Prints why the snapshot failed: the library's message, else ERR's text. */
void cli_snapshot_error(const struct netobs_ctx *ctx, int err);
/* CLI_EXIT_RUNTIME under --strict when CTX holds warnings, else CLI_EXIT_OK. */
int cli_strict_status(const struct netobs_ctx *ctx, const struct cli_opts *o);
/* The warnings joined by "; " into BUF, whole ones only, then "... and N
 * more" for those that did not fit. */
const char *cli_warnings_join(const struct netobs_ctx *ctx, char *buf, size_t size);
/* Prints the snapshot's warnings as one "netobs: warning: " line unless
 * --quiet.  LAST (LAST_SIZE bytes, may be NULL) holds the previous text, so
 * watch repeats a warning only when it changes. */
void cli_warnings(const struct netobs_ctx *ctx, const struct cli_opts *o, char *last,
		  size_t last_size);

/* ---- sockets_out.c ------------------------------------------------------- */

/* The sockets section in each format (see netobs(1)). */
void sockets_table(struct out *out, const struct netobs_snapshot *snap, const struct cli_opts *o);
void sockets_summary(struct out *out, const struct netobs_snapshot *snap);
void sockets_json(struct json *j, const struct netobs_snapshot *snap);
void sockets_prom(struct out *out, const struct netobs_snapshot *snap);
/* The screen's sockets line: "sockets: 2 dropping 12.0/s: udp ..." (no
 * newline).  Each section with drops has one such function, called by
 * screen.c's table of section lines. */
void sockets_screen(struct out *line, const struct cli_sample *smp, const struct cli_opts *o);
void sockets_lines(struct out *out, const char *when, const struct netobs_diff *diff,
		   const struct netobs_snapshot *snap, const struct cli_opts *o);

/* ---- drops.c, drops_out.c: netobs drops ---------------------------------- */

struct cJSON;

int drops_run(struct netobs_ctx *ctx, const struct cli_opts *o);
/* One interval's counts in O's format (text, NDJSON line, Prometheus). */
int drops_print(struct out *out, const struct cli_opts *o, const struct netobs_drop_counts *c,
		const struct timespec *end);
/* For doctor: the counts as a JSON object, or {"available": false, "why"}
 * when C is NULL; and as a text paragraph. */
struct cJSON *drops_json(const struct netobs_drop_counts *c, const char *unavailable);
void drops_doctor_text(struct out *out, const struct netobs_drop_counts *c,
		       const char *unavailable);

#endif /* NETOBS_CLI_H */
