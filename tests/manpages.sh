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

# netobs_snapshot_section_ok(3) lists every section of enum netobs_section,
# in order, in its SYNOPSIS, its DESCRIPTION and its count: a section added
# to the header without the page fails here.
page="$top_srcdir/man/netobs_snapshot_section_ok.3"
enum=$(sed -n '/^enum netobs_section {/,/^};/p' "$top_srcdir/include/netobs.h" |
	grep -oE 'NETOBS_SECTION_[A-Z0-9_]+' | tr '\n' ' ')
synopsis=$(sed -n '/^\.B enum netobs_section {/,/^\.B };/p' "$page" |
	grep -oE 'NETOBS_SECTION_[A-Z0-9_]+' | tr '\n' ' ')
described=$(sed -n '/^\.SH DESCRIPTION/,/^\.SS /p' "$page" |
	grep -E '^\.BR NETOBS_SECTION_' | grep -oE 'NETOBS_SECTION_[A-Z0-9_]+' | tr '\n' ' ')
count=$(echo "$enum" | wc -w)
bad=0
if [ "$synopsis" != "$enum" ]; then
	echo "manpages: $page SYNOPSIS lists '$synopsis', include/netobs.h '$enum'" >&2
	bad=1
fi
if [ "$described" != "$enum" ]; then
	echo "manpages: $page DESCRIPTION lists '$described', include/netobs.h '$enum'" >&2
	bad=1
fi
if ! grep -q "sections this version of the library knows ($count)" "$page"; then
	echo "manpages: $page does not give netobs_section_count() as $count" >&2
	bad=1
fi
for s in $(echo "$enum" | sed 's/NETOBS_SECTION_//g' | tr 'A-Z' 'a-z'); do
	sed -n '/^\.BR netobs_section_name ()/,/^\.BR netobs_section_from_name/p' "$page" |
		grep -q "dq $s \\\\(dq" || {
		echo "manpages: $page: netobs_section_name() does not name \"$s\"" >&2
		bad=1
	}
done
[ $bad -eq 0 ] || exit 1
echo "manpages: netobs_snapshot_section_ok(3) lists the $count sections of the header"
