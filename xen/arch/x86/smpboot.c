/* SMP bring-up: every enabled CPU of the MADT, up to maxcpus=, is started
 * with INIT-SIPI-SIPI through the real-mode trampoline and runs the idle
 * loop once it has its per-CPU state (GS base, GDT/IDT/TSS, LAPIC, time). */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smpboot.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/idle.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/string.h>

#define AP_STACK_ORDER      3           /* guard page + 28 KiB of stack */
#define INIT_DEASSERT_MS    10
#define SIPI_DELAY_US       200
#define CALLIN_TIMEOUT_MS   5000        /* TCG starts vCPUs slowly */

extern uint64_t l4_bootmap[];           /* boot/head.S */

DEFINE_PER_CPU(uint32_t, cpu_apic_id);

/* The AP being started and its handshake with the boot CPU. */
static volatile unsigned int booting_cpu;
static volatile bool ap_callin, ap_failed;

/* ---- on the AP ---- */

void __noreturn start_secondary(void);
void __noreturn start_secondary(void)
{
    unsigned int cpu = booting_cpu;

    percpu_init_cpu(cpu, per_cpu(cpu_apic_id, cpu));
    if (traps_init_cpu(cpu)) {
        ap_failed = true;
        for (;;)
            halt();
    }
    apic_cpu_init();
    time_init_secondary();
    cpumask_set_cpu(cpu, &cpu_online_map);
    __atomic_store_n(&ap_callin, true, __ATOMIC_RELEASE);
    idle_loop();
}

/* ---- on the boot CPU ---- */

static void setup_trampoline(void *stack_top)
{
    struct trampoline_args *ta =
        maddr_to_virt(TRAMPOLINE_PHYS + (trampoline_args - trampoline_start));
    uint64_t cr0, cr4;

    __asm__ __volatile__ ("mov %%cr0, %0; mov %%cr4, %1"
                          : "=r" (cr0), "=r" (cr4));
    ta->ta_boot_cr3 = (uint32_t)virt_to_maddr(l4_bootmap);
    ta->ta_efer = (uint32_t)rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE);
    ta->ta_cr3 = idle_pg_table_maddr;
    ta->ta_cr0 = cr0;
    ta->ta_cr4 = cr4;
    ta->ta_stack = (uintptr_t)stack_top;
}

/* INIT, then two STARTUPs at the trampoline page (MP spec sequence). */
static int wakeup_ap(uint32_t apic_id)
{
    unsigned int i;
    int rc;

    rc = apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_LEVELTRIG |
                                APIC_INT_ASSERT);
    if (rc)
        return rc;
    mdelay(INIT_DEASSERT_MS);
    for (i = 0; i < 2; i++) {
        rc = apic_send_ipi(apic_id, APIC_DM_STARTUP |
                                    (TRAMPOLINE_PHYS >> PAGE_SHIFT));
        if (rc)
            return rc;
        udelay(SIPI_DELAY_US);
    }
    return 0;
}

/* Start one AP and wait for it; 0, -ENOMEM, -ETIMEDOUT or -EIO. */
static int do_boot_cpu(unsigned int cpu, uint32_t apic_id)
{
    void *stack = alloc_xenheap_pages(AP_STACK_ORDER, 0);
    s_time_t deadline;
    int rc;

    if (!stack)
        return -ENOMEM;
    /* The lowest page catches overflows (a fault, not silent corruption). */
    if (unmap_guard_page(stack))
        printk(XENLOG_WARNING "CPU%u: stack at %p has no guard page\n", cpu,
               stack);
    per_cpu(cpu_apic_id, cpu) = apic_id;
    booting_cpu = cpu;
    ap_callin = ap_failed = false;
    setup_trampoline((char *)stack + (PAGE_SIZE << AP_STACK_ORDER));
    rc = wakeup_ap(apic_id);
    if (rc)
        return rc;
    deadline = NOW() + MILLISECS(CALLIN_TIMEOUT_MS);
    while (!__atomic_load_n(&ap_callin, __ATOMIC_ACQUIRE) && !ap_failed &&
           NOW() < deadline)
        cpu_relax();
    if (ap_failed)
        return -EIO;
    /* On failure the stack stays allocated: a late AP may still run on it. */
    return ap_callin ? 0 : -ETIMEDOUT;
}

/* Boot CPU: its LAPIC ID in the per-CPU data, present and online. */
void smp_prepare_boot_cpu(void)
{
    uint32_t id = get_apic_id();

    per_cpu(cpu_apic_id, 0) = id;
    percpu_init_cpu(0, id);
    cpumask_set_cpu(0, &cpu_online_map);
    cpumask_set_cpu(0, &cpu_present_map);
}

/* How many CPUs we may use: maxcpus= (0: all), at most NR_CPUS. */
static unsigned int cpu_limit(void)
{
    unsigned int max = opt_maxcpus ? opt_maxcpus : NR_CPUS;

    return MIN(max, (unsigned int)NR_CPUS);
}

/*
 * Start every enabled LAPIC of the MADT other than ours, in MADT order,
 * while fewer than maxcpus= CPUs are up; then print the count.
 */
void smp_boot_cpus(void)
{
    const struct acpi_madt_info *m = &acpi_platform.madt;
    uint32_t self = per_cpu(cpu_apic_id, 0);
    unsigned int i, next = 1, limit = cpu_limit();

    if (acpi_platform.have_madt && smp_ipi_init() == 0) {
        memcpy(maddr_to_virt(TRAMPOLINE_PHYS), trampoline_start,
               trampoline_end - trampoline_start);
        for (i = 0; i < m->nr_lapics && next < limit; i++) {
            const struct acpi_lapic_info *l = &m->lapics[i];
            int rc;

            /* xAPIC IPIs reach 8-bit APIC IDs only. */
            if (!l->enabled || l->apic_id == self || l->apic_id > 0xfe)
                continue;
            cpumask_set_cpu(next, &cpu_present_map);
            rc = do_boot_cpu(next, l->apic_id);
            if (rc) {
                printk(XENLOG_ERR "CPU%u (APIC ID %u) did not start: %d\n",
                       next, l->apic_id, rc);
                cpumask_clear_cpu(next, &cpu_present_map);
                /* A late AP would take the next one's identity. */
                if (rc == -ETIMEDOUT)
                    break;
                continue;
            }
            printk("CPU%u: APIC ID %u online\n", next, l->apic_id);
            next++;
        }
    }
    printk("Brought up %u CPUs\n", num_online_cpus());
}
