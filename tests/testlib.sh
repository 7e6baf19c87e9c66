# Sourced by the CLI test scripts (run by `make check` with top_srcdir and
# top_builddir set): the binary and the fixture trees as absolute paths, so
# a tmux pane or a subshell in another directory finds them, and the tools
# every such script needs.
NETOBS="$top_builddir/cli/netobs"
FIXTURES="$top_srcdir/tests/fixtures"
[ -x "$NETOBS" ] || { echo "FAIL: $NETOBS not built"; exit 1; }
command -v python3 > /dev/null || { echo "SKIP: python3 missing"; exit 77; }
case $NETOBS in /*) ;; *) NETOBS="$PWD/$NETOBS" ;; esac
case $FIXTURES in /*) ;; *) FIXTURES="$PWD/$FIXTURES" ;; esac
