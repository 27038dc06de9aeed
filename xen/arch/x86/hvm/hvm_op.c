/* The hvm_op hypercall: HVM parameters (event-channel callback, xenstore
 * and console locations) and the few other HVMOPs PVH guests make. */
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>

/* What a guest may do to its own parameters; the toolstack (a privileged
 * domain acting on another) may read and write every index. */
#define PARAM_GUEST_READ    (1u << 0)
#define PARAM_GUEST_WRITE   (1u << 1)

static const uint8_t param_guest_access[HVM_NR_PARAMS] = {
    [HVM_PARAM_CALLBACK_IRQ]    = PARAM_GUEST_READ | PARAM_GUEST_WRITE,
    [HVM_PARAM_STORE_PFN]       = PARAM_GUEST_READ,
    [HVM_PARAM_STORE_EVTCHN]    = PARAM_GUEST_READ,
    [HVM_PARAM_PAE_ENABLED]     = PARAM_GUEST_READ,
    [HVM_PARAM_TIMER_MODE]      = PARAM_GUEST_READ,
    [HVM_PARAM_CONSOLE_PFN]     = PARAM_GUEST_READ,
    [HVM_PARAM_CONSOLE_EVTCHN]  = PARAM_GUEST_READ,
};

/* The upcall types this hypervisor can deliver by: a vector (PVH), and
 * GSI / PCI INTx values, which are stored (0 disables) for the upcall code
 * to interpret.  Vectors below 0x10 are exceptions, never a callback. */
static int check_callback_irq(uint64_t value)
{
    unsigned int type = value >> HVM_PARAM_CALLBACK_TYPE_SHIFT;

    switch (type) {
    case HVM_PARAM_CALLBACK_TYPE_GSI:
    case HVM_PARAM_CALLBACK_TYPE_PCI_INTX:
        return 0;
    case HVM_PARAM_CALLBACK_TYPE_VECTOR:
        return (value & 0xff) >= 0x10 ? 0 : -EINVAL;
    default:
        return -EINVAL;
    }
}

/* Resolve p->domid for v: its own domain, or (privileged only) another.
 * On success *remote says whether the caller acts as the toolstack. */
static struct domain *param_domain(struct vcpu *v,
                                   const struct xen_hvm_param *p,
                                   bool *remote, long *rc)
{
    struct domain *self = v->domain, *d;

    *remote = false;
    if (p->domid == DOMID_SELF || p->domid == self->domain_id)
        return self;
    *rc = -EPERM;
    if (!self->is_privileged)
        return NULL;
    *rc = -ESRCH;
    d = get_domain_by_id(p->domid);
    if (!d || !d->hvm.p2m_root)
        return NULL;
    *remote = true;
    return d;
}

static long hvmop_param(struct vcpu *v, uint64_t va, bool set)
{
    struct xen_hvm_param p;
    struct domain *d;
    bool remote;
    long rc = 0;

    if (copy_from_guest(v, &p, va, sizeof(p)))
        return -EFAULT;
    if (p.index >= HVM_NR_PARAMS)
        return -EINVAL;
    d = param_domain(v, &p, &remote, &rc);
    if (!d)
        return rc;
    if (!remote && !(param_guest_access[p.index] &
                     (set ? PARAM_GUEST_WRITE : PARAM_GUEST_READ)))
        return -EPERM;
    if (!set) {
        p.value = __atomic_load_n(&d->hvm.params[p.index], __ATOMIC_ACQUIRE);
        return copy_to_guest(v, va, &p, sizeof(p)) ? -EFAULT : 0;
    }
    if (p.index == HVM_PARAM_CALLBACK_IRQ) {
        rc = check_callback_irq(p.value);
        if (rc)
            return rc;
    }
    __atomic_store_n(&d->hvm.params[p.index], p.value, __ATOMIC_RELEASE);
    return 0;
}

static long hvmop_set_param(struct vcpu *v, uint64_t va)
{
    return hvmop_param(v, va, true);
}

static long hvmop_get_param(struct vcpu *v, uint64_t va)
{
    return hvmop_param(v, va, false);
}

static long hvmop_get_time(struct vcpu *v, uint64_t va)
{
    struct xen_hvm_get_time t = { .now = (uint64_t)NOW() };

    return copy_to_guest(v, va, &t, sizeof(t)) ? -EFAULT : 0;
}

/*
 * Not here, on purpose: pagetable_dying (Linux probes it; failure is
 * fine) and set_evtchn_upcall_vector (Linux only uses it when CPUID leaf
 * 0x40000004 advertises per-vCPU upcall vectors, which we do not).
 */
static subop_fn_t *const hvm_ops[] = {
    [HVMOP_set_param] = hvmop_set_param,
    [HVMOP_get_param] = hvmop_get_param,
    [HVMOP_get_time]  = hvmop_get_time,
};

/* arg[0]: HVMOP_*, arg[1]: guest pointer to its argument. */
long do_hvm_op(struct vcpu *v, const uint64_t arg[5])
{
    return SUBOP_DISPATCH(hvm_ops, arg[0], v, arg[1]);
}
