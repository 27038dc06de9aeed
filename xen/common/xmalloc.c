/* xmalloc/xfree: power-of-two size classes carved from xenheap pages for
 * small objects (such pages stay with xmalloc once carved), whole xenheap
 * blocks for large ones.  Every object has a 16-byte header just below it,
 * which lets xfree() find its class and detect double and foreign frees. */
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define XMALLOC_MAGIC       0x584d414cu     /* "XMAL": live */
#define XMALLOC_FREE_MAGIC  0x66726565u     /* "free": on a free list */

#define CLASS_MIN_SHIFT     5               /* 32-byte blocks */
#define CLASS_MAX_SHIFT     11              /* 2 KiB blocks */
#define NR_CLASSES          (CLASS_MAX_SHIFT - CLASS_MIN_SHIFT + 1)
#define CLASS_LARGE         0xffu           /* a whole-page allocation */

struct xmalloc_hdr {
    uint32_t xh_magic;
    uint8_t xh_class;       /* size class, or CLASS_LARGE */
    uint8_t xh_order;       /* CLASS_LARGE: page order */
    uint16_t xh_offset;     /* bytes from the block's start to the object */
    uint32_t xh_size;       /* bytes requested */
    uint32_t xh_pad;
};
_Static_assert(sizeof(struct xmalloc_hdr) == XMALLOC_MIN_ALIGN,
               "the header keeps objects 16-byte aligned");

/* A free small block: the header (with the free magic), then the link. */
struct xmalloc_free {
    struct xmalloc_hdr xf_hdr;
    struct xmalloc_free *xf_next;
};

static struct xmalloc_free *class_free[NR_CLASSES];
static struct xmalloc_stats xstats;
static DEFINE_SPINLOCK(xmalloc_lock);

/* The smallest class whose block holds header + size, or -1. */
static int size_class(size_t size)
{
    size_t need = size + sizeof(struct xmalloc_hdr);
    unsigned int c;

    for (c = 0; c < NR_CLASSES; c++)
        if (need <= (1UL << (c + CLASS_MIN_SHIFT)))
            return (int)c;
    return -1;
}

/* Cut a fresh xenheap page into free blocks of class c. */
static int class_refill(unsigned int c)
{
    size_t bsize = 1UL << (c + CLASS_MIN_SHIFT);
    uint8_t *page = alloc_xenheap_pages(0, 0);
    size_t off;

    if (!page)
        return -ENOMEM;
    xstats.xs_pages++;
    for (off = PAGE_SIZE; off >= bsize; off -= bsize) {
        struct xmalloc_free *f = (void *)(page + off - bsize);

        f->xf_hdr.xh_magic = XMALLOC_FREE_MAGIC;
        f->xf_hdr.xh_class = (uint8_t)c;
        f->xf_next = class_free[c];
        class_free[c] = f;
    }
    return 0;
}

static void *small_alloc(unsigned int c, size_t size)
{
    struct xmalloc_free *f;

    if (!class_free[c] && class_refill(c))
        return NULL;
    f = class_free[c];
    class_free[c] = f->xf_next;
    f->xf_hdr.xh_magic = XMALLOC_MAGIC;
    f->xf_hdr.xh_offset = sizeof(struct xmalloc_hdr);
    f->xf_hdr.xh_size = (uint32_t)size;
    return &f->xf_hdr + 1;
}

/* Whole pages; the object starts 'align' bytes in (at least the header). */
static void *large_alloc(size_t size, size_t align)
{
    size_t offset = MAX(align, sizeof(struct xmalloc_hdr));
    unsigned int order = 0;
    struct xmalloc_hdr *h;
    uint8_t *base;

    while ((PAGE_SIZE << order) < size + offset)
        if (++order > MAX_ORDER)
            return NULL;
    base = alloc_xenheap_pages(order, 0);
    if (!base)
        return NULL;
    xstats.xs_pages += 1UL << order;
    h = (struct xmalloc_hdr *)(base + offset) - 1;
    h->xh_magic = XMALLOC_MAGIC;
    h->xh_class = CLASS_LARGE;
    h->xh_order = (uint8_t)order;
    h->xh_offset = (uint16_t)offset;
    h->xh_size = (uint32_t)size;
    return base + offset;
}

/* NULL for size 0, for an alignment that is no power of two or above a
 * page, for sizes of 4 GiB and more, and when memory runs out. */
void *_xmalloc(size_t size, size_t align)
{
    unsigned long flags;
    void *p;
    int c;

    if (!size || (align & (align - 1)) || align > PAGE_SIZE ||
        size >= (1UL << 32))
        return NULL;
    spin_lock_irqsave(&xmalloc_lock, flags);
    c = align <= XMALLOC_MIN_ALIGN ? size_class(size) : -1;
    p = c >= 0 ? small_alloc((unsigned int)c, size) : large_alloc(size, align);
    if (p) {
        xstats.xs_bytes += size;
        xstats.xs_objects++;
    }
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    return p;
}

void *_xzalloc(size_t size, size_t align)
{
    void *p = _xmalloc(size, align);

    if (p)
        memset(p, 0, size);
    return p;
}

void *_xmalloc_array(size_t size, size_t align, size_t num)
{
    if (num && size > ~(size_t)0 / num)
        return NULL;
    return _xmalloc(size * num, align);
}

void *_xzalloc_array(size_t size, size_t align, size_t num)
{
    if (num && size > ~(size_t)0 / num)
        return NULL;
    return _xzalloc(size * num, align);
}

static bool hdr_valid(const struct xmalloc_hdr *h)
{
    if (h->xh_magic != XMALLOC_MAGIC)
        return false;
    if (h->xh_class == CLASS_LARGE)
        return h->xh_order <= MAX_ORDER;
    return h->xh_class < NR_CLASSES &&
           h->xh_offset == sizeof(struct xmalloc_hdr);
}

void xfree(void *p)
{
    struct xmalloc_hdr *h;
    unsigned long flags;
    uint8_t *base;

    if (!p)
        return;
    h = (struct xmalloc_hdr *)p - 1;
    spin_lock_irqsave(&xmalloc_lock, flags);
    if (!hdr_valid(h)) {
        xstats.xs_bad_frees++;
        spin_unlock_irqrestore(&xmalloc_lock, flags);
        printk(XENLOG_ERR "xfree: %p is not a live xmalloc object "
               "(double free?): ignored\n", p);
        return;
    }
    xstats.xs_bytes -= h->xh_size;
    xstats.xs_objects--;
    base = (uint8_t *)p - h->xh_offset;
    if (h->xh_class == CLASS_LARGE) {
        unsigned int order = h->xh_order;

        h->xh_magic = XMALLOC_FREE_MAGIC;
        xstats.xs_pages -= 1UL << order;
        spin_unlock_irqrestore(&xmalloc_lock, flags);
        free_xenheap_pages(base, order);
        return;
    } else {
        struct xmalloc_free *f = (void *)base;

        f->xf_hdr.xh_magic = XMALLOC_FREE_MAGIC;
        f->xf_next = class_free[h->xh_class];
        class_free[h->xh_class] = f;
    }
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}

void xmalloc_get_stats(struct xmalloc_stats *st)
{
    unsigned long flags;

    spin_lock_irqsave(&xmalloc_lock, flags);
    *st = xstats;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}
