#!/bin/sh
# Every message type and error over the socket, compared with the replies
# Debian's C xenstored 4.17 gives to the same steps (protocol.exp).
. "$srcdir/common.sh"
xs_start
out=$("$XSRAW" -F "$srcdir/protocol.steps" | sed 's/^DIRECTORY_PART [0-9]*|/DIRECTORY_PART G|/')
expect "$out" "$(cat "$srcdir/protocol.exp")" "protocol replies differ from Xen's"

# Extensions beyond Xen 4.17: watch depth, features, quotas, control.
out=$("$XSRAW" "WRITE /d/a/b|1" "WATCH /d|w|0|" "+1" "WRITE /d/a|2" "WRITE /d|3" "+1" \
    "GET_FEATURE |" "GET_QUOTA nodes|" "SET_QUOTA 9|nodes|5|" "GET_QUOTA 9|nodes|" \
    "GET_QUOTA bogus|" "CONTROL check|" "CONTROL bogus|")
expect "$out" "WRITE OK|
WATCH OK|
WATCH_EVENT /d|w|
WRITE OK|
WATCH_EVENT /d|w|
WRITE OK|
GET_FEATURE 14|
GET_QUOTA 1000|
SET_QUOTA OK|
GET_QUOTA 5|
ERROR EINVAL|
CONTROL OK|
ERROR EINVAL|" "extensions"
xs_alive || fail "daemon died"
exit 0
