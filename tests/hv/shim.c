/* Host-test shim: printk into a buffer the tests inspect; panic, BUG and
 * ASSERT fail the running cmocka test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/lib.h>
#include "shim.h"

char shim_log[8192];
unsigned int shim_printk_calls;
uint8_t *hv_arena;

void shim_log_reset(void)
{
    shim_log[0] = '\0';
    shim_printk_calls = 0;
}

void vprintk(const char *fmt, va_list args)
{
    size_t used = strlen(shim_log);

    shim_printk_calls++;
    if (used < sizeof(shim_log) - 1)
        vsnprintf(shim_log + used, sizeof(shim_log) - used, fmt, args);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void panic(const char *fmt, ...)
{
    char buf[256];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);
    fail_msg("panic: %s", buf);
    abort();
}

void __bug(const char *file, int line)
{
    fail_msg("BUG at %s:%d", file, line);
    abort();
}

void __assert_failed(const char *expr, const char *file, int line)
{
    fail_msg("Assertion '%s' failed at %s:%d", expr, file, line);
    abort();
}
