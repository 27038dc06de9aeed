/* Nested page tables (AMD NPT) of HVM domains: 4-level tables with 4 KiB and
 * 2 MiB leaves, guest-RAM population, lookup and teardown. */
#include <asm/p2m.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

#define NPT_LEVELS      4
#define NPT_TABLE_FLAGS (NPT_P | NPT_RW | NPT_US)

/* Machine memory reachable through the direct map (the NPT walker in this
 * file reads tables through it). */
#define P2M_MEMF        MEMF_bits(32)

static unsigned int npt_index(uint64_t gpa, unsigned int level)
{
    return (gpa >> (PAGE_SHIFT + 9 * (level - 1))) & (PAGETABLE_ENTRIES - 1);
}

static uint64_t *npt_table(uint64_t entry)
{
    return maddr_to_virt(entry & NPT_ADDR_MASK);
}

static paddr_t npt_alloc_table(struct domain *d)
{
    struct page_info *pg = alloc_domheap_pages(d, 0, P2M_MEMF);

    if (!pg)
        return 0;
    memset(page_to_virt(pg), 0, PAGE_SIZE);
    d->hvm.p2m_pages++;
    return page_to_maddr(pg);
}

int p2m_init(struct domain *d)
{
    d->hvm.p2m_root = npt_alloc_table(d);
    return d->hvm.p2m_root ? 0 : -ENOMEM;
}

/*
 * Map gfn -> maddr at 2^order pages (order 0 or 9).  Intermediate tables
 * are created as needed.  Returns 0, -EINVAL (order or alignment), -EEXIST
 * (gfn is already mapped, or a superpage covers it) or -ENOMEM.
 */
int p2m_set_entry(struct domain *d, uint64_t gfn, paddr_t maddr,
                  unsigned int order, uint64_t flags)
{
    uint64_t gpa = gfn << PAGE_SHIFT;
    unsigned int leaf_level = order == P2M_ORDER_2M ? 2 : 1;
    uint64_t *table = maddr_to_virt(d->hvm.p2m_root);
    unsigned int level;
    uint64_t *e;

    if (order != P2M_ORDER_4K && order != P2M_ORDER_2M)
        return -EINVAL;
    if ((gfn | (maddr >> PAGE_SHIFT)) & ((1ull << order) - 1))
        return -EINVAL;
    for (level = NPT_LEVELS; level > leaf_level; level--) {
        e = &table[npt_index(gpa, level)];
        if (!(*e & NPT_P)) {
            paddr_t t = npt_alloc_table(d);

            if (!t)
                return -ENOMEM;
            *e = t | NPT_TABLE_FLAGS;
        } else if (*e & NPT_PSE) {
            return -EEXIST;
        }
        table = npt_table(*e);
    }
    e = &table[npt_index(gpa, leaf_level)];
    /* Replacing a mapping would orphan an owned frame (or, for a 2 MiB
     * leaf over a table, a whole table): callers remove first. */
    if (*e & NPT_P)
        return -EEXIST;
    *e = (maddr & NPT_ADDR_MASK) | flags |
         (leaf_level == 2 ? NPT_PSE : 0);
    /* TCG flushes at every world switch; real hardware needs the vCPUs'
     * next VMRUN to flush (TLB_CONTROL), which svm.c does on each NPF. */
    return 0;
}

int p2m_populate(struct domain *d, uint64_t gfn, unsigned int order)
{
    struct page_info *pg = alloc_domheap_pages(d, order, P2M_MEMF);
    int rc;

    if (!pg)
        return -ENOMEM;
    memset(page_to_virt(pg), 0, PAGE_SIZE << order);
    rc = p2m_set_entry(d, gfn, page_to_maddr(pg), order, p2m_rw | NPT_OWNED);
    if (rc)
        free_domheap_pages(pg, order);
    return rc;
}

int p2m_lookup(struct domain *d, uint64_t gpa, bool write, paddr_t *maddr)
{
    uint64_t *table = maddr_to_virt(d->hvm.p2m_root);
    unsigned int level;
    uint64_t e;

    for (level = NPT_LEVELS; level >= 1; level--) {
        e = table[npt_index(gpa, level)];
        if (!(e & NPT_P))
            return -EFAULT;
        if (level == 1 || (e & NPT_PSE)) {
            uint64_t span = 1ull << (PAGE_SHIFT + 9 * (level - 1));

            if (write && !(e & NPT_RW))
                return -EACCES;
            *maddr = (e & NPT_ADDR_MASK & ~(span - 1)) | (gpa & (span - 1));
            return 0;
        }
        table = npt_table(e);
    }
    return -EFAULT;
}

static int p2m_copy(struct domain *d, uint64_t gpa, void *buf, size_t len,
                    bool to_guest)
{
    while (len) {
        size_t chunk = MIN(len, PAGE_SIZE - (gpa & (PAGE_SIZE - 1)));
        paddr_t ma;
        int rc = p2m_lookup(d, gpa, to_guest, &ma);

        if (rc)
            return rc;
        if (to_guest)
            memcpy(maddr_to_virt(ma), buf, chunk);
        else
            memcpy(buf, maddr_to_virt(ma), chunk);
        gpa += chunk;
        buf = (char *)buf + chunk;
        len -= chunk;
    }
    return 0;
}

int p2m_copy_to_guest_phys(struct domain *d, uint64_t gpa, const void *src,
                           size_t len)
{
    return p2m_copy(d, gpa, (void *)src, len, true);
}

int p2m_copy_from_guest_phys(struct domain *d, void *dst, uint64_t gpa,
                             size_t len)
{
    return p2m_copy(d, gpa, dst, len, false);
}

/* Free the owned frames below table (at level) and the table page itself. */
static void npt_free_level(struct domain *d, paddr_t table_ma,
                           unsigned int level)
{
    uint64_t *table = maddr_to_virt(table_ma);
    unsigned int i;

    for (i = 0; i < PAGETABLE_ENTRIES; i++) {
        uint64_t e = table[i];

        if (!(e & NPT_P))
            continue;
        if (level > 1 && !(e & NPT_PSE)) {
            npt_free_level(d, e & NPT_ADDR_MASK, level - 1);
        } else if (e & NPT_OWNED) {
            free_domheap_pages(maddr_to_page(e & NPT_ADDR_MASK),
                               level == 2 ? P2M_ORDER_2M : P2M_ORDER_4K);
        }
    }
    free_domheap_pages(maddr_to_page(table_ma), 0);
    d->hvm.p2m_pages--;
}

void p2m_teardown(struct domain *d)
{
    if (!d->hvm.p2m_root)
        return;
    npt_free_level(d, d->hvm.p2m_root, NPT_LEVELS);
    d->hvm.p2m_root = 0;
}

/* The leaf entry mapping gfn and its level (1 or 2), or NULL if none. */
static uint64_t *npt_leaf(struct domain *d, uint64_t gfn, unsigned int *level)
{
    uint64_t gpa = gfn << PAGE_SHIFT;
    uint64_t *table = maddr_to_virt(d->hvm.p2m_root);
    unsigned int l;

    for (l = NPT_LEVELS; l >= 1; l--) {
        uint64_t *e = &table[npt_index(gpa, l)];

        if (!(*e & NPT_P))
            return NULL;
        if (l == 1 || (*e & NPT_PSE)) {
            *level = l;
            return l <= 2 ? e : NULL;   /* no 1 GiB leaves are made */
        }
        table = npt_table(*e);
    }
    return NULL;
}

int p2m_get_entry(struct domain *d, uint64_t gfn, paddr_t *maddr,
                  uint64_t *flags, unsigned int *order)
{
    unsigned int level;
    uint64_t *e;

    if (!d->hvm.p2m_root || gfn >= P2M_MAX_GFN)
        return -EINVAL;
    e = npt_leaf(d, gfn, &level);
    if (!e)
        return -ENOENT;
    *order = level == 2 ? P2M_ORDER_2M : P2M_ORDER_4K;
    *maddr = *e & NPT_ADDR_MASK;
    *flags = *e & ~NPT_ADDR_MASK & ~NPT_PSE;
    return 0;
}

int p2m_remove_entry(struct domain *d, uint64_t gfn, unsigned int order)
{
    unsigned int level;
    uint64_t *e;

    if (!d->hvm.p2m_root || gfn >= P2M_MAX_GFN)
        return -EINVAL;
    e = npt_leaf(d, gfn, &level);
    if (!e)
        return -ENOENT;
    if ((level == 2 ? P2M_ORDER_2M : P2M_ORDER_4K) != order ||
        (gfn & ((1ull << order) - 1)))
        return -EINVAL;
    /* Empty intermediate tables stay until teardown: they are few. */
    __atomic_store_n(e, 0, __ATOMIC_RELEASE);
    return 0;
}

/* Highest gfn mapped below table (at level), or -1 if none. */
static int64_t npt_max_gfn(uint64_t table_ma, unsigned int level,
                           uint64_t base_gfn)
{
    const uint64_t *table = maddr_to_virt(table_ma);
    unsigned int span_shift = 9 * (level - 1);
    int i;

    for (i = PAGETABLE_ENTRIES - 1; i >= 0; i--) {
        uint64_t e = table[i], gfn = base_gfn + ((uint64_t)i << span_shift);
        int64_t sub;

        if (!(e & NPT_P))
            continue;
        if (level == 1 || (e & NPT_PSE))
            return (int64_t)(gfn + (1ull << span_shift) - 1);
        sub = npt_max_gfn(e & NPT_ADDR_MASK, level - 1, gfn);
        if (sub >= 0)
            return sub;
    }
    return -1;
}

int64_t p2m_max_gfn(struct domain *d)
{
    return d->hvm.p2m_root ? npt_max_gfn(d->hvm.p2m_root, NPT_LEVELS, 0) : -1;
}
