/* Real-mode start of the application processors: the boot CPU copies
 * [trampoline_start, trampoline_end) to TRAMPOLINE_PHYS below 1 MiB and
 * sends INIT-SIPI-SIPI; the AP goes 16 -> 32 -> 64 bit on the boot page
 * tables (l4_bootmap, below 4 GiB) and jumps into the image at ap_start64,
 * which switches to the idle page tables and calls start_secondary(). */

#include <asm/config.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/smpboot.h>

#define TRAMP_SYM(s)    (TRAMPOLINE_PHYS + (s) - trampoline_start)

#define TRAMP_CS32      0x08
#define TRAMP_DS        0x10
#define TRAMP_CS64      0x18

        .section .text, "ax", @progbits
        .balign 16
        .globl  trampoline_start, trampoline_end
        .code16
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        lgdtl   tramp_gdt_descr - trampoline_start
        mov     %cr0, %eax
        orl     $X86_CR0_PE, %eax
        mov     %eax, %cr0
        ljmpl   $TRAMP_CS32, $TRAMP_SYM(tramp_start32)

        .code32
tramp_start32:
        mov     $TRAMP_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %cr4, %eax
        orl     $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        movl    TRAMP_SYM(tramp_boot_cr3), %eax
        mov     %eax, %cr3
        movl    $MSR_EFER, %ecx
        rdmsr
        orl     TRAMP_SYM(tramp_efer), %eax
        wrmsr
        mov     %cr0, %eax
        orl     $(X86_CR0_PG | X86_CR0_PE), %eax
        mov     %eax, %cr0
        ljmp    $TRAMP_CS64, $TRAMP_SYM(tramp_start64)

        .code64
tramp_start64:
        movabsq $ap_start64, %rax
        jmp     *%rax

        .balign 8
tramp_gdt:
        .quad   0
        .quad   0x00cf9b000000ffff      /* 32-bit code */
        .quad   0x00cf93000000ffff      /* flat data */
        .quad   0x00af9b000000ffff      /* 64-bit code */
tramp_gdt_end:
        .balign 4
tramp_gdt_descr:
        .word   tramp_gdt_end - tramp_gdt - 1
        .long   TRAMP_SYM(tramp_gdt)

/* Filled in by the boot CPU before each start (see struct trampoline_args). */
        .balign 8
        .globl  trampoline_args
trampoline_args:
tramp_boot_cr3:
        .long   0
tramp_efer:
        .long   0
        .quad   0                       /* ta_cr3 */
        .quad   0                       /* ta_cr0 */
        .quad   0                       /* ta_cr4 */
        .quad   0                       /* ta_stack */
trampoline_end:

/* In the image, on the boot tables: the real page tables, the full control
 * registers and the stack, then C. */
ap_start64:
        movq    $TRAMP_SYM(trampoline_args), %rbx
        movq    TA_CR3(%rbx), %rax
        mov     %rax, %cr3
        movq    TA_CR4(%rbx), %rax
        mov     %rax, %cr4
        movq    TA_CR0(%rbx), %rax
        mov     %rax, %cr0
        movq    TA_STACK(%rbx), %rsp
        xorl    %ebp, %ebp
        call    start_secondary
1:      cli
        hlt
        jmp     1b

        .section .note.GNU-stack, "", @progbits
