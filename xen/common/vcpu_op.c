/* vcpu_op, set_timer_op and vm_assist: the per-vCPU timers, vcpu_info
 * registration, the guest's runstate area, and the shared_info page. */
#include <asm/hvm/hvm.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <public/vcpu.h>
#include <xen/compiler.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/pvclock.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/timer.h>
#include <xen/vcpu_op.h>

/* Xen refuses periodic ticks faster than this. */
#define PERIODIC_MIN_NS     MILLISECS(1)
#define NO_GFN              (~0ull)

/* ---- The shared_info page and per-vCPU set-up ---- */

int domain_shared_info_init(struct domain *d)
{
    d->shared_info_gfn = NO_GFN;
    if (d->domain_id == DOMID_IDLE)
        return 0;
    /* Below 4 GiB: the hypervisor reaches it through the direct map. */
    d->shared_info = alloc_xenheap_pages(0, MEMF_bits(32));
    if (!d->shared_info)
        return -ENOMEM;
    memset(d->shared_info, 0, PAGE_SIZE);
    wallclock_init();
    update_domain_wallclock_time(d);
    return 0;
}

void domain_shared_info_destroy(struct domain *d)
{
    if (d->shared_info)
        free_xenheap_page(d->shared_info);
    d->shared_info = NULL;
}

/* A timer event: VIRQ_TIMER, and a blocked vCPU runs again to see it. */
static void vcpu_timer_event(struct vcpu *v)
{
    send_guest_vcpu_virq(v, VIRQ_TIMER);
    if (v->blocked)
        vcpu_wake(v);
}

static void singleshot_timer_fn(void *data)
{
    vcpu_timer_event(data);
}

static void periodic_timer_fn(void *data)
{
    struct vcpu *v = data;
    s_time_t period = v->periodic_period, now = NOW();
    s_time_t next = timer_expires(&v->periodic_timer) + period;

    vcpu_timer_event(v);
    if (!period)
        return;         /* stopped meanwhile */
    if (next <= now)    /* missed ticks are not replayed */
        next = now + period;
    set_timer(&v->periodic_timer, next);
}

void vcpu_guest_init(struct vcpu *v)
{
    struct domain *d = v->domain;

    v->vcpu_info = d->shared_info && v->vcpu_id < XEN_LEGACY_MAX_VCPUS
                   ? &d->shared_info->vcpu_info[v->vcpu_id] : NULL;
    v->vcpu_info_gfn = NO_GFN;
    v->runstate_guest = 0;
    v->poll_port = ~0u;
    v->periodic_period = 0;
    if (d->domain_id == DOMID_IDLE)
        return;
    init_timer(&v->singleshot_timer, singleshot_timer_fn, v, v->processor);
    init_timer(&v->periodic_timer, periodic_timer_fn, v, v->processor);
    pvclock_update(v);
}

void vcpu_guest_destroy(struct vcpu *v)
{
    if (v->singleshot_timer.status != TIMER_STATUS_invalid)
        kill_timer(&v->singleshot_timer);
    if (v->periodic_timer.status != TIMER_STATUS_invalid)
        kill_timer(&v->periodic_timer);
    v->vcpu_info = NULL;
    v->runstate_guest = 0;
}

/* The timers follow the vCPU, so they fire where it runs; the pvclock
 * takes this pCPU's stamp. */
void vcpu_guest_enter(struct vcpu *v)
{
    if (v->singleshot_timer.status != TIMER_STATUS_invalid &&
        v->singleshot_timer.cpu != v->processor)
        migrate_timer(&v->singleshot_timer, v->processor);
    if (v->periodic_timer.status != TIMER_STATUS_invalid &&
        v->periodic_timer.cpu != v->processor)
        migrate_timer(&v->periodic_timer, v->processor);
    pvclock_update(v);
}

/* ---- Runstate ---- */

static void runstate_raw(const struct vcpu *v, struct vcpu_runstate_info *info)
{
    unsigned int i;

    memset(info, 0, sizeof(*info));
    info->state = (int32_t)v->runstate;
    info->state_entry_time = (uint64_t)v->runstate_entry;
    for (i = 0; i < 4; i++)
        info->time[i] = (uint64_t)v->runstate_time[i];
}

void vcpu_runstate_get(const struct vcpu *v, int64_t now,
                       struct vcpu_runstate_info *info)
{
    runstate_raw(v, info);
    if (v->runstate_entry && now > v->runstate_entry)
        info->time[v->runstate & 3] += (uint64_t)(now - v->runstate_entry);
}

int runstate_publish(const struct vcpu_runstate_info *info, bool update_flag,
                     runstate_write_fn write, void *ctx)
{
    const size_t entry_off = offsetof(struct vcpu_runstate_info,
                                      state_entry_time);
    struct vcpu_runstate_info copy = *info;
    uint64_t entry = info->state_entry_time & ~XEN_RUNSTATE_UPDATE;
    int rc, rc2;

    copy.state_entry_time = entry;
    if (!update_flag)
        return write(ctx, 0, &copy, sizeof(copy));
    /* Readers retry while the flag is set: raise it before any other
     * field changes and drop it only after all of them did. */
    copy.state_entry_time = entry | XEN_RUNSTATE_UPDATE;
    rc = write(ctx, entry_off, &copy.state_entry_time, sizeof(entry));
    if (rc)
        return rc;
    barrier();
    rc = write(ctx, 0, &copy, sizeof(copy));
    barrier();
    rc2 = write(ctx, entry_off, &entry, sizeof(entry));
    return rc ? rc : rc2;
}

struct guest_area {
    struct vcpu *walker;        /* whose page tables translate va */
    uint64_t va;
};

static int guest_area_write(void *ctx, size_t off, const void *src,
                            size_t len)
{
    const struct guest_area *a = ctx;

    return copy_to_guest(a->walker, a->va + off, src, len);
}

static bool runstate_flag_enabled(const struct domain *d)
{
    return d->vm_assist & (1ul << VMASST_TYPE_runstate_update_flag);
}

/*
 * Called from vcpu_set_runstate, which runs while v is outside guest mode
 * (entry/exit of the run loop, blocking, waking), so the page-table root
 * in its control block is the one the guest last used.  A vCPU whose
 * paging is still off (an AP before its start-up) is skipped: the
 * guest-virtual address would be taken as physical.
 */
void vcpu_runstate_guest_update(struct vcpu *v)
{
    struct vcpu_runstate_info info;
    struct guest_area a = { v, v->runstate_guest };

    if (!a.va || !v->domain->hvm.p2m_root ||
        !(hvm_funcs.get_cr0(v) & X86_CR0_PG))
        return;
    runstate_raw(v, &info);
    runstate_publish(&info, runstate_flag_enabled(v->domain),
                     guest_area_write, &a);
}

/* ---- VCPUOP_* ---- */

typedef long (*vcpuop_fn_t)(struct vcpu *caller, struct vcpu *v,
                            uint64_t arg);

static long vcpuop_is_up(struct vcpu *caller, struct vcpu *v, uint64_t arg)
{
    (void)caller;
    (void)arg;
    return v->runstate != RUNSTATE_offline;
}

static long vcpuop_get_runstate_info(struct vcpu *caller, struct vcpu *v,
                                     uint64_t arg)
{
    struct vcpu_runstate_info info;

    vcpu_runstate_get(v, NOW(), &info);
    return copy_to_guest(caller, arg, &info, sizeof(info)) ? -EFAULT : 0;
}

/*
 * The area is written at once through the caller's page tables (the
 * target may be an AP that has not enabled paging yet).  As in Xen, a
 * failed first write is not an error: Linux BUG()s on any error here, and
 * the area may become writable later; we log it instead.
 */
static long vcpuop_register_runstate(struct vcpu *caller, struct vcpu *v,
                                     uint64_t arg)
{
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_runstate_info info;
    struct guest_area a;

    if (copy_from_guest(caller, &area, arg, sizeof(area)))
        return -EFAULT;
    v->runstate_guest = 0;
    if (!area.addr)
        return 0;           /* unregister */
    a.walker = caller;
    a.va = area.addr;
    runstate_raw(v, &info);
    if (runstate_publish(&info, runstate_flag_enabled(v->domain),
                         guest_area_write, &a))
        printk(XENLOG_G_WARNING "d%uv%u: runstate area %#llx not writable "
               "yet\n", v->domain->domain_id, v->vcpu_id,
               (unsigned long long)area.addr);
    v->runstate_guest = area.addr;
    return 0;
}

static long vcpuop_set_periodic(struct vcpu *caller, struct vcpu *v,
                                uint64_t arg)
{
    struct vcpu_set_periodic_timer set;

    if (copy_from_guest(caller, &set, arg, sizeof(set)))
        return -EFAULT;
    if (set.period_ns < (uint64_t)PERIODIC_MIN_NS ||
        set.period_ns > (uint64_t)SECONDS(3600))
        return -EINVAL;
    v->periodic_period = (s_time_t)set.period_ns;
    set_timer(&v->periodic_timer, NOW() + v->periodic_period);
    return 0;
}

static long vcpuop_stop_periodic(struct vcpu *caller, struct vcpu *v,
                                 uint64_t arg)
{
    (void)caller;
    (void)arg;
    v->periodic_period = 0;
    stop_timer(&v->periodic_timer);
    return 0;
}

/* One-shot timers belong to the calling vCPU only (as in Xen). */
static long vcpuop_set_singleshot(struct vcpu *caller, struct vcpu *v,
                                  uint64_t arg)
{
    struct vcpu_set_singleshot_timer set;

    if (v != caller)
        return -EINVAL;
    if (copy_from_guest(caller, &set, arg, sizeof(set)))
        return -EFAULT;
    if (set.timeout_abs_ns > (uint64_t)STIME_MAX)
        set.timeout_abs_ns = (uint64_t)STIME_MAX;
    if ((set.flags & VCPU_SSHOTTMR_future) &&
        (s_time_t)set.timeout_abs_ns < NOW())
        return -ETIME;
    set_timer(&v->singleshot_timer, (s_time_t)set.timeout_abs_ns);
    return 0;
}

static long vcpuop_stop_singleshot(struct vcpu *caller, struct vcpu *v,
                                   uint64_t arg)
{
    (void)arg;
    if (v != caller)
        return -EINVAL;
    stop_timer(&v->singleshot_timer);
    return 0;
}

/*
 * A guest frame to hold vcpu_info: mapped writable in d's p2m and reachable
 * through our direct map.  Not required to be owned by d: dom0's RAM may
 * be mapped 1:1 without being allocated to it.
 */
static int vcpu_info_frame(struct domain *d, uint64_t gfn, paddr_t *ma)
{
    if (gfn >= P2M_MAX_GFN || !d->hvm.p2m_root)
        return -EINVAL;
    if (p2m_lookup(d, gfn << PAGE_SHIFT, true, ma))
        return -EINVAL;
    if (!mfn_valid(*ma >> PAGE_SHIFT) || !maddr_is_mapped(*ma, PAGE_SIZE))
        return -EINVAL;
    return 0;
}

/* Move v's vcpu_info into a guest page, once; its contents go along. */
static long vcpuop_register_vcpu_info(struct vcpu *caller, struct vcpu *v,
                                      uint64_t arg)
{
    struct vcpu_register_vcpu_info reg;
    struct vcpu_info *vi;
    paddr_t ma;
    int rc;

    if (copy_from_guest(caller, &reg, arg, sizeof(reg)))
        return -EFAULT;
    if (reg.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
        (reg.offset & 7))
        return -EINVAL;
    if (v->vcpu_info_gfn != NO_GFN)
        return -EINVAL;
    rc = vcpu_info_frame(v->domain, reg.mfn, &ma);
    if (rc)
        return rc;
    vi = (struct vcpu_info *)((uint8_t *)maddr_to_virt(ma) + reg.offset);
    if (v->vcpu_info)
        memcpy(vi, v->vcpu_info, sizeof(*vi));
    else
        memset(vi, 0, sizeof(*vi));
    barrier();
    v->vcpu_info = vi;
    v->vcpu_info_gfn = reg.mfn;
    pvclock_update(v);
    return 0;
}

/* up/down/initialise: Linux 6.1 PVH starts APs with INIT/SIPI and uses
 * these only for hotplug; send_nmi, get_physid and the time area are
 * optional; all -ENOSYS (NULL) for now. */
static const vcpuop_fn_t vcpuop_table[VCPUOP_NR_OPS] = {
    [VCPUOP_is_up]                          = vcpuop_is_up,
    [VCPUOP_get_runstate_info]              = vcpuop_get_runstate_info,
    [VCPUOP_register_runstate_memory_area]  = vcpuop_register_runstate,
    [VCPUOP_set_periodic_timer]             = vcpuop_set_periodic,
    [VCPUOP_stop_periodic_timer]            = vcpuop_stop_periodic,
    [VCPUOP_set_singleshot_timer]           = vcpuop_set_singleshot,
    [VCPUOP_stop_singleshot_timer]          = vcpuop_stop_singleshot,
    [VCPUOP_register_vcpu_info]             = vcpuop_register_vcpu_info,
};

/* arg[0] = cmd, arg[1] = target vCPU id (of the caller's domain), arg[2] =
 * the sub-op's argument pointer. */
long do_vcpu_op(struct vcpu *caller, const uint64_t arg[5])
{
    struct domain *d = caller->domain;
    uint64_t cmd = arg[0], id = arg[1];
    vcpuop_fn_t fn;

    if (id >= d->max_vcpus || !d->vcpu[id])
        return -ENOENT;
    fn = cmd < ARRAY_SIZE(vcpuop_table) ? vcpuop_table[cmd] : NULL;
    if (!fn)
        return -ENOSYS;
    return fn(caller, d->vcpu[id], arg[2]);
}

/* set_timer_op: arg[0] = absolute system time of the one-shot, 0 = stop. */
long do_set_timer_op(struct vcpu *v, const uint64_t arg[5])
{
    uint64_t timeout = arg[0];

    if (!timeout) {
        stop_timer(&v->singleshot_timer);
        return 0;
    }
    if (timeout > (uint64_t)STIME_MAX)
        timeout = (uint64_t)STIME_MAX;
    set_timer(&v->singleshot_timer, (s_time_t)timeout);
    return 0;
}

/* vm_assist: arg[0] = enable/disable, arg[1] = type.  HVM guests may only
 * ask for the runstate update flag. */
long do_vm_assist(struct vcpu *v, const uint64_t arg[5])
{
    struct domain *d = v->domain;
    uint64_t cmd = arg[0], type = arg[1];
    unsigned long bit = 1ul << VMASST_TYPE_runstate_update_flag;

    if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
        return -ENOSYS;
    if (type != VMASST_TYPE_runstate_update_flag)
        return -EINVAL;
    if (cmd == VMASST_CMD_enable)
        __atomic_or_fetch(&d->vm_assist, bit, __ATOMIC_RELAXED);
    else
        __atomic_and_fetch(&d->vm_assist, ~bit, __ATOMIC_RELAXED);
    return 0;
}
