# Local autoconf macros of the distribution.

# CX_REQUIRE_PKG(VAR, MODULES, DEBIAN-PACKAGE)
# Find MODULES with pkg-config into VAR_CFLAGS/VAR_LIBS; stop with one line
# naming the Debian package when it is missing.
AC_DEFUN([CX_REQUIRE_PKG], [
  PKG_CHECK_MODULES([$1], [$2], [],
    [AC_MSG_ERROR([$2 not found: install the Debian package $3])])
])

# CX_CHECK_FREESTANDING
# The hypervisor is freestanding 64-bit code built by the host gcc: check that
# it compiles and links such code without the C library.
AC_DEFUN([CX_CHECK_FREESTANDING], [
  AC_MSG_CHECKING([whether $CC builds freestanding x86_64 code])
  cx_save_CFLAGS=$CFLAGS
  cx_save_LDFLAGS=$LDFLAGS
  cx_save_LIBS=$LIBS
  CFLAGS="-m64 -ffreestanding -fno-pic -mno-red-zone -mcmodel=kernel -fno-stack-protector -mgeneral-regs-only"
  LDFLAGS="-nostdlib -static -Wl,--build-id=none -Wl,-e,cx_entry"
  LIBS=
  AC_LINK_IFELSE([AC_LANG_SOURCE([[
#include <stdint.h>
#include <stddef.h>
void cx_entry(void);
void cx_entry(void) { volatile uint64_t x = sizeof(size_t); (void)x; for (;;) ; }
]])], [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     AC_MSG_ERROR([$CC cannot build freestanding x86_64 code: install the Debian package gcc])])
  CFLAGS=$cx_save_CFLAGS
  LDFLAGS=$cx_save_LDFLAGS
  LIBS=$cx_save_LIBS
])
