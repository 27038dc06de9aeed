/* The platform_op hypercall: dom0's requests about the machine.  Only the
 * wallclock update is kept; firmware, CPU and power-management requests
 * fail cleanly (Linux treats each failure as "not available"). */
#include <asm/platform.h>
#include <public/platform.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

/* The wallclock dom0 last set: seconds and ns at system time 'stime'. */
struct platform_wallclock platform_wallclock;

static long platform_set_wallclock(uint64_t secs, uint32_t nsecs,
                                   uint64_t stime)
{
    if (nsecs >= 1000000000u)
        return -EINVAL;
    platform_wallclock.secs = secs;
    platform_wallclock.nsecs = nsecs;
    platform_wallclock.stime = stime;
    platform_wallclock.valid = true;
    printk(XENLOG_DEBUG "dom0 set the wallclock: %llu.%09u s at %llu ns\n",
           (unsigned long long)secs, nsecs, (unsigned long long)stime);
    return 0;
}

static long platform_settime64(struct xen_platform_op *op)
{
    const struct xenpf_settime64 *t = &op->u.settime64;

    if (t->mbz)
        return -EINVAL;
    return platform_set_wallclock(t->secs, t->nsecs, t->system_time);
}

static long platform_settime32(struct xen_platform_op *op)
{
    const struct xenpf_settime32 *t = &op->u.settime32;

    return platform_set_wallclock(t->secs, t->nsecs, t->system_time);
}

/* firmware_info, enter_acpi_sleep, set_processor_pminfo, get_cpuinfo and
 * get_dom0_console (Xen 4.17 has none) are not implemented: -ENOSYS. */
static long (*const platform_ops[])(struct xen_platform_op *op) = {
    [XENPF_settime32] = platform_settime32,
    [XENPF_settime64] = platform_settime64,
};

/* arg[0]: guest pointer to a struct xen_platform_op. */
long do_platform_op(struct vcpu *v, const uint64_t arg[5])
{
    struct xen_platform_op op;

    if (!v->domain->is_privileged)
        return -EPERM;
    if (copy_from_guest(v, &op, arg[0], sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XENPF_INTERFACE_VERSION)
        return -EACCES;
    if (op.cmd >= ARRAY_SIZE(platform_ops) || !platform_ops[op.cmd])
        return -ENOSYS;
    return platform_ops[op.cmd](&op);
}
