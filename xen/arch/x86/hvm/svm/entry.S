/* SVM world switch: save host callee-saved state, load the guest's general
 * registers, VMRUN, and store them back after the #VMEXIT. */

/* Offsets in struct guest_gprs (asm/hvm/hvm.h). */
#define GPR_RBX     0
#define GPR_RCX     8
#define GPR_RDX     16
#define GPR_RSI     24
#define GPR_RDI     32
#define GPR_RBP     40
#define GPR_R8      48
#define GPR_R9      56
#define GPR_R10     64
#define GPR_R11     72
#define GPR_R12     80
#define GPR_R13     88
#define GPR_R14     96
#define GPR_R15     104

        .text
/*
 * void svm_vmrun(paddr_t vmcb_pa, struct guest_gprs *regs, paddr_t host_pa)
 * RDI = guest VMCB, RSI = guest GPRs, RDX = this CPU's host-state area.
 * VMRUN saves/restores RSP, RIP, RAX, CRs, EFER and GDTR/IDTR through the
 * host save area; VMSAVE/VMLOAD move the rest (FS/GS/TR/LDTR bases,
 * KernelGSBase, STAR/LSTAR/CSTAR/SFMASK, SYSENTER_*).  GIF stays clear from
 * before the guest's state is loaded until the host's is back.
 */
        .globl  svm_vmrun
        .type   svm_vmrun, @function
svm_vmrun:
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        push    %rsi                    /* 16(%rsp): regs */
        push    %rdx                    /*  8(%rsp): host area */
        push    %rdi                    /*  0(%rsp): guest VMCB */

        clgi
        /* Host interrupts on again (the caller turned them off to look at
         * pending guest interrupts): with GIF clear they wait, and one that
         * arrived since makes the guest exit at once. */
        sti
        mov     %rdx, %rax
        vmsave  %rax
        mov     (%rsp), %rax
        vmload  %rax

        mov     GPR_RBX(%rsi), %rbx
        mov     GPR_RCX(%rsi), %rcx
        mov     GPR_RDX(%rsi), %rdx
        mov     GPR_RDI(%rsi), %rdi
        mov     GPR_RBP(%rsi), %rbp
        mov     GPR_R8(%rsi), %r8
        mov     GPR_R9(%rsi), %r9
        mov     GPR_R10(%rsi), %r10
        mov     GPR_R11(%rsi), %r11
        mov     GPR_R12(%rsi), %r12
        mov     GPR_R13(%rsi), %r13
        mov     GPR_R14(%rsi), %r14
        mov     GPR_R15(%rsi), %r15
        mov     GPR_RSI(%rsi), %rsi

        vmrun   %rax                    /* RAX = guest VMCB, restored on exit */

        vmsave  %rax
        push    %rsi                    /* guest RSI; regs now at 24(%rsp) */
        mov     24(%rsp), %rsi
        mov     %rbx, GPR_RBX(%rsi)
        mov     %rcx, GPR_RCX(%rsi)
        mov     %rdx, GPR_RDX(%rsi)
        mov     %rdi, GPR_RDI(%rsi)
        mov     %rbp, GPR_RBP(%rsi)
        mov     %r8, GPR_R8(%rsi)
        mov     %r9, GPR_R9(%rsi)
        mov     %r10, GPR_R10(%rsi)
        mov     %r11, GPR_R11(%rsi)
        mov     %r12, GPR_R12(%rsi)
        mov     %r13, GPR_R13(%rsi)
        mov     %r14, GPR_R14(%rsi)
        mov     %r15, GPR_R15(%rsi)
        pop     %rax
        mov     %rax, GPR_RSI(%rsi)

        mov     8(%rsp), %rax
        vmload  %rax
        stgi

        add     $24, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret
        .size   svm_vmrun, . - svm_vmrun

        .section .note.GNU-stack, "", @progbits
