#!/bin/sh
# `make install DESTDIR=` of the whole configured tree: every file lands
# under DESTDIR, at the FHS places relative to the configured directories
# (passed in by Makefile.am), nothing is written outside DESTDIR, and
# `make uninstall` removes every file again.
set -u
D=$(mktemp -d "${TMPDIR:-/tmp}/inst.XXXXXX")
trap 'chmod -R u+w "$D" 2>/dev/null; rm -rf "$D" "$D.stamp" "$D.log"' EXIT
touch "$D.stamp"
errors=0
bad() { echo "FAIL: $*"; errors=$((errors + 1)); }

if ! $MAKE -C "$top_builddir" install DESTDIR="$D" >"$D.log" 2>&1; then
    tail -30 "$D.log"; echo "FAIL: make install DESTDIR=$D"; exit 1
fi

file() { [ -f "$D$1" ] || bad "missing file $1"; }
exe()  { [ -f "$D$1" ] && [ -x "$D$1" ] || bad "missing executable $1"; }
dir()  { [ -d "$D$1" ] || bad "missing directory $1"; }
link() { [ -L "$D$1" ] || bad "missing symlink $1"; }
has()  { grep -q -e "$2" "$D$1" 2>/dev/null || bad "$1 does not contain '$2'"; }

if [ "$HV_ENABLED" = yes ]; then
    link "$bootdir/xen.gz"
    file "$bootdir/xen-$VERSION.gz"
    [ "$(readlink "$D$bootdir/xen.gz")" = "xen-$VERSION.gz" ] || bad "xen.gz link target"
    file "$debugdir/xen-syms-$VERSION"
fi
exe "$sbindir/xl"
exe "$sbindir/xenstored"
exe "$bindir/xenstore"
exe "$bindir/xenstore-read"
exe "$bindir/xenstore-write"
link "$libdir/libxenstore.so"
exe "$libdir/libxenstore.so.4"
if command -v readelf >/dev/null 2>&1; then
    readelf -d "$D$libdir/libxenstore.so.4" | grep -q 'SONAME.*\[libxenstore\.so\.4\]' ||
        bad "libxenstore.so.4 has no soname libxenstore.so.4"
fi
file "$includedir/xenstore.h"
file "$libdir/pkgconfig/xenstore.pc"
has "$libdir/pkgconfig/xenstore.pc" "^libdir=$libdir\$"
file "$sysconfdir/xen/xl.conf"
exe "$sysconfdir/init.d/xencommons"
has "$sysconfdir/init.d/xencommons" "### BEGIN INIT INFO"
has "$sysconfdir/init.d/xencommons" "$sbindir/xenstored"
file "$sysconfdir/default/xencommons"
has "$sysconfdir/default/xencommons" "^#XENSTORED=$sbindir/xenstored\$"
file "$systemdsystemunitdir/xenstored.service"
file "$systemdsystemunitdir/proc-xen.mount"
has "$systemdsystemunitdir/xenstored.service" "^ExecStart=$sbindir/xenstored "
has "$systemdsystemunitdir/xenstored.service" "^Type=notify\$"
has "$systemdsystemunitdir/xenstored.service" "^EnvironmentFile=-$sysconfdir/default/xencommons\$"
file "$prefix/lib/modules-load.d/xen.conf"
dir "$localstatedir/lib/xen"
dir "$localstatedir/log/xen"
dir "$localstatedir/lib/xenstored"
file "$mandir/man1/xl.1"
file "$mandir/man5/xl.cfg.5"
for f in init.d/xencommons default/xencommons; do
    grep -n '@[A-Za-z_]*@' "$D$sysconfdir/$f" && bad "$f has unsubstituted variables"
done

# Everything under DESTDIR lies below one of the configured directories.
roots="$prefix $exec_prefix $sysconfdir $localstatedir $bootdir $debugdir $systemdsystemunitdir $libdir $mandir"
find "$D" ! -type d | sed "s|^$D||" > "$D.stamp.list"
while read -r p; do
    ok=no
    for r in $roots; do
        case $p in "$r"/*) ok=yes; break ;; esac
    done
    [ $ok = yes ] || bad "installed outside the configured directories: $p"
    # ...and the same path outside DESTDIR was not written by this install.
    [ -e "$p" ] && [ "$p" -nt "$D.stamp" ] && bad "written outside DESTDIR: $p"
done < "$D.stamp.list"
rm -f "$D.stamp.list"

# make uninstall removes every file (as distcheck's uninstall check wants).
if ! $MAKE -C "$top_builddir" uninstall DESTDIR="$D" >"$D.log" 2>&1; then
    tail -30 "$D.log"; bad "make uninstall DESTDIR=$D"
fi
left=$(find "$D" ! -type d | sed "s|^$D||")
[ -z "$left" ] || bad "left after make uninstall: $left"

[ $errors -eq 0 ] || exit 1
echo "PASS: make install DESTDIR= layout"
