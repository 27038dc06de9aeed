/* ACPI table parsers: MADT, FADT, HPET and MCFG into plain structs.  Pure
 * logic over bytes already in memory (no I/O, no printing): also built into
 * the host unit tests (tests/hv/test_acpi.c). */
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

/* Whether the bytes sum to zero, as every ACPI checksum requires. */
bool acpi_checksum_ok(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint8_t sum = 0;

    while (len--)
        sum += *p++;
    return sum == 0;
}

/*
 * Check a table that has 'avail' readable bytes: its signature, that its
 * length covers at least min_length bytes and lies within avail, and the
 * checksum.  Returns 0, -ENOENT (other signature), -EINVAL (header or
 * table truncated) or -EILSEQ (bad checksum).
 */
int acpi_table_check(const struct acpi_table_header *t, size_t avail,
                     const char *signature, size_t min_length)
{
    if (avail < sizeof(*t))
        return -EINVAL;
    if (signature && memcmp(t->signature, signature, 4))
        return -ENOENT;
    if (t->length < sizeof(*t) || t->length < min_length ||
        t->length > avail)
        return -EINVAL;
    if (!acpi_checksum_ok(t, t->length))
        return -EILSEQ;
    return 0;
}

/* A message for the codes the parsers return. */
const char *acpi_strerror(int rc)
{
    switch (rc) {
    case 0:         return "ok";
    case -ENOENT:   return "wrong signature";
    case -EINVAL:   return "truncated or malformed";
    case -EILSEQ:   return "bad checksum";
    case -ENODEV:   return "not present";
    default:        return "error";
    }
}

/* ---- MADT: one handler per subtable type ---- */

static void madt_lapic(const void *e, struct acpi_madt_info *m)
{
    const struct acpi_madt_lapic *l = e;

    if (m->nr_lapics >= ACPI_MAX_LAPICS) {
        m->nr_ignored++;
        return;
    }
    m->lapics[m->nr_lapics++] = (struct acpi_lapic_info){
        .apic_id = l->apic_id, .acpi_id = l->acpi_id,
        .enabled = l->flags & ACPI_MADT_ENABLED,
    };
}

static void madt_x2apic(const void *e, struct acpi_madt_info *m)
{
    const struct acpi_madt_x2apic *x = e;

    if (m->nr_lapics >= ACPI_MAX_LAPICS) {
        m->nr_ignored++;
        return;
    }
    m->lapics[m->nr_lapics++] = (struct acpi_lapic_info){
        .apic_id = x->x2apic_id, .acpi_id = x->uid,
        .enabled = x->flags & ACPI_MADT_ENABLED,
    };
}

static void madt_ioapic(const void *e, struct acpi_madt_info *m)
{
    const struct acpi_madt_ioapic *io = e;

    if (m->nr_ioapics >= ACPI_MAX_IOAPICS) {
        m->nr_ignored++;
        return;
    }
    m->ioapics[m->nr_ioapics++] = (struct acpi_ioapic_info){
        .id = io->id, .address = io->address, .gsi_base = io->gsi_base,
    };
}

static void madt_override(const void *e, struct acpi_madt_info *m)
{
    const struct acpi_madt_int_src_ovr *o = e;

    if (m->nr_overrides >= ACPI_MAX_OVERRIDES) {
        m->nr_ignored++;
        return;
    }
    m->overrides[m->nr_overrides++] = (struct acpi_override_info){
        .bus = o->bus, .source = o->source, .gsi = o->gsi, .flags = o->flags,
    };
}

static void madt_lapic_nmi(const void *e, struct acpi_madt_info *m)
{
    const struct acpi_madt_lapic_nmi *n = e;

    if (m->nr_lapic_nmis >= ACPI_MAX_LAPIC_NMIS) {
        m->nr_ignored++;
        return;
    }
    m->lapic_nmis[m->nr_lapic_nmis++] = (struct acpi_lapic_nmi_info){
        .acpi_id = n->acpi_id == 0xff ? ~0u : n->acpi_id,
        .flags = n->flags, .lint = n->lint,
    };
}

static void madt_addr_override(const void *e, struct acpi_madt_info *m)
{
    const struct acpi_madt_lapic_addr_ovr *a = e;

    m->lapic_address = a->address;
}

static const struct {
    uint8_t min_length;
    void (*handle)(const void *entry, struct acpi_madt_info *m);
} madt_handlers[] = {
    [ACPI_MADT_LAPIC] = { sizeof(struct acpi_madt_lapic), madt_lapic },
    [ACPI_MADT_IOAPIC] = { sizeof(struct acpi_madt_ioapic), madt_ioapic },
    [ACPI_MADT_INT_SRC_OVR] = { sizeof(struct acpi_madt_int_src_ovr),
                                madt_override },
    [ACPI_MADT_LAPIC_NMI] = { sizeof(struct acpi_madt_lapic_nmi),
                              madt_lapic_nmi },
    [ACPI_MADT_LAPIC_ADDR_OVR] = { sizeof(struct acpi_madt_lapic_addr_ovr),
                                   madt_addr_override },
    [ACPI_MADT_X2APIC] = { sizeof(struct acpi_madt_x2apic), madt_x2apic },
};

/*
 * Parse the MADT into *info.  Returns 0, an acpi_table_check() error, or
 * -EINVAL for a subtable that overruns the table or is shorter than its
 * type requires.  Unknown subtable types are counted in nr_ignored.
 */
int acpi_parse_madt(const struct acpi_table_header *t, size_t avail,
                    struct acpi_madt_info *info)
{
    const struct acpi_madt *madt = (const void *)t;
    const uint8_t *p, *end;
    int rc = acpi_table_check(t, avail, ACPI_SIG_MADT, sizeof(*madt));

    if (rc)
        return rc;
    memset(info, 0, sizeof(*info));
    info->lapic_address = madt->lapic_address;
    info->flags = madt->flags;
    p = (const uint8_t *)(madt + 1);
    end = (const uint8_t *)t + t->length;
    while (p < end) {
        const struct acpi_subtable_header *h = (const void *)p;

        if (end - p < (ptrdiff_t)sizeof(*h) || h->length < sizeof(*h) ||
            h->length > end - p)
            return -EINVAL;
        if (h->type < ARRAY_SIZE(madt_handlers) &&
            madt_handlers[h->type].handle) {
            if (h->length < madt_handlers[h->type].min_length)
                return -EINVAL;
            madt_handlers[h->type].handle(h, info);
        } else {
            info->nr_ignored++;
        }
        p += h->length;
    }
    return 0;
}

/* ---- FADT ---- */

static void fadt_pm_timer(const struct acpi_fadt *f, struct acpi_fadt_info *i)
{
    i->pm_timer_bits = (f->flags & ACPI_FADT_TMR_VAL_EXT) ? 32 : 24;
    if (ACPI_FADT_HAS(f, x_pm_tmr_blk) && f->x_pm_tmr_blk.address) {
        i->pm_timer = f->x_pm_tmr_blk;
        return;
    }
    i->pm_timer = (struct acpi_gas){
        .space_id = ACPI_GAS_SYSTEM_IO, .bit_width = 32,
        .address = f->pm_tmr_blk,
    };
    if (f->pm_tmr_len < 4)
        i->pm_timer.address = 0;
}

/*
 * Parse the FADT (any revision: fields past its length read as absent).
 * Returns 0 or an acpi_table_check() error; the table must reach 'flags'.
 */
int acpi_parse_fadt(const struct acpi_table_header *t, size_t avail,
                    struct acpi_fadt_info *info)
{
    const struct acpi_fadt *f = (const void *)t;
    int rc = acpi_table_check(t, avail, ACPI_SIG_FADT,
                              __builtin_offsetof(struct acpi_fadt, flags) +
                              sizeof(f->flags));

    if (rc)
        return rc;
    memset(info, 0, sizeof(*info));
    info->flags = f->flags;
    info->sci_int = f->sci_int;
    info->hw_reduced = f->flags & ACPI_FADT_HW_REDUCED;
    info->dsdt = f->dsdt;
    if (ACPI_FADT_HAS(f, x_dsdt) && f->x_dsdt)
        info->dsdt = f->x_dsdt;
    if (!info->hw_reduced)
        fadt_pm_timer(f, info);
    if (ACPI_FADT_HAS(f, reset_value)) {
        info->reset_reg = f->reset_reg;
        info->reset_value = f->reset_value;
        info->reset_supported = (f->flags & ACPI_FADT_RESET_REG_SUP) &&
            f->reset_reg.address &&
            (f->reset_reg.space_id == ACPI_GAS_SYSTEM_IO ||
             f->reset_reg.space_id == ACPI_GAS_SYSTEM_MEMORY);
    }
    return 0;
}

/* ---- HPET and MCFG ---- */

/* Returns 0, an acpi_table_check() error, or -EINVAL if not in memory space. */
int acpi_parse_hpet(const struct acpi_table_header *t, size_t avail,
                    struct acpi_hpet_info *info)
{
    const struct acpi_hpet *h = (const void *)t;
    int rc = acpi_table_check(t, avail, ACPI_SIG_HPET, sizeof(*h));

    if (rc)
        return rc;
    if (h->address.space_id != ACPI_GAS_SYSTEM_MEMORY || !h->address.address)
        return -EINVAL;
    *info = (struct acpi_hpet_info){
        .id = h->id, .address = h->address.address,
        .sequence = h->sequence, .min_tick = h->min_tick,
    };
    return 0;
}

/* Returns 0 or an acpi_table_check() error; extra entries are dropped. */
int acpi_parse_mcfg(const struct acpi_table_header *t, size_t avail,
                    struct acpi_mcfg_info *info)
{
    const struct acpi_mcfg_allocation *a;
    size_t i, n;
    int rc = acpi_table_check(t, avail, ACPI_SIG_MCFG,
                              sizeof(struct acpi_mcfg));

    if (rc)
        return rc;
    memset(info, 0, sizeof(*info));
    a = (const void *)((const struct acpi_mcfg *)t + 1);
    n = (t->length - sizeof(struct acpi_mcfg)) / sizeof(*a);
    for (i = 0; i < n && info->nr < ACPI_MAX_MCFG; i++) {
        info->entries[info->nr].address = a[i].address;
        info->entries[info->nr].segment = a[i].segment;
        info->entries[info->nr].start_bus = a[i].start_bus;
        info->entries[info->nr].end_bus = a[i].end_bus;
        info->nr++;
    }
    return 0;
}
