#!/bin/sh
# Our own domain's ring, as on a Linux dom0: at start the daemon maps
# /proc/xen/xsd_kva and binds the port in /proc/xen/xsd_port (here
# regular files under XENSTORED_DEVROOT, the page shared with xs-raw's test
# ring, notifications through the test backend's FIFOs).  -D turns it off.
. "$srcdir/common.sh"
R="$XSDIR/rings"
"$XSRAW" -r "$R" 0 || fail "cannot create ring 0"
mkdir -p "$XSDIR/root/proc/xen"
ln -s "$R/ring-0" "$XSDIR/root/proc/xen/xsd_kva"
echo 7 > "$XSDIR/root/proc/xen/xsd_port"
export XENSTORED_DEVROOT="$XSDIR/root"

xs_start
grep -q "dom0: local ring, event channel 7" "$XSDIR/log" ||
    fail "no local ring in the log"
# dom0 is privileged: it may write the root, and the socket sees it.
out=$("$XSRAW" -r "$R" 0 "WRITE /dom0-ring|1" "READ /dom0-ring|" \
    "GET_DOMAIN_PATH 0|" "IS_DOMAIN_INTRODUCED 0|")
expect "$out" "WRITE OK|
READ 1
GET_DOMAIN_PATH /local/domain/0|
IS_DOMAIN_INTRODUCED T|" "dom0 ring"
out=$("$XSRAW" "READ /dom0-ring|")
expect "$out" "READ 1" "socket sees dom0's write"

# After SIGKILL the new daemon finds the ring again (not from the journal).
xs_stop KILL
xs_start
out=$("$XSRAW" -r "$R" 0 "READ /dom0-ring|" "WRITE /dom0-ring|2")
expect "$out" "READ 1
WRITE OK|" "dom0 ring after restart"

# -D: the ring is left alone.
xs_stop
xs_start -D
out=$("$XSRAW" -r "$R" 0 "READ /dom0-ring|" 2>&1)
case "$out" in *"READ 2"*) fail "-D still served dom0's ring" ;; esac

# A bad xsd_port is logged; the daemon still serves its socket.
xs_stop
echo "x" > "$XSDIR/root/proc/xen/xsd_port"
xs_start
out=$("$XSRAW" "READ /dom0-ring|")
expect "$out" "READ 2" "socket without a local ring"
grep -q "no local domain ring" "$XSDIR/log" || fail "bad xsd_port not logged"
xs_alive || fail "daemon died"
exit 0
