#!/bin/sh
# XenStore benchmark: our xenstored against Debian's C xenstored (started
# through xenstored-peer/xs-peer.sh of the shared tools when present), same
# load generator (tests/xenstore/xs-load), printed side by side.  The "null"
# column is tests/xenstore/xs-null, a server that stores nothing and answers
# at once: null/C is the most any daemon could gain over C with these
# clients on this machine, where socket round trips are the floor.
#   top_builddir=... sh tests/bench/xenstore.sh      (or: make bench)
# SECONDS_PER_TEST (default 2) sets each measurement's length.
# The peer script: $CX_XENSTORED_PEER (or the older $XS_PEER), else
# xenstored-peer/xs-peer.sh under ../shared/tools next to the source tree,
# else under /work/shared/tools.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=$(cd "$here/../.." && pwd)
top_builddir=${top_builddir:-$top_srcdir}
LOAD=$top_builddir/tests/xenstore/xs-load
NULLD=$top_builddir/tests/xenstore/xs-null
XSD=$top_builddir/tools/xenstored/xenstored
PEER=${CX_XENSTORED_PEER:-${XS_PEER:-}}
if [ -z "$PEER" ]; then
    for p in "$top_srcdir/../shared/tools" /work/shared/tools; do
        PEER=$p/xenstored-peer/xs-peer.sh
        [ -x "$PEER" ] && break
    done
fi
T=${SECONDS_PER_TEST:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/xsbench.XXXXXX")
ourpid=
nullpid=

stop_pid() {
    kill "$1" 2>/dev/null && wait "$1" 2>/dev/null
}

cleanup() {
    [ -n "$ourpid" ] && stop_pid "$ourpid"
    [ -n "$nullpid" ] && stop_pid "$nullpid"
    [ -x "$PEER" ] && [ -f "$work/c/pid" ] && "$PEER" stop "$work/c" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

for b in "$LOAD" "$NULLD" "$XSD"; do
    [ -x "$b" ] || { echo "build first: $b missing"; exit 1; }
done

wait_socket() {
    while [ ! -S "$1" ]; do sleep 0.05; done
}

start_ours() {
    mkdir -p "$work/o"
    rm -f "$work/o/socket"
    XENSTORED_RUNDIR=$work/o "$XSD" -N --state-dir "$work/o/state" -L "$work/o/log" \
        </dev/null >/dev/null 2>&1 &
    ourpid=$!
    wait_socket "$work/o/socket"
}

stop_ours() {
    stop_pid "$ourpid"; ourpid=
    rm -rf "$work/o"
}

# Say exactly why the C column is empty when it is.
have_c=no
XENBIN=${XENBIN:-/usr/lib/xen-4.17/bin}
if [ ! -x "$PEER" ]; then
    echo "C xenstored peer unavailable: no xs-peer.sh (tried ${CX_XENSTORED_PEER:-${XS_PEER:-$top_srcdir/../shared/tools and /work/shared/tools}}; set CX_XENSTORED_PEER)"
elif [ ! -x "$XENBIN/xenstored" ]; then
    echo "C xenstored peer unavailable: $XENBIN/xenstored missing (apt-get install xen-utils-4.17)"
elif "$PEER" start c "$work/c" > "$work/peer.log" 2>&1; then
    have_c=yes
    echo "C xenstored peer: $PEER"
else
    echo "C xenstored peer unavailable: $PEER start failed:"
    sed 's/^/  /' "$work/peer.log" | tail -5
fi
[ $have_c = yes ] || echo "(ours only: the C and ratio columns stay '-')"

rss_kb() {
    awk '/VmRSS/ {print $2}' "/proc/$1/status"
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "-" }'
}

row() {
    printf '%-10s %7s %10s %10s %10s %7s %7s\n' "$@"
}

start_ours
"$NULLD" "$work/null.sock" &
nullpid=$!
wait_socket "$work/null.sock"
row test clients "ours op/s" "C op/s" "null op/s" ours/C null/C
for test in write read dir1000 tx10 watch; do
    for n in 1 8; do
        o=$("$LOAD" "$work/o/socket" "$test" "$n" "$T")
        c=-
        [ $have_c = yes ] && c=$("$LOAD" "$work/c/socket" "$test" "$n" "$T")
        z=$("$LOAD" "$work/null.sock" "$test" "$n" "$T")
        row "$test" "$n" "$o" "$c" "$z" "$(ratio "$o" "$c")" "$(ratio "$z" "$c")"
    done
done
stop_pid "$nullpid"; nullpid=
stop_ours

# Memory: RSS growth for 100000 nodes (10-byte values) in a fresh daemon.
start_ours
r0=$(rss_kb "$ourpid"); "$LOAD" "$work/o/socket" fill 100000; r1=$(rss_kb "$ourpid")
ours_mem=$((r1 - r0))
stop_ours
c_mem=-
if [ $have_c = yes ]; then
    "$PEER" stop "$work/c" >/dev/null 2>&1
    rm -rf "$work/c"
    "$PEER" start c "$work/c" >/dev/null 2>&1
    cpid=$(cat "$work/c/pid")
    r0=$(rss_kb "$cpid"); "$LOAD" "$work/c/socket" fill 100000; r1=$(rss_kb "$cpid")
    c_mem=$((r1 - r0))
fi
per_node() { case "$1" in -) echo - ;; *) echo $(( $1 * 1024 / 100000 )) ;; esac; }
row "RSS kB" 100000 "$ours_mem" "$c_mem" - "$(ratio "$ours_mem" "$c_mem")" -
row "B/node" "" "$(per_node "$ours_mem")" "$(per_node "$c_mem")" - - -
echo "(ops/s: one request in flight per client; null = xs-null, which stores"
echo " nothing, so null/C bounds what any daemon can reach here."
echo " RSS kB = resident memory added by 100000 nodes of 10 bytes, ours/C:"
echo " lower is better; ours runs with its journal on)"
