/* Building the PVH dom0 at start of day: dom0_mem= / dom0_max_vcpus=, dom0's
 * memory map and ACPI tables, and the builder setup.c calls. */
#ifndef ASM_DOM0_BUILD_H
#define ASM_DOM0_BUILD_H

#include <asm/e820.h>
#include <xen/types.h>

struct boot_info;
struct domain;

/* dom0_mem=[min:S,][max:S,][S|-S]: sizes in bytes, 0 = not given.
 * neg: 'amount' is what to leave to the hypervisor ("all but S"). */
struct dom0_mem_spec {
    uint64_t amount;
    bool neg;
    uint64_t min;
    uint64_t max;
};

/* Parse a dom0_mem= value into *spec (left untouched on error); 0, or
 * -EINVAL with *why saying what is wrong. */
int dom0_mem_parse(const char *s, struct dom0_mem_spec *spec,
                   const char **why);

/* dom0's size in bytes (a multiple of 4 KiB) from spec and the bytes the
 * hypervisor can give away.  0 with *why set when the request cannot be
 * met (an explicit size or min: larger than avail, or nothing left). */
uint64_t dom0_mem_compute(const struct dom0_mem_spec *spec, uint64_t avail,
                          const char **why);

/* dom0_max_vcpus=<n> | <min>-<max>: 0 = no bound.  The vCPU count is the
 * number of pCPUs clamped to [min, max] (and to the hypervisor's limit). */
struct dom0_vcpus_spec {
    unsigned int min;
    unsigned int max;
};

int dom0_vcpus_parse(const char *s, struct dom0_vcpus_spec *spec,
                     const char **why);
unsigned int dom0_vcpus_compute(const struct dom0_vcpus_spec *spec,
                                unsigned int nr_pcpus, unsigned int limit);

/* A range of guest-physical addresses [start, end). */
struct dom0_range {
    uint64_t start;
    uint64_t end;
};

/* Insert [start, end) into the sorted, merged list r[*nr] (room for max);
 * false when the list is full. */
bool dom0_range_add(struct dom0_range *r, unsigned int *nr, unsigned int max,
                    uint64_t start, uint64_t end);

/*
 * dom0's memory map: RAM exactly where ram[] says (sorted, merged),
 * [acpi.start, acpi.end) as E820_ACPI (it lies inside RAM, taken out of it;
 * empty = none), the host's non-RAM types elsewhere, and host RAM that
 * dom0 does not get as E820_UNUSABLE.  Returns 0, or -ENOSPC when the
 * result does not fit in an e820map.
 */
int dom0_e820_build(const struct e820map *host, const struct dom0_range *ram,
                    unsigned int nr_ram, struct dom0_range acpi,
                    struct e820map *out);

/* dom0_acpi.c: build dom0's RSDP, XSDT and MADT into buf (sized
 * DOM0_ACPI_SIZE, guest-physical address gpa), from the host's XSDT/RSDT
 * entries host[nr_host] (their machine addresses; hdr(i) reads one).
 * Returns the guest-physical address of the RSDP, or 0 with *why set. */
#define DOM0_ACPI_SIZE      0x2000
struct acpi_table_header;
typedef const struct acpi_table_header *(*dom0_acpi_map_fn)(uint64_t addr);
uint64_t dom0_acpi_build(void *buf, uint64_t gpa, const uint64_t *host,
                         unsigned int nr_host, dom0_acpi_map_fn map,
                         unsigned int nr_vcpus, const char **why);

/* Build dom0 from the boot modules (module 1 the kernel, module 2 the
 * initrd) and put vCPU0 on the scheduler.  On failure prints one line
 * saying why and returns a negative errno (no domain is left behind). */
int dom0_construct(const struct boot_info *bi);

#endif /* ASM_DOM0_BUILD_H */
