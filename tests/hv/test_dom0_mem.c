/* Host unit tests of dom0's memory logic (xen/arch/x86/dom0_mem.c): the
 * dom0_mem= syntax, the size it yields from the memory available, the
 * guest-physical range list and dom0's e820 built from the host's. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <asm/dom0_build.h>
#include <xen/errno.h>
#include "shim.h"

#define MiB(x)  ((uint64_t)(x) << 20)
#define GiB(x)  ((uint64_t)(x) << 30)

/* ---- dom0_mem= parsing ---- */

static struct dom0_mem_spec parse_ok(const char *s)
{
    struct dom0_mem_spec spec;
    const char *why = NULL;

    assert_int_equal(dom0_mem_parse(s, &spec, &why), 0);
    return spec;
}

static void test_parse_sizes(void **state)
{
    struct dom0_mem_spec s;

    (void)state;
    s = parse_ok("512M");
    assert_int_equal(s.amount, MiB(512));
    assert_false(s.neg);
    assert_int_equal(s.min, 0);
    assert_int_equal(s.max, 0);
    assert_int_equal(parse_ok("1G").amount, GiB(1));
    assert_int_equal(parse_ok("1g").amount, GiB(1));
    assert_int_equal(parse_ok("1024").amount, MiB(1));  /* KiB by default */
    assert_int_equal(parse_ok("2048K").amount, MiB(2));
    assert_int_equal(parse_ok("1048576B").amount, MiB(1));
}

static void test_parse_min_max_neg(void **state)
{
    struct dom0_mem_spec s;

    (void)state;
    s = parse_ok("max:1G");
    assert_int_equal(s.amount, 0);
    assert_int_equal(s.max, GiB(1));
    s = parse_ok("512M,max:1G");
    assert_int_equal(s.amount, MiB(512));
    assert_int_equal(s.max, GiB(1));
    s = parse_ok("min:256M,max:1G,768M");
    assert_int_equal(s.min, MiB(256));
    assert_int_equal(s.max, GiB(1));
    assert_int_equal(s.amount, MiB(768));
    s = parse_ok("-256M");
    assert_true(s.neg);
    assert_int_equal(s.amount, MiB(256));
    s = parse_ok("min:1G,-128M");
    assert_true(s.neg);
    assert_int_equal(s.min, GiB(1));
}

static void test_parse_bad(void **state)
{
    static const char *const bad[] = {
        "", "abc", "512X", "min:", "max:1G,", "0", "-0", "min:1G,max:512M",
        "512M,,1G", "max:", "--1G", "1G junk", "min=1G", ",512M",
    };
    struct dom0_mem_spec s = { .amount = 42, .min = 7 };
    unsigned int i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *why = NULL;

        assert_int_equal(dom0_mem_parse(bad[i], &s, &why), -EINVAL);
        assert_non_null(why);
        assert_true(strlen(why) > 5);
        /* Left untouched. */
        assert_int_equal(s.amount, 42);
        assert_int_equal(s.min, 7);
    }
    assert_int_equal(dom0_mem_parse(NULL, &s, &(const char *){ NULL }),
                     -EINVAL);
}

/* ---- the size ---- */

static uint64_t compute(const char *opt, uint64_t avail, const char **why)
{
    struct dom0_mem_spec s = { 0 };

    *why = NULL;
    if (opt)
        s = parse_ok(opt);
    return dom0_mem_compute(&s, avail, why);
}

static void test_compute(void **state)
{
    const char *why;

    (void)state;
    /* Default: all but 1/16th, keeping at most 128 MiB. */
    assert_int_equal(compute(NULL, MiB(1600), &why), MiB(1500));
    assert_int_equal(compute(NULL, GiB(8), &why), GiB(8) - MiB(128));
    assert_int_equal(compute("512M", MiB(1936), &why), MiB(512));
    assert_int_equal(compute("1936M", MiB(1936), &why), MiB(1936));
    assert_int_equal(compute("-256M", MiB(1936), &why), MiB(1680));
    assert_int_equal(compute("max:1G", MiB(1936), &why), GiB(1));
    assert_int_equal(compute("max:4G", MiB(1600), &why), MiB(1500));
    assert_int_equal(compute("2G,max:1G", GiB(4), &why), GiB(1));
    /* min: raises the default up to what there is. */
    assert_int_equal(compute("min:990M", MiB(1000), &why), MiB(990));
    assert_int_equal(compute("min:256M", MiB(1600), &why), MiB(1500));
    assert_int_equal(compute("100M,min:200M", GiB(1), &why), MiB(200));
    /* Rounded down to pages. */
    assert_int_equal(compute("4097K", GiB(1), &why), MiB(4));
    assert_null(why);
}

static void test_compute_bad(void **state)
{
    const char *why;

    (void)state;
    assert_int_equal(compute("4096M", MiB(1936), &why), 0);
    assert_string_equal(why, "exceeds available memory");
    assert_int_equal(compute("-2G", MiB(1936), &why), 0);
    assert_string_equal(why, "leaves nothing for dom0");
    assert_int_equal(compute("min:2G", MiB(1936), &why), 0);
    assert_string_equal(why, "min: exceeds available memory");
    assert_int_equal(compute(NULL, 0, &why), 0);
    assert_non_null(why);
    assert_int_equal(compute("2K", MiB(64), &why), 0);     /* < a page */
    assert_non_null(why);
}

/* ---- dom0_max_vcpus= ---- */

static void test_vcpus(void **state)
{
    struct dom0_vcpus_spec v;
    const char *why = NULL;

    (void)state;
    assert_int_equal(dom0_vcpus_parse("4", &v, &why), 0);
    assert_int_equal(v.min, 4);
    assert_int_equal(v.max, 4);
    assert_int_equal(dom0_vcpus_compute(&v, 2, 128), 4);
    assert_int_equal(dom0_vcpus_compute(&v, 8, 128), 4);
    assert_int_equal(dom0_vcpus_parse("2-6", &v, &why), 0);
    assert_int_equal(dom0_vcpus_compute(&v, 1, 128), 2);
    assert_int_equal(dom0_vcpus_compute(&v, 4, 128), 4);
    assert_int_equal(dom0_vcpus_compute(&v, 16, 128), 6);
    assert_int_equal(dom0_vcpus_parse("3-", &v, &why), 0);
    assert_int_equal(dom0_vcpus_compute(&v, 2, 128), 3);
    assert_int_equal(dom0_vcpus_compute(&v, 200, 128), 128);
    assert_int_equal(dom0_vcpus_parse("-2", &v, &why), 0);
    assert_int_equal(dom0_vcpus_compute(&v, 8, 128), 2);
    assert_int_equal(dom0_vcpus_compute(&v, 1, 128), 1);
    /* Unset: one per pCPU. */
    v.min = v.max = 0;
    assert_int_equal(dom0_vcpus_compute(&v, 3, 128), 3);
}

static void test_vcpus_bad(void **state)
{
    static const char *const bad[] = {
        "", "0", "-", "4-2", "x", "2-x", "2-4-6", "-0", " 2", "2 ",
    };
    struct dom0_vcpus_spec v = { 7, 9 };
    unsigned int i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *why = NULL;

        assert_int_equal(dom0_vcpus_parse(bad[i], &v, &why), -EINVAL);
        assert_non_null(why);
        assert_int_equal(v.min, 7);
        assert_int_equal(v.max, 9);
    }
}

/* ---- the range list ---- */

static void test_ranges(void **state)
{
    struct dom0_range r[4];
    unsigned int nr = 0;

    (void)state;
    assert_true(dom0_range_add(r, &nr, 4, 0x5000, 0x6000));
    assert_true(dom0_range_add(r, &nr, 4, 0x1000, 0x2000));
    assert_true(dom0_range_add(r, &nr, 4, 0x9000, 0xa000));
    assert_int_equal(nr, 3);
    assert_int_equal(r[0].start, 0x1000);
    assert_int_equal(r[1].start, 0x5000);
    assert_int_equal(r[2].start, 0x9000);
    /* Adjacent: merged. */
    assert_true(dom0_range_add(r, &nr, 4, 0x2000, 0x3000));
    assert_int_equal(nr, 3);
    assert_int_equal(r[0].end, 0x3000);
    /* Bridging two: both swallowed. */
    assert_true(dom0_range_add(r, &nr, 4, 0x2800, 0x9000));
    assert_int_equal(nr, 1);
    assert_int_equal(r[0].start, 0x1000);
    assert_int_equal(r[0].end, 0xa000);
    /* Empty: nothing. */
    assert_true(dom0_range_add(r, &nr, 4, 0x20000, 0x20000));
    assert_int_equal(nr, 1);
    /* Full. */
    assert_true(dom0_range_add(r, &nr, 4, 0x20000, 0x21000));
    assert_true(dom0_range_add(r, &nr, 4, 0x30000, 0x31000));
    assert_true(dom0_range_add(r, &nr, 4, 0x40000, 0x41000));
    assert_false(dom0_range_add(r, &nr, 4, 0x50000, 0x51000));
    assert_int_equal(nr, 4);
    /* ...but merging still works when full. */
    assert_true(dom0_range_add(r, &nr, 4, 0x41000, 0x42000));
    assert_int_equal(r[3].end, 0x42000);
}

/* ---- the e820 map ---- */

static void add(struct e820map *m, uint64_t s, uint64_t e, uint32_t type)
{
    m->map[m->nr_map].addr = s;
    m->map[m->nr_map].size = e - s;
    m->map[m->nr_map].type = type;
    m->nr_map++;
}

static void expect(const struct e820map *m, unsigned int i, uint64_t s,
                   uint64_t e, uint32_t type)
{
    assert_true(i < m->nr_map);
    assert_int_equal(m->map[i].addr, s);
    assert_int_equal(m->map[i].addr + m->map[i].size, e);
    assert_int_equal(m->map[i].type, type);
}

/* QEMU pc, -m 2G (SeaBIOS), as the hypervisor saw it. */
static void qemu_pc_2g(struct e820map *host)
{
    memset(host, 0, sizeof(*host));
    add(host, 0, 0x9fc00, E820_RAM);
    add(host, 0x9fc00, 0xa0000, E820_RESERVED);
    add(host, 0xf0000, 0x100000, E820_RESERVED);
    add(host, 0x100000, 0x7ffe0000, E820_RAM);
    add(host, 0x7ffe0000, 0x80000000, E820_RESERVED);
    add(host, 0xfffc0000, 0x100000000, E820_RESERVED);
    add(host, 0xfd00000000, 0x10000000000, E820_RESERVED);
}

static void test_e820_pc(void **state)
{
    static struct e820map host, out;
    struct dom0_range ram[4] = {
        { 0, 0x9f000 },
        { 0x100000, 0x200000 },
        { 0xc28000, 0x20b28000 },
    };
    struct dom0_range acpi = { 0x4bed000, 0x4bef000 };

    (void)state;
    qemu_pc_2g(&host);
    assert_int_equal(dom0_e820_build(&host, ram, 3, acpi, &out), 0);
    expect(&out, 0, 0, 0x9f000, E820_RAM);
    expect(&out, 1, 0x9f000, 0x9fc00, E820_UNUSABLE);  /* host RAM, not ours */
    expect(&out, 2, 0x9fc00, 0xa0000, E820_RESERVED);
    expect(&out, 3, 0xf0000, 0x100000, E820_RESERVED);  /* the hole stays */
    expect(&out, 4, 0x100000, 0x200000, E820_RAM);
    expect(&out, 5, 0x200000, 0xc28000, E820_UNUSABLE);
    expect(&out, 6, 0xc28000, 0x4bed000, E820_RAM);
    expect(&out, 7, 0x4bed000, 0x4bef000, E820_ACPI);
    expect(&out, 8, 0x4bef000, 0x20b28000, E820_RAM);
    expect(&out, 9, 0x20b28000, 0x7ffe0000, E820_UNUSABLE);
    expect(&out, 10, 0x7ffe0000, 0x80000000, E820_RESERVED);
    expect(&out, 11, 0xfffc0000, 0x100000000, E820_RESERVED);
    expect(&out, 12, 0xfd00000000, 0x10000000000, E820_RESERVED);
    assert_int_equal(out.nr_map, 13);
}

/* Host types are kept (ACPI, NVS), overlapping host entries resolve to the
 * most restrictive, no ACPI range means none, and dom0 RAM in a host hole
 * (a substitute page) is RAM all the same. */
static void test_e820_types(void **state)
{
    static struct e820map host, out;
    struct dom0_range ram[2] = { { 0x100000, 0x300000 }, { 0x900000, 0xa00000 } };
    struct dom0_range none = { 0, 0 };

    (void)state;
    memset(&host, 0, sizeof(host));
    add(&host, 0x100000, 0x800000, E820_RAM);
    add(&host, 0x700000, 0x780000, E820_NVS);      /* overlaps RAM */
    add(&host, 0x800000, 0x810000, E820_ACPI);
    assert_int_equal(dom0_e820_build(&host, ram, 2, none, &out), 0);
    expect(&out, 0, 0x100000, 0x300000, E820_RAM);
    expect(&out, 1, 0x300000, 0x700000, E820_UNUSABLE);
    expect(&out, 2, 0x700000, 0x780000, E820_NVS);
    expect(&out, 3, 0x780000, 0x800000, E820_UNUSABLE);
    expect(&out, 4, 0x800000, 0x810000, E820_ACPI);
    expect(&out, 5, 0x900000, 0xa00000, E820_RAM);
    assert_int_equal(out.nr_map, 6);
}

static void test_e820_too_many(void **state)
{
    static struct e820map host, out;
    static struct dom0_range ram[E820MAX];
    struct dom0_range none = { 0, 0 };
    unsigned int i;

    (void)state;
    memset(&host, 0, sizeof(host));
    add(&host, 0, 0x10000000, E820_RAM);
    /* Every other page: RAM, then unusable: twice as many entries. */
    for (i = 0; i < E820MAX; i++) {
        ram[i].start = (uint64_t)i * 0x2000;
        ram[i].end = ram[i].start + 0x1000;
    }
    assert_int_equal(dom0_e820_build(&host, ram, E820MAX, none, &out),
                     -ENOSPC);
    /* n ranges: n RAM, n - 1 gaps and the tail: 2n entries. */
    assert_int_equal(dom0_e820_build(&host, ram, E820MAX / 2 + 1, none,
                                     &out), -ENOSPC);
    assert_int_equal(dom0_e820_build(&host, ram, E820MAX / 2, none, &out),
                     0);
    assert_int_equal(out.nr_map, E820MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_sizes),
        cmocka_unit_test(test_parse_min_max_neg),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_compute),
        cmocka_unit_test(test_compute_bad),
        cmocka_unit_test(test_vcpus),
        cmocka_unit_test(test_vcpus_bad),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_e820_pc),
        cmocka_unit_test(test_e820_types),
        cmocka_unit_test(test_e820_too_many),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
