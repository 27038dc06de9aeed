#!/bin/bash
# console-vga.sh - console=com1,vga with a VGA adapter: the hypervisor finds
# the text buffer at 0xB8000, mirrors its log there and boots to the end
# (serial output unchanged); without an adapter (console=vga,com1) it says
# the VGA console is off and goes on; sync_console is accepted.  Last, the
# text buffer itself (QEMU monitor pmemsave of 0xB8000 after a halted
# BUG report) must hold the report's last lines, scrolled to the bottom.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"

CX_QEMU_ARGS=(-device VGA -kernel "$XEN_IMAGE"
	-append "console=com1,vga sync_console")
cx_run_qemu --expect-exit console-vga 60 \
	"(XEN) VGA: text console 80x25 at 0xb8000" \
	"(XEN) Console output is synchronous" \
	"(XEN) Command line: console=com1,vga sync_console" \
	"(XEN) HVM: SVM with NPT enabled" \
	"(XEN) Powering off." || exit 1

CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=vga,com1")
cx_run_qemu --expect-exit console-novga 60 \
	"(XEN) VGA: no text buffer at 0xb8000; vga console off" \
	"(XEN) HVM: SVM with NPT enabled" \
	"(XEN) Powering off." || exit 1

# The screen: 80x25 cells of (char, attribute); keep the characters.
mkdir -p "$CX_WORKDIR" || exit 1
dump=$CX_WORKDIR/vga-screen.bin
rm -f "$dump"
{ sleep 8; echo "pmemsave 0xb8000 4000 \"$dump\""; sleep 2; echo quit; } |
	timeout 60 "$CX_QEMU" -accel tcg -cpu "$CX_QEMU_CPU" -m "$CX_QEMU_MEM" \
	-nodefaults -display none -no-reboot -device VGA -monitor stdio \
	-serial null -kernel "$XEN_IMAGE" \
	-append "console=com1,vga selftest_fault=bug noreboot" >/dev/null 2>&1
[ -s "$dump" ] || cx_die "no VGA screen dump"
screen=$(od -An -v -tu1 "$dump" | awk '{ for (i = 1; i <= NF; i++)
	if (n++ % 2 == 0) s = s sprintf("%c", $i < 32 ? 32 : $i) }
	END { for (r = 0; r < 25; r++) print substr(s, r * 80 + 1, 80) }')
printf '%s\n' "$screen" > "$CX_LOGDIR/console-vga-screen.txt"
printf '%s\n' "$screen" | tail -n 3 | grep -q "(XEN) Manual reset required" ||
	cx_die "VGA screen does not end with the BUG report"
printf '%s\n' "$screen" | grep -q "(XEN) Xen BUG at " ||
	cx_die "VGA screen lacks the BUG line"
echo "VGA screen holds the BUG report (scrolled)"
