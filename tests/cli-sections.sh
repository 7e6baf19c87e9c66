#!/bin/bash
# One bad file costs one section, through the CLI: a copy of a fixture tree
# with one section's file broken in turn must give exit 0 (1 with --strict),
# a warning naming the file, the broken section marked as not read (JSON
# sections.X.ok false, netobs_section_success{section="X"} 0, a "not read"
# line or '-' cells in the table, the doctor's layer "unknown"), and the
# other sections complete and equal to the intact tree's.
#
# Sections: devices, softnet, softirqs, tunables (every tunable's file),
# snmp.  Breakages: missing, empty, unreadable (run as nobody: root reads a
# mode-000 file), garbage, cut short, mixed widths (the last row one column
# short; devices, softnet, softirqs), a directory, a symlink loop, 100 MB.
# Commands: show, devices, softnet, stack, qdisc, watch -c 1, doctor.
#
# Sampled, not the full cross product (5 x 9 x 7 x 3 x 2 runs would take
# many minutes): the section x breakage pairs are numbered k = 1, 2, ...;
# pair k runs 3 of the 7 commands, those whose index j (1..7) has
# (j + k) % 7 < 3, a window that moves by one per pair, so every command
# meets every section (each section has 7 or more pairs); each run uses one
# of the command's formats (table, --json, --prom; watch and doctor have no
# --prom) and one source (the default, which reads a tree's devices from
# sysfs, or --source procfs), both picked by (j + k), so formats and
# sources rotate across the matrix.  About 126 runs, each also with
# --strict.  The devices section is broken in /proc/net/dev, which
# only --source procfs reads: its cases always use it.
# Run by `make check` with top_srcdir and top_builddir set.
set -u
. "$top_srcdir/tests/testlib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# nobody must reach the tree for the unreadable cases.
chmod 755 "$tmp"
failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# section:REL (relative to the tree)
cases="devices:proc/net/dev softnet:proc/net/softnet_stat softirqs:proc/softirqs
tunables:proc/sys/net snmp:proc/net/snmp"
breaks="missing empty unreadable garbage cutshort mixed directory loop huge"
commands="show devices softnet stack qdisc watch doctor"

fresh_tree() {
	rm -rf "$tmp/tree"
	cp -a "$FIXTURES/docker-host" "$tmp/tree"
}

# break_one FILE HOW: 1 (false) when HOW does not apply to FILE
break_one() {
	local f=$1
	case $2 in
	missing) rm -f "$f" ;;
	empty) : > "$f" ;;
	unreadable) chmod 000 "$f" ;;
	garbage) printf 'this is not a kernel file\n' > "$f" ;;
	cutshort) head -c -12 "$f" > "$f.cut" && mv "$f.cut" "$f" ;;
	mixed) sed -i '$ s/ *[^ ]*$//' "$f" ;;
	directory) rm -f "$f" && mkdir "$f" ;;
	loop) rm -f "$f" && ln -s "$(basename "$f")" "$f" ;;
	huge) rm -f "$f" && truncate -s 100M "$f" ;;
	esac
}

# break_section SEC REL HOW: 1 when the pair is not a case
break_section() {
	local f
	case $1:$3 in
	tunables:cutshort | tunables:mixed | snmp:mixed) return 1 ;;
	esac
	if [ "$1" = tunables ]; then
		for f in "$tmp/tree/$2"/core/* "$tmp/tree/$2"/ipv4/*; do
			break_one "$f" "$3"
		done
	else
		break_one "$tmp/tree/$2" "$3"
	fi
}

# formats CMD: the formats CMD has
formats() {
	case $1 in
	watch | doctor) echo "table --json" ;;
	*) echo "table --json --prom" ;;
	esac
}

# args CMD: CMD's words; watch and doctor sample 0.1 s apart
cmd_args() {
	case $1 in
	watch) echo "watch -c 1 -i 0.1" ;;
	doctor) echo "doctor -i 0.1" ;;
	*) echo "$1" ;;
	esac
}

# The intact tree's JSON from both sources, the references.
fresh_tree
for src in default procfs; do
	sargs=()
	[ $src = procfs ] && sargs=(--source procfs)
	timeout 20 "$NETOBS" show --json "${sargs[@]}" --root "$tmp/tree" > "$tmp/ref-$src.json" ||
		{ echo "FAIL: the intact tree does not read"; exit 1; }
done
timeout 20 "$NETOBS" stack --json --root "$tmp/tree" > "$tmp/ref-stack.json" ||
	{ echo "FAIL: the intact tree's stack does not read"; exit 1; }
# The tunables section is neither the host's nor the namespace's: "mixed",
# and each tunable's own scope (netobs_tunable_scope()).
if python3 - "$tmp/ref-default.json" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))["sections"]["tunables"]
host = {"netdev_max_backlog", "netdev_budget", "netdev_budget_usecs", "dev_weight",
        "flow_limit_table_len", "tcp_mem", "udp_mem"}
netns = {"rmem_max", "rmem_default", "wmem_max", "wmem_default", "somaxconn",
         "tcp_rmem", "tcp_wmem", "tcp_max_syn_backlog"}
want = dict([(n, "host") for n in host] + [(n, "netns") for n in netns])
sys.exit(0 if t["scope"] == "mixed" and t["scopes"] == want else "tunables: %s" % t)
EOF
then ok "tunables: scope mixed, each tunable's scope in scopes"
else not_ok "tunables: scope mixed, each tunable's scope in scopes"
fi

k=0
for c in $cases; do
	sec=${c%%:*} rel=${c#*:}
	for how in $breaks; do
		fresh_tree
		break_section "$sec" "$rel" "$how" || continue
		k=$((k + 1))
		user=$(id -un) priv=()
		# Root reads a mode-000 file: drop to nobody for it.  Run
		# unprivileged (run-all's pass as nobody), mode 000 suffices.
		if [ $how = unreadable ] && [ "$(id -u)" -eq 0 ]; then
			user=nobody
			priv=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		fi
		rm -f "$tmp"/run.*
		j=0
		for cmd in $commands; do
			j=$((j + 1))
			[ $(((j + k) % 7)) -lt 3 ] || continue
			set -- $(formats "$cmd")
			shift $(((k + j) % $#))
			fmt=$1
			src=default
			if [ $sec = devices ] || [ $(((k + j) % 2)) -eq 1 ]; then
				src=procfs
			fi
			read -r -a args <<< "$(cmd_args "$cmd")"
			[ $src = procfs ] && args+=(--source procfs)
			args+=(--root "$tmp/tree")
			[ "$fmt" != table ] && args+=("$fmt")
			what="$sec $how: $cmd $fmt ($src source, as $user)"
			timeout 30 "${priv[@]}" "$NETOBS" "${args[@]}" > "$tmp/run.$cmd.out" 2> "$tmp/err"
			rc=$?
			# doctor's exit status is its verdict (0, 10, 11, 12).
			if [ $cmd = doctor ]; then
				case $rc in 0 | 10 | 11 | 12) ;; *)
					not_ok "$what: exit $rc: $(head -c 300 "$tmp/err")"
					continue ;;
				esac
				# --strict: a warning makes it exit 1, as elsewhere.
				timeout 30 "${priv[@]}" "$NETOBS" "${args[@]}" --strict > /dev/null 2>&1
				src_rc=$?
				if [ $src_rc -ne 1 ]; then
					not_ok "$what: doctor --strict exit $src_rc, expected 1"
					continue
				fi
			else
				timeout 30 "${priv[@]}" "$NETOBS" "${args[@]}" --strict > /dev/null 2>&1
				src_rc=$?
				if [ $rc -ne 0 ] || [ $src_rc -ne 1 ]; then
					not_ok "$what: exit $rc (--strict $src_rc), expected 0 (1): $(head -c 300 "$tmp/err")"
					continue
				fi
			fi
			if ! grep -q "warning: .*$rel" "$tmp/err"; then
				not_ok "$what: no warning naming $rel: $(head -c 300 "$tmp/err")"
				continue
			fi
			if ! out=$(python3 - "$sec" "$cmd" "$fmt" "$tmp/run.$cmd.out" "$tmp/ref-$src.json" \
				"$tmp/ref-stack.json" 2>&1 <<'EOF'
import json, re, sys
sec, cmd, fmt, out, ref, ref_stack = sys.argv[1:]
ref = json.load(open(ref))
ref_stack = json.load(open(ref_stack))["stack"]
text = open(out).read()
wanted = {"show": ["devices", "softnet", "softirqs", "tunables"], "devices": ["devices"],
          "softnet": ["softnet", "softirqs", "tunables"], "stack": ["snmp"],
          "qdisc": [], "watch": ["devices", "softnet", "softirqs", "tunables"],
          "doctor": []}[cmd]
# The layers each section feeds (libnetobs/doctor.c).  snmp feeds "ip",
# but the doctor reports that layer "ok" when snmp is absent: a known gap
# of the doctor (not this test's files), printed below, not asserted.
layers = {"devices": ["link", "device_drops"], "softnet": ["cpu_backlog", "cpu_budget"]}
read_ok = [s for s, v in ref["sections"].items() if v["ok"]]

def fail(msg):
    sys.exit(msg)

def same(key, got):
    if key == "snmp":
        want = {k: v for k, v in ref_stack.items() if k.split(".")[0] in
                ("Ip", "Icmp", "IcmpMsg", "Tcp", "Udp", "UdpLite")}
        got = {k: v for k, v in got.items() if k in want}
        return got == want
    return got == ref[key]

if cmd == "doctor":
    if fmt == "--json":
        verdicts = {l["layer"]: l["verdict"] for l in json.loads(text)["layers"]}
    else:
        verdicts = {m.group(1): m.group(2).lower() for m in
                    re.finditer(r"^([a-z_]+)\s+([A-Z]+)\s", text, re.M)}
    for layer in layers.get(sec, []):
        if verdicts.get(layer) != "unknown":
            fail("doctor layer %s is %s, not unknown" % (layer, verdicts.get(layer)))
    if sec == "snmp" and verdicts.get("ip") != "unknown":
        fail("doctor layer ip is %s with snmp absent, not unknown" % verdicts.get("ip"))
elif fmt == "--json":
    doc = json.loads(text.splitlines()[0] if cmd == "watch" else text)
    if doc["sections"][sec]["ok"]:
        fail("sections.%s.ok is true" % sec)
    for other in read_ok:
        if other != sec and not doc["sections"][other]["ok"]:
            fail("sections.%s.ok is false" % other)
    if not any(w["section"] == sec for w in doc["warnings"]):
        fail("no warning of section %s in JSON" % sec)
    for other in wanted:
        key = "stack" if other == "snmp" else other
        if other == sec:
            if other == "snmp":
                if any(k.startswith(("Ip.", "Udp.", "Tcp.")) for k in doc[key]):
                    fail("snmp counters although refused")
            elif doc[key]:
                fail("%s not empty although refused" % other)
        elif cmd != "watch" and not same(other, doc[key]):
            fail("%s differs from the intact tree's" % other)
        elif cmd == "watch" and key == "devices" and \
                sorted(d["name"] for d in doc[key]) != sorted(d["name"] for d in ref[key]):
            fail("watch lacks devices")
elif fmt == "--prom":
    m = re.search(r'^netobs_section_success\{section="%s"\} (\d)$' % sec, text, re.M)
    if not m or m.group(1) != "0":
        fail("netobs_section_success for %s is not 0" % sec)
    for other in read_ok:
        if other != sec and not re.search(
                r'^netobs_section_success\{section="%s"\} 1$' % other, text, re.M):
            fail("netobs_section_success for %s is not 1" % other)
    if "devices" in wanted and sec != "devices":
        if text.count("netobs_device_info{") != len(ref["devices"]):
            fail("not every device in --prom")
    if "softnet" in wanted and sec != "softnet":
        if text.count("netobs_softnet_processed_total{") != len(ref["softnet"]):
            fail("not every CPU's softnet in --prom")
else:
    if "devices" in wanted and sec != "devices":
        for d in ref["devices"]:
            if not re.search(r"^(\S+ )?%s\s" % re.escape(d["name"]), text, re.M):
                fail("device %s missing from the table" % d["name"])
    if cmd == "show":
        if sec == "softnet":
            if "softnet: not read" not in text or "CPUs online" in text:
                fail("show does not say softnet was not read")
        elif not re.search(r"^softnet, %d CPUs online: processed=%d " % (
                len(ref["softnet"]), sum(c["processed"] for c in ref["softnet"])),
                text, re.M):
            fail("show's softnet line differs from the intact tree's")
    if cmd == "softnet":
        rows = {int(m.group(1)): (m.group(2), m.group(3).split()) for m in
                re.finditer(r"^(\d+)( offline)?((?:\s+\S+){8})$", text, re.M)}
        if sorted(rows) != [c["cpu"] for c in ref["softnet"]]:
            fail("softnet rows %s" % sorted(rows))
        for c, irq in zip(ref["softnet"], ref["softirqs"]):
            mark, cells = rows[c["cpu"]]
            if mark:
                fail("CPU %d marked offline" % c["cpu"])
            want = (["-"] * 6 if sec == "softnet" else None,
                    ["-"] * 2 if sec == "softirqs" else
                    [str(irq["NET_RX"]), str(irq["NET_TX"])])
            if want[0] and cells[:6] != want[0]:
                fail("CPU %d softnet cells %s, not '-'" % (c["cpu"], cells[:6]))
            if not want[0] and cells[0] != str(c["processed"]):
                fail("CPU %d PROCESSED %s, expected %d" % (c["cpu"], cells[0], c["processed"]))
            if cells[6:] != want[1]:
                fail("CPU %d NET_RX/NET_TX %s, expected %s" % (c["cpu"], cells[6:], want[1]))
        for s in ("softnet", "softirqs"):
            if (("%s: not read" % s) in text) != (s == sec):
                fail("the %s 'not read' line is wrong" % s)
    if cmd == "stack":
        has_ip = re.search(r"^Ip\.InDiscards\s+%d\s" % ref_stack["Ip.InDiscards"], text, re.M)
        if bool(has_ip) == (sec == "snmp"):
            fail("Ip.InDiscards %s" % ("shown although refused" if has_ip else "missing"))
    if cmd == "qdisc" and "qdiscs: not read" not in text:
        fail("qdisc does not say qdiscs were not read")
EOF
			); then
				not_ok "$what: $out"
				continue
			fi
			[ -n "$out" ] && echo "$out"
			ok "$what: exit 0, --strict 1, warned, the rest complete"
		done
	done
done

echo "1..$n"
echo "cli-sections: $((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
