/* Built-in self-tests run at boot: selftest=svm (guests through VMRUN),
 * selftest=sched (scheduler shares), selftest=all (both). */
#ifndef XEN_SELFTEST_H
#define XEN_SELFTEST_H

#include <xen/types.h>

struct vcpu;

/* Returns the number of failed tests (0 also when none were asked for). */
int selftest_run(void);
/* selftest= was given (selftest=boot: report and power off, no dom0). */
bool selftest_requested(void);
int selftest_sched_run(void);

/* A one-vCPU HVM domain running the guest image [start, end) at 0x1000;
 * NULL with *why set on failure.  The vCPU is still paused. */
struct vcpu *selftest_domain(uint16_t id, const uint8_t *start,
                             const uint8_t *end, const char **why);

#endif /* XEN_SELFTEST_H */
