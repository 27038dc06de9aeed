#!/bin/sh
# Benchmark: parse and print (xl -N create) a generated 10000-line config
# with many disks and vifs, ours and Debian's xl (xl-oracle) side by side.
set -u
: "${top_builddir:=.}"
XL=${XL:-$top_builddir/tools/xl/xl}
ORACLE=${XL_ORACLE:-/work/shared/tools/xl-oracle/xl-oracle}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cfg=$dir/big.cfg
{
	echo 'name = "bench"'; echo 'type = "pvh"'; echo 'kernel = "/k"'
	echo 'uuid = "6f1c2c5e-3a4b-4c5d-8e9f-0a1b2c3d4e5f"'
	echo 'disk = ['
	i=0; while [ $i -lt 4990 ]; do
		echo "  'format=raw, vdev=xvd$(printf '%x' $i), access=rw, target=/srv/d$i.img',"
		i=$((i + 1)); done
	echo ']'; echo 'vif = ['
	i=0; while [ $i -lt 4990 ]; do
		printf "  'mac=00:16:3e:%02x:%02x:01,bridge=xenbr0',\n" $((i / 256)) $((i % 256))
		i=$((i + 1)); done
	echo ']'
} >"$cfg"
echo "config: $(wc -l <"$cfg") lines"
run() {	# label, command...
	label=$1; shift
	start=$(date +%s.%N)
	"$@" >"$dir/$label.json" 2>/dev/null || echo "$label: exit $?"
	end=$(date +%s.%N)
	printf '%-8s %8.3f s  %s bytes of JSON\n' "$label" \
	    "$(echo "$end - $start" | bc)" "$(wc -c <"$dir/$label.json")"
}
XL_CONF=/dev/null run ours "$XL" -N create "$cfg"
if [ -x "$ORACLE" ]; then
	run debian "$ORACLE" -N create "$cfg"
	cmp -s "$dir/ours.json" "$dir/debian.json" && echo "outputs identical" || echo "outputs differ"
else
	echo "xl-oracle not available: only our figure is shown"
fi
