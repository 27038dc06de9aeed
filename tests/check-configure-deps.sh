#!/bin/sh
# configure must stop with one line naming the Debian package of a missing
# library: run it with an empty pkg-config search path and check that line.
set -u
: "${top_srcdir:?}"
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/pc" "$dir/build"
cd "$dir/build" || exit 99
PKG_CONFIG_LIBDIR="$dir/pc" PKG_CONFIG_PATH= "$top_srcdir/configure" -q >out 2>&1
rc=$?
last=$(tail -n 1 out)
echo "configure exited $rc: $last"
[ $rc != 0 ] || { echo "FAIL: configure succeeded without libraries"; exit 1; }
case $last in
*"install the Debian package libyajl-dev"*) exit 0 ;;
*) echo "FAIL: the last line does not name libyajl-dev"; exit 1 ;;
esac
