/* Fatal errors: panic(), BUG_ON() and ASSERT() failures.  BUG_ON/ASSERT go
 * through the #UD handler (registers of the failing code); all end in
 * fatal_error_exit(): a reboot after a delay, or a halt with "noreboot". */
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/panic.h>

void __noreturn panic(const char *fmt, ...)
{
    va_list args;

    console_force_unlock();
    console_start_sync();
    printk("\n****************************************\n");
    printk("Panic on CPU %u:\n", fatal_cpu_id());
    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
    printk("****************************************\n\n");
    fatal_stack_trace_here();
    fatal_error_exit();
}

void __noreturn __bug(const char *file, int line)
{
    fatal_bug_trap("BUG", NULL, file, line);
}

void __noreturn __assert_failed(const char *expr, const char *file, int line)
{
    fatal_bug_trap("Assertion", expr, file, line);
}
