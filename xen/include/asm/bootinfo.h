/* What the boot loader told us, independent of the multiboot flavour. */
#ifndef ASM_BOOTINFO_H
#define ASM_BOOTINFO_H

#include <asm/e820.h>
#include <xen/types.h>

#define BOOT_MAX_MODULES    32
#define BOOT_MAX_RESERVED   (2 * BOOT_MAX_MODULES + 8)

struct boot_module {
    paddr_t start;
    paddr_t end;                /* first byte after the module */
    const char *cmdline;        /* never NULL */
};

/* Memory the loader handed over that must survive the boot allocator: the
 * information structures and the strings that boot_info points into. */
struct boot_region {
    paddr_t start;
    paddr_t end;
};

struct boot_info {
    const char *protocol;       /* "multiboot1" or "multiboot2" */
    const char *loader;         /* boot loader's name, or NULL */
    const char *cmdline;        /* hypervisor command line, never NULL */
    const void *rsdp;           /* ACPI RSDP passed by the loader, or NULL */
    struct e820map e820;
    unsigned int nr_modules;
    struct boot_module modules[BOOT_MAX_MODULES];
    unsigned int nr_reserved;
    struct boot_region reserved[BOOT_MAX_RESERVED];
};

const struct boot_info *multiboot_parse(uint32_t magic, uint32_t info);

#endif /* ASM_BOOTINFO_H */
