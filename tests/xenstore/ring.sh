#!/bin/sh
# The ring transport through the test backend (a shared file and FIFOs):
# an unprivileged guest, permissions, quotas, special watches, SET_TARGET,
# disconnect/reconnect and RELEASE.
. "$srcdir/common.sh"
xs_start -E 20 -W 3 -t 2 -A 3 -S 300
R="$XSDIR/rings"
"$XSRAW" -r "$R" 5 || fail "cannot create ring 5"
"$XSRAW" -r "$R" 6 || fail "cannot create ring 6"
out=$("$XSRAW" "WATCH @introduceDomain|i|" "+1" "WATCH @releaseDomain|r|" "+1" \
    "INTRODUCE 5|100|7|" "+1" "INTRODUCE 5|100|7|" "INTRODUCE 5|101|7|" \
    "INTRODUCE 6|100|8|" "+1" "IS_DOMAIN_INTRODUCED 5|" \
    "MKDIR /local/domain/5|" "SET_PERMS /local/domain/5|n5|" \
    "MKDIR /local/domain/6|" "SET_PERMS /local/domain/6|n6|r5|" \
    "WRITE /shared|s" "SET_PERMS /shared|n0|r5|")
expect "$out" "WATCH OK|
WATCH_EVENT @introduceDomain|i|
WATCH OK|
WATCH_EVENT @releaseDomain|r|
WATCH_EVENT @introduceDomain|i|
INTRODUCE OK|
INTRODUCE OK|
ERROR EEXIST|
WATCH_EVENT @introduceDomain|i|
INTRODUCE OK|
IS_DOMAIN_INTRODUCED T|
MKDIR OK|
SET_PERMS OK|
MKDIR OK|
SET_PERMS OK|
WRITE OK|
SET_PERMS OK|" "introduce"

out=$("$XSRAW" -r "$R" 5 "WRITE foo|bar" "READ foo|" "READ /local/domain/5/foo|" \
    "GET_PERMS foo|" "WRITE /forbidden|x" "READ /tool|" "READ /shared|" \
    "WRITE /shared|x" "READ /local/domain/6|" "WRITE /local/domain/6/x|1" \
    "INTRODUCE 9|1|1|" "SET_PERMS foo|n0|" "SET_PERMS foo|n5|r6|r7|r8|" \
    "SET_PERMS foo|n5|r6|" "WATCH foo|t|" "+1" "WRITE foo/bar|1" "+1" \
    "WATCH @releaseDomain|r|" "+1" "WATCH a|1|" "+1" "WATCH b|2|" \
    "TRANSACTION_START |" "TRANSACTION_START |" "TRANSACTION_START |" \
    "WRITE big|$(head -c 400 /dev/zero | tr '\0' x)")
expect "$out" "WRITE OK|
READ bar
READ bar
GET_PERMS n5|
ERROR EACCES|
ERROR EACCES|
READ s
ERROR EACCES|
READ 
ERROR EACCES|
ERROR EACCES|
ERROR EPERM|
ERROR ENOSPC|
SET_PERMS OK|
WATCH OK|
WATCH_EVENT foo|t|
WATCH_EVENT foo/bar|t|
WRITE OK|
WATCH OK|
WATCH_EVENT @releaseDomain|r|
WATCH OK|
WATCH_EVENT a|1|
ERROR E2BIG|
TRANSACTION_START 1|
TRANSACTION_START 2|
ERROR ENOSPC|
ERROR ENOSPC|" "guest requests"

# Node quota: -E 20 (dom5 already owns a few nodes).
i=0; : > "$XSDIR/steps"
while [ $i -lt 30 ]; do echo "WRITE q/$i|v" >> "$XSDIR/steps"; i=$((i + 1)); done
out=$("$XSRAW" -rR "$R" 5 -F "$XSDIR/steps" | sort | uniq -c | sed 's/^ *//')
case "$out" in *"ERROR ENOSPC|"*) ;; *) fail "node quota not enforced: $out" ;; esac

# Reconnect: the guest's watches and transactions are gone, data stays.
out=$("$XSRAW" -rR "$R" 5 "READ foo|" "TRANSACTION_END@1 T|" "WRITE foo|2" "+1")
expect "$out" "READ bar
ERROR ENOENT|
WRITE OK|
TIMEOUT" "reconnect"

# SET_TARGET: dom6 acts for dom5.
out=$("$XSRAW" "SET_TARGET 6|5|" "SET_TARGET 6|99|")
expect "$out" "SET_TARGET OK|
ERROR ENOENT|" "set_target"
out=$("$XSRAW" -r "$R" 6 "READ /local/domain/5/foo|" "WRITE /local/domain/5/by6|1")
expect "$out" "READ 2
WRITE OK|" "target rights"

# RELEASE fires @releaseDomain; the ring stays quiet afterwards.
out=$("$XSRAW" "WATCH @releaseDomain|r|" "+1" "RELEASE 5|" "+1" "IS_DOMAIN_INTRODUCED 5|" \
    "RELEASE 5|" "RESUME 6|" "RESUME 5|")
expect "$out" "WATCH OK|
WATCH_EVENT @releaseDomain|r|
WATCH_EVENT @releaseDomain|r|
RELEASE OK|
IS_DOMAIN_INTRODUCED F|
ERROR ENOENT|
RESUME OK|
ERROR ENOENT|" "release"
xs_alive || fail "daemon died"
exit 0
