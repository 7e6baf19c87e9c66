#!/bin/bash
# One bad file costs one section, through the CLI: a copy of a fixture tree
# with one section's file broken in turn (missing, empty, garbage, cut
# short, a directory, 100 MB) must give, for every command and format,
# exit 0 (1 with --strict), a warning naming the file, the other sections
# complete and equal to the intact tree's, JSON sections.X.ok false and
# netobs_section_success{section="X"} 0.
# Run by `make check` with top_srcdir and top_builddir set.
set -u
. "$top_srcdir/tests/testlib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# section REL (relative to the tree), one per section
cases="devices:proc/net/dev softnet:proc/net/softnet_stat softirqs:proc/softirqs"
breaks="missing empty garbage cutshort directory huge"

fresh_tree() {
	rm -rf "$tmp/tree"
	cp -a "$FIXTURES/docker-host" "$tmp/tree"
}

# break_file PATH HOW
break_file() {
	local f=$1
	case $2 in
	missing) rm -f "$f" ;;
	empty) : > "$f" ;;
	garbage) printf 'this is not a kernel file\n' > "$f" ;;
	cutshort) head -c -12 "$f" > "$f.cut" && mv "$f.cut" "$f" ;;
	directory) rm -f "$f" && mkdir "$f" ;;
	huge) truncate -s 100M "$f" ;;
	esac
}

# The intact tree's JSON, the reference every broken run is compared with.
fresh_tree
timeout 20 "$NETOBS" show --json --source procfs --root "$tmp/tree" > "$tmp/ref.json" ||
	{ echo "FAIL: the intact tree does not read"; exit 1; }

for c in $cases; do
	sec=${c%%:*} rel=${c#*:}
	for how in $breaks; do
		fresh_tree
		break_file "$tmp/tree/$rel" "$how"
		for cmd in show devices softnet; do
			for fmt in table --json --prom; do
				args=("$cmd" --source procfs --root "$tmp/tree")
				[ "$fmt" != table ] && args+=("$fmt")
				timeout 20 "$NETOBS" "${args[@]}" > "$tmp/out" 2> "$tmp/err"
				rc=$?
				timeout 20 "$NETOBS" "${args[@]}" --strict > /dev/null 2> "$tmp/err.strict"
				src=$?
				what="$sec $how: $cmd $fmt"
				# Even "devices" with the devices section broken: the other
				# sections were read, so the run is no failure; the warning
				# and --strict say what is missing.
				want_rc=0 want_src=1
				if [ $rc -ne $want_rc ] || [ $src -ne $want_src ]; then
					not_ok "$what: exit $rc (--strict $src), expected $want_rc ($want_src): $(head -c 300 "$tmp/err")"
					continue
				fi
				if ! grep -q "warning: .*$rel" "$tmp/err"; then
					not_ok "$what: no warning naming $rel: $(head -c 300 "$tmp/err")"
					continue
				fi
				if ! python3 - "$sec" "$cmd" "$fmt" "$tmp/out" "$tmp/ref.json" <<'EOF'
import json, re, sys
sec, cmd, fmt, out, ref = sys.argv[1:]
ref = json.load(open(ref))
text = open(out).read()
wanted = {"show": ["devices", "softnet", "softirqs"], "devices": ["devices"],
          "softnet": ["softnet", "softirqs"]}[cmd]
if fmt == "--json":
    doc = json.loads(text)
    if doc["sections"][sec]["ok"]:
        sys.exit("sections.%s.ok is true" % sec)
    if not any(w["section"] == sec for w in doc["warnings"]):
        sys.exit("no warning of section %s in JSON" % sec)
    for other in wanted:
        if other == sec:
            if doc[other]:
                sys.exit("%s not empty although refused" % other)
            continue
        if doc[other] != ref[other]:
            sys.exit("%s differs from the intact tree's" % other)
elif fmt == "--prom":
    m = re.search(r'^netobs_section_success\{section="%s"\} (\d)$' % sec, text, re.M)
    if not m or m.group(1) != "0":
        sys.exit("netobs_section_success for %s is not 0" % sec)
    for other in ("devices", "softnet", "softirqs", "tunables"):
        if other != sec and not re.search(
                r'^netobs_section_success\{section="%s"\} 1$' % other, text, re.M):
            sys.exit("netobs_section_success for %s is not 1" % other)
    if "devices" in wanted and sec != "devices":
        if text.count("netobs_device_info{") != len(ref["devices"]):
            sys.exit("not every device in --prom")
    if "softnet" in wanted and sec != "softnet":
        if text.count("netobs_softnet_processed_total{") != len(ref["softnet"]):
            sys.exit("not every CPU's softnet in --prom")
else:
    if "devices" in wanted and sec != "devices":
        for d in ref["devices"]:
            if not re.search(r"^%s\s" % re.escape(d["name"]), text, re.M):
                sys.exit("device %s missing from the table" % d["name"])
EOF
				then
					not_ok "$what: output (above)"
					continue
				fi
				ok "$what: exit 0, --strict 1, warned, the rest complete"
			done
		done
	done
done

echo "1..$n"
echo "cli-sections: $((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
