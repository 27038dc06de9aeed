/* Binary min-heap of timers ordered by expiry, 1-based (parent of i is i/2),
 * each timer remembering its slot so that removal is O(log n).  Pure logic,
 * also built into the host unit tests (tests/hv/test_timer_heap.c). */
#include <xen/errno.h>
#include <xen/timer.h>

static void heap_place(struct timer_heap *h, unsigned int i, struct timer *t)
{
    h->t[i] = t;
    t->heap_offset = i;
}

static void sift_up(struct timer_heap *h, unsigned int i)
{
    struct timer *t = h->t[i];

    while (i > 1 && h->t[i / 2]->expires > t->expires) {
        heap_place(h, i, h->t[i / 2]);
        i /= 2;
    }
    heap_place(h, i, t);
}

static void sift_down(struct timer_heap *h, unsigned int i)
{
    struct timer *t = h->t[i];

    for (;;) {
        unsigned int c = 2 * i;

        if (c > h->size)
            break;
        if (c + 1 <= h->size && h->t[c + 1]->expires < h->t[c]->expires)
            c++;
        if (h->t[c]->expires >= t->expires)
            break;
        heap_place(h, i, h->t[c]);
        i = c;
    }
    heap_place(h, i, t);
}

/* slots must have limit + 1 entries (slot 0 is unused). */
void timer_heap_init(struct timer_heap *h, struct timer **slots,
                     unsigned int limit)
{
    h->t = slots;
    h->size = 0;
    h->limit = limit;
}

/*
 * Insert t (not already in a heap).  Returns 1 if t is now the earliest
 * timer, 0 if not, -ENOSPC when the heap is full (the caller grows it).
 */
int timer_heap_add(struct timer_heap *h, struct timer *t)
{
    if (h->size >= h->limit)
        return -ENOSPC;
    heap_place(h, ++h->size, t);
    sift_up(h, h->size);
    return t->heap_offset == 1;
}

/* Remove t from the heap; returns whether it was the earliest timer. */
bool timer_heap_remove(struct timer_heap *h, struct timer *t)
{
    unsigned int i = t->heap_offset;
    struct timer *last;

    if (!i || i > h->size || h->t[i] != t)
        return false;
    t->heap_offset = 0;
    last = h->t[h->size--];
    if (i <= h->size) {
        heap_place(h, i, last);
        sift_up(h, i);
        sift_down(h, last->heap_offset);
    }
    return i == 1;
}

struct timer *timer_heap_first(const struct timer_heap *h)
{
    return h->size ? h->t[1] : NULL;
}

/* Whether the heap property and the back-indices hold everywhere. */
bool timer_heap_valid(const struct timer_heap *h)
{
    unsigned int i;

    for (i = 1; i <= h->size; i++) {
        if (h->t[i]->heap_offset != i)
            return false;
        if (i > 1 && h->t[i / 2]->expires > h->t[i]->expires)
            return false;
    }
    return true;
}
