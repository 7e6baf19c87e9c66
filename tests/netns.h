/* SPDX-License-Identifier: MIT */
/*
 * Network namespaces for the real-kernel tests: made with `ip netns add`,
 * named "netobs-t-<runner pid>-<pid>-<n>" so that every one a run made (or a
 * killed run left behind) can be found and removed by name.  Nothing here
 * touches the namespace the tests started in, other than reading it.
 */
#ifndef NETOBS_NETNS_H
#define NETOBS_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#define NETNS_NAMESIZ 64

/* Call first, in the runner: records its pid and the original namespace,
 * removes namespaces left by dead runs and arranges netns_sweep() at exit. */
int netns_init(void);

/* The last failure of a function below: the command or call, and why. */
const char *netns_error(void);

/* Whether namespaces can be made and entered here; false with a reason in
 * netns_error() (not root, no CAP_SYS_ADMIN, no iproute2). */
bool netns_usable(void);

/* Makes a namespace with a fresh name written to NAME.  Must come before the
 * first netns_enter() of the process: `ip netns add` has to bind-mount the
 * namespace in the runner's mount namespace, not a private one. */
int netns_create(char name[NETNS_NAMESIZ]);

/* Runs `ip -n NS ARGS...` (no -n when NS is NULL), NULL-terminated.  0 when
 * ip exited 0; else its exit status (or a negative errno) and the command
 * with ip's own message in netns_error(). */
int netns_ip(const char *ns, ...) __attribute__((sentinel));
/* The same with an argv array (ending in NULL); ip's standard output goes to
 * OUT (NUL-terminated, truncated to SIZE) when OUT is not NULL. */
int netns_ipv(const char *ns, const char *const *args, char *out, size_t size);

/* Moves the calling thread into NS and, like `ip netns exec`, gives the
 * process a private mount namespace with /sys remounted for NS, so that
 * /sys/class/net and /proc/net both show NS. */
int netns_enter(const char *ns);
/* Back to the namespace the runner started in (and its /sys). */
int netns_leave(void);

/* Writes VALUE to the /proc/sys file PATH of the current network namespace. */
int netns_sysctl(const char *path, const char *value);
/* Turns IPv6 off for "all", "default" and lo in the current namespace, so
 * that links made afterwards send no router solicitations, DAD or MLD.
 * Nothing to do (0) on a kernel without IPv6. */
int netns_disable_ipv6(void);
/* Turns IPv6 off on device DEV of the current namespace. */
int netns_disable_ipv6_dev(const char *dev);

/* Deletes every namespace this run made.  Only the runner does it. */
void netns_sweep(void);

#endif
