#!/bin/bash
# dom0-bad.sh - a dom0 the hypervisor cannot build is refused with one clear
# line and the machine powers off: a truncated kernel module, an ELF
# kernel without the PVH entry note (the hypervisor's own xen-syms), and
# dom0_mem= larger than the machine.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"
cx_kernel || exit 1
mkdir -p "$CX_WORKDIR" || exit 1
short=$CX_WORKDIR/dom0-bad-short.bin
head -c 1M "$CX_VMLINUZ" > "$short" || exit 1
cx_on_exit "rm -f '$short'"
xen_syms=$(dirname "$XEN_IMAGE")/xen-syms
[ -f "$xen_syms" ] || cx_die "no $xen_syms"

CX_QEMU_MEM=1024
cmdline="console=com1 loglvl=all"
rc=0

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "$cmdline"
	-initrd "$short console=hvc0")
cx_run_qemu --expect-exit dom0-bad-truncated 120 \
	"(XEN) *** Building a PVH Dom0 ***" \
	"(XEN) dom0: kernel module is truncated" \
	"(XEN) Powering off." || rc=1

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "$cmdline"
	-initrd "$xen_syms console=hvc0")
cx_run_qemu --expect-exit dom0-bad-nopvh 120 \
	"(XEN) *** Building a PVH Dom0 ***" \
	"(XEN) dom0: kernel has no PVH entry point (XEN_ELFNOTE_PHYS32_ENTRY)" \
	"(XEN) Powering off." || rc=1

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "$cmdline dom0_mem=4096M"
	-initrd "$CX_VMLINUZ console=hvc0")
cx_run_qemu --expect-exit dom0-bad-mem 180 \
	"(XEN) *** Building a PVH Dom0 ***" \
	"(XEN) dom0: dom0_mem=4096M exceeds available memory (*M free)" \
	"(XEN) Powering off." || rc=1
exit $rc
