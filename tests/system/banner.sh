#!/bin/bash
# banner.sh - the hypervisor boots from QEMU -kernel (multiboot1) with a
# Debian kernel and an initramfs as its two modules, prints its banner, boot
# protocol, command line, memory map and modules, and powers the machine off
# (QEMU then exits by itself); selftest=boot keeps the modules from becoming
# dom0 (dom0.sh boots them).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"
cx_kernel || exit 1
initrd=$CX_WORKDIR/banner.cpio.gz
cx_build_initramfs "$initrd" --init "$CX_SYSTEM_SRCDIR/init/basic" \
	--bin "$CX_MARKERS" \
	--kmod xen-evtchn --kmod xen-privcmd --kmod xen-gntdev --kmod xenfs || exit 1

cmdline="console=com1 com1=115200,8n1 loglvl=all selftest=boot"
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "$cmdline"
	-initrd "$CX_VMLINUZ console=hvc0,$initrd")
cx_run_qemu --expect-exit banner 120 \
	"(XEN) cxen version $(cx_marker_quote "$PACKAGE_VERSION") (Xen-compatible hypervisor)" \
	"(XEN) Bootloader:" \
	"(XEN) Boot protocol: multiboot1" \
	"(XEN) Command line: $(cx_marker_quote "$cmdline")$" \
	"(XEN) Running in 64-bit long mode" \
	"(XEN) Xen-e820 RAM map:" \
	"(XEN)  [0000000000000000," \
	"(XEN) Modules: 2" \
	"(XEN)  Module 1:*console=hvc0$" \
	"(XEN)  Module 2:" \
	"(XEN) Powering off."
