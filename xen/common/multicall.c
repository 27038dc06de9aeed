/* The multicall hypercall: run a guest array of hypercalls in one exit,
 * storing each call's result in its entry. */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

/* Xen's 64-bit entry: op, result, six argument slots (five are used). */
struct multicall_entry {
    uint64_t op;
    uint64_t result;
    uint64_t args[6];
};
_Static_assert(sizeof(struct multicall_entry) == 64, "ABI");
_Static_assert(__builtin_offsetof(struct multicall_entry, result) == 8, "ABI");

/* Without continuations a call must stay short: bound the batch. */
#define MULTICALL_MAX   512

static long multicall_one(struct vcpu *v, const struct multicall_entry *e)
{
    /* Nesting would let a guest recurse on the hypervisor stack. */
    if (e->op == __HYPERVISOR_multicall)
        return -EINVAL;
    return hypercall_call(v, e->op, e->args);
}

/* arg[0]: guest pointer to the entries, arg[1]: their number.  Returns 0
 * once every entry ran (their own results are in the entries), -EINVAL
 * for too many, -EFAULT when an entry cannot be read or written back. */
long do_multicall(struct vcpu *v, const uint64_t arg[5])
{
    uint64_t list = arg[0], nr = arg[1], i;
    struct multicall_entry e;

    if (nr > MULTICALL_MAX)
        return -EINVAL;
    for (i = 0; i < nr; i++) {
        uint64_t va = list + i * sizeof(e);

        if (copy_from_guest(v, &e, va, sizeof(e)))
            return -EFAULT;
        e.result = (uint64_t)multicall_one(v, &e);
        if (copy_to_guest(v, va + __builtin_offsetof(struct multicall_entry,
                                                     result),
                          &e.result, sizeof(e.result)))
            return -EFAULT;
        /* A call that ended the domain (shutdown) ends the batch. */
        if (domain_is_dead(v->domain))
            break;
    }
    return 0;
}
