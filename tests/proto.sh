#!/bin/bash
# The protocol counters against a real kernel, in a network namespace of
# its own (these counters are per namespace, so nothing else moves them):
#  (a) a UDP socket with SO_RCVBUF 2048 that is never read gets exactly
#      N=500 datagrams over loopback: Udp.RcvbufErrors (netobs stack --json
#      before and after) rises by the number of datagrams that were not
#      queued (500 minus what a read then finds), and by what `nstat -asz`
#      (iproute2) reads at the same moments;
#  (b) a listener with listen(1) that never accepts and 20 connects:
#      TcpExt.ListenOverflows rises, as nstat says too.
# Root only; every netobs call runs under timeout; the namespace goes on any
# exit.
set -u

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: proto needs root for its network namespace"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"
have_nstat=yes
command -v nstat > /dev/null || { have_nstat=no; echo "note: no nstat: comparing with netobs alone"; }

NS="netobs-proto-$$"
tmp=$(mktemp -d) || exit 1
made_ns=no
cleanup() {
	[ $made_ns = yes ] && ip netns del "$NS" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

netns_add_first "$NS"
made_ns=yes
ip -n "$NS" link set lo up || { echo "FAIL: lo up"; exit 1; }

cat > "$tmp/proto.py" << 'PYEOF'
import json, socket, subprocess, sys, time

NETOBS, HAVE_NSTAT, CASE = sys.argv[1], sys.argv[2] == "yes", sys.argv[3]
N = 500


def netobs(name):
    out = subprocess.run(["timeout", "20", NETOBS, "-q", "stack", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["stack"][name]


def nstat(name):
    """iproute2's reading: "UdpRcvbufErrors" for "Udp.RcvbufErrors"."""
    if not HAVE_NSTAT:
        return None
    out = subprocess.run(["timeout", "20", "nstat", "-asz"], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == name.replace(".", ""):
            return int(f[1])
    raise SystemExit("FAIL: nstat has no " + name)


def both(name):
    return netobs(name), nstat(name)


def report(name, before, after, want=None):
    d_netobs = after[0] - before[0]
    d_nstat = None if after[1] is None else after[1] - before[1]
    print("%s: netobs delta %d, nstat delta %s%s" % (
        name, d_netobs, d_nstat, "" if want is None else ", expected %d" % want))
    ok = d_nstat is None or d_nstat == d_netobs
    if want is not None:
        ok = ok and d_netobs == want
    return ok, d_netobs


def udp():
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    rx.bind(("127.0.0.1", 0))
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    before = both("Udp.RcvbufErrors")
    for _ in range(N):
        tx.sendto(b"x" * 200, rx.getsockname())
    time.sleep(0.3)  # loopback delivers in softirq: let the backlog drain
    after = both("Udp.RcvbufErrors")
    queued = 0
    rx.setblocking(False)
    try:
        while True:
            rx.recv(4096)
            queued += 1
    except BlockingIOError:
        pass
    print("udp: %d sent, %d queued, %d not" % (N, queued, N - queued))
    ok, d = report("Udp.RcvbufErrors", before, after, N - queued)
    return ok and d > 0


def listen():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    before = both("TcpExt.ListenOverflows")
    clients = []
    for _ in range(20):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.setblocking(False)
        c.connect_ex(srv.getsockname())
        clients.append(c)
    time.sleep(0.5)
    # The clients' SYN retries (at 1 s, 3 s ...) would overflow again
    # between netobs's reading and nstat's: closed, they answer the
    # server's retries with a reset, which overflows nothing.
    for c in clients:
        c.close()
    after = both("TcpExt.ListenOverflows")
    ok, d = report("TcpExt.ListenOverflows", before, after)
    return ok and d > 0


sys.exit(0 if {"udp": udp, "listen": listen}[CASE]() else 1)
PYEOF

failed=0
for case in udp listen; do
	if ip netns exec "$NS" python3 "$tmp/proto.py" "$NETOBS" $have_nstat $case; then
		echo "ok - $case"
	else
		echo "not ok - $case"
		failed=$((failed + 1))
	fi
done
[ $failed -eq 0 ] && echo "PASS: proto" || echo "FAIL: proto ($failed)"
[ $failed -eq 0 ]
