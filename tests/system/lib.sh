# lib.sh - harness of the whole-system tests (bash; source it, don't run it).
#
# HOW TO WRITE A NEW SYSTEM TEST
#
#   1. Create tests/system/NAME.sh:
#
#        #!/bin/bash
#        # NAME.sh - one line on what this test proves.
#        . "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"
#        cx_require_qemu                      # exit 77 (SKIP) without QEMU
#        cx_kernel || exit 1                  # Debian kernel: $CX_VMLINUZ
#        initrd=$CX_WORKDIR/NAME.cpio.gz
#        cx_build_initramfs "$initrd" --init "$CX_SYSTEM_SRCDIR/init/basic" \
#            --bin "$CX_MARKERS" --kmod xen-evtchn || exit 1
#        CX_QEMU_ARGS=(-kernel "$XEN_IMAGE" -append "console=com1 ..."
#                      -initrd "$CX_VMLINUZ console=hvc0,$initrd")
#        cx_run_qemu --expect-exit NAME 300 \
#            "(XEN) first line" "(XEN) a later line" "cx-init: started"
#
#      cx_run_qemu is normally the last command: its status is the test's.
#      It boots QEMU (TCG, -cpu max, -nodefaults, -display none, -no-reboot)
#      with the serial port logged to logs/NAME.log in the build directory,
#      and passes as soon as every marker has appeared on the serial console
#      in order (with --expect-exit: and QEMU then powered off by itself).
#      It fails on the hard timeout (seconds), or when QEMU exits first, and
#      then prints the missing marker and the log's last 40 lines.  The QEMU
#      it started is always killed, also when the test is interrupted.
#      Markers: plain text found inside one line; '*' matches any text
#      within a line; a final '$' anchors at the line's end; '\' quotes.
#   2. List NAME.sh in TESTS and EXTRA_DIST of tests/system/Makefile.am
#      (inside "if HYPERVISOR" when it boots the hypervisor).
#   3. Run it alone:  make -C tests/system check TESTS=NAME.sh
#      (its output: tests/system/NAME.log; the console: logs/NAME.log).
#   Cleanups: register with cx_on_exit 'command' (lib.sh owns the EXIT,
#   INT and TERM traps; do not set your own).
#   Budget: the Debian kernel alone takes about 8 s to reach /init under TCG
#   on a 2-core machine; the hypervisor's boot adds to that.
#
# Environment (from tests/system/Makefile.am; sensible defaults otherwise):
#   top_srcdir, top_builddir  the tree and its build directory
#   XEN_IMAGE                 the hypervisor for QEMU -kernel ($top_builddir/xen/xen)
#   XEN_GZ                    the hypervisor for GRUB ($top_builddir/xen/xen.gz)
#   PACKAGE_VERSION           the distribution's version (configure)
#   CX_MARKERS                the marker matcher ($CX_SYSTEM_BUILDDIR/cx-markers)
#   CX_LOGDIR, CX_WORKDIR     serial logs / scratch files (under the build dir)
#   CX_CACHE                  download cache (default /var/cache/cxen-tests,
#                             else ${XDG_CACHE_HOME:-~/.cache}/cxen-tests)
#   KVER                      Debian kernel ABI to use (e.g. 6.1.0-56), else apt's
#   CX_QEMU, CX_QEMU_MEM, CX_QEMU_CPU   QEMU binary, memory (MiB), CPU model
#   CX_QEMU_EXTRA             more QEMU arguments, split at blanks (e.g. "-d int")
#
# Functions: cx_require_qemu, cx_cache_dir, cx_fetch_deb, cx_kernel_pkg,
# cx_kernel, cx_busybox, cx_build_initramfs, cx_dom0_initramfs, cx_run_qemu,
# cx_qemu_cmd, cx_serial_input, cx_marker_quote,
# cx_on_exit, cx_info, cx_die.  Each is described where it is defined.

# ---------------------------------------------------------------- settings
CX_SYSTEM_SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${top_srcdir:=$(cd "$CX_SYSTEM_SRCDIR/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${CX_SYSTEM_BUILDDIR:=$top_builddir/tests/system}"
: "${CX_LOGDIR:=$CX_SYSTEM_BUILDDIR/logs}"
: "${CX_WORKDIR:=$CX_SYSTEM_BUILDDIR/work}"
: "${CX_MARKERS:=$CX_SYSTEM_BUILDDIR/cx-markers}"
: "${XEN_IMAGE:=$top_builddir/xen/xen}"
: "${XEN_GZ:=$top_builddir/xen/xen.gz}"
: "${PACKAGE_VERSION:=0.1.0}"
: "${CX_QEMU:=qemu-system-x86_64}"
: "${CX_QEMU_MEM:=1024}"
: "${CX_QEMU_CPU:=max}"
: "${CX_QEMU_EXTRA:=}"
CX_TEST_NAME=${CX_TEST_NAME:-$(basename "$0" .sh)}
CX_QEMU_ARGS=()
CX_QEMU_PID=
CX__CLEANUPS=()
CX__APT_UPDATED=

cx_info() { echo "[$CX_TEST_NAME] $*" >&2; }
cx_die() { echo "[$CX_TEST_NAME] error: $*" >&2; exit 1; }

# cx_marker_quote TEXT: TEXT as a marker that matches it literally
# (quotes the matcher's special characters \ * and a final $).
cx_marker_quote() {
	local s=${1//\\/\\\\}
	s=${s//\*/\\*}
	printf '%s' "${s//\$/\\$}"
}

# ------------------------------------------------------- traps and cleanup
# cx_on_exit CMD: run CMD (with eval) when the test ends, however it ends.
cx_on_exit() { CX__CLEANUPS+=("$1"); }

cx__alive() { # PID: is it running (a zombie is not)?
	local s
	{ read -r s < "/proc/$1/stat"; } 2>/dev/null || return 1
	s=${s##*) }
	[ "${s%% *}" != Z ]
}

# Stop the QEMU that cx_run_qemu started (by its PID), and reap it.
cx__kill_qemu() {
	local pid=$CX_QEMU_PID i
	[ -n "$pid" ] || return 0
	CX_QEMU_PID=
	if cx__alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			cx__alive "$pid" || break
			sleep 0.1
		done
		cx__alive "$pid" && kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	return 0
}

cx__on_exit() {
	local rc=$? c
	cx__kill_qemu
	for c in "${CX__CLEANUPS[@]}"; do eval "$c"; done
	return $rc
}
trap cx__on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -------------------------------------------------------------- prerequisites
# cx_require_qemu: exit 77 (automake's SKIP) when QEMU is not installed.
cx_require_qemu() {
	command -v "$CX_QEMU" > /dev/null 2>&1 && return 0
	echo "SKIP: $CX_QEMU is not installed (Debian package qemu-system-x86)" >&2
	exit 77
}

# ----------------------------------------------------- Debian package cache
# cx_cache_dir: print the cache directory (created), outside the source tree.
cx_cache_dir() {
	local d
	for d in "${CX_CACHE:-/var/cache/cxen-tests}" \
		"${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/cxen-tests"; do
		if mkdir -p "$d/debs" "$d/extract" 2>/dev/null && [ -w "$d" ]; then
			(cd "$d" && pwd)
			return 0
		fi
	done
	echo "[$CX_TEST_NAME] error: no writable cache directory (set CX_CACHE)" >&2
	return 1
}

# Run "$@" holding the cache lock (parallel tests share one cache).
cx__locked() {
	local cache fd rc
	cache=$(cx_cache_dir) || return 1
	exec {fd}>> "$cache/.lock"
	flock "$fd"
	"$@"
	rc=$?
	exec {fd}>&-
	return $rc
}

cx__apt_update() { # once per test, and only as root
	[ -z "$CX__APT_UPDATED" ] && [ "$(id -u)" = 0 ] || return 1
	CX__APT_UPDATED=1
	cx_info "apt-get update"
	apt-get -o DPkg::Lock::Timeout=600 update >&2 || return 1
}

cx__candidate() { # PKG: apt's candidate version, or nothing
	LC_ALL=C apt-cache policy "$1" 2>/dev/null |
		awk '$1 == "Candidate:" && $2 != "(none)" { print $2; exit }'
}

cx__fetch_deb_locked() { # PKG VERSION-OR-EMPTY
	local pkg=$1 ver=$2 cache ever deb tmp dir arch old
	cache=$(cx_cache_dir) || return 1
	if [ -z "$ver" ]; then
		ver=$(cx__candidate "$pkg")
		if [ -z "$ver" ] && cx__apt_update; then
			ver=$(cx__candidate "$pkg")
		fi
	fi
	if [ -z "$ver" ]; then
		# apt knows no version (no package lists, offline): newest cached.
		deb=$(ls -1 "$cache/debs/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1)
		[ -n "$deb" ] || {
			cx_info "error: apt has no candidate for $pkg and nothing is cached"
			return 1
		}
		cx_info "apt has no candidate for $pkg; using cached ${deb##*/}"
		ever=${deb##*/}
		ever=${ever#"${pkg}"_}
		ever=${ever%_*.deb}
	else
		ever=${ver//:/%3a}   # how apt-get download spells an epoch
	fi
	deb=$(ls -1 "$cache/debs/${pkg}_${ever}"_*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		tmp=$(mktemp -d "$cache/debs/.download.XXXXXX") || return 1
		cx_info "apt-get download $pkg=$ver"
		local sandbox=()
		[ "$(id -u)" = 0 ] && sandbox=(-o APT::Sandbox::User=root)
		if ! (cd "$tmp" && apt-get -o DPkg::Lock::Timeout=600 "${sandbox[@]}" \
			download "$pkg=$ver" >&2); then
			rm -rf "$tmp"
			# Stale package lists name a version the mirror no longer
			# has: refresh them once and try again.
			if [ -z "$2" ] && cx__apt_update; then
				cx__fetch_deb_locked "$pkg" ""
				return
			fi
			cx_info "error: apt-get download $pkg=$ver failed (apt-get update?)"
			return 1
		fi
		deb=$(ls -1 "$tmp"/*.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || { rm -rf "$tmp"; cx_info "error: no .deb for $pkg"; return 1; }
		arch=${deb##*_}
		arch=${arch%.deb}
		mv "$deb" "$cache/debs/${pkg}_${ever}_${arch}.deb"
		deb=$cache/debs/${pkg}_${ever}_${arch}.deb
		rm -rf "$tmp"
		# Keep one version per package: drop older downloads and trees.
		for old in "$cache/debs/${pkg}"_*.deb; do
			[ "$old" = "$deb" ] || rm -f "$old"
		done
		for old in "$cache/extract/${pkg}"_*; do
			[ -e "$old" ] && [ "$old" != "$cache/extract/${pkg}_${ever}" ] && rm -rf "$old"
		done
	fi
	dir=$cache/extract/${pkg}_${ever}
	if [ ! -e "$dir/.extracted" ]; then
		cx_info "dpkg-deb -x ${deb##*/}"
		rm -rf "$dir" "$dir.tmp"
		dpkg-deb -x "$deb" "$dir.tmp" || { rm -rf "$dir.tmp"; return 1; }
		touch "$dir.tmp/.extracted"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}

# cx_fetch_deb PKG [VERSION]: download PKG (apt's candidate version unless
# VERSION is given) into $CACHE/debs once, unpack it into
# $CACHE/extract/PKG_VERSION/ once, and print that directory.
cx_fetch_deb() {
	[ -n "${1:-}" ] || cx_die "usage: cx_fetch_deb PKG [VERSION]"
	cx__locked cx__fetch_deb_locked "$1" "${2:-}"
}

# cx_kernel_pkg: print the Debian 12 generic kernel package to boot,
# linux-image-<ABI>-amd64-unsigned, with ABI from $KVER (e.g. 6.1.0-56 or
# 6.1.0-56-amd64) or else from what linux-image-amd64 depends on.  (The
# -cloud-amd64 kernel lacks dom0 support and is refused.)
cx_kernel_pkg() {
	local abi=${KVER:-} cache deb
	if [ -z "$abi" ]; then
		abi=$(LC_ALL=C apt-cache depends linux-image-amd64 2>/dev/null |
			sed -n 's/^ *Depends: linux-image-\(.*\)-amd64$/\1/p' | head -n 1)
		if [ -z "$abi" ] && cx__apt_update; then
			abi=$(LC_ALL=C apt-cache depends linux-image-amd64 2>/dev/null |
				sed -n 's/^ *Depends: linux-image-\(.*\)-amd64$/\1/p' | head -n 1)
		fi
	fi
	if [ -z "$abi" ]; then
		# Offline and apt knows nothing: the newest kernel in the cache.
		cache=$(cx_cache_dir) || return 1
		deb=$(ls -1 "$cache"/debs/linux-image-*-amd64-unsigned_*.deb 2>/dev/null |
			sort -V | tail -n 1)
		abi=${deb##*/linux-image-}
		abi=${abi%%-amd64-unsigned_*}
	fi
	abi=${abi%-unsigned}
	abi=${abi%-amd64}
	case $abi in
	'') cx_info "error: cannot tell the Debian kernel ABI (apt-get update, or set KVER)"
	    return 1 ;;
	*cloud*) cx_info "error: the -cloud- kernel ($abi) has no dom0 support"
	    return 1 ;;
	esac
	echo "linux-image-$abi-amd64-unsigned"
}

# cx_kernel: fetch the kernel package and set
#   CX_KERNEL_ROOT  its unpacked tree
#   CX_KVER         its module directory name (lib/modules/$CX_KVER)
#   CX_VMLINUZ      the bzImage (xz payload) to boot
cx_kernel() {
	local pkg
	pkg=$(cx_kernel_pkg) || return 1
	if ! CX_KERNEL_ROOT=$(cx_fetch_deb "$pkg"); then
		# Stale package lists may name a kernel ABI the mirror dropped.
		[ -z "${KVER:-}" ] && cx__locked cx__apt_update || return 1
		pkg=$(cx_kernel_pkg) || return 1
		CX_KERNEL_ROOT=$(cx_fetch_deb "$pkg") || return 1
	fi
	CX_KVER=${pkg#linux-image-}
	CX_KVER=${CX_KVER%-unsigned}
	CX_VMLINUZ=$CX_KERNEL_ROOT/boot/vmlinuz-$CX_KVER
	[ -f "$CX_VMLINUZ" ] && [ -d "$CX_KERNEL_ROOT/lib/modules/$CX_KVER" ] || {
		cx_info "error: $pkg has no boot/vmlinuz-$CX_KVER or lib/modules/$CX_KVER"
		return 1
	}
	# The package leaves modules.dep to its postinst: make it once here.
	[ -s "$CX_KERNEL_ROOT/lib/modules/$CX_KVER/modules.dep" ] ||
		cx__locked cx__depmod || return 1
}

cx__depmod() {
	local depmod
	[ -s "$CX_KERNEL_ROOT/lib/modules/$CX_KVER/modules.dep" ] && return 0
	depmod=$(command -v depmod || command -v /usr/sbin/depmod || command -v /sbin/depmod) || {
		cx_info "error: depmod not found (Debian package kmod)"
		return 1
	}
	cx_info "depmod -b ${CX_KERNEL_ROOT##*/} $CX_KVER"
	"$depmod" -b "$CX_KERNEL_ROOT" "$CX_KVER" || {
		rm -f "$CX_KERNEL_ROOT/lib/modules/$CX_KVER/modules.dep"
		return 1
	}
}

# cx_busybox: print the path of a static busybox: the host's when the
# busybox-static package is installed, else one from the fetched package.
cx_busybox() {
	local d
	if [ "$(dpkg-query -W -f='${db:Status-Status}' busybox-static 2>/dev/null)" = installed ] &&
		[ -x /bin/busybox ]; then
		echo /bin/busybox
		return 0
	fi
	d=$(cx_fetch_deb busybox-static) || return 1
	[ -x "$d/bin/busybox" ] || { cx_info "error: no bin/busybox in busybox-static"; return 1; }
	echo "$d/bin/busybox"
}

# ------------------------------------------------------------- initramfs
# cx_build_initramfs OUT.cpio.gz --init SCRIPT [--bin PATH]... [--kmod NAME]...
#                    [--file SRC:DEST]...
# Build a gzip'd newc cpio with:
#   /bin/busybox and its applet links (busybox-static);
#   /init = SCRIPT;
#   each --bin PATH as /usr/bin/NAME, with the shared libraries ldd finds
#     for it (same paths as on the host; build-tree libraries go to
#     /usr/lib/x86_64-linux-gnu) and the dynamic loader; a libtool wrapper
#     script is replaced by the real program from .libs/;
#   each --kmod NAME (xen-evtchn, xenfs, ...) from the Debian kernel's
#     lib/modules/<ver>/ (calls cx_kernel if needed), with the modules it
#     depends on (modules.dep), and the modules.* indexes so modprobe works;
#     /etc/cx-modules lists the requested ones, in order;
#   each --file SRC:DEST copied to DEST.
cx_build_initramfs() {
	local out=${1:-} init= bins=() kmods=() files=()
	[ -n "$out" ] && shift || cx_die "usage: cx_build_initramfs OUT --init SCRIPT ..."
	while [ $# -gt 0 ]; do
		case $1 in
		--init) init=$2; shift 2 ;;
		--bin) bins+=("$2"); shift 2 ;;
		--kmod) kmods+=("$2"); shift 2 ;;
		--file) files+=("$2"); shift 2 ;;
		*) cx_info "cx_build_initramfs: unknown argument $1"; return 1 ;;
		esac
	done
	[ -f "$init" ] || { cx_info "cx_build_initramfs: no --init script ($init)"; return 1; }
	if [ ${#kmods[@]} -gt 0 ] && [ -z "${CX_KERNEL_ROOT:-}" ]; then
		cx_kernel || return 1
	fi
	local busybox
	busybox=$(cx_busybox) || return 1
	mkdir -p "$(dirname "$out")" || return 1
	# A subshell, so that its EXIT trap removes the staging tree.  (Every
	# step checks its status: set -e would be ignored under "... || exit".)
	(
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/cx-initramfs.XXXXXX") || exit 1
		trap 'rm -rf "$tmp"' EXIT
		cx__stage_initramfs "$tmp/root" || exit 1
		(cd "$tmp/root" && find . | LC_ALL=C sort |
			cpio --quiet -o -H newc -R 0:0) > "$tmp/out.cpio" || exit 1
		gzip -6 < "$tmp/out.cpio" > "$tmp/out.cpio.gz" || exit 1
		mv "$tmp/out.cpio.gz" "$out" || exit 1
	) || { cx_info "error: building $out failed"; return 1; }
	cx_info "initramfs $out ($(du -k "$out" | cut -f1) KiB)"
}

cx__stage_initramfs() { # ROOT (in cx_build_initramfs's subshell)
	local r=$1 a b real libpath= elfs=() lib dest m line mdir
	mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,run,tmp,etc,root,mnt,var,lib,lib64} \
		"$r/usr/lib/x86_64-linux-gnu" "$r/lib/x86_64-linux-gnu" || return 1
	ln -s ../run "$r/var/run" && chmod 1777 "$r/tmp" || return 1
	if [ "$(id -u)" = 0 ]; then
		mknod -m 600 "$r/dev/console" c 5 1 && mknod -m 666 "$r/dev/null" c 1 3 || return 1
	fi
	cp "$busybox" "$r/bin/busybox" || return 1
	for a in $("$r/bin/busybox" --list-full); do
		[ -e "$r/$a" ] || [ -L "$r/$a" ] || ln -s /bin/busybox "$r/$a" || return 1
	done
	install -m 755 "$init" "$r/init" || return 1

	# Our binaries, and what the dynamic loader needs for them.
	for b in ${bins[@]+"${bins[@]}"}; do
		[ -f "$b" ] || { echo "no such program: $b" >&2; return 1; }
		real=$b
		if [ "$(head -c 2 "$b")" = '#!' ] && grep -q libtool "$b" &&
			[ -x "$(dirname "$b")/.libs/$(basename "$b")" ]; then
			# libtool's wrapper script: take the real program.
			real=$(dirname "$b")/.libs/$(basename "$b")
		fi
		install -m 755 "$real" "$r/usr/bin/$(basename "$b")" || return 1
		elfs+=("$real")
	done
	if [ ${#elfs[@]} -gt 0 ]; then
		# Libraries built in this tree (libtool's .libs) are found first.
		libpath=$(find "$top_builddir" -type d -name .libs 2>/dev/null | paste -sd: -)
		for b in "${elfs[@]}"; do
			LD_LIBRARY_PATH=$libpath${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} ldd "$b" 2>&1 |
				while read -r line; do
					case $line in
					*"not found"*) echo "unresolved library: $b: $line" >&2; echo FAIL ;;
					*"=> /"*) line=${line#*=> }; echo "${line%% (*}" ;;
					/*) echo "${line%% (*}" ;;
					esac
				done
		done | sort -u > "$tmp/libs"
		if grep -qx FAIL "$tmp/libs"; then return 1; fi
		if [ -s "$tmp/libs" ]; then
			# glibc dlopen()s libgcc_s for pthread_cancel; ldd cannot see that.
			for lib in /lib/x86_64-linux-gnu/libgcc_s.so.1 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1; do
				[ -e "$lib" ] && { echo "$lib" >> "$tmp/libs"; break; }
			done
		fi
		while read -r lib; do
			case $lib in
			/lib/* | /lib64/* | /usr/lib/* | /usr/lib64/*) dest=$r$lib ;;
			*) dest=$r/usr/lib/x86_64-linux-gnu/${lib##*/} ;;
			esac
			mkdir -p "$(dirname "$dest")" && cp -L "$lib" "$dest" || return 1
		done < "$tmp/libs"
	fi

	# Kernel modules with their dependencies, and modprobe's indexes.
	: > "$r/etc/cx-modules"
	if [ ${#kmods[@]} -gt 0 ]; then
		mdir=$CX_KERNEL_ROOT/lib/modules/$CX_KVER
		mkdir -p "$r/lib/modules/$CX_KVER" && cp "$mdir"/modules.* "$r/lib/modules/$CX_KVER/" ||
			return 1
		for m in "${kmods[@]}"; do
			# modules.dep: "path/a.ko: path/dep1.ko path/dep2.ko"; names
			# compare without directory and suffix, '-' and '_' alike.
			line=$(awk -v want="$m" '
				function norm(s) {
					sub(/^.*\//, "", s); sub(/\.ko(\.[a-z]+)?$/, "", s)
					gsub(/-/, "_", s); return s
				}
				BEGIN { want = norm(want) }
				{ f = $1; sub(/:$/, "", f) }
				norm(f) == want { $1 = f; print; exit }' "$mdir/modules.dep")
			if [ -z "$line" ]; then
				if grep -q "/${m//[-_]/[-_]}\.ko" "$mdir/modules.builtin" 2>/dev/null; then
					echo "module $m is built into $CX_KVER: nothing to pack" >&2
					continue
				fi
				echo "module $m not found in $mdir/modules.dep" >&2
				return 1
			fi
			for a in $line; do
				mkdir -p "$r/lib/modules/$CX_KVER/$(dirname "$a")" &&
					cp "$mdir/$a" "$r/lib/modules/$CX_KVER/$a" || return 1
			done
			echo "$m" >> "$r/etc/cx-modules"
		done
	fi

	for a in ${files[@]+"${files[@]}"}; do
		dest=$r/${a#*:}
		mkdir -p "$(dirname "$dest")" && cp -L "${a%%:*}" "$dest" || return 1
	done
}

# ------------------------------------------------------------------- QEMU
# cx_qemu_cmd: print the QEMU command line cx_run_qemu uses, one argument per
# line, without its -serial option (for scripts/demo and for reproducing).
cx_qemu_cmd() {
	local a
	# shellcheck disable=SC2086 # CX_QEMU_EXTRA is split at blanks on purpose
	for a in "$CX_QEMU" -accel tcg -cpu "$CX_QEMU_CPU" -m "$CX_QEMU_MEM" \
		-nodefaults -display none -no-reboot "${CX_QEMU_ARGS[@]}" $CX_QEMU_EXTRA; do
		printf '%s\n' "$a"
	done
}

# cx_run_qemu [--expect-exit|--expect-reset] NAME TIMEOUT MARKER...
# Boot QEMU with CX_QEMU_ARGS (an array: -kernel, -initrd, -cdrom, ...), its
# serial port logged to $CX_LOGDIR/NAME.log and its own messages to
# $CX_LOGDIR/NAME.qemu.log.  Return 0 once every MARKER has appeared in order
# (and, with --expect-exit, the guest has then powered the machine off:
# QEMU exited by itself, with status 0, after a shutdown request rather than
# a reset such as a triple fault).  Return 1 on the TIMEOUT (seconds), when
# QEMU exits before the markers are all there, or fails to start.  The QEMU
# started here is killed on return, and on any exit of the test.
# --expect-reset: as --expect-exit, but the machine must reset (QEMU
# -no-reboot exits without a shutdown request), e.g. after a reboot.
# With CX_SERIAL_FIFO set (see cx_serial_input), the serial port also
# reads what is written to that FIFO.
cx_run_qemu() {
	local expect_exit=0 expect_reset=0 name timeout log qlog t0 deadline result= missing rc=0 pid
	local -a cmd
	if [ "${1:-}" = --expect-exit ]; then expect_exit=1; shift; fi
	if [ "${1:-}" = --expect-reset ]; then expect_exit=1 expect_reset=1; shift; fi
	[ $# -ge 3 ] || cx_die "usage: cx_run_qemu [--expect-exit|--expect-reset] NAME TIMEOUT MARKER..."
	name=$1 timeout=$2
	shift 2
	[ -x "$CX_MARKERS" ] || cx_die "marker matcher $CX_MARKERS not built (make -C tests/system cx-markers)"
	mkdir -p "$CX_LOGDIR" || return 1
	log=$CX_LOGDIR/$name.log
	qlog=$CX_LOGDIR/$name.qemu.log
	: > "$log"
	mapfile -t cmd < <(cx_qemu_cmd)
	if [ -n "${CX_SERIAL_FIFO:-}" ]; then
		# Input from the FIFO, output to the log (and to FIFO.out, drained).
		cmd+=(-chardev "pipe,id=cxcom1,path=$CX_SERIAL_FIFO,logfile=$log"
			-serial chardev:cxcom1)
		cat "$CX_SERIAL_FIFO.out" > /dev/null &
		cx_on_exit "kill $! 2>/dev/null"
		CX_SERIAL_FIFO=	# for this run only
	else
		cmd+=(-serial "file:$log")
	fi
	# Log guest power-off requests: a reset (triple fault) under -no-reboot
	# also ends QEMU with status 0, but without this trace line.
	cmd+=(-trace qemu_system_shutdown_request)
	{ printf 'cx_run_qemu: '; printf '%q ' "${cmd[@]}"; echo; } | tee "$qlog" >&2
	t0=${EPOCHREALTIME/[.,]/}
	deadline=$((SECONDS + timeout))
	"${cmd[@]}" < /dev/null >> "$qlog" 2>&1 &
	CX_QEMU_PID=$!
	pid=$CX_QEMU_PID
	while :; do
		if [ -z "$result" ] && "$CX_MARKERS" -q "$log" "$@"; then
			result=markers
			[ $expect_exit = 1 ] || break
		fi
		if ! cx__alive "$pid"; then
			wait "$pid"
			rc=$?
			CX_QEMU_PID=
			# The last lines may have arrived with the exit.
			[ -n "$result" ] || ! "$CX_MARKERS" -q "$log" "$@" || result=markers
			if [ "$result" != markers ]; then
				result=early-exit
			elif [ $rc != 0 ]; then
				result=exit-status
			elif ! grep -q '^qemu_system_shutdown_request' "$qlog"; then
				result=reset
			else
				result=exited
			fi
			break
		fi
		if [ $SECONDS -ge $deadline ]; then
			[ "$result" = markers ] && result=no-exit || result=timeout
			break
		fi
		sleep 0.25
	done
	cx__kill_qemu
	t0=$(( ${EPOCHREALTIME/[.,]/} - t0 ))
	t0=$((t0 / 1000000)).$(((t0 / 100000) % 10))
	case $result in
	markers)
		cx_info "PASS: $name: all $# markers in order (${t0} s)"
		return 0 ;;
	exited)
		if [ $expect_reset = 0 ]; then
			cx_info "PASS: $name: all $# markers in order, then the guest powered off (${t0} s)"
			return 0
		fi
		result=poweroff ;;
	reset)
		if [ $expect_reset = 1 ]; then
			cx_info "PASS: $name: all $# markers in order, then the machine reset (${t0} s)"
			return 0
		fi ;;
	esac
	missing=$("$CX_MARKERS" "$log" "$@")
	case $result in
	timeout) cx_info "FAIL: $name: timeout after ${timeout} s: $missing" ;;
	early-exit) cx_info "FAIL: $name: QEMU exited (status $rc) after ${t0} s: $missing" ;;
	exit-status) cx_info "FAIL: $name: all markers seen, but QEMU exited with status $rc" ;;
	reset) cx_info "FAIL: $name: all markers seen, but the machine reset (triple fault?) instead of powering off" ;;
	poweroff) cx_info "FAIL: $name: all markers seen, but the machine powered off instead of resetting" ;;
	no-exit) cx_info "FAIL: $name: all markers seen, but QEMU did not exit by itself within ${timeout} s" ;;
	esac
	echo "--- last 40 lines of the serial log $log:" >&2
	tail -n 40 "$log" | tr -d '\r' >&2
	echo "--- end of serial log" >&2
	if [ -n "$(sed 1d "$qlog")" ]; then
		echo "--- QEMU's messages ($qlog):" >&2
		sed 1d "$qlog" | tail -n 20 >&2
	fi
	return 1
}

# cx_dom0_initramfs OUT.cpio.gz: dom0's initramfs as the dom0 tests, the
# benchmark and the demo use it: init/dom0, cx-xentest, xenstored and the
# xenstore client when the tools are built (then CX_DOM0_XENSTORE=1, else
# 0), and the Xen kernel modules.
cx_dom0_initramfs() {
	local -a bins=(--bin "$top_builddir/tests/system/cx-xentest")
	CX_DOM0_XENSTORE=0
	if [ -x "$top_builddir/tools/xenstored/xenstored" ] &&
		[ -x "$top_builddir/tools/xenstore/xenstore" ]; then
		bins+=(--bin "$top_builddir/tools/xenstored/xenstored"
			--bin "$top_builddir/tools/xenstore/xenstore")
		CX_DOM0_XENSTORE=1
	fi
	cx_build_initramfs "$1" --init "$CX_SYSTEM_SRCDIR/init/dom0" "${bins[@]}" \
		--kmod xen-evtchn --kmod xen-privcmd --kmod xen-gntdev \
		--kmod xen-gntalloc --kmod xenfs
}

# ------------------------------------------------------------ serial input
# cx_serial_input NAME MARKER TEXT [MARKER TEXT]...: make the next
# cx_run_qemu read COM1 input from a FIFO, and type into it from the
# background: each TEXT (printf format: '\001' is Ctrl-A, '\n' Enter) once
# its MARKER has appeared in the serial log $CX_LOGDIR/NAME.log.  Call it
# right before cx_run_qemu NAME.
cx_serial_input() {
	local name=$1 fifo
	shift
	fifo=$CX_WORKDIR/$name.serial
	mkdir -p "$CX_WORKDIR" "$CX_LOGDIR" || return 1
	rm -f "$fifo.in" "$fifo.out"
	mkfifo "$fifo.in" "$fifo.out" || return 1
	cx_on_exit "rm -f '$fifo.in' '$fifo.out'"
	CX_SERIAL_FIFO=$fifo
	: > "$CX_LOGDIR/$name.log"
	(
		log=$CX_LOGDIR/$name.log seen=()
		while [ $# -ge 2 ]; do
			seen+=("$1")	# in order after the earlier ones
			until "$CX_MARKERS" -q "$log" "${seen[@]}"; do
				sleep 0.2
			done
			sleep 0.5	# let the reader get to its prompt
			# shellcheck disable=SC2059 # TEXT is a printf format
			printf "$2" > "$fifo.in"
			shift 2
		done
	) &
	cx_on_exit "kill $! 2>/dev/null"
}
