#!/bin/bash
# nosvm.sh - on a CPU without usable SVM (QEMU -cpu qemu64: no NPT) the
# hypervisor prints one line saying hardware virtualization is unavailable
# and powers off cleanly (no fault, no reset).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

CX_QEMU_CPU=qemu64
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 selftest=svm")
cx_run_qemu --expect-exit nosvm 60 \
	"(XEN) *HVM: SVM not available: hardware virtualization unavailable" \
	"(XEN) Powering off."
