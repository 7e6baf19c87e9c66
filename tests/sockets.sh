#!/bin/bash
# The sockets section against a real kernel, in a network namespace of its
# own: a UDP socket with SO_RCVBUF 2048 that is never read gets N=500
# datagrams over loopback; netobs must list it with its process, and its
# drop count must equal both the datagrams that were not queued (N minus
# what a drain afterwards reads) and the namespace's Udp RcvbufErrors
# delta.  A listen(fd, 1) socket never accepting gets 20 non-blocking
# connects: listed with accept queue 2 (backlog + 1, sk_acceptq_is_full
# is ">") and backlog 1.  Then the Prometheus series, show's summary,
# --all, --root, and a watch line when drops rise.
# Root only; the namespace and the holder process go on any exit.
set -u

N=500
UDP_PORT=9999
TCP_PORT=7777
T=30

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: sockets needs root for its network namespace"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"

NS="netobs-sock-$$"
tmp=$(mktemp -d) || exit 1
made_ns=no
holder=
cleanup() {
	[ -n "$holder" ] && kill "$holder" 2> /dev/null && wait "$holder" 2> /dev/null
	[ $made_ns = yes ] && ip netns del "$NS" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

netns_add_first "$NS"
made_ns=yes
ip -n "$NS" link set lo up

failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "FAIL $n - $*"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }

nb() {
	local out=$1
	shift
	timeout $T ip netns exec "$NS" "$NETOBS" "$@" > "$out" 2> "$out.err"
}

# Udp RcvbufErrors of the namespace, read directly.
rcvbuf_errors() {
	ip netns exec "$NS" awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1 }
		else print $c["RcvbufErrors"] }' /proc/net/snmp
}

# The holder: sockets made, flooded, then parked; SIGUSR1 drains the UDP
# queue into tmp/drained, SIGUSR2 sends 100 more datagrams.
cat > "$tmp/holder.py" <<PY
import os, signal, socket, sys, time
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
rx.bind(("127.0.0.1", $UDP_PORT))
quiet = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
quiet.bind(("127.0.0.1", $UDP_PORT + 1))
tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
def send(k):
    for _ in range(k):
        tx.sendto(b"x" * 1000, ("127.0.0.1", $UDP_PORT))
def drain(*_):
    rx.setblocking(False)
    got = 0
    try:
        while True:
            rx.recv(4096)
            got += 1
    except BlockingIOError:
        pass
    with open("$tmp/drained.tmp", "w") as f:
        f.write("%d\n" % got)
    os.rename("$tmp/drained.tmp", "$tmp/drained")
signal.signal(signal.SIGUSR1, drain)
signal.signal(signal.SIGUSR2, lambda *_: send(100))
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.bind(("127.0.0.1", $TCP_PORT))
ls.listen(1)
send($N)
clients = []
for _ in range(20):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setblocking(False)
    c.connect_ex(("127.0.0.1", $TCP_PORT))
    clients.append(c)
time.sleep(0.5)
open("$tmp/ready", "w").close()
while True:
    signal.pause()
PY

before=$(rcvbuf_errors)
ip netns exec "$NS" python3 "$tmp/holder.py" &
holder=$!
for _ in $(seq 100); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
[ -e "$tmp/ready" ] || { fail "the holder never got ready"; exit 1; }
after=$(rcvbuf_errors)

nb "$tmp/s.json" sockets --json
check "sockets --json exits 0" '[ $? -eq 0 ]'
kill -USR1 "$holder"
for _ in $(seq 50); do [ -e "$tmp/drained" ] && break; sleep 0.1; done
drained=$(cat "$tmp/drained" 2> /dev/null || echo missing)

python3 - "$tmp/s.json" "$holder" "$N" "$drained" "$((after - before))" \
	"$UDP_PORT" "$TCP_PORT" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
pid, n, drained, snmp = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
udp_port, tcp_port = int(sys.argv[6]), int(sys.argv[7])
fails = 0
def check(what, cond):
    global fails
    print(("ok" if cond else "FAIL") + " - " + what)
    fails += not cond
socks = doc["sockets"]
check("section sockets ok, scope netns", doc["sections"]["sockets"] == {"ok": True, "scope": "netns"})
u = [s for s in socks if s["proto"] == "udp" and s["port"] == udp_port]
check("the flooded UDP socket is listed once", len(u) == 1)
if u:
    u = u[0]
    print("   udp: drops=%s rqueue=%s rcvbuf=%s pid=%s comm=%s; sent %d, drained %d, RcvbufErrors +%d"
          % (u["drops"], u["rqueue"], u["rcvbuf"], u["pid"], u["comm"], n, drained, snmp))
    check("its pid is the holder's", u["pid"] == pid and u["comm"] == "python3")
    check("drops == sent - drained (%d)" % (n - drained), u["drops"] == n - drained)
    check("drops == Udp RcvbufErrors delta (%d)" % snmp, u["drops"] == snmp)
    check("drops > 0, local 127.0.0.1, state unconn",
          u["drops"] > 0 and u["local"] == "127.0.0.1" and u["state"] == "unconn")
    check("no accept queue on UDP", u["accept_queue"] is None and u["backlog"] is None)
check("the quiet UDP socket is left out", not [s for s in socks if s["port"] == udp_port + 1])
t = [s for s in socks if s["proto"] == "tcp" and s["port"] == tcp_port]
check("the listener is listed", len(t) == 1)
if t:
    t = t[0]
    print("   tcp: accept_queue=%s backlog=%s drops=%s" % (t["accept_queue"], t["backlog"], t["drops"]))
    check("accept queue == backlog + 1 == 2", t["accept_queue"] == 2 and t["backlog"] == 1)
    check("listener drops > 0, state listen, pid", t["drops"] > 0 and t["state"] == "listen" and t["pid"] == pid)
drops = [s["drops"] or 0 for s in socks]
check("ordered by drops", drops == sorted(drops, reverse=True))
sys.exit(1 if fails else 0)
PY
check "the JSON checks" '[ $? -eq 0 ]'

nb "$tmp/all.json" sockets --all --json
check "--all lists the quiet socket too" \
	"python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not [s for s in d[\"sockets\"] if s[\"port\"] == $((UDP_PORT + 1))])' $tmp/all.json"

nb "$tmp/table" sockets
check "the table names the socket and its process" \
	"grep -Eq '^udp +127.0.0.1 +$UDP_PORT +unconn .* $holder python3\$' $tmp/table"

nb "$tmp/show" show
check "show's summary line names the socket" \
	"grep -Eq '^sockets: 2 dropping: (udp 127.0.0.1:$UDP_PORT \\(python3\\) [0-9]+ drops|tcp 127.0.0.1:$TCP_PORT)' $tmp/show"

nb "$tmp/prom" sockets --prom
check "prom: the UDP socket's series" \
	"grep -Eq '^netobs_socket_drops_total\\{proto=\"udp\",local=\"127.0.0.1\",port=\"$UDP_PORT\",comm=\"python3\"\\} [1-9]' $tmp/prom"
check "prom: two dropping, two series" \
	"grep -q '^netobs_sockets_dropping 2\$' $tmp/prom && [ \$(grep -c '^netobs_socket_drops_total{' $tmp/prom) -eq 2 ]"
if command -v promtool > /dev/null; then
	promtool check metrics < "$tmp/prom" > "$tmp/promtool" 2>&1
	check "promtool has nothing to say" "[ ! -s $tmp/promtool ]"
fi

timeout $T "$NETOBS" --root "$FIXTURES/bare-metal" --json sockets > "$tmp/root.json" 2> "$tmp/root.err"
check "--root: sockets absent, no warning" \
	"python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d[\"sections\"][\"sockets\"][\"ok\"] is False and d[\"warnings\"] == [] and d[\"sockets\"] == []))' $tmp/root.json"

timeout $T ip netns exec "$NS" "$NETOBS" watch -i 0.3 -c 6 > "$tmp/watch" 2>&1 &
watcher=$!
sleep 0.8
kill -USR2 "$holder"
wait "$watcher"
check "watch: a line when the socket's drops rise" \
	"grep -Eq 'sockets: udp 127.0.0.1:$UDP_PORT \\(python3\\) drops=\\+[1-9][0-9]* drops/s=' $tmp/watch"

echo "$n checks, $failed failed"
[ $failed -eq 0 ]
