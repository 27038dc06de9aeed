/* memory_op's pieces other code and the tests use (common/memory.c). */
#ifndef XEN_MEMORY_H
#define XEN_MEMORY_H

#include <public/memory.h>
#include <xen/types.h>

struct domain;
struct e820map;
struct vcpu;


/* Copy map into the guest's xen_memory_map at arg (guest-virtual): at most
 * nr_entries entries, nr_entries set to the number written.  0, -EFAULT,
 * or -ENOSYS when there is no map. */
int memory_map_copy(struct vcpu *v, const struct e820map *map, uint64_t arg);
/* XENMEM_add_to_physmap on d (argument already copied in). */
int memory_add_to_physmap(struct domain *d,
                          const struct xen_add_to_physmap *x);
/* Empty 2^order pages at gfn (an owned frame is freed). */
int memory_unmap_gfn(struct domain *d, uint64_t gfn, unsigned int order);
/* Apply op to each gfn of r's extent list; the number done. */
long memory_reservation_walk(struct vcpu *v, struct domain *d,
                             const struct xen_memory_reservation *r,
                             int (*op)(struct domain *, uint64_t,
                                       unsigned int));

#endif /* XEN_MEMORY_H */
