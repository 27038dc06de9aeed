/* Local APIC driver (xAPIC through its MMIO page; the test CPU has no
 * x2APIC): enabling, EOI, IPIs, and the timer in one-shot mode as the
 * per-CPU event source of the software timers. */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

#define APIC_CALIBRATE_US   20000
#define ICR_WAIT_US         100000

/*
 * The LAPIC page lies in the boot direct map (below 4 GiB); the firmware's
 * MTRRs make that range uncacheable, which is what MMIO needs.
 */
static volatile uint8_t *apic_mmio;
unsigned long apic_timer_khz;           /* LAPIC timer ticks per ms, div 1 */

static uint32_t apic_read(unsigned int reg)
{
    return readl(apic_mmio + reg);
}

static void apic_write(unsigned int reg, uint32_t v)
{
    writel(v, apic_mmio + reg);
}

uint32_t get_apic_id(void)
{
    return apic_read(APIC_ID) >> 24;
}

void ack_APIC_irq(void)
{
    apic_write(APIC_EOI, 0);
}

static bool icr_wait_idle(void)
{
    unsigned int i;

    for (i = 0; i < ICR_WAIT_US; i++) {
        if (!(apic_read(APIC_ICR) & APIC_ICR_BUSY))
            return true;
        udelay(1);
    }
    return false;
}

int apic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
    unsigned long flags = local_save_flags();
    int rc = 0;

    /* ICR2 and ICR must be written as a pair, undisturbed. */
    __asm__ __volatile__ ("cli" ::: "memory");
    if (!icr_wait_idle())
        rc = -ETIMEDOUT;
    apic_write(APIC_ICR2, apic_id << 24);
    apic_write(APIC_ICR, icr_low);
    local_irq_restore(flags);
    return rc;
}

/* ---- interrupt handlers ---- */

static void apic_timer_interrupt(struct cpu_user_regs *regs)
{
    (void)regs;
    ack_APIC_irq();
    raise_softirq(TIMER_SOFTIRQ);
}

static void apic_error_interrupt(struct cpu_user_regs *regs)
{
    uint32_t esr;

    (void)regs;
    apic_write(APIC_ESR, 0);    /* latch the error bits, then read them */
    esr = apic_read(APIC_ESR);
    ack_APIC_irq();
    printk(XENLOG_WARNING "APIC error on CPU%u: %02x\n", smp_processor_id(),
           esr);
}

/* Spurious interrupts need no EOI. */
static void apic_spurious_interrupt(struct cpu_user_regs *regs)
{
    (void)regs;
}

/* ---- set-up ---- */

void apic_cpu_init(void)
{
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
    apic_write(APIC_TASKPRI, 0);
    apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
    apic_write(APIC_TDCR, APIC_TDR_DIV_1);
    /* LINT0 (ExtINT from the 8259) stays masked: we use the IOAPIC. */
    apic_write(APIC_LVT0, APIC_LVT_MASKED | APIC_DM_EXTINT);
    apic_write(APIC_LVT1, smp_processor_id() ? APIC_LVT_MASKED : APIC_DM_NMI);
    apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_ESR, 0);
    ack_APIC_irq();
}

/* TMCCT with the TSC at the time of the read: the best of several tries,
 * bracketed by TSC reads (an interruption between them would skew it). */
static void read_tmcct_pair(uint32_t *count, uint64_t *tsc)
{
    uint64_t best = ~0ull;
    unsigned int i;

    for (i = 0; i < 16; i++) {
        uint64_t t0 = rdtsc();
        uint32_t c = apic_read(APIC_TMCCT);
        uint64_t t1 = rdtsc();

        if (t1 - t0 < best) {
            best = t1 - t0;
            *count = c;
            *tsc = t0 + (t1 - t0) / 2;
        }
    }
}

/* Count timer ticks (divide by 1) against the calibrated TSC. */
static void calibrate_apic_timer(void)
{
    uint32_t c0 = 0, c1 = 0;
    uint64_t t0 = 0, t1 = 0;

    apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
    apic_write(APIC_TMICT, ~0u);
    read_tmcct_pair(&c0, &t0);
    udelay(APIC_CALIBRATE_US);
    read_tmcct_pair(&c1, &t1);
    apic_write(APIC_TMICT, 0);
    if (t1 <= t0 || c1 >= c0)
        return;
    apic_timer_khz = (unsigned long)((uint64_t)(c0 - c1) * cpu_khz /
                                     (t1 - t0));
    printk("APIC timer: %lu.%03lu MHz bus clock\n", apic_timer_khz / 1000,
           apic_timer_khz % 1000);
}

static int apic_install_vectors(void)
{
    int rc = set_vector_handler(LOCAL_TIMER_VECTOR, apic_timer_interrupt);

    if (!rc)
        rc = set_vector_handler(ERROR_APIC_VECTOR, apic_error_interrupt);
    if (!rc)
        rc = set_vector_handler(SPURIOUS_APIC_VECTOR,
                                apic_spurious_interrupt);
    return rc;
}

/*
 * On the boot CPU: find the LAPIC (MADT, else MSR_APIC_BASE), enable it,
 * install its vectors and calibrate the timer (needs a calibrated TSC).
 * Returns 0, -ENODEV if the CPU has no usable LAPIC, or a vector error.
 */
int apic_bsp_init(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE) & ~0xfffull;
    int rc;

    if (acpi_platform.have_madt && acpi_platform.madt.lapic_address)
        base = acpi_platform.madt.lapic_address;
    if (!base || !maddr_is_mapped(base, PAGE_SIZE))
        return -ENODEV;
    apic_mmio = maddr_to_virt(base);
    rc = apic_install_vectors();
    if (rc)
        return rc;
    apic_cpu_init();
    printk("Local APIC at %#lx, ID %u, version %#x\n", (unsigned long)base,
           get_apic_id(), apic_read(APIC_LVR) & 0xff);
    calibrate_apic_timer();
    return apic_timer_khz ? 0 : -ENODEV;
}

/*
 * Arm the one-shot timer of this CPU for 'timeout' (system time, ns).
 * Returns false if that is already past: the caller runs the timers now.
 */
bool reprogram_timer(s_time_t timeout)
{
    s_time_t delta;
    uint64_t ticks;

    if (!apic_mmio || !apic_timer_khz)
        return true;
    if (!timeout) {
        apic_write(APIC_TMICT, 0);
        return true;
    }
    delta = timeout - NOW();
    if (delta <= 0)
        return false;
    ticks = (uint64_t)delta * apic_timer_khz / 1000000;
    if (!ticks)
        ticks = 1;
    if (ticks > ~0u)
        ticks = ~0u;            /* fires early; the softirq re-arms */
    apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);      /* one-shot, unmasked */
    apic_write(APIC_TMICT, (uint32_t)ticks);
    return true;
}

void dump_apic_timer(void)
{
    printk("CPU%u: APIC ID %u LVTT %#x TMICT %u TMCCT %u\n",
           smp_processor_id(), get_apic_id(), apic_read(APIC_LVTT),
           apic_read(APIC_TMICT), apic_read(APIC_TMCCT));
}
