/* memory_op: a translated guest's view of its memory: the e820 map, what
 * is mapped where in its p2m (shared_info, grant frames, RAM extents) and
 * its reservation. */
#include <asm/e820.h>
#include <asm/p2m.h>
#include <public/memory.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/memory.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

#define NO_GFN  (~0ull)


/* The domain a domid names for v: itself, or any for a privileged caller.
 * Returns NULL with *err set (-ESRCH / -EPERM). */
static struct domain *memop_target(struct vcpu *v, uint16_t domid, int *err)
{
    struct domain *d = v->domain, *t;

    if (domid == DOMID_SELF || domid == d->domain_id)
        return d;
    *err = -EPERM;
    if (!d->is_privileged)
        return NULL;
    *err = -ESRCH;
    t = domid < DOMID_FIRST_RESERVED ? get_domain_by_id(domid) : NULL;
    return t;
}

/* Pages of RAM d holds (its NPT tables are ours, not its reservation). */
static unsigned long domain_ram_pages(const struct domain *d)
{
    unsigned long all = domain_page_count(d);

    return all > d->hvm.p2m_pages ? all - d->hvm.p2m_pages : 0;
}

/* Whether [gfn, gfn + 2^order) holds a frame the hypervisor uses behind
 * the guest's back (a registered vcpu_info): such frames must stay. */
static bool gfn_range_pinned(struct domain *d, uint64_t gfn,
                             unsigned int order)
{
    struct vcpu *v;

    for_each_vcpu(d, v)
        if (v->vcpu_info_gfn != NO_GFN && v->vcpu_info_gfn >= gfn &&
            v->vcpu_info_gfn - gfn < (1ull << order))
            return true;
    return false;
}

/*
 * Empty gfn (2^order pages) in d's p2m: an owned frame is freed (the guest
 * gives up that RAM), a foreign one (shared_info, a grant frame) is only
 * unmapped.  0; -ENOENT when nothing is mapped there; -EBUSY when only
 * part of a 2 MiB owned superpage would go (it cannot be split) or the
 * frame backs a vcpu_info.
 */
int memory_unmap_gfn(struct domain *d, uint64_t gfn, unsigned int order)
{
    paddr_t ma;
    uint64_t flags;
    unsigned int have;
    int rc = p2m_get_entry(d, gfn, &ma, &flags, &have);

    if (rc)
        return rc;
    if (have != order)
        return -EBUSY;
    if (gfn_range_pinned(d, gfn & ~((1ull << have) - 1), have))
        return -EBUSY;
    rc = p2m_remove_entry(d, gfn, order);
    if (rc)
        return rc;
    if (flags & NPT_OWNED)
        free_domheap_pages(maddr_to_page(ma), order);
    if (d->shared_info_gfn != NO_GFN && d->shared_info_gfn >= gfn &&
        d->shared_info_gfn - gfn < (1ull << order))
        d->shared_info_gfn = NO_GFN;
    return 0;
}

/* ---- memory maps ---- */

int memory_map_copy(struct vcpu *v, const struct e820map *map, uint64_t arg)
{
    struct xen_memory_map mm;
    struct xen_e820_entry e;
    unsigned int i, n;

    if (copy_from_guest(v, &mm, arg, sizeof(mm)))
        return -EFAULT;
    if (!map || !map->nr_map)
        return -ENOSYS;         /* as Xen when no map was set */
    n = MIN(mm.nr_entries, MIN(map->nr_map, (unsigned int)E820MAX));
    for (i = 0; i < n; i++) {
        e.addr = map->map[i].addr;
        e.size = map->map[i].size;
        e.type = map->map[i].type;
        if (copy_to_guest(v, mm.buffer + (uint64_t)i * sizeof(e), &e,
                          sizeof(e)))
            return -EFAULT;
    }
    mm.nr_entries = n;
    return copy_to_guest(v, arg, &mm, sizeof(mm)) ? -EFAULT : 0;
}

static long memop_memory_map(struct vcpu *v, uint64_t arg)
{
    return memory_map_copy(v, v->domain->e820, arg);
}

static long memop_machine_memory_map(struct vcpu *v, uint64_t arg)
{
    if (!v->domain->is_privileged)
        return -EPERM;
    return memory_map_copy(v, host_e820(), arg);
}

/* ---- add_to_physmap / remove_from_physmap ---- */

/* Map d's shared_info at gpfn; a second call moves it. */
static int map_shared_info(struct domain *d, uint64_t idx, uint64_t gpfn)
{
    int rc;

    if (idx != 0 || !d->shared_info)
        return -EINVAL;
    if (d->shared_info_gfn == gpfn)
        return 0;
    rc = memory_unmap_gfn(d, gpfn, P2M_ORDER_4K);
    if (rc && rc != -ENOENT)
        return rc;
    rc = p2m_set_entry(d, gpfn, virt_to_maddr(d->shared_info), P2M_ORDER_4K,
                       p2m_rw);
    if (rc)
        return rc;
    if (d->shared_info_gfn != NO_GFN)
        p2m_remove_entry(d, d->shared_info_gfn, P2M_ORDER_4K);
    d->shared_info_gfn = gpfn;
    return 0;
}

/* gmfn, gmfn_range, gmfn_foreign and dev_mmio are not needed to boot
 * Linux; privcmd's foreign mappings come with add_to_physmap_batch. */
int memory_add_to_physmap(struct domain *d,
                          const struct xen_add_to_physmap *x)
{
    int rc;

    if (x->gpfn >= P2M_MAX_GFN || !d->hvm.p2m_root)
        return -EINVAL;
    switch (x->space) {
    case XENMAPSPACE_shared_info:
        spin_lock(&d->lock);
        rc = map_shared_info(d, x->idx, x->gpfn);
        spin_unlock(&d->lock);
        return rc;
    case XENMAPSPACE_grant_table:
        if (x->idx > 0xffffffffull)
            return -EINVAL;
        return gnttab_map_frame(d, (unsigned long)x->idx, x->gpfn);
    case XENMAPSPACE_gmfn:
    case XENMAPSPACE_gmfn_range:
    case XENMAPSPACE_gmfn_foreign:
    case XENMAPSPACE_dev_mmio:
        return -ENOSYS;
    default:
        return -EINVAL;
    }
}

static long memop_add_to_physmap(struct vcpu *v, uint64_t arg)
{
    struct xen_add_to_physmap x;
    struct domain *d;
    int rc = 0;

    if (copy_from_guest(v, &x, arg, sizeof(x)))
        return -EFAULT;
    d = memop_target(v, x.domid, &rc);
    if (!d)
        return rc;
    return memory_add_to_physmap(d, &x);
}

static long memop_remove_from_physmap(struct vcpu *v, uint64_t arg)
{
    struct xen_remove_from_physmap x;
    struct domain *d;
    int rc = 0;

    if (copy_from_guest(v, &x, arg, sizeof(x)))
        return -EFAULT;
    d = memop_target(v, x.domid, &rc);
    if (!d)
        return rc;
    if (x.gpfn >= P2M_MAX_GFN || !d->hvm.p2m_root)
        return -EINVAL;
    spin_lock(&d->lock);
    rc = memory_unmap_gfn(d, x.gpfn, P2M_ORDER_4K);
    spin_unlock(&d->lock);
    return rc;
}

/* ---- reservations ---- */

/* One extent of populate_physmap: fresh zeroed RAM at gfn. */
static int populate_one(struct domain *d, uint64_t gfn, unsigned int order)
{
    unsigned long limit = d->max_pages ? d->max_pages : ~0ul;

    if (gfn >= P2M_MAX_GFN || (gfn & ((1ull << order) - 1)))
        return -EINVAL;
    if (domain_ram_pages(d) + (1ul << order) > limit)
        return -ENOMEM;
    return p2m_populate(d, gfn, order);
}

/* Hypervisor pages shared with the guest (shared_info, grant frames). */
static bool frame_is_xenheap(paddr_t ma)
{
    unsigned long mfn = (unsigned long)(ma >> PAGE_SHIFT);

    return mfn_valid(mfn) && (mfn_to_page(mfn)->count_info & PGC_xen_heap);
}

/*
 * Give back the RAM at gfn: owned frames return to the heap; dom0's 1:1
 * RAM (not allocated to it) is only unmapped.  Pages the hypervisor shares
 * with the guest are not RAM and stay.
 */
static int decrease_one(struct domain *d, uint64_t gfn, unsigned int order)
{
    paddr_t ma;
    uint64_t flags;
    unsigned int have;

    if (gfn >= P2M_MAX_GFN)
        return -EINVAL;
    if (p2m_get_entry(d, gfn, &ma, &flags, &have))
        return -EINVAL;
    if (!(flags & NPT_OWNED) && frame_is_xenheap(ma))
        return -EINVAL;
    return memory_unmap_gfn(d, gfn, order);
}

/*
 * Run op on each gfn of the guest's extent list, stopping at the first
 * failure as Xen does.  Returns the number of extents done.
 */
long memory_reservation_walk(struct vcpu *v, struct domain *d,
                             const struct xen_memory_reservation *r,
                             int (*op)(struct domain *, uint64_t,
                                       unsigned int))
{
    uint64_t i, gfn;

    for (i = 0; i < r->nr_extents; i++) {
        if (copy_from_guest(v, &gfn, r->extent_start + i * sizeof(gfn),
                            sizeof(gfn)))
            break;
        spin_lock(&d->lock);
        if (op(d, gfn, r->extent_order)) {
            spin_unlock(&d->lock);
            break;
        }
        spin_unlock(&d->lock);
    }
    return (long)i;
}

static long memop_reservation(struct vcpu *v, uint64_t arg,
                              int (*op)(struct domain *, uint64_t,
                                        unsigned int))
{
    struct xen_memory_reservation r;
    struct domain *d;
    int rc = 0;

    if (copy_from_guest(v, &r, arg, sizeof(r)))
        return -EFAULT;
    d = memop_target(v, r.domid, &rc);
    if (!d)
        return rc;
    if (!d->hvm.p2m_root)
        return -EINVAL;
    /* Extents are p2m leaves: 4 KiB or 2 MiB. */
    if (r.extent_order != P2M_ORDER_4K && r.extent_order != P2M_ORDER_2M)
        return 0;
    return memory_reservation_walk(v, d, &r, op);
}

static long memop_populate_physmap(struct vcpu *v, uint64_t arg)
{
    return memop_reservation(v, arg, populate_one);
}

static long memop_decrease_reservation(struct vcpu *v, uint64_t arg)
{
    return memop_reservation(v, arg, decrease_one);
}

/* The domid-only queries: arg points at a domid_t. */
static long memop_query(struct vcpu *v, uint64_t arg, struct domain **d)
{
    uint16_t domid;
    int rc = 0;

    if (copy_from_guest(v, &domid, arg, sizeof(domid)))
        return -EFAULT;
    *d = memop_target(v, domid, &rc);
    return *d ? 0 : rc;
}

static long memop_current_reservation(struct vcpu *v, uint64_t arg)
{
    struct domain *d;
    long rc = memop_query(v, arg, &d);

    return rc ? rc : (long)domain_ram_pages(d);
}

static long memop_maximum_reservation(struct vcpu *v, uint64_t arg)
{
    struct domain *d;
    long rc = memop_query(v, arg, &d);

    return rc ? rc : (long)d->max_pages;
}

static long memop_maximum_gpfn(struct vcpu *v, uint64_t arg)
{
    struct domain *d;
    long rc = memop_query(v, arg, &d);

    if (rc)
        return rc;
    if (!d->hvm.p2m_root)
        return -EINVAL;
    /* An empty p2m reports 0, as Xen does. */
    return MAX(p2m_max_gfn(d), (int64_t)0);
}

static long memop_maximum_ram_page(struct vcpu *v, uint64_t arg)
{
    (void)v;
    (void)arg;
    return (long)max_page;
}

/*
 * Sub-ops without an entry are -ENOSYS: increase_reservation (a
 * translated guest uses populate_physmap), machphys_mfn_list (PV),
 * add_to_physmap_batch and acquire_resource (privcmd foreign mappings, not
 * yet), the sharing counters.
 */
static subop_fn_t *const memop_table[XENMEM_NR_OPS] = {
    [XENMEM_decrease_reservation]   = memop_decrease_reservation,
    [XENMEM_maximum_ram_page]       = memop_maximum_ram_page,
    [XENMEM_current_reservation]    = memop_current_reservation,
    [XENMEM_maximum_reservation]    = memop_maximum_reservation,
    [XENMEM_populate_physmap]       = memop_populate_physmap,
    [XENMEM_add_to_physmap]         = memop_add_to_physmap,
    [XENMEM_memory_map]             = memop_memory_map,
    [XENMEM_machine_memory_map]     = memop_machine_memory_map,
    [XENMEM_maximum_gpfn]           = memop_maximum_gpfn,
    [XENMEM_remove_from_physmap]    = memop_remove_from_physmap,
};

/* arg[0] = sub-op (low bits; the rest is a continuation start we never
 * need, as every list is processed in one go), arg[1] = its argument. */
long do_memory_op(struct vcpu *v, const uint64_t arg[5])
{
    if (arg[0] >> 6)
        return -EINVAL;     /* we never hand out continuations */
    return SUBOP_DISPATCH(memop_table, arg[0] & MEMOP_CMD_MASK, v, arg[1]);
}
