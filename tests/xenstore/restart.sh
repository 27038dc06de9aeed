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
# The journal is appended through a mapping with blocks allocated ahead
# (no write(2) per request); a clean stop trims the zero tail, and a
# SIGKILL leaves it, which replay stops at (above).
size=$(stat -c %s "$XSDIR/state/journal")
[ "$size" -ge 1048576 ] || fail "journal not preallocated: $size bytes"
# A clean stop and a second restart keep everything too.
xs_stop TERM
size=$(stat -c %s "$XSDIR/state/journal")
[ "$size" -gt 18 ] && [ "$size" -lt 4096 ] || fail "journal after a clean stop: $size bytes"
xs_start
"$XSCLI" ls -f -p /r > "$XSDIR/after2" || fail "ls after2"
cmp -s "$XSDIR/before" "$XSDIR/after2" || fail "store differs after SIGTERM"
out=$("$XSRAW" "READ /local/domain/3/after|")
expect "$out" "READ 1" "ring write lost by a clean stop"

# --reset-state=boot keeps the state of this boot, drops an earlier boot's.
mkdir -p "$XSDIR/root/proc/sys/kernel/random"
export XENSTORED_DEVROOT="$XSDIR/root"
echo boot-a > "$XSDIR/root/proc/sys/kernel/random/boot_id"
xs_stop TERM
xs_start --reset-state=boot     # no boot-id recorded yet: dropped
out=$("$XSRAW" "READ /r/1/n1|" "WRITE /kept|1")
expect "$out" "ERROR ENOENT|
WRITE OK|" "state without a boot id kept"
xs_stop KILL
xs_start --reset-state=boot
out=$("$XSRAW" "READ /kept|")
expect "$out" "READ 1" "state of the same boot dropped"
xs_stop KILL
echo boot-b > "$XSDIR/root/proc/sys/kernel/random/boot_id"
xs_start --reset-state=boot
out=$("$XSRAW" "READ /kept|" "WRITE /kept|2")
expect "$out" "ERROR ENOENT|
WRITE OK|" "state of an earlier boot kept"
# --reset-state (always): empty whatever the boot.
xs_stop TERM
xs_start --reset-state
out=$("$XSRAW" "READ /kept|")
expect "$out" "ERROR ENOENT|" "--reset-state kept the state"
exit 0
