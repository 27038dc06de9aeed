/* x86 exceptions and interrupt vectors: the saved register frame, the IDT
 * and TSS set-up per CPU, and handlers for vectors 32-255. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

/* Exception vectors. */
#define TRAP_divide_error       0
#define TRAP_debug              1
#define TRAP_nmi                2
#define TRAP_int3               3
#define TRAP_overflow           4
#define TRAP_bounds             5
#define TRAP_invalid_op         6
#define TRAP_no_device          7
#define TRAP_double_fault       8
#define TRAP_invalid_tss        10
#define TRAP_no_segment         11
#define TRAP_stack_error        12
#define TRAP_gp_fault           13
#define TRAP_page_fault         14
#define TRAP_copro_error        16
#define TRAP_alignment_check    17
#define TRAP_machine_check      18
#define TRAP_simd_error         19
#define TRAP_virtualisation     20
#define TRAP_control_prot       21
#define TRAP_hv_injection       28
#define TRAP_vmm_communication  29
#define TRAP_security           30
#define FIRST_EXTERNAL_VECTOR   32
#define NR_VECTORS              256

/* IST slots (1-based as in the IDT gate). */
#define IST_NMI     1
#define IST_DF      2
#define IST_MCE     3
#define NR_IST      3

#ifndef __ASSEMBLY__

#include <xen/types.h>

/* Pushed by entry.S: general registers, then vector and error code (0 when
 * the CPU pushes none), then the CPU's own frame. */
struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t entry_vector;
    uint64_t error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

typedef void (*vector_handler_t)(struct cpu_user_regs *regs);

/* Load this CPU's GDT (with its TSS and IST stacks) and the shared IDT.
 * Call once on each CPU; the BSP's call also builds the IDT.  0 or -ENOMEM. */
int traps_init_cpu(unsigned int cpu);

/* Route vector (32..255) to fn, which must send the EOI itself; -EINVAL for
 * exception vectors, -EBUSY if taken. */
int set_vector_handler(unsigned int vector, vector_handler_t fn);

/* Called for NMIs (e.g. an IPI asking for a register dump); return true if
 * the NMI was expected. */
void set_nmi_callback(bool (*fn)(const struct cpu_user_regs *regs));

/* Print registers and a symbolic stack trace of regs. */
void show_registers(const struct cpu_user_regs *regs);
void show_stack_trace(const struct cpu_user_regs *regs);

/* selftest_fault=<kind>: fault on purpose (arch/x86/fault_selftest.c). */
void selftest_fault_run(void);

#endif /* !__ASSEMBLY__ */

#endif /* ASM_TRAPS_H */
