#!/bin/bash
# Every HELP and TYPE line netobs writes for its device and softnet metric
# families says what netobs(1) says: the man page's entry for a family
# starts "TYPE: SENTENCE" and the HELP text must be that sentence (an
# italic word in it, like COUNTER, stands for any name).  The checker is
# first shown a HELP that contradicts the page, and must catch it.
# Run by `make check` with top_srcdir and top_builddir set.
set -u
. "$top_srcdir/tests/testlib.sh"
MAN="$top_srcdir/man/netobs.1"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for fix in "$FIXTURES"/*/; do
	for src in sysfs procfs; do
		timeout 20 "$NETOBS" --root "$fix" --source $src --prom show \
			>> "$tmp/all.prom" 2> /dev/null
	done
done

python3 - "$MAN" "$tmp/all.prom" <<'EOF'
import re, sys

IT_ON, IT_OFF = "\x01", "\x02"
SCOPE = re.compile(r"netobs_(device|softnet)_")

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
fams = emitted(sys.argv[2])
scoped = [f for f in fams if SCOPE.match(f)]
check("device and softnet families emitted", len(scoped) >= 30, str(len(scoped)))
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
documented = [n for e in entries for n in e[0] if SCOPE.match(n.replace("\\", ""))]
for name in documented:
    check("netobs(1) entry %s is emitted" % name,
          any(re.fullmatch(name, f) for f in fams), "no fixture writes it")
print("1..%d" % n)
sys.exit(1 if failed else 0)
EOF
