/* AP start-up: where the real-mode trampoline runs and what the boot CPU
 * passes to it (arch/x86/trampoline.S, arch/x86/smpboot.c). */
#ifndef ASM_SMPBOOT_H
#define ASM_SMPBOOT_H

/* A page below 1 MiB that the heap never hands out (it keeps [0, 1 MiB))
 * and that QEMU's and GRUB's multiboot data do not use. */
#define TRAMPOLINE_PHYS     0x7000

/* Offsets in struct trampoline_args, for the assembly. */
#define TA_CR3              8
#define TA_CR0              16
#define TA_CR4              24
#define TA_STACK            32

#ifndef __ASSEMBLY__

#include <xen/types.h>

struct trampoline_args {
    uint32_t ta_boot_cr3;       /* 32-bit reachable tables (l4_bootmap) */
    uint32_t ta_efer;           /* EFER bits to set: LME, NXE */
    uint64_t ta_cr3;            /* the idle page tables */
    uint64_t ta_cr0;
    uint64_t ta_cr4;
    uint64_t ta_stack;          /* initial RSP */
};

_Static_assert(__builtin_offsetof(struct trampoline_args, ta_cr3) == TA_CR3,
               "trampoline_args layout");
_Static_assert(__builtin_offsetof(struct trampoline_args, ta_stack) ==
               TA_STACK, "trampoline_args layout");

extern const char trampoline_start[], trampoline_end[], trampoline_args[];

#endif /* !__ASSEMBLY__ */

#endif /* ASM_SMPBOOT_H */
