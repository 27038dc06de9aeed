/* The idle loop of every CPU: run pending softirqs, else halt with
 * interrupts enabled until the next interrupt. */
#include <asm/irq.h>
#include <asm/processor.h>
#include <xen/console.h>
#include <xen/idle.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>

/* sti takes effect after the next instruction, so no wake-up is lost
 * between the check and the hlt. */
static void safe_halt(void)
{
    __asm__ __volatile__ ("sti; hlt" ::: "memory");
}

/* One idle step: halt until an interrupt unless work is pending, then run
 * softirqs.  Interrupts go off first so a wake-up cannot slip in between. */
static void idle_step(unsigned int cpu)
{
    local_irq_disable();
    if (!softirq_pending(cpu))
        safe_halt();
    else
        local_irq_enable();
    do_softirq();
}

void __noreturn idle_loop(void)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
        /* Without COM1's interrupt, the boot CPU polls for debug keys. */
        if (cpu == 0 && !serial_irq_enabled)
            console_poll_input();
        idle_step(cpu);
    }
}

static void idle_wait_fn(void *data)
{
    (void)data;         /* its interrupt ends the hlt; nothing to do */
}

/* Be this CPU's idle loop until 'until' (system time): softirqs run
 * (timers, and SCHEDULE_SOFTIRQ running guests), else halt.  Lets boot
 * code such as the scheduler self-test hand its CPU to the scheduler. */
void idle_wait_until(s_time_t until)
{
    unsigned int cpu = smp_processor_id();
    struct timer t;

    init_timer(&t, idle_wait_fn, NULL, cpu);
    set_timer(&t, until);
    while (NOW() < until)
        idle_step(cpu);
    kill_timer(&t);
}
