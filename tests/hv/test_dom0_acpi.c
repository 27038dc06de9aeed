/* Host unit tests of dom0's ACPI tables (xen/arch/x86/dom0_acpi.c): RSDP,
 * XSDT and MADT built over the tables captured from QEMU's pc and q35
 * machines, read back with the hypervisor's own parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/dom0_build.h>
#include <xen/acpi.h>

#ifndef ACPI_FIXTURE_DIR
#define ACPI_FIXTURE_DIR "acpi"
#endif

#define MAX_TABLE   4096
#define AREA_GPA    0x4bed000ull

struct table {
    uint64_t addr;              /* where the "host" has it */
    union {
        struct acpi_table_header hdr;
        uint8_t bytes[MAX_TABLE];
    };
};

static struct table tables[8];
static unsigned int nr_tables;
static uint8_t area[DOM0_ACPI_SIZE];

static void load(const char *machine, const char *sig, uint64_t addr)
{
    struct table *t = &tables[nr_tables++];
    char path[512];
    FILE *f;
    size_t len;

    snprintf(path, sizeof(path), "%s/%s/%s.bin", ACPI_FIXTURE_DIR, machine,
             sig);
    f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open fixture %s", path);
    len = fread(t->bytes, 1, sizeof(t->bytes), f);
    fclose(f);
    assert_int_equal(t->hdr.length, len);
    t->addr = addr;
}

/* A header-only table with signature sig. */
static void synth(const char *sig, uint64_t addr)
{
    struct table *t = &tables[nr_tables++];

    memset(t, 0, sizeof(*t));
    memcpy(t->hdr.signature, sig, 4);
    t->hdr.length = sizeof(t->hdr);
    t->addr = addr;
}

static const struct acpi_table_header *map(uint64_t addr)
{
    unsigned int i;

    for (i = 0; i < nr_tables; i++)
        if (tables[i].addr == addr)
            return &tables[i].hdr;
    return NULL;
}

static unsigned int host_list(uint64_t *host)
{
    unsigned int i;

    for (i = 0; i < nr_tables; i++)
        host[i] = tables[i].addr;
    return nr_tables;
}

static void *at(uint64_t gpa)
{
    assert_true(gpa >= AREA_GPA && gpa < AREA_GPA + DOM0_ACPI_SIZE);
    return area + (gpa - AREA_GPA);
}

/* The XSDT's entries, checked: checksum, signature, length. */
static unsigned int xsdt_entries(const struct acpi_rsdp *rsdp, uint64_t *out)
{
    const struct acpi_table_header *x = at(rsdp->xsdt_address);
    unsigned int n = (x->length - sizeof(*x)) / 8, i;

    assert_memory_equal(x->signature, "XSDT", 4);
    assert_true(acpi_checksum_ok(x, x->length));
    for (i = 0; i < n; i++)
        memcpy(&out[i], (const uint8_t *)(x + 1) + 8 * i, 8);
    return n;
}

static const struct acpi_rsdp *build(unsigned int nr_vcpus)
{
    uint64_t host[8];
    const char *why = NULL;
    uint64_t rsdp;

    rsdp = dom0_acpi_build(area, AREA_GPA, host, host_list(host), map,
                           nr_vcpus, &why);
    if (!rsdp)
        fail_msg("dom0_acpi_build failed: %s", why);
    return at(rsdp);
}

static void check_rsdp(const struct acpi_rsdp *r)
{
    assert_memory_equal(r->signature, "RSD PTR ", 8);
    assert_int_equal(r->revision, 2);
    assert_int_equal(r->length, 36);
    assert_true(acpi_checksum_ok(r, ACPI_RSDP_V1_SIZE));
    assert_true(acpi_checksum_ok(r, r->length));
    assert_int_equal(r->rsdt_address, 0);
}

static void check_madt(uint64_t gpa, unsigned int nr_vcpus)
{
    const struct acpi_table_header *t = at(gpa);
    struct acpi_madt_info *m = calloc(1, sizeof(*m));
    unsigned int i;

    assert_non_null(m);
    assert_memory_equal(t->signature, "APIC", 4);
    assert_int_equal(acpi_parse_madt(t, t->length, m), 0);
    assert_int_equal(m->lapic_address, 0xfee00000);
    assert_int_equal(m->flags & ACPI_MADT_PCAT_COMPAT, 0);
    assert_int_equal(m->nr_ioapics, 0);
    assert_int_equal(m->nr_overrides, 0);
    assert_int_equal(m->nr_lapics, nr_vcpus);
    for (i = 0; i < nr_vcpus && i < ACPI_MAX_LAPICS; i++) {
        assert_int_equal(m->lapics[i].apic_id, 2 * i);
        assert_int_equal(m->lapics[i].acpi_id, i);
        assert_true(m->lapics[i].enabled);
    }
    free(m);
}

static int reset(void **state)
{
    (void)state;
    nr_tables = 0;
    memset(area, 0xa5, sizeof(area));
    return 0;
}

/* pc: FACP kept, the host MADT and HPET dropped, ours appended. */
static void test_pc(void **state)
{
    const struct acpi_rsdp *r;
    uint64_t e[64];

    (void)state;
    load("pc", "FACP", 0x7ffe1931);
    load("pc", "APIC", 0x7ffe19a5);
    load("pc", "HPET", 0x7ffe1a1d);
    synth("WAET", 0x7ffe1a55);
    r = build(1);
    check_rsdp(r);
    assert_int_equal(r->xsdt_address, AREA_GPA + 0x40);
    assert_int_equal(xsdt_entries(r, e), 2);
    assert_int_equal(e[0], 0x7ffe1931);
    check_madt(e[1], 1);
}

/* q35: MCFG kept too; SSDTs and OEM tables pass, others do not. */
static void test_q35(void **state)
{
    const struct acpi_rsdp *r;
    uint64_t e[64];

    (void)state;
    load("q35", "FACP", 0x1000);
    load("q35", "APIC", 0x2000);
    load("q35", "HPET", 0x3000);
    load("q35", "MCFG", 0x4000);
    synth("SSDT", 0x5000);
    synth("OEM1", 0x6000);
    synth("DMAR", 0x7000);      /* no IOMMU for dom0 */
    r = build(4);
    check_rsdp(r);
    assert_int_equal(xsdt_entries(r, e), 5);
    assert_int_equal(e[0], 0x1000);
    assert_int_equal(e[1], 0x4000);
    assert_int_equal(e[2], 0x5000);
    assert_int_equal(e[3], 0x6000);
    check_madt(e[4], 4);
}

/* As many vCPUs as dom0 may have: the MADT still fits the area. */
static void test_many_vcpus(void **state)
{
    const struct acpi_rsdp *r;
    uint64_t e[64];
    const struct acpi_table_header *madt;

    (void)state;
    load("pc", "FACP", 0x1000);
    r = build(128);
    assert_int_equal(xsdt_entries(r, e), 2);
    madt = at(e[1]);
    assert_int_equal(madt->length, 44 + 128 * 16);
    assert_true(acpi_checksum_ok(madt, madt->length));
    check_madt(e[1], ACPI_MAX_LAPICS < 128 ? ACPI_MAX_LAPICS : 128);
}

static void test_bad(void **state)
{
    uint64_t host[8];
    const char *why;
    unsigned int n;

    (void)state;
    load("pc", "APIC", 0x1000);
    n = host_list(host);
    why = NULL;
    assert_int_equal(dom0_acpi_build(area, AREA_GPA, host, n, map, 1, &why),
                     0);
    assert_string_equal(why, "the host has no FADT");
    load("pc", "FACP", 0x2000);
    n = host_list(host);
    why = NULL;
    assert_int_equal(dom0_acpi_build(area, AREA_GPA, host, n, map, 0, &why),
                     0);
    assert_non_null(why);
    why = NULL;
    assert_int_equal(dom0_acpi_build(area, AREA_GPA, host, n, map, 1000,
                                     &why), 0);
    assert_string_equal(why, "too many vCPUs for the MADT");
    /* Unreadable entries (map fails, address 0) are skipped. */
    host[n] = 0;
    host[n + 1] = 0xdead000;
    why = NULL;
    assert_int_not_equal(dom0_acpi_build(area, AREA_GPA, host, n + 2, map,
                                         1, &why), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pc, reset),
        cmocka_unit_test_setup(test_q35, reset),
        cmocka_unit_test_setup(test_many_vcpus, reset),
        cmocka_unit_test_setup(test_bad, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
