/* Guest ABI of grant tables (hypercall 20), version 1 only: the shared
 * entry, GNTTABOP_* sub-ops and their structures, x86_64 layout, with
 * Xen's numbers. */
#ifndef PUBLIC_GRANT_TABLE_H
#define PUBLIC_GRANT_TABLE_H

#include <xen/types.h>

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* One v1 entry of the shared table, written by the granting guest. */
struct grant_entry_v1 {
    uint16_t flags;             /* GTF_* */
    uint16_t domid;             /* who may use the grant */
    uint32_t frame;             /* the granted gfn */
};

#define GTF_invalid             0
#define GTF_permit_access       1
#define GTF_accept_transfer     2
#define GTF_transitive          3
#define GTF_type_mask           3
#define GTF_readonly            (1u << 2)
#define GTF_reading             (1u << 3)   /* set by us while mapped */
#define GTF_writing             (1u << 4)   /* set by us while mapped r/w */

#define GNTTABOP_map_grant_ref      0
#define GNTTABOP_unmap_grant_ref    1
#define GNTTABOP_setup_table        2
#define GNTTABOP_dump_table         3
#define GNTTABOP_transfer           4
#define GNTTABOP_copy               5
#define GNTTABOP_query_size         6
#define GNTTABOP_unmap_and_replace  7
#define GNTTABOP_set_version        8
#define GNTTABOP_get_status_frames  9
#define GNTTABOP_get_version        10
#define GNTTABOP_swap_grant_ref     11
#define GNTTABOP_cache_flush        12
#define GNTTABOP_NR                 13

/* map flags */
#define GNTMAP_device_map       (1u << 0)
#define GNTMAP_host_map         (1u << 1)
#define GNTMAP_readonly         (1u << 2)
#define GNTMAP_application_map  (1u << 3)
#define GNTMAP_contains_pte     (1u << 4)

/* Per-operation status values (negative: failure). */
#define GNTST_okay              0
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)

/* Map grant ref of dom at host_addr (a guest-physical address for
 * auto-translated callers). */
struct gnttab_map_grant_ref {
    uint64_t host_addr;
    uint32_t flags;             /* GNTMAP_* */
    grant_ref_t ref;
    uint16_t dom;
    int16_t status;             /* out */
    grant_handle_t handle;      /* out */
    uint64_t dev_bus_addr;      /* out */
};

struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status;             /* out */
};

struct gnttab_setup_table {
    uint16_t dom;
    uint32_t nr_frames;
    int16_t status;             /* out */
    uint64_t frame_list;        /* guest pointer to nr_frames u64 */
};

struct gnttab_dump_table {
    uint16_t dom;
    int16_t status;             /* out */
};

/* One side of a copy: a grant ref (GNTCOPY_*_gref) or the caller's gfn. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        uint64_t gmfn;
    } u;
    uint16_t domid;
    uint16_t offset;
};

#define GNTCOPY_source_gref     (1u << 0)
#define GNTCOPY_dest_gref       (1u << 1)

struct gnttab_copy {
    struct gnttab_copy_ptr source;
    struct gnttab_copy_ptr dest;
    uint16_t len;
    uint16_t flags;             /* GNTCOPY_* */
    int16_t status;             /* out */
};

struct gnttab_query_size {
    uint16_t dom;
    uint32_t nr_frames;         /* out */
    uint32_t max_nr_frames;     /* out */
    int16_t status;             /* out */
};

struct gnttab_set_version {
    uint32_t version;           /* in: asked for; out: in force */
};

struct gnttab_get_status_frames {
    uint32_t nr_frames;
    uint16_t dom;
    int16_t status;             /* out */
    uint64_t frame_list;
};

struct gnttab_get_version {
    uint16_t dom;
    uint16_t pad;
    uint32_t version;           /* out */
};

struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;
    grant_ref_t ref_b;
    int16_t status;             /* out */
};

struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        uint64_t ref;
    } a;
    uint16_t offset;
    uint16_t length;
    uint32_t op;
};

_Static_assert(sizeof(struct grant_entry_v1) == 8, "ABI");
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "ABI");
_Static_assert(__builtin_offsetof(struct gnttab_map_grant_ref, status) == 18,
               "ABI");
_Static_assert(__builtin_offsetof(struct gnttab_map_grant_ref, handle) == 20,
               "ABI");
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "ABI");
_Static_assert(__builtin_offsetof(struct gnttab_unmap_grant_ref, status) == 20,
               "ABI");
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "ABI");
_Static_assert(sizeof(struct gnttab_dump_table) == 4, "ABI");
_Static_assert(sizeof(struct gnttab_copy_ptr) == 16, "ABI");
_Static_assert(sizeof(struct gnttab_copy) == 40, "ABI");
_Static_assert(__builtin_offsetof(struct gnttab_copy, status) == 36, "ABI");
_Static_assert(sizeof(struct gnttab_query_size) == 16, "ABI");
_Static_assert(sizeof(struct gnttab_set_version) == 4, "ABI");
_Static_assert(sizeof(struct gnttab_get_status_frames) == 16, "ABI");
_Static_assert(sizeof(struct gnttab_get_version) == 8, "ABI");
_Static_assert(sizeof(struct gnttab_swap_grant_ref) == 12, "ABI");
_Static_assert(sizeof(struct gnttab_cache_flush) == 16, "ABI");

#endif /* PUBLIC_GRANT_TABLE_H */
