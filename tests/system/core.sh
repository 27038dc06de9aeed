#!/bin/bash
# core.sh - the command line (Xen's option names; unknown options reported
# and ignored), the memory report at boot and by debug key 'm' with 256 MiB
# and 4 GiB (RAM above 4 GiB included), debug key 'h', conring_size=, and
# loglvl= filtering what reaches the serial line, com1= line formats (DPS),
# and debug key 'R'.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

# The first "Memory: total N KiB" of a serial log.
memory_total() {
	tr -d '\r' < "$1" | sed -n 's/^(XEN) Memory: total \([0-9]*\) KiB.*/\1/p' | head -n 1
}

opts="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all conring_size=64K"
opts+=" sync_console maxcpus=1 dom0_mem=512M,max:1G dom0_max_vcpus=1"
opts+=" sched=credit2 noreboot no_such_option=1 debug_keys=hm"
CX_QEMU_MEM=256
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "$opts")
cx_run_qemu --expect-exit core-256m 120 \
	"(XEN) Command line: $(cx_marker_quote "$opts")$" \
	"(XEN) Unknown command line option 'no_such_option=1' ignored$" \
	"(XEN) Page tables: direct map of 4 GiB, NX on, W^X image" \
	"(XEN) Console ring: 64 KiB" \
	"(XEN) Memory: total * KiB, free * KiB, xenheap * KiB, domheap * KiB" \
	"(XEN) 'h' pressed -> show this message" \
	"(XEN)  key 'm' (ascii '6d') => memory info" \
	"(XEN) 'm' pressed -> memory info" \
	"(XEN) Memory: total * KiB" \
	"(XEN) xmalloc: " \
	"(XEN) Powering off." || exit 1
log=$CX_LOGDIR/core-256m.log
if tr -d '\r' < "$log" | grep -E -q "Unknown command line option '(console|com1|loglvl|guest_loglvl|conring_size|sync_console|maxcpus|dom0_mem|dom0_max_vcpus|sched|noreboot|debug_keys)[=']"; then
	cx_info "FAIL: a supported option was reported unknown"
	exit 1
fi
total=$(memory_total "$log")
if [ -z "$total" ] || [ "$total" -lt 240000 ] || [ "$total" -gt 262144 ]; then
	cx_info "FAIL: 256 MiB machine reports total ${total:-?} KiB"
	exit 1
fi

# 4 GiB: QEMU puts part of the RAM above 4 GiB; all of it is counted.
CX_QEMU_MEM=4096
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 debug_keys=m")
cx_run_qemu --expect-exit core-4g 180 \
	"(XEN) Page tables: direct map of 5 GiB" \
	"(XEN) Memory: total * KiB" \
	"(XEN) 'm' pressed -> memory info" \
	"(XEN) Powering off." || exit 1
total=$(memory_total "$CX_LOGDIR/core-4g.log")
if [ -z "$total" ] || [ "$total" -lt 4100000 ] || [ "$total" -gt 4194304 ]; then
	cx_info "FAIL: 4 GiB machine reports total ${total:-?} KiB"
	exit 1
fi

# loglvl=warning: warnings reach the serial line, informational messages
# (the memory report among them) stay in the ring only.
CX_QEMU_MEM=256
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 loglvl=warning no_such_option=2")
cx_run_qemu --expect-exit core-loglvl 120 \
	"(XEN) Unknown command line option 'no_such_option=2' ignored" || exit 1
if grep -q "Memory: total" "$CX_LOGDIR/core-loglvl.log"; then
	cx_info "FAIL: loglvl=warning let an informational message through"
	exit 1
fi

# com1= takes any Xen DPS (data bits 5-8, parity n/o/e/m/s, stop bits 1/2);
# a bad one is reported and ignored.
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 com1=115200,8o2 com1=115200,9x1")
cx_run_qemu --expect-exit core-com1 120 \
	"(XEN) Bad value in command line option 'com1=115200,9x1' ignored" \
	"(XEN) Powering off." || exit 1
if grep -q "option 'com1=115200,8o2'" "$CX_LOGDIR/core-com1.log"; then
	cx_info "FAIL: com1=115200,8o2 was rejected"
	exit 1
fi

# Debug key 'R' reboots: QEMU (-no-reboot) exits on the reset.
CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 debug_keys=R")
cx_run_qemu core-reboot 120 \
	"(XEN) 'R' pressed -> reboot machine" \
	"(XEN) Rebooting on request ('R')" || exit 1
cx_info "PASS: memory totals and log levels"
