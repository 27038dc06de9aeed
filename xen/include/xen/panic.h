/* The shared end of every fatal error (panic, BUG_ON, ASSERT, exceptions in
 * the hypervisor): implemented by arch/x86/traps.c. */
#ifndef XEN_PANIC_H
#define XEN_PANIC_H

#include <xen/compiler.h>

/* The CPU number, safe before per-CPU data is set up. */
unsigned int fatal_cpu_id(void);
/* Print a symbolic stack trace of the caller. */
void fatal_stack_trace_here(void);
/* Trap into the exception path to report a BUG/assertion with registers. */
void __noreturn fatal_bug_trap(const char *what, const char *expr,
                               const char *file, int line);
/* Reboot after a delay, or halt with "noreboot". */
void __noreturn fatal_error_exit(void);

#endif /* XEN_PANIC_H */
