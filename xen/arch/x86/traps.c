/* Exceptions and interrupts: the IDT, per-CPU GDT/TSS with IST stacks for
 * NMI, double fault and machine check, vector dispatch, and the fatal-error
 * report (CPU, registers, symbolic stack trace) shared with panic/BUG. */
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/console.h>
#include <xen/cpumask.h>
#include <xen/errno.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/panic.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/string.h>
#include <xen/symbols.h>

#define MSR_GS_BASE         0xc0000101
#define GDT_TSS_SEL         0x18
#define GDT_ENTRIES         5           /* null, CS64, DS, TSS (2 slots) */
#define IST_STACK_ORDER     2           /* guard page + 3 pages of stack */
#define STACK_TRACE_DEPTH   32
#define STACK_TRACE_SPAN    0x10000     /* frames lie this close to rsp */
#define REBOOT_DELAY_MS     5000

struct __packed tss64 {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3;
    uint16_t iomap_base;
};
_Static_assert(sizeof(struct tss64) == 104, "64-bit TSS layout");

struct __packed idt_entry {
    uint16_t off_lo;
    uint16_t sel;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t off_mid;
    uint32_t off_hi;
    uint32_t rsvd;
};
_Static_assert(sizeof(struct idt_entry) == 16, "IDT gate layout");

struct __packed desc_ptr {
    uint16_t limit;
    uint64_t base;
};

extern const uint64_t trap_stub_table[NR_VECTORS];

static struct idt_entry idt[NR_VECTORS] __aligned(16);
static uint64_t gdt[NR_CPUS][GDT_ENTRIES] __aligned(16);
static struct tss64 tss[NR_CPUS] __aligned(16);
static vector_handler_t vector_handlers[NR_VECTORS];
static bool (*nmi_callback)(const struct cpu_user_regs *regs);
static void dump_registers(unsigned char key);

static const char *const trap_names[FIRST_EXTERNAL_VECTOR] = {
    [TRAP_divide_error] = "divide error",
    [TRAP_debug] = "debug",
    [TRAP_nmi] = "NMI",
    [TRAP_int3] = "int3",
    [TRAP_overflow] = "overflow",
    [TRAP_bounds] = "bounds",
    [TRAP_invalid_op] = "invalid opcode",
    [TRAP_no_device] = "device not available",
    [TRAP_double_fault] = "double fault",
    [TRAP_invalid_tss] = "invalid TSS",
    [TRAP_no_segment] = "segment not present",
    [TRAP_stack_error] = "stack error",
    [TRAP_gp_fault] = "general protection fault",
    [TRAP_page_fault] = "page fault",
    [TRAP_copro_error] = "x87 FPU error",
    [TRAP_alignment_check] = "alignment check",
    [TRAP_machine_check] = "machine check",
    [TRAP_simd_error] = "SIMD error",
    [TRAP_virtualisation] = "virtualisation exception",
    [TRAP_control_prot] = "control protection",
    [TRAP_hv_injection] = "hypervisor injection",
    [TRAP_vmm_communication] = "VMM communication",
    [TRAP_security] = "security exception",
};

/* A BUG_ON/ASSERT that is on its way to the #UD handler. */
struct bug_report {
    const char *br_what, *br_expr, *br_file;
    int br_line;
};
static struct bug_report pending_bug[NR_CPUS];
static unsigned int fatal_depth[NR_CPUS];

/* ------------------------------------------------------------------------
 * Descriptor tables.
 */
static void set_gate(unsigned int vec, uint64_t addr, unsigned int ist)
{
    struct idt_entry *e = &idt[vec];

    e->off_lo = (uint16_t)addr;
    e->sel = __HYPERVISOR_CS64;
    e->ist = (uint8_t)ist;
    e->type_attr = 0x8e;        /* present, DPL 0, 64-bit interrupt gate */
    e->off_mid = (uint16_t)(addr >> 16);
    e->off_hi = (uint32_t)(addr >> 32);
    e->rsvd = 0;
}

static void build_idt(void)
{
    unsigned int v;

    for (v = 0; v < NR_VECTORS; v++)
        set_gate(v, trap_stub_table[v], 0);
    set_gate(TRAP_nmi, trap_stub_table[TRAP_nmi], IST_NMI);
    set_gate(TRAP_double_fault, trap_stub_table[TRAP_double_fault], IST_DF);
    set_gate(TRAP_machine_check, trap_stub_table[TRAP_machine_check], IST_MCE);
}

/* One IST stack: a block whose lowest page is unmapped to catch overflow.
 * Returns the stack's top, or 0. */
static uint64_t alloc_ist_stack(void)
{
    uint8_t *base = alloc_xenheap_pages(IST_STACK_ORDER, 0);

    if (!base)
        return 0;
    if (unmap_guard_page(base))
        printk(XENLOG_WARNING "IST stack at %p has no guard page\n", base);
    return (uint64_t)(uintptr_t)(base + (PAGE_SIZE << IST_STACK_ORDER));
}

static void build_gdt(unsigned int cpu)
{
    uint64_t base = (uint64_t)(uintptr_t)&tss[cpu];
    uint64_t limit = sizeof(struct tss64) - 1;
    uint64_t *g = gdt[cpu];

    g[0] = 0;
    g[1] = 0x00af9b000000ffffULL;       /* __HYPERVISOR_CS64 */
    g[2] = 0x00cf93000000ffffULL;       /* __HYPERVISOR_DS */
    g[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
           (0x89ULL << 40) |            /* present, available 64-bit TSS */
           (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    g[4] = base >> 32;
}

static void load_tables(unsigned int cpu)
{
    struct desc_ptr gp = { sizeof(gdt[cpu]) - 1, (uint64_t)(uintptr_t)gdt[cpu] };
    struct desc_ptr ip = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

    /* GS keeps its base (MSR_GS_BASE): reloading the selector would not
     * clear it in 64-bit mode, but we leave GS alone anyway. */
    __asm__ __volatile__ (
        "lgdt %0\n\t"
        "pushq %2\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movl %3, %%eax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%ss\n\t"
        "ltr %w4\n\t"
        "lidt %1"
        :: "m" (gp), "m" (ip), "i" (__HYPERVISOR_CS64),
           "i" (__HYPERVISOR_DS), "r" (GDT_TSS_SEL)
        : "rax", "memory");
}

int traps_init_cpu(unsigned int cpu)
{
    unsigned int i;

    if (cpu >= NR_CPUS)
        return -EINVAL;
    if (cpu == 0) {
        build_idt();
        register_keyhandler('d', dump_registers, "dump registers");
    }
    memset(&tss[cpu], 0, sizeof(tss[cpu]));
    tss[cpu].iomap_base = sizeof(struct tss64);     /* no I/O bitmap */
    for (i = 0; i < NR_IST; i++) {
        tss[cpu].ist[i] = alloc_ist_stack();
        if (!tss[cpu].ist[i])
            return -ENOMEM;
    }
    build_gdt(cpu);
    load_tables(cpu);
    return 0;
}

int set_vector_handler(unsigned int vector, vector_handler_t fn)
{
    if (vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS)
        return -EINVAL;
    if (vector_handlers[vector] && fn)
        return -EBUSY;
    vector_handlers[vector] = fn;
    return 0;
}

void set_nmi_callback(bool (*fn)(const struct cpu_user_regs *regs))
{
    nmi_callback = fn;
}

/* ------------------------------------------------------------------------
 * The fatal-error report.
 */
unsigned int fatal_cpu_id(void)
{
    /* Before percpu_init_cpu() the GS base is 0 and %gs:0 is junk. */
    if (!rdmsr(MSR_GS_BASE))
        return 0;
    return smp_processor_id() < NR_CPUS ? smp_processor_id() : 0;
}

static void print_address(const char *prefix, uint64_t addr)
{
    char sym[SYMBOL_TEXT_LEN];

    symbols_format(addr, sym, sizeof(sym));
    printk("%s[<%016lx>] %s\n", prefix, (unsigned long)addr, sym);
}

static uint64_t read_cr(unsigned int n)
{
    uint64_t v = 0;

    switch (n) {
    case 0: __asm__ __volatile__ ("mov %%cr0, %0" : "=r" (v)); break;
    case 2: __asm__ __volatile__ ("mov %%cr2, %0" : "=r" (v)); break;
    case 3: __asm__ __volatile__ ("mov %%cr3, %0" : "=r" (v)); break;
    case 4: __asm__ __volatile__ ("mov %%cr4, %0" : "=r" (v)); break;
    }
    return v;
}

void show_registers(const struct cpu_user_regs *regs)
{
    printk("----[ Xen-%s  x86_64 ]----\n", PACKAGE_VERSION);
    printk("CPU:    %u\n", fatal_cpu_id());
    print_address("RIP:    ", regs->rip);
    printk("RFLAGS: %016lx   CS: %04lx   SS: %04lx\n",
           (unsigned long)regs->rflags, (unsigned long)regs->cs,
           (unsigned long)regs->ss);
    printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n",
           (unsigned long)regs->rax, (unsigned long)regs->rbx,
           (unsigned long)regs->rcx);
    printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
           (unsigned long)regs->rdx, (unsigned long)regs->rsi,
           (unsigned long)regs->rdi);
    printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n",
           (unsigned long)regs->rbp, (unsigned long)regs->rsp,
           (unsigned long)regs->r8);
    printk("r9:  %016lx   r10: %016lx   r11: %016lx\n",
           (unsigned long)regs->r9, (unsigned long)regs->r10,
           (unsigned long)regs->r11);
    printk("r12: %016lx   r13: %016lx   r14: %016lx\n",
           (unsigned long)regs->r12, (unsigned long)regs->r13,
           (unsigned long)regs->r14);
    printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n",
           (unsigned long)regs->r15, (unsigned long)read_cr(0),
           (unsigned long)read_cr(4));
    printk("cr3: %016lx   cr2: %016lx\n", (unsigned long)read_cr(3),
           (unsigned long)read_cr(2));
}

/* Walk the frame-pointer chain (the image is built with frame pointers),
 * staying within STACK_TRACE_SPAN above rsp so a bad rbp cannot fault. */
static void walk_frames(uint64_t rsp, uint64_t rbp)
{
    unsigned int depth;

    for (depth = 0; depth < STACK_TRACE_DEPTH; depth++) {
        const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;

        if (!rbp || (rbp & 7) || rbp < rsp ||
            rbp + 16 > rsp + STACK_TRACE_SPAN)
            break;
        if (!frame[1])
            break;
        print_address("   ", frame[1]);
        rsp = rbp + 16;
        rbp = frame[0];
    }
}

void show_stack_trace(const struct cpu_user_regs *regs)
{
    printk("Xen call trace (rsp=%016lx):\n", (unsigned long)regs->rsp);
    print_address("   ", regs->rip);
    walk_frames(regs->rsp, regs->rbp);
}

void fatal_stack_trace_here(void)
{
    uint64_t rsp, rbp = (uint64_t)(uintptr_t)__builtin_frame_address(0);

    __asm__ __volatile__ ("mov %%rsp, %0" : "=r" (rsp));
    printk("Xen call trace (rsp=%016lx):\n", (unsigned long)rsp);
    walk_frames(rsp, rbp);
}

/* Debug key 'd': this CPU's registers and stack trace, then each other
 * online CPU's in turn (one on_selected_cpus() call at a time, waiting,
 * so their output does not interleave). */
static void __attribute__((noinline)) dump_this_cpu_state(void *unused)
{
    struct cpu_user_regs regs;

    (void)unused;
    memset(&regs, 0, sizeof(regs));
    /* The state at this point: enough for show_registers() and a
     * frame-pointer walk starting from this function's frame. */
    __asm__ __volatile__ (
        "lea 0(%%rip), %0\n\t"
        "mov %%rsp, %1\n\t"
        "mov %%rbp, %2\n\t"
        "pushfq\n\t"
        "popq %3\n\t"
        "mov %%cs, %4\n\t"
        "mov %%ss, %5"
        : "=r" (regs.rip), "=r" (regs.rsp), "=r" (regs.rbp),
          "=r" (regs.rflags), "=r" (regs.cs), "=r" (regs.ss));
    printk("*** Dumping CPU%u host state: ***\n", smp_processor_id());
    show_registers(&regs);
    show_stack_trace(&regs);
}

static void dump_registers(unsigned char key)
{
    unsigned int cpu, self = smp_processor_id();
    cpumask_t one;

    (void)key;
    dump_this_cpu_state(NULL);
    for_each_online_cpu(cpu) {
        if (cpu == self)
            continue;
        cpumask_clear(&one);
        cpumask_set_cpu(cpu, &one);
        on_selected_cpus(&one, dump_this_cpu_state, NULL, true);
    }
}

static void delay_loop(unsigned long n)
{
    while (n--)
        cpu_relax();
}

/* ---- stopping the other CPUs on a fatal error ----
 * No locks: the CPU that crashed may hold any of them, and so may the ones
 * it stops.  An NMI reaches them even with interrupts off; seeing
 * fatal_crashing, each leaves the online map, acknowledges and halts. */
#define STOP_WAIT_US        1000000     /* bounded: 1 s of polling */

static bool fatal_crashing;
static unsigned int fatal_stop_acks;

static void __noreturn stop_on_nmi(void)
{
    cpumask_clear_cpu(smp_processor_id(), &cpu_online_map);
    __atomic_fetch_add(&fatal_stop_acks, 1, __ATOMIC_SEQ_CST);
    for (;;)
        __asm__ __volatile__ ("cli; hlt" ::: "memory");
}

static void fatal_stop_other_cpus(void)
{
    unsigned int others, i;

    /* A second CPU failing at the same time just waits for the NMI. */
    if (__atomic_exchange_n(&fatal_crashing, true, __ATOMIC_SEQ_CST))
        return;
    others = num_online_cpus() - 1;
    if (!others)
        return;
    apic_send_ipi(0, APIC_DEST_ALLBUT | APIC_DM_NMI);
    for (i = 0; i < STOP_WAIT_US / 10; i++) {
        if (__atomic_load_n(&fatal_stop_acks, __ATOMIC_SEQ_CST) >= others)
            break;
        udelay(10);
    }
    printk("Stopped %u of %u other CPU(s)\n",
           __atomic_load_n(&fatal_stop_acks, __ATOMIC_SEQ_CST), others);
}

void __noreturn fatal_error_exit(void)
{
    console_start_sync();
    fatal_stop_other_cpus();
    if (opt_noreboot) {
        printk("Manual reset required ('noreboot' specified)\n");
        machine_halt();
    }
    printk("Reboot in five seconds...\n");
    machine_restart(REBOOT_DELAY_MS);
}

/* A second fault while reporting one: say so and stop, without touching
 * anything that may have caused it. */
static void check_fatal_recursion(unsigned int cpu)
{
    if (++fatal_depth[cpu] > 1) {
        printk("Fault while reporting a fatal error on CPU %u; halting\n",
               cpu);
        delay_loop(1000000);
        machine_halt();
    }
}

static void __noreturn fatal_trap(const struct cpu_user_regs *regs,
                                  const struct bug_report *bug)
{
    unsigned int cpu = fatal_cpu_id(), v = (unsigned int)regs->entry_vector;

    console_force_unlock();
    console_start_sync();
    check_fatal_recursion(cpu);
    if (bug && bug->br_expr)
        printk("Assertion '%s' failed at %s:%d\n", bug->br_expr,
               bug->br_file, bug->br_line);
    else if (bug)
        printk("Xen BUG at %s:%d\n", bug->br_file, bug->br_line);
    show_registers(regs);
    show_stack_trace(regs);
    printk("\n****************************************\n");
    printk("Panic on CPU %u:\n", cpu);
    if (bug)
        printk("Xen %s at %s:%d\n", bug->br_what, bug->br_file, bug->br_line);
    else
        printk("FATAL TRAP: vector = %u (%s)\n[error_code=%04lx]%s%016lx\n",
               v, trap_names[v] ? trap_names[v] : "reserved",
               (unsigned long)regs->error_code,
               v == TRAP_page_fault ? " faulting linear address: " : " ",
               v == TRAP_page_fault ? (unsigned long)read_cr(2) : 0UL);
    printk("****************************************\n\n");
    fatal_error_exit();
}

void __noreturn fatal_bug_trap(const char *what, const char *expr,
                               const char *file, int line)
{
    struct bug_report *b = &pending_bug[fatal_cpu_id()];

    b->br_what = what;
    b->br_expr = expr;
    b->br_file = file;
    b->br_line = line;
    /* Into the #UD handler, which has the full register frame. */
    __asm__ __volatile__ ("ud2" ::: "memory");
    for (;;)
        halt();
}

/* ------------------------------------------------------------------------
 * Dispatch from entry.S.
 */
static void do_nmi(struct cpu_user_regs *regs)
{
    if (__atomic_load_n(&fatal_crashing, __ATOMIC_SEQ_CST))
        stop_on_nmi();
    if (nmi_callback && nmi_callback(regs))
        return;
    printk(XENLOG_WARNING "NMI received on CPU %u for unknown reason; "
           "continuing\n", fatal_cpu_id());
}

static void do_spurious(unsigned int vec)
{
    static bool reported[NR_VECTORS];

    if (!reported[vec]) {
        reported[vec] = true;
        printk(XENLOG_WARNING "Unexpected interrupt vector %u on CPU %u\n",
               vec, fatal_cpu_id());
    }
}

void do_trap(struct cpu_user_regs *regs);
void do_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = (unsigned int)regs->entry_vector;
    struct bug_report *bug;

    if (vec >= FIRST_EXTERNAL_VECTOR) {
        if (vector_handlers[vec])
            vector_handlers[vec](regs);
        else
            do_spurious(vec);
        return;
    }
    switch (vec) {
    case TRAP_nmi:
        do_nmi(regs);
        return;
    case TRAP_int3:
        print_address("int3 at ", regs->rip);
        return;
    case TRAP_invalid_op:
        bug = &pending_bug[fatal_cpu_id()];
        if (bug->br_file)
            fatal_trap(regs, bug);
        break;
    }
    fatal_trap(regs, NULL);
}
