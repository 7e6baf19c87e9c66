# Sourced by the CLI test scripts (run by `make check` with top_srcdir and
# top_builddir set): the binary and the fixture trees as absolute paths, so
# a tmux pane or a subshell in another directory finds them, and the tools
# every such script needs.
NETOBS="$top_builddir/cli/netobs"
FIXTURES="$top_srcdir/tests/fixtures"
[ -x "$NETOBS" ] || { echo "FAIL: $NETOBS not built"; exit 1; }
command -v python3 > /dev/null || { echo "SKIP: python3 missing"; exit 77; }
case $NETOBS in /*) ;; *) NETOBS="$PWD/$NETOBS" ;; esac
case $FIXTURES in /*) ;; *) FIXTURES="$PWD/$FIXTURES" ;; esac

# netns_add_first NS: the script's first network namespace.  Where none can
# be made, SKIP (exit 77), or FAIL where NETOBS_KERNEL_TESTS=require says
# the machine must be able to (CI as root).
netns_add_first() {
	local err
	kernel_tests_share
	err=$(ip netns add "$1" 2>&1) && return 0
	if [ "${NETOBS_KERNEL_TESTS:-}" = require ]; then
		echo "FAIL: cannot make a network namespace: $err"
		exit 1
	fi
	echo "SKIP: cannot make a network namespace: $err"
	exit 77
}

# netns_quiet NS: IPv6 off in NS before any device is made there, so no
# router solicitation, MLD report or DAD probe moves a counter that a test
# compares between two readings.  Per namespace: the host is not touched.
netns_quiet() {
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# The kernel's few global knobs (net.core.netdev_max_backlog) reach every
# namespace: a test that lowers one would drop the packets of a test
# running beside it under `make -j check`.  Every real-kernel test holds
# a shared lock for its whole run (netns_add_first takes it; fd 9); the
# one that changes a global knob takes it exclusively for that window.
# Fd 8 is a turnstile, so a waiting exclusive holder is not starved by
# tests that start after it.  Per user: an unprivileged run changes
# nothing global.  check_kernel.c takes the same locks.
KERNEL_LOCK=${TMPDIR:-/tmp}/netobs-kernel-tests.$(id -u).lock
kernel_tests_share() {
	command -v flock > /dev/null || return 0
	exec 8>> "$KERNEL_LOCK.turnstile" 9>> "$KERNEL_LOCK" || return 0
	flock 8 && flock -s 9 && flock -u 8
}

# kernel_tests_exclusive / kernel_tests_shared_again: around a window that
# changes a global knob (restored by the caller's trap as well).
kernel_tests_exclusive() {
	command -v flock > /dev/null || return 0
	flock 8 && flock 9
}
kernel_tests_shared_again() {
	command -v flock > /dev/null || return 0
	flock -s 9 && flock -u 8
}
