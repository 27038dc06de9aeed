/* Guest time: each vCPU's pvclock in its vcpu_info and the wallclock in
 * shared_info, taken from our TSC scale and, once at boot, the CMOS RTC. */
#include <asm/io.h>
#include <asm/time.h>
#include <xen/compiler.h>
#include <xen/lib.h>
#include <xen/pvclock.h>
#include <xen/sched.h>
#include <xen/string.h>

#define NSEC_PER_SEC        1000000000ull

/* CMOS RTC (MC146818) registers behind index port 0x70 / data port 0x71. */
#define CMOS_INDEX          0x70
#define CMOS_DATA           0x71
#define RTC_SEC             0x00
#define RTC_MIN             0x02
#define RTC_HOUR            0x04
#define RTC_MDAY            0x07
#define RTC_MON             0x08
#define RTC_YEAR            0x09
#define RTC_STATUS_A        0x0a
#define RTC_STATUS_B        0x0b
#define RTC_CENTURY         0x32    /* where PC firmware (and QEMU) keep it */
#define RTC_A_UIP           0x80    /* an update is in progress */
#define RTC_B_24H           0x02
#define RTC_B_BINARY        0x04
#define RTC_HOUR_PM         0x80    /* 12-hour mode */
#define RTC_UIP_SPINS       100000
#define RTC_UIP_MAX         MILLISECS(10)
#define RTC_READ_TRIES      5

/* ---- pvclock ---- */

/*
 * We hand the guest the CPU's own calibration stamp rather than a fresh
 * (rdtsc, NOW()) pair: the guest's formula then performs exactly the
 * arithmetic of get_s_time(), so guest time equals NOW() to the ns, with
 * no rounding step at each update.  The stamp only changes when the vCPU
 * moves to another pCPU (each has its own) or time.c re-stamps, which
 * pvclock_update notices by comparing.
 */
void pvclock_fill(struct vcpu_time_info *t, const struct cpu_time *ct)
{
    volatile struct vcpu_time_info *vt = t;
    uint32_t ver = vt->version;
    uint32_t odd = (ver & 1) ? ver + 2 : ver + 1;

    vt->version = odd;
    barrier();      /* x86 keeps stores in order: the compiler must too */
    vt->tsc_timestamp = ct->tsc_stamp;
    vt->system_time = (uint64_t)ct->stime_stamp;
    vt->tsc_to_system_mul = ct->tsc_scale.mul_frac;
    vt->tsc_shift = (int8_t)ct->tsc_scale.shift;
    /* No TSC_STABLE: guests then keep their clock monotonic across CPUs
     * themselves, which costs them little and needs no proof from us. */
    vt->flags = 0;
    barrier();
    vt->version = odd + 1;
}

bool pvclock_matches(const struct vcpu_time_info *t,
                     const struct cpu_time *ct)
{
    return !(t->version & 1) && t->tsc_timestamp == ct->tsc_stamp &&
           t->system_time == (uint64_t)ct->stime_stamp &&
           t->tsc_to_system_mul == ct->tsc_scale.mul_frac &&
           t->tsc_shift == (int8_t)ct->tsc_scale.shift && t->flags == 0;
}

void pvclock_update(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;
    struct cpu_time ct;

    if (!vi)
        return;
    get_cpu_time_stamp(&ct);
    if (!pvclock_matches(&vi->time, &ct))
        pvclock_fill(&vi->time, &ct);
}

/* ---- The RTC ---- */

static unsigned int bcd_to_bin(uint8_t v)
{
    return (v >> 4) * 10 + (v & 0x0f);
}

int64_t days_from_civil(int64_t year, unsigned int mon, unsigned int mday)
{
    /* Count from March so the leap day ends the year; eras are the
     * 400-year cycles of the Gregorian calendar (146097 days each). */
    int64_t y = mon <= 2 ? year - 1 : year;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5 + mday - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;     /* 719468: 0000-03-01 .. 1970 */
}

bool rtc_decode(const struct rtc_regs *r, uint64_t *secs)
{
    bool binary = r->status_b & RTC_B_BINARY;
    unsigned int (*conv)(uint8_t) = binary ? NULL : bcd_to_bin;
    uint8_t hour_raw = r->hour;
    bool pm = false;
    unsigned int sec, min, hour, mday, mon, year, century;
    int64_t days;

    if (!(r->status_b & RTC_B_24H)) {
        pm = hour_raw & RTC_HOUR_PM;
        hour_raw &= ~RTC_HOUR_PM;
    }
#define RTC_FIELD(x) (conv ? conv(x) : (unsigned int)(x))
    sec = RTC_FIELD(r->sec);
    min = RTC_FIELD(r->min);
    hour = RTC_FIELD(hour_raw);
    mday = RTC_FIELD(r->mday);
    mon = RTC_FIELD(r->mon);
    year = RTC_FIELD(r->year);
    century = RTC_FIELD(r->century);
#undef RTC_FIELD
    if (!(r->status_b & RTC_B_24H)) {
        if (hour < 1 || hour > 12)
            return false;
        hour = (hour % 12) + (pm ? 12 : 0);
    }
    if (sec > 59 || min > 59 || hour > 23 || mday < 1 || mday > 31 ||
        mon < 1 || mon > 12 || year > 99)
        return false;
    /* Without a plausible century byte, the two digits pick 1970..2069. */
    if (century < 19 || century > 21)
        century = year < 70 ? 20 : 19;
    days = days_from_civil(century * 100 + year, mon, mday);
    if (days < 0)
        return false;
    *secs = (uint64_t)days * 86400 + hour * 3600 + min * 60 + sec;
    return true;
}

static uint8_t cmos_read(uint8_t reg)
{
    outb(reg, CMOS_INDEX);
    return inb(CMOS_DATA);
}

static void rtc_read_once(struct rtc_regs *r)
{
    s_time_t deadline = NOW() + RTC_UIP_MAX;
    unsigned int spins = 0;

    /* Registers change during an update cycle (under 2 ms): wait it out,
     * but not for ever on a broken RTC. */
    while ((cmos_read(RTC_STATUS_A) & RTC_A_UIP) && ++spins < RTC_UIP_SPINS &&
           NOW() < deadline)
        ;
    r->sec = cmos_read(RTC_SEC);
    r->min = cmos_read(RTC_MIN);
    r->hour = cmos_read(RTC_HOUR);
    r->mday = cmos_read(RTC_MDAY);
    r->mon = cmos_read(RTC_MON);
    r->year = cmos_read(RTC_YEAR);
    r->century = cmos_read(RTC_CENTURY);
    r->status_b = cmos_read(RTC_STATUS_B);
}

/* Two identical reads in a row: no update slipped in between. */
static bool rtc_read(uint64_t *secs)
{
    struct rtc_regs a, b;
    unsigned int i;

    if (cmos_read(RTC_STATUS_A) == 0xff)
        return false;           /* nothing answers: no RTC */
    rtc_read_once(&a);
    for (i = 0; i < RTC_READ_TRIES; i++) {
        rtc_read_once(&b);
        if (!memcmp(&a, &b, sizeof(a)))
            return rtc_decode(&a, secs);
        a = b;
    }
    return false;
}

/* ---- The wallclock ---- */

static uint64_t boot_wall_ns;       /* wall time at system time 0 */
static bool wallclock_ready;
static DEFINE_SPINLOCK(wallclock_lock);

void wallclock_init(void)
{
    uint64_t secs;
    s_time_t now;

    spin_lock(&wallclock_lock);
    if (wallclock_ready) {
        spin_unlock(&wallclock_lock);
        return;
    }
    now = NOW();
    if (rtc_read(&secs)) {
        boot_wall_ns = secs * NSEC_PER_SEC - (uint64_t)now;
        printk("Wallclock: RTC %llu s since the epoch\n",
               (unsigned long long)secs);
    } else {
        printk(XENLOG_WARNING "Wallclock: no readable RTC; starting at the "
               "epoch\n");
    }
    wallclock_ready = true;
    spin_unlock(&wallclock_lock);
}

uint64_t wallclock_boot_ns(void)
{
    return boot_wall_ns;
}

void update_domain_wallclock_time(struct domain *d)
{
    volatile struct shared_info *s = d->shared_info;
    uint64_t ns = boot_wall_ns, secs = ns / NSEC_PER_SEC;
    uint32_t ver;

    if (!s)
        return;
    ver = s->wc_version;
    ver = (ver & 1) ? ver + 2 : ver + 1;
    s->wc_version = ver;
    barrier();
    s->wc_sec = (uint32_t)secs;
    s->wc_sec_hi = (uint32_t)(secs >> 32);
    s->wc_nsec = (uint32_t)(ns % NSEC_PER_SEC);
    barrier();
    s->wc_version = ver + 1;
}

void wallclock_set(uint64_t secs, uint32_t nsecs, s_time_t stime)
{
    struct domain *d;

    wallclock_init();       /* a later lazy RTC read must not undo this */
    spin_lock(&wallclock_lock);
    boot_wall_ns = secs * NSEC_PER_SEC + nsecs - (uint64_t)stime;
    spin_unlock(&wallclock_lock);
    for_each_domain(d)
        update_domain_wallclock_time(d);
}
