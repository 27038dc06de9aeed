/* x86 ACPI power management: entering sleep states. */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

int acpi_enter_s5(void);

#endif /* ASM_ACPI_H */
