/* Host-test fakes for the guest-ABI subsystems: domains, heap allocations
 * (counted, for leak checks), a list-based p2m over the test arena, and
 * the upcall/wake/keyhandler hooks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/p2m.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/keyhandler.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include "fake_guest.h"

#define ARENA_PAGES     4096
#define MAX_P2M         4096

unsigned int fake_upcalls;
struct vcpu *fake_last_upcall;
unsigned int fake_wakes;
long fake_xmalloc_live;
long fake_xenheap_live;
void (*fake_key_e)(unsigned char);

struct domain *domain_list;
extern uint8_t *hv_arena;
static unsigned int arena_next;

/* ---- heap ---- */

void *_xzalloc(size_t size, size_t align)
{
    (void)align;
    fake_xmalloc_live++;
    return calloc(1, size ? size : 1);
}

void *_xmalloc(size_t size, size_t align)
{
    return _xzalloc(size, align);
}

void *_xzalloc_array(size_t size, size_t align, size_t num)
{
    return _xzalloc(size * num, align);
}

void *_xmalloc_array(size_t size, size_t align, size_t num)
{
    return _xzalloc(size * num, align);
}

void xfree(void *p)
{
    if (p) {
        fake_xmalloc_live--;
        free(p);
    }
}

/* Pages come from the arena so that virt_to_maddr works on them; they are
 * filled with junk, as the real heap gives no zeroed pages. */
static void *arena_pages(unsigned int nr)
{
    void *p;

    if (!hv_arena)
        hv_arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
    /* Machine address 0 is kept unused: 0 means "none" in places. */
    if (arena_next == 0)
        arena_next = 1;
    if (arena_next + nr > ARENA_PAGES)
        return NULL;
    p = hv_arena + arena_next * PAGE_SIZE;
    memset(p, 0xa5, nr * PAGE_SIZE);
    arena_next += nr;
    return p;
}

static void *arena_page(void)
{
    void *p = arena_pages(1);

    if (p)
        memset(p, 0, PAGE_SIZE);
    return p;
}

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
    (void)memflags;
    fake_xenheap_live += 1l << order;
    return arena_pages(1u << order);
}

void free_xenheap_pages(void *v, unsigned int order)
{
    if (v)
        fake_xenheap_live -= 1l << order;
}

/* ---- p2m ---- */

static struct {
    struct domain *d;
    uint64_t gfn;
    uint64_t e;
} p2m[MAX_P2M];

static int p2m_find(struct domain *d, uint64_t gfn)
{
    for (int i = 0; i < MAX_P2M; i++)
        if (p2m[i].d == d && p2m[i].gfn == gfn && p2m[i].e)
            return i;
    return -1;
}

int p2m_set_entry(struct domain *d, uint64_t gfn, paddr_t maddr,
                  unsigned int order, uint64_t flags)
{
    assert_int_equal(order, 0);
    if (p2m_find(d, gfn) >= 0)
        return -EEXIST;
    for (int i = 0; i < MAX_P2M; i++)
        if (!p2m[i].e) {
            p2m[i].d = d;
            p2m[i].gfn = gfn;
            p2m[i].e = (maddr & NPT_ADDR_MASK) | flags;
            return 0;
        }
    return -ENOMEM;
}

int p2m_get_entry(struct domain *d, uint64_t gfn, paddr_t *maddr,
                  uint64_t *flags, unsigned int *order)
{
    int i = p2m_find(d, gfn);

    if (i < 0)
        return -ENOENT;
    *maddr = p2m[i].e & NPT_ADDR_MASK;
    *flags = p2m[i].e & ~NPT_ADDR_MASK;
    *order = 0;
    return 0;
}

int p2m_remove_entry(struct domain *d, uint64_t gfn, unsigned int order)
{
    int i = p2m_find(d, gfn);

    assert_int_equal(order, 0);
    if (i < 0)
        return -ENOENT;
    p2m[i].e = 0;
    return 0;
}

int p2m_lookup(struct domain *d, uint64_t gpa, bool write, paddr_t *maddr)
{
    int i = p2m_find(d, gpa >> PAGE_SHIFT);

    if (i < 0)
        return -EFAULT;
    if (write && !(p2m[i].e & NPT_RW))
        return -EACCES;
    *maddr = (p2m[i].e & NPT_ADDR_MASK) | (gpa & (PAGE_SIZE - 1));
    return 0;
}

void *fake_populate(struct domain *d, uint64_t gfn)
{
    void *pg = arena_page();

    assert_non_null(pg);
    assert_int_equal(p2m_set_entry(d, gfn, virt_to_maddr(pg), 0,
                                   p2m_rw | NPT_OWNED), 0);
    return pg;
}

void *fake_gfn_ptr(struct domain *d, uint64_t gfn)
{
    int i = p2m_find(d, gfn);

    return i < 0 ? NULL : maddr_to_virt(p2m[i].e & NPT_ADDR_MASK);
}

uint64_t fake_p2m_entry(struct domain *d, uint64_t gfn)
{
    int i = p2m_find(d, gfn);

    return i < 0 ? 0 : p2m[i].e;
}

/* ---- hooks ---- */

void hvm_evtchn_upcall(struct vcpu *v)
{
    fake_upcalls++;
    fake_last_upcall = v;
}

/* Like sched_op.c: a vCPU polling port (or several) is woken. */
void sched_poll_wake(struct vcpu *v, unsigned int port)
{
    if (v->poll_port == 0 || v->poll_port == ~0u)
        return;
    if (v->poll_port != POLL_PORT_ANY && v->poll_port != port)
        return;
    v->poll_port = ~0u;
    v->blocked = false;
    fake_wakes++;
}

void register_keyhandler(unsigned char key, keyhandler_fn_t *fn,
                         const char *desc)
{
    (void)desc;
    if (key == 'e')
        fake_key_e = fn;
}

/* ---- domains ---- */

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d;

    for_each_domain(d)
        if (d->domain_id == domid)
            return d;
    return NULL;
}

void get_domain(struct domain *d)
{
    d->refcnt++;
}

void put_domain(struct domain *d)
{
    d->refcnt--;
    assert_true(d->refcnt >= 1);    /* the fakes hold the creation one */
}

struct domain *fake_domain(domid_t id, unsigned int nr_vcpus, bool priv)
{
    struct domain *d = calloc(1, sizeof(*d));

    d->domain_id = id;
    d->refcnt = 1;
    d->max_vcpus = nr_vcpus;
    d->is_privileged = priv;
    d->hvm.p2m_root = 1;        /* "has a p2m": the fake one above */
    d->vcpu = calloc(nr_vcpus, sizeof(*d->vcpu));
    d->shared_info = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    memset(d->shared_info, 0, PAGE_SIZE);
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        struct vcpu *v = calloc(1, sizeof(*v));

        v->vcpu_id = i;
        v->domain = d;
        v->vcpu_info = &d->shared_info->vcpu_info[i];
        v->poll_port = ~0u;
        d->vcpu[i] = v;
    }
    assert_int_equal(evtchn_domain_init(d), 0);
    assert_int_equal(grant_table_init(d), 0);
    d->next_in_list = domain_list;
    domain_list = d;
    return d;
}

void fake_domain_free(struct domain *d)
{
    struct domain **pd;

    grant_table_destroy(d);
    evtchn_domain_destroy(d);
    assert_null(d->grant_table);
    assert_null(d->evtchn);
    assert_int_equal(d->refcnt, 1);
    for (pd = &domain_list; *pd; pd = &(*pd)->next_in_list)
        if (*pd == d) {
            *pd = d->next_in_list;
            break;
        }
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        free(d->vcpu[i]);
    free(d->vcpu);
    free(d->shared_info);
    for (int i = 0; i < MAX_P2M; i++)
        if (p2m[i].d == d)
            p2m[i].e = 0;
    free(d);
}

void fake_reset(void)
{
    while (domain_list)
        fake_domain_free(domain_list);
    memset(p2m, 0, sizeof(p2m));
    arena_next = 0;
    fake_upcalls = 0;
    fake_last_upcall = NULL;
    fake_wakes = 0;
}

int fake_teardown(void **state)
{
    (void)state;
    fake_reset();
    assert_int_equal(fake_xmalloc_live, 0);
    assert_int_equal(fake_xenheap_live, 0);
    return 0;
}
