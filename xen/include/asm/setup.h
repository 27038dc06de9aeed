/* x86 start of day: the C entry called by the boot code. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <xen/compiler.h>
#include <xen/types.h>

void __noreturn __start_xen(uint32_t magic, uint32_t info);

#endif /* ASM_SETUP_H */
