/* The per-CPU idle loop (arch/x86/idle.c). */
#ifndef XEN_IDLE_H
#define XEN_IDLE_H

#include <xen/compiler.h>

/* Halt until an interrupt, run softirqs, repeat; interrupts enabled. */
void __noreturn idle_loop(void);

#endif /* XEN_IDLE_H */
