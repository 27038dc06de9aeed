/* HVMOP_* sub-ops of the hvm_op hypercall (34) that HVM/PVH guests use,
 * with Xen's numbers and argument layouts. */
#ifndef PUBLIC_HVM_HVM_OP_H
#define PUBLIC_HVM_HVM_OP_H

#include <xen/types.h>

#define HVMOP_set_param                 0
#define HVMOP_get_param                 1
#define HVMOP_set_pci_intx_level        2
#define HVMOP_set_isa_irq_level         3
#define HVMOP_set_pci_link_route        4
#define HVMOP_flush_tlbs                5
#define HVMOP_pagetable_dying           9
#define HVMOP_get_time                  10
#define HVMOP_set_evtchn_upcall_vector  23

struct xen_hvm_param {
    uint16_t domid;             /* DOMID_SELF or a domain id */
    uint16_t pad;
    uint32_t index;             /* HVM_PARAM_* */
    uint64_t value;
};

struct xen_hvm_get_time {
    uint64_t now;               /* system time, ns */
};

struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;
    uint8_t vector;
};

_Static_assert(sizeof(struct xen_hvm_param) == 16, "ABI");
_Static_assert(__builtin_offsetof(struct xen_hvm_param, index) == 4, "ABI");
_Static_assert(sizeof(struct xen_hvm_evtchn_upcall_vector) == 8, "ABI");

#endif /* PUBLIC_HVM_HVM_OP_H */
