#!/bin/sh
# Debian's xenstore-utils against our daemon, with Debian's libxenstore and
# with ours first in LD_LIBRARY_PATH, and our own xenstore-* commands: all
# must print what Xen's tools print against Xen's daemon (clients.exp).
. "$srcdir/common.sh"

# Run one client command: x NAME ARGS...
x() {
    name=$1; shift
    t=
    [ "$name" = watch ] && t="timeout 10"    # never hang on a lost event
    if [ "$variant" = ours ]; then
        $t "$XSCLI" "$name" "$@"
    else
        $t "/usr/bin/xenstore-$name" "$@"
    fi
}

usage_fix="s/Usage: [^ ]*xenstore-\\([a-z]*\\) /Usage: xenstore-\\1 /"

transcript() {
    x write /c/a 1 /c/b 'tab\there' /c/d/e/f deep /c/raw '\x41\101\\\q' 2>&1; echo "rc=$?"
    x read /c/a /c/b /c/raw 2>&1; echo "rc=$?"
    x read -p /c/a 2>&1; echo "rc=$?"
    x read -R /c/b 2>&1 | od -An -c; echo "rc=$?"
    x read /c/a /c/none /c/a 2>&1; echo "rc=$?"
    x write /c/long "$(printf '%0100d' 0)" /c/"$(printf '%080d' 0)" v 2>&1
    x chmod /c/a n0 r1 w2 b3 2>&1; echo "rc=$?"
    x chmod -r /c/d b5 2>&1; echo "rc=$?"
    x chmod /c/a x1 2>&1; echo "rc=$?"
    x chmod /c/none r1 2>&1; echo "rc=$?"
    x ls /c 2>&1; echo "rc=$?"
    x ls -p /c 2>&1; echo "rc=$?"
    x ls -f /c 2>&1; echo "rc=$?"
    x ls -f -p /c 2>&1; echo "rc=$?"
    x ls /c/none 2>&1; echo "rc=$?"
    x list /c 2>&1; echo "rc=$?"
    x list -p /c 2>&1; echo "rc=$?"
    x list /c/none 2>&1; echo "rc=$?"
    x exists /c/a 2>&1; echo "rc=$?"
    x exists /c/none 2>&1; echo "rc=$?"
    x rm /c/none 2>&1; echo "rc=$?"
    x rm /zz/none 2>&1; echo "rc=$?"
    x write /c/t/u/v 1 2>&1
    x rm -t /c/t/u/v 2>&1; echo "rc=$?"
    x exists /c/t 2>&1; echo "rc=$?"
    x chmod -u /c/d/e/f r7 2>&1; echo "rc=$?"
    x ls -f -p /c/d 2>&1
    x read 2>&1 | sed "$usage_fix"; echo "rc=$?"
    x write /c 2>&1 | sed "$usage_fix"; echo "rc=$?"
    x ls -h 2>&1 | sed "$usage_fix"; echo "rc=$?"
    x watch -n 2 /c/w > "$XSDIR/watch.out" 2>&1 &
    wpid=$!
    sleep 1
    x write /c/w/x 1
    wait $wpid; echo "watch rc=$?"
    cat "$XSDIR/watch.out"
    x rm /c 2>&1; echo "rc=$?"
}

xs_start
expected=$(cat "$srcdir/clients.exp")
variant=ours
expect "$(transcript)" "$expected" "our xenstore-* commands"
if [ -x /usr/bin/xenstore-read ]; then
    variant=debian
    expect "$(transcript)" "$expected" "Debian's clients against our daemon"
    expect "$(LD_LIBRARY_PATH=$OURLIB transcript)" "$expected" \
        "Debian's clients with our libxenstore"
    # Make sure the last run really used our library.
    LD_LIBRARY_PATH=$OURLIB ldd /usr/bin/xenstore-read | grep -q "$OURLIB" ||
        fail "Debian's xenstore-read did not pick up our libxenstore"
else
    echo "Debian's xenstore-utils not installed: only our commands tested"
fi
xs_alive || fail "daemon died"
exit 0
