#!/bin/bash
# netobs watch end to end.
#  - On a pipe (any user, on a fixture tree): -c 3 gives exactly 3 samples of
#    plain lines with no escape bytes; --json -c 3 gives 3 NDJSON objects.
#  - On a real terminal (tmux, private server): the screen is drawn on the
#    alternate screen with the cursor hidden, follows a window resize, and
#    q, Ctrl-C, Ctrl-\ and SIGTERM, SIGHUP, SIGQUIT each end it with status 0
#    and the terminal restored (normal screen, cursor shown, canonical mode
#    and echo back).
#  - As root: a veth pair across two namespaces of its own; while UDP flows
#    from A to B the screen's vA row shows non-zero TX rates that go back to
#    zero when the traffic stops.
# Run by `make check` with top_srcdir and top_builddir set.
set -u

. "$top_srcdir/tests/testlib.sh"
FIX="$FIXTURES/docker-host"

tmp=$(mktemp -d) || exit 1
sock="netobs-test-$$"	# one tmux server per pane: netobs-test-PID-N
panes=0
NSA="netobs-wA-$$"
NSB="netobs-wB-$$"
made_ns=no
cleanup() {
	local i
	for ((i = 1; i <= panes; i++)); do
		tmux -L "$sock-$i" -f /dev/null kill-server 2> /dev/null
	done
	if [ $made_ns = yes ]; then
		ip netns del "$NSA" 2> /dev/null
		ip netns del "$NSB" 2> /dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "FAIL $n - $*"; }

# The fixture's devices, in order, from the one-shot JSON.
timeout 20 "$NETOBS" devices --json --root "$FIX" > "$tmp/devices.json" ||
	{ echo "FAIL: netobs devices --json --root $FIX exited $?"; exit 1; }
mapfile -t DEVS < <(python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["devices"]:
    print(d["name"])' "$tmp/devices.json")
[ ${#DEVS[@]} -ge 2 ] || { echo "FAIL: the fixture lists ${#DEVS[@]} devices"; exit 1; }

# ---- on a pipe ---------------------------------------------------------------
timeout 20 "$NETOBS" watch --root "$FIX" -i 0.1 -c 3 > "$tmp/plain" 2> "$tmp/plain.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/plain.err" ]; then
	ok "watch -c 3 on a pipe exits 0, silent on stderr"
else
	fail "watch -c 3 on a pipe: expected exit 0 and no stderr, got exit $rc and: $(head -c 300 "$tmp/plain.err")"
fi
if grep -q $'\033' "$tmp/plain"; then
	fail "watch on a pipe wrote escape bytes: $(grep -c $'\033' "$tmp/plain") lines with ESC"
else
	ok "watch on a pipe writes no escape bytes"
fi
# Exactly 3 samples: 3 timestamps, increasing; in each, every device once in
# order, then the softnet line; every device line carries the 8 rate keys and the drops and
# errors figures.
if python3 - "$tmp/plain" "${DEVS[@]}" << 'EOF'
import re, sys
path, devs = sys.argv[1], sys.argv[2:]
lines = open(path, encoding="utf-8").read().splitlines()
keys = ["rx_bits/s", "tx_bits/s", "rx_packets/s", "tx_packets/s",
        "rx_errors/s", "tx_errors/s", "rx_dropped/s", "tx_dropped/s",
        "drops/s", "errors/s"]
want = len(devs) + 1
samples = []
for line in lines:
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+)(.*)", line)
    if not m:
        sys.exit("not a watch line: %r" % line)
    if not samples or samples[-1][0] != m.group(1):
        samples.append((m.group(1), []))
    samples[-1][1].append((m.group(2), m.group(3)))
if len(samples) != 3:
    sys.exit("expected 3 samples (timestamps), got %d in %d lines" % (len(samples), len(lines)))
times = [s[0] for s in samples]
if times != sorted(times) or len(set(times)) != 3:
    sys.exit("timestamps not increasing: %r" % times)
for when, rows in samples:
    names = [r[0] for r in rows]
    if names != devs + ["softnet:", "stack:"]:
        sys.exit("sample %s lists %r, expected %r" % (when, names, devs + ["softnet:", "stack:"]))
    for name, rest in rows[:-2]:
        got = [kv.split("=")[0] for kv in rest.split()]
        if got != keys:
            sys.exit("sample %s, %s: keys %r, expected %r" % (when, name, got, keys))
    if not rows[-2][1].startswith(" processed/s="):
        sys.exit("softnet line: %r" % rows[-2][1])
    if not rows[-1][1].startswith(" listen_overflows/s="):
        sys.exit("stack line: %r" % rows[-1][1])
EOF
then
	ok "watch -c 3 on a pipe: exactly 3 samples of ${#DEVS[@]} devices + softnet + stack"
else
	fail "watch -c 3 on a pipe: output above does not hold 3 well-formed samples"
	head -n 30 "$tmp/plain"
fi

timeout 20 "$NETOBS" watch --json --root "$FIX" -i 0.1 -c 3 > "$tmp/ndjson" 2> "$tmp/ndjson.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/ndjson.err" ]; then
	ok "watch --json -c 3 exits 0, silent on stderr"
else
	fail "watch --json -c 3: expected exit 0 and no stderr, got exit $rc and: $(head -c 300 "$tmp/ndjson.err")"
fi
if python3 - "$tmp/ndjson" "${DEVS[@]}" << 'EOF'
import json, sys
path, devs = sys.argv[1], sys.argv[2:]
raw = open(path, "rb").read()
if not raw.endswith(b"\n"):
    sys.exit("the stream does not end with a newline")
lines = raw.split(b"\n")[:-1]
if len(lines) != 3:
    sys.exit("expected 3 NDJSON lines, got %d" % len(lines))
for i, line in enumerate(lines):
    try:
        doc = json.loads(line)
    except ValueError as e:
        sys.exit("line %d does not parse: %s: %r" % (i + 1, e, line[:200]))
    if not isinstance(doc, dict):
        sys.exit("line %d is not an object" % (i + 1))
    for key in ("time", "host", "source", "interval_seconds", "devices", "softnet", "softirqs"):
        if key not in doc:
            sys.exit("line %d has no %r" % (i + 1, key))
    if not 0.05 <= doc["interval_seconds"] <= 10:
        sys.exit("line %d: interval_seconds %r for -i 0.1" % (i + 1, doc["interval_seconds"]))
    names = [d["name"] for d in doc["devices"]]
    if names != devs:
        sys.exit("line %d lists %r, expected %r" % (i + 1, names, devs))
    for d in doc["devices"]:
        rates = d.get("rates")
        if not rates or any(v != 0 for v in rates.values()):
            sys.exit("line %d, %s: a fixture's rates are all 0, got %r" % (i + 1, d["name"], rates))
EOF
then
	ok "watch --json -c 3: 3 NDJSON lines, each a full sample"
else
	fail "watch --json -c 3: the stream above is not 3 well-formed samples"
	head -c 2000 "$tmp/ndjson"
fi

# ---- on a terminal -------------------------------------------------------------
if ! command -v tmux > /dev/null; then
	echo "SKIP: tmux missing: no terminal checks"
	echo "cli-watch: $n checks, $failed failed"
	[ $failed -eq 0 ] || exit 1
	exit 0
fi
unset TMUX

# The pane runs netobs under bash, which then reports netobs's status and the
# terminal modes it was left in, and stays (sleep) so the screen can be read.
cat > "$tmp/pane.sh" << 'EOF'
trap : INT QUIT
"$@"
echo "EXITED $?"
modes=$(stty -a | tr ' ;' '\n\n' | grep -x -e '-\?icanon' -e '-\?echo' | tr '\n' ' ')
echo "MODES ${modes% }"
exec sleep 60
EOF

screen() { "${TMUX_CMD[@]}" capture-pane -p -t netobs; }
flags() { "${TMUX_CMD[@]}" display -p -t netobs 'alternate_on=#{alternate_on} cursor_flag=#{cursor_flag}'; }

# wait_screen SECONDS REGEX: until the captured screen matches the grep -E REGEX.
wait_screen() {
	local tries=$(($1 * 10))
	while [ $tries -gt 0 ]; do
		screen > "$tmp/screen" 2> /dev/null && grep -qE "$2" "$tmp/screen" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

# start_pane WIDTH HEIGHT COMMAND...: a fresh tmux server with one pane; the
# previous one is left to the cleanup (a server killed and started again at
# once under the same name can fail).
start_pane() {
	local w=$1 h=$2
	shift 2
	[ $panes -gt 0 ] && "${TMUX_CMD[@]}" kill-server 2> /dev/null
	panes=$((panes + 1))
	TMUX_CMD=(tmux -L "$sock-$panes" -f /dev/null)
	"${TMUX_CMD[@]}" new-session -d -s netobs -x "$w" -y "$h" bash --norc --noprofile "$tmp/pane.sh" "$@"
}

# ending HOW: start watch on the fixture, end it by HOW, check the terminal.
ending() {
	local how=$1 pid
	rm -f "$tmp/pid"
	# sh notes its pid, then becomes netobs (so does the libtool wrapper).
	start_pane 100 30 timeout --foreground 60 \
		sh -c 'echo $$ > "$0"; exec "$@"' "$tmp/pid" "$NETOBS" watch --root "$FIX" -i 0.1 ||
		{ fail "$how: tmux would not start"; return; }
	if ! wait_screen 10 "^${DEVS[1]} "; then
		fail "$how: the screen never showed the ${DEVS[1]} row; it shows:"
		cat "$tmp/screen"
		return
	fi
	if [ "$(flags)" != "alternate_on=1 cursor_flag=0" ]; then
		fail "$how: while drawing, expected the alternate screen and a hidden cursor, tmux says $(flags)"
	fi
	# Keys are read unbuffered: the restore checked below is a real one.
	local tty
	tty=$("${TMUX_CMD[@]}" display -p -t netobs '#{pane_tty}')
	if ! stty -a -F "$tty" | tr ' ;' '\n\n' | grep -qx -- -icanon; then
		fail "$how: while drawing, expected the terminal out of canonical mode: $(stty -a -F "$tty" | head -c 300)"
	fi
	case $how in
	q) "${TMUX_CMD[@]}" send-keys -t netobs q ;;
	C-c) "${TMUX_CMD[@]}" send-keys -t netobs C-c ;;
	'C-\') "${TMUX_CMD[@]}" send-keys -t netobs 'C-\' ;;
	TERM | HUP | QUIT)
		pid=$(cat "$tmp/pid")
		[ -n "$pid" ] && kill -s "$how" "$pid"
		;;
	esac
	if ! wait_screen 10 '^MODES '; then
		fail "$how: watch did not end within 10 s; the screen shows:"
		cat "$tmp/screen"
		return
	fi
	if grep -qx 'EXITED 0' "$tmp/screen"; then
		ok "$how ends watch with status 0"
	else
		fail "$how: expected EXITED 0, the screen shows: $(grep EXITED "$tmp/screen")"
	fi
	if grep -q 'DEVICE' "$tmp/screen"; then
		fail "$how: the watch screen is still visible after the exit (alternate screen not left):"
		cat "$tmp/screen"
	else
		ok "$how: back on the normal screen"
	fi
	if [ "$(flags)" = "alternate_on=0 cursor_flag=1" ]; then
		ok "$how: tmux sees the alternate screen left and the cursor shown"
	else
		fail "$how: expected alternate_on=0 cursor_flag=1 after the exit, tmux says $(flags)"
	fi
	if grep -qx 'MODES icanon echo' "$tmp/screen"; then
		ok "$how: the terminal is back in canonical mode with echo"
	else
		fail "$how: expected 'MODES icanon echo' from stty, got: $(grep MODES "$tmp/screen")"
	fi
}

for how in q C-c 'C-\' TERM HUP QUIT; do
	ending "$how"
done

# SIGWINCH: a short window shows some devices and counts the rest; a taller
# one shows all of them.
start_pane 100 10 timeout --foreground 60 "$NETOBS" watch --root "$FIX" -i 0.1
if wait_screen 10 'more devices'; then
	ok "a 10-line window counts the devices that do not fit"
else
	fail "a 10-line window with ${#DEVS[@]} devices: expected a 'more devices' line, the screen shows:"
	cat "$tmp/screen"
fi
"${TMUX_CMD[@]}" resize-window -t netobs -x 70 -y 30
last=${DEVS[${#DEVS[@]} - 1]}
if wait_screen 10 "^$last " && ! grep -q 'more devices' "$tmp/screen"; then
	ok "after a resize to 70x30 every device is shown"
else
	fail "after a resize to 70x30: expected every device (down to $last) and no 'more devices', the screen shows:"
	cat "$tmp/screen"
fi
if awk 'length > 70 { bad = 1 } END { exit !bad }' "$tmp/screen"; then
	fail "after a resize to 70 columns, lines are wider"
fi
"${TMUX_CMD[@]}" send-keys -t netobs q
wait_screen 10 '^MODES ' && grep -qx 'EXITED 0' "$tmp/screen" ||
	fail "q after a resize: expected EXITED 0, the screen shows: $(cat "$tmp/screen")"

# ---- on a terminal, with traffic (root: namespaces) -------------------------------
traffic() {
	if ! ip netns add "$NSA" 2> "$tmp/ns.err"; then
		if [ "${NETOBS_KERNEL_TESTS:-}" = require ]; then
			fail "cannot make a namespace (NETOBS_KERNEL_TESTS=require): $(cat "$tmp/ns.err")"
		else
			echo "SKIP: traffic part: cannot make a namespace: $(cat "$tmp/ns.err")"
		fi
		return
	fi
	made_ns=yes
	ip netns add "$NSB" || { fail "ip netns add $NSB"; return; }
	local ns
	for ns in "$NSA" "$NSB"; do
		# IPv6 off: no router or neighbour solicitations to move the rates.
		netns_quiet "$ns" ||
			{ fail "cannot turn IPv6 off in $ns"; return; }
	done
	ip -n "$NSA" link add name vA type veth peer name vB netns "$NSB" &&
		ip -n "$NSA" addr add 192.0.2.1/24 dev vA &&
		ip -n "$NSB" addr add 192.0.2.2/24 dev vB &&
		ip -n "$NSA" link set vA up && ip -n "$NSB" link set vB up ||
		{ fail "cannot set up the veth pair vA-vB"; return; }

	start_pane 120 30 timeout --foreground 60 ip netns exec "$NSA" "$NETOBS" watch -i 0.2 vA
	if ! wait_screen 10 '^vA '; then
		fail "traffic: the screen never showed the vA row; it shows:"
		cat "$tmp/screen"
		return
	fi
	sleep 0.5
	# Quiet link: TX bit/s (fields 4-5) and TX pkt/s (field 7) are 0.
	screen | grep '^vA ' > "$tmp/row.quiet"
	# A sender of 1000-byte datagrams for 2.5 s; B has no listener, which
	# does not matter: vA counts them as sent.
	ip netns exec "$NSA" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.monotonic() + 2.5
while time.monotonic() < end:
    s.sendto(b"x" * 1000, ("192.0.2.2", 9))
    time.sleep(0.001)' &
	local sender=$!
	sleep 1.0
	screen | grep '^vA ' > "$tmp/row.busy1"
	sleep 0.6
	screen | grep '^vA ' > "$tmp/row.busy2"
	wait $sender || fail "traffic: the UDP sender failed"
	sleep 1.0
	screen | grep '^vA ' > "$tmp/row.after"
	"${TMUX_CMD[@]}" send-keys -t netobs C-c
	wait_screen 10 '^MODES ' && grep -qx 'EXITED 0' "$tmp/screen" ||
		fail "traffic: Ctrl-C: expected EXITED 0, the screen shows: $(cat "$tmp/screen")"

	# A row: "vA 7.16 kbit/s 0 bit/s 9.94 0 0 0 0 0": name, RX value and
	# unit, TX value and unit, RX pkt/s, TX pkt/s, errors and drops.
	python3 - "$tmp"/row.quiet "$tmp"/row.busy1 "$tmp"/row.busy2 "$tmp"/row.after << 'EOF'
import sys
def tx(path):
    f = open(path).read().split()
    if len(f) < 7 or f[0] != "vA" or not f[4].endswith("bit/s"):
        sys.exit("%s: not a vA row: %r" % (path, f))
    num = lambda s: float(s.rstrip("kMGT"))
    return num(f[3]), num(f[6]), " ".join(f)
quiet, busy1, busy2, after = (tx(p) for p in sys.argv[1:])
bad = []
if quiet[:2] != (0, 0):
    bad.append("before the traffic TX should be 0: %s" % quiet[2])
for b in (busy1, busy2):
    if not (b[0] > 0 and b[1] > 0):
        bad.append("during the traffic TX should be > 0: %s" % b[2])
if after[:2] != (0, 0):
    bad.append("after the traffic TX should be back to 0: %s" % after[2])
for line in bad:
    print("FAIL:", line)
sys.exit(1 if bad else 0)
EOF
	if [ $? -eq 0 ]; then
		ok "traffic: vA's TX rates go 0 -> non-zero -> 0 with the UDP stream"
	else
		fail "traffic: vA's rates did not follow the traffic (rows above)"
	fi
}

if [ "$(id -u)" -eq 0 ]; then
	traffic
else
	echo "SKIP: traffic part: needs root for network namespaces"
fi

echo "cli-watch: $n checks, $failed failed"
[ $failed -eq 0 ]
