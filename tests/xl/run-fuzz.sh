#!/bin/sh
# Build the libFuzzer target over the xl.cfg parser and domain model with
# clang and run it for FUZZ_SECONDS (20 in make check).  Exit 77 (skip) when
# clang with libFuzzer is not available.
set -u
: "${CLANG:=clang}" "${srcdir:=.}" "${top_srcdir:=../..}" "${builddir:=.}"
: "${FUZZ_SECONDS:=20}"
lib=$top_srcdir/tools/libxlcfg
out=$builddir/fuzz_xlcfg
gen=$builddir/../../tools/libxlcfg
command -v "$CLANG" >/dev/null 2>&1 || { echo "no clang: skipped"; exit 77; }
[ -f "$gen/cfg_gram.c" ] || gen=$lib
flags="-g -O1 -fsanitize=fuzzer,address,undefined -I$builddir/../.. -I$lib -I$gen"
# shellcheck disable=SC2086
if ! "$CLANG" $flags $(pkg-config --cflags yajl uuid) -o "$out" \
	"$srcdir/fuzz_xlcfg.c" "$lib/cfg.c" "$lib/dom_parse.c" "$lib/dom_extra.c" "$lib/dom_devices.c" "$lib/dom_vsnd.c" "$lib/dom_keys.c" "$lib/dom_free.c" "$lib/dom_json.c" \
	"$lib/specs.c" "$gen/cfg_gram.c" "$gen/cfg_lex.c" \
	$(pkg-config --libs yajl uuid) 2>"$builddir/fuzz-build.log"; then
	echo "clang cannot build a libFuzzer target: skipped"
	cat "$builddir/fuzz-build.log"
	exit 77
fi
corpus=$builddir/fuzz-corpus
mkdir -p "$corpus"
cp "$srcdir"/configs/*.cfg "$srcdir"/invalid/*.cfg "$corpus"/ 2>/dev/null
# LeakSanitizer is on: the parser and the model must free all they allocate.
ASAN_OPTIONS=detect_leaks=1 "$out" -max_total_time="$FUZZ_SECONDS" -detect_leaks=1 -max_len=4096 \
	"$corpus" >"$builddir/fuzz-run.log" 2>&1
rc=$?
tail -3 "$builddir/fuzz-run.log"
exit $rc
