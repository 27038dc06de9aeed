/* Inter-processor interrupts: event check (wake a CPU to run its softirqs)
 * and call-function (run a function on a set of CPUs). */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>

DECLARE_PER_CPU(uint32_t, cpu_apic_id);     /* smpboot.c */

/* The call in flight; call_lock serialises callers. */
static DEFINE_SPINLOCK(call_lock);
static struct {
    void (*func)(void *info);
    void *info;
    bool wait;
    cpumask_t pending;          /* CPUs that have not finished (or started) */
} call_data;

void smp_send_event_check_cpu(unsigned int cpu)
{
    apic_send_ipi(per_cpu(cpu_apic_id, cpu), EVENT_CHECK_VECTOR);
}

void smp_send_event_check_mask(const cpumask_t *mask)
{
    unsigned int cpu;

    for_each_cpu(cpu, mask)
        if (cpu != smp_processor_id())
            smp_send_event_check_cpu(cpu);
}

static void event_check_interrupt(struct cpu_user_regs *regs)
{
    (void)regs;
    ack_APIC_irq();     /* the idle loop runs the softirqs after hlt */
}

static void call_function_interrupt(struct cpu_user_regs *regs)
{
    unsigned int cpu = smp_processor_id();
    void (*func)(void *) = call_data.func;
    void *info = call_data.info;

    (void)regs;
    ack_APIC_irq();
    if (!call_data.wait) {
        cpumask_clear_cpu(cpu, &call_data.pending);
        func(info);
        return;
    }
    func(info);
    cpumask_clear_cpu(cpu, &call_data.pending);
}

void on_selected_cpus(const cpumask_t *mask, void (*func)(void *info),
                      void *info, bool wait)
{
    unsigned int cpu, self = smp_processor_id();
    cpumask_t targets;

    cpumask_and(&targets, mask, &cpu_online_map);
    spin_lock(&call_lock);
    call_data.func = func;
    call_data.info = info;
    call_data.wait = wait;
    cpumask_copy(&call_data.pending, &targets);
    cpumask_clear_cpu(self, &call_data.pending);
    for_each_cpu(cpu, &call_data.pending)
        apic_send_ipi(per_cpu(cpu_apic_id, cpu), CALL_FUNCTION_VECTOR);
    if (cpumask_test_cpu(self, &targets)) {
        unsigned long flags = local_save_flags();

        __asm__ __volatile__ ("cli" ::: "memory");
        func(info);
        local_irq_restore(flags);
    }
    while (!cpumask_empty(&call_data.pending))
        cpu_relax();
    spin_unlock(&call_lock);
}

void smp_call_function(void (*func)(void *info), void *info, bool wait)
{
    cpumask_t others;

    cpumask_copy(&others, &cpu_online_map);
    cpumask_clear_cpu(smp_processor_id(), &others);
    on_selected_cpus(&others, func, info, wait);
}

static void __noreturn stop_this_cpu(void *unused)
{
    (void)unused;
    cpumask_clear_cpu(smp_processor_id(), &cpu_online_map);
    local_irq_disable();
    for (;;)
        halt();
}

/* Park every other CPU (fatal paths, power-off, reboot). */
void smp_send_stop(void)
{
    if (num_online_cpus() > 1)
        smp_call_function(stop_this_cpu, NULL, false);
}

/* Install the IPI vectors (boot CPU, before any AP starts). */
int smp_ipi_init(void)
{
    int rc = set_vector_handler(EVENT_CHECK_VECTOR, event_check_interrupt);

    if (!rc)
        rc = set_vector_handler(CALL_FUNCTION_VECTOR,
                                call_function_interrupt);
    return rc;
}
