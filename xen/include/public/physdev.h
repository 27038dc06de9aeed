/* PHYSDEVOP_* sub-ops of the physdev_op hypercall (33) that a PVH dom0
 * issues while enumerating PCI (Xen's numbers and layouts). */
#ifndef PUBLIC_PHYSDEV_H
#define PUBLIC_PHYSDEV_H

#include <xen/types.h>

#define PHYSDEVOP_manage_pci_add        15  /* struct physdev_manage_pci */
#define PHYSDEVOP_manage_pci_remove     16  /* struct physdev_manage_pci */
#define PHYSDEVOP_restore_msi           19
#define PHYSDEVOP_manage_pci_add_ext    20  /* struct physdev_manage_pci_ext */
#define PHYSDEVOP_pci_mmcfg_reserved    24  /* struct physdev_pci_mmcfg_reserved */
#define PHYSDEVOP_pci_device_add        25  /* struct physdev_pci_device_add */
#define PHYSDEVOP_pci_device_remove     26  /* struct physdev_pci_device */
#define PHYSDEVOP_restore_msi_ext       27
#define PHYSDEVOP_dbgp_op               29
#define PHYSDEVOP_prepare_msix          30
#define PHYSDEVOP_release_msix          31
#define PHYSDEVOP_pci_device_reset      32
#define PHYSDEVOP_MAX                   32

struct physdev_manage_pci {
    uint8_t bus;
    uint8_t devfn;
};

struct physdev_manage_pci_ext {
    uint8_t bus;
    uint8_t devfn;
    uint32_t is_extfn;
    uint32_t is_virtfn;
    struct { uint8_t bus, devfn; } physfn;
};

struct physdev_pci_mmcfg_reserved {
    uint64_t address;
    uint16_t segment;
    uint8_t start_bus;
    uint8_t end_bus;
    uint32_t flags;
};

#define XEN_PCI_DEV_EXTFN   0x1
#define XEN_PCI_DEV_VIRTFN  0x2
#define XEN_PCI_DEV_PXM     0x4

/* Followed by optarr[] (the proximity domain with XEN_PCI_DEV_PXM). */
struct physdev_pci_device_add {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
    uint32_t flags;
    struct { uint8_t bus, devfn; } physfn;
};

struct physdev_pci_device {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
};

_Static_assert(sizeof(struct physdev_manage_pci_ext) == 16, "ABI");
_Static_assert(sizeof(struct physdev_pci_mmcfg_reserved) == 16, "ABI");
_Static_assert(sizeof(struct physdev_pci_device_add) == 12, "ABI");
_Static_assert(sizeof(struct physdev_pci_device) == 4, "ABI");

#endif /* PUBLIC_PHYSDEV_H */
