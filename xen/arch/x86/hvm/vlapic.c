/* Virtual local APIC through the x2APIC MSRs only (vCPUs start with
 * x2APIC enabled, so no MMIO page): IRR/ISR/PPR, EOI, timer, IPIs, INIT/SIPI. */
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/string.h>
#include <xen/timer.h>

#define VEC_WORD(vec)   ((vec) >> 5)
#define VEC_BIT(vec)    (1u << ((vec) & 31))

/* Writable bits of each LVT (vector, delivery mode, polarity, trigger,
 * mask; the timer's periodic bit; no TSC-deadline mode). */
static const uint32_t lvt_writable[LVT_NR] = {
    [LVT_TIMER]   = 0x000300ff,
    [LVT_THERMAL] = 0x000107ff,
    [LVT_PMC]     = 0x000107ff,
    [LVT_LINT0]   = 0x0001a7ff,
    [LVT_LINT1]   = 0x0001a7ff,
    [LVT_ERROR]   = 0x000100ff,
};

static bool sw_enabled(const struct vlapic *vl)
{
    return vl->svr & APIC_SVR_ENABLE;
}

/* ------------------------------------------------------ pure helpers */

int vlapic_find_highest(const uint32_t bits[8])
{
    for (int w = 7; w >= 0; w--) {
        uint32_t x = __atomic_load_n(&bits[w], __ATOMIC_ACQUIRE);

        if (x)
            return w * 32 + 31 - __builtin_clz(x);
    }
    return -1;
}

/* x2APIC cluster mode: cluster = ID[19:4], one bit per ID[3:0]. */
uint32_t vlapic_ldr(uint32_t id)
{
    return ((id >> 4) << 16) | (1u << (id & 0xf));
}

uint32_t vlapic_ppr(const struct vlapic *vl)
{
    int isrv = vlapic_find_highest(vl->isr);
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;

    if ((vl->tpr & 0xf0) >= isr_class)
        return vl->tpr & 0xff;
    return isr_class;
}

bool vlapic_match_dest(const struct vlapic *vl, uint32_t dest, bool logical)
{
    uint32_t ldr;

    if (dest == APIC_BROADCAST)
        return true;
    if (!logical)
        return dest == vl->id;
    ldr = vlapic_ldr(vl->id);
    return (dest >> 16) == (ldr >> 16) && (dest & ldr & 0xffff);
}

/* TDCR bits 0, 1 and 3 encode divide-by 2, 4, ... 128, and 1. */
unsigned int vlapic_timer_divisor(uint32_t dcr)
{
    unsigned int code = ((dcr >> 1) & 4) | (dcr & 3);

    return code == 7 ? 1 : 2u << code;
}

static s_time_t ticks_to_ns(const struct vlapic *vl, uint64_t ticks)
{
    return (s_time_t)(ticks * APIC_TIMER_TICK_NS *
                      vlapic_timer_divisor(vl->timer_dcr));
}

uint32_t vlapic_timer_current(const struct vlapic *vl, s_time_t now)
{
    s_time_t elapsed, tick;

    if (!vl->timer_period || now < vl->timer_start)
        return vl->timer_period ? vl->timer_icr : 0;
    elapsed = now - vl->timer_start;
    if (elapsed >= vl->timer_period) {
        if (!(vl->lvt[LVT_TIMER] & APIC_LVT_TIMER_PERIODIC))
            return 0;
        elapsed %= vl->timer_period;
    }
    tick = ticks_to_ns(vl, 1);
    return vl->timer_icr - (uint32_t)(elapsed / tick);
}

/* ------------------------------------------------- interrupt acceptance */

void vlapic_set_irq(struct vlapic *vl, uint8_t vector, bool level)
{
    /* Vectors 0-15 are illegal; a software-disabled APIC drops fixed
     * interrupts. */
    if (vector < 16 || !sw_enabled(vl)) {
        if (vector < 16)
            vl->esr |= 0x40;        /* received illegal vector */
        return;
    }
    if (level)
        __atomic_fetch_or(&vl->tmr[VEC_WORD(vector)], VEC_BIT(vector),
                          __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&vl->tmr[VEC_WORD(vector)], ~VEC_BIT(vector),
                           __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&vl->irr[VEC_WORD(vector)], VEC_BIT(vector),
                      __ATOMIC_SEQ_CST);
    hvm_vcpu_kick(vl->v);
}

int vlapic_pending_vector(const struct vlapic *vl)
{
    int irrv;

    if (!sw_enabled(vl))
        return -1;
    irrv = vlapic_find_highest(vl->irr);
    if (irrv < 0 || ((uint32_t)irrv & 0xf0) <= (vlapic_ppr(vl) & 0xf0))
        return -1;
    return irrv;
}

void vlapic_ack_vector(struct vlapic *vl, uint8_t vector)
{
    __atomic_fetch_and(&vl->irr[VEC_WORD(vector)], ~VEC_BIT(vector),
                       __ATOMIC_SEQ_CST);
    vl->isr[VEC_WORD(vector)] |= VEC_BIT(vector);
}

static void vlapic_eoi(struct vlapic *vl)
{
    int vec = vlapic_find_highest(vl->isr);

    if (vec < 0)
        return;
    vl->isr[VEC_WORD(vec)] &= ~VEC_BIT(vec);
    /* No vIOAPIC: a level-triggered EOI has nobody to tell. */
}

/* ------------------------------------------------------------- timer */

/* Arm for the end of the current period; a periodic timer never fires
 * more often than APIC_TIMER_MIN_PERIOD (the count still runs at the
 * programmed rate). */
static void vlapic_timer_arm(struct vlapic *vl, s_time_t now)
{
    s_time_t expires = vl->timer_start + vl->timer_period;

    if ((vl->lvt[LVT_TIMER] & APIC_LVT_TIMER_PERIODIC) &&
        expires < now + APIC_TIMER_MIN_PERIOD)
        expires = now + APIC_TIMER_MIN_PERIOD;
    set_timer(&vl->timer, expires);
}

static void vlapic_timer_fire(void *data)
{
    struct vlapic *vl = data;
    uint32_t lvt = vl->lvt[LVT_TIMER];
    s_time_t now = NOW();

    if (!vl->timer_period)
        return;
    if (!(lvt & APIC_LVT_MASKED))
        vlapic_set_irq(vl, lvt & 0xff, false);
    if (!(lvt & APIC_LVT_TIMER_PERIODIC)) {
        vl->timer_period = 0;
        vl->timer_start = now;
        return;
    }
    /* Periodic: the next edge on the original grid, skipping missed ones. */
    vl->timer_start += vl->timer_period;
    if (vl->timer_start + vl->timer_period <= now)
        vl->timer_start = now;
    vlapic_timer_arm(vl, now);
}

static void vlapic_timer_load(struct vlapic *vl, uint32_t count)
{
    s_time_t period;

    stop_timer(&vl->timer);
    vl->timer_icr = count;
    vl->timer_period = 0;
    if (!count)
        return;
    period = ticks_to_ns(vl, count);
    vl->timer_start = NOW();
    vl->timer_period = period;
    vlapic_timer_arm(vl, vl->timer_start);
}

/* ------------------------------------------------------------ IPIs */

static struct vlapic *vcpu_vlapic(struct vcpu *v)
{
    return v ? v->hvm.vlapic : NULL;
}

/* INIT: the target stops (one pause held) until a SIPI restarts it.  An
 * AP that never ran is still held by its creation pause (builders leave
 * APs down): that pause is the one the SIPI drops. */
static void vlapic_deliver_init(struct vlapic *t)
{
    struct vcpu *v = t->v;
    bool never_ran = !__atomic_load_n(&t->started, __ATOMIC_ACQUIRE) &&
                     __atomic_load_n(&v->pause_count, __ATOMIC_ACQUIRE) > 0;

    if (__atomic_exchange_n(&t->wait_sipi, true, __ATOMIC_ACQ_REL))
        return;                 /* already waiting */
    if (never_ran)
        return;
    vcpu_pause(v);
    sched_kick(v);              /* leave guest mode if it runs elsewhere */
}

static void vlapic_deliver_sipi(struct vlapic *t, uint8_t vector)
{
    struct vcpu *v = t->v;

    if (!__atomic_load_n(&t->wait_sipi, __ATOMIC_ACQUIRE))
        return;                 /* SIPIs outside wait-for-SIPI are ignored */
    sched_quiesce_vcpu(v);      /* its VMCB is ours only once it stopped */
    vlapic_reset(t);
    if (hvm_funcs.reset_for_sipi)
        hvm_funcs.reset_for_sipi(v, vector);
    if (__atomic_exchange_n(&t->wait_sipi, false, __ATOMIC_ACQ_REL))
        vcpu_unpause(v);
}

static void vlapic_deliver(struct vlapic *src, struct vlapic *t,
                           uint64_t icr)
{
    uint8_t vec = APIC_ICR_VECTOR(icr);

    switch (APIC_ICR_MODE(icr)) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        vlapic_set_irq(t, vec, icr & APIC_ICR_TRIGGER_LEVEL);
        break;
    case APIC_DM_NMI:
        __atomic_store_n(&t->nmi_pending, true, __ATOMIC_RELEASE);
        hvm_vcpu_kick(t->v);
        break;
    case APIC_DM_INIT:
        /* The level de-assert form, and INIT to oneself, do nothing. */
        if ((icr & APIC_ICR_TRIGGER_LEVEL) && !(icr & APIC_ICR_LEVEL_ASSERT))
            break;
        if (t != src)
            vlapic_deliver_init(t);
        break;
    case APIC_DM_STARTUP:
        if (t != src)
            vlapic_deliver_sipi(t, vec);
        break;
    default:                    /* SMI and reserved modes: dropped */
        break;
    }
}

static bool icr_targets(const struct vlapic *src, const struct vlapic *t,
                        uint64_t icr)
{
    switch (APIC_ICR_SHORTHAND(icr)) {
    case APIC_SH_SELF:
        return t == src;
    case APIC_SH_ALL:
        return true;
    case APIC_SH_OTHERS:
        return t != src;
    default:
        return vlapic_match_dest(t, APIC_ICR_DEST(icr),
                                 icr & APIC_ICR_LOGICAL);
    }
}

static void vlapic_icr_write(struct vlapic *src, uint64_t icr)
{
    struct domain *d = src->v->domain;
    bool lowest = APIC_ICR_MODE(icr) == APIC_DM_LOWEST;
    struct vcpu *v;

    for_each_vcpu(d, v) {
        struct vlapic *t = vcpu_vlapic(v);

        if (!t || !icr_targets(src, t, icr))
            continue;
        vlapic_deliver(src, t, icr);
        if (lowest)             /* lowest priority: the first match */
            break;
    }
}

/* --------------------------------------------------------- registers */

typedef int (*vlapic_rd_t)(struct vlapic *vl, unsigned int reg,
                           uint64_t *val);
typedef int (*vlapic_wr_t)(struct vlapic *vl, unsigned int reg,
                           uint64_t val);

static int rd_id(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vl->id;
    return 0;
}

static int rd_version(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)vl; (void)reg;
    *val = APIC_VERSION_VALUE;
    return 0;
}

static int rd_tpr(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vl->tpr;
    return 0;
}

static int wr_tpr(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    (void)reg;
    if (val & ~0xffull)
        return -EPERM;
    vl->tpr = (uint32_t)val;
    return 0;
}

static int rd_ppr(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vlapic_ppr(vl);
    return 0;
}

static int wr_eoi(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    (void)reg;
    if (val)
        return -EPERM;          /* x2APIC: a non-zero EOI write #GPs */
    vlapic_eoi(vl);
    return 0;
}

static int rd_ldr(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vlapic_ldr(vl->id);
    return 0;
}

static int rd_svr(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vl->svr;
    return 0;
}

static int wr_svr(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    (void)reg;
    /* Vector, enable and focus checking are kept; EOI-broadcast
     * suppression (bit 12) is accepted but unused (no vIOAPIC). */
    if (val & ~0x13ffull)
        return -EPERM;
    vl->svr = (uint32_t)val & 0x3ff;
    if (!sw_enabled(vl)) {      /* software disable masks every LVT */
        for (unsigned int i = 0; i < LVT_NR; i++)
            vl->lvt[i] |= APIC_LVT_MASKED;
    }
    return 0;
}

static int rd_bank(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    const uint32_t *bank = reg >= APIC_REG_IRR0 ? vl->irr
                         : reg >= APIC_REG_TMR0 ? vl->tmr : vl->isr;

    *val = __atomic_load_n(&bank[reg & 7], __ATOMIC_ACQUIRE);
    return 0;
}

static int rd_esr(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vl->esr;
    return 0;
}

static int wr_esr(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    (void)reg;
    if (val)
        return -EPERM;
    vl->esr = 0;
    return 0;
}

static int rd_icr(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)vl; (void)reg;
    *val = 0;                   /* delivery is immediate: never busy */
    return 0;
}

static int wr_icr(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    (void)reg;
    vlapic_icr_write(vl, val);
    return 0;
}

static int rd_lvt(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    *val = vl->lvt[reg - APIC_REG_LVT_TIMER];
    return 0;
}

static int wr_lvt(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    unsigned int i = reg - APIC_REG_LVT_TIMER;

    vl->lvt[i] = (uint32_t)val & lvt_writable[i];
    /* A software-disabled APIC keeps every LVT masked.  A timer mode
     * change takes effect at the next expiry (the callback reads it). */
    if (!sw_enabled(vl))
        vl->lvt[i] |= APIC_LVT_MASKED;
    return 0;
}

static int rd_tmict(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vl->timer_icr;
    return 0;
}

static int wr_tmict(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    (void)reg;
    vlapic_timer_load(vl, (uint32_t)val);
    return 0;
}

static int rd_tmcct(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vlapic_timer_current(vl, NOW());
    return 0;
}

static int rd_tdcr(struct vlapic *vl, unsigned int reg, uint64_t *val)
{
    (void)reg;
    *val = vl->timer_dcr;
    return 0;
}

static int wr_tdcr(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    (void)reg;
    vl->timer_dcr = (uint32_t)val & 0xb;
    return 0;
}

static int wr_self_ipi(struct vlapic *vl, unsigned int reg, uint64_t val)
{
    (void)reg;
    if (val & ~0xffull)
        return -EPERM;
    vlapic_set_irq(vl, (uint8_t)val, false);
    return 0;
}

struct vlapic_reg {
    vlapic_rd_t rd;             /* NULL: write-only (#GP on read) */
    vlapic_wr_t wr;             /* NULL: read-only (#GP on write) */
};

/* Indexed by MSR - 0x800; a missing register #GPs both ways. */
static const struct vlapic_reg vlapic_regs[0x40] = {
    [APIC_REG_ID]       = { rd_id, NULL },
    [APIC_REG_VERSION]  = { rd_version, NULL },
    [APIC_REG_TPR]      = { rd_tpr, wr_tpr },
    [APIC_REG_PPR]      = { rd_ppr, NULL },
    [APIC_REG_EOI]      = { NULL, wr_eoi },
    [APIC_REG_LDR]      = { rd_ldr, NULL },
    [APIC_REG_SVR]      = { rd_svr, wr_svr },
    [0x10] = { rd_bank, NULL }, [0x11] = { rd_bank, NULL },
    [0x12] = { rd_bank, NULL }, [0x13] = { rd_bank, NULL },
    [0x14] = { rd_bank, NULL }, [0x15] = { rd_bank, NULL },
    [0x16] = { rd_bank, NULL }, [0x17] = { rd_bank, NULL },
    [0x18] = { rd_bank, NULL }, [0x19] = { rd_bank, NULL },
    [0x1a] = { rd_bank, NULL }, [0x1b] = { rd_bank, NULL },
    [0x1c] = { rd_bank, NULL }, [0x1d] = { rd_bank, NULL },
    [0x1e] = { rd_bank, NULL }, [0x1f] = { rd_bank, NULL },
    [0x20] = { rd_bank, NULL }, [0x21] = { rd_bank, NULL },
    [0x22] = { rd_bank, NULL }, [0x23] = { rd_bank, NULL },
    [0x24] = { rd_bank, NULL }, [0x25] = { rd_bank, NULL },
    [0x26] = { rd_bank, NULL }, [0x27] = { rd_bank, NULL },
    [APIC_REG_ESR]      = { rd_esr, wr_esr },
    [APIC_REG_ICR]      = { rd_icr, wr_icr },
    [0x32] = { rd_lvt, wr_lvt }, [0x33] = { rd_lvt, wr_lvt },
    [0x34] = { rd_lvt, wr_lvt }, [0x35] = { rd_lvt, wr_lvt },
    [0x36] = { rd_lvt, wr_lvt }, [0x37] = { rd_lvt, wr_lvt },
    [APIC_REG_TMICT]    = { rd_tmict, wr_tmict },
    [APIC_REG_TMCCT]    = { rd_tmcct, NULL },
    [APIC_REG_TDCR]     = { rd_tdcr, wr_tdcr },
    [APIC_REG_SELF_IPI] = { NULL, wr_self_ipi },
};

static const struct vlapic_reg *vlapic_reg_of(uint32_t msr)
{
    if (msr < MSR_X2APIC_FIRST || msr >= MSR_X2APIC_FIRST + 0x40)
        return NULL;
    return &vlapic_regs[msr - MSR_X2APIC_FIRST];
}

static bool x2apic_on(const struct vlapic *vl)
{
    return (vl->apic_base & (APICBASE_ENABLE | APICBASE_EXTD)) ==
           (APICBASE_ENABLE | APICBASE_EXTD);
}

int vlapic_msr_read(struct vlapic *vl, uint32_t msr, uint64_t *val)
{
    const struct vlapic_reg *r = vlapic_reg_of(msr);

    if (!x2apic_on(vl) || !r || !r->rd)
        return -EPERM;
    return r->rd(vl, msr - MSR_X2APIC_FIRST, val);
}

int vlapic_msr_write(struct vlapic *vl, uint32_t msr, uint64_t val)
{
    const struct vlapic_reg *r = vlapic_reg_of(msr);
    unsigned int reg = msr - MSR_X2APIC_FIRST;

    if (!x2apic_on(vl) || !r || !r->wr)
        return -EPERM;
    /* Only the ICR is 64 bits wide. */
    if (reg != APIC_REG_ICR && (val >> 32))
        return -EPERM;
    return r->wr(vl, reg, val);
}

/* Only x2APIC-enabled states are accepted: there is no xAPIC MMIO page
 * behind 0xfee00000, so leaving x2APIC mode is refused with #GP. */
int vlapic_apic_base_write(struct vlapic *vl, uint64_t val)
{
    uint64_t fixed = APICBASE_ENABLE | APICBASE_EXTD;

    if ((val & fixed) != fixed)
        return -EPERM;
    if ((val & ~(uint64_t)(APICBASE_BSP)) !=
        (vl->apic_base & ~(uint64_t)(APICBASE_BSP)))
        return -EPERM;          /* relocating the base: unsupported */
    return 0;
}

/* --------------------------------------------------------- life cycle */

void vlapic_reset(struct vlapic *vl)
{
    stop_timer(&vl->timer);
    vl->tpr = 0;
    vl->svr = 0xff;
    vl->esr = 0;
    for (unsigned int i = 0; i < LVT_NR; i++)
        vl->lvt[i] = APIC_LVT_MASKED;
    memset(vl->irr, 0, sizeof(vl->irr));
    memset(vl->isr, 0, sizeof(vl->isr));
    memset(vl->tmr, 0, sizeof(vl->tmr));
    vl->timer_icr = 0;
    vl->timer_dcr = 0;
    vl->timer_period = 0;
    vl->nmi_pending = false;
}

int vlapic_init(struct vcpu *v)
{
    /* A page of its own, not xmalloc: the pool keeps pages it carved,
     * which would show as a leak once the domain is gone. */
    struct vlapic *vl = alloc_xenheap_page();

    _Static_assert(sizeof(*vl) <= PAGE_SIZE, "one page");
    if (!vl)
        return -ENOMEM;
    memset(vl, 0, sizeof(*vl));
    vl->v = v;
    vl->id = 2 * v->vcpu_id;
    vl->apic_base = APICBASE_ADDR_DEFAULT | APICBASE_ENABLE | APICBASE_EXTD |
                    (v->vcpu_id == 0 ? APICBASE_BSP : 0);
    init_timer(&vl->timer, vlapic_timer_fire, vl, v->processor);
    vlapic_reset(vl);
    v->hvm.vlapic = vl;
    return 0;
}

void vlapic_destroy(struct vcpu *v)
{
    struct vlapic *vl = v->hvm.vlapic;

    if (!vl)
        return;
    kill_timer(&vl->timer);
    free_xenheap_page(vl);
    v->hvm.vlapic = NULL;
}

void vlapic_ap_hold(struct vcpu *v)
{
    struct vlapic *vl = v->hvm.vlapic;

    if (vl)
        __atomic_store_n(&vl->wait_sipi, true, __ATOMIC_RELEASE);
}
