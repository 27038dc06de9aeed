/* Built-in self-test guests: tiny 32-bit flat protected-mode programs that
 * the self-test copies to guest-physical 0x1000 and runs with VMRUN.  Each
 * reports through port 0xf4 (0 = pass, else the number of the failed
 * check) and talks on the debug console port 0xe9. */

#define GUEST_BASE      0x1000
#define GADDR(sym, start)  ((sym) - (start) + GUEST_BASE)
#define DATA            0x3000          /* guest data page */
#define IDT             0x3800          /* 256 gates fill the page's end */
#define RESULT_PORT     0xf4
#define INPUT_PORT      0xf5            /* reads 0x5a (self-test hook) */

#define HC_ECHO         0x1000          /* rax = rbx + rcx */
#define HC_INJECT       0x1001          /* queue interrupt vector rbx */
#define HC_WALK         0x1002          /* check guest-virtual rbx */

#define COMMA           ,
#define REPORT(code)    movl $(code), %eax; outl %eax, $RESULT_PORT; \
                        9: hlt; jmp 9b

        .section .rodata.selftest, "a", @progbits
        .code32

/* ---- CPUID: the Xen signature leaf and the hypervisor bit ---- */
        .globl  guest_cpuid_start, guest_cpuid_end
guest_cpuid_start:
        movl    $0x40000000, %eax
        cpuid
        cmpl    $0x566e6558, %ebx
        jne     1f
        cmpl    $0x65584d4d, %ecx
        jne     1f
        cmpl    $0x4d4d566e, %edx
        jne     1f
        movl    $1, %eax
        cpuid
        testl   $0x80000000, %ecx
        jz      2f
        REPORT(0)
1:      REPORT(1)
2:      REPORT(2)
guest_cpuid_end:

/* ---- VMMCALL: the hypercall sees and keeps every register ---- */
        .globl  guest_vmmcall_start, guest_vmmcall_end
guest_vmmcall_start:
        movl    $0x11111111, %ebx
        movl    $0x22222222, %ecx
        movl    $0x44444444, %edx
        movl    $0x55555555, %esi
        movl    $0x66666666, %edi
        movl    $0x77777777, %ebp
        movl    $HC_ECHO, %eax
        vmmcall
        cmpl    $0x33333333, %eax
        jne     1f
        cmpl    $0x11111111, %ebx
        jne     2f
        cmpl    $0x22222222, %ecx
        jne     2f
        cmpl    $0x44444444, %edx
        jne     2f
        cmpl    $0x55555555, %esi
        jne     2f
        cmpl    $0x66666666, %edi
        jne     2f
        cmpl    $0x77777777, %ebp
        jne     2f
        REPORT(0)
1:      REPORT(1)
2:      REPORT(2)
guest_vmmcall_end:

/* ---- VMCALL (Intel's encoding, issued by some Linux 6.1.y on AMD): it
 * raises #UD under SVM, and the #UD intercept must treat it as a hypercall.
 * ---- */
        .globl  guest_vmcall_start, guest_vmcall_end
guest_vmcall_start:
        movl    $0x11111111, %ebx
        movl    $0x22222222, %ecx
        movl    $HC_ECHO, %eax
        vmcall
        cmpl    $0x33333333, %eax
        jne     1f
        cmpl    $0x11111111, %ebx
        jne     1f
        REPORT(0)
1:      REPORT(1)
guest_vmcall_end:

/* ---- I/O: a line on the debug console, a read from an emulated port ---- */
        .globl  guest_io_start, guest_io_end
guest_io_start:
        movl    $GADDR(io_msg, guest_io_start), %esi
1:      movb    (%esi), %al
        testb   %al, %al
        jz      2f
        outb    %al, $0xe9
        incl    %esi
        jmp     1b
2:      inb     $INPUT_PORT, %al
        cmpb    $0x5a, %al
        jne     3f
        REPORT(0)
3:      REPORT(1)
io_msg: .asciz  "hello from the io guest\n"
guest_io_end:

/* ---- NPT: a 2 MiB mapping, then a fault on an unmapped page ---- */
        .globl  guest_npf_start, guest_npf_end
guest_npf_start:
        movl    $0x12345678, 0x201234
        cmpl    $0x12345678, 0x201234
        jne     1f
        movl    $0x9abcdef0, 0x3ff000
        movl    0x800000, %eax          /* unmapped: NPF, then mapped */
        cmpl    $0x600dcafe, %eax
        jne     2f
        REPORT(0)
1:      REPORT(1)
2:      REPORT(2)
guest_npf_end:

/* ---- Interrupt injection: held while IF=0, delivered after STI ---- */
        .globl  guest_intr_start, guest_intr_end
guest_intr_start:
        lgdt    GADDR(intr_gdtr, guest_intr_start)
        movl    $GADDR(intr_handler, guest_intr_start), %eax
        movl    $(IDT + 0x40 * 8), %edi
        movw    %ax, (%edi)
        movw    $0x08, 2(%edi)
        movw    $0x8e00, 4(%edi)
        shrl    $16, %eax
        movw    %ax, 6(%edi)
        lidt    GADDR(intr_idtr, guest_intr_start)
        movl    $0, DATA
        cli
        movl    $HC_INJECT, %eax
        movl    $0x40, %ebx
        vmmcall
        cmpl    $0, DATA                /* IF=0: must not have arrived */
        jne     1f
        sti
        nop
        nop
        cmpl    $1, DATA
        jne     2f
        REPORT(0)
1:      REPORT(1)
2:      REPORT(2)
intr_handler:
        incl    DATA
        iret
        .balign 8
intr_gdt:
        .quad   0
        .quad   0x00cf9b000000ffff      /* 0x08: 32-bit code */
        .quad   0x00cf93000000ffff      /* 0x10: 32-bit data */
intr_gdtr:
        .word   3 * 8 - 1
        .long   GADDR(intr_gdt, guest_intr_start)
intr_idtr:
        .word   256 * 8 - 1
        .long   IDT
guest_intr_end:

/* ---- HLT: block until an interrupt arrives, then run its handler ---- */
        .globl  guest_hlt_start, guest_hlt_end
guest_hlt_start:
        lgdt    GADDR(hlt_gdtr, guest_hlt_start)
        movl    $GADDR(hlt_handler, guest_hlt_start), %eax
        movl    $(IDT + 0x41 * 8), %edi
        movw    %ax, (%edi)
        movw    $0x08, 2(%edi)
        movw    $0x8e00, 4(%edi)
        shrl    $16, %eax
        movw    %ax, 6(%edi)
        lidt    GADDR(hlt_idtr, guest_hlt_start)
        movl    $0, DATA
        sti
        hlt
        cmpl    $1, DATA
        jne     1f
        REPORT(0)
1:      REPORT(1)
hlt_handler:
        incl    DATA
        iret
        .balign 8
hlt_gdt:
        .quad   0
        .quad   0x00cf9b000000ffff
        .quad   0x00cf93000000ffff
hlt_gdtr:
        .word   3 * 8 - 1
        .long   GADDR(hlt_gdt, guest_hlt_start)
hlt_idtr:
        .word   256 * 8 - 1
        .long   IDT
guest_hlt_end:

/* ---- Page walk: 32-bit paging; the hypervisor reads through it ---- */
        .globl  guest_walk_start, guest_walk_end
guest_walk_start:
        /* A string at GPA 0x3010, mapped read-only at VA 0x400010. */
        movl    $0x6c6c6568, 0x3010     /* "hell" */
        movl    $0x0000216f, 0x3014     /* "o!" */
        movl    $0x00000083, 0x5000     /* PDE 0: 4 MiB identity, RW */
        movl    $0x00006007, 0x5004     /* PDE 1: page table at 0x6000 */
        movl    $0x00003005, 0x6000     /* PTE 0: GPA 0x3000, user, RO */
        movl    %cr4, %eax
        orl     $0x10, %eax             /* CR4.PSE */
        movl    %eax, %cr4
        movl    $0x5000, %eax
        movl    %eax, %cr3
        movl    %cr0, %eax
        orl     $0x80010000, %eax       /* PG | WP */
        movl    %eax, %cr0
        cmpl    $0x6c6c6568, 0x400010   /* the guest sees it too */
        jne     1f
        movl    $HC_WALK, %eax
        movl    $0x400010, %ebx
        vmmcall
        testl   %eax, %eax
        jnz     2f
        REPORT(0)
1:      REPORT(1)
2:      REPORT(2)
guest_walk_end:

/* Common tail of the page-walk guests: paging is on; the string must be
 * visible at VA 0x400010, and the hypervisor must read it the same way. */
#define WALK_CHECK                                                      \
        cmpl    $0x6c6c6568, 0x400010;                                  \
        jne     1f;                                                     \
        movl    $HC_WALK, %eax;                                         \
        movl    $0x400010, %ebx;                                        \
        vmmcall;                                                        \
        testl   %eax, %eax;                                             \
        jnz     2f;                                                     \
        REPORT(0);                                                      \
1:      REPORT(1);                                                      \
2:      REPORT(2)

/* The string at GPA 0x3010 and, at 0x4000, a page table whose entry 0 maps
 * GPA 0x3000 read-only for user and supervisor (with CR0.WP). */
#define WALK_DATA_64                                                    \
        movl    $0x6c6c6568, 0x3010;                                    \
        movl    $0x0000216f, 0x3014;                                    \
        movl    $0x00003005, 0x4000;                                    \
        movl    $0, 0x4004

/* ---- Page walk, PAE: PDPT 0x6000 -> PD 0x7000 (2 MiB + table) ---- */
        .globl  guest_walk_pae_start, guest_walk_pae_end
guest_walk_pae_start:
        WALK_DATA_64
        movl    $0x00007001, 0x6000     /* PDPTE 0 (P only: the rest MBZ) */
        movl    $0, 0x6004
        movl    $0x00000083, 0x7000     /* PDE 0: 2 MiB identity */
        movl    $0, 0x7004
        movl    $0x00004007, 0x7010     /* PDE 2 (VA 4 MiB): table 0x4000 */
        movl    $0, 0x7014
        movl    %cr4, %eax
        orl     $0x20, %eax             /* CR4.PAE */
        movl    %eax, %cr4
        movl    $0x6000, %eax
        movl    %eax, %cr3
        movl    %cr0, %eax
        orl     $0x80010000, %eax       /* PG | WP */
        movl    %eax, %cr0
        WALK_CHECK
guest_walk_pae_end:

/* ---- Page walk, 4-level (long mode, compatibility segment):
 *      PML4 0x5000 -> PDPT 0x6000 -> PD 0x7000 ---- */
        .globl  guest_walk_4l_start, guest_walk_4l_end
guest_walk_4l_start:
        WALK_DATA_64
        movl    $0x00006007, 0x5000     /* PML4E 0 */
        movl    $0, 0x5004
        movl    $0x00007007, 0x6000     /* PDPTE 0 */
        movl    $0, 0x6004
        movl    $0x00000083, 0x7000     /* PDE 0: 2 MiB identity */
        movl    $0, 0x7004
        movl    $0x00004007, 0x7010     /* PDE 2 (VA 4 MiB): table 0x4000 */
        movl    $0, 0x7014
        movl    %cr4, %eax
        orl     $0x20, %eax             /* CR4.PAE */
        movl    %eax, %cr4
        movl    $0x5000, %eax
        movl    %eax, %cr3
        movl    $0xc0000080, %ecx       /* EFER.LME (intercepted MSR) */
        rdmsr
        orl     $0x100, %eax
        wrmsr
        movl    %cr0, %eax
        orl     $0x80010000, %eax       /* PG | WP: long mode active */
        movl    %eax, %cr0
        WALK_CHECK
guest_walk_4l_end:

/* ---- Benchmark: mean TSC cycles of 1000 CPUID exits and of 1000
 *      VMMCALL round trips, reported on ports 0xf6 and 0xf7 ---- */
#define BENCH_LOOPS     1000
#define BENCH_LOOP(insn_setup, insn, port)                              \
        rdtsc;                                                          \
        movl    %eax, %esi;                                             \
        movl    %edx, %edi;                                             \
        movl    $BENCH_LOOPS, %ebp;                                     \
3:      insn_setup;                                                     \
        insn;                                                           \
        decl    %ebp;                                                   \
        jnz     3b;                                                     \
        rdtsc;                                                          \
        subl    %esi, %eax;                                             \
        sbbl    %edi, %edx;                                             \
        outl    %eax, $port

        .globl  guest_bench_start, guest_bench_end
guest_bench_start:
        movl    $0x40000000, %eax       /* warm up both paths */
        cpuid
        movl    $HC_ECHO, %eax
        vmmcall
        BENCH_LOOP(movl $0x40000000 COMMA %eax, cpuid, 0xf6)
        BENCH_LOOP(movl $HC_ECHO COMMA %eax, vmmcall, 0xf7)
        REPORT(0)
guest_bench_end:

/* ---- Unknown exit: RSM is intercepted but has no handler ---- */
        .globl  guest_crash_start, guest_crash_end
guest_crash_start:
        rsm
        REPORT(1)
guest_crash_end:

/* ---- Spinner for the scheduler test: count forever at DATA ---- */
        .globl  guest_spin_start, guest_spin_end
guest_spin_start:
1:      incl    DATA
        testl   $0xff, DATA
        jnz     1b
        outb    %al, $0x80             /* an exit every 256 rounds, so the
                                           slice end is seen without a
                                           host timer interrupt */
        jmp     1b
guest_spin_end:

        .code64
        .section .note.GNU-stack, "", @progbits
