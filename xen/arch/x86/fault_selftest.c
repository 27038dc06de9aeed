/* selftest_fault=<kind>: a deliberate hypervisor fault at the end of boot,
 * to prove the fatal-error path (register dump, symbolic stack trace,
 * reboot/noreboot) and the page-table protections. */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>
#include <asm/traps.h>

static char opt_selftest_fault[16];
string_param("selftest_fault", opt_selftest_fault);

static volatile int selftest_zero;
static uint8_t selftest_data[16] = { 0xc3 };    /* "ret", in a data page */

extern char stack_guard[];

/* Above the direct map: nothing is mapped there. */
#define UNMAPPED_ADDR   (1UL << 46)

static void __attribute__((noinline)) fault_unmapped_write(void)
{
    *(volatile int *)(UNMAPPED_ADDR + (uintptr_t)selftest_zero) = 1; /* #PF */
}

static void __attribute__((noinline)) fault_guard_write(void)
{
    *(volatile int *)(uintptr_t)(stack_guard + selftest_zero) = 1;  /* #PF */
}

static void __attribute__((noinline)) fault_text_write(void)
{
    *(volatile uint8_t *)(uintptr_t)fault_unmapped_write = 0x90; /* W^X: #PF */
}

static void __attribute__((noinline)) fault_data_exec(void)
{
    ((void (*)(void))(uintptr_t)selftest_data)();           /* NX: #PF */
}

static void __attribute__((noinline)) fault_divide(void)
{
    unsigned int lo = 1, hi = 0, divisor = (unsigned int)selftest_zero;

    __asm__ __volatile__ ("divl %2" : "+a" (lo), "+d" (hi) : "r" (divisor));
    selftest_zero = (int)lo;                                /* #DE above */
}

/* Recursion until the boot stack runs into its guard page: the #PF cannot
 * be delivered on that stack, so it becomes a #DF on its IST stack. */
static unsigned long __attribute__((noinline)) fault_stack_overflow(unsigned long n)
{
    volatile unsigned long pad[32];

    pad[n % 32] = n;
    if (selftest_zero)      /* never: only there to hide the recursion */
        return n;
    return fault_stack_overflow(n + 1) + pad[(n + 1) % 32];
}

static void fault_overflow(void)
{
    fault_stack_overflow(0);
}

/* A software NMI: delivered on the NMI IST stack, reported, survived. */
static void __attribute__((noinline)) fault_nmi(void)
{
    __asm__ __volatile__ ("int $2" ::: "memory");
}

static void __attribute__((noinline)) fault_ud(void)
{
    __asm__ __volatile__ ("ud2");
}

static void __attribute__((noinline)) fault_bug(void)
{
    BUG_ON(selftest_zero == 0);
}

static void __attribute__((noinline)) fault_assert(void)
{
    ASSERT(selftest_zero == 1);
}

static void __attribute__((noinline)) fault_panic(void)
{
    panic("selftest_fault=panic requested\n");
}

static const struct {
    const char *name;
    void (*fn)(void);
} selftest_faults[] = {
    { "pf", fault_unmapped_write },
    { "guard", fault_guard_write },
    { "wx", fault_text_write },
    { "nx", fault_data_exec },
    { "div", fault_divide },
    { "ud", fault_ud },
    { "overflow", fault_overflow },
    { "nmi", fault_nmi },
    { "bug", fault_bug },
    { "assert", fault_assert },
    { "panic", fault_panic },
};

void selftest_fault_run(void)
{
    unsigned int i;

    if (!opt_selftest_fault[0])
        return;
    for (i = 0; i < ARRAY_SIZE(selftest_faults); i++) {
        if (!strcmp(opt_selftest_fault, selftest_faults[i].name)) {
            printk("Triggering selftest fault '%s'\n", opt_selftest_fault);
            selftest_faults[i].fn();
            /* Only "nmi" is meant to get here. */
            printk("selftest fault '%s' returned\n", opt_selftest_fault);
            return;
        }
    }
    printk(XENLOG_WARNING "selftest_fault=%s: unknown kind\n",
           opt_selftest_fault);
}
