/* Guest CPUID policy: a pure function of the host leaf and the vCPU's
 * identity (host-tested), plus hvm_cpuid which feeds it real leaves. */
#include <asm/hvm/cpuid.h>
#include <asm/hvm/hvm.h>
#include <asm/processor.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/time.h>

#define XEN_SIG_EBX             0x566e6558  /* "XenV" */
#define XEN_SIG_ECX             0x65584d4d  /* "MMXe" */
#define XEN_SIG_EDX             0x4d4d566e  /* "nVMM" */
#define XEN_VERSION_4_17        ((4u << 16) | 17)
#define XEN_HYPERCALL_MSR       0x40000000


/* Leaf 1 ECX: hidden are DTES64, MONITOR, DS-CPL, VMX, SMX, EST, TM2,
 * xTPR, PDCM (no PMU), TSC-deadline (the vLAPIC timer has no such mode)
 * and OSXSAVE (recomputed from the guest's CR4). */
#define L1_ECX_HIDE     (BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | \
                         BIT(7) | BIT(8) | BIT(14) | BIT(15) | BIT(24) | \
                         BIT(27))
#define L1_ECX_X2APIC   BIT(21)
#define L1_ECX_OSXSAVE  BIT(27)
#define L1_ECX_HV       BIT(31)
/* Leaf 1 EDX: MCE, MCA (no vMCE), DS, ACPI thermal, TM, PBE hidden. */
#define L1_EDX_HIDE     (BIT(7) | BIT(14) | BIT(21) | BIT(22) | BIT(29) | \
                         BIT(31))
#define L1_EDX_HTT      BIT(28)
/* Leaf 7.0 EBX: SGX, TSC_ADJUST, PQM, PQE (RDT), MPX, Processor Trace. */
#define L7_EBX_HIDE     (BIT(1) | BIT(2) | BIT(12) | BIT(14) | BIT(15) | \
                         BIT(25))
/* Leaf 7.0 ECX: PKU, OSPKE, WAITPKG, LA57. */
#define L7_ECX_HIDE     (BIT(3) | BIT(4) | BIT(5) | BIT(16))
/* Leaf 7.0 EDX: speculation controls we do not virtualize (their MSRs
 * #GP): IBRS/IBPB, STIBP, L1D_FLUSH, ARCH_CAPABILITIES, CORE_CAPS, SSBD. */
#define L7_EDX_HIDE     (BIT(26) | BIT(27) | BIT(28) | BIT(29) | BIT(30) | \
                         BIT(31))
/* 0x80000001 ECX: SVM, IBS, SKINIT, WDT, LWP, TOPOEXT, PERFCTR_CORE/NB,
 * PERFCTR_LLC, MWAITX, OSVW. */
#define X1_ECX_HIDE     (BIT(2) | BIT(9) | BIT(10) | BIT(12) | BIT(13) | \
                         BIT(15) | BIT(22) | BIT(23) | BIT(24) | BIT(28) | \
                         BIT(29))
/* 0x80000007 EDX: only the invariant TSC is kept. */
#define X7_EDX_KEEP     BIT(8)
/* 0x80000008 EBX: IBPB, IBRS, STIBP and friends, SSBD, VIRT_SSBD. */
#define X8_EBX_HIDE     (BIT(12) | BIT(14) | BIT(15) | BIT(16) | BIT(17) | \
                         BIT(18) | BIT(24) | BIT(25))
/* Leaf 0xD.0 EAX: PKRU state goes with PKU. */
#define XD_EAX_HIDE     BIT(9)
/* Leaf 6 EAX: only ARAT (the APIC timer keeps running in deep C-states). */
#define L6_EAX_KEEP     BIT(2)

static uint32_t apic_id(const struct cpuid_ctx *c)
{
    return 2 * c->vcpu_id;
}

/* Bits needed for every APIC ID of the domain (IDs are 2 * vcpu_id). */
static unsigned int apic_id_width(const struct cpuid_ctx *c)
{
    unsigned int n = c->nr_vcpus ? 2 * c->nr_vcpus : 2, w = 0;

    while ((1u << w) < n)
        w++;
    return w;
}

static void zero(uint32_t r[4])
{
    memset(r, 0, 4 * sizeof(r[0]));
}

static void leaf1(const struct cpuid_ctx *c, uint32_t r[4])
{
    uint32_t logical = 2 * c->nr_vcpus > 255 ? 255 : 2 * c->nr_vcpus;

    r[1] = (r[1] & 0xffff) | (logical << 16) | (apic_id(c) << 24);
    r[2] = (r[2] & ~L1_ECX_HIDE) | L1_ECX_X2APIC | L1_ECX_HV |
           (c->osxsave ? L1_ECX_OSXSAVE : 0);
    r[3] = (r[3] & ~L1_EDX_HIDE) | L1_EDX_HTT;
}

/* Leaves 0xB and 0x1F: an SMT level of one thread (IDs step by 2), then a
 * core level holding every vCPU. */
static void topology(const struct cpuid_ctx *c, uint32_t sub, uint32_t r[4])
{
    zero(r);
    r[3] = apic_id(c);
    switch (sub) {
    case 0:
        r[0] = 1;
        r[1] = 1;
        r[2] = (1u << 8) | sub;         /* SMT */
        break;
    case 1:
        r[0] = apic_id_width(c);
        r[1] = c->nr_vcpus;
        r[2] = (2u << 8) | sub;         /* core */
        break;
    default:
        r[2] = sub;                     /* invalid level */
        break;
    }
}

void cpuid_policy(const struct cpuid_ctx *c, uint32_t leaf, uint32_t sub,
                  uint32_t r[4])
{
    switch (leaf) {
    case 1:
        leaf1(c, r);
        break;
    case 5:                             /* MONITOR/MWAIT: hidden */
    case 0xa:                           /* architectural PMU: none */
        zero(r);
        break;
    case 6:
        r[0] &= L6_EAX_KEEP;
        r[1] = r[2] = r[3] = 0;
        break;
    case 7:
        if (sub == 0) {
            r[1] &= ~L7_EBX_HIDE;
            r[2] &= ~L7_ECX_HIDE;
            r[3] &= ~L7_EDX_HIDE;
        } else {
            zero(r);
        }
        break;
    case 0xb:
    case 0x1f:
        topology(c, sub, r);
        break;
    case 0xd:
        if (sub == 0)
            r[0] &= ~XD_EAX_HIDE;
        break;
    case 0x80000001:
        r[2] &= ~X1_ECX_HIDE;
        break;
    case 0x80000007:
        r[0] = r[1] = r[2] = 0;
        r[3] &= X7_EDX_KEEP;
        break;
    case 0x80000008:
        r[1] &= ~X8_EBX_HIDE;
        r[2] = (apic_id_width(c) << 12) |
               ((2 * c->nr_vcpus - 1) & 0xff);
        break;
    case 0x8000000a:                    /* SVM */
    case 0x8000001d:                    /* cache topology (TOPOEXT) */
    case 0x8000001e:                    /* core/node IDs (TOPOEXT) */
    case 0x8000001f:                    /* SME/SEV */
        zero(r);
        break;
    default:
        if (leaf >= 0x80000020 && leaf <= 0x8000ffff)
            zero(r);                    /* QoS, PMU v2 and later */
        break;
    }
}

void cpuid_xen_leaf(const struct cpuid_ctx *c, uint32_t leaf, uint32_t sub,
                    uint32_t r[4])
{
    zero(r);
    switch (leaf) {
    case XEN_CPUID_BASE:
        r[0] = XEN_CPUID_MAX;
        r[1] = XEN_SIG_EBX;
        r[2] = XEN_SIG_ECX;
        r[3] = XEN_SIG_EDX;
        break;
    case XEN_CPUID_BASE + 1:
        r[0] = XEN_VERSION_4_17;
        break;
    case XEN_CPUID_BASE + 2:
        r[0] = 1;                       /* hypercall pages */
        r[1] = XEN_HYPERCALL_MSR;       /* MSR that installs the page */
        break;
    case XEN_CPUID_BASE + 3:            /* TSC: native, mode "default" */
        if (sub == 0)
            r[2] = c->tsc_khz;
        else if (sub == 2)
            r[0] = c->tsc_khz;
        break;
    case XEN_CPUID_BASE + 4:
        r[0] = XEN_HVM_CPUID_VCPU_ID_PRESENT | XEN_HVM_CPUID_DOMID_PRESENT;
        r[1] = c->vcpu_id;
        r[2] = c->domid;
        break;
    default:                            /* base+5 and beyond: zero */
        break;
    }
}

#define X86_CR4_OSXSAVE_BIT     (1ull << 18)

static void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ __volatile__ ("cpuid"
                          : "=a" (r[0]), "=b" (r[1]), "=c" (r[2]), "=d" (r[3])
                          : "a" (leaf), "c" (sub));
}

void hvm_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf,
               uint32_t r[4])
{
    struct cpuid_ctx c = {
        .vcpu_id = v->vcpu_id,
        .nr_vcpus = v->domain->max_vcpus,
        .domid = v->domain->domain_id,
        .osxsave = hvm_funcs.get_cr4 &&
                   (hvm_funcs.get_cr4(v) & X86_CR4_OSXSAVE_BIT),
        .tsc_khz = (uint32_t)cpu_khz,
    };

    if ((leaf & 0xffff0000) == XEN_CPUID_BASE) {
        cpuid_xen_leaf(&c, leaf, subleaf, r);
        return;
    }
    cpuid_count(leaf, subleaf, r);
    cpuid_policy(&c, leaf, subleaf, r);
}
