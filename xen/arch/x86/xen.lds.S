/* Linker script of xen-syms: one image at XEN_LOAD_ADDR, multiboot headers
 * first, identity-mapped (virtual = physical) for now. */

#include <asm/config.h>
#include <asm/page.h>

OUTPUT_FORMAT("elf64-x86-64", "elf64-x86-64", "elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

PHDRS
{
    text PT_LOAD FLAGS(5);      /* R X */
    data PT_LOAD FLAGS(6);      /* R W */
}

SECTIONS
{
    . = XEN_LOAD_ADDR;
    __xen_start = .;

    .text : {
        KEEP(*(.text.header))
        *(.text .text.*)
    } :text

    /* Text, rodata and data start on pages of their own: the page tables
     * map them R X, R and RW (arch/x86/mm.c). */
    . = ALIGN(PAGE_SIZE);
    _etext = .;

    .rodata : {
        /* The command-line option registry (xen/param.h). */
        . = ALIGN(8);
        __param_start = .;
        KEEP(*(.rodata.param))
        __param_end = .;
        *(.rodata .rodata.*)
    } :text

    . = ALIGN(PAGE_SIZE);
    __rodata_end = .;

    . = ALIGN(PAGE_SIZE);
    .data : {
        *(.data .data.*)
    } :data

    .bss : {
        . = ALIGN(PAGE_SIZE);
        __bss_start = .;
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(8);
        __bss_end = .;
    } :data

    __xen_end = .;

    /DISCARD/ : {
        *(.eh_frame)
        *(.note .note.*)
        *(.comment)
    }
}

/* The spec limits are file offsets (8 KiB for multiboot 1, 32 KiB for
 * multiboot 2); the ELF container adds a page of headers in front. */
ASSERT(multiboot1_header + 12 - __xen_start <= 0x2000 - PAGE_SIZE,
       "multiboot 1 header must lie in the file's first 8 KiB")
ASSERT(multiboot2_header_end - __xen_start <= 0x8000 - PAGE_SIZE,
       "multiboot 2 header must lie in the file's first 32 KiB")
ASSERT(__xen_end <= DIRECTMAP_END, "image must lie in the boot direct map")
