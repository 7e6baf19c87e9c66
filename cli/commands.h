/* SPDX-License-Identifier: MIT */
/*
 * The commands' entry points and what main.c shares with them: taking a
 * snapshot and reporting it (snapshot.c), --help (help.c), watch, doctor
 * (capture.c, doctor*.c) and drops (drops.c, drops_out.c).
 */
#ifndef NETOBS_CLI_COMMANDS_H
#define NETOBS_CLI_COMMANDS_H

#include <stddef.h>

#include <netobs.h>

#include "options.h"

struct cJSON;
struct out;
struct timespec;

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

/* ---- help.c -------------------------------------------------------------- */

/* The --help text of COMMAND ("watch"); NULL or unknown: the global one. */
void help_write(struct out *out, const char *command);

/* ---- watch.c ------------------------------------------------------------- */

/* Runs netobs watch; returns the exit status. */
int watch_run(struct netobs_ctx *ctx, const struct cli_opts *o);

/* ---- capture.c, doctor.c, doctor_out.c: netobs doctor --------------------- */

/* Reads a capture (netobs show --json) into a new snapshot; prints why
 * not and returns a negative errno. */
int capture_read(struct netobs_snapshot **out, const char *path);
int doctor_run(struct netobs_ctx *ctx, const struct cli_opts *o);
/* DROPS: the drop reasons over the same interval, NULL with DROPS_WHY
 * saying why they are unavailable. */
int doctor_print(const struct cli_opts *o, const struct netobs_snapshot *snap,
		 const struct netobs_diagnosis *d, double secs, enum netobs_verdict verdict,
		 const struct netobs_drop_counts *drops, const char *drops_why);
struct out;
/* --plugin's first line, "NETOBS CRITICAL - LAYER: FINDING | perfdata",
 * for STATE (the verdict, or UNKNOWN for WHY when WHY is not NULL). */
void doctor_plugin_line(struct out *out, const struct cli_opts *o,
			const struct netobs_snapshot *snap, const struct netobs_diagnosis *d,
			enum netobs_verdict state, const char *why);

/* ---- drops.c, drops_out.c: netobs drops ---------------------------------- */

int drops_run(struct netobs_ctx *ctx, const struct cli_opts *o);
/* One interval's counts in O's format (text, NDJSON line, Prometheus). */
int drops_print(struct out *out, const struct cli_opts *o, const struct netobs_drop_counts *c,
		const struct timespec *end);
/* For doctor: the counts as a JSON object, or {"available": false, "why"}
 * when C is NULL; and as a text paragraph. */
struct cJSON *drops_json(const struct netobs_drop_counts *c, const char *unavailable);
void drops_doctor_text(struct out *out, const struct netobs_drop_counts *c,
		       const char *unavailable);

#endif /* NETOBS_CLI_COMMANDS_H */
