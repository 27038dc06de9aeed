/* Guest time: each vCPU's pvclock (vcpu_time_info) and the shared_info
 * wallclock, from the hypervisor's TSC scale and the CMOS RTC
 * (arch/x86/pvclock.c). */
#ifndef XEN_PVCLOCK_H
#define XEN_PVCLOCK_H

#include <public/xen.h>
#include <xen/time.h>
#include <xen/types.h>

struct domain;
struct vcpu;

/* Fill t from a CPU's stamp with the version protocol (odd while
 * writing).  Then a guest's pvclock formula gives that CPU's NOW(). */
void pvclock_fill(struct vcpu_time_info *t, const struct cpu_time *ct);
/* Whether t already holds ct's values (nothing to rewrite). */
bool pvclock_matches(const struct vcpu_time_info *t,
                     const struct cpu_time *ct);
/* Bring v's vcpu_info time up to date for the pCPU it is about to run on
 * (cheap when nothing changed: called before every guest entry). */
void pvclock_update(struct vcpu *v);

/* The CMOS RTC registers wallclock_init reads. */
struct rtc_regs {
    uint8_t sec, min, hour, mday, mon, year, century;
    uint8_t status_b;           /* RTC register B: binary / 24-hour bits */
};
/* Seconds since 1970-01-01 UTC from raw registers (BCD or binary, 12- or
 * 24-hour); false when a field is out of range. */
bool rtc_decode(const struct rtc_regs *r, uint64_t *secs);
/* Days from 1970-01-01 to year-mon-mday (proleptic Gregorian). */
int64_t days_from_civil(int64_t year, unsigned int mon, unsigned int mday);

/* Read the RTC once (later calls do nothing): the wall time at system
 * time 0. */
void wallclock_init(void);
/* XENPF_settime64: wall time secs.nsecs held at system time stime; every
 * domain's shared_info follows. */
void wallclock_set(uint64_t secs, uint32_t nsecs, s_time_t stime);
/* The boot wall time (ns since the epoch at system time 0). */
uint64_t wallclock_boot_ns(void);
/* Copy the boot wall time into d's shared_info (wc_*, versioned). */
void update_domain_wallclock_time(struct domain *d);

#endif /* XEN_PVCLOCK_H */
