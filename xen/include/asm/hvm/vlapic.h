/* Virtual local APIC, x2APIC MSR interface only: registers, interrupt
 * acceptance and priority, the APIC timer, IPIs and INIT/SIPI. */
#ifndef ASM_HVM_VLAPIC_H
#define ASM_HVM_VLAPIC_H

#include <xen/time.h>
#include <xen/timer.h>
#include <xen/types.h>

struct vcpu;

#define MSR_IA32_APICBASE       0x1b
#define APICBASE_BSP            (1ull << 8)
#define APICBASE_EXTD           (1ull << 10)    /* x2APIC mode */
#define APICBASE_ENABLE         (1ull << 11)
#define APICBASE_ADDR_DEFAULT   0xfee00000ull

#define MSR_X2APIC_FIRST        0x800
#define MSR_X2APIC_LAST         0x8ff

/* x2APIC register numbers (MSR - 0x800, the xAPIC offset >> 4). */
#define APIC_REG_ID             0x02
#define APIC_REG_VERSION        0x03
#define APIC_REG_TPR            0x08
#define APIC_REG_PPR            0x0a
#define APIC_REG_EOI            0x0b
#define APIC_REG_LDR            0x0d
#define APIC_REG_SVR            0x0f
#define APIC_REG_ISR0           0x10
#define APIC_REG_TMR0           0x18
#define APIC_REG_IRR0           0x20
#define APIC_REG_ESR            0x28
#define APIC_REG_ICR            0x30
#define APIC_REG_LVT_TIMER      0x32
#define APIC_REG_LVT_ERROR      0x37
#define APIC_REG_TMICT          0x38
#define APIC_REG_TMCCT          0x39
#define APIC_REG_TDCR           0x3e
#define APIC_REG_SELF_IPI       0x3f

/* LVT slots, in register order from LVT_TIMER. */
enum { LVT_TIMER, LVT_THERMAL, LVT_PMC, LVT_LINT0, LVT_LINT1, LVT_ERROR,
       LVT_NR };

#define APIC_LVT_MASKED         (1u << 16)
#define APIC_LVT_TIMER_PERIODIC (1u << 17)
#define APIC_SVR_ENABLE         (1u << 8)
#define APIC_VERSION_VALUE      0x00050014u     /* 6 LVTs, version 0x14 */

/* ICR fields. */
#define APIC_ICR_VECTOR(icr)    ((uint32_t)(icr) & 0xff)
#define APIC_ICR_MODE(icr)      (((uint32_t)(icr) >> 8) & 7)
#define APIC_ICR_LOGICAL        (1u << 11)
#define APIC_ICR_LEVEL_ASSERT   (1u << 14)
#define APIC_ICR_TRIGGER_LEVEL  (1u << 15)
#define APIC_ICR_SHORTHAND(icr) (((uint32_t)(icr) >> 18) & 3)
#define APIC_ICR_DEST(icr)      ((uint32_t)((icr) >> 32))

enum { APIC_DM_FIXED = 0, APIC_DM_LOWEST = 1, APIC_DM_SMI = 2,
       APIC_DM_NMI = 4, APIC_DM_INIT = 5, APIC_DM_STARTUP = 6 };
enum { APIC_SH_NONE = 0, APIC_SH_SELF = 1, APIC_SH_ALL = 2,
       APIC_SH_OTHERS = 3 };

#define APIC_BROADCAST          0xffffffffu
/* The APIC timer counts at 100 MHz before the divider. */
#define APIC_TIMER_TICK_NS      10
/* Periodic mode never fires more often than this. */
#define APIC_TIMER_MIN_PERIOD   MICROSECS(50)

struct vlapic {
    struct vcpu *v;
    uint64_t apic_base;         /* MSR 0x1b */
    uint32_t id;                /* x2APIC ID: 2 * vcpu_id */
    uint32_t tpr, svr, esr;
    uint32_t lvt[LVT_NR];
    uint32_t irr[8], isr[8], tmr[8];    /* 256-bit vectors, 32 per word */
    uint32_t timer_icr, timer_dcr;
    s_time_t timer_start;       /* when the current count was loaded */
    s_time_t timer_period;      /* ns for the whole count; 0 = stopped */
    struct timer timer;
    bool nmi_pending;
    bool wait_sipi;             /* INIT taken: paused until a SIPI */
    bool started;               /* has run at least once (svm_vcpu_load) */
};

/* Life cycle (vcpu initialise / destroy). */
int vlapic_init(struct vcpu *v);
void vlapic_destroy(struct vcpu *v);
/* Architectural INIT state of the registers (ID and APIC_BASE kept). */
void vlapic_reset(struct vlapic *vl);

/* The x2APIC MSRs: 0, or -EPERM for a #GP. */
int vlapic_msr_read(struct vlapic *vl, uint32_t msr, uint64_t *val);
int vlapic_msr_write(struct vlapic *vl, uint32_t msr, uint64_t val);
int vlapic_apic_base_write(struct vlapic *vl, uint64_t val);

/* Accept vector (edge, or level when 'level'), and kick the vCPU. */
void vlapic_set_irq(struct vlapic *vl, uint8_t vector, bool level);
/* Highest IRR vector above the PPR, or -1. */
int vlapic_pending_vector(const struct vlapic *vl);
/* The vector is being injected: IRR -> ISR. */
void vlapic_ack_vector(struct vlapic *vl, uint8_t vector);
uint32_t vlapic_ppr(const struct vlapic *vl);
/* Pure helpers, exported for the host tests. */
int vlapic_find_highest(const uint32_t bits[8]);
unsigned int vlapic_timer_divisor(uint32_t dcr);
uint32_t vlapic_timer_current(const struct vlapic *vl, s_time_t now);
bool vlapic_match_dest(const struct vlapic *vl, uint32_t dest, bool logical);
uint32_t vlapic_ldr(uint32_t id);

/* v was just created (paused, offline) and stays down until the guest
 * sends it INIT and SIPI; the SIPI drops that creation pause.  Optional:
 * an INIT to a vCPU that never ran and is paused implies it. */
void vlapic_ap_hold(struct vcpu *v);

#endif /* ASM_HVM_VLAPIC_H */
