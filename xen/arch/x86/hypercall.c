/* The hypercall table: decode a guest's VMMCALL/VMCALL (number in RAX,
 * arguments in RDI RSI RDX R10 R8) and run the subsystem's handler. */
#include <asm/hvm/hvm.h>
#include <asm/msr.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/sched.h>

/* The hypercalls an HVM/PVH guest may make; NULL slots are -ENOSYS (the
 * PV-only calls among them are refused by Xen for HVM guests too). */
static hypercall_fn_t *const hypercall_table[NR_hypercalls] = {
    [__HYPERVISOR_platform_op]      = do_platform_op,
    [__HYPERVISOR_memory_op]        = do_memory_op,
    [__HYPERVISOR_multicall]        = do_multicall,
    [__HYPERVISOR_set_timer_op]     = do_set_timer_op,
    [__HYPERVISOR_xen_version]      = do_xen_version,
    [__HYPERVISOR_console_io]       = do_console_io,
    [__HYPERVISOR_grant_table_op]   = do_grant_table_op,
    [__HYPERVISOR_vm_assist]        = do_vm_assist,
    [__HYPERVISOR_vcpu_op]          = do_vcpu_op,
    [__HYPERVISOR_sched_op]         = do_sched_op,
    [__HYPERVISOR_event_channel_op] = do_event_channel_op,
    [__HYPERVISOR_physdev_op]       = do_physdev_op,
    [__HYPERVISOR_hvm_op]           = do_hvm_op,
    [__HYPERVISOR_domctl]           = do_domctl,
};

/* Calls per number (the last slot counts every number past the table),
 * and which unsupported numbers were already reported. */
static uint64_t hypercall_counts[NR_hypercalls + 1];
static uint64_t unsupported_logged[(NR_hypercalls + 1 + 63) / 64];

static void log_unsupported_once(const struct vcpu *v, uint64_t nr)
{
    unsigned int slot = nr < NR_hypercalls ? (unsigned int)nr : NR_hypercalls;
    uint64_t bit = 1ull << (slot % 64);

    if (__atomic_fetch_or(&unsupported_logged[slot / 64], bit,
                          __ATOMIC_RELAXED) & bit)
        return;
    printk(XENLOG_G_WARNING "d%uv%u: hypercall %llu unsupported (-ENOSYS)\n",
           v->domain->domain_id, v->vcpu_id, (unsigned long long)nr);
}

/* The debug key is registered with the first call (there is nothing to
 * show before). */
static void register_key_once(void)
{
    static bool registered;

    if (!__atomic_load_n(&registered, __ATOMIC_RELAXED) &&
        !__atomic_exchange_n(&registered, true, __ATOMIC_RELAXED))
        register_keyhandler('y', dump_hypercall_counts,
                            "dump hypercall counts");
}

long hypercall_call(struct vcpu *v, uint64_t nr, const uint64_t args[5])
{
    hypercall_fn_t *fn = nr < NR_hypercalls ? hypercall_table[nr] : NULL;

    register_key_once();
    __atomic_add_fetch(&hypercall_counts[nr < NR_hypercalls ? nr
                                                            : NR_hypercalls],
                       1, __ATOMIC_RELAXED);
    if (!fn) {
        log_unsupported_once(v, nr);
        return -ENOSYS;
    }
    return fn(v, args);
}

void hypercall_dispatch(struct vcpu *v, uint64_t *rax)
{
    const struct guest_gprs *r = &v->hvm.regs;
    const uint64_t args[5] = { r->rdi, r->rsi, r->rdx, r->r10, r->r8 };

    /* Only the guest kernel may call (Xen's rule); user space gets -EPERM
     * without the call being counted or logged. */
    if (hvm_funcs.get_cpl && hvm_funcs.get_cpl(v) != 0) {
        *rax = (uint64_t)-EPERM;
        return;
    }
    /* 32-bit guests use other registers and structure layouts (Xen's
     * compat ABI), which we do not implement: refuse rather than misread. */
    if (hvm_funcs.get_efer && !(hvm_funcs.get_efer(v) & EFER_LMA)) {
        static bool logged;

        if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
            printk(XENLOG_G_WARNING "d%uv%u: hypercall %llu from 32-bit "
                   "mode unsupported (-ENOSYS)\n", v->domain->domain_id,
                   v->vcpu_id, (unsigned long long)*rax);
        *rax = (uint64_t)-ENOSYS;
        return;
    }
    *rax = (uint64_t)hypercall_call(v, *rax, args);
}

uint64_t hypercall_count(uint64_t nr)
{
    return hypercall_counts[nr < NR_hypercalls ? nr : NR_hypercalls];
}

/* Debug key: how often each hypercall number was made. */
void dump_hypercall_counts(unsigned char key)
{
    unsigned int i;

    (void)key;
    printk("Hypercall counts (number: calls):\n");
    for (i = 0; i <= NR_hypercalls; i++)
        if (hypercall_counts[i])
            printk("  %s%u: %llu\n", i == NR_hypercalls ? ">=" : "", i,
                   (unsigned long long)hypercall_counts[i]);
}
