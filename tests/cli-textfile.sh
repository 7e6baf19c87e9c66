#!/bin/bash
# netobs --textfile: the atomic, safe write of Prometheus text for
# node_exporter's textfile collector (netobs(1), TEXTFILE).
#  - Success: exit 0, silent, mode 0644 whatever the umask or the old file's
#    mode, owned by the caller, the same text as --prom, nothing else left.
#  - A reader looping during 1000 rewrites (four watch --textfile writers at
#    once) only ever sees complete files.
#  - Refused or failing, with the old file byte-identical, no temporary left,
#    exit 1 and one "netobs: " line: unwritable directory, target that is a
#    symlink (also a hostile one to a file elsewhere, and a dangling one), a
#    directory, a FIFO (without blocking), a missing directory, a full disk.
#  - watch --textfile: rewrites every interval, ends with 1 when a write
#    fails mid-run, and SIGTERM leaves no temporary behind.
#  - A name node_exporter would not read (not *.prom) is a usage error,
#    exit 2, nothing written; a hidden *.prom is read by it, so written.
#  - netobs_last_success_timestamp_seconds is the time of the write, and
#    moves with every rewrite; --metrics chooses the families written.
# Parts that need root (mounts, another user) skip with a reason otherwise.
# Run by `make check` with top_srcdir and top_builddir set.
set -u

. "$top_srcdir/tests/testlib.sh"
FIX="$FIXTURES/docker-host"

tmp=$(mktemp -d) || exit 1
bgpids=""
cleanup() {
	local p
	for p in $bgpids; do kill "$p" 2> /dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "FAIL $n - $*"; }

# The expected text: --prom of the fixture, with the samples that vary from
# run to run (how long the read took, and when) masked.
norm() {
	sed -e 's/^netobs_scrape_duration_seconds .*/netobs_scrape_duration_seconds X/' \
		-e 's/^netobs_last_success_timestamp_seconds .*/netobs_last_success_timestamp_seconds X/' "$@"
}
timeout 20 "$NETOBS" --root "$FIX" --prom > "$tmp/ref.raw" ||
	{ echo "FAIL: netobs --root $FIX --prom exited $?"; exit 1; }
norm "$tmp/ref.raw" > "$tmp/ref"
[ "$(tail -n 1 "$tmp/ref")" = "netobs_scrape_duration_seconds X" ] ||
	{ echo "FAIL: --prom does not end with netobs_scrape_duration_seconds"; exit 1; }

# state DIR: every entry with type, mode, size, link target and content hash.
state() {
	(cd "$1" && find . -printf '%p %y %m %s %l\n' | LC_ALL=C sort &&
		find . -type f -exec md5sum {} + | LC_ALL=C sort)
}

# textfile PATH [EXTRA...]: the one-shot write; status in $rc, output in
# $tmp/out and $tmp/err.  A hang (a FIFO opened for writing) is a timeout.
textfile() {
	local path=$1
	shift
	timeout 20 "$NETOBS" --root "$FIX" --textfile "$path" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
}

# refused WHAT DIR PATH [EXTRA...]: netobs --textfile PATH must fail with
# exit 1 and one "netobs: " line naming PATH, and leave DIR exactly as it was.
refused() {
	local what=$1 dir=$2 path=$3
	shift 3
	state "$dir" > "$tmp/before"
	textfile "$path" "$@"
	state "$dir" > "$tmp/after"
	local bad=""
	[ $rc -eq 1 ] || bad="$bad; exit $rc (want 1$([ $rc -eq 124 ] && echo ', it hung'))"
	[ ! -s "$tmp/out" ] || bad="$bad; wrote to stdout"
	[ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q '^netobs: ' "$tmp/err" ||
		bad="$bad; stderr is not one 'netobs: ' line"
	grep -qF -- "$path" "$tmp/err" || bad="$bad; the message does not name $path"
	cmp -s "$tmp/before" "$tmp/after" ||
		bad="$bad; the directory changed: $(diff "$tmp/before" "$tmp/after" | grep '^[<>]' | tr '\n' ' ')"
	if [ -z "$bad" ]; then
		ok "$what: refused, left intact ($(cat "$tmp/err"))"
	else
		fail "$what:${bad#;}; stderr: $(head -c 300 "$tmp/err")"
	fi
}

# A directory with a previous netobs.prom in it, the "old file".
fresh_dir() {
	local d
	d=$(mktemp -d "$tmp/dir.XXXXXX") || exit 1
	chmod 755 "$d"
	timeout 20 "$NETOBS" --root "$FIX" --textfile "$d/netobs.prom" ||
		{ echo "FAIL: cannot write the old file in $d"; exit 1; }
	echo "$d"
}

# ---- success ---------------------------------------------------------------------
d=$(mktemp -d "$tmp/ok.XXXXXX")
for mask in 000 077; do
	rm -f "$d/netobs.prom"
	(umask $mask && exec timeout 20 "$NETOBS" --root "$FIX" --textfile "$d/netobs.prom") > "$tmp/out" 2> "$tmp/err"
	rc=$?
	what="umask $mask, a new file"
	if [ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
		ok "$what: exit 0, silent"
	else
		fail "$what: expected exit 0 and no output, got exit $rc, stdout $(wc -c < "$tmp/out") bytes, stderr: $(head -c 300 "$tmp/err")"
	fi
	mode=$(stat -c '%a %u' "$d/netobs.prom")
	[ "$mode" = "644 $(id -u)" ] && ok "$what: mode 644, owned by uid $(id -u)" ||
		fail "$what: expected mode 644 owned by $(id -u), got '$mode'"
	norm "$d/netobs.prom" | cmp -s - "$tmp/ref" && ok "$what: the same text as --prom" ||
		fail "$what: the file differs from --prom: $(norm "$d/netobs.prom" | diff - "$tmp/ref" | head -5)"
	[ "$(ls -A "$d")" = netobs.prom ] && ok "$what: nothing else left in the directory" ||
		fail "$what: the directory holds: $(ls -A "$d" | tr '\n' ' ')"
done
# An old world-writable file is replaced by a 0644 one, and a relative path
# works from the directory itself.
chmod 666 "$d/netobs.prom"
(cd "$d" && exec timeout 20 "$NETOBS" --root "$FIX" --textfile netobs.prom) > "$tmp/out" 2>&1
rc=$?
mode=$(stat -c '%a' "$d/netobs.prom")
[ $rc -eq 0 ] && [ "$mode" = 644 ] && [ ! -s "$tmp/out" ] &&
	ok "a relative path over an old mode 666 file: exit 0, now mode 644" ||
	fail "a relative path over an old mode 666 file: expected exit 0 and mode 644, got exit $rc, mode $mode: $(head -c 300 "$tmp/out")"

# The longest name a directory takes (NAME_MAX, 255 bytes): the temporary
# beside it must still fit, so its name cuts the target's.
long=$(printf 'n%.0s' $(seq 250)).prom
textfile "$d/$long"
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && norm "$d/$long" | cmp -s - "$tmp/ref" &&
	[ "$(ls -A "$d" | wc -l)" -eq 2 ] &&
	ok "a 255-byte target name: written, nothing else left" ||
	fail "a 255-byte target name: exit $rc: $(head -c 300 "$tmp/err"); dir: $(ls -A "$d" | wc -l) entries"
rm -f "$d/$long"

# ---- a reader during 1000 rewrites ------------------------------------------------
d=$(fresh_dir)
cat > "$tmp/reader.py" << 'EOF'
import os, re, sys, time
path, ref, stop, keep = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3], sys.argv[4]
mask = re.compile(r"^(netobs_scrape_duration_seconds|netobs_last_success_timestamp_seconds) .*$",
                  re.M)
reads = partial = 0
seen = set()  # texts, which differ in the scrape duration: inodes are reused
deadline = time.monotonic() + 60
while not os.path.exists(stop) and time.monotonic() < deadline:
    with open(path) as f:
        text = f.read()
    reads += 1
    seen.add(hash(text))
    if mask.sub(r"\1 X", text) != ref:
        partial += 1
        if partial == 1:
            open(keep + ".bad", "w").write(text)
    elif reads % 500 == 1:
        open(keep + ".%d" % reads, "w").write(text)
print("%d reads, %d different files seen, %d not complete" % (reads, len(seen), partial))
sys.exit(1 if partial or len(seen) < 50 else 0)
EOF
python3 "$tmp/reader.py" "$d/netobs.prom" "$tmp/ref" "$tmp/stop" "$tmp/sample" > "$tmp/reader.out" 2>&1 &
reader=$!
bgpids="$bgpids $reader"
writers=""
for w in 1 2 3 4; do
	timeout 60 "$NETOBS" watch --root "$FIX" -i 0.01 -c 250 --textfile "$d/netobs.prom" \
		> "$tmp/w$w.out" 2>&1 &
	writers="$writers $!"
done
bgpids="$bgpids $writers"
wstatus=""
for p in $writers; do
	wait "$p"
	wstatus="$wstatus $?"
done
touch "$tmp/stop"
wait $reader
rrc=$?
[ "$wstatus" = " 0 0 0 0" ] && ok "four watch --textfile writers, 250 rewrites each: exit 0" ||
	fail "four watch --textfile writers: expected exit 0 each, got$wstatus: $(cat "$tmp"/w?.out | head -c 300)"
[ $rrc -eq 0 ] && ok "the reader saw only complete files: $(cat "$tmp/reader.out")" ||
	fail "the reader during 1000 rewrites: expected only complete files and >= 50 of them, got: $(cat "$tmp/reader.out")"
[ -e "$tmp/sample.bad" ] && { echo "a partial read:"; diff "$tmp/sample.bad" "$tmp/ref.raw" | head -10; }
[ "$(ls -A "$d")" = netobs.prom ] && ok "after 1000 rewrites, no temporary left" ||
	fail "after 1000 rewrites the directory holds: $(ls -A "$d" | tr '\n' ' ')"
if command -v promtool > /dev/null; then
	for s in "$tmp"/sample.*; do
		[ -e "$s" ] || continue
		if ! promtool check metrics < "$s" > "$tmp/promtool" 2>&1 || [ -s "$tmp/promtool" ]; then
			fail "promtool on a file read during the rewrites: $(head -c 300 "$tmp/promtool")"
			break
		fi
	done
	[ -e "$s" ] && ok "promtool check metrics passes on the sampled reads"
fi

# ---- refusals -------------------------------------------------------------------------
d=$(fresh_dir)
ln -s netobs.prom "$d/link.prom"
refused "target is a symlink (to the old file)" "$d" "$d/link.prom"
cp "$d/netobs.prom" "$tmp/victim"
ln -s "$tmp/victim" "$d/hostile.prom"
refused "target is a symlink to a file elsewhere" "$d" "$d/hostile.prom"
cmp -s "$d/netobs.prom" "$tmp/victim" && ok "the symlink's victim is untouched" ||
	fail "the file a hostile symlink points to changed"
ln -s "$tmp/created-through-link" "$d/dangling.prom"
refused "target is a dangling symlink" "$d" "$d/dangling.prom"
[ ! -e "$tmp/created-through-link" ] && ok "nothing created through a dangling symlink" ||
	fail "a file was created through the dangling symlink at the target"
mkdir "$d/dir.prom" && echo keep > "$d/dir.prom/inside"
refused "target is a directory" "$d" "$d/dir.prom"
mkfifo "$d/fifo.prom"
refused "target is a FIFO" "$d" "$d/fifo.prom"
refused "target in a missing directory" "$d" "$d/missing/netobs.prom"

# ---- names node_exporter would not read: usage errors, nothing touched ---------------
# usage WHAT PATH [EXTRA...]: exit 2, one "netobs: " line naming PATH and
# *.prom (then the --help hint), the directory as it was.
usage_refused() {
	local what=$1 path=$2
	shift 2
	state "$d" > "$tmp/before"
	textfile "$path" "$@"
	state "$d" > "$tmp/after"
	[ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q '^netobs: .*\*\.prom' "$tmp/err" &&
		grep -qF -- "$path" "$tmp/err" && cmp -s "$tmp/before" "$tmp/after" &&
		ok "$what: usage error, exit 2, nothing written ($(head -n 1 "$tmp/err"))" ||
		fail "$what: expected exit 2, a message naming $path and *.prom, the directory intact; got exit $rc: $(head -c 300 "$tmp/err")"
}
for name in netobs.txt netobs netobs.prom.tmp netobs.PROM .netobs.prom.12345678.tmp prom; do
	usage_refused "target named $name (not *.prom)" "$d/$name"
done
usage_refused "target path ends in /" "$d/"
usage_refused "watch --textfile to a name not *.prom" "$d/netobs.txt" watch -c 1
textfile "$d/.hidden.prom"
[ $rc -eq 0 ] && norm "$d/.hidden.prom" | cmp -s - "$tmp/ref" &&
	ok "a hidden .hidden.prom (node_exporter reads it): written" ||
	fail "a hidden .hidden.prom: exit $rc: $(head -c 300 "$tmp/err")"
rm -f "$d/.hidden.prom"

# Files planted where a temporary could go (a symlink named like one) are
# never reused or followed: a write next to them succeeds and leaves them.
echo secret > "$tmp/victim2"
for x in 00000000 deadbeef ffffffff; do
	ln -s "$tmp/victim2" "$d/.netobs.prom.$x.tmp"
done
textfile "$d/netobs.prom"
[ $rc -eq 0 ] && [ "$(cat "$tmp/victim2")" = secret ] &&
	[ "$(find "$d" -maxdepth 1 -name '.netobs.prom.*.tmp' -type l | wc -l)" -eq 3 ] &&
	[ "$(find "$d" -maxdepth 1 -name '.netobs.prom.*.tmp' | wc -l)" -eq 3 ] &&
	ok "planted symlinks named like temporaries are neither followed nor removed" ||
	fail "with planted .netobs.prom.*.tmp symlinks: exit $rc, victim '$(cat "$tmp/victim2")', entries: $(ls -A "$d" | tr '\n' ' ')"

# ---- unwritable directory -----------------------------------------------------------
d=$(fresh_dir)
if [ "$(id -u)" -ne 0 ]; then
	chmod 555 "$d"
	refused "unwritable directory (mode 555, not root)" "$d" "$d/netobs.prom"
	grep -q 'Permission denied' "$tmp/err" || fail "the message does not say why: $(cat "$tmp/err")"
	chmod 755 "$d"
else
	# Root writes anywhere mode bits say no: an ordinary user in a root-owned
	# 0755 directory, if that user can run netobs at all from this tree.
	chmod 755 "$tmp"
	if setpriv --reuid=nobody --regid=nogroup --clear-groups \
		timeout 20 "$NETOBS" --root "$FIX" --prom > /dev/null 2>&1; then
		state "$d" > "$tmp/before"
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			timeout 20 "$NETOBS" --root "$FIX" --textfile "$d/netobs.prom" > "$tmp/out" 2> "$tmp/err"
		rc=$?
		state "$d" > "$tmp/after"
		[ $rc -eq 1 ] && grep -q "^netobs: .*$d/netobs.prom.*Permission denied" "$tmp/err" &&
			cmp -s "$tmp/before" "$tmp/after" &&
			ok "unwritable directory (nobody in a root 0755 directory): refused, intact ($(cat "$tmp/err"))" ||
			fail "unwritable directory as nobody: expected exit 1, a 'Permission denied' message and the directory intact; got exit $rc: $(cat "$tmp/err")"
	else
		echo "SKIP: unwritable directory as nobody: nobody cannot run $NETOBS on $FIX"
	fi
	chmod 700 "$tmp"
	# And a read-only mount, which stops root too.
	if unshare -m true 2> /dev/null; then
		cat > "$tmp/ro.sh" << 'EOF'
mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 3
timeout 20 "$2" --root "$3" --textfile "$1/netobs.prom"
EOF
		state "$d" > "$tmp/before"
		unshare -m sh "$tmp/ro.sh" "$d" "$NETOBS" "$FIX" > "$tmp/out" 2> "$tmp/err"
		rc=$?
		state "$d" > "$tmp/after"
		if [ $rc -eq 3 ]; then
			echo "SKIP: read-only directory: cannot remount read-only: $(cat "$tmp/err")"
		else
			[ $rc -eq 1 ] && grep -q "^netobs: .*$d/netobs.prom.*Read-only file system" "$tmp/err" &&
				cmp -s "$tmp/before" "$tmp/after" &&
				ok "read-only directory (as root): refused, intact ($(cat "$tmp/err"))" ||
				fail "read-only directory: expected exit 1, 'Read-only file system' and the directory intact; got exit $rc: $(cat "$tmp/err")"
		fi
	else
		fail "running as root but unshare -m fails: cannot test a read-only directory"
	fi
fi

# ---- full disk (root: a tiny tmpfs in a private mount namespace) ---------------------
if [ "$(id -u)" -eq 0 ]; then
	mkdir "$tmp/full"
	cat > "$tmp/full.sh" << 'EOF'
# $1 mount point, $2 netobs, $3 fixture, $4 where to put the results
# Room for one file of show --prom (some 120 KB with the stack section).
mount -t tmpfs -o size=512k,mode=0755 netobs-full "$1" || exit 3
timeout 20 "$2" --root "$3" --textfile "$1/netobs.prom" || exit 4
cp "$1/netobs.prom" "$4/full.old"
# Fill every block left; inodes stay, so the temporary can be created and
# the failure comes from write(2) or fsync(2): the temporary must go.
dd if=/dev/zero of="$1/filler" bs=1k 2> /dev/null
ls -A "$1" > "$4/full.before"
timeout 20 "$2" --root "$3" --textfile "$1/netobs.prom" > "$4/full.out" 2> "$4/full.err"
echo $? > "$4/full.rc"
ls -A "$1" > "$4/full.after"
cp "$1/netobs.prom" "$4/full.new"
EOF
	unshare -m sh "$tmp/full.sh" "$tmp/full" "$NETOBS" "$FIX" "$tmp" 2> "$tmp/full.sh.err"
	src=$?
	if [ $src -ne 0 ]; then
		fail "full disk: cannot set up the tmpfs (step $src): $(cat "$tmp/full.sh.err")"
	else
		rc=$(cat "$tmp/full.rc")
		[ "$rc" -eq 1 ] && grep -q '^netobs: .*No space left on device' "$tmp/full.err" &&
			[ "$(wc -l < "$tmp/full.err")" -eq 1 ] && [ ! -s "$tmp/full.out" ] &&
			ok "full disk: exit 1 ($(cat "$tmp/full.err"))" ||
			fail "full disk: expected exit 1 and one 'No space left on device' line, got exit $rc: $(cat "$tmp/full.err")"
		cmp -s "$tmp/full.old" "$tmp/full.new" && ok "full disk: the old file is intact" ||
			fail "full disk: the old file changed"
		cmp -s "$tmp/full.before" "$tmp/full.after" && ok "full disk: no temporary left" ||
			fail "full disk: the directory went from '$(cat "$tmp/full.before" | tr '\n' ' ')' to '$(cat "$tmp/full.after" | tr '\n' ' ')'"
	fi
else
	echo "SKIP: full disk: mounting a tmpfs needs root"
fi

# ---- watch --textfile ------------------------------------------------------------------
d=$(fresh_dir)
ino0=$(stat -c %i "$d/netobs.prom")
timeout 20 "$NETOBS" watch --root "$FIX" -i 0.05 -c 3 --textfile "$d/netobs.prom" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] &&
	[ "$(stat -c %i "$d/netobs.prom")" != "$ino0" ] && [ "$(stat -c %a "$d/netobs.prom")" = 644 ] &&
	norm "$d/netobs.prom" | cmp -s - "$tmp/ref" && [ "$(ls -A "$d")" = netobs.prom ] &&
	ok "watch -c 3 --textfile: exit 0, silent, file replaced, mode 644, the --prom text" ||
	fail "watch -c 3 --textfile: exit $rc, stdout $(wc -c < "$tmp/out") bytes, stderr '$(head -c 200 "$tmp/err")', mode $(stat -c %a "$d/netobs.prom"), entries: $(ls -A "$d" | tr '\n' ' ')"

# A write that fails mid-run (the target became a FIFO) ends the watch with 1.
timeout 30 "$NETOBS" watch --root "$FIX" -i 0.05 --textfile "$d/netobs.prom" > "$tmp/out" 2> "$tmp/err" &
wpid=$!
bgpids="$bgpids $wpid"
sleep 0.5
# Renamed into place (atomic); a rewrite that was already past its check
# may rename a regular file over it again, so plant it until watch stops.
for _ in $(seq 50); do
	kill -0 $wpid 2> /dev/null || break
	if [ ! -p "$d/netobs.prom" ]; then
		mkfifo "$d/fifo.new" && mv -T "$d/fifo.new" "$d/netobs.prom"
	fi
	sleep 0.1
done
wait $wpid
rc=$?
[ $rc -eq 1 ] && grep -q '^netobs: .*not a regular file' "$tmp/err" && [ -p "$d/netobs.prom" ] &&
	[ "$(ls -A "$d")" = netobs.prom ] &&
	ok "watch --textfile stops with exit 1 when the target turns into a FIFO ($(cat "$tmp/err"))" ||
	fail "watch --textfile with the target turned FIFO: expected exit 1 and a message, the FIFO kept, nothing else; got exit $rc$([ $rc -eq 124 ] && echo ' (hung)'): $(head -c 300 "$tmp/err"), entries: $(ls -A "$d" | tr '\n' ' ')"
rm -f "$d/netobs.prom"

# SIGTERM while rewriting as fast as it may: exit 0, no temporary left.
timeout 30 "$NETOBS" watch --root "$FIX" -i 0.01 --textfile "$d/netobs.prom" > "$tmp/out" 2> "$tmp/err" &
wpid=$!
bgpids="$bgpids $wpid"
sleep 0.7
kill -TERM $wpid
wait $wpid
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && [ "$(ls -A "$d")" = netobs.prom ] &&
	norm "$d/netobs.prom" | cmp -s - "$tmp/ref" &&
	ok "SIGTERM during watch --textfile: exit 0, a complete file, no temporary" ||
	fail "SIGTERM during watch --textfile: expected exit 0 and only a complete netobs.prom; got exit $rc, stderr '$(head -c 200 "$tmp/err")', entries: $(ls -A "$d" | tr '\n' ' ')"

# ---- freshness: the time of the write, moving with each rewrite ------------------------
d=$(fresh_dir)
stamp() { sed -n 's/^netobs_last_success_timestamp_seconds \([0-9]*\.[0-9][0-9][0-9]\)$/\1/p' "$1"; }
t0=$(date +%s.%N)
textfile "$d/netobs.prom"
t1=$(date +%s.%N)
s1=$(stamp "$d/netobs.prom")
[ $rc -eq 0 ] && [ -n "$s1" ] &&
	python3 -c "import sys; a, s, b = map(float, sys.argv[1:]); sys.exit(0 if a - 0.001 <= s <= b else 1)" "$t0" "$s1" "$t1" &&
	ok "netobs_last_success_timestamp_seconds $s1 lies within the write ($t0 .. $t1)" ||
	fail "netobs_last_success_timestamp_seconds '$s1' not within $t0 .. $t1 (exit $rc)"
[ "$(grep -c '^# TYPE netobs_last_success_timestamp_seconds gauge$' "$d/netobs.prom")" -eq 1 ] &&
	ok "netobs_last_success_timestamp_seconds is one gauge" ||
	fail "netobs_last_success_timestamp_seconds: no single TYPE gauge line"
sleep 0.05
timeout 20 "$NETOBS" watch --root "$FIX" -i 0.05 -c 2 --textfile "$d/netobs.prom" > /dev/null 2>&1
s2=$(stamp "$d/netobs.prom")
python3 -c "import sys; sys.exit(0 if float(sys.argv[2]) > float(sys.argv[1]) else 1)" "$s1" "${s2:-0}" &&
	ok "watch --textfile moves the timestamp ($s1 -> $s2)" ||
	fail "watch --textfile left the timestamp at '$s2' (was $s1)"
# A failed rewrite leaves the old file, and so the old time, for an alert.
chmod 555 "$d"
if [ "$(id -u)" -ne 0 ]; then
	textfile "$d/netobs.prom"
	[ $rc -eq 1 ] && [ "$(stamp "$d/netobs.prom")" = "$s2" ] &&
		ok "a failed write leaves the previous timestamp" ||
		fail "a failed write: exit $rc, timestamp '$(stamp "$d/netobs.prom")' (want $s2)"
fi
chmod 755 "$d"

# ---- --metrics chooses the families, in the textfile too ------------------------------
fams() { sed -n 's/^# TYPE \([a-z0-9_]*\) .*/\1/p' "$1" | tr '\n' ' '; }
textfile "$d/netobs.prom" --metrics core
got=$(fams "$d/netobs.prom")
case "$got" in
*netobs_device_receive_packets_total*netobs_build_info*) good=yes ;;
*) good=no ;;
esac
for f in netobs_device_receive_dropped_total netobs_softnet_dropped_total netobs_sysctl_somaxconn \
	netobs_stack_udp_rcvbuf_errors_total; do
	case " $got " in *" $f "*) good=no ;; esac
done
for f in netobs_section_success netobs_last_success_timestamp_seconds netobs_scrape_duration_seconds; do
	case " $got " in *" $f "*) ;; *) good=no ;; esac
done
[ $rc -eq 0 ] && [ $good = yes ] && ok "--textfile --metrics core: core families and the always-written ones only" ||
	fail "--textfile --metrics core: exit $rc, families: $got"
timeout 20 "$NETOBS" watch --root "$FIX" -i 0.05 -c 1 --metrics all --textfile "$d/netobs.prom" > /dev/null 2>&1
all=$(grep -c '^# TYPE' "$d/netobs.prom")
textfile "$d/netobs.prom"
def=$(grep -c '^# TYPE' "$d/netobs.prom")
[ "$all" -gt "$def" ] && grep -q '^# TYPE netobs_stack_tcp_active_opens_total' <(timeout 20 "$NETOBS" --root "$FIX" --prom --metrics all) &&
	! grep -q '^# TYPE netobs_stack_tcp_active_opens_total' "$d/netobs.prom" &&
	ok "watch --textfile --metrics all writes more families ($all) than the default ($def)" ||
	fail "--metrics all: $all families, default $def"

echo "cli-textfile: $n checks, $failed failed"
[ $failed -eq 0 ]
