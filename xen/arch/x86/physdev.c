/* The physdev_op hypercall: the PCI notifications a PVH dom0 sends while
 * it enumerates devices.  Without an IOMMU or vPCI there is nothing to set
 * up, so they are accepted and logged; everything else is -ENOSYS. */
#include <public/physdev.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

static long physdev_pci_device_add(struct vcpu *v, uint64_t va)
{
    struct physdev_pci_device_add a;

    if (copy_from_guest(v, &a, va, sizeof(a)))
        return -EFAULT;
    printk(XENLOG_DEBUG "PCI add device %04x:%02x:%02x.%u flags %#x\n",
           a.seg, a.bus, a.devfn >> 3, a.devfn & 7, a.flags);
    return 0;
}

static long physdev_pci_device_remove(struct vcpu *v, uint64_t va)
{
    struct physdev_pci_device r;

    if (copy_from_guest(v, &r, va, sizeof(r)))
        return -EFAULT;
    printk(XENLOG_DEBUG "PCI remove device %04x:%02x:%02x.%u\n",
           r.seg, r.bus, r.devfn >> 3, r.devfn & 7);
    return 0;
}

static long physdev_manage_pci(struct vcpu *v, uint64_t va)
{
    struct physdev_manage_pci m;

    if (copy_from_guest(v, &m, va, sizeof(m)))
        return -EFAULT;
    printk(XENLOG_DEBUG "PCI device 0000:%02x:%02x.%u (manage_pci)\n",
           m.bus, m.devfn >> 3, m.devfn & 7);
    return 0;
}

static long physdev_manage_pci_ext(struct vcpu *v, uint64_t va)
{
    struct physdev_manage_pci_ext m;

    if (copy_from_guest(v, &m, va, sizeof(m)))
        return -EFAULT;
    printk(XENLOG_DEBUG "PCI add device 0000:%02x:%02x.%u (ext)\n",
           m.bus, m.devfn >> 3, m.devfn & 7);
    return 0;
}

/* The host's ECAM windows: recorded only in the log (no vPCI yet). */
static long physdev_mmcfg_reserved(struct vcpu *v, uint64_t va)
{
    struct physdev_pci_mmcfg_reserved r;

    if (copy_from_guest(v, &r, va, sizeof(r)))
        return -EFAULT;
    if (r.start_bus > r.end_bus)
        return -EINVAL;
    printk(XENLOG_DEBUG "PCI MMCFG %04x:[%02x-%02x] at %#llx flags %#x\n",
           r.segment, r.start_bus, r.end_bus,
           (unsigned long long)r.address, r.flags);
    return 0;
}

static subop_fn_t *const physdev_ops[PHYSDEVOP_MAX + 1] = {
    [PHYSDEVOP_manage_pci_add]     = physdev_manage_pci,
    [PHYSDEVOP_manage_pci_remove]  = physdev_manage_pci,
    [PHYSDEVOP_manage_pci_add_ext] = physdev_manage_pci_ext,
    [PHYSDEVOP_pci_mmcfg_reserved] = physdev_mmcfg_reserved,
    [PHYSDEVOP_pci_device_add]     = physdev_pci_device_add,
    [PHYSDEVOP_pci_device_remove]  = physdev_pci_device_remove,
};

/* arg[0]: PHYSDEVOP_*, arg[1]: guest pointer to its argument.  domUs have
 * no physical devices (and no PIRQs): -ENOSYS, as Xen gives PVH domUs. */
long do_physdev_op(struct vcpu *v, const uint64_t arg[5])
{
    if (!v->domain->is_privileged)
        return -ENOSYS;
    return SUBOP_DISPATCH(physdev_ops, arg[0], v, arg[1]);
}
