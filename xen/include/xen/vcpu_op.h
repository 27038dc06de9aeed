/* Per-vCPU guest-ABI state kept by common/vcpu_op.c: the vCPU timers, the
 * registered vcpu_info and runstate area, and the hooks that keep them
 * current. */
#ifndef XEN_VCPU_OP_H
#define XEN_VCPU_OP_H

#include <public/xen.h>
#include <xen/types.h>

struct domain;
struct vcpu;

/* vcpu_create / vcpu_destroy: vcpu_info slot, timers, "none" markers. */
void vcpu_guest_init(struct vcpu *v);
void vcpu_guest_destroy(struct vcpu *v);
/* domain_create / domain_destroy: the shared_info page (not for the idle
 * domain).  0 or -ENOMEM. */
int domain_shared_info_init(struct domain *d);
void domain_shared_info_destroy(struct domain *d);

/* Before every entry into v (on its pCPU): pvclock and timer placement. */
void vcpu_guest_enter(struct vcpu *v);
/* vcpu_set_runstate: publish v's runstate in its registered area. */
void vcpu_runstate_guest_update(struct vcpu *v);

/* v's runstate as VCPUOP_get_runstate_info reports it at time now (the
 * current state's time counted up to now). */
void vcpu_runstate_get(const struct vcpu *v, int64_t now,
                       struct vcpu_runstate_info *info);

/* The runstate area protocol, separate from guest memory for testing:
 * write(ctx, offset, src, len) stores into the guest's area.  With
 * update_flag (VMASST_TYPE_runstate_update_flag) the area carries
 * XEN_RUNSTATE_UPDATE in state_entry_time for the whole rewrite. */
typedef int (*runstate_write_fn)(void *ctx, size_t off, const void *src,
                                 size_t len);
int runstate_publish(const struct vcpu_runstate_info *info, bool update_flag,
                     runstate_write_fn write, void *ctx);

#endif /* XEN_VCPU_OP_H */
