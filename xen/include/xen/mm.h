/* Memory management API: the boot allocator, the buddy page allocator with
 * its two owners (hypervisor heap and domain heap) and page/address maps. */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <asm/page.h>
#include <xen/compiler.h>
#include <xen/types.h>

struct domain;

/*
 * One per machine page frame (frame_table[mfn]).  Only the first page of a
 * free or allocated block carries the block's state and order.
 */
struct page_info {
    struct page_info *pg_next;      /* free list / owner's list links */
    struct page_info *pg_prev;
    struct domain *pg_owner;        /* domheap: the owning domain or NULL */
    uint32_t count_info;            /* PGC_* */
    uint8_t pg_order;               /* order of the block this page heads */
    uint8_t pg_zone;                /* heap zone (see page_alloc.c) */
    uint16_t pg_pad;
};

/* count_info bits. */
#define PGC_reserved    (1u << 0)   /* not RAM, or kept from the heap */
#define PGC_free        (1u << 1)   /* head of a free block */
#define PGC_xen_heap    (1u << 2)   /* head of an allocated xenheap block */
#define PGC_allocated   (1u << 3)   /* head of an allocated domheap block */
#define PGC_in_block    (1u << 4)   /* inside (not head of) some block */

#define MAX_ORDER       18          /* largest block: 1 GiB */

/* memflags */
#define MEMF_bits(n)    ((unsigned int)(n) & 0xff)  /* below 2^n bytes */
#define _MEMF_no_owner  8
#define MEMF_no_owner   (1u << _MEMF_no_owner)      /* domheap, d unset */

extern struct page_info *frame_table;
extern unsigned long max_page;      /* frames in frame_table */

static inline unsigned long page_to_mfn(const struct page_info *pg)
{
    return (unsigned long)(pg - frame_table);
}

static inline struct page_info *mfn_to_page(unsigned long mfn)
{
    return frame_table + mfn;
}

static inline bool mfn_valid(unsigned long mfn)
{
    return mfn < max_page;
}

static inline paddr_t page_to_maddr(const struct page_info *pg)
{
    return (paddr_t)page_to_mfn(pg) << PAGE_SHIFT;
}

static inline struct page_info *maddr_to_page(paddr_t ma)
{
    return mfn_to_page((unsigned long)(ma >> PAGE_SHIFT));
}

static inline struct page_info *virt_to_page(const void *v)
{
    return maddr_to_page(virt_to_maddr(v));
}

static inline void *page_to_virt(const struct page_info *pg)
{
    return maddr_to_virt(page_to_maddr(pg));
}

/* ---- boot allocator: before the heap exists ---- */

/* Make [start, end) available / unavailable to the boot allocator. */
void init_boot_pages(paddr_t start, paddr_t end);
void reserve_boot_pages(paddr_t start, paddr_t end);
/* nr pages aligned to 'align' pages below 'limit' (0: none); 0 on failure. */
unsigned long alloc_boot_pages(unsigned long nr, unsigned long align,
                               paddr_t limit);

/* Build the frame table for frames [0, nr_frames) and move every remaining
 * boot page into the heap.  -ENOMEM if the frame table does not fit. */
int end_boot_allocator(unsigned long nr_frames);

/* ---- the heap ---- */

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags);
void free_xenheap_pages(void *v, unsigned int order);
#define alloc_xenheap_page()    alloc_xenheap_pages(0, 0)
#define free_xenheap_page(v)    free_xenheap_pages(v, 0)

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags);
void free_domheap_pages(struct page_info *pg, unsigned int order);
#define alloc_domheap_page(d, f) alloc_domheap_pages(d, 0, f)
#define free_domheap_page(p)    free_domheap_pages(p, 0)

/* Accounting, in pages. */
struct heap_stats {
    unsigned long total;        /* RAM handed to the page allocator */
    unsigned long free;
    unsigned long xenheap;      /* allocated as hypervisor heap */
    unsigned long domheap;      /* allocated as domain pages */
    unsigned long bad_frees;    /* rejected frees (double or mismatched) */
};

void heap_get_stats(struct heap_stats *st);
unsigned long domain_page_count(const struct domain *d);
unsigned long heap_free_pages_of_order(unsigned int order);

/* "(XEN) Memory: total ... KiB, free ... KiB, ..." (also debug key 'm'). */
void dump_memory_info(void);

/* x86: build the hypervisor's own page tables and switch to them. */
void arch_init_memory(void);

#endif /* XEN_MM_H */
