/* Guest MSR emulation: the per-vCPU state behind the MSRs the guest owns
 * in software (MTRRs, TSC_AUX, the hypercall page) and the lookup table. */
#ifndef ASM_HVM_MSR_H
#define ASM_HVM_MSR_H

#include <xen/types.h>

struct vcpu;

#define MSR_IA32_TSC            0x10
#define MSR_IA32_MTRRCAP        0xfe
#define MSR_IA32_CR_PAT         0x277
#define MSR_MTRR_PHYS_FIRST     0x200   /* base/mask pairs: 8 of each */
#define MSR_MTRR_PHYS_LAST      0x20f
#define MSR_MTRR_DEF_TYPE       0x2ff
#define MSR_TSC_AUX             0xc0000103
#define MSR_XEN_HYPERCALL_PAGE  0x40000000

#define MTRR_VAR_COUNT          8
#define MTRR_FIXED_COUNT        11
/* MTRRcap: 8 variable ranges, fixed ranges, write-combining. */
#define MTRRCAP_VALUE           ((1u << 10) | (1u << 8) | MTRR_VAR_COUNT)
/* def_type: MTRRs enabled (E), fixed enabled (FE), default WB. */
#define MTRR_DEF_TYPE_DEFAULT   0xc06

#define HYPERCALL_STUB_SIZE     32
#define HYPERCALL_IRET          23      /* __HYPERVISOR_iret: ud2 stub */

struct hvm_msrs {
    uint64_t mtrr_def_type;
    uint64_t mtrr_var[2 * MTRR_VAR_COUNT];
    uint64_t mtrr_fixed[MTRR_FIXED_COUNT];
    uint64_t tsc_aux;
    uint64_t de_cfg;
};

int hvm_msrs_init(struct vcpu *v);
void hvm_msrs_destroy(struct vcpu *v);
/* Index of a fixed-range MTRR MSR in mtrr_fixed[], or -1. */
int mtrr_fixed_index(uint32_t msr);
/* The 32-byte stub for hypercall nr ("mov $nr,%eax; vmmcall; ret"). */
void hypercall_stub(unsigned int nr, uint8_t stub[HYPERCALL_STUB_SIZE]);

#endif /* ASM_HVM_MSR_H */
