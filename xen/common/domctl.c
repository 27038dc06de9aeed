/* The domctl hypercall: the control domain (dom0) asks about and, later,
 * manages other domains.  Only getdomaininfo exists so far. */
#include <asm/p2m.h>
#include <asm/processor.h>
#include <public/domctl.h>
#include <public/sched.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/time.h>

typedef long domctl_fn_t(struct vcpu *v, struct xen_domctl *op);

/* The first domain whose id is >= first, or NULL.  The list is sorted by
 * id in domain.c, but the minimum is taken over all of it so nothing
 * depends on that. */
static struct domain *domain_from_id(domid_t first)
{
    struct domain *d, *best = NULL;

    for_each_domain(d)
        if (d->domain_id >= first &&
            (!best || d->domain_id < best->domain_id))
            best = d;
    return best;
}

/* Guest-physical address width: what the CPU reports (the guest's CPUID
 * leaf 0x80000008 passes it through), capped by our 4-level NPT. */
static uint8_t guest_paddr_bits(void)
{
    unsigned int npt_bits = PAGE_SHIFT, host_bits;
    struct cpuid_regs r;

    while ((1ull << (npt_bits - PAGE_SHIFT)) < P2M_MAX_GFN)
        npt_bits++;
    cpuid(0x80000008, &r);
    host_bits = r.eax & 0xff;
    return (uint8_t)(host_bits && host_bits < npt_bits ? host_bits
                                                        : npt_bits);
}

/* ns v has run, the current stint included. */
static uint64_t vcpu_run_ns(const struct vcpu *v)
{
    uint64_t ns = v->runstate_time[RUNSTATE_running];
    s_time_t now;

    if (v->runstate == RUNSTATE_running && v->runstate_entry) {
        now = NOW();
        if (now > v->runstate_entry)
            ns += (uint64_t)(now - v->runstate_entry);
    }
    return ns;
}

/* vCPU counts, run time, and the running/blocked flags: running when any
 * online vCPU is on a pCPU, blocked when every online one waits. */
static void fill_vcpus(const struct domain *d,
                       struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;
    struct vcpu *v;

    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for_each_vcpu(d, v) {
        info->cpu_time += vcpu_run_ns(v);
        info->max_vcpu_id = v->vcpu_id;
        if (v->runstate == RUNSTATE_offline)
            continue;
        info->nr_online_vcpus++;
        if (!v->blocked)
            flags &= ~XEN_DOMINF_blocked;
        if (v->is_running)
            flags |= XEN_DOMINF_running;
    }
    if (info->nr_online_vcpus)
        info->flags |= flags;
}

/* The life-cycle flags of each state; a crash reports as a shutdown with
 * reason SHUTDOWN_crash, as on Xen. */
static const uint32_t state_flags[] = {
    [DOMSTATE_active]   = 0,
    [DOMSTATE_shutdown] = XEN_DOMINF_shutdown,
    [DOMSTATE_crashed]  = XEN_DOMINF_shutdown,
    [DOMSTATE_dying]    = XEN_DOMINF_dying,
};

static uint32_t life_flags(const struct domain *d)
{
    uint32_t f, code;

    if ((unsigned int)d->state >= ARRAY_SIZE(state_flags))
        return 0;
    f = state_flags[d->state];
    if (!(f & XEN_DOMINF_shutdown))
        return f;
    code = d->state == DOMSTATE_crashed ? SHUTDOWN_crash
                                        : (uint32_t)d->shutdown_code;
    return f | (code & XEN_DOMINF_shutdownmask) << XEN_DOMINF_shutdownshift;
}

/* Pages charged to d that hold our data, not its RAM: the NPT tables and,
 * for an HVM domain, one VMCB per vCPU (svm_vmcb_create). */
static unsigned long hypervisor_pages(const struct domain *d)
{
    unsigned long n = d->hvm.p2m_pages;
    struct vcpu *v;

    if (d->hvm.p2m_root)
        for_each_vcpu(d, v)
            n++;
    return n;
}

/* RAM d holds. */
static uint64_t domain_ram_pages(const struct domain *d)
{
    unsigned long all = domain_page_count(d), ours = hypervisor_pages(d);

    return all > ours ? all - ours : 0;
}

static void fill_info(const struct domain *d,
                      struct xen_domctl_getdomaininfo *info)
{
    bool hvm = d->hvm.p2m_root != 0;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->flags = life_flags(d) |
                  (d->pause_count > 0 ? XEN_DOMINF_paused : 0) |
                  (hvm ? XEN_DOMINF_hvm_guest | XEN_DOMINF_hap : 0);
    fill_vcpus(d, info);
    info->tot_pages = domain_ram_pages(d);
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->shared_info_gfn;
    info->cpupool = 0;
    info->gpaddr_bits = guest_paddr_bits();
    /* Guests get the x2APIC (by MSRs) and nothing else emulated. */
    info->arch_config.emulation_flags = hvm ? XEN_X86_EMU_LAPIC : 0;
}

static long domctl_getdomaininfo(struct vcpu *v, struct xen_domctl *op)
{
    struct domain *d;

    (void)v;
    if (op->domain >= DOMID_FIRST_RESERVED)
        return -ESRCH;
    d = domain_from_id(op->domain);
    if (!d)
        return -ESRCH;
    fill_info(d, &op->u.getdomaininfo);
    op->domain = d->domain_id;
    return 0;
}

static domctl_fn_t *const domctl_ops[] = {
    [XEN_DOMCTL_getdomaininfo] = domctl_getdomaininfo,
};

/* arg[0]: guest pointer to a struct xen_domctl, copied back whole when the
 * command succeeds. */
long do_domctl(struct vcpu *v, const uint64_t arg[5])
{
    struct xen_domctl op;
    long rc;

    if (copy_from_guest(v, &op, arg[0], sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!v->domain->is_privileged)
        return -EPERM;
    if (op.cmd >= ARRAY_SIZE(domctl_ops) || !domctl_ops[op.cmd])
        return -ENOSYS;
    rc = domctl_ops[op.cmd](v, &op);
    if (!rc && copy_to_guest(v, arg[0], &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
