/* Fake software timers for host tests: the timer API (xen/timer.h) without
 * a heap or an interrupt; a test fires a pending timer itself. */
#ifndef HV_FAKE_TIMER_H
#define HV_FAKE_TIMER_H

#include <xen/timer.h>

/* The timer set_timer() armed last (NULL before any). */
extern struct timer *fake_timer_last_set;

/* Run pending timer t as TIMER_SOFTIRQ would (asserts it is pending). */
void fake_timer_fire(struct timer *t);

#endif /* HV_FAKE_TIMER_H */
