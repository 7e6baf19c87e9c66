#!/bin/sh
# The public header compiles alone as strict C99 and as C++.
set -eu
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
inc="-I$top_srcdir/include -I$top_builddir/include"
printf '#include <netobs.h>\nint main(void) { return netobs_counter_count() == 0; }\n' > "$tmp/h.c"
${CC:-cc} -std=c99 -pedantic -Wall -Wextra -Werror $inc -c "$tmp/h.c" -o "$tmp/h.o"
cp "$tmp/h.c" "$tmp/h.cc"
${CXX:-c++} -std=c++11 -pedantic -Wall -Wextra -Werror $inc -c "$tmp/h.cc" -o "$tmp/hpp.o"
echo "headertest: netobs.h compiles as C99 and C++"
