/* SPDX-License-Identifier: MIT */
/*
 * An LD_PRELOAD shim that refuses netlink sockets with EACCES, as a seccomp
 * filter or an SELinux policy does, so tests can check that the auto source
 * falls back to sysfs and /proc and says so once.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>

int socket(int domain, int type, int protocol)
{
	int (*real)(int, int, int);

	if (domain == AF_NETLINK) {
		errno = EACCES;
		return -1;
	}
	real = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	return real(domain, type, protocol);
}
