/* AMD SVM: detection, per-CPU enable (EFER.SVME, host save area), ASIDs,
 * the VMRUN loop, the #VMEXIT dispatch table and event injection. */
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/msr.h>
#include <asm/processor.h>
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

#define X86_EFLAGS_IF       (1u << 9)
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

/*
 * Before VMRUN: deliver the pending external interrupt through EVENTINJ
 * when the guest can take it (IF set, no interrupt shadow, no other event
 * being injected); else request a virtual interrupt so that the guest
 * exits with VINTR as soon as its window opens.
 */
void svm_intr_assist(struct vcpu *v)
{
    struct svm_vcpu *s = svm_of(v);
    struct vmcb_struct *vmcb = s->vmcb;

    if (s->pending_irq < 0)
        return;
    if ((vmcb->rflags & X86_EFLAGS_IF) && !(vmcb->interrupt_shadow & 1) &&
        !(vmcb->eventinj & EVENTINJ_VALID)) {
        vmcb->eventinj = (uint8_t)s->pending_irq | EVENTINJ_VALID |
                         ((uint64_t)EVENTTYPE_INTR << EVENTINJ_TYPE_SHIFT);
        s->pending_irq = -1;
        vmcb->general1_intercepts &= ~GENERAL1_INTERCEPT_VINTR;
        vmcb->vintr &= ~VINTR_IRQ;
        return;
    }
    /* V_IRQ with V_IGN_TPR: a dummy virtual interrupt whose acceptance
     * (intercepted as VINTR) tells us the window is open. */
    vmcb->vintr |= VINTR_IRQ | VINTR_IGN_TPR;
    vmcb->general1_intercepts |= GENERAL1_INTERCEPT_VINTR;
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
    /* An interrupt already waiting ends the halt at once. */
    if (svm_of(v)->pending_irq < 0)
        vcpu_block(v);
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

/* EFER is the one MSR the guest must own (long mode, NX); others #GP. */
static void svm_exit_msr(struct vcpu *v, struct vmcb_struct *vmcb)
{
    uint32_t msr = (uint32_t)v->hvm.regs.rcx;
    bool write = vmcb->exitinfo1 & 1;

    if (msr != MSR_EFER) {
        svm_inject_event(v, TRAP_GP, EVENTTYPE_EXCEPTION, true, 0);
        return;
    }
    if (write) {
        vmcb->efer = (((uint64_t)v->hvm.regs.rdx << 32) |
                      (uint32_t)vmcb->rax) | EFER_SVME;
    } else {
        uint64_t efer = vmcb->efer & ~(uint64_t)EFER_SVME;

        vmcb->rax = (uint32_t)efer;
        v->hvm.regs.rdx = efer >> 32;
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
    [VMEXIT_INTR]     = { "INTR",     svm_exit_nop },
    [VMEXIT_NMI]      = { "NMI",      svm_exit_nop },
    [VMEXIT_VINTR]    = { "VINTR",    svm_exit_vintr },
    [VMEXIT_CPUID]    = { "CPUID",    svm_exit_cpuid },
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
        svm_asid_assign(v, cpu);
        svm_intr_assist(v);
        s->vmcb->tlb_control = s->flush_tlb ? TLB_CTRL_FLUSH_ALL
                                            : TLB_CTRL_NO_FLUSH;
        s->flush_tlb = false;
        svm_vmrun(s->vmcb_pa, &v->hvm.regs, svm_cpus[cpu].host_vmcb_pa);
        svm_vmexit_handler(v);
        /* Interrupts taken at STGI may have raised timer work. */
        if (softirq_pending(cpu))
            do_softirq();
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
    if (rc) {
        free_xenheap_page(s);
        v->hvm.vendor = NULL;
    }
    return rc;
}

static void svm_vcpu_destroy(struct vcpu *v)
{
    if (!v->hvm.vendor)
        return;
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
    .dump_vcpu       = svm_dump_vcpu,
};

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
