# scripts/deps.sh - shared by scripts/demo and scripts/run-tests (bash; source it).
#
# What a fresh Debian 12 machine needs to build this tree, run its tests and
# boot the demo, and the two steps both commands share:
#   cx_deps_install [PKG...]   install whatever of CX_DEPS (and PKG...) is
#                              missing: apt-get update, then apt-get install
#                              -y --no-install-recommends; nothing if complete
#   cx_build_tree              autoreconf (when configure is missing),
#                              configure (when the build dir is new), make -j2,
#                              in $CX_BUILD_DIR (default: build/ in the tree)

# Debian 12 packages, by purpose.
CX_DEPS=(
	# build: compiler, autotools, parser generators
	build-essential autoconf automake libtool pkg-config flex bison gzip binutils
	# toolstack libraries
	libyajl-dev libxml2-dev uuid-dev zlib1g-dev libncurses-dev
	# unit tests
	libcmocka-dev
	# whole-system tests and the demo: QEMU, GRUB ISO images, initramfs
	qemu-system-x86 grub-pc-bin grub-common xorriso mtools
	busybox-static cpio xz-utils kmod util-linux dpkg apt
)

CX_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${CX_BUILD_DIR:=$CX_TOP/build}"

cx_deps_missing() { # PKG...: print those not installed
	local p
	for p in "$@"; do
		[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] ||
			echo "$p"
	done
}

cx_deps_install() {
	local missing
	mapfile -t missing < <(cx_deps_missing "${CX_DEPS[@]}" "$@")
	[ ${#missing[@]} -gt 0 ] || return 0
	echo "== installing Debian packages: ${missing[*]}"
	if [ "$(id -u)" != 0 ]; then
		echo "error: not root; as root run: apt-get install --no-install-recommends ${missing[*]}" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 update &&
		apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
}

cx_build_tree() {
	local jobs=${CX_JOBS:-2}
	if [ ! -x "$CX_TOP/configure" ]; then
		echo "== autoreconf -fi"
		(cd "$CX_TOP" && autoreconf -fi) || return 1
	fi
	if [ -e "$CX_TOP/config.status" ] && [ "$CX_BUILD_DIR" != "$CX_TOP" ]; then
		echo "error: $CX_TOP is configured in place; run 'make distclean' there" \
			"or set CX_BUILD_DIR=$CX_TOP" >&2
		return 1
	fi
	mkdir -p "$CX_BUILD_DIR" || return 1
	if [ ! -e "$CX_BUILD_DIR/config.status" ]; then
		echo "== configure (in $CX_BUILD_DIR)"
		(cd "$CX_BUILD_DIR" && "$CX_TOP/configure" ${CX_CONFIGURE_FLAGS:-}) || return 1
	fi
	echo "== make -j$jobs"
	make -C "$CX_BUILD_DIR" -j"$jobs"
}
