#!/bin/bash
# contrib/bash-completion/netobs, sourced into a bash: commands, options
# (read from this build's --help), classes as a comma list, sources, and
# device names from the live host and from --root DIR.
# Run by tests/packaging.sh (and by hand) with top_srcdir and top_builddir set.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
PATH="$top_builddir/cli:$PATH"
# shellcheck source=/dev/null
. "$top_srcdir/contrib/bash-completion/netobs"
complete -p netobs >/dev/null || { echo "completion: netobs not registered"; exit 1; }

fail=0
# expect "LINE TO COMPLETE" WORD...: every WORD is among the completions.
expect() {
	local line=$1 w; shift
	read -ra COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line COMP_POINT=${#line}
	COMPREPLY=()
	_netobs netobs "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	for w in "$@"; do
		if [[ " ${COMPREPLY[*]} " != *" $w "* ]]; then
			echo "completion: '$line' gave '${COMPREPLY[*]}', not $w"; fail=1
		fi
	done
}
# refuse "LINE" WORD: WORD is not offered.
refuse() {
	local line=$1 w=$2
	expect "$line"
	[[ " ${COMPREPLY[*]} " == *" $w "* ]] && { echo "completion: '$line' offered $w"; fail=1; }
	return 0
}

expect "netobs sh" show
expect "netobs do" doctor
expect "netobs --cla" --class
expect "netobs watch --int" --interval
expect "netobs --ver" --version
expect "netobs --class ph" physical
expect "netobs --class physical,vi" physical,virtual
expect "netobs --source n" netlink
expect "netobs show l" lo
expect "netobs --root $top_srcdir/tests/fixtures/bare-metal devices enp" enp3s0f0 enp3s0f1
expect "netobs --root $top_srcdir/tests/fixtures/bare-metal --kind bo" bond
refuse "netobs --root $top_srcdir/tests/fixtures/bare-metal devices b" bonding_masters
refuse "netobs softnet " lo
[ $fail -eq 0 ] && echo "completion: all cases complete as expected"
exit $fail
