/* Host-test shim for xen/include/asm/page.h: machine addresses are offsets
 * into a test arena (hv_arena), so the heap's direct-map accesses land in
 * ordinary host memory. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <stdint.h>
#include <xen/types.h>

#define PAGE_SHIFT              12
#define PAGE_SIZE               (1UL << PAGE_SHIFT)
#define PAGETABLE_ENTRIES       512
#define XENHEAP_BITS            64
#define FRAME_TABLE_LIMIT       0

extern uint8_t *hv_arena;

static inline void *maddr_to_virt(paddr_t maddr)
{
    return hv_arena + maddr;
}

/* The whole arena is "mapped". */
static inline bool maddr_is_mapped(paddr_t maddr, size_t len)
{
    (void)maddr;
    (void)len;
    return true;
}

static inline paddr_t virt_to_maddr(const void *v)
{
    return (paddr_t)((const uint8_t *)v - hv_arena);
}

#endif /* ASM_PAGE_H */
