/* SPDX-License-Identifier: MIT */
/*
 * The command line: argv -> struct cli_opts.  Every mistake is a usage
 * error (exit 2) with a message naming what was wrong; nothing here can
 * hang, whatever the input.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "format.h"
#include "options.h"
#include "text.h"
#include "textfile.h"

enum {
	OPT_JSON = 256,
	OPT_PROM,
	OPT_TEXTFILE,
	OPT_BYTES,
	OPT_RAW,
	OPT_ROOT,
	OPT_SOURCE,
	OPT_CLASS,
	OPT_KIND,
	OPT_EXCLUDE,
	OPT_VERSION,
	OPT_STRICT,
	OPT_PLUGIN,
	OPT_ALL,
	OPT_ACTIVE,
	OPT_CAPTURE,
	OPT_METRICS,
	OPT_NETNS,
	OPT_ROLE,
	OPT_ALL_NETNS,
};

static const struct option long_options[] = {
	{ "interval", required_argument, NULL, 'i' },
	{ "count", required_argument, NULL, 'c' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "prom", no_argument, NULL, OPT_PROM },
	{ "textfile", required_argument, NULL, OPT_TEXTFILE },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "bytes", no_argument, NULL, OPT_BYTES },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "plugin", no_argument, NULL, OPT_PLUGIN },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "active", no_argument, NULL, OPT_ACTIVE },
	{ "capture", required_argument, NULL, OPT_CAPTURE },
	{ "netns", required_argument, NULL, OPT_NETNS },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "all-netns", no_argument, NULL, OPT_ALL_NETNS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Prints "netobs: WHAT[: VALUE]" and the hint; VALUE is escaped. */
static enum cli_parse usage(const char *what, const char *value)
{
	struct out e;

	out_init(&e, 2);
	out_str(&e, "netobs: ");
	out_str(&e, what);
	if (value) {
		out_str(&e, ": ");
		out_escaped(&e, *value ? value : "(empty)");
	}
	out_str(&e, "\nTry 'netobs --help' for more information.\n");
	out_flush(&e);
	out_free(&e);
	return CLI_PARSE_USAGE;
}

/* TEXT, or with TEXT NULL the help of COMMAND (NULL or unknown: all). */
static enum cli_parse print_stdout(const char *text, const char *command)
{
	struct out o;

	out_init(&o, 1);
	if (text)
		out_str(&o, text);
	else
		help_write(&o, command);
	out_flush(&o);
	out_free(&o);
	return CLI_PARSE_DONE;
}

static enum cli_parse parse_interval(struct cli_opts *o, const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0')
		return usage("interval is not a number of seconds", s);
	if (!isfinite(v) || errno == ERANGE || v < CLI_INTERVAL_MIN || v > CLI_INTERVAL_MAX)
		return usage("interval must be between 0.01 and 86400 seconds", s);
	o->interval = v;
	return CLI_PARSE_RUN;
}

static enum cli_parse parse_count(struct cli_opts *o, const char *s)
{
	unsigned long v;
	size_t len = strspn(s, "0123456789");

	if (len == 0 || s[len] != '\0' || len > 10)
		return usage("count must be a whole number from 1 to 2147483647", s);
	v = strtoul(s, NULL, 10);
	if (v < 1 || v > CLI_COUNT_MAX)
		return usage("count must be a whole number from 1 to 2147483647", s);
	o->count = v;
	return CLI_PARSE_RUN;
}

/* "unknown WHAT (a, b, c)", the list from the library's NAME_OF(0, 1, ...)
 * up to its NULL, so that a new value cannot be left out. */
static enum cli_parse unknown_name(const char *what, const char *(*name_of)(unsigned int),
				   const char *name)
{
	char msg[512];
	const char *v;
	size_t n;
	unsigned int i;

	n = (size_t)snprintf(msg, sizeof(msg), "unknown %s (", what);
	for (i = 0; (v = name_of(i)) != NULL && n < sizeof(msg); i++)
		n += (size_t)snprintf(msg + n, sizeof(msg) - n, "%s%s", i ? ", " : "", v);
	if (n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, ")");
	return usage(msg, name);
}

static const char *class_name_at(unsigned int i)
{
	return netobs_class_name((enum netobs_class)i);
}

static enum cli_parse unknown_class(const char *name)
{
	return unknown_name("class", class_name_at, name);
}

/* "physical,loopback" -> class bits. */
static enum cli_parse parse_classes(struct cli_opts *o, const char *list)
{
	const char *p = list;
	enum netobs_class cls;
	char name[16];
	size_t len;

	for (;;) {
		len = strcspn(p, ",");
		if (len == 0)
			return usage("empty class in list", list);
		if (len >= sizeof(name))
			return unknown_class(list);
		memcpy(name, p, len);
		name[len] = '\0';
		if (netobs_class_from_name(name, &cls) < 0)
			return unknown_class(name);
		o->filter.classes |= 1u << cls;
		if (p[len] == '\0')
			return CLI_PARSE_RUN;
		p += len + 1;
	}
}

/* The set of kinds is open (every new kernel link type adds one), so any
 * well-formed word is accepted; a malformed one is surely a mistake. */
static enum cli_parse parse_kinds(struct cli_opts *o, const char *list)
{
	const char *p = list;
	size_t len;

	for (;;) {
		len = strcspn(p, ",");
		if (!filter_kind_valid(p, len))
			return usage("bad kind: expected words of a-z, 0-9, '_', '-'", list);
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	if (filter_push(&o->filter.kinds, &o->filter.nkinds, list) < 0)
		return CLI_PARSE_NOMEM;
	return CLI_PARSE_RUN;
}

static enum cli_parse parse_exclude(struct cli_opts *o, const char *glob)
{
	const char *problem = filter_pattern_problem(glob);

	if (problem)
		return usage(problem, glob);
	if (filter_push(&o->filter.excludes, &o->filter.nexcludes, glob) < 0)
		return CLI_PARSE_NOMEM;
	return CLI_PARSE_RUN;
}

/* node_exporter's textfile collector reads the directory's entries whose
 * name ends in ".prom" (strings.HasSuffix, case and all; a leading dot does
 * not hide one) and nothing else: any other name would be written in vain,
 * every interval, with no error anywhere. */
static bool collector_reads(const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t len = strlen(base);

	return len >= 5 && strcmp(base + len - 5, ".prom") == 0;
}

/* NAME is a row of the format table (format.c); PATH, --textfile's. */
static enum cli_parse set_format(struct cli_opts *o, const char *name, const char *path)
{
	const struct cli_format *fmt = cli_format_find(name);

	if (o->fmt && o->fmt != fmt)
		return usage("use only one of --json, --prom, --textfile", NULL);
	if (path && *path == '\0')
		return usage("--textfile needs a file name", NULL);
	if (path && !collector_reads(path))
		return usage("--textfile: node_exporter's textfile collector reads only files "
			     "named *.prom, and would ignore", path);
	o->fmt = fmt;
	if (path)
		o->textfile = path;
	return CLI_PARSE_RUN;
}

static enum cli_parse parse_metrics(struct cli_opts *o, const char *list)
{
	const char *bad, *why = prom_metrics_parse(list, &o->metrics, &bad);

	if (why)
		return usage(why, bad);
	o->metrics_set = true;
	return CLI_PARSE_RUN;
}

static enum cli_parse parse_source(struct cli_opts *o, const char *name)
{
	if (netobs_source_from_name(name, &o->source) < 0)
		return usage("unknown source (auto, netlink, sysfs, procfs)", name);
	return CLI_PARSE_RUN;
}

static enum cli_parse parse_root(struct cli_opts *o, const char *dir)
{
	if (*dir == '\0')
		return usage("--root needs a directory", NULL);
	o->root = dir;
	return CLI_PARSE_RUN;
}

static enum cli_parse unknown_role(const char *name)
{
	return unknown_name("role", netobs_role_name, name);
}

/* --role ROLE[,ROLE...]: roles are the library's table, so a typo fails. */
static enum cli_parse parse_roles(struct cli_opts *o, const char *list)
{
	const char *p = list;
	char name[32];
	size_t len;
	int i;

	for (;;) {
		len = strcspn(p, ",");
		if (len == 0)
			return usage("empty role in list", list);
		if (len >= sizeof(name))
			return unknown_role(list);
		memcpy(name, p, len);
		name[len] = '\0';
		i = filter_role_index(name);
		if (i < 0 || i >= 32)
			return unknown_role(name);
		o->filter.roles |= 1u << i;
		if (p[len] == '\0')
			return CLI_PARSE_RUN;
		p += len + 1;
	}
}

/* Whether the namespace exists is the library's to say, at setup. */
static enum cli_parse parse_netns(struct cli_opts *o, const char *netns)
{
	if (*netns == '\0')
		return usage("--netns needs a name, pid:PID or a path", NULL);
	o->netns = netns;
	return CLI_PARSE_RUN;
}

/* getopt's own messages are off (they name argv[0], which is a libtool
 * wrapper's path in the build tree); these name the option as typed. */
static enum cli_parse bad_option(int c, char **argv)
{
	const char *typed = argv[optind - 1];

	if (c == ':')
		return usage("option needs an argument", typed);
	if (optopt >= OPT_JSON || optopt == 'q' || optopt == 'h')
		return usage("option takes no argument", typed); /* --json=x */
	if (optopt && strncmp(typed, "--", 2) != 0) {
		char shortopt[3] = { '-', (char)optopt, '\0' };

		return usage("unknown option", shortopt);
	}
	return usage("unknown option", typed);
}

static enum cli_parse parse_option(struct cli_opts *o, int c, char **argv)
{
	switch (c) {
	case 'i': return parse_interval(o, optarg);
	case 'c': return parse_count(o, optarg);
	case 'q': o->quiet = true; return CLI_PARSE_RUN;
	case OPT_JSON: return set_format(o, "json", NULL);
	case OPT_PROM: return set_format(o, "prom", NULL);
	case OPT_TEXTFILE: return set_format(o, "textfile", optarg);
	case OPT_METRICS: return parse_metrics(o, optarg);
	case OPT_BYTES: o->bytes = true; return CLI_PARSE_RUN;
	case OPT_RAW: o->raw = true; return CLI_PARSE_RUN;
	case OPT_ROOT: return parse_root(o, optarg);
	case OPT_SOURCE: return parse_source(o, optarg);
	case OPT_CLASS: return parse_classes(o, optarg);
	case OPT_KIND: return parse_kinds(o, optarg);
	case OPT_EXCLUDE: return parse_exclude(o, optarg);
	case OPT_STRICT: o->strict = true; return CLI_PARSE_RUN;
	case OPT_PLUGIN: o->plugin = true; return CLI_PARSE_RUN;
	case OPT_ALL: o->all = true; return CLI_PARSE_RUN;
	case OPT_ACTIVE: o->active = true; return CLI_PARSE_RUN;
	case OPT_CAPTURE: o->captures[0] = optarg; return CLI_PARSE_RUN;
	case OPT_NETNS: return parse_netns(o, optarg);
	case OPT_ROLE: return parse_roles(o, optarg);
	case OPT_ALL_NETNS: o->all_netns = true; return CLI_PARSE_RUN;
	case OPT_VERSION: break;
	default: return bad_option(c, argv);
	}
	return CLI_PARSE_RUN;
}

static const struct {
	const char *name;
	enum cli_command cmd;
	unsigned int sections;
} commands[] = {
	{ "show", CLI_CMD_SHOW, CLI_SEC_DEVICES | CLI_SEC_CPUS | CLI_SEC_SOCKETS | CLI_SEC_QDISCS | CLI_SEC_STACK },
	{ "devices", CLI_CMD_DEVICES, CLI_SEC_DEVICES },
	{ "softnet", CLI_CMD_SOFTNET, CLI_SEC_CPUS },
	{ "watch", CLI_CMD_WATCH, CLI_SEC_DEVICES | CLI_SEC_CPUS | CLI_SEC_SOCKETS | CLI_SEC_QDISCS | CLI_SEC_STACK },
	{ "sockets", CLI_CMD_SOCKETS, CLI_SEC_SOCKETS | CLI_SEC_QDISCS },
	{ "qdisc", CLI_CMD_QDISC, CLI_SEC_QDISCS },
	{ "stack", CLI_CMD_STACK, CLI_SEC_STACK },
	{ "doctor", CLI_CMD_DOCTOR, CLI_SEC_DEVICES | CLI_SEC_CPUS | CLI_SEC_SOCKETS | CLI_SEC_QDISCS | CLI_SEC_STACK },
	{ "drops", CLI_CMD_DROPS, 0 },
};

static bool regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A word that can only be a file: an interface name holds no '/', and
 * one ending in ".json" would be odd; or an existing regular file. */
static bool file_word(const char *w)
{
	size_t n = strlen(w);

	return strchr(w, '/') || (n > 5 && strcmp(w + n - 5, ".json") == 0) || regular_file(w);
}

/* doctor BEFORE AFTER: two words that are both files are captures, even
 * missing ones, so that the error says the file cannot be read. */
static bool doctor_captures(struct cli_opts *o, int argc, char **argv)
{
	if (o->cmd != CLI_CMD_DOCTOR || argc - optind != 2 || !file_word(argv[optind]) ||
	    !file_word(argv[optind + 1]))
		return false;
	o->captures[0] = argv[optind];
	o->captures[1] = argv[optind + 1];
	return true;
}

/* The first word names the command; the rest are devices. */
static enum cli_parse parse_words(struct cli_opts *o, int argc, char **argv)
{
	const char *problem;
	size_t i;
	int k;

	if (optind < argc) {
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[optind], commands[i].name) == 0)
				break;
		if (i == sizeof(commands) / sizeof(commands[0]))
			return usage("unknown command (show, devices, softnet, watch, sockets, qdisc, stack, doctor, drops; "
				     "for a device: netobs show DEV)", argv[optind]);
		o->cmd = commands[i].cmd;
		o->sections = commands[i].sections;
		optind++;
	}
	if (doctor_captures(o, argc, argv))
		return CLI_PARSE_RUN;
	for (k = optind; k < argc; k++) {
		problem = filter_pattern_problem(argv[k]);
		if (problem)
			return usage(problem, argv[k]);
		if (filter_push(&o->filter.names, &o->filter.nnames, argv[k]) < 0)
			return CLI_PARSE_NOMEM;
	}
	return CLI_PARSE_RUN;
}

static bool has_filter(const struct filter *f)
{
	return f->nnames || f->nexcludes || f->classes || f->nkinds || f->roles;
}

/* drops traces the running kernel: no devices, no --root, one Prometheus
 * exposition (repeated ones would not parse). */
static enum cli_parse drops_combination(const struct cli_opts *o)
{
	if (has_filter(&o->filter))
		return usage("drops counts the whole host and takes no device filters", NULL);
	if (o->root || o->captures[0])
		return usage("drops traces the running kernel: no --root or --capture", NULL);
	if (o->fmt && o->fmt != cli_format_find("json") && o->fmt != cli_format_find("prom"))
		return usage("drops writes text, --json or --prom", NULL);
	if (o->fmt == cli_format_find("prom") && o->count > 1)
		return usage("drops --prom writes one interval: no -c above 1", NULL);
	return CLI_PARSE_RUN;
}

/* Options that make no sense together with the command. */
static enum cli_parse check_combination(const struct cli_opts *o, bool timing_set)
{
	bool live = !o->root || strspn(o->root, "/") == strlen(o->root);

	if (timing_set && o->cmd == CLI_CMD_DOCTOR && o->count)
		return usage("-c applies to watch only", NULL);
	if (timing_set && o->cmd == CLI_CMD_DOCTOR && o->captures[1])
		return usage("-i applies to a live doctor, not to two captures", NULL);
	if (timing_set && o->cmd != CLI_CMD_WATCH && o->cmd != CLI_CMD_DOCTOR &&
	    o->cmd != CLI_CMD_DROPS)
		return usage("-i and -c apply to watch only (and to drops; -i to doctor)", NULL);
	if (o->cmd == CLI_CMD_DROPS) {
		enum cli_parse r = drops_combination(o);

		if (r != CLI_PARSE_RUN)
			return r;
	}
	if (o->cmd == CLI_CMD_DOCTOR && o->fmt && o->fmt != cli_format_find("json"))
		return usage("doctor writes text or --json only", NULL);
	if (o->plugin && (o->cmd != CLI_CMD_DOCTOR || o->fmt))
		return usage("--plugin applies to doctor, in text (no --json)", NULL);
	if (o->captures[0] && !o->captures[1] && (o->cmd == CLI_CMD_WATCH || o->cmd == CLI_CMD_DOCTOR))
		return usage("--capture applies to show, devices, softnet and sockets", NULL);
	if (o->metrics_set && o->fmt != cli_format_find("prom") &&
	    o->fmt != cli_format_find("textfile"))
		return usage("--metrics applies to --prom and --textfile only", NULL);
	if (o->cmd == CLI_CMD_WATCH && o->fmt && o->fmt->no_watch)
		return usage(o->fmt->no_watch, NULL);
	if (o->cmd == CLI_CMD_SOFTNET && has_filter(&o->filter))
		return usage("softnet reports CPUs and takes no device filters", NULL);
	if (o->all && o->cmd != CLI_CMD_SOCKETS && o->cmd != CLI_CMD_STACK && o->cmd != CLI_CMD_DROPS)
		return usage("--all applies to sockets, stack and drops only", NULL);
	if (o->active && o->cmd != CLI_CMD_WATCH)
		return usage("--active applies to watch only", NULL);
	if (o->cmd == CLI_CMD_SOCKETS && has_filter(&o->filter))
		return usage("sockets takes no device filters", NULL);
	if (o->cmd == CLI_CMD_STACK && has_filter(&o->filter))
		return usage("stack reports the namespace's protocols and takes no device filters",
			     NULL);
	if (o->all_netns && (o->netns || !live || o->captures[0]))
		return usage("--all-netns reads every live namespace: not with --netns, --root "
			     "or --capture", NULL);
	if (o->all_netns && (o->cmd == CLI_CMD_WATCH || o->cmd == CLI_CMD_DOCTOR ||
			     o->cmd == CLI_CMD_SOFTNET))
		return usage("--all-netns applies to show, devices, sockets, qdisc and stack", NULL);
	if (o->all_netns && o->source == NETOBS_SOURCE_SYSFS)
		return usage("--source sysfs shows the host's devices only (netlink or procfs "
			     "with --all-netns)", NULL);
	if (!live && o->netns)
		return usage("--netns reads a live namespace, not --root", o->root);
	if (o->netns && o->captures[0])
		return usage("--netns reads a live namespace, not a capture", NULL);
	if (o->netns && o->source == NETOBS_SOURCE_SYSFS)
		return usage("--source sysfs shows the host's devices, not --netns's "
			     "(netlink or procfs)", NULL);
	if (!live && o->source == NETOBS_SOURCE_NETLINK)
		return usage("--source netlink reads the live host only, not --root", o->root);
	return CLI_PARSE_RUN;
}

enum cli_parse options_parse(struct cli_opts *o, int argc, char **argv)
{
	enum cli_parse r;
	bool timing_set = false, help = false;
	int c;

	memset(o, 0, sizeof(*o));
	o->cmd = CLI_CMD_SHOW;
	o->sections = CLI_SEC_DEVICES | CLI_SEC_CPUS | CLI_SEC_SOCKETS | CLI_SEC_QDISCS | CLI_SEC_STACK;
	o->interval = 1.0;
	o->metrics = PROM_GROUPS_DEFAULT;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:c:qh", long_options, NULL)) != -1) {
		if (c == OPT_VERSION) {
			char text[64];

			snprintf(text, sizeof(text), "netobs %s\n", netobs_version_string());
			return print_stdout(text, NULL);
		}
		/* After --help only the command word matters: the help of
		 * "netobs watch --help" is watch's, whatever follows. */
		help |= c == 'h';
		if (help)
			continue;
		timing_set |= c == 'i' || c == 'c';
		r = parse_option(o, c, argv);
		if (r != CLI_PARSE_RUN)
			return r;
	}
	if (help)
		return print_stdout(NULL, optind < argc ? argv[optind] : NULL);
	r = parse_words(o, argc, argv);
	if (r != CLI_PARSE_RUN)
		return r;
	if ((o->cmd == CLI_CMD_DOCTOR || o->cmd == CLI_CMD_DROPS) && !timing_set)
		o->interval = 5.0;
	return check_combination(o, timing_set);
}

void options_free(struct cli_opts *o)
{
	filter_free(&o->filter);
}
