#!/bin/sh
# `xl help`, `xl help CMD` and `xl CMD -h`: stdout and exit code must equal
# help/NAME.out and help/NAME.rc, made with Debian's xl 4.17 (xl-oracle)
# from the arguments in help/NAME.args.
set -u
: "${XL:=../../tools/xl/xl}" "${srcdir:=.}"
export XL_CONF=/dev/null
out=${TMPDIR:-/tmp}/xl-help.$$
trap 'rm -f "$out"' EXIT
pass=0 fail=0
cd "$srcdir/help" || exit 1
for a in *.args; do
	name=${a%.args}
	# shellcheck disable=SC2046
	"$XL" $(cat "$a") >"$out" 2>/dev/null
	rc=$?
	if [ "$rc" = "$(cat "$name.rc")" ] && cmp -s "$out" "$name.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: xl $(cat "$a") (exit $rc, want $(cat "$name.rc"))"
		diff -u "$name.out" "$out" | head -10
	fi
done
echo "help texts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
