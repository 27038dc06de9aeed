/* Guest page-table walker: guest-virtual -> guest-physical under the vCPU's
 * paging mode (none, 32-bit, PAE, 4-level), with permission checks; used
 * to copy hypercall arguments from guest-virtual addresses. */
#include <asm/hvm/hvm.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>

#define X86_CR4_PSE     0x00000010
#define X86_CR4_LA57    0x00001000
#define PTE_P           (1ull << 0)
#define PTE_RW          (1ull << 1)
#define PTE_US          (1ull << 2)
#define PTE_PSE         (1ull << 7)
#define PTE_NX          (1ull << 63)
#define ADDR_MASK_64    0x000ffffffffff000ull

/* One paging mode: levels, entry size, index bits per level. */
struct walk_mode {
    unsigned int levels;
    unsigned int entry_bytes;       /* 4 (32-bit) or 8 */
    unsigned int index_bits;        /* 10 or 9 */
    unsigned int top_index_bits;    /* PAE's top level has 2 */
};

static const struct walk_mode mode_32 = { 2, 4, 10, 10 };
static const struct walk_mode mode_pae = { 3, 8, 9, 2 };
static const struct walk_mode mode_4l = { 4, 8, 9, 9 };

static int read_gpte(struct vcpu *v, uint64_t gpa, unsigned int bytes,
                     uint64_t *pte)
{
    uint32_t v32;

    *pte = 0;
    if (bytes == 4) {
        int rc = p2m_copy_from_guest_phys(v->domain, &v32, gpa, 4);

        *pte = v32;
        return rc;
    }
    return p2m_copy_from_guest_phys(v->domain, pte, gpa, 8);
}

/* Access rights: user access needs U/S at every level; writes need R/W at
 * every level when user or CR0.WP; fetches fail on NX (when EFER.NXE). */
static bool pte_denies(uint64_t pte, uint32_t pfec, bool wp, bool nxe)
{
    if ((pfec & PFEC_USER) && !(pte & PTE_US))
        return true;
    if ((pfec & PFEC_WRITE) && !(pte & PTE_RW) &&
        ((pfec & PFEC_USER) || wp))
        return true;
    return (pfec & PFEC_FETCH) && nxe && (pte & PTE_NX);
}

static int walk(struct vcpu *v, const struct walk_mode *m, uint64_t va,
                uint32_t pfec, uint64_t *gpa, uint32_t *fault)
{
    uint64_t cr4 = hvm_funcs.get_cr4(v);
    bool wp = hvm_funcs.get_cr0(v) & X86_CR0_WP;
    bool nxe = m->entry_bytes == 8 && (hvm_funcs.get_efer(v) & EFER_NXE);
    uint64_t table = hvm_funcs.get_cr3(v);
    unsigned int level, shift;

    table &= m->levels == 3 ? 0xffffffe0ull : ADDR_MASK_64;
    if (m->entry_bytes == 4)
        table &= 0xfffff000ull;
    for (level = m->levels; level >= 1; level--) {
        unsigned int bits = level == m->levels ? m->top_index_bits
                                               : m->index_bits;
        uint64_t idx, pte;

        shift = PAGE_SHIFT + m->index_bits * (level - 1);
        idx = (va >> shift) & ((1ull << bits) - 1);
        if (read_gpte(v, table + idx * m->entry_bytes, m->entry_bytes, &pte))
            goto fault;
        if (!(pte & PTE_P))
            goto fault;
        /* PAE's top level carries no access rights. */
        if (!(m->levels == 3 && level == 3) && pte_denies(pte, pfec, wp, nxe)) {
            *fault = pfec | PFEC_PRESENT;
            return -EFAULT;
        }
        if (level > 1 && level <= 2 + (m->levels == 4) && (pte & PTE_PSE) &&
            (m->entry_bytes == 8 || (cr4 & X86_CR4_PSE))) {
            uint64_t span = 1ull << shift;
            uint64_t base = pte & ADDR_MASK_64 & ~(span - 1);

            if (m->entry_bytes == 4)    /* PSE-36: bits 13-16 are 32-35 */
                base = (pte & 0xffc00000ull) | ((pte & 0x1e000ull) << 19);
            *gpa = base | (va & (span - 1));
            return 0;
        }
        table = pte & (m->entry_bytes == 4 ? 0xfffff000ull : ADDR_MASK_64);
    }
    *gpa = table | (va & (PAGE_SIZE - 1));
    return 0;

fault:
    *fault = pfec;
    return -EFAULT;
}

int guest_walk_tables(struct vcpu *v, uint64_t va, uint32_t pfec,
                      uint64_t *gpa, uint32_t *fault_pfec)
{
    uint64_t cr0 = hvm_funcs.get_cr0(v), cr4 = hvm_funcs.get_cr4(v);

    *fault_pfec = 0;
    if (!(cr0 & X86_CR0_PG)) {
        *gpa = va & 0xffffffffull;
        return 0;
    }
    if (!(cr4 & X86_CR4_PAE))
        return walk(v, &mode_32, va & 0xffffffffull, pfec, gpa, fault_pfec);
    if (hvm_funcs.get_efer(v) & EFER_LMA) {
        if (cr4 & X86_CR4_LA57)
            return -EOPNOTSUPP;     /* we mask LA57 from guests */
        return walk(v, &mode_4l, va, pfec, gpa, fault_pfec);
    }
    return walk(v, &mode_pae, va & 0xffffffffull, pfec, gpa, fault_pfec);
}

static int copy_virt(struct vcpu *v, uint64_t va, void *buf, size_t len,
                     bool to_guest)
{
    uint32_t pfec = to_guest ? PFEC_WRITE : 0;

    while (len) {
        size_t chunk = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        uint64_t gpa;
        uint32_t fault;
        int rc = guest_walk_tables(v, va, pfec, &gpa, &fault);

        if (rc)
            return rc;
        rc = to_guest ? p2m_copy_to_guest_phys(v->domain, gpa, buf, chunk)
                      : p2m_copy_from_guest_phys(v->domain, buf, gpa, chunk);
        if (rc)
            return rc;
        va += chunk;
        buf = (char *)buf + chunk;
        len -= chunk;
    }
    return 0;
}

int hvm_copy_from_guest_virt(struct vcpu *v, void *dst, uint64_t va,
                             size_t len)
{
    return copy_virt(v, va, dst, len, false);
}

int hvm_copy_to_guest_virt(struct vcpu *v, uint64_t va, const void *src,
                           size_t len)
{
    return copy_virt(v, va, (void *)src, len, true);
}
