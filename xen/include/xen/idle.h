/* The per-CPU idle loop (arch/x86/idle.c). */
#ifndef XEN_IDLE_H
#define XEN_IDLE_H

#include <xen/compiler.h>
#include <xen/time.h>

/* Halt until an interrupt, run softirqs, repeat; interrupts enabled. */
void __noreturn idle_loop(void);
/* Run the idle loop on this CPU until system time 'until', then return. */
void idle_wait_until(s_time_t until);

#endif /* XEN_IDLE_H */
