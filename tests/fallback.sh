#!/bin/bash
# With netlink sockets refused (LD_PRELOAD shim, as under a seccomp or
# SELinux policy), the auto source falls back to sysfs and /proc: the
# snapshot still lists lo with its counters, and the CLI warns exactly once.
set -u
bin="$top_builddir/cli/netobs"
# A --disable-shared build (the sanitizer pass) has no shared shim to preload.
shim=$(ls "$top_builddir"/tests/.libs/libnonetlink.so 2>/dev/null) || { echo "SKIP: shim not built shared"; exit 77; }
out=$(mktemp); err=$(mktemp); trap 'rm -f "$out" "$err"' EXIT
fail=0

LD_PRELOAD="$shim" "$bin" show --json lo >"$out" 2>"$err"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: exit $rc with netlink refused"; cat "$err"; fail=1; }
n=$(grep -c 'warning' "$err")
[ "$n" -eq 1 ] || { echo "FAIL: expected one warning, got $n:"; cat "$err"; fail=1; }
grep -q 'netlink refused' "$err" || { echo "FAIL: warning does not say netlink was refused"; fail=1; }
python3 - "$out" <<'PY' || fail=1
import json, sys
doc = json.load(open(sys.argv[1]))
lo = [d for d in doc["devices"] if d["name"] == "lo"]
assert lo, "lo missing"
assert lo[0]["class"] == "loopback", lo[0]
c = lo[0]["counters"]
assert "rx_packets" in c and "rx_bytes" in c, c
# sysfs has no rx_otherhost_dropped: absent, never 0
assert "rx_otherhost_dropped" not in c, c
PY

# Asked for explicitly, netlink refused is an error, not a silent fallback.
LD_PRELOAD="$shim" "$bin" show --source netlink lo >/dev/null 2>"$err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: --source netlink with netlink refused exited $rc, want 1"; fail=1; }
grep -q '^netobs: ' "$err" || { echo "FAIL: no netobs: error"; cat "$err"; fail=1; }

[ $fail -eq 0 ] && echo "fallback: auto falls back with one warning; explicit netlink fails"
exit $fail
