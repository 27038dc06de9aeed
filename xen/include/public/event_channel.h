/* Guest ABI of event channels (hypercall 32): EVTCHNOP_* sub-op numbers
 * and their argument structures, x86_64 layout, with Xen's numbers. */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include <xen/types.h>

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain   0
#define EVTCHNOP_bind_virq          1
#define EVTCHNOP_bind_pirq          2
#define EVTCHNOP_close              3
#define EVTCHNOP_send               4
#define EVTCHNOP_status             5
#define EVTCHNOP_alloc_unbound      6
#define EVTCHNOP_bind_ipi           7
#define EVTCHNOP_bind_vcpu          8
#define EVTCHNOP_unmask             9
#define EVTCHNOP_reset              10
#define EVTCHNOP_init_control       11
#define EVTCHNOP_expand_array       12
#define EVTCHNOP_set_priority       13
#define EVTCHNOP_reset_cont         14
#define EVTCHNOP_NR                 15

/* A fresh port in dom that remote_dom may later bind to (port: out). */
struct evtchn_alloc_unbound {
    uint16_t dom;
    uint16_t remote_dom;
    evtchn_port_t port;
};

/* Connect a new local port to remote_dom's unbound remote_port. */
struct evtchn_bind_interdomain {
    uint16_t remote_dom;
    evtchn_port_t remote_port;
    evtchn_port_t local_port;       /* out */
};

struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port;             /* out */
};

struct evtchn_bind_pirq {
    uint32_t pirq;
    uint32_t flags;
    evtchn_port_t port;             /* out */
};

struct evtchn_bind_ipi {
    uint32_t vcpu;
    evtchn_port_t port;             /* out */
};

/* close, send and unmask take just a port. */
struct evtchn_close {
    evtchn_port_t port;
};

struct evtchn_send {
    evtchn_port_t port;
};

struct evtchn_unmask {
    evtchn_port_t port;
};

/* EVTCHNOP_status values. */
#define EVTCHNSTAT_closed       0
#define EVTCHNSTAT_unbound      1
#define EVTCHNSTAT_interdomain  2
#define EVTCHNSTAT_pirq         3
#define EVTCHNSTAT_virq         4
#define EVTCHNSTAT_ipi          5

struct evtchn_status {
    uint16_t dom;
    evtchn_port_t port;
    uint32_t status;                /* out: EVTCHNSTAT_* */
    uint32_t vcpu;                  /* out: the vCPU notified */
    union {
        struct {
            uint16_t dom;
        } unbound;
        struct {
            uint16_t dom;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};

struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};

struct evtchn_reset {
    uint16_t dom;
};

/* FIFO ABI (we answer -ENOSYS, so guests use the 2-level ABI). */
struct evtchn_init_control {
    uint64_t control_gfn;
    uint32_t offset;
    uint32_t vcpu;
    uint8_t link_bits;
    uint8_t pad[7];
};

struct evtchn_expand_array {
    uint64_t array_gfn;
};

struct evtchn_set_priority {
    evtchn_port_t port;
    uint32_t priority;
};

_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "ABI");
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "ABI");
_Static_assert(__builtin_offsetof(struct evtchn_bind_interdomain,
                                  remote_port) == 4, "ABI");
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "ABI");
_Static_assert(sizeof(struct evtchn_bind_pirq) == 12, "ABI");
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "ABI");
_Static_assert(sizeof(struct evtchn_status) == 24, "ABI");
_Static_assert(__builtin_offsetof(struct evtchn_status, u) == 16, "ABI");
_Static_assert(__builtin_offsetof(struct evtchn_status,
                                  u.interdomain.port) == 20, "ABI");
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "ABI");
_Static_assert(sizeof(struct evtchn_reset) == 2, "ABI");
_Static_assert(sizeof(struct evtchn_init_control) == 24, "ABI");
_Static_assert(sizeof(struct evtchn_set_priority) == 8, "ABI");

#endif /* PUBLIC_EVENT_CHANNEL_H */
