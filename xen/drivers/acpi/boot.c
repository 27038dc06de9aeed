/* ACPI at boot: parse the MADT, FADT, HPET and MCFG into acpi_platform and
 * print a summary in the style of Xen's "(XEN) ACPI: ..." lines. */
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>

struct acpi_platform acpi_platform;

static const char *const polarity_names[] = { "dfl", "high", "res", "low" };
static const char *const trigger_names[] = { "dfl", "edge", "res", "level" };

static void print_madt(const struct acpi_madt_info *m)
{
    unsigned int i;

    printk("ACPI: Local APIC address 0x%08lx\n",
           (unsigned long)m->lapic_address);
    for (i = 0; i < m->nr_lapics; i++)
        printk("ACPI: LAPIC (acpi_id[0x%02x] lapic_id[0x%02x] %s)\n",
               m->lapics[i].acpi_id, m->lapics[i].apic_id,
               m->lapics[i].enabled ? "enabled" : "disabled");
    for (i = 0; i < m->nr_lapic_nmis; i++)
        printk("ACPI: LAPIC_NMI (acpi_id[0x%02x] dfl dfl lint[0x%x])\n",
               m->lapic_nmis[i].acpi_id & 0xff, m->lapic_nmis[i].lint);
    for (i = 0; i < m->nr_ioapics; i++)
        printk("ACPI: IOAPIC (id[0x%02x] address[0x%08x] gsi_base[%u])\n",
               m->ioapics[i].id, m->ioapics[i].address,
               m->ioapics[i].gsi_base);
    for (i = 0; i < m->nr_overrides; i++)
        printk("ACPI: INT_SRC_OVR (bus %u bus_irq %u global_irq %u %s %s)\n",
               m->overrides[i].bus, m->overrides[i].source,
               m->overrides[i].gsi,
               polarity_names[m->overrides[i].flags & 3],
               trigger_names[(m->overrides[i].flags >> 2) & 3]);
    if (m->nr_ignored)
        printk(XENLOG_WARNING "ACPI: %u MADT entries ignored\n",
               m->nr_ignored);
}

static void print_fadt(const struct acpi_fadt_info *f)
{
    if (f->pm_timer.address)
        printk("ACPI: PM-Timer %s Port: %#lx (%u bits)\n",
               f->pm_timer.space_id == ACPI_GAS_SYSTEM_IO ? "IO" : "MMIO",
               (unsigned long)f->pm_timer.address, f->pm_timer_bits);
    if (f->reset_supported)
        printk("ACPI: Reset register: %s %#lx value %#x\n",
               f->reset_reg.space_id == ACPI_GAS_SYSTEM_IO ? "IO" : "MMIO",
               (unsigned long)f->reset_reg.address, f->reset_value);
    else
        printk("ACPI: No reset register; keyboard controller reset\n");
}

static void print_mcfg(const struct acpi_mcfg_info *m)
{
    unsigned int i;

    for (i = 0; i < m->nr; i++)
        printk("ACPI: MCFG segment %u buses %02x-%02x at %#lx\n",
               m->entries[i].segment, m->entries[i].start_bus,
               m->entries[i].end_bus, (unsigned long)m->entries[i].address);
}

/* Look a table up and parse it; a missing table is -ENODEV. */
static int parse_one(const char *sig, void *info,
                     int (*parse)(const struct acpi_table_header *, size_t,
                                  void *))
{
    size_t avail = 0;
    const struct acpi_table_header *t = acpi_find_table_unchecked(sig, &avail);
    int rc;

    if (!t)
        return -ENODEV;
    rc = parse(t, avail, info);
    if (rc)
        printk(XENLOG_ERR "ACPI: %.4s table: %s (%d)\n", sig,
               acpi_strerror(rc), rc);
    return rc;
}

/* Adapters from the typed parsers to parse_one()'s generic signature. */
static int parse_madt(const struct acpi_table_header *t, size_t n, void *i)
{
    return acpi_parse_madt(t, n, i);
}

static int parse_fadt(const struct acpi_table_header *t, size_t n, void *i)
{
    return acpi_parse_fadt(t, n, i);
}

static int parse_hpet(const struct acpi_table_header *t, size_t n, void *i)
{
    return acpi_parse_hpet(t, n, i);
}

static int parse_mcfg(const struct acpi_table_header *t, size_t n, void *i)
{
    return acpi_parse_mcfg(t, n, i);
}

/*
 * Fill acpi_platform from the tables found by acpi_tables_init() and print
 * the summary.  Returns 0, or -ENODEV when there is no usable MADT (the
 * caller then runs on the boot CPU only).
 */
int acpi_boot_init(void)
{
    struct acpi_platform *p = &acpi_platform;

    acpi_print_tables();
    p->have_fadt = !parse_one(ACPI_SIG_FADT, &p->fadt, parse_fadt);
    if (p->have_fadt)
        print_fadt(&p->fadt);
    p->have_madt = !parse_one(ACPI_SIG_MADT, &p->madt, parse_madt);
    if (p->have_madt)
        print_madt(&p->madt);
    p->have_hpet = !parse_one(ACPI_SIG_HPET, &p->hpet, parse_hpet);
    if (p->have_hpet)
        printk("ACPI: HPET id: %#x base: %#lx\n", p->hpet.id,
               (unsigned long)p->hpet.address);
    p->have_mcfg = !parse_one(ACPI_SIG_MCFG, &p->mcfg, parse_mcfg);
    if (p->have_mcfg)
        print_mcfg(&p->mcfg);
    if (!p->have_madt) {
        printk(XENLOG_WARNING "ACPI: no usable MADT; one CPU only\n");
        return -ENODEV;
    }
    printk("Using ACPI (MADT) for SMP configuration information\n");
    return 0;
}
