/* Constants usable from both C and assembly (and the linker script). */
#ifndef XEN_CONST_H
#define XEN_CONST_H

#ifdef __ASSEMBLY__
#define _AC(x, suffix)  x
#else
#define _AC_PASTE(x, suffix)  x ## suffix
#define _AC(x, suffix)  _AC_PASTE(x, suffix)
#endif

#define BIT(n)  (_AC(1, UL) << (n))

#endif /* XEN_CONST_H */
