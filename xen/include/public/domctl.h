/* The domctl hypercall (36): the control domain's requests about domains.
 * One 144-byte struct (command, interface version, target domain, a union
 * of per-command arguments); numbers and layouts are Xen 4.17's ABI. */
#ifndef PUBLIC_DOMCTL_H
#define PUBLIC_DOMCTL_H

#include <xen/types.h>

/* The version a caller must put in interface_version (Xen 4.17's); the
 * union's layouts change with it, so any other value is -EACCES. */
#define XEN_DOMCTL_INTERFACE_VERSION    0x00000015

#define XEN_DOMCTL_getdomaininfo        5

/* getdomaininfo's flags: state bits, and the shutdown reason (SHUTDOWN_*)
 * in bits 16..23 while the shutdown bit is set. */
#define XEN_DOMINF_dying                (1u << 0)   /* being destroyed */
#define XEN_DOMINF_hvm_guest            (1u << 1)   /* HVM or PVH */
#define XEN_DOMINF_shutdown             (1u << 2)   /* stopped, see code */
#define XEN_DOMINF_paused               (1u << 3)   /* by the controller */
#define XEN_DOMINF_blocked              (1u << 4)   /* every vCPU waits */
#define XEN_DOMINF_running              (1u << 5)   /* a vCPU is on a pCPU */
#define XEN_DOMINF_debugged             (1u << 6)
#define XEN_DOMINF_xs_domain            (1u << 7)   /* runs xenstored */
#define XEN_DOMINF_hap                  (1u << 8)   /* nested paging */
#define XEN_DOMINF_shutdownshift        16
#define XEN_DOMINF_shutdownmask         0xffu

/* max_vcpu_id of a domain without vCPUs. */
#define XEN_INVALID_MAX_VCPU_ID         0xffffffffu

/* arch_config.emulation_flags: which platform devices the hypervisor
 * emulates for the domain (bit numbers as Xen's). */
#define XEN_X86_EMU_LAPIC               (1u << 0)
#define XEN_X86_EMU_HPET                (1u << 1)
#define XEN_X86_EMU_PM                  (1u << 2)
#define XEN_X86_EMU_RTC                 (1u << 3)
#define XEN_X86_EMU_IOAPIC              (1u << 4)
#define XEN_X86_EMU_PIC                 (1u << 5)
#define XEN_X86_EMU_VGA                 (1u << 6)
#define XEN_X86_EMU_IOMMU               (1u << 7)
#define XEN_X86_EMU_PIT                 (1u << 8)
#define XEN_X86_EMU_USE_PIRQ            (1u << 9)
#define XEN_X86_EMU_VPCI                (1u << 10)

struct xen_arch_domainconfig {
    uint32_t emulation_flags;   /* XEN_X86_EMU_* */
    uint32_t misc_flags;
};

/* Everything is output except that the outer struct's domain field says
 * where the search starts: the first domain with an id >= it is reported
 * (and its id written to both domain fields). */
struct xen_domctl_getdomaininfo {
    uint16_t domain;
    uint16_t pad1;
    uint32_t flags;             /* XEN_DOMINF_* */
    uint64_t tot_pages;         /* RAM the domain holds */
    uint64_t max_pages;         /* its reservation limit */
    uint64_t outstanding_pages;
    uint64_t shr_pages;
    uint64_t paged_pages;
    uint64_t shared_info_frame; /* gfn of shared_info, ~0 when unmapped */
    uint64_t cpu_time;          /* ns run, all vCPUs together */
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;       /* highest vCPU id that exists */
    uint32_t ssidref;
    uint8_t handle[16];         /* the toolstack's UUID for the domain */
    uint32_t cpupool;
    uint8_t gpaddr_bits;        /* guest-physical address width */
    uint8_t pad2[7];
    struct xen_arch_domainconfig arch_config;
};

struct xen_domctl {
    uint32_t cmd;               /* XEN_DOMCTL_* */
    uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
    uint16_t domain;
    uint16_t pad[3];
    union {
        struct xen_domctl_getdomaininfo getdomaininfo;
        uint8_t pad[128];
        uint64_t align;         /* the ABI's union is 8-byte aligned */
    } u;
};

#define DOMCTL_OFF(type, field)     __builtin_offsetof(struct type, field)
_Static_assert(sizeof(struct xen_arch_domainconfig) == 8, "ABI");
_Static_assert(sizeof(struct xen_domctl_getdomaininfo) == 112, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, flags) == 4, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, tot_pages) == 8, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, max_pages) == 16, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, outstanding_pages) == 24,
               "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, shr_pages) == 32, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, paged_pages) == 40, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, shared_info_frame) == 48,
               "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, cpu_time) == 56, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, nr_online_vcpus) == 64,
               "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, max_vcpu_id) == 68, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, ssidref) == 72, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, handle) == 76, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, cpupool) == 92, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, gpaddr_bits) == 96, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl_getdomaininfo, arch_config) == 104,
               "ABI");
_Static_assert(sizeof(struct xen_domctl) == 144, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl, interface_version) == 4, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl, domain) == 8, "ABI");
_Static_assert(DOMCTL_OFF(xen_domctl, u) == 16, "ABI");
#undef DOMCTL_OFF

#endif /* PUBLIC_DOMCTL_H */
