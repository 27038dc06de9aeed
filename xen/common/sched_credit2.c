/* Credit2-style scheduling logic: credit burned in proportion to
 * max_weight/weight, credit resets, caps as budgets per period, time
 * slices from credit differences and runqueue load balancing.  No
 * hardware or global state: the clock and the runqueues come from the
 * caller (schedule.c, or the host unit test with a simulated clock). */
#include <xen/errno.h>
#include <xen/sched_credit2.h>

void c2_vcpu_init(struct c2_vcpu *svc, void *owner, unsigned int weight,
                  unsigned int cap)
{
    svc->c2v_next = NULL;
    svc->c2v_owner = owner;
    svc->c2v_credit = C2_CREDIT_INIT;
    svc->c2v_weight = weight ? weight : C2_DEFAULT_WEIGHT;
    svc->c2v_cap = cap;
    svc->c2v_budget = cap ? C2_CAP_PERIOD * (s_time_t)cap / 100 : 0;
    svc->c2v_runtime = 0;
    svc->c2v_rq = 0;
    svc->c2v_runnable = false;
    svc->c2v_running = false;
    svc->c2v_pinned = false;
}

void c2_rq_init(struct c2_runqueue *rq)
{
    rq->c2r_head = NULL;
    rq->c2r_nr = 0;
    rq->c2r_max_weight = 0;
    rq->c2r_period_start = 0;
    rq->c2r_resets = 0;
    rq->c2r_runtime = 0;
    rq->c2r_migrations = 0;
}

static void c2_update_max_weight(struct c2_runqueue *rq)
{
    struct c2_vcpu *s;

    rq->c2r_max_weight = 0;
    for (s = rq->c2r_head; s; s = s->c2v_next)
        if (s->c2v_weight > rq->c2r_max_weight)
            rq->c2r_max_weight = s->c2v_weight;
}

void c2_rq_insert(struct c2_runqueue *rq, struct c2_vcpu *svc)
{
    svc->c2v_next = rq->c2r_head;
    rq->c2r_head = svc;
    rq->c2r_nr++;
    if (svc->c2v_weight > rq->c2r_max_weight)
        rq->c2r_max_weight = svc->c2v_weight;
}

void c2_rq_remove(struct c2_runqueue *rq, struct c2_vcpu *svc)
{
    struct c2_vcpu **p;

    for (p = &rq->c2r_head; *p; p = &(*p)->c2v_next)
        if (*p == svc) {
            *p = svc->c2v_next;
            svc->c2v_next = NULL;
            rq->c2r_nr--;
            break;
        }
    c2_update_max_weight(rq);
}

int c2_set_params(struct c2_runqueue *rq, struct c2_vcpu *svc,
                  unsigned int weight, unsigned int cap)
{
    if (weight == 0 || weight > C2_MAX_WEIGHT || cap > 100 * 64)
        return -EINVAL;
    svc->c2v_weight = weight;
    svc->c2v_cap = cap;
    svc->c2v_budget = cap ? C2_CAP_PERIOD * (s_time_t)cap / 100 : 0;
    c2_update_max_weight(rq);
    return 0;
}

/* Credit burns faster for lighter vCPUs: running delta ns costs
 * delta * max_weight / weight, so over a reset cycle CPU time is
 * proportional to weight. */
void c2_burn(struct c2_runqueue *rq, struct c2_vcpu *svc, s_time_t delta)
{
    if (delta <= 0)
        return;
    svc->c2v_runtime += delta;
    rq->c2r_runtime += delta;
    svc->c2v_credit -= delta * (s_time_t)rq->c2r_max_weight /
                       (s_time_t)svc->c2v_weight;
    if (svc->c2v_cap)
        svc->c2v_budget -= delta;
}

/* Each elapsed period adds one quota; an overrun (a slice that ended late)
 * stays as debt, so a capped vCPU cannot gain by overshooting. */
void c2_replenish(struct c2_runqueue *rq, s_time_t now)
{
    s_time_t periods = (now - rq->c2r_period_start) / C2_CAP_PERIOD;
    struct c2_vcpu *s;

    if (periods <= 0)
        return;
    rq->c2r_period_start = now - (now % C2_CAP_PERIOD);
    for (s = rq->c2r_head; s; s = s->c2v_next) {
        s_time_t quota = C2_CAP_PERIOD * (s_time_t)s->c2v_cap / 100;

        if (!s->c2v_cap)
            continue;
        s->c2v_budget += periods * quota;
        if (s->c2v_budget > quota)
            s->c2v_budget = quota;
    }
}

static bool c2_eligible(const struct c2_vcpu *s)
{
    return s->c2v_runnable && (!s->c2v_cap || s->c2v_budget > 0);
}

static struct c2_vcpu *c2_best(const struct c2_runqueue *rq,
                               const struct c2_vcpu *skip)
{
    struct c2_vcpu *s, *best = NULL;

    for (s = rq->c2r_head; s; s = s->c2v_next)
        if (s != skip && c2_eligible(s) &&
            (!best || s->c2v_credit > best->c2v_credit))
            best = s;
    return best;
}

/* Everyone gets C2_CREDIT_INIT more, capped at C2_CREDIT_INIT, so that
 * debt carries over but hoarding does not. */
static void c2_reset_credit(struct c2_runqueue *rq)
{
    struct c2_vcpu *s;

    rq->c2r_resets++;
    for (s = rq->c2r_head; s; s = s->c2v_next) {
        s->c2v_credit += C2_CREDIT_INIT;
        if (s->c2v_credit > C2_CREDIT_INIT)
            s->c2v_credit = C2_CREDIT_INIT;
    }
}

struct c2_vcpu *c2_pick(struct c2_runqueue *rq, s_time_t now)
{
    struct c2_vcpu *best;

    c2_replenish(rq, now);
    best = c2_best(rq, NULL);
    if (best && best->c2v_credit <= C2_CREDIT_RESET) {
        c2_reset_credit(rq);
        best = c2_best(rq, NULL);
    }
    return best;
}

/* Run until cur's credit falls to the next-best vCPU's (converted back to
 * time at cur's burn rate), within [MIN, MAX] and the cap budget. */
s_time_t c2_slice(const struct c2_runqueue *rq, const struct c2_vcpu *cur,
                  s_time_t now)
{
    const struct c2_vcpu *next = c2_best(rq, cur);
    s_time_t slice = C2_MAX_SLICE;

    if (next && rq->c2r_max_weight) {
        s_time_t diff = cur->c2v_credit - next->c2v_credit;

        slice = diff * (s_time_t)cur->c2v_weight /
                (s_time_t)rq->c2r_max_weight;
    } else if (cur->c2v_credit > 0 && rq->c2r_max_weight) {
        slice = cur->c2v_credit * (s_time_t)cur->c2v_weight /
                (s_time_t)rq->c2r_max_weight;
    }
    if (slice < C2_MIN_SLICE)
        slice = C2_MIN_SLICE;
    if (slice > C2_MAX_SLICE)
        slice = C2_MAX_SLICE;
    if (cur->c2v_cap) {
        s_time_t period_left = rq->c2r_period_start + C2_CAP_PERIOD - now;

        if (cur->c2v_budget < slice)
            slice = cur->c2v_budget > 0 ? cur->c2v_budget : C2_MIN_SLICE;
        if (period_left > 0 && period_left < slice)
            slice = period_left;
    }
    return slice;
}

struct c2_vcpu *c2_balance(struct c2_runqueue *rqs, unsigned int nr_rqs)
{
    unsigned int i, hi = 0, lo = 0;
    struct c2_vcpu *s;

    if (nr_rqs < 2)
        return NULL;
    for (i = 1; i < nr_rqs; i++) {
        if (rqs[i].c2r_nr > rqs[hi].c2r_nr)
            hi = i;
        if (rqs[i].c2r_nr < rqs[lo].c2r_nr)
            lo = i;
    }
    if (rqs[hi].c2r_nr < rqs[lo].c2r_nr + 2)
        return NULL;
    for (s = rqs[hi].c2r_head; s; s = s->c2v_next)
        if (!s->c2v_running && !s->c2v_pinned)
            break;
    if (!s)
        return NULL;
    c2_rq_remove(&rqs[hi], s);
    s->c2v_rq = lo;
    c2_rq_insert(&rqs[lo], s);
    rqs[lo].c2r_migrations++;
    return s;
}
