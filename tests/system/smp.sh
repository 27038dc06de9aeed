#!/bin/bash
# smp.sh - the hypervisor alone (no modules) brings up every CPU of the MADT
# with INIT-SIPI-SIPI on q35 and pc, obeys maxcpus=, calibrates the TSC (against
# the HPET, or the PM timer or PIT with clocksource=) and the LAPIC timer,
# passes the 100 ms one-shot timer self-check on two CPUs,
# dumps per-CPU time and timer queues with debug key 't' and every CPU's
# registers with 'd', then powers off.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

# boot NAME MACHINE SMP CMDLINE SOURCE MARKER... (SOURCE: the TSC calibration
# source expected)
boot() {
	local name=$1 machine=$2 smp=$3 cmdline=$4 source=$5
	shift 5
	CX_QEMU_ARGS=(-machine "$machine" -smp "$smp" -kernel "$XEN_IMAGE"
		-append "console=com1 $cmdline")
	cx_run_qemu --expect-exit "$name" 120 \
		"(XEN) TSC: * MHz (calibrated against the $source)" \
		"(XEN) APIC timer: * MHz bus clock" \
		"$@" \
		"(XEN) Powering off."
}

rc=0
boot smp-q35-4 q35 4 "debug_keys=t" HPET \
	"(XEN) CPU1: APIC ID 1 online" \
	"(XEN) CPU3: APIC ID 3 online" \
	"(XEN) Brought up 4 CPUs" \
	"(XEN) COM1: input by interrupt (IRQ 4)" \
	"(XEN) Timer on CPU0: fired after" \
	"(XEN) Timer on CPU1: fired after" \
	"(XEN) Timer self-check passed" \
	"(XEN) Time: TSC * kHz, NOW()=* ns on CPU0" \
	"(XEN)  CPU3: tsc_stamp=* mul_frac=" \
	"(XEN) Dumping timer queues" \
	"(XEN) CPU03: 0 timer(s)" || rc=1
boot smp-pc-1 pc 1 "" HPET \
	"(XEN) Brought up 1 CPUs" \
	"(XEN) Timer on CPU0: fired after" \
	"(XEN) Timer self-check passed" || rc=1
boot smp-pc-maxcpus pc 4 "maxcpus=2" HPET \
	"(XEN) CPU1: APIC ID 1 online" \
	"(XEN) Brought up 2 CPUs" \
	"(XEN) Timer on CPU1: fired after" \
	"(XEN) Timer self-check passed" || rc=1
# The other calibration sources, chosen with clocksource=.
boot smp-q35-pit q35 2 "clocksource=pit" PIT \
	"(XEN) Brought up 2 CPUs" \
	"(XEN) Timer self-check passed" || rc=1
boot smp-pc-pmtimer pc 2 "clocksource=acpi" "ACPI PM timer" \
	"(XEN) Brought up 2 CPUs" \
	"(XEN) Timer self-check passed" || rc=1
# Debug key 'd' dumps the registers and a stack trace of every CPU.
boot smp-q35-dkey q35 2 "debug_keys=d" HPET \
	"(XEN) 'd' pressed -> dump registers" \
	"(XEN) *** Dumping CPU0 host state: ***" \
	"(XEN) RIP:    [<*>] dump_this_cpu_state+*" \
	"(XEN) *** Dumping CPU1 host state: ***" \
	"(XEN) CPU:    1" \
	"(XEN)    [<*>] call_function_interrupt+*" || rc=1
# maxcpus=2 must not start a third CPU.
if grep -q "CPU2: APIC ID" "$CX_LOGDIR/smp-pc-maxcpus.log"; then
	cx_info "FAIL: maxcpus=2 started CPU2"
	rc=1
fi
exit $rc
