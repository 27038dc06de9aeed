/* Host unit tests of memory_op (xen/common/memory.c, #included): the e820
 * copy-out, add_to_physmap's checks and p2m effects, populate/decrease
 * bookkeeping, the reservation queries, over a fake p2m and heap whose
 * "guest-virtual addresses" are host pointers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../xen/common/memory.c"

#define ARENA_PAGES     1024
#define MAX_MAP         64

/* ---- fakes: heap frames in the shim's arena ---- */

static struct page_info frames[ARENA_PAGES];
struct page_info *frame_table = frames;
unsigned long max_page = ARENA_PAGES;
static unsigned int next_frame;
static unsigned long owned_pages;       /* the domain's domheap pages */
static unsigned int frees, last_free_mfn, last_free_order;

static struct page_info *alloc_frames(unsigned int order)
{
    unsigned int n = 1u << order, first = (next_frame + n - 1) & ~(n - 1);

    if (first + n > ARENA_PAGES)
        return NULL;
    next_frame = first + n;
    memset(hv_arena + (size_t)first * PAGE_SIZE, 0, (size_t)n * PAGE_SIZE);
    return &frames[first];
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    frees++;
    last_free_mfn = (unsigned int)page_to_mfn(pg);
    last_free_order = order;
    owned_pages -= 1ul << order;
}

unsigned long domain_page_count(const struct domain *d)
{
    return owned_pages + d->hvm.p2m_pages;
}

/* ---- fakes: a list p2m with 4 KiB and 2 MiB leaves ---- */

static struct { uint64_t gfn, e; unsigned int order; } map[MAX_MAP];

static int map_find(uint64_t gfn)
{
    for (int i = 0; i < MAX_MAP; i++)
        if (map[i].e && gfn >= map[i].gfn &&
            gfn - map[i].gfn < (1ull << map[i].order))
            return i;
    return -1;
}

int p2m_set_entry(struct domain *d, uint64_t gfn, paddr_t maddr,
                  unsigned int order, uint64_t flags)
{
    (void)d;
    if (map_find(gfn) >= 0)
        return -EEXIST;
    for (int i = 0; i < MAX_MAP; i++)
        if (!map[i].e) {
            map[i].gfn = gfn;
            map[i].order = order;
            map[i].e = maddr | flags;
            return 0;
        }
    return -ENOMEM;
}

int p2m_get_entry(struct domain *d, uint64_t gfn, paddr_t *maddr,
                  uint64_t *flags, unsigned int *order)
{
    int i = map_find(gfn);

    (void)d;
    if (i < 0)
        return -ENOENT;
    *maddr = map[i].e & NPT_ADDR_MASK;
    *flags = map[i].e & ~NPT_ADDR_MASK;
    *order = map[i].order;
    return 0;
}

int p2m_remove_entry(struct domain *d, uint64_t gfn, unsigned int order)
{
    int i = map_find(gfn);

    (void)d;
    if (i < 0)
        return -ENOENT;
    if (map[i].order != order || map[i].gfn != gfn)
        return -EINVAL;
    map[i].e = 0;
    return 0;
}

int p2m_populate(struct domain *d, uint64_t gfn, unsigned int order)
{
    struct page_info *pg = alloc_frames(order);
    int rc;

    if (!pg)
        return -ENOMEM;
    rc = p2m_set_entry(d, gfn, page_to_maddr(pg), order, p2m_rw | NPT_OWNED);
    if (!rc)
        owned_pages += 1ul << order;
    return rc;
}

int64_t p2m_max_gfn(struct domain *d)
{
    int64_t best = -1;

    (void)d;
    for (int i = 0; i < MAX_MAP; i++)
        if (map[i].e &&
            (int64_t)(map[i].gfn + (1ull << map[i].order) - 1) > best)
            best = (int64_t)(map[i].gfn + (1ull << map[i].order) - 1);
    return best;
}

/* ---- fakes: other subsystems ---- */

static unsigned long gnttab_idx;
static uint64_t gnttab_gfn;
static unsigned int gnttab_calls;

int gnttab_map_frame(struct domain *d, unsigned long idx, uint64_t gfn)
{
    (void)d;
    gnttab_calls++;
    gnttab_idx = idx;
    gnttab_gfn = gfn;
    return 0;
}

static struct domain *other_domain;

struct domain *get_domain_by_id(domid_t domid)
{
    return other_domain && other_domain->domain_id == domid ? other_domain
                                                            : NULL;
}

/* ---- fixture ---- */

#define BAD_PTR     0x10ull
#define PTR(p)      ((uint64_t)(uintptr_t)(p))

static struct domain dom, dom2;
static struct vcpu vcpu0, vcpu1, vcpu_other;
static struct vcpu *vcpus[2] = { &vcpu0, &vcpu1 };
static struct vcpu *vcpus2[1] = { &vcpu_other };
static struct e820map e820;

static int setup(void **state)
{
    (void)state;
    if (!hv_arena)
        hv_arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
    memset(frames, 0, sizeof(frames));
    memset(map, 0, sizeof(map));
    next_frame = 1;
    owned_pages = 0;
    frees = gnttab_calls = 0;
    memset(&dom, 0, sizeof(dom));
    memset(&dom2, 0, sizeof(dom2));
    memset(&vcpu0, 0, sizeof(vcpu0));
    memset(&vcpu1, 0, sizeof(vcpu1));
    dom.domain_id = 0;
    dom.max_vcpus = 2;
    dom.vcpu = vcpus;
    dom.hvm.p2m_root = 1;
    dom.hvm.p2m_pages = 5;
    dom.shared_info = (struct shared_info *)(hv_arena +
                                             (size_t)next_frame++ * PAGE_SIZE);
    frames[virt_to_maddr(dom.shared_info) >> PAGE_SHIFT].count_info =
        PGC_xen_heap;
    dom.shared_info_gfn = NO_GFN;
    dom.max_pages = 100;
    vcpu0.domain = vcpu1.domain = &dom;
    vcpu1.vcpu_id = 1;
    vcpu0.vcpu_info_gfn = vcpu1.vcpu_info_gfn = NO_GFN;
    dom2.domain_id = 7;
    dom2.max_vcpus = 1;
    dom2.vcpu = vcpus2;
    dom2.hvm.p2m_root = 1;
    vcpu_other.domain = &dom2;
    vcpu_other.vcpu_info_gfn = NO_GFN;
    other_domain = &dom2;
    memset(&e820, 0, sizeof(e820));
    e820_add_range(&e820, 0, 0x9f000, E820_RAM);
    e820_add_range(&e820, 0xf0000, 0x10000, E820_RESERVED);
    e820_add_range(&e820, 0x100000, 0x3ff00000, E820_RAM);
    dom.e820 = &e820;
    return 0;
}

static long memop(struct vcpu *v, uint64_t cmd, const void *arg)
{
    const uint64_t a[5] = { cmd, PTR(arg), 0, 0, 0 };

    return do_memory_op(v, a);
}

/* e820_add_range comes from arch/x86/e820.c: a minimal stand-in. */
bool e820_add_range(struct e820map *m, uint64_t addr, uint64_t size,
                    uint32_t type)
{
    if (m->nr_map >= E820MAX)
        return false;
    m->map[m->nr_map].addr = addr;
    m->map[m->nr_map].size = size;
    m->map[m->nr_map].type = type;
    m->nr_map++;
    return true;
}

/* The host map (arch/x86/e820.c keeps the boot loader's): a 2-entry one. */
static struct e820map host_map;

const struct e820map *host_e820(void)
{
    return &host_map;
}

/* ---- memory_map ---- */

static void test_memory_map_all(void **state)
{
    uint8_t buf[20 * 8];
    struct xen_memory_map mm = { .nr_entries = 8, .buffer = PTR(buf) };
    struct xen_e820_entry e;

    (void)state;
    memset(buf, 0xee, sizeof(buf));
    assert_int_equal(memop(&vcpu0, XENMEM_memory_map, &mm), 0);
    assert_int_equal(mm.nr_entries, 3);
    /* Packed 20-byte entries, in order. */
    memcpy(&e, buf + 20, sizeof(e));
    assert_int_equal(e.addr, 0xf0000);
    assert_int_equal(e.size, 0x10000);
    assert_int_equal(e.type, E820_RESERVED);
    memcpy(&e, buf + 40, sizeof(e));
    assert_int_equal(e.addr, 0x100000);
    assert_int_equal(e.type, E820_RAM);
    assert_int_equal(buf[60], 0xee);        /* nothing past the map */
}

static void test_memory_map_small_buffer(void **state)
{
    uint8_t buf[20 * 3];
    struct xen_memory_map mm = { .nr_entries = 2, .buffer = PTR(buf) };
    struct xen_e820_entry e;

    (void)state;
    memset(buf, 0xee, sizeof(buf));
    assert_int_equal(memop(&vcpu0, XENMEM_memory_map, &mm), 0);
    assert_int_equal(mm.nr_entries, 2);
    memcpy(&e, buf, sizeof(e));
    assert_int_equal(e.size, 0x9f000);
    assert_int_equal(buf[40], 0xee);        /* room for two only */
    mm.nr_entries = 0;
    assert_int_equal(memop(&vcpu0, XENMEM_memory_map, &mm), 0);
    assert_int_equal(mm.nr_entries, 0);
}

/* machine_memory_map: the host's map, for the privileged domain only. */
static void test_machine_memory_map(void **state)
{
    uint8_t buf[20 * 4];
    struct xen_memory_map mm = { .nr_entries = 4, .buffer = PTR(buf) };
    struct xen_e820_entry e;

    (void)state;
    memset(&host_map, 0, sizeof(host_map));
    e820_add_range(&host_map, 0, 0x9fc00, E820_RAM);
    e820_add_range(&host_map, 0x100000, 0x7ff00000, E820_RAM);
    dom.is_privileged = false;
    assert_int_equal(memop(&vcpu0, XENMEM_machine_memory_map, &mm), -EPERM);
    dom.is_privileged = true;
    assert_int_equal(memop(&vcpu0, XENMEM_machine_memory_map, &mm), 0);
    assert_int_equal(mm.nr_entries, 2);
    memcpy(&e, buf + 20, sizeof(e));
    assert_int_equal(e.addr, 0x100000);
    assert_int_equal(e.size, 0x7ff00000);
}

static void test_memory_map_bad(void **state)
{
    struct xen_memory_map mm = { .nr_entries = 8, .buffer = BAD_PTR };
    const uint64_t a[5] = { XENMEM_memory_map, BAD_PTR, 0, 0, 0 };

    (void)state;
    assert_int_equal(do_memory_op(&vcpu0, a), -EFAULT);
    assert_int_equal(memop(&vcpu0, XENMEM_memory_map, &mm), -EFAULT);
    dom.e820 = NULL;
    mm.buffer = PTR(&e820);
    assert_int_equal(memop(&vcpu0, XENMEM_memory_map, &mm), -ENOSYS);
    /* The host map: privileged only; nobody provides it in this test. */
    assert_int_equal(memop(&vcpu0, XENMEM_machine_memory_map, &mm), -EPERM);
    dom.is_privileged = true;
    assert_int_equal(memop(&vcpu0, XENMEM_machine_memory_map, &mm), -ENOSYS);
}

/* ---- add_to_physmap ---- */

static struct xen_add_to_physmap atp(uint16_t domid, uint32_t space,
                                     uint64_t idx, uint64_t gpfn)
{
    struct xen_add_to_physmap x = { domid, 0, space, idx, gpfn };

    return x;
}

static void test_add_shared_info(void **state)
{
    struct xen_add_to_physmap x = atp(DOMID_SELF, XENMAPSPACE_shared_info,
                                      0, 0x10);
    paddr_t ma;
    uint64_t flags;
    unsigned int order;

    (void)state;
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), 0);
    assert_int_equal(dom.shared_info_gfn, 0x10);
    assert_int_equal(p2m_get_entry(&dom, 0x10, &ma, &flags, &order), 0);
    assert_int_equal(ma, virt_to_maddr(dom.shared_info));
    assert_int_equal(flags & (NPT_OWNED | NPT_RW), NPT_RW);
    /* Moving it unmaps the old place. */
    x.gpfn = 0x20;
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), 0);
    assert_int_equal(dom.shared_info_gfn, 0x20);
    assert_int_equal(p2m_get_entry(&dom, 0x10, &ma, &flags, &order),
                     -ENOENT);
    assert_int_equal(frees, 0);     /* shared_info is never freed */
}

static void test_add_shared_info_over_ram(void **state)
{
    struct xen_add_to_physmap x = atp(0, XENMAPSPACE_shared_info, 0, 1);
    paddr_t ma, old;
    uint64_t flags;
    unsigned int order;

    (void)state;
    assert_int_equal(p2m_populate(&dom, 1, 0), 0);
    assert_int_equal(p2m_get_entry(&dom, 1, &old, &flags, &order), 0);
    assert_int_equal(owned_pages, 1);
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), 0);
    /* The RAM page there was given up and freed. */
    assert_int_equal(frees, 1);
    assert_int_equal(last_free_mfn, old >> PAGE_SHIFT);
    assert_int_equal(owned_pages, 0);
    assert_int_equal(p2m_get_entry(&dom, 1, &ma, &flags, &order), 0);
    assert_int_equal(ma, virt_to_maddr(dom.shared_info));
    /* Inside a 2 MiB RAM superpage: refused, nothing changes. */
    assert_int_equal(p2m_populate(&dom, 0x200, P2M_ORDER_2M), 0);
    x.gpfn = 0x201;
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), -EBUSY);
    assert_int_equal(dom.shared_info_gfn, 1);
}

static void test_add_bad_args(void **state)
{
    struct xen_add_to_physmap x = atp(DOMID_SELF, XENMAPSPACE_shared_info,
                                      1, 0x10);
    const uint64_t a[5] = { XENMEM_add_to_physmap, BAD_PTR, 0, 0, 0 };

    (void)state;
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), -EINVAL);
    x = atp(DOMID_SELF, XENMAPSPACE_shared_info, 0, P2M_MAX_GFN);
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), -EINVAL);
    x = atp(DOMID_SELF, 99, 0, 0x10);
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), -EINVAL);
    x = atp(DOMID_SELF, XENMAPSPACE_gmfn_foreign, 0, 0x10);
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), -ENOSYS);
    x = atp(DOMID_SELF, XENMAPSPACE_grant_table, 1ull << 32, 0x10);
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), -EINVAL);
    assert_int_equal(do_memory_op(&vcpu0, a), -EFAULT);
    /* Another domain: only for the privileged; unknown ids -ESRCH. */
    x = atp(7, XENMAPSPACE_shared_info, 0, 0x10);
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), -EPERM);
    dom.is_privileged = true;
    x = atp(9, XENMAPSPACE_shared_info, 0, 0x10);
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), -ESRCH);
    assert_int_equal(dom.shared_info_gfn, NO_GFN);
    assert_int_equal(gnttab_calls, 0);
}

static void test_add_grant_frame(void **state)
{
    struct xen_add_to_physmap x = atp(DOMID_SELF, XENMAPSPACE_grant_table,
                                      3, 0xf0000);

    (void)state;
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), 0);
    assert_int_equal(gnttab_calls, 1);
    assert_int_equal(gnttab_idx, 3);
    assert_int_equal(gnttab_gfn, 0xf0000);
}

/* ---- reservations ---- */

static struct xen_memory_reservation resv(uint64_t *list, uint64_t n,
                                          unsigned int order)
{
    struct xen_memory_reservation r;

    memset(&r, 0, sizeof(r));
    r.extent_start = PTR(list);
    r.nr_extents = n;
    r.extent_order = order;
    r.domid = DOMID_SELF;
    return r;
}

static void test_populate_limit(void **state)
{
    uint64_t gfns[3] = { 0x100, 0x101, 0x102 };
    struct xen_memory_reservation r = resv(gfns, 3, 0);
    domid_t self = DOMID_SELF;

    (void)state;
    dom.max_pages = 2;
    /* Stops at the first failure: the third would pass max_pages. */
    assert_int_equal(memop(&vcpu0, XENMEM_populate_physmap, &r), 2);
    assert_int_equal(owned_pages, 2);
    assert_int_equal(memop(&vcpu0, XENMEM_current_reservation, &self), 2);
    assert_int_equal(memop(&vcpu0, XENMEM_maximum_reservation, &self), 2);
    assert_int_equal(memop(&vcpu0, XENMEM_maximum_gpfn, &self), 0x101);
    /* Already mapped: nothing done. */
    dom.max_pages = 10;
    assert_int_equal(memop(&vcpu0, XENMEM_populate_physmap, &r), 0);
    /* A bad list pointer ends the walk too; bad struct pointer: -EFAULT. */
    r.extent_start = BAD_PTR;
    assert_int_equal(memop(&vcpu0, XENMEM_populate_physmap, &r), 0);
    assert_int_equal(memop(&vcpu0, XENMEM_populate_physmap,
                           (void *)(uintptr_t)BAD_PTR), -EFAULT);
    /* Orders other than 4 KiB and 2 MiB do nothing. */
    gfns[0] = 0x400;
    r = resv(gfns, 1, 3);
    assert_int_equal(memop(&vcpu0, XENMEM_populate_physmap, &r), 0);
    /* Misaligned 2 MiB extent. */
    r = resv(gfns, 1, P2M_ORDER_2M);
    gfns[0] = 0x401;
    assert_int_equal(memop(&vcpu0, XENMEM_populate_physmap, &r), 0);
}

static void test_decrease(void **state)
{
    uint64_t gfns[3] = { 0x100, 0x101, 0x102 };
    struct xen_memory_reservation r = resv(gfns, 3, 0);
    struct xen_add_to_physmap x = atp(DOMID_SELF, XENMAPSPACE_shared_info,
                                      0, 0x101);
    paddr_t ma;
    uint64_t flags;
    unsigned int order;

    (void)state;
    assert_int_equal(memop(&vcpu0, XENMEM_populate_physmap, &r), 3);
    assert_int_equal(owned_pages, 3);
    /* 0x101 becomes shared_info (its RAM freed): not the guest's RAM. */
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), 0);
    assert_int_equal(owned_pages, 2);
    assert_int_equal(memop(&vcpu0, XENMEM_decrease_reservation, &r), 1);
    assert_int_equal(owned_pages, 1);
    assert_int_equal(p2m_get_entry(&dom, 0x100, &ma, &flags, &order),
                     -ENOENT);
    assert_int_equal(dom.shared_info_gfn, 0x101);
    /* A page backing a registered vcpu_info stays. */
    vcpu1.vcpu_info_gfn = 0x102;
    gfns[0] = 0x102;
    r = resv(gfns, 1, 0);
    assert_int_equal(memop(&vcpu0, XENMEM_decrease_reservation, &r), 0);
    vcpu1.vcpu_info_gfn = NO_GFN;
    assert_int_equal(memop(&vcpu0, XENMEM_decrease_reservation, &r), 1);
    assert_int_equal(owned_pages, 0);
    assert_int_equal(last_free_order, 0);
    /* Unmapped gfn: nothing to give back. */
    assert_int_equal(memop(&vcpu0, XENMEM_decrease_reservation, &r), 0);
    /* dom0's 1:1 RAM (mapped, not allocated to it): unmapped, not freed. */
    assert_int_equal(p2m_set_entry(&dom, 0x300, 0x300000, 0, p2m_rw), 0);
    gfns[0] = 0x300;
    assert_int_equal(memop(&vcpu0, XENMEM_decrease_reservation, &r), 1);
    assert_int_equal(frees, 3);
    assert_int_equal(p2m_get_entry(&dom, 0x300, &ma, &flags, &order),
                     -ENOENT);
}

static void test_remove_from_physmap(void **state)
{
    struct xen_add_to_physmap x = atp(DOMID_SELF, XENMAPSPACE_shared_info,
                                      0, 0x30);
    struct xen_remove_from_physmap rm = { DOMID_SELF, { 0 }, 0x30 };

    (void)state;
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap, &x), 0);
    assert_int_equal(memop(&vcpu0, XENMEM_remove_from_physmap, &rm), 0);
    assert_int_equal(dom.shared_info_gfn, NO_GFN);
    assert_int_equal(frees, 0);
    assert_int_equal(memop(&vcpu0, XENMEM_remove_from_physmap, &rm),
                     -ENOENT);
    rm.gpfn = P2M_MAX_GFN;
    assert_int_equal(memop(&vcpu0, XENMEM_remove_from_physmap, &rm),
                     -EINVAL);
}

static void test_dispatch(void **state)
{
    domid_t self = DOMID_SELF, other = 7;
    const uint64_t cont[5] = { XENMEM_current_reservation | (5ull << 6),
                               PTR(&self), 0, 0, 0 };

    (void)state;
    assert_int_equal(memop(&vcpu0, XENMEM_increase_reservation, &self),
                     -ENOSYS);
    assert_int_equal(memop(&vcpu0, XENMEM_acquire_resource, &self), -ENOSYS);
    assert_int_equal(memop(&vcpu0, XENMEM_add_to_physmap_batch, &self),
                     -ENOSYS);
    assert_int_equal(memop(&vcpu0, 63, &self), -ENOSYS);
    assert_int_equal(do_memory_op(&vcpu0, cont), -EINVAL);
    assert_int_equal(memop(&vcpu0, XENMEM_maximum_ram_page, NULL),
                     ARENA_PAGES);
    assert_int_equal(memop(&vcpu0, XENMEM_current_reservation, &other),
                     -EPERM);
    dom.is_privileged = true;
    dom2.max_pages = 42;
    assert_int_equal(memop(&vcpu0, XENMEM_maximum_reservation, &other), 42);
    assert_int_equal(memop(&vcpu0, XENMEM_maximum_gpfn, &self), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_memory_map_all, setup),
        cmocka_unit_test_setup(test_memory_map_small_buffer, setup),
        cmocka_unit_test_setup(test_memory_map_bad, setup),
        cmocka_unit_test_setup(test_machine_memory_map, setup),
        cmocka_unit_test_setup(test_add_shared_info, setup),
        cmocka_unit_test_setup(test_add_shared_info_over_ram, setup),
        cmocka_unit_test_setup(test_add_bad_args, setup),
        cmocka_unit_test_setup(test_add_grant_frame, setup),
        cmocka_unit_test_setup(test_populate_limit, setup),
        cmocka_unit_test_setup(test_decrease, setup),
        cmocka_unit_test_setup(test_remove_from_physmap, setup),
        cmocka_unit_test_setup(test_dispatch, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
