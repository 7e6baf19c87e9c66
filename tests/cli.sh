#!/bin/bash
# netobs(1) end to end, without root: usage errors, every command on every
# fixture tree (JSON cross-checked against the fixture files themselves,
# Prometheus text through promtool), filters, escaping of hostile names,
# EPIPE, watch on a pipe, --textfile, and the man page against the output.
# Run by `make check` with top_srcdir and top_builddir set.
set -u

NETOBS="$top_builddir/cli/netobs"
FIX="$top_srcdir/tests/fixtures"
MAN="$top_srcdir/man/netobs.1"
FIXTURES="bare-metal docker-host nomad-host k8s-node laptop"

command -v python3 > /dev/null || { echo "cli: python3 missing, skipped"; exit 77; }
[ -x "$NETOBS" ] || { echo "cli: $NETOBS not built"; exit 1; }
have_promtool=yes
command -v promtool > /dev/null || { have_promtool=no; echo "cli: no promtool: skipping its checks"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
n=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() { # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# run ARGS...: netobs with a time limit (a hang fails, never blocks make
# check); stdout in $tmp/out, stderr in $tmp/err, status in $rc.
run() {
	timeout 20 "$NETOBS" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
}

promcheck() { # promcheck FILE
	[ $have_promtool = no ] && return 0
	promtool check metrics < "$1" > "$tmp/promtool" 2>&1 || { cat "$tmp/promtool"; return 1; }
	# promtool exits 0 on lint findings too: it must have nothing to say.
	[ ! -s "$tmp/promtool" ] || { cat "$tmp/promtool"; return 1; }
}

# ---- the Python side: reading fixture files directly -----------------------
cat > "$tmp/check.py" << 'EOF'
import json, os, re, sys

SYSFS_COUNTERS = """rx_packets tx_packets rx_bytes tx_bytes rx_errors tx_errors rx_dropped
tx_dropped multicast collisions rx_length_errors rx_over_errors rx_crc_errors rx_frame_errors
rx_fifo_errors rx_missed_errors tx_aborted_errors tx_carrier_errors tx_fifo_errors
tx_heartbeat_errors tx_window_errors rx_compressed tx_compressed rx_nohandler""".split()
# /proc/net/dev columns, in order; three of them are folded sums.
PROCFS_COLUMNS = """rx_bytes rx_packets rx_errors rx_dropped rx_fifo_errors rx_frame_errors
rx_compressed multicast tx_bytes tx_packets tx_errors tx_dropped tx_fifo_errors collisions
tx_carrier_errors tx_compressed""".split()
FOLDED = {"rx_dropped", "rx_frame_errors", "tx_carrier_errors"}
# (file under /proc/sys/net, how many values)
TUNABLES = [("core/" + t, 1) for t in
            "netdev_max_backlog netdev_budget netdev_budget_usecs dev_weight flow_limit_table_len "
            "rmem_max rmem_default wmem_max wmem_default somaxconn".split()] + \
           [("ipv4/tcp_rmem", 3), ("ipv4/tcp_wmem", 3), ("ipv4/tcp_mem", 3),
            ("ipv4/udp_mem", 3), ("ipv4/tcp_max_syn_backlog", 1)]


def fail(msg):
    print("check.py:", msg, file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(path) as f:
        return f.read().strip()


def expect(what, got, want):
    if got != want:
        fail("%s: netobs says %r, the fixture %r" % (what, got, want))


def procnetdev(root):
    rows = {}
    for line in open(os.path.join(root, "proc/net/dev")).readlines()[2:]:
        name, cols = line.split(":", 1)
        rows[name.strip()] = [int(c) for c in cols.split()]
    return rows


def shown(name):
    """A file name as JSON shows it: bytes that are not UTF-8 as U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def check_device_sysfs(root, dev, real_name):
    base = os.path.join(root, "sys/class/net", real_name)
    expect(dev["name"] + " ifindex", dev["ifindex"], int(read(base + "/ifindex")))
    expect(dev["name"] + " mtu", dev["mtu"], int(read(base + "/mtu")))
    want = {}
    for c in SYSFS_COUNTERS:
        if os.path.exists(base + "/statistics/" + c):
            want[c] = int(read(base + "/statistics/" + c))
    expect(dev["name"] + " counters", dev["counters"], want)
    if "folded" in dev:
        fail(dev["name"] + ": folded counters from sysfs")


def check_device_procfs(rows, dev):
    cols = rows[dev["name"]]
    want = dict(zip(PROCFS_COLUMNS, cols))
    expect(dev["name"] + " counters", dev["counters"], want)
    expect(dev["name"] + " folded", sorted(dev.get("folded", [])), sorted(FOLDED))


def softnet_sums(root):
    sums = [0, 0, 0]
    for line in open(os.path.join(root, "proc/net/softnet_stat")):
        cols = [int(c, 16) for c in line.split()]
        for i in range(3):
            sums[i] += cols[i]
    return sums


def softirq_sum(root, name):
    for line in open(os.path.join(root, "proc/softirqs")):
        if line.split() and line.split()[0] == name + ":":
            return sum(int(c) for c in line.split()[1:])
    return None


def check_cpus(root, doc):
    got = [sum(c.get(f, 0) for c in doc["softnet"])
           for f in ("processed", "dropped", "time_squeeze")]
    expect("softnet sums", got, softnet_sums(root))
    for name in ("NET_RX", "NET_TX"):
        expect(name + " sum", sum(c.get(name, 0) for c in doc["softirqs"]),
               softirq_sum(root, name))
    want = {}
    for t, n in TUNABLES:
        path = os.path.join(root, "proc/sys/net", t)
        if os.path.exists(path):
            values = [int(v) for v in read(path).split()]
            want[t.split("/")[1]] = values[0] if n == 1 else values
    expect("tunables", doc["tunables"], want)


def cmd_snapshot(root, source, sections):
    """A one-shot document against the fixture's own files."""
    doc = json.load(sys.stdin)
    for key in ("time", "host", "source"):
        if key not in doc:
            fail("no " + key)
    if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", doc["time"]):
        fail("time is not RFC 3339: " + doc["time"])
    if "devices" in sections:
        net = os.path.join(root, "sys/class/net")
        # Devices are folders (links to them); bonding_masters is a file.
        real = {shown(n): n for n in os.listdir(net) if os.path.isdir(os.path.join(net, n))}
        if source == "procfs":
            real = {shown(n): n for n in procnetdev(root)}
        expect("device names", sorted(d["name"] for d in doc["devices"]), sorted(real))
        rows = procnetdev(root)
        for dev in doc["devices"]:
            if source == "procfs":
                check_device_procfs(rows, dev)
            else:
                check_device_sysfs(root, dev, real[dev["name"]])
            if "rx_otherhost_dropped" in dev["counters"]:
                fail("rx_otherhost_dropped from " + source)
    elif "devices" in doc:
        fail("devices in a softnet document")
    if "cpus" in sections:
        check_cpus(root, doc)
    elif "softnet" in doc:
        fail("softnet in a devices document")


def prom_samples(path):
    samples = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        m = re.match(r'^([a-z_][a-z0-9_]*)(\{.*\})? (\S+)$', line.rstrip("\n"))
        if not m:
            fail("bad sample line: " + line)
        labels = {k: re.sub(r'\\(.)', lambda e: "\n" if e.group(1) == "n" else e.group(1), v)
                  for k, v in re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or "")}
        key = (m.group(1), labels.get("device"), labels.get("cpu"))
        # Series told apart by other labels (a section, tcp_rmem's three
        # values, a qdisc's handle and parent).
        key += tuple(labels[k] for k in ("section", "value", "handle", "parent") if k in labels)
        if key in samples:
            fail("duplicate series " + repr(key))
        samples[key] = float(m.group(3)) if "." in m.group(3) else int(m.group(3))
    return samples


STACK_GAUGES = {"Ip.Forwarding", "Ip.DefaultTTL", "Tcp.RtoAlgorithm", "Tcp.RtoMin",
                "Tcp.RtoMax", "Tcp.MaxConn", "Tcp.CurrEstab"}


def snake(s):
    """netobs(1)'s CamelCase -> snake_case of the netobs_stack_* names."""
    s = re.sub(r'(?<=[a-z0-9])(?=[A-Z])', '_', s)
    return re.sub(r'(?<=[A-Z]{2})(?=[A-Z](?!s(?![a-z]))[a-z])', '_', s).lower()


def stack_metric(name, v):
    group, field = name.split(".")
    tail = "" if name in STACK_GAUGES else "_total"
    return "netobs_stack_" + snake(group) + "_" + snake(field) + tail


def cmd_prom_vs_json(prom, jsonfile):
    """Every counter of every device and CPU, the same in both formats."""
    samples = prom_samples(prom)
    doc = json.load(open(jsonfile))
    count = 0
    for dev in doc.get("devices", []):
        for c, v in dev["counters"].items():
            if c.startswith("rx_"):
                metric = "netobs_device_receive_" + c[3:] + "_total"
            elif c.startswith("tx_"):
                metric = "netobs_device_transmit_" + c[3:] + "_total"
            else:
                metric = {"multicast": "netobs_device_receive_multicast_total",
                          "collisions": "netobs_device_transmit_collisions_total"}[c]
            expect(metric + " " + dev["name"], samples.pop((metric, dev["name"], None)), v)
            count += 1
    for cpu in doc.get("softnet", []):
        for f, metric in (("processed", "netobs_softnet_processed_total"),
                          ("dropped", "netobs_softnet_dropped_total"),
                          ("time_squeeze", "netobs_softnet_times_squeezed_total")):
            expect(metric, samples.pop((metric, None, str(cpu["cpu"]))), cpu[f])
            count += 1
    for name, v in doc.get("stack", {}).items():
        expect(name, samples.pop((stack_metric(name, v), None, None)), v)
        count += 1
    for key in samples:
        if key[0].startswith("netobs_stack_"):
            fail("a protocol counter JSON lacks: " + repr(key))
        if key[0].startswith("netobs_device_") and key[0].endswith("_total") and \
           key[0] != "netobs_device_carrier_changes_total":
            fail("a counter sample JSON lacks: " + repr(key))
    if count == 0:
        fail("nothing compared")


def cmd_names(expected):
    """The device names of a document, as a sorted space-separated list."""
    doc = json.load(sys.stdin)
    got = " ".join(sorted(d["name"] for d in doc["devices"]))
    expect("selected devices", got, expected)


def cmd_select(jsonfile, expr):
    """Names of the devices for which EXPR (python, over d) holds."""
    doc = json.load(open(jsonfile))
    print(" ".join(sorted(d["name"] for d in doc["devices"] if eval(expr, {"d": d}))))


def cmd_ndjson(count, ndev):
    """COUNT NDJSON samples of watch, each with NDEV devices and rates."""
    lines = sys.stdin.read().splitlines()
    expect("samples", len(lines), int(count))
    for line in lines:
        doc = json.loads(line)
        if not 0.05 <= doc["interval_seconds"] <= 5:
            fail("interval_seconds %r" % doc["interval_seconds"])
        expect("devices per sample", len(doc["devices"]), int(ndev))
        for dev in doc["devices"]:
            # The fixture's files do not move: every rate is exactly 0.
            if not dev["rates"] or any(v != 0 for v in dev["rates"].values()):
                fail("rates of a still fixture: %r" % dev["rates"])
        if not doc["softnet"] or "rates" not in doc["softnet"][0]:
            fail("no softnet rates")


def cmd_hostile(name, alias):
    """The document parses, and the hostile name and alias come back."""
    raw = sys.stdin.buffer.read()
    doc = json.loads(raw.decode("utf-8"))  # strict: invalid UTF-8 fails here
    want_name = os.fsencode(name).decode("utf-8", "replace")
    want_alias = os.fsencode(alias).decode("utf-8", "replace")
    for dev in doc["devices"]:
        if dev["name"] == want_name:
            expect("hostile alias", dev["alias"], want_alias)
            return
    fail("hostile device %r not in %r" % (want_name, [d["name"] for d in doc["devices"]]))


getattr(sys.modules[__name__], "cmd_" + sys.argv[1].replace("-", "_"))(*sys.argv[2:])
EOF
py() { python3 "$tmp/check.py" "$@"; }

# ---- --version, --help ---------------------------------------------------------
run --version
check "--version prints the version" \
	grep -Eqx 'netobs [0-9]+\.[0-9]+\.[0-9]+' "$tmp/out"
run --help
check "--help exits 0" test $rc -eq 0
for cmd in show devices softnet watch; do
	check "--help names $cmd" grep -q "^  $cmd " "$tmp/out"
done
for opt in $(grep -Eo -- '--[a-z]+' "$tmp/out" | sort -u); do
	check "man page documents $opt from --help" grep -q -- "\\\\-\\\\-${opt#--}" "$MAN"
done

cp "$tmp/out" "$tmp/help-global"
# Each command's --help is its own: usage line, its options only.
for cmd in show devices softnet watch; do
	run "$cmd" --help
	check "$cmd --help exits 0" test $rc -eq 0
	check "$cmd --help: its usage line" grep -q "^Usage: netobs \\[*$cmd" "$tmp/out"
	check "$cmd --help: not the global text" sh -c "! cmp -s '$tmp/out' '$tmp/help-global' &&
		! grep -q '^Commands:' '$tmp/out'"
	cp "$tmp/out" "$tmp/help-$cmd"
	run --help "$cmd"
	check "--help $cmd = $cmd --help" cmp -s "$tmp/out" "$tmp/help-$cmd"
done
check "watch --help has -i and --json" sh -c "grep -q -- '--interval' '$tmp/help-watch' &&
	grep -q -- '--json' '$tmp/help-watch'"
check "softnet --help has no device filters" sh -c "! grep -q -- '--class' '$tmp/help-softnet'"
check "devices --help has no watch options" sh -c "! grep -q -- '--interval' '$tmp/help-devices'"
run show --help --bogus
check "options after --help are not checked" test $rc -eq 0
check "the man page tells of COMMAND --help" grep -q 'netobs watch \\-\\-help' "$MAN"

# ---- usage errors: each exits 2 with a message -----------------------------------
long=$(printf 'x%.0s' $(seq 5000))
usage_case() { # usage_case MESSAGE-FRAGMENT ARGS...
	local want=$1
	shift
	run --root "$FIX/docker-host" "$@"
	if [ $rc -eq 2 ] && grep -q "^netobs: .*$want" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		ok "usage error: $* (exit 2: $want)"
	else
		not_ok "usage error: $* (exit $rc, want 2 and '$want'): $(head -c 300 "$tmp/err")"
	fi
}
usage_case "between 0.01 and 86400" watch -i 0
usage_case "between 0.01 and 86400" watch -i -1
usage_case "between 0.01 and 86400" watch -i nan
usage_case "between 0.01 and 86400" watch -i 1e999
usage_case "between 0.01 and 86400" watch -i -inf
usage_case "between 0.01 and 86400" watch -i 0.001
usage_case "between 0.01 and 86400" watch -i 86401
usage_case "not a number" watch -i abc
usage_case "not a number" watch -i ''
usage_case "not a number" watch -i 1s
usage_case "not a number" watch --interval=2x
usage_case "count must be" watch -c 0
usage_case "count must be" watch -c -1
usage_case "count must be" watch -c 2147483648
usage_case "count must be" watch -c 99999999999999999999999
usage_case "count must be" watch -c abc
usage_case "count must be" watch -c ''
usage_case "count must be" watch -c 1.5
usage_case "count must be" watch -c ' 3'
usage_case "empty device name" show ''
usage_case "too long" show "$long"
usage_case "too long" devices --exclude "$long"
usage_case "empty device name" --exclude ''
usage_case "unknown class" --class foo
usage_case "unknown class" --class physicalx
usage_case "empty class" --class ''
usage_case "empty class" --class physical,
usage_case "empty class" --class ,virtual
usage_case "bad kind" --kind 'Veth'
usage_case "bad kind" --kind 'veth bridge'
usage_case "bad kind" --kind ''
usage_case "bad kind" --kind veth,,bridge
usage_case "bad kind" --kind "$(printf 'k%.0s' $(seq 32))"
usage_case "bad kind" --kind "$(printf 'v\001')"
usage_case "unknown source" --source foo
usage_case "unknown source" --source ''
usage_case "unknown option: --bogus" --bogus
usage_case "unknown option: -x" -x
usage_case "needs an argument" watch --interval
usage_case "takes no argument" --json=yes
usage_case "needs an argument" watch -c
usage_case "unknown command" frobnicate
usage_case "unknown command" eth0
usage_case "watch only" show -i 1
usage_case "watch only" devices -c 3
usage_case "not --prom" watch --prom
usage_case "only one of" --json --prom
usage_case "only one of" --prom --textfile "$tmp/x.prom"
usage_case "unknown metrics group" --prom --metrics core,bogus
usage_case "empty group in --metrics" --prom --metrics core,,drops
usage_case "--metrics applies to --prom and --textfile only" --json --metrics all
usage_case "--metrics applies to --prom and --textfile only" --metrics all
usage_case "reads only files named \*.prom" --textfile "$tmp/x.txt"
usage_case "no device filters" softnet eth0
usage_case "no device filters" softnet --class physical
usage_case "live host only" --source netlink
usage_case "needs a file name" --textfile ''
usage_case "needs a directory" --root ''
# An unknown option's text is escaped, never replayed to the terminal.
run "--$(printf 'a\033[2Jb')"
check "a hostile option is escaped in the message" \
	grep -qF 'unknown option: --a\x1b[2Jb' "$tmp/err"

# Thousands of device arguments: fine when they exist, one short complaint
# when they do not.
run --root "$FIX/docker-host" --json show $(for i in $(seq 3000); do echo lo; done)
check "3000 device arguments (all lo): exit 0, one device" \
	py names lo < "$tmp/out"
run --root "$FIX/docker-host" show $(seq -f 'nosuch%g' 3000)
check "3000 missing devices: exit 1" test $rc -eq 1
check "3000 missing devices: a few lines, not 3000" \
	test "$(wc -l < "$tmp/err")" -le 6
check "3000 missing devices: names the first" \
	grep -qx 'netobs: no such device: nosuch1' "$tmp/err"

# ---- every command on every fixture tree ---------------------------------------
for fx in $FIXTURES; do
	root="$FIX/$fx"
	if [ ! -d "$root/sys/class/net" ]; then
		not_ok "fixture $fx exists"
		continue
	fi
	for cmd in show devices softnet; do
		run --root "$root" $cmd
		check "$fx $cmd: table, exit 0" test $rc -eq 0 -a -s "$tmp/out"
		check "$fx $cmd: table has no control bytes" \
			sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$tmp/out'"
	done
	for src in sysfs procfs; do
		run --root "$root" --source $src --json
		check "$fx $src --json matches the fixture's files" \
			py snapshot "$root" $src devices,cpus < "$tmp/out"
		cp "$tmp/out" "$tmp/$fx-$src.json"
		run --root "$root" --source $src --prom --metrics all
		cp "$tmp/out" "$tmp/$fx-$src.prom"
		check "$fx $src --prom passes promtool" promcheck "$tmp/out"
		check "$fx $src --prom has the JSON's numbers" \
			py prom-vs-json "$tmp/out" "$tmp/$fx-$src.json"
	done
	run --root "$root" --json devices
	check "$fx devices --json: devices only" py snapshot "$root" sysfs devices < "$tmp/out"
	run --root "$root" --json softnet
	check "$fx softnet --json: CPUs only" py snapshot "$root" sysfs cpus < "$tmp/out"
	for cmd in devices softnet; do
		run --root "$root" --prom $cmd
		check "$fx $cmd --prom passes promtool" promcheck "$tmp/out"
	done
	check "$fx procfs: no rx_missed_errors (folded into rx_dropped)" \
		sh -c "! grep -q rx_missed_errors '$tmp/$fx-procfs.json'"
	check "$fx sysfs: rx_missed_errors is there" grep -q rx_missed_errors "$tmp/$fx-sysfs.json"
	check "$fx: no rx_otherhost_dropped without netlink" \
		sh -c "! grep -q otherhost '$tmp/$fx-sysfs.json' '$tmp/$fx-procfs.json'"
done

# ---- the live host -------------------------------------------------------------
run --json
check "live --json: exit 0" test $rc -eq 0
check "live --json parses and has lo" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert any(x["name"] == "lo" for x in d["devices"]), d["devices"]' "$tmp/out"
run --prom
check "live --prom passes promtool" promcheck "$tmp/out"
cp "$tmp/out" "$tmp/live.prom"

# ---- filters -------------------------------------------------------------------
root="$FIX/docker-host"
all="$tmp/docker-host-sysfs.json"
filter_case() { # filter_case PYTHON-EXPR ARGS...
	local expr=$1 want
	shift
	want=$(py select "$all" "$expr")
	run --root "$root" --json "$@"
	if [ $rc -eq 0 ] && py names "$want" < "$tmp/out"; then
		ok "filter $* = $want"
	else
		not_ok "filter $* (exit $rc, want '$want')"
	fi
}
check "docker-host has veths to filter" test -n "$(py select "$all" 'd["kind"] == "veth"')"
filter_case 'd["name"].startswith("veth")' show 'veth*'
filter_case 'd["name"].startswith("veth") and not d["name"].startswith("veth5")' \
	show 'veth*' --exclude 'veth5*'
filter_case 'd["name"] in ("lo", "eth0")' show lo eth0
filter_case 'd["class"] == "loopback"' --class loopback
filter_case 'd["class"] in ("physical", "loopback")' --class physical,loopback
filter_case 'd["class"] in ("physical", "loopback")' --class physical --class loopback
filter_case 'd["kind"] == "bridge"' --kind bridge
filter_case 'd["kind"] in ("veth", "bridge")' --kind veth,bridge
filter_case 'd["kind"] == "veth" and d["master"] == "docker0"' \
	devices --kind veth --exclude 'veth9*'
filter_case 'False' show 'zz*'
filter_case 'False' --kind nosuchkind
filter_case 'd["name"] != "lo"' --exclude lo
# Filters that select nothing say so on stderr, without failing.
run --root "$root" devices --kind veth,nosuchkind
check "an unmatched kind: exit 0" test $rc -eq 0
check "an unmatched kind: a note listing the kinds present" \
	grep -qx 'netobs: note: no device of kind nosuchkind (kinds present: bridge, ether, loopback, veth)' "$tmp/err"
run --root "$root" show 'zz*' 'veth*'
check "an unmatched glob: exit 0" test $rc -eq 0
check "an unmatched glob: a note naming it" \
	grep -qx 'netobs: note: no device matches: zz\* (kinds present: bridge, ether, loopback, veth)' "$tmp/err"
check "a matched glob: no note for it" sh -c "! grep -q 'matches: veth' '$tmp/err'"
run --root "$root" -q devices --kind nosuchkind 'zz*'
check "unmatched filters with -q: exit 0, no note" sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/err' ]"
run --root "$root" watch -i 0.01 -c 1 --kind nosuchkind
check "watch notes an unmatched kind too" \
	sh -c "[ $rc -eq 0 ] && grep -q '^netobs: note: no device of kind nosuchkind' '$tmp/err'"
run --root "$root" devices --kind veth 'veth*'
check "filters that match: stderr empty" test ! -s "$tmp/err"
run --root "$root" --class bogus
check "an unknown class: the message lists every class" \
	grep -qx 'netobs: unknown class (physical, virtual, loopback): bogus' "$tmp/err"
run --root "$root" show eth0 nosuch
check "a missing named device: exit 1" test $rc -eq 1
check "a missing named device: the message" grep -qx 'netobs: no such device: nosuch' "$tmp/err"
run --root "$root" --prom show 'veth*'
check "filters apply to --prom" sh -c "! grep -q 'device=\"eth0\"' '$tmp/out' &&
	grep -q 'device=\"veth' '$tmp/out'"

# ---- hostile names and aliases (escaping in every format) ------------------------
hostile="$tmp/hostile"
cp -a "$root" "$hostile"
hname=$(printf 'h"\\\001\377x')
halias=$(printf 'a "quoted" \\ back\nnew\001\033[2J\377\303(\010\014\177\342\202\254end')
mv "$hostile/sys/class/net/veth5d6e7f8" "$hostile/sys/class/net/$hname"
printf '%s' "$halias" > "$hostile/sys/class/net/$hname/ifalias"
# Counters past 2^53, where a double would round: exact in both formats.
echo 18446744073709551615 > "$hostile/sys/class/net/$hname/statistics/rx_bytes"
echo 9007199254740993 > "$hostile/sys/class/net/$hname/statistics/tx_bytes"
run --root "$hostile" --json
check "u64 counters beyond 2^53 are exact in JSON" \
	py snapshot "$hostile" sysfs devices,cpus < "$tmp/out"
check "JSON has UINT64_MAX verbatim" grep -q '"rx_bytes":18446744073709551615,' "$tmp/out"
cp "$tmp/out" "$tmp/hostile.json"
run --root "$hostile" --prom --metrics all
check "u64 counters beyond 2^53 are exact in --prom" \
	py prom-vs-json "$tmp/out" "$tmp/hostile.json"
run --root "$hostile" --json
check "hostile name and alias: JSON is valid UTF-8 and round-trips" \
	env LC_ALL=C.UTF-8 python3 "$tmp/check.py" hostile "$hname" "$halias" < "$tmp/out"
run --root "$hostile" --prom
check "hostile name: --prom passes promtool" promcheck "$tmp/out"
check "hostile name: label value escaped" grep -qF 'device="h\"\\' "$tmp/out"
for cmd in show devices; do
	run --root "$hostile" $cmd
	check "hostile name: $cmd table has no control bytes" \
		sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$tmp/out'"
	check "hostile name: $cmd table shows it escaped" grep -qF 'h"\\\x01\xffx' "$tmp/out"
done
run --root "$hostile" watch -i 0.05 -c 1
check "hostile name: watch lines have no control bytes" \
	sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$tmp/out'"
run --root "$hostile" show "$(printf 'no\033]0;title\007such')"
check "hostile missing name: escaped in the message" \
	grep -qxF 'netobs: no such device: no\x1b]0;title\x07such' "$tmp/err"

# ---- EPIPE: a reader that goes away -----------------------------------------------
# The reader exits at once, so netobs writes into a pipe nobody reads.
epipe_case() { # epipe_case ARGS...
	{ sleep 0.3; timeout 20 "$NETOBS" "$@" 2> "$tmp/err"; echo $? > "$tmp/rc"; } | true
	if [ "$(cat "$tmp/rc")" = 0 ] && [ ! -s "$tmp/err" ]; then
		ok "EPIPE: $* exits 0 quietly"
	else
		not_ok "EPIPE: $* (exit $(cat "$tmp/rc")): $(head -c 300 "$tmp/err")"
	fi
}
epipe_case --root "$root" show
epipe_case --root "$root" --json
epipe_case --root "$root" watch -i 0.05
epipe_case --root "$root" watch -i 0.05 --json
timeout 20 "$NETOBS" -q show 2> "$tmp/err" | head -1 > "$tmp/out"
check "netobs show | head -1: exit 0, one line, no error" \
	test "${PIPESTATUS[0]}" = 0 -a "$(wc -l < "$tmp/out")" = 1 -a ! -s "$tmp/err"

# ---- watch on a pipe ---------------------------------------------------------------
ndev=$(py select "$all" True | wc -w)
run --root "$root" watch -i 0.1 -c 3
check "watch -c 3 on a pipe: exit 0" test $rc -eq 0
check "watch -c 3 on a pipe: exactly 3 samples" \
	test "$(cut -d' ' -f1 "$tmp/out" | sort -u | wc -l)" = 3
check "watch -c 3 on a pipe: a line per device, one for softnet, one for stack per sample" \
	test "$(wc -l < "$tmp/out")" = $((3 * (ndev + 2)))
check "watch on a pipe: no escape sequences" sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$tmp/out'"
check "watch on a pipe: timestamped lines with every rate" python3 -c '
import re, sys
for line in open(sys.argv[1]):
    f = line.split()
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", f[0]), line
    if f[1] == "softnet:":
        assert [k.split("=")[0] for k in f[2:]] == ["processed/s", "dropped/s", "squeezed/s", "net_rx/s"], line
    elif f[1] == "stack:":
        assert [k.split("=")[0] for k in f[2:]] == ["listen_overflows/s", "listen_drops/s",
            "backlog_drops/s", "rcvbuf_errors/s", "retrans_segs/s"], line
        assert all(k.split("=")[1] == "0" for k in f[2:]), line
    else:
        assert [k.split("=")[0] for k in f[2:]] == ["rx_bits/s", "tx_bits/s", "rx_packets/s",
            "tx_packets/s", "rx_errors/s", "tx_errors/s", "rx_dropped/s", "tx_dropped/s",
            "drops/s", "errors/s"], line
        assert all(k.split("=")[1] == "0" for k in f[2:]), line' "$tmp/out"
run --root "$root" watch -i 0.1 -c 2 --raw --bytes eth0
check "watch --raw --bytes: exact numbers in bytes" \
	grep -q ' eth0 rx_bytes/s=0.00 tx_bytes/s=0.00 rx_packets/s=0.00' "$tmp/out"
start=$(date +%s%N)
run --root "$root" watch -i 0.1 -c 3 --json
elapsed=$((($(date +%s%N) - start) / 1000000))
check "watch --json -c 3: 3 NDJSON samples that parse, with rates" py ndjson 3 "$ndev" < "$tmp/out"
check "watch -i 0.1 -c 3 takes about 0.3 s (took ${elapsed} ms)" \
	test $elapsed -ge 280 -a $elapsed -lt 3000
run --root "$root" watch -i 0.05 -c 2 eth0 nosuch
check "watch with a missing named device: exit 1" test $rc -eq 1 -a ! -s "$tmp/out"
timeout --preserve-status -s INT 0.5 "$NETOBS" --root "$root" watch -i 0.1 > "$tmp/out" 2> "$tmp/err"
rc=$?
check "watch ends on SIGINT with exit 0" test $rc -eq 0 -a -s "$tmp/out" -a ! -s "$tmp/err"
timeout --preserve-status -s TERM 0.5 "$NETOBS" --root "$root" watch -i 10 > "$tmp/out" 2> "$tmp/err"
check "watch ends on SIGTERM at once, mid-interval" test $? -eq 0

# ---- --textfile ----------------------------------------------------------------------
d="$tmp/textfile"
mkdir "$d"
run --root "$root" --textfile "$d/netobs.prom" --metrics all
check "--textfile: exit 0, silent" test $rc -eq 0 -a ! -s "$tmp/out" -a ! -s "$tmp/err"
check "--textfile: mode 0644" test "$(stat -c %a "$d/netobs.prom")" = 644
check "--textfile: passes promtool" promcheck "$d/netobs.prom"
check "--textfile: the same text as --prom" sh -c "
	grep -v -e '^netobs_scrape_duration_seconds ' -e '^netobs_last_success_timestamp_seconds ' '$d/netobs.prom' > '$tmp/a'
	grep -v -e '^netobs_scrape_duration_seconds ' -e '^netobs_last_success_timestamp_seconds ' '$tmp/docker-host-sysfs.prom' > '$tmp/b'
	cmp -s '$tmp/a' '$tmp/b'"
check "--textfile: no temporary left" test "$(ls -A "$d")" = netobs.prom
echo old > "$d/old.prom"
run --root "$root" --textfile "$d/old.prom"
check "--textfile replaces a regular file" grep -q '^netobs_build_info' "$d/old.prom"
echo precious > "$tmp/target"
ln -s "$tmp/target" "$d/link.prom"
run --root "$root" --textfile "$d/link.prom"
check "--textfile refuses a symlink: exit 1" test $rc -eq 1
check "--textfile refuses a symlink: says so" grep -q '^netobs: cannot write .*symbolic link' "$tmp/err"
check "--textfile refuses a symlink: its target untouched" test "$(cat "$tmp/target")" = precious
check "--textfile refuses a symlink: it is still a symlink" test -L "$d/link.prom"
ln -s "$tmp/nonexistent" "$d/dangling.prom"
run --root "$root" --textfile "$d/dangling.prom"
check "--textfile refuses a dangling symlink" test $rc -eq 1 -a ! -e "$tmp/nonexistent"
mkfifo "$d/fifo.prom"
run --root "$root" --textfile "$d/fifo.prom"
check "--textfile refuses a FIFO (and does not block on it)" \
	test $rc -eq 1 -a -p "$d/fifo.prom"
mkdir "$d/dir.prom"
run --root "$root" --textfile "$d/dir.prom"
check "--textfile refuses a directory" test $rc -eq 1 -a -d "$d/dir.prom"
run --root "$root" --textfile "$tmp/no/such/dir/x.prom"
check "--textfile into a missing directory: exit 1 with a message" \
	test $rc -eq 1 -a -s "$tmp/err"
check "--textfile: failures leave no temporary behind" \
	test -z "$(ls -A "$d" | grep -v -e '^netobs.prom$' -e '^old.prom$' -e '^link.prom$' \
		-e '^dangling.prom$' -e '^fifo.prom$' -e '^dir.prom$')"
run --root "$root" watch -i 0.05 -c 3 --textfile "$d/watch.prom"
check "watch --textfile: exit 0, silent" test $rc -eq 0 -a ! -s "$tmp/out" -a ! -s "$tmp/err"
check "watch --textfile: passes promtool" promcheck "$d/watch.prom"

# ---- output past the 64 KiB flush: streamed, the same bytes --------------------------
# 400 more veths: --prom is ~1 MB, so the textfile goes to its temporary in
# many writes and JSON prints hundreds of device values through cJSON.
big="$tmp/big"
cp -a "$root" "$big"
for i in $(seq 400); do
	cp -a "$big/sys/devices/virtual/net/veth1a2b3c4" "$big/sys/devices/virtual/net/vbig$i"
	echo $((1000 + i)) > "$big/sys/devices/virtual/net/vbig$i/ifindex"
	echo $((9007199254740993 + i)) > "$big/sys/devices/virtual/net/vbig$i/statistics/rx_bytes"
	ln -s "../../devices/virtual/net/vbig$i" "$big/sys/class/net/vbig$i"
done
run --root "$big" --prom --metrics all
cp "$tmp/out" "$tmp/big-stdout.prom"
check "big tree: --prom is over 512 KiB" test "$(wc -c < "$tmp/big-stdout.prom")" -gt 524288
check "big tree: --prom passes promtool" promcheck "$tmp/big-stdout.prom"
run --root "$big" --json
check "big tree: --json matches the fixture's files" \
	py snapshot "$big" sysfs devices,cpus < "$tmp/out"
check "big tree: --prom has the JSON's numbers" py prom-vs-json "$tmp/big-stdout.prom" "$tmp/out"
run --root "$big" --textfile "$d/big.prom" --metrics all
check "big tree: --textfile exit 0, silent" test $rc -eq 0 -a ! -s "$tmp/out" -a ! -s "$tmp/err"
check "big tree: --textfile holds the same text as --prom" sh -c "
	grep -v -e '^netobs_scrape_duration_seconds ' -e '^netobs_last_success_timestamp_seconds ' '$d/big.prom' > '$tmp/a'
	grep -v -e '^netobs_scrape_duration_seconds ' -e '^netobs_last_success_timestamp_seconds ' '$tmp/big-stdout.prom' > '$tmp/b'
	cmp -s '$tmp/a' '$tmp/b'"
run --root "$big" watch -i 0.05 -c 2 --json
check "big tree: watch --json, 2 samples with every device" py ndjson 2 $((ndev + 400)) < "$tmp/out"
# A write failing halfway through (RLIMIT_FSIZE, no root needed): the
# streamed temporary goes, the old file stays.
echo old > "$d/big-old.prom"
(trap '' XFSZ; ulimit -f 100; exec timeout 20 "$NETOBS" --root "$big" --textfile "$d/big-old.prom") \
	> "$tmp/out" 2> "$tmp/err"
rc=$?
check "a write failing halfway: exit 1" test $rc -eq 1
check "a write failing halfway: says which step" \
	grep -q '^netobs: cannot write .*big-old.prom: cannot write the temporary file: File too large' "$tmp/err"
check "a write failing halfway: the old file intact" test "$(cat "$d/big-old.prom")" = old
check "a write failing halfway: no temporary left" sh -c "! ls -A '$d' | grep -q '^\\.'"
rm -f "$d/big.prom" "$d/big-old.prom"

# ---- the man page documents what the output holds -------------------------------------
# Regular files only: fifo.prom above would block a reader.
for f in "$tmp"/*.prom "$d"/*.prom; do
	[ -f "$f" ] && [ ! -L "$f" ] && grep -h '^# TYPE ' "$f"
done | cut -d' ' -f3 | sort -u > "$tmp/families"
check "metric families seen" test "$(wc -l < "$tmp/families")" -ge 40
while read -r family; do
	# One family per kernel protocol counter: the page gives their pattern.
	case $family in netobs_stack_*) continue ;; esac
	check "man page names $family" grep -q "\\b$family\\b" "$MAN"
done < "$tmp/families"
check "man page gives the netobs_stack_ pattern" grep -q 'netobs_stack_ GROUP _ NAME _total' "$MAN"
check "no node_exporter names" sh -c "! grep -q -e node_network_ -e node_softnet_ '$tmp/families'"
python3 -c '
import json, sys
keys = set()
for path in sys.argv[1:]:
    doc = json.load(open(path))
    keys |= set(doc)
    for d in doc.get("devices", []):
        keys |= set(d) | set(d["counters"])
    for c in doc.get("softnet", []) + doc.get("softirqs", []):
        keys |= set(c)
print("\n".join(sorted(keys)))' "$tmp"/*-sysfs.json "$tmp"/*-procfs.json > "$tmp/keys"
while read -r key; do
	check "man page names JSON key $key" grep -q "\\b$key\\b" "$MAN"
done < "$tmp/keys"

# ---- filters that select nothing together (sections branch) ----
# Each filter alone matches, together they select nothing, or --role names
# a role no device has: one note naming what is present, exit 0.
nothing_note() { # nothing_note DESCRIPTION EXPECTED-NOTE ARGS...
	local what=$1 want=$2
	shift 2
	run --root "$FIX/docker-host" devices "$@"
	check "$what: exit 0, one note naming what is present" \
		sh -c "[ $rc -eq 0 ] && [ \$(wc -l < '$tmp/err') -eq 1 ] && grep -qxF '$want' '$tmp/err'"
	check "$what: an empty table" sh -c "[ \$(wc -l < '$tmp/out') -le 1 ]"
}
kinds='kinds present: bridge, ether, loopback, veth'
nothing_note "--class virtual --kind ether" \
	"netobs: note: the device filters select no device ($kinds)" --class virtual --kind ether
nothing_note "--exclude '*'" "netobs: note: the device filters select no device ($kinds)" \
	--exclude '*'
nothing_note "an unmatched --role" \
	"netobs: note: the device filters select no device ($kinds; roles present: docker-bridge, docker-network)" \
	--role cni-bridge
nothing_note "a name and a class that exclude each other" \
	"netobs: note: the device filters select no device ($kinds)" lo --class physical
run --root "$FIX/docker-host" devices --class loopback
check "a filter that selects a device: no note" test ! -s "$tmp/err"

echo "1..$n"
[ $failed -eq 0 ] || { echo "cli: $failed of $n failed"; exit 1; }
echo "cli: all $n passed"
