/* Per-CPU identity: each CPU's GS base points at its struct cpu_local, so
 * that smp_processor_id() is a single %gs-relative load; and the CPU maps. */
#include <asm/msr.h>
#include <xen/cpumask.h>
#include <xen/percpu.h>

cpumask_t cpu_online_map = { 1 };      /* the boot CPU from the start */
cpumask_t cpu_present_map = { 1 };

static struct cpu_local cpu_locals[NR_CPUS];

void percpu_init_cpu(unsigned int cpu, uint32_t apic_id)
{
    cpu_locals[cpu].cl_cpu = cpu;
    cpu_locals[cpu].cl_apic_id = apic_id;
    wrmsr(MSR_GS_BASE, (uintptr_t)&cpu_locals[cpu]);
}
