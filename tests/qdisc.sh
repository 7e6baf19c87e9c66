#!/bin/sh
# netobs qdisc against tc in a namespace of its own: a tbf that drops, its
# drops, packets and bytes equal to what `tc -s -j qdisc show` says right
# after; and an mq root whose children (one per TX queue) are all listed.
set -eu
. "${top_srcdir:-.}/tests/testlib.sh"
command -v tc > /dev/null || { echo "SKIP: tc missing"; exit 77; }

NS=netobs-qdisc-$$
trap 'ip netns del $NS 2> /dev/null || true' EXIT INT TERM
netns_add_first $NS
netns_quiet $NS || { echo "FAIL: cannot turn IPv6 off in $NS"; exit 1; }
in_ns() { ip netns exec $NS "$@"; }

in_ns ip link add vA type veth peer name vB
in_ns ip link set vA up
in_ns ip link set vB up
in_ns tc qdisc replace dev vA root handle 1: tbf rate 1mbit burst 2k limit 3000

# 400 frames of 1000 B through AF_PACKET: the tbf drops most (ENOBUFS).
in_ns python3 - << 'PY'
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("vA", 0))
frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00" + b"\x00" * 986
for _ in range(400):
    try:
        s.send(frame)
    except OSError:
        pass
PY

# The tbf still releases what it queued, at its rate: wait (bounded) until
# its queue is empty, so both readings see the same, final counters.
for _ in $(seq 100); do
	in_ns tc -s -j qdisc show dev vA | python3 -c '
import json, sys
q = [q for q in json.load(sys.stdin) if q["kind"] == "tbf"]
sys.exit(0 if q and q[0].get("qlen", 0) == 0 and q[0].get("backlog", 0) == 0 else 1)' && break
	sleep 0.05
done
out=$(in_ns "$NETOBS" qdisc --json vA)
tcout=$(in_ns tc -s -j qdisc show dev vA)
python3 - "$out" "$tcout" << 'PY'
import json, sys
ours = [q for q in json.loads(sys.argv[1])["qdiscs"] if q["kind"] == "tbf"]
tc = [q for q in json.loads(sys.argv[2]) if q["kind"] == "tbf"]
assert len(ours) == 1 and len(tc) == 1, (ours, tc)
o, t = ours[0], tc[0]
for k_ours, k_tc in (("drops", "drops"), ("packets", "packets"), ("bytes", "bytes"),
                     ("overlimits", "overlimits"), ("requeues", "requeues")):
    assert o["stats"][k_ours] == t[k_tc], (k_ours, o["stats"][k_ours], t[k_tc])
assert o["stats"]["drops"] > 0, "the tbf dropped nothing: %r" % o
assert o["device"] == "vA" and o["handle"] == "1:" and o["parent"] == "root", o
print("tbf: drops=%d packets=%d bytes=%d equal tc" %
      (o["stats"]["drops"], o["stats"]["packets"], o["stats"]["bytes"]))
PY

prom=$(in_ns "$NETOBS" qdisc --prom vA)
echo "$prom" | grep -q '^netobs_qdisc_drops_total{device="vA",kind="tbf",handle="1:",parent="root"} [1-9]' ||
	{ echo "FAIL: no drops series: $prom"; exit 1; }
in_ns "$NETOBS" show vA | grep -q "qdiscs with drops: vA tbf 1:" ||
	{ echo "FAIL: show has no qdisc drops line"; exit 1; }

# mq: a veth with 4 TX queues.
if ! in_ns ip link add mA numtxqueues 4 type veth peer name mB numtxqueues 4 2> /dev/null; then
	echo "SKIP: mq case: veth refuses numtxqueues 4"
elif ! in_ns tc qdisc replace dev mA root handle 7: mq 2> /dev/null; then
	echo "SKIP: mq case: tc qdisc replace dev mA root mq refused"
else
	n=$(in_ns "$NETOBS" qdisc --json mA | python3 -c '
import json, sys
qs = json.load(sys.stdin)["qdiscs"]
print(sum(1 for q in qs if q["parent"].startswith("7:")))')
	[ "$n" = 4 ] || { echo "FAIL: mq children listed: $n, want 4"; exit 1; }
	echo "mq: 4 children listed"
fi

# A captured tree has no qdiscs: absent (ok false), and nothing went wrong,
# so no warning is said.
"$NETOBS" qdisc --json --root "$FIXTURES/bare-metal" 2> /dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["sections"]["qdiscs"]["ok"] is False, d["sections"]
assert not any(w["section"] == "qdiscs" for w in d["warnings"]), d["warnings"]'
echo "PASS"
