#!/bin/bash
# netobs watch's screen as an operator uses it mid-incident (root: network
# namespaces of its own).  Namespace A sends UDP to B over a veth pair with
# B's neighbour entry pointing at a wrong unicast MAC, so vB drops every
# frame as rx_otherhost_dropped (kernel >= 5.19) while the veth pair
# d-idle - d-peer in B stays idle.  In tmux windows of 80x24, 120x40 and 200x60:
#  - the dropping device vB is the first row, its DROPS/s figure visible
#    and non-zero, and no line is wider than the window;
#  - n re-sorts by name (d-idle first), a returns to the default;
#  - i hides the idle devices and the status line counts them;
#  - / then a pattern and Enter filters, Esc clears;
#  - ? shows the keys, Enter the detail view of the selected device;
#  - q, Ctrl-C, SIGTERM and SIGHUP each restore the terminal.
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
sender=
cleanup() {
	local i
	[ -n "$sender" ] && kill "$sender" 2> /dev/null
	for ((i = 1; i <= panes; i++)); do
		tmux -L "$sock-$i" -f /dev/null kill-server 2> /dev/null
	done
	ip netns del "$NSA" 2> /dev/null
	ip netns del "$NSB" 2> /dev/null
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
for ns in "$NSA" "$NSB"; do
	netns_quiet "$ns"
done
ip -n "$NSA" link add name vA type veth peer name vB netns "$NSB" &&
	ip -n "$NSA" addr add 192.0.2.1/24 dev vA &&
	ip -n "$NSB" addr add 192.0.2.2/24 dev vB &&
	ip -n "$NSA" link set vA up && ip -n "$NSB" link set vB up &&
	ip -n "$NSB" link add d-idle type veth peer name d-peer &&
	ip -n "$NSA" neigh replace 192.0.2.2 lladdr 02:00:00:00:00:99 dev vA nud permanent ||
	{ echo "FAIL: cannot set up the namespaces"; exit 1; }

# Frames to a MAC that is not vB's: vB receives and drops them all.
ip netns exec "$NSA" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.monotonic() + 120
while time.monotonic() < end:
    s.sendto(b"x" * 200, ("192.0.2.2", 9))
    time.sleep(0.002)' &
sender=$!

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

# session W H QUIT: one watch at W x H, checks, then ends by QUIT.
session() {
	local w=$1 h=$2 how=$3 pid first d
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
	awk -v w="$w" 'length > w { bad = 1 } END { exit !bad }' "$tmp/screen" &&
		fail "${w}x$h: lines wider than the window"
	grep -q 'Z  every' "$tmp/screen" && ok "${w}x$h: the clock says UTC (Z)" ||
		fail "${w}x$h: no UTC clock in the header: $(head -n 1 "$tmp/screen")"
	keys n
	wait_screen 5 'order name' && sleep 0.2 && screen > "$tmp/screen"
	[ "$(first_row)" = d-idle ] && ok "${w}x$h: n re-sorts by name (d-idle first)" ||
		{ fail "${w}x$h: after n the first row is '$(first_row)':"; cat "$tmp/screen"; }
	keys a i
	if wait_screen 5 'idle \(i shows\)' && sleep 0.4 && screen > "$tmp/screen" &&
		! rows | grep -qx d-idle && rows | grep -qx vB; then
		ok "${w}x$h: i hides the idle devices and counts them"
	else
		fail "${w}x$h: i did not hide d-idle:"
		cat "$tmp/screen"
	fi
	keys i / i d l e Enter
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
