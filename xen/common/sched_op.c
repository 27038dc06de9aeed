/* The sched_op hypercall: yield, block, poll on event channels with a
 * timeout, and shutdown (of the caller, or of another domain by dom0). */
#include <public/sched.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/timer.h>

#define POLL_MAX_PORTS      128     /* Xen's bound */
#define POLL_NR_PORTS       (EVTCHN_2L_NR_WORDS * 64)
#define CRASH_REBOOT_MS     5000

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff]   = "poweroff",
    [SHUTDOWN_reboot]     = "reboot",
    [SHUTDOWN_suspend]    = "suspend",
    [SHUTDOWN_crash]      = "crash",
    [SHUTDOWN_watchdog]   = "watchdog",
    [SHUTDOWN_soft_reset] = "soft_reset",
};

/* The hardware domain stopping takes the machine with it, with Xen's
 * messages: power off, or reboot (suspend and soft reset included). */
void __noreturn hwdom_shutdown(unsigned int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        printk("Hardware Dom0 halted: halting machine\n");
        machine_power_off();
    case SHUTDOWN_crash:
        if (opt_noreboot) {
            printk("Hardware Dom0 crashed: 'noreboot' set - not "
                   "rebooting.\n");
            machine_halt();
        }
        printk("Hardware Dom0 crashed: rebooting machine in 5 seconds.\n");
        machine_restart(CRASH_REBOOT_MS);
    case SHUTDOWN_watchdog:
        printk("Hardware Dom0 shutdown: watchdog rebooting machine\n");
        machine_restart(0);
    default:
        printk("Hardware Dom0 shutdown: rebooting machine\n");
        machine_restart(0);
    }
}

static void shutdown_domain(struct domain *d, unsigned int reason)
{
    if (d->is_privileged)
        hwdom_shutdown(reason);
    printk(XENLOG_G_INFO "d%u: shutdown (%s)\n", d->domain_id,
           shutdown_names[reason]);
    domain_shutdown(d, (int)reason);
}

/* ---- poll ---- */

static bool poll_end(struct vcpu *v)
{
    unsigned int port = __atomic_exchange_n(&v->poll_port, ~0u,
                                            __ATOMIC_ACQ_REL);

    if (port == 0 || port == ~0u)
        return false;           /* someone else ended it */
    if (v->poll_timer.status != TIMER_STATUS_invalid)
        stop_timer(&v->poll_timer);
    return true;
}

static void poll_timeout_fn(void *data)
{
    struct vcpu *v = data;

    if (poll_end(v))
        vcpu_wake(v);
}

void sched_poll_wake(struct vcpu *v, unsigned int port)
{
    unsigned int polled = __atomic_load_n(&v->poll_port, __ATOMIC_ACQUIRE);

    if (polled == 0 || polled == ~0u)
        return;
    if (polled != POLL_PORT_ANY && polled != port)
        return;
    if (poll_end(v))
        vcpu_wake(v);
}

void sched_poll_destroy(struct vcpu *v)
{
    if (v->poll_timer.status != TIMER_STATUS_invalid)
        kill_timer(&v->poll_timer);
}

static bool any_pending(struct domain *d, const uint32_t *ports,
                        unsigned int n)
{
    unsigned int i;

    for (i = 0; i < n; i++)
        if (evtchn_port_is_pending(d, ports[i]))
            return true;
    return false;
}

/*
 * Return at once if one of the ports is pending, else block until one is
 * (event masks do not matter) or the absolute timeout passes.  Blocking
 * before the second check closes the window in which an event could be
 * sent between check and block.
 */
static long sched_poll(struct vcpu *v, uint64_t va)
{
    struct domain *d = v->domain;
    uint32_t ports[POLL_MAX_PORTS];
    struct sched_poll sp;
    unsigned int i;

    if (copy_from_guest(v, &sp, va, sizeof(sp)))
        return -EFAULT;
    if (sp.nr_ports == 0 || sp.nr_ports > POLL_MAX_PORTS)
        return -EINVAL;
    if (copy_from_guest(v, ports, sp.ports, sp.nr_ports * sizeof(ports[0])))
        return -EFAULT;
    for (i = 0; i < sp.nr_ports; i++)
        if (ports[i] >= POLL_NR_PORTS)
            return -EINVAL;
    if (any_pending(d, ports, sp.nr_ports))
        return 0;
    if (sp.timeout && (s_time_t)sp.timeout <= NOW())
        return 0;

    if (v->poll_timer.status == TIMER_STATUS_invalid)
        init_timer(&v->poll_timer, poll_timeout_fn, v, v->processor);
    v->poll_timeout = (s_time_t)sp.timeout;
    __atomic_store_n(&v->poll_port, sp.nr_ports == 1 && ports[0] ?
                     ports[0] : POLL_PORT_ANY, __ATOMIC_RELEASE);
    vcpu_block(v);
    if (any_pending(d, ports, sp.nr_ports)) {
        if (poll_end(v))
            vcpu_wake(v);
        return 0;
    }
    if (sp.timeout)
        set_timer(&v->poll_timer, (s_time_t)sp.timeout);
    return 0;
}

/* ---- the other sub-ops ---- */

static long sched_yield(struct vcpu *v, uint64_t va)
{
    (void)va;
    v->hvm.yield_request = true;
    return 0;
}

/* Enable event delivery and wait for one (as with STI; HLT). */
static long sched_block(struct vcpu *v, uint64_t va)
{
    (void)va;
    if (v->vcpu_info)
        __atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0,
                         __ATOMIC_RELEASE);
    vcpu_block(v);
    if (evtchn_upcall_pending(v))
        vcpu_wake(v);
    return 0;
}

static long copy_reason(struct vcpu *v, uint64_t va, unsigned int *reason)
{
    struct sched_shutdown s;

    if (copy_from_guest(v, &s, va, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    *reason = s.reason;
    return 0;
}

static long sched_shutdown(struct vcpu *v, uint64_t va)
{
    unsigned int reason;
    long rc = copy_reason(v, va, &reason);

    if (!rc)
        shutdown_domain(v->domain, reason);
    return rc;
}

/* Only records the code a later (or crash) shutdown reports. */
static long sched_shutdown_code(struct vcpu *v, uint64_t va)
{
    unsigned int reason;
    long rc = copy_reason(v, va, &reason);

    if (!rc)
        v->domain->shutdown_code = (int)reason;
    return rc;
}

static long sched_remote_shutdown(struct vcpu *v, uint64_t va)
{
    struct sched_remote_shutdown rs;
    struct domain *d;

    if (!v->domain->is_privileged)
        return -EPERM;
    if (copy_from_guest(v, &rs, va, sizeof(rs)))
        return -EFAULT;
    if (rs.reason > SHUTDOWN_MAX)
        return -EINVAL;
    d = get_domain_by_id(rs.domain_id);
    if (!d)
        return -ESRCH;
    shutdown_domain(d, rs.reason);
    return 0;
}

/* watchdog and pin_override are left out: -ENOSYS. */
static subop_fn_t *const sched_ops[] = {
    [SCHEDOP_yield]           = sched_yield,
    [SCHEDOP_block]           = sched_block,
    [SCHEDOP_shutdown]        = sched_shutdown,
    [SCHEDOP_poll]            = sched_poll,
    [SCHEDOP_remote_shutdown] = sched_remote_shutdown,
    [SCHEDOP_shutdown_code]   = sched_shutdown_code,
};

/* arg[0]: SCHEDOP_*, arg[1]: guest pointer to its argument. */
long do_sched_op(struct vcpu *v, const uint64_t arg[5])
{
    return SUBOP_DISPATCH(sched_ops, arg[0], v, arg[1]);
}
