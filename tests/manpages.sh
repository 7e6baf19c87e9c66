#!/bin/sh
# Every exported function is documented: named in a man page's NAME or
# SYNOPSIS under man/.
set -eu
missing=0
for sym in $(grep -E '^[[:space:]]+netobs_[a-z0-9_]+;' "$top_srcdir/libnetobs/libnetobs.map" | tr -d ' \t;'); do
	if ! grep -lq -- "$sym" "$top_srcdir"/man/*.3 2>/dev/null; then
		echo "manpages: $sym has no man page" >&2
		missing=$((missing + 1))
	fi
done
[ $missing -eq 0 ] || exit 1
echo "manpages: every exported function is documented"
