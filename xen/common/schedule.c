/* Generic scheduling: the sched= choice, one credit2 runqueue per online
 * pCPU, schedule() run from SCHEDULE_SOFTIRQ (raised by the slice timer and
 * on wake-up) which runs the chosen vCPU's VMRUN loop for its slice, load
 * balancing that migrates vCPUs between pCPUs, and the 'r' dump. */
#include <asm/hvm/hvm.h>
#include <xen/errno.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/sched_credit2.h>
#include <xen/schedule.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

/* One runqueue per pCPU.  sched_lock guards all of them: it is held only
 * for decisions (pick, charge, balance), never while a guest runs, and
 * balancing looks at every queue at once. */
static DEFINE_SPINLOCK(sched_lock);
static struct c2_runqueue runqs[NR_CPUS];
static unsigned int nr_runqs;
/* The vCPU this pCPU is running now (NULL: in its idle context). */
static DEFINE_PER_CPU(struct c2_vcpu *, sched_curr);
/* Set by SCHEDULE_SOFTIRQ while a guest runs: the VMRUN loop yields. */
static DEFINE_PER_CPU(bool, sched_resched);
static DEFINE_PER_CPU(unsigned long, sched_switches);
/* Fires at the slice end (or the next cap period): its interrupt makes a
 * running guest exit and raises SCHEDULE_SOFTIRQ. */
static DEFINE_PER_CPU(struct timer, slice_timer);

struct scheduler {
    const char *name;           /* what sched= takes */
    const char *desc;
};

static const struct scheduler schedulers[] = {
    { "credit2", "SMP Credit Scheduler rev2" },
};
static const struct scheduler *ops = &schedulers[0];

static struct c2_vcpu *c2v(const struct vcpu *v)
{
    return v->sched_priv;
}

/* The VMRUN loop asks after each exit whether to give the pCPU back. */
static bool sched_should_yield(struct vcpu *v)
{
    (void)v;
    return this_cpu(sched_curr) && this_cpu(sched_resched);
}

static void slice_timer_fn(void *data)
{
    (void)data;
    raise_softirq(SCHEDULE_SOFTIRQ);
}

/* Refresh whether each queued vCPU may run (pause, block, crash). */
static void sched_refresh(struct c2_runqueue *rq)
{
    struct c2_vcpu *s;

    for (s = rq->c2r_head; s; s = s->c2v_next)
        s->c2v_runnable = vcpu_runnable(s->c2v_owner);
}

/* Nothing may run now: when a runnable vCPU only waits for its cap
 * budget, the time of the next cap period, else 0 (sleep until woken). */
static s_time_t sched_next_wake(const struct c2_runqueue *rq)
{
    const struct c2_vcpu *s;

    for (s = rq->c2r_head; s; s = s->c2v_next)
        if (s->c2v_runnable)
            return rq->c2r_period_start + C2_CAP_PERIOD;
    return 0;
}

/* Pick this pCPU's next vCPU and mark it running; NULL when none. */
static struct c2_vcpu *sched_pick(unsigned int cpu, s_time_t *slice_end)
{
    struct c2_runqueue *rq = &runqs[cpu];
    s_time_t now = NOW(), wake;
    struct c2_vcpu *next;
    unsigned long flags;

    spin_lock_irqsave(&sched_lock, flags);
    sched_refresh(rq);
    next = c2_pick(rq, now);
    if (next) {
        next->c2v_running = true;
        *slice_end = now + c2_slice(rq, next, now);
    }
    wake = next ? 0 : sched_next_wake(rq);
    spin_unlock_irqrestore(&sched_lock, flags);
    if (next)
        set_timer(&this_cpu(slice_timer), *slice_end);
    else if (wake)
        set_timer(&this_cpu(slice_timer), wake);
    else
        stop_timer(&this_cpu(slice_timer));
    return next;
}

/* Charge svc for what it ran, then balance the queues; a vCPU pulled onto
 * another pCPU's queue kicks that pCPU. */
static void sched_charge(unsigned int cpu, struct c2_vcpu *svc,
                         s_time_t ran)
{
    struct c2_vcpu *moved;
    unsigned long flags;

    spin_lock_irqsave(&sched_lock, flags);
    c2_burn(&runqs[cpu], svc, ran);
    svc->c2v_running = false;
    moved = c2_balance(runqs, nr_runqs);
    if (moved)
        ((struct vcpu *)moved->c2v_owner)->processor = moved->c2v_rq;
    spin_unlock_irqrestore(&sched_lock, flags);
    if (moved && moved->c2v_rq != cpu)
        cpu_raise_softirq(moved->c2v_rq, SCHEDULE_SOFTIRQ);
}

/*
 * SCHEDULE_SOFTIRQ.  In a guest's VMRUN loop it only asks that loop to
 * yield.  In the idle context it makes one decision: run the best vCPU
 * until its slice ends (or it blocks), charge it, and raise itself again so
 * that the next decision follows once other softirqs (timers) have run.
 * With nothing runnable it returns and the idle loop halts.
 */
static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct c2_vcpu *next;
    s_time_t slice_end = 0, start;

    if (this_cpu(sched_curr)) {
        this_cpu(sched_resched) = true;
        return;
    }
    if (cpu >= nr_runqs)
        return;
    next = sched_pick(cpu, &slice_end);
    if (!next)
        return;
    this_cpu(sched_resched) = false;
    this_cpu(sched_curr) = next;
    this_cpu(sched_switches)++;
    start = NOW();
    hvm_funcs.vcpu_run(next->c2v_owner);
    this_cpu(sched_curr) = NULL;
    sched_charge(cpu, next, NOW() - start);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

/* Choose the scheduler named by sched= (unknown names fall back) and give
 * each of the nr_cpus online pCPUs its runqueue and slice timer. */
void scheduler_init(unsigned int nr_cpus)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(schedulers); i++)
        if (!strcmp(opt_sched, schedulers[i].name))
            ops = &schedulers[i];
    if (strcmp(opt_sched, ops->name))
        printk(XENLOG_WARNING "sched=%s unknown; using %s\n", opt_sched,
               ops->name);
    nr_runqs = nr_cpus ? MIN(nr_cpus, (unsigned int)NR_CPUS) : 1;
    for (i = 0; i < nr_runqs; i++) {
        c2_rq_init(&runqs[i]);
        init_timer(&per_cpu(slice_timer, i), slice_timer_fn, NULL, i);
    }
    hvm_yield_hook = sched_should_yield;
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
    register_keyhandler('r', dump_runq, "dumping run queues");
    printk("Using scheduler: %s (%s), %u runqueues\n", ops->desc, ops->name,
           nr_runqs);
}

unsigned int sched_nr_runqueues(void)
{
    return nr_runqs;
}

/* Put v on cpu's runqueue with its domain's weight and cap; pinned vCPUs
 * stay there (hard affinity), others may be migrated by balancing. */
int sched_insert_vcpu(struct vcpu *v, unsigned int cpu, bool pinned)
{
    struct c2_vcpu *svc;
    unsigned long flags;

    if (cpu >= nr_runqs)
        return -EINVAL;
    svc = xzalloc(struct c2_vcpu);
    if (!svc)
        return -ENOMEM;
    c2_vcpu_init(svc, v, v->domain->weight, v->domain->cap);
    svc->c2v_rq = cpu;
    svc->c2v_pinned = pinned;
    svc->c2v_runnable = vcpu_runnable(v);
    spin_lock_irqsave(&sched_lock, flags);
    v->sched_priv = svc;
    v->processor = cpu;
    c2_rq_insert(&runqs[cpu], svc);
    spin_unlock_irqrestore(&sched_lock, flags);
    sched_kick(v);
    return 0;
}

/* v may have become runnable: make its pCPU reconsider. */
void sched_kick(struct vcpu *v)
{
    if (v->sched_priv && v->processor < nr_runqs)
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
}

/* The caller has paused v: wait until the pCPU running it (at most one
 * slice) has given it back and charged it; it will not be picked again. */
void sched_quiesce_vcpu(struct vcpu *v)
{
    struct c2_vcpu *svc = c2v(v);

    while (svc && __atomic_load_n(&svc->c2v_running, __ATOMIC_ACQUIRE))
        cpu_relax();
}

/* Take v (paused by the caller) off its runqueue. */
void sched_remove_vcpu(struct vcpu *v)
{
    struct c2_vcpu *svc = c2v(v);
    unsigned long flags;

    if (!svc)
        return;
    for (;;) {
        spin_lock_irqsave(&sched_lock, flags);
        if (!svc->c2v_running)
            break;
        spin_unlock_irqrestore(&sched_lock, flags);
        cpu_relax();
    }
    c2_rq_remove(&runqs[svc->c2v_rq], svc);
    v->sched_priv = NULL;
    spin_unlock_irqrestore(&sched_lock, flags);
    xfree(svc);
}

/* sched_credit2 weight/cap of every vCPU of d (like xl sched-credit2). */
int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap)
{
    struct vcpu *v;
    unsigned long flags;
    int rc = 0;

    d->weight = weight;
    d->cap = cap;
    spin_lock_irqsave(&sched_lock, flags);
    for_each_vcpu(d, v)
        if (c2v(v))
            rc = c2_set_params(&runqs[c2v(v)->c2v_rq], c2v(v), weight, cap);
    spin_unlock_irqrestore(&sched_lock, flags);
    return rc;
}

s_time_t sched_runtime(const struct vcpu *v)
{
    return c2v(v) ? c2v(v)->c2v_runtime : 0;
}

/* CPU time charged on cpu's runqueue (guest time run by that pCPU). */
s_time_t sched_cpu_runtime(unsigned int cpu)
{
    return cpu < nr_runqs ? runqs[cpu].c2r_runtime : 0;
}

/* Debug key 'r': every runqueue and its vCPUs' credit. */
void dump_runq(unsigned char key)
{
    unsigned int i;
    struct c2_vcpu *s;

    (void)key;
    printk("Run queues (%s):\n", ops->name);
    for (i = 0; i < nr_runqs; i++) {
        printk("  Runqueue %u: %u vCPUs, max weight %u, %lu credit resets\n",
               i, runqs[i].c2r_nr, runqs[i].c2r_max_weight,
               runqs[i].c2r_resets);
        printk("    CPU%u: ran guests %lld us, %lu slices, %lu vCPUs "
               "migrated in\n", i, (long long)(runqs[i].c2r_runtime / 1000),
               per_cpu(sched_switches, i), runqs[i].c2r_migrations);
        for (s = runqs[i].c2r_head; s; s = s->c2v_next) {
            const struct vcpu *v = s->c2v_owner;

            printk("    d%uv%u: credit %lld weight %u cap %u runtime %lld us"
                   "%s%s\n", v->domain->domain_id, v->vcpu_id,
                   (long long)s->c2v_credit, s->c2v_weight, s->c2v_cap,
                   (long long)(s->c2v_runtime / 1000),
                   s->c2v_pinned ? " pinned" : "",
                   s->c2v_runnable ? "" : " (not runnable)");
        }
    }
}
