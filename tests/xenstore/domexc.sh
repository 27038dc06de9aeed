#!/bin/sh
# VIRQ_DOM_EXC through the test backend (FIFO DIR/virq-3, DIR/state-<domid>):
# @releaseDomain fires only when a domain changed; a shut-down domain stays
# introduced, a dying or vanished one is released as by RELEASE.
. "$srcdir/common.sh"
xs_start
R="$XSDIR/rings"
"$XSRAW" -r "$R" 1 || fail "cannot create ring 1"
"$XSRAW" -r "$R" 2 || fail "cannot create ring 2"
out=$("$XSRAW" "INTRODUCE 1|100|7|" "INTRODUCE 2|100|8|")
expect "$out" "INTRODUCE OK|
INTRODUCE OK|" "introduce"
[ -p "$R/virq-3" ] || fail "the test backend made no VIRQ_DOM_EXC FIFO"
# A transaction of dom2, which its release must drop.
out=$("$XSRAW" -r "$R" 2 "TRANSACTION_START |")
expect "$out" "TRANSACTION_START 1|" "dom2 transaction"

# The watcher prints every event in order; each step below ends with a
# write to /marker/<step>, so its output shows what each VIRQ fired.  The
# marker is written once the VIRQ is in the FIFO, and the daemon serves the
# FIFO no later than the marker's request, so an event comes before it.
"$XSRAW" "WATCH @releaseDomain|r|" "+1" "WATCH /marker|m|" "+1" "WRITE /ready|1" \
    "+17" >"$XSDIR/events" 2>&1 &
WPID=$!
i=0
until [ "$("$XSRAW" "READ /ready|")" = "READ 1" ]; do
    i=$((i + 1))
    [ $i -gt 100 ] && fail "watcher did not start"
    sleep 0.05
done

# step NAME [STATE-DOMID STATE]: set a domain's state, raise the VIRQ, mark.
step() {
    [ $# -gt 1 ] && printf '%s\n' "$3" >"$R/state-$2"
    printf x >"$R/virq-3"
    out=$("$XSRAW" "WRITE /marker/$1|")
    expect "$out" "WRITE OK|" "marker $1"
}
introduced() {
    "$XSRAW" "IS_DOMAIN_INTRODUCED 1|" "IS_DOMAIN_INTRODUCED 2|" | tr -d '\n'
}

step idle
step shutdown 2 shutdown
expect "$(introduced)" "IS_DOMAIN_INTRODUCED T|IS_DOMAIN_INTRODUCED T|" \
    "a shut-down domain stays introduced"
step again
step dying 2 dying
expect "$(introduced)" "IS_DOMAIN_INTRODUCED T|IS_DOMAIN_INTRODUCED F|" \
    "a dying domain is released"
step crashed 1 crashed
step crashed-again
# RESUME forgets the shutdown: the next VIRQ reports it again.
expect "$("$XSRAW" "RESUME 1|")" "RESUME OK|" "resume"
step resumed
# A state the backend cannot tell: fire, release nothing.
step bogus 1 bogus
grep -q "dom1: state unknown" "$XSDIR/log" || fail "unknown state not logged"
expect "$(introduced)" "IS_DOMAIN_INTRODUCED T|IS_DOMAIN_INTRODUCED F|" \
    "unknown state keeps the domain"
step gone 1 gone
expect "$(introduced)" "IS_DOMAIN_INTRODUCED F|IS_DOMAIN_INTRODUCED F|" \
    "a vanished domain is released"
step after
wait "$WPID"
expect "$(cat "$XSDIR/events")" "WATCH OK|
WATCH_EVENT @releaseDomain|r|
WATCH OK|
WATCH_EVENT /marker|m|
WRITE OK|
WATCH_EVENT /marker/idle|m|
WATCH_EVENT @releaseDomain|r|
WATCH_EVENT /marker/shutdown|m|
WATCH_EVENT /marker/again|m|
WATCH_EVENT @releaseDomain|r|
WATCH_EVENT /marker/dying|m|
WATCH_EVENT @releaseDomain|r|
WATCH_EVENT /marker/crashed|m|
WATCH_EVENT /marker/crashed-again|m|
WATCH_EVENT @releaseDomain|r|
WATCH_EVENT /marker/resumed|m|
WATCH_EVENT @releaseDomain|r|
WATCH_EVENT /marker/bogus|m|
WATCH_EVENT @releaseDomain|r|
WATCH_EVENT /marker/gone|m|
WATCH_EVENT /marker/after|m|
TIMEOUT" "events"

# dom2 comes back (a new domain with the same id): its old connection,
# and the transaction it had, are gone.
rm -f "$R/state-2"
out=$("$XSRAW" "INTRODUCE 2|100|8|" "IS_DOMAIN_INTRODUCED 2|")
expect "$out" "INTRODUCE OK|
IS_DOMAIN_INTRODUCED T|" "reintroduce"
out=$("$XSRAW" -r "$R" 2 "TRANSACTION_END@1 T|" "GET_DOMAIN_PATH 2|")
expect "$out" "ERROR ENOENT|
GET_DOMAIN_PATH /local/domain/2|" "transaction dropped"
xs_alive || fail "daemon died"
exit 0
