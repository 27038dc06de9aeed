# Helpers shared by the XenStore test scripts (sourced, POSIX sh).
# Each test runs its own xenstored on a socket in a private temp directory
# and always stops it by its pid.
XSD=$top_builddir/tools/xenstored/xenstored
XSRAW=$builddir/xs-raw
XSCLI=$top_builddir/tools/xenstore/xenstore
OURLIB=$top_builddir/tools/libxenstore/.libs
XSDIR=$(mktemp -d "${TMPDIR:-/tmp}/xstest.XXXXXX")
XSPID=
export XENSTORED_PATH="$XSDIR/socket"
export XENSTORED_RUNDIR="$XSDIR"
mkdir -p "$XSDIR/rings"

xs_cleanup() {
    if [ -n "$XSPID" ] && kill -0 "$XSPID" 2>/dev/null; then
        kill "$XSPID" 2>/dev/null
        wait "$XSPID" 2>/dev/null
    fi
    rm -rf "$XSDIR"
}
trap xs_cleanup EXIT

fail() {
    echo "FAIL: $*"
    [ -f "$XSDIR/log" ] && tail -5 "$XSDIR/log"
    exit 1
}

# Start the daemon (extra options in "$@") and wait for its socket.
xs_start() {
    rm -f "$XSDIR/socket"
    "$XSD" -N --state-dir "$XSDIR/state" --ring-dir "$XSDIR/rings" \
        -L "$XSDIR/log" "$@" </dev/null >>"$XSDIR/out" 2>&1 &
    XSPID=$!
    i=0
    while [ ! -S "$XSDIR/socket" ]; do
        i=$((i + 1))
        [ $i -gt 100 ] && fail "xenstored did not start"
        kill -0 "$XSPID" 2>/dev/null || fail "xenstored exited"
        sleep 0.05
    done
}

# Stop it with a signal (TERM by default) and wait for it.
xs_stop() {
    kill "-${1:-TERM}" "$XSPID"
    wait "$XSPID" 2>/dev/null
    XSPID=
}

xs_alive() {
    kill -0 "$XSPID" 2>/dev/null
}

# Compare "$1" (actual) with "$2" (expected) and fail with a diff.
expect() {
    [ "$1" = "$2" ] && return 0
    echo "expected:"; echo "$2"; echo "got:"; echo "$1"
    fail "${3:-output differs}"
}
