#!/bin/bash
# A long-running service on the sampler (tests/service.c) against a real
# kernel: in a namespace of its own, a veth whose peer sits in a second
# namespace carries exactly known UDP batches while this script adds and
# removes veth pairs beside it.  service.c asserts the deltas exact, RSS
# flat after warm-up and no descriptor leaked.  Root only; about 10-30 s.
set -u

TICKS=${SERVICE_TICKS:-3000}

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
cleanup() {
	[ -n "$churn_pid" ] && kill "$churn_pid" 2> /dev/null && wait "$churn_pid" 2> /dev/null
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
set +e

# Device churn beside va for as long as the service runs.
(
	i=0
	while :; do
		ip -n "$NS" link add "c$i" type veth peer name "d$i" 2> /dev/null
		ip -n "$NS" link del "c$i" 2> /dev/null
		i=$(((i + 1) % 50))
	done
) &
churn_pid=$!

start=$(date +%s)
timeout 120 ip netns exec "$NS" "$SERVICE" va 10.99.0.2 "$TICKS"
rc=$?
echo "service: $(($(date +%s) - start)) s, exit $rc"
exit $rc
