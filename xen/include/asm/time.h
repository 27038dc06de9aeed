/* x86 time sources: TSC, calibration at boot, busy-wait delays. */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <xen/time.h>
#include <xen/types.h>

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__ ("rdtsc" : "=a" (lo), "=d" (hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Calibrate the TSC and start system time on the boot CPU. */
int early_time_init(void);
/* Give an AP the boot CPU's scale, stamped now (called on the AP). */
void time_init_secondary(void);
/* Busy-wait (uses the TSC; a fixed loop before calibration). */
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);
/* A copy of this CPU's stamp: NOW() = stime_stamp + scale(tsc - tsc_stamp). */
void get_cpu_time_stamp(struct cpu_time *ct);
/* Debug key 't' helper: per-CPU time state. */
void dump_time_state(void);

#endif /* ASM_TIME_H */
