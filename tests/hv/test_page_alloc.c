/* Host unit tests of the boot allocator, the buddy heap and xmalloc:
 * coalescing, fragmentation, exhaustion, bad/double frees and accounting.
 * The sources are included so each test can start from a fresh heap. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../xen/common/page_alloc.c"
#include "../../xen/common/xmalloc.c"
#include "shim.h"

#define ARENA_PAGES     4096UL          /* 16 MiB of "machine memory" */

static struct domain *const dom_a = (struct domain *)0x1000;
static struct domain *const dom_b = (struct domain *)0x2000;

/* A fresh heap over frames [first, ARENA_PAGES) less the reserved range. */
static void heap_reset(unsigned long first, unsigned long res_s,
                       unsigned long res_e)
{
    memset(heap_free_lists, 0, sizeof(heap_free_lists));
    memset(heap_free_count, 0, sizeof(heap_free_count));
    memset(&heap_stats, 0, sizeof(heap_stats));
    memset(class_free, 0, sizeof(class_free));
    memset(&xstats, 0, sizeof(xstats));
    nr_boot_ranges = 0;
    boot_allocator_done = false;
    frame_table = NULL;
    max_page = 0;
    init_boot_pages(first << PAGE_SHIFT, ARENA_PAGES << PAGE_SHIFT);
    reserve_boot_pages(res_s << PAGE_SHIFT, res_e << PAGE_SHIFT);
    shim_log_reset();
}

static int setup_arena(void **state)
{
    (void)state;
    hv_arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES << PAGE_SHIFT);
    return hv_arena ? 0 : -1;
}

static int teardown_arena(void **state)
{
    (void)state;
    free(hv_arena);
    return 0;
}

static void test_boot_allocator(void **state)
{
    unsigned long mfn;

    (void)state;
    heap_reset(16, 100, 200);
    /* Highest range first, aligned, below the limit. */
    mfn = alloc_boot_pages(4, 4, 0);
    assert_int_equal(mfn, ARENA_PAGES - 4);
    mfn = alloc_boot_pages(8, 8, 256UL << PAGE_SHIFT);
    assert_true(mfn >= 200 && mfn + 8 <= 256 && mfn % 8 == 0);
    mfn = alloc_boot_pages(60, 1, 200UL << PAGE_SHIFT);
    assert_true(mfn >= 16 && mfn + 60 <= 100);
    /* The reserved hole is never handed out. */
    assert_int_equal(alloc_boot_pages(90, 1, 200UL << PAGE_SHIFT), 0);
}

static unsigned long heap_free_blocks(void)
{
    unsigned long n = 0;
    unsigned int o;

    for (o = 0; o <= MAX_ORDER; o++)
        n += heap_free_count[o];
    return n;
}

static void test_coalescing(void **state)
{
    static struct page_info *pages[ARENA_PAGES];
    struct heap_stats st0, st;
    unsigned long n = 0, i, blocks0;

    (void)state;
    heap_reset(1, 0, 0);
    assert_int_equal(end_boot_allocator(ARENA_PAGES), 0);
    heap_get_stats(&st0);
    blocks0 = heap_free_blocks();
    while ((pages[n] = alloc_domheap_pages(dom_a, 0, 0)) != NULL)
        n++;
    assert_int_equal(n, st0.free);
    /* Free in an interleaved order: evens, then odds. */
    for (i = 0; i < n; i += 2)
        free_domheap_pages(pages[i], 0);
    for (i = 1; i < n; i += 2)
        free_domheap_pages(pages[i], 0);
    heap_get_stats(&st);
    assert_int_equal(st.free, st0.free);
    assert_int_equal(st.domheap, 0);
    assert_int_equal(heap_free_blocks(), blocks0);     /* fully merged */
    assert_int_equal(st.bad_frees, 0);
}

static void test_fragmentation(void **state)
{
    static struct page_info *pages[ARENA_PAGES];
    unsigned long n = 0, i;

    (void)state;
    heap_reset(1, 0, 0);
    assert_int_equal(end_boot_allocator(ARENA_PAGES), 0);
    while ((pages[n] = alloc_domheap_pages(NULL, 0, 0)) != NULL)
        n++;
    /* Every other page free: lots of memory, no two adjacent pages. */
    for (i = 0; i < n; i += 2)
        free_domheap_pages(pages[i], 0);
    assert_null(alloc_domheap_pages(NULL, 1, 0));
    assert_non_null(alloc_domheap_pages(NULL, 0, 0));
    /* Freeing a neighbour makes an order-1 block again. */
    free_domheap_pages(pages[3], 0);
    assert_true(heap_free_pages_of_order(1) >= 1);
    assert_non_null(alloc_domheap_pages(NULL, 1, 0));
}

static void test_exhaustion(void **state)
{
    struct page_info *big, *pg;
    struct heap_stats st;

    (void)state;
    /* 3072 frames less the frame table (32 at the top): order-10 blocks
     * at 1024 and 2048, and no aligned order-11 block. */
    heap_reset(1024, 0, 0);
    assert_int_equal(end_boot_allocator(ARENA_PAGES), 0);
    assert_null(alloc_domheap_pages(NULL, 11, 0));
    big = alloc_domheap_pages(NULL, 10, 0);
    assert_non_null(big);
    assert_int_equal(page_to_mfn(big) % 1024, 0);
    assert_null(alloc_domheap_pages(NULL, MAX_ORDER + 1, 0));
    while ((pg = alloc_domheap_pages(NULL, 0, 0)) != NULL)
        ;
    heap_get_stats(&st);
    assert_int_equal(st.free, 0);
    assert_null(alloc_xenheap_pages(0, 0));
    free_domheap_pages(big, 10);
    assert_non_null(alloc_xenheap_pages(5, 0));
}

/* Reserved ranges (boot modules, loader data) given to the boot allocator
 * as early_memory_init does never reach the buddy heap: drain it with
 * mixed orders and check no page handed out overlaps one, nor twice. */
static void test_reserved_never_allocated(void **state)
{
    static const unsigned long res[][2] = {
        { 300, 301 }, { 517, 1100 }, { 2047, 2049 }, { 3000, 3333 },
    };
    static unsigned char seen[ARENA_PAGES];
    struct page_info *pg;
    unsigned long mfn, i, handed = 0;
    unsigned int order, r;

    (void)state;
    heap_reset(16, 0, 0);
    for (r = 0; r < ARRAY_SIZE(res); r++)
        reserve_boot_pages(res[r][0] << PAGE_SHIFT, res[r][1] << PAGE_SHIFT);
    assert_int_equal(end_boot_allocator(ARENA_PAGES), 0);
    memset(seen, 0, sizeof(seen));
    for (order = 4; order + 1 > 0; order--) {
        while ((pg = alloc_domheap_pages(NULL, order, 0)) != NULL) {
            mfn = page_to_mfn(pg);
            for (i = mfn; i < mfn + (1UL << order); i++) {
                assert_true(i >= 16 && i < ARENA_PAGES);
                assert_int_equal(seen[i], 0);
                seen[i] = 1;
                handed++;
                for (r = 0; r < ARRAY_SIZE(res); r++)
                    assert_false(i >= res[r][0] && i < res[r][1]);
            }
        }
    }
    assert_null(alloc_xenheap_pages(0, 0));
    /* Everything else was handed out (less the frame table). */
    assert_true(handed > 1500);
}

static void test_bad_frees(void **state)
{
    struct page_info *pg;
    struct heap_stats st0, st;
    void *v;

    (void)state;
    heap_reset(1, 0, 0);
    assert_int_equal(end_boot_allocator(ARENA_PAGES), 0);
    pg = alloc_domheap_pages(dom_a, 2, 0);
    v = alloc_xenheap_pages(0, 0);
    heap_get_stats(&st0);
    free_domheap_pages(pg, 1);                  /* wrong order */
    free_domheap_pages(pg + 1, 0);              /* inside a block */
    free_domheap_pages(virt_to_page(v), 0);     /* a xenheap page */
    free_xenheap_pages(page_to_virt(pg), 2);    /* a domheap block */
    heap_get_stats(&st);
    assert_int_equal(st.bad_frees, 4);
    assert_int_equal(st.free, st0.free);
    assert_non_null(strstr(shim_log, "bad free"));
    free_domheap_pages(pg, 2);
    free_domheap_pages(pg, 2);                  /* double free */
    free_xenheap_pages(v, 0);
    free_xenheap_pages(v, 0);                   /* double free */
    heap_get_stats(&st);
    assert_int_equal(st.bad_frees, 6);
    assert_int_equal(st.free, st0.free + 5);
    assert_int_equal(st.xenheap + st.domheap, 0);
}

static void test_accounting(void **state)
{
    struct page_info *a, *b;
    struct heap_stats st;
    void *x;

    (void)state;
    heap_reset(1, 0, 0);
    assert_int_equal(end_boot_allocator(ARENA_PAGES), 0);
    a = alloc_domheap_pages(dom_a, 3, 0);
    b = alloc_domheap_pages(dom_b, 0, 0);
    x = alloc_xenheap_pages(1, 0);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(x);
    heap_get_stats(&st);
    assert_int_equal(st.domheap, 9);
    assert_int_equal(st.xenheap, 2);
    assert_int_equal(st.free + st.domheap + st.xenheap, st.total);
    assert_int_equal(domain_page_count(dom_a), 8);
    assert_int_equal(domain_page_count(dom_b), 1);
    assert_null(alloc_domheap_pages(dom_a, 0, MEMF_no_owner)->pg_owner);
    free_domheap_pages(a, 3);
    assert_int_equal(domain_page_count(dom_a), 0);
    dump_memory_info();
    assert_non_null(strstr(shim_log, "Memory: total "));
}

static void test_memflags_bits(void **state)
{
    struct page_info *pg;
    unsigned int i;

    (void)state;
    heap_reset(1, 0, 0);
    assert_int_equal(end_boot_allocator(ARENA_PAGES), 0);
    /* Below 4 MiB = frame 1024: zones search from high to low, so without
     * the limit the first page would come from the top. */
    pg = alloc_domheap_pages(NULL, 0, 0);
    assert_true(page_to_mfn(pg) >= 2048);
    for (i = 0; i < 64; i++) {
        pg = alloc_domheap_pages(NULL, 0, MEMF_bits(22));
        assert_non_null(pg);
        assert_true(page_to_mfn(pg) < 1024);
    }
}

static void test_xmalloc(void **state)
{
    struct xmalloc_stats xs;
    void *p[64], *big, *aligned;
    unsigned int i;

    (void)state;
    heap_reset(1, 0, 0);
    assert_int_equal(end_boot_allocator(ARENA_PAGES), 0);
    for (i = 0; i < 64; i++) {
        p[i] = _xmalloc(1 + i * 31, 8);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % XMALLOC_MIN_ALIGN, 0);
        memset(p[i], 0xa5, 1 + i * 31);
    }
    big = xmalloc_bytes(3 * PAGE_SIZE);
    aligned = _xmalloc(100, 256);
    assert_non_null(big);
    assert_int_equal((uintptr_t)aligned % 256, 0);
    assert_null(_xmalloc(0, 8));
    assert_null(_xmalloc(8, 24));           /* not a power of two */
    assert_null(xmalloc_array(uint64_t, SIZE_MAX / 4));
    xmalloc_get_stats(&xs);
    assert_int_equal(xs.xs_objects, 66);
    for (i = 0; i < 64; i++)
        xfree(p[i]);
    xfree(big);
    xfree(aligned);
    xfree(p[5]);                            /* double free: rejected */
    xmalloc_get_stats(&xs);
    assert_int_equal(xs.xs_objects, 0);
    assert_int_equal(xs.xs_bytes, 0);
    assert_int_equal(xs.xs_bad_frees, 1);
    assert_non_null(strstr(shim_log, "double free"));
    assert_non_null(xzalloc(struct heap_stats));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_allocator),
        cmocka_unit_test(test_coalescing),
        cmocka_unit_test(test_fragmentation),
        cmocka_unit_test(test_exhaustion),
        cmocka_unit_test(test_reserved_never_allocated),
        cmocka_unit_test(test_bad_frees),
        cmocka_unit_test(test_accounting),
        cmocka_unit_test(test_memflags_bits),
        cmocka_unit_test(test_xmalloc),
    };

    return cmocka_run_group_tests(tests, setup_arena, teardown_arena);
}
