#!/usr/bin/env python3
"""contrib/grafana/netobs.json and contrib/prometheus/netobs.rules.yml use
only PromQL that parses and metric names this build writes.

- Every panel expression (Grafana's $variables replaced by a regex or a
  range) is written as a recording rule into a temporary file, and
  `promtool check rules` parses it; so are the variables' label_values().
- Every metric name in a panel, a variable or a rule must be one that
  `netobs show --prom` of this build writes: on the live host, and over each
  fixture root (tests/fixtures/*: link speeds, hardware NICs) -- plus the
  names recorded by the rules file itself and the short ALLOWLIST below.
Run by tests/packaging.sh from the top of a built tree (top_builddir).
"""
import glob, json, os, re, subprocess, sys, tempfile

TOP = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("top_builddir") or TOP
NETOBS = os.path.join(BUILD, "cli", "netobs")

# Names that only appear under conditions no CI host or fixture can promise.
ALLOWLIST = {
    # a series exists only while a socket drops (netobs(1), PROMETHEUS OUTPUT)
    "netobs_socket_drops_total",
}
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "bool", "offset", "inf", "nan", "atan2", "topk", "bottomk"}


def written_names(groups=("--metrics", "all")):
    names, runs = set(), [[]]
    runs += [["--root", d] for d in sorted(glob.glob(os.path.join(TOP, "tests", "fixtures", "*", "")))
             if os.path.isdir(os.path.join(d, "proc"))]
    # --metrics all (issue 16): every group; () for the default groups.
    extra = list(groups)
    for root in runs:
        out = subprocess.run([NETOBS, "show", "--prom", "-q"] + extra + root,
                             capture_output=True, text=True).stdout
        names |= set(re.findall(r"^# TYPE (\S+) ", out, re.M))
    return names


def metric_names(expr):
    """Metric names in a PromQL expression: identifiers that are not
    functions, keywords, label names (inside {} or a by/on list), durations
    or strings."""
    e = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)
    e = re.sub(r"\{[^}]*\}", "", e)
    e = re.sub(r"\[[^\]]*\]", "", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    found = set()
    for m in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)", e):
        name, rest = m.group(1), e[m.end():]
        if name in KEYWORDS or re.match(r"\s*\(", rest):
            continue
        found.add(name)
    return found


def grafana_to_promql(expr):
    e = re.sub(r"\$\{?__(rate_interval|interval|range)\}?", "5m", expr)
    return re.sub(r"\$\{?\w+\}?", ".*", e)


def panels(items):
    for p in items:
        yield p
        yield from panels(p.get("panels", []))


def main():
    dash = json.load(open(os.path.join(TOP, "contrib", "grafana", "netobs.json")))
    exprs = []  # (where, promql)
    for p in panels(dash["panels"]):
        for t in p.get("targets", []):
            exprs.append(("panel %r %s" % (p["title"], t.get("refId")), grafana_to_promql(t["expr"])))
    for v in dash["templating"]["list"]:
        q = v.get("query")
        q = q.get("query") if isinstance(q, dict) else q
        m = re.match(r"label_values\((.*),\s*\w+\)$", q or "")
        if m:
            exprs.append(("variable " + v["name"], grafana_to_promql(m.group(1))))
    if not exprs:
        sys.exit("dashboard: no expressions found")

    # Parse: promtool check rules over a rule per expression.
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        f.write("groups:\n  - name: dashboard\n    rules:\n")
        for i, (_, e) in enumerate(exprs):
            f.write("      - record: dashboard:expr_%d\n        expr: %s\n" % (i, json.dumps(e)))
    r = subprocess.run(["promtool", "check", "rules", f.name], capture_output=True, text=True)
    os.unlink(f.name)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
        for i, (where, e) in enumerate(exprs):
            print("dashboard: expr_%d = %s: %s" % (i, where, e))
        sys.exit("dashboard: promtool check rules failed on a panel expression")

    # Names.
    known = written_names()
    if "netobs_device_receive_bytes_total" not in known:
        sys.exit("dashboard: %s show --prom wrote no device families" % NETOBS)
    rules_file = os.path.join(TOP, "contrib", "prometheus", "netobs.rules.yml")
    rules_text = open(rules_file).read()
    recorded = set(re.findall(r"^\s*- record: (\S+)", rules_text, re.M))
    rule_exprs = []
    for block in re.findall(r"expr: (\|\n(?:\s{10,}.*\n)+|.*)", rules_text):
        rule_exprs.append(("rule", block.lstrip("|")))
    bad = []
    for where, e in exprs + rule_exprs:
        for n in sorted(metric_names(e)):
            if n not in known and n not in recorded and n not in ALLOWLIST:
                bad.append("%s uses %s" % (where, n))
    # The shipped timer writes the default groups: an alert that needs a
    # series outside them would never fire on a fleet that installs it.
    default = written_names(())
    for where, e in rule_exprs:
        for n in sorted(metric_names(e)):
            if n in known and n not in default:
                bad.append("%s uses %s, which the default --metrics groups do not write" % (where, n))
    for b in bad:
        print("dashboard: unknown metric: " + b)
    used = set()
    for _, e in exprs + rule_exprs:
        used |= metric_names(e)
    print("dashboard: %d expressions parse; %d metric names used, %d written by this build, "
          "%d recorded by the rules, allowed: %s" % (
              len(exprs), len(used), len(used & known), len(used & recorded),
              ", ".join(sorted(used & ALLOWLIST - known)) or "none"))
    if os.environ.get("DASHBOARD_LIST_NAMES"):
        print("\n".join(sorted(used - recorded)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
