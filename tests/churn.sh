#!/bin/bash
# Device churn (issue 5): in a namespace of its own, `ip -batch` creates and
# deletes veth pairs (half with their peer in a second namespace), bridges
# with veth ports, macvlans on veths (and dummies where the kernel has them)
# as fast as it can, a slower loop adds, renames, re-creates and deletes one
# pair, and UDP flows on lo.  Meanwhile, for CHURN_SECONDS (default 30):
#  - one-shot `netobs show --json` runs in a loop (sources auto, sysfs and
#    procfs in turn): each must exit 0 and parse, with each name once.  The
#    one failure the library may report is a netlink dump interrupted by
#    changes too many times in a row (retries are bounded, by design): at this
#    churn it must stay rare (2% of the runs at most), and is counted;
#  - one `netobs watch --json -i 0.05` streams: it must not stop before it is
#    told to (an interrupted dump skips a sample, it does not end the watch)
#    and end with 0 on SIGTERM; every line parses; at most half the samples
#    are skipped ones; no rate is negative or beyond what a link carries
#    (100 Gbit/s, 100 Mpps); each rate agrees with the counters of the two
#    snapshots; and every device that appears, vanishes, is renamed or
#    re-created between two snapshots is flagged so (new, gone, renamed,
#    recreated), each at least once.
# Root only (namespaces); runs in the sanitizer build too.
set -u

SECONDS_WANTED=${CHURN_SECONDS:-30}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: churn needs root for its network namespaces"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"
case $SECONDS_WANTED in
'' | *[!0-9]*) echo "FAIL: CHURN_SECONDS must be a whole number of seconds, not '$SECONDS_WANTED'"; exit 1 ;;
esac

NS="netobs-churn-$$"
NS2="netobs-churn2-$$"
tmp=$(mktemp -d) || exit 1
bgpids=""
made_ns=no
cleanup() {
	local p
	for p in $bgpids; do kill "$p" 2> /dev/null; done
	for p in $bgpids; do wait "$p" 2> /dev/null; done
	if [ $made_ns = yes ]; then
		ip netns del "$NS" 2> /dev/null
		ip netns del "$NS2" 2> /dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

netns_add_first "$NS"
made_ns=yes
ip netns add "$NS2" || { echo "FAIL: ip netns add $NS2"; exit 1; }
ip -n "$NS" link set lo up || { echo "FAIL: cannot bring lo up in $NS"; exit 1; }

# The kinds this kernel has: veth, bridge and macvlan are needed; dummy is
# tried once (some kernels are built without it).
have_dummy=yes
if ! ip -n "$NS" link add name probe0 type dummy 2> /dev/null; then
	have_dummy=no
	echo "note: no dummy devices on this kernel: churning veth, bridge and macvlan only"
fi
ip -n "$NS" link del probe0 2> /dev/null
ip -n "$NS" link add name probe1 type veth peer name probe2 &&
	ip -n "$NS" link add name probe3 type bridge &&
	ip -n "$NS" link add name probe4 link probe1 type macvlan &&
	ip -n "$NS" link del probe1 && ip -n "$NS" link del probe3 ||
	{ echo "FAIL: cannot make veth, bridge and macvlan devices in $NS"; exit 1; }

# A standing population of 200 devices: a dump then spans many datagrams,
# which is what gives the churn a chance to interrupt it (NLM_F_DUMP_INTR).
for i in $(seq 100); do
	echo "link add name sv$i type veth peer name sp$i"
done | ip -n "$NS" -batch - || { echo "FAIL: cannot make 100 veth pairs in $NS"; exit 1; }

# ---- the churn ---------------------------------------------------------------------------
# Commands for `ip -batch`, endlessly: each round makes a set of devices and
# deletes the previous round's (a veth's deletion takes its peer and its
# macvlan along).  Names come back every 50 rounds.
churn_commands() {
	local k=0 p
	while :; do
		p=$(((k + 49) % 50))
		echo "link add name cv$k type veth peer name cp$k"
		echo "link add name cx$k type veth peer name cy$k netns $NS2"
		echo "link add name cb$k type bridge"
		echo "link set cv$k master cb$k"
		echo "link set cx$k master cb$k"
		echo "link set cb$k up"
		echo "link set cv$k up"
		echo "link add name cm$k link cp$k type macvlan"
		[ $have_dummy = yes ] && echo "link add name cd$k type dummy" && echo "link del cd$p"
		echo "link del cv$p"
		echo "link del cx$p"
		echo "link del cb$p"
		k=$(((k + 1) % 50))
	done
}
mkfifo "$tmp/churn.fifo"
ip -n "$NS" -force -batch "$tmp/churn.fifo" > /dev/null 2> "$tmp/churn.err" &
churn_ip=$!
bgpids="$bgpids $churn_ip"
churn_commands > "$tmp/churn.fifo" 2> /dev/null &
bgpids="$bgpids $!"

# One pair through a whole life, slowly enough for the watch to see each
# step: appears (new), is renamed, is re-created under the same name within
# one batch (recreated), vanishes (gone).
slow_life() {
	while :; do
		ip -n "$NS" link add name slowA type veth peer name slowB
		sleep 0.3
		ip -n "$NS" link set slowA name slowR
		sleep 0.3
		printf 'link del slowR\nlink add name slowR type veth peer name slowB\n' |
			ip -n "$NS" -batch -
		sleep 0.3
		ip -n "$NS" link del slowR
		sleep 0.3
	done
}
slow_life > /dev/null 2>&1 &
bgpids="$bgpids $!"

# Traffic on lo, so that rates are not all zero.
timeout $((SECONDS_WANTED + 20)) ip netns exec "$NS" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    s.sendto(b"x" * 1200, ("127.0.0.1", 9))
    time.sleep(0.0002)' > /dev/null 2>&1 &
bgpids="$bgpids $!"

# ---- the watch and the one-shot snapshots ------------------------------------------
timeout $((SECONDS_WANTED + 60)) ip netns exec "$NS" "$NETOBS" watch --json -i 0.05 \
	> "$tmp/watch.ndjson" 2> "$tmp/watch.err" &
watch_pid=$!
bgpids="$bgpids $watch_pid"

runs=0
failures=0
interrupted=0
sources=(auto sysfs procfs)
end=$((SECONDS + SECONDS_WANTED))
: > "$tmp/snapshots.ndjson"
while [ $SECONDS -lt $end ]; do
	src=${sources[runs % 3]}
	timeout 20 ip netns exec "$NS" "$NETOBS" show --json --source "$src" > "$tmp/one.json" 2> "$tmp/one.err"
	rc=$?
	runs=$((runs + 1))
	if [ $rc -ne 0 ] && grep -Eqx 'netobs: netlink: RTM_GETLINK dump interrupted by device changes [0-9]+ times in a row' "$tmp/one.err"; then
		interrupted=$((interrupted + 1))
		continue
	fi
	if [ $rc -ne 0 ]; then
		failures=$((failures + 1))
		[ $failures -le 3 ] && echo "FAIL: snapshot $runs (--source $src) exited $rc: $(head -c 300 "$tmp/one.err")"
		continue
	fi
	# The one-shot document is one line: one per run, checked below.
	{ printf '%s ' "$src"; cat "$tmp/one.json"; } >> "$tmp/snapshots.ndjson"
	grep -v '^netobs: warning: ' "$tmp/one.err" >> "$tmp/snapshots.err"
done

# The watch must have lasted: a stop before SIGTERM is a failure.
if kill -0 $watch_pid 2> /dev/null; then
	kill -TERM $watch_pid
	wait $watch_pid
	watch_rc=$?
	watch_early=no
else
	wait $watch_pid
	watch_rc=$?
	watch_early=yes
fi
# How much churn there was: ifindexes are never reused, so a new device's
# ifindex counts the devices made in the namespace.
made=$(ip -n "$NS" -o link add name probe9 type veth peer name probe8 > /dev/null 2>&1 &&
	ip -n "$NS" -o link show probe9 | cut -d: -f1)

failed=0
echo "churn: ${SECONDS_WANTED}s, about ${made:-?} devices made in $NS, dummy: $have_dummy"
echo "churn: $runs one-shot snapshots, $failures failed, $interrupted reported an interrupted dump"
[ $failures -eq 0 ] || failed=1
if [ $((interrupted * 50)) -gt $runs ]; then
	echo "FAIL: $interrupted of $runs one-shot snapshots gave up on an interrupted dump (more than 2%)"
	failed=1
fi
[ $runs -ge 10 ] || { echo "FAIL: only $runs snapshots in ${SECONDS_WANTED}s"; failed=1; }
if [ $watch_early = yes ]; then
	echo "FAIL: watch stopped by itself during the churn with exit $watch_rc: $(head -c 500 "$tmp/watch.err")"
	failed=1
elif [ $watch_rc -ne 0 ]; then
	echo "FAIL: watch ended with $watch_rc on SIGTERM, want 0: $(head -c 500 "$tmp/watch.err")"
	failed=1
fi
if grep -v '^netobs: warning: ' "$tmp/watch.err" > "$tmp/watch.bad"; then
	echo "FAIL: watch wrote to stderr besides warnings: $(head -c 500 "$tmp/watch.bad")"
	failed=1
fi
if [ -s "$tmp/snapshots.err" ]; then
	echo "FAIL: one-shot snapshots wrote to stderr besides warnings: $(head -c 500 "$tmp/snapshots.err")"
	failed=1
fi
echo "churn: distinct warnings from watch: $(sort -u "$tmp/watch.err" | wc -l)"
sort -u "$tmp/watch.err" | head -5 | sed 's/^/  /'

python3 - "$tmp/snapshots.ndjson" "$tmp/watch.ndjson" "$SECONDS_WANTED" << 'EOF' || failed=1
import json, math, sys

snap_path, watch_path, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
BYTES_MAX = 100e9 / 8          # 100 Gbit/s
PACKETS_MAX = 100e6            # 100 Mpps, and the same bound for any event
problems = []

def problem(msg):
    problems.append(msg)

# ---- one-shot snapshots
n = 0
for line in open(snap_path, "rb"):
    n += 1
    src, _, doc = line.partition(b" ")
    try:
        d = json.loads(doc)
    except ValueError as e:
        problem("snapshot %d (%s) does not parse: %s" % (n, src.decode(), e))
        continue
    names = [x["name"] for x in d["devices"]]
    if len(names) != len(set(names)):
        problem("snapshot %d (%s) lists a name twice: %r" % (n, src.decode(), names))
    if "lo" not in names:
        problem("snapshot %d (%s) has no lo" % (n, src.decode()))
print("churn: %d one-shot documents parsed" % n)

# ---- the watch stream
raw = open(watch_path, "rb").read()
if raw and not raw.endswith(b"\n"):
    problem("the NDJSON stream ends in the middle of a line")
lines = raw.split(b"\n")[:-1]
samples = []
skipped = 0
for i, line in enumerate(lines):
    try:
        s = json.loads(line)
    except ValueError as e:
        problem("NDJSON line %d does not parse: %s: %r" % (i + 1, e, line[:200]))
        continue
    # A skipped sample (netobs(1), Skipped samples): the next one is still
    # compared with the last good snapshot.
    if "skipped" in s:
        skipped += 1
        if sorted(s) != ["host", "skipped", "time"] or not s["skipped"]:
            problem("NDJSON line %d: a skipped sample is {time, host, skipped}: %r" % (i + 1, s))
        continue
    samples.append(s)
want = max(seconds * 2, 10)
if len(lines) < want:
    problem("only %d NDJSON lines in %d s at -i 0.05 (want >= %d)" % (len(lines), seconds, want))
if skipped * 2 > len(lines):
    problem("%d of %d samples skipped" % (skipped, len(lines)))

def key(dev):
    return (dev["ifindex"], dev["name"])

def check_rate(where, field, rate):
    if rate is None or isinstance(rate, bool) or not isinstance(rate, (int, float)):
        problem("%s: %s rate is %r" % (where, field, rate))
    elif math.isnan(rate) or rate < 0:
        problem("%s: %s rate %r is negative" % (where, field, rate))
    elif rate > (BYTES_MAX if field.endswith("bytes") else PACKETS_MAX):
        problem("%s: %s rate %r is beyond what a link carries" % (where, field, rate))

flags = {"new": 0, "gone": 0, "renamed": 0, "recreated": 0, "reset": 0}
seen_new, seen_gone = set(), set()
prev = None
rates_checked = 0
for i, s in enumerate(samples):
    where = "sample %d (%s)" % (i + 1, s.get("time"))
    interval = s.get("interval_seconds")
    if not isinstance(interval, (int, float)) or not interval > 0:
        problem("%s: interval_seconds %r" % (where, interval))
        prev = None
        continue
    live = [d for d in s["devices"] if not d.get("gone")]
    gone = [d for d in s["devices"] if d.get("gone")]
    for d in s["devices"]:
        for f in flags:
            if d.get(f):
                flags[f] += 1
        if d.get("new"):
            seen_new.add(d["name"])
        if d.get("gone"):
            seen_gone.add(d["name"])
        for field, rate in (d.get("rates") or {}).items():
            check_rate("%s, %s" % (where, d["name"]), field, rate)
    for c in s.get("softnet", []) + s.get("softirqs", []):
        for field, rate in (c.get("rates") or {}).items():
            check_rate("%s, cpu %s" % (where, c.get("cpu")), field, rate)
    if len({key(d) for d in live}) != len(live) or len({d["name"] for d in live}) != len(live):
        problem("%s: a device twice: %r" % (where, sorted(key(d) for d in live)))
    if prev is not None:
        before = {key(d): d for d in prev}
        now = {key(d) for d in live}
        for d in live:
            marked = [f for f in ("new", "renamed", "recreated") if d.get(f)]
            if key(d) in before:
                if marked:
                    problem("%s: %s was there before, yet flagged %r" % (where, key(d), marked))
                    continue
                old = before[key(d)]
                for field, rate in (d.get("rates") or {}).items():
                    if field not in d["counters"] or field not in old["counters"]:
                        continue
                    delta = d["counters"][field] - old["counters"][field]
                    if delta < 0:
                        if not d.get("reset"):
                            problem("%s: %s %s went back without a reset flag" % (where, d["name"], field))
                        continue
                    expect = delta / interval
                    if abs(rate - expect) > 0.01 + 1e-4 * expect:
                        problem("%s: %s %s rate %r, the counters say %r" % (where, d["name"], field, rate, expect))
                    rates_checked += 1
                if not d.get("rates"):
                    problem("%s: %s was there before but has no rates" % (where, key(d)))
            elif not marked:
                problem("%s: %s appeared without new, renamed or recreated" % (where, key(d)))
        gone_keys = {key(d) for d in gone}
        for k in before:
            if k not in now and k not in gone_keys:
                problem("%s: %s vanished without a gone entry" % (where, k))
        for k in gone_keys:
            if k not in before:
                problem("%s: %s reported gone but was not in the sample before" % (where, k))
            if k in now:
                problem("%s: %s reported gone yet still there" % (where, k))
    prev = live

print("churn: %d NDJSON lines parsed: %d samples, %d skipped; %d rates checked against counters"
      % (len(lines), len(samples), skipped, rates_checked))
print("churn: flags in the stream: %s" % ", ".join("%s %d" % kv for kv in flags.items()))
print("churn: %d names seen appearing, %d seen vanishing" % (len(seen_new), len(seen_gone)))
for f in ("new", "gone", "renamed", "recreated"):
    if not flags[f]:
        problem("no device was ever flagged %s" % f)
for name in ("slowA", "slowR"):
    if name not in seen_new and name not in seen_gone:
        problem("the slow pair %s was never seen appearing or vanishing" % name)
for p in problems[:20]:
    print("FAIL:", p)
if len(problems) > 20:
    print("FAIL: ... and %d more" % (len(problems) - 20))
sys.exit(1 if problems else 0)
EOF

[ $failed -eq 0 ] && echo "churn: passed"
exit $failed
