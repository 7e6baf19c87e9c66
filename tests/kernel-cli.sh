#!/bin/bash
# The CLI against a real kernel, in a network namespace of its own (issue 5):
#  (a) a large host: 2000 veth pairs, 4001 devices with lo.  `netobs show
#      --json` lists each exactly once, `--prom` passes promtool with one
#      netobs_device_info per device; the time each takes is printed, never
#      judged (bench/ measures cost);
#  (b) hostile bytes the kernel takes: aliases (IFLA_IFALIAS) with quotes,
#      backslashes, newlines, escape sequences, format directives, invalid
#      and truncated UTF-8, 255 bytes; device names with a quote, a
#      backslash, control bytes, a terminal escape and invalid UTF-8 (the
#      kernel refuses only '/', ':', white space and '%' templates).  With
#      each source (netlink, sysfs, procfs): the JSON is strict UTF-8 and
#      each alias and name comes back as its bytes with one U+FFFD per byte
#      that is not UTF-8, --prom passes promtool, and no table holds a
#      control byte.
# Root only; every netobs call runs under timeout; the namespace goes on any
# exit.  About 20 s here, most of it the kernel making and freeing devices.
set -u

PAIRS=2000
T=30			# seconds allowed to one netobs call

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: kernel-cli needs root for its network namespace"
	exit 77
fi
. "$top_srcdir/tests/testlib.sh"
have_promtool=yes
command -v promtool > /dev/null || { have_promtool=no; echo "note: no promtool: skipping its checks"; }

NS="netobs-kcli-$$"
tmp=$(mktemp -d) || exit 1
made_ns=no
cleanup() {
	[ $made_ns = yes ] && ip netns del "$NS" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

netns_add_first "$NS"
made_ns=yes

failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "FAIL $n - $*"; }

# nb OUT ARGS...: netobs in the namespace, stdout to OUT; its exit status.
nb() {
	local out=$1
	shift
	timeout $T ip netns exec "$NS" "$NETOBS" "$@" > "$out" 2> "$out.err"
}

# promcheck FILE: promtool has nothing to say about it (it exits 0 on lint
# findings too).
promcheck() {
	[ $have_promtool = no ] && return 0
	promtool check metrics < "$1" > "$tmp/promtool" 2>&1 && [ ! -s "$tmp/promtool" ] && return 0
	head -n 5 "$tmp/promtool"
	return 1
}

now_ms() { date +%s%3N; }

cat > "$tmp/check.py" << 'EOF'
# check.py JSON NAMES [ALIASES]: the JSON is strict UTF-8 and lists exactly
# the devices of NAMES (one name per line, as bytes, \xNN escaped); ALIASES
# holds "NAME-ESCAPED<TAB>ALIAS-ESCAPED" lines to compare.  netobs replaces
# each byte that is not part of valid UTF-8 with one U+FFFD (Python's own
# "replace" gives one per maximal invalid subsequence: b"\xe2\x82" is one).
import codecs, json, sys

def unescape(s):
    return codecs.escape_decode(s.encode("ascii"))[0]

codecs.register_error("perbyte", lambda e: ("\ufffd" * (e.end - e.start), e.end))

def text(b):
    return b.decode("utf-8", "perbyte")

raw = open(sys.argv[1], "rb").read()
try:
    doc = json.loads(raw.decode("utf-8", "strict"))
except (UnicodeDecodeError, ValueError) as e:
    sys.exit("not strict UTF-8 JSON: %s" % e)
got = [d["name"] for d in doc["devices"]]
want = [text(unescape(l)) for l in open(sys.argv[2]).read().splitlines()]
if len(got) != len(set(got)):
    sys.exit("a device listed twice")
if sorted(got) != sorted(want):
    missing = sorted(set(want) - set(got))[:5]
    extra = sorted(set(got) - set(want))[:5]
    sys.exit("%d devices, want %d; missing %r, extra %r" % (len(got), len(want), missing, extra))
by_name = {d["name"]: d for d in doc["devices"]}
if len(sys.argv) > 3:
    for line in open(sys.argv[3]).read().splitlines():
        name, alias = (text(unescape(x)) for x in line.split("\t"))
        if by_name[name].get("alias") != alias:
            sys.exit("%r: alias %r, want %r" % (name, by_name[name].get("alias"), alias))
print("%d devices" % len(got))
EOF

# ---- (a) 4001 devices ---------------------------------------------------------------
: > "$tmp/names"
echo lo >> "$tmp/names"
for ((i = 0; i < PAIRS; i++)); do
	echo "link add name a$i type veth peer name b$i"
	echo "a$i" >> "$tmp/names"
	echo "b$i" >> "$tmp/names"
done > "$tmp/batch"
t0=$(now_ms)
if ! timeout 120 ip -n "$NS" -batch "$tmp/batch" > "$tmp/batch.out" 2>&1; then
	echo "FAIL: cannot make $PAIRS veth pairs: $(head -c 300 "$tmp/batch.out")"
	exit 1
fi
echo "note: $PAIRS veth pairs made in $(($(now_ms) - t0)) ms"

t0=$(now_ms)
nb "$tmp/big.json" show --json
rc=$?
ms=$(($(now_ms) - t0))
if [ $rc -eq 0 ] && python3 "$tmp/check.py" "$tmp/big.json" "$tmp/names" > "$tmp/py" 2>&1; then
	ok "show --json lists each of the $((2 * PAIRS + 1)) devices once ($(cat "$tmp/py"), $ms ms)"
else
	fail "show --json over $((2 * PAIRS + 1)) devices: exit $rc, $(head -c 300 "$tmp/big.json.err") $(cat "$tmp/py" 2> /dev/null)"
fi

t0=$(now_ms)
nb "$tmp/big.prom" show --prom
rc=$?
ms=$(($(now_ms) - t0))
info=$(grep -c '^netobs_device_info{' "$tmp/big.prom")
if [ $rc -eq 0 ] && [ "$info" -eq $((2 * PAIRS + 1)) ] && promcheck "$tmp/big.prom"; then
	ok "show --prom: $info netobs_device_info samples, passes promtool ($ms ms)"
else
	fail "show --prom over $((2 * PAIRS + 1)) devices: exit $rc, $info device_info samples, $(head -c 300 "$tmp/big.prom.err")"
fi

t0=$(now_ms)
nb "$tmp/big.txt" show
rc=$?
ms=$(($(now_ms) - t0))
rows=$(grep -c -E '^(lo|a[0-9]+|b[0-9]+) ' "$tmp/big.txt")
if [ $rc -eq 0 ] && [ "$rows" -eq $((2 * PAIRS + 1)) ]; then
	ok "show (table): a row per device ($ms ms)"
else
	fail "show (table): exit $rc, $rows device rows, $(head -c 300 "$tmp/big.txt.err")"
fi

# ---- (b) hostile aliases and names ----------------------------------------------------
# Printed with \xNN for every byte outside printable ASCII (and for \ and
# the tab that separates the fields), for check.py.
esc() {
	LC_ALL=C od -An -v -tx1 | tr -s ' \n' '  ' | python3 -c '
import sys
out = []
for h in sys.stdin.read().split():
    b = int(h, 16)
    out.append(chr(b) if 0x20 < b < 0x7f and b != 0x5c else "\\x%02x" % b)
print("".join(out))'
}

aliases=(
	$'a"b\\c\nd'
	$'\xff\xfe invalid'
	$'caf\xc3\xa9 \xe2\x82'
	$'\xed\xa0\x80 surrogate, \xc0\x80 overlong'
	$'\t\x01\x1b[31mred\x1b[0m\x7f'
	$'x"} 1\nnetobs_fake 1\n# HELP'
	'%s%n%x%%'
	$'{"alias": [1]}\\'
	$'trailing\n'
	"$(printf 'L%.0s' $(seq 200))é$(printf 'z%.0s' $(seq 53))"
)
names=(
	$'q"\\\x01\xffz'
	$'\x1b]0;t\a\x7f'
	$'\xc3\xa9t\xc3\xa9'
)
: > "$tmp/aliases"
for i in "${!aliases[@]}"; do
	if ! ip -n "$NS" link set dev "a$i" alias "${aliases[$i]}" 2> "$tmp/ip.err"; then
		echo "FAIL: the kernel refused alias $i: $(cat "$tmp/ip.err")"
		exit 1
	fi
	printf 'a%d\t%s\n' "$i" "$(printf '%s' "${aliases[$i]}" | esc)" >> "$tmp/aliases"
done
for i in "${!names[@]}"; do
	if ! ip -n "$NS" link add name "${names[$i]}" type veth peer name "h$i" 2> "$tmp/ip.err"; then
		echo "FAIL: the kernel refused name $i: $(cat "$tmp/ip.err")"
		exit 1
	fi
	printf '%s' "${names[$i]}" | esc >> "$tmp/names"
	echo "h$i" >> "$tmp/names"
	ip -n "$NS" link set dev "h$i" alias "${aliases[0]}"
	printf 'h%d\t%s\n' "$i" "$(printf '%s' "${aliases[0]}" | esc)" >> "$tmp/aliases"
done

# controls FILE: the bytes below 0x20 other than newline, and 0x7f.
controls() {
	LC_ALL=C tr -d '\n' < "$1" | LC_ALL=C tr -cd '\000-\037\177' | wc -c
}

for src in auto sysfs procfs; do
	nb "$tmp/h.json" --source $src show --json
	rc=$?
	if [ $rc -eq 0 ] && python3 "$tmp/check.py" "$tmp/h.json" "$tmp/names" "$tmp/aliases" > "$tmp/py" 2>&1; then
		ok "$src: show --json is strict UTF-8, every hostile alias and name round-trips"
	else
		fail "$src: show --json: exit $rc, $(head -c 300 "$tmp/h.json.err") $(cat "$tmp/py")"
	fi
	nb "$tmp/h.prom" --source $src show --prom
	rc=$?
	# Label values may hold any UTF-8, control characters included: the
	# format asks only for \\, \" and \n to be escaped.
	if [ $rc -eq 0 ] && promcheck "$tmp/h.prom" && ! grep -q '^netobs_fake' "$tmp/h.prom"; then
		ok "$src: show --prom passes promtool, no injected sample"
	else
		fail "$src: show --prom: exit $rc, $(head -c 300 "$tmp/h.prom.err")"
	fi
	for cmd in show devices; do
		nb "$tmp/h.txt" --source $src $cmd
		rc=$?
		c=$(controls "$tmp/h.txt")
		if [ $rc -eq 0 ] && [ "$c" -eq 0 ]; then
			ok "$src: $cmd (table) holds no control byte"
		else
			fail "$src: $cmd (table): exit $rc, $c control bytes: $(LC_ALL=C grep -n -a -P '[\x00-\x09\x0b-\x1f\x7f]' "$tmp/h.txt" | head -n 3 | od -c | head -n 5)"
		fi
	done
done

echo "$n checks, $failed failed"
[ $failed -eq 0 ]
