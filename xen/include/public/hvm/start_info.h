/* The PVH start-of-day block: where a PVH kernel entered in 32-bit flat mode
 * (EBX points here) finds its command line, modules, memory map and RSDP.
 * Layouts and numbers are the Xen ABI (version 1). */
#ifndef PUBLIC_HVM_START_INFO_H
#define PUBLIC_HVM_START_INFO_H

#include <xen/types.h>

#define XEN_HVM_START_MAGIC_VALUE   0x336ec578u

/* hvm_start_info.flags */
#define SIF_PRIVILEGED      (1u << 0)   /* the domain may control others */
#define SIF_INITDOMAIN      (1u << 1)   /* the first domain: dom0 */

struct hvm_start_info {
    uint32_t magic;             /* XEN_HVM_START_MAGIC_VALUE */
    uint32_t version;           /* 1: memmap fields are valid */
    uint32_t flags;             /* SIF_* */
    uint32_t nr_modules;
    uint64_t modlist_paddr;     /* nr_modules x hvm_modlist_entry */
    uint64_t cmdline_paddr;     /* NUL-terminated, 0 = none */
    uint64_t rsdp_paddr;        /* ACPI RSDP, 0 = search the BIOS area */
    /* version 1 */
    uint64_t memmap_paddr;      /* memmap_entries x hvm_memmap_table_entry */
    uint32_t memmap_entries;
    uint32_t reserved;
};

struct hvm_modlist_entry {
    uint64_t paddr;
    uint64_t size;
    uint64_t cmdline_paddr;
    uint64_t reserved;
};

/* Types are the e820 numbers (1 RAM, 2 reserved, 3 ACPI, 4 NVS, 5 unusable). */
struct hvm_memmap_table_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
    uint32_t reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info size");
_Static_assert(__builtin_offsetof(struct hvm_start_info, rsdp_paddr) == 32,
               "hvm_start_info.rsdp_paddr offset");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_paddr) == 40,
               "hvm_start_info.memmap_paddr offset");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_entries) == 48,
               "hvm_start_info.memmap_entries offset");
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "modlist entry size");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24,
               "memmap entry size");

#endif /* PUBLIC_HVM_START_INFO_H */
