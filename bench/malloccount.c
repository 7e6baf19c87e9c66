/* SPDX-License-Identifier: MIT */
/*
 * libmalloccount.so: an LD_PRELOAD module that counts heap calls, for the
 * benchmark's "after the first ticks, a watch tick allocates nothing" and for
 * the peak RSS of a one-shot run.  See bench/README.md.
 *
 *   LD_PRELOAD=bench/.libs/libmalloccount.so netobs watch --json -c 10
 *
 * At exit it writes one line:
 *   malloccount: pid=P malloc=N calloc=N realloc=N memalign=N free=N
 *   allocs=N bytes=N vmhwm_kib=N
 * allocs is every call that can allocate (malloc, calloc, realloc and the
 * aligned allocators); vmhwm_kib is the process's own peak RSS (VmHWM),
 * read here because a wrapper's wait4() ru_maxrss also holds the RSS of
 * whatever forked the program (exec keeps the old mm's high-water mark).
 *
 * Environment:
 *   MALLOCCOUNT_OUT=PATH   append the line to PATH (default: fd 2)
 *   MALLOCCOUNT_FD=N       write it to fd N instead
 *   MALLOCCOUNT_SIGNAL=N   also write it whenever signal N arrives
 *
 * The real allocator is found with dlsym(RTLD_NEXT), and dlsym itself may
 * allocate (dlerror's buffer): calls made while resolving are served from a
 * small static arena that free() recognises and ignores.  Everything on the
 * report path is async-signal-safe: no stdio, no allocation.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum counter { C_MALLOC, C_CALLOC, C_REALLOC, C_MEMALIGN, C_FREE, C_BYTES, C_MAX };

static const char *const counter_names[C_MAX] = {
	"malloc", "calloc", "realloc", "memalign", "free", "bytes",
};

static uint64_t counts[C_MAX];

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static int (*real_posix_memalign)(void **, size_t, size_t);
static int resolving;

/* Bootstrap arena for allocations made by dlsym before the real allocator
 * is known.  Each block starts with its size so realloc can copy it. */
#define ARENA_SIZE 16384
#define ARENA_ALIGN 16
static _Alignas(ARENA_ALIGN) unsigned char arena[ARENA_SIZE];
static size_t arena_used;

static void count(enum counter c, uint64_t n)
{
	__atomic_fetch_add(&counts[c], n, __ATOMIC_RELAXED);
}

static int in_arena(const void *p)
{
	const unsigned char *q = p;

	return q >= arena && q < arena + ARENA_SIZE;
}

static void *arena_alloc(size_t size)
{
	size_t need = ARENA_ALIGN + ((size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1));
	size_t off = __atomic_fetch_add(&arena_used, need, __ATOMIC_RELAXED);
	unsigned char *p;

	if (size > ARENA_SIZE || off + need > ARENA_SIZE) {
		errno = ENOMEM;
		return NULL;
	}
	p = arena + off;
	memcpy(p, &size, sizeof(size));
	return p + ARENA_ALIGN; /* zeroed: static storage, never reused */
}

static size_t arena_size(const void *p)
{
	size_t size;

	memcpy(&size, (const unsigned char *)p - ARENA_ALIGN, sizeof(size));
	return size;
}

/* dlsym returns void *; going through memcpy keeps -Wpedantic quiet about
 * object-to-function pointer conversion. */
static void lookup(void *fnptr, size_t fnsize, const char *name)
{
	void *sym = dlsym(RTLD_NEXT, name);

	memcpy(fnptr, &sym, fnsize);
}

static void resolve(void)
{
	if (real_free || resolving)
		return;
	resolving = 1;
	lookup(&real_malloc, sizeof(real_malloc), "malloc");
	lookup(&real_calloc, sizeof(real_calloc), "calloc");
	lookup(&real_realloc, sizeof(real_realloc), "realloc");
	lookup(&real_posix_memalign, sizeof(real_posix_memalign), "posix_memalign");
	lookup(&real_free, sizeof(real_free), "free");
	resolving = 0;
}

static int ready(void)
{
	resolve();
	return real_malloc && real_calloc && real_realloc && real_free && real_posix_memalign;
}

void *malloc(size_t size)
{
	if (!ready())
		return arena_alloc(size);
	count(C_MALLOC, 1);
	count(C_BYTES, size);
	return real_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	if (!ready()) {
		if (size && n > SIZE_MAX / size) {
			errno = ENOMEM;
			return NULL;
		}
		return arena_alloc(n * size);
	}
	count(C_CALLOC, 1);
	count(C_BYTES, (uint64_t)n * size);
	return real_calloc(n, size);
}

static void *realloc_from_arena(void *old, size_t size)
{
	size_t oldsize = arena_size(old);
	void *p = malloc(size);

	if (p)
		memcpy(p, old, oldsize < size ? oldsize : size);
	return p;
}

void *realloc(void *old, size_t size)
{
	if (old && in_arena(old))
		return realloc_from_arena(old, size);
	if (!ready())
		return arena_alloc(size); /* old is NULL here: nothing to copy */
	count(C_REALLOC, 1);
	count(C_BYTES, size);
	return real_realloc(old, size);
}

void free(void *p)
{
	if (!p || in_arena(p))
		return;
	count(C_FREE, 1);
	if (ready())
		real_free(p);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	if (!ready())
		return ENOMEM;
	count(C_MEMALIGN, 1);
	count(C_BYTES, size);
	return real_posix_memalign(out, align, size);
}

void *aligned_alloc(size_t align, size_t size)
{
	void *p = NULL;

	return posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, size) ? NULL : p;
}

void *memalign(size_t align, size_t size)
{
	return aligned_alloc(align, size);
}

/* ---- the report: async-signal-safe ---------------------------------------- */

static size_t put_str(char *buf, size_t off, size_t size, const char *s)
{
	while (*s && off + 1 < size)
		buf[off++] = *s++;
	buf[off] = '\0';
	return off;
}

static size_t put_u64(char *buf, size_t off, size_t size, uint64_t v)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && off + 1 < size)
		buf[off++] = tmp[--n];
	buf[off] = '\0';
	return off;
}

/* The "VmHWM:" value of /proc/self/status in KiB, 0 when unreadable. */
static uint64_t vmhwm_kib(void)
{
	char status[4096];
	const char *p;
	uint64_t v = 0;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, status, sizeof(status) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	status[n] = '\0';
	p = strstr(status, "VmHWM:");
	if (!p)
		return 0;
	for (p += 6; *p == ' ' || *p == '\t'; p++)
		;
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

static size_t format_report(char *buf, size_t size)
{
	uint64_t allocs = 0;
	size_t off = 0;
	int c;

	off = put_str(buf, off, size, "malloccount: pid=");
	off = put_u64(buf, off, size, (uint64_t)getpid());
	for (c = 0; c < C_MAX; c++) {
		uint64_t v = __atomic_load_n(&counts[c], __ATOMIC_RELAXED);

		off = put_str(buf, off, size, " ");
		off = put_str(buf, off, size, counter_names[c]);
		off = put_str(buf, off, size, "=");
		off = put_u64(buf, off, size, v);
		if (c <= C_MEMALIGN)
			allocs += v;
	}
	off = put_str(buf, off, size, " allocs=");
	off = put_u64(buf, off, size, allocs);
	off = put_str(buf, off, size, " vmhwm_kib=");
	off = put_u64(buf, off, size, vmhwm_kib());
	return put_str(buf, off, size, "\n");
}

static int parse_int(const char *s, int *out)
{
	long v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 65535)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = (int)v;
	return 0;
}

/* Where the report goes, read from the environment once at start: getenv
 * is not async-signal-safe. */
static const char *out_path;
static int out_fd = 2;

static void report(void)
{
	char line[512];
	size_t len = format_report(line, sizeof(line));
	int fd = out_fd, own = 0;

	if (out_path) {
		fd = open(out_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		own = fd >= 0;
	}
	if (fd >= 0 && write(fd, line, len) < 0)
		fd = -1; /* nowhere left to say so */
	if (own)
		close(fd);
}

static void on_signal(int sig)
{
	int saved = errno;

	(void)sig;
	report();
	errno = saved;
}

__attribute__((constructor)) static void malloccount_init(void)
{
	struct sigaction sa;
	int sig;

	resolve();
	out_path = getenv("MALLOCCOUNT_OUT");
	if (out_path && !*out_path)
		out_path = NULL;
	if (parse_int(getenv("MALLOCCOUNT_FD"), &out_fd) < 0)
		out_fd = 2;
	if (parse_int(getenv("MALLOCCOUNT_SIGNAL"), &sig) < 0 || sig <= 0 || sig >= NSIG)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

__attribute__((destructor)) static void malloccount_fini(void)
{
	report();
}
