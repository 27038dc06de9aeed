/* Stopping the machine: power off, or halt when that is impossible. */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/compiler.h>

void __noreturn machine_power_off(void);
void __noreturn machine_halt(void);
/* Reset the machine after delay_millisecs (arch/x86/reboot.c). */
void __noreturn machine_restart(unsigned int delay_millisecs);

#endif /* XEN_SHUTDOWN_H */
