#!/bin/sh
# Quotas of unprivileged domains that hold requests back or fail them
# (ref-toolstack 3.5): memory (-Q memory=, ENOMEM), outstanding requests
# (-Q outstanding=: the ring is not read while that many replies wait),
# the write rate limit (200 writes/s, burst 10: writes are delayed, never
# refused) and the watch-event timeout (-w watch-event=SEC: events left
# unread that long are dropped).  Socket clients are dom0, which has no
# quotas, so all of this runs over the test ring (Debian's C daemon, run
# by xs-peer.sh, only has a socket: it cannot be compared here).
. "$srcdir/common.sh"
xs_start -Q memory=3000 -Q outstanding=5 -w watch-event=1 -T "$XSDIR/trace"
R="$XSDIR/rings"
"$XSRAW" -r "$R" 5 || fail "cannot create ring 5"
"$XSRAW" -r "$R" 6 || fail "cannot create ring 6"
out=$("$XSRAW" "INTRODUCE 5|100|7|" "INTRODUCE 6|100|8|" \
    "MKDIR /local/domain/5|" "SET_PERMS /local/domain/5|n5|" \
    "MKDIR /local/domain/6|" "SET_PERMS /local/domain/6|n6|" \
    "GET_QUOTA 5|memory|" "GET_QUOTA 5|outstanding|")
expect "$out" "INTRODUCE OK|
INTRODUCE OK|
MKDIR OK|
SET_PERMS OK|
MKDIR OK|
SET_PERMS OK|
GET_QUOTA 3000|
GET_QUOTA 5|" "setup"

# Memory: each node costs path + value + children + 5 per permission.
k=$(head -c 1000 /dev/zero | tr '\0' k)
out=$("$XSRAW" -r "$R" 5 "WRITE a|$k" "WRITE b|$k" "WRITE c|$k" "WRITE a|x" \
    "WRITE c|$k" "RM a|" "RM b|" "WRITE d|$k")
expect "$out" "WRITE OK|
WRITE OK|
ERROR ENOMEM|
WRITE OK|
WRITE OK|
RM OK|
RM OK|
WRITE OK|" "memory quota"
# dom0 is not limited, not even on a node it gives to dom5.
out=$("$XSRAW" "WRITE /local/domain/5/e|$k$k" "READ /local/domain/5/d|" | cut -c1-12)
expect "$out" "WRITE OK|
READ kkkkkkk" "dom0 exempt"
# dom5 is now over its quota: its ring is not read until it is back under.
out=$("$XSRAW" "RM /local/domain/5/e|")
expect "$out" "RM OK|" "dom0 frees"

# Outstanding: dom6 sends 90 writes and reads no reply.  The reply ring
# holds 53 "OK" replies, then 5 more may wait in the daemon; the rest of
# the requests stay unread in the request ring.
out=$("$XSRAW" "WRITE /flood|" "SET_PERMS /flood|n6|")
"$XSRAW" -r "$R" 6 "!noread 90"
n=$(grep -c "^IN  dom6 WRITE" "$XSDIR/trace")
[ "$n" -ge 53 ] && [ "$n" -le 60 ] || fail "outstanding quota: $n writes read"
# Reading the replies releases the rest.
"$XSRAW" -rR "$R" 6 >/dev/null
n=$(grep -c "^IN  dom6 WRITE" "$XSDIR/trace")
xs_alive || fail "daemon died (outstanding)"

# Write rate limit: 110 writes need at least (110 - 10) / 200 s.
i=0; : > "$XSDIR/steps"
while [ $i -lt 110 ]; do echo "WRITE w/$((i % 10))|v" >> "$XSDIR/steps"; i=$((i + 1)); done
t0=$(date +%s%N)
out=$("$XSRAW" -r "$R" 5 -f "$XSDIR/steps")
t1=$(date +%s%N)
[ -z "$out" ] || fail "rate limited writes failed: $out"
ms=$(( (t1 - t0) / 1000000 ))
[ "$ms" -ge 400 ] || fail "write rate limit not applied: 110 writes in $ms ms"

# Watch-event timeout: dom5 watches, then stops reading.  The reply ring
# fills (46 events), the daemon holds the rest for 1 s, then drops them.
out=$("$XSRAW" -r "$R" 5 "WATCH ev|t|" "+1")
expect "$out" "WATCH OK|
WATCH_EVENT ev|t|" "watch"
i=0; : > "$XSDIR/steps"
while [ $i -lt 100 ]; do echo "WRITE /local/domain/5/ev|$i" >> "$XSDIR/steps"; i=$((i + 1)); done
out=$("$XSRAW" -f "$XSDIR/steps")
[ -z "$out" ] || fail "dom0 writes failed: $out"
sleep 2
grep -q "watch event(s) not read for 1000 ms, dropped" "$XSDIR/log" ||
    fail "no watch event dropped"
out=$("$XSRAW" -r "$R" 5 "+100" | sort | uniq -c | sed 's/^ *//')
n=$(echo "$out" | sed -n "s/^\([0-9]*\) WATCH_EVENT ev|t|/\1/p")
[ -n "$n" ] && [ "$n" -ge 46 ] && [ "$n" -le 50 ] ||
    fail "watch events after the timeout: $out"
xs_alive || fail "daemon died"
exit 0
