/* Multiboot 1 protocol: OS image header and the boot information layout. */
#ifndef XEN_MULTIBOOT_H
#define XEN_MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC      0x1badb002  /* in the OS image */
#define MULTIBOOT_BOOTLOADER_MAGIC  0x2badb002  /* in EAX at entry */

/* Header flags: what the image asks of the loader. */
#define MULTIBOOT_PAGE_ALIGN        0x00000001  /* page-aligned modules */
#define MULTIBOOT_MEMORY_INFO       0x00000002  /* mem_* and mmap_* fields */

/* Boot information flags: which fields the loader filled in. */
#define MBI_MEMLIMITS               0x00000001
#define MBI_CMDLINE                 0x00000004
#define MBI_MODULES                 0x00000008
#define MBI_MEMMAP                  0x00000040
#define MBI_LOADERNAME              0x00000200

#ifndef __ASSEMBLY__

#include <xen/compiler.h>
#include <xen/types.h>

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower;         /* KiB from 0 */
    uint32_t mem_upper;         /* KiB from 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count;
    uint32_t mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length;
    uint32_t mmap_addr;
    uint32_t drives_length;
    uint32_t drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
} __packed;

struct multiboot_module {
    uint32_t mod_start;
    uint32_t mod_end;           /* first byte after the module */
    uint32_t string;
    uint32_t reserved;
} __packed;

/* A memory map entry; 'size' counts the bytes after itself. */
struct multiboot_mmap_entry {
    uint32_t size;
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;
} __packed;

#endif /* !__ASSEMBLY__ */

#endif /* XEN_MULTIBOOT_H */
