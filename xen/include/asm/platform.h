/* What platform_op (arch/x86/platform_op.c) keeps for the rest of the
 * hypervisor: the wallclock dom0 set with XENPF_settime{32,64}. */
#ifndef ASM_PLATFORM_H
#define ASM_PLATFORM_H

#include <xen/types.h>

struct platform_wallclock {
    uint64_t secs;              /* UNIX seconds ... */
    uint32_t nsecs;             /* ... and ns ... */
    uint64_t stime;             /* ... at this system time (ns) */
    bool valid;                 /* dom0 has set it */
};

extern struct platform_wallclock platform_wallclock;

#endif /* ASM_PLATFORM_H */
