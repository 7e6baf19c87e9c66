#!/bin/bash
# netobs and the real node_exporter, end to end: node_exporter (textfile
# collector only) on 127.0.0.1 reads what `netobs --textfile` writes, for the
# live host and for every fixture tree, then while `netobs watch --textfile`
# rewrites the file under it.  Each scrape must carry every netobs_ sample of
# the file, unchanged, with node_textfile_scrape_error 0, and
# promhttp_metric_handler_errors_total must stay 0; the same with every
# family (--metrics all).  The file names `netobs --textfile` accepts are
# exactly those the collector reads (hidden *.prom too, not *.PROM nor a
# temporary's).  Then `promtool check metrics` over `--prom`, default and
# --metrics all, for the live host and every fixture tree.
# Run by `make check` with top_srcdir and top_builddir set.
set -u

. "$top_srcdir/tests/testlib.sh"
NE=$(command -v prometheus-node-exporter || command -v node_exporter)
have_promtool=yes
command -v promtool > /dev/null || have_promtool=no
if [ -z "$NE" ] && [ $have_promtool = no ]; then
	echo "SKIP: neither node_exporter (Debian prometheus-node-exporter) nor promtool (Debian prometheus) is installed"
	exit 77
fi

tmp=$(mktemp -d) || exit 1
ne_pid=""
watch_pid=""
cleanup() {
	[ -n "$watch_pid" ] && kill "$watch_pid" 2> /dev/null
	if [ -n "$ne_pid" ]; then
		kill "$ne_pid" 2> /dev/null
		wait "$ne_pid" 2> /dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "FAIL $n - $*"; }

# The fixture trees: every folder with a sys/ or proc/ in it.
roots=()
for d in "$FIXTURES"/*/; do
	[ -d "$d/sys" ] || [ -d "$d/proc" ] && roots+=("${d%/}")
done
[ ${#roots[@]} -gt 0 ] || { echo "FAIL: no fixture trees under $FIXTURES"; exit 1; }

# ---- node_exporter ------------------------------------------------------------------
cat > "$tmp/scrape.py" << 'EOF'
# scrape.py URL FILE [TIMES EVERY]: scrape; every netobs_ sample of FILE must
# be in it with the same value, and node_exporter must report no error.
# With TIMES, scrape that often EVERY seconds apart while FILE is being
# rewritten: then only the families are compared (values move), and the
# error counters must be 0 every time.
import re, sys, time, urllib.request

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?')


def samples(text, where):
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            sys.exit("%s: not a sample line: %r" % (where, line))
        labels, rest = [], m.group(2) or ""
        while rest:
            lm = LABEL.match(rest)
            if not lm:
                sys.exit("%s: bad labels in %r" % (where, line))
            labels.append((lm.group(1), lm.group(2)))
            rest = rest[lm.end():]
        key = (m.group(1), tuple(sorted(labels)))
        if key in out:
            sys.exit("%s: duplicate sample %r" % (where, line))
        out[key] = float(m.group(3))
    return out


def scrape(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        if r.status != 200:
            sys.exit("HTTP %d" % r.status)
        return samples(r.read().decode("utf-8"), "scrape")


def errors(got):
    bad = []
    errs = [v for k, v in got.items() if k[0] == "node_textfile_scrape_error"]
    if errs != [0.0]:
        bad.append("node_textfile_scrape_error: %r" % errs)
    handler = {k: v for k, v in got.items() if k[0] == "promhttp_metric_handler_errors_total"}
    if not handler or any(v != 0 for v in handler.values()):
        bad.append("promhttp_metric_handler_errors_total: %r" % handler)
    return bad


def exact(got, want):
    bad = []
    for key, value in want.items():
        if key not in got:
            bad.append("missing from the scrape: %s%r" % key)
        elif got[key] != value and key[0] != "netobs_scrape_duration_seconds":
            bad.append("%s%r: file %r, scrape %r" % (key[0], key[1], value, got[key]))
    extra = [k for k in got if k[0].startswith("netobs_") and k not in want]
    if extra:
        bad.append("in the scrape, not in the file: %r" % extra[:3])
    return bad


url, path = sys.argv[1], sys.argv[2]
want = samples(open(path, encoding="utf-8").read(), path)
if not want:
    sys.exit("%s has no samples" % path)
families = {k[0] for k in want}
bad = []
if len(sys.argv) == 3:
    got = scrape(url)
    bad = exact(got, want) + errors(got)
    detail = "%d netobs samples in %d families" % (len(want), len(families))
else:
    times, every = int(sys.argv[3]), float(sys.argv[4])
    for i in range(times):
        got = scrape(url)
        have = {k[0] for k in got if k[0].startswith("netobs_")}
        if have != families:
            bad.append("scrape %d: families missing: %r" % (i + 1, sorted(families - have)))
        bad += ["scrape %d: %s" % (i + 1, b) for b in errors(got)]
        time.sleep(every)
    detail = "%d scrapes" % times
for line in bad[:10]:
    print(line)
print(detail)
sys.exit(1 if bad else 0)
EOF

cat > "$tmp/wait.py" << 'EOF'
# wait.py URL PID: up to 5 s for URL to answer, unless PID died (port taken).
import os, sys, time, urllib.request
for i in range(50):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
            r.read()  # all of it: a scrape cut short counts as an encoding error
        sys.exit(0)
    except OSError:
        pass
    try:
        os.kill(int(sys.argv[2]), 0)
    except OSError:
        sys.exit(1)
    time.sleep(0.1)
sys.exit(1)
EOF

# start_ne: node_exporter on a free port of 127.0.0.1 (a few tries: the port
# may be taken between choosing and binding).
start_ne() {
	for _ in 1 2 3; do
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		"$NE" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
			--collector.textfile --collector.textfile.directory="$tmp/textfile" \
			> "$tmp/ne.log" 2>&1 &
		ne_pid=$!
		url="http://127.0.0.1:$port/metrics"
		timeout 10 python3 "$tmp/wait.py" "$url" "$ne_pid" && return 0
		kill "$ne_pid" 2> /dev/null
		wait "$ne_pid" 2> /dev/null
		ne_pid=""
	done
	return 1
}

# scrape WHAT: one scrape checked against the file.
scrape() {
	if timeout 30 python3 "$tmp/scrape.py" "$url" "$tmp/textfile/netobs.prom" > "$tmp/scrape.out" 2>&1; then
		ok "$1: node_exporter serves the file, no error ($(tail -n 1 "$tmp/scrape.out"))"
	else
		fail "$1: the scrape does not match the file or reports an error:"
		cat "$tmp/scrape.out"
	fi
}

# write WHAT ARGS...: netobs --textfile into the collector's directory.
write() {
	local what=$1
	shift
	timeout 20 "$NETOBS" "$@" --textfile "$tmp/textfile/netobs.prom" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && return 0
	fail "$what: netobs $* --textfile exited $rc: $(head -c 300 "$tmp/err")"
	return 1
}

# names_agree: for each name, netobs --textfile accepts it (exit 0) or
# refuses it (exit 2) exactly as node_exporter reads it or not.
names_agree() {
	local name takes reads rc bad=""
	local names="probe.prom .probe.prom probe.PROM probe.prom.tmp .probe.prom.1a2b3c4d.tmp probe.txt prom"
	mkdir "$tmp/probe"
	for name in $names; do
		printf 'e2e_name_probe{name="%s"} 1\n' "$name" > "$tmp/textfile/$name"
	done
	python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
		"$url" > "$tmp/probe.scrape" 2>&1
	for name in $names; do
		timeout 20 "$NETOBS" -q --root "${roots[0]}" --textfile "$tmp/probe/$name" > /dev/null 2>&1
		rc=$?
		case $rc in 0) takes=yes ;; 2) takes=no ;; *) takes="exit $rc" ;; esac
		reads=no
		grep -qF "e2e_name_probe{name=\"$name\"} 1" "$tmp/probe.scrape" && reads=yes
		[ "$takes" = "$reads" ] || bad="$bad $name (netobs takes: $takes, node_exporter reads: $reads)"
		rm -f "$tmp/textfile/$name"
	done
	[ -z "$bad" ] && ok "netobs --textfile accepts exactly the names node_exporter reads ($names)" ||
		fail "--textfile names and the collector disagree:$bad"
}

with_node_exporter() {
	mkdir "$tmp/textfile"
	write "live host" || return
	start_ne || { fail "node_exporter would not start on 127.0.0.1: $(tail -n 5 "$tmp/ne.log")"; return; }
	scrape "live host"
	for r in "${roots[@]}"; do
		# Quiet: the softnet-only trees warn that they have no devices.
		write "${r##*/}" -q --root "$r" && scrape "fixture ${r##*/}"
	done

	# Scrapes racing the rewrites of watch --textfile.
	timeout -k 10 60 "$NETOBS" watch -i 0.05 --textfile "$tmp/textfile/netobs.prom" > "$tmp/watch.out" 2>&1 &
	watch_pid=$!
	sleep 0.2
	timeout -k 10 60 python3 "$tmp/scrape.py" "$url" "$tmp/textfile/netobs.prom" 20 0.07 > "$tmp/scrape.out" 2>&1
	local src=$? wrc
	kill -TERM $watch_pid
	wait $watch_pid
	wrc=$?
	watch_pid=""
	[ $src -eq 0 ] && ok "20 scrapes during watch --textfile rewrites: every family, no error" ||
		fail "scrapes during watch --textfile rewrites: $(cat "$tmp/scrape.out")"
	[ $wrc -eq 0 ] && ok "watch --textfile ends with 0 on SIGTERM" ||
		fail "watch --textfile: expected exit 0 on SIGTERM, got $wrc: $(head -c 300 "$tmp/watch.out")"

	write "live host again" && scrape "live host, after all the scrapes"
	write "live host, --metrics all" --metrics all && scrape "live host, every family"
	names_agree
	if grep -q 'level=error' "$tmp/ne.log"; then
		fail "node_exporter logged errors: $(grep 'level=error' "$tmp/ne.log" | head -3)"
	else
		ok "node_exporter logged no error"
	fi
}

if [ -z "$NE" ]; then
	echo "SKIP: node_exporter part: Debian prometheus-node-exporter is not installed"
else
	with_node_exporter
fi

# ---- promtool -------------------------------------------------------------------------
if [ $have_promtool = no ]; then
	echo "SKIP: promtool part: Debian prometheus (promtool) is not installed"
else
	for r in live "${roots[@]}"; do
		if [ "$r" = live ]; then
			args=()
			what="live host"
		else
			args=(--root "$r")
			what="fixture ${r##*/}"
		fi
		for groups in default all; do
			timeout 20 "$NETOBS" show --prom -q --metrics $groups "${args[@]}" > "$tmp/prom" 2> "$tmp/err"
			rc=$?
			if [ $rc -ne 0 ] || [ ! -s "$tmp/prom" ]; then
				fail "$what: netobs show --prom --metrics $groups exited $rc with $(wc -c < "$tmp/prom") bytes: $(head -c 300 "$tmp/err")"
				continue
			fi
			# promtool exits 0 on lint findings too: it must have nothing to say.
			if promtool check metrics < "$tmp/prom" > "$tmp/promtool" 2>&1 && [ ! -s "$tmp/promtool" ]; then
				ok "$what, --metrics $groups: promtool check metrics finds nothing"
			else
				fail "$what, --metrics $groups: promtool check metrics: $(head -c 500 "$tmp/promtool")"
			fi
		done
	done
fi

echo "e2e-node-exporter: $n checks, $failed failed"
[ $failed -eq 0 ]
