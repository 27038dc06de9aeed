/* Host unit tests of the command-line parser (xen/common/params.c): value
 * types, "no-" booleans, units, bad and unknown options, "--". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include "shim.h"

static bool opt_flag = true, opt_sync;
static unsigned int opt_cpus;
static uint8_t opt_small;
static unsigned long opt_ring;
static char opt_name[8];
static char custom_seen[32];
static int custom_calls;

static int parse_custom(const char *s)
{
    custom_calls++;
    snprintf(custom_seen, sizeof(custom_seen), "%s", s ? s : "(null)");
    return s && !strcmp(s, "bad") ? -EINVAL : 0;
}

static const struct kernel_param params[] = {
    { "flag", PARAM_BOOL, sizeof(opt_flag), { .var = &opt_flag } },
    { "sync_console", PARAM_BOOL, sizeof(opt_sync), { .var = &opt_sync } },
    { "maxcpus", PARAM_UINT, sizeof(opt_cpus), { .var = &opt_cpus } },
    { "small", PARAM_UINT, sizeof(opt_small), { .var = &opt_small } },
    { "conring_size", PARAM_SIZE, sizeof(opt_ring), { .var = &opt_ring } },
    { "sched", PARAM_STRING, sizeof(opt_name), { .var = opt_name } },
    { "com1", PARAM_CUSTOM, 0, { .func = parse_custom } },
};

static char bad_text[8][32];
static int bad_err[8];
static int nr_bad;

static void note_bad(const char *opt, size_t len, int err)
{
    if (nr_bad < 8) {
        snprintf(bad_text[nr_bad], sizeof(bad_text[0]), "%.*s", (int)len, opt);
        bad_err[nr_bad++] = err;
    }
}

static int parse(const char *line)
{
    nr_bad = 0;
    return parse_params(line, params, params + sizeof(params) / sizeof(params[0]),
                        note_bad);
}

static void test_values(void **state)
{
    (void)state;
    assert_int_equal(parse("  maxcpus=0x10 sync_console conring_size=64K "
                           "sched=credit com1=115200,8n1 small=7"), 0);
    assert_int_equal(opt_cpus, 16);
    assert_true(opt_sync);
    assert_int_equal(opt_ring, 65536);
    assert_string_equal(opt_name, "credit");
    assert_string_equal(custom_seen, "115200,8n1");
    assert_int_equal(opt_small, 7);
    assert_int_equal(parse("conring_size=2M conring_size=3"), 0);
    assert_int_equal(opt_ring, 3 * 1024);       /* no unit: KiB, as Xen */
}

static void test_booleans(void **state)
{
    (void)state;
    assert_int_equal(parse("no-flag"), 0);
    assert_false(opt_flag);
    assert_int_equal(parse("flag=on"), 0);
    assert_true(opt_flag);
    assert_int_equal(parse("flag=false"), 0);
    assert_false(opt_flag);
    assert_int_equal(parse("flag"), 0);
    assert_true(opt_flag);
    assert_int_equal(parse("flag=maybe no-flag=1"), 2);
    assert_int_equal(bad_err[0], -EINVAL);
    assert_true(opt_flag);
}

static void test_bad_and_unknown(void **state)
{
    (void)state;
    opt_cpus = 4;
    assert_int_equal(parse("bogus=1 maxcpus=12x maxcpus= sched=waytoolong "
                           "no-maxcpus com1=bad quiet"), 7);
    assert_string_equal(bad_text[0], "bogus=1");
    assert_int_equal(bad_err[0], -ENOENT);
    assert_string_equal(bad_text[1], "maxcpus=12x");
    assert_int_equal(bad_err[1], -EINVAL);
    assert_int_equal(bad_err[2], -EINVAL);
    assert_int_equal(bad_err[3], -EINVAL);      /* string too long */
    assert_int_equal(bad_err[4], -ENOENT);      /* no- of a non-boolean */
    assert_int_equal(bad_err[5], -EINVAL);      /* the parser said no */
    assert_string_equal(bad_text[6], "quiet");
    assert_int_equal(opt_cpus, 4);              /* untouched */
}

static void test_separator_and_custom(void **state)
{
    (void)state;
    custom_calls = 0;
    assert_int_equal(parse("com1 -- bogus maxcpus=1"), 0);
    assert_int_equal(custom_calls, 1);
    assert_string_equal(custom_seen, "(null)");
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("   \t "), 0);
}

static void test_number_helpers(void **state)
{
    const char *end;

    (void)state;
    assert_int_equal(simple_strtoull("0x1fz", &end, 0), 0x1f);
    assert_int_equal(*end, 'z');
    assert_int_equal(simple_strtoull("017", &end, 0), 15);
    assert_int_equal(simple_strtoull("99", &end, 10), 99);
    assert_int_equal(parse_size_and_unit("4G", &end), 4ULL << 30);
    assert_int_equal(parse_size_and_unit("512m", &end), 512ULL << 20);
    assert_int_equal(parse_size_and_unit("100b", &end), 100);
    assert_int_equal(parse_bool("yes", "yes" + 3), 1);
    assert_int_equal(parse_bool("off", "off" + 3), 0);
    assert_int_equal(parse_bool("2", "2" + 1), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_booleans),
        cmocka_unit_test(test_bad_and_unknown),
        cmocka_unit_test(test_separator_and_custom),
        cmocka_unit_test(test_number_helpers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
