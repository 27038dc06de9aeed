/* System time: nanoseconds since boot (s_time_t), read with NOW(). */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

typedef int64_t s_time_t;

#define SECONDS(s)          ((s_time_t)((s) * 1000000000ULL))
#define MILLISECS(ms)       ((s_time_t)((ms) * 1000000ULL))
#define MICROSECS(us)       ((s_time_t)((us) * 1000ULL))
#define STIME_MAX           ((s_time_t)((uint64_t)~0ULL >> 1))

/* Nanoseconds since boot on this CPU's TSC scale (arch/x86/time.c). */
s_time_t get_s_time(void);
#define NOW()               get_s_time()

/*
 * TSC to nanoseconds, as in Xen's pvclock: ns = ((tsc << shift) *
 * mul_frac) >> 32 (a right shift for negative shift).  Guests get the same
 * pair in their vcpu_time_info.
 */
struct time_scale {
    int shift;
    uint32_t mul_frac;
};

void set_time_scale(struct time_scale *ts, uint64_t ticks_per_sec);
uint64_t scale_delta(uint64_t delta, const struct time_scale *scale);

/* Per-CPU calibration stamp: time = stime_stamp + scale(tsc - tsc_stamp). */
struct cpu_time {
    uint64_t tsc_stamp;
    s_time_t stime_stamp;
    struct time_scale tsc_scale;
};

extern unsigned long cpu_khz;       /* TSC frequency */

#endif /* XEN_TIME_H */
