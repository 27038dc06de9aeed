/* Local APIC (xAPIC, memory-mapped): registers and the driver interface
 * (arch/x86/apic.c). */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xen/types.h>

#define MSR_APIC_BASE           0x1b
#define APIC_BASE_BSP           (1u << 8)
#define APIC_BASE_ENABLE        (1u << 11)
#define APIC_DEFAULT_PHYS_BASE  0xfee00000

/* Register offsets in the 4 KiB MMIO page. */
#define APIC_ID                 0x020
#define APIC_LVR                0x030
#define APIC_TASKPRI            0x080
#define APIC_EOI                0x0b0
#define APIC_LDR                0x0d0
#define APIC_DFR                0x0e0
#define APIC_SPIV               0x0f0
#define APIC_ESR                0x280
#define APIC_ICR                0x300
#define APIC_ICR2               0x310
#define APIC_LVTT               0x320
#define APIC_LVTTHMR            0x330
#define APIC_LVTPC              0x340
#define APIC_LVT0               0x350
#define APIC_LVT1               0x360
#define APIC_LVTERR             0x370
#define APIC_TMICT              0x380
#define APIC_TMCCT              0x390
#define APIC_TDCR               0x3e0

#define APIC_SPIV_ENABLE        (1u << 8)
#define APIC_LVT_MASKED         (1u << 16)
#define APIC_DM_FIXED           (0u << 8)
#define APIC_DM_NMI             (4u << 8)
#define APIC_DM_INIT            (5u << 8)
#define APIC_DM_STARTUP         (6u << 8)
#define APIC_DM_EXTINT          (7u << 8)
#define APIC_ICR_BUSY           (1u << 12)
#define APIC_INT_LEVELTRIG      (1u << 15)
#define APIC_INT_ASSERT         (1u << 14)
#define APIC_DEST_SELF          (1u << 18)
#define APIC_DEST_ALLBUT        (3u << 18)
#define APIC_TDR_DIV_1          0xb

/* Map the LAPIC, enable it on the boot CPU and calibrate its timer. */
int apic_bsp_init(void);
/* Enable this CPU's LAPIC (all CPUs, the boot CPU via apic_bsp_init). */
void apic_cpu_init(void);
uint32_t get_apic_id(void);
void ack_APIC_irq(void);
/* Send vector (or an INIT/STARTUP/NMI delivery mode) to one APIC ID;
 * returns -ETIMEDOUT if the ICR stayed busy. */
int apic_send_ipi(uint32_t apic_id, uint32_t icr_low);
/* Debug key helper: the LAPIC timer state of this CPU. */
void dump_apic_timer(void);
extern unsigned long apic_timer_khz;

#endif /* ASM_APIC_H */
