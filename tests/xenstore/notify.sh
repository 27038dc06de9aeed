#!/bin/sh
# sd_notify: with NOTIFY_SOCKET set (a path, or '@' for an abstract name)
# the daemon sends READY=1 once its socket accepts connections.
. "$srcdir/common.sh"
XSNOTIFY=$builddir/xs-notify
run() {
    "$XSNOTIFY" "$@" "$XSDIR/socket" -- "$XSD" -N --state-dir "$XSDIR/state" \
        -L "$XSDIR/log" > "$XSDIR/notify.out" 2>&1 || {
        cat "$XSDIR/notify.out"; fail "no READY=1 or no socket ($*)"; }
    grep -qx "ready=1 accepts=1" "$XSDIR/notify.out" || fail "xs-notify output"
}
run "$XSDIR/notify"
run -a "xstest-notify-$$"
exit 0
