/* Generic scheduler interface (schedule.c): sched= choice, per-pCPU
 * runqueues, SCHEDULE_SOFTIRQ-driven scheduling and its accounting. */
#ifndef XEN_SCHEDULE_H
#define XEN_SCHEDULE_H

#include <xen/time.h>
#include <xen/types.h>

struct domain;
struct vcpu;

void scheduler_init(unsigned int nr_cpus);
unsigned int sched_nr_runqueues(void);
int sched_insert_vcpu(struct vcpu *v, unsigned int cpu, bool pinned);
void sched_remove_vcpu(struct vcpu *v);
void sched_quiesce_vcpu(struct vcpu *v);
void sched_kick(struct vcpu *v);
int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap);
s_time_t sched_runtime(const struct vcpu *v);
s_time_t sched_cpu_runtime(unsigned int cpu);
void dump_runq(unsigned char key);

#endif /* XEN_SCHEDULE_H */
