/* The e820 memory map: building it from boot information and printing it. */
#include <asm/e820.h>
#include <xen/lib.h>

static const struct e820map *e820_host;

/* The boot loader's map, kept for XENMEM_machine_memory_map. */
void e820_set_host(const struct e820map *e820)
{
    e820_host = e820;
}

const struct e820map *host_e820(void)
{
    return e820_host;
}

/* Append a range; false if the map is full or the range is empty. */
bool e820_add_range(struct e820map *e820, uint64_t addr, uint64_t size,
                    uint32_t type)
{
    struct e820entry *e;

    if (!size || e820->nr_map >= E820MAX)
        return false;
    e = &e820->map[e820->nr_map++];
    e->addr = addr;
    e->size = size;
    e->type = type;
    return true;
}

static void e820_print_type(uint32_t type)
{
    switch (type) {
    case E820_RAM:      printk("(usable)\n"); break;
    case E820_RESERVED: printk("(reserved)\n"); break;
    case E820_ACPI:     printk("(ACPI data)\n"); break;
    case E820_NVS:      printk("(ACPI NVS)\n"); break;
    case E820_UNUSABLE: printk("(unusable)\n"); break;
    default:            printk("(type %u)\n", type); break;
    }
}

/* One line per entry: [start, inclusive end] (type). */
void e820_print(const struct e820map *e820)
{
    unsigned int i;

    printk("Xen-e820 RAM map:\n");
    for (i = 0; i < e820->nr_map; i++) {
        const struct e820entry *e = &e820->map[i];

        printk(" [%016llx, %016llx] ", (unsigned long long)e->addr,
               (unsigned long long)(e->addr + e->size - 1));
        e820_print_type(e->type);
    }
}
