/* Hypercalls: the dispatch table's handler type and each subsystem's
 * entry point.  Arguments are the guest's RDI, RSI, RDX, R10, R8; pointers
 * in them are guest-virtual (copy with copy_{from,to}_guest). */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <asm/hvm/hvm.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/types.h>

struct vcpu;

typedef long hypercall_fn_t(struct vcpu *v, const uint64_t arg[5]);

/* Most hypercalls are a sub-op number plus a guest pointer to its
 * argument, run through a table of these; a number without an entry is
 * -ENOSYS. */
typedef long subop_fn_t(struct vcpu *v, uint64_t arg);

static inline long subop_dispatch(subop_fn_t *const table[], size_t nr,
                                  uint64_t cmd, struct vcpu *v, uint64_t arg)
{
    return cmd < nr && table[cmd] ? table[cmd](v, arg) : -ENOSYS;
}
#define SUBOP_DISPATCH(table, cmd, v, arg) \
    subop_dispatch(table, ARRAY_SIZE(table), cmd, v, arg)

/* x86/hypercall.c: decode RAX and the argument registers, run the table
 * entry, return the result in RAX.  Unknown numbers: -ENOSYS, logged once
 * per number. */
void hypercall_dispatch(struct vcpu *v, uint64_t *rax);
/* Run hypercall nr with args (the dispatcher and multicall use it): the
 * handler's result, or -ENOSYS for numbers without one. */
long hypercall_call(struct vcpu *v, uint64_t nr, const uint64_t args[5]);
/* Calls made so far of nr (numbers >= NR_hypercalls share one count). */
uint64_t hypercall_count(uint64_t nr);
/* Debug key handler: the non-zero counts. */
void dump_hypercall_counts(unsigned char key);

/* Copy between hypervisor memory and guest-virtual addresses of v's
 * current address space: 0 or -EFAULT. */
static inline int copy_from_guest(struct vcpu *v, void *dst, uint64_t va,
                                  size_t len)
{
    return hvm_copy_from_guest_virt(v, dst, va, len);
}

static inline int copy_to_guest(struct vcpu *v, uint64_t va, const void *src,
                                size_t len)
{
    return hvm_copy_to_guest_virt(v, va, src, len);
}

/* The table entries, one per subsystem file. */
hypercall_fn_t do_xen_version;          /* common/kernel.c */
hypercall_fn_t do_console_io;           /* drivers/char/console.c */
hypercall_fn_t do_memory_op;            /* common/memory.c */
hypercall_fn_t do_multicall;            /* common/multicall.c */
hypercall_fn_t do_set_timer_op;         /* common/vcpu_op.c */
hypercall_fn_t do_vcpu_op;              /* common/vcpu_op.c */
hypercall_fn_t do_vm_assist;            /* common/vcpu_op.c */
hypercall_fn_t do_sched_op;             /* common/sched_op.c */
hypercall_fn_t do_event_channel_op;     /* common/event_channel.c */
hypercall_fn_t do_grant_table_op;       /* common/grant_table.c */
hypercall_fn_t do_hvm_op;               /* arch/x86/hvm/hvm_op.c */
hypercall_fn_t do_physdev_op;           /* arch/x86/physdev.c */
hypercall_fn_t do_platform_op;          /* arch/x86/platform_op.c */
hypercall_fn_t do_domctl;               /* common/domctl.c */

#endif /* XEN_HYPERCALL_H */
