#!/bin/sh
# Bad input never crashes or wedges the daemon: oversized and truncated
# messages, strings without NUL, invalid paths, unknown types, foreign
# transaction ids, floods and a client that never reads its replies.
. "$srcdir/common.sh"
xs_start
out=$("$XSRAW" "!big")
expect "$out" "CLOSED" "oversized payload must close the connection"
"$XSRAW" "!trunc"
out=$("$XSRAW" "WRITE /bad|x" "READ /bad/../x|" "READ /bad x|" "READ |" "DIRECTORY |" \
    "WRITE |" "WRITE /bad" "SET_PERMS /bad|r1" "GET_PERMS" "WATCH /bad|" \
    "TRANSACTION_END@1 T|" "READ@5 /bad|" "TRANSACTION_START@7 |" "12345 x|" \
    "INTRODUCE 1|2|" "INTRODUCE x|1|1|" "GET_DOMAIN_PATH |" "SET_TARGET 1|" \
    "READ /$(head -c 2100 /dev/zero | tr '\0' a)|" "CONTROL |")
expect "$out" "WRITE OK|
ERROR EINVAL|
ERROR EINVAL|
ERROR EINVAL|
ERROR EINVAL|
ERROR EINVAL|
ERROR EINVAL|
ERROR EINVAL|
ERROR EINVAL|
ERROR EINVAL|
ERROR ENOENT|
ERROR ENOENT|
ERROR EBUSY|
ERROR ENOSYS|
ERROR EINVAL|
ERROR EINVAL|
GET_DOMAIN_PATH /local/domain/0|
ERROR EINVAL|
ERROR EINVAL|
ERROR EINVAL|" "malformed requests"

# A transaction id of another connection is unknown here.
tx=$("$XSRAW" "TRANSACTION_START |" | sed 's/.* \([0-9]*\)|/\1/')
out=$("$XSRAW" "READ@$tx /bad|")
expect "$out" "ERROR ENOENT|" "foreign transaction id"

# A flood of requests is answered completely.
out=$("$XSRAW" "!flood 5000")
expect "$out" "FLOOD 5000/5000" "flood"

# Clients that never read: the daemon stops reading from them, stays
# responsive for others, and its memory stays bounded.
i=0; pids=
while [ $i -lt 4 ]; do
    "$XSRAW" "WATCH /flood|w|" "!noread 200000" &
    pids="$pids $!"
    i=$((i + 1))
done
sleep 1
out=$("$XSRAW" "READ /bad|")
expect "$out" "READ x" "daemon wedged by non-reading clients"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$XSPID/status")
[ "$rss" -lt 65536 ] || fail "RSS $rss kB after non-reading clients"
wait $pids
xs_alive || fail "daemon died"
exit 0
