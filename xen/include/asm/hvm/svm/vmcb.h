/* AMD SVM virtual machine control block: exact layout (AMD APM vol. 2,
 * appendix B), intercept bits and exit codes.  Only svm*.c include this. */
#ifndef ASM_HVM_SVM_VMCB_H
#define ASM_HVM_SVM_VMCB_H

#include <xen/types.h>

/* intercept1 (offset 0x00c) */
#define GENERAL1_INTERCEPT_INTR         (1u << 0)
#define GENERAL1_INTERCEPT_NMI          (1u << 1)
#define GENERAL1_INTERCEPT_SMI          (1u << 2)
#define GENERAL1_INTERCEPT_INIT         (1u << 3)
#define GENERAL1_INTERCEPT_VINTR        (1u << 4)
#define GENERAL1_INTERCEPT_RDPMC        (1u << 15)
#define GENERAL1_INTERCEPT_CPUID        (1u << 18)
#define GENERAL1_INTERCEPT_RSM          (1u << 19)
#define GENERAL1_INTERCEPT_INVD         (1u << 22)
#define GENERAL1_INTERCEPT_HLT          (1u << 24)
#define GENERAL1_INTERCEPT_INVLPGA      (1u << 26)
#define GENERAL1_INTERCEPT_IOIO_PROT    (1u << 27)
#define GENERAL1_INTERCEPT_MSR_PROT     (1u << 28)
#define GENERAL1_INTERCEPT_SHUTDOWN     (1u << 31)

/* intercept2 (offset 0x010) */
#define GENERAL2_INTERCEPT_VMRUN        (1u << 0)   /* required by VMRUN */
#define GENERAL2_INTERCEPT_VMMCALL      (1u << 1)
#define GENERAL2_INTERCEPT_VMLOAD       (1u << 2)
#define GENERAL2_INTERCEPT_VMSAVE       (1u << 3)
#define GENERAL2_INTERCEPT_STGI         (1u << 4)
#define GENERAL2_INTERCEPT_CLGI         (1u << 5)
#define GENERAL2_INTERCEPT_SKINIT       (1u << 6)
#define GENERAL2_INTERCEPT_ICEBP        (1u << 8)
#define GENERAL2_INTERCEPT_MONITOR      (1u << 10)
#define GENERAL2_INTERCEPT_MWAIT        (1u << 11)
#define GENERAL2_INTERCEPT_MWAIT_ARMED  (1u << 12)
#define GENERAL2_INTERCEPT_XSETBV       (1u << 13)

/* exception intercepts (offset 0x008): one bit per vector */
#define EXCEPTION_INTERCEPT_UD          (1u << 6)

/* Exit codes (EXITCODE, offset 0x070). */
#define VMEXIT_EXCEPTION_UD     0x46
#define VMEXIT_EXCEPTION_PF     0x4e
#define VMEXIT_INTR             0x60
#define VMEXIT_NMI              0x61
#define VMEXIT_VINTR            0x64
#define VMEXIT_RDPMC            0x6f
#define VMEXIT_CPUID            0x72
#define VMEXIT_RSM              0x73
#define VMEXIT_INVD             0x76
#define VMEXIT_HLT              0x78
#define VMEXIT_INVLPGA          0x7a
#define VMEXIT_IOIO             0x7b
#define VMEXIT_MSR              0x7c
#define VMEXIT_SHUTDOWN         0x7f
#define VMEXIT_VMRUN            0x80
#define VMEXIT_VMMCALL          0x81
#define VMEXIT_VMLOAD           0x82
#define VMEXIT_VMSAVE           0x83
#define VMEXIT_STGI             0x84
#define VMEXIT_CLGI             0x85
#define VMEXIT_SKINIT           0x86
#define VMEXIT_ICEBP            0x88
#define VMEXIT_MONITOR          0x8a
#define VMEXIT_MWAIT            0x8b
#define VMEXIT_MWAIT_ARMED      0x8c
#define VMEXIT_XSETBV           0x8d
#define VMEXIT_NPF              0x400
#define VMEXIT_INVALID          ((uint64_t)-1)

/* Exit codes below this are dispatched through the exit table. */
#define VMEXIT_TABLE_SIZE       0x90

/* IOIO EXITINFO1 */
#define IOIO_TYPE_IN            (1u << 0)
#define IOIO_STR                (1u << 2)
#define IOIO_REP                (1u << 3)
#define IOIO_SIZE_SHIFT         4       /* bits 4-6: 1, 2 or 4 bytes */
#define IOIO_PORT_SHIFT         16

/* NPF EXITINFO1 (a #PF error code plus two NPT bits) */
#define NPF_PRESENT             (1ull << 0)
#define NPF_WRITE               (1ull << 1)
#define NPF_FETCH               (1ull << 4)

/* EVENTINJ / EXITINTINFO */
#define EVENTTYPE_INTR          0
#define EVENTTYPE_NMI           2
#define EVENTTYPE_EXCEPTION     3
#define EVENTTYPE_SWINT         4
#define EVENTINJ_TYPE_SHIFT     8
#define EVENTINJ_EV             (1ull << 11)    /* error code valid */
#define EVENTINJ_VALID          (1ull << 31)

/* TLB_CONTROL (offset 0x05c) */
#define TLB_CTRL_NO_FLUSH       0
#define TLB_CTRL_FLUSH_ALL      1

/* NP_ENABLE (offset 0x090) */
#define NP_ENABLE               (1ull << 0)

/* VINTR (offset 0x060) */
#define VINTR_IRQ               (1ull << 8)     /* V_IRQ: virtual interrupt */
#define VINTR_IGN_TPR           (1ull << 20)
#define VINTR_MASKING           (1ull << 24)

struct segment_register {
    uint16_t sel;
    uint16_t attr;      /* type, S, DPL, P, AVL, L, D/B, G packed in 12 bits */
    uint32_t limit;
    uint64_t base;
};
_Static_assert(sizeof(struct segment_register) == 16, "VMCB segment");

struct vmcb_struct {
    /* Control area. */
    uint32_t cr_intercepts;         /* +0x000 */
    uint32_t dr_intercepts;         /* +0x004 */
    uint32_t exception_intercepts;  /* +0x008 */
    uint32_t general1_intercepts;   /* +0x00c */
    uint32_t general2_intercepts;   /* +0x010 */
    uint32_t general3_intercepts;   /* +0x014 */
    uint8_t  res01[0x03c - 0x018];
    uint16_t pause_filter_thresh;   /* +0x03c */
    uint16_t pause_filter_count;    /* +0x03e */
    uint64_t iopm_base_pa;          /* +0x040 */
    uint64_t msrpm_base_pa;         /* +0x048 */
    uint64_t tsc_offset;            /* +0x050 */
    uint32_t guest_asid;            /* +0x058 */
    uint8_t  tlb_control;           /* +0x05c */
    uint8_t  res02[3];
    uint64_t vintr;                 /* +0x060 */
    uint64_t interrupt_shadow;      /* +0x068 */
    uint64_t exitcode;              /* +0x070 */
    uint64_t exitinfo1;             /* +0x078 */
    uint64_t exitinfo2;             /* +0x080 */
    uint64_t exitintinfo;           /* +0x088 */
    uint64_t np_enable;             /* +0x090 */
    uint64_t avic_apic_bar;         /* +0x098 */
    uint64_t ghcb_pa;               /* +0x0a0 */
    uint64_t eventinj;              /* +0x0a8 */
    uint64_t n_cr3;                 /* +0x0b0 */
    uint64_t virt_ext;              /* +0x0b8 */
    uint32_t clean_bits;            /* +0x0c0 */
    uint32_t res03;
    uint64_t nextrip;               /* +0x0c8 */
    uint8_t  guest_ins_len;         /* +0x0d0 */
    uint8_t  guest_ins[15];
    uint8_t  res04[0x400 - 0x0e0];

    /* State save area. */
    struct segment_register es;     /* +0x400 */
    struct segment_register cs;     /* +0x410 */
    struct segment_register ss;     /* +0x420 */
    struct segment_register ds;     /* +0x430 */
    struct segment_register fs;     /* +0x440 */
    struct segment_register gs;     /* +0x450 */
    struct segment_register gdtr;   /* +0x460 */
    struct segment_register ldtr;   /* +0x470 */
    struct segment_register idtr;   /* +0x480 */
    struct segment_register tr;     /* +0x490 */
    uint8_t  res05[0x4cb - 0x4a0];
    uint8_t  cpl;                   /* +0x4cb */
    uint32_t res06;
    uint64_t efer;                  /* +0x4d0 */
    uint8_t  res07[0x548 - 0x4d8];
    uint64_t cr4;                   /* +0x548 */
    uint64_t cr3;                   /* +0x550 */
    uint64_t cr0;                   /* +0x558 */
    uint64_t dr7;                   /* +0x560 */
    uint64_t dr6;                   /* +0x568 */
    uint64_t rflags;                /* +0x570 */
    uint64_t rip;                   /* +0x578 */
    uint8_t  res08[0x5d8 - 0x580];
    uint64_t rsp;                   /* +0x5d8 */
    uint64_t s_cet;                 /* +0x5e0 */
    uint64_t ssp;                   /* +0x5e8 */
    uint64_t isst_addr;             /* +0x5f0 */
    uint64_t rax;                   /* +0x5f8 */
    uint64_t star;                  /* +0x600 */
    uint64_t lstar;                 /* +0x608 */
    uint64_t cstar;                 /* +0x610 */
    uint64_t sfmask;                /* +0x618 */
    uint64_t kernel_gs_base;        /* +0x620 */
    uint64_t sysenter_cs;           /* +0x628 */
    uint64_t sysenter_esp;          /* +0x630 */
    uint64_t sysenter_eip;          /* +0x638 */
    uint64_t cr2;                   /* +0x640 */
    uint8_t  res09[0x668 - 0x648];
    uint64_t g_pat;                 /* +0x668 */
    uint64_t debugctlmsr;           /* +0x670 */
    uint64_t lastbranchfromip;      /* +0x678 */
    uint64_t lastbranchtoip;        /* +0x680 */
    uint64_t lastintfromip;         /* +0x688 */
    uint64_t lastinttoip;           /* +0x690 */
    uint8_t  res10[0x1000 - 0x698];
};

_Static_assert(sizeof(struct vmcb_struct) == 0x1000, "VMCB is one page");
_Static_assert(__builtin_offsetof(struct vmcb_struct, exitcode) == 0x070,
               "VMCB exitcode");
_Static_assert(__builtin_offsetof(struct vmcb_struct, n_cr3) == 0x0b0,
               "VMCB n_cr3");
_Static_assert(__builtin_offsetof(struct vmcb_struct, cpl) == 0x4cb,
               "VMCB cpl");
_Static_assert(__builtin_offsetof(struct vmcb_struct, rip) == 0x578,
               "VMCB rip");
_Static_assert(__builtin_offsetof(struct vmcb_struct, rax) == 0x5f8,
               "VMCB rax");
_Static_assert(__builtin_offsetof(struct vmcb_struct, g_pat) == 0x668,
               "VMCB g_pat");

struct vcpu;

/* vmcb.c: build a VMCB for a vCPU that starts in 32-bit flat protected
 * mode (paging off) at rip, with the domain's NPT root. */
int svm_vmcb_create(struct vcpu *v);
void svm_vmcb_destroy(struct vcpu *v);
void svm_vmcb_dump(const struct vmcb_struct *vmcb);
/* The state a SIPI with this vector starts a vCPU in: real mode at
 * CS = vector << 8, IP 0, as after INIT. */
void svm_vmcb_reset_real_mode(struct vmcb_struct *vmcb, uint8_t vector);
/* Give v its own I/O permission map (12 KiB, machine address; e.g. dom0's
 * pass-through map); the default intercepts every port. */
void svm_vmcb_set_iopm(struct vcpu *v, paddr_t iopm_pa);

#endif /* ASM_HVM_SVM_VMCB_H */
