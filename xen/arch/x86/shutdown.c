/* Stopping the machine: ACPI soft off, or a halted CPU when that fails. */
#include <asm/acpi.h>
#include <asm/processor.h>
#include <xen/lib.h>
#include <xen/shutdown.h>

void __noreturn machine_halt(void)
{
    local_irq_disable();
    for (;;)
        halt();
}

void __noreturn machine_power_off(void)
{
    printk("Powering off.\n");
    acpi_enter_s5();
    printk("Power off failed; halting.\n");
    machine_halt();
}
