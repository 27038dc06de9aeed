/* ACPI table discovery: find the RSDP, walk the RSDT or XSDT and look up
 * tables by signature (checksums verified). */
#include <asm/page.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

/* Legacy BIOS areas searched for the RSDP on 16-byte boundaries. */
#define BDA_EBDA_SEGMENT    0x40e
#define EBDA_SEARCH_SIZE    1024
#define BIOS_AREA_START     0xe0000
#define BIOS_AREA_END       0x100000

static const struct acpi_table_header *root_table;   /* RSDT or XSDT */
static size_t root_entry_size;                      /* 4 or 8 bytes */

static bool rsdp_valid(const struct acpi_rsdp *rsdp)
{
    if (memcmp(rsdp->signature, ACPI_RSDP_SIGNATURE, 8) ||
        !acpi_checksum_ok(rsdp, ACPI_RSDP_V1_SIZE))
        return false;
    if (rsdp->revision < 2)
        return true;
    return rsdp->length >= sizeof(*rsdp) &&
           acpi_checksum_ok(rsdp, rsdp->length);
}

static const struct acpi_rsdp *rsdp_scan(paddr_t start, paddr_t end)
{
    paddr_t p;

    for (p = start; p + sizeof(struct acpi_rsdp) <= end; p += 16) {
        const struct acpi_rsdp *rsdp = maddr_to_virt(p);

        if (rsdp_valid(rsdp))
            return rsdp;
    }
    return NULL;
}

/* The first KiB of the EBDA, then the BIOS read-only area below 1 MiB. */
static const struct acpi_rsdp *rsdp_find_bios(void)
{
    const volatile uint16_t *bda_ebda = maddr_to_virt(BDA_EBDA_SEGMENT);
    paddr_t ebda = (paddr_t)*bda_ebda << 4;
    const struct acpi_rsdp *rsdp = NULL;

    if (ebda > 0x400 && ebda < BIOS_AREA_START)
        rsdp = rsdp_scan(ebda, ebda + EBDA_SEARCH_SIZE);
    if (!rsdp)
        rsdp = rsdp_scan(BIOS_AREA_START, BIOS_AREA_END);
    return rsdp;
}

/* Map a table by machine address; NULL if unreachable or corrupt. */
const struct acpi_table_header *acpi_map_table(paddr_t addr)
{
    const struct acpi_table_header *t;

    if (!addr || !maddr_is_mapped(addr, sizeof(*t)))
        return NULL;
    t = maddr_to_virt(addr);
    if (t->length < sizeof(*t) || !maddr_is_mapped(addr, t->length) ||
        !acpi_checksum_ok(t, t->length))
        return NULL;
    return t;
}

static bool set_root_table(const struct acpi_rsdp *rsdp)
{
    if (rsdp->revision >= 2 && rsdp->xsdt_address) {
        root_table = acpi_map_table(rsdp->xsdt_address);
        root_entry_size = sizeof(uint64_t);
        if (root_table && !memcmp(root_table->signature, ACPI_SIG_XSDT, 4))
            return true;
    }
    root_table = acpi_map_table(rsdp->rsdt_address);
    root_entry_size = sizeof(uint32_t);
    return root_table && !memcmp(root_table->signature, ACPI_SIG_RSDT, 4);
}

/* Find the root tables; rsdp_hint is a loader-provided RSDP copy or NULL. */
int acpi_tables_init(const void *rsdp_hint)
{
    const struct acpi_rsdp *rsdp = rsdp_hint;
    const char *source = "from the boot loader";

    if (!rsdp || !rsdp_valid(rsdp)) {
        rsdp = rsdp_find_bios();
        source = "found by BIOS scan";
    }
    if (!rsdp) {
        printk("ACPI: no RSDP found\n");
        return -ENODEV;
    }
    if (!set_root_table(rsdp)) {
        root_table = NULL;
        printk("ACPI: no valid RSDT/XSDT\n");
        return -EINVAL;
    }
    printk("ACPI: RSDP %08lx, %04x (r%u %.6s) %s\n",
           (unsigned long)virt_to_maddr(rsdp),
           rsdp->revision >= 2 ? rsdp->length : ACPI_RSDP_V1_SIZE,
           rsdp->revision, rsdp->oem_id, source);
    return 0;
}

static paddr_t root_entry(size_t i)
{
    const uint8_t *entries = (const uint8_t *)(root_table + 1);
    uint64_t addr = 0;

    memcpy(&addr, entries + i * root_entry_size, root_entry_size);
    return addr;
}

const struct acpi_table_header *acpi_find_table(const char *signature)
{
    size_t i, n;

    if (!root_table)
        return NULL;
    n = (root_table->length - sizeof(*root_table)) / root_entry_size;
    for (i = 0; i < n; i++) {
        const struct acpi_table_header *t = acpi_map_table(root_entry(i));

        if (t && !memcmp(t->signature, signature, 4))
            return t;
    }
    return NULL;
}

/* One Xen-style line per table: signature, address, length, revision, OEM. */
static void print_table(const char *sig, paddr_t addr,
                        const struct acpi_table_header *t)
{
    printk("ACPI: %.4s %08lx, %04x (r%u %.6s %.8s %8x %.4s %8x)\n", sig,
           (unsigned long)addr, t->length, t->revision, t->oem_id,
           t->oem_table_id, t->oem_revision, (const char *)&t->creator_id,
           t->creator_revision);
}

/* List the root table and every table it points to. */
void acpi_print_tables(void)
{
    size_t i, n;

    if (!root_table)
        return;
    print_table(root_table->signature, virt_to_maddr(root_table), root_table);
    n = (root_table->length - sizeof(*root_table)) / root_entry_size;
    for (i = 0; i < n; i++) {
        paddr_t addr = root_entry(i);
        const struct acpi_table_header *t = acpi_map_table(addr);

        if (t)
            print_table(t->signature, addr, t);
        else
            printk(XENLOG_WARNING "ACPI: table at %#lx is unreadable or "
                   "has a bad checksum\n", (unsigned long)addr);
    }
}

/*
 * Find a table by signature without checking its length or checksum, so
 * that the caller's parser can say what is wrong with it.  *avail is set to
 * the number of bytes that are mapped from its start.
 */
const struct acpi_table_header *acpi_find_table_unchecked(const char *sig,
                                                          size_t *avail)
{
    size_t i, n;

    if (!root_table)
        return NULL;
    n = (root_table->length - sizeof(*root_table)) / root_entry_size;
    for (i = 0; i < n; i++) {
        paddr_t addr = root_entry(i);
        const struct acpi_table_header *t;

        if (!addr || !maddr_is_mapped(addr, sizeof(*t)))
            continue;
        t = maddr_to_virt(addr);
        if (memcmp(t->signature, sig, 4))
            continue;
        *avail = DIRECTMAP_END - addr;
        return t;
    }
    return NULL;
}

/* The root table's entries (machine addresses of the tables), at most max;
 * returns how many were stored (0 without ACPI). */
unsigned int acpi_root_entries(uint64_t *out, unsigned int max)
{
    size_t i, n;

    if (!root_table)
        return 0;
    n = (root_table->length - sizeof(*root_table)) / root_entry_size;
    for (i = 0; i < n && i < max; i++)
        out[i] = root_entry(i);
    return (unsigned int)i;
}
