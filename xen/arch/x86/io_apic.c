/* I/O APIC driver: the MADT's IOAPICs through their index/data window,
 * every pin masked at boot, and routing of a GSI to a vector and CPU. */
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/page.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/spinlock.h>

#define IOAPIC_REGSEL       0x00
#define IOAPIC_WINDOW       0x10
#define IOAPIC_REG_ID       0x00
#define IOAPIC_REG_VER      0x01
#define IOAPIC_REG_RTE(n)   (0x10 + 2 * (n))

struct ioapic {
    volatile uint8_t *mmio;     /* direct map; MTRRs make it uncached */
    unsigned int gsi_base;
    unsigned int nr_pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static DEFINE_SPINLOCK(ioapic_lock);    /* the index/data pair */

static uint32_t ioapic_read(const struct ioapic *io, unsigned int reg)
{
    writel(reg, io->mmio + IOAPIC_REGSEL);
    return readl(io->mmio + IOAPIC_WINDOW);
}

static void ioapic_write(const struct ioapic *io, unsigned int reg,
                         uint32_t v)
{
    writel(reg, io->mmio + IOAPIC_REGSEL);
    writel(v, io->mmio + IOAPIC_WINDOW);
}

/* The IOAPIC and pin serving gsi, or NULL. */
static struct ioapic *gsi_to_ioapic(unsigned int gsi, unsigned int *pin)
{
    unsigned int i;

    for (i = 0; i < nr_ioapics; i++) {
        struct ioapic *io = &ioapics[i];

        if (gsi >= io->gsi_base && gsi < io->gsi_base + io->nr_pins) {
            *pin = gsi - io->gsi_base;
            return io;
        }
    }
    return NULL;
}

int ioapic_init(void)
{
    const struct acpi_madt_info *m = &acpi_platform.madt;
    unsigned int i, pin;

    if (!acpi_platform.have_madt)
        return -ENODEV;
    for (i = 0; i < m->nr_ioapics; i++) {
        struct ioapic *io = &ioapics[nr_ioapics];

        if (!maddr_is_mapped(m->ioapics[i].address, PAGE_SIZE))
            continue;
        io->mmio = maddr_to_virt(m->ioapics[i].address);
        io->gsi_base = m->ioapics[i].gsi_base;
        io->nr_pins = ((ioapic_read(io, IOAPIC_REG_VER) >> 16) & 0xff) + 1;
        for (pin = 0; pin < io->nr_pins; pin++) {
            ioapic_write(io, IOAPIC_REG_RTE(pin) + 1, 0);
            ioapic_write(io, IOAPIC_REG_RTE(pin), IOAPIC_RTE_MASKED);
        }
        printk("IOAPIC[%u]: apic_id %u, version %#x, GSI %u-%u, all masked\n",
               nr_ioapics, m->ioapics[i].id,
               ioapic_read(io, IOAPIC_REG_VER) & 0xff, io->gsi_base,
               io->gsi_base + io->nr_pins - 1);
        nr_ioapics++;
    }
    return nr_ioapics ? 0 : -ENODEV;
}

int ioapic_route(unsigned int gsi, uint8_t vector, bool level,
                 bool active_low, uint32_t apic_id)
{
    unsigned int pin;
    struct ioapic *io = gsi_to_ioapic(gsi, &pin);
    uint32_t low = vector;
    unsigned long flags;

    if (!io)
        return -EINVAL;
    if (level)
        low |= IOAPIC_RTE_LEVEL;
    if (active_low)
        low |= IOAPIC_RTE_ACTIVE_LOW;
    spin_lock_irqsave(&ioapic_lock, flags);
    ioapic_write(io, IOAPIC_REG_RTE(pin), low | IOAPIC_RTE_MASKED);
    ioapic_write(io, IOAPIC_REG_RTE(pin) + 1, apic_id << 24);
    ioapic_write(io, IOAPIC_REG_RTE(pin), low);
    spin_unlock_irqrestore(&ioapic_lock, flags);
    return 0;
}

int ioapic_mask(unsigned int gsi, bool masked)
{
    unsigned int pin;
    struct ioapic *io = gsi_to_ioapic(gsi, &pin);
    unsigned long flags;
    uint32_t low;

    if (!io)
        return -EINVAL;
    spin_lock_irqsave(&ioapic_lock, flags);
    low = ioapic_read(io, IOAPIC_REG_RTE(pin));
    low = masked ? low | IOAPIC_RTE_MASKED : low & ~IOAPIC_RTE_MASKED;
    ioapic_write(io, IOAPIC_REG_RTE(pin), low);
    spin_unlock_irqrestore(&ioapic_lock, flags);
    return 0;
}

unsigned int ioapic_nr_pins(void)
{
    unsigned int i, n = 0;

    for (i = 0; i < nr_ioapics; i++)
        n += ioapics[i].nr_pins;
    return n;
}
