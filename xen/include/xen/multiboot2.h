/* Multiboot 2 protocol: OS image header tags and boot information tags. */
#ifndef XEN_MULTIBOOT2_H
#define XEN_MULTIBOOT2_H

#define MULTIBOOT2_HEADER_MAGIC         0xe85250d6  /* in the OS image */
#define MULTIBOOT2_BOOTLOADER_MAGIC     0x36d76289  /* in EAX at entry */
#define MULTIBOOT2_ARCH_I386            0

/* Header tags (in the OS image). */
#define MB2_HEADER_TAG_END              0
#define MB2_HEADER_TAG_MODULE_ALIGN     6
#define MB2_HEADER_TAG_OPTIONAL         1

/* Boot information tags (from the loader). */
#define MB2_TAG_END                     0
#define MB2_TAG_CMDLINE                 1
#define MB2_TAG_LOADER_NAME             2
#define MB2_TAG_MODULE                  3
#define MB2_TAG_MMAP                    6
#define MB2_TAG_ACPI_OLD                14
#define MB2_TAG_ACPI_NEW                15

#define MB2_TAG_ALIGN                   8

#ifndef __ASSEMBLY__

#include <xen/compiler.h>
#include <xen/types.h>

struct multiboot2_info {
    uint32_t total_size;
    uint32_t reserved;
} __packed;

struct multiboot2_tag {
    uint32_t type;
    uint32_t size;              /* including this header, not the padding */
} __packed;

struct multiboot2_tag_string {  /* cmdline, boot loader name */
    uint32_t type;
    uint32_t size;
    char string[];
} __packed;

struct multiboot2_tag_module {
    uint32_t type;
    uint32_t size;
    uint32_t mod_start;
    uint32_t mod_end;           /* first byte after the module */
    char cmdline[];
} __packed;

struct multiboot2_mmap_entry {
    uint64_t addr;
    uint64_t len;
    uint32_t type;
    uint32_t zero;
} __packed;

struct multiboot2_tag_mmap {
    uint32_t type;
    uint32_t size;
    uint32_t entry_size;
    uint32_t entry_version;
    /* entries of entry_size bytes follow */
} __packed;

struct multiboot2_tag_acpi {    /* old (v1) or new (v2+) RSDP, copied */
    uint32_t type;
    uint32_t size;
    uint8_t rsdp[];
} __packed;

#endif /* !__ASSEMBLY__ */

#endif /* XEN_MULTIBOOT2_H */
