#!/bin/sh
# Bounded libFuzzer run over xenstored's request handling (FUZZ_SECONDS,
# default 20; `make fuzz` runs 600).  Skipped without clang's libFuzzer.
. "$srcdir/common.sh"
CLANG=${CLANG:-/usr/bin/clang}
[ -x "$CLANG" ] || { echo "clang not found: skipped"; exit 77; }
d=$top_srcdir/tools/xenstored
bin=$XSDIR/fuzz-xsd
if ! "$CLANG" -std=gnu11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
    -I"$top_srcdir/tools/libxenstore/include" -I"$d" -o "$bin" \
    "$srcdir/fuzz-xsd.c" "$d/dispatch.c" "$d/store.c" "$d/tx.c" "$d/perms.c" \
    "$d/watch.c" "$d/conn.c" "$d/domain.c" "$d/ring.c" "$d/xendev.c" "$d/journal.c" \
    "$d/control.c" 2>"$XSDIR/cc.log"; then
    echo "libFuzzer unavailable: skipped"; head -3 "$XSDIR/cc.log"; exit 77
fi
mkdir -p "$XSDIR/corpus"
# Seeds: a few valid requests (header + payload) in native byte order.
printf '\002\000\000\000\001\000\000\000\000\000\000\000\002\000\000\000/\000' > "$XSDIR/corpus/read"
printf '\013\000\000\000\001\000\000\000\000\000\000\000\006\000\000\000/a/b\000x' > "$XSDIR/corpus/write"
printf '\006\000\000\000\001\000\000\000\000\000\000\000\001\000\000\000\000' > "$XSDIR/corpus/txstart"
"$bin" -max_total_time="${FUZZ_SECONDS:-20}" -max_len=8192 -rss_limit_mb=1024 \
    "$XSDIR/corpus" > "$XSDIR/fuzz.log" 2>&1 || {
    tail -30 "$XSDIR/fuzz.log"; fail "fuzzer found a problem"; }
grep -E '^Done|stat::number_of_executed_units' "$XSDIR/fuzz.log" | tail -1
exit 0
