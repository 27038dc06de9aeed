/* SVM VMCB construction: the intercepts every guest gets, the I/O and MSR
 * permission maps, NPT and the 32-bit flat start-up state. */
#include <asm/hvm/svm/svm.h>
#include <asm/processor.h>
#include <asm/hvm/svm/vmcb.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

/* Segment attributes in the VMCB's packed 12-bit format. */
#define SEG_ATTR_CODE32     0xc9b   /* present, DPL0, exec/read, D, G */
#define SEG_ATTR_DATA32     0xc93   /* present, DPL0, read/write, D, G */
#define SEG_ATTR_TSS32_BUSY 0x08b
#define SEG_ATTR_LDT        0x082

#define X86_CR0_ET          0x00000010
#define GUEST_PAT_DEFAULT   0x0007040600070406ull

static void set_seg(struct segment_register *s, uint16_t sel, uint16_t attr,
                    uint32_t limit)
{
    s->sel = sel;
    s->attr = attr;
    s->limit = limit;
    s->base = 0;
}

/* What we always intercept: every I/O port and MSR (through the all-ones
 * maps), CPUID, HLT, VMMCALL, external interrupts and NMIs (so the host
 * keeps control), shutdown, and every SVM instruction (no nested SVM). */
static void vmcb_set_intercepts(struct vmcb_struct *vmcb)
{
    vmcb->general1_intercepts =
        GENERAL1_INTERCEPT_INTR | GENERAL1_INTERCEPT_NMI |
        GENERAL1_INTERCEPT_SMI | GENERAL1_INTERCEPT_INIT |
        GENERAL1_INTERCEPT_CPUID | GENERAL1_INTERCEPT_HLT |
        GENERAL1_INTERCEPT_INVLPGA | GENERAL1_INTERCEPT_IOIO_PROT |
        GENERAL1_INTERCEPT_MSR_PROT | GENERAL1_INTERCEPT_SHUTDOWN |
        /* No vPMU: RDPMC #GPs.  INVD would drop dirty host lines. */
        GENERAL1_INTERCEPT_RDPMC | GENERAL1_INTERCEPT_INVD |
        /* Guests have no SMM: RSM has no handler and crashes the domain
         * (the self-test of unhandled exits relies on that). */
        GENERAL1_INTERCEPT_RSM;
    vmcb->general2_intercepts =
        GENERAL2_INTERCEPT_VMRUN | GENERAL2_INTERCEPT_VMMCALL |
        GENERAL2_INTERCEPT_VMLOAD | GENERAL2_INTERCEPT_VMSAVE |
        GENERAL2_INTERCEPT_STGI | GENERAL2_INTERCEPT_CLGI |
        GENERAL2_INTERCEPT_SKINIT | GENERAL2_INTERCEPT_ICEBP |
        /* MONITOR/MWAIT are hidden in CPUID: #UD. */
        GENERAL2_INTERCEPT_MONITOR | GENERAL2_INTERCEPT_MWAIT |
        GENERAL2_INTERCEPT_MWAIT_ARMED;
    /* #UD: VMCALL (Intel's hypercall instruction) is a hypercall too. */
    vmcb->exception_intercepts = EXCEPTION_INTERCEPT_UD;
    vmcb->iopm_base_pa = svm_iopm_pa;
    vmcb->msrpm_base_pa = svm_msrpm_pa;
    /* Virtual interrupt masking: the guest's IF masks only virtual
     * interrupts; host interrupts always exit. */
    vmcb->vintr = VINTR_MASKING;
}

/* Architectural reset-like state for 32-bit flat protected mode without
 * paging (what PVH entry and our self-test guests expect). */
static void vmcb_set_guest_state(struct vmcb_struct *vmcb)
{
    set_seg(&vmcb->cs, 0x08, SEG_ATTR_CODE32, 0xffffffff);
    set_seg(&vmcb->ds, 0x10, SEG_ATTR_DATA32, 0xffffffff);
    set_seg(&vmcb->es, 0x10, SEG_ATTR_DATA32, 0xffffffff);
    set_seg(&vmcb->ss, 0x10, SEG_ATTR_DATA32, 0xffffffff);
    set_seg(&vmcb->fs, 0x10, SEG_ATTR_DATA32, 0xffffffff);
    set_seg(&vmcb->gs, 0x10, SEG_ATTR_DATA32, 0xffffffff);
    set_seg(&vmcb->tr, 0x18, SEG_ATTR_TSS32_BUSY, 0x67);
    set_seg(&vmcb->ldtr, 0, SEG_ATTR_LDT, 0);
    set_seg(&vmcb->gdtr, 0, 0, 0);
    set_seg(&vmcb->idtr, 0, 0, 0);
    vmcb->cpl = 0;
    vmcb->cr0 = X86_CR0_PE | X86_CR0_ET;
    vmcb->cr3 = 0;
    vmcb->cr4 = 0;
    vmcb->efer = EFER_SVME;     /* VMRUN refuses a guest EFER without it */
    vmcb->rflags = 0x2;
    vmcb->dr6 = 0xffff0ff0;
    vmcb->dr7 = 0x400;
    vmcb->g_pat = GUEST_PAT_DEFAULT;
}

int svm_vmcb_create(struct vcpu *v)
{
    struct svm_vcpu *s = svm_of(v);
    struct page_info *pg = alloc_domheap_pages(v->domain, 0, MEMF_bits(32));
    struct vmcb_struct *vmcb;

    if (!pg)
        return -ENOMEM;
    vmcb = page_to_virt(pg);
    memset(vmcb, 0, PAGE_SIZE);
    vmcb_set_intercepts(vmcb);
    vmcb_set_guest_state(vmcb);
    vmcb->np_enable = NP_ENABLE;
    vmcb->n_cr3 = v->domain->hvm.p2m_root;
    vmcb->tlb_control = TLB_CTRL_FLUSH_ALL;
    s->vmcb = vmcb;
    s->vmcb_pa = page_to_maddr(pg);
    return 0;
}

void svm_vmcb_destroy(struct vcpu *v)
{
    struct svm_vcpu *s = svm_of(v);

    if (!s->vmcb)
        return;
    free_domheap_pages(maddr_to_page(s->vmcb_pa), 0);
    s->vmcb = NULL;
    s->vmcb_pa = 0;
}

void svm_vmcb_dump(const struct vmcb_struct *vmcb)
{
    printk("  exitcode %#llx info1 %#llx info2 %#llx intinfo %#llx\n",
           (unsigned long long)vmcb->exitcode,
           (unsigned long long)vmcb->exitinfo1,
           (unsigned long long)vmcb->exitinfo2,
           (unsigned long long)vmcb->exitintinfo);
    printk("  rip %#llx rsp %#llx rax %#llx rflags %#llx cpl %u\n",
           (unsigned long long)vmcb->rip, (unsigned long long)vmcb->rsp,
           (unsigned long long)vmcb->rax, (unsigned long long)vmcb->rflags,
           vmcb->cpl);
    printk("  cr0 %#llx cr3 %#llx cr4 %#llx efer %#llx asid %u\n",
           (unsigned long long)vmcb->cr0, (unsigned long long)vmcb->cr3,
           (unsigned long long)vmcb->cr4, (unsigned long long)vmcb->efer,
           vmcb->guest_asid);
}

void svm_vmcb_set_iopm(struct vcpu *v, paddr_t iopm_pa)
{
    struct vmcb_struct *vmcb = svm_of(v)->vmcb;

    vmcb->iopm_base_pa = iopm_pa;
    vmcb->clean_bits = 0;       /* the map address is cached state */
}

/* Real-mode segment attributes: present, DPL0, accessed code / data. */
#define SEG_ATTR_REAL_CODE  0x09b
#define SEG_ATTR_REAL_DATA  0x093
#define SEG_ATTR_TSS16_BUSY 0x08b
#define X86_CR0_CD_NW_ET    0x60000010

static void set_real_seg(struct segment_register *s, uint16_t sel,
                         uint16_t attr)
{
    s->sel = sel;
    s->attr = attr;
    s->limit = 0xffff;
    s->base = (uint64_t)sel << 4;
}

/* INIT then SIPI: real mode, CS:IP = (vector << 8):0, caches "disabled"
 * as after reset, no paging (NPT still translates). */
void svm_vmcb_reset_real_mode(struct vmcb_struct *vmcb, uint8_t vector)
{
    set_real_seg(&vmcb->cs, (uint16_t)vector << 8, SEG_ATTR_REAL_CODE);
    set_real_seg(&vmcb->ds, 0, SEG_ATTR_REAL_DATA);
    set_real_seg(&vmcb->es, 0, SEG_ATTR_REAL_DATA);
    set_real_seg(&vmcb->ss, 0, SEG_ATTR_REAL_DATA);
    set_real_seg(&vmcb->fs, 0, SEG_ATTR_REAL_DATA);
    set_real_seg(&vmcb->gs, 0, SEG_ATTR_REAL_DATA);
    set_real_seg(&vmcb->tr, 0, SEG_ATTR_TSS16_BUSY);
    set_real_seg(&vmcb->ldtr, 0, SEG_ATTR_LDT);
    set_real_seg(&vmcb->gdtr, 0, 0);
    set_real_seg(&vmcb->idtr, 0, 0);
    vmcb->cpl = 0;
    vmcb->cr0 = X86_CR0_CD_NW_ET;
    vmcb->cr2 = 0;
    vmcb->cr3 = 0;
    vmcb->cr4 = 0;
    vmcb->efer = EFER_SVME;
    vmcb->rflags = 0x2;
    vmcb->rip = 0;
    vmcb->rsp = 0;
    vmcb->rax = 0;
    vmcb->dr6 = 0xffff0ff0;
    vmcb->dr7 = 0x400;
    vmcb->g_pat = GUEST_PAT_DEFAULT;
    vmcb->star = vmcb->lstar = vmcb->cstar = vmcb->sfmask = 0;
    vmcb->kernel_gs_base = 0;
    vmcb->sysenter_cs = vmcb->sysenter_esp = vmcb->sysenter_eip = 0;
    vmcb->eventinj = 0;
    vmcb->exitintinfo = 0;
    vmcb->interrupt_shadow = 0;
    vmcb->vintr &= ~VINTR_IRQ;
}
