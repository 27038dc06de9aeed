/* x86 memory set-up: boot memory, the idle page tables and guard pages. */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <asm/bootinfo.h>
#include <xen/types.h>

/* The page tables every CPU runs on after arch_init_memory(). */
extern uint64_t *idle_pg_table;
extern paddr_t idle_pg_table_maddr;

/* Memory map -> boot allocator -> heap, keeping [0, 1 MiB), the image, the
 * modules and the boot information. */
void early_memory_init(const struct boot_info *bi);

/* Unmap the 4 KiB page at va (a stack guard); 0 or -errno. */
int unmap_guard_page(void *va);

#endif /* ASM_MM_H */
