/* Multiprocessor interface: bringing CPUs up, and cross-CPU calls and
 * notifications over IPIs (arch/x86/smp.c, arch/x86/smpboot.c). */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/cpumask.h>
#include <xen/percpu.h>
#include <xen/types.h>

/*
 * Run func(info) on every CPU in mask (the caller's own CPU included if it
 * is in the mask); with wait, return once all calls have finished, else
 * once all have started.  Interrupts must be enabled: the targets may be
 * calling us at the same time.  Calls are serialised by one lock.
 */
void on_selected_cpus(const cpumask_t *mask, void (*func)(void *info),
                      void *info, bool wait);
/* The same on every online CPU except the caller. */
void smp_call_function(void (*func)(void *info), void *info, bool wait);

/* Make a CPU leave hlt and look at its softirqs (EVENT_CHECK_VECTOR). */
void smp_send_event_check_cpu(unsigned int cpu);
void smp_send_event_check_mask(const cpumask_t *mask);

/* Stop all other CPUs (fatal errors, power-off). */
void smp_send_stop(void);

/* Boot: start the CPUs the MADT lists, up to maxcpus= (smpboot.c). */
void smp_prepare_boot_cpu(void);
void smp_boot_cpus(void);

#endif /* XEN_SMP_H */
