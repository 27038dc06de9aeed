#!/bin/bash
# Benchmark: wall time from QEMU's start to dom0's /init, and the cost of
# 100000 xen_version hypercalls through /dev/xen/privcmd, for our hypervisor
# and, in the same run, for Debian's Xen 4.17 booting the same Debian kernel
# and initramfs as a PVH dom0 under the same QEMU.  Xen needs an IOMMU
# (-machine q35 -device amd-iommu) and -cpu max,-rdtscp there; ours runs on
# the default machine.  Prints both and the ratio (target: ours <= 0.7x).
set -u
export CX_TEST_NAME=bench-dom0
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"
cx_kernel >/dev/null || exit 1
initrd=$CX_WORKDIR/bench-dom0.cpio.gz
cx_dom0_initramfs "$initrd" >/dev/null || exit 1
dom0_cmdline="console=hvc0 cx.bench=100000"

# boot LABEL TIMEOUT QEMU-ARGS...: prints "LABEL INIT_S HCALL_US" or
# "LABEL failed"; the serial log stays in $CX_LOGDIR/bench-LABEL.log.
boot() {
	local label=$1 timeout=$2 log t0 init= now pid us
	shift 2
	log=$CX_LOGDIR/bench-$label.log
	: >"$log"
	t0=$(date +%s.%N)
	"$CX_QEMU" -accel tcg -nodefaults -display none -no-reboot \
		-serial "file:$log" "$@" </dev/null >"$log.qemu" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		now=$(date +%s.%N)
		if [ -z "$init" ] && grep -q 'cx-dom0: init started' "$log"; then
			init=$(echo "$now - $t0" | bc)
		fi
		grep -q 'cx-dom0: powering off' "$log" && break
		[ "$(echo "$now - $t0 > $timeout" | bc)" = 1 ] && break
		sleep 0.05
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	us=$(tr -d '\r' <"$log" |
		sed -n 's/.*xen_version hypercalls in .* (\([0-9.]*\) us each).*/\1/p')
	if [ -z "$init" ] || [ -z "$us" ]; then
		echo "$label failed"
		tr -d '\r' <"$log" | tail -n 15 >&2
		return
	fi
	echo "$label $init $us"
}

ours=$(boot cxen 300 -cpu max -m 1024 -smp 1 -kernel "$XEN_IMAGE" \
	-append "console=com1 dom0_mem=512M dom0_max_vcpus=1" \
	-initrd "$CX_VMLINUZ $dom0_cmdline,$initrd")

# Debian's Xen 4.17: the multiboot ELF inside xen-hypervisor-4.17-amd64.
ref="Xen 4.17 not available"
if xroot=$(cx_fetch_deb xen-hypervisor-4.17-amd64 2>/dev/null); then
	xgz=$(ls "$xroot"/boot/xen-4.17*-amd64.gz 2>/dev/null | head -n 1)
	xelf=$CX_WORKDIR/xen-4.17.elf
	[ -n "$xgz" ] && gzip -dc "$xgz" >"$xelf"
	[ -s "$xelf" ] && ref=$(boot xen-4.17 600 -cpu max,-rdtscp -machine q35 \
		-device amd-iommu -m 1024 -smp 1 -kernel "$xelf" \
		-append "console=com1 com1=115200,8n1 dom0=pvh dom0_mem=512M,max:512M dom0_max_vcpus=1 noreboot" \
		-initrd "$CX_VMLINUZ $dom0_cmdline,$initrd")
fi

printf '%-10s %22s %24s\n' "" "QEMU start -> dom0 init" "xen_version via privcmd"
for r in "$ours" "$ref"; do
	set -- $r
	if [ $# -eq 3 ]; then
		printf '%-10s %20.2f s %21.2f us\n' "$1" "$2" "$3"
	else
		echo "$r"
	fi
done
set -- $ours
o_init=${2:-}; o_us=${3:-}
set -- $ref
if [ -n "$o_us" ] && [ $# -eq 3 ]; then
	printf 'ratio (ours / Xen 4.17): boot %.2fx, hypercall %.2fx (target <= 0.70x)\n' \
		"$(echo "$o_init / $2" | bc -l)" "$(echo "$o_us / $3" | bc -l)"
fi
exit 0
