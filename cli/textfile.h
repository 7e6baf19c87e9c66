/* SPDX-License-Identifier: MIT */
/*
 * Atomic replacement of a file, for node_exporter's textfile collector
 * (textfile.c).
 */
#ifndef NETOBS_CLI_TEXTFILE_H
#define NETOBS_CLI_TEXTFILE_H

#include <stddef.h>

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

#endif /* NETOBS_CLI_TEXTFILE_H */
