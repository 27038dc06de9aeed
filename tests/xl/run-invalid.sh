#!/bin/sh
# Run `xl -N create` on every invalid/*.cfg: stderr must equal NAME.err and
# the exit code NAME.rc (NAME.args: KEY=VALUE overrides).  Expected files
# come from Debian's xl 4.17, except where README says we differ on purpose.
set -u
: "${XL:=../../tools/xl/xl}" "${srcdir:=.}"
export XL_CONF=/dev/null XL_HOST_CPUS=8
out=${TMPDIR:-/tmp}/xl-invalid.$$
trap 'rm -f "$out"' EXIT
pass=0 fail=0
cd "$srcdir/invalid" || exit 1
for cfg in *.cfg; do
	name=${cfg%.cfg}
	args=
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# shellcheck disable=SC2086
	"$XL" -N create "$cfg" $args >/dev/null 2>"$out"
	rc=$?
	if [ "$rc" = "$(cat "$name.rc")" ] && cmp -s "$out" "$name.err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $cfg (exit $rc, want $(cat "$name.rc"))"
		diff -u "$name.err" "$out" | head -10
	fi
done
echo "invalid configs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
