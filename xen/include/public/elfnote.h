/* Xen ELF notes: the guest kernel tells the domain builder about itself in
 * PT_NOTE entries named "Xen" (numbers are Xen's public ABI). */
#ifndef PUBLIC_ELFNOTE_H
#define PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_NAME                "Xen"

#define XEN_ELFNOTE_INFO                0   /* unused */
#define XEN_ELFNOTE_ENTRY               1   /* PV entry (virtual address) */
#define XEN_ELFNOTE_HYPERCALL_PAGE      2   /* where to put the page (VA) */
#define XEN_ELFNOTE_VIRT_BASE           3   /* virtual base of the kernel */
#define XEN_ELFNOTE_PADDR_OFFSET        4
#define XEN_ELFNOTE_XEN_VERSION         5   /* string, e.g. "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS            6   /* string, e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION       7   /* string */
#define XEN_ELFNOTE_LOADER              8   /* string, "generic" */
#define XEN_ELFNOTE_PAE_MODE            9   /* string */
#define XEN_ELFNOTE_FEATURES            10  /* string, '|'-separated */
#define XEN_ELFNOTE_BSD_SYMTAB          11
#define XEN_ELFNOTE_HV_START_LOW        12
#define XEN_ELFNOTE_L1_MFN_VALID        13
#define XEN_ELFNOTE_SUSPEND_CANCEL      14
#define XEN_ELFNOTE_INIT_P2M            15
#define XEN_ELFNOTE_MOD_START_PFN       16
#define XEN_ELFNOTE_SUPPORTED_FEATURES  17  /* bitmap of XENFEAT_* */
#define XEN_ELFNOTE_PHYS32_ENTRY        18  /* PVH 32-bit physical entry */

#define XEN_ELFNOTE_MAX                 XEN_ELFNOTE_PHYS32_ENTRY

/* The notes are tracked in a 32-bit "seen" mask. */
_Static_assert(XEN_ELFNOTE_MAX < 32, "ELF note numbers fit a 32-bit mask");

#endif /* PUBLIC_ELFNOTE_H */
