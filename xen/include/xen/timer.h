/* Software timers: one min-heap of struct timer per CPU, expired by
 * TIMER_SOFTIRQ, which the one-shot LAPIC timer raises (common/timer.c). */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/time.h>
#include <xen/types.h>

struct timer {
    s_time_t expires;                   /* system time (ns) */
    void (*function)(void *data);       /* runs on 'cpu', interrupts on */
    void *data;
    unsigned int heap_offset;           /* 1-based slot in the heap; 0: none */
    uint16_t cpu;
    uint8_t status;                     /* TIMER_STATUS_* */
};

#define TIMER_STATUS_invalid    0       /* not initialised */
#define TIMER_STATUS_inactive   1       /* initialised, not pending */
#define TIMER_STATUS_killed     2       /* kill_timer() done: set_timer BUGs */
#define TIMER_STATUS_in_heap    3       /* pending */

/* A min-heap of timers by expiry: t[1..size], t[1] the earliest. */
struct timer_heap {
    struct timer **t;
    unsigned int size, limit;           /* limit: slots in t[1..limit] */
};

/* Heap operations (common/timer_heap.c; pure, host-tested). */
void timer_heap_init(struct timer_heap *h, struct timer **slots,
                     unsigned int limit);
int timer_heap_add(struct timer_heap *h, struct timer *t);
bool timer_heap_remove(struct timer_heap *h, struct timer *t);
struct timer *timer_heap_first(const struct timer_heap *h);
bool timer_heap_valid(const struct timer_heap *h);

/* The timer API, with Xen's names. */
void init_timer(struct timer *t, void (*function)(void *), void *data,
                unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
void migrate_timer(struct timer *t, unsigned int new_cpu);
void kill_timer(struct timer *t);
bool timer_is_active(const struct timer *t);
s_time_t timer_expires(const struct timer *t);

/* Start-up: the softirq handler and per-CPU heaps. */
void timer_init(void);
/* Debug key 't': every CPU's pending timers. */
void dump_timerq(void);
/* Register the 't' debug key. */
void timer_register_keys(void);
/* Boot check: 100 ms one-shot timers fire on time; 0 or -ETIME. */
int timer_self_check(void);

/* Arm this CPU's one-shot hardware timer for 'timeout' (0: stop).  Returns
 * false when the time has already passed (arch/x86/apic.c). */
bool reprogram_timer(s_time_t timeout);

#endif /* XEN_TIMER_H */
