/* Per-CPU variables: DEFINE_PER_CPU(type, name) is an array of NR_CPUS
 * copies; per_cpu(name, cpu) and this_cpu(name) pick one.
 *
 * smp_processor_id() reads the CPU number at %gs:0: MSR_GS_BASE of every
 * CPU points at its struct cpu_local (arch/x86/percpu.c).  Code that loads
 * another GS base (SVM's VMLOAD of guest state) must restore the host's
 * (VMLOAD of the host save area, or wrmsr MSR_GS_BASE) before calling
 * anything that may use smp_processor_id(). */
#ifndef XEN_PERCPU_H
#define XEN_PERCPU_H

#include <xen/cpumask.h>
#include <xen/types.h>

#define DEFINE_PER_CPU(type, name) \
    __typeof__(type) per_cpu__##name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) \
    extern __typeof__(type) per_cpu__##name[NR_CPUS]

#define per_cpu(name, cpu)      (per_cpu__##name[(cpu)])
#define this_cpu(name)          per_cpu(name, smp_processor_id())

/* What %gs points at on each CPU. */
struct cpu_local {
    unsigned int cl_cpu;        /* must stay first: read as %gs:0 */
    uint32_t cl_apic_id;
};

static inline unsigned int smp_processor_id(void)
{
    unsigned int cpu;

    __asm__ __volatile__ ("movl %%gs:0, %0" : "=r" (cpu));
    return cpu;
}

/* Point this CPU's GS base at its cpu_local (arch/x86/percpu.c). */
void percpu_init_cpu(unsigned int cpu, uint32_t apic_id);

#endif /* XEN_PERCPU_H */
