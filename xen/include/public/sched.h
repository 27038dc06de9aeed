/* SCHEDOP_* sub-ops of the sched_op hypercall (29) and their arguments
 * (x86_64 layouts of Xen's public ABI). */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include <xen/types.h>

#define SCHEDOP_yield           0   /* no argument */
#define SCHEDOP_block           1   /* no argument: enable events, block */
#define SCHEDOP_shutdown        2   /* struct sched_shutdown */
#define SCHEDOP_poll            3   /* struct sched_poll */
#define SCHEDOP_remote_shutdown 4   /* struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code   5   /* struct sched_shutdown */
#define SCHEDOP_watchdog        6   /* struct sched_watchdog */
#define SCHEDOP_pin_override    7   /* struct sched_pin_override */

/* Reasons of SCHEDOP_shutdown (also domain shutdown codes). */
#define SHUTDOWN_poweroff       0
#define SHUTDOWN_reboot         1
#define SHUTDOWN_suspend        2
#define SHUTDOWN_crash          3
#define SHUTDOWN_watchdog       4
#define SHUTDOWN_soft_reset     5
#define SHUTDOWN_MAX            5

struct sched_shutdown {
    uint32_t reason;            /* SHUTDOWN_* */
};

struct sched_poll {
    uint64_t ports;             /* guest pointer to uint32_t ports[] */
    uint32_t nr_ports;
    uint32_t pad;
    uint64_t timeout;           /* absolute system time (ns), 0 = none */
};

struct sched_remote_shutdown {
    uint16_t domain_id;
    uint16_t pad;
    uint32_t reason;
};

struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;
};

struct sched_pin_override {
    int32_t pcpu;
};

_Static_assert(sizeof(struct sched_shutdown) == 4, "ABI");
_Static_assert(sizeof(struct sched_poll) == 24, "ABI");
_Static_assert(__builtin_offsetof(struct sched_poll, timeout) == 16, "ABI");
_Static_assert(sizeof(struct sched_remote_shutdown) == 8, "ABI");
_Static_assert(__builtin_offsetof(struct sched_remote_shutdown, reason) == 4,
               "ABI");

#endif /* PUBLIC_SCHED_H */
