/* Boot entry: multiboot 1 and 2 headers, 32-bit start-up, switch to long mode
 * on identity-mapped boot page tables, then call __start_xen() in C. */

#include <asm/config.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/multiboot.h>
#include <xen/multiboot2.h>
#include <xen/ns16550.h>

#define MB1_HEADER_FLAGS    (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)
#define MB2_HEADER_LENGTH   (multiboot2_header_end - multiboot2_header)

/* ------------------------------------------------------------------------
 * Headers: the linker script puts .text.header first in the image, so both
 * lie well inside the first 8 KiB (multiboot 1) and 32 KiB (multiboot 2).
 */
        .section .text.header, "ax", @progbits
        .code32

        .globl  multiboot1_header, multiboot2_header, multiboot2_header_end
        .balign 4
multiboot1_header:
        .long   MULTIBOOT_HEADER_MAGIC
        .long   MB1_HEADER_FLAGS
        .long   -(MULTIBOOT_HEADER_MAGIC + MB1_HEADER_FLAGS)

        .balign MB2_TAG_ALIGN
multiboot2_header:
        .long   MULTIBOOT2_HEADER_MAGIC
        .long   MULTIBOOT2_ARCH_I386
        .long   MB2_HEADER_LENGTH
        .long   -(MULTIBOOT2_HEADER_MAGIC + MULTIBOOT2_ARCH_I386 + \
                  MB2_HEADER_LENGTH)

        /* Ask for page-aligned modules. */
        .balign MB2_TAG_ALIGN
        .short  MB2_HEADER_TAG_MODULE_ALIGN, 0
        .long   8

        .balign MB2_TAG_ALIGN
        .short  MB2_HEADER_TAG_END, 0
        .long   8
multiboot2_header_end:

/* ------------------------------------------------------------------------
 * 32-bit entry.  Both protocols enter here in flat 32-bit protected mode
 * with paging off and interrupts disabled: EAX = magic, EBX = info address.
 */
        .globl  start
start:
        cli
        cld
        movl    %eax, multiboot_magic
        movl    %ebx, multiboot_info

        lgdt    boot_gdt_descr
        mov     $__HYPERVISOR_DS, %ecx
        mov     %cx, %ds
        mov     %cx, %es
        mov     %cx, %ss
        mov     %cx, %fs
        mov     %cx, %gs

        /* Loaders need not zero .bss; QEMU's multiboot loader does not. */
        movl    $__bss_start, %edi
        movl    $__bss_end, %ecx
        subl    %edi, %ecx
        xorl    %eax, %eax
        rep stosb

        movl    $stack_top, %esp

        call    check_long_mode         /* returns CPUID 0x80000001 EDX */
        movl    %edx, %ebp
        call    build_boot_page_tables

        /* PAE paging on our tables, then EFER.LME (and NXE if there is NX). */
        movl    $l4_bootmap, %eax
        movl    %eax, %cr3
        movl    %cr4, %eax
        orl     $X86_CR4_PAE, %eax
        movl    %eax, %cr4

        movl    $MSR_EFER, %ecx
        rdmsr
        orl     $EFER_LME, %eax
        testl   $CPUID_EXT_EDX_NX, %ebp
        jz      1f
        orl     $EFER_NXE, %eax
1:      wrmsr

        /* Paging on activates long mode; the far jump enters 64-bit code. */
        movl    %cr0, %eax
        orl     $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
        movl    %eax, %cr0
        ljmp    $__HYPERVISOR_CS64, $start64

/* Fails unless the CPU has long mode; returns CPUID 0x80000001 EDX in EDX. */
check_long_mode:
        pushl   %ebx
        movl    $0x80000000, %eax
        cpuid
        cmpl    $0x80000001, %eax
        jb      no_long_mode
        movl    $0x80000001, %eax
        cpuid
        testl   $CPUID_EXT_EDX_LM, %edx
        jz      no_long_mode
        popl    %ebx
        ret

no_long_mode:
        movl    $msg_no_long_mode, %esi
        jmp     early_fail

/*
 * Identity-map [0, 4 GiB) with 2 MiB pages: L4[0] -> L3[0..3] -> four L2
 * pages.  The 2 MiB page holding the stack guard is split into 4 KiB pages
 * so that the guard page itself can be left unmapped.
 */
build_boot_page_tables:
        movl    $(l3_bootmap + PAGE_HYPERVISOR_TABLE), l4_bootmap

        movl    $(l2_bootmap + PAGE_HYPERVISOR_TABLE), %eax
        xorl    %ecx, %ecx
1:      movl    %eax, l3_bootmap(, %ecx, 8)
        addl    $PAGE_SIZE, %eax
        incl    %ecx
        cmpl    $DIRECTMAP_L2_PAGES, %ecx
        jb      1b

        movl    $PAGE_HYPERVISOR_LARGE, %eax
        xorl    %ecx, %ecx
1:      movl    %eax, l2_bootmap(, %ecx, 8)
        addl    $(1 << L2_PAGETABLE_SHIFT), %eax
        incl    %ecx
        cmpl    $(DIRECTMAP_L2_PAGES * PAGETABLE_ENTRIES), %ecx
        jb      1b

        movl    $stack_guard, %edx
        shrl    $L2_PAGETABLE_SHIFT, %edx       /* L2 slot of the guard */
        movl    %edx, %eax
        shll    $L2_PAGETABLE_SHIFT, %eax
        orl     $PAGE_HYPERVISOR_RW, %eax
        xorl    %ecx, %ecx
1:      movl    %eax, l1_bootmap(, %ecx, 8)
        addl    $PAGE_SIZE, %eax
        incl    %ecx
        cmpl    $PAGETABLE_ENTRIES, %ecx
        jb      1b
        movl    $(l1_bootmap + PAGE_HYPERVISOR_TABLE), l2_bootmap(, %edx, 8)

        movl    $stack_guard, %ecx
        shrl    $PAGE_SHIFT, %ecx
        andl    $(PAGETABLE_ENTRIES - 1), %ecx
        movl    $0, l1_bootmap(, %ecx, 8)
        ret

/* Print the NUL-terminated string at ESI on COM1 (polled), then halt. */
early_fail:
        movw    $(COM1_IO_BASE + UART_LSR), %dx
1:      movb    (%esi), %bl
        testb   %bl, %bl
        jz      3f
2:      inb     %dx, %al
        testb   $UART_LSR_THRE, %al
        jz      2b
        movb    %bl, %al
        movw    $(COM1_IO_BASE + UART_THR), %dx
        outb    %al, %dx
        movw    $(COM1_IO_BASE + UART_LSR), %dx
        incl    %esi
        jmp     1b
3:      cli
        hlt
        jmp     3b

/* ------------------------------------------------------------------------
 * 64-bit entry: flat data segments, the boot stack, then C.
 */
        .code64
start64:
        mov     $__HYPERVISOR_DS, %ecx
        mov     %cx, %ds
        mov     %cx, %es
        mov     %cx, %ss
        xorl    %ecx, %ecx
        mov     %cx, %fs
        mov     %cx, %gs

        movq    $stack_top, %rsp
        xorl    %ebp, %ebp
        movl    multiboot_magic(%rip), %edi
        movl    multiboot_info(%rip), %esi
        call    __start_xen
1:      cli
        hlt
        jmp     1b

/* ------------------------------------------------------------------------
 * Data.
 */
        .section .rodata, "a", @progbits
msg_no_long_mode:
        .asciz  "(XEN) This CPU does not support 64-bit long mode; halting.\r\n"

        .section .data, "aw", @progbits
        .balign 8
/* Null, 64-bit code, flat data; accessed bits preset so the CPU never
 * writes to the table. */
boot_gdt:
        .quad   0
        .quad   0x00af9b000000ffff      /* __HYPERVISOR_CS64 */
        .quad   0x00cf93000000ffff      /* __HYPERVISOR_DS */
boot_gdt_end:

        .balign 8
        .skip   6                       /* 8-byte align the base */
boot_gdt_descr:
        .word   boot_gdt_end - boot_gdt - 1
        .quad   boot_gdt

multiboot_magic:
        .long   0
multiboot_info:
        .long   0

        .section .bss.page_aligned, "aw", @nobits
        .balign PAGE_SIZE
        .globl  l4_bootmap, l3_bootmap, l2_bootmap, l1_bootmap, stack_guard
l4_bootmap:
        .skip   PAGE_SIZE
l3_bootmap:
        .skip   PAGE_SIZE
l2_bootmap:
        .skip   DIRECTMAP_L2_PAGES * PAGE_SIZE
l1_bootmap:
        .skip   PAGE_SIZE
stack_guard:
        .skip   PAGE_SIZE
        .globl  stack_bottom, stack_top
stack_bottom:
        .skip   STACK_SIZE
stack_top:

        .section .note.GNU-stack, "", @progbits
