/* Scheduler self-test (selftest=sched): three spinning vCPUs with weights
 * 256/512/768 on one pCPU must get CPU time within 10% of 1:2:3, and a
 * vCPU capped at 25% must get 25% of the CPU (within 10%), both measured
 * by the scheduler's own accounting. */
#include <asm/hvm/hvm.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/selftest.h>
#include <xen/time.h>

#define NR_SPINNERS     3
#define SHARE_RUN       MILLISECS(600)
#define CAP_RUN         MILLISECS(300)
#define CAP_PERCENT     25
#define FIRST_DOMID     21

extern const uint8_t guest_spin_start[], guest_spin_end[];

static struct vcpu *spinner(domid_t id, unsigned int weight, unsigned int cap)
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
    vcpu_unpause(v);
    if (sched_insert_vcpu(v, 0)) {
        domain_destroy(v->domain);
        return NULL;
    }
    return v;
}

static void spinner_destroy(struct vcpu *v)
{
    struct domain *d = v->domain;

    sched_remove_vcpu(v);
    domain_destroy(d);
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
    unsigned long switches;
    bool ok = true;

    for (i = 0; i < NR_SPINNERS; i++) {
        v[i] = spinner((domid_t)(FIRST_DOMID + i), weights[i], 0);
        if (!v[i])
            ok = false;
        wsum += weights[i];
    }
    if (!ok)
        goto out;
    switches = schedule_run(NOW() + SHARE_RUN);
    dump_runq('r');
    for (i = 0; i < NR_SPINNERS; i++)
        total += run[i] = sched_runtime(v[i]);
    if (!total) {
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
    printk("sched: ratio 1 : %lld.%02lld : %lld.%02lld after %lu slices\n",
           (long long)(run[1] / run[0]),
           (long long)(run[1] * 100 / run[0] % 100),
           (long long)(run[2] / run[0]),
           (long long)(run[2] * 100 / run[0] % 100), switches);
out:
    for (i = 0; i < NR_SPINNERS; i++)
        if (v[i])
            spinner_destroy(v[i]);
    printk("selftest sched-weight: %s\n", ok ? "PASS" : "FAIL");
    return ok;
}

static bool sched_test_cap(void)
{
    struct vcpu *v = spinner(FIRST_DOMID + NR_SPINNERS, 256, CAP_PERCENT);
    s_time_t start, elapsed, ran, want;
    bool ok;

    if (!v) {
        printk("selftest sched-cap: FAIL (no domain)\n");
        return false;
    }
    start = NOW();
    schedule_run(start + CAP_RUN);
    elapsed = NOW() - start;
    ran = sched_runtime(v);
    want = elapsed * CAP_PERCENT / 100;
    ok = within_10_percent(ran, want);
    printk("sched: d%uv0 cap %u%% ran %lld us of %lld us (want %lld us)\n",
           v->domain->domain_id, CAP_PERCENT, (long long)(ran / 1000),
           (long long)(elapsed / 1000), (long long)(want / 1000));
    spinner_destroy(v);
    printk("selftest sched-cap: %s\n", ok ? "PASS" : "FAIL");
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
    return failed;
}
