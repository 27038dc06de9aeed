#!/bin/bash
# sched.sh - with selftest=sched the credit2 scheduler runs three spinning
# vCPUs (weights 256/512/768) on one pCPU and, by its own accounting, gives
# them CPU time within 10% of 1:2:3; a vCPU capped at 25% gets 25% (within
# 10%); then the hypervisor powers off.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

CX_QEMU_ARGS=(-icount shift=3,sleep=off -kernel "$XEN_IMAGE"
	-append "console=com1 sched=credit2 selftest=sched debug_keys=r")
cx_run_qemu --expect-exit sched 120 \
	"(XEN) HVM: SVM with NPT enabled" \
	"(XEN) Using scheduler: SMP Credit Scheduler rev2 (credit2)" \
	"(XEN) sched: d21v0 weight 256 ran" \
	"(XEN) sched: d22v0 weight 512 ran" \
	"(XEN) sched: d23v0 weight 768 ran" \
	"(XEN) sched: ratio 1 : " \
	"(XEN) selftest sched-weight: PASS" \
	"(XEN) selftest sched-cap: PASS" \
	"(XEN) 'r' pressed -> dumping run queues" \
	"(XEN) Run queues (credit2):" \
	"(XEN)   Runqueue 0: 0 vCPUs" \
	"(XEN) Powering off."
