#!/bin/bash
# svm.sh - with selftest=svm the hypervisor enables SVM with NPT and runs its
# built-in guests through VMRUN/#VMEXIT: CPUID and VMMCALL intercepts, VMCALL
# taken from the #UD intercept as a hypercall, port
# I/O (debug console 0xe9), an NPT fault plus a 2 MiB mapping, interrupt
# injection, HLT with wake-up by a timer, the guest page walker (32-bit,
# PAE and 4-level paging), and an unhandled exit that crashes only its
# domain; every domain's pages come back to the heap; debug key 'q' dumps
# domains; then it powers off.  A second boot with -smp 4 runs a guest on
# every secondary CPU.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE"
	-append "console=com1 selftest=svm debug_keys=q")
cx_run_qemu --expect-exit svm 120 \
	"(XEN) SVM: revision" \
	"(XEN) HVM: SVM with NPT enabled" \
	"(XEN) selftest cpuid: PASS" \
	"(XEN) selftest vmmcall: PASS" \
	"(XEN) selftest vmcall: PASS" \
	"d4v0: hello from the io guest" \
	"(XEN) selftest io: PASS" \
	"(XEN) selftest npf: PASS" \
	"(XEN) selftest intr: PASS" \
	"(XEN) selftest hlt: PASS" \
	"(XEN) selftest walk: PASS" \
	"(XEN) selftest walk-pae: PASS" \
	"(XEN) selftest walk-4level: PASS" \
	"d11v0: unhandled SVM exit 0x73 ; domain crashed" \
	"(XEN) selftest crash: PASS" \
	"(XEN) selftest: 11 of 11 passed" \
	"(XEN) selftest domains: PASS" \
	"(XEN) 'q' pressed -> dumping domain info" \
	"(XEN)   Idle domain:" \
	"(XEN) Powering off." || exit 1

# Again with four CPUs: SVM is enabled on each, and the CPUID guest runs on
# every secondary CPU.
CX_QEMU_ARGS+=(-smp 4)
cx_run_qemu --expect-exit svm-smp4 180 \
	"(XEN) HVM: SVM with NPT enabled on 4 CPU(s)" \
	"(XEN) selftest hlt: PASS" \
	"(XEN) selftest smp: PASS (guest ran on 3 secondary CPU(s))" \
	"(XEN) selftest: 11 of 11 passed" \
	"(XEN) selftest domains: PASS" \
	"(XEN) Powering off."
