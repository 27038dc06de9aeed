#!/bin/sh
# libxenstore's API against our daemon (threads, watch thread, transactions)
# and its DIRECTORY_PART fallback for directories too big for one reply.
. "$srcdir/common.sh"
xs_start
"$builddir/test-libxs" || fail "test-libxs"
i=0; : > "$XSDIR/steps"
while [ $i -lt 700 ]; do echo "WRITE /big/entry-number-$i|" >> "$XSDIR/steps"; i=$((i + 1)); done
"$XSRAW" -f "$XSDIR/steps"
expect "$("$XSRAW" "DIRECTORY /big|")" "ERROR E2BIG|" "big directory"
n=$("$XSCLI" list /big | wc -l)
[ "$n" -eq 700 ] || fail "xs_directory fallback listed $n of 700 entries"
exit 0
