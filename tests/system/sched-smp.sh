#!/bin/bash
# sched-smp.sh - with -smp 2 each pCPU has its runqueue and schedules from
# SCHEDULE_SOFTIRQ: the 1:2:3 weights and the 25% cap still hold for vCPUs
# pinned to CPU0, and four unpinned spinning vCPUs started on CPU0 are
# migrated by load balancing so that CPU1 runs some of them (the 'r'
# accounting shows guest time on both CPUs); then every queue is empty.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

CX_QEMU_ARGS=(-smp 2 -icount shift=3,sleep=off -kernel "$XEN_IMAGE"
	-append "console=com1 sched=credit2 selftest=sched debug_keys=r")
cx_run_qemu --expect-exit sched-smp 180 \
	"(XEN) Brought up 2 CPUs" \
	"(XEN) Using scheduler: SMP Credit Scheduler rev2 (credit2), 2 runqueues" \
	"(XEN) sched: ratio 1 : " \
	"(XEN) selftest sched-weight: PASS" \
	"(XEN) selftest sched-cap: PASS" \
	"(XEN)   Runqueue 1: " \
	"(XEN)     CPU1: ran guests " \
	"(XEN) sched: CPU0 ran vCPUs for " \
	"(XEN) sched: CPU1 ran vCPUs for " \
	"(XEN) sched: " \
	" CPUs ran vCPUs" \
	"(XEN) selftest sched-migrate: PASS" \
	"(XEN) 'r' pressed -> dumping run queues" \
	"(XEN) Run queues (credit2):" \
	"(XEN)   Runqueue 0: 0 vCPUs" \
	"(XEN)   Runqueue 1: 0 vCPUs" \
	"(XEN) Powering off."
