#!/bin/bash
# --netns against a real kernel: a namespace of the test's own, read from
# the host by its name, by pid:PID of a process parked inside and by path;
# its devices and its protocol counters (7 datagrams to a closed port: Udp
# NoPorts 7 there, whatever the host does) and none of the host's.  Then
# the refusals: a deleted namespace, a dead pid, a file that is none, a
# namespace of another type, an unprivileged user; each exit 1 with a
# message naming the file and nothing on standard output.
# Root only; the namespace and the parked process go on any exit.
set -u

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: netns needs root for its network namespace"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"

NS="netobs-ns-$$"
GONE="netobs-ns-gone-$$"
tmp=$(mktemp -d) || exit 1
made_ns=no
parked=
cleanup() {
	[ -n "$parked" ] && kill "$parked" 2> /dev/null && wait "$parked" 2> /dev/null
	[ $made_ns = yes ] && ip netns del "$NS" 2> /dev/null
	ip netns del "$GONE" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*"
	exit 1
}

netns_add_first "$NS"
made_ns=yes
netns_quiet "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add nsa0 type veth peer name nsb0 || fail "veth in $NS"
ip netns exec "$NS" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(7):
    s.sendto(b"x", ("127.0.0.1", 9))
' || fail "datagrams in $NS"
ip netns exec "$NS" sleep 600 &
parked=$!
# Until the sleep runs inside: ip netns exec setns()es before exec.
for _ in $(seq 100); do
	[ "$(stat -L -c %i /proc/$parked/ns/net)" = "$(stat -L -c %i "/run/netns/$NS")" ] && break
	sleep 0.05
done

# devices and Udp.NoPorts as "name,name,...;N" from show --json
summary='
import json, sys
d = json.load(sys.stdin)
names = sorted(x["name"] for x in d["devices"])
print(",".join(names) + ";" + str(d["stack"].get("Udp.NoPorts")))
'
want="lo,nsa0,nsb0;7"
for spec in "$NS" "/run/netns/$NS" "pid:$parked" "/proc/$parked/ns/net"; do
	for src in auto netlink procfs; do
		got=$("$NETOBS" show --json --source $src --netns "$spec" 2> "$tmp/err" |
			python3 -c "$summary") || fail "--netns $spec --source $src: $(cat "$tmp/err")"
		[ "$got" = "$want" ] || fail "--netns $spec --source $src: got '$got', want '$want'"
	done
done
host=$("$NETOBS" devices --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["devices"]))')
[ "$host" -ge 1 ] || fail "no host devices"
# The namespace read from the outside equals the namespace read inside.
inside=$(ip netns exec "$NS" "$NETOBS" show --json | python3 -c "$summary")
[ "$inside" = "$want" ] || fail "inside $NS: got '$inside', want '$want'"

# refuse SPEC WANT_STDERR [PREFIX...]: exit 1, the message, no output.
refuse() {
	local spec=$1 msg=$2 rc
	shift 2
	"$@" "$NETOBS" devices --netns "$spec" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || fail "--netns $spec: exit $rc, want 1 ($(cat "$tmp/err"))"
	grep -qF -- "$msg" "$tmp/err" || fail "--netns $spec: stderr '$(cat "$tmp/err")' lacks '$msg'"
	[ ! -s "$tmp/out" ] || fail "--netns $spec: printed $(head -c 200 "$tmp/out")"
}
ip netns add "$GONE" && ip netns del "$GONE"
refuse "$GONE" "/run/netns/$GONE: no such network namespace"
sh -c 'exit 0' & dead=$!
wait $dead
refuse "pid:$dead" "/proc/$dead/ns/net: no such network namespace"
refuse /etc/passwd "/etc/passwd: not a namespace file"
refuse /proc/self/ns/uts "/proc/self/ns/uts: a namespace, but not a network namespace"
refuse "$tmp" "$tmp: not a namespace file"
nobody="setpriv --reuid=nobody --regid=nogroup --clear-groups"
if ! command -v setpriv > /dev/null; then
	echo "SKIP: the unprivileged cases: no setpriv"
elif ! $nobody test -x "$NETOBS"; then
	echo "SKIP: the unprivileged cases: nobody cannot reach $NETOBS (a private build tree)"
else
	# Root's namespace file is not even readable for nobody...
	refuse "pid:$parked" "needs root (CAP_SYS_ADMIN)" $nobody
	# ...and nobody's own is readable, but entering needs the capability.
	$nobody sh -c 'sleep 30 & p=$!; "$1" devices --netns pid:$p; rc=$?; kill $p; exit $rc' \
		sh "$NETOBS" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || fail "nobody, own namespace: exit $rc"
	grep -qF "needs root (CAP_SYS_ADMIN): setns() refused" "$tmp/err" ||
		fail "nobody, own namespace: '$(cat "$tmp/err")'"
	[ ! -s "$tmp/out" ] || fail "nobody, own namespace: printed output"
fi

# usage errors: exit 2
for args in "--netns=" "--netns $NS --root $FIXTURES" "--netns $NS --source sysfs"; do
	# shellcheck disable=SC2086
	"$NETOBS" devices $args > /dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] || fail "devices $args: exit $rc, want 2"
done
echo "PASS: --netns by name, pid and path; refusals with their messages"
