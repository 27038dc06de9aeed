#!/bin/sh
# What a domain leaves behind when it is released (RELEASE or found dying),
# as Xen 4.17 after XSA-322/326/419: the nodes it owns are deleted with
# their subtrees (watches fire as for an RM of each), or with -K given to
# dom0 silently; access it had elsewhere no longer counts for a new domain
# reusing its id (GET_PERMS still lists the entry); it is removed from the
# permissions of @introduceDomain/@releaseDomain; its node quota starts
# from zero.  All of it survives a restart (journal and snapshot).
. "$srcdir/common.sh"
xs_start -E 12
R="$XSDIR/rings"
for i in 5 6 7 8; do
    "$XSRAW" -r "$R" $i || fail "cannot create ring $i"
done
out=$("$XSRAW" "INTRODUCE 5|100|7|" "INTRODUCE 6|100|8|" \
    "MKDIR /local/domain/5|" "SET_PERMS /local/domain/5|n5|" \
    "MKDIR /local/domain/6|" "SET_PERMS /local/domain/6|n6|r5|" \
    "WRITE /shared|s" "SET_PERMS /shared|n0|r5|" \
    "WRITE /out5/a/b|1" "SET_PERMS /out5|n5|" "SET_PERMS /out5/a|n6|r5|" \
    "SET_PERMS /out5/a/b|n5|" \
    "WRITE /d0/keep/by5|k" "SET_PERMS /d0/keep/by5|n5|r6|" \
    "SET_PERMS @releaseDomain|n0|r5|" "SET_PERMS @introduceDomain|n5|r6|")
[ "$(echo "$out" | grep -vc ' OK|$')" = 0 ] || fail "setup: $out"

# Before: dom5 owns 6 nodes and may read /shared and dom6's home.
out=$("$XSRAW" -r "$R" 5 "WRITE data|x" "WRITE data/sub|y" "READ /shared|" \
    "READ /local/domain/6|")
expect "$out" "WRITE OK|
WRITE OK|
READ s
READ " "dom5 before"
expect "$("$XSRAW" "CONTROL quota|5|")" "CONTROL Domain 5:
  nodes: 6
  watches: 0
|" "dom5 node count"

# RELEASE: each owned node goes with its subtree, in tree order: the
# nodes below fire exact watches only, the owned node fires as by RM.
# /d0/keep (dom0's) stays.  A transaction that read a node whose
# permissions changed must fail, or it would write back the old ones.
out=$("$XSRAW" "WATCH /|all|" "+1" "WATCH /out5/a|sub|" "+1" \
    "WATCH /local/domain/5/data|data|" "+1" "WATCH @releaseDomain|rel|" "+1" \
    "TRANSACTION_START |" "READ@$ /shared|" "RELEASE 5|" "+6" \
    "TRANSACTION_END@$ T|")
expect "$out" "WATCH OK|
WATCH_EVENT /|all|
WATCH OK|
WATCH_EVENT /out5/a|sub|
WATCH OK|
WATCH_EVENT /local/domain/5/data|data|
WATCH OK|
WATCH_EVENT @releaseDomain|rel|
TRANSACTION_START 1|
READ s
WATCH_EVENT /local/domain/5/data|data|
WATCH_EVENT /local/domain/5|all|
WATCH_EVENT /out5/a|sub|
WATCH_EVENT /out5|all|
WATCH_EVENT /d0/keep/by5|all|
WATCH_EVENT @releaseDomain|rel|
RELEASE OK|
ERROR EAGAIN|" "release events"
grep -q "dom5: 3 owned subtree(s) deleted, 0 node(s) given to dom0, access revoked on 2" \
    "$XSDIR/log" || fail "release not logged"

# After: dom5's nodes are gone, the entries naming it are still listed;
# the special nodes lost it (an owner becomes dom0), its count is zero.
check_released5() {
    out=$("$XSRAW" "READ /local/domain/5/data|" "READ /out5|" "READ /out5/a|" \
        "DIRECTORY /d0/keep|" "GET_PERMS /local/domain/6|" \
        "GET_PERMS @releaseDomain|" "GET_PERMS @introduceDomain|")
    expect "$out" "ERROR ENOENT|
ERROR ENOENT|
ERROR ENOENT|
DIRECTORY 
GET_PERMS n6|r5|
GET_PERMS n0|
GET_PERMS n0|r6|" "after release of dom5 ($1)"
}
check_released5 "running"
expect "$("$XSRAW" "GET_PERMS /shared|" "CONTROL quota|5|")" "GET_PERMS n0|r5|
CONTROL Domain 5:
  nodes: 0
  watches: 0
|" "dom5 forgotten"

# A new dom5: no access through the old entries; SET_PERMS grants anew.
out=$("$XSRAW" "INTRODUCE 5|100|7|" "MKDIR /local/domain/5|" \
    "SET_PERMS /local/domain/5|n5|")
[ "$(echo "$out" | grep -vc ' OK|$')" = 0 ] || fail "reintroduce: $out"
out=$("$XSRAW" -r "$R" 5 "READ /shared|" "READ /local/domain/6|" \
    "WRITE /local/domain/6/x|1")
expect "$out" "ERROR EACCES|
ERROR EACCES|
ERROR EACCES|" "new dom5 inherits old access"
out=$("$XSRAW" "SET_PERMS /shared|n0|r5|")
out=$("$XSRAW" -r "$R" 5 "READ /shared|")
expect "$out" "READ s" "access granted again"

# Node quota (-E 12): the new dom5 owns 1 node, so 11 more fit.
i=0; : > "$XSDIR/steps"
while [ $i -lt 13 ]; do echo "WRITE q$i|v" >> "$XSDIR/steps"; i=$((i + 1)); done
out=$("$XSRAW" -r "$R" 5 -F "$XSDIR/steps" | sort | uniq -c | sed 's/^ *//')
expect "$out" "2 ERROR ENOSPC|
11 WRITE OK|" "node quota of the new dom5"

# Restart (SIGKILL: journal; then SIGTERM: snapshot): all of it stays.
check_restarted() {
    check_released5 "$1"
    out=$("$XSRAW" -r "$R" 5 "READ /local/domain/6|" "READ /shared|")
    expect "$out" "ERROR EACCES|
READ s" "dom5 access after $1"
}
xs_stop KILL
xs_start -E 12
check_restarted "SIGKILL"
xs_stop TERM
xs_start -E 12
check_restarted "a clean restart"

# A domain found dying (VIRQ_DOM_EXC) is released the same way.
out=$("$XSRAW" "INTRODUCE 8|100|10|" "WRITE /local/domain/8/d|1" \
    "SET_PERMS /local/domain/8|n8|")
printf 'dying\n' > "$R/state-8"
printf x > "$R/virq-3"
i=0
until [ "$("$XSRAW" "IS_DOMAIN_INTRODUCED 8|")" = "IS_DOMAIN_INTRODUCED F|" ]; do
    i=$((i + 1))
    [ $i -gt 100 ] && fail "dying dom8 not released"
    sleep 0.05
done
expect "$("$XSRAW" "READ /local/domain/8/d|" "DIRECTORY /local/domain|")" \
    "ERROR ENOENT|
DIRECTORY 6|5|" "dying dom8's nodes"

# -K: dom7's nodes pass to dom0 instead, without watch events; access
# granted to dom7 elsewhere is revoked all the same.
xs_stop TERM
xs_start -E 12 -K
out=$("$XSRAW" "INTRODUCE 7|100|9|" "MKDIR /local/domain/7|" \
    "SET_PERMS /local/domain/7|n7|" "WRITE /o7/x|1" "SET_PERMS /o7|n7|r6|" \
    "SET_PERMS /o7/x|n7|r7|" "WRITE /for7|f" "SET_PERMS /for7|n0|r7|")
[ "$(echo "$out" | grep -vc ' OK|$')" = 0 ] || fail "-K setup: $out"
out=$("$XSRAW" -r "$R" 7 "WRITE data|v" "READ /for7|")
expect "$out" "WRITE OK|
READ f" "dom7 before"
out=$("$XSRAW" "WATCH /|all|" "+1" "WATCH @releaseDomain|rel|" "+1" \
    "RELEASE 7|" "+1" "CONTROL quota|7|")
expect "$out" "WATCH OK|
WATCH_EVENT /|all|
WATCH OK|
WATCH_EVENT @releaseDomain|rel|
WATCH_EVENT @releaseDomain|rel|
RELEASE OK|
CONTROL Domain 7:
  nodes: 0
  watches: 0
|" "-K release events"
check_kept7() {
    out=$("$XSRAW" "READ /local/domain/7/data|" "GET_PERMS /local/domain/7|" \
        "GET_PERMS /local/domain/7/data|" "GET_PERMS /o7|" "GET_PERMS /o7/x|" \
        "GET_PERMS /for7|")
    expect "$out" "READ v
GET_PERMS n0|
GET_PERMS n0|
GET_PERMS n0|r6|
GET_PERMS n0|r7|
GET_PERMS n7|r7|" "-K nodes ($1)"
}
"$XSRAW" "SET_PERMS /for7|n7|r7|" >/dev/null   # dom0 hands it to the old id
check_kept7 "running"
xs_stop KILL
xs_start -E 12 -K
check_kept7 "after SIGKILL"
# A new dom7 neither owns its old home nor reads through old entries.
out=$("$XSRAW" "INTRODUCE 7|100|9|")
out=$("$XSRAW" -r "$R" 7 "READ /local/domain/7/data|" "WRITE data|w" \
    "READ /o7/x|" "READ /for7|")
expect "$out" "ERROR EACCES|
ERROR EACCES|
ERROR EACCES|
READ f" "new dom7 after -K"
xs_alive || fail "daemon died"
exit 0
