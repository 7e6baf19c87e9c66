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
#   a clean busy namespace -> no alarm: false alarms counted, must be 0;
#   a veth whose peer in another namespace is set down -> link, naming it
#   (admin up, operstate down), and one set down on purpose as information;
#   packets routed to a host whose forwarding is off -> ip (InAddrErrors);
#   receivers whose SO_RCVBUF shrinks under an open window -> tcp_memory;
#   SYN-ACKs blackholed on their way back -> tcp_loss.
# "Every other layer" means ok: nic_ring alone may be unobservable (a
# namespace has no hardware NIC), and never unknown.
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
old_netdev_max_backlog=
old_netdev_budget=
cleanup() {
	[ -n "$old_netdev_max_backlog" ] &&
		echo "$old_netdev_max_backlog" > /proc/sys/net/core/netdev_max_backlog
	[ -n "$old_netdev_budget" ] && echo "$old_netdev_budget" > /proc/sys/net/core/netdev_budget
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

# expect OUT LAYER OBJECT [ALSO]: LAYER alarms naming OBJECT, and every
# other layer is ok (nic_ring: unobservable, as no namespace has a
# hardware NIC), except the ALSO layers, whose alarms are this case's
# consequences.  A host-wide layer alarming is someone else's real drops:
# a note.  Unknown is never ok.  Prints its checks.
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
    elif l["layer"] in also:
        if l["verdict"] in alarm:
            print("note - %s is %s too, as this case makes it: %s" % (l["layer"], l["verdict"], worst))
    elif l["verdict"] in alarm and l["scope"] == "host":
        print("note - %s (host-wide) is %s: %s" % (l["layer"], l["verdict"], worst))
    elif l["verdict"] != ("unobservable" if l["layer"] == "nic_ring" else "ok") and \
            not (l["layer"] == "nic_ring" and l["verdict"] == "ok"):
        print("FAIL - %s is %s, not ok: %s" % (l["layer"], l["verdict"], worst))
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
# document byte for byte, but for "warnings" (the reader's own: the live
# capture's say what this namespace hides, the reread's say nothing).
timeout $T "$NETOBS" show --json --capture "$tmp/udp1.json" > "$tmp/udp1.again.json"
no_warnings() { # FILE OUT: FILE without its "warnings":[...] member, bytes kept
	python3 - "$1" "$2" <<'PY'
import json, sys
raw = open(sys.argv[1]).read()
at = raw.index('"warnings":')
_, end = json.JSONDecoder().raw_decode(raw, at + len('"warnings":'))
if raw[end] == ",":
    end += 1
elif raw[at - 1] == ",":
    at -= 1
open(sys.argv[2], "w").write(raw[:at] + raw[end:])
PY
}
no_warnings "$tmp/udp1.json" "$tmp/udp1.cmp" && no_warnings "$tmp/udp1.again.json" "$tmp/udp1.again.cmp"
check "a capture with sockets reads back into the same bytes (cmp)" \
	'grep -q "\"sockets\":\[{" "$tmp/udp1.cmp" && cmp "$tmp/udp1.cmp" "$tmp/udp1.again.cmp"'
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
if ! ip -n "$NS" link set veth0 up || ! tc -n "$NS" qdisc add dev veth0 root handle 1: tbf rate 8kbit burst 2k limit 20000 2> /dev/null; then
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
	# At 8 kbit/s the 20 kB the tbf holds take 20 s to leave: the queue
	# stands when q1 is taken, and every send past the rate was held back.
	for c in drops overlimits backlog; do
		check "qdisc: tbf 1: on veth0 alarms on qdisc $c" \
			"python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not [f for l in d[\"layers\"] for f in l[\"findings\"] if f[\"counter\"] == \"qdisc $c\" and f[\"object\"] == \"tbf 1: on veth0\" and f[\"verdict\"] in (\"warning\", \"critical\")])' \"\$tmp/q.out\""
	done
fi

# ---- a link that is down -------------------------------------------------
# vc in NS, its peer vd in NS2: with vd set down, vc stays administratively
# up and the kernel says only "down" (NO-CARRIER; lowerlayerdown needs the
# lower device in the same namespace), as it does for a device set down.
# IFF_UP tells them apart: vc alarms, ve (set down on purpose in NS, its
# peer vf in NS2) is information only.
ip link add vc netns "$NS" type veth peer name vd netns "$NS2"
ip link add ve netns "$NS" type veth peer name vf netns "$NS2"
for d in vc ve; do ip -n "$NS" link set $d up; done
for d in vd vf; do ip -n "$NS2" link set $d up; done
for _ in $(seq 100); do # linkwatch sets operstate a moment later: polled
	ip -n "$NS" link show vc | grep -q "state UP" && ip -n "$NS" link show ve | grep -q "state UP" && break
	sleep 0.1
done
cap "$NS" down0
ip -n "$NS2" link set vd down
ip -n "$NS" link set ve down
for _ in $(seq 100); do
	ip -n "$NS" link show vc | grep -q "NO-CARRIER.*state DOWN" && break
	sleep 0.1
done
cap "$NS" down1
timeout $T "$NETOBS" show --json --capture "$tmp/down1.json" > "$tmp/down1.again.json"
ip -n "$NS" link del vc
ip -n "$NS" link del ve
doc down0 down1 down.out
expect down.out link vc
check "link names vc (admin up, peer down in another namespace)" '[ $? -eq 0 ]'
check "link: vc says admin up, operstate down; ve is information (set down)" \
	"python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); l=[l for l in d[\"layers\"] if l[\"layer\"] == \"link\"][0]; f={x[\"object\"]: x for x in l[\"findings\"] if x[\"counter\"] == \"operstate\"}; sys.exit(not (\"admin up, operstate down\" in f[\"vc\"][\"text\"] and f[\"vc\"][\"verdict\"] == \"warning\" and f[\"ve\"][\"verdict\"] == \"ok\" and \"set down\" in f[\"ve\"][\"text\"]))' \"\$tmp/down.out\""
check "capture: admin_up true for vc, false for ve" \
	"python3 -c 'import json,sys; d={x[\"name\"]: x for x in json.load(open(sys.argv[1]))[\"devices\"]}; sys.exit(not (d[\"vc\"][\"admin_up\"] is True and d[\"ve\"][\"admin_up\"] is False))' \"\$tmp/down1.json\""
no_warnings "$tmp/down1.json" "$tmp/down1.cmp" && no_warnings "$tmp/down1.again.json" "$tmp/down1.again.cmp"
check "a capture with a device set down reads back into the same bytes (cmp)" \
	'grep -q "\"admin_up\":false" "$tmp/down1.cmp" && cmp "$tmp/down1.cmp" "$tmp/down1.again.cmp"'

# ---- IP: packets for an address the receiver does not have ----------------
# NS routes 10.77.0.0/24 through NS2, whose forwarding is off:
# ip_route_input_slow() finds no forwarding, ip_error() counts InAddrErrors.
ip netns exec "$NS2" sysctl -qw net.ipv4.ip_forward=0
ip -n "$NS" route add 10.77.0.0/24 via 10.9.0.2
cap "$NS2" ip0
send_udp "$NS" 10.77.0.5 300
cap "$NS2" ip1
ip -n "$NS" route del 10.77.0.0/24
doc ip0 ip1 ip.out
expect ip.out ip "this namespace"
check "ip names the namespace's InAddrErrors" \
	'[ $? -eq 0 ] && grep -q "Ip.InAddrErrors" "$tmp/ip.out"'

# ---- TCP receive memory: receive buffers shrunk under open windows -------
# 100 connections on loopback: each receiver reads until its window is
# wide, then drops SO_RCVBUF to 2 kB and reads no more; the next segment
# overflows it (tcp_prune_queue(), then TCPRcvQDrop).  The holder waits
# for the counter (a condition), then resets the senders: the drops
# retransmit no more.  Retransmissions before the reset are real loss, so
# tcp_loss may alarm too (a consequence, shown as a note).
cat > "$tmp/rcvq.py" <<'PY'
import socket, struct, sys, time
n, ready, go, done = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def counter(name):
    lines = open("/proc/net/netstat").read().split("\n")
    for k, v in zip(lines[0::2], lines[1::2]):
        if k.startswith("TcpExt:"):
            return int(v.split()[k.split().index(name)])
ls = socket.socket()
ls.bind(("127.0.0.1", 7100))
ls.listen(n)
pairs = []
for _ in range(n):
    c = socket.create_connection(("127.0.0.1", 7100))
    s, _ = ls.accept()
    c.setblocking(False)
    s.setblocking(False)
    got = 0
    while got < 1 << 20:
        try:
            c.send(b"m" * 65536)
        except BlockingIOError:
            pass
        try:
            got += len(s.recv(1 << 20))
        except BlockingIOError:
            pass
    pairs.append((c, s))
open(ready, "w").close()
while True:
    try:
        open(go).close()
        break
    except FileNotFoundError:
        time.sleep(0.05)
start = counter("TCPRcvQDrop")
for c, s in pairs:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
for _ in range(400):
    for c, s in pairs:
        try:
            c.send(b"m" * 65536)
        except BlockingIOError:
            pass
    if counter("TCPRcvQDrop") - start >= n // 2:
        break
    time.sleep(0.01)
for c, s in pairs:
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
open(done, "w").write(str(counter("TCPRcvQDrop") - start))
PY
rm -f "$tmp/rcvq.ready" "$tmp/rcvq.go" "$tmp/rcvq.done"
ip netns exec "$NS" python3 "$tmp/rcvq.py" 100 "$tmp/rcvq.ready" "$tmp/rcvq.go" "$tmp/rcvq.done" &
holder=$!
if wait_for "$tmp/rcvq.ready" || wait_for "$tmp/rcvq.ready"; then
	cap "$NS" mem0
	touch "$tmp/rcvq.go"
	wait "$holder"
	holder=
	cap "$NS" mem1
	echo "   tcp_memory: TCPRcvQDrop +$(cat "$tmp/rcvq.done" 2> /dev/null)"
	doc mem0 mem1 mem.out
	expect mem.out tcp_memory "this namespace" tcp_loss
	check "tcp_memory names the namespace's receive-queue drops" '[ $? -eq 0 ]'
else
	fail "the receive-memory holder never got ready"
	stop_holder
fi

# ---- TCP loss: SYN-ACKs that never come back ----------------------------
# No matchall, gact, netem, nft or iptables here to drop packets; a
# blackhole route in NS2 back to NS does it: NS2's SYN-ACKs (and RSTs)
# find no route (Ip.OutNoRoutes there, no layer of NS's), and NS's
# connect()s retransmit their SYN after the 1 s initial RTO.  The sender
# waits for the counter (a condition), then gives up.
ip -n "$NS2" route add blackhole 10.9.0.1/32
cap "$NS" loss0
ip netns exec "$NS" python3 -c '
import socket, time
def retrans():
    lines = open("/proc/net/netstat").read().split("\n")
    for k, v in zip(lines[0::2], lines[1::2]):
        if k.startswith("TcpExt:"):
            return int(v.split()[k.split().index("TCPSynRetrans")])
start, socks = retrans(), []
for _ in range(20):
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex(("10.9.0.2", 8081))
    socks.append(s)
for _ in range(300):
    if retrans() - start >= 20:
        break
    time.sleep(0.05)
print("   tcp_loss: TCPSynRetrans +%d" % (retrans() - start))'
cap "$NS" loss1
ip -n "$NS2" route del blackhole 10.9.0.1/32
doc loss0 loss1 loss.out
expect loss.out tcp_loss "this namespace"
check "tcp_loss names the namespace's SYN retransmissions" \
	'[ $? -eq 0 ] && grep -q "TcpExt.TCPSynRetrans" "$tmp/loss.out"'

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
# scheduled): that is loss, and tcp_loss is right to say so, but it is not
# this case's point.  So a run whose only alarm is tcp_loss is run again,
# up to three runs; an alarm of any other layer fails at once.  Every
# run's alarms are printed and their total is in the check's name.
total=0
runs=0
for attempt in 1 2 3; do
	runs=$attempt
	false_alarms=$(busy_run)
	total=$((total + false_alarms))
	[ "$false_alarms" = 0 ] && break
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(any(l["verdict"] in ("warning","critical") and l["scope"] != "host" and l["layer"] != "tcp_loss" for l in d["layers"]))' "$tmp/busy.out" || break
	echo "   busy namespace, run $attempt: tcp_loss alone alarmed (above); once more"
done
echo "   busy namespace: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(", ".join("%s %s" % (l["layer"], l["verdict"]) for l in d["layers"]))' "$tmp/busy.out")"
check "clean busy namespace: $total false alarms in $runs runs, 0 in the last" '[ "$false_alarms" = 0 ]'

# ---- softnet backlog drops (host-wide: captures of this namespace) -------
if [ "$(nproc)" -lt 2 ] || ! command -v taskset > /dev/null; then
	echo "SKIP: cpu_backlog needs two CPUs and taskset"
elif ! ip netns exec "$NS2" sh -c 'echo 2 > /sys/class/net/veth1/queues/rx-0/rps_cpus'; then
	echo "SKIP: cpu_backlog: cannot set rps_cpus"
else
	mac=$(ip netns exec "$NS2" cat /sys/class/net/veth1/address)
	flood() { # MAC: 20,000 frames to veth1 from CPU 0, RPS takes them to CPU 1
		ip netns exec "$NS" taskset -c 0 python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("veth0", 0))
dst = bytes.fromhex(sys.argv[1].replace(":", ""))
frame = dst + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xb5" + b"z" * 100
for _ in range(20000):
    try:
        s.send(frame)
    except OSError: # ENOBUFS: the peer dropped it, which is the point
        pass' "$1"
	}
	# flood_with KNOB VALUE NAME: captures NAME0 and NAME1 around a flood
	# with net.core.KNOB at VALUE; old_KNOB holds the value the trap puts
	# back if the flood fails, emptied once restored here.
	flood_with() {
		local f=/proc/sys/net/core/$1
		eval "old_$1=\$(cat $f)"
		cap "" "${3}0"
		echo "$2" > "$f"
		flood "$mac"
		cap "" "${3}1"
		eval "echo \"\$old_$1\" > $f; old_$1="
	}
	# No other real-kernel test runs while the host's knobs are lowered.
	kernel_tests_exclusive
	flood_with netdev_max_backlog 2 bl
	# The NET_RX budget: netdev_budget = 1 makes every NET_RX run that
	# has more than one frame queued stop early (time_squeeze).
	flood_with netdev_budget 1 bu
	kernel_tests_shared_again
	doc bl0 bl1 bl.out
	# The host namespace is everyone's: only cpu_backlog is this case's.
	expect bl.out cpu_backlog "CPU 1" link,nic_ring,device_drops,cpu_budget,qdisc,ip,tcp_accept,tcp_memory,tcp_loss,udp,socket
	check "cpu_backlog names CPU 1" '[ $? -eq 0 ]'
	check "its knob is netdev_max_backlog = 2: double it" \
		'grep -q "net.core.netdev_max_backlog = 2: double it" "$tmp/bl.out"'
	doc bu0 bu1 bu.out
	expect bu.out cpu_budget "CPU 1" link,nic_ring,device_drops,cpu_backlog,qdisc,ip,tcp_accept,tcp_memory,tcp_loss,udp,socket
	check "cpu_budget names CPU 1" '[ $? -eq 0 ]'
	check "its knob is netdev_budget = 1" 'grep -q "net.core.netdev_budget = 1," "$tmp/bu.out"'
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
# 41 physical devices dropping: 40 warnings (3,000 of 103,000: 2.9 %), the
# last one critical (20,000 of 120,000), past the 32 findings a layer keeps.
for i in (0, 1):
    d = at(base, 5 * i)
    for n in range(41):
        dev = copy.deepcopy(eth9)
        dev.update(name="ethm%d" % n, ifindex=2000 + n, operstate="up", carrier=True)
        dev["counters"]["tx_bytes"] = 0
        dev["counters"]["rx_packets"] = 100000 * i
        dev["counters"]["rx_dropped"] = (20000 if n == 40 else 3000) * i
        d["devices"].append(dev)
    docs["many%d" % i] = d
for i in (0, 1):
    d = at(base, 5 * i)
    d.pop("stack")
    for sec in ("snmp", "netstat", "snmp6"):
        d["sections"][sec]["ok"] = False
    docs["nosnmp%d" % i] = d
for i in (0, 1):
    d = at(base, 5 * i)
    d["sections"]["netstat"]["ok"] = False
    d["stack"] = {k: v for k, v in d["stack"].items()
                  if not k.startswith(("TcpExt.", "IpExt.", "MPTcpExt."))}
    docs["nonetstat%d" % i] = d
    d = at(base, 5 * i)
    for sec in d["sections"].values():
        sec["ok"] = False
    for key in ("stack", "sockets", "qdiscs", "softnet", "softirqs", "tunables", "peers"):
        d.pop(key, None)
    d["devices"] = []
    docs["none%d" % i] = d
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
doc many0 many1 many.out
timeout $T "$NETOBS" doctor "$tmp/many0.json" "$tmp/many1.json" > "$tmp/many.txt" 2> /dev/null
check "41 dropping devices: device_drops keeps 32, the critical last one first" \
	"python3 -c 'import json,sys; l=[l for l in json.load(open(sys.argv[1]))[\"layers\"] if l[\"layer\"] == \"device_drops\"][0]; sys.exit(not (l[\"verdict\"] == \"critical\" and len(l[\"findings\"]) == 32 and l[\"findings\"][0][\"object\"] == \"ethm40\"))' \"\$tmp/many.out\""
check "41 dropping devices: JSON counts the 9 warnings not kept, other layers none" \
	"python3 -c 'import json,sys; ls=json.load(open(sys.argv[1]))[\"layers\"]; sys.exit(not all(l[\"findings_omitted\"] == ({\"ok\": 0, \"warning\": 9, \"critical\": 0} if l[\"layer\"] == \"device_drops\" else {\"ok\": 0, \"warning\": 0, \"critical\": 0}) for l in ls))' \"\$tmp/many.out\""
check "41 dropping devices: text says ... and 9 more under device_drops" \
	'sed -n "/^device_drops (/,/^\$/p" "$tmp/many.txt" | grep -qx "  ... and 9 more (9 warning, 0 critical)"'
# ethm35 is among the 9 only counted: filtered, it is judged all the same.
timeout $T "$NETOBS" doctor --json --exclude 'ethm?' --exclude 'ethm[0-24]?' \
	--exclude 'ethm3[0-46-9]' "$tmp/many0.json" "$tmp/many1.json" > "$tmp/many35.out" 2> /dev/null
echo $? > "$tmp/many35.rc"
check "41 dropping devices, all but ethm35 excluded: its warning judged, exit 10" \
	"grep -qx 10 \"\$tmp/many35.rc\" && python3 -c 'import json,sys; l=[l for l in json.load(open(sys.argv[1]))[\"layers\"] if l[\"layer\"] == \"device_drops\"][0]; sys.exit(not (l[\"verdict\"] == \"warning\" and [f[\"object\"] for f in l[\"findings\"]] == [\"ethm35\"]))' \"\$tmp/many35.out\""
doc quiet0 quiet1 quiet.out
check "nothing changed: exit 0" 'grep -qx 0 "$tmp/quiet.out.rc"'
check "no hardware NIC: nic_ring unobservable, never ok" \
	'grep -q "\"layer\":\"nic_ring\",\"verdict\":\"unobservable\"" "$tmp/quiet.out"'
doc nosnmp0 nosnmp1 nosnmp.out
check "no snmp, netstat, snmp6 sections: ip unknown, with the reason" \
	'grep -q "\"layer\":\"ip\",\"verdict\":\"unknown\",\"scope\":\"netns\",\"reason\":\"/proc/net/{snmp, netstat, snmp6} absent from a snapshot" "$tmp/nosnmp.out"'
doc nonetstat0 nonetstat1 nonetstat.out
for l in tcp_memory tcp_accept; do
	check "no netstat section: $l unknown, naming netstat" \
		"grep -q '\"layer\":\"$l\",\"verdict\":\"unknown\",\"scope\":\"netns\",\"reason\":\"[^\"]*netstat' \"\$tmp/nonetstat.out\""
done
for l in ip tcp_loss; do
	check "no netstat section: $l unknown although the rest shows no loss" \
		"grep -q '\"layer\":\"$l\",\"verdict\":\"unknown\",\"scope\":\"netns\",\"reason\":\"/proc/net/{netstat} absent from a snapshot; the rest shows no loss' \"\$tmp/nonetstat.out\""
done
check "no netstat section: udp (Udp and Udp6 read) still ok" \
	"grep -q '\"layer\":\"udp\",\"verdict\":\"ok\"' \"\$tmp/nonetstat.out\""
doc none0 none1 none.out
check "every section absent: exit 12 (unknown)" 'grep -qx 12 "$tmp/none.out.rc"'
check "every section absent: no layer ok" '! grep -q "\"verdict\":\"ok\"" "$tmp/none.out"'
# --plugin: the monitoring-plugins codes and first line.
plugin() { # A B NAME: doctor --plugin over two captures
	timeout $T "$NETOBS" doctor --plugin "$tmp/$1.json" "$tmp/$2.json" > "$tmp/$3" 2> /dev/null
	echo $? > "$tmp/$3.rc"
}
plugin quiet0 quiet1 pq.out
check "--plugin, nothing changed: exit 0, NETOBS OK with perfdata" \
	'grep -qx 0 "$tmp/pq.out.rc" && head -1 "$tmp/pq.out" | grep -qE "^NETOBS OK - .* \| ok=[0-9]+;;;0;12 warning=0;;;0;12 critical=0;;;0;12 unknown=[0-9]+;;;0;12$"'
plugin ring0 ring1 pr.out
check "--plugin, ring and crc errors: exit 2, NETOBS CRITICAL naming eth9" \
	'grep -qx 2 "$tmp/pr.out.rc" && head -1 "$tmp/pr.out" | grep -qE "^NETOBS CRITICAL - nic_ring: rx_missed_errors .*eth9.* \| ok=[0-9]+;;;0;12 warning=1;;;0;12 critical=1;;;0;12 "'
plugin none0 none1 pn.out
check "--plugin, every section absent: exit 3, NETOBS UNKNOWN" \
	'grep -qx 3 "$tmp/pn.out.rc" && head -1 "$tmp/pn.out" | grep -q "^NETOBS UNKNOWN - "'
timeout $T "$NETOBS" doctor --plugin "$tmp/none0.json" "$tmp/nosuch.json" > "$tmp/pe.out" 2> /dev/null
check "--plugin, an unreadable capture: exit 3, NETOBS UNKNOWN" \
	'[ $? -eq 3 ] && grep -q "^NETOBS UNKNOWN - " "$tmp/pe.out"'
"$NETOBS" doctor --plugin --json > /dev/null 2>&1
check "--plugin --json: a usage error, which a plugin says as 3" '[ $? -eq 3 ]'
"$NETOBS" doctor "$tmp/missing1.json" "$tmp/missing2.json" > /dev/null 2> "$tmp/missing.err"
check "two missing captures: exit 1, the file cannot be read" \
	'[ $? -eq 1 ] && grep -q "cannot read capture .*missing1.json" "$tmp/missing.err"'
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

# --strict: in a namespace the global sysctls are hidden, a warning.
timeout $T ip netns exec "$NS" "$NETOBS" doctor --strict -i 0.2 > /dev/null 2> "$tmp/strict.err"
rc=$?
check "doctor --strict with a warning: exit 1 ($rc), says so" \
	'[ $rc -eq 1 ] && grep -q "warning: " "$tmp/strict.err" && grep -q -- "--strict: " "$tmp/strict.err"'
timeout $T ip netns exec "$NS" "$NETOBS" doctor --plugin --strict -i 0.2 > "$tmp/strict.out" 2> /dev/null
rc=$?
check "doctor --plugin --strict with a warning: exit 3 ($rc), NETOBS UNKNOWN - --strict" \
	'[ $rc -eq 3 ] && head -1 "$tmp/strict.out" | grep -q "^NETOBS UNKNOWN - --strict: "'

echo "doctor: $n checks, $failed failed"
[ $failed -eq 0 ]
