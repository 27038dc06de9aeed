/* Host unit tests of the credit2 accounting (xen/common/sched_credit2.c)
 * with a simulated clock: shares by weight, credit resets, caps with
 * overrun debt, slice bounds, parameter checks, load balancing and
 * migration between two simulated CPUs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/sched_credit2.h>

#define SIM_TIME    SECONDS(10)

/* Run rq on a simulated CPU for 'total' ns.  Each slice is stretched by
 * 'overrun' percent (a late timer); idle time jumps to the next period. */
static s_time_t simulate(struct c2_runqueue *rq, s_time_t total,
                         unsigned int overrun)
{
    s_time_t now = 0, idle = 0;

    while (now < total) {
        struct c2_vcpu *next = c2_pick(rq, now);
        s_time_t slice;

        if (!next) {
            s_time_t wake = rq->c2r_period_start + C2_CAP_PERIOD;

            idle += wake - now;
            now = wake;
            continue;
        }
        slice = c2_slice(rq, next, now);
        assert_true(slice >= C2_MIN_SLICE || next->c2v_cap);
        assert_true(slice <= C2_MAX_SLICE);
        slice += slice * overrun / 100;
        c2_burn(rq, next, slice);
        now += slice;
    }
    return idle;
}

static void add_vcpus(struct c2_runqueue *rq, struct c2_vcpu *v,
                      const unsigned int *weights, unsigned int n)
{
    c2_rq_init(rq);
    for (unsigned int i = 0; i < n; i++) {
        c2_vcpu_init(&v[i], &v[i], weights[i], 0);
        v[i].c2v_runnable = true;
        c2_rq_insert(rq, &v[i]);
    }
}

/* |got - want| <= want * pct / 100 */
static void assert_close(s_time_t got, s_time_t want, unsigned int pct)
{
    s_time_t diff = got > want ? got - want : want - got;

    if (diff * 100 > want * (s_time_t)pct)
        fail_msg("got %lld, want %lld (+-%u%%)", (long long)got,
                 (long long)want, pct);
}

static void test_shares_1_2_3(void **state)
{
    static const unsigned int w[3] = { 256, 512, 768 };
    struct c2_runqueue rq;
    struct c2_vcpu v[3];
    s_time_t total = 0;

    (void)state;
    add_vcpus(&rq, v, w, 3);
    assert_int_equal(rq.c2r_max_weight, 768);
    simulate(&rq, SIM_TIME, 0);
    for (int i = 0; i < 3; i++)
        total += v[i].c2v_runtime;
    for (int i = 0; i < 3; i++)
        assert_close(v[i].c2v_runtime, total * w[i] / 1536, 2);
    assert_true(rq.c2r_resets > 0);
}

static void test_equal_weights(void **state)
{
    static const unsigned int w[4] = { 256, 256, 256, 256 };
    struct c2_runqueue rq;
    struct c2_vcpu v[4];

    (void)state;
    add_vcpus(&rq, v, w, 4);
    simulate(&rq, SIM_TIME, 0);
    for (int i = 0; i < 4; i++)
        assert_close(v[i].c2v_runtime, SIM_TIME / 4, 2);
}

/* A blocked vCPU gets nothing; the others share its time. */
static void test_blocked_vcpu(void **state)
{
    static const unsigned int w[3] = { 256, 256, 512 };
    struct c2_runqueue rq;
    struct c2_vcpu v[3];

    (void)state;
    add_vcpus(&rq, v, w, 3);
    v[2].c2v_runnable = false;
    simulate(&rq, SIM_TIME, 0);
    assert_int_equal(v[2].c2v_runtime, 0);
    assert_close(v[0].c2v_runtime, SIM_TIME / 2, 2);
}

static void test_cap(void **state)
{
    static const unsigned int w[1] = { 256 };
    struct c2_runqueue rq;
    struct c2_vcpu v[1];
    s_time_t idle;

    (void)state;
    add_vcpus(&rq, v, w, 1);
    assert_int_equal(c2_set_params(&rq, &v[0], 256, 25), 0);
    idle = simulate(&rq, SIM_TIME, 0);
    assert_close(v[0].c2v_runtime, SIM_TIME / 4, 2);
    assert_close(idle, SIM_TIME * 3 / 4, 2);
}

/* Slices that end 50% late must not buy a capped vCPU more time. */
static void test_cap_overrun_debt(void **state)
{
    static const unsigned int w[1] = { 256 };
    struct c2_runqueue rq;
    struct c2_vcpu v[1];

    (void)state;
    add_vcpus(&rq, v, w, 1);
    assert_int_equal(c2_set_params(&rq, &v[0], 256, 25), 0);
    simulate(&rq, SIM_TIME, 50);
    assert_close(v[0].c2v_runtime, SIM_TIME / 4, 5);
}

/* A capped heavy vCPU next to an uncapped light one: the cap wins. */
static void test_cap_with_competition(void **state)
{
    static const unsigned int w[2] = { 768, 256 };
    struct c2_runqueue rq;
    struct c2_vcpu v[2];

    (void)state;
    add_vcpus(&rq, v, w, 2);
    assert_int_equal(c2_set_params(&rq, &v[0], 768, 20), 0);
    simulate(&rq, SIM_TIME, 0);
    assert_close(v[0].c2v_runtime, SIM_TIME / 5, 3);
    assert_close(v[1].c2v_runtime, SIM_TIME * 4 / 5, 3);
}

static void test_params(void **state)
{
    static const unsigned int w[2] = { 256, 512 };
    struct c2_runqueue rq;
    struct c2_vcpu v[2];

    (void)state;
    add_vcpus(&rq, v, w, 2);
    assert_int_equal(c2_set_params(&rq, &v[0], 0, 0), -EINVAL);
    assert_int_equal(c2_set_params(&rq, &v[0], 70000, 0), -EINVAL);
    assert_int_equal(c2_set_params(&rq, &v[1], 128, 0), 0);
    assert_int_equal(rq.c2r_max_weight, 256);
    c2_rq_remove(&rq, &v[0]);
    assert_int_equal(rq.c2r_nr, 1);
    assert_int_equal(rq.c2r_max_weight, 128);
}

static void test_balance(void **state)
{
    static const unsigned int w[4] = { 256, 256, 256, 256 };
    struct c2_runqueue rqs[2];
    struct c2_vcpu v[4];

    (void)state;
    add_vcpus(&rqs[0], v, w, 4);
    c2_rq_init(&rqs[1]);
    v[3].c2v_running = true;        /* the running one stays */
    assert_non_null(c2_balance(rqs, 2));
    assert_non_null(c2_balance(rqs, 2));
    assert_null(c2_balance(rqs, 2));  /* 2 and 2: balanced */
    assert_int_equal(rqs[0].c2r_nr, 2);
    assert_int_equal(rqs[1].c2r_nr, 2);
    assert_int_equal(v[3].c2v_rq, 0);
    for (int i = 0; i < 4; i++)
        if (v[i].c2v_rq == 1)
            assert_false(v[i].c2v_running);
    assert_null(c2_balance(rqs, 1));
}

/* Migration on two simulated CPUs: four vCPUs start on CPU0, balancing
 * after every slice spreads them 2:2, a pinned vCPU never moves, both CPUs
 * accumulate run time and each vCPU still gets about a quarter. */
static void test_migration(void **state)
{
    static const unsigned int w[4] = { 256, 256, 256, 256 };
    struct c2_runqueue rqs[2];
    struct c2_vcpu v[4];
    s_time_t now[2] = { 0, 0 };
    unsigned int moved = 0;

    (void)state;
    add_vcpus(&rqs[0], v, w, 4);
    c2_rq_init(&rqs[1]);
    v[0].c2v_pinned = true;
    while (now[0] < SIM_TIME || now[1] < SIM_TIME) {
        unsigned int cpu = now[1] < now[0];     /* the CPU behind runs */
        struct c2_runqueue *rq = &rqs[cpu];
        struct c2_vcpu *next = c2_pick(rq, now[cpu]);
        s_time_t slice;

        if (!next) {
            now[cpu] += C2_MIN_SLICE;           /* idle: nothing queued */
            moved += c2_balance(rqs, 2) != NULL;
            continue;
        }
        next->c2v_running = true;
        slice = c2_slice(rq, next, now[cpu]);
        c2_burn(rq, next, slice);
        now[cpu] += slice;
        next->c2v_running = false;
        moved += c2_balance(rqs, 2) != NULL;
    }
    assert_int_equal(moved, 2);
    assert_int_equal(rqs[0].c2r_nr, 2);
    assert_int_equal(rqs[1].c2r_nr, 2);
    assert_int_equal(rqs[1].c2r_migrations, 2);
    assert_int_equal(v[0].c2v_rq, 0);
    assert_true(rqs[0].c2r_runtime > 0 && rqs[1].c2r_runtime > 0);
    assert_close(rqs[1].c2r_runtime, rqs[0].c2r_runtime, 2);
    for (int i = 0; i < 4; i++)
        assert_close(v[i].c2v_runtime, SIM_TIME / 2, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares_1_2_3),
        cmocka_unit_test(test_equal_weights),
        cmocka_unit_test(test_blocked_vcpu),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_cap_overrun_debt),
        cmocka_unit_test(test_cap_with_competition),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_balance),
        cmocka_unit_test(test_migration),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
