/* Exception and interrupt entry: one stub per vector that pushes a uniform
 * frame (struct cpu_user_regs) and calls do_trap() in C. */

#include <asm/traps.h>

        .text
        .code64

/* The common path: save the general registers, call do_trap(regs), restore
 * and return.  The stack is 16-byte aligned at the call (the CPU aligns
 * before pushing its 5 words; 2 + 15 more make 22 words in all). */
trap_common:
        pushq   %rdi
        pushq   %rsi
        pushq   %rdx
        pushq   %rcx
        pushq   %rax
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        cld
        movq    %rsp, %rdi
        call    do_trap
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rax
        popq    %rcx
        popq    %rdx
        popq    %rsi
        popq    %rdi
        addq    $16, %rsp               /* vector and error code */
        iretq

/* Vectors for which the CPU pushes an error code: 8, 10-14, 17, 21, 29, 30. */

        .macro  trap_stub v
        .balign 16
trap_stub_\v:
        .if !((\v == 8) || ((\v >= 10) && (\v <= 14)) || (\v == 17) || \
              (\v == 21) || (\v == 29) || (\v == 30))
        pushq   $0
        .endif
        pushq   $\v
        jmp     trap_common
        .endm

        .globl  trap_stubs_start
trap_stubs_start:
        .altmacro
        .set    vec, 0
        .rept   NR_VECTORS
        trap_stub %vec
        .set    vec, vec + 1
        .endr

/* The stubs' addresses, for the IDT (arch/x86/traps.c). */
        .macro  stub_addr v
        .quad   trap_stub_\v
        .endm

        .section .rodata, "a", @progbits
        .balign 8
        .globl  trap_stub_table
trap_stub_table:
        .set    vec, 0
        .rept   NR_VECTORS
        stub_addr %vec
        .set    vec, vec + 1
        .endr

        .section .note.GNU-stack, "", @progbits
