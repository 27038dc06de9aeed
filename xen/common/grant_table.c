/* Grant tables, version 1: each domain's shared entry frames, mapping and
 * copying other domains' granted pages through the p2m, GNTTABOP_*. */
#include <asm/p2m.h>
#include <public/grant_table.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>

#define GNT_PER_FRAME       (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNT_MAX_FRAMES      64
#define GNT_INITIAL_FRAMES  1
#define GNT_NO_GFN          (~0ull)
/* 4-level NPT: 48-bit guest-physical addresses. */
#define GNT_MAX_GFN         (1ull << 36)
#define MT_PER_PAGE         (PAGE_SIZE / sizeof(struct maptrack))
#define MAPTRACK_PAGES      256         /* 32768 mappings per domain */
#define GNT_MAX_COUNT       0x7fffffffu

/* What the hypervisor knows of a granted entry while it is in use. */
struct active_grant {
    uint32_t rd_pins;           /* read-only mappings (and copies) */
    uint32_t wr_pins;           /* writable ones */
    uint32_t frame;             /* the gfn pinned (entries may not change) */
    uint32_t mfn;               /* its machine frame */
};

/* One mapping this domain holds of another's grant (handle = index). */
struct maptrack {
    struct domain *granter;     /* NULL: free slot */
    grant_ref_t ref;
    bool readonly;
    uint64_t gfn;               /* where it sits in our p2m */
    paddr_t maddr;
};

struct grant_table {
    unsigned int nr_frames;
    struct grant_entry_v1 *shared[GNT_MAX_FRAMES];  /* xenheap pages */
    struct active_grant *active[GNT_MAX_FRAMES];
    uint64_t frame_gfn[GNT_MAX_FRAMES];     /* where the guest mapped it */
    struct maptrack *maptrack[MAPTRACK_PAGES];  /* pages, on demand */
    unsigned int maptrack_size;                 /* handles in them */
};

/* Whole xenheap pages, not xmalloc: they go back to the heap when a domain
 * dies (xmalloc keeps its pages for reuse). */
#define ACTIVE_ORDER        1
_Static_assert(sizeof(struct grant_table) <= PAGE_SIZE, "grant_table");
_Static_assert(GNT_PER_FRAME * sizeof(struct active_grant) <=
               (PAGE_SIZE << ACTIVE_ORDER), "active");
_Static_assert(sizeof(struct maptrack) == 32, "maptrack");

static struct maptrack *mt_entry(struct grant_table *gt, unsigned int h)
{
    return &gt->maptrack[h / MT_PER_PAGE][h % MT_PER_PAGE];
}

/* One lock for every table: a map touches the granter's entries and the
 * mapper's maptrack, and one lock cannot be taken out of order.  Grant
 * operations are short and rare enough for this. */
static DEFINE_SPINLOCK(gnttab_lock);

/* ---- table frames ---- */

static int gt_grow(struct grant_table *gt, unsigned int nr)
{
    while (gt->nr_frames < nr) {
        unsigned int i = gt->nr_frames;

        gt->shared[i] = alloc_xenheap_page();
        if (!gt->shared[i])
            return -ENOMEM;
        gt->active[i] = alloc_xenheap_pages(ACTIVE_ORDER, 0);
        if (!gt->active[i]) {
            free_xenheap_page(gt->shared[i]);
            gt->shared[i] = NULL;
            return -ENOMEM;
        }
        memset(gt->shared[i], 0, PAGE_SIZE);
        memset(gt->active[i], 0, PAGE_SIZE << ACTIVE_ORDER);
        gt->frame_gfn[i] = GNT_NO_GFN;
        gt->nr_frames++;
    }
    return 0;
}

int grant_table_init(struct domain *d)
{
    struct grant_table *gt = alloc_xenheap_page();

    if (!gt)
        return -ENOMEM;
    memset(gt, 0, PAGE_SIZE);
    if (gt_grow(gt, GNT_INITIAL_FRAMES)) {
        free_xenheap_page(gt);
        return -ENOMEM;
    }
    d->grant_table = gt;
    return 0;
}

static struct grant_entry_v1 *gt_entry(struct grant_table *gt,
                                       grant_ref_t ref)
{
    return &gt->shared[ref / GNT_PER_FRAME][ref % GNT_PER_FRAME];
}

static struct active_grant *gt_active(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / GNT_PER_FRAME][ref % GNT_PER_FRAME];
}

static bool ref_valid(const struct grant_table *gt, grant_ref_t ref)
{
    return ref < gt->nr_frames * GNT_PER_FRAME;
}

/* ---- pinning an entry: checks, GTF_reading/writing, the frame ---- */

/*
 * Pin rd's entry ref for use by domain ldomid (read-only or writable) and
 * return the frame's machine address.  The entry's flags are updated with
 * a compare-exchange as the granting guest may rewrite them at any time.
 */
static int16_t grant_pin(struct domain *rd, domid_t ldomid, grant_ref_t ref,
                         bool ro, paddr_t *ma)
{
    struct grant_table *gt = rd->grant_table;
    struct grant_entry_v1 *e;
    struct active_grant *a;
    uint16_t old, new;
    uint32_t frame;
    paddr_t m;

    if (!ref_valid(gt, ref))
        return GNTST_bad_gntref;
    if (!rd->hvm.p2m_root)
        return GNTST_bad_page;
    e = gt_entry(gt, ref);
    a = gt_active(gt, ref);
    old = __atomic_load_n(&e->flags, __ATOMIC_SEQ_CST);
    do {
        if ((old & GTF_type_mask) != GTF_permit_access ||
            __atomic_load_n(&e->domid, __ATOMIC_SEQ_CST) != ldomid)
            return GNTST_general_error;
        if (!ro && (old & GTF_readonly))
            return GNTST_general_error;
        new = old | GTF_reading | (ro ? 0 : GTF_writing);
    } while (!__atomic_compare_exchange_n(&e->flags, &old, new, false,
                                          __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST));
    frame = a->rd_pins + a->wr_pins ? a->frame
                                    : __atomic_load_n(&e->frame,
                                                      __ATOMIC_SEQ_CST);
    if (p2m_lookup(rd, (uint64_t)frame << PAGE_SHIFT, !ro, &m)) {
        /* Put the flags back as the other pins need them. */
        if (a->wr_pins == 0)
            __atomic_fetch_and(&e->flags, (uint16_t)~GTF_writing,
                               __ATOMIC_SEQ_CST);
        if (a->rd_pins + a->wr_pins == 0)
            __atomic_fetch_and(&e->flags, (uint16_t)~GTF_reading,
                               __ATOMIC_SEQ_CST);
        return GNTST_bad_page;
    }
    a->frame = frame;
    a->mfn = (uint32_t)(m >> PAGE_SHIFT);
    if (ro)
        a->rd_pins++;
    else
        a->wr_pins++;
    *ma = (paddr_t)a->mfn << PAGE_SHIFT;
    return GNTST_okay;
}

static void grant_unpin(struct domain *rd, grant_ref_t ref, bool ro)
{
    struct grant_table *gt = rd->grant_table;
    struct grant_entry_v1 *e = gt_entry(gt, ref);
    struct active_grant *a = gt_active(gt, ref);

    if (ro)
        a->rd_pins--;
    else
        a->wr_pins--;
    if (a->wr_pins == 0)
        __atomic_fetch_and(&e->flags, (uint16_t)~GTF_writing,
                           __ATOMIC_SEQ_CST);
    if (a->rd_pins + a->wr_pins == 0)
        __atomic_fetch_and(&e->flags, (uint16_t)~GTF_reading,
                           __ATOMIC_SEQ_CST);
}

/* ---- maptrack ---- */

/* A free handle of gt (adding a page of them when all are taken), or -1. */
static int maptrack_get(struct grant_table *gt)
{
    unsigned int h, p = gt->maptrack_size / MT_PER_PAGE;

    for (h = 0; h < gt->maptrack_size; h++)
        if (!mt_entry(gt, h)->granter)
            return (int)h;
    if (p >= MAPTRACK_PAGES)
        return -1;
    gt->maptrack[p] = alloc_xenheap_page();
    if (!gt->maptrack[p])
        return -1;
    memset(gt->maptrack[p], 0, PAGE_SIZE);
    gt->maptrack_size += MT_PER_PAGE;
    return (int)h;
}

/* Take mapping m out of ld's p2m, if it is still what sits there (the
 * guest may have replaced it meanwhile). */
static void mapping_remove(struct domain *ld, const struct maptrack *m)
{
    paddr_t ma;
    uint64_t flags;
    unsigned int order;

    spin_lock(&ld->lock);
    if (p2m_get_entry(ld, m->gfn, &ma, &flags, &order) == 0 &&
        order == P2M_ORDER_4K && ma == m->maddr && !(flags & NPT_OWNED))
        p2m_remove_entry(ld, m->gfn, P2M_ORDER_4K);
    spin_unlock(&ld->lock);
}

/* Drop mapping h of ld: p2m entry, pins in the granter, the slot. */
static void mapping_release(struct domain *ld, unsigned int h)
{
    struct maptrack *m = mt_entry(ld->grant_table, h);

    mapping_remove(ld, m);
    if (m->granter->grant_table)
        grant_unpin(m->granter, m->ref, m->readonly);
    memset(m, 0, sizeof(*m));
}

/* ---- domain lookup ---- */

/*
 * Called with gnttab_lock held: a domain found with a grant table cannot
 * be freed before we let go (domain_destroy calls grant_table_destroy,
 * which needs the lock, before it unlinks and releases the domain).
 */
static struct domain *grant_domain(struct domain *ld, uint16_t domid)
{
    struct domain *d;

    if (domid == DOMID_SELF || domid == ld->domain_id)
        return ld;
    if (domid >= DOMID_FIRST_RESERVED)
        return NULL;
    d = get_domain_by_id(domid);
    return d && d->grant_table ? d : NULL;
}

/* The domain a query names: own, or any for a privileged caller. */
static int16_t query_domain(struct domain *ld, uint16_t domid,
                            struct domain **d)
{
    if (domid != DOMID_SELF && domid != ld->domain_id &&
        !ld->is_privileged)
        return GNTST_permission_denied;
    *d = grant_domain(ld, domid);
    return *d ? GNTST_okay : GNTST_bad_domain;
}

/* ---- map / unmap ---- */

static int16_t map_locked(struct domain *ld, struct domain *rd,
                          struct gnttab_map_grant_ref *op)
{
    bool ro = op->flags & GNTMAP_readonly;
    struct grant_table *lgt = ld->grant_table;
    uint64_t gfn = op->host_addr >> PAGE_SHIFT;
    struct maptrack *m;
    int16_t st;
    paddr_t ma;
    int h, rc;

    st = grant_pin(rd, ld->domain_id, op->ref, ro, &ma);
    if (st != GNTST_okay)
        return st;
    h = maptrack_get(lgt);
    if (h < 0) {
        grant_unpin(rd, op->ref, ro);
        return GNTST_no_device_space;
    }
    /* The gfn must be empty (Linux maps into unpopulated space). */
    spin_lock(&ld->lock);
    rc = p2m_set_entry(ld, gfn, ma, P2M_ORDER_4K, ro ? p2m_ro : p2m_rw);
    spin_unlock(&ld->lock);
    if (rc) {
        grant_unpin(rd, op->ref, ro);
        return GNTST_general_error;
    }
    m = mt_entry(lgt, h);
    m->granter = rd;
    m->ref = op->ref;
    m->readonly = ro;
    m->gfn = gfn;
    m->maddr = ma;
    op->handle = (grant_handle_t)h;
    op->dev_bus_addr = op->flags & GNTMAP_device_map ? ma : 0;
    return GNTST_okay;
}

static int16_t map_one(struct domain *ld, struct gnttab_map_grant_ref *op)
{
    struct domain *rd;
    int16_t st;

    op->handle = ~0u;
    op->dev_bus_addr = 0;
    /* PV page-table forms do not exist for auto-translated guests. */
    if (!(op->flags & GNTMAP_host_map) ||
        (op->flags & (GNTMAP_application_map | GNTMAP_contains_pte)))
        return GNTST_general_error;
    if ((op->host_addr >> PAGE_SHIFT) >= GNT_MAX_GFN)
        return GNTST_bad_virt_addr;
    if (!ld->hvm.p2m_root)
        return GNTST_general_error;     /* nowhere to map it */
    spin_lock(&gnttab_lock);
    rd = grant_domain(ld, op->dom);
    st = rd ? map_locked(ld, rd, op) : GNTST_bad_domain;
    spin_unlock(&gnttab_lock);
    return st;
}

static int16_t unmap_one(struct domain *ld,
                         const struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *gt = ld->grant_table;
    struct maptrack *m;
    int16_t st = GNTST_okay;

    spin_lock(&gnttab_lock);
    if (op->handle >= gt->maptrack_size ||
        !mt_entry(gt, op->handle)->granter) {
        st = GNTST_bad_handle;
        goto out;
    }
    m = mt_entry(gt, op->handle);
    if (op->host_addr && (op->host_addr >> PAGE_SHIFT) != m->gfn) {
        st = GNTST_general_error;
        goto out;
    }
    if (op->dev_bus_addr &&
        (op->dev_bus_addr & ~(uint64_t)(PAGE_SIZE - 1)) != m->maddr) {
        st = GNTST_bad_dev_addr;
        goto out;
    }
    mapping_release(ld, op->handle);
out:
    spin_unlock(&gnttab_lock);
    return st;
}

/* ---- copy ---- */

struct copy_side {
    struct domain *rd;          /* pinned granter, or NULL */
    grant_ref_t ref;
    bool ro;
    paddr_t maddr;
};

static int16_t copy_resolve(struct domain *ld,
                            const struct gnttab_copy_ptr *p, bool gref,
                            bool write, struct copy_side *s)
{
    struct domain *d;
    int16_t st;

    s->rd = NULL;
    if (!gref) {
        /* By frame number only within the caller itself. */
        if (p->domid != DOMID_SELF && p->domid != ld->domain_id)
            return GNTST_permission_denied;
        if (p->u.gmfn >= GNT_MAX_GFN || !ld->hvm.p2m_root ||
            p2m_lookup(ld, p->u.gmfn << PAGE_SHIFT, write, &s->maddr))
            return GNTST_bad_page;
        s->maddr &= ~(paddr_t)(PAGE_SIZE - 1);
        return GNTST_okay;
    }
    d = grant_domain(ld, p->domid);
    if (!d)
        return GNTST_bad_domain;
    s->ref = p->u.ref;
    s->ro = !write;
    st = grant_pin(d, ld->domain_id, s->ref, s->ro, &s->maddr);
    if (st != GNTST_okay)
        return st;
    s->rd = d;
    return GNTST_okay;
}

static void copy_release(struct copy_side *s)
{
    if (s->rd)
        grant_unpin(s->rd, s->ref, s->ro);
}

static int16_t copy_one(struct domain *ld, const struct gnttab_copy *op)
{
    struct copy_side src, dst;
    int16_t st;

    if (op->source.offset + (unsigned int)op->len > PAGE_SIZE ||
        op->dest.offset + (unsigned int)op->len > PAGE_SIZE)
        return GNTST_bad_copy_arg;
    spin_lock(&gnttab_lock);
    st = copy_resolve(ld, &op->source, op->flags & GNTCOPY_source_gref,
                      false, &src);
    if (st == GNTST_okay) {
        st = copy_resolve(ld, &op->dest, op->flags & GNTCOPY_dest_gref,
                          true, &dst);
        if (st == GNTST_okay) {
            memmove(maddr_to_virt(dst.maddr + op->dest.offset),
                    maddr_to_virt(src.maddr + op->source.offset), op->len);
            copy_release(&dst);
        }
        copy_release(&src);
    }
    spin_unlock(&gnttab_lock);
    return st;
}

/* ---- XENMEM_add_to_physmap(grant_table) ---- */

int gnttab_map_frame(struct domain *d, unsigned long idx, uint64_t gfn)
{
    struct grant_table *gt;
    paddr_t ma, old_ma;
    uint64_t flags;
    unsigned int order;
    int rc;

    /* Bit 31 asks for a v2 status frame: we only do v1. */
    if (!d->hvm.p2m_root || idx >= GNT_MAX_FRAMES || gfn >= GNT_MAX_GFN)
        return -EINVAL;
    spin_lock(&gnttab_lock);
    gt = d->grant_table;
    rc = gt ? gt_grow(gt, idx + 1) : -EINVAL;
    if (rc)
        goto out;
    ma = virt_to_maddr(gt->shared[idx]);
    spin_lock(&d->lock);
    if (p2m_get_entry(d, gfn, &old_ma, &flags, &order) == 0) {
        /* Already there: nothing to do.  Anything else there (RAM the
         * domain owns above all) would be lost: refuse. */
        rc = order == P2M_ORDER_4K && old_ma == ma ? 0 : -EBUSY;
        goto out_p2m;
    }
    if (gt->frame_gfn[idx] != GNT_NO_GFN &&
        p2m_get_entry(d, gt->frame_gfn[idx], &old_ma, &flags, &order) == 0 &&
        order == P2M_ORDER_4K && old_ma == ma)
        p2m_remove_entry(d, gt->frame_gfn[idx], P2M_ORDER_4K);  /* moved */
    gt->frame_gfn[idx] = GNT_NO_GFN;
    rc = p2m_set_entry(d, gfn, ma, P2M_ORDER_4K, p2m_rw);
    if (rc == 0)
        gt->frame_gfn[idx] = gfn;
out_p2m:
    spin_unlock(&d->lock);
out:
    spin_unlock(&gnttab_lock);
    return rc;
}

/* ---- teardown ---- */

void grant_table_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    struct domain *od;
    unsigned int h, i;

    if (!gt)
        return;
    spin_lock(&gnttab_lock);
    /* What d mapped of others. */
    for (h = 0; h < gt->maptrack_size; h++)
        if (mt_entry(gt, h)->granter)
            mapping_release(d, h);
    /* What others mapped of d: their p2m must not keep d's frames once
     * d's memory is freed (no page reference counts here). */
    for_each_domain(od) {
        struct grant_table *ogt = od->grant_table;

        if (od == d || !ogt)
            continue;
        for (h = 0; h < ogt->maptrack_size; h++)
            if (mt_entry(ogt, h)->granter == d)
                mapping_release(od, h);
    }
    for (i = 0; i < gt->nr_frames; i++) {
        if (gt->frame_gfn[i] != GNT_NO_GFN) {
            spin_lock(&d->lock);
            p2m_remove_entry(d, gt->frame_gfn[i], P2M_ORDER_4K);
            spin_unlock(&d->lock);
        }
        free_xenheap_page(gt->shared[i]);
        free_xenheap_pages(gt->active[i], ACTIVE_ORDER);
    }
    for (i = 0; i < MAPTRACK_PAGES; i++)
        if (gt->maptrack[i])
            free_xenheap_page(gt->maptrack[i]);
    free_xenheap_page(gt);
    d->grant_table = NULL;
    spin_unlock(&gnttab_lock);
}

/* ---- the sub-ops: each handles one element; <0 aborts the batch ---- */

typedef long gnttab_op_fn(struct vcpu *v, void *arg);

static long op_map(struct vcpu *v, void *arg)
{
    struct gnttab_map_grant_ref *op = arg;

    op->status = map_one(v->domain, op);
    return 0;
}

static long op_unmap(struct vcpu *v, void *arg)
{
    struct gnttab_unmap_grant_ref *op = arg;

    op->status = unmap_one(v->domain, op);
    return 0;
}

static long op_copy(struct vcpu *v, void *arg)
{
    struct gnttab_copy *op = arg;

    op->status = copy_one(v->domain, op);
    return 0;
}

/* The PV interface: for auto-translated guests we report where each frame
 * sits in the guest's p2m (~0 if it was never mapped there). */
static long op_setup_table(struct vcpu *v, void *arg)
{
    struct gnttab_setup_table *op = arg;
    uint64_t gfns[GNT_MAX_FRAMES];
    struct domain *d;
    unsigned int i;

    if (op->nr_frames > GNT_MAX_FRAMES) {
        op->status = GNTST_general_error;
        return 0;
    }
    spin_lock(&gnttab_lock);
    op->status = query_domain(v->domain, op->dom, &d);
    if (op->status == GNTST_okay && gt_grow(d->grant_table, op->nr_frames))
        op->status = GNTST_general_error;
    for (i = 0; op->status == GNTST_okay && i < op->nr_frames; i++)
        gfns[i] = d->grant_table->frame_gfn[i];
    spin_unlock(&gnttab_lock);
    if (op->status == GNTST_okay && op->nr_frames &&
        copy_to_guest(v, op->frame_list, gfns,
                      op->nr_frames * sizeof(gfns[0])))
        return -EFAULT;
    return 0;
}

static void dump_table(const struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    grant_ref_t ref;

    printk("grant table of d%u: %u frame(s)\n", d->domain_id, gt->nr_frames);
    for (ref = 0; ref_valid(gt, ref); ref++) {
        const struct grant_entry_v1 *e = gt_entry(gt, ref);
        const struct active_grant *a = gt_active(gt, ref);

        if (e->flags || a->rd_pins || a->wr_pins)
            printk("  ref %u: flags %#x dom %u frame %#x pins r%u w%u\n",
                   ref, e->flags, e->domid, e->frame, a->rd_pins,
                   a->wr_pins);
    }
}

static long op_dump_table(struct vcpu *v, void *arg)
{
    struct gnttab_dump_table *op = arg;
    struct domain *d;

    spin_lock(&gnttab_lock);
    op->status = query_domain(v->domain, op->dom, &d);
    if (op->status == GNTST_okay)
        dump_table(d);
    spin_unlock(&gnttab_lock);
    return 0;
}

static long op_query_size(struct vcpu *v, void *arg)
{
    struct gnttab_query_size *op = arg;
    struct domain *d;

    spin_lock(&gnttab_lock);
    op->status = query_domain(v->domain, op->dom, &d);
    if (op->status == GNTST_okay) {
        op->nr_frames = d->grant_table->nr_frames;
        op->max_nr_frames = GNT_MAX_FRAMES;
    }
    spin_unlock(&gnttab_lock);
    return 0;
}

/* Only version 1: asking for 2 fails, so Linux stays on v1. */
static long op_set_version(struct vcpu *v, void *arg)
{
    struct gnttab_set_version *op = arg;

    (void)v;
    if (op->version == 2)
        return -EOPNOTSUPP;
    if (op->version != 1)
        return -EINVAL;
    return 0;
}

static long op_get_version(struct vcpu *v, void *arg)
{
    struct gnttab_get_version *op = arg;
    struct domain *d;
    int16_t st;

    spin_lock(&gnttab_lock);
    st = query_domain(v->domain, op->dom, &d);
    spin_unlock(&gnttab_lock);
    if (st == GNTST_permission_denied)
        return -EPERM;
    if (st != GNTST_okay)
        return -ESRCH;
    op->version = 1;
    return 0;
}

/* Status frames exist in v2 only. */
static long op_get_status_frames(struct vcpu *v, void *arg)
{
    struct gnttab_get_status_frames *op = arg;

    (void)v;
    op->status = GNTST_general_error;
    return 0;
}

static long op_swap_grant_ref(struct vcpu *v, void *arg)
{
    struct gnttab_swap_grant_ref *op = arg;
    struct grant_table *gt = v->domain->grant_table;
    struct grant_entry_v1 t;

    spin_lock(&gnttab_lock);
    if (!ref_valid(gt, op->ref_a) || !ref_valid(gt, op->ref_b)) {
        op->status = GNTST_bad_gntref;
    } else if (gt_active(gt, op->ref_a)->rd_pins ||
               gt_active(gt, op->ref_a)->wr_pins ||
               gt_active(gt, op->ref_b)->rd_pins ||
               gt_active(gt, op->ref_b)->wr_pins) {
        op->status = GNTST_eagain;      /* in use */
    } else {
        t = *gt_entry(gt, op->ref_a);
        *gt_entry(gt, op->ref_a) = *gt_entry(gt, op->ref_b);
        *gt_entry(gt, op->ref_b) = t;
        op->status = GNTST_okay;
    }
    spin_unlock(&gnttab_lock);
    return 0;
}

/* x86 DMA is cache-coherent: only the arguments are checked. */
static long op_cache_flush(struct vcpu *v, void *arg)
{
    struct gnttab_cache_flush *op = arg;

    (void)v;
    return op->offset + (unsigned int)op->length > PAGE_SIZE ? -EINVAL : 0;
}

struct gnttab_op_desc {
    gnttab_op_fn *fn;
    uint16_t size;      /* bytes of one element */
    bool batch;         /* count may exceed 1 */
    bool copy_back;
};

/* No entry, so -ENOSYS: transfer and unmap_and_replace (PV only). */
static const struct gnttab_op_desc gnttab_ops[GNTTABOP_NR] = {
    [GNTTABOP_map_grant_ref] = { op_map,
        sizeof(struct gnttab_map_grant_ref), true, true },
    [GNTTABOP_unmap_grant_ref] = { op_unmap,
        sizeof(struct gnttab_unmap_grant_ref), true, true },
    [GNTTABOP_setup_table] = { op_setup_table,
        sizeof(struct gnttab_setup_table), false, true },
    [GNTTABOP_dump_table] = { op_dump_table,
        sizeof(struct gnttab_dump_table), false, true },
    [GNTTABOP_copy] = { op_copy, sizeof(struct gnttab_copy), true, true },
    [GNTTABOP_query_size] = { op_query_size,
        sizeof(struct gnttab_query_size), false, true },
    [GNTTABOP_set_version] = { op_set_version,
        sizeof(struct gnttab_set_version), false, true },
    [GNTTABOP_get_status_frames] = { op_get_status_frames,
        sizeof(struct gnttab_get_status_frames), false, true },
    [GNTTABOP_get_version] = { op_get_version,
        sizeof(struct gnttab_get_version), false, true },
    [GNTTABOP_swap_grant_ref] = { op_swap_grant_ref,
        sizeof(struct gnttab_swap_grant_ref), true, true },
    [GNTTABOP_cache_flush] = { op_cache_flush,
        sizeof(struct gnttab_cache_flush), true, false },
};

/* arg[0] = GNTTABOP_*, arg[1] = guest pointer to an array of arg[2]
 * elements; each element's status is written back in place. */
long do_grant_table_op(struct vcpu *v, const uint64_t arg[5])
{
    union {
        struct gnttab_map_grant_ref map;
        struct gnttab_copy copy;
    } buf;
    const struct gnttab_op_desc *op;
    uint64_t i, count = arg[2];
    long rc = 0;

    if (arg[0] >= GNTTABOP_NR || !gnttab_ops[arg[0]].fn)
        return -ENOSYS;
    op = &gnttab_ops[arg[0]];
    if (!v->domain->grant_table)
        return -ENOSYS;
    if (count > GNT_MAX_COUNT || (!op->batch && count != 1))
        return -EINVAL;
    for (i = 0; i < count && rc == 0; i++) {
        uint64_t va = arg[1] + i * op->size;

        if (copy_from_guest(v, &buf, va, op->size))
            return -EFAULT;
        rc = op->fn(v, &buf);
        if (rc == 0 && op->copy_back && copy_to_guest(v, va, &buf, op->size))
            return -EFAULT;
    }
    return rc;
}
