/* Machine reboot: the FADT reset register, then the keyboard controller's
 * reset line, then a triple fault as the last resort. */
#include <asm/io.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <xen/acpi.h>
#include <xen/lib.h>
#include <xen/shutdown.h>

#define KBD_STATUS_PORT     0x64
#define KBD_STATUS_IBF      0x02    /* input buffer full: not ready */
#define KBD_CMD_RESET       0xfe    /* pulse the CPU reset line */
#define RESET_WAIT_MS       50

/* Write the FADT's reset value; returns only if the machine is still up. */
static void acpi_reset(void)
{
    const struct acpi_fadt_info *f = &acpi_platform.fadt;

    if (!acpi_platform.have_fadt || !f->reset_supported)
        return;
    printk("Resetting with the ACPI reset register\n");
    if (f->reset_reg.space_id == ACPI_GAS_SYSTEM_IO)
        outb(f->reset_value, f->reset_reg.address);
    else if (maddr_is_mapped(f->reset_reg.address, 1))
        writeb(f->reset_value, maddr_to_virt(f->reset_reg.address));
    mdelay(RESET_WAIT_MS);
}

static void kbd_reset(void)
{
    unsigned int i;

    printk("Resetting with the keyboard controller\n");
    for (i = 0; i < 10; i++) {
        unsigned int j;

        for (j = 0; j < 0x10000 && (inb(KBD_STATUS_PORT) & KBD_STATUS_IBF);
             j++)
            io_delay();
        outb(KBD_CMD_RESET, KBD_STATUS_PORT);
        mdelay(RESET_WAIT_MS);
    }
}

/* An empty IDT makes the next exception a triple fault, i.e. a reset. */
static void __noreturn triple_fault(void)
{
    static const struct __packed { uint16_t limit; uint64_t base; } idt = {0};

    printk("Resetting with a triple fault\n");
    __asm__ __volatile__ ("lidt %0; int3" :: "m" (idt));
    for (;;)
        halt();
}

void __noreturn machine_restart(unsigned int delay_millisecs)
{
    local_irq_disable();
    if (delay_millisecs)
        mdelay(delay_millisecs);
    printk("Rebooting.\n");
    acpi_reset();
    kbd_reset();
    triple_fault();
}
