/* Generic scheduling: the sched= choice among the scheduler table, per-CPU
 * runqueues, the schedule loop that runs vCPUs for their time slices and
 * charges them, load balancing, and the 'r' runqueue dump. */
#include <asm/hvm/hvm.h>
#include <xen/errno.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/sched_credit2.h>
#include <xen/schedule.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

/* One runqueue per pCPU; c2_balance moves vCPUs between them. */
static struct c2_runqueue runqs[NR_CPUS];
static unsigned int nr_runqs = 1;
static DEFINE_PER_CPU(s_time_t, slice_end);
/* Fires at the slice end: its interrupt makes a running guest exit, and
 * the VMRUN loop then sees the slice is over. */
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

/* The VMRUN loop asks after each exit whether the slice has ended. */
static bool sched_slice_over(struct vcpu *v)
{
    s_time_t end = this_cpu(slice_end);

    (void)v;
    return end && NOW() >= end;     /* 0: not under the scheduler */
}

static void slice_timer_fn(void *data)
{
    (void)data;
}

/* Choose the scheduler named by sched= (unknown names fall back). */
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
    hvm_yield_hook = sched_slice_over;
    register_keyhandler('r', dump_runq, "dump run queues");
    printk("Using scheduler: %s (%s)\n", ops->desc, ops->name);
}

/* Put v on cpu's runqueue with its domain's weight and cap. */
int sched_insert_vcpu(struct vcpu *v, unsigned int cpu)
{
    struct c2_vcpu *svc;

    if (cpu >= nr_runqs)
        return -EINVAL;
    svc = xzalloc(struct c2_vcpu);
    if (!svc)
        return -ENOMEM;
    c2_vcpu_init(svc, v, v->domain->weight, v->domain->cap);
    svc->c2v_rq = cpu;
    svc->c2v_runnable = vcpu_runnable(v);
    v->sched_priv = svc;
    v->processor = cpu;
    c2_rq_insert(&runqs[cpu], svc);
    return 0;
}

void sched_remove_vcpu(struct vcpu *v)
{
    struct c2_vcpu *svc = c2v(v);

    if (!svc)
        return;
    c2_rq_remove(&runqs[svc->c2v_rq], svc);
    v->sched_priv = NULL;
    xfree(svc);
}

/* sched_credit2 weight/cap of every vCPU of d (like xl sched-credit2). */
int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap)
{
    struct vcpu *v;
    int rc = 0;

    d->weight = weight;
    d->cap = cap;
    for_each_vcpu(d, v)
        if (c2v(v))
            rc = c2_set_params(&runqs[c2v(v)->c2v_rq], c2v(v), weight, cap);
    return rc;
}

s_time_t sched_runtime(const struct vcpu *v)
{
    return c2v(v) ? c2v(v)->c2v_runtime : 0;
}

/* Refresh whether each queued vCPU may run (pause, block, crash). */
static void sched_refresh(struct c2_runqueue *rq)
{
    struct c2_vcpu *s;

    for (s = rq->c2r_head; s; s = s->c2v_next)
        s->c2v_runnable = vcpu_runnable(s->c2v_owner);
}

/*
 * Nothing may run now.  If a runnable vCPU only waits for its cap budget,
 * idle until the next cap period (polling: the idle loop with a timer
 * interrupt replaces this when the LAPIC timer drives scheduling);
 * returns false when nothing at all is runnable.
 */
static bool sched_idle(struct c2_runqueue *rq, s_time_t until)
{
    s_time_t wake = rq->c2r_period_start + C2_CAP_PERIOD;
    struct c2_vcpu *s;

    for (s = rq->c2r_head; s; s = s->c2v_next)
        if (s->c2v_runnable)
            break;
    if (!s)
        return false;
    while (NOW() < wake && NOW() < until)
        cpu_relax();
    return true;
}

/*
 * Run this CPU's runqueue until 'until' (system time) or until nothing is
 * runnable.  Each round: pick by credit, run for the slice, charge the
 * time actually used.  Returns the number of context switches.
 */
unsigned long schedule_run(s_time_t until)
{
    unsigned int cpu = smp_processor_id();
    struct c2_runqueue *rq = &runqs[cpu < nr_runqs ? cpu : 0];
    unsigned long switches = 0;
    s_time_t now;

    while ((now = NOW()) < until) {
        struct c2_vcpu *next;
        struct vcpu *v;
        s_time_t start;

        sched_refresh(rq);
        next = c2_pick(rq, now);
        if (!next && !sched_idle(rq, until))
            break;
        if (!next)
            continue;
        v = next->c2v_owner;
        this_cpu(slice_end) = now + c2_slice(rq, next, now);
        set_timer(&this_cpu(slice_timer), this_cpu(slice_end));
        next->c2v_running = true;
        start = NOW();
        hvm_funcs.vcpu_run(v);
        c2_burn(rq, next, NOW() - start);
        next->c2v_running = false;
        switches++;
        if (c2_balance(runqs, nr_runqs) == next)
            v->processor = next->c2v_rq;
    }
    stop_timer(&this_cpu(slice_timer));
    this_cpu(slice_end) = 0;
    return switches;
}

/* Debug key 'r': every runqueue and its vCPUs' credit. */
void dump_runq(unsigned char key)
{
    unsigned int i;
    struct c2_vcpu *s;

    printk("'%c' pressed -> dumping run queues (%s)\n", key, ops->name);
    for (i = 0; i < nr_runqs; i++) {
        printk("  Runqueue %u: %u vCPUs, max weight %u, %lu credit resets\n",
               i, runqs[i].c2r_nr, runqs[i].c2r_max_weight,
               runqs[i].c2r_resets);
        for (s = runqs[i].c2r_head; s; s = s->c2v_next) {
            const struct vcpu *v = s->c2v_owner;

            printk("    d%uv%u: credit %lld weight %u cap %u runtime %lld us"
                   "%s\n", v->domain->domain_id, v->vcpu_id,
                   (long long)s->c2v_credit, s->c2v_weight, s->c2v_cap,
                   (long long)(s->c2v_runtime / 1000),
                   s->c2v_runnable ? "" : " (not runnable)");
        }
    }
}
