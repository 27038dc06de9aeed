/* Host unit tests of the ACPI table parsers (xen/drivers/acpi/parse.c)
 * against tables captured from QEMU 7.2's pc and q35 machines (-smp 4),
 * and against malformed or synthetic copies of them. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/acpi.h>

#ifndef ACPI_FIXTURE_DIR
#define ACPI_FIXTURE_DIR "acpi"
#endif

#define MAX_TABLE 4096

struct table {
    size_t len;
    union {
        struct acpi_table_header hdr;
        uint8_t bytes[MAX_TABLE];
    };
};

/* Read ACPI_FIXTURE_DIR/machine/sig.bin (captured from QEMU). */
static void load(struct table *t, const char *machine, const char *sig)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s/%s.bin", ACPI_FIXTURE_DIR, machine,
             sig);
    f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open fixture %s", path);
    t->len = fread(t->bytes, 1, sizeof(t->bytes), f);
    fclose(f);
    assert_true(t->len >= sizeof(struct acpi_table_header));
    assert_int_equal(t->hdr.length, t->len);
}

/* Recompute the checksum after an edit, so that only the edit is wrong. */
static void fix_checksum(struct table *t)
{
    uint8_t sum = 0;
    size_t i;

    t->hdr.checksum = 0;
    for (i = 0; i < t->hdr.length; i++)
        sum += t->bytes[i];
    t->hdr.checksum = -sum;
}

/* ---- tables as QEMU builds them ---- */

static void test_q35_madt(void **state)
{
    struct table t;
    struct acpi_madt_info m;
    unsigned int i;

    (void)state;
    load(&t, "q35", "APIC");
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), 0);
    assert_int_equal(m.lapic_address, 0xfee00000);
    assert_int_equal(m.flags & ACPI_MADT_PCAT_COMPAT, ACPI_MADT_PCAT_COMPAT);
    assert_int_equal(m.nr_lapics, 4);
    for (i = 0; i < 4; i++) {
        assert_int_equal(m.lapics[i].apic_id, i);
        assert_int_equal(m.lapics[i].acpi_id, i);
        assert_true(m.lapics[i].enabled);
    }
    assert_int_equal(m.nr_ioapics, 1);
    assert_int_equal(m.ioapics[0].address, 0xfec00000);
    assert_int_equal(m.ioapics[0].gsi_base, 0);
    /* ISA IRQ 0 -> GSI 2, and the PCI interrupt lines 5, 9, 10, 11. */
    assert_int_equal(m.nr_overrides, 5);
    assert_int_equal(m.overrides[0].source, 0);
    assert_int_equal(m.overrides[0].gsi, 2);
    assert_int_equal(m.overrides[1].source, 5);
    assert_int_equal(m.overrides[1].flags, 0xd);    /* high, level */
    assert_int_equal(m.nr_lapic_nmis, 1);
    assert_int_equal(m.lapic_nmis[0].acpi_id, ~0u);
    assert_int_equal(m.lapic_nmis[0].lint, 1);
    assert_int_equal(m.nr_ignored, 0);
}

static void test_pc_madt(void **state)
{
    struct table t;
    struct acpi_madt_info m;

    (void)state;
    load(&t, "pc", "APIC");
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), 0);
    assert_int_equal(m.nr_lapics, 4);
    assert_int_equal(m.nr_ioapics, 1);
    assert_int_equal(m.ioapics[0].address, 0xfec00000);
    assert_int_equal(m.nr_overrides, 5);
    assert_int_equal(m.overrides[0].gsi, 2);
}

static void test_q35_fadt(void **state)
{
    struct table t;
    struct acpi_fadt_info f;

    (void)state;
    load(&t, "q35", "FACP");
    assert_int_equal(acpi_parse_fadt(&t.hdr, t.len, &f), 0);
    assert_false(f.hw_reduced);
    assert_true(f.reset_supported);
    assert_int_equal(f.reset_reg.space_id, ACPI_GAS_SYSTEM_IO);
    assert_int_equal(f.reset_reg.address, 0xcf9);
    assert_int_equal(f.reset_value, 0xf);
    assert_int_equal(f.pm_timer.space_id, ACPI_GAS_SYSTEM_IO);
    assert_int_equal(f.pm_timer.address, 0x608);
    assert_int_equal(f.pm_timer_bits, 24);
    assert_int_equal(f.sci_int, 9);
    assert_true(f.dsdt != 0);
}

/* The pc machine's FADT is revision 1 (116 bytes): no reset register. */
static void test_pc_fadt(void **state)
{
    struct table t;
    struct acpi_fadt_info f;

    (void)state;
    load(&t, "pc", "FACP");
    assert_int_equal(t.len, 116);
    assert_int_equal(acpi_parse_fadt(&t.hdr, t.len, &f), 0);
    assert_false(f.reset_supported);
    assert_int_equal(f.pm_timer.address, 0x608);
    assert_int_equal(f.pm_timer_bits, 24);
}

static void test_hpet(void **state)
{
    static const char *const machines[] = { "pc", "q35" };
    struct table t;
    struct acpi_hpet_info h;
    unsigned int i;

    (void)state;
    for (i = 0; i < 2; i++) {
        load(&t, machines[i], "HPET");
        assert_int_equal(acpi_parse_hpet(&t.hdr, t.len, &h), 0);
        assert_int_equal(h.address, 0xfed00000);
        assert_int_equal(h.id, 0x8086a201);
    }
}

static void test_q35_mcfg(void **state)
{
    struct table t;
    struct acpi_mcfg_info m;

    (void)state;
    load(&t, "q35", "MCFG");
    assert_int_equal(acpi_parse_mcfg(&t.hdr, t.len, &m), 0);
    assert_int_equal(m.nr, 1);
    assert_int_equal(m.entries[0].address, 0xb0000000);
    assert_int_equal(m.entries[0].segment, 0);
    assert_int_equal(m.entries[0].start_bus, 0);
    assert_int_equal(m.entries[0].end_bus, 0xff);
}

/* ---- malformed tables ---- */

static void test_bad_checksum(void **state)
{
    struct table t;
    struct acpi_madt_info m;
    struct acpi_fadt_info f;

    (void)state;
    load(&t, "q35", "APIC");
    t.bytes[0x30] ^= 0x01;
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), -EILSEQ);
    assert_string_equal(acpi_strerror(-EILSEQ), "bad checksum");

    load(&t, "q35", "FACP");
    t.hdr.checksum++;
    assert_int_equal(acpi_parse_fadt(&t.hdr, t.len, &f), -EILSEQ);
}

/* Fewer bytes available than the header's length says. */
static void test_truncated(void **state)
{
    struct table t;
    struct acpi_madt_info m;
    struct acpi_hpet_info h;

    (void)state;
    load(&t, "q35", "APIC");
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len - 1, &m), -EINVAL);
    assert_int_equal(acpi_parse_madt(&t.hdr, 10, &m), -EINVAL);
    load(&t, "pc", "HPET");
    assert_int_equal(acpi_parse_hpet(&t.hdr, t.len - 4, &h), -EINVAL);
    assert_string_equal(acpi_strerror(-EINVAL), "truncated or malformed");
}

/* A length field too short for the table type, with a good checksum. */
static void test_short_length(void **state)
{
    struct table t;
    struct acpi_fadt_info f;
    struct acpi_hpet_info h;

    (void)state;
    load(&t, "q35", "FACP");
    t.hdr.length = 64;          /* stops before 'flags' */
    fix_checksum(&t);
    assert_int_equal(acpi_parse_fadt(&t.hdr, t.len, &f), -EINVAL);
    load(&t, "q35", "HPET");
    t.hdr.length = sizeof(struct acpi_table_header) + 4;
    fix_checksum(&t);
    assert_int_equal(acpi_parse_hpet(&t.hdr, t.len, &h), -EINVAL);
}

/* MADT subtables that overrun the table, or have a zero length. */
static void test_madt_bad_subtable(void **state)
{
    struct table t;
    struct acpi_madt_info m;
    struct acpi_subtable_header *first;

    (void)state;
    load(&t, "q35", "APIC");
    first = (void *)(t.bytes + sizeof(struct acpi_madt));
    first->length = 0;
    fix_checksum(&t);
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), -EINVAL);

    load(&t, "q35", "APIC");
    first = (void *)(t.bytes + sizeof(struct acpi_madt));
    first->length = 0xff;
    fix_checksum(&t);
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), -EINVAL);

    /* An IOAPIC entry shorter than the IOAPIC structure. */
    load(&t, "q35", "APIC");
    t.bytes[sizeof(struct acpi_madt) + 4 * 8 + 1] = 4;
    fix_checksum(&t);
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), -EINVAL);
}

static void test_wrong_signature(void **state)
{
    struct table t;
    struct acpi_madt_info m;
    struct acpi_mcfg_info mc;

    (void)state;
    load(&t, "q35", "HPET");
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), -ENOENT);
    assert_int_equal(acpi_parse_mcfg(&t.hdr, t.len, &mc), -ENOENT);
}

/* Unknown subtable types are skipped and counted, not fatal. */
static void test_madt_unknown_type(void **state)
{
    struct table t;
    struct acpi_madt_info m;

    (void)state;
    load(&t, "q35", "APIC");
    t.bytes[sizeof(struct acpi_madt)] = 0x7f;   /* first LAPIC entry */
    fix_checksum(&t);
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), 0);
    assert_int_equal(m.nr_lapics, 3);
    assert_int_equal(m.nr_ignored, 1);
}

/* A MADT as firmware with many CPUs writes it: x2APIC entries (32-bit IDs)
 * and a 64-bit LAPIC address override, built here on the q35 header. */
static void test_madt_x2apic_and_override(void **state)
{
    struct table t;
    struct acpi_madt_info m;
    struct acpi_madt_x2apic x = {
        .h = { ACPI_MADT_X2APIC, sizeof(x) },
        .x2apic_id = 0x1234, .flags = ACPI_MADT_ENABLED, .uid = 300,
    };
    struct acpi_madt_lapic_addr_ovr o = {
        .h = { ACPI_MADT_LAPIC_ADDR_OVR, sizeof(o) },
        .address = 0xfee00000ULL,
    };
    size_t at;

    (void)state;
    load(&t, "q35", "APIC");
    at = t.hdr.length;
    memcpy(t.bytes + at, &x, sizeof(x));
    memcpy(t.bytes + at + sizeof(x), &o, sizeof(o));
    t.hdr.length += sizeof(x) + sizeof(o);
    t.len = t.hdr.length;
    fix_checksum(&t);
    assert_int_equal(acpi_parse_madt(&t.hdr, t.len, &m), 0);
    assert_int_equal(m.nr_lapics, 5);
    assert_int_equal(m.lapics[4].apic_id, 0x1234);
    assert_int_equal(m.lapics[4].acpi_id, 300);
    assert_true(m.lapics[4].enabled);
    assert_int_equal(m.lapic_address, 0xfee00000ULL);
    assert_int_equal(m.nr_ignored, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_q35_madt),
        cmocka_unit_test(test_pc_madt),
        cmocka_unit_test(test_q35_fadt),
        cmocka_unit_test(test_pc_fadt),
        cmocka_unit_test(test_hpet),
        cmocka_unit_test(test_q35_mcfg),
        cmocka_unit_test(test_bad_checksum),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_short_length),
        cmocka_unit_test(test_madt_bad_subtable),
        cmocka_unit_test(test_wrong_signature),
        cmocka_unit_test(test_madt_unknown_type),
        cmocka_unit_test(test_madt_x2apic_and_override),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
