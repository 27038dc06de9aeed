#!/bin/sh
# etc/init.d/xencommons in a sandbox: XENCOMMONS_ROOT relocates the script's
# paths (config, /proc/xen, run and log directories) into a temp directory and
# the sandbox's defaults file points it at the xenstored of this build.  Checks
# start, status, a write and read through the daemon it started, restart with
# the store kept, stop leaving no process, the store emptied by a reboot
# (another boot id) but not by stop + start, and the not-dom0 guards.
set -u
XC=$top_builddir/etc/init.d/xencommons
XSD=$top_builddir/tools/xenstored/xenstored
XSCLI=$top_builddir/tools/xenstore/xenstore
if [ ! -x "$XSD" ] || [ ! -x "$XSCLI" ]; then
    echo "SKIP: xenstored or xenstore not built"; exit 77
fi

ROOT=$(mktemp -d "${TMPDIR:-/tmp}/xc.XXXXXX")
PIDFILE=$ROOT$localstatedir/run/xen/xenstored.pid
RUNDIR=$ROOT/var/run/xenstored
LOGDIR=$ROOT$localstatedir/log/xen
pids=
cleanup() {
    for p in $pids $(cat "$PIDFILE" 2>/dev/null); do
        kill "$p" 2>/dev/null
    done
    rm -rf "$ROOT" "$ROOT.noxen" "$ROOT.domu"
}
trap cleanup EXIT
unset XENSTORED_PATH XENSTORED_ARGS XENSTORED XENSTORED_TRACE
export XENSTORED_RUNDIR="$RUNDIR"

fail() {
    echo "FAIL: $*"
    for f in "$ROOT/out" "$LOGDIR/xenstored.log"; do
        [ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }
    done
    exit 1
}

# xencommons VERB: run the script in the sandbox, output to $ROOT/out.
xc() {
    XENCOMMONS_ROOT=$ROOT $SHELL "$XC" "$@" >"$ROOT/out" 2>&1
}

mkdir -p "$ROOT/proc/xen" "$ROOT$sysconfdir/default" "$ROOT/var/lib/xenstored" \
    "$ROOT/proc/sys/kernel/random"
echo control_d > "$ROOT/proc/xen/capabilities"
# The daemon reads the boot id (--reset-state=boot) under XENSTORED_DEVROOT.
echo 11111111-aaaa-4aaa-8aaa-111111111111 > "$ROOT/proc/sys/kernel/random/boot_id"
export XENSTORED_DEVROOT="$ROOT"
cat > "$ROOT$sysconfdir/default/xencommons" <<EOT
# sandbox settings written by tests/etc/xencommons.sh
XENSTORED=$XSD
XENSTORED_ARGS="--state-dir $ROOT/var/lib/xenstored -L $LOGDIR/xenstored.log"
XENSTORED_TRACE=yes
XENSTORED_MAX_OPEN_FDS=512
XENSTORED_TIMEOUT=10
XENSTORE_READ="$XSCLI read"
XENSTORE_WRITE="$XSCLI write"
MODPROBE=true
EOT

xc status; rc=$?
[ $rc -eq 3 ] || fail "status before start: exit $rc, want 3"
xc start || fail "start: exit $?"
[ -s "$PIDFILE" ] || fail "no pid file $PIDFILE"
pid=$(cat "$PIDFILE"); pids=$pid
kill -0 "$pid" 2>/dev/null || fail "pid $pid from the pid file is not running"
[ "$(cat /proc/$pid/comm 2>/dev/null)" = xenstored ] || fail "pid $pid is not xenstored"
[ -S "$RUNDIR/socket" ] || fail "no socket in $RUNDIR"
[ "$(stat -c %a "$ROOT$localstatedir/run/xen")" = 700 ] || fail "run dir mode"
n=$(awk '/^Max open files/ {print $4}' /proc/$pid/limits 2>/dev/null)
[ "$n" = 512 ] || fail "open files limit of xenstored: $n, want 512"
xc status || fail "status while running: exit $?"
grep -q "running (pid $pid)" "$ROOT/out" || fail "status output: $(cat "$ROOT/out")"

xc start || fail "second start: exit $?"
grep -q "already running" "$ROOT/out" || fail "second start did not notice the daemon"
[ "$(cat "$PIDFILE")" = "$pid" ] || fail "second start replaced the daemon"

# dom0 named in the store, then a write and a read through the daemon.
v=$("$XSCLI" read /local/domain/0/name) || fail "read dom0 name"
[ "$v" = Domain-0 ] || fail "dom0 name: '$v'"
"$XSCLI" write /xencommons/test "hello world" || fail "xenstore-write"
v=$("$XSCLI" read /xencommons/test) || fail "xenstore-read"
[ "$v" = "hello world" ] || fail "read back '$v'"
[ -s "$LOGDIR/xenstored-trace.log" ] || fail "XENSTORED_TRACE=yes: no trace file"

# restart: a new daemon that kept the store (cxen's xenstored persists it).
xc restart || fail "restart: exit $?"
pid2=$(cat "$PIDFILE"); pids="$pids $pid2"
[ "$pid2" != "$pid" ] || fail "restart kept pid $pid"
kill -0 "$pid" 2>/dev/null && fail "old xenstored $pid still running after restart"
v=$("$XSCLI" read /xencommons/test) || fail "read after restart"
[ "$v" = "hello world" ] || fail "after restart: '$v'"

xc stop || fail "stop: exit $?"
kill -0 "$pid2" 2>/dev/null && fail "xenstored $pid2 still running after stop"
[ -e "$PIDFILE" ] && fail "pid file left after stop"
[ -e "$RUNDIR/socket" ] && fail "socket left after stop"
xc status; rc=$?
[ $rc -eq 3 ] || fail "status after stop: exit $rc, want 3"
xc stop || fail "stop when stopped: exit $?"

# stop + start within a boot keeps the store; after a reboot (another boot
# id) the first start begins empty: the init path passes --reset-state=boot.
xc start || fail "start after stop: exit $?"
pids="$pids $(cat "$PIDFILE")"
v=$("$XSCLI" read /xencommons/test) || fail "read after stop + start"
[ "$v" = "hello world" ] || fail "after stop + start: '$v'"
xc stop || fail "stop: exit $?"
echo 22222222-bbbb-4bbb-8bbb-222222222222 > "$ROOT/proc/sys/kernel/random/boot_id"
xc start || fail "start after a reboot: exit $?"
pids="$pids $(cat "$PIDFILE")"
"$XSCLI" read /xencommons/test >/dev/null 2>&1 && fail "the store of an earlier boot came back"
v=$("$XSCLI" read /local/domain/0/name) || fail "read dom0 name after a reboot"
[ "$v" = Domain-0 ] || fail "dom0 name after a reboot: '$v'"
grep -q "state of an earlier boot discarded" "$LOGDIR/xenstored.log" ||
    fail "discarding not logged"
xc stop || fail "stop: exit $?"

# A stale pid file: status says dead (1), start replaces it.
echo 999999999 > "$PIDFILE"
xc status; rc=$?
[ $rc -eq 1 ] || fail "status with a stale pid file: exit $rc, want 1"
xc start || fail "start over a stale pid file: exit $?"
pid3=$(cat "$PIDFILE"); pids="$pids $pid3"
kill -0 "$pid3" 2>/dev/null || fail "not started over a stale pid file"
xc stop || fail "stop: exit $?"
kill -0 "$pid3" 2>/dev/null && fail "xenstored $pid3 still running after stop"

xc reload; rc=$?
[ $rc -eq 3 ] || fail "reload: exit $rc, want 3"
xc bogus; rc=$?
[ $rc -eq 2 ] || fail "unknown verb: exit $rc, want 2"

# Not on Xen (no /proc/xen): start does nothing and succeeds.
mkdir -p "$ROOT.noxen$sysconfdir/default"
cp "$ROOT$sysconfdir/default/xencommons" "$ROOT.noxen$sysconfdir/default/"
XENCOMMONS_ROOT=$ROOT.noxen $SHELL "$XC" start >"$ROOT/out" 2>&1 || fail "start without /proc/xen: exit $?"
[ -e "$ROOT.noxen$localstatedir/run/xen/xenstored.pid" ] && fail "started without /proc/xen"
XENCOMMONS_ROOT=$ROOT.noxen $SHELL "$XC" status >"$ROOT/out" 2>&1; rc=$?
[ $rc -eq 3 ] || fail "status without /proc/xen: exit $rc, want 3"

# A domU (capabilities without control_d): nothing started.
mkdir -p "$ROOT.domu/proc/xen" "$ROOT.domu$sysconfdir/default"
: > "$ROOT.domu/proc/xen/capabilities"
cp "$ROOT$sysconfdir/default/xencommons" "$ROOT.domu$sysconfdir/default/"
XENCOMMONS_ROOT=$ROOT.domu $SHELL "$XC" start >"$ROOT/out" 2>&1 || fail "start in a domU: exit $?"
[ -e "$ROOT.domu$localstatedir/run/xen/xenstored.pid" ] && fail "started in a domU"
echo "PASS: xencommons start/status/restart/stop in a sandbox"
exit 0
