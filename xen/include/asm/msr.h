/* Model-specific registers: numbers, bits and rdmsr/wrmsr. */
#ifndef ASM_MSR_H
#define ASM_MSR_H

#define MSR_EFER            0xc0000080
#define EFER_LME            (1 << 8)    /* long mode enable */
#define EFER_LMA            (1 << 10)   /* long mode active */
#define EFER_NXE            (1 << 11)   /* no-execute enable */

#define MSR_GS_BASE         0xc0000101  /* per-CPU area: see xen/percpu.h */

#ifndef __ASSEMBLY__

#include <xen/types.h>

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__ ("rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    __asm__ __volatile__ ("wrmsr"
                          :: "c" (msr), "a" ((uint32_t)val),
                             "d" ((uint32_t)(val >> 32)));
}

#endif /* !__ASSEMBLY__ */

#endif /* ASM_MSR_H */
