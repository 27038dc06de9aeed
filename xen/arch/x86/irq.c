/* Device interrupts: ISA IRQs routed through the IOAPIC (honouring the MADT
 * overrides) to handlers on the boot CPU; COM1's receive interrupt feeds
 * the console's debug-key input. */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/traps.h>
#include <xen/acpi.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/ns16550.h>
#include <xen/percpu.h>

#define NR_ISA_IRQS         16
#define COM1_IRQ            4
#define UART_IER_ERDAI      0x01    /* received data available */
#define UART_MCR_OUT2       0x08    /* gates the IRQ line on PCs */
#define UART_LSR_DR         0x01

/* MPS INTI flags of an override: polarity bits 1:0, trigger bits 3:2. */
#define INTI_POLARITY_LOW   3
#define INTI_TRIGGER_LEVEL  3

static void (*isa_handlers[NR_LEGACY_GSIS])(unsigned int irq);
static uint8_t gsi_to_isa[NR_LEGACY_GSIS];
static bool have_ioapic;
bool serial_irq_enabled;

static void legacy_interrupt(struct cpu_user_regs *regs)
{
    unsigned int gsi = (unsigned int)regs->entry_vector - FIRST_LEGACY_VECTOR;

    if (gsi < NR_LEGACY_GSIS && isa_handlers[gsi])
        isa_handlers[gsi](gsi_to_isa[gsi]);
    ack_APIC_irq();
}

/* The GSI and its polarity/trigger for an ISA IRQ, after overrides
 * (ISA default: edge, active high, GSI = IRQ). */
static unsigned int isa_irq_to_gsi(unsigned int irq, bool *level, bool *low)
{
    const struct acpi_madt_info *m = &acpi_platform.madt;
    unsigned int i;

    *level = *low = false;
    for (i = 0; i < m->nr_overrides; i++) {
        const struct acpi_override_info *o = &m->overrides[i];

        if (o->bus != 0 || o->source != irq)
            continue;
        *low = (o->flags & 3) == INTI_POLARITY_LOW;
        *level = ((o->flags >> 2) & 3) == INTI_TRIGGER_LEVEL;
        return o->gsi;
    }
    return irq;
}

int request_isa_irq(unsigned int isa_irq, void (*handler)(unsigned int irq))
{
    bool level, low;
    unsigned int gsi;
    int rc;

    if (!have_ioapic)
        return -ENODEV;
    if (isa_irq >= NR_ISA_IRQS)
        return -EINVAL;
    gsi = isa_irq_to_gsi(isa_irq, &level, &low);
    if (gsi >= NR_LEGACY_GSIS)
        return -EINVAL;
    rc = set_vector_handler(FIRST_LEGACY_VECTOR + gsi, legacy_interrupt);
    if (rc)
        return rc;
    isa_handlers[gsi] = handler;
    gsi_to_isa[gsi] = isa_irq;
    return ioapic_route(gsi, FIRST_LEGACY_VECTOR + gsi, level, low,
                        get_apic_id());
}

void init_IRQ(void)
{
    i8259_disable();
    have_ioapic = ioapic_init() == 0;
    if (!have_ioapic)
        printk(XENLOG_WARNING "No IOAPIC: device interrupts unavailable\n");
}

/* ---- COM1 input ---- */

static void com1_interrupt(unsigned int irq)
{
    (void)irq;
    while (inb(COM1_IO_BASE + UART_LSR) & UART_LSR_DR)
        console_handle_input((char)inb(COM1_IO_BASE + UART_RBR));
}

/* Route IRQ 4 and enable the UART's receive interrupt; 0 or -errno (the
 * idle loop's polling then remains the only input path). */
int serial_irq_init(void)
{
    int rc = request_isa_irq(COM1_IRQ, com1_interrupt);

    if (rc) {
        printk(XENLOG_WARNING "COM1: no interrupt (%d); input polled\n", rc);
        return rc;
    }
    outb(inb(COM1_IO_BASE + UART_MCR) | UART_MCR_OUT2,
         COM1_IO_BASE + UART_MCR);
    outb(UART_IER_ERDAI, COM1_IO_BASE + UART_IER);
    serial_irq_enabled = true;
    printk("COM1: input by interrupt (IRQ %u)\n", COM1_IRQ);
    return 0;
}
