#!/bin/sh
# Every exported function is documented: named in the NAME section of a
# function-group page under man/ (the install links each name to that page).
set -eu
missing=0
for sym in $(grep -E '^[[:space:]]+netobs_[a-z0-9_]+;' "$top_srcdir/libnetobs/libnetobs.map" | tr -d ' \t;'); do
	found=no
	for page in "$top_srcdir"/man/netobs_*.3; do
		sed -n '/^\.SH NAME/,/^\.SH [^N]/p' "$page" | grep -qw -- "$sym" && { found=yes; break; }
	done
	if [ $found = no ]; then
		echo "manpages: $sym has no man page" >&2
		missing=$((missing + 1))
	fi
done
[ $missing -eq 0 ] || exit 1
echo "manpages: every exported function is documented"
