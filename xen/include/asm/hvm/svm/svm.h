/* AMD SVM: MSRs, CPUID bits and per-vCPU state private to hvm/svm/. */
#ifndef ASM_HVM_SVM_SVM_H
#define ASM_HVM_SVM_SVM_H

#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/vmcb.h>
#include <xen/sched.h>
#include <xen/types.h>

#define MSR_VM_CR               0xc0010114
#define VM_CR_SVMDIS            (1u << 4)
#define MSR_VM_HSAVE_PA         0xc0010117  /* C001_0118 is SVM_KEY */
#define EFER_SVME               (1u << 12)

/* CPUID 0x80000001 ECX */
#define CPUID_EXT_ECX_SVM       (1u << 2)
#define CPUID_EXT_EDX_RDTSCP    (1u << 27)
/* CPUID 0x8000000A EDX */
#define SVM_FEATURE_NPT         (1u << 0)
#define SVM_FEATURE_NRIPS       (1u << 3)
#define SVM_FEATURE_VMCBCLEAN   (1u << 5)
#define SVM_FEATURE_FLUSHBYASID (1u << 6)
#define SVM_FEATURE_DECODEASSISTS (1u << 7)
#define SVM_FEATURE_VGIF        (1u << 16)

struct svm_vcpu {
    struct vmcb_struct *vmcb;
    paddr_t vmcb_pa;
    uint32_t asid;
    uint64_t asid_generation;
    int last_cpu;               /* pCPU of the last VMRUN, -1 before */
    bool flush_tlb;             /* flush guest TLB at the next VMRUN */
    int pending_irq;            /* vector to inject when the guest can
                                   take it, -1 for none */
};

static inline struct svm_vcpu *svm_of(const struct vcpu *v)
{
    return (struct svm_vcpu *)v->hvm.vendor;
}

/* entry.S: one world switch; returns after the #VMEXIT. */
void svm_vmrun(paddr_t vmcb_pa, struct guest_gprs *regs, paddr_t host_pa);

extern paddr_t svm_iopm_pa, svm_msrpm_pa;
extern uint32_t svm_feature_flags;

/* Deliver v's pending interrupt now, or ask for the next window. */
void svm_intr_assist(struct vcpu *v);

/* Exit handling (svm.c). */
void svm_vmexit_handler(struct vcpu *v);

#endif /* ASM_HVM_SVM_SVM_H */
