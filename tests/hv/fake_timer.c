/* Fake software timers for host tests (see fake_timer.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "fake_timer.h"

struct timer *fake_timer_last_set;

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
    t->cpu = (uint16_t)cpu;
    t->status = TIMER_STATUS_inactive;
}

void set_timer(struct timer *t, s_time_t expires)
{
    fake_timer_last_set = t;
    assert_true(t->status == TIMER_STATUS_inactive ||
                t->status == TIMER_STATUS_in_heap);
    t->expires = expires;
    t->status = TIMER_STATUS_in_heap;
}

void stop_timer(struct timer *t)
{
    if (t->status == TIMER_STATUS_in_heap)
        t->status = TIMER_STATUS_inactive;
}

void migrate_timer(struct timer *t, unsigned int cpu)
{
    t->cpu = (uint16_t)cpu;
}

void kill_timer(struct timer *t)
{
    t->status = TIMER_STATUS_killed;
}

s_time_t timer_expires(const struct timer *t)
{
    return t->expires;
}

bool timer_is_active(const struct timer *t)
{
    return t->status == TIMER_STATUS_in_heap;
}

void fake_timer_fire(struct timer *t)
{
    assert_int_equal(t->status, TIMER_STATUS_in_heap);
    t->status = TIMER_STATUS_inactive;
    t->function(t->data);
}
