/* VCPUOP_* (vcpu_op, hypercall 24): sub-op numbers and argument layouts
 * (x86_64), written from Xen's public interface; the values are the ABI. */
#ifndef PUBLIC_VCPU_H
#define PUBLIC_VCPU_H

#include <xen/types.h>

#define VCPUOP_initialise                       0
#define VCPUOP_up                               1
#define VCPUOP_down                             2
#define VCPUOP_is_up                            3
#define VCPUOP_get_runstate_info                4
#define VCPUOP_register_runstate_memory_area    5
#define VCPUOP_set_periodic_timer               6
#define VCPUOP_stop_periodic_timer              7
#define VCPUOP_set_singleshot_timer             8
#define VCPUOP_stop_singleshot_timer            9
#define VCPUOP_register_vcpu_info               10
#define VCPUOP_send_nmi                         11
#define VCPUOP_get_physid                       12
#define VCPUOP_register_vcpu_time_memory_area   13
#define VCPUOP_NR_OPS                           14

/* register_runstate_memory_area / register_vcpu_time_memory_area: a
 * guest-virtual address (0 = unregister). */
struct vcpu_register_runstate_memory_area {
    uint64_t addr;
};

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* system time (ns since boot) */
    uint32_t flags;             /* VCPU_SSHOTTMR_* */
    uint32_t pad;
};
#define VCPU_SSHOTTMR_future    (1u << 0)   /* -ETIME if already past */

/* register_vcpu_info: move the vCPU's vcpu_info into a guest page. */
struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* a gfn for translated guests */
    uint32_t offset;            /* within that page */
    uint32_t rsvd;
};

_Static_assert(sizeof(struct vcpu_register_runstate_memory_area) == 8, "ABI");
_Static_assert(sizeof(struct vcpu_set_periodic_timer) == 8, "ABI");
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "ABI");
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "ABI");

#endif /* PUBLIC_VCPU_H */
