/* The vendor interface of hardware-assisted virtualization: generic HVM code
 * calls through hvm_funcs, which SVM (and later VMX) fills in. */
#ifndef ASM_HVM_HVM_H
#define ASM_HVM_HVM_H

#include <xen/types.h>

struct domain;
struct vcpu;
struct vlapic;
struct hvm_msrs;

/* Guest general-purpose registers the VMRUN loop saves and restores; RAX,
 * RSP, RIP and RFLAGS live in the vendor's control block instead.  The
 * order is fixed: entry.S addresses the fields by offset. */
struct guest_gprs {
    uint64_t rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

/* Per-vCPU HVM state, generic part plus the vendor's (opaque) pointer. */
struct hvm_vcpu {
    struct guest_gprs regs;
    void *vendor;               /* struct svm_vcpu for SVM */
    uint64_t exit_count;        /* every #VMEXIT */
    uint64_t exit_counts[4];    /* CPUID, VMMCALL, IOIO, NPF: see HVM_STAT_* */
    char dbg_line[120];         /* port 0xe9 output, printed per line */
    unsigned int dbg_len;
    volatile bool yield_request; /* the scheduler wants the pCPU back */
    struct vlapic *vlapic;      /* vlapic.c */
    struct hvm_msrs *msrs;      /* msr.c: emulated MSR state */
};

#define HVM_STAT_CPUID      0
#define HVM_STAT_VMMCALL    1
#define HVM_STAT_IO         2
#define HVM_STAT_NPF        3

#define HVM_NR_PARAMS 40

/* Per-domain HVM state: the nested page table root (see p2m.c). */
struct hvm_domain {
    paddr_t p2m_root;           /* machine address of the NPT L4 */
    unsigned long p2m_pages;    /* NPT table pages in use */
    uint64_t params[HVM_NR_PARAMS];     /* HVMOP_set_param values */
};

/* How a guest reports results to the hypervisor (test / debug ports). */
typedef int (*hvm_io_handler_t)(struct vcpu *v, unsigned int port,
                                unsigned int bytes, bool in, uint32_t *val);
typedef int (*hvm_hypercall_handler_t)(struct vcpu *v, uint64_t *rax);

struct hvm_function_table {
    const char *name;
    bool hap_supported;                     /* nested/extended paging */

    /* Per-CPU: allocate (on the boot CPU), enable (EFER.SVME / VMXON,
     * on the CPU itself) and disable. */
    int (*cpu_prepare)(unsigned int cpu);
    int (*cpu_up)(void);
    void (*cpu_down)(void);

    /* vCPU life cycle. */
    int (*vcpu_initialise)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);

    /* Run v until it blocks, pauses or its domain dies. */
    void (*vcpu_run)(struct vcpu *v);

    /* Queue an external interrupt / exception for the next entry. */
    void (*inject_event)(struct vcpu *v, uint8_t vector, unsigned int type,
                         bool has_error, uint32_t error_code);

    /* Guest state accessors used by generic code. */
    void (*set_entry)(struct vcpu *v, uint64_t rip, uint64_t rsp);
    uint64_t (*get_cr3)(const struct vcpu *v);
    uint64_t (*get_cr0)(const struct vcpu *v);
    uint64_t (*get_cr4)(const struct vcpu *v);
    uint64_t (*get_efer)(const struct vcpu *v);
    /* Current privilege level (0-3): hypercalls need 0. */
    unsigned int (*get_cpl)(const struct vcpu *v);
    void (*dump_vcpu)(const struct vcpu *v);
    /* SIPI: real mode at vector << 12 (INIT already taken). */
    void (*reset_for_sipi)(struct vcpu *v, uint8_t vector);
};

extern struct hvm_function_table hvm_funcs;
extern bool hvm_enabled;

/* hvm.c: detect the vendor extension and enable it on the boot CPU.
 * On a CPU without one, print why and power off (never returns). */
void hvm_init(void);
/* Enable on a secondary CPU (called by the SMP bring-up code). */
int hvm_cpu_up(void);

/* Hooks into generic code that guests' I/O, hypercalls and nested page
 * faults reach (the self-tests install their own; 0 = handled). */
typedef int (*hvm_npf_handler_t)(struct vcpu *v, uint64_t gpa,
                                 uint64_t error);
extern hvm_io_handler_t hvm_io_hook;
extern hvm_hypercall_handler_t hvm_hypercall_hook;
extern hvm_npf_handler_t hvm_npf_hook;
int hvm_handle_npf(struct vcpu *v, uint64_t gpa, uint64_t error);
/* Whether the VMRUN loop should give the pCPU back to the scheduler. */
bool hvm_should_yield(struct vcpu *v);
extern bool (*hvm_yield_hook)(struct vcpu *v);
/* svm.c: probe SVM+NPT; the vendor table, or NULL with *why set. */
const struct hvm_function_table *start_svm(const char **why);

/* hvm.c: what vendor exit handlers call. */
int hvm_handle_io(struct vcpu *v, unsigned int port, unsigned int bytes,
                  bool in, uint32_t *val);
int hvm_handle_hypercall(struct vcpu *v, uint64_t *rax);
/* Raise the event-channel upcall on v (the callback vector of
 * HVM_PARAM_CALLBACK_IRQ or the per-vCPU upcall vector) and kick v. */
void hvm_evtchn_upcall(struct vcpu *v);
/* intr.c: v has a new interrupt: wake it, or make it exit to see it. */
void hvm_vcpu_kick(struct vcpu *v);
/* intr.c: the interrupt to deliver next (NMI, callback vector, vLAPIC). */
enum hvm_intsrc { hvm_intsrc_none, hvm_intsrc_nmi, hvm_intsrc_vector,
                  hvm_intsrc_lapic };
struct hvm_intack {
    enum hvm_intsrc source;
    uint8_t vector;
};
struct hvm_intack hvm_vcpu_pending_irq(struct vcpu *v);
void hvm_vcpu_ack_irq(struct vcpu *v, struct hvm_intack ack);
/* msr.c: the generic guest MSRs; 0, or -EPERM for a #GP. */
int hvm_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int hvm_msr_write(struct vcpu *v, uint32_t msr, uint64_t val);
void hvm_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf,
               uint32_t regs[4]);

/* Guest-virtual memory access, vendor-neutral (mm/guest_walk.c).  PFEC_*
 * are #PF error-code bits: the access asked for, and the fault found. */
#define PFEC_PRESENT    (1u << 0)
#define PFEC_WRITE      (1u << 1)
#define PFEC_USER       (1u << 2)
#define PFEC_RSVD       (1u << 3)
#define PFEC_FETCH      (1u << 4)

/* Translate guest-virtual va under v's current paging mode with the access
 * rights in pfec; returns 0 and *gpa, or -EFAULT with *fault_pfec set. */
int guest_walk_tables(struct vcpu *v, uint64_t va, uint32_t pfec,
                      uint64_t *gpa, uint32_t *fault_pfec);
/* Copy to/from guest-virtual memory (through the walker and the p2m). */
int hvm_copy_from_guest_virt(struct vcpu *v, void *dst, uint64_t va,
                             size_t len);
int hvm_copy_to_guest_virt(struct vcpu *v, uint64_t va, const void *src,
                           size_t len);

#endif /* ASM_HVM_HVM_H */
