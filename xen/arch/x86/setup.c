/* x86 start of day: __start_xen(), called in long mode by boot/head.S, reports
 * what the boot loader handed over, brings the platform up and starts dom0
 * from the boot modules (or runs the self-tests and powers off). */
#include <asm/bootinfo.h>
#include <asm/dom0_build.h>
#include <asm/mm.h>
#include <asm/msr.h>
#include <asm/hvm/hvm.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/setup.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/acpi.h>
#include <xen/console.h>
#include <xen/idle.h>
#include <xen/kernel.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/selftest.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/timer.h>

static void print_loader(const struct boot_info *bi)
{
    printk("Bootloader: %s\n", bi->loader ? bi->loader : "unknown");
    printk("Boot protocol: %s\n", bi->protocol);
}

static void print_cpu_mode(void)
{
    if (rdmsr(MSR_EFER) & EFER_LMA)
        printk("Running in 64-bit long mode\n");
    else
        printk("Not in long mode (EFER.LMA clear)\n");
}

static void print_modules(const struct boot_info *bi)
{
    unsigned int i;

    printk("Modules: %u\n", bi->nr_modules);
    for (i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *mod = &bi->modules[i];

        printk(" Module %u: %016llx-%016llx %s\n", i + 1,
               (unsigned long long)mod->start, (unsigned long long)mod->end,
               mod->cmdline);
    }
}

/* Interrupt controllers, the LAPIC timer, software timers and the other
 * CPUs; ends with interrupts enabled and a timer self-check. */
static void platform_init(void)
{
    init_IRQ();
    if (apic_bsp_init())
        panic("No usable local APIC\n");
    smp_prepare_boot_cpu();
    timer_init();
    timer_register_keys();
    smp_boot_cpus();
    local_irq_enable();
    serial_irq_init();
    timer_self_check();
}

/* Build dom0 and become the idle loop; if it cannot be built (the reason
 * was printed), power off. */
static void __noreturn start_dom0(const struct boot_info *bi)
{
    struct domain *d;

    if (dom0_construct(bi))
        machine_power_off();
    d = get_domain_by_id(0);
    console_set_dom0(d);
    run_boot_debug_keys();
    idle_loop();
}

void __noreturn __start_xen(uint32_t magic, uint32_t info)
{
    const struct boot_info *bi;

    percpu_init_cpu(0, 0);     /* first: smp_processor_id() reads %gs */
    console_init();
    print_banner();

    bi = multiboot_parse(magic, info);
    if (!bi) {
        printk("Unknown boot protocol (magic %#x); halting.\n", magic);
        machine_halt();
    }
    print_loader(bi);
    cmdline_parse(bi->cmdline);
    console_init_postparse();
    cmdline_report();
    print_cpu_mode();
    e820_print(&bi->e820);
    e820_set_host(&bi->e820);
    print_modules(bi);
    early_memory_init(bi);
    arch_init_memory();
    if (traps_init_cpu(0))
        panic("No memory for the exception stacks\n");
    console_init_ring();
    dump_memory_info();

    if (!acpi_tables_init(bi->rsdp))
        acpi_boot_init();
    if (early_time_init())
        printk(XENLOG_ERR "No usable time source\n");
    platform_init();
    hvm_init();
    if (idle_domain_init())
        printk(XENLOG_ERR "Idle domain creation failed\n");
    scheduler_init(num_online_cpus());
    if (bi->nr_modules && !selftest_requested())
        start_dom0(bi);
    selftest_run();
    run_boot_debug_keys();
    selftest_fault_run();
    machine_power_off();
}
