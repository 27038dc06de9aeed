#!/bin/sh
# Run `xl -N create` on every valid and invalid config under valgrind: no
# memory error and no leaked block of any kind.  Skipped (77) without
# valgrind.
set -u
: "${XL:=../../tools/xl/xl}" "${srcdir:=.}"
export XL_CONF=/dev/null XL_HOST_CPUS=8
command -v valgrind >/dev/null 2>&1 || { echo "no valgrind: skipped"; exit 77; }
log=${TMPDIR:-/tmp}/xl-valgrind.$$
trap 'rm -f "$log"' EXIT
pass=0 fail=0
for dir in configs invalid; do
	cd "$srcdir/$dir" || exit 1
	for cfg in *.cfg; do
		args=
		[ -f "${cfg%.cfg}.args" ] && args=$(cat "${cfg%.cfg}.args")
		# shellcheck disable=SC2086
		valgrind -q --leak-check=full --show-leak-kinds=all \
		    --errors-for-leak-kinds=all --error-exitcode=99 \
		    "$XL" -N create "$cfg" $args >/dev/null 2>"$log"
		if [ $? -eq 99 ]; then
			fail=$((fail + 1))
			echo "FAIL: $dir/$cfg"
			head -30 "$log"
		else
			pass=$((pass + 1))
		fi
	done
	cd - >/dev/null || exit 1
done
echo "valgrind: $pass clean, $fail with errors"
[ "$fail" -eq 0 ]
