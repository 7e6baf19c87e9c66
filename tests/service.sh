#!/bin/bash
# A long-running service on the sampler (tests/service.c) against a real
# kernel: in a namespace of its own, a veth under a pfifo whose peer sits in
# a second namespace carries exactly known UDP batches while this script
# adds and removes POOL veth pairs at once beside it.  service.c asserts the
# deltas and rates exact, no allocation, flat RSS and no descriptor leaked
# after warm-up.  Root only; about 10-20 s.
set -u

TICKS=${SERVICE_TICKS:-3000}
POOL=${SERVICE_POOL:-16} # veth pairs made and removed at once: a link dump in several parts

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: service needs root for its network namespaces"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"
SERVICE="$top_builddir/tests/service"
[ -x "$SERVICE" ] || { echo "SKIP: tests/service not built (no Check?)"; exit 77; }
case $SERVICE in /*) ;; *) SERVICE="$PWD/$SERVICE" ;; esac

NS="netobs-svc-$$"
PEER="netobs-svcp-$$"
made=no
churn_pid=
svc_pid=
out=
cleanup() {
	[ -n "$churn_pid" ] && kill "$churn_pid" 2> /dev/null && wait "$churn_pid" 2> /dev/null
	[ -n "$svc_pid" ] && kill "$svc_pid" 2> /dev/null && wait "$svc_pid" 2> /dev/null
	[ -n "$out" ] && rm -f "$out"
	if [ $made = yes ]; then
		ip netns del "$NS" 2> /dev/null
		ip netns del "$PEER" 2> /dev/null
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

netns_add_first "$NS"
made=yes
ip netns add "$PEER" || exit 1

# va (10.99.0.1) here, vb (10.99.0.2) in the peer namespace.  No IPv6 and
# a permanent neighbour entry: nothing but the test's datagrams leaves va.
set -e
ip -n "$NS" link add va type veth peer name vb netns "$PEER"
ip netns exec "$NS" sysctl -qw net.ipv6.conf.va.disable_ipv6=1
ip netns exec "$PEER" sysctl -qw net.ipv6.conf.vb.disable_ipv6=1
ip -n "$NS" addr add 10.99.0.1/24 dev va
ip -n "$PEER" addr add 10.99.0.2/24 dev vb
ip -n "$NS" link set lo up
ip -n "$NS" link set va up
ip -n "$PEER" link set vb up
mac=$(ip -n "$PEER" -o link show vb | sed -n 's|.*link/ether \([0-9a-f:]*\).*|\1|p')
ip -n "$NS" neigh replace 10.99.0.2 lladdr "$mac" dev va nud permanent
# The peer's ICMP port-unreachable replies would make it ask for va by ARP,
# and va's ARP reply is a frame the test did not send.
mac=$(ip -n "$NS" -o link show va | sed -n 's|.*link/ether \([0-9a-f:]*\).*|\1|p')
ip -n "$PEER" neigh replace 10.99.0.1 lladdr "$mac" dev vb nud permanent
ip netns exec "$NS" tc qdisc add dev va root pfifo
set +e

# Every pair the churn uses, at once, while the service warms up: it sees
# every name and the most devices before it starts counting allocations.
pairs() {
	for i in $(seq 0 $((POOL - 1))); do
		echo "link $1 c$i${2:+ type veth peer name d$i}"
	done
}
pairs add veth | ip -n "$NS" -batch - || exit 1

out=$(mktemp)
start=$(date +%s)
timeout 120 ip netns exec "$NS" "$SERVICE" va 10.99.0.2 "$TICKS" > "$out" &
svc_pid=$!
# Wait for "warm" (or an early exit), not for a time.
while ! grep -q '^warm$' "$out" && kill -0 "$svc_pid" 2> /dev/null; do
	sleep 0.05
done
(
	while :; do
		pairs del | ip -n "$NS" -batch - 2> /dev/null
		pairs add veth | ip -n "$NS" -batch - 2> /dev/null
	done
) &
churn_pid=$!
wait "$svc_pid"
rc=$?
svc_pid=
grep -v '^warm$' "$out"
echo "service: $(($(date +%s) - start)) s, exit $rc"
exit $rc
