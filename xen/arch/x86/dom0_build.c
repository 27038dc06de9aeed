/* The PVH dom0 builder: kernel and initrd from the boot modules, identity-
 * mapped RAM, MMIO and I/O ports passed through, start info, vCPU0 started. */
#include <asm/bootinfo.h>
#include <asm/dom0_build.h>
#include <asm/e820.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/p2m.h>
#include <asm/page.h>
#include <public/hvm/start_info.h>
#include <xen/acpi.h>
#include <xen/decompress.h>
#include <xen/elf.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/smp.h>
#include <xen/string.h>
#include <xen/xmalloc.h>


#define VGA_START           0xa0000ull      /* legacy VGA memory window */
#define VGA_END             0xc0000ull
#define LOW_MEM_END         0x100000ull
#define FOUR_GIB            (1ull << 32)
#define L2_PAGES            512ul           /* 4 KiB pages in a 2 MiB leaf */
#define DOM0_MAX_RANGES     128
#define INFO_AREA_SIZE      0x2000          /* start info, modlist, cmdline,
                                               memmap */
#define CMDLINE_MAX         1024
#define LAPIC_DEFAULT       0xfee00000ull
#define COM1_PORT           0x3f8
#define DEBUG_PORT          0xe9
#define IOPM_ORDER          2               /* 12 KiB used of 16 */
#define LOW_RESERVE_ORDER   13              /* 32 MiB */

static struct dom0_mem_spec dom0_mem;
static const char *dom0_mem_bad;    /* why the last dom0_mem= was refused */

static int parse_dom0_mem_opt(const char *s)
{
    dom0_mem_bad = NULL;
    return dom0_mem_parse(s, &dom0_mem, &dom0_mem_bad);
}
custom_param("dom0_mem", parse_dom0_mem_opt);

static struct dom0_vcpus_spec dom0_vcpus_opt;
static int parse_dom0_vcpus_opt(const char *s)
{
    const char *why;

    return dom0_vcpus_parse(s, &dom0_vcpus_opt, &why);
}
custom_param("dom0_max_vcpus", parse_dom0_vcpus_opt);

/* Everything the steps share. */
struct dom0_build {
    const struct boot_info *bi;
    struct domain *d;
    void *kbuf;                 /* the unpacked ELF, order korder */
    unsigned int korder;
    struct elf_image img;
    uint64_t kstart, kend;      /* PT_LOAD span, guest-physical */
    uint64_t initrd_gpa, initrd_len;
    uint64_t info_gpa, acpi_gpa, rsdp_gpa;
    unsigned long nr_pages;     /* dom0's RAM, pages */
    unsigned long nr_substitute;
    struct dom0_range ram[DOM0_MAX_RANGES];
    unsigned int nr_ram;
    char cmdline[CMDLINE_MAX];
};

static uint64_t page_up(uint64_t a)
{
    return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

static unsigned long mib(uint64_t bytes)
{
    return (unsigned long)(bytes >> 20);
}

/* ------------------------------------------------------------ the kernel */

/* The ELF vmlinux into a temporary hypervisor buffer (bzImage unpacked). */
static int dom0_unpack_kernel(struct dom0_build *b)
{
    const struct boot_module *m = &b->bi->modules[0];
    const void *img = maddr_to_virt(m->start);
    size_t len = (size_t)(m->end - m->start), out_len = 0, size;
    const char *why = "unknown format";
    int rc;

    rc = kernel_image_size(img, len, &size, &why);
    if (rc) {
        printk(XENLOG_ERR "dom0: kernel module is truncated or not a kernel "
               "(%s)\n", why);
        return rc;
    }
    b->korder = 0;
    while ((PAGE_SIZE << b->korder) < size)
        b->korder++;
    b->kbuf = b->korder <= MAX_ORDER ? alloc_xenheap_pages(b->korder, 0)
                                     : NULL;
    if (!b->kbuf) {
        printk(XENLOG_ERR "dom0: no memory to unpack the kernel (%lu MiB)\n",
               mib(size));
        return -ENOMEM;
    }
    rc = kernel_image_unpack(img, len, b->kbuf, PAGE_SIZE << b->korder,
                             &out_len, &why);
    if (rc) {
        printk(XENLOG_ERR "dom0: kernel module is truncated or corrupt "
               "(%s)\n", why);
        return rc;
    }
    rc = elf_parse(b->kbuf, out_len, &b->img, &why);
    if (rc) {
        printk(XENLOG_ERR "dom0: kernel is not a usable ELF image (%s)\n",
               why);
        return rc;
    }
    if (!b->img.has_phys32_entry) {
        printk(XENLOG_ERR "dom0: kernel has no PVH entry point "
               "(XEN_ELFNOTE_PHYS32_ENTRY)\n");
        return -EINVAL;
    }
    return 0;
}

/* The PT_LOAD span, checked: below 4 GiB, past low memory, entry inside. */
static int dom0_kernel_span(struct dom0_build *b)
{
    unsigned int i;

    b->kstart = ~0ull;
    b->kend = 0;
    for (i = 0; i < b->img.nr_loads; i++) {
        uint64_t s = b->img.load[i].paddr, e = s + b->img.load[i].memsz;

        if (e < s || b->img.load[i].filesz > b->img.load[i].memsz) {
            printk(XENLOG_ERR "dom0: kernel segment %u is malformed\n", i);
            return -EINVAL;
        }
        b->kstart = MIN(b->kstart, s);
        b->kend = MAX(b->kend, e);
    }
    if (!b->img.nr_loads || b->kstart < LOW_MEM_END || b->kend > FOUR_GIB / 2) {
        printk(XENLOG_ERR "dom0: kernel does not fit in dom0's memory "
               "(segments %#llx-%#llx)\n", (unsigned long long)b->kstart,
               (unsigned long long)b->kend);
        return -EINVAL;
    }
    if (b->img.phys32_entry < b->kstart || b->img.phys32_entry >= b->kend) {
        printk(XENLOG_ERR "dom0: kernel's PVH entry %#x is outside its "
               "segments\n", b->img.phys32_entry);
        return -EINVAL;
    }
    b->kstart &= ~(uint64_t)(PAGE_SIZE - 1);
    b->kend = page_up(b->kend);
    return 0;
}

/* ------------------------------------------------------------ memory */

static bool dom0_add_ram(struct dom0_build *b, uint64_t start, uint64_t end)
{
    return dom0_range_add(b->ram, &b->nr_ram, DOM0_MAX_RANGES, start, end);
}

static bool dom0_is_ram(const struct dom0_build *b, uint64_t gpa)
{
    unsigned int i;

    for (i = 0; i < b->nr_ram; i++)
        if (b->ram[i].start <= gpa && gpa < b->ram[i].end)
            return true;
    return false;
}

/* The host's e820 type of the page at gpa: RAM only if all of it is. */
static uint32_t host_page_type(const struct e820map *m, uint64_t gpa,
                               bool *any_ram)
{
    uint64_t end = gpa + PAGE_SIZE;
    bool all_ram = false;
    unsigned int i;

    *any_ram = false;
    for (i = 0; i < m->nr_map; i++) {
        const struct e820entry *e = &m->map[i];

        if (e->type != E820_RAM || e->addr >= end || e->addr + e->size <= gpa)
            continue;
        *any_ram = true;
        if (e->addr <= gpa && e->addr + e->size >= end)
            all_ram = true;
    }
    return all_ram ? E820_RAM : E820_RESERVED;
}

/* Map one allocated block (order 0 or 9) at its own address. */
static int dom0_map_identity(struct dom0_build *b, struct page_info *pg,
                             unsigned int order)
{
    paddr_t ma = page_to_maddr(pg);
    int rc = p2m_set_entry(b->d, ma >> PAGE_SHIFT, ma, order,
                           p2m_rw | NPT_OWNED);

    if (rc || !dom0_add_ram(b, ma, ma + (PAGE_SIZE << order))) {
        if (!rc)
            printk(XENLOG_ERR "dom0: memory too fragmented (%u ranges)\n",
                   DOM0_MAX_RANGES);
        free_domheap_pages(pg, order);
        return rc ? rc : -ENOSPC;
    }
    return 0;
}

/*
 * dom0's RAM, identity-mapped (gfn == mfn: without an IOMMU, the addresses
 * dom0 gives devices for DMA must be machine addresses).  Taken from the
 * bottom up, zone by zone, so that the kernel's fixed load address (16 MiB)
 * is dom0's own memory wherever the boot modules do not sit; 2 MiB blocks
 * where possible (teardown frees each leaf with the order it was mapped).
 */
static int dom0_alloc_ram(struct dom0_build *b)
{
    unsigned long left = b->nr_pages;
    unsigned int bits;
    int rc;

    for (bits = PAGE_SHIFT + 9; left && bits < PAGE_SHIFT + 52; bits++) {
        for (;;) {
            unsigned int order = left >= L2_PAGES ? 9 : 0;
            struct page_info *pg =
                alloc_domheap_pages(b->d, order, MEMF_bits(bits));

            if (!pg && order) {
                order = 0;
                pg = alloc_domheap_pages(b->d, 0, MEMF_bits(bits));
            }
            if (!pg)
                break;
            rc = dom0_map_identity(b, pg, order);
            if (rc)
                return rc;
            left -= 1ul << order;
            if (!left)
                break;
        }
    }
    if (left) {
        printk(XENLOG_ERR "dom0: out of memory with %lu MiB still to "
               "allocate\n", left >> (20 - PAGE_SHIFT));
        return -ENOMEM;
    }
    return 0;
}

/* A fresh page at gfn for memory dom0 must have at a fixed address that
 * the hypervisor cannot give it 1:1 (boot modules there, or low memory),
 * holding a copy of copy_from (a page) if given; RAM unless a ROM shadow. */
static int dom0_substitute(struct dom0_build *b, uint64_t gpa,
                           const void *copy_from, bool ram)
{
    int rc = p2m_populate(b->d, gpa >> PAGE_SHIFT, 0);

    if (!rc && copy_from)
        rc = p2m_copy_to_guest_phys(b->d, gpa, copy_from, PAGE_SIZE);
    if (!rc && ram && !dom0_add_ram(b, gpa, gpa + PAGE_SIZE))
        rc = -ENOSPC;
    if (rc)
        printk(XENLOG_ERR "dom0: cannot map memory at %#llx (%d)\n",
               (unsigned long long)gpa, rc);
    else
        b->nr_substitute++;
    return rc;
}

/* Make [start, end) dom0 RAM: pages not already identity-mapped get
 * substitutes; it must be host RAM (no device behind it). */
static int dom0_ensure_ram(struct dom0_build *b, uint64_t start, uint64_t end)
{
    uint64_t gpa;
    bool any;
    int rc;

    for (gpa = start; gpa < end; gpa += PAGE_SIZE) {
        if (dom0_is_ram(b, gpa))
            continue;
        if (host_page_type(&b->bi->e820, gpa, &any) != E820_RAM) {
            printk(XENLOG_ERR "dom0: kernel does not fit in dom0's memory "
                   "(%#llx is not RAM)\n", (unsigned long long)gpa);
            return -ENOSPC;
        }
        rc = dom0_substitute(b, gpa, NULL, true);
        if (rc)
            return rc;
    }
    return 0;
}

/* A copy of the host page at gpa without MP floating pointers ("_MP_" on
 * a 16-byte boundary): the MP table describes the IOAPIC, which dom0 does
 * not get, and Linux would use it since dom0's MADT lists none. */
static const void *dom0_rom_copy(uint64_t gpa)
{
    static uint8_t page[PAGE_SIZE] __aligned(PAGE_SIZE);
    unsigned int off;

    memcpy(page, maddr_to_virt(gpa), PAGE_SIZE);
    for (off = 0; off < PAGE_SIZE; off += 16)
        if (!memcmp(page + off, "_MP_", 4))
            memset(page + off, 0, 4);
    return page;
}

/*
 * Below 1 MiB: host RAM pages become dom0 RAM with the host's contents
 * (BIOS data area, and room for Linux's real-mode trampoline); the VGA
 * window is mapped 1:1; the EBDA and the option and BIOS ROMs are private
 * copies (see dom0_rom_copy), never writable host memory.
 */
static int dom0_low_memory(struct dom0_build *b)
{
    uint64_t gpa;
    bool any;
    int rc;

    for (gpa = 0; gpa < LOW_MEM_END; gpa += PAGE_SIZE) {
        if (gpa >= VGA_START && gpa < VGA_END)
            rc = p2m_set_entry(b->d, gpa >> PAGE_SHIFT, gpa, 0, p2m_rw);
        else if (host_page_type(&b->bi->e820, gpa, &any) == E820_RAM)
            rc = dom0_substitute(b, gpa, maddr_to_virt(gpa), true);
        else
            rc = dom0_substitute(b, gpa, dom0_rom_copy(gpa), false);
        if (rc)
            return rc;
    }
    return 0;
}

static uint64_t page_of(uint64_t a)
{
    return a & ~(uint64_t)(PAGE_SIZE - 1);
}

/*
 * How dom0 sees a non-RAM page the hypervisor may own: 0 = not at all
 * (the LAPIC page, left to the vLAPIC, and the IOAPICs, which the
 * hypervisor drives), p2m_ro for the HPET (the hypervisor's clock: Linux
 * may read it, e.g. its ACPI device probe, but never reprogram it, as in
 * Xen), p2m_rw otherwise.
 */
static uint64_t dom0_mmio_access(uint64_t gpa)
{
    const struct acpi_platform *p = &acpi_platform;
    uint64_t lapic = p->have_madt && p->madt.lapic_address ?
                     p->madt.lapic_address : LAPIC_DEFAULT;
    unsigned int i;

    if (gpa == page_of(lapic))
        return 0;
    for (i = 0; p->have_madt && i < p->madt.nr_ioapics; i++)
        if (gpa == page_of(p->madt.ioapics[i].address))
            return 0;
    if (p->have_hpet && gpa == page_of(p->hpet.address))
        return p2m_ro;
    return p2m_rw;
}

/* The access dom0 gets to the page at gpa as MMIO: 0 when it is RAM (the
 * host's or dom0's) or the hypervisor keeps it. */
static uint64_t dom0_mmio_page(const struct dom0_build *b, uint64_t gpa)
{
    bool any_ram;

    host_page_type(&b->bi->e820, gpa, &any_ram);
    if (any_ram || dom0_is_ram(b, gpa))
        return 0;
    return dom0_mmio_access(gpa);
}

/* Every non-RAM page from 1 MiB to 4 GiB 1:1 (devices' MMIO, firmware and
 * ACPI tables), 2 MiB at a time where the whole chunk is plain MMIO. */
static int dom0_map_mmio(struct dom0_build *b, unsigned long *nr)
{
    uint64_t chunk, gpa, access;
    int rc;

    *nr = 0;
    for (chunk = 0; chunk < FOUR_GIB; chunk += L2_PAGES * PAGE_SIZE) {
        bool whole = chunk >= LOW_MEM_END;

        for (gpa = chunk; whole && gpa < chunk + L2_PAGES * PAGE_SIZE;
             gpa += PAGE_SIZE)
            whole = dom0_mmio_page(b, gpa) == p2m_rw;
        if (whole) {
            rc = p2m_set_entry(b->d, chunk >> PAGE_SHIFT, chunk,
                               P2M_ORDER_2M, p2m_rw);
            if (rc)
                return rc;
            *nr += L2_PAGES;
            continue;
        }
        for (gpa = MAX(chunk, LOW_MEM_END);
             gpa < chunk + L2_PAGES * PAGE_SIZE; gpa += PAGE_SIZE) {
            access = dom0_mmio_page(b, gpa);
            if (!access)
                continue;
            rc = p2m_set_entry(b->d, gpa >> PAGE_SHIFT, gpa, 0, access);
            if (rc)
                return rc;
            (*nr)++;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ I/O ports */

static void iopm_deny(uint8_t *iopm, unsigned int first, unsigned int last)
{
    unsigned int p;

    for (p = first; p <= last; p++)
        iopm[p / 8] |= (uint8_t)(1u << (p % 8));
}

/*
 * dom0 drives the platform's devices directly, except what the hypervisor
 * owns: its UART, the 8259 PICs (and their ELCR) and the PIT (the hypervisor's timers), and
 * port 0xe9 (kept as the guest debug console).  PCI configuration (0xcf8)
 * and the ACPI PM registers pass through, so dom0's ACPI power-off works.
 */
static int dom0_io_ports(struct dom0_build *b)
{
    uint8_t *iopm = alloc_xenheap_pages(IOPM_ORDER, MEMF_bits(32));
    struct vcpu *v;

    if (!iopm)
        return -ENOMEM;
    memset(iopm, 0, PAGE_SIZE << IOPM_ORDER);
    iopm_deny(iopm, 0x20, 0x21);
    iopm_deny(iopm, 0xa0, 0xa1);
    iopm_deny(iopm, 0x4d0, 0x4d1);     /* the PICs' edge/level control */
    iopm_deny(iopm, 0x40, 0x43);
    iopm_deny(iopm, COM1_PORT, COM1_PORT + 7);
    iopm_deny(iopm, DEBUG_PORT, DEBUG_PORT);
    /* An access's last bytes may reach past 0xffff: deny those. */
    iopm[0x10000 / 8] = 0xff;
    for_each_vcpu(b->d, v)
        svm_vmcb_set_iopm(v, virt_to_maddr(iopm));
    return 0;
}

/* ------------------------------------------------------------ loading */

static int dom0_load_kernel(struct dom0_build *b)
{
    static const uint8_t zero[256];
    unsigned int i;
    int rc;

    for (i = 0; i < b->img.nr_loads; i++) {
        uint64_t pa = b->img.load[i].paddr, n;
        uint64_t fs = b->img.load[i].filesz, ms = b->img.load[i].memsz;

        rc = p2m_copy_to_guest_phys(b->d, pa,
                                    (const uint8_t *)b->kbuf +
                                    b->img.load[i].offset, fs);
        for (n = fs; !rc && n < ms; n += MIN(sizeof(zero), ms - n))
            rc = p2m_copy_to_guest_phys(b->d, pa + n, zero,
                                        MIN(sizeof(zero), ms - n));
        if (rc) {
            printk(XENLOG_ERR "dom0: kernel does not fit in dom0's memory "
                   "(segment at %#llx)\n", (unsigned long long)pa);
            return rc;
        }
        printk(" Kernel segment %u: %#llx-%#llx\n", i,
               (unsigned long long)pa, (unsigned long long)(pa + ms));
    }
    return 0;
}

/* Modules whose loader puts the image name first lose it, as Xen does. */
static const char *dom0_module_args(const struct boot_info *bi,
                                    const char *s)
{
    bool grub2 = bi->loader && !strncmp(bi->loader, "GRUB ", 5) &&
                 bi->loader[5] != '0';

    while (*s == ' ')
        s++;
    if (grub2)
        return s;
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    return s;
}

/* Guest-physical layout above the kernel: initrd, info area, ACPI. */
static void dom0_layout(struct dom0_build *b)
{
    uint64_t next = page_up(b->kend);

    if (b->bi->nr_modules > 1) {
        b->initrd_gpa = next;
        b->initrd_len = b->bi->modules[1].end - b->bi->modules[1].start;
        next = page_up(next + b->initrd_len);
    }
    b->info_gpa = next;
    b->acpi_gpa = next + INFO_AREA_SIZE;
}

static int dom0_load_initrd(struct dom0_build *b)
{
    int rc;

    if (!b->initrd_len)
        return 0;
    rc = p2m_copy_to_guest_phys(b->d, b->initrd_gpa,
                                maddr_to_virt(b->bi->modules[1].start),
                                b->initrd_len);
    if (rc)
        printk(XENLOG_ERR "dom0: initrd does not fit in dom0's memory\n");
    else
        printk(" Initrd: %#llx-%#llx\n", (unsigned long long)b->initrd_gpa,
               (unsigned long long)(b->initrd_gpa + b->initrd_len));
    return rc;
}

/* dom0's ACPI tables: the host's (minus what the hypervisor owns) with a
 * MADT describing dom0's vCPUs; without host ACPI, none (rsdp 0). */
static int dom0_acpi(struct dom0_build *b)
{
    uint64_t host[64];
    unsigned int nr = 0;
    void *buf;
    const char *why = "no ACPI tables";

    nr = acpi_root_entries(host, ARRAY_SIZE(host));
    if (!nr)
        return 0;
    buf = xzalloc_bytes(DOM0_ACPI_SIZE);
    if (!buf)
        return -ENOMEM;
    b->rsdp_gpa = dom0_acpi_build(buf, b->acpi_gpa, host, nr, acpi_map_table,
                                  b->d->max_vcpus, &why);
    if (b->rsdp_gpa &&
        p2m_copy_to_guest_phys(b->d, b->acpi_gpa, buf, DOM0_ACPI_SIZE))
        b->rsdp_gpa = 0;
    xfree(buf);
    if (!b->rsdp_gpa) {
        printk(XENLOG_WARNING "dom0: no ACPI tables for dom0 (%s)\n", why);
        return 0;
    }
    printk(" ACPI: RSDP %#llx\n", (unsigned long long)b->rsdp_gpa);
    return 0;
}

/* The memory map, kept for XENMEM_memory_map too. */
static int dom0_memory_map(struct dom0_build *b)
{
    struct dom0_range acpi = { b->acpi_gpa, b->acpi_gpa + DOM0_ACPI_SIZE };

    if (!b->rsdp_gpa)
        acpi.start = acpi.end = 0;
    b->d->e820 = xzalloc(struct e820map);
    if (!b->d->e820)
        return -ENOMEM;
    if (dom0_e820_build(&b->bi->e820, b->ram, b->nr_ram, acpi, b->d->e820)) {
        printk(XENLOG_ERR "dom0: memory map has too many entries\n");
        return -ENOSPC;
    }
    return 0;
}

/* hvm_start_info, the initrd's modlist entry, the command line and the
 * memory map, packed into the info area. */
static int dom0_start_info(struct dom0_build *b)
{
    uint8_t *area = xzalloc_bytes(INFO_AREA_SIZE);
    struct hvm_start_info *si = (void *)area;
    struct hvm_modlist_entry *mod = (void *)(si + 1);
    struct hvm_memmap_table_entry *mm = (void *)(mod + 1);
    const struct e820map *e = b->d->e820;
    size_t mm_bytes = e->nr_map * sizeof(*mm);
    char *cmd = (char *)mm + mm_bytes;
    unsigned int i;
    int rc;

    if (!area)
        return -ENOMEM;
    if ((uint8_t *)cmd + strlen(b->cmdline) + 1 > area + INFO_AREA_SIZE) {
        xfree(area);
        return -ENOSPC;
    }
    si->magic = XEN_HVM_START_MAGIC_VALUE;
    si->version = 1;
    si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    if (b->initrd_len) {
        si->nr_modules = 1;
        si->modlist_paddr = b->info_gpa + sizeof(*si);
        mod->paddr = b->initrd_gpa;
        mod->size = b->initrd_len;
    }
    si->rsdp_paddr = b->rsdp_gpa;
    si->memmap_paddr = b->info_gpa + ((uint8_t *)mm - area);
    si->memmap_entries = e->nr_map;
    for (i = 0; i < e->nr_map; i++) {
        mm[i].addr = e->map[i].addr;
        mm[i].size = e->map[i].size;
        mm[i].type = e->map[i].type;
    }
    strlcpy(cmd, b->cmdline, CMDLINE_MAX);
    si->cmdline_paddr = b->info_gpa + ((uint8_t *)cmd - area);
    rc = p2m_copy_to_guest_phys(b->d, b->info_gpa, area, INFO_AREA_SIZE);
    xfree(area);
    return rc;
}

/* vCPU0 enters the PVH entry point in 32-bit flat mode with EBX = start
 * info; the others wait (down) for INIT/SIPI from vCPU0's local APIC. */
static int dom0_vcpus(struct dom0_build *b)
{
    struct vcpu *v0 = NULL;
    unsigned int i;

    for (i = 0; i < b->d->max_vcpus; i++) {
        struct vcpu *v = vcpu_create(b->d, i);

        if (!v || sched_insert_vcpu(v, i % num_online_cpus(), false)) {
            printk(XENLOG_ERR "dom0: cannot create vCPU %u\n", i);
            return -ENOMEM;
        }
        if (!i)
            v0 = v;
    }
    hvm_funcs.set_entry(v0, b->img.phys32_entry, 0);
    v0->hvm.regs.rbx = b->info_gpa;
    return 0;
}

static unsigned int dom0_nr_vcpus(void)
{
    return dom0_vcpus_compute(&dom0_vcpus_opt, num_online_cpus(),
                              MAX_VIRT_CPUS);
}

/* ------------------------------------------------------------ the whole */

static int dom0_size(struct dom0_build *b)
{
    struct heap_stats st;
    uint64_t avail, size;
    const char *why = "";

    if (dom0_mem_bad)
        printk(XENLOG_WARNING "dom0: dom0_mem= value ignored (%s)\n",
               dom0_mem_bad);
    heap_get_stats(&st);
    /* Keep some for the hypervisor: dom0's nested page tables, vCPU state,
     * later guests' bookkeeping, and the 32 MiB below 4 GiB kept back while
     * dom0's memory is taken (dom0_build_memory). */
    avail = (uint64_t)st.free << PAGE_SHIFT;
    avail = avail > (96ull << 20) ? avail - (96ull << 20) : 0;
    size = dom0_mem_compute(&dom0_mem, avail, &why);
    if (!size) {
        if (dom0_mem.amount && !dom0_mem.neg)
            printk(XENLOG_ERR "dom0: dom0_mem=%luM %s (%luM free)\n",
                   mib(dom0_mem.amount), why, mib(avail));
        else
            printk(XENLOG_ERR "dom0: dom0_mem: %s (%luM free)\n", why,
                   mib(avail));
        return -ENOMEM;
    }
    b->nr_pages = (unsigned long)(size >> PAGE_SHIFT);
    return 0;
}

static int dom0_build_memory(struct dom0_build *b)
{
    unsigned long nr_mmio;
    void *low;
    int rc;

    /* dom0 takes memory from the bottom: keep some below 4 GiB back for
     * the hypervisor's own below-4-GiB allocations (NPT tables, VMCBs). */
    low = alloc_xenheap_pages(LOW_RESERVE_ORDER, MEMF_bits(32));
    rc = dom0_alloc_ram(b);
    if (low)
        free_xenheap_pages(low, LOW_RESERVE_ORDER);
    if (!rc)
        rc = dom0_low_memory(b);
    if (!rc)
        rc = dom0_ensure_ram(b, b->kstart, b->acpi_gpa + DOM0_ACPI_SIZE);
    if (!rc)
        rc = dom0_map_mmio(b, &nr_mmio);
    if (rc)
        return rc;
    b->d->max_pages = b->nr_pages + b->nr_substitute;
    printk("Dom0 memory: %luMB\n", b->nr_pages >> (20 - PAGE_SHIFT));
    if (b->nr_substitute)
        printk(" %lu pages at fixed addresses are not 1:1 (low memory, boot "
               "modules)\n", b->nr_substitute);
    printk(" MMIO passed through: %lu pages below 4 GiB\n", nr_mmio);
    return 0;
}

static int dom0_build_steps(struct dom0_build *b)
{
    int err;

    printk("*** Building a PVH Dom0 ***\n");
    err = dom0_unpack_kernel(b);
    if (!err)
        err = dom0_kernel_span(b);
    if (!err)
        err = dom0_size(b);
    if (err)
        return err;
    b->d = domain_create(0, CDF_hvm, dom0_nr_vcpus(), &err);
    if (!b->d) {
        printk(XENLOG_ERR "dom0: domain creation failed (%d)\n", err);
        return err;
    }
    b->d->is_privileged = true;
    strlcpy(b->cmdline, dom0_module_args(b->bi, b->bi->modules[0].cmdline),
            sizeof(b->cmdline));
    dom0_layout(b);
    err = dom0_build_memory(b);
    if (!err)
        err = dom0_load_kernel(b);
    if (!err)
        err = dom0_load_initrd(b);
    if (!err)
        err = dom0_acpi(b);
    if (!err)
        err = dom0_memory_map(b);
    if (!err)
        err = dom0_start_info(b);
    if (!err)
        err = dom0_vcpus(b);
    if (!err)
        err = dom0_io_ports(b);
    return err;
}

int dom0_construct(const struct boot_info *bi)
{
    static struct dom0_build build;
    struct dom0_build *b = &build;
    int rc;

    memset(b, 0, sizeof(*b));
    b->bi = bi;
    rc = dom0_build_steps(b);
    if (b->kbuf)
        free_xenheap_pages(b->kbuf, b->korder);
    if (rc) {
        if (b->d) {
            struct vcpu *v;

            for_each_vcpu(b->d, v)
                sched_remove_vcpu(v);
            xfree(b->d->e820);
            b->d->e820 = NULL;
            domain_destroy(b->d);
        }
        return rc;
    }
    printk("Dom0 has maximum %u VCPUs\n", b->d->max_vcpus);
    printk("Dom0 command line: %s\n", b->cmdline);
    printk("Initial dom0 entry %#x, start info at %#llx\n",
           b->img.phys32_entry, (unsigned long long)b->info_gpa);
    vcpu_unpause(b->d->vcpu[0]);
    return 0;
}
