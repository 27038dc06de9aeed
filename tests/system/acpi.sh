#!/bin/bash
# acpi.sh - the hypervisor's ACPI summary on QEMU's q35 and pc machines
# (tables, FADT reset register and PM timer, MADT LAPICs/IOAPIC/overrides,
# HPET, MCFG), and reboot through the FADT reset register (q35) or the
# keyboard controller (pc, whose FADT has none): QEMU -no-reboot then exits.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

rc=0
CX_QEMU_ARGS=(-machine q35 -smp 2 -kernel "$XEN_IMAGE" -append "console=com1")
cx_run_qemu --expect-exit acpi-q35 120 \
	"(XEN) ACPI: RSDP * (r0 BOCHS ) found by BIOS scan" \
	"(XEN) ACPI: RSDT * (r1 BOCHS " \
	"(XEN) ACPI: FACP " \
	"(XEN) ACPI: APIC " \
	"(XEN) ACPI: HPET " \
	"(XEN) ACPI: MCFG " \
	"(XEN) ACPI: PM-Timer IO Port: 0x608 (24 bits)" \
	"(XEN) ACPI: Reset register: IO 0xcf9 value 0xf" \
	"(XEN) ACPI: Local APIC address 0xfee00000" \
	"(XEN) ACPI: LAPIC (acpi_id[0x00] lapic_id[0x00] enabled)" \
	"(XEN) ACPI: LAPIC (acpi_id[0x01] lapic_id[0x01] enabled)" \
	"(XEN) ACPI: IOAPIC (id[0x00] address[0xfec00000] gsi_base[0])" \
	"(XEN) ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)" \
	"(XEN) ACPI: INT_SRC_OVR (bus 0 bus_irq 9 global_irq 9 high level)" \
	"(XEN) ACPI: HPET id: 0x8086a201 base: 0xfed00000" \
	"(XEN) ACPI: MCFG segment 0 buses 00-ff at 0xb0000000" \
	"(XEN) Using ACPI (MADT) for SMP configuration information" \
	"(XEN) Powering off." || rc=1

CX_QEMU_ARGS=(-machine pc -smp 1 -kernel "$XEN_IMAGE" -append "console=com1")
cx_run_qemu --expect-exit acpi-pc 120 \
	"(XEN) ACPI: FACP * (r1 BOCHS " \
	"(XEN) ACPI: PM-Timer IO Port: 0x608 (24 bits)" \
	"(XEN) ACPI: No reset register; keyboard controller reset" \
	"(XEN) ACPI: LAPIC (acpi_id[0x00] lapic_id[0x00] enabled)" \
	"(XEN) ACPI: HPET id: 0x8086a201" \
	"(XEN) Using ACPI (MADT) for SMP configuration information" \
	"(XEN) Powering off." || rc=1

# reboot_test NAME MACHINE EXPECTED-METHOD-LINE: debug key 'R' resets the
# machine; with -no-reboot QEMU exits by itself (status 0) on a reset, and
# the last method tried must be the expected one (a later line would mean
# that it did not work).
reboot_test() {
	local name=$1 machine=$2 method=$3 log qlog status last
	log=$CX_LOGDIR/$name.log
	qlog=$CX_LOGDIR/$name.qemu.log
	mkdir -p "$CX_LOGDIR"
	CX_QEMU_ARGS=(-machine "$machine" -smp 2 -kernel "$XEN_IMAGE"
		-append "console=com1 debug_keys=R")
	mapfile -t cmd < <(cx_qemu_cmd)
	timeout 120 "${cmd[@]}" -serial "file:$log" < /dev/null > "$qlog" 2>&1
	status=$?
	last=$(tr -d '\r' < "$log" | grep '^(XEN) Resetting with' | tail -n 1)
	if [ $status != 0 ]; then
		cx_info "FAIL: $name: QEMU status $status (124: still running)"
	elif [ "$last" != "$method" ]; then
		cx_info "FAIL: $name: last reset method '$last', want '$method'"
	else
		cx_info "PASS: $name: $method, QEMU exited"
		return 0
	fi
	tail -n 20 "$log" | tr -d '\r' >&2
	return 1
}
reboot_test reboot-q35 q35 "(XEN) Resetting with the ACPI reset register" || rc=1
reboot_test reboot-pc pc "(XEN) Resetting with the keyboard controller" || rc=1
exit $rc
