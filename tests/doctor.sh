#!/bin/bash
# netobs doctor against a real kernel, in network namespaces of its own.
# Each case drives one kind of loss, with a capture (show --json) before
# and after the traffic, and checks that doctor over the two names the
# right layer and object and that no other namespace layer alarms:
#   UDP receive-buffer drops on a named socket -> udp and socket layers;
#   a listen(1) socket never accepting -> tcp_accept naming the port;
#   frames to a wrong MAC (neighbour entry) -> device_drops, rx_otherhost_dropped;
#   a flapping link (down/up three times) -> link;
#   softnet backlog drops (global netdev_max_backlog=2, restored by the
#   trap on every exit path; RPS to CPU 1, frames sent from CPU 0) -> cpu_backlog
#   naming the CPU and the knob;
#   a clean busy namespace -> no alarm: false alarms counted, must be 0.
# Layers no namespace can produce (NIC ring, CRC) and the exit statuses
# run over capture files this script writes.  Softnet is host-wide: an
# alarm there during a namespace case is someone else's real drops, shown
# as a note, never counted against a case.  Root only.
set -u

T=30
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: doctor needs root for its network namespaces"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"

NS="netobs-doc-$$"
NS2="netobs-doc2-$$"
tmp=$(mktemp -d) || exit 1
made_ns=no
holder=
old_backlog=
cleanup() {
	[ -n "$old_backlog" ] && echo "$old_backlog" > /proc/sys/net/core/netdev_max_backlog
	[ -n "$holder" ] && kill "$holder" 2> /dev/null && wait "$holder" 2> /dev/null
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
ip link add veth0 netns "$NS" type veth peer name veth1 netns "$NS2" || {
	echo "SKIP: no veth"; exit 77; }
ip -n "$NS" addr add 10.9.0.1/24 dev veth0
ip -n "$NS2" addr add 10.9.0.2/24 dev veth1
ip -n "$NS" link set veth0 up
ip -n "$NS2" link set veth1 up

failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "FAIL $n - $*"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }

# cap NS NAME: a capture of namespace NS ("" for this one) into tmp/NAME.json.
cap() {
	if [ -n "$1" ]; then
		timeout $T ip netns exec "$1" "$NETOBS" show --json > "$tmp/$2.json" 2> /dev/null
	else
		timeout $T "$NETOBS" show --json > "$tmp/$2.json" 2> /dev/null
	fi
}

# doc A B OUT: doctor --json over two captures; the exit status in OUT.rc.
doc() {
	timeout $T "$NETOBS" doctor --json "$tmp/$1.json" "$tmp/$2.json" > "$tmp/$3" 2> "$tmp/$3.err"
	echo $? > "$tmp/$3.rc"
}

# expect OUT LAYER OBJECT: LAYER alarms naming OBJECT, and no other layer
# of namespace scope alarms (except the ALSO layers).  Prints its checks.
expect() {
	python3 - "$tmp/$1" "$2" "$3" "${4:-}" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
layer, obj, also = sys.argv[2], sys.argv[3], sys.argv[4].split(",")
alarm = ("warning", "critical")
fails = 0
for l in doc["layers"]:
    worst = l["findings"][0]["text"] if l["findings"] else l["reason"]
    if l["layer"] == layer:
        named = [f for f in l["findings"] if obj in f["object"] and f["verdict"] in alarm]
        ok = l["verdict"] in alarm and named
        print(("ok" if ok else "FAIL") + " - %s is %s naming %s: %s" % (layer, l["verdict"], obj, worst))
        if named:
            print("   knob: %s; next: %s" % (named[0]["knob"], named[0]["command"]))
        fails += not ok
    elif l["verdict"] in alarm and l["scope"] == "host":
        print("note - %s (host-wide) is %s: %s" % (l["layer"], l["verdict"], worst))
    elif l["verdict"] in alarm and l["layer"] not in also:
        print("FAIL - %s is %s too: %s" % (l["layer"], l["verdict"], worst))
        fails += 1
sys.exit(1 if fails else 0)
PY
}

# wait_for FILE: the holder made it (a condition, polled up to 10 s).
wait_for() {
	for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done
	return 1
}

# holder MODE: a process in NS that makes the trouble, touches tmp/MODE.ready
# and stays until killed, so its socket is still there for the capture.
cat > "$tmp/holder.py" <<'PY'
import os, signal, socket, sys, time
mode, ready = sys.argv[1], sys.argv[2]
keep = []
if mode == "udp":
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    rx.bind(("127.0.0.1", 9999))
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(500):
        tx.sendto(b"x" * 1000, ("127.0.0.1", 9999))
    keep += [rx, tx]
elif mode == "tcp":
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 7777))
    ls.listen(1)
    keep.append(ls)
    for _ in range(20):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.setblocking(False)
        c.connect_ex(("127.0.0.1", 7777))
        keep.append(c)
    time.sleep(0.3)
open(ready, "w").close()
while True:
    signal.pause()
PY

run_holder() {
	ip netns exec "$NS" python3 "$tmp/holder.py" "$1" "$tmp/$1.ready" &
	holder=$!
	wait_for "$tmp/$1.ready" || { fail "the $1 holder never got ready"; return 1; }
}
stop_holder() {
	kill "$holder" 2> /dev/null
	wait "$holder" 2> /dev/null
	holder=
}

# ---- UDP receive-buffer drops --------------------------------------------
cap "$NS" udp0
run_holder udp && cap "$NS" udp1
# The round trip while a socket is listed: show --capture gives the same
# document (warnings are the reader's own, so they are left out).
timeout $T "$NETOBS" show --json --capture "$tmp/udp1.json" > "$tmp/udp1.again.json"
python3 - "$tmp/udp1.json" "$tmp/udp1.again.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
a.pop("warnings"); b.pop("warnings")
ok = a == b and a["sockets"]
print(("ok" if ok else "FAIL") + " - a capture with sockets reads back into the same document")
sys.exit(0 if ok else 1)
PY
check "capture round trip" '[ $? -eq 0 ]'
stop_holder
doc udp0 udp1 udp.out
check "udp: doctor exits 10 or 11" 'grep -qx "1[01]" "$tmp/udp.out.rc"'
expect udp.out udp "127.0.0.1:9999" socket
check "udp layer names the socket" '[ $? -eq 0 ]'
expect udp.out socket "127.0.0.1:9999" udp
check "socket layer names the socket" '[ $? -eq 0 ]'

# ---- TCP listen overflow -------------------------------------------------
cap "$NS" tcp0
run_holder tcp && cap "$NS" tcp1
stop_holder
doc tcp0 tcp1 tcp.out
expect tcp.out tcp_accept ":7777" socket
check "tcp_accept names the listener's port" '[ $? -eq 0 ]'

# ---- frames to another host's MAC ----------------------------------------
send_udp() { # NS DST COUNT
	ip netns exec "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(int(sys.argv[2])):
    s.sendto(b"y" * 100, (sys.argv[1], 9))' "$2" "$3"
}
ip -n "$NS" neigh replace 10.9.0.2 lladdr 02:00:00:00:00:99 dev veth0 nud permanent
cap "$NS2" oh0
send_udp "$NS" 10.9.0.2 300
cap "$NS2" oh1
ip -n "$NS" neigh del 10.9.0.2 dev veth0
doc oh0 oh1 oh.out
expect oh.out device_drops veth1
check "device_drops names veth1 (rx_otherhost_dropped)" '[ $? -eq 0 ]'

# ---- a flapping link -----------------------------------------------------
cap "$NS" flap0
for _ in 1 2 3; do
	ip -n "$NS" link set veth0 down
	ip -n "$NS" link set veth0 up
done
cap "$NS" flap1
doc flap0 flap1 flap.out
expect flap.out link veth0
check "link names veth0 (carrier changes)" '[ $? -eq 0 ]'

# ---- qdisc drops: tbf on veth0 ------------------------------------------
if ! ip -n "$NS" link set veth0 up || ! tc -n "$NS" qdisc add dev veth0 root handle 1: tbf rate 1mbit burst 2k limit 3000 2> /dev/null; then
	echo "SKIP: qdisc: no tbf"
else
	cap "$NS" q0
	ip netns exec "$NS" python3 -c '
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("veth0", 0))
frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xb5" + b"q" * 986
for _ in range(400):
    try:
        s.send(frame)
    except OSError: # ENOBUFS: the qdisc dropped it, which is the point
        pass'
	cap "$NS" q1
	tc -n "$NS" qdisc del dev veth0 root
	doc q0 q1 q.out
	expect q.out qdisc "tbf 1: on veth0"
	check "qdisc names the tbf on veth0" '[ $? -eq 0 ]'
fi

# ---- a clean busy namespace: no false alarm ------------------------------
# One run of 32 MB of TCP over the veth pair, between two captures.
busy_run() {
	ip -n "$NS" neigh flush dev veth0
	ip -n "$NS2" neigh flush dev veth1
	rm -f "$tmp/sink.ready"
	ip netns exec "$NS2" python3 -c '
import socket, sys
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("10.9.0.2", 8080))
ls.listen(8)
open(sys.argv[1], "w").close()
c, _ = ls.accept()
while c.recv(65536):
    pass' "$tmp/sink.ready" &
	sink=$!
	# In $(...): a failure is said on stderr and counted as an alarm.
	wait_for "$tmp/sink.ready" || { echo "FAIL - the TCP sink never got ready" >&2; echo 1; return; }
	cap "$NS" busy0
	ip netns exec "$NS" python3 -c '
import socket
c = socket.create_connection(("10.9.0.2", 8080))
for _ in range(2000):
    c.sendall(b"b" * 16384)
c.close()'
	wait "$sink"
	cap "$NS" busy1
	doc busy0 busy1 busy.out
	python3 - "$tmp/busy.out" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
n = 0
for l in doc["layers"]:
    if l["verdict"] in ("warning", "critical"):
        real = l["scope"] == "host"
        print("%s - %s %s: %s" % ("note" if real else "FAIL", l["layer"], l["verdict"],
              l["findings"][0]["text"] if l["findings"] else ""), file=sys.stderr)
        n += not real
print(n)
PY
}
# A host slowed down by a sanitizer build and a parallel make check can
# make TCP retransmit for real (an RTO while the receiver was not
# scheduled): that is loss, not a false alarm, but not this case's point.
# The case is run again, up to three times, and counts only if every run
# alarms; each run's alarms are printed.
for attempt in 1 2 3; do
	false_alarms=$(busy_run)
	[ "$false_alarms" = 0 ] && break
	echo "   busy namespace, run $attempt: $false_alarms alarms (above); once more"
done
echo "   busy namespace: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(", ".join("%s %s" % (l["layer"], l["verdict"]) for l in d["layers"]))' "$tmp/busy.out")"
check "clean busy namespace: $false_alarms false alarms" '[ "$false_alarms" = 0 ]'

# ---- softnet backlog drops (host-wide: captures of this namespace) -------
if [ "$(nproc)" -lt 2 ] || ! command -v taskset > /dev/null; then
	echo "SKIP: cpu_backlog needs two CPUs and taskset"
elif ! ip netns exec "$NS2" sh -c 'echo 2 > /sys/class/net/veth1/queues/rx-0/rps_cpus'; then
	echo "SKIP: cpu_backlog: cannot set rps_cpus"
else
	mac=$(ip netns exec "$NS2" cat /sys/class/net/veth1/address)
	# No other real-kernel test runs while the host's backlog is 2.
	kernel_tests_exclusive
	old_backlog=$(cat /proc/sys/net/core/netdev_max_backlog)
	cap "" bl0
	echo 2 > /proc/sys/net/core/netdev_max_backlog
	ip netns exec "$NS" taskset -c 0 python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("veth0", 0))
dst = bytes.fromhex(sys.argv[1].replace(":", ""))
frame = dst + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xb5" + b"z" * 100
sent = 0
for _ in range(20000):
    try:
        s.send(frame)
        sent += 1
    except OSError: # ENOBUFS: the peer dropped it, which is the point
        pass' "$mac"
	cap "" bl1
	echo "$old_backlog" > /proc/sys/net/core/netdev_max_backlog
	old_backlog=
	kernel_tests_shared_again
	doc bl0 bl1 bl.out
	# The host namespace is everyone's: only cpu_backlog is this case's.
	expect bl.out cpu_backlog "CPU 1" link,nic_ring,device_drops,cpu_budget,qdisc,ip,tcp_accept,tcp_memory,tcp_loss,udp,socket
	check "cpu_backlog names CPU 1" '[ $? -eq 0 ]'
	check "its knob is netdev_max_backlog = 2: double it" \
		'grep -q "net.core.netdev_max_backlog = 2: double it" "$tmp/bl.out"'
fi

# ---- layers no namespace can produce: over captures written here ---------
python3 - "$tmp/busy1.json" "$tmp" <<'PY'
import copy, json, sys
base, tmp = json.load(open(sys.argv[1])), sys.argv[2]
def at(doc, secs):
    d = copy.deepcopy(doc)
    d["time"] = "2030-01-01T00:00:%02d.000Z" % secs
    return d
eth9 = copy.deepcopy(base["devices"][-1])
eth9.update(name="eth9", ifindex=999, **{"class": "physical"}, kind="ether", driver="ixgbe",
            bus="pci", master=None, peer_ifindex=None)
eth9["counters"] = {k: 0 for k in eth9["counters"]}
eth9["counters"]["tx_bytes"] = 18446744073709551615
def with_eth9(secs, **counters):
    d = at(base, secs)
    dev = copy.deepcopy(eth9)
    dev["counters"].update(counters)
    d["devices"].append(dev)
    return d
docs = {
    "ring0": with_eth9(0),
    "ring1": with_eth9(5, rx_packets=100000, rx_missed_errors=5000, rx_crc_errors=2000),
    "quiet0": at(base, 0),
    "quiet1": at(base, 5),
}
for i in (0, 1):
    d = at(base, 5 * i)
    d.pop("stack")
    for sec in ("snmp", "netstat", "snmp6"):
        d["sections"][sec]["ok"] = False
    docs["nosnmp%d" % i] = d
for name, d in docs.items():
    json.dump(d, open("%s/%s.json" % (tmp, name), "w"), separators=(",", ":"))
PY
doc ring0 ring1 ring.out
check "ring and crc errors: exit 11 (critical)" 'grep -qx 11 "$tmp/ring.out.rc"'
expect ring.out nic_ring eth9 link
check "nic_ring names eth9 (rx_missed_errors)" '[ $? -eq 0 ]'
expect ring.out link eth9 nic_ring
check "link names eth9 (rx_crc_errors)" '[ $? -eq 0 ]'
timeout $T "$NETOBS" show --json --capture "$tmp/ring0.json" > "$tmp/ring0.again.json"
check "a u64 counter past 2^53 reads back exactly" \
	'grep -q "\"tx_bytes\":18446744073709551615" "$tmp/ring0.again.json"'
doc quiet0 quiet1 quiet.out
check "nothing changed: exit 0" 'grep -qx 0 "$tmp/quiet.out.rc"'
check "no hardware NIC: nic_ring unobservable, never ok" \
	'grep -q "\"layer\":\"nic_ring\",\"verdict\":\"unobservable\"" "$tmp/quiet.out"'
doc nosnmp0 nosnmp1 nosnmp.out
check "no snmp section: ip unknown, with the reason" \
	'grep -q "\"layer\":\"ip\",\"verdict\":\"unknown\",\"scope\":\"netns\",\"reason\":\"/proc/net/snmp and netstat are absent" "$tmp/nosnmp.out"'
doc quiet1 quiet0 swapped.out
check "captures swapped: exit 1, says which comes first" \
	'grep -qx 1 "$tmp/swapped.out.rc" && grep -q "older" "$tmp/swapped.out.err"'
timeout $T "$NETOBS" doctor "$tmp/ring0.json" "$tmp/ring1.json" > "$tmp/ring.txt"
check "text: a summary line per layer, then details" \
	'[ $(grep -cE "^[a-z_]+ +(OK|WARNING|CRITICAL|UNKNOWN|UNOBSERVABLE) " "$tmp/ring.txt") -eq 12 ] &&
	 grep -q "threshold" "$tmp/ring.txt"'
"$NETOBS" doctor -c 2 > /dev/null 2>&1
check "doctor -c: usage error (2)" '[ $? -eq 2 ]'
"$NETOBS" doctor --prom > /dev/null 2>&1
check "doctor --prom: usage error (2)" '[ $? -eq 2 ]'
timeout $T ip netns exec "$NS" "$NETOBS" doctor -i 0.2 > "$tmp/live.txt" 2> /dev/null
rc=$?
check "live doctor -i 0.2 in a namespace: 12 layers, exit 0/10/11 ($rc)" \
	'[ $(grep -cE "^[a-z_]+ +[A-Z]+ " "$tmp/live.txt") -eq 12 ] && case $rc in 0|10|11) true;; *) false;; esac'

echo "doctor: $n checks, $failed failed"
[ $failed -eq 0 ]
