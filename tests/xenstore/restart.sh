#!/bin/sh
# State survives SIGKILL: 10000 nodes with permissions, an introduced
# domain, then kill -9, restart and compare everything.
. "$srcdir/common.sh"
xs_start
"$XSRAW" -r "$XSDIR/rings" 3 || fail "ring"
awk 'BEGIN {
    for (i = 0; i < 10000; i++) {
        p = sprintf("/r/%d/n%d", i % 100, i)
        printf "WRITE %s|value-%d\n", p, i
        if (i % 3 == 0) printf "SET_PERMS %s|n%d|r%d|\n", p, i % 50, (i + 1) % 50
        if (i % 7 == 0) printf "SET_PERMS %s|b0|w%d|\n", p, i % 9
    }
    print "RM /r/99/n9999|"
    print "MKDIR /local/domain/3|"
    print "SET_PERMS /local/domain/3|n3|"
    print "INTRODUCE 3|77|9|"
}' > "$XSDIR/fill"
"$XSRAW" -f "$XSDIR/fill" > "$XSDIR/fill.out"
[ -s "$XSDIR/fill.out" ] && fail "fill failed: $(head -3 "$XSDIR/fill.out")"
"$XSCLI" ls -f -p /r > "$XSDIR/before" || fail "ls before"
n=$(wc -l < "$XSDIR/before")
[ "$n" -eq 10099 ] || fail "expected 10099 nodes, got $n"
xs_stop KILL
xs_start
"$XSCLI" ls -f -p /r > "$XSDIR/after" || fail "ls after"
cmp -s "$XSDIR/before" "$XSDIR/after" || fail "store differs after SIGKILL: $(diff "$XSDIR/before" "$XSDIR/after" | head -5)"
out=$("$XSRAW" "IS_DOMAIN_INTRODUCED 3|")
expect "$out" "IS_DOMAIN_INTRODUCED T|" "domain lost"
out=$("$XSRAW" -r "$XSDIR/rings" 3 "WRITE after|1" "READ after|")
expect "$out" "WRITE OK|
READ 1" "ring after restart"
# A clean stop and a second restart keep everything too.
xs_stop TERM
xs_start
"$XSCLI" ls -f -p /r > "$XSDIR/after2" || fail "ls after2"
cmp -s "$XSDIR/before" "$XSDIR/after2" || fail "store differs after SIGTERM"
exit 0
