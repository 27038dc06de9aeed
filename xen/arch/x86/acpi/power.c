/* ACPI sleep states: S5 (soft off) through the FADT's PM1 control registers,
 * with SLP_TYP taken from the \_S5 package in the DSDT. */
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/page.h>
#include <xen/acpi.h>
#include <xen/lib.h>
#include <xen/string.h>

#define PM1_SCI_EN          0x0001
#define PM1_SLP_TYP_SHIFT   10
#define PM1_SLP_TYP_MASK    (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN          (1u << 13)

#define SLEEP_CTL_TYP_SHIFT 2       /* HW-reduced SLEEP_CONTROL_REG */
#define SLEEP_CTL_SLP_EN    (1u << 5)

/* AML opcodes met while reading Name(_S5_, Package() { a, b, ... }). */
#define AML_ZERO_OP         0x00
#define AML_ONE_OP          0x01
#define AML_NAME_OP         0x08
#define AML_BYTE_PREFIX     0x0a
#define AML_WORD_PREFIX     0x0b
#define AML_DWORD_PREFIX    0x0c
#define AML_PACKAGE_OP      0x12
#define AML_QWORD_PREFIX    0x0e
#define AML_ROOT_CHAR       '\\'
#define AML_ONES_OP         0xff

/* Wait for the power to go: about a second of port 0x80 writes. */
#define POWER_OFF_WAIT      1000000

struct sleep_types {
    uint8_t a, b;
};

/* ---- AML: just enough to read the \_S5 package ---- */

/* Read one integer data object; false if it is something else. */
static bool aml_read_integer(const uint8_t **p, const uint8_t *end,
                             uint64_t *val)
{
    static const uint8_t prefix_size[] = {
        [AML_BYTE_PREFIX] = 1, [AML_WORD_PREFIX] = 2,
        [AML_DWORD_PREFIX] = 4, [AML_QWORD_PREFIX] = 8,
    };
    uint8_t op;
    size_t n;

    if (*p >= end)
        return false;
    op = *(*p)++;
    if (op == AML_ZERO_OP || op == AML_ONE_OP) {
        *val = op;
        return true;
    }
    if (op == AML_ONES_OP) {
        *val = ~0ull;
        return true;
    }
    if (op >= ARRAY_SIZE(prefix_size) || !(n = prefix_size[op]) ||
        (size_t)(end - *p) < n)
        return false;
    *val = 0;
    memcpy(val, *p, n);
    *p += n;
    return true;
}

/* At a PackageOp: skip it, its PkgLength and NumElements. */
static bool aml_enter_package(const uint8_t **p, const uint8_t *end)
{
    size_t len_bytes;

    if (end - *p < 2 || **p != AML_PACKAGE_OP)
        return false;
    len_bytes = 1 + ((*p)[1] >> 6);
    if ((size_t)(end - *p) < 1 + len_bytes + 1)
        return false;
    *p += 1 + len_bytes + 1;
    return true;
}

/* Whether "_S5_" at offset i of the AML is the name of a Name() object. */
static bool aml_is_s5_name(const uint8_t *aml, size_t i)
{
    if (i >= 1 && aml[i - 1] == AML_NAME_OP)
        return true;
    return i >= 2 && aml[i - 1] == AML_ROOT_CHAR && aml[i - 2] == AML_NAME_OP;
}

static bool aml_find_s5(const struct acpi_table_header *dsdt,
                        struct sleep_types *types)
{
    const uint8_t *aml = (const uint8_t *)(dsdt + 1);
    const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;
    size_t i, len = end - aml;

    for (i = 0; i + 4 <= len; i++) {
        const uint8_t *p = aml + i + 4;
        uint64_t a, b;

        if (memcmp(aml + i, "_S5_", 4) || !aml_is_s5_name(aml, i))
            continue;
        if (aml_enter_package(&p, end) && aml_read_integer(&p, end, &a) &&
            aml_read_integer(&p, end, &b)) {
            types->a = a & 7;
            types->b = b & 7;
            return true;
        }
    }
    return false;
}

/* ---- FADT registers ---- */

static const struct acpi_table_header *fadt_dsdt(const struct acpi_fadt *fadt)
{
    if (ACPI_FADT_HAS(fadt, x_dsdt) && fadt->x_dsdt)
        return acpi_map_table(fadt->x_dsdt);
    return acpi_map_table(fadt->dsdt);
}

/* PM1x_CNT as a GAS: the extended field if present, else the I/O port. */
static struct acpi_gas fadt_pm1_cnt(const struct acpi_fadt *fadt, bool b)
{
    struct acpi_gas gas = { .space_id = ACPI_GAS_SYSTEM_IO };

    if (!b && ACPI_FADT_HAS(fadt, x_pm1a_cnt_blk) &&
        fadt->x_pm1a_cnt_blk.address)
        return fadt->x_pm1a_cnt_blk;
    if (b && ACPI_FADT_HAS(fadt, x_pm1b_cnt_blk) &&
        fadt->x_pm1b_cnt_blk.address)
        return fadt->x_pm1b_cnt_blk;
    gas.address = b ? fadt->pm1b_cnt_blk : fadt->pm1a_cnt_blk;
    return gas;
}

static bool gas_usable(const struct acpi_gas *gas, size_t width)
{
    if (!gas->address)
        return false;
    if (gas->space_id == ACPI_GAS_SYSTEM_IO)
        return gas->address + width <= 0x10000;
    return gas->space_id == ACPI_GAS_SYSTEM_MEMORY &&
           maddr_is_mapped(gas->address, width);
}

static uint16_t gas_read16(const struct acpi_gas *gas)
{
    if (gas->space_id == ACPI_GAS_SYSTEM_IO)
        return inw(gas->address);
    return readw(maddr_to_virt(gas->address));
}

static void gas_write16(const struct acpi_gas *gas, uint16_t v)
{
    if (gas->space_id == ACPI_GAS_SYSTEM_IO)
        outw(v, gas->address);
    else
        writew(v, maddr_to_virt(gas->address));
}

static void gas_write8(const struct acpi_gas *gas, uint8_t v)
{
    if (gas->space_id == ACPI_GAS_SYSTEM_IO)
        outb(v, gas->address);
    else
        writeb(v, maddr_to_virt(gas->address));
}

/* Hand the platform from SMM to ACPI mode, as an OS does at start of day. */
static void acpi_enable_mode(const struct acpi_fadt *fadt,
                             const struct acpi_gas *pm1a)
{
    unsigned int i;

    if (!fadt->smi_cmd || !fadt->acpi_enable ||
        (gas_read16(pm1a) & PM1_SCI_EN))
        return;
    outb(fadt->acpi_enable, fadt->smi_cmd);
    for (i = 0; i < POWER_OFF_WAIT && !(gas_read16(pm1a) & PM1_SCI_EN); i++)
        io_delay();
}

/* SLP_TYP first, then SLP_TYP with SLP_EN, as the ACPI spec describes. */
static void pm1_sleep(const struct acpi_gas *cnt, uint8_t type)
{
    uint16_t v = gas_read16(cnt) & ~(PM1_SLP_TYP_MASK | PM1_SLP_EN);

    v |= (uint16_t)type << PM1_SLP_TYP_SHIFT;
    gas_write16(cnt, v);
    gas_write16(cnt, v | PM1_SLP_EN);
}

static int enter_s5_legacy(const struct acpi_fadt *fadt,
                           const struct sleep_types *types)
{
    struct acpi_gas pm1a = fadt_pm1_cnt(fadt, false);
    struct acpi_gas pm1b = fadt_pm1_cnt(fadt, true);

    if (!gas_usable(&pm1a, 2)) {
        printk("ACPI: no usable PM1a control register\n");
        return -1;
    }
    acpi_enable_mode(fadt, &pm1a);
    pm1_sleep(&pm1a, types->a);
    if (gas_usable(&pm1b, 2))
        pm1_sleep(&pm1b, types->b);
    return 0;
}

static int enter_s5_hw_reduced(const struct acpi_fadt *fadt,
                               const struct sleep_types *types)
{
    if (!ACPI_FADT_HAS(fadt, sleep_control) ||
        !gas_usable(&fadt->sleep_control, 1)) {
        printk("ACPI: no usable sleep control register\n");
        return -1;
    }
    gas_write8(&fadt->sleep_control,
               (types->a << SLEEP_CTL_TYP_SHIFT) | SLEEP_CTL_SLP_EN);
    return 0;
}

static const struct acpi_fadt *find_fadt(void)
{
    const struct acpi_table_header *t = acpi_find_table(ACPI_SIG_FADT);

    if (!t || t->length < __builtin_offsetof(struct acpi_fadt, flags)) {
        printk("ACPI: no usable FADT\n");
        return NULL;
    }
    return (const struct acpi_fadt *)t;
}

/* Enter S5; returns only if the machine is still running afterwards. */
int acpi_enter_s5(void)
{
    const struct acpi_fadt *fadt = find_fadt();
    const struct acpi_table_header *dsdt;
    struct sleep_types types;
    unsigned int i;
    int rc;

    if (!fadt)
        return -1;
    dsdt = fadt_dsdt(fadt);
    if (!dsdt || !aml_find_s5(dsdt, &types)) {
        printk("ACPI: no \\_S5 package in the DSDT\n");
        return -1;
    }
    if (ACPI_FADT_HAS(fadt, flags) && (fadt->flags & ACPI_FADT_HW_REDUCED))
        rc = enter_s5_hw_reduced(fadt, &types);
    else
        rc = enter_s5_legacy(fadt, &types);
    if (rc)
        return rc;
    for (i = 0; i < POWER_OFF_WAIT; i++)
        io_delay();
    return -1;
}
