/* SPDX-License-Identifier: MIT */
/* Reading kernel files: whole proc files and one-line sysfs attributes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* proc files report size 0, so read until EOF, doubling the buffer. */
int netobs__file_read(const char *path, char **buf, size_t *cap, size_t *len)
{
	size_t used = 0;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (*cap - used < 2) {
			size_t ncap = *cap ? *cap * 2 : 16384;
			char *nbuf = realloc(*buf, ncap);

			if (!nbuf) {
				err = -ENOMEM;
				break;
			}
			*buf = nbuf;
			*cap = ncap;
		}
		n = read(fd, *buf + used, *cap - used - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (err)
		return err;
	(*buf)[used] = '\0';
	*len = used;
	return 0;
}

int netobs__file_read_line(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if (size == 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	buf[n] = '\0';
	/* Keep the first line only; sysfs values end in one newline. */
	buf[strcspn(buf, "\n")] = '\0';
	return (int)strlen(buf);
}
