/* x86 interrupt vectors of the hypervisor itself (LAPIC sources and IPIs at
 * the top, legacy ISA IRQs routed through the IOAPIC) and the IRQ layer. */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#define SPURIOUS_APIC_VECTOR    0xff
#define ERROR_APIC_VECTOR       0xfe
#define EVENT_CHECK_VECTOR      0xfc    /* just leave hlt, run softirqs */
#define CALL_FUNCTION_VECTOR    0xfb
#define LOCAL_TIMER_VECTOR      0xfa

/* ISA IRQ n (after any MADT override, as GSI g) uses vector base + g. */
#define FIRST_LEGACY_VECTOR     0x30
#define NR_LEGACY_GSIS          24

#ifndef __ASSEMBLY__

#include <asm/traps.h>
#include <xen/types.h>

/*
 * Route an ISA IRQ (0-15) through the IOAPIC to the boot CPU as an edge or
 * level interrupt (per the MADT overrides), calling handler on each one
 * (EOI is done by the IRQ layer).  Returns 0, -ENODEV (no IOAPIC), -EINVAL
 * or -EBUSY (vector taken).
 */
int request_isa_irq(unsigned int isa_irq, void (*handler)(unsigned int irq));

/* Boot: mask the 8259s, set up the IOAPICs (all pins masked). */
void init_IRQ(void);
/* Re-base and mask the legacy 8259 PICs (arch/x86/i8259.c). */
void i8259_disable(void);
/* Serial input by interrupt: COM1 IRQ 4 feeds the debug keys. */
int serial_irq_init(void);
extern bool serial_irq_enabled;    /* else the idle loop polls COM1 */
/* Install the IPI vectors (arch/x86/smp.c), on the boot CPU. */
int smp_ipi_init(void);

#endif /* !__ASSEMBLY__ */

#endif /* ASM_IRQ_H */
