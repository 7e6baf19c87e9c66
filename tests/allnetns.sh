#!/bin/bash
# --all-netns on the real kernel: two namespaces of the test's own, each
# with a device named eth0 (a veth pair between them), one with a process
# parked inside in a docker-shaped cgroup, the other found by its ip netns
# name only.  One textfile holds every namespace; the real node_exporter
# (textfile collector only) must serve all of it with no error and no
# duplicate, each eth0 apart by its netns label, the container label on
# the docker one, the host-wide softnet series once and unlabelled.  JSON
# must nest both namespaces under "namespaces".  Root only; namespaces,
# process, cgroup and node_exporter go on every exit.
set -u

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: all-netns needs root for its namespaces"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"
NE=$(command -v prometheus-node-exporter || command -v node_exporter)
[ -n "$NE" ] || { echo "SKIP: node_exporter (Debian prometheus-node-exporter) is not installed"; exit 77; }

A="netobs-aa-$$"
B="netobs-ab-$$"
ID=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
tmp=$(mktemp -d) || exit 1
made=()
parked=
ne_pid=
cg=
mounted=
cleanup() {
	[ -n "$ne_pid" ] && kill "$ne_pid" 2> /dev/null && wait "$ne_pid" 2> /dev/null
	[ -n "$parked" ] && kill "$parked" 2> /dev/null && wait "$parked" 2> /dev/null
	[ -n "$cg" ] && [ -d "$cg" ] && find "$cg" -depth -type d -exec rmdir {} \; 2> /dev/null
	[ -n "$mounted" ] && umount "$mounted" 2> /dev/null && rmdir "$mounted"
	local ns
	for ns in "${made[@]}"; do ip netns del "$ns" 2> /dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*"
	exit 1
}

netns_add_first "$A"
made+=("$A")
ip netns add "$B" || fail "ip netns add $B"
made+=("$B")
ip -n "$A" link add eth0 type veth peer name eth0 netns "$B" || fail "veth $A-$B"
ip -n "$A" link set eth0 up
ip -n "$B" link set eth0 up
ip netns exec "$A" sleep 600 &
parked=$!
for _ in $(seq 100); do
	[ "$(stat -L -c %i /proc/$parked/ns/net)" = "$(stat -L -c %i "/run/netns/$A")" ] && break
	sleep 0.05
done
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -z "$cg2" ]; then
	mounted=$(mktemp -d) && mount -t cgroup2 none "$mounted" || fail "cannot mount cgroup2"
	cg2=$mounted
fi
cg="$cg2/netobs-test-$$.slice"
mkdir -p "$cg/docker-$ID.scope" && echo "$parked" > "$cg/docker-$ID.scope/cgroup.procs" ||
	fail "cannot move $parked into $cg/docker-$ID.scope"
ia=$(stat -L -c %i "/run/netns/$A")
ib=$(stat -L -c %i "/run/netns/$B")

# ---- the textfile through node_exporter ------------------------------------
mkdir "$tmp/tf"
"$NETOBS" show --all-netns --textfile "$tmp/tf/netobs.prom" 2> "$tmp/err" ||
	fail "--all-netns --textfile: $(cat "$tmp/err")"
for _ in 1 2 3; do
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$NE" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$tmp/tf" > "$tmp/ne.log" 2>&1 &
	ne_pid=$!
	url="http://127.0.0.1:$port/metrics"
	for _ in $(seq 50); do
		python3 -c 'import sys, urllib.request
sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
			"$url" > "$tmp/scrape" 2> /dev/null && break
		kill -0 "$ne_pid" 2> /dev/null || break
		sleep 0.1
	done
	[ -s "$tmp/scrape" ] && break
	kill "$ne_pid" 2> /dev/null; wait "$ne_pid" 2> /dev/null; ne_pid=
done
[ -s "$tmp/scrape" ] || fail "node_exporter would not serve: $(tail -n 5 "$tmp/ne.log")"
python3 - "$tmp/tf/netobs.prom" "$tmp/scrape" "$ia" "$ib" "${ID:0:12}" "$A" "$B" << 'PY' || exit 1
import re, sys
LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?')
def samples(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            sys.exit("FAIL: %s: not a sample: %r" % (path, line))
        labels, rest = [], m.group(2) or ""
        while rest:
            lm = LABEL.match(rest)
            labels.append((lm.group(1), lm.group(2)))
            rest = rest[lm.end():]
        key = (m.group(1), tuple(sorted(labels)))
        if key in out:
            sys.exit("FAIL: %s: duplicate sample %r" % (path, line))
        out[key] = float(m.group(3))
    return out
path, scrape, ia, ib, short, na, nb = sys.argv[1:]
file, got = samples(path), samples(scrape)
err = [v for k, v in got.items() if k[0] == "node_textfile_scrape_error"]
if err != [0.0]:
    sys.exit("FAIL: node_textfile_scrape_error %r" % err)
missing = [k for k in file if k not in got]
if missing:
    sys.exit("FAIL: %d samples of the file not served, e.g. %r" % (len(missing), missing[:2]))
def find(family, **want):
    return [k for k in got if k[0] == family and all((l, v) in k[1] for l, v in want.items())]
for ino, container in ((ia, "docker/" + short), (ib, "")):
    info = find("netobs_device_info", device="eth0", netns=ino)
    if len(info) != 1 or ("container", container) not in info[0][1]:
        sys.exit("FAIL: eth0 of netns %s: %r" % (ino, info))
    if len(find("netobs_device_receive_bytes_total", device="eth0", netns=ino)) != 1:
        sys.exit("FAIL: eth0 of netns %s has no receive bytes" % ino)
for ino, name in ((ia, na), (ib, nb)):
    if len(find("netobs_netns_info", netns=ino, name=name)) != 1:
        sys.exit("FAIL: no netobs_netns_info for %s (%s)" % (ino, name))
soft = [k for k in got if k[0].startswith("netobs_softnet_")]
if not soft or any(l == "netns" for k in soft for l, _ in k[1]):
    sys.exit("FAIL: softnet series missing or labelled with a namespace")
cpus = [k for k in soft if k[0] == "netobs_softnet_processed_total"]
if len(cpus) != len(set(cpus)):
    sys.exit("FAIL: softnet read more than once")
print("%d samples served, node_textfile_scrape_error 0" % len(file))
PY

# ---- JSON ------------------------------------------------------------------------
"$NETOBS" show --all-netns --json > "$tmp/json" 2> "$tmp/err" || fail "--json: $(cat "$tmp/err")"
python3 - "$tmp/json" "$ia" "$ib" "$ID" "$A" "$B" << 'PY' || exit 1
import json, sys
path, ia, ib, cid, na, nb = sys.argv[1:]
d = json.load(open(path))
if "softnet" not in d or not d["netns"]["inode"]:
    sys.exit("FAIL: the top document lacks the host's softnet or netns")
by = {str(n["netns"]["inode"]): n for n in d["namespaces"]}
for ino, name, cont in ((ia, na, cid), (ib, nb, None)):
    n = by.get(ino)
    if not n:
        sys.exit("FAIL: namespace %s missing" % ino)
    if sorted(x["name"] for x in n["devices"]) != ["eth0", "lo"]:
        sys.exit("FAIL: %s devices %r" % (ino, [x["name"] for x in n["devices"]]))
    if n["netns"]["name"] != name or "softnet" in n:
        sys.exit("FAIL: %s: name %r, softnet %s" % (ino, n["netns"]["name"], "softnet" in n))
    if (n["container"] or {}).get("id") != cont:
        sys.exit("FAIL: %s container %r" % (ino, n["container"]))
PY

# Read from inside A, whose eth0 has its peer in B: the peer series carries
# the device's own netns and container labels and the peer's, none twice.
ip netns exec "$A" "$NETOBS" devices --all-netns --prom > "$tmp/inside" 2> "$tmp/err" ||
	fail "inside $A: $(cat "$tmp/err")"
python3 - "$tmp/inside" "$ia" "$ib" "${ID:0:12}" << 'PY' || exit 1
import re, sys
path, ia, ib, short = sys.argv[1:]
peer = None
for line in open(path):
    if line.startswith("#") or "{" not in line:
        continue
    names = re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"', line.split("{", 1)[1].rsplit("}", 1)[0])
    if len(names) != len(set(names)):
        sys.exit("FAIL: a label twice: %s" % line)
    if line.startswith("netobs_device_peer_info{"):
        peer = line.strip()
want = ('netobs_device_peer_info{netns="%s",container="docker/%s",device="eth0",peer="eth0",'
        'peer_netns="%s",peer_container=""} 1' % (ia, short, ib))
if peer != want:
    sys.exit("FAIL: peer series %r, want %r" % (peer, want))
PY

# Namespaces that come and go while they are listed and read: short-lived
# processes each in a namespace of its own.  Normal: never a failure.
churn() {
	while :; do unshare -n sleep 0.0$((RANDOM % 9 + 1)) & sleep 0.01; done
}
churn &
churner=$!
for i in 1 2 3 4 5; do
	"$NETOBS" devices --all-netns --json > /dev/null 2> "$tmp/err" || {
		kill "$churner"; fail "--all-netns under churn, run $i: $(cat "$tmp/err")"; }
	[ ! -s "$tmp/err" ] || { kill "$churner"; fail "--all-netns under churn, run $i said: $(cat "$tmp/err")"; }
done
kill "$churner"
wait "$churner" 2> /dev/null

# Unprivileged: one clear message, exit 1, no partial report.
if command -v setpriv > /dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$NETOBS" devices --all-netns \
		> "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || fail "nobody: exit $rc, want 1"
	grep -q "needs root (CAP_SYS_ADMIN)" "$tmp/err" || fail "nobody: '$(cat "$tmp/err")'"
	[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "nobody: more than one message: $(cat "$tmp/err")"
	[ ! -s "$tmp/out" ] || fail "nobody: a partial report was printed"
fi

for args in "--all-netns --netns $A" "watch --all-netns" "--all-netns --root $FIXTURES/docker-host"; do
	# shellcheck disable=SC2086
	"$NETOBS" $args > /dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] || fail "$args: exit $rc, want 2"
done
echo "PASS: every namespace in one textfile and one JSON document, no collision"
