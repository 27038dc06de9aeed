/* x86 memory set-up: the memory map into the boot allocator (keeping the
 * image, modules and boot data), the heap, and the hypervisor's own page
 * tables (NX, W^X for text/rodata/data, unmapped guard pages). */
#include <asm/bootinfo.h>
#include <asm/mm.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/string.h>

/* Linker script and boot code symbols. */
extern char __xen_start[], __xen_end[], _etext[], __rodata_end[];
extern char stack_guard[];

#define _PAGE_NX        (1UL << _PAGE_NX_BIT)
#define PTE_ADDR_MASK   0x000ffffffffff000UL
#define L3_SHIFT        30
#define MAX_DIRECTMAP   (_AC(512, UL) << L3_SHIFT)  /* one L4 slot */

/* The top-level table all CPUs run on once arch_init_memory() is done. */
uint64_t *idle_pg_table;
paddr_t idle_pg_table_maddr;
static paddr_t directmap_top;
static uint64_t pte_nx;

/* Low memory (BIOS data, EBDA, option ROMs; later the AP trampoline) is
 * never given to the heap. */
#define LOW_MEMORY_END  0x100000

static void boot_pages_from_e820(const struct e820map *e820, paddr_t *top)
{
    unsigned int i;

    *top = 0;
    for (i = 0; i < e820->nr_map; i++) {
        const struct e820entry *e = &e820->map[i];

        if (e->type != E820_RAM)
            continue;
        init_boot_pages(e->addr, e->addr + e->size);
        if (e->addr + e->size > *top)
            *top = e->addr + e->size;
    }
}

static void reserve_boot_data(const struct boot_info *bi)
{
    unsigned int i;

    reserve_boot_pages(0, LOW_MEMORY_END);
    reserve_boot_pages(virt_to_maddr(__xen_start), virt_to_maddr(__xen_end));
    for (i = 0; i < bi->nr_modules; i++)
        reserve_boot_pages(bi->modules[i].start, bi->modules[i].end);
    for (i = 0; i < bi->nr_reserved; i++)
        reserve_boot_pages(bi->reserved[i].start, bi->reserved[i].end);
}

/* Memory map -> boot allocator -> heap; panics without usable memory. */
void early_memory_init(const struct boot_info *bi)
{
    paddr_t top;
    int rc;

    boot_pages_from_e820(&bi->e820, &top);
    reserve_boot_data(bi);
    rc = end_boot_allocator((unsigned long)(top >> PAGE_SHIFT));
    if (rc)
        panic("No memory for the frame table (%d)\n", rc);
    directmap_top = (top + (1UL << L3_SHIFT) - 1) & ~((1UL << L3_SHIFT) - 1);
    if (directmap_top < DIRECTMAP_END)
        directmap_top = DIRECTMAP_END;
    if (directmap_top > MAX_DIRECTMAP)
        directmap_top = MAX_DIRECTMAP;
}

/* ------------------------------------------------------------------------
 * Page tables.
 */
static uint64_t *alloc_pt_page(void)
{
    uint64_t *t = alloc_xenheap_pages(0, 0);

    if (!t)
        panic("Out of memory for page tables\n");
    memset(t, 0, PAGE_SIZE);
    return t;
}

static uint64_t *pte_table(uint64_t pte)
{
    return maddr_to_virt(pte & PTE_ADDR_MASK);
}

/* The 4 KiB mapping of one image page: W^X by section. */
static uint64_t image_page_flags(const char *va)
{
    if (va == stack_guard)
        return 0;                                   /* guard: not present */
    if (va < _etext)
        return _PAGE_PRESENT;                       /* text: R X */
    if (va < __rodata_end)
        return _PAGE_PRESENT | pte_nx;              /* rodata: R */
    return _PAGE_PRESENT | _PAGE_RW | pte_nx;       /* data, bss: RW */
}

static bool in_image(paddr_t ma)
{
    return ma >= virt_to_maddr(__xen_start) && ma < virt_to_maddr(__xen_end);
}

/* An L1 table for the 2 MiB region at 'base', which holds image pages. */
static uint64_t *build_image_l1(paddr_t base)
{
    uint64_t *l1 = alloc_pt_page();
    unsigned int i;

    for (i = 0; i < PAGETABLE_ENTRIES; i++) {
        paddr_t ma = base + ((paddr_t)i << PAGE_SHIFT);

        if (in_image(ma))
            l1[i] = ma | image_page_flags(maddr_to_virt(ma));
        else
            l1[i] = ma | _PAGE_PRESENT | _PAGE_RW | pte_nx;
    }
    return l1;
}

static bool region_has_image(paddr_t base, paddr_t size)
{
    paddr_t s = virt_to_maddr(__xen_start), e = virt_to_maddr(__xen_end);

    return base < e && base + size > s;
}

/* One L2 table: 2 MiB data pages, except low memory (kept executable for
 * real-mode and trampoline code) and the image (4 KiB, per section). */
static uint64_t *build_l2(paddr_t base)
{
    uint64_t *l2 = alloc_pt_page();
    unsigned int i;

    for (i = 0; i < PAGETABLE_ENTRIES; i++) {
        paddr_t ma = base + ((paddr_t)i << L2_PAGETABLE_SHIFT);

        if (region_has_image(ma, 1UL << L2_PAGETABLE_SHIFT))
            l2[i] = virt_to_maddr(build_image_l1(ma)) | PAGE_HYPERVISOR_TABLE;
        else if (ma < LOW_MEMORY_END)
            l2[i] = ma | PAGE_HYPERVISOR_LARGE;
        else
            l2[i] = ma | PAGE_HYPERVISOR_LARGE | pte_nx;
    }
    return l2;
}

static void write_cr3(paddr_t cr3)
{
    __asm__ __volatile__ ("mov %0, %%cr3" :: "r" (cr3) : "memory");
}

void arch_init_memory(void)
{
    uint64_t *l3;
    paddr_t ma;

    pte_nx = (rdmsr(MSR_EFER) & EFER_NXE) ? _PAGE_NX : 0;
    idle_pg_table = alloc_pt_page();
    l3 = alloc_pt_page();
    idle_pg_table[0] = virt_to_maddr(l3) | PAGE_HYPERVISOR_TABLE;
    for (ma = 0; ma < directmap_top; ma += 1UL << L3_SHIFT)
        l3[ma >> L3_SHIFT] = virt_to_maddr(build_l2(ma)) |
                             PAGE_HYPERVISOR_TABLE;
    idle_pg_table_maddr = virt_to_maddr(idle_pg_table);
    write_cr3(idle_pg_table_maddr);
    printk("Page tables: direct map of %lu GiB, NX %s, W^X image, "
           "stack guard at %p\n", (unsigned long)(directmap_top >> L3_SHIFT),
           pte_nx ? "on" : "unavailable", stack_guard);
}

/* Unmap one 4 KiB page of the direct map (a guard page under a stack),
 * splitting a 2 MiB mapping where needed.  -EINVAL if va is not mapped by
 * the direct map, -ENOMEM without memory for an L1 table. */
int unmap_guard_page(void *va)
{
    paddr_t ma = virt_to_maddr(va);
    uint64_t *l3, *l2, *l1;
    unsigned int i3, i2, i;

    if (!idle_pg_table || (ma & (PAGE_SIZE - 1)) || ma >= directmap_top)
        return -EINVAL;
    i3 = (unsigned int)(ma >> L3_SHIFT);
    i2 = (unsigned int)(ma >> L2_PAGETABLE_SHIFT) & (PAGETABLE_ENTRIES - 1);
    l3 = pte_table(idle_pg_table[0]);
    l2 = pte_table(l3[i3]);
    if (l2[i2] & _PAGE_PSE) {
        paddr_t base = l2[i2] & PTE_ADDR_MASK & ~((1UL << L2_PAGETABLE_SHIFT) - 1);
        uint64_t flags = l2[i2] & ~PTE_ADDR_MASK & ~(uint64_t)_PAGE_PSE;

        l1 = alloc_xenheap_pages(0, 0);
        if (!l1)
            return -ENOMEM;
        for (i = 0; i < PAGETABLE_ENTRIES; i++)
            l1[i] = (base + ((paddr_t)i << PAGE_SHIFT)) | flags;
        l2[i2] = virt_to_maddr(l1) | PAGE_HYPERVISOR_TABLE;
    }
    l1 = pte_table(l2[i2]);
    l1[(ma >> PAGE_SHIFT) & (PAGETABLE_ENTRIES - 1)] = 0;
    __asm__ __volatile__ ("invlpg (%0)" :: "r" (va) : "memory");
    return 0;
}
