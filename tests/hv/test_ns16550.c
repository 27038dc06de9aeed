/* Host unit tests of the 16550 line-format parser (ns16550_parse_dps in
 * xen/drivers/char/ns16550.c): com1='s DPS field to LCR values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/ns16550.h>

static void test_dps_values(void **state)
{
    const char *s = "8n1,x", *end = NULL;

    (void)state;
    assert_int_equal(ns16550_parse_dps(s, &end), UART_LCR_8N1);
    assert_ptr_equal(end, s + 3);
    assert_int_equal(ns16550_parse_dps("7e2", NULL), 0x02 | 0x18 | 0x04);
    assert_int_equal(ns16550_parse_dps("5n1", NULL), 0x00);
    assert_int_equal(ns16550_parse_dps("6o1", NULL), 0x01 | 0x08);
    assert_int_equal(ns16550_parse_dps("8m1", NULL), 0x03 | 0x28);
    assert_int_equal(ns16550_parse_dps("8s2", NULL), 0x03 | 0x38 | 0x04);
}

static void test_dps_bad(void **state)
{
    static const char *const bad[] = {
        "", "4n1", "9n1", "8x1", "8n3", "8n0", "8N1", "8n", "n81", NULL,
    };
    unsigned int i;

    (void)state;
    assert_int_equal(ns16550_parse_dps(NULL, NULL), -EINVAL);
    for (i = 0; bad[i]; i++)
        assert_int_equal(ns16550_parse_dps(bad[i], NULL), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dps_values),
        cmocka_unit_test(test_dps_bad),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
