/* Built-in self-tests (selftest=svm): create a one-vCPU HVM domain per test
 * guest (selftest_guests.S), run it through VMRUN/#VMEXIT, check what it and
 * the hypervisor saw, print PASS/FAIL and destroy it, returning every page. */
#include <asm/hvm/hvm.h>
#include <asm/msr.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/selftest.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/timer.h>

#define GUEST_BASE      0x1000
#define GUEST_STACK     0x8000
#define RESULT_PORT     0xf4
#define INPUT_PORT      0xf5
#define BENCH_PORT_CPUID    0xf6
#define BENCH_PORT_VMMCALL  0xf7
#define BENCH_LOOPS     1000
#define HC_ECHO         0x1000
#define HC_INJECT       0x1001
#define HC_WALK         0x1002
#define NPF_TEST_GPA    0x800000
#define MAX_RUNS        64          /* vcpu_run calls before giving up */

static char opt_selftest[16];
string_param("selftest", opt_selftest);

#define GUEST(n) extern const uint8_t guest_##n##_start[], guest_##n##_end[]
GUEST(cpuid); GUEST(vmmcall); GUEST(vmcall); GUEST(io); GUEST(npf); GUEST(intr);
GUEST(hlt); GUEST(walk); GUEST(walk_pae); GUEST(walk_4l); GUEST(crash);
GUEST(spin); GUEST(bench);

/* What the hooks observed while the current test ran. */
static struct {
    int result;                 /* port 0xf4 value, -1 before */
    char io_line[64];
    unsigned int io_len;
    uint64_t npf_gpa;
    unsigned int npf_count;
    int walk_rc;
    bool walk_done;
    uint64_t walk_efer, walk_cr4;   /* the paging mode of the walk */
    uint32_t bench_cycles[2];       /* 1000 CPUIDs, 1000 VMMCALLs */
    unsigned int timer_fired;
} obs;

static int selftest_io(struct vcpu *v, unsigned int port, unsigned int bytes,
                       bool in, uint32_t *val)
{
    (void)bytes;
    if (port == RESULT_PORT && !in) {
        obs.result = (int)*val;
        domain_shutdown(v->domain, (int)*val);
        return 0;
    }
    if ((port == BENCH_PORT_CPUID || port == BENCH_PORT_VMMCALL) && !in) {
        obs.bench_cycles[port - BENCH_PORT_CPUID] = *val;
        return 0;
    }
    if (port == INPUT_PORT && in) {
        *val = 0x5a;
        return 0;
    }
    if (port == 0xe9 && !in && obs.io_len < sizeof(obs.io_line) - 1)
        obs.io_line[obs.io_len++] = (char)*val;
    return -ENODEV;                 /* let the debug console print it */
}

/* HC_WALK: read the guest's string through its page tables; a write must
 * fail (read-only PTE with CR0.WP) and an unmapped address must fail. */
static int selftest_walk(struct vcpu *v, uint64_t va)
{
    char buf[8] = { 0 };

    if (hvm_copy_from_guest_virt(v, buf, va, 6) || memcmp(buf, "hello!", 6))
        return 1;
    if (hvm_copy_to_guest_virt(v, va, buf, 1) != -EFAULT)
        return 2;
    if (hvm_copy_from_guest_virt(v, buf, 0x800000, 1) != -EFAULT)
        return 3;
    return 0;
}

static int selftest_hypercall(struct vcpu *v, uint64_t *rax)
{
    switch (*rax) {
    case HC_ECHO:
        *rax = (uint32_t)(v->hvm.regs.rbx + v->hvm.regs.rcx);
        return 0;
    case HC_INJECT:
        hvm_funcs.inject_event(v, (uint8_t)v->hvm.regs.rbx, 0, false, 0);
        *rax = 0;
        return 0;
    case HC_WALK:
        obs.walk_rc = selftest_walk(v, v->hvm.regs.rbx);
        obs.walk_done = true;
        obs.walk_efer = hvm_funcs.get_efer(v);
        obs.walk_cr4 = hvm_funcs.get_cr4(v);
        *rax = (uint64_t)obs.walk_rc;
        return 0;
    }
    return -ENOSYS;
}

/* Map a fresh page holding 0x600dcafe at the faulting address. */
static int selftest_npf(struct vcpu *v, uint64_t gpa, uint64_t error)
{
    uint32_t magic = 0x600dcafe;
    int rc;

    (void)error;
    obs.npf_count++;
    obs.npf_gpa = gpa;
    if ((gpa & ~(PAGE_SIZE - 1)) != NPF_TEST_GPA)
        return -EFAULT;
    rc = p2m_populate(v->domain, gpa >> PAGE_SHIFT, P2M_ORDER_4K);
    if (!rc)
        rc = p2m_copy_to_guest_phys(v->domain, NPF_TEST_GPA, &magic, 4);
    return rc;
}

/* Guest RAM: code, data and stack pages, and one 2 MiB superpage. */
static int selftest_memory(struct domain *d)
{
    static const uint64_t gfns[] = { 1, 2, 3, 4, 5, 6, 7 };
    unsigned int i;
    int rc = 0;

    for (i = 0; i < ARRAY_SIZE(gfns) && !rc; i++)
        rc = p2m_populate(d, gfns[i], P2M_ORDER_4K);
    if (!rc)
        rc = p2m_populate(d, 0x200, P2M_ORDER_2M);
    return rc;
}

struct selftest {
    const char *name;
    const uint8_t *start, *end;
    /* Extra checks after the guest stopped; returns NULL or a reason. */
    const char *(*check)(struct domain *d);
    /* Called when the vCPU blocked (HLT); returns false to give up. */
    bool (*on_block)(struct vcpu *v);
    bool expect_crash;
};

static const char *check_io(struct domain *d)
{
    (void)d;
    obs.io_line[obs.io_len] = '\0';
    return strcmp(obs.io_line, "hello from the io guest\n") ?
           "debug console output differs" : NULL;
}

static const char *check_npf(struct domain *d)
{
    paddr_t ma;
    uint32_t val = 0;

    if (obs.npf_count != 1 || obs.npf_gpa != NPF_TEST_GPA)
        return "expected exactly one NPF at 0x800000";
    if (p2m_lookup(d, 0x3ff000, false, &ma) ||
        p2m_copy_from_guest_phys(d, &val, 0x3ff000, 4) || val != 0x9abcdef0)
        return "2 MiB mapping does not hold the guest's write";
    return NULL;
}

static const char *check_walk(struct domain *d)
{
    (void)d;
    if (!obs.walk_done)
        return "no page-walk hypercall";
    return obs.walk_rc ? "guest page walk failed" : NULL;
}

static const char *check_walk_32(struct domain *d)
{
    if (obs.walk_cr4 & X86_CR4_PAE)
        return "guest was not in 32-bit paging";
    return check_walk(d);
}

static const char *check_walk_pae(struct domain *d)
{
    if (!(obs.walk_cr4 & X86_CR4_PAE) || (obs.walk_efer & EFER_LMA))
        return "guest was not in PAE paging";
    return check_walk(d);
}

static const char *check_walk_4l(struct domain *d)
{
    if (!(obs.walk_efer & EFER_LMA))
        return "guest was not in long mode";
    return check_walk(d);
}

/* The HLT test's timer: interrupt vector 0x41 wakes the halted vCPU. */
static struct timer hlt_timer;

static void hlt_timer_fn(void *data)
{
    struct vcpu *v = data;

    obs.timer_fired++;
    hvm_funcs.inject_event(v, 0x41, 0, false, 0);
    vcpu_wake(v);
}

/* The vCPU halted: arm a 2 ms timer and idle (timer interrupts on) until
 * it has woken the vCPU, for at most a second. */
static bool hlt_wake(struct vcpu *v)
{
    s_time_t give_up = NOW() + SECONDS(1);

    if (v->runstate != RUNSTATE_blocked || obs.timer_fired)
        return false;
    init_timer(&hlt_timer, hlt_timer_fn, v, smp_processor_id());
    set_timer(&hlt_timer, NOW() + MILLISECS(2));
    while (v->blocked && NOW() < give_up) {
        do_softirq();
        cpu_relax();
    }
    kill_timer(&hlt_timer);
    return !v->blocked;
}

static const char *check_hlt(struct domain *d)
{
    (void)d;
    return obs.timer_fired == 1 ? NULL : "timer did not fire once";
}

static const struct selftest selftests[] = {
    { "cpuid", guest_cpuid_start, guest_cpuid_end, NULL, NULL, false },
    { "vmmcall", guest_vmmcall_start, guest_vmmcall_end, NULL, NULL, false },
    { "vmcall", guest_vmcall_start, guest_vmcall_end, NULL, NULL, false },
    { "io", guest_io_start, guest_io_end, check_io, NULL, false },
    { "npf", guest_npf_start, guest_npf_end, check_npf, NULL, false },
    { "intr", guest_intr_start, guest_intr_end, NULL, NULL, false },
    { "hlt", guest_hlt_start, guest_hlt_end, check_hlt, hlt_wake, false },
    { "walk", guest_walk_start, guest_walk_end, check_walk_32, NULL, false },
    { "walk-pae", guest_walk_pae_start, guest_walk_pae_end, check_walk_pae,
      NULL, false },
    { "walk-4level", guest_walk_4l_start, guest_walk_4l_end, check_walk_4l,
      NULL, false },
    { "crash", guest_crash_start, guest_crash_end, NULL, NULL, true },
};

/* selftest=bench: guest-visible cost of exits, in guest TSC cycles (the
 * figures are deterministic under QEMU -icount). */
static const char *check_bench(struct domain *d)
{
    (void)d;
    if (!obs.bench_cycles[0] || !obs.bench_cycles[1])
        return "no figures from the guest";
    printk("bench: CPUID exit %u TSC cycles, VMMCALL round trip %u TSC "
           "cycles (mean of %u)\n", obs.bench_cycles[0] / BENCH_LOOPS,
           obs.bench_cycles[1] / BENCH_LOOPS, BENCH_LOOPS);
    return NULL;
}

static const struct selftest bench_test = {
    "bench", guest_bench_start, guest_bench_end, check_bench, NULL, false
};

struct vcpu *selftest_domain(uint16_t id, const uint8_t *start,
                                    const uint8_t *end, const char **why)
{
    struct domain *d;
    struct vcpu *v;
    int err;

    d = domain_create(id, CDF_hvm, 1, &err);
    if (!d) {
        *why = "domain_create failed";
        return NULL;
    }
    if (selftest_memory(d) ||
        p2m_copy_to_guest_phys(d, GUEST_BASE, start, end - start) ||
        !(v = vcpu_create(d, 0))) {
        *why = "guest setup failed";
        domain_destroy(d);
        return NULL;
    }
    hvm_funcs.set_entry(v, GUEST_BASE, GUEST_STACK);
    return v;
}

/* Run v until its domain stops; false if it never did. */
static bool selftest_run_vcpu(struct vcpu *v, const struct selftest *t)
{
    unsigned int runs;

    for (runs = 0; runs < MAX_RUNS; runs++) {
        if (v->domain->state != DOMSTATE_active)
            return true;
        if (v->blocked && !(t->on_block && t->on_block(v)))
            return false;
        hvm_funcs.vcpu_run(v);
    }
    return false;
}

static bool selftest_one(const struct selftest *t, domid_t id)
{
    const char *why = NULL;
    struct heap_stats before, after;
    struct domain *d;
    struct vcpu *v;

    memset(&obs, 0, sizeof(obs));
    obs.result = -1;
    heap_get_stats(&before);
    v = selftest_domain(id, t->start, t->end, &why);
    if (!v)
        goto out;
    d = v->domain;
    vcpu_unpause(v);
    if (!selftest_run_vcpu(v, t))
        why = "guest did not finish";
    else if (t->expect_crash && d->state != DOMSTATE_crashed)
        why = "domain not crashed";
    else if (!t->expect_crash && obs.result != 0)
        why = "guest reported a failed check";
    else if (t->check)
        why = t->check(d);
    if (why)
        hvm_funcs.dump_vcpu(v);
    domain_destroy(d);
    heap_get_stats(&after);
    if (!why && after.free != before.free)
        why = "pages leaked by domain_destroy";
out:
    if (why)
        printk("selftest %s: FAIL (%s, result %d)\n", t->name, why,
               obs.result);
    else
        printk("selftest %s: PASS\n", t->name);
    return !why;
}

/* Run the CPUID guest on every secondary CPU (each enabled SVM for itself
 * in hvm_init): a cross-CPU call runs the vCPU there, interrupts off. */
static void selftest_smp_ipi(void *info)
{
    struct vcpu *v = info;
    unsigned int runs;

    for (runs = 0; runs < MAX_RUNS && !domain_is_dead(v->domain); runs++)
        hvm_funcs.vcpu_run(v);
}

static bool selftest_smp_one(unsigned int cpu, domid_t id)
{
    const char *why = NULL;
    cpumask_t mask;
    struct vcpu *v;
    bool ok;

    v = selftest_domain(id, guest_cpuid_start, guest_cpuid_end, &why);
    if (!v)
        return false;
    vcpu_unpause(v);
    memset(&obs, 0, sizeof(obs));
    obs.result = -1;
    cpumask_clear(&mask);
    cpumask_set_cpu(cpu, &mask);
    on_selected_cpus(&mask, selftest_smp_ipi, v, true);
    ok = obs.result == 0 && v->processor == cpu;
    domain_destroy(v->domain);
    return ok;
}

static unsigned int selftest_smp(void)
{
    unsigned int cpu, n = 0, failed = 0;

    for_each_online_cpu(cpu) {
        if (cpu == smp_processor_id())
            continue;
        n++;
        if (!selftest_smp_one(cpu, (domid_t)(100 + cpu))) {
            printk("selftest smp: CPU%u FAIL\n", cpu);
            failed++;
        }
    }
    if (n)
        printk("selftest smp: %s (guest ran on %u secondary CPU(s))\n",
               failed ? "FAIL" : "PASS", n);
    return failed;
}

static int selftest_bench(void)
{
    bool ok;

    if (!hvm_enabled)
        return 1;
    hvm_io_hook = selftest_io;
    hvm_hypercall_hook = selftest_hypercall;
    ok = selftest_one(&bench_test, 30);
    hvm_io_hook = NULL;
    hvm_hypercall_hook = NULL;
    return !ok;
}

/* Whether the command line asked for a self-test (selftest=boot is one that
 * does nothing: it only keeps the boot modules from becoming dom0). */
bool selftest_requested(void)
{
    return opt_selftest[0] != '\0';
}

/* selftest=svm (or =all): run every guest; =sched: the scheduler test;
 * =bench: the exit-cost benchmark.  Returns the number failed. */
int selftest_run(void)
{
    unsigned int i, failed = 0, failed_smp;
    struct heap_stats before, after;

    if (!strcmp(opt_selftest, "sched"))
        return selftest_sched_run();
    if (!strcmp(opt_selftest, "bench"))
        return selftest_bench();
    if (strcmp(opt_selftest, "svm") && strcmp(opt_selftest, "all"))
        return 0;
    if (!hvm_enabled) {
        printk("selftest: no HVM support\n");
        return 1;
    }
    heap_get_stats(&before);
    hvm_io_hook = selftest_io;
    hvm_hypercall_hook = selftest_hypercall;
    hvm_npf_hook = selftest_npf;
    for (i = 0; i < ARRAY_SIZE(selftests); i++)
        failed += !selftest_one(&selftests[i], (domid_t)(i + 1));
    failed_smp = selftest_smp();
    hvm_io_hook = NULL;
    hvm_hypercall_hook = NULL;
    hvm_npf_hook = NULL;
    printk("selftest: %u of %zu passed\n",
           (unsigned int)(ARRAY_SIZE(selftests) - failed),
           ARRAY_SIZE(selftests));
    failed += failed_smp;
    heap_get_stats(&after);
    /* Every domain is gone: the heap must be back where it started. */
    printk("selftest domains: %s (heap free %lu pages before, %lu after, "
           "domheap %lu)\n", after.free == before.free && !after.domheap ?
           "PASS" : "FAIL", before.free, after.free, after.domheap);
    failed += after.free != before.free || after.domheap;
    if (!strcmp(opt_selftest, "all"))
        failed += selftest_sched_run();
    return failed;
}
