/* Softirqs: a pending bitmap per CPU and a handler table; raising one on
 * another CPU sends it an event-check IPI so that it leaves hlt. */
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>

static softirq_handler softirq_handlers[NR_SOFTIRQS];
static DEFINE_PER_CPU(unsigned long, softirq_pending_mask);

void open_softirq(unsigned int nr, softirq_handler handler)
{
    ASSERT(nr < NR_SOFTIRQS);
    softirq_handlers[nr] = handler;
}

void raise_softirq(unsigned int nr)
{
    __atomic_fetch_or(&this_cpu(softirq_pending_mask), 1ul << nr,
                      __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    unsigned long old = __atomic_fetch_or(&per_cpu(softirq_pending_mask, cpu),
                                          1ul << nr, __ATOMIC_SEQ_CST);

    /* Only the first raise needs a kick; the target clears bits as it runs. */
    if (cpu != smp_processor_id() && !(old & (1ul << nr)))
        smp_send_event_check_cpu(cpu);
}

bool softirq_pending(unsigned int cpu)
{
    return __atomic_load_n(&per_cpu(softirq_pending_mask, cpu),
                           __ATOMIC_RELAXED) != 0;
}

/*
 * One pass over the softirqs pending at entry, lowest number first.  Work
 * raised meanwhile (SCHEDULE_SOFTIRQ re-raises itself after each slice)
 * waits for the next call: every caller loops (the idle loop calls again
 * at once instead of halting), and one with a deadline regains control
 * between slices.
 */
void do_softirq(void)
{
    unsigned long *pending = &this_cpu(softirq_pending_mask);
    unsigned long mask = __atomic_exchange_n(pending, 0, __ATOMIC_SEQ_CST);

    while (mask) {
        unsigned int nr = __builtin_ctzl(mask);

        mask &= mask - 1;
        if (nr < NR_SOFTIRQS && softirq_handlers[nr])
            softirq_handlers[nr]();
    }
}
