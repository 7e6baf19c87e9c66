#!/bin/bash
# The two JSON writers (cli/json.c): the direct one, which every run uses,
# must write byte for byte what the cJSON trees write.  NETOBS_JSON_WRITER=both
# prints each document both ways in one process, from one snapshot, and
# fails on the first differing byte; separate runs with =cjson and the
# default are compared too (minus "time"), so a broken comparison cannot
# hide a difference.  Cases: every fixture tree; a copy with a hostile name
# and alias (quotes, backslash, controls, stray and valid UTF-8) and
# counters past 2^53; a live namespace with such a name, qdiscs, every
# section, one-shot and watch samples.
# Run by `make check` with top_srcdir and top_builddir set.
set -u
. "$top_srcdir/tests/testlib.sh"

tmp=$(mktemp -d)
ns=""
cleanup() {
	[ -n "$ns" ] && ip netns del "$ns" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# both WHAT ARGS...: NETOBS_JSON_WRITER=both exits 0 and says nothing of a
# difference.
both() {
	local what=$1
	shift
	if NETOBS_JSON_WRITER=both timeout 30 "$@" > "$tmp/both.out" 2> "$tmp/both.err" &&
		! grep -q 'JSON writers differ' "$tmp/both.err" && [ -s "$tmp/both.out" ]; then
		ok "both writers equal: $what"
	else
		not_ok "both writers equal: $what: $(head -c 300 "$tmp/both.err")"
	fi
}

# apart WHAT ARGS...: a run with =cjson and one with the direct writer, in
# separate processes, equal but for the time.
apart() {
	local what=$1
	shift
	NETOBS_JSON_WRITER=cjson timeout 30 "$@" 2> /dev/null | sed 's/"time":"[^"]*"//' > "$tmp/cjson.out"
	timeout 30 "$@" 2> /dev/null | sed 's/"time":"[^"]*"//' > "$tmp/direct.out"
	if [ -s "$tmp/direct.out" ] && cmp -s "$tmp/cjson.out" "$tmp/direct.out"; then
		ok "separate runs equal: $what"
	else
		not_ok "separate runs equal: $what: $(cmp "$tmp/cjson.out" "$tmp/direct.out" 2>&1)"
	fi
}

# ---- fixture trees -------------------------------------------------------------
for root in "$FIXTURES"/*/; do
	[ -d "$root/proc" ] || [ -d "$root/sys" ] || continue
	name=$(basename "$root")
	both "$name show" "$NETOBS" --root "$root" --json show
	apart "$name show" "$NETOBS" --root "$root" --json show
done
both "docker-host watch" "$NETOBS" --root "$FIXTURES/docker-host" --json watch -i 0.01 -c 3

# ---- hostile bytes and 64-bit values ---------------------------------------------
hostile="$tmp/hostile"
cp -a "$FIXTURES/docker-host" "$hostile"
hname=$(printf 'h"\\\001\377x')
# Every byte from 0x01 to 0xff, then valid UTF-8 of 2, 3 and 4 bytes.
halias=$(python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(1, 256)) + "é€😀".encode())')
mv "$hostile/sys/class/net/veth5d6e7f8" "$hostile/sys/class/net/$hname"
printf '%s' "$halias" > "$hostile/sys/class/net/$hname/ifalias"
echo 18446744073709551615 > "$hostile/sys/class/net/$hname/statistics/rx_bytes"
echo 9007199254740993 > "$hostile/sys/class/net/$hname/statistics/tx_bytes"
both "hostile name and alias, u64 counters" "$NETOBS" --root "$hostile" --json show
apart "hostile name and alias, u64 counters" "$NETOBS" --root "$hostile" --json show
both "hostile, watch" "$NETOBS" --root "$hostile" --json watch -i 0.01 -c 3
"$NETOBS" --root "$hostile" --json show > "$tmp/hostile.json" 2> /dev/null
if grep -q '"rx_bytes":18446744073709551615' "$tmp/hostile.json" &&
	grep -q '"tx_bytes":9007199254740993' "$tmp/hostile.json"; then
	ok "u64 counters past 2^53 exact"
else
	not_ok "u64 counters past 2^53 exact"
fi
# What a JSON reader gets back: the name and alias, bytes that are not
# UTF-8 as U+FFFD.
if python3 - "$tmp/hostile.json" "$hname" "$halias" << 'PY'
import json, os, sys
doc = json.load(open(sys.argv[1], "rb"))
want_name = os.fsencode(sys.argv[2]).decode("utf-8", "replace")
want_alias = os.fsencode(sys.argv[3]).decode("utf-8", "replace")
devs = {d["name"]: d for d in doc["devices"]}
sys.exit(0 if want_name in devs and devs[want_name]["alias"] == want_alias else 1)
PY
then
	ok "hostile name and alias read back"
else
	not_ok "hostile name and alias read back"
fi

# ---- a live namespace ------------------------------------------------------------
ns="netobs-jsonw-$$"
netns_add_first "$ns"
netns_quiet "$ns"
ip -n "$ns" link set lo up
lname=$(printf 'q"\\\001\377')
ip -n "$ns" link add name "$lname" type veth peer name peer0
ip -n "$ns" link set "$lname" alias "$halias" 2> /dev/null ||
	ip -n "$ns" link set "$lname" alias "$(printf 'a "q" \\ \001\377\303(')"
ip -n "$ns" link set "$lname" up
ip -n "$ns" link set peer0 up
for i in $(seq 0 19); do
	ip -n "$ns" link add name "v$i" type veth peer name "w$i"
	ip -n "$ns" link set "v$i" up
	ip -n "$ns" link set "w$i" up
done
both "live show" ip netns exec "$ns" "$NETOBS" --json show
both "live watch (samples, qdiscs, every section)" ip netns exec "$ns" "$NETOBS" --json watch -i 0.02 -c 4
if NETOBS_JSON_WRITER=both ip netns exec "$ns" "$NETOBS" --json watch -i 0.02 -c 3 2> /dev/null |
	python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
ok = len(lines) == 3 and all(l["qdiscs"] and "rates" in l["devices"][0] for l in lines)
sys.exit(0 if ok else 1)'; then
	ok "live watch lines parse, with qdiscs and rates"
else
	not_ok "live watch lines parse, with qdiscs and rates"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
