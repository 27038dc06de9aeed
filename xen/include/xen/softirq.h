/* Softirqs: per-CPU deferred work, run by do_softirq() from the idle loop
 * and on the way out of interrupts (common/softirq.c). */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

#include <xen/types.h>

enum {
    TIMER_SOFTIRQ = 0,
    SCHEDULE_SOFTIRQ,
    TASKLET_SOFTIRQ,
    NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

/* Install the handler of softirq nr (once, at boot). */
void open_softirq(unsigned int nr, softirq_handler handler);
/* Mark nr pending on this CPU / on another CPU (which gets an IPI). */
void raise_softirq(unsigned int nr);
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
/* Run the softirqs pending on this CPU at entry, lowest number first. */
void do_softirq(void);
bool softirq_pending(unsigned int cpu);

#endif /* XEN_SOFTIRQ_H */
