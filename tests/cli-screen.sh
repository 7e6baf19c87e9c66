#!/bin/bash
# netobs watch's screen as an operator uses it mid-incident (root: network
# namespaces of its own).  Namespace A sends UDP to B over a veth pair with
# B's neighbour entry pointing at a wrong unicast MAC, so vB drops every
# frame as rx_otherhost_dropped (kernel >= 5.19) while the veth pair
# d-idle - d-peer in B stays idle.  In B, a heavier stream that drops
# nothing runs over lo (the busiest device), and frames into a VXLAN device
# vx0 with no route to its remote count as tx_errors (errors, no drops).
# In tmux windows of 80x24, 120x40 and 200x60:
#  - the dropping device vB is the first row, its DROPS/s figure visible
#    and non-zero; t puts lo (the busiest) first, D vB, e vx0; n re-sorts
#    by name (d-idle first), a returns to the default;
#  - the header's rightmost title is whole (no column cut at the edge);
#    at 80x24 RX drop/s and TX drop/s are shown and the stack line's
#    rcvbuf and retransmit figures are on the screen;
#  - i hides the idle devices and the status line counts them;
#  - / then a pattern and Enter filters, Esc clears; the hidden count
#    stays while typing;
#  - ? shows the keys, Enter the detail view of the selected device, every
#    one of its 25 counters named;
#  - q, Ctrl-C, SIGTERM and SIGHUP each restore the terminal.
# Then: long names in a narrow window are shortened, never alike; on a
# copy of the cpu256 fixture whose softnet counters move, the CPU pane at
# 80x24 shows the hottest CPU and those dropping or squeezed.
set -u

. "$top_srcdir/tests/testlib.sh"

command -v tmux > /dev/null || { echo "SKIP: tmux missing"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
unset TMUX

tmp=$(mktemp -d) || exit 1
sock="netobs-scr-$$"
panes=0
NSA="netobs-sA-$$"
NSB="netobs-sB-$$"
NSC="netobs-sC-$$"
pids=()
cleanup() {
	local i
	for i in "${pids[@]}"; do
		kill "$i" 2> /dev/null
	done
	for ((i = 1; i <= panes; i++)); do
		tmux -L "$sock-$i" -f /dev/null kill-server 2> /dev/null
	done
	ip netns del "$NSA" 2> /dev/null
	ip netns del "$NSB" 2> /dev/null
	ip netns del "$NSC" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "FAIL $n - $*"; }

netns_add_first "$NSA"
ip netns add "$NSB" || { echo "FAIL: ip netns add $NSB"; exit 1; }
ip netns add "$NSC" || { echo "FAIL: ip netns add $NSC"; exit 1; }
for ns in "$NSA" "$NSB" "$NSC"; do
	netns_quiet "$ns"
done
ip -n "$NSA" link add name vA type veth peer name vB netns "$NSB" &&
	ip -n "$NSA" addr add 192.0.2.1/24 dev vA &&
	ip -n "$NSB" addr add 192.0.2.2/24 dev vB &&
	ip -n "$NSA" link set vA up && ip -n "$NSB" link set vB up &&
	ip -n "$NSB" link add d-idle type veth peer name d-peer &&
	ip -n "$NSA" neigh replace 192.0.2.2 lladdr 02:00:00:00:00:99 dev vA nud permanent &&
	ip -n "$NSB" link set lo up ||
	{ echo "FAIL: cannot set up the namespaces"; exit 1; }
# vx0: every frame fails its route lookup to 203.0.113.9 (tx_errors).
have_vxlan=no
ip -n "$NSB" link add vx0 type vxlan id 42 remote 203.0.113.9 dstport 4789 2> /dev/null &&
	ip -n "$NSB" addr add 198.51.100.1/24 dev vx0 && ip -n "$NSB" link set vx0 up &&
	ip -n "$NSB" neigh replace 198.51.100.2 lladdr 02:00:00:00:00:42 dev vx0 nud permanent &&
	have_vxlan=yes
[ $have_vxlan = yes ] || echo "SKIP: no vxlan device: the e order is not checked"

# Frames to a MAC that is not vB's: vB receives and drops them all.
ip netns exec "$NSA" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.monotonic() + 180
while time.monotonic() < end:
    s.sendto(b"x" * 200, ("192.0.2.2", 9))
    time.sleep(0.002)' &
pids+=($!)
# Over lo, read as it comes: tens of times vB's bytes, no drop on lo.
ip netns exec "$NSB" python3 -c '
import socket, time
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(("127.0.0.1", 9999))
r.setblocking(False)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.monotonic() + 180
while time.monotonic() < end:
    for i in range(10):
        s.sendto(b"y" * 1400, ("127.0.0.1", 9999))
    try:
        while r.recv(2048):
            pass
    except BlockingIOError:
        pass
    time.sleep(0.002)' &
pids+=($!)
# Into vx0: about 50 errors a second, fewer than vB's drops.
if [ $have_vxlan = yes ]; then
	ip netns exec "$NSB" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.monotonic() + 180
while time.monotonic() < end:
    try:
        s.sendto(b"z" * 100, ("198.51.100.2", 9))
    except OSError:
        pass
    time.sleep(0.02)' &
	pids+=($!)
fi

cat > "$tmp/pane.sh" << 'EOF'
trap : INT
"$@"
echo "EXITED $?"
modes=$(stty -a | tr ' ;' '\n\n' | grep -x -e '-\?icanon' -e '-\?echo' | tr '\n' ' ')
echo "MODES ${modes% }"
exec sleep 60
EOF

screen() { "${TMUX_CMD[@]}" capture-pane -p -t netobs; }
flags() { "${TMUX_CMD[@]}" display -p -t netobs 'alternate_on=#{alternate_on} cursor_flag=#{cursor_flag}'; }
keys() { "${TMUX_CMD[@]}" send-keys -t netobs "$@"; }
wait_screen() { # SECONDS REGEX
	local tries=$(($1 * 10))
	while [ $tries -gt 0 ]; do
		screen > "$tmp/screen" 2> /dev/null && grep -qE "$2" "$tmp/screen" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}
start_pane() { # WIDTH HEIGHT COMMAND...
	local w=$1 h=$2
	shift 2
	[ $panes -gt 0 ] && "${TMUX_CMD[@]}" kill-server 2> /dev/null
	panes=$((panes + 1))
	TMUX_CMD=(tmux -L "$sock-$panes" -f /dev/null)
	"${TMUX_CMD[@]}" new-session -d -s netobs -x "$w" -y "$h" \
		bash --norc --noprofile "$tmp/pane.sh" "$@"
}
# The device rows: the words after the DEVICE header up to a blank line.
rows() { awk '/^DEVICE /{on=1; next} on && /^ *$/{exit} on && !/^\.\.\./{print $1}' "$tmp/screen"; }
first_row() { rows | head -n 1; }
# The DROPS/s figure of device $1: the column under the DROPS/s title.
drops_of() {
	python3 - "$tmp/screen" "$1" << 'EOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
head = next(l for l in lines if l.startswith("DEVICE "))
end = head.index("DROPS/s") + len("DROPS/s")
row = next(l for l in lines if l.split() and l.split()[0] == sys.argv[2])
print(row[:end].split()[-1])
EOF
}
# header_whole: the DEVICE header is a run of whole column titles, so the
# rightmost column is not cut at the window's edge; prints the titles.
header_whole() {
	python3 - "$tmp/screen" << 'EOF'
import re, sys
head = next(l for l in open(sys.argv[1]).read().splitlines() if l.startswith("DEVICE "))
titles = ["RX bit/s", "TX bit/s", "RX B/s", "TX B/s", "RX pkt/s", "TX pkt/s", "DROPS/s",
          "ERR/s", "RX drop/s", "TX drop/s", "RX err/s", "TX err/s"]
rest, got = head[len("DEVICE"):].strip(), []
while rest:
    t = next((t for t in titles if rest.startswith(t)), None)
    if t is None:
        print("cut: '%s' in '%s'" % (rest, head))
        sys.exit(1)
    got.append(t)
    rest = rest[len(t):].strip()
print(",".join(got))
EOF
}
# The 25 counters of rtnl_link_stats64 the detail view names.
COUNTERS="rx_bytes tx_bytes rx_packets tx_packets multicast rx_compressed tx_compressed
rx_errors tx_errors rx_crc_errors rx_frame_errors rx_length_errors collisions
tx_carrier_errors tx_heartbeat_errors tx_window_errors tx_aborted_errors
rx_missed_errors rx_fifo_errors rx_over_errors tx_fifo_errors rx_dropped tx_dropped
rx_nohandler rx_otherhost_dropped"
# sorted_by W H KEY ORDER DEVICE: KEY re-sorts with DEVICE on the first row.
sorted_by() {
	keys "$3"
	if wait_screen 5 "order $4 " && sleep 0.2 && screen > "$tmp/screen" &&
		[ "$(first_row)" = "$5" ]; then
		ok "${1}x$2: $3 orders by $4, $5 first"
	else
		fail "${1}x$2: after $3 the first row is '$(first_row)', not $5:"
		cat "$tmp/screen"
	fi
}

# session W H QUIT: one watch at W x H, checks, then ends by QUIT.
session() {
	local w=$1 h=$2 how=$3 pid first d titles missing c
	rm -f "$tmp/pid"
	start_pane "$w" "$h" env LANG=C.UTF-8 timeout --foreground 90 \
		sh -c 'echo $$ > "$0"; exec "$@"' "$tmp/pid" \
		ip netns exec "$NSB" "$NETOBS" watch -i 0.3 ||
		{ fail "${w}x$h: tmux would not start"; return; }
	if ! wait_screen 10 '^vB .*[1-9]'; then
		fail "${w}x$h: no vB row with rates; the screen shows:"
		cat "$tmp/screen"
		return
	fi
	sleep 1
	screen > "$tmp/screen"
	first=$(first_row)
	[ "$first" = vB ] && ok "${w}x$h: the dropping device vB is the first row" ||
		{ fail "${w}x$h: first row is '$first', not vB:"; cat "$tmp/screen"; }
	d=$(drops_of vB 2> /dev/null)
	case $d in
	'' | 0 | -) fail "${w}x$h: vB's DROPS/s is '$d', expected > 0:"; cat "$tmp/screen" ;;
	*) ok "${w}x$h: the DROPS/s column is shown, vB's is $d" ;;
	esac
	if titles=$(header_whole); then
		ok "${w}x$h: every column title is whole: $titles"
	else
		fail "${w}x$h: a column title is cut at the edge: $titles"
	fi
	if [ "$w" -eq 80 ]; then
		case ,$titles, in
		*,"RX drop/s","TX drop/s",*) ok "80x$h: RX drop/s and TX drop/s are shown" ;;
		*) fail "80x$h: the drop columns are hidden: $titles" ;;
		esac
		if grep -qE 'UDP rcvbuf errors [^ ]+/s' "$tmp/screen" &&
			grep -qE 'retransmits [^ ]+/s' "$tmp/screen"; then
			ok "80x$h: the stack's rcvbuf and retransmit figures are on the screen"
		else
			fail "80x$h: the stack line lost a figure:"
			cat "$tmp/screen"
		fi
	fi
	grep -q 'Z  every' "$tmp/screen" && ok "${w}x$h: the clock says UTC (Z)" ||
		fail "${w}x$h: no UTC clock in the header: $(head -n 1 "$tmp/screen")"
	sorted_by "$w" "$h" t throughput lo
	sorted_by "$w" "$h" D drops vB
	[ $have_vxlan = yes ] && sorted_by "$w" "$h" e errors vx0
	sorted_by "$w" "$h" n name d-idle
	keys a
	if wait_screen 5 'order trouble ' && sleep 0.2 && screen > "$tmp/screen" &&
		[ "$(rows | head -n 3 | tr '\n' ' ')" = "vB $([ $have_vxlan = yes ] && echo 'vx0 ')lo " ]; then
		ok "${w}x$h: a: vB (drops) first, then $([ $have_vxlan = yes ] && echo 'vx0 (errors), ')lo (the busiest)"
	else
		fail "${w}x$h: the default order is $(rows | tr '\n' ' '):"
		cat "$tmp/screen"
	fi
	keys i
	if wait_screen 5 'idle \(i shows\)' && sleep 0.4 && screen > "$tmp/screen" &&
		! rows | grep -qx d-idle && rows | grep -qx vB; then
		ok "${w}x$h: i hides the idle devices and counts them"
	else
		fail "${w}x$h: i did not hide d-idle:"
		cat "$tmp/screen"
	fi
	keys i / i d l e
	if wait_screen 5 "filter: idle_" &&
		grep -qE '^[0-9]+ devices: [0-9]+ shown, [0-9]+ hidden +filter: idle_' "$tmp/screen"; then
		ok "${w}x$h: the hidden count stays while a filter is typed"
	else
		fail "${w}x$h: no hidden count while typing a filter:"
		cat "$tmp/screen"
	fi
	keys Enter
	if wait_screen 5 "not matching 'idle'" && sleep 0.4 && screen > "$tmp/screen" &&
		[ "$(rows | tr '\n' ' ')" = "d-idle " ]; then
		ok "${w}x$h: / filters the names"
	else
		fail "${w}x$h: the filter 'idle' did not leave d-idle alone:"
		cat "$tmp/screen"
	fi
	keys Escape
	wait_screen 5 '0 hidden' && ok "${w}x$h: Esc clears the filter" ||
		{ fail "${w}x$h: Esc did not clear the filter:"; cat "$tmp/screen"; }
	keys '?'
	wait_screen 5 'netobs watch keys' && ok "${w}x$h: ? shows the keys" ||
		{ fail "${w}x$h: ? shows no help:"; cat "$tmp/screen"; }
	keys Escape g Enter
	wait_screen 5 'rx_otherhost_dropped +[1-9]' &&
		ok "${w}x$h: Enter opens vB's detail, rx_otherhost_dropped counting" ||
		{ fail "${w}x$h: no detail view with rx_otherhost_dropped:"; cat "$tmp/screen"; }
	missing=
	for c in $COUNTERS; do
		grep -qE "(^| )$c +[-0-9]" "$tmp/screen" || missing="$missing $c"
	done
	[ -z "$missing" ] && ok "${w}x$h: the detail view names all 25 counters" ||
		{ fail "${w}x$h: the detail view lacks$missing:"; cat "$tmp/screen"; }
	grep -q 'vB (virtual, veth): per second, by layer   Esc: back$' "$tmp/screen" &&
		ok "${w}x$h: the detail's title is whole" ||
		{ fail "${w}x$h: the detail's title is cut: $(grep 'vB (' "$tmp/screen")"; }
	keys Escape
	case $how in
	q) keys q ;;
	C-c) keys C-c ;;
	TERM | HUP) pid=$(cat "$tmp/pid") && kill -s "$how" "$pid" ;;
	esac
	if ! wait_screen 10 '^MODES '; then
		fail "${w}x$h: $how did not end watch:"
		cat "$tmp/screen"
		return
	fi
	if grep -qx 'EXITED 0' "$tmp/screen" && grep -qx 'MODES icanon echo' "$tmp/screen" &&
		[ "$(flags)" = "alternate_on=0 cursor_flag=1" ] && ! grep -q DEVICE "$tmp/screen"; then
		ok "${w}x$h: $how ends watch, terminal restored"
	else
		fail "${w}x$h: $how: $(grep -E 'EXITED|MODES' "$tmp/screen" | tr '\n' ' ') $(flags)"
	fi
}

session 80 24 q
session 120 40 C-c
session 200 60 TERM

# SIGHUP while a filter is being typed: the terminal still comes back.
start_pane 80 24 timeout --foreground 60 sh -c 'echo $$ > "$0"; exec "$@"' "$tmp/pid" \
	ip netns exec "$NSB" "$NETOBS" watch -i 0.3
if wait_screen 10 '^vB '; then
	keys / v
	wait_screen 5 'filter: v_' && kill -s HUP "$(cat "$tmp/pid")"
	if wait_screen 10 '^MODES ' && grep -qx 'EXITED 0' "$tmp/screen" &&
		grep -qx 'MODES icanon echo' "$tmp/screen" &&
		[ "$(flags)" = "alternate_on=0 cursor_flag=1" ]; then
		ok "HUP while typing a filter: terminal restored"
	else
		fail "HUP while typing a filter: $(cat "$tmp/screen")"
	fi
else
	fail "HUP run: no vB row"
fi

# Long names in a 32-column window: shortened in the middle, never alike.
# lgmid-AAA-tail and lgmid-BBB-tail shorten alike at 12 columns, so the
# column widens until they differ.
ip -n "$NSC" link add lg-0123456789a type veth peer name lg-0123456789b &&
	ip -n "$NSC" link add lgmid-AAA-tail type veth peer name lgmid-BBB-tail ||
	{ echo "FAIL: cannot make the long-named veths"; exit 1; }
start_pane 32 24 env LANG=C.UTF-8 timeout --foreground 60 \
	ip netns exec "$NSC" "$NETOBS" watch -i 0.3
if wait_screen 10 '^lgmid'; then
	if python3 - "$tmp/screen" << 'EOF'; then
import sys
names = ["lg-0123456789a", "lg-0123456789b", "lgmid-AAA-tail", "lgmid-BBB-tail", "lo"]
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, l in enumerate(lines) if l.startswith("DEVICE "))
shown = [l.split()[0] for l in lines[start + 1:start + 6]]
assert sorted(set(shown)) == sorted(shown) and len(shown) == 5, shown
cut = [s for s in shown if "\u2026" in s]
assert len(cut) == 4, shown
for s in cut:
    head, tail = s.split("\u2026")
    match = [n for n in names if n.startswith(head) and n.endswith(tail)]
    assert len(match) == 1, (s, match)
print(" ".join(shown))
EOF
		ok "32 columns: long names shortened in the middle, each unambiguous"
	else
		fail "32 columns: shortened names are ambiguous or uncut:"
		cat "$tmp/screen"
	fi
else
	fail "32 columns: no lgmid row:"
	cat "$tmp/screen"
fi

# The CPU pane at 80x24 on a copy of the cpu256 fixture whose softnet_stat
# moves: one CPU processes, another drops, a third is squeezed; the pane
# holds 10 of the 256 CPUs and must keep those three.
cp -r "$FIXTURES/cpu256" "$tmp/cpu256"
python3 - "$tmp/cpu256/proc/net/softnet_stat" "$tmp/cpuids" << 'EOF' &
import os, sys, time
path = sys.argv[1]
base = [l.split() for l in open(path)]
bump = {200: (0, 50000), 250: (1, 100), 7: (2, 3)}
with open(sys.argv[2] + ".new", "w") as f:
    f.write(" ".join(str(int(base[i][12], 16)) for i in (200, 250, 7)) + "\n")
os.rename(sys.argv[2] + ".new", sys.argv[2])
k = 0
end = time.monotonic() + 60
while time.monotonic() < end:
    k += 1
    rows = []
    for i, cols in enumerate(base):
        c = list(cols)
        if i in bump:
            col, step = bump[i]
            c[col] = "%08x" % ((int(c[col], 16) + step * k) % 2**32)
        rows.append(" ".join(c))
    open(path + ".new", "w").write("\n".join(rows) + "\n")
    os.rename(path + ".new", path)
    time.sleep(0.1)
EOF
pids+=($!)
start_pane 80 24 env LANG=C.UTF-8 timeout --foreground 60 \
	"$NETOBS" --root "$tmp/cpu256" watch -i 0.5
for ((i = 0; i < 100; i++)); do
	[ -s "$tmp/cpuids" ] && break
	sleep 0.1
done
hot=- drop=- squeeze=-
[ -s "$tmp/cpuids" ] && read -r hot drop squeeze < "$tmp/cpuids"
if wait_screen 10 "^ +$hot +[0-9.]+k .* hottest" &&
	grep -qE "^ +$drop +[0-9.kM]+ +[1-9][0-9.]*[kM]? " "$tmp/screen" &&
	grep -qE "^ +$squeeze +[0-9.kM]+ +[0-9.kM]+ +[1-9][0-9.]*[kM]? " "$tmp/screen" &&
	grep -qE '^\.\.\. [0-9]+ more CPUs' "$tmp/screen"; then
	ok "80x24 CPU pane: hottest CPU $hot, dropping CPU $drop, squeezed CPU $squeeze shown"
else
	fail "80x24 CPU pane: CPUs $hot (hottest), $drop (dropping), $squeeze (squeezed) not all shown:"
	cat "$tmp/screen"
fi

# The pipe: --active leaves out d-idle, keeps vB and its drops/s.
ip netns exec "$NSB" timeout 20 "$NETOBS" watch -i 0.3 -c 3 --active > "$tmp/lines"
if ! grep -q ' d-idle ' "$tmp/lines" && grep -q ' vB .* drops/s=[1-9]' "$tmp/lines"; then
	ok "watch --active on a pipe: vB with drops/s, no d-idle"
else
	fail "watch --active on a pipe:"
	cat "$tmp/lines"
fi
# A device that is not there: the closest name and those present.
ip netns exec "$NSB" "$NETOBS" watch vb 2> "$tmp/err" > /dev/null
if grep -qx 'netobs: no such device: vb' "$tmp/err" &&
	grep -qx 'netobs: did you mean vB? present: .*' "$tmp/err"; then
	ok "a missing device: did you mean vB, and the devices present"
else
	fail "a missing device: $(cat "$tmp/err")"
fi

echo "cli-screen: $n checks, $failed failed"
[ $failed -eq 0 ]
