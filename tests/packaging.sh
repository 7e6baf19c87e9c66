#!/bin/bash
# From a build tree to a fleet (tests/run-all step "packaging"), each part
# timed:
#   symbols    debian/libnetobs0.symbols against libnetobs.map
#   deb        dpkg-buildpackage -b (nocheck: tests run in their own steps)
#              in a copy of the tracked tree, so the configured checkout is
#              left alone; dpkg-gensymbols at check level 4 fails on any
#              symbol the file does not list
#   lintian    no error (warnings are printed, and justified in debian/)
#   contents   the .debs unpacked with dpkg -x into a scratch root, not
#              installed: installing would enable and start the timer on the
#              CI machine and put a second libnetobs.so.0 under the tests'
#              feet.  netobs --version, man -w, pkg-config, completion, units
#   units      systemd-analyze verify, and the security exposure score
#   rules      promtool check rules + promtool test rules
#   dashboard  every panel and rule expression parses and uses only metric
#              names this build writes (tests/dashboard.py)
#   completion tests/completion.sh
# Run from the top of a configured, built tree: bash tests/packaging.sh [PART...]
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export top_srcdir=$top top_builddir=${top_builddir:-$top}
failed="" times=""
work=$(mktemp -d /tmp/netobs-pkg.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT

part() {
	local name=$1 t0 t1 rc; shift
	echo "--- packaging: $name"
	t0=$(date +%s%N)
	"$@"; rc=$?
	t1=$(date +%s%N)
	t0=$(((t1 - t0) / 100000000))
	times="$times $name=$((t0 / 10)).$((t0 % 10))s"
	[ $rc -eq 0 ] || { failed="$failed $name"; echo "--- packaging: $name: FAILED"; }
	return 0
}

part_symbols() {
	debian/update-symbols --check
}

part_deb() {
	local src=$work/src
	mkdir -p "$src/netobs" &&
	git ls-files -z | tar --null -T - -cf - | tar -C "$src/netobs" -xf - &&
	(cd "$src/netobs" &&
	 DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" DEB_BUILD_PROFILES=nocheck \
		DPKG_GENSYMBOLS_CHECK_LEVEL=4 \
		dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) ||
		{ tail -n 60 "$work/build.log"; return 1; }
	ls "$src"/*.deb
}

part_lintian() {
	# Errors fail the part; warnings and infos are printed for the record.
	local changes out
	changes=$(ls "$work"/src/netobs_*.changes) || return 1
	out=$(lintian --allow-root --tag-display-limit 0 --display-info "$changes" 2>&1); echo "$out"
	! printf '%s\n' "$out" | grep -q '^E: '
}

part_contents() {
	local root=$work/root deb ma pc
	mkdir -p "$root"
	for deb in "$work"/src/*.deb; do dpkg -x "$deb" "$root" || return 1; done
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	LD_LIBRARY_PATH="$root/usr/lib/$ma" "$root/usr/bin/netobs" --version &&
	LD_LIBRARY_PATH="$root/usr/lib/$ma" "$root/usr/bin/netobs" devices >/dev/null &&
	man -M "$root/usr/share/man" -w netobs &&
	man -M "$root/usr/share/man" -w netobs_ctx_new &&
	pc=$(PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_LIBDIR="$root/usr/lib/$ma/pkgconfig:/usr/lib/$ma/pkgconfig:/usr/share/pkgconfig" \
		pkg-config --modversion libnetobs) && echo "pkg-config libnetobs $pc" &&
	test -f "$root/usr/share/bash-completion/completions/netobs" &&
	test -f "$root/lib/systemd/system/netobs-textfile.service" &&
	test -f "$root/lib/systemd/system/netobs-textfile.timer" &&
	grep -q '^ExecStart=/usr/bin/netobs ' "$root/lib/systemd/system/netobs-textfile.service" &&
	test -f "$root/usr/share/doc/libnetobs-dev/examples/drop-watcher.c" &&
	echo "contents: binary, man pages, pkg-config, completion, units, examples"
}

part_units() {
	local d=$work/units
	mkdir -p "$d"
	sed 's|@bindir@|/usr/bin|' contrib/systemd/netobs-textfile.service.in > "$d/netobs-textfile.service"
	cp contrib/systemd/netobs-textfile.timer "$d/"
	# verify looks up ExecStart: point it at this build's binary.
	sed -i "s|^ExecStart=/usr/bin/netobs|ExecStart=$top_builddir/cli/netobs|" "$d/netobs-textfile.service"
	(cd "$d" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no \
		netobs-textfile.service netobs-textfile.timer) || return 1
	systemd-analyze security --offline=yes --no-pager "$d/netobs-textfile.service" |
		tail -n 1
}

part_rules() {
	promtool check rules contrib/prometheus/*.rules.yml &&
	(cd contrib/prometheus && promtool test rules tests/*.yml)
}

part_dashboard() {
	python3 tests/dashboard.py
}

part_completion() {
	bash tests/completion.sh
}

# Arguments pick parts (bash tests/packaging.sh rules dashboard); lintian
# and contents need deb.
for p in ${*:-symbols deb lintian contents units rules dashboard completion}; do
	part "$p" "part_$p"
done
echo "packaging: times:$times"
[ -z "$failed" ] || { echo "packaging: failed:$failed"; exit 1; }
echo "packaging: ok"
