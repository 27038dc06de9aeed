/* System time: TSC calibration against the HPET, ACPI PM timer or PIT at boot,
 * and NOW() in nanoseconds from the TSC with a per-CPU scale (the same
 * shift/mul_frac pair guests' pvclock uses). */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/time.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/string.h>
#include <xen/time.h>

#define NSEC_PER_SEC        1000000000ULL
#define CALIBRATE_MS        50

/* i8254 PIT: channel 2, gated and read back through port 0x61. */
#define PIT_HZ              1193182
#define PIT_CH2             0x42
#define PIT_MODE            0x43
#define PIT_CH2_MODE0       0xb0    /* channel 2, lo/hi byte, mode 0 */
#define PORT_B              0x61
#define PORT_B_GATE2        0x01
#define PORT_B_SPEAKER      0x02
#define PORT_B_OUT2         0x20

#define PM_TIMER_HZ         3579545

/* HPET registers (IA-PC HPET spec 2.3). */
#define HPET_MMIO_SIZE      0x400
#define HPET_GCAP_ID        0x000   /* period in fs: bits 63:32 */
#define HPET_GEN_CONF       0x010
#define HPET_ENABLE         0x1
#define HPET_MAIN_COUNTER   0x0f0
#define HPET_MAX_PERIOD_FS  100000000ULL    /* spec: at most 100 ns */
#define FS_PER_SEC          1000000000000000ULL

unsigned long cpu_khz;

/* clocksource=hpet|acpi|pit: what to calibrate the TSC against first. */
static char opt_clocksource[8];
string_param("clocksource", opt_clocksource);
static DEFINE_PER_CPU(struct cpu_time, cpu_time);

/*
 * Choose shift and mul_frac so that ((delta << shift) * mul_frac) >> 32
 * converts ticks at ticks_per_sec to ns: normalise the rate into
 * (1e9, 2e9] by shifting, then mul_frac = 2^32 * 1e9 / rate < 2^32.
 */
void set_time_scale(struct time_scale *ts, uint64_t ticks_per_sec)
{
    uint64_t tps = ticks_per_sec;
    int shift = 0;

    while (tps > 2 * NSEC_PER_SEC) {
        tps >>= 1;
        shift--;
    }
    while (tps <= NSEC_PER_SEC) {
        tps <<= 1;
        shift++;
    }
    ts->shift = shift;
    ts->mul_frac = (uint32_t)((NSEC_PER_SEC << 32) / tps);
}

uint64_t scale_delta(uint64_t delta, const struct time_scale *scale)
{
    if (scale->shift < 0)
        delta >>= -scale->shift;
    else
        delta <<= scale->shift;
    return (uint64_t)(((unsigned __int128)delta * scale->mul_frac) >> 32);
}

s_time_t get_s_time(void)
{
    const struct cpu_time *t = &this_cpu(cpu_time);

    return t->stime_stamp + scale_delta(rdtsc() - t->tsc_stamp,
                                        &t->tsc_scale);
}

/* This CPU's calibration stamp and scale (pvclock hands them to guests). */
void get_cpu_time_stamp(struct cpu_time *ct)
{
    *ct = this_cpu(cpu_time);
}

/* ---- Calibration sources: each returns TSC ticks per second, or 0 ---- */

static uint64_t calibrate_pit(void)
{
    uint32_t latch = PIT_HZ * CALIBRATE_MS / 1000;
    uint64_t t0, t1, spins = 0;

    outb((inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2, PORT_B);
    outb(PIT_CH2_MODE0, PIT_MODE);
    outb(latch & 0xff, PIT_CH2);
    outb(latch >> 8, PIT_CH2);
    t0 = rdtsc();
    /* OUT2 goes high when the count reaches zero. */
    while (!(inb(PORT_B) & PORT_B_OUT2) && spins < (1ull << 32))
        spins++;
    t1 = rdtsc();
    if (!spins || spins >= (1ull << 32))
        return 0;           /* no PIT, or it never counted */
    return (t1 - t0) * 1000 / CALIBRATE_MS;
}

/*
 * Read-back counters (HPET, PM timer) are measured against the TSC by
 * sampling (counter, TSC) pairs at both ends of the interval.  Each pair is
 * the best of several tries, with the TSC read on both sides of the counter
 * read, so that an interruption (a descheduled vCPU under QEMU) between the
 * two reads cannot skew the result as it would skew an edge-triggered wait.
 */
#define PAIR_TRIES          16

struct ref_counter {
    uint64_t (*read)(void);
    uint64_t mask;              /* counter width */
    uint64_t hz;
};

static void read_pair(const struct ref_counter *rc, uint64_t *count,
                      uint64_t *tsc)
{
    uint64_t best = ~0ull;
    unsigned int i;

    for (i = 0; i < PAIR_TRIES; i++) {
        uint64_t t0 = rdtsc(), c = rc->read(), t1 = rdtsc();

        if (t1 - t0 < best) {
            best = t1 - t0;
            *count = c;
            *tsc = t0 + (t1 - t0) / 2;
        }
    }
}

/* TSC ticks per second against rc over CALIBRATE_MS; 0 if it stands still. */
static uint64_t calibrate_against(const struct ref_counter *rc)
{
    uint64_t c0 = 0, c1 = 0, t0 = 0, t1 = 0, spins = 0;
    uint64_t ticks = rc->hz * CALIBRATE_MS / 1000;

    read_pair(rc, &c0, &t0);
    while (((rc->read() - c0) & rc->mask) < ticks && ++spins < (1u << 31))
        ;
    read_pair(rc, &c1, &t1);
    if (spins >= (1u << 31) || !((c1 - c0) & rc->mask))
        return 0;
    return (t1 - t0) * rc->hz / ((c1 - c0) & rc->mask);
}

static uint64_t pm_timer_read(void)
{
    return inl(acpi_platform.fadt.pm_timer.address);
}

static uint64_t calibrate_pm_timer(void)
{
    const struct acpi_fadt_info *f = &acpi_platform.fadt;
    struct ref_counter rc = { pm_timer_read, 0, PM_TIMER_HZ };

    if (!acpi_platform.have_fadt || !f->pm_timer.address ||
        f->pm_timer.space_id != ACPI_GAS_SYSTEM_IO)
        return 0;
    rc.mask = f->pm_timer_bits == 32 ? 0xffffffffull : (1ull << 24) - 1;
    return calibrate_against(&rc);
}

static volatile uint8_t *hpet_mmio;

static uint64_t hpet_read(void)
{
    return readq(hpet_mmio + HPET_MAIN_COUNTER);
}

/* HPET: a 64-bit main counter whose period (fs) is in its capabilities. */
static uint64_t calibrate_hpet(void)
{
    struct ref_counter rc = { hpet_read, ~0ull, 0 };
    uint64_t period_fs;

    if (!acpi_platform.have_hpet ||
        !maddr_is_mapped(acpi_platform.hpet.address, HPET_MMIO_SIZE))
        return 0;
    hpet_mmio = maddr_to_virt(acpi_platform.hpet.address);
    period_fs = readq(hpet_mmio + HPET_GCAP_ID) >> 32;
    if (!period_fs || period_fs > HPET_MAX_PERIOD_FS)
        return 0;
    writeq(readq(hpet_mmio + HPET_GEN_CONF) | HPET_ENABLE,
           hpet_mmio + HPET_GEN_CONF);
    rc.hz = FS_PER_SEC / period_fs;
    return calibrate_against(&rc);
}

/* In preference order: read-back counters first (see above). */
static const struct {
    const char *name;           /* for the log */
    const char *param;          /* clocksource= value */
    uint64_t (*calibrate)(void);
} calibration_sources[] = {
    { "HPET", "hpet", calibrate_hpet },
    { "ACPI PM timer", "acpi", calibrate_pm_timer },
    { "PIT", "pit", calibrate_pit },
};

/* The first source that works, starting at the one clocksource= names. */
static uint64_t calibrate_tsc(unsigned int *used)
{
    unsigned int i, first = 0, n = ARRAY_SIZE(calibration_sources);
    uint64_t hz;

    for (i = 0; i < n; i++)
        if (!strcmp(opt_clocksource, calibration_sources[i].param))
            first = i;
    if (opt_clocksource[0] && strcmp(opt_clocksource,
                                     calibration_sources[first].param))
        printk(XENLOG_WARNING "clocksource=%s unknown; using %s\n",
               opt_clocksource, calibration_sources[first].param);
    for (i = 0; i < n; i++) {
        *used = (first + i) % n;
        hz = calibration_sources[*used].calibrate();
        if (hz)
            return hz;
    }
    return 0;
}

/*
 * Measure the TSC and start system time on the boot CPU.  Returns 0, or
 * -ENODEV when no source works (NOW() then stays 0).
 */
int early_time_init(void)
{
    struct cpu_time *t = &this_cpu(cpu_time);
    unsigned int used;
    uint64_t hz = calibrate_tsc(&used);

    if (!hz) {
        printk(XENLOG_ERR "TSC: calibration failed (no PIT, HPET or PM "
               "timer)\n");
        return -ENODEV;
    }
    cpu_khz = hz / 1000;
    set_time_scale(&t->tsc_scale, hz);
    t->tsc_stamp = rdtsc();
    t->stime_stamp = 0;
    printk("TSC: %lu.%03lu MHz (calibrated against the %s)\n",
           cpu_khz / 1000, cpu_khz % 1000, calibration_sources[used].name);
    return 0;
}

/* On an AP: the boot CPU's scale, with a stamp taken now on its clock. */
void time_init_secondary(void)
{
    const struct cpu_time *boot = &per_cpu(cpu_time, 0);
    struct cpu_time *t = &this_cpu(cpu_time);
    uint64_t tsc = rdtsc();

    t->tsc_scale = boot->tsc_scale;
    t->stime_stamp = boot->stime_stamp +
        scale_delta(tsc - boot->tsc_stamp, &boot->tsc_scale);
    t->tsc_stamp = tsc;
}

void udelay(unsigned long usecs)
{
    uint64_t start, ticks;

    if (!cpu_khz) {
        while (usecs--)
            io_delay();     /* about 1 us each before calibration */
        return;
    }
    ticks = (uint64_t)usecs * cpu_khz / 1000;
    start = rdtsc();
    while (rdtsc() - start < ticks)
        __asm__ __volatile__ ("pause");
}

void mdelay(unsigned long msecs)
{
    while (msecs--)
        udelay(1000);
}

void dump_time_state(void)
{
    unsigned int cpu;

    printk("Time: TSC %lu kHz, NOW()=%ld ns on CPU%u\n", cpu_khz,
           (long)NOW(), smp_processor_id());
    for_each_online_cpu(cpu) {
        const struct cpu_time *t = &per_cpu(cpu_time, cpu);

        printk(" CPU%u: tsc_stamp=%lu stime_stamp=%ld mul_frac=%#x "
               "shift=%d\n", cpu, (unsigned long)t->tsc_stamp,
               (long)t->stime_stamp, t->tsc_scale.mul_frac,
               t->tsc_scale.shift);
    }
    dump_apic_timer();
}
