/* x86-64 paging: page sizes, page-table entry flags and the direct map. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <xen/const.h>

#define PAGE_SHIFT              12
#define PAGE_SIZE               (_AC(1, UL) << PAGE_SHIFT)
#define L2_PAGETABLE_SHIFT      21      /* a 2 MiB superpage */
#define PAGETABLE_ENTRIES       512

#define _PAGE_PRESENT           0x001
#define _PAGE_RW                0x002
#define _PAGE_PSE               0x080   /* superpage, in an L2/L3 entry */
#define _PAGE_NX_BIT            63

#define PAGE_HYPERVISOR_TABLE   (_PAGE_PRESENT | _PAGE_RW)
#define PAGE_HYPERVISOR_RW      (_PAGE_PRESENT | _PAGE_RW)
#define PAGE_HYPERVISOR_LARGE   (_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)

/* The boot page tables identity-map machine addresses [0, 4 GiB). */
#define DIRECTMAP_L2_PAGES      4
#define DIRECTMAP_END           (_AC(DIRECTMAP_L2_PAGES, UL) << 30)

/* Hypervisor heap pages and the frame table are used through the direct
 * map, so they come from below its end. */
#define XENHEAP_BITS            32
#define FRAME_TABLE_LIMIT       DIRECTMAP_END

#ifndef __ASSEMBLY__

#include <xen/compiler.h>
#include <xen/types.h>

/* Whether [maddr, maddr + len) is reachable through the direct map. */
static inline bool maddr_is_mapped(paddr_t maddr, size_t len)
{
    return maddr < DIRECTMAP_END && len <= DIRECTMAP_END - maddr;
}

static inline void *maddr_to_virt(paddr_t maddr)
{
    return RELOC_HIDE((void *)(uintptr_t)maddr);
}

static inline paddr_t virt_to_maddr(const void *v)
{
    return (paddr_t)(uintptr_t)v;
}

#endif /* !__ASSEMBLY__ */

#endif /* ASM_PAGE_H */
