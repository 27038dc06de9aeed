#!/bin/bash
# fault.sh - deliberate hypervisor faults (selftest_fault=) print the CPU,
# the register dump and a stack trace with symbol names, then reboot after a
# delay (QEMU -no-reboot exits) or, with noreboot, halt; BUG_ON reports its
# file:line, writing to the hypervisor's own text faults (W^X), a stack
# overflow hits the guard page and ends as a double fault on its IST stack,
# an NMI is survived, and with -smp 2 the fatal path stops the other CPU by
# NMI.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 selftest_fault=pf")
cx_run_qemu fault-pf 120 \
	"(XEN) Triggering selftest fault 'pf'" \
	"(XEN) ----[ Xen-$(cx_marker_quote "$PACKAGE_VERSION")  x86_64 ]----" \
	"(XEN) CPU:    0" \
	"(XEN) RIP:    [<*>] fault_unmapped_write+0x*/0x" \
	"(XEN) rax: * rbx: * rcx: " \
	"(XEN) r15: * cr0: * cr4: " \
	"(XEN) Xen call trace" \
	"(XEN)    [<*>] __start_xen+0x" \
	"(XEN) FATAL TRAP: vector = 14 (page fault)" \
	"(XEN) [error_code=0002] faulting linear address: 0000400000000000" \
	"(XEN) Reboot in five seconds..." || exit 1

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 selftest_fault=bug noreboot")
cx_run_qemu fault-bug 120 \
	"(XEN) Xen BUG at *fault_selftest.c:" \
	"(XEN) CPU:    0" \
	"(XEN) RIP:    [<*>] fatal_bug_trap+0x" \
	"(XEN) Xen call trace" \
	"(XEN)    [<*>] fault_bug+0x" \
	"(XEN)    [<*>] selftest_fault_run+0x" \
	"(XEN) Manual reset required ('noreboot' specified)" || exit 1

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 selftest_fault=wx noreboot")
cx_run_qemu fault-wx 120 \
	"(XEN) RIP:    [<*>] fault_text_write+0x" \
	"(XEN) FATAL TRAP: vector = 14 (page fault)" \
	"(XEN) [error_code=0003] faulting linear address: " \
	"(XEN) Manual reset required ('noreboot' specified)" || exit 1

# Stack overflow into the guard page: the #PF cannot be delivered on the
# overflowed stack, so a double fault is reported from its IST stack.
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 selftest_fault=overflow noreboot")
cx_run_qemu fault-overflow 120 \
	"(XEN) RIP:    [<*>] fault_stack_overflow*+0x" \
	"(XEN)    [<*>] fault_stack_overflow*+0x" \
	"(XEN) FATAL TRAP: vector = 8 (double fault)" \
	"(XEN) Manual reset required ('noreboot' specified)" || exit 1

# With a second CPU, the fatal path stops it by NMI before halting.
CX_QEMU_ARGS=(-smp 2 -kernel "$XEN_IMAGE" -append "console=com1 selftest_fault=bug noreboot")
cx_run_qemu fault-bug-smp2 120 \
	"(XEN) Xen BUG at *fault_selftest.c:" \
	"(XEN) Stopped 1 of 1 other CPU(s)" \
	"(XEN) Manual reset required ('noreboot' specified)" || exit 1

# An NMI (int $2, through the NMI gate and its IST stack) is survived.
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 selftest_fault=nmi")
cx_run_qemu --expect-exit fault-nmi 120 \
	"(XEN) NMI received on CPU 0 for unknown reason; continuing" \
	"(XEN) selftest fault 'nmi' returned" \
	"(XEN) Powering off."
