/* The guest CPUID policy: host leaves filtered to what we virtualize, a
 * topology built from the vCPU's APIC ID, and the Xen leaves. */
#ifndef ASM_HVM_CPUID_H
#define ASM_HVM_CPUID_H

#include <xen/types.h>

#define XEN_CPUID_BASE          0x40000000
#define XEN_CPUID_MAX           (XEN_CPUID_BASE + 5)

/* Base+4 EAX flags (Xen's public arch-x86/cpuid.h numbers). */
#define XEN_HVM_CPUID_VCPU_ID_PRESENT   (1u << 3)   /* EBX = vcpu id */
#define XEN_HVM_CPUID_DOMID_PRESENT     (1u << 4)   /* ECX = domid */

/* Everything the policy depends on besides the host's own leaves. */
struct cpuid_ctx {
    unsigned int vcpu_id;
    unsigned int nr_vcpus;
    unsigned int domid;
    bool osxsave;               /* guest CR4.OSXSAVE */
    uint32_t tsc_khz;
};

/* r holds the host's leaf on entry and the guest's on return. */
void cpuid_policy(const struct cpuid_ctx *c, uint32_t leaf, uint32_t sub,
                  uint32_t r[4]);
/* The Xen leaves 0x40000000-0x400000ff (zero beyond XEN_CPUID_MAX). */
void cpuid_xen_leaf(const struct cpuid_ctx *c, uint32_t leaf, uint32_t sub,
                    uint32_t r[4]);

#endif /* ASM_HVM_CPUID_H */
