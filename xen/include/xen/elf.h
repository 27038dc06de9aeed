/* ELF64 x86-64 kernel images as the domain builder sees them: loadable
 * segments and the Xen notes (PVH entry point and friends). */
#ifndef XEN_ELF_H
#define XEN_ELF_H

#include <xen/types.h>

#define ELF_MAX_LOADS   16

/* p_flags bits */
#define ELF_PF_X        1
#define ELF_PF_W        2
#define ELF_PF_R        4

struct elf_segment {
    uint64_t paddr, vaddr;
    uint64_t offset;            /* in the file; offset + filesz <= length */
    uint64_t filesz, memsz;     /* bytes past filesz up to memsz are zero */
    uint32_t flags;             /* ELF_PF_* */
};

struct elf_image {
    uint64_t entry;             /* e_entry (a virtual address for Linux) */
    unsigned int nr_loads;
    struct elf_segment load[ELF_MAX_LOADS];
    uint64_t lowest_paddr;      /* first byte of any PT_LOAD */
    uint64_t highest_paddr;     /* one past the last byte (paddr + memsz) */

    /* Xen notes; notes_seen has bit XEN_ELFNOTE_n set for each one found. */
    uint32_t notes_seen;
    bool has_phys32_entry;
    uint32_t phys32_entry;      /* XEN_ELFNOTE_PHYS32_ENTRY */
    uint64_t note_entry;        /* XEN_ELFNOTE_ENTRY */
    uint64_t hypercall_page;    /* XEN_ELFNOTE_HYPERCALL_PAGE */
    uint64_t virt_base;         /* XEN_ELFNOTE_VIRT_BASE */
    uint32_t supported_features;/* XEN_ELFNOTE_SUPPORTED_FEATURES */
    /* String notes: NUL-terminated inside the image, or NULL. */
    const char *xen_version, *guest_os, *loader, *features;
};

/*
 * Parse an ELF64 x86-64 image of len bytes.  0, or -errno with *why set
 * ("not an ELF file", "not x86-64", "truncated program headers", "segment
 * outside the file", ...).  A missing PVH entry note is not an error here:
 * has_phys32_entry is false and the caller decides.
 */
int elf_parse(const void *img, size_t len, struct elf_image *out,
              const char **why);

#endif /* XEN_ELF_H */
