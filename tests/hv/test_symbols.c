/* Host unit tests of the symbol lookup behind stack traces
 * (xen/common/symbols.c) against a small table laid out as the generated
 * symtab.S is: ascending addresses, name offsets, and _etext at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <xen/symbols.h>
#include "shim.h"

/* A fake text area of 0x100 bytes followed by _etext. */
__asm__ (".section .rodata\n"
         ".globl fake_text, _etext\n"
         ".balign 16\n"
         "fake_text: .skip 0x100\n"
         "_etext: .byte 0\n"
         ".previous");
extern const char fake_text[];

#define T(off)  ((unsigned long)(fake_text + (off)))

const unsigned long symtab_count = 3;
const unsigned long symtab_addrs[] = { T(0x10), T(0x20), T(0x80) };
const unsigned int symtab_name_offs[] = { 0, 6, 14 };
const char symtab_names[] = "start\0do_trap\0last_fn";

static void test_lookup(void **state)
{
    unsigned long off, size;

    (void)state;
    assert_string_equal(symbols_lookup(T(0x10), &off, &size), "start");
    assert_int_equal(off, 0);
    assert_int_equal(size, 0x10);
    assert_string_equal(symbols_lookup(T(0x7f), &off, &size), "do_trap");
    assert_int_equal(off, 0x5f);
    assert_int_equal(size, 0x60);
    /* The last symbol ends at _etext. */
    assert_string_equal(symbols_lookup(T(0xff), &off, &size), "last_fn");
    assert_int_equal(size, 0x80);
    assert_null(symbols_lookup(T(0x100), &off, &size));
    assert_null(symbols_lookup(T(0x0f), &off, &size));
    assert_null(symbols_lookup(0, NULL, NULL));
}

static void test_format(void **state)
{
    char buf[SYMBOL_TEXT_LEN];

    (void)state;
    symbols_format(T(0x25), buf, sizeof(buf));
    assert_string_equal(buf, "do_trap+0x5/0x60");
    symbols_format(T(0x200), buf, sizeof(buf));
    assert_string_equal(buf, "??");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_format),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
