/* The e820 memory map: entry types, the map and its printing. */
#ifndef ASM_E820_H
#define ASM_E820_H

#include <xen/types.h>

#define E820_RAM            1
#define E820_RESERVED       2
#define E820_ACPI           3
#define E820_NVS            4
#define E820_UNUSABLE       5

#define E820MAX             128

struct e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
};

struct e820map {
    unsigned int nr_map;
    struct e820entry map[E820MAX];
};

bool e820_add_range(struct e820map *e820, uint64_t addr, uint64_t size,
                    uint32_t type);
void e820_print(const struct e820map *e820);
void e820_set_host(const struct e820map *e820);
/* The host map (NULL before boot info is parsed). */
const struct e820map *host_e820(void);

#endif /* ASM_E820_H */
