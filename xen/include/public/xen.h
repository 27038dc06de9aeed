/* The guest ABI shared by every Xen guest: hypercall numbers, reserved
 * domain ids, VIRQs and the layout of shared_info / vcpu_info (x86_64).
 * Written from Xen's public interface description; the values are the ABI. */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include <xen/types.h>

/* Hypercall numbers (RAX of VMMCALL/VMCALL). */
#define __HYPERVISOR_set_trap_table         0
#define __HYPERVISOR_mmu_update             1
#define __HYPERVISOR_set_gdt                2
#define __HYPERVISOR_stack_switch           3
#define __HYPERVISOR_set_callbacks          4
#define __HYPERVISOR_fpu_taskswitch         5
#define __HYPERVISOR_sched_op_compat        6
#define __HYPERVISOR_platform_op            7
#define __HYPERVISOR_set_debugreg           8
#define __HYPERVISOR_get_debugreg           9
#define __HYPERVISOR_update_descriptor      10
#define __HYPERVISOR_memory_op              12
#define __HYPERVISOR_multicall              13
#define __HYPERVISOR_update_va_mapping      14
#define __HYPERVISOR_set_timer_op           15
#define __HYPERVISOR_event_channel_op_compat 16
#define __HYPERVISOR_xen_version            17
#define __HYPERVISOR_console_io             18
#define __HYPERVISOR_physdev_op_compat      19
#define __HYPERVISOR_grant_table_op         20
#define __HYPERVISOR_vm_assist              21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                   23
#define __HYPERVISOR_vcpu_op                24
#define __HYPERVISOR_set_segment_base       25
#define __HYPERVISOR_mmuext_op              26
#define __HYPERVISOR_xsm_op                 27
#define __HYPERVISOR_nmi_op                 28
#define __HYPERVISOR_sched_op               29
#define __HYPERVISOR_callback_op            30
#define __HYPERVISOR_xenoprof_op            31
#define __HYPERVISOR_event_channel_op       32
#define __HYPERVISOR_physdev_op             33
#define __HYPERVISOR_hvm_op                 34
#define __HYPERVISOR_sysctl                 35
#define __HYPERVISOR_domctl                 36
#define __HYPERVISOR_kexec_op               37
#define __HYPERVISOR_argo_op                39
#define __HYPERVISOR_xenpmu_op              40
#define __HYPERVISOR_dm_op                  41
#define __HYPERVISOR_hypfs_op               42
#define NR_hypercalls                       64

/* Reserved domain ids. */
#define DOMID_SELF      0x7ff0
#define DOMID_IO        0x7ff1
#define DOMID_XEN       0x7ff2
#define DOMID_COW       0x7ff3
#define DOMID_INVALID   0x7ff4

/* Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq. */
#define VIRQ_TIMER      0   /* per vCPU: the vCPU's timers */
#define VIRQ_DEBUG      1   /* per vCPU: debug key 'q' etc. */
#define VIRQ_CONSOLE    2   /* global: console input for dom0 */
#define VIRQ_DOM_EXC    3   /* global: a domain crashed or shut down */
#define VIRQ_TBUF       4
#define VIRQ_DEBUGGER   6
#define VIRQ_XENOPROF   7
#define VIRQ_CON_RING   8
#define VIRQ_PCPU_STATE 9
#define VIRQ_MEM_EVENT  10
#define VIRQ_ARGO       11
#define VIRQ_ENOMEM     12
#define VIRQ_XENPMU     13
#define NR_VIRQS        24

/* vm_assist types */
#define VMASST_CMD_enable               0
#define VMASST_CMD_disable              1
#define VMASST_TYPE_runstate_update_flag 5

/* pvclock: system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32 */
struct vcpu_time_info {
    uint32_t version;           /* odd while the hypervisor updates it */
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;       /* ns since boot */
    uint32_t tsc_to_system_mul;
    int8_t   tsc_shift;
    uint8_t  flags;             /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
#define XEN_PVCLOCK_TSC_STABLE_BIT  (1u << 0)
#define XEN_PVCLOCK_GUEST_STOPPED   (1u << 1)

struct arch_vcpu_info {
    uint64_t cr2;
    uint64_t pad;
};

struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint64_t evtchn_pending_sel;    /* one bit per word of evtchn_pending */
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};

#define XEN_LEGACY_MAX_VCPUS    32
#define EVTCHN_2L_NR_WORDS      64  /* 64 words x 64 bits = 4096 ports */

struct arch_shared_info {
    uint64_t max_pfn;
    uint64_t pfn_to_mfn_frame_list_list;
    uint64_t nmi_reason;
    uint64_t p2m_cr3;
    uint64_t p2m_vaddr;
    uint64_t p2m_generation;
};

struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    uint64_t evtchn_pending[EVTCHN_2L_NR_WORDS];
    uint64_t evtchn_mask[EVTCHN_2L_NR_WORDS];
    uint32_t wc_version;        /* like vcpu_time_info.version */
    uint32_t wc_sec;            /* wallclock at system time 0 */
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};

/* VCPUOP_register_runstate_memory_area's area. */
struct vcpu_runstate_info {
    int32_t state;              /* RUNSTATE_* (xen/sched.h) */
    uint64_t state_entry_time;  /* bit 63: XEN_RUNSTATE_UPDATE */
    uint64_t time[4];
};
#define XEN_RUNSTATE_UPDATE     (1ull << 63)

_Static_assert(sizeof(struct vcpu_time_info) == 32, "ABI");
_Static_assert(sizeof(struct vcpu_info) == 64, "ABI");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_pending) == 2048,
               "ABI");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 3072,
               "ABI");
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "ABI");

#endif /* PUBLIC_XEN_H */
