#!/bin/sh
# Compare `xl -N create` on every configs/*.cfg with configs/*.json, byte for
# byte.  The expected files were made with Debian's xl 4.17 (xl-oracle).
# A NAME.args file holds KEY=VALUE overrides given on the command line; when
# a NAME.err file exists, stderr must equal it too (our own warnings, which
# xl 4.17 does not print); NAME.xlconf names an xl.conf in xlconf/ to use.
set -u
: "${XL:=../../tools/xl/xl}" "${srcdir:=.}"
export XL_CONF=/dev/null XL_HOST_CPUS=8
out=${TMPDIR:-/tmp}/xl-configs.$$
trap 'rm -f "$out" "$out.err"' EXIT
pass=0 fail=0
cd "$srcdir/configs" || exit 1
for cfg in *.cfg; do
	name=${cfg%.cfg}
	args=
	[ -f "$name.args" ] && args=$(cat "$name.args")
	XL_CONF=/dev/null
	[ -f "$name.xlconf" ] && XL_CONF=../xlconf/$(cat "$name.xlconf").conf
	export XL_CONF
	err=/dev/null
	[ -f "$name.err" ] && err=$out.err
	# shellcheck disable=SC2086
	if "$XL" -N create "$cfg" $args >"$out" 2>"$err" && cmp -s "$out" "$name.json" &&
	    { [ "$err" = /dev/null ] || cmp -s "$err" "$name.err"; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $cfg"
		diff -u "$name.json" "$out" | head -20
	fi
done
echo "configs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
