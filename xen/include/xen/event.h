/* Event channels (2-level ABI): what the rest of the hypervisor calls to
 * raise VIRQs and deliver events (common/event_channel.c). */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/types.h>

struct domain;
struct vcpu;

/* Per-domain set-up / teardown (called from domain_create/destroy). */
int evtchn_domain_init(struct domain *d);
void evtchn_domain_destroy(struct domain *d);

/* Raise a per-vCPU VIRQ (VIRQ_TIMER, VIRQ_DEBUG) on v, or a global one
 * (VIRQ_CONSOLE, VIRQ_DOM_EXC) on d's vCPU that bound it.  No-op when the
 * guest has not bound it. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);

/* Mark port pending in d and notify the vCPU it is bound to. */
int evtchn_set_pending(struct domain *d, unsigned int port);

/* Whether v has an event to take (vcpu_info upcall_pending).  The upcall
 * itself is raised by hvm_evtchn_upcall(v) (arch: callback vector). */
bool evtchn_upcall_pending(const struct vcpu *v);

/* SCHEDOP_poll helper: whether any of d's ports in the list is pending. */
bool evtchn_port_is_pending(struct domain *d, unsigned int port);

#endif /* XEN_EVENT_H */
