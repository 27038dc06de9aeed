/* Multiboot 1 and 2 boot information, turned into one struct boot_info.
 * Strings and modules stay where the loader put them (identity-mapped). */
#include <asm/bootinfo.h>
#include <asm/page.h>
#include <xen/lib.h>
#include <xen/multiboot.h>
#include <xen/multiboot2.h>
#include <xen/string.h>

static struct boot_info boot_info;

static const char *boot_string(paddr_t addr)
{
    return addr ? maddr_to_virt(addr) : NULL;
}

static void add_module(struct boot_info *bi, paddr_t start, paddr_t end,
                       const char *cmdline)
{
    struct boot_module *mod;

    if (bi->nr_modules >= BOOT_MAX_MODULES) {
        printk("Too many boot modules: ignoring %#llx-%#llx\n",
               (unsigned long long)start, (unsigned long long)end);
        return;
    }
    mod = &bi->modules[bi->nr_modules++];
    mod->start = start;
    mod->end = end;
    mod->cmdline = cmdline ? cmdline : "";
}

/* Keep [start, start + len) from the page allocator. */
static void add_reserved(struct boot_info *bi, paddr_t start, paddr_t len)
{
    struct boot_region *r;

    if (!len)
        return;
    if (bi->nr_reserved >= BOOT_MAX_RESERVED) {
        printk("Too many boot regions: %#llx+%#llx unprotected\n",
               (unsigned long long)start, (unsigned long long)len);
        return;
    }
    r = &bi->reserved[bi->nr_reserved++];
    r->start = start;
    r->end = start + len;
}

static void add_reserved_string(struct boot_info *bi, const char *s)
{
    if (s)
        add_reserved(bi, virt_to_maddr(s), strlen(s) + 1);
}

/* The strings boot_info points to (wherever the loader put them). */
static void reserve_boot_strings(struct boot_info *bi)
{
    unsigned int i;

    add_reserved_string(bi, bi->cmdline);
    add_reserved_string(bi, bi->loader);
    for (i = 0; i < bi->nr_modules; i++)
        add_reserved_string(bi, bi->modules[i].cmdline);
    if (bi->rsdp)
        add_reserved(bi, virt_to_maddr(bi->rsdp), 36);  /* ACPI 2.0 RSDP */
}

static void add_memory(struct boot_info *bi, uint64_t addr, uint64_t len,
                       uint32_t type)
{
    if (len && !e820_add_range(&bi->e820, addr, len, type))
        printk("Memory map full: ignoring %#llx+%#llx\n",
               (unsigned long long)addr, (unsigned long long)len);
}

/* ---- multiboot 1 ---- */

/* GRUB 2 passes just the arguments; GRUB Legacy ("GNU GRUB 0.97"), QEMU and
 * other multiboot 1 loaders put the image name first. */
static bool mb1_cmdline_has_image_name(const char *loader)
{
    return !loader || strncmp(loader, "GRUB ", 5) || loader[5] == '0';
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ')
        s++;
    return s;
}

/* The command line without the image name, where the loader includes it. */
static const char *mb1_cmdline(const char *cmdline, const char *loader)
{
    if (!cmdline || !mb1_cmdline_has_image_name(loader))
        return cmdline;
    cmdline = skip_spaces(cmdline);
    while (*cmdline && *cmdline != ' ')
        cmdline++;
    return skip_spaces(cmdline);
}

static void mb1_parse_mmap(struct boot_info *bi,
                           const struct multiboot_info *mbi)
{
    paddr_t p = mbi->mmap_addr, end = p + mbi->mmap_length;

    while (p + sizeof(struct multiboot_mmap_entry) <= end) {
        const struct multiboot_mmap_entry *e = maddr_to_virt(p);

        if (e->size < sizeof(*e) - sizeof(e->size))
            break;
        add_memory(bi, e->base_addr, e->length, e->type);
        p += e->size + sizeof(e->size);
    }
}

/* Without a map: conventional memory and the memory above 1 MiB. */
static void mb1_parse_memlimits(struct boot_info *bi,
                                const struct multiboot_info *mbi)
{
    add_memory(bi, 0, (uint64_t)mbi->mem_lower << 10, E820_RAM);
    add_memory(bi, 0x100000, (uint64_t)mbi->mem_upper << 10, E820_RAM);
}

static void mb1_parse_modules(struct boot_info *bi,
                              const struct multiboot_info *mbi)
{
    const struct multiboot_module *mods = maddr_to_virt(mbi->mods_addr);
    uint32_t i;

    for (i = 0; i < mbi->mods_count; i++)
        add_module(bi, mods[i].mod_start, mods[i].mod_end,
                   boot_string(mods[i].string));
}

static void mb1_parse(struct boot_info *bi, paddr_t info)
{
    const struct multiboot_info *mbi = maddr_to_virt(info);

    bi->protocol = "multiboot1";
    add_reserved(bi, info, sizeof(*mbi));
    if (mbi->flags & MBI_LOADERNAME)
        bi->loader = boot_string(mbi->boot_loader_name);
    if (mbi->flags & MBI_CMDLINE)
        bi->cmdline = mb1_cmdline(boot_string(mbi->cmdline), bi->loader);
    if (mbi->flags & MBI_MEMMAP)
        mb1_parse_mmap(bi, mbi);
    else if (mbi->flags & MBI_MEMLIMITS)
        mb1_parse_memlimits(bi, mbi);
    if (mbi->flags & MBI_MODULES)
    {
        add_reserved(bi, mbi->mods_addr,
                     (paddr_t)mbi->mods_count * sizeof(struct multiboot_module));
        mb1_parse_modules(bi, mbi);
    }
}

/* ---- multiboot 2 ---- */

static void mb2_parse_mmap(struct boot_info *bi,
                           const struct multiboot2_tag_mmap *tag)
{
    const uint8_t *p = (const uint8_t *)(tag + 1);
    const uint8_t *end = (const uint8_t *)tag + tag->size;

    if (tag->entry_size < sizeof(struct multiboot2_mmap_entry))
        return;
    for (; p + tag->entry_size <= end; p += tag->entry_size) {
        const struct multiboot2_mmap_entry *e = (const void *)p;

        add_memory(bi, e->addr, e->len, e->type);
    }
}

/* The ACPI tags carry a copy of the RSDP; prefer the ACPI 2.0+ one. */
static void mb2_parse_acpi(struct boot_info *bi,
                           const struct multiboot2_tag_acpi *tag)
{
    if (tag->type == MB2_TAG_ACPI_NEW || !bi->rsdp)
        bi->rsdp = tag->rsdp;
}

static void mb2_parse_tag(struct boot_info *bi,
                          const struct multiboot2_tag *tag)
{
    const struct multiboot2_tag_module *mod;

    switch (tag->type) {
    case MB2_TAG_CMDLINE:
        bi->cmdline = ((const struct multiboot2_tag_string *)tag)->string;
        break;
    case MB2_TAG_LOADER_NAME:
        bi->loader = ((const struct multiboot2_tag_string *)tag)->string;
        break;
    case MB2_TAG_MODULE:
        mod = (const struct multiboot2_tag_module *)tag;
        add_module(bi, mod->mod_start, mod->mod_end, mod->cmdline);
        break;
    case MB2_TAG_MMAP:
        mb2_parse_mmap(bi, (const struct multiboot2_tag_mmap *)tag);
        break;
    case MB2_TAG_ACPI_OLD:
    case MB2_TAG_ACPI_NEW:
        mb2_parse_acpi(bi, (const struct multiboot2_tag_acpi *)tag);
        break;
    }
}

static void mb2_parse(struct boot_info *bi, paddr_t info)
{
    const struct multiboot2_info *mbi = maddr_to_virt(info);
    paddr_t p = info + sizeof(*mbi), end = info + mbi->total_size;

    bi->protocol = "multiboot2";
    add_reserved(bi, info, mbi->total_size);
    while (p + sizeof(struct multiboot2_tag) <= end) {
        const struct multiboot2_tag *tag = maddr_to_virt(p);

        if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag) ||
            tag->size > end - p)
            break;
        mb2_parse_tag(bi, tag);
        p += (tag->size + MB2_TAG_ALIGN - 1) & ~(paddr_t)(MB2_TAG_ALIGN - 1);
    }
}

/* NULL unless magic names a protocol we know. */
const struct boot_info *multiboot_parse(uint32_t magic, uint32_t info)
{
    struct boot_info *bi = &boot_info;

    memset(bi, 0, sizeof(*bi));
    if (magic == MULTIBOOT_BOOTLOADER_MAGIC)
        mb1_parse(bi, info);
    else if (magic == MULTIBOOT2_BOOTLOADER_MAGIC)
        mb2_parse(bi, info);
    else
        return NULL;
    reserve_boot_strings(bi);
    if (!bi->cmdline)
        bi->cmdline = "";
    return bi;
}
