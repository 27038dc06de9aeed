/* Host unit tests of system-time scaling (xen/arch/x86/time.c): the
 * shift/mul_frac pair that turns TSC ticks into nanoseconds (also handed to
 * guests as pvclock parameters) for a range of counter frequencies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/apic.h>
#include <xen/acpi.h>
#include <xen/cpumask.h>
#include <xen/lib.h>
#include <xen/time.h>

/* What time.c refers to besides the scaling code under test. */
struct acpi_platform acpi_platform;
cpumask_t cpu_online_map;

void printk(const char *fmt, ...)
{
    (void)fmt;
}

void dump_apic_timer(void)
{
}

static const uint64_t freqs[] = {
    3579545,            /* ACPI PM timer */
    14318180,           /* HPET */
    100000000,
    999999999,
    1000000000,         /* QEMU's LAPIC timer */
    1000000001,
    2096537000,         /* a TSC measured under QEMU TCG */
    2000000000,
    2000000001,
    5000000000ULL,
};

/* One second of ticks is one second of ns, to within 1 ppm. */
static void test_one_second(void **state)
{
    unsigned int i;

    (void)state;
    for (i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++) {
        struct time_scale ts;
        uint64_t ns;

        set_time_scale(&ts, freqs[i]);
        ns = scale_delta(freqs[i], &ts);
        assert_true(ns >= 1000000000ULL - 1000 && ns <= 1000000000ULL + 1000);
        /* mul_frac keeps its top bit: the normalisation used all 32 bits. */
        assert_true(ts.mul_frac >= 0x80000000u);
    }
}

/* A day of ticks does not overflow, and stays within 1 ppm. */
static void test_one_day(void **state)
{
    struct time_scale ts;
    uint64_t day = 86400ULL * 2096537000ULL;
    uint64_t ns;

    (void)state;
    set_time_scale(&ts, 2096537000ULL);
    ns = scale_delta(day, &ts);
    assert_true(ns >= 86400ULL * 1000000000ULL - 86400ULL * 1000 &&
                ns <= 86400ULL * 1000000000ULL + 86400ULL * 1000);
}

/* Monotonic: more ticks never give fewer ns. */
static void test_monotonic(void **state)
{
    struct time_scale ts;
    uint64_t t, last = 0;

    (void)state;
    set_time_scale(&ts, 2096537000ULL);
    for (t = 0; t < 100000; t += 7) {
        uint64_t ns = scale_delta(t, &ts);

        assert_true(ns >= last);
        last = ns;
    }
    assert_int_equal(scale_delta(0, &ts), 0);
}

/* Known shifts: rates are normalised into (1e9, 2e9]. */
static void test_shift(void **state)
{
    struct time_scale ts;

    (void)state;
    set_time_scale(&ts, 1000000000ULL);
    assert_int_equal(ts.shift, 1);          /* 2e9 after one doubling */
    set_time_scale(&ts, 2000000000ULL);
    assert_int_equal(ts.shift, 0);
    set_time_scale(&ts, 4000000004ULL);    /* >> 1 is still > 2e9 */
    assert_int_equal(ts.shift, -2);
    set_time_scale(&ts, 3579545);
    assert_int_equal(ts.shift, 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_second),
        cmocka_unit_test(test_one_day),
        cmocka_unit_test(test_monotonic),
        cmocka_unit_test(test_shift),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
