/* I/O APIC driver (arch/x86/io_apic.c): redirection entries by GSI. */
#ifndef ASM_IO_APIC_H
#define ASM_IO_APIC_H

#include <xen/types.h>

/* Redirection entry bits (low dword). */
#define IOAPIC_RTE_MASKED       (1u << 16)
#define IOAPIC_RTE_LEVEL        (1u << 15)
#define IOAPIC_RTE_ACTIVE_LOW   (1u << 13)

/* Map the MADT's IOAPICs and mask every pin; 0 or -ENODEV (none). */
int ioapic_init(void);
/* Send gsi to vector on apic_id (fixed delivery, physical destination),
 * unmasked; 0, or -EINVAL if no IOAPIC has that GSI. */
int ioapic_route(unsigned int gsi, uint8_t vector, bool level,
                 bool active_low, uint32_t apic_id);
int ioapic_mask(unsigned int gsi, bool masked);
unsigned int ioapic_nr_pins(void);

#endif /* ASM_IO_APIC_H */
