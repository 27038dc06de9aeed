/* XENVER_* sub-ops of the xen_version hypercall (17) and their buffers.
 * Numbers and sizes are Xen's public ABI. */
#ifndef PUBLIC_VERSION_H
#define PUBLIC_VERSION_H

#include <xen/types.h>

#define XENVER_version              0   /* returns (major << 16) | minor */
#define XENVER_extraversion         1   /* char[16] */
#define XENVER_compile_info         2   /* struct xen_compile_info */
#define XENVER_capabilities         3   /* char[1024] */
#define XENVER_changeset            4   /* char[64] */
#define XENVER_platform_parameters  5   /* struct xen_platform_parameters */
#define XENVER_get_features         6   /* struct xen_feature_info */
#define XENVER_pagesize             7   /* returns the page size */
#define XENVER_guest_handle         8   /* uint8_t[16] */
#define XENVER_commandline          9   /* char[1024] */
#define XENVER_build_id             10  /* struct xen_build_id */

#define XEN_EXTRAVERSION_LEN        16
#define XEN_CAPABILITIES_LEN        1024
#define XEN_CHANGESET_LEN           64
#define XEN_COMMANDLINE_LEN         1024
#define XEN_DOMAIN_HANDLE_LEN       16

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};

struct xen_platform_parameters {
    uint64_t virt_start;        /* start of the hypervisor's VA hole */
};

struct xen_feature_info {
    uint32_t submap_idx;        /* IN: which 32-bit group of features */
    uint32_t submap;            /* OUT: XENFEAT_* bits of that group */
};

/* IN: len = room in buf; OUT: return value = bytes of the id. */
struct xen_build_id {
    uint32_t len;
    uint8_t buf[];
};

/* XENFEAT_* bit numbers (submap 0). */
#define XENFEAT_writable_page_tables        0
#define XENFEAT_writable_descriptor_tables  1
#define XENFEAT_auto_translated_physmap     2
#define XENFEAT_supervisor_mode_kernel      3
#define XENFEAT_pae_pgdir_above_4gb         4
#define XENFEAT_mmu_pt_update_preserve_ad   5
#define XENFEAT_highmem_assist              6
#define XENFEAT_gnttab_map_avail_bits       7
#define XENFEAT_hvm_callback_vector         8
#define XENFEAT_hvm_safe_pvclock            9
#define XENFEAT_hvm_pirqs                   10
#define XENFEAT_dom0                        11
#define XENFEAT_grant_map_identity          12
#define XENFEAT_memory_op_vnode_supported   13
#define XENFEAT_NR_SUBMAPS                  1

_Static_assert(sizeof(struct xen_compile_info) == 144, "ABI");
_Static_assert(sizeof(struct xen_platform_parameters) == 8, "ABI");
_Static_assert(sizeof(struct xen_feature_info) == 8, "ABI");
_Static_assert(sizeof(struct xen_build_id) == 4, "ABI");

#endif /* PUBLIC_VERSION_H */
