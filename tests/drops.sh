#!/bin/bash
# netobs drops against the running kernel, in network namespaces of its own.
# Each case induces one kind of drop and checks that the count for its
# reason is at least the number of packets induced:
#   UDP to a closed port -> NO_SOCKET (and protocol IP);
#   a full receive buffer (SO_RCVBUF 2048) -> SOCKET_RCVBUFF;
#   a burst into an htb class whose leaf is pfifo limit 1 -> QDISC_DROP;
#   frames to a wrong MAC (permanent neighbour entry) -> OTHERHOST;
# then live doctor confirming the UDP counter with the reason, and the
# ways it is unavailable: no tracefs, no privilege (exit 3, why said).
# A reason this kernel's format file lacks skips its case, saying so.
# netobs runs in a mount namespace of its own (unshare -m) where tracefs is
# mounted if it is not already: the host's mounts are never touched, and
# what the test mounted goes away with that namespace.  Root only.
set -u

T=60
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: drops needs root (perf_event_open on a tracepoint, namespaces)"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"
command -v unshare > /dev/null || { echo "SKIP: unshare missing"; exit 77; }

NS="netobs-drops-$$"
NS2="netobs-drops2-$$"
tmp=$(mktemp -d) || exit 1
made_ns=no
cleanup() {
	[ $made_ns = yes ] && { ip netns del "$NS" 2> /dev/null; ip netns del "$NS2" 2> /dev/null; }
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

netns_add_first "$NS"
made_ns=yes
ip netns add "$NS2" || exit 1
netns_quiet "$NS" && netns_quiet "$NS2" || exit 1
ip -n "$NS" link set lo up
ip -n "$NS2" link set lo up

failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "FAIL $n - $*"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }

# traced CMD...: CMD in a mount namespace where tracefs is mounted.
traced() {
	timeout $T unshare -m sh -c 'grep -q " tracefs " /proc/mounts ||
		mount -t tracefs nodev /sys/kernel/tracing || exit 99
		exec "$@"' sh "$@"
}

# Can this machine trace at all?  If not, the reason is the result.
traced "$NETOBS" drops -i 0.1 > /dev/null 2> "$tmp/probe.err"
rc=$?
if [ $rc -ne 0 ]; then
	msg="drops unavailable here (exit $rc): $(cat "$tmp/probe.err")"
	[ "${NETOBS_KERNEL_TESTS:-}" = require ] && { echo "FAIL: $msg"; exit 1; }
	echo "SKIP: $msg"
	exit 77
fi
traced sh -c 'cat "$(awk "\$3 == \"tracefs\" { print \$2; exit }" /proc/mounts)"/events/skb/kfree_skb/format' \
	> "$tmp/format" || { echo "FAIL: cannot read the kfree_skb format"; exit 1; }
grep -q 'field:.* reason;' "$tmp/format" && has_reasons=yes || has_reasons=no
echo "# this kernel ($(uname -r)): reasons $has_reasons, $(grep -o '{ [0-9]*, "' "$tmp/format" | wc -l) names"

# has_reason NAME: the kernel's format names it.
has_reason() { grep -q "\"$1\" }" "$tmp/format"; }

# around NAME INDUCER...: netobs drops --json for 4 s around the inducer,
# which starts 1 s in and prints how many packets it made drop.
around() {
	local name=$1 pid
	shift
	traced "$NETOBS" drops -i 4 --json > "$tmp/$name.json" 2> "$tmp/$name.err" &
	pid=$!
	sleep 1
	"$@" > "$tmp/$name.induced"
	wait $pid
	echo $? > "$tmp/$name.rc"
}

# expect NAME KEY VALUE: the count for VALUE by KEY is at least the number
# induced (and that number is above 0).
expect() {
	python3 - "$tmp/$1.json" "$2" "$3" "$(cat "$tmp/$1.induced")" "$(cat "$tmp/$1.rc")" <<'PY'
import json, sys
path, key, value, induced, rc = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
lines = open(path).read().splitlines()
if rc != "0" or len(lines) != 1:
    print("FAIL - netobs drops exit %s, %d lines" % (rc, len(lines)))
    sys.exit(1)
d = json.loads(lines[0])
got = sum(e["drops"] for e in d[key + "s"] if e[key] == value)
site = [e.get("site") for e in d[key + "s"] if e[key] == value]
ok = induced > 0 and got >= induced
print("%s - %s %s: %d counted, %d induced, lost %d, site %s" %
      ("ok" if ok else "FAIL", key, value, got, induced, d["lost"], site[0] if site else "-"))
sys.exit(0 if ok else 1)
PY
}

# ---- UDP to a closed port: NO_SOCKET ---------------------------------------
closed_port() {
	ip netns exec "$NS" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(500):
    s.sendto(b"x", ("127.0.0.1", 9))
print(500)'
}
around closed closed_port
if [ $has_reasons = yes ] && has_reason NO_SOCKET; then
	expect closed reason NO_SOCKET
	check "NO_SOCKET counts every datagram to a closed port" '[ $? -eq 0 ]'
else
	echo "# skip NO_SOCKET: this kernel's format has no such reason"
fi
expect closed protocol IP
check "protocol IP counts them too" '[ $? -eq 0 ]'

# ---- a full receive buffer: SOCKET_RCVBUFF ---------------------------------
rcvbuf() {
	ip netns exec "$NS" python3 -c '
import socket
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
rx.bind(("127.0.0.1", 9999))
tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(500):
    tx.sendto(b"x" * 1000, ("127.0.0.1", 9999))
rx.setblocking(False)
got = 0
while True:
    try:
        rx.recv(2000)
        got += 1
    except BlockingIOError:
        break
print(500 - got)'
}
if [ $has_reasons = yes ] && has_reason SOCKET_RCVBUFF; then
	around rcvbuf rcvbuf
	expect rcvbuf reason SOCKET_RCVBUFF
	check "SOCKET_RCVBUFF counts every datagram a full buffer refused" '[ $? -eq 0 ]'
else
	echo "# skip SOCKET_RCVBUFF: this kernel's format has no such reason"
fi

# ---- a burst into pfifo limit 1: QDISC_DROP --------------------------------
# A pfifo straight on a veth never queues (veth sends at once): it sits
# under an htb class of 1 Mbit/s, so a burst finds it full.
qdisc_burst() {
	ip netns exec "$NS" python3 -c '
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("qA", 0))
frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00" + b"\x00" * 986
refused = 0
for _ in range(400):
    try:
        s.send(frame)
    except OSError:
        refused += 1
print(refused)'
}
if ! ip -n "$NS" link add qA type veth peer name qB 2> /dev/null; then
	echo "# skip QDISC_DROP: no veth"
elif ! { ip -n "$NS" link set qA up && ip -n "$NS" link set qB up &&
	ip netns exec "$NS" tc qdisc add dev qA root handle 1: htb default 1 &&
	ip netns exec "$NS" tc class add dev qA parent 1: classid 1:1 htb rate 1mbit &&
	ip netns exec "$NS" tc qdisc add dev qA parent 1:1 handle 10: pfifo limit 1; } 2> "$tmp/tc.err"; then
	echo "# skip QDISC_DROP: tc refused htb/pfifo: $(cat "$tmp/tc.err")"
elif [ $has_reasons = no ] || ! has_reason QDISC_DROP; then
	echo "# skip QDISC_DROP: this kernel's format has no such reason"
else
	around qdisc qdisc_burst
	expect qdisc reason QDISC_DROP
	check "QDISC_DROP counts every frame pfifo limit 1 refused" '[ $? -eq 0 ]'
fi

# ---- frames to another host's MAC: OTHERHOST -------------------------------
otherhost() {
	ip netns exec "$NS" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(300):
    s.sendto(b"y" * 100, ("10.9.0.2", 9))
print(300)'
}
if ! ip link add oA netns "$NS" type veth peer name oB netns "$NS2" 2> /dev/null; then
	echo "# skip OTHERHOST: no veth"
elif [ $has_reasons = no ] || ! has_reason OTHERHOST; then
	echo "# skip OTHERHOST: this kernel's format has no such reason"
else
	ip -n "$NS" addr add 10.9.0.1/24 dev oA
	ip -n "$NS2" addr add 10.9.0.2/24 dev oB
	ip -n "$NS" link set oA up
	ip -n "$NS2" link set oB up
	ip -n "$NS" neigh replace 10.9.0.2 lladdr 02:00:00:00:00:99 dev oA nud permanent
	around otherhost otherhost
	expect otherhost reason OTHERHOST
	check "OTHERHOST counts every frame to a wrong MAC" '[ $? -eq 0 ]'
fi

# ---- a reader that does not keep up loses records, and says how many -------
# tests/dropslost opens the tracer and sleeps 4 s without reading while up
# to 400,000 datagrams go to a closed port: far more than the fixed rings
# hold (1 MiB per CPU, about 18,000 records).  The kernel must not wait for it
# (the flood ends on time), and every drop is either counted or lost.
LOST="$top_builddir/tests/dropslost"
if [ ! -x "$LOST" ]; then
	echo "# skip lost records: tests/dropslost not built (make check builds it)"
elif [ ! -x "$top_builddir/bench/udpflood" ]; then
	echo "# skip lost records: bench/udpflood not built"
else
	traced "$LOST" 4 > "$tmp/lost.out" 2> "$tmp/lost.err" &
	pid=$!
	for _ in $(seq 50); do grep -q ready "$tmp/lost.out" 2> /dev/null && break; sleep 0.1; done
	start=$(date +%s)
	ip netns exec "$NS" "$top_builddir/bench/udpflood" 400000 1 > "$tmp/flood.out"
	took=$(( $(date +%s) - start ))
	wait $pid
	python3 - "$tmp/lost.out" "$tmp/flood.out" "$took" <<'PY'
import sys
res = dict(kv.split("=") for kv in open(sys.argv[1]).read().split()[1:])
sent = int(dict(kv.split("=") for kv in open(sys.argv[2]).read().split())["sent"])
total, lost, nosock = int(res["total"]), int(res["lost"]), int(res["no_socket"])
ok = nosock + lost >= sent and int(sys.argv[3]) <= 3
if lost == 0:
    print("# the flood fit in the rings on this loaded machine: no loss to report")
print("%s - %d sent: %d counted as NO_SOCKET, %d reported lost, flood took %s s" %
      ("ok" if ok else "FAIL", sent, nosock, lost, sys.argv[3]))
sys.exit(0 if ok else 1)
PY
	check "records past the rings are reported lost: counted + lost covers every drop sent" '[ $? -eq 0 ]'
fi

# ---- the outputs -------------------------------------------------------------
traced "$NETOBS" drops -i 0.3 -c 2 --json > "$tmp/nd.json"
python3 - "$tmp/nd.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
docs = [json.loads(l) for l in lines]
keys = {"time", "seconds", "drops", "rate", "lost", "untracked", "reasons_given",
        "reasons", "locations", "protocols", "available"}
ok = len(docs) == 2 and all(keys <= set(d) for d in docs) and all(0.2 < d["seconds"] < 1 for d in docs)
print(("ok" if ok else "FAIL") + " - -c 2 --json: two NDJSON objects with every key")
sys.exit(0 if ok else 1)
PY
check "NDJSON" '[ $? -eq 0 ]'

traced "$NETOBS" drops -i 0.3 --prom > "$tmp/prom.txt"
check "--prom: HELP for every family, no location label" \
	'grep -q "^# HELP netobs_kernel_drops_rate " "$tmp/prom.txt" &&
	 grep -q "^# TYPE netobs_kernel_drops_lost_rate gauge" "$tmp/prom.txt" &&
	 ! grep -q "location=" "$tmp/prom.txt" && ! grep -q "^node_" "$tmp/prom.txt"'
if command -v promtool > /dev/null; then
	check "promtool check metrics" 'promtool check metrics < "$tmp/prom.txt" > /dev/null 2>&1'
fi

"$NETOBS" drops --prom -c 2 > /dev/null 2>&1
check "--prom with -c 2 is a usage error (exit 2)" '[ $? -eq 2 ]'
"$NETOBS" drops eth0 > /dev/null 2>&1
check "a device filter is a usage error (exit 2)" '[ $? -eq 2 ]'

# ---- SIGINT and SIGTERM end the interval and report it ----------------------
# Without timeout(1) in between: the signal must reach netobs itself (the
# shell execs it in place).
for sig in INT TERM; do
	unshare -m sh -c 'grep -q " tracefs " /proc/mounts ||
		mount -t tracefs nodev /sys/kernel/tracing; exec "$@"' sh \
		"$NETOBS" drops -i 30 --json > "$tmp/sig.json" 2> "$tmp/sig.err" &
	pid=$!
	sleep 1.5
	start=$(date +%s)
	kill -$sig $pid
	wait $pid
	rc=$?
	took=$(( $(date +%s) - start ))
	check "SIG$sig: exit 0 within 2 s (exit $rc, $took s)" '[ $rc -eq 0 ] && [ $took -le 2 ]'
	check "SIG$sig: the short interval is reported with its true length" \
		'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d[\"seconds\"] < 5 else 1)" "$tmp/sig.json"'
done

# ---- doctor: the counter confirmed by the reason ---------------------------
if [ $has_reasons = yes ] && has_reason SOCKET_RCVBUFF; then
	ip netns exec "$NS" timeout $T unshare -m sh -c 'grep -q " tracefs " /proc/mounts ||
		mount -t tracefs nodev /sys/kernel/tracing; exec "$@"' sh \
		"$NETOBS" doctor -i 4 --json > "$tmp/doc.json" 2> "$tmp/doc.err" &
	pid=$!
	sleep 1.5
	rcvbuf > /dev/null
	wait $pid
	python3 - "$tmp/doc.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
texts = [f["text"] for l in d["layers"] if l["layer"] == "udp" for f in l["findings"]]
hit = [t for t in texts if "confirmed by" in t and "SOCKET_RCVBUFF" in t]
ok = d["drop_reasons"]["available"] and hit
print(("ok" if ok else "FAIL") + " - doctor: %s" % (hit[0] if hit else texts))
sys.exit(0 if ok else 1)
PY
	check "doctor confirms Udp.RcvbufErrors with SOCKET_RCVBUFF" '[ $? -eq 0 ]'
fi

# ---- unavailable: no tracefs, no privilege ----------------------------------
notracefs() {
	timeout $T unshare -m sh -c 'for m in $(awk "\$3 == \"tracefs\" || \$3 == \"debugfs\" { print \$2 }" /proc/mounts | sort -r); do
		umount -l "$m" || exit 99; done; exec "$@"' sh "$@"
}
notracefs "$NETOBS" drops -i 0.1 > /dev/null 2> "$tmp/nt.err"
rc=$?
check "no tracefs: exit 3 telling how to mount it (exit $rc)" \
	'[ $rc -eq 3 ] && grep -q "mount -t tracefs nodev /sys/kernel/tracing" "$tmp/nt.err"'
notracefs "$NETOBS" doctor -i 0.2 --json > "$tmp/nt.json" 2> /dev/null
check "no tracefs: doctor says drop reasons are unavailable and why" \
	'python3 -c "import json,sys; r=json.load(open(sys.argv[1]))[\"drop_reasons\"]; sys.exit(0 if not r[\"available\"] and \"tracefs\" in r[\"why\"] else 1)" "$tmp/nt.json"'
if command -v setpriv > /dev/null; then
	traced setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$NETOBS" drops -i 0.1 > /dev/null 2> "$tmp/np.err"
	rc=$?
	check "no privilege: exit 3 saying so (exit $rc: $(head -c 160 "$tmp/np.err"))" \
		'[ $rc -eq 3 ] && grep -qi "permission denied" "$tmp/np.err"'
fi

echo "# $n checks, $failed failed"
[ $failed -eq 0 ]
