#!/bin/bash
# dom0-console.sh - dom0's hvc0 is the serial console: a command typed on
# COM1 runs in dom0's shell (console_io read + VIRQ_CONSOLE); Ctrl-A three
# times hands input to the hypervisor's debug keys and back, as on Xen;
# `poweroff -f` in dom0 powers the host off, and `reboot -f` resets it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"
cx_kernel || exit 1
initrd=$CX_WORKDIR/dom0-console.cpio.gz
cx_build_initramfs "$initrd" --init "$CX_SYSTEM_SRCDIR/init/dom0" \
	--kmod xen-evtchn --kmod xenfs || exit 1

CX_QEMU_MEM=1024
xen_cmdline="console=com1 dom0_mem=512M"
ctrl_a3='\001\001\001'
rc=0

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "$xen_cmdline"
	-initrd "$CX_VMLINUZ console=hvc0 cx.mode=shell,$initrd")
cx_serial_input dom0-console \
	"cx-dom0: shell on hvc0" 'echo typed-$((6 * 7))\n' \
	"typed-42" "$ctrl_a3" \
	"(XEN) *** Serial input to Xen" 'q' \
	"event_sel " "$ctrl_a3" \
	"(XEN) *** Serial input to DOM0" 'poweroff -f\n'
cx_run_qemu --expect-exit dom0-console 300 \
	"(XEN) *** Serial input to DOM0 (type 'CTRL-a' three times to switch input)" \
	"cx-dom0: shell on hvc0" \
	"typed-42" \
	"(XEN) *** Serial input to Xen (type 'CTRL-a' three times to switch input)" \
	"(XEN) 'q' pressed -> " \
	"(XEN)   Domain 0: active " \
	"(XEN)     Notifying guest 0:0 (virq 1, port " \
	"0: masked=* event_sel " \
	"(XEN) *** Serial input to DOM0 (type 'CTRL-a' three times to switch input)" || rc=1

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "$xen_cmdline"
	-initrd "$CX_VMLINUZ console=hvc0 cx.mode=reboot,$initrd")
cx_run_qemu --expect-reset dom0-reboot 300 \
	"cx-dom0: init started" \
	"cx-dom0: rebooting" || rc=1
exit $rc
