/* Host unit tests of the timer heap (xen/common/timer_heap.c): ordering,
 * removal from any slot, back-indices, a full heap, and a randomised run
 * checked against a sorted reference. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/timer.h>

#define N 200

static struct timer timers[N];
static struct timer *slots[N + 1];
static struct timer_heap heap;

static void setup_heap(unsigned int limit)
{
    memset(timers, 0, sizeof(timers));
    timer_heap_init(&heap, slots, limit);
}

/* Pop everything, checking non-decreasing expiry; returns the count. */
static unsigned int drain_sorted(void)
{
    s_time_t last = INT64_MIN;
    unsigned int n = 0;
    struct timer *t;

    while ((t = timer_heap_first(&heap))) {
        assert_true(t->expires >= last);
        last = t->expires;
        assert_true(timer_heap_remove(&heap, t));
        assert_int_equal(t->heap_offset, 0);
        assert_true(timer_heap_valid(&heap));
        n++;
    }
    return n;
}

static void test_empty(void **state)
{
    (void)state;
    setup_heap(N);
    assert_null(timer_heap_first(&heap));
    assert_false(timer_heap_remove(&heap, &timers[0]));
}

static void test_order(void **state)
{
    static const s_time_t exp[] = { 50, 10, 40, 10, 30, 20, 60, 0, 5 };
    unsigned int i;

    (void)state;
    setup_heap(N);
    for (i = 0; i < sizeof(exp) / sizeof(exp[0]); i++) {
        timers[i].expires = exp[i];
        assert_true(timer_heap_add(&heap, &timers[i]) >= 0);
        assert_true(timer_heap_valid(&heap));
    }
    assert_int_equal(timer_heap_first(&heap)->expires, 0);
    assert_int_equal(drain_sorted(), 9);
}

/* timer_heap_add() says whether the new timer is now the earliest. */
static void test_add_reports_new_head(void **state)
{
    (void)state;
    setup_heap(N);
    timers[0].expires = 100;
    assert_int_equal(timer_heap_add(&heap, &timers[0]), 1);
    timers[1].expires = 200;
    assert_int_equal(timer_heap_add(&heap, &timers[1]), 0);
    timers[2].expires = 50;
    assert_int_equal(timer_heap_add(&heap, &timers[2]), 1);
    assert_ptr_equal(timer_heap_first(&heap), &timers[2]);
}

static void test_remove_middle(void **state)
{
    unsigned int i;

    (void)state;
    setup_heap(N);
    for (i = 0; i < 31; i++) {
        timers[i].expires = (i * 7919) % 31;
        timer_heap_add(&heap, &timers[i]);
    }
    /* Remove every third timer wherever it sits; not the head, mostly. */
    for (i = 0; i < 31; i += 3) {
        bool was_head = timer_heap_first(&heap) == &timers[i];

        assert_int_equal(timer_heap_remove(&heap, &timers[i]), was_head);
        assert_true(timer_heap_valid(&heap));
        /* A second removal is refused. */
        assert_false(timer_heap_remove(&heap, &timers[i]));
    }
    assert_int_equal(drain_sorted(), 31 - 11);
}

static void test_full(void **state)
{
    unsigned int i;

    (void)state;
    setup_heap(4);
    for (i = 0; i < 4; i++) {
        timers[i].expires = 10 - i;
        assert_true(timer_heap_add(&heap, &timers[i]) >= 0);
    }
    timers[4].expires = 1;
    assert_int_equal(timer_heap_add(&heap, &timers[4]), -ENOSPC);
    assert_int_equal(timers[4].heap_offset, 0);
    assert_int_equal(drain_sorted(), 4);
}

/* Random adds and removes against a brute-force minimum. */
static void test_random(void **state)
{
    bool in[N] = { false };
    unsigned int step, i;

    (void)state;
    setup_heap(N);
    srand(12345);
    for (step = 0; step < 20000; step++) {
        unsigned int k = rand() % N;
        struct timer *min = NULL;

        if (in[k]) {
            timer_heap_remove(&heap, &timers[k]);
            in[k] = false;
        } else {
            timers[k].expires = rand() % 1000;
            assert_true(timer_heap_add(&heap, &timers[k]) >= 0);
            in[k] = true;
        }
        for (i = 0; i < N; i++)
            if (in[i] && (!min || timers[i].expires < min->expires))
                min = &timers[i];
        if (min)
            assert_int_equal(timer_heap_first(&heap)->expires, min->expires);
        else
            assert_null(timer_heap_first(&heap));
        if (step % 97 == 0)
            assert_true(timer_heap_valid(&heap));
    }
    drain_sorted();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_add_reports_new_head),
        cmocka_unit_test(test_remove_middle),
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_random),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
