/* Scheduler self-test (selftest=sched): the boot CPU hands itself to the
 * scheduler (SCHEDULE_SOFTIRQ from its idle loop) while spinning vCPUs run.
 * Three vCPUs pinned to CPU0 with weights 256/512/768 must get CPU time
 * within 10% of 1:2:3, a vCPU capped at 25% must get 25% (within 10%), and
 * with two or more CPUs four unpinned vCPUs started on CPU0 must be
 * migrated so that other CPUs run them too; all by the scheduler's own
 * accounting. */
#include <asm/hvm/hvm.h>
#include <xen/cpumask.h>
#include <xen/idle.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/selftest.h>
#include <xen/time.h>

#define NR_SPINNERS     3
#define NR_MIGRATORS    4
#define SHARE_RUN       MILLISECS(600)
#define CAP_RUN         MILLISECS(300)
#define MIGRATE_RUN     MILLISECS(400)
#define CAP_PERCENT     25
#define FIRST_DOMID     21
#define MIGRATE_DOMID   31

extern const uint8_t guest_spin_start[], guest_spin_end[];

/* A spinning vCPU queued on CPU0 and unpaused (which kicks CPU0). */
static struct vcpu *spinner(domid_t id, unsigned int weight, unsigned int cap,
                            bool pinned)
{
    const char *why = NULL;
    struct vcpu *v = selftest_domain(id, guest_spin_start, guest_spin_end,
                                     &why);

    if (!v) {
        printk("selftest sched: d%u: %s\n", id, why);
        return NULL;
    }
    v->domain->weight = weight;
    v->domain->cap = cap;
    if (sched_insert_vcpu(v, 0, pinned)) {
        domain_destroy(v->domain);
        return NULL;
    }
    vcpu_unpause(v);
    return v;
}

/* Stop the spinners (they may run on other CPUs) so that their accounting
 * is final. */
static void spinners_stop(struct vcpu **v, unsigned int n)
{
    unsigned int i;

    for (i = 0; i < n; i++)
        if (v[i])
            vcpu_pause(v[i]);
    for (i = 0; i < n; i++)
        if (v[i])
            sched_quiesce_vcpu(v[i]);
}

static void spinners_destroy(struct vcpu **v, unsigned int n)
{
    unsigned int i;

    for (i = 0; i < n; i++)
        if (v[i]) {
            sched_remove_vcpu(v[i]);
            domain_destroy(v[i]->domain);
        }
}

/* |got - want| <= want / 10, in integers. */
static bool within_10_percent(s_time_t got, s_time_t want)
{
    s_time_t diff = got > want ? got - want : want - got;

    return diff * 10 <= want;
}

static bool sched_test_shares(void)
{
    static const unsigned int weights[NR_SPINNERS] = { 256, 512, 768 };
    struct vcpu *v[NR_SPINNERS] = { NULL };
    s_time_t run[NR_SPINNERS], total = 0;
    unsigned int i, wsum = 0;
    bool ok = true;

    for (i = 0; i < NR_SPINNERS; i++) {
        v[i] = spinner((domid_t)(FIRST_DOMID + i), weights[i], 0, true);
        if (!v[i])
            ok = false;
        wsum += weights[i];
    }
    if (!ok)
        goto out;
    idle_wait_until(NOW() + SHARE_RUN);
    spinners_stop(v, NR_SPINNERS);
    dump_runq('r');
    for (i = 0; i < NR_SPINNERS; i++)
        total += run[i] = sched_runtime(v[i]);
    if (!total || !run[0]) {
        ok = false;
        goto out;
    }
    for (i = 0; i < NR_SPINNERS; i++) {
        s_time_t want = total * weights[i] / wsum;

        printk("sched: d%uv0 weight %u ran %lld us, %lld.%lld%% (want "
               "%lld.%lld%%)\n", v[i]->domain->domain_id, weights[i],
               (long long)(run[i] / 1000),
               (long long)(run[i] * 100 / total),
               (long long)(run[i] * 1000 / total % 10),
               (long long)(want * 100 / total),
               (long long)(want * 1000 / total % 10));
        ok &= within_10_percent(run[i], want);
    }
    printk("sched: ratio 1 : %lld.%02lld : %lld.%02lld on CPU0\n",
           (long long)(run[1] / run[0]),
           (long long)(run[1] * 100 / run[0] % 100),
           (long long)(run[2] / run[0]),
           (long long)(run[2] * 100 / run[0] % 100));
out:
    spinners_destroy(v, NR_SPINNERS);
    printk("selftest sched-weight: %s\n", ok ? "PASS" : "FAIL");
    return ok;
}

static bool sched_test_cap(void)
{
    struct vcpu *v = spinner(FIRST_DOMID + NR_SPINNERS, 256, CAP_PERCENT,
                             true);
    s_time_t start, elapsed, ran, want;
    bool ok;

    if (!v) {
        printk("selftest sched-cap: FAIL (no domain)\n");
        return false;
    }
    start = NOW();
    idle_wait_until(start + CAP_RUN);
    spinners_stop(&v, 1);
    elapsed = NOW() - start;
    ran = sched_runtime(v);
    want = elapsed * CAP_PERCENT / 100;
    ok = within_10_percent(ran, want);
    printk("sched: d%uv0 cap %u%% ran %lld us of %lld us (want %lld us)\n",
           v->domain->domain_id, CAP_PERCENT, (long long)(ran / 1000),
           (long long)(elapsed / 1000), (long long)(want / 1000));
    spinners_destroy(&v, 1);
    printk("selftest sched-cap: %s\n", ok ? "PASS" : "FAIL");
    return ok;
}

/* Four unpinned spinners start on CPU0; balancing after each slice must
 * move some to other CPUs, which then run them. */
static bool sched_test_migrate(void)
{
    struct vcpu *v[NR_MIGRATORS] = { NULL };
    s_time_t before[NR_CPUS], ran;
    unsigned int i, cpu, nr = sched_nr_runqueues(), busy = 0, moved = 0;
    bool ok = true;

    if (nr < 2) {
        printk("selftest sched-migrate: skipped (one CPU)\n");
        return true;
    }
    for (cpu = 0; cpu < nr; cpu++)
        before[cpu] = sched_cpu_runtime(cpu);
    for (i = 0; i < NR_MIGRATORS; i++) {
        v[i] = spinner((domid_t)(MIGRATE_DOMID + i), 256, 0, false);
        ok &= v[i] != NULL;
    }
    if (ok)
        idle_wait_until(NOW() + MIGRATE_RUN);
    spinners_stop(v, NR_MIGRATORS);
    if (ok)
        dump_runq('r');
    for (i = 0; ok && i < NR_MIGRATORS; i++) {
        printk("sched: d%uv0 now on CPU%u, ran %lld us\n",
               v[i]->domain->domain_id, v[i]->processor,
               (long long)(sched_runtime(v[i]) / 1000));
        moved += v[i]->processor != 0;
    }
    for (cpu = 0; cpu < nr; cpu++) {
        ran = sched_cpu_runtime(cpu) - before[cpu];
        printk("sched: CPU%u ran vCPUs for %lld us\n", cpu,
               (long long)(ran / 1000));
        busy += ran > 0;
    }
    ok &= moved > 0 && busy >= 2 && sched_cpu_runtime(0) > before[0];
    spinners_destroy(v, NR_MIGRATORS);
    printk("sched: %u of %u vCPUs migrated, %u CPUs ran vCPUs\n", moved,
           NR_MIGRATORS, busy);
    printk("selftest sched-migrate: %s\n", ok ? "PASS" : "FAIL");
    return ok;
}

int selftest_sched_run(void)
{
    int failed = 0;

    if (!hvm_enabled) {
        printk("selftest sched: no HVM support\n");
        return 1;
    }
    failed += !sched_test_shares();
    failed += !sched_test_cap();
    failed += !sched_test_migrate();
    return failed;
}
