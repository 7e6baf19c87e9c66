#!/bin/bash
# Host veths tied to their containers, on the real kernel: a namespace H
# stands for the host (nothing of the machine's own is touched), three
# "container" namespaces each hold the peer of a veth in H and a parked
# process.  The test makes a cgroup v2 hierarchy of its own and moves the
# processes into a docker-shaped scope (docker-<64 hex>.scope) and a
# nomad-shaped one (nomad.slice/share.slice/<alloc>.<task>.scope); the
# third stays where it is.  netobs read inside H, and from outside with
# --netns, must name each peer, its namespace and its container exactly,
# in JSON and in Prometheus.  Root only; namespaces, processes, cgroups
# and any cgroup2 mount it made go on every exit.
set -u

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: containers needs root for namespaces and cgroups"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"

H="netobs-ch-$$"
C1="netobs-c1-$$"
C2="netobs-c2-$$"
C3="netobs-c3-$$"
C4="netobs-c4-$$"	# no process inside: found by its ip netns name alone
ID=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
ALLOC=$(python3 -c 'import uuid; print(uuid.uuid4())')
tmp=$(mktemp -d) || exit 1
pids=()
cgroot=
mounted=
made=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; wait "$p" 2> /dev/null; done
	if [ -n "$cgroot" ] && [ -d "$cgroot" ]; then
		# Deepest first: a cgroup goes only when empty of children.
		find "$cgroot" -depth -type d -exec rmdir {} \; 2> /dev/null
	fi
	[ -n "$mounted" ] && umount "$mounted" 2> /dev/null && rmdir "$mounted"
	for p in "${made[@]}"; do ip netns del "$p" 2> /dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*"
	exit 1
}

# cgroup2 where /proc/mounts says; else one mounted for this test.
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -z "$cg2" ]; then
	mounted=$(mktemp -d) || exit 1
	mount -t cgroup2 none "$mounted" || fail "cannot mount cgroup2"
	cg2=$mounted
fi
cgroot="$cg2/netobs-test-$$.slice"

netns_add_first "$H"
made+=("$H")
for ns in "$C1" "$C2" "$C3" "$C4"; do
	ip netns add "$ns" || fail "ip netns add $ns"
	made+=("$ns")
done
ip -n "$H" link add hd0 type veth peer name eth0 netns "$C1" || fail "veth to $C1"
ip -n "$H" link add hn0 type veth peer name eth0 netns "$C2" || fail "veth to $C2"
ip -n "$H" link add hp0 type veth peer name eth1 netns "$C3" || fail "veth to $C3"
ip -n "$H" link add ho0 type veth peer name eth2 netns "$C4" || fail "veth to $C4"

park() {
	ip netns exec "$1" sleep 600 &
	pids+=($!)
	local i
	for i in $(seq 100); do
		[ "$(stat -L -c %i /proc/$!/ns/net)" = "$(stat -L -c %i "/run/netns/$1")" ] && return
		sleep 0.05
	done
	fail "the process parked in $1 never entered it"
}
park "$C1"; p1=${pids[-1]}
park "$C2"; p2=${pids[-1]}
park "$C3"
docker_cg="$cgroot/docker-$ID.scope"
nomad_cg="$cgroot/nomad.slice/share.slice/$ALLOC.web.scope"
mkdir -p "$docker_cg" "$nomad_cg" || fail "mkdir in $cg2"
echo "$p1" > "$docker_cg/cgroup.procs" || fail "move $p1 to $docker_cg"
echo "$p2" > "$nomad_cg/cgroup.procs" || fail "move $p2 to $nomad_cg"
grep -q "^0::/netobs-test-$$.slice/docker-$ID.scope$" "/proc/$p1/cgroup" ||
	fail "$p1 not in its docker scope: $(cat "/proc/$p1/cgroup")"

ino() { stat -L -c %i "/run/netns/$1"; }
want=$(cat <<END
hd0 eth0 $(ino "$C1") $C1 docker ${ID:0:12} $ID
hn0 eth0 $(ino "$C2") $C2 nomad ${ALLOC:0:8}.web $ALLOC
ho0 eth2 $(ino "$C4") $C4 - - -
hp0 eth1 $(ino "$C3") $C3 - - -
END
)
peers='
import json, sys
d = json.load(sys.stdin)
for p in sorted(d["peers"], key=lambda p: p["device"]):
    c = p["container"] or {"runtime": "-", "name": "-", "id": "-"}
    print(p["device"], p["peer"], p["netns"]["inode"], p["netns"]["name"],
          c["runtime"], c["name"], c["id"])
'
got=$(ip netns exec "$H" "$NETOBS" devices --json 2> "$tmp/err" | python3 -c "$peers") ||
	fail "inside $H: $(cat "$tmp/err")"
[ "$got" = "$want" ] || fail "inside $H:
got:
$got
want:
$want"
got=$("$NETOBS" devices --json --netns "$H" 2> "$tmp/err" | python3 -c "$peers") ||
	fail "--netns $H: $(cat "$tmp/err")"
[ "$got" = "$want" ] || fail "--netns $H:
got:
$got
want:
$want"

"$NETOBS" devices --prom --netns "$H" > "$tmp/prom" 2> "$tmp/err" || fail "--prom: $(cat "$tmp/err")"
grep '^netobs_device_peer_info{' "$tmp/prom" | sort > "$tmp/got"
cat > "$tmp/want" <<END
netobs_device_peer_info{device="hd0",peer="eth0",peer_netns="$(ino "$C1")",peer_container="docker/${ID:0:12}"} 1
netobs_device_peer_info{device="hn0",peer="eth0",peer_netns="$(ino "$C2")",peer_container="nomad/${ALLOC:0:8}.web"} 1
netobs_device_peer_info{device="ho0",peer="eth2",peer_netns="$(ino "$C4")",peer_container=""} 1
netobs_device_peer_info{device="hp0",peer="eth1",peer_netns="$(ino "$C3")",peer_container=""} 1
END
diff -u "$tmp/want" "$tmp/got" || fail "netobs_device_peer_info series differ"
# Roles: the bridges the projects name so, and the veths whose peer a
# container owns (hp0's peer is in no container: no role).
for br in docker0 br-0123456789ab nomad cni0; do
	ip -n "$H" link add "$br" type bridge || fail "bridge $br"
done
ip -n "$H" link add br-lan type bridge || fail "bridge br-lan"
roles='
import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted("%s=%s" % (x["name"], x["role"]) for x in d["devices"])))
'
got=$("$NETOBS" devices --json --netns "$H" --role container-veth | python3 -c "$roles")
[ "$got" = "hd0=container-veth hn0=container-veth" ] || fail "--role container-veth: $got"
got=$("$NETOBS" devices --json --netns "$H" --role docker-bridge,docker-network \
	--role nomad-bridge,cni-bridge | python3 -c "$roles")
want="br-0123456789ab=docker-network cni0=cni-bridge docker0=docker-bridge nomad=nomad-bridge"
[ "$got" = "$want" ] || fail "--role bridges: got '$got', want '$want'"
got=$("$NETOBS" devices --json --netns "$H" br-lan hp0 lo | python3 -c "$roles")
[ "$got" = "br-lan=None hp0=None lo=None" ] || fail "no role: $got"
"$NETOBS" devices --prom --netns "$H" docker0 > "$tmp/prom" || fail "--prom docker0"
grep -q '^netobs_device_info{device="docker0",class="virtual",kind="bridge",role="docker-bridge",' \
	"$tmp/prom" || fail "docker0's info series: $(grep device_info "$tmp/prom")"

# The table's PEER: the peer's name at its container, or its ip netns name.
"$NETOBS" devices --netns "$H" hd0 ho0 > "$tmp/table" || fail "table"
grep -Eq "^hd0 .* eth0@${ID:0:12} " "$tmp/table" || fail "hd0's peer cell: $(cat "$tmp/table")"
grep -Eq "^ho0 .* eth2@$C4 " "$tmp/table" || fail "ho0's peer cell: $(cat "$tmp/table")"

# The parked processes were read, not disturbed.
for p in "$p1" "$p2"; do kill -0 "$p" || fail "process $p gone"; done
echo "PASS: host veths named with their peer, namespace and container (docker, nomad, none); roles"
