/* dom0's ACPI tables: a new RSDP and XSDT listing the host tables dom0 may
 * see (FADT, SSDTs, MCFG, ...) and a new MADT describing dom0's vCPUs. */
#include <asm/dom0_build.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

/* Where each table goes inside the area. */
#define OFF_RSDP        0x000
#define OFF_XSDT        0x040
#define OFF_MADT        0x400
#define XSDT_MAX        ((OFF_MADT - OFF_XSDT - \
                          sizeof(struct acpi_table_header)) / 8)
#define LAPIC_ADDRESS   0xfee00000u

/*
 * Host tables dom0 may see (Xen's allow-list).  Not the MADT (ours
 * replaces it) nor the HPET (the hypervisor drives it); the DSDT and FACS
 * are reached through the FADT, whose pointers stay valid because their
 * memory is mapped 1:1 into dom0.
 */
static const char *const allowed[] = {
    "FACP", "PSDT", "SSDT", "SBST", "MCFG", "SLIC", "MSDM", "WDAT",
    "FPDT", "S3PT", "TCPA", "TPM2", "VFCT",
};

static bool table_allowed(const char *sig)
{
    unsigned int i;

    if (!memcmp(sig, "OEM", 3))
        return true;
    for (i = 0; i < ARRAY_SIZE(allowed); i++)
        if (!memcmp(sig, allowed[i], 4))
            return true;
    return false;
}

static uint8_t checksum(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    while (n--)
        sum += *b++;
    return (uint8_t)-sum;
}

static void fill_header(struct acpi_table_header *h, const char *sig,
                        uint32_t len, uint8_t rev)
{
    memcpy(h->signature, sig, 4);
    h->length = len;
    h->revision = rev;
    memcpy(h->oem_id, "CXEN  ", 6);
    memcpy(h->oem_table_id, "CXENDOM0", 8);
    h->oem_revision = 1;
    memcpy(&h->creator_id, "CXEN", 4);
    h->creator_revision = 1;
    h->checksum = 0;
}

/* One x2APIC entry per vCPU: APIC id 2*i (what the vLAPIC reports), ACPI
 * UID i (Linux uses it as the vCPU id).  No IOAPIC and no overrides: dom0
 * does not drive the IOAPIC (the hypervisor owns it), so Linux runs with
 * its local APIC only; PCAT_COMPAT clear: there is no 8259 for it either. */
static uint32_t build_madt(uint8_t *base, unsigned int nr_vcpus)
{
    struct acpi_madt *madt = (void *)(base + OFF_MADT);
    struct acpi_madt_x2apic *x = (void *)(madt + 1);
    uint32_t len = sizeof(*madt) + nr_vcpus * sizeof(*x);
    unsigned int i;

    fill_header(&madt->header, ACPI_SIG_MADT, len, 4);
    madt->lapic_address = LAPIC_ADDRESS;
    madt->flags = 0;
    for (i = 0; i < nr_vcpus; i++, x++) {
        x->h.type = ACPI_MADT_X2APIC;
        x->h.length = sizeof(*x);
        x->reserved = 0;
        x->x2apic_id = 2 * i;
        x->flags = ACPI_MADT_ENABLED;
        x->uid = i;
    }
    madt->header.checksum = checksum(madt, len);
    return len;
}

uint64_t dom0_acpi_build(void *buf, uint64_t gpa, const uint64_t *host,
                         unsigned int nr_host, dom0_acpi_map_fn map,
                         unsigned int nr_vcpus, const char **why)
{
    uint8_t *base = buf;
    struct acpi_rsdp *rsdp = (void *)(base + OFF_RSDP);
    struct acpi_table_header *xsdt = (void *)(base + OFF_XSDT);
    uint8_t *entries = (uint8_t *)(xsdt + 1);
    unsigned int i, n = 0;
    uint64_t madt_gpa = gpa + OFF_MADT;
    uint32_t xsdt_len;
    bool have_fadt = false;

    if (!nr_vcpus || OFF_MADT + sizeof(struct acpi_madt) +
        nr_vcpus * sizeof(struct acpi_madt_x2apic) > DOM0_ACPI_SIZE) {
        *why = "too many vCPUs for the MADT";
        return 0;
    }
    memset(buf, 0, DOM0_ACPI_SIZE);
    for (i = 0; i < nr_host; i++) {
        const struct acpi_table_header *t = host[i] ? map(host[i]) : NULL;

        if (!t || !table_allowed(t->signature))
            continue;
        if (n == XSDT_MAX - 1) {
            *why = "too many host tables";
            return 0;
        }
        have_fadt |= !memcmp(t->signature, ACPI_SIG_FADT, 4);
        memcpy(entries + 8 * n++, &host[i], 8);
    }
    if (!have_fadt) {
        *why = "the host has no FADT";
        return 0;
    }
    build_madt(base, nr_vcpus);
    memcpy(entries + 8 * n++, &madt_gpa, 8);
    xsdt_len = sizeof(*xsdt) + 8 * n;
    fill_header(xsdt, ACPI_SIG_XSDT, xsdt_len, 1);
    xsdt->checksum = checksum(xsdt, xsdt_len);

    memcpy(rsdp->signature, ACPI_RSDP_SIGNATURE, 8);
    memcpy(rsdp->oem_id, "CXEN  ", 6);
    rsdp->revision = 2;
    rsdp->rsdt_address = 0;     /* ACPI 2.0+: the XSDT only */
    rsdp->length = sizeof(*rsdp);
    rsdp->xsdt_address = gpa + OFF_XSDT;
    rsdp->checksum = checksum(rsdp, ACPI_RSDP_V1_SIZE);
    rsdp->extended_checksum = checksum(rsdp, sizeof(*rsdp));
    return gpa + OFF_RSDP;
}
