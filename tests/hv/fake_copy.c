/* Fake guest copies for host tests: see fake_copy.h. */
#include <string.h>

#include <xen/errno.h>
#include <asm/hvm/hvm.h>

#include "fake_copy.h"

const void *fake_copy_readonly;
void (*fake_copy_written)(uint64_t va, size_t len);

int hvm_copy_from_guest_virt(struct vcpu *v, void *dst, uint64_t va,
                             size_t len)
{
    (void)v;
    if (va < 4096)
        return -EFAULT;
    memcpy(dst, (void *)(uintptr_t)va, len);
    return 0;
}

int hvm_copy_to_guest_virt(struct vcpu *v, uint64_t va, const void *src,
                           size_t len)
{
    (void)v;
    if (va < 4096 || (fake_copy_readonly && va == (uintptr_t)fake_copy_readonly))
        return -EFAULT;
    memcpy((void *)(uintptr_t)va, src, len);
    if (fake_copy_written)
        fake_copy_written(va, len);
    return 0;
}
