#!/bin/bash
# Every HELP and TYPE line netobs writes for its metric families (all but
# the netobs_stack_* ones, which netobs(1) describes as a pattern) says
# what netobs(1) says: the man page's entry for a family starts "TYPE:
# SENTENCE" and the HELP text must be that sentence (an italic word in it,
# like COUNTER, stands for any name).  And every HELP, netobs_stack_*
# included, says what it means and names its layer: it ends "(layer LAYER;
# SOURCE)." with LAYER one of netobs doctor's or device, cpu, tcp, sysctl,
# netobs, and has a sentence before that; the stack counters doctor and
# netobs stack name have a written sentence, not the generated one.  The
# checkers are first shown HELPs that break each rule, and must catch them.
# Run by `make check` with top_srcdir and top_builddir set.
set -u
. "$top_srcdir/tests/testlib.sh"
MAN="$top_srcdir/man/netobs.1"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for fix in "$FIXTURES"/*/; do
	for src in sysfs procfs; do
		timeout 20 "$NETOBS" --root "$fix" --source $src --prom --metrics all show \
			>> "$tmp/all.prom" 2> /dev/null
	done
done
# The live host adds what only netlink reads (qdiscs, sockets), when there.
timeout 20 "$NETOBS" --prom --metrics all show > "$tmp/live.prom" 2> /dev/null

python3 - "$MAN" "$tmp/all.prom" "$tmp/live.prom" <<'EOF'
import re, sys

IT_ON, IT_OFF = "\x01", "\x02"
# Families checked against netobs(1) word for word: all but the stack's.
SCOPE = re.compile(r"netobs_(?!stack_)")
# Those every fixture writes, so each documented one must be emitted.
EMITTED = re.compile(r"netobs_(device|softnet|softirq|sysctl|section|last_success|build|scrape)_")
LAYERS = {"link", "nic_ring", "device_drops", "cpu_backlog", "cpu_budget", "qdisc", "ip",
          "tcp_accept", "tcp_memory", "tcp_loss", "udp", "socket",
          "device", "cpu", "tcp", "sysctl", "netobs"}
TAIL = re.compile(r"(.*) \(layer ([a-z_]+); ([^()]+)\)\.")
# The protocol counters netobs doctor reads and netobs stack summarizes
# (libnetobs/doctor*.c, cli/stack_out.c): each needs a written sentence.
NAMED = ["ip_in_discards", "ip_in_hdr_errors", "ip_in_addr_errors", "ip_out_no_routes",
         "ip_ext_in_no_routes", "ip6_in_discards", "ip6_in_no_routes", "tcp_in_errs",
         "tcp_in_csum_errors", "tcp_retrans_segs", "tcp_ext_ip_reverse_path_filter",
         "tcp_ext_listen_drops", "tcp_ext_listen_overflows", "tcp_ext_prune_called",
         "tcp_ext_rcv_pruned", "tcp_ext_tcp_backlog_drop", "tcp_ext_tcp_lost_retransmit",
         "tcp_ext_tcpofo_drop", "tcp_ext_tcp_rcv_qdrop", "tcp_ext_tcp_req_qfull_drop",
         "tcp_ext_tcp_syn_retrans", "tcp_ext_tcp_timeouts", "tcp_ext_tcp_zero_window_drop",
         "udp_in_csum_errors", "udp_in_errors", "udp_mem_errors", "udp_no_ports",
         "udp_rcvbuf_errors", "udp_sndbuf_errors", "udp6_rcvbuf_errors", "udp6_in_errors"]

def meaning_problems(fams, fixture=()):
    """HELPs that do not say what they mean or name no layer; for the
    families of the fixtures' kernels, a counter of lost work (netobs stack
    shows it) with the text made from its name."""
    out = []
    for fam, (help_, _) in sorted(fams.items()):
        m = TAIL.fullmatch(help_ or "")
        if not m:
            out.append("%s: HELP does not end '(layer LAYER; SOURCE).': %r" % (fam, help_))
            continue
        if m.group(2) not in LAYERS:
            out.append("%s: unknown layer %r" % (fam, m.group(2)))
        if len(m.group(1).split()) < 6 or "Kernel device counter" in help_:
            out.append("%s: HELP says too little: %r" % (fam, help_))
        short = fam[len("netobs_stack_"):].replace("_total", "")
        if short in NAMED and "of this kind" in help_:
            out.append("%s: a generated HELP where a sentence is due: %r" % (fam, help_))
        elif fam in fixture and "was lost or failed, by the counter's name" in help_:
            out.append("%s: a counter netobs stack shows, without a sentence: %r" % (fam, help_))
    return out

def inline(s):
    """Roff inline escapes to text, italics marked."""
    s = s.replace("\\&", "").replace("\\-", "-").replace("\\e", "\\")
    out, italic = [], False
    for part in re.split(r"(\\f[BIRP])", s):
        if part in ("\\fI",):
            if not italic:
                out.append(IT_ON)
            italic = True
        elif part in ("\\fB", "\\fR", "\\fP"):
            if italic:
                out.append(IT_OFF)
            italic = False
        else:
            out.append(part)
    if italic:
        out.append(IT_OFF)
    return "".join(out)

def args(s):
    return [a[1:-1] if a.startswith('"') else a for a in re.findall(r'"[^"]*"|\S+', s)]

def roff(line):
    """One man page line to text; the font macros' italic arguments marked."""
    m = re.match(r"\.([BIR]{1,2})\s+(.*)", line)
    if not m:
        return inline(line)
    fonts, words = m.group(1), args(m.group(2))
    text = []
    for i, w in enumerate(words):
        f = fonts[i % len(fonts)]
        text.append(IT_ON + inline(w) + IT_OFF if f == "I" else inline(w))
    return "".join(text) if len(fonts) == 2 else " ".join(text)

def pattern(marked):
    """Marked text to a regex: an italic word stands for any name."""
    rx = ""
    for i, part in enumerate(re.split("[%s%s]" % (IT_ON, IT_OFF), marked)):
        rx += "[a-z0-9_]+" if i % 2 else re.escape(part)
    return rx

def man_entries(path):
    """[(name regexes, type or None, sentence regex or None)] of the
    PROMETHEUS OUTPUT section's .TP entries."""
    text = open(path).read().split("\n.SH PROMETHEUS OUTPUT", 1)[1].split("\n.SH ", 1)[0]
    entries = []
    for block in text.split("\n.TP\n")[1:]:
        lines = block.split("\n")
        body = []
        for line in lines[1:]:
            if re.match(r"\.(PP|TP|SH|SS)\b", line):
                break
            body.append(roff(line))
        names = [pattern(n) for n in re.findall(r"netobs_[\w%s%s]+" % (IT_ON, IT_OFF),
                                                 roff(lines[0]))]
        m = re.match(r"(gauge|counter)s?: (.*?\.)(\s|$)", " ".join(body))
        entries.append((names, m and m.group(1), m and pattern(m.group(2))))
    return entries

def emitted(path):
    """{family: [help, type]} from Prometheus text."""
    fams = {}
    for line in open(path):
        m = re.match(r"# (HELP|TYPE) (\S+) (.*)", line.rstrip("\n"))
        if m:
            fams.setdefault(m.group(2), [None, None])[m.group(1) == "TYPE"] = m.group(3)
    return fams

def problems(entries, fams):
    out = []
    for fam, (help_, type_) in sorted(fams.items()):
        if not SCOPE.match(fam):
            continue
        found = [e for e in entries if any(re.fullmatch(n, fam) for n in e[0])]
        if not found:
            out.append("%s: not in netobs(1)" % fam)
            continue
        _, mtype, sentence = found[0]
        if not sentence:
            out.append("%s: its netobs(1) entry does not start 'TYPE: SENTENCE.'" % fam)
        elif not re.fullmatch(sentence, help_ or ""):
            out.append("%s: HELP %r, netobs(1) says %r" % (fam, help_, sentence))
        if mtype and mtype != type_:
            out.append("%s: TYPE %s, netobs(1) says %s" % (fam, type_, mtype))
    return out

n = failed = 0
def check(what, ok, detail=""):
    global n, failed
    n += 1
    failed += not ok
    print("%s %d - %s%s" % ("ok" if ok else "not ok", n, what, "" if ok else ": " + detail))

entries = man_entries(sys.argv[1])
fixture = emitted(sys.argv[2])
fams = dict(emitted(sys.argv[3]), **fixture)
scoped = [f for f in fams if SCOPE.match(f)]
check("device, CPU, sysctl and self families emitted", len(scoped) >= 50, str(len(scoped)))
stack = [f for f in fams if f.startswith("netobs_stack_")]
check("netobs_stack_* families emitted with --metrics all", len(stack) >= 100, str(len(stack)))
missing = [s for s in NAMED if not any(f.startswith("netobs_stack_" + s) for f in stack)]
check("the named stack counters are emitted", not missing, " ".join(missing))
# The meaning checker must catch the old generic HELPs and a wrong layer.
bad = {"netobs_device_receive_missed_errors_total":
       ["Kernel device counter rx_missed_errors (struct rtnl_link_stats64).", "counter"],
       "netobs_device_receive_crc_errors_total":
       ["Kernel device counter rx_crc_errors (layer link; rtnl_link_stats64 rx_crc_errors).",
        "counter"],
       "netobs_softnet_dropped_total":
       ["Packets dropped because the backlog was full (layer backlog; softnet_stat).", "counter"],
       "netobs_stack_udp_rcvbuf_errors_total":
       ["A rise means UDP work of this kind was lost or failed, by the counter's name "
        "(layer udp; /proc/net/snmp Udp.RcvbufErrors).", "counter"],
       "netobs_stack_tcp_ext_tcpsack_failures_total":
       ["A rise means TCP work of this kind was lost or failed, by the counter's name "
        "(layer tcp; /proc/net/netstat TcpExt.TCPSackFailures).", "counter"]}
problems_bad = meaning_problems(bad, fixture=bad)
check("HELPs without a meaning, a layer, or a sentence where due are caught",
      len(problems_bad) == 5, "; ".join(problems_bad))
for p in meaning_problems(fams, fixture) or [None]:
    check("every HELP says what a rise means and names its layer" if p is None else "meaning",
          p is None, p)
check("netobs(1) has entries for them", len(entries) >= 10, str(len(entries)))
# The checker must catch what it is for: the old, wrong HELP of processed,
# a wrong TYPE, and an undocumented family.
bad = {"netobs_softnet_processed_total":
       ["Packets processed by the CPU's backlog (softnet_stat column 0).", "counter"],
       "netobs_softnet_dropped_total": [fams.get("netobs_softnet_dropped_total",
                                                 [""])[0], "gauge"],
       "netobs_device_nosuch_total": ["x", "counter"]}
check("a contradicting HELP, a wrong TYPE, an unknown family are caught",
      len(problems(entries, bad)) == 3, "; ".join(problems(entries, bad)))
for p in problems(entries, fams) or [None]:
    check("HELP and TYPE agree with netobs(1)" if p is None else "agreement", p is None, p)
documented = [n for e in entries for n in e[0] if EMITTED.match(n.replace("\\", ""))]
for name in documented:
    check("netobs(1) entry %s is emitted" % name,
          any(re.fullmatch(name, f) for f in fams), "no fixture writes it")
print("1..%d" % n)
sys.exit(1 if failed else 0)
EOF
