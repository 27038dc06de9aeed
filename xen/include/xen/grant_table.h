/* Grant tables (v1): per-domain state and the hooks memory_op uses to map
 * grant frames into the guest (common/grant_table.c). */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <xen/types.h>

struct domain;

int grant_table_init(struct domain *d);
void grant_table_destroy(struct domain *d);

/* XENMEM_add_to_physmap, space XENMAPSPACE_grant_table: map shared frame
 * idx (bit 31 set: a v2 status frame) of d's table at gfn.  0 or -errno. */
int gnttab_map_frame(struct domain *d, unsigned long idx, uint64_t gfn);

#endif /* XEN_GRANT_TABLE_H */
