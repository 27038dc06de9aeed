/* Software timers: a heap per CPU under a per-CPU lock.  TIMER_SOFTIRQ runs
 * the expired ones and re-arms the one-shot hardware timer for the next. */
#include <asm/time.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/keyhandler.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

/* Timers this close to now are run rather than programmed. */
#define TIMER_SLOP          MICROSECS(50)
#define INITIAL_HEAP_SLOTS  64

struct timers {
    spinlock_t lock;
    struct timer_heap heap;
    struct timer *running;              /* whose function runs now */
    struct timer *initial[INITIAL_HEAP_SLOTS + 1];
};

static DEFINE_PER_CPU(struct timers, timers);

/* Lock the CPU a timer belongs to; it may migrate while we wait. */
static unsigned int lock_timer(const struct timer *t, unsigned long *flags)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);

        spin_lock_irqsave(&per_cpu(timers, cpu).lock, *flags);
        if (t->cpu == cpu)
            return cpu;
        spin_unlock_irqrestore(&per_cpu(timers, cpu).lock, *flags);
    }
}

static void unlock_timer(unsigned int cpu, unsigned long flags)
{
    spin_unlock_irqrestore(&per_cpu(timers, cpu).lock, flags);
}

/* Double the heap's slots (with the lock held: xmalloc does not sleep). */
static int grow_heap(struct timers *ts)
{
    unsigned int limit = ts->heap.limit * 2;
    struct timer **slots = xmalloc_array(struct timer *, limit + 1);

    if (!slots)
        return -ENOMEM;
    memcpy(slots, ts->heap.t, (ts->heap.size + 1) * sizeof(*slots));
    if (ts->heap.t != ts->initial)
        xfree(ts->heap.t);
    ts->heap.t = slots;
    ts->heap.limit = limit;
    return 0;
}

/* Add t to its CPU's heap (locked); tell that CPU if t is now first. */
static void activate(unsigned int cpu, struct timer *t)
{
    struct timers *ts = &per_cpu(timers, cpu);
    int rc = timer_heap_add(&ts->heap, t);

    if (rc == -ENOSPC) {
        if (grow_heap(ts))
            panic("timer: cannot grow the heap of CPU%u", cpu);
        rc = timer_heap_add(&ts->heap, t);
    }
    t->status = TIMER_STATUS_in_heap;
    if (rc == 1)
        cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

static void deactivate(unsigned int cpu, struct timer *t)
{
    if (t->status == TIMER_STATUS_in_heap)
        timer_heap_remove(&per_cpu(timers, cpu).heap, t);
    t->status = TIMER_STATUS_inactive;
}

void init_timer(struct timer *t, void (*function)(void *), void *data,
                unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->function = function;
    t->data = data;
    t->cpu = cpu;
    t->status = TIMER_STATUS_inactive;
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned long flags;
    unsigned int cpu = lock_timer(t, &flags);

    BUG_ON(t->status == TIMER_STATUS_killed ||
           t->status == TIMER_STATUS_invalid);
    deactivate(cpu, t);
    t->expires = expires;
    activate(cpu, t);
    unlock_timer(cpu, flags);
}

void stop_timer(struct timer *t)
{
    unsigned long flags;
    unsigned int cpu = lock_timer(t, &flags);

    if (t->status != TIMER_STATUS_killed)
        deactivate(cpu, t);
    unlock_timer(cpu, flags);
}

/* Move t to new_cpu's heap, keeping it pending if it was. */
void migrate_timer(struct timer *t, unsigned int new_cpu)
{
    unsigned long flags;
    unsigned int old, first, second;
    bool active;

    for (;;) {
        old = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        if (old == new_cpu)
            return;
        /* Both locks, lower CPU number first, to avoid deadlock. */
        first = MIN(old, new_cpu);
        second = MAX(old, new_cpu);
        spin_lock_irqsave(&per_cpu(timers, first).lock, flags);
        spin_lock(&per_cpu(timers, second).lock);
        if (t->cpu == old)
            break;
        spin_unlock(&per_cpu(timers, second).lock);
        spin_unlock_irqrestore(&per_cpu(timers, first).lock, flags);
    }
    active = t->status == TIMER_STATUS_in_heap;
    if (active)
        deactivate(old, t);
    __atomic_store_n(&t->cpu, new_cpu, __ATOMIC_RELEASE);
    if (active)
        activate(new_cpu, t);
    spin_unlock(&per_cpu(timers, second).lock);
    spin_unlock_irqrestore(&per_cpu(timers, first).lock, flags);
}

/* Stop t for good, waiting for its function if it runs elsewhere now. */
void kill_timer(struct timer *t)
{
    unsigned long flags;
    unsigned int cpu = lock_timer(t, &flags);

    deactivate(cpu, t);
    t->status = TIMER_STATUS_killed;
    unlock_timer(cpu, flags);
    while (cpu != smp_processor_id() &&
           __atomic_load_n(&per_cpu(timers, cpu).running, __ATOMIC_ACQUIRE) ==
           t)
        cpu_relax();
}

bool timer_is_active(const struct timer *t)
{
    return t->status == TIMER_STATUS_in_heap;
}

s_time_t timer_expires(const struct timer *t)
{
    return t->expires;
}

/* TIMER_SOFTIRQ: run what has expired, then arm the hardware timer. */
static void timer_softirq_action(void)
{
    unsigned int cpu = smp_processor_id();
    struct timers *ts = &per_cpu(timers, cpu);
    struct timer *t;
    unsigned long flags;

    spin_lock_irqsave(&ts->lock, flags);
    for (;;) {
        s_time_t now = NOW();

        while ((t = timer_heap_first(&ts->heap)) &&
               t->expires <= now + TIMER_SLOP) {
            timer_heap_remove(&ts->heap, t);
            t->status = TIMER_STATUS_inactive;
            ts->running = t;
            spin_unlock_irqrestore(&ts->lock, flags);
            t->function(t->data);
            spin_lock_irqsave(&ts->lock, flags);
            __atomic_store_n(&ts->running, NULL, __ATOMIC_RELEASE);
        }
        if (reprogram_timer(t ? t->expires : 0))
            break;
    }
    spin_unlock_irqrestore(&ts->lock, flags);
}

void timer_init(void)
{
    unsigned int cpu;

    for (cpu = 0; cpu < NR_CPUS; cpu++) {
        struct timers *ts = &per_cpu(timers, cpu);

        spin_lock_init(&ts->lock);
        timer_heap_init(&ts->heap, ts->initial, INITIAL_HEAP_SLOTS);
    }
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
}

void dump_timerq(void)
{
    unsigned int cpu, i;
    s_time_t now = NOW();

    printk("Dumping timer queues (NOW=%ld ns):\n", (long)now);
    for_each_online_cpu(cpu) {
        struct timers *ts = &per_cpu(timers, cpu);
        unsigned long flags;

        spin_lock_irqsave(&ts->lock, flags);
        printk("CPU%02u: %u timer(s)\n", cpu, ts->heap.size);
        for (i = 1; i <= ts->heap.size; i++) {
            const struct timer *t = ts->heap.t[i];

            printk("  ex=%ld us timer=%p cb=%p(%p)\n",
                   (long)((t->expires - now) / 1000), (const void *)t,
                   (void *)(uintptr_t)t->function, t->data);
        }
        spin_unlock_irqrestore(&ts->lock, flags);
    }
}

/* ---- debug key 't' and the boot self-check ---- */

static void dump_timers_key(unsigned char key)
{
    (void)key;
    dump_time_state();
    dump_timerq();
}

void timer_register_keys(void)
{
    register_keyhandler('t', dump_timers_key, "dump timer queues and time");
}

#define SELFTEST_DELAY      MILLISECS(100)
#define SELFTEST_TIMEOUT    SECONDS(5)

struct selftest_shot {
    struct timer timer;
    s_time_t fired_at;          /* 0 until the timer ran */
    unsigned int fired_on;
};

static void selftest_fn(void *data)
{
    struct selftest_shot *s = data;

    s->fired_on = smp_processor_id();
    __atomic_store_n(&s->fired_at, NOW(), __ATOMIC_RELEASE);
}

/* Spin (interrupts on) running our softirqs until every shot has fired:
 * no hlt, since the other CPU's shot does not interrupt this one. */
static bool selftest_wait(struct selftest_shot *shots, unsigned int n,
                          s_time_t deadline)
{
    unsigned int i, done;

    for (;;) {
        do_softirq();
        for (i = done = 0; i < n; i++)
            done += __atomic_load_n(&shots[i].fired_at, __ATOMIC_ACQUIRE) != 0;
        if (done == n || NOW() >= deadline)
            return done == n;
        cpu_relax();
    }
}

/*
 * A 100 ms one-shot timer on this CPU and on one other online CPU: each must
 * fire on its own CPU, no earlier than asked.  Interrupts must be enabled
 * on all CPUs (the others idle).  Returns 0 or -ETIME.
 */
int timer_self_check(void)
{
    struct selftest_shot shots[2];
    unsigned int i, n = 0, other = cpumask_next(smp_processor_id(),
                                                &cpu_online_map);
    s_time_t start = NOW();
    bool ok;

    memset(shots, 0, sizeof(shots));
    init_timer(&shots[n++].timer, selftest_fn, &shots[0], smp_processor_id());
    if (other < NR_CPUS)
        init_timer(&shots[n++].timer, selftest_fn, &shots[1], other);
    for (i = 0; i < n; i++)
        set_timer(&shots[i].timer, start + SELFTEST_DELAY);
    ok = selftest_wait(shots, n, start + SELFTEST_TIMEOUT);
    for (i = 0; i < n; i++) {
        kill_timer(&shots[i].timer);
        if (!shots[i].fired_at || shots[i].fired_at < start + SELFTEST_DELAY ||
            shots[i].fired_on != shots[i].timer.cpu)
            ok = false;
        printk("Timer on CPU%u: %s after %ld us\n", shots[i].timer.cpu,
               shots[i].fired_at ? "fired" : "did not fire",
               (long)((shots[i].fired_at ? shots[i].fired_at : NOW()) - start)
               / 1000);
    }
    printk(ok ? "Timer self-check passed\n" : "Timer self-check FAILED\n");
    return ok ? 0 : -ETIME;
}
