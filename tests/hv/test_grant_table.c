/* Host unit tests of grant tables v1 (xen/common/grant_table.c) through
 * GNTTABOP_* hypercalls of fake domains over a fake p2m: frames mapped
 * into the guest, map/unmap/copy and each refusal, teardown. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <asm/page.h>
#include <asm/p2m.h>
#include <public/grant_table.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include "fake_guest.h"
#include "shim.h"

#define GT_GFN      0x5000      /* where d1 maps its grant frame 0 */
#define PAGE_GFN    0x100       /* d1's page it grants */
#define RO_GFN      0x101       /* another page of d1 */
#define HOST_GFN    0x9000      /* where d0 maps grants (unpopulated) */

static struct domain *d0, *d1;
static struct grant_entry_v1 *gt1;  /* d1's view of its table */
static uint8_t *page1;

static int setup(void **state)
{
    (void)state;
    fake_reset();
    shim_log_reset();
    d0 = fake_domain(0, 1, true);
    d1 = fake_domain(1, 1, false);
    page1 = fake_populate(d1, PAGE_GFN);
    fake_populate(d1, RO_GFN);
    assert_int_equal(gnttab_map_frame(d1, 0, GT_GFN), 0);
    gt1 = fake_gfn_ptr(d1, GT_GFN);
    assert_non_null(gt1);
    return 0;
}

static long gnttab_op(struct domain *d, unsigned int cmd, void *arg,
                      unsigned int count)
{
    return do_grant_table_op(d->vcpu[0], HC_ARGS(cmd, arg, count));
}

static void grant(unsigned int ref, uint16_t domid, uint32_t frame,
                  uint16_t flags)
{
    gt1[ref].domid = domid;
    gt1[ref].frame = frame;
    gt1[ref].flags = flags;
}

static struct gnttab_map_grant_ref map_op(unsigned int ref, uint64_t gfn,
                                          uint32_t flags)
{
    return (struct gnttab_map_grant_ref){
        .host_addr = gfn << PAGE_SHIFT, .flags = flags, .ref = ref,
        .dom = 1, .status = 99, .handle = 0x1234 };
}

static int16_t map1(struct gnttab_map_grant_ref *m)
{
    assert_int_equal(gnttab_op(d0, GNTTABOP_map_grant_ref, m, 1), 0);
    return m->status;
}

static int16_t unmap1(uint64_t gfn, uint32_t handle)
{
    struct gnttab_unmap_grant_ref u = { .host_addr = gfn << PAGE_SHIFT,
                                        .handle = handle, .status = 99 };

    assert_int_equal(gnttab_op(d0, GNTTABOP_unmap_grant_ref, &u, 1), 0);
    return u.status;
}

/* query_size, set/get_version as Linux asks at boot. */
static void test_query_and_version(void **state)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF, .status = 99 };
    struct gnttab_set_version sv = { .version = 1 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };

    (void)state;
    assert_int_equal(gnttab_op(d0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);
    assert_int_equal(q.max_nr_frames, 64);
    assert_int_equal(gnttab_op(d0, GNTTABOP_set_version, &sv, 1), 0);
    assert_int_equal(sv.version, 1);
    sv.version = 2;
    assert_int_equal(gnttab_op(d0, GNTTABOP_set_version, &sv, 1),
                     -EOPNOTSUPP);
    sv.version = 3;
    assert_int_equal(gnttab_op(d0, GNTTABOP_set_version, &sv, 1), -EINVAL);
    assert_int_equal(gnttab_op(d0, GNTTABOP_get_version, &gv, 1), 0);
    assert_int_equal(gv.version, 1);

    /* A domU may ask only about itself; dom0 about anyone. */
    q = (struct gnttab_query_size){ .dom = 0 };
    assert_int_equal(gnttab_op(d1, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_permission_denied);
    q = (struct gnttab_query_size){ .dom = 1 };
    assert_int_equal(gnttab_op(d0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    q = (struct gnttab_query_size){ .dom = 7 };
    assert_int_equal(gnttab_op(d0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_bad_domain);
    gv = (struct gnttab_get_version){ .dom = 0 };
    assert_int_equal(gnttab_op(d1, GNTTABOP_get_version, &gv, 1), -EPERM);

    /* Single-element ops want count 1; unknown and absent ops. */
    assert_int_equal(gnttab_op(d0, GNTTABOP_query_size, &q, 2), -EINVAL);
    assert_int_equal(gnttab_op(d0, GNTTABOP_transfer, &q, 1), -ENOSYS);
    assert_int_equal(gnttab_op(d0, GNTTABOP_unmap_and_replace, &q, 1),
                     -ENOSYS);
    assert_int_equal(gnttab_op(d0, 13, &q, 1), -ENOSYS);
    assert_int_equal(gnttab_op(d0, ~0u, &q, 1), -ENOSYS);
    assert_int_equal(do_grant_table_op(d0->vcpu[0],
                                       HC_ARGS(GNTTABOP_query_size,
                                               FAKE_BAD_VA, 1)), -EFAULT);
}

/* add_to_physmap(grant_table): grow, move, refuse occupied gfns. */
static void test_map_frame(void **state)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    uint64_t e0 = fake_p2m_entry(d1, GT_GFN);

    (void)state;
    assert_true(e0 & NPT_RW);
    assert_false(e0 & NPT_OWNED);       /* teardown must not free it */
    /* Linux maps from the highest index down. */
    assert_int_equal(gnttab_map_frame(d1, 3, 0x6003), 0);
    assert_int_equal(gnttab_op(d1, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.nr_frames, 4);
    assert_int_equal(gnttab_map_frame(d1, 2, 0x6002), 0);
    /* Same place again: fine.  Moving frame 2: the old gfn is emptied. */
    assert_int_equal(gnttab_map_frame(d1, 2, 0x6002), 0);
    assert_int_equal(gnttab_map_frame(d1, 2, 0x7002), 0);
    assert_int_equal(fake_p2m_entry(d1, 0x6002), 0);
    assert_int_not_equal(fake_p2m_entry(d1, 0x7002), 0);
    /* RAM or another frame at the gfn: refused, nothing lost. */
    assert_int_equal(gnttab_map_frame(d1, 1, PAGE_GFN), -EBUSY);
    assert_int_equal(gnttab_map_frame(d1, 1, 0x6003), -EBUSY);
    assert_true(fake_p2m_entry(d1, PAGE_GFN) & NPT_OWNED);
    /* Bounds: max 64 frames, v2 status frames, huge gfns. */
    assert_int_equal(gnttab_map_frame(d1, 64, 0x8000), -EINVAL);
    assert_int_equal(gnttab_map_frame(d1, (1ul << 31) | 0, 0x8000), -EINVAL);
    assert_int_equal(gnttab_map_frame(d1, 0, 1ull << 40), -EINVAL);
    assert_int_equal(gnttab_map_frame(d1, 63, 0x8000), 0);
    assert_int_equal(gnttab_op(d1, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.nr_frames, 64);
    /* Entries of frame 63 are grant refs 63*512.. */
    {
        struct grant_entry_v1 *f63 = fake_gfn_ptr(d1, 0x8000);
        struct gnttab_map_grant_ref m = map_op(63 * 512 + 5, HOST_GFN,
                                               GNTMAP_host_map);

        f63[5] = (struct grant_entry_v1){ GTF_permit_access, 0, PAGE_GFN };
        assert_int_equal(map1(&m), GNTST_okay);
        assert_int_equal(unmap1(HOST_GFN, m.handle), GNTST_okay);
    }
}

/* setup_table reports where the frames sit in the guest. */
static void test_setup_table(void **state)
{
    uint64_t frames[3] = { 1, 2, 3 };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 2,
                                     .frame_list = (uintptr_t)frames };

    (void)state;
    assert_int_equal(gnttab_op(d1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_okay);
    assert_int_equal(frames[0], GT_GFN);
    assert_int_equal(frames[1], ~0ull);
    assert_int_equal(frames[2], 3);
    st.nr_frames = 65;
    assert_int_equal(gnttab_op(d1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_general_error);
    st = (struct gnttab_setup_table){ .dom = 0, .nr_frames = 1,
                                      .frame_list = (uintptr_t)frames };
    assert_int_equal(gnttab_op(d1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_permission_denied);
    st = (struct gnttab_setup_table){ .dom = DOMID_SELF, .nr_frames = 1,
                                      .frame_list = FAKE_BAD_VA };
    assert_int_equal(gnttab_op(d1, GNTTABOP_setup_table, &st, 1), -EFAULT);
}

/* d1 grants a page to d0; d0 maps it writable, sees d1's data, unmaps. */
static void test_map_unmap(void **state)
{
    struct gnttab_map_grant_ref m[2];
    uint8_t *host;
    paddr_t ma;

    (void)state;
    grant(3, 0, PAGE_GFN, GTF_permit_access);
    memcpy(page1, "hello from d1", 14);
    m[0] = map_op(3, HOST_GFN, GNTMAP_host_map | GNTMAP_device_map);
    assert_int_equal(map1(&m[0]), GNTST_okay);
    host = fake_gfn_ptr(d0, HOST_GFN);
    assert_ptr_equal(host, page1);
    assert_string_equal((char *)host, "hello from d1");
    assert_true(fake_p2m_entry(d0, HOST_GFN) & NPT_RW);
    assert_false(fake_p2m_entry(d0, HOST_GFN) & NPT_OWNED);
    assert_int_equal(gt1[3].flags,
                     GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(p2m_lookup(d1, PAGE_GFN << PAGE_SHIFT, false, &ma), 0);
    assert_int_equal(m[0].dev_bus_addr, ma);

    /* A second, read-only mapping of the same grant. */
    m[1] = map_op(3, HOST_GFN + 1, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(map1(&m[1]), GNTST_okay);
    assert_int_not_equal(m[1].handle, m[0].handle);
    assert_int_equal(m[1].dev_bus_addr, 0);
    assert_false(fake_p2m_entry(d0, HOST_GFN + 1) & NPT_RW);

    /* Dropping the writable one leaves GTF_reading only. */
    assert_int_equal(unmap1(HOST_GFN, m[0].handle), GNTST_okay);
    assert_int_equal(fake_p2m_entry(d0, HOST_GFN), 0);
    assert_int_equal(gt1[3].flags, GTF_permit_access | GTF_reading);
    /* The handle is gone now. */
    assert_int_equal(unmap1(HOST_GFN, m[0].handle), GNTST_bad_handle);
    assert_int_equal(unmap1(HOST_GFN + 1, m[1].handle), GNTST_okay);
    assert_int_equal(gt1[3].flags, GTF_permit_access);
    assert_int_equal(fake_p2m_entry(d0, HOST_GFN + 1), 0);
    /* d1's page is still its own. */
    assert_true(fake_p2m_entry(d1, PAGE_GFN) & NPT_OWNED);
}

/* Several elements in one call, each with its own status. */
static void test_batch(void **state)
{
    struct gnttab_map_grant_ref m[3];
    struct gnttab_unmap_grant_ref u[3];

    (void)state;
    grant(1, 0, PAGE_GFN, GTF_permit_access);
    grant(2, 0, RO_GFN, GTF_permit_access | GTF_readonly);
    m[0] = map_op(1, HOST_GFN, GNTMAP_host_map);
    m[1] = map_op(2, HOST_GFN + 1, GNTMAP_host_map);    /* rw of ro */
    m[2] = map_op(2, HOST_GFN + 2, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gnttab_op(d0, GNTTABOP_map_grant_ref, m, 3), 0);
    assert_int_equal(m[0].status, GNTST_okay);
    assert_int_equal(m[1].status, GNTST_general_error);
    assert_int_equal(m[1].handle, ~0u);
    assert_int_equal(m[2].status, GNTST_okay);
    assert_int_equal(fake_p2m_entry(d0, HOST_GFN + 1), 0);
    assert_int_equal(gt1[2].flags,
                     GTF_permit_access | GTF_readonly | GTF_reading);

    memset(u, 0, sizeof(u));
    u[0].handle = m[0].handle;
    u[1].handle = 777;
    u[2].handle = m[2].handle;
    u[2].host_addr = (HOST_GFN + 2) << PAGE_SHIFT;
    assert_int_equal(gnttab_op(d0, GNTTABOP_unmap_grant_ref, u, 3), 0);
    assert_int_equal(u[0].status, GNTST_okay);
    assert_int_equal(u[1].status, GNTST_bad_handle);
    assert_int_equal(u[2].status, GNTST_okay);
    assert_int_equal(gt1[1].flags, GTF_permit_access);
    assert_int_equal(gt1[2].flags, GTF_permit_access | GTF_readonly);
    /* A bad pointer part-way: -EFAULT. */
    assert_int_equal(do_grant_table_op(d0->vcpu[0],
                                       HC_ARGS(GNTTABOP_map_grant_ref,
                                               FAKE_BAD_VA, 1)), -EFAULT);
    assert_int_equal(gnttab_op(d0, GNTTABOP_map_grant_ref, m, 0), 0);
    assert_int_equal(do_grant_table_op(d0->vcpu[0],
                                       HC_ARGS(GNTTABOP_map_grant_ref, m,
                                               1ull << 32)), -EINVAL);
}

/* Every refusal of map leaves the entry and the p2m untouched. */
static void test_map_refusals(void **state)
{
    struct gnttab_map_grant_ref m;
    struct domain *d2 = fake_domain(2, 1, false);

    (void)state;
    grant(4, 0, PAGE_GFN, GTF_permit_access);
    grant(5, 2, PAGE_GFN, GTF_permit_access);           /* for d2 */
    grant(6, 0, PAGE_GFN, 0);                           /* not permitted */
    grant(7, 0, PAGE_GFN, GTF_permit_access | GTF_readonly);
    grant(8, 0, 0x4444, GTF_permit_access);             /* no such gfn */
    grant(9, 0, PAGE_GFN, GTF_accept_transfer);

    m = map_op(512, HOST_GFN, GNTMAP_host_map);         /* past 1 frame */
    assert_int_equal(map1(&m), GNTST_bad_gntref);
    m = map_op(0xffffffffu, HOST_GFN, GNTMAP_host_map);
    assert_int_equal(map1(&m), GNTST_bad_gntref);
    m = map_op(5, HOST_GFN, GNTMAP_host_map);           /* wrong domid */
    assert_int_equal(map1(&m), GNTST_general_error);
    m = map_op(6, HOST_GFN, GNTMAP_host_map);
    assert_int_equal(map1(&m), GNTST_general_error);
    m = map_op(9, HOST_GFN, GNTMAP_host_map);
    assert_int_equal(map1(&m), GNTST_general_error);
    m = map_op(7, HOST_GFN, GNTMAP_host_map);           /* rw of ro */
    assert_int_equal(map1(&m), GNTST_general_error);
    m = map_op(8, HOST_GFN, GNTMAP_host_map);
    assert_int_equal(map1(&m), GNTST_bad_page);
    assert_int_equal(gt1[8].flags, GTF_permit_access);  /* flags put back */
    m = map_op(4, HOST_GFN, 0);                         /* no host_map */
    assert_int_equal(map1(&m), GNTST_general_error);
    m = map_op(4, HOST_GFN, GNTMAP_host_map | GNTMAP_contains_pte);
    assert_int_equal(map1(&m), GNTST_general_error);
    m = map_op(4, 1ull << 40, GNTMAP_host_map);
    assert_int_equal(map1(&m), GNTST_bad_virt_addr);
    m = map_op(4, HOST_GFN, GNTMAP_host_map);
    m.dom = 9;
    assert_int_equal(map1(&m), GNTST_bad_domain);
    m.dom = DOMID_XEN;
    assert_int_equal(map1(&m), GNTST_bad_domain);
    /* Onto populated RAM of the mapper: refused. */
    fake_populate(d0, 0x300);
    m = map_op(4, 0x300, GNTMAP_host_map);
    assert_int_equal(map1(&m), GNTST_general_error);
    assert_true(fake_p2m_entry(d0, 0x300) & NPT_OWNED);

    for (unsigned int r = 4; r <= 9; r++)
        assert_false(gt1[r].flags & (GTF_reading | GTF_writing));
    assert_int_equal(fake_p2m_entry(d0, HOST_GFN), 0);

    /* The grant meant for d2 works for d2. */
    m = map_op(5, HOST_GFN, GNTMAP_host_map);
    assert_int_equal(gnttab_op(d2, GNTTABOP_map_grant_ref, &m, 1), 0);
    assert_int_equal(m.status, GNTST_okay);
    /* Unmap with the wrong address / device address: refused, kept. */
    {
        struct gnttab_unmap_grant_ref u = { .host_addr = 0x1234000,
                                            .handle = m.handle };

        assert_int_equal(gnttab_op(d2, GNTTABOP_unmap_grant_ref, &u, 1), 0);
        assert_int_equal(u.status, GNTST_general_error);
        u = (struct gnttab_unmap_grant_ref){ .dev_bus_addr = 0x1000,
                                             .handle = m.handle };
        assert_int_equal(gnttab_op(d2, GNTTABOP_unmap_grant_ref, &u, 1), 0);
        assert_int_equal(u.status, GNTST_bad_dev_addr);
        /* d0 cannot use d2's handle. */
        assert_int_equal(unmap1(HOST_GFN, m.handle), GNTST_bad_handle);
        assert_true(gt1[5].flags & GTF_writing);
    }
    /* Destroying the mapper drops its mappings and the granter's flags. */
    fake_domain_free(d2);
    assert_int_equal(gt1[5].flags, GTF_permit_access);
}

/* Destroying the granter removes others' mappings of its pages. */
static void test_granter_destroyed(void **state)
{
    struct gnttab_map_grant_ref m;

    (void)state;
    grant(3, 0, PAGE_GFN, GTF_permit_access);
    m = map_op(3, HOST_GFN, GNTMAP_host_map);
    assert_int_equal(map1(&m), GNTST_okay);
    assert_int_not_equal(fake_p2m_entry(d0, HOST_GFN), 0);
    fake_domain_free(d1);
    assert_int_equal(fake_p2m_entry(d0, HOST_GFN), 0);
    assert_int_equal(unmap1(HOST_GFN, m.handle), GNTST_bad_handle);
}

/* Many mappings: the maptrack grows. */
static void test_many_mappings(void **state)
{
    static struct gnttab_map_grant_ref m[300];

    (void)state;
    grant(3, 0, PAGE_GFN, GTF_permit_access | GTF_readonly);
    for (unsigned int i = 0; i < 300; i++)
        m[i] = map_op(3, HOST_GFN + i, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gnttab_op(d0, GNTTABOP_map_grant_ref, m, 300), 0);
    for (unsigned int i = 0; i < 300; i++) {
        assert_int_equal(m[i].status, GNTST_okay);
        assert_int_equal(m[i].handle, i);
    }
    for (unsigned int i = 0; i < 299; i++)
        assert_int_equal(unmap1(HOST_GFN + i, m[i].handle), GNTST_okay);
    assert_int_equal(gt1[3].flags,
                     GTF_permit_access | GTF_readonly | GTF_reading);
    assert_int_equal(unmap1(HOST_GFN + 299, m[299].handle), GNTST_okay);
    assert_int_equal(gt1[3].flags, GTF_permit_access | GTF_readonly);
}

static struct gnttab_copy copy_op(uint16_t flags, uint64_t src, uint16_t sdom,
                                  uint16_t soff, uint64_t dst, uint16_t ddom,
                                  uint16_t doff, uint16_t len)
{
    struct gnttab_copy c = { .len = len, .flags = flags, .status = 99 };

    if (flags & GNTCOPY_source_gref)
        c.source.u.ref = (grant_ref_t)src;
    else
        c.source.u.gmfn = src;
    c.source.domid = sdom;
    c.source.offset = soff;
    if (flags & GNTCOPY_dest_gref)
        c.dest.u.ref = (grant_ref_t)dst;
    else
        c.dest.u.gmfn = dst;
    c.dest.domid = ddom;
    c.dest.offset = doff;
    return c;
}

static int16_t copy1(struct gnttab_copy c)
{
    assert_int_equal(gnttab_op(d0, GNTTABOP_copy, &c, 1), 0);
    return c.status;
}

/* Copies between d0's own page and d1's granted pages. */
static void test_copy(void **state)
{
    uint8_t *own = fake_populate(d0, 0x200);
    uint8_t *ro1 = fake_gfn_ptr(d1, RO_GFN);

    (void)state;
    grant(1, 0, PAGE_GFN, GTF_permit_access);
    grant(2, 0, RO_GFN, GTF_permit_access | GTF_readonly);
    memcpy(own + 100, "to d1", 6);
    memcpy(ro1 + 4000, "from d1", 8);

    /* gmfn -> gref (netback's rx). */
    assert_int_equal(copy1(copy_op(GNTCOPY_dest_gref, 0x200, DOMID_SELF, 100,
                                   1, 1, 10, 6)), GNTST_okay);
    assert_string_equal((char *)page1 + 10, "to d1");
    /* gref (read-only grant) -> gmfn (netback's tx). */
    assert_int_equal(copy1(copy_op(GNTCOPY_source_gref, 2, 1, 4000, 0x200,
                                   0, 0, 8)), GNTST_okay);
    assert_string_equal((char *)own, "from d1");
    /* gref -> gref. */
    assert_int_equal(copy1(copy_op(GNTCOPY_source_gref | GNTCOPY_dest_gref,
                                   2, 1, 4000, 1, 1, 2000, 8)), GNTST_okay);
    assert_string_equal((char *)page1 + 2000, "from d1");
    /* No pins left behind. */
    assert_int_equal(gt1[1].flags, GTF_permit_access);
    assert_int_equal(gt1[2].flags, GTF_permit_access | GTF_readonly);

    /* Refusals: write to a read-only grant, bounds, foreign gmfn, refs. */
    assert_int_equal(copy1(copy_op(GNTCOPY_dest_gref, 0x200, DOMID_SELF, 0,
                                   2, 1, 0, 8)), GNTST_general_error);
    assert_int_equal(copy1(copy_op(GNTCOPY_dest_gref, 0x200, DOMID_SELF, 0,
                                   1, 1, 4090, 7)), GNTST_bad_copy_arg);
    assert_int_equal(copy1(copy_op(GNTCOPY_dest_gref, 0x200, DOMID_SELF,
                                   4095, 1, 1, 0, 2)), GNTST_bad_copy_arg);
    assert_int_equal(copy1(copy_op(GNTCOPY_dest_gref, 0x200, DOMID_SELF,
                                   0xffff, 1, 1, 0xffff, 0xffff)),
                     GNTST_bad_copy_arg);
    assert_int_equal(copy1(copy_op(GNTCOPY_dest_gref, 0x200, DOMID_SELF, 0,
                                   1, 1, 0, 4096)), GNTST_okay);
    assert_int_equal(copy1(copy_op(0, PAGE_GFN, 1, 0, 0x200, DOMID_SELF, 0,
                                   8)), GNTST_permission_denied);
    assert_int_equal(copy1(copy_op(GNTCOPY_source_gref, 600, 1, 0, 0x200,
                                   DOMID_SELF, 0, 8)), GNTST_bad_gntref);
    assert_int_equal(copy1(copy_op(GNTCOPY_source_gref, 1, 5, 0, 0x200,
                                   DOMID_SELF, 0, 8)), GNTST_bad_domain);
    assert_int_equal(copy1(copy_op(0, 0x777, DOMID_SELF, 0, 0x200,
                                   DOMID_SELF, 0, 8)), GNTST_bad_page);
    assert_int_equal(copy1(copy_op(0, 1ull << 50, DOMID_SELF, 0, 0x200,
                                   DOMID_SELF, 0, 8)), GNTST_bad_page);
    /* A grant for someone else. */
    grant(3, 7, PAGE_GFN, GTF_permit_access);
    assert_int_equal(copy1(copy_op(GNTCOPY_source_gref, 3, 1, 0, 0x200,
                                   DOMID_SELF, 0, 8)), GNTST_general_error);
    assert_int_equal(gt1[1].flags, GTF_permit_access);
}

/* swap_grant_ref, dump_table, get_status_frames, cache_flush. */
static void test_misc_ops(void **state)
{
    struct gnttab_swap_grant_ref sw = { .ref_a = 1, .ref_b = 2 };
    struct gnttab_map_grant_ref m;
    struct gnttab_dump_table dt = { .dom = DOMID_SELF };
    struct gnttab_get_status_frames gs = { .nr_frames = 1,
                                           .dom = DOMID_SELF };
    struct gnttab_cache_flush cf = { .offset = 0, .length = 4096 };

    (void)state;
    grant(1, 0, PAGE_GFN, GTF_permit_access);
    grant(2, 3, RO_GFN, GTF_permit_access | GTF_readonly);
    assert_int_equal(gnttab_op(d1, GNTTABOP_swap_grant_ref, &sw, 1), 0);
    assert_int_equal(sw.status, GNTST_okay);
    assert_int_equal(gt1[1].domid, 3);
    assert_int_equal(gt1[1].frame, RO_GFN);
    assert_int_equal(gt1[2].domid, 0);
    m = map_op(2, HOST_GFN, GNTMAP_host_map);
    assert_int_equal(map1(&m), GNTST_okay);
    assert_int_equal(gnttab_op(d1, GNTTABOP_swap_grant_ref, &sw, 1), 0);
    assert_int_equal(sw.status, GNTST_eagain);
    sw.ref_b = 4096;
    assert_int_equal(gnttab_op(d1, GNTTABOP_swap_grant_ref, &sw, 1), 0);
    assert_int_equal(sw.status, GNTST_bad_gntref);

    shim_log_reset();
    assert_int_equal(gnttab_op(d1, GNTTABOP_dump_table, &dt, 1), 0);
    assert_int_equal(dt.status, GNTST_okay);
    assert_non_null(strstr(shim_log, "grant table of d1: 1 frame(s)"));
    assert_non_null(strstr(shim_log, "ref 2: flags 0x19 dom 0"));
    dt.dom = 0;
    assert_int_equal(gnttab_op(d1, GNTTABOP_dump_table, &dt, 1), 0);
    assert_int_equal(dt.status, GNTST_permission_denied);

    assert_int_equal(gnttab_op(d1, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_general_error);
    assert_int_equal(gnttab_op(d1, GNTTABOP_cache_flush, &cf, 1), 0);
    cf.offset = 1;
    assert_int_equal(gnttab_op(d1, GNTTABOP_cache_flush, &cf, 1), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_query_and_version, setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(test_map_frame, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_setup_table, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_map_unmap, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_batch, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_map_refusals, setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(test_granter_destroyed, setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(test_many_mappings, setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(test_copy, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_misc_ops, setup, fake_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
