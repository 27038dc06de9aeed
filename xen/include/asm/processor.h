/* x86 control registers, CPUID feature bits and basic CPU instructions. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <xen/const.h>

#define X86_CR0_PE                  0x00000001
#define X86_CR0_WP                  0x00010000
#define X86_CR0_PG                  0x80000000

#define X86_CR4_PAE                 0x00000020

/* CPUID 0x80000001 EDX */
#define CPUID_EXT_EDX_NX            (1 << 20)
#define CPUID_EXT_EDX_LM            (1 << 29)

#ifndef __ASSEMBLY__

#include <xen/types.h>

struct cpuid_regs {
    uint32_t eax, ebx, ecx, edx;
};

static inline void cpuid(uint32_t leaf, struct cpuid_regs *r)
{
    __asm__ __volatile__ ("cpuid"
                          : "=a" (r->eax), "=b" (r->ebx),
                            "=c" (r->ecx), "=d" (r->edx)
                          : "a" (leaf), "c" (0));
}

static inline void local_irq_disable(void)
{
    __asm__ __volatile__ ("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
    __asm__ __volatile__ ("sti" ::: "memory");
}

static inline void halt(void)
{
    __asm__ __volatile__ ("hlt" ::: "memory");
}

static inline void cpu_relax(void)
{
    __asm__ __volatile__ ("pause" ::: "memory");
}

#endif /* !__ASSEMBLY__ */

#endif /* ASM_PROCESSOR_H */
