#!/bin/bash
# linux-initramfs.sh - the harness itself: a Debian kernel, booted directly
# by QEMU (no hypervisor), runs an initramfs from cx_build_initramfs: busybox
# init, a dynamically linked binary of ours with its libraries, and Xen
# kernel modules whose dependencies modprobe resolves; then powers off.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
cx_kernel || exit 1
initrd=$CX_WORKDIR/linux-initramfs.cpio.gz
cx_build_initramfs "$initrd" --init "$CX_SYSTEM_SRCDIR/init/basic" \
	--bin "$CX_MARKERS" --kmod xen-evtchn --kmod xenfs || exit 1

CX_QEMU_ARGS=(-kernel "$CX_VMLINUZ" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 loglevel=4")
# Without Xen underneath, the modules are found but refuse to load.
cx_run_qemu --expect-exit linux-initramfs 240 \
	"cx-init: started, kernel $CX_KVER" \
	"cx-init: *load* xen-evtchn" \
	"cx-init: xenfs: insmod xen-privcmd.ko" \
	"cx-init: *load* xenfs" \
	"cx-init: cx-markers (cxen) $PACKAGE_VERSION$" \
	"cx-init: powering off"
