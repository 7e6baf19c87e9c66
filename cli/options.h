/* SPDX-License-Identifier: MIT */
/*
 * What every part of netobs(1) shares: exit statuses, commands, the
 * sections a command reports, the device filter and the parsed options.
 */
#ifndef NETOBS_CLI_OPTIONS_H
#define NETOBS_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <netobs.h>

struct cli_format;

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
	/* doctor --plugin: the monitoring-plugins guidelines' own codes. */
	CLI_EXIT_PLUGIN_UNKNOWN = 3,
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

/* What a command reports: show has both, devices the first, softnet the
 * second.  The JSON document and the Prometheus text follow the same split.
 * (Not "enum cli_section": that tag is sections.h's struct, one per section.) */
enum cli_section_bit {
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
	unsigned int sections;	/* enum cli_section_bit */
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
	bool plugin;		/* doctor --plugin: monitoring-plugins output, 0-3 */
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

#endif /* NETOBS_CLI_OPTIONS_H */
