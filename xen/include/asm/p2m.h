/* The physical-to-machine map of an HVM domain: its nested page tables. */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <xen/types.h>

struct domain;

#define P2M_ORDER_4K    0
#define P2M_ORDER_2M    9

/* NPT entry bits: NPT treats every guest access as a user access, so
 * every level needs U/S; bit 9 (available to software) marks a leaf whose
 * frame the domain owns and teardown frees. */
#define NPT_P           (1ull << 0)
#define NPT_RW          (1ull << 1)
#define NPT_US          (1ull << 2)
#define NPT_PSE         (1ull << 7)
#define NPT_OWNED       (1ull << 9)
#define NPT_NX          (1ull << 63)
#define NPT_ADDR_MASK   0x000ffffffffff000ull

#define p2m_rw          (NPT_P | NPT_RW | NPT_US)
#define p2m_ro          (NPT_P | NPT_US)

int p2m_init(struct domain *d);
void p2m_teardown(struct domain *d);
/* Map gfn (aligned to 2^order) to maddr with access flags (p2m_rw ...). */
int p2m_set_entry(struct domain *d, uint64_t gfn, paddr_t maddr,
                  unsigned int order, uint64_t flags);
/* Allocate fresh zeroed RAM owned by d and map it at gfn. */
int p2m_populate(struct domain *d, uint64_t gfn, unsigned int order);
/* Machine address behind gpa, or -EFAULT (not mapped) / -EACCES (a write
 * to a read-only mapping). */
int p2m_lookup(struct domain *d, uint64_t gpa, bool write, paddr_t *maddr);
/* Copy to/from guest-physical memory; -EFAULT if any byte is unmapped. */
int p2m_copy_to_guest_phys(struct domain *d, uint64_t gpa, const void *src,
                           size_t len);
int p2m_copy_from_guest_phys(struct domain *d, void *dst, uint64_t gpa,
                             size_t len);

/* 4-level NPT: 48-bit guest-physical addresses. */
#define P2M_MAX_GFN     (1ull << 36)
/* The leaf mapping gfn: its frame's machine address, its flags (p2m_rw,
 * NPT_OWNED ...) and order.  0, -ENOENT (not mapped) or -EINVAL. */
int p2m_get_entry(struct domain *d, uint64_t gfn, paddr_t *maddr,
                  uint64_t *flags, unsigned int *order);
/* Unmap the leaf of exactly 2^order pages at gfn; the caller frees an owned
 * frame.  0, -ENOENT or -EINVAL (no leaf of that order there). */
int p2m_remove_entry(struct domain *d, uint64_t gfn, unsigned int order);
/* Highest mapped gfn (the end of a superpage counts), -1 when empty. */
int64_t p2m_max_gfn(struct domain *d);

#endif /* ASM_P2M_H */
