/* SPDX-License-Identifier: MIT */
/*
 * Atomic replacement of a file for node_exporter's textfile collector,
 * which may read it at any instant: the new text goes to a temporary file
 * in the same directory (so rename(2) is atomic), streamed there in
 * 64 KiB pieces (10 MB at 4001 devices never sits in memory), flushed to
 * disk, and only then renamed over the target.  A reader sees the old file
 * or the new one, never a part.
 *
 * netobs often runs as root from cron, in a directory other users may be
 * able to write: the temporary is created with O_EXCL|O_NOFOLLOW (a planted
 * symlink cannot redirect the write), mode 0600 until it is complete, then
 * 0644; a target that is a symlink, FIFO, directory or anything but a
 * regular file is refused, not followed.  The temporary's name starts with
 * '.' and does not end in ".prom", so the collector never reads it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "allnetns.h"
#include "format.h"
#include "options.h"
#include "text.h"
#include "textfile.h"

#define TEMP_TRIES 100

/* Records which step failed and returns -ERR. */
static int fail(struct textfile *t, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct textfile *t, int err, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->why, t->why_size, fmt, ap);
	va_end(ap);
	n = strlen(t->why);
	snprintf(t->why + n, t->why_size - n, ": %s", strerror(err));
	return -err;
}

/* A refusal of ours, not a failed system call: no errno text after it. */
static int refuse(struct textfile *t, int err, const char *why)
{
	snprintf(t->why, t->why_size, "%s", why);
	return -err;
}

/* DIR and BASE from PATH: "a/b/c.prom" -> "a/b", "c.prom"; "c.prom" -> ".". */
static int split_path(struct textfile *t)
{
	const char *slash = strrchr(t->path, '/');
	size_t dirlen;

	if (!slash) {
		strcpy(t->dir, ".");
		t->base = t->path;
		return 0;
	}
	dirlen = slash == t->path ? 1 : (size_t)(slash - t->path);
	if (dirlen >= sizeof(t->dir))
		return fail(t, ENAMETOOLONG, "%s", "directory name");
	memcpy(t->dir, t->path, dirlen);
	t->dir[dirlen] = '\0';
	t->base = slash + 1;
	if (*t->base == '\0')
		return refuse(t, EISDIR, "no file name");
	return 0;
}

/* lstat, never stat: a symlink is judged as itself, not by what it names. */
static int check_target(struct textfile *t)
{
	struct stat st;

	if (fstatat(t->dirfd, t->base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		return fail(t, errno, "%s", "cannot inspect the target");
	}
	if (S_ISLNK(st.st_mode))
		return refuse(t, ELOOP, "the target is a symbolic link, refusing to replace it");
	if (S_ISDIR(st.st_mode))
		return refuse(t, EISDIR, "the target is a directory");
	if (!S_ISREG(st.st_mode))
		return refuse(t, EINVAL, "the target is not a regular file (FIFO, device or socket)");
	return 0;
}

/* Like mkstemp(3), but relative to the directory's fd and with O_NOFOLLOW;
 * the suffix mixes pid, time and a counter, and O_EXCL makes any clash (or a
 * planted file) a retry, never a reuse.  The target's name is cut to 200
 * bytes inside the temporary's, so any target name up to NAME_MAX (255)
 * leaves room for the dot and the 13-byte suffix. */
static int create_temp(struct textfile *t)
{
	struct timespec now;
	unsigned long mix;
	int i;

	for (i = 0; i < TEMP_TRIES; i++) {
		clock_gettime(CLOCK_REALTIME, &now);
		mix = (unsigned long)now.tv_nsec ^ ((unsigned long)getpid() << 16) ^
		      ((unsigned long)i * 2654435761UL);
		if ((size_t)snprintf(t->temp, sizeof(t->temp), ".%.200s.%08lx.tmp", t->base,
				     mix & 0xffffffffUL) >= sizeof(t->temp)) {
			t->temp[0] = '\0';
			return fail(t, ENAMETOOLONG, "%s", "temporary file name");
		}
		t->fd = openat(t->dirfd, t->temp,
			       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (t->fd >= 0)
			return 0;
		t->temp[0] = '\0'; /* not ours: never to be removed */
		if (errno != EEXIST)
			return fail(t, errno, "cannot create a temporary file in %s", t->dir);
	}
	return fail(t, EEXIST, "cannot create a temporary file in %s", t->dir);
}

static int prepare(struct textfile *t)
{
	int err;

	t->dirfd = open(t->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->dirfd < 0)
		return fail(t, errno, "cannot open directory %s", t->dir);
	err = check_target(t);
	if (err == 0)
		err = create_temp(t);
	return err;
}

int textfile_open(struct textfile *t, const char *path, char *why, size_t why_size)
{
	int err;

	memset(t, 0, sizeof(*t));
	t->path = path;
	t->dirfd = -1;
	t->fd = -1;
	t->why = why;
	t->why_size = why_size;
	why[0] = '\0';
	err = split_path(t);
	if (err == 0)
		err = prepare(t);
	if (err < 0)
		textfile_abort(t);
	return err;
}

/* The text was streamed into the temporary (mode 0600 while incomplete).
 * Mode and data on disk before the name points at it: after a crash the
 * target is the old file or the complete new one. */
static int finish(struct textfile *t)
{
	int err;

	if (fchmod(t->fd, 0644) < 0)
		return fail(t, errno, "%s", "cannot set mode 0644");
	if (fsync(t->fd) < 0)
		return fail(t, errno, "%s", "cannot flush the temporary file");
	err = close(t->fd);
	t->fd = -1;
	if (err < 0)
		return fail(t, errno, "%s", "cannot close the temporary file");
	if (renameat(t->dirfd, t->temp, t->dirfd, t->base) < 0)
		return fail(t, errno, "%s", "cannot rename the temporary file over the target");
	t->temp[0] = '\0'; /* it is the target now */
	/* The rename itself reaches the disk with the directory. */
	if (fsync(t->dirfd) < 0)
		return fail(t, errno, "cannot flush directory %s", t->dir);
	return 0;
}

int textfile_commit(struct textfile *t, int err)
{
	if (err < 0)
		err = fail(t, -err, "%s", "cannot write the temporary file");
	else
		err = finish(t);
	textfile_abort(t);
	return err;
}

/* Also the end of a commit: what is left of the temporary goes. */
void textfile_abort(struct textfile *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->temp[0] && t->dirfd >= 0)
		unlinkat(t->dirfd, t->temp, 0);
	t->temp[0] = '\0';
	if (t->dirfd >= 0)
		close(t->dirfd);
	t->dirfd = -1;
}

/* ---- the format ---------------------------------------------------------- */

/* Streamed through the sink's buffer, whose fd is the temporary's while
 * it is written: 10 MB at 4001 devices never sit in memory.  WRITE writes
 * the exposition of ARG. */
static int replace(struct cli_sink *s, void (*write)(struct cli_sink *s, const void *arg),
		   const void *arg)
{
	const struct cli_opts *o = s->o;
	char why[512], msg[1024];
	struct textfile t;
	int err;

	out_reset(&s->out);
	err = textfile_open(&t, o->textfile, why, sizeof(why));
	if (err == 0) {
		s->out.fd = t.fd;
		write(s, arg);
		err = textfile_commit(&t, out_flush(&s->out));
		s->out.fd = -1;
		out_reset(&s->out);
	}
	if (err < 0) {
		snprintf(msg, sizeof(msg), "cannot write %s: %s", o->textfile, why);
		cli_error(NULL, msg);
		return -EIO; /* reported; never taken for a reader gone */
	}
	return 0;
}

struct one_snapshot {
	const struct netobs_snapshot *snap;
	double scrape_seconds;
};

static void write_snapshot(struct cli_sink *s, const void *arg)
{
	const struct one_snapshot *one = arg;

	prom_print(&s->prom, &s->out, one->snap, s->o, one->scrape_seconds);
}

static int textfile_snapshot(struct cli_sink *s, const struct netobs_snapshot *snap,
			     double scrape_seconds)
{
	struct one_snapshot one = { snap, scrape_seconds };

	return replace(s, write_snapshot, &one);
}

static void write_namespaces(struct cli_sink *s, const void *arg)
{
	allnetns_prom(arg, s->o, &s->out);
}

/* --all-netns: the same exposition as --prom's, replaced atomically. */
static int textfile_namespaces(struct cli_sink *s, const struct allnetns *a)
{
	return replace(s, write_namespaces, a);
}

/* Nothing goes to stdout: the buffer has no fd between files. */
static void textfile_begin(struct cli_sink *s)
{
	s->out.fd = -1;
	prom_init(&s->prom);
}

static void textfile_end(struct cli_sink *s)
{
	prom_free(&s->prom);
}

const struct cli_format cli_format_textfile = {
	.name = "textfile",
	.begin = textfile_begin,
	.print_snapshot = textfile_snapshot,
	.print_namespaces = textfile_namespaces,
	.end = textfile_end,
};
