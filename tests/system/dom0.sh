#!/bin/bash
# dom0.sh - the hypervisor builds a PVH dom0 from Debian's stock kernel
# (module 1, its command line after the file name) and an initramfs
# (module 2) and starts it; Linux boots as dom0 on the Xen console (hvc0),
# its init loads the Xen drivers, mounts xenfs, sees control_d and powers
# the machine off through ACPI (QEMU exits); once with one vCPU, once with
# two (dom0_max_vcpus=2 on two pCPUs), and once loaded by GRUB 2
# (multiboot2) when grub-mkrescue is there.  Extra markers may be added
# from the environment: CX_DOM0_UNTIL="some later line".
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
cx_require_qemu
[ -f "$XEN_IMAGE" ] || cx_die "no hypervisor image $XEN_IMAGE (is xen/ built?)"
cx_kernel || exit 1
initrd=$CX_WORKDIR/dom0.cpio.gz
cx_dom0_initramfs "$initrd" || exit 1
# xenstored over dom0's ring, when the tools are built.
xs_markers=()
if [ "$CX_DOM0_XENSTORE" = 1 ]; then
	xs_markers=("cx-dom0: xenstored started"
		"cx-dom0: xenstore over the ring: ring-ok")
fi

CX_QEMU_MEM=2048
dom0_cmdline="console=hvc0 earlyprintk=xen loglevel=7 panic=-1"

# boot_dom0 NAME SMP XEN-OPTIONS NR-VCPUS MEM-MIB: one boot, every marker to
# power-off; then dom0's MemTotal must follow dom0_mem (within its last
# 15%, the kernel's own reservations).
boot_dom0() {
	local name=$1 smp=$2 xen_cmdline="console=com1 loglvl=all guest_loglvl=all $3"
	local online=0 mib
	[ "$4" -gt 1 ] && online="0-$(($4 - 1))"
	CX_QEMU_ARGS=(-smp "$smp" -kernel "$XEN_IMAGE" -append "$xen_cmdline"
		-initrd "$CX_VMLINUZ $dom0_cmdline,$initrd")
	cx_run_qemu --expect-exit "$name" 300 \
		"(XEN) Command line: $(cx_marker_quote "$xen_cmdline")$" \
		"(XEN) *** Building a PVH Dom0 ***" \
		"(XEN) Dom0 memory: $5MB" \
		"(XEN)  Kernel segment 0: 0x1000000-" \
		"(XEN)  Initrd: " \
		"(XEN) Dom0 has maximum $4 VCPUs" \
		"(XEN) Dom0 command line: $(cx_marker_quote "$dom0_cmdline")$" \
		"Linux version 6.1" \
		"Booting kernel on Xen PVH" \
		"smp: Brought up 1 node, $4 CPU" \
		"cx-dom0: init started" \
		"cx-dom0: hypervisor type: xen" \
		"cx-dom0: guest type: PVH" \
		"cx-dom0: cpus online: $online$" \
		"cx-dom0: memory: " \
		"cx-dom0: loaded xen-evtchn" \
		"cx-dom0: loaded xen-privcmd" \
		"cx-dom0: loaded xen-gntdev" \
		"cx-dom0: loaded xen-gntalloc" \
		"cx-dom0: loaded xenfs" \
		"cx-dom0: mounted xenfs" \
		"cx-dom0: capabilities: control_d" \
		"cx-dom0: cx-xentest: xen_version 4.17" \
		"cx-dom0: cx-xentest: evtchn loop ok" \
		"cx-dom0: cx-xentest: gntdev map of grant * shows the same bytes" \
		"cx-dom0: cx-xentest: domctl dom0 flags=0x122(hvm_guest|running|hap) vcpus=$4 max_vcpu_id=$(($4 - 1)) tot_pages=* emu=0x1$" \
		"cx-dom0: cx-xentest: domctl domain 1: ESRCH$" \
		"cx-dom0: cx-xentest: domctl version 0x14: EACCES$" \
		${xs_markers[@]+"${xs_markers[@]}"} \
		"cx-dom0: powering off" ${CX_DOM0_UNTIL:+"$CX_DOM0_UNTIL"} || return 1
	mib=$(tr -d '\r' < "$CX_LOGDIR/$name.log" |
		sed -n 's/^cx-dom0: memory: \([0-9]*\) MiB$/\1/p')
	if [ -z "$mib" ] || [ "$mib" -gt "$5" ] || [ "$mib" -lt $(($5 * 85 / 100)) ]; then
		cx_info "FAIL: $name: dom0 MemTotal ${mib:-?} MiB does not follow dom0_mem=$5M"
		return 1
	fi
	cx_info "$name: dom0 MemTotal $mib MiB for dom0_mem=$5M"
	# getdomaininfo: dom0 holds at least dom0_mem (plus the pages at fixed
	# addresses), never more than its max_pages.
	set -- "$name" "$5" $(tr -d '\r' < "$CX_LOGDIR/$name.log" | sed -n \
		's/^cx-dom0: cx-xentest: domctl dom0 .* tot_pages=\([0-9]*\) max_pages=\([0-9]*\) .*/\1 \2/p')
	if [ $# -ne 4 ] || [ "$3" -lt $(($2 * 256)) ] || [ "$3" -gt "$4" ]; then
		cx_info "FAIL: $1: domctl tot_pages/max_pages ${3:-?}/${4:-?} for dom0_mem=$2M"
		return 1
	fi
	cx_info "$1: domctl tot_pages $3 max_pages $4 for dom0_mem=$2M"
}

# boot_dom0_grub: GRUB 2 (multiboot2) loads the same modules; its module
# command lines carry no file name, so nothing is stripped.
boot_dom0_grub() {
	local dir=$CX_WORKDIR/dom0-grub iso=$CX_WORKDIR/dom0-grub.iso
	rm -rf "$dir"
	mkdir -p "$dir/iso/boot/grub" || return 1
	cx_on_exit "rm -rf '$dir' '$iso'"
	cp "$XEN_GZ" "$dir/iso/boot/xen.gz" &&
		cp "$CX_VMLINUZ" "$dir/iso/boot/vmlinuz" &&
		cp "$initrd" "$dir/iso/boot/initrd.gz" || return 1
	cat > "$dir/iso/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
menuentry 'cxen dom0' {
	insmod gzio
	insmod multiboot2
	multiboot2 /boot/xen.gz console=com1 dom0_mem=512M
	module2 /boot/vmlinuz $dom0_cmdline
	module2 /boot/initrd.gz
	boot
}
CFG
	grub-mkrescue -d /usr/lib/grub/i386-pc -o "$iso" "$dir/iso" \
		> "$dir/mkrescue.log" 2>&1 || { cat "$dir/mkrescue.log" >&2; return 1; }
	CX_QEMU_ARGS=(-smp 1 -cdrom "$iso" -boot d)
	cx_run_qemu --expect-exit dom0-grub 300 \
		"(XEN) Bootloader: GRUB" \
		"(XEN) *** Building a PVH Dom0 ***" \
		"(XEN) Dom0 command line: $(cx_marker_quote "$dom0_cmdline")$" \
		"Linux version 6.1" \
		"cx-dom0: capabilities: control_d" \
		"cx-dom0: powering off"
}

rc=0
boot_dom0 dom0 1 "dom0_mem=512M" 1 512 || rc=1
boot_dom0 dom0-1g 1 "dom0_mem=1G" 1 1024 || rc=1
# Two vCPUs: the second comes up through INIT/SIPI from the first.
boot_dom0 dom0-smp2 2 "dom0_mem=512M dom0_max_vcpus=2" 2 512 || rc=1
if [ -f "$XEN_GZ" ] && command -v grub-mkrescue > /dev/null &&
	[ -d /usr/lib/grub/i386-pc ] && command -v xorriso > /dev/null; then
	boot_dom0_grub || rc=1
else
	cx_info "no grub-mkrescue/xorriso or $XEN_GZ: GRUB case skipped"
fi
exit $rc
