/* Credit2-style proportional-share accounting: pure logic on per-vCPU
 * credit and per-runqueue state, driven by the caller's clock (so that host
 * unit tests can simulate time).  schedule.c wires it to real vCPUs. */
#ifndef XEN_SCHED_CREDIT2_H
#define XEN_SCHED_CREDIT2_H

#include <xen/time.h>
#include <xen/types.h>

#define C2_CREDIT_INIT      MILLISECS(10)   /* credit after a reset */
#define C2_CREDIT_RESET     0               /* reset when the best is <= */
#define C2_MIN_SLICE        MICROSECS(500)
#define C2_MAX_SLICE        MILLISECS(10)
#define C2_CAP_PERIOD       MILLISECS(10)   /* caps are per this period */
#define C2_DEFAULT_WEIGHT   256
#define C2_MAX_WEIGHT       65535

struct c2_vcpu {
    struct c2_vcpu *c2v_next;       /* runqueue list */
    void *c2v_owner;                /* the struct vcpu */
    s_time_t c2v_credit;
    unsigned int c2v_weight;
    unsigned int c2v_cap;           /* % of one pCPU, 0 = uncapped */
    s_time_t c2v_budget;            /* left in this cap period */
    s_time_t c2v_runtime;           /* total CPU time accounted */
    unsigned int c2v_rq;            /* runqueue it is on */
    bool c2v_runnable;
    bool c2v_running;
    bool c2v_pinned;                /* hard affinity: never migrated */
};

struct c2_runqueue {
    struct c2_vcpu *c2r_head;
    unsigned int c2r_nr;
    unsigned int c2r_max_weight;    /* credit burns at max_weight/weight */
    s_time_t c2r_period_start;      /* current cap period */
    unsigned long c2r_resets;
    s_time_t c2r_runtime;           /* CPU time charged on this queue */
    unsigned long c2r_migrations;   /* vCPUs pulled onto this queue */
};

void c2_vcpu_init(struct c2_vcpu *svc, void *owner, unsigned int weight,
                  unsigned int cap);
void c2_rq_init(struct c2_runqueue *rq);
void c2_rq_insert(struct c2_runqueue *rq, struct c2_vcpu *svc);
void c2_rq_remove(struct c2_runqueue *rq, struct c2_vcpu *svc);
/* Charge svc for delta ns of CPU time. */
void c2_burn(struct c2_runqueue *rq, struct c2_vcpu *svc, s_time_t delta);
/* Start a new cap period when the old one has ended. */
void c2_replenish(struct c2_runqueue *rq, s_time_t now);
/* The vCPU to run next (highest credit, runnable, budget left), or NULL;
 * resets every credit when the best has run out. */
struct c2_vcpu *c2_pick(struct c2_runqueue *rq, s_time_t now);
/* How long cur may run before the next decision. */
s_time_t c2_slice(const struct c2_runqueue *rq, const struct c2_vcpu *cur,
                  s_time_t now);
/* Move one waiting, unpinned vCPU from the longest to the shortest
 * runqueue when they differ by two or more; returns the vCPU moved (its
 * c2v_rq is the new queue), or NULL. */
struct c2_vcpu *c2_balance(struct c2_runqueue *rqs, unsigned int nr_rqs);
int c2_set_params(struct c2_runqueue *rq, struct c2_vcpu *svc,
                  unsigned int weight, unsigned int cap);

#endif /* XEN_SCHED_CREDIT2_H */
