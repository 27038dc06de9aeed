#!/bin/sh
# Benchmark: guest-visible cost of a CPUID exit and of a VMMCALL round trip
# (selftest=bench: mean TSC cycles of 1000 each, deterministic under QEMU
# -icount shift=0), and the wall time from QEMU's start to "hypervisor
# ready" (the "HVM: SVM with NPT enabled" line).
set -u
: "${top_builddir:=.}"
XEN=${XEN_IMAGE:-$top_builddir/xen/xen}
QEMU=${CX_QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null 2>&1 || { echo "SKIP: no $QEMU"; exit 0; }
[ -f "$XEN" ] || { echo "no hypervisor image $XEN"; exit 1; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
log=$dir/serial.log
: >"$log"
start=$(date +%s.%N)
"$QEMU" -accel tcg -icount shift=0 -cpu max -m 512 -nodefaults \
	-display none -no-reboot -serial "file:$log" \
	-kernel "$XEN" -append "console=com1 selftest=bench" </dev/null \
	>"$dir/qemu.log" 2>&1 &
pid=$!
ready=
i=0
while [ $i -lt 1200 ] && kill -0 $pid 2>/dev/null; do
	if [ -z "$ready" ] && grep -q 'HVM: SVM with NPT enabled' "$log"; then
		ready=$(date +%s.%N)
	fi
	grep -q 'selftest bench:' "$log" && break
	sleep 0.05
	i=$((i + 1))
done
kill $pid 2>/dev/null
wait $pid 2>/dev/null
tr -d '\r' <"$log" | sed -n 's/^(XEN) bench: /svm exits: /p'
tr -d '\r' <"$log" | grep -q 'selftest bench: PASS' ||
	{ echo "svm exits: benchmark guest failed"; tail -n 20 "$log"; exit 1; }
[ -n "$ready" ] && printf 'boot: %.2f s from QEMU start to hypervisor ready\n' \
	"$(echo "$ready - $start" | bc)"
exit 0
