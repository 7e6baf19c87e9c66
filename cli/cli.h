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
 *               NDJSON sample), written through struct jw; json_format.c
 *               its row in the format table and the writer choice
 *   json_write.c  JSON values, the streamed object every section uses, and
 *               struct jw: straight into the buffer, or as cJSON trees
 *   json_sections.c  "sections" and "warnings": what was read, what not
 *   json_arena.c  the arena behind cJSON's allocations
 *   prom.c      format "prom": Prometheus text exposition of the devices;
 *               with prom_write.h (the family and cursor writers),
 *               prom_host.c (softnet, softirqs, sysctls, the scrape's own),
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
 *
 * Each group has its own header (options.h, commands.h, outbuf.h, text.h,
 * format.h, json.h, prom.h, sections.h, allnetns.h, textfile.h, term.h);
 * a file includes the ones it uses.  This one includes them all, for the
 * files not yet moved to them (doctor*.c, watch.c, screen*).
 *
 * Output never goes through stdio: every format appends to a struct out,
 * which is flushed to a file descriptor (stdout, or a textfile's temporary)
 * every 64 KiB.  Device names and aliases are data, never format strings:
 * each format escapes them (out_json_string, or cJSON after a UTF-8 check;
 * prom label values; out_escaped for tables and stderr).
 */
#ifndef NETOBS_CLI_H
#define NETOBS_CLI_H

#include "allnetns.h"
#include "commands.h"
#include "format.h"
#include "json.h"
#include "options.h"
#include "outbuf.h"
#include "prom.h"
#include "sections.h"
#include "term.h"
#include "text.h"
#include "textfile.h"

#endif /* NETOBS_CLI_H */
