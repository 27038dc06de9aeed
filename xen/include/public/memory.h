/* XENMEM_* (memory_op, hypercall 12): sub-op numbers and argument layouts
 * (x86_64), written from Xen's public interface; the values are the ABI. */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include <xen/types.h>

/* Sub-ops: the low bits of arg[0] (the rest holds a continuation index). */
#define XENMEM_increase_reservation     0
#define XENMEM_decrease_reservation     1
#define XENMEM_maximum_ram_page         2
#define XENMEM_current_reservation      3
#define XENMEM_maximum_reservation      4
#define XENMEM_machphys_mfn_list        5
#define XENMEM_populate_physmap         6
#define XENMEM_add_to_physmap           7
#define XENMEM_memory_map               9
#define XENMEM_machine_memory_map       10
#define XENMEM_set_memory_map           13
#define XENMEM_maximum_gpfn             14
#define XENMEM_remove_from_physmap      15
#define XENMEM_get_sharing_freed_pages  18
#define XENMEM_get_sharing_shared_pages 19
#define XENMEM_add_to_physmap_batch     23
#define XENMEM_acquire_resource         28
#define XENMEM_NR_OPS                   32

#define MEMOP_CMD_MASK                  0x3f

/* increase/decrease_reservation, populate_physmap. */
struct xen_memory_reservation {
    uint64_t extent_start;      /* guest pointer to a list of u64 gfns */
    uint64_t nr_extents;
    uint32_t extent_order;      /* each extent is 2^order pages */
    uint32_t mem_flags;         /* XENMEMF_* */
    uint16_t domid;
    uint8_t pad[6];
};

/* Where add_to_physmap takes the frame from. */
#define XENMAPSPACE_shared_info         0
#define XENMAPSPACE_grant_table         1
#define XENMAPSPACE_gmfn                2
#define XENMAPSPACE_gmfn_range          3
#define XENMAPSPACE_gmfn_foreign        4
#define XENMAPSPACE_dev_mmio            5

struct xen_add_to_physmap {
    uint16_t domid;
    uint16_t size;              /* pages, for XENMAPSPACE_gmfn_range */
    uint32_t space;             /* XENMAPSPACE_* */
    uint64_t idx;               /* frame index within the space */
    uint64_t gpfn;              /* where the guest wants it */
};

struct xen_remove_from_physmap {
    uint16_t domid;
    uint8_t pad[6];
    uint64_t gpfn;
};

/* memory_map / machine_memory_map: nr_entries in = room, out = written. */
struct xen_memory_map {
    uint32_t nr_entries;
    uint32_t pad;
    uint64_t buffer;            /* guest pointer to e820 entries */
};

/* One entry of the returned map: 20 bytes, no padding. */
struct xen_e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __attribute__((packed));

_Static_assert(sizeof(struct xen_memory_reservation) == 32, "ABI");
_Static_assert(__builtin_offsetof(struct xen_memory_reservation, domid) == 24,
               "ABI");
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "ABI");
_Static_assert(__builtin_offsetof(struct xen_add_to_physmap, idx) == 8, "ABI");
_Static_assert(sizeof(struct xen_remove_from_physmap) == 16, "ABI");
_Static_assert(sizeof(struct xen_memory_map) == 16, "ABI");
_Static_assert(sizeof(struct xen_e820_entry) == 20, "ABI");

#endif /* PUBLIC_MEMORY_H */
