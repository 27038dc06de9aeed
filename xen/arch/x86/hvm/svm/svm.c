/* AMD SVM: detection, per-CPU enable (EFER.SVME, host save area), ASIDs,
 * the VMRUN loop, the #VMEXIT dispatch table and event injection. */
#include <asm/hvm/hvm.h>
#include <asm/hvm/msr.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/msr.h>
#include <asm/hvm/vlapic.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/string.h>

_Static_assert(__builtin_offsetof(struct guest_gprs, rsi) == 24, "entry.S");
_Static_assert(__builtin_offsetof(struct guest_gprs, r15) == 104, "entry.S");

/* Instruction lengths: TCG has no NRIP save, so these are fixed. */
#define INSN_LEN_CPUID      2
#define INSN_LEN_VMMCALL    3
#define INSN_LEN_HLT        1
#define INSN_LEN_MSR        2
#define INSN_LEN_VMCALL     3
#define INSN_LEN_INVD       2

#define X86_EFLAGS_IF       (1u << 9)
#define TRAP_NMI            2
#define TRAP_UD             6
#define TRAP_GP             13

paddr_t svm_iopm_pa, svm_msrpm_pa;
uint32_t svm_feature_flags;
static uint32_t svm_max_asid;

/* Per-CPU state. */
#define SVM_MAX_CPUS        NR_CPUS
struct svm_cpu {
    paddr_t hsave_pa;           /* VM_HSAVE_PA: VMRUN's host save area */
    paddr_t host_vmcb_pa;       /* VMSAVE/VMLOAD area for the host */
    uint32_t next_asid;
    uint64_t asid_generation;
};
static struct svm_cpu svm_cpus[SVM_MAX_CPUS];

static unsigned int svm_cpu_index(void)
{
    return smp_processor_id();
}

/* ---------------------------------------------------------------- ASIDs */

/*
 * Each pCPU hands out ASIDs 1..max in generations.  A vCPU keeps its ASID
 * while it stays on the same pCPU within one generation; when the pool
 * runs dry the generation advances and the next VMRUN flushes the whole
 * TLB (TCG has no flush-by-ASID, so TLB_CONTROL=1 is the only flush).
 */
static void svm_asid_assign(struct vcpu *v, unsigned int cpu)
{
    struct svm_cpu *c = &svm_cpus[cpu];
    struct svm_vcpu *s = svm_of(v);

    if (s->last_cpu == (int)cpu && s->asid_generation == c->asid_generation)
        return;
    if (c->next_asid == 0 || c->next_asid >= svm_max_asid) {
        c->asid_generation++;
        c->next_asid = 1;
        s->flush_tlb = true;
    }
    s->asid = c->next_asid++;
    s->asid_generation = c->asid_generation;
    s->last_cpu = (int)cpu;
    s->vmcb->guest_asid = s->asid;
}

/* ------------------------------------------------------ event injection */

static void svm_inject_event(struct vcpu *v, uint8_t vector,
                             unsigned int type, bool has_error,
                             uint32_t error_code)
{
    struct vmcb_struct *vmcb = svm_of(v)->vmcb;

    if (type == EVENTTYPE_INTR) {
        /* External interrupts wait for the guest's window. */
        svm_of(v)->pending_irq = vector;
        return;
    }
    vmcb->eventinj = vector | ((uint64_t)type << EVENTINJ_TYPE_SHIFT) |
                     EVENTINJ_VALID |
                     (has_error ? EVENTINJ_EV | ((uint64_t)error_code << 32)
                                : 0);
}

/* The window is closed: ask for a #VMEXIT (VINTR) as soon as it opens.
 * V_IRQ with V_IGN_TPR is a dummy virtual interrupt whose acceptance
 * (intercepted) tells us the guest can take an interrupt. */
static void svm_request_window(struct vmcb_struct *vmcb)
{
    vmcb->vintr |= VINTR_IRQ | VINTR_IGN_TPR;
    vmcb->general1_intercepts |= GENERAL1_INTERCEPT_VINTR;
}

static void svm_cancel_window(struct vmcb_struct *vmcb)
{
    vmcb->general1_intercepts &= ~GENERAL1_INTERCEPT_VINTR;
    vmcb->vintr &= ~VINTR_IRQ;
}

static bool svm_irq_window_open(const struct vmcb_struct *vmcb)
{
    return (vmcb->rflags & X86_EFLAGS_IF) && !(vmcb->interrupt_shadow & 1);
}

/* The next interrupt for v: a vector queued by inject_event (self-tests,
 * device models) first, then NMI / callback vector / vLAPIC. */
static struct hvm_intack svm_next_irq(struct vcpu *v)
{
    struct hvm_intack ack = { hvm_intsrc_none, 0 };
    int legacy = svm_of(v)->pending_irq;

    if (legacy >= 0) {
        ack.source = hvm_intsrc_vector;
        ack.vector = (uint8_t)legacy;
        return ack;
    }
    return hvm_vcpu_pending_irq(v);
}

/*
 * Before VMRUN (host interrupts off): put the highest-priority pending
 * interrupt into EVENTINJ when the guest can take it (IF set, no
 * interrupt shadow, no other event being injected); else request the
 * VINTR window.  Taking a vLAPIC vector moves it from IRR to ISR.
 */
void svm_intr_assist(struct vcpu *v)
{
    struct svm_vcpu *s = svm_of(v);
    struct vmcb_struct *vmcb = s->vmcb;
    struct hvm_intack ack = svm_next_irq(v);

    if (ack.source == hvm_intsrc_none) {
        svm_cancel_window(vmcb);
        return;
    }
    if (vmcb->eventinj & EVENTINJ_VALID) {
        svm_request_window(vmcb);   /* after the queued event */
        return;
    }
    if (ack.source == hvm_intsrc_nmi) {
        /* No NMI-blocking tracking: Linux sends NMIs only for backtraces
         * and stop/reboot. */
        vmcb->eventinj = TRAP_NMI | EVENTINJ_VALID |
                         ((uint64_t)EVENTTYPE_NMI << EVENTINJ_TYPE_SHIFT);
        hvm_vcpu_ack_irq(v, ack);
        return;
    }
    if (!svm_irq_window_open(vmcb)) {
        svm_request_window(vmcb);
        return;
    }
    vmcb->eventinj = ack.vector | EVENTINJ_VALID |
                     ((uint64_t)EVENTTYPE_INTR << EVENTINJ_TYPE_SHIFT);
    if (s->pending_irq >= 0)
        s->pending_irq = -1;
    else
        hvm_vcpu_ack_irq(v, ack);
    svm_cancel_window(vmcb);
}

/* Whether HLT should end at once: an NMI, or an interrupt the guest can
 * take now (with IF clear a halt lasts until a kick wakes it). */
static bool svm_halt_wakeup_pending(struct vcpu *v)
{
    struct hvm_intack ack = svm_next_irq(v);

    if (ack.source == hvm_intsrc_nmi)
        return true;
    return ack.source != hvm_intsrc_none &&
           (svm_of(v)->vmcb->rflags & X86_EFLAGS_IF);
}

/* --------------------------------------------------------- exit handlers */

typedef void (*svm_exit_handler_t)(struct vcpu *v, struct vmcb_struct *vmcb);

static void advance_rip(struct vmcb_struct *vmcb, unsigned int len)
{
    vmcb->rip += len;
    vmcb->interrupt_shadow &= ~1ull;
}

static void svm_exit_nop(struct vcpu *v, struct vmcb_struct *vmcb)
{
    (void)v;
    (void)vmcb;
}

static void svm_exit_vintr(struct vcpu *v, struct vmcb_struct *vmcb)
{
    (void)v;
    vmcb->vintr &= ~VINTR_IRQ;
    vmcb->general1_intercepts &= ~GENERAL1_INTERCEPT_VINTR;
}

static void svm_exit_cpuid(struct vcpu *v, struct vmcb_struct *vmcb)
{
    uint32_t r[4];

    v->hvm.exit_counts[HVM_STAT_CPUID]++;
    hvm_cpuid(v, (uint32_t)vmcb->rax, (uint32_t)v->hvm.regs.rcx, r);
    vmcb->rax = r[0];
    v->hvm.regs.rbx = r[1];
    v->hvm.regs.rcx = r[2];
    v->hvm.regs.rdx = r[3];
    advance_rip(vmcb, INSN_LEN_CPUID);
}

static void svm_exit_vmmcall(struct vcpu *v, struct vmcb_struct *vmcb)
{
    uint64_t rax = vmcb->rax;

    v->hvm.exit_counts[HVM_STAT_VMMCALL]++;
    /* Advance first: a handler may block the vCPU or re-point RIP. */
    advance_rip(vmcb, INSN_LEN_VMMCALL);
    hvm_handle_hypercall(v, &rax);
    vmcb->rax = rax;
}

static void svm_exit_hlt(struct vcpu *v, struct vmcb_struct *vmcb)
{
    advance_rip(vmcb, INSN_LEN_HLT);
    if (svm_halt_wakeup_pending(v))
        return;
    vcpu_block(v);
    /* Pairs with hvm_vcpu_kick: an interrupt raised between the check
     * above and the block is seen here, so the halt ends. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (svm_halt_wakeup_pending(v) && v->blocked) {
        v->blocked = false;
        vcpu_set_runstate(v, RUNSTATE_running);
    }
}

static void svm_exit_ioio(struct vcpu *v, struct vmcb_struct *vmcb)
{
    uint32_t info = (uint32_t)vmcb->exitinfo1;
    unsigned int port = info >> IOIO_PORT_SHIFT;
    unsigned int bytes = (info >> IOIO_SIZE_SHIFT) & 7;
    bool in = info & IOIO_TYPE_IN;
    uint32_t val = (uint32_t)vmcb->rax;
    uint32_t mask = bytes == 4 ? 0xffffffffu : (1u << (bytes * 8)) - 1;

    v->hvm.exit_counts[HVM_STAT_IO]++;
    if (info & (IOIO_STR | IOIO_REP)) {
        printk(XENLOG_G_ERR "d%uv%u: string I/O to port %#x unsupported\n",
               v->domain->domain_id, v->vcpu_id, port);
        domain_crash(v->domain, NULL);
        return;
    }
    hvm_handle_io(v, port, bytes, in, &val);
    if (in)
        vmcb->rax = (vmcb->rax & ~(uint64_t)mask) | (val & mask);
    vmcb->rip = vmcb->exitinfo2;    /* IOIO provides the next RIP */
}

/* ------------------------------------------------------------- MSRs */

typedef int (*svm_msr_rd_t)(struct vcpu *v, uint64_t *val);
typedef int (*svm_msr_wr_t)(struct vcpu *v, uint64_t val);

#define EFER_VALID_BITS (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | \
                         EFER_FFXSR)
#define EFER_SCE        (1u << 0)
#define EFER_FFXSR      (1u << 14)

/* EFER: SVME stays set in the VMCB (VMRUN requires it), hidden from the
 * guest. */
static int svm_rd_efer(struct vcpu *v, uint64_t *val)
{
    *val = svm_of(v)->vmcb->efer & ~(uint64_t)EFER_SVME;
    return 0;
}

static int svm_wr_efer(struct vcpu *v, uint64_t val)
{
    if (val & ~(uint64_t)EFER_VALID_BITS)
        return -EPERM;
    svm_of(v)->vmcb->efer = val | EFER_SVME;
    return 0;
}

/* The guest's TSC is the host's plus the VMCB offset. */
static int svm_rd_tsc(struct vcpu *v, uint64_t *val)
{
    *val = rdtsc() + svm_of(v)->vmcb->tsc_offset;
    return 0;
}

static int svm_wr_tsc(struct vcpu *v, uint64_t val)
{
    svm_of(v)->vmcb->tsc_offset = val - rdtsc();
    return 0;
}

static int svm_rd_pat(struct vcpu *v, uint64_t *val)
{
    *val = svm_of(v)->vmcb->g_pat;
    return 0;
}

/* Each byte a memory type: UC, WC, WT, WP, WB or UC-. */
static int svm_wr_pat(struct vcpu *v, uint64_t val)
{
    for (unsigned int i = 0; i < 8; i++) {
        uint8_t t = (uint8_t)(val >> (8 * i));

        if (t == 2 || t == 3 || t > 7)
            return -EPERM;
    }
    svm_of(v)->vmcb->g_pat = val;
    return 0;
}

struct svm_msr {
    uint32_t msr;
    svm_msr_rd_t rd;
    svm_msr_wr_t wr;
};

/* MSRs held in the VMCB; the rest go to the generic table (msr.c).  The
 * syscall/segment-base MSRs never exit: see svm_msrpm_passthrough. */
static const struct svm_msr svm_msrs[] = {
    { MSR_IA32_TSC, svm_rd_tsc, svm_wr_tsc },
    { MSR_IA32_CR_PAT, svm_rd_pat, svm_wr_pat },
    { MSR_EFER, svm_rd_efer, svm_wr_efer },
};

static const struct svm_msr *svm_msr_find(uint32_t msr)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(svm_msrs); i++)
        if (svm_msrs[i].msr == msr)
            return &svm_msrs[i];
    return NULL;
}

static void svm_exit_msr(struct vcpu *v, struct vmcb_struct *vmcb)
{
    uint32_t msr = (uint32_t)v->hvm.regs.rcx;
    const struct svm_msr *m = svm_msr_find(msr);
    uint64_t val = 0;
    int rc;

    if (vmcb->exitinfo1 & 1) {
        val = ((uint64_t)v->hvm.regs.rdx << 32) | (uint32_t)vmcb->rax;
        rc = m ? m->wr(v, val) : hvm_msr_write(v, msr, val);
    } else {
        rc = m ? m->rd(v, &val) : hvm_msr_read(v, msr, &val);
        if (!rc) {
            vmcb->rax = (uint32_t)val;
            v->hvm.regs.rdx = val >> 32;
        }
    }
    if (rc) {
        svm_inject_event(v, TRAP_GP, EVENTTYPE_EXCEPTION, true, 0);
        return;
    }
    advance_rip(vmcb, INSN_LEN_MSR);
}

static void svm_exit_npf(struct vcpu *v, struct vmcb_struct *vmcb)
{
    v->hvm.exit_counts[HVM_STAT_NPF]++;
    if (hvm_handle_npf(v, vmcb->exitinfo2, vmcb->exitinfo1) == 0) {
        svm_of(v)->flush_tlb = true;
        return;
    }
    if ((vmcb->exitinfo2 & ~0xfffull) == APICBASE_ADDR_DEFAULT)
        printk(XENLOG_G_ERR "d%uv%u: xAPIC MMIO access: only the x2APIC "
               "MSR interface is emulated\n", v->domain->domain_id,
               v->vcpu_id);
    printk(XENLOG_G_ERR "d%uv%u: NPT fault at gpa %#llx (error %#llx), "
           "rip %#llx\n", v->domain->domain_id, v->vcpu_id,
           (unsigned long long)vmcb->exitinfo2,
           (unsigned long long)vmcb->exitinfo1,
           (unsigned long long)vmcb->rip);
    domain_crash(v->domain, NULL);
}

/* The guest tried an SVM instruction: no nested virtualization, so #UD. */
static void svm_exit_ud(struct vcpu *v, struct vmcb_struct *vmcb)
{
    (void)vmcb;
    svm_inject_event(v, TRAP_UD, EVENTTYPE_EXCEPTION, false, 0);
}

/* A #UD in the guest: VMCALL (0f 01 c1, what a kernel built for Intel, or
 * one that guessed the vendor wrong, issues) is a hypercall like VMMCALL;
 * anything else gets its #UD back. */
static void svm_exit_exception_ud(struct vcpu *v, struct vmcb_struct *vmcb)
{
    static const uint8_t vmcall[3] = { 0x0f, 0x01, 0xc1 };
    uint8_t insn[3];
    uint64_t rax;

    if (hvm_copy_from_guest_virt(v, insn, vmcb->cs.base + vmcb->rip,
                                 sizeof(insn)) ||
        memcmp(insn, vmcall, sizeof(insn))) {
        svm_inject_event(v, TRAP_UD, EVENTTYPE_EXCEPTION, false, 0);
        return;
    }
    v->hvm.exit_counts[HVM_STAT_VMMCALL]++;
    rax = vmcb->rax;
    advance_rip(vmcb, INSN_LEN_VMCALL);
    hvm_handle_hypercall(v, &rax);
    vmcb->rax = rax;
}

/* No performance counters are offered: RDPMC faults. */
static void svm_exit_rdpmc(struct vcpu *v, struct vmcb_struct *vmcb)
{
    (void)vmcb;
    svm_inject_event(v, TRAP_GP, EVENTTYPE_EXCEPTION, true, 0);
}

/* INVD would discard dirty lines the host may own: do nothing instead
 * (caches stay coherent, so skipping it is safe). */
static void svm_exit_invd(struct vcpu *v, struct vmcb_struct *vmcb)
{
    (void)v;
    advance_rip(vmcb, INSN_LEN_INVD);
}

static void svm_exit_shutdown(struct vcpu *v, struct vmcb_struct *vmcb)
{
    printk(XENLOG_G_ERR "d%uv%u: triple fault at rip %#llx\n",
           v->domain->domain_id, v->vcpu_id,
           (unsigned long long)vmcb->rip);
    domain_crash(v->domain, NULL);
}

struct svm_exit_entry {
    const char *name;
    svm_exit_handler_t handler;
};

/* Indexed by exit code; a missing entry crashes the domain. */
static const struct svm_exit_entry svm_exit_table[VMEXIT_TABLE_SIZE] = {
    [VMEXIT_EXCEPTION_UD] = { "#UD",  svm_exit_exception_ud },
    [VMEXIT_INTR]     = { "INTR",     svm_exit_nop },
    [VMEXIT_NMI]      = { "NMI",      svm_exit_nop },
    [VMEXIT_VINTR]    = { "VINTR",    svm_exit_vintr },
    [VMEXIT_RDPMC]    = { "RDPMC",    svm_exit_rdpmc },
    [VMEXIT_CPUID]    = { "CPUID",    svm_exit_cpuid },
    [VMEXIT_INVD]     = { "INVD",     svm_exit_invd },
    [VMEXIT_HLT]      = { "HLT",      svm_exit_hlt },
    [VMEXIT_INVLPGA]  = { "INVLPGA",  svm_exit_ud },
    [VMEXIT_IOIO]     = { "IOIO",     svm_exit_ioio },
    [VMEXIT_MSR]      = { "MSR",      svm_exit_msr },
    [VMEXIT_SHUTDOWN] = { "SHUTDOWN", svm_exit_shutdown },
    [VMEXIT_VMRUN]    = { "VMRUN",    svm_exit_ud },
    [VMEXIT_VMMCALL]  = { "VMMCALL",  svm_exit_vmmcall },
    [VMEXIT_VMLOAD]   = { "VMLOAD",   svm_exit_ud },
    [VMEXIT_VMSAVE]   = { "VMSAVE",   svm_exit_ud },
    [VMEXIT_STGI]     = { "STGI",     svm_exit_ud },
    [VMEXIT_CLGI]     = { "CLGI",     svm_exit_ud },
    [VMEXIT_SKINIT]   = { "SKINIT",   svm_exit_ud },
    [VMEXIT_MONITOR]  = { "MONITOR",  svm_exit_ud },
    [VMEXIT_MWAIT]    = { "MWAIT",    svm_exit_ud },
    [VMEXIT_MWAIT_ARMED] = { "MWAIT",  svm_exit_ud },
};

void svm_vmexit_handler(struct vcpu *v)
{
    struct vmcb_struct *vmcb = svm_of(v)->vmcb;
    uint64_t code = vmcb->exitcode;
    svm_exit_handler_t h = NULL;

    v->hvm.exit_count++;
    /* An event interrupted by the exit is re-injected on the next entry. */
    if (vmcb->exitintinfo & EVENTINJ_VALID) {
        vmcb->eventinj = vmcb->exitintinfo;
        vmcb->exitintinfo = 0;
    }
    if (code < VMEXIT_TABLE_SIZE)
        h = svm_exit_table[code].handler;
    else if (code == VMEXIT_NPF)
        h = svm_exit_npf;
    if (h) {
        h(v, vmcb);
        return;
    }
    printk(XENLOG_G_ERR "d%uv%u: unhandled SVM exit %#llx ; domain crashed\n",
           v->domain->domain_id, v->vcpu_id, (unsigned long long)code);
    svm_vmcb_dump(vmcb);
    domain_crash(v->domain, NULL);
}

/* ---------------------------------------------------------- the VMRUN loop */

/* TSC_AUX is not in the VMCB: the real MSR holds the guest's value. */
static DEFINE_PER_CPU(uint64_t, svm_tsc_aux);
static bool svm_has_rdtscp;

/* Per-pCPU state the vCPU brings along to this pCPU (cheap checks: done
 * before every entry). */
static void svm_vcpu_load(struct vcpu *v, unsigned int cpu)
{
    struct vlapic *vl = v->hvm.vlapic;

    if (svm_has_rdtscp && v->hvm.msrs &&
        this_cpu(svm_tsc_aux) != v->hvm.msrs->tsc_aux) {
        wrmsr(MSR_TSC_AUX, v->hvm.msrs->tsc_aux);
        this_cpu(svm_tsc_aux) = v->hvm.msrs->tsc_aux;
    }
    if (!vl)
        return;
    __atomic_store_n(&vl->started, true, __ATOMIC_RELEASE);
    /* The APIC timer fires where the vCPU runs. */
    if (vl->timer.cpu != cpu)
        migrate_timer(&vl->timer, cpu);
}

/*
 * Run v on this pCPU until it blocks, is paused, its domain stops, or the
 * scheduler asks for the CPU back (hvm_should_yield).
 */
static void svm_vcpu_run(struct vcpu *v)
{
    unsigned int cpu = svm_cpu_index();
    struct svm_vcpu *s = svm_of(v);

    v->is_running = true;
    v->processor = cpu;
    vcpu_set_runstate(v, RUNSTATE_running);
    while (vcpu_runnable(v)) {
        svm_vcpu_load(v, cpu);
        vcpu_guest_enter(v);
        svm_asid_assign(v, cpu);
        /* Interrupts stay off from the last look at pending interrupts
         * until VMRUN (svm_vmrun sets IF with GIF clear): a kick arriving
         * meanwhile is held and forces an exit right after entry. */
        local_irq_disable();
        /* Softirqs raised in host mode (timer interrupts taken at STGI
         * after the last exit, or before this CLI) run here, with
         * interrupts off from this look until VMRUN: one raised later
         * would wait for an exit that a spinning guest never makes, and
         * with it this CPU's timers (dom0's clock stalled in AP bring-up
         * this way). */
        if (softirq_pending(cpu)) {
            local_irq_enable();
            do_softirq();
            if (hvm_should_yield(v))
                break;
            continue;
        }
        svm_intr_assist(v);
        s->vmcb->tlb_control = s->flush_tlb ? TLB_CTRL_FLUSH_ALL
                                            : TLB_CTRL_NO_FLUSH;
        s->flush_tlb = false;
        svm_vmrun(s->vmcb_pa, &v->hvm.regs, svm_cpus[cpu].host_vmcb_pa);
        svm_vmexit_handler(v);
        if (hvm_should_yield(v))
            break;
    }
    v->is_running = false;
    if (v->runstate == RUNSTATE_running)
        vcpu_set_runstate(v, v->blocked ? RUNSTATE_blocked
                                        : RUNSTATE_runnable);
}

static int svm_vcpu_initialise(struct vcpu *v)
{
    struct svm_vcpu *s = alloc_xenheap_pages(0, MEMF_bits(32));
    int rc;

    _Static_assert(sizeof(*s) <= PAGE_SIZE, "svm_vcpu size");
    if (!s)
        return -ENOMEM;
    memset(s, 0, sizeof(*s));
    s->last_cpu = -1;
    s->pending_irq = -1;
    s->flush_tlb = true;
    v->hvm.vendor = s;
    rc = svm_vmcb_create(v);
    if (!rc)
        rc = vlapic_init(v);
    if (!rc)
        rc = hvm_msrs_init(v);
    if (rc) {
        hvm_msrs_destroy(v);
        vlapic_destroy(v);
        svm_vmcb_destroy(v);
        free_xenheap_page(s);
        v->hvm.vendor = NULL;
    }
    return rc;
}

static void svm_vcpu_destroy(struct vcpu *v)
{
    if (!v->hvm.vendor)
        return;
    hvm_msrs_destroy(v);
    vlapic_destroy(v);
    svm_vmcb_destroy(v);
    free_xenheap_page(v->hvm.vendor);
    v->hvm.vendor = NULL;
}

static void svm_set_entry(struct vcpu *v, uint64_t rip, uint64_t rsp)
{
    svm_of(v)->vmcb->rip = rip;
    svm_of(v)->vmcb->rsp = rsp;
}

static uint64_t svm_get_cr0(const struct vcpu *v)
{
    return svm_of(v)->vmcb->cr0;
}

static uint64_t svm_get_cr3(const struct vcpu *v)
{
    return svm_of(v)->vmcb->cr3;
}

static uint64_t svm_get_cr4(const struct vcpu *v)
{
    return svm_of(v)->vmcb->cr4;
}

static uint64_t svm_get_efer(const struct vcpu *v)
{
    return svm_of(v)->vmcb->efer;
}

static unsigned int svm_get_cpl(const struct vcpu *v)
{
    return svm_of(v)->vmcb->cpl;
}

/* SIPI to a vCPU in wait-for-SIPI (not running): real-mode restart. */
static void svm_reset_for_sipi(struct vcpu *v, uint8_t vector)
{
    struct svm_vcpu *s = svm_of(v);

    svm_vmcb_reset_real_mode(s->vmcb, vector);
    memset(&v->hvm.regs, 0, sizeof(v->hvm.regs));
    s->pending_irq = -1;
    s->flush_tlb = true;
}

static void svm_dump_vcpu(const struct vcpu *v)
{
    svm_vmcb_dump(svm_of(v)->vmcb);
}

/* ------------------------------------------------------ per-CPU enable */

static void *alloc_zeroed(unsigned int order)
{
    void *p = alloc_xenheap_pages(order, MEMF_bits(32));

    if (p)
        memset(p, 0, PAGE_SIZE << order);
    return p;
}

/* Allocate cpu's host save areas.  Done from the boot CPU for every CPU:
 * the cross-CPU call that runs svm_cpu_up must not allocate. */
static int svm_cpu_prepare(unsigned int cpu)
{
    struct svm_cpu *c = &svm_cpus[cpu];
    void *hsave, *host;

    if (c->hsave_pa)
        return 0;
    hsave = alloc_zeroed(0);
    host = alloc_zeroed(0);
    if (!hsave || !host) {
        if (hsave)
            free_xenheap_page(hsave);
        if (host)
            free_xenheap_page(host);
        return -ENOMEM;
    }
    c->hsave_pa = virt_to_maddr(hsave);
    c->host_vmcb_pa = virt_to_maddr(host);
    return 0;
}

/* EFER.SVME and the host save area on the calling CPU. */
static int svm_cpu_up(void)
{
    unsigned int cpu = svm_cpu_index();
    struct svm_cpu *c = &svm_cpus[cpu];
    int rc;

    if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
        return -ENODEV;
    rc = svm_cpu_prepare(cpu);
    if (rc)
        return rc;
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, c->hsave_pa);
    /* A wrong MSR number is silently ignored by QEMU: check it took. */
    if (rdmsr(MSR_VM_HSAVE_PA) != c->hsave_pa)
        return -EIO;
    return 0;
}

static void svm_cpu_down(void)
{
    wrmsr(MSR_VM_HSAVE_PA, 0);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) & ~(uint64_t)EFER_SVME);
}

static struct hvm_function_table svm_function_table = {
    .name            = "SVM",
    .cpu_prepare     = svm_cpu_prepare,
    .cpu_up          = svm_cpu_up,
    .cpu_down        = svm_cpu_down,
    .vcpu_initialise = svm_vcpu_initialise,
    .vcpu_destroy    = svm_vcpu_destroy,
    .vcpu_run        = svm_vcpu_run,
    .inject_event    = svm_inject_event,
    .set_entry       = svm_set_entry,
    .get_cr0         = svm_get_cr0,
    .get_cr3         = svm_get_cr3,
    .get_cr4         = svm_get_cr4,
    .get_efer        = svm_get_efer,
    .get_cpl         = svm_get_cpl,
    .dump_vcpu       = svm_dump_vcpu,
    .reset_for_sipi  = svm_reset_for_sipi,
};

/* MSRs that VMRUN/#VMEXIT plus VMLOAD/VMSAVE switch with the VMCB: the
 * guest may read and write them without exits. */
static const uint32_t svm_passthrough_msrs[] = {
    0x174, 0x175, 0x176,                    /* SYSENTER_CS/ESP/EIP */
    0xc0000081, 0xc0000082, 0xc0000083,     /* STAR, LSTAR, CSTAR */
    0xc0000084,                             /* SFMASK */
    0xc0000100, 0xc0000101, 0xc0000102,     /* FS/GS/KERNEL_GS_BASE */
};

/* MSRPM: 2 bits (read, write) per MSR in three 2 KiB blocks covering
 * 0-0x1fff, 0xc0000000-0xc0001fff and 0xc0010000-0xc0011fff. */
static void svm_msrpm_clear(uint8_t *msrpm, uint32_t msr)
{
    static const uint32_t base[3] = { 0, 0xc0000000, 0xc0010000 };

    for (unsigned int i = 0; i < 3; i++) {
        if (msr - base[i] < 0x2000) {
            unsigned int bit = (msr - base[i]) * 2;

            msrpm[i * 0x800 + bit / 8] &= ~(3u << (bit % 8));
            return;
        }
    }
}

static void svm_msrpm_passthrough(uint8_t *msrpm)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(svm_passthrough_msrs); i++)
        svm_msrpm_clear(msrpm, svm_passthrough_msrs[i]);
}

/*
 * Probe SVM and NPT; returns the function table, or NULL with *why set.
 * The I/O (12 KiB) and MSR (8 KiB) permission maps are shared by all
 * guests: every bit set, so every port and MSR access exits.
 */
const struct hvm_function_table *start_svm(const char **why)
{
    struct cpuid_regs r;
    void *iopm, *msrpm;

    cpuid(0x80000000, &r);
    if (r.eax < 0x8000000a) {
        *why = "no SVM in CPUID";
        return NULL;
    }
    cpuid(0x80000001, &r);
    if (!(r.ecx & CPUID_EXT_ECX_SVM)) {
        *why = "no SVM in CPUID";
        return NULL;
    }
    if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
        *why = "disabled by firmware (VM_CR.SVMDIS)";
        return NULL;
    }
    cpuid(0x8000000a, &r);
    svm_feature_flags = r.edx;
    svm_max_asid = r.ebx;
    if (!(r.edx & SVM_FEATURE_NPT)) {
        *why = "no nested paging (NPT)";
        return NULL;
    }
    if (svm_max_asid < 2) {
        *why = "no guest ASIDs";
        return NULL;
    }
    iopm = alloc_xenheap_pages(2, MEMF_bits(32));
    msrpm = alloc_xenheap_pages(1, MEMF_bits(32));
    if (!iopm || !msrpm) {
        *why = "out of memory";
        return NULL;
    }
    memset(iopm, 0xff, PAGE_SIZE << 2);
    memset(msrpm, 0xff, PAGE_SIZE << 1);
    svm_msrpm_passthrough(msrpm);
    cpuid(0x80000001, &r);
    svm_has_rdtscp = r.edx & CPUID_EXT_EDX_RDTSCP;
    svm_iopm_pa = virt_to_maddr(iopm);
    svm_msrpm_pa = virt_to_maddr(msrpm);
    svm_function_table.hap_supported = true;
    printk("SVM: revision %u, %u ASIDs, features %#x:%s%s%s%s%s\n",
           r.eax & 0xff, svm_max_asid, r.edx,
           r.edx & SVM_FEATURE_NPT ? " NPT" : "",
           r.edx & SVM_FEATURE_NRIPS ? " NRIPS" : "",
           r.edx & SVM_FEATURE_VMCBCLEAN ? " VMCBClean" : "",
           r.edx & SVM_FEATURE_FLUSHBYASID ? " FlushByASID" : "",
           r.edx & SVM_FEATURE_VGIF ? " vGIF" : "");
    return &svm_function_table;
}
