/* Host unit tests of the domctl hypercall (xen/common/domctl.c):
 * getdomaininfo's ">= id" search, every field it fills, the life-cycle
 * flags, and the refusals (version, privilege, command, bad pointers),
 * over fake domains whose "guest-virtual addresses" are host pointers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <asm/p2m.h>
#include <asm/processor.h>
#include <public/domctl.h>
#include <public/sched.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include "fake_copy.h"

/* ---- fakes: domains, page counts, time, guest copies ---- */

#define NR_DOMS     3
#define MAX_VCPUS   2
#define NO_GFN      (~0ull)    /* shared_info not mapped (vcpu_op.c) */

static struct domain doms[NR_DOMS];
static struct vcpu vcpus[NR_DOMS][MAX_VCPUS];
static struct vcpu *vcpu_slots[NR_DOMS][MAX_VCPUS];
static unsigned long pages_of[NR_DOMS];     /* domain_page_count() */
struct domain *domain_list;

static s_time_t fake_now;
s_time_t get_s_time(void) { return fake_now; }

unsigned long domain_page_count(const struct domain *d)
{
    return pages_of[d - doms];
}

/* A buffer the guest may read but not write (the copy-back fails). */
static struct xen_domctl ro_buf;

/* ---- helpers ---- */

/* Domains 0 (dom0: 2 vCPUs), 3 (1 vCPU) and 7 (2 vCPUs), listed out of
 * id order so the search cannot lean on the list's order. */
static const domid_t ids[NR_DOMS] = { 0, 3, 7 };
static const unsigned int nr_vcpus[NR_DOMS] = { 2, 1, 2 };

static void make_domain(unsigned int i)
{
    struct domain *d = &doms[i];

    memset(d, 0, sizeof(*d));
    d->domain_id = ids[i];
    d->refcnt = 1;
    d->state = DOMSTATE_active;
    d->max_vcpus = nr_vcpus[i];
    d->vcpu = vcpu_slots[i];
    d->is_privileged = ids[i] == 0;
    d->shared_info_gfn = NO_GFN;
    d->hvm.p2m_root = 0x1000;
    for (unsigned int n = 0; n < MAX_VCPUS; n++) {
        struct vcpu *v = &vcpus[i][n];

        memset(v, 0, sizeof(*v));
        v->vcpu_id = n;
        v->domain = d;
        v->runstate = RUNSTATE_runnable;
        vcpu_slots[i][n] = n < nr_vcpus[i] ? v : NULL;
    }
}

static int setup(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        make_domain(i);
        pages_of[i] = 0;
    }
    doms[2].next_in_list = &doms[0];
    doms[0].next_in_list = &doms[1];
    domain_list = &doms[2];
    fake_now = 1000000;
    return 0;
}

static void init_op(struct xen_domctl *op, uint32_t cmd, domid_t dom)
{
    memset(op, 0xcc, sizeof(*op));     /* output fields must be written */
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
}

static long domctl(struct domain *caller, struct xen_domctl *op)
{
    const uint64_t args[5] = { (uintptr_t)op, 0, 0, 0, 0 };

    return do_domctl(caller->vcpu[0], args);
}

/* getdomaininfo from dom0 for id dom: the result, op filled. */
static long info_of(domid_t dom, struct xen_domctl *op)
{
    init_op(op, XEN_DOMCTL_getdomaininfo, dom);
    return domctl(&doms[0], op);
}

static uint32_t flags_of(domid_t dom)
{
    struct xen_domctl op;

    assert_int_equal(info_of(dom, &op), 0);
    return op.u.getdomaininfo.flags;
}

/* What guest_paddr_bits() must give: the CPU's width, at most 48. */
static unsigned int expected_paddr_bits(void)
{
    struct cpuid_regs r;

    cpuid(0x80000008, &r);
    return (r.eax & 0xff) && (r.eax & 0xff) < 48 ? r.eax & 0xff : 48;
}

/* ---- tests ---- */

/* dom0 asks about itself: every field, and nothing left unwritten. */
static void test_dom0(void **state)
{
    static const uint8_t zero[16];
    struct domain *d = &doms[0];
    struct xen_domctl op;
    const struct xen_domctl_getdomaininfo *i = &op.u.getdomaininfo;

    (void)state;
    pages_of[0] = 131072 + 40 + 2;     /* RAM, NPT tables, 2 VMCBs */
    d->hvm.p2m_pages = 40;
    d->max_pages = 131200;
    d->shared_info_gfn = 0xfeffe;
    vcpus[0][0].runstate = RUNSTATE_running;
    vcpus[0][0].is_running = true;
    vcpus[0][0].runstate_time[RUNSTATE_running] = 5000;
    vcpus[0][0].runstate_entry = fake_now - 700;    /* running for 700 ns */
    vcpus[0][1].runstate = RUNSTATE_blocked;
    vcpus[0][1].blocked = true;
    vcpus[0][1].runstate_time[RUNSTATE_running] = 300;
    vcpus[0][1].runstate_time[RUNSTATE_blocked] = 99999;

    assert_int_equal(info_of(0, &op), 0);
    assert_int_equal(op.cmd, XEN_DOMCTL_getdomaininfo);
    assert_int_equal(op.interface_version, XEN_DOMCTL_INTERFACE_VERSION);
    assert_int_equal(op.domain, 0);
    assert_int_equal(i->domain, 0);
    assert_int_equal(i->pad1, 0);
    assert_int_equal(i->flags, XEN_DOMINF_running | XEN_DOMINF_hvm_guest |
                               XEN_DOMINF_hap);
    assert_int_equal(i->tot_pages, 131072);
    assert_int_equal(i->max_pages, 131200);
    assert_int_equal(i->outstanding_pages, 0);
    assert_int_equal(i->shr_pages, 0);
    assert_int_equal(i->paged_pages, 0);
    assert_int_equal(i->shared_info_frame, 0xfeffe);
    assert_int_equal(i->cpu_time, 5000 + 700 + 300);
    assert_int_equal(i->nr_online_vcpus, 2);
    assert_int_equal(i->max_vcpu_id, 1);
    assert_int_equal(i->ssidref, 0);
    assert_memory_equal(i->handle, zero, sizeof(i->handle));
    assert_int_equal(i->cpupool, 0);
    assert_int_equal(i->gpaddr_bits, expected_paddr_bits());
    assert_true(i->gpaddr_bits >= 32 && i->gpaddr_bits <= 48);
    assert_memory_equal(i->pad2, zero, sizeof(i->pad2));
    assert_int_equal(i->arch_config.emulation_flags, XEN_X86_EMU_LAPIC);
    assert_int_equal(i->arch_config.misc_flags, 0);
    /* The union past getdomaininfo is left as the caller had it. */
    assert_int_equal(op.u.pad[sizeof(*i)], 0xcc);
}

/* The first domain with id >= the one asked for; the ids echo it. */
static void test_search(void **state)
{
    static const struct { domid_t ask, found; } cases[] = {
        { 0, 0 }, { 1, 3 }, { 2, 3 }, { 3, 3 }, { 4, 7 }, { 7, 7 },
    };
    struct xen_domctl op;

    (void)state;
    for (size_t n = 0; n < ARRAY_SIZE(cases); n++) {
        assert_int_equal(info_of(cases[n].ask, &op), 0);
        assert_int_equal(op.domain, cases[n].found);
        assert_int_equal(op.u.getdomaininfo.domain, cases[n].found);
    }
    /* Domain 3's one vCPU; domain 7 without a shared_info mapping, and
     * its RAM without our per-vCPU pages. */
    assert_int_equal(info_of(3, &op), 0);
    assert_int_equal(op.u.getdomaininfo.nr_online_vcpus, 1);
    assert_int_equal(op.u.getdomaininfo.max_vcpu_id, 0);
    pages_of[2] = 10;
    assert_int_equal(info_of(7, &op), 0);
    assert_int_equal(op.u.getdomaininfo.shared_info_frame, NO_GFN);
    assert_int_equal(op.u.getdomaininfo.tot_pages, 8);     /* 2 VMCBs */
    doms[2].hvm.p2m_root = 0;           /* no HVM state: all is RAM */
    assert_int_equal(info_of(7, &op), 0);
    assert_int_equal(op.u.getdomaininfo.tot_pages, 10);
}

/* Past the last domain, and the reserved ids: -ESRCH, buffer untouched. */
static void test_esrch(void **state)
{
    static const domid_t asks[] = { 8, 100, DOMID_FIRST_RESERVED,
                                    DOMID_IDLE, 0xffff };
    struct xen_domctl op, before;

    (void)state;
    for (size_t n = 0; n < ARRAY_SIZE(asks); n++) {
        init_op(&op, XEN_DOMCTL_getdomaininfo, asks[n]);
        before = op;
        assert_int_equal(domctl(&doms[0], &op), -ESRCH);
        assert_memory_equal(&op, &before, sizeof(op));
    }
    /* With no domains at all. */
    domain_list = NULL;
    assert_int_equal(info_of(0, &op), -ESRCH);
}

static void test_bad_version(void **state)
{
    static const uint32_t versions[] = { 0, 0x14, 0x16, 0xffffffff };
    struct xen_domctl op, before;

    (void)state;
    for (size_t n = 0; n < ARRAY_SIZE(versions); n++) {
        init_op(&op, XEN_DOMCTL_getdomaininfo, 0);
        op.interface_version = versions[n];
        before = op;
        assert_int_equal(domctl(&doms[0], &op), -EACCES);
        assert_memory_equal(&op, &before, sizeof(op));
    }
}

/* Only the control domain may ask, whatever it asks. */
static void test_unprivileged(void **state)
{
    struct xen_domctl op, before;

    (void)state;
    init_op(&op, XEN_DOMCTL_getdomaininfo, 0);
    before = op;
    assert_int_equal(domctl(&doms[1], &op), -EPERM);
    assert_memory_equal(&op, &before, sizeof(op));
    init_op(&op, XEN_DOMCTL_getdomaininfo, 3);
    assert_int_equal(domctl(&doms[2], &op), -EPERM);
    init_op(&op, 1000, 0);
    assert_int_equal(domctl(&doms[1], &op), -EPERM);
}

static void test_unknown_cmd(void **state)
{
    static const uint32_t cmds[] = { 0, 1, 2, 4, 6, 15, 1000, 0xffffffff };
    struct xen_domctl op;

    (void)state;
    for (size_t n = 0; n < ARRAY_SIZE(cmds); n++) {
        init_op(&op, cmds[n], 0);
        assert_int_equal(domctl(&doms[0], &op), -ENOSYS);
    }
}

/* A pointer the guest cannot read, or cannot write for the answer. */
static void test_bad_pointer(void **state)
{
    const uint64_t null_args[5] = { 0, 0, 0, 0, 0 };
    const uint64_t low_args[5] = { 0x10, 0, 0, 0, 0 };

    (void)state;
    assert_int_equal(do_domctl(doms[0].vcpu[0], null_args), -EFAULT);
    assert_int_equal(do_domctl(doms[0].vcpu[0], low_args), -EFAULT);
    init_op(&ro_buf, XEN_DOMCTL_getdomaininfo, 0);
    fake_copy_readonly = &ro_buf;
    assert_int_equal(domctl(&doms[0], &ro_buf), -EFAULT);
    fake_copy_readonly = NULL;
}

/* shutdown (with the guest's reason), crash (reason SHUTDOWN_crash),
 * dying, paused, and the vCPU-derived running/blocked bits. */
static void test_life_flags(void **state)
{
    const uint32_t hvm = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
    struct domain *d = &doms[2];                   /* domain 7 */

    (void)state;
    /* Both vCPUs runnable, none on a pCPU: neither bit. */
    assert_int_equal(flags_of(7), hvm);
    d->vcpu[0]->blocked = true;
    assert_int_equal(flags_of(7), hvm);
    d->vcpu[1]->blocked = true;
    assert_int_equal(flags_of(7), hvm | XEN_DOMINF_blocked);
    /* Offline vCPUs do not count; none online: no vCPU bits at all. */
    d->vcpu[0]->blocked = false;
    d->vcpu[0]->runstate = RUNSTATE_offline;
    assert_int_equal(flags_of(7), hvm | XEN_DOMINF_blocked);
    d->vcpu[1]->runstate = RUNSTATE_offline;
    assert_int_equal(flags_of(7), hvm);

    d->state = DOMSTATE_shutdown;
    d->shutdown_code = SHUTDOWN_reboot;
    assert_int_equal(flags_of(7), hvm | XEN_DOMINF_shutdown |
                                  SHUTDOWN_reboot << XEN_DOMINF_shutdownshift);
    d->shutdown_code = SHUTDOWN_poweroff;
    assert_int_equal(flags_of(7), hvm | XEN_DOMINF_shutdown);
    d->shutdown_code = SHUTDOWN_soft_reset;
    assert_int_equal(flags_of(7) >> XEN_DOMINF_shutdownshift,
                     SHUTDOWN_soft_reset);

    d->state = DOMSTATE_crashed;
    d->shutdown_code = 0;
    assert_int_equal(flags_of(7), hvm | XEN_DOMINF_shutdown |
                                  SHUTDOWN_crash << XEN_DOMINF_shutdownshift);

    d->state = DOMSTATE_dying;
    assert_int_equal(flags_of(7), hvm | XEN_DOMINF_dying);

    d->state = DOMSTATE_active;
    d->pause_count = 1;
    assert_int_equal(flags_of(7), hvm | XEN_DOMINF_paused);

    /* A domain without a p2m is not reported as HVM. */
    d->pause_count = 0;
    d->hvm.p2m_root = 0;
    assert_int_equal(flags_of(7), 0);
}

/* A domain whose vCPUs are not created yet. */
static void test_no_vcpus(void **state)
{
    struct xen_domctl op;

    (void)state;
    doms[1].vcpu[0] = NULL;
    pages_of[1] = 5;
    doms[1].hvm.p2m_pages = 1;
    assert_int_equal(info_of(3, &op), 0);
    assert_int_equal(op.u.getdomaininfo.nr_online_vcpus, 0);
    assert_int_equal(op.u.getdomaininfo.max_vcpu_id, XEN_INVALID_MAX_VCPU_ID);
    assert_int_equal(op.u.getdomaininfo.cpu_time, 0);
    assert_int_equal(op.u.getdomaininfo.tot_pages, 4);    /* no VMCB */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_dom0, setup),
        cmocka_unit_test_setup(test_search, setup),
        cmocka_unit_test_setup(test_esrch, setup),
        cmocka_unit_test_setup(test_bad_version, setup),
        cmocka_unit_test_setup(test_unprivileged, setup),
        cmocka_unit_test_setup(test_unknown_cmd, setup),
        cmocka_unit_test_setup(test_bad_pointer, setup),
        cmocka_unit_test_setup(test_life_flags, setup),
        cmocka_unit_test_setup(test_no_vcpus, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
