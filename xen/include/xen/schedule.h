/* Generic scheduler interface (schedule.c): sched= choice, runqueues,
 * the schedule loop and its accounting. */
#ifndef XEN_SCHEDULE_H
#define XEN_SCHEDULE_H

#include <xen/time.h>
#include <xen/types.h>

struct domain;
struct vcpu;

void scheduler_init(unsigned int nr_cpus);
int sched_insert_vcpu(struct vcpu *v, unsigned int cpu);
void sched_remove_vcpu(struct vcpu *v);
int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap);
s_time_t sched_runtime(const struct vcpu *v);
unsigned long schedule_run(s_time_t until);
void dump_runq(unsigned char key);

#endif /* XEN_SCHEDULE_H */
