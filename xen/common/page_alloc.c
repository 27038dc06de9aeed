/* Page allocation: the boot allocator (free ranges from the memory map) and
 * the buddy heap behind alloc_{xen,dom}heap_pages, with per-owner accounting. */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/string.h>

/* ------------------------------------------------------------------------
 * Boot allocator: a sorted array of free page ranges [s, e) in frame numbers.
 */
#define BOOT_RANGES_MAX 128

struct boot_range {
    unsigned long br_s, br_e;
};

static struct boot_range boot_ranges[BOOT_RANGES_MAX];
static unsigned int nr_boot_ranges;
static bool boot_allocator_done;

struct page_info *frame_table;
unsigned long max_page;

static void boot_range_remove(unsigned int i)
{
    memmove(&boot_ranges[i], &boot_ranges[i + 1],
            (nr_boot_ranges - i - 1) * sizeof(boot_ranges[0]));
    nr_boot_ranges--;
}

static bool boot_range_insert(unsigned int i, unsigned long s, unsigned long e)
{
    if (nr_boot_ranges >= BOOT_RANGES_MAX) {
        printk(XENLOG_WARNING "boot allocator: too many ranges, dropping "
               "frames %#lx-%#lx\n", s, e);
        return false;
    }
    memmove(&boot_ranges[i + 1], &boot_ranges[i],
            (nr_boot_ranges - i) * sizeof(boot_ranges[0]));
    boot_ranges[i].br_s = s;
    boot_ranges[i].br_e = e;
    nr_boot_ranges++;
    return true;
}

/* Remove frames [s, e) from every range (splitting where needed). */
static void boot_cut(unsigned long s, unsigned long e)
{
    unsigned int i = 0;

    while (i < nr_boot_ranges) {
        struct boot_range *r = &boot_ranges[i];

        if (r->br_e <= s || r->br_s >= e) {
            i++;
        } else if (r->br_s >= s && r->br_e <= e) {
            boot_range_remove(i);
        } else if (r->br_s < s && r->br_e > e) {
            unsigned long tail = r->br_e;

            r->br_e = s;
            boot_range_insert(i + 1, e, tail);
            i += 2;
        } else if (r->br_s < s) {
            r->br_e = s;
            i++;
        } else {
            r->br_s = e;
            i++;
        }
    }
}

/* Only whole pages inside [start, end) become free. */
void init_boot_pages(paddr_t start, paddr_t end)
{
    unsigned long s = (unsigned long)((start + PAGE_SIZE - 1) >> PAGE_SHIFT);
    unsigned long e = (unsigned long)(end >> PAGE_SHIFT);
    unsigned int i;

    if (s >= e)
        return;
    boot_cut(s, e);     /* no overlaps: a page is added once */
    for (i = 0; i < nr_boot_ranges && boot_ranges[i].br_s < s; i++)
        ;
    boot_range_insert(i, s, e);
}

/* Every page touching [start, end) becomes unavailable. */
void reserve_boot_pages(paddr_t start, paddr_t end)
{
    if (end <= start)
        return;
    boot_cut((unsigned long)(start >> PAGE_SHIFT),
             (unsigned long)((end + PAGE_SIZE - 1) >> PAGE_SHIFT));
}

/* Highest fitting block first, so that low memory stays for those who need
 * it.  Returns the first frame, or 0 (frame 0 is never free). */
unsigned long alloc_boot_pages(unsigned long nr, unsigned long align,
                               paddr_t limit)
{
    unsigned long lim = limit ? (unsigned long)(limit >> PAGE_SHIFT) : ~0UL;
    unsigned int i;

    if (boot_allocator_done || !nr)
        return 0;
    if (!align)
        align = 1;
    for (i = nr_boot_ranges; i-- > 0;) {
        struct boot_range *r = &boot_ranges[i];
        unsigned long top = MIN(r->br_e, lim), s;

        if (top < nr || top - nr < r->br_s)
            continue;
        s = (top - nr) & ~(align - 1);
        if (s < r->br_s || !s)
            continue;
        boot_cut(s, s + nr);
        return s;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Buddy heap.  Zone z holds frames whose number has bit length z, so zones
 * are power-of-two aligned and a block never straddles two of them; the
 * allocator searches high zones first to keep low memory for DMA-limited
 * and below-4-GiB users.
 */
#define NR_ZONES        (sizeof(unsigned long) * 8 + 1)

struct page_list {
    struct page_info *pl_head;
};

static struct page_list heap_free_lists[NR_ZONES][MAX_ORDER + 1];
static unsigned long heap_free_count[MAX_ORDER + 1];
static struct heap_stats heap_stats;
static DEFINE_SPINLOCK(heap_lock);

static unsigned int mfn_zone(unsigned long mfn)
{
    return mfn ? (unsigned int)(64 - __builtin_clzl(mfn)) : 0;
}

static void list_add(struct page_list *l, struct page_info *pg)
{
    pg->pg_prev = NULL;
    pg->pg_next = l->pl_head;
    if (l->pl_head)
        l->pl_head->pg_prev = pg;
    l->pl_head = pg;
}

static void list_del(struct page_list *l, struct page_info *pg)
{
    if (pg->pg_prev)
        pg->pg_prev->pg_next = pg->pg_next;
    else
        l->pl_head = pg->pg_next;
    if (pg->pg_next)
        pg->pg_next->pg_prev = pg->pg_prev;
    pg->pg_next = pg->pg_prev = NULL;
}

static void mark_block(struct page_info *pg, unsigned int order, uint32_t head)
{
    unsigned long i;

    pg->count_info = head;
    pg->pg_order = (uint8_t)order;
    for (i = 1; i < (1UL << order); i++) {
        pg[i].count_info = PGC_in_block;
        pg[i].pg_owner = NULL;
    }
}

static void free_list_add(struct page_info *pg, unsigned int order)
{
    mark_block(pg, order, PGC_free);
    pg->pg_owner = NULL;
    list_add(&heap_free_lists[pg->pg_zone][order], pg);
    heap_free_count[order]++;
}

static void free_list_del(struct page_info *pg, unsigned int order)
{
    list_del(&heap_free_lists[pg->pg_zone][order], pg);
    heap_free_count[order]--;
}

/* Put a block back, merging with free buddies of the same zone. */
static void heap_merge_free(struct page_info *pg, unsigned int order)
{
    unsigned long mfn = page_to_mfn(pg);

    while (order < MAX_ORDER) {
        unsigned long buddy_mfn = mfn ^ (1UL << order);
        struct page_info *buddy;

        if (!mfn_valid(buddy_mfn))
            break;
        buddy = mfn_to_page(buddy_mfn);
        if (buddy->count_info != PGC_free || buddy->pg_order != order ||
            buddy->pg_zone != pg->pg_zone)
            break;
        free_list_del(buddy, order);
        mfn &= ~(1UL << order);
        pg = mfn_to_page(mfn);
        order++;
    }
    free_list_add(pg, order);
}

/* Take a free block of exactly 'order' from zones [0, max_zone], highest
 * zone first, splitting a larger block when needed. */
static struct page_info *heap_take(unsigned int order, unsigned int max_zone)
{
    unsigned int z, o;

    for (z = max_zone + 1; z-- > 0;) {
        for (o = order; o <= MAX_ORDER; o++) {
            struct page_info *pg = heap_free_lists[z][o].pl_head;

            if (!pg)
                continue;
            free_list_del(pg, o);
            while (o > order) {
                o--;
                free_list_add(pg + (1UL << o), o);
            }
            return pg;
        }
    }
    return NULL;
}

/* The highest zone whose frames all lie below 2^bits bytes. */
static unsigned int memflags_max_zone(unsigned int memflags)
{
    unsigned int bits = memflags & 0xff;

    if (!bits || bits >= PAGE_SHIFT + NR_ZONES - 1)
        return NR_ZONES - 1;
    if (bits <= PAGE_SHIFT)
        return 0;
    return bits - PAGE_SHIFT;
}

static struct page_info *alloc_heap_pages(unsigned int order,
                                          unsigned int memflags,
                                          uint32_t kind)
{
    struct page_info *pg;
    unsigned long flags;

    if (order > MAX_ORDER)
        return NULL;
    spin_lock_irqsave(&heap_lock, flags);
    pg = heap_take(order, memflags_max_zone(memflags));
    if (pg) {
        mark_block(pg, order, kind);
        heap_stats.free -= 1UL << order;
        if (kind == PGC_xen_heap)
            heap_stats.xenheap += 1UL << order;
        else
            heap_stats.domheap += 1UL << order;
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    return pg;
}

/* Rejects (and counts) a free that does not match an allocation: a double
 * free, the wrong order, or the wrong heap.  Returns 0 or -EINVAL. */
static int free_heap_pages(struct page_info *pg, unsigned int order,
                           uint32_t kind)
{
    unsigned long flags, mfn = pg ? page_to_mfn(pg) : 0;
    int rc = 0;

    spin_lock_irqsave(&heap_lock, flags);
    if (!pg || !mfn_valid(mfn) || order > MAX_ORDER ||
        pg->count_info != kind || pg->pg_order != order) {
        heap_stats.bad_frees++;
        rc = -EINVAL;
    } else {
        if (kind == PGC_xen_heap)
            heap_stats.xenheap -= 1UL << order;
        else
            heap_stats.domheap -= 1UL << order;
        heap_stats.free += 1UL << order;
        heap_merge_free(pg, order);
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    if (rc)
        printk(XENLOG_ERR "page_alloc: bad free of mfn %#lx order %u "
               "(state %#x order %u): ignored\n", mfn, order,
               pg && mfn_valid(mfn) ? pg->count_info : 0,
               pg && mfn_valid(mfn) ? pg->pg_order : 0);
    return rc;
}

/* Frames [s, e) become heap memory, in the largest aligned blocks. */
static void heap_add_range(unsigned long s, unsigned long e)
{
    while (s < e) {
        unsigned int order = s ? (unsigned int)__builtin_ctzl(s) : MAX_ORDER;

        if (order > MAX_ORDER)
            order = MAX_ORDER;
        while (s + (1UL << order) > e)
            order--;
        heap_stats.total += 1UL << order;
        heap_stats.free += 1UL << order;
        heap_merge_free(mfn_to_page(s), order);
        s += 1UL << order;
    }
}

int end_boot_allocator(unsigned long nr_frames)
{
    unsigned long ft_pages, ft_mfn, i;
    unsigned int r;

    ft_pages = (nr_frames * sizeof(struct page_info) + PAGE_SIZE - 1) >>
               PAGE_SHIFT;
    ft_mfn = alloc_boot_pages(ft_pages, 1, FRAME_TABLE_LIMIT);
    if (!ft_mfn)
        return -ENOMEM;
    frame_table = maddr_to_virt((paddr_t)ft_mfn << PAGE_SHIFT);
    max_page = nr_frames;
    memset(frame_table, 0, ft_pages << PAGE_SHIFT);
    for (i = 0; i < nr_frames; i++) {
        frame_table[i].count_info = PGC_reserved;
        frame_table[i].pg_zone = (uint8_t)mfn_zone(i);
    }
    boot_allocator_done = true;
    for (r = 0; r < nr_boot_ranges; r++)
        heap_add_range(boot_ranges[r].br_s,
                       MIN(boot_ranges[r].br_e, nr_frames));
    nr_boot_ranges = 0;
    return 0;
}

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
    struct page_info *pg;

    /* Xenheap pages are used through the direct map. */
    if (!(memflags & 0xff))
        memflags |= MEMF_bits(XENHEAP_BITS);
    pg = alloc_heap_pages(order, memflags, PGC_xen_heap);
    return pg ? page_to_virt(pg) : NULL;
}

void free_xenheap_pages(void *v, unsigned int order)
{
    if (v)
        free_heap_pages(virt_to_page(v), order, PGC_xen_heap);
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags)
{
    struct page_info *pg = alloc_heap_pages(order, memflags, PGC_allocated);

    if (pg && !(memflags & MEMF_no_owner))
        pg->pg_owner = d;
    return pg;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    if (pg && free_heap_pages(pg, order, PGC_allocated) == 0)
        pg->pg_owner = NULL;
}

/* ------------------------------------------------------------------------
 * Accounting and reports.
 */
void heap_get_stats(struct heap_stats *st)
{
    unsigned long flags;

    spin_lock_irqsave(&heap_lock, flags);

    *st = heap_stats;
    spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long heap_free_pages_of_order(unsigned int order)
{
    return order <= MAX_ORDER ? heap_free_count[order] : 0;
}

/* Pages (in allocated domheap blocks) owned by d: a frame-table walk, for
 * reports and for checking that a destroyed domain returned everything. */
unsigned long domain_page_count(const struct domain *d)
{
    unsigned long mfn = 0, n = 0;

    while (mfn < max_page) {
        const struct page_info *pg = mfn_to_page(mfn);

        if (pg->count_info == PGC_allocated || pg->count_info == PGC_free ||
            pg->count_info == PGC_xen_heap) {
            if (pg->count_info == PGC_allocated && pg->pg_owner == d)
                n += 1UL << pg->pg_order;
            mfn += 1UL << pg->pg_order;
        } else {
            mfn++;
        }
    }
    return n;
}

#define PAGES_KIB(n)    ((n) << (PAGE_SHIFT - 10))

void dump_memory_info(void)
{
    struct heap_stats st;
    unsigned int o;

    heap_get_stats(&st);
    printk("Memory: total %lu KiB, free %lu KiB, xenheap %lu KiB, "
           "domheap %lu KiB\n", PAGES_KIB(st.total), PAGES_KIB(st.free),
           PAGES_KIB(st.xenheap), PAGES_KIB(st.domheap));
    printk("Free blocks by order:");
    for (o = 0; o <= MAX_ORDER; o++)
        if (heap_free_count[o])
            printk(" %u:%lu", o, heap_free_count[o]);
    printk("\n");
    if (st.bad_frees)
        printk("Rejected frees: %lu\n", st.bad_frees);
}
