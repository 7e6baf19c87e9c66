#!/bin/sh
# The shared library exports exactly the symbols of the version script, and
# every public declaration is among them.
set -eu
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
lib=$(ls "$top_builddir"/libnetobs/.libs/libnetobs.so.*.*.* 2>/dev/null | head -n1)
# A --disable-shared build (the sanitizer pass) has no exports to compare.
[ -n "$lib" ] || { echo "SKIP: no shared library built"; exit 77; }
nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sed 's/@.*//' | sort -u > "$tmp/exported"
grep -E '^[[:space:]]+netobs_[a-z0-9_]+;' "$top_srcdir/libnetobs/libnetobs.map" |
	tr -d ' \t;' | sort -u > "$tmp/map"
grep -A3 NETOBS_API "$top_srcdir/include/netobs.h" | grep -o 'netobs_[a-z0-9_]*(' |
	tr -d '(' | sort -u > "$tmp/header"
status=0
if ! diff -u "$tmp/map" "$tmp/exported"; then
	echo "symbols: exports differ from libnetobs.map" >&2; status=1
fi
if ! diff -u "$tmp/map" "$tmp/header"; then
	echo "symbols: netobs.h declarations differ from libnetobs.map" >&2; status=1
fi
[ $status -eq 0 ] && echo "symbols: $(wc -l < "$tmp/map") exports match the map and the header"
exit $status
