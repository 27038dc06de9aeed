/* Guest MSRs emulated in software (vendor-neutral): a sorted table of
 * MSR ranges, each with a read and a write handler; anything else #GPs. */
#include <asm/hvm/hvm.h>
#include <asm/hvm/msr.h>
#include <asm/hvm/vlapic.h>
#include <asm/p2m.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

#define MSR_AMD_PATCH_LEVEL     0x8b
#define MSR_MCG_CAP             0x179
#define MSR_MCG_STATUS          0x17a
#define MSR_K7_PERF_FIRST       0xc0010000  /* 4 PERF_CTL + 4 PERF_CTR */
#define MSR_K7_PERF_LAST        0xc0010007
#define MSR_K8_SYSCFG           0xc0010010
#define MSR_K8_HWCR             0xc0010015
#define MSR_K8_NB_CFG           0xc001001f
#define MSR_K8_INT_PENDING_MSG  0xc0010055  /* C1E state: never active */
#define MSR_K8_VM_CR            0xc0010114
#define MSR_F15H_PERF_FIRST     0xc0010200  /* 6 CTL/CTR pairs */
#define MSR_F15H_PERF_LAST      0xc001020b
#define MSR_AMD64_LS_CFG        0xc0011020
#define MSR_AMD64_IC_CFG        0xc0011021
#define MSR_AMD64_DE_CFG        0xc0011029
#define MSR_AMD64_BU_CFG2       0xc001102a

#define HWCR_TSC_FREQ_SEL       (1ull << 24)    /* TSC counts at P0 rate */
#define VM_CR_LOCK_SVMDIS       ((1ull << 3) | (1ull << 4))
#define DE_CFG_LFENCE_SERIALISE (1ull << 1)

typedef int (*msr_rd_t)(struct vcpu *v, uint32_t msr, uint64_t *val);
typedef int (*msr_wr_t)(struct vcpu *v, uint32_t msr, uint64_t val);

struct msr_range {
    uint32_t first, last;
    msr_rd_t rd;                /* NULL: #GP on read */
    msr_wr_t wr;                /* NULL: #GP on write */
};

/* ---------------------------------------------------------- handlers */

static int rd_zero(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    (void)v; (void)msr;
    *val = 0;
    return 0;
}

/* Writes that change nothing we model (AMD tuning MSRs, absent PMU). */
static int wr_ignore(struct vcpu *v, uint32_t msr, uint64_t val)
{
    (void)v; (void)msr; (void)val;
    return 0;
}

static int wr_zero_only(struct vcpu *v, uint32_t msr, uint64_t val)
{
    (void)v; (void)msr;
    return val ? -EPERM : 0;
}

static int rd_hwcr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    (void)v; (void)msr;
    *val = HWCR_TSC_FREQ_SEL;
    return 0;
}

/* No nested SVM: firmware "disabled and locked" it. */
static int rd_vm_cr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    (void)v; (void)msr;
    *val = VM_CR_LOCK_SVMDIS;
    return 0;
}

static int rd_mtrrcap(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    (void)v; (void)msr;
    *val = MTRRCAP_VALUE;
    return 0;
}

static int rd_apic_base(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    (void)msr;
    *val = v->hvm.vlapic->apic_base;
    return 0;
}

static int wr_apic_base(struct vcpu *v, uint32_t msr, uint64_t val)
{
    (void)msr;
    return vlapic_apic_base_write(v->hvm.vlapic, val);
}

static int rd_x2apic(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    return vlapic_msr_read(v->hvm.vlapic, msr, val);
}

static int wr_x2apic(struct vcpu *v, uint32_t msr, uint64_t val)
{
    return vlapic_msr_write(v->hvm.vlapic, msr, val);
}

/* Memory types valid in an MTRR: UC, WC, WT, WP, WB. */
static bool mtrr_type_ok(uint64_t type)
{
    return type == 0 || type == 1 || type == 4 || type == 5 || type == 6;
}

static int rd_mtrr_var(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    *val = v->hvm.msrs->mtrr_var[msr - MSR_MTRR_PHYS_FIRST];
    return 0;
}

static int wr_mtrr_var(struct vcpu *v, uint32_t msr, uint64_t val)
{
    unsigned int i = msr - MSR_MTRR_PHYS_FIRST;

    /* Even: PhysBase (type in 7:0); odd: PhysMask (valid bit 11). */
    if (!(i & 1) && (!mtrr_type_ok(val & 0xff) || (val & 0xf00)))
        return -EPERM;
    if ((i & 1) && (val & 0x7ff))
        return -EPERM;
    if (val >> 52)
        return -EPERM;
    v->hvm.msrs->mtrr_var[i] = val;
    return 0;
}

/* 0x250 (64K), 0x258-0x259 (16K), 0x268-0x26f (4K): 11 registers. */
int mtrr_fixed_index(uint32_t msr)
{
    if (msr == 0x250)
        return 0;
    if (msr >= 0x258 && msr <= 0x259)
        return 1 + (int)(msr - 0x258);
    if (msr >= 0x268 && msr <= 0x26f)
        return 3 + (int)(msr - 0x268);
    return -1;
}

static int rd_mtrr_fixed(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    int i = mtrr_fixed_index(msr);

    if (i < 0)
        return -EPERM;
    *val = v->hvm.msrs->mtrr_fixed[i];
    return 0;
}

static int wr_mtrr_fixed(struct vcpu *v, uint32_t msr, uint64_t val)
{
    int i = mtrr_fixed_index(msr);

    if (i < 0)
        return -EPERM;
    for (unsigned int b = 0; b < 8; b++)
        if (!mtrr_type_ok((val >> (8 * b)) & 0xff))
            return -EPERM;
    v->hvm.msrs->mtrr_fixed[i] = val;
    return 0;
}

static int rd_mtrr_def(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    (void)msr;
    *val = v->hvm.msrs->mtrr_def_type;
    return 0;
}

static int wr_mtrr_def(struct vcpu *v, uint32_t msr, uint64_t val)
{
    (void)msr;
    if ((val & ~0xcffull) || !mtrr_type_ok(val & 0xff))
        return -EPERM;
    v->hvm.msrs->mtrr_def_type = val;
    return 0;
}

static int rd_tsc_aux(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    (void)msr;
    *val = v->hvm.msrs->tsc_aux;
    return 0;
}

/* The vendor code loads it into the real MSR before each VMRUN. */
static int wr_tsc_aux(struct vcpu *v, uint32_t msr, uint64_t val)
{
    (void)msr;
    if (val >> 32)
        return -EPERM;
    v->hvm.msrs->tsc_aux = val;
    return 0;
}

static int rd_de_cfg(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    (void)msr;
    *val = v->hvm.msrs->de_cfg;
    return 0;
}

static int wr_de_cfg(struct vcpu *v, uint32_t msr, uint64_t val)
{
    (void)msr;
    /* Only the LFENCE-serialising bit is kept, and it stays on. */
    v->hvm.msrs->de_cfg = (val & DE_CFG_LFENCE_SERIALISE) |
                          DE_CFG_LFENCE_SERIALISE;
    return 0;
}

void hypercall_stub(unsigned int nr, uint8_t stub[HYPERCALL_STUB_SIZE])
{
    memset(stub, 0xcc, HYPERCALL_STUB_SIZE);    /* int3 padding */
    if (nr == HYPERCALL_IRET) {
        stub[0] = 0x0f;                         /* ud2: no iret for HVM */
        stub[1] = 0x0b;
        return;
    }
    stub[0] = 0xb8;                             /* mov $nr, %eax */
    stub[1] = (uint8_t)nr;
    stub[2] = (uint8_t)(nr >> 8);
    stub[3] = stub[4] = 0;
    stub[5] = 0x0f;                             /* vmmcall */
    stub[6] = 0x01;
    stub[7] = 0xd9;
    stub[8] = 0xc3;                             /* ret */
}

/* Fill the page at the written GPA with one stub per hypercall.  Only
 * page 0 exists (the low 12 bits select the page). */
static int wr_hypercall_page(struct vcpu *v, uint32_t msr, uint64_t val)
{
    uint64_t gpa = val & ~0xfffull;
    uint8_t stub[HYPERCALL_STUB_SIZE];

    (void)msr;
    if (val & 0xfff)
        return -EPERM;
    for (unsigned int nr = 0; nr < PAGE_SIZE / HYPERCALL_STUB_SIZE; nr++) {
        hypercall_stub(nr, stub);
        if (p2m_copy_to_guest_phys(v->domain, gpa + nr * sizeof(stub),
                                   stub, sizeof(stub)))
            return -EPERM;
    }
    return 0;
}

/* Sorted by MSR number, no overlaps (checked by the host test). */
static const struct msr_range msr_table[] = {
    { MSR_IA32_APICBASE, MSR_IA32_APICBASE, rd_apic_base, wr_apic_base },
    { MSR_AMD_PATCH_LEVEL, MSR_AMD_PATCH_LEVEL, rd_zero, wr_ignore },
    { MSR_IA32_MTRRCAP, MSR_IA32_MTRRCAP, rd_mtrrcap, NULL },
    { MSR_MCG_CAP, MSR_MCG_CAP, rd_zero, NULL },
    { MSR_MCG_STATUS, MSR_MCG_STATUS, rd_zero, wr_zero_only },
    { MSR_MTRR_PHYS_FIRST, MSR_MTRR_PHYS_LAST, rd_mtrr_var, wr_mtrr_var },
    { 0x250, 0x26f, rd_mtrr_fixed, wr_mtrr_fixed },
    { MSR_MTRR_DEF_TYPE, MSR_MTRR_DEF_TYPE, rd_mtrr_def, wr_mtrr_def },
    { MSR_X2APIC_FIRST, MSR_X2APIC_LAST, rd_x2apic, wr_x2apic },
    { MSR_XEN_HYPERCALL_PAGE, MSR_XEN_HYPERCALL_PAGE, NULL,
      wr_hypercall_page },
    { MSR_TSC_AUX, MSR_TSC_AUX, rd_tsc_aux, wr_tsc_aux },
    { MSR_K7_PERF_FIRST, MSR_K7_PERF_LAST, rd_zero, wr_ignore },
    { MSR_K8_SYSCFG, MSR_K8_SYSCFG, rd_zero, wr_ignore },
    { MSR_K8_HWCR, MSR_K8_HWCR, rd_hwcr, wr_ignore },
    { MSR_K8_NB_CFG, MSR_K8_NB_CFG, rd_zero, wr_ignore },
    { MSR_K8_INT_PENDING_MSG, MSR_K8_INT_PENDING_MSG, rd_zero, wr_ignore },
    { MSR_K8_VM_CR, MSR_K8_VM_CR, rd_vm_cr, wr_ignore },
    { MSR_F15H_PERF_FIRST, MSR_F15H_PERF_LAST, rd_zero, wr_ignore },
    { MSR_AMD64_LS_CFG, MSR_AMD64_IC_CFG, rd_zero, wr_ignore },
    { MSR_AMD64_DE_CFG, MSR_AMD64_DE_CFG, rd_de_cfg, wr_de_cfg },
    { MSR_AMD64_BU_CFG2, MSR_AMD64_BU_CFG2, rd_zero, wr_ignore },
};

static const struct msr_range *msr_lookup(uint32_t msr)
{
    unsigned int lo = 0, hi = ARRAY_SIZE(msr_table);

    while (lo < hi) {
        unsigned int mid = (lo + hi) / 2;
        const struct msr_range *r = &msr_table[mid];

        if (msr < r->first)
            hi = mid;
        else if (msr > r->last)
            lo = mid + 1;
        else
            return r;
    }
    return NULL;
}

/* Say once per MSR number (up to a few dozen) that the guest touched an
 * MSR we do not emulate; it gets a #GP. */
static void msr_log_unknown(const struct vcpu *v, uint32_t msr, bool write,
                            uint64_t val)
{
    static uint32_t seen[64];
    static unsigned int nr_seen;

    for (unsigned int i = 0; i < nr_seen && i < ARRAY_SIZE(seen); i++)
        if (seen[i] == msr)
            return;
    if (nr_seen < ARRAY_SIZE(seen))
        seen[nr_seen++] = msr;
    if (write)
        printk(XENLOG_G_INFO "d%uv%u: wrmsr %#x <- %#llx unhandled: #GP\n",
               v->domain->domain_id, v->vcpu_id, msr,
               (unsigned long long)val);
    else
        printk(XENLOG_G_INFO "d%uv%u: rdmsr %#x unhandled: #GP\n",
               v->domain->domain_id, v->vcpu_id, msr);
}

int hvm_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    const struct msr_range *r = msr_lookup(msr);

    if (!r || !r->rd || !v->hvm.msrs || !v->hvm.vlapic) {
        msr_log_unknown(v, msr, false, 0);
        return -EPERM;
    }
    return r->rd(v, msr, val);
}

int hvm_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
    const struct msr_range *r = msr_lookup(msr);

    if (!r || !r->wr || !v->hvm.msrs || !v->hvm.vlapic) {
        msr_log_unknown(v, msr, true, val);
        return -EPERM;
    }
    return r->wr(v, msr, val);
}

int hvm_msrs_init(struct vcpu *v)
{
    /* A page of its own, not xmalloc: the pool keeps pages it carved,
     * which would show as a leak once the domain is gone. */
    struct hvm_msrs *m = alloc_xenheap_page();

    _Static_assert(sizeof(*m) <= PAGE_SIZE, "one page");
    if (!m)
        return -ENOMEM;
    memset(m, 0, sizeof(*m));
    m->mtrr_def_type = MTRR_DEF_TYPE_DEFAULT;
    m->de_cfg = DE_CFG_LFENCE_SERIALISE;
    v->hvm.msrs = m;
    return 0;
}

void hvm_msrs_destroy(struct vcpu *v)
{
    if (v->hvm.msrs)
        free_xenheap_page(v->hvm.msrs);
    v->hvm.msrs = NULL;
}
