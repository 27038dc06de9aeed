/* x86 build-time layout: load address, boot stack and segment selectors. */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#include <xen/const.h>

/* Physical (= virtual, identity-mapped for now) address the image links at. */
#define XEN_LOAD_ADDR       _AC(0x200000, UL)

/* Boot stack, with an unmapped guard page below it. */
#define STACK_SIZE          _AC(0x4000, UL)

/* Boot GDT selectors. */
#define __HYPERVISOR_CS64   0x08
#define __HYPERVISOR_DS     0x10

#endif /* ASM_CONFIG_H */
