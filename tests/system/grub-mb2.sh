#!/bin/bash
# grub-mb2.sh - GRUB (Debian's grub-pc-bin, on an ISO from grub-mkrescue)
# loads the gzip'd hypervisor with multiboot2 and one module2; the hypervisor
# reports the multiboot2 protocol, GRUB as its loader, its command line and
# the module, and powers the machine off.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_GZ" ] || cx_die "no hypervisor image $XEN_GZ (is xen/ built?)"
command -v grub-mkrescue > /dev/null && [ -d /usr/lib/grub/i386-pc ] ||
	cx_die "grub-mkrescue for i386-pc not found (Debian packages grub-common grub-pc-bin)"
command -v xorriso > /dev/null || cx_die "xorriso not found (Debian package xorriso)"

cmdline="console=com1 com1=115200,8n1 loglvl=all selftest=boot"
dir=$CX_WORKDIR/grub-mb2
rm -rf "$dir"
mkdir -p "$dir/iso/boot/grub" || exit 1
cx_on_exit "rm -rf '$dir'"
cp "$XEN_GZ" "$dir/iso/boot/xen.gz" || exit 1
echo "cxen test module" > "$dir/iso/boot/mod1"
cat > "$dir/iso/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
menuentry 'cxen (multiboot2)' {
	insmod gzio
	insmod multiboot2
	multiboot2 /boot/xen.gz $cmdline
	module2 /boot/mod1 mod1-arg
	boot
}
CFG
iso=$CX_WORKDIR/grub-mb2.iso
grub-mkrescue -d /usr/lib/grub/i386-pc -o "$iso" "$dir/iso" > "$dir/mkrescue.log" 2>&1 || {
	cat "$dir/mkrescue.log" >&2
	cx_die "grub-mkrescue failed"
}

CX_QEMU_ARGS=(-cdrom "$iso" -boot d)
cx_run_qemu --expect-exit grub-mb2 180 \
	"(XEN) cxen version $(cx_marker_quote "$PACKAGE_VERSION") (Xen-compatible hypervisor)" \
	"(XEN) Bootloader: GRUB" \
	"(XEN) Boot protocol: multiboot2" \
	"(XEN) Command line: $(cx_marker_quote "$cmdline")$" \
	"(XEN) Modules: 1" \
	"(XEN)  Module 1:*mod1-arg$" \
	"(XEN) ACPI: RSDP * from the boot loader" \
	"(XEN) Powering off."
