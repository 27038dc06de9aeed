/*
 * Unit tests of the ordered marker matcher used by the whole-system test
 * harness (tests/system/markers.c, the cx-markers tool).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "markers.h"

static size_t match(const char *log, const char *const *m, size_t n)
{
	return cx_markers_match(log, strlen(log), m, n);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char banner_log[] =
	"SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\n"
	"(XEN) cxen version 0.1.0 (Xen-compatible hypervisor)\r\n"
	"(XEN) Bootloader: qemu\r\n"
	"(XEN) Command line: console=com1 com1=115200,8n1 loglvl=all\r\n"
	"(XEN) Modules: 2\r\n"
	"(XEN)  Module 1: 0x1000000-0x17f0000 /boot/vmlinuz console=hvc0\r\n"
	"(XEN)  Module 2: 0x1800000-0x1900000 /boot/initrd.gz\r\n"
	"(XEN) Powering off.\r\n";

static void test_all_in_order(void **state)
{
	static const char *const m[] = {
		"(XEN) cxen version 0.1.0",
		"(XEN) Bootloader:",
		"(XEN) Command line: console=com1 com1=115200,8n1 loglvl=all",
		"(XEN) Modules: 2",
		"(XEN)  Module 1:",
		"(XEN)  Module 2:",
		"(XEN) Powering off.",
	};

	(void)state;
	assert_int_equal(match(banner_log, m, COUNT(m)), COUNT(m));
}

static void test_out_of_order(void **state)
{
	static const char *const m[] = {
		"(XEN) Modules: 2",
		"(XEN) Bootloader:", /* printed before the modules: missing */
		"(XEN) Powering off.",
	};

	(void)state;
	assert_int_equal(match(banner_log, m, COUNT(m)), 1);
}

static void test_missing_reports_first_gap(void **state)
{
	static const char *const m[] = {
		"(XEN) cxen version",
		"(XEN) Running in 64-bit long mode",
		"(XEN) Powering off.",
	};

	(void)state;
	assert_int_equal(match(banner_log, m, COUNT(m)), 1);
}

static void test_same_line_advances_column(void **state)
{
	static const char *const two[] = { "com1", "com1" };
	static const char *const three[] = { "com1", "com1", "com1" };

	(void)state;
	/* "console=com1 com1=..." holds com1 twice on one line. */
	assert_int_equal(match("x console=com1 com1=115200\n", two, 2), 2);
	assert_int_equal(match("x console=com1 com1=115200\n", three, 3), 2);
	/* ... and a marker can be found again on a later line. */
	assert_int_equal(match("com1 com1\nthen com1\n", three, 3), 3);
}

static void test_wildcard_and_anchor(void **state)
{
	static const char *const ok[] = {
		"(XEN)  Module 1:*console=hvc0$",
		"(XEN)  Module 2:",
	};
	static const char *const not_at_end[] = { "(XEN)  Module 1:*0x1000000$" };
	static const char *const across_lines[] = { "Modules: 2*Module 1" };
	static const char *const star_only[] = { "Bootloader: *" };

	(void)state;
	assert_int_equal(match(banner_log, ok, 2), 2);
	assert_int_equal(match(banner_log, not_at_end, 1), 0);
	/* '*' never crosses a line break. */
	assert_int_equal(match(banner_log, across_lines, 1), 0);
	assert_int_equal(match(banner_log, star_only, 1), 1);
}

static void test_anchor_needs_complete_line(void **state)
{
	static const char *const m[] = { "console=hvc0$" };
	static const char *const plain[] = { "console=hvc" };

	(void)state;
	/* The last line may still be growing ("console=hvc0 foo"). */
	assert_int_equal(match("Module 1: console=hvc0", m, 1), 0);
	assert_int_equal(match("Module 1: console=hvc0\n", m, 1), 1);
	assert_int_equal(match("Module 1: console=hvc0\r\r\n", m, 1), 1);
	assert_int_equal(match("Module 1: console=hvc0 foo\n", m, 1), 0);
	/* Plain markers may match a line that is still being written. */
	assert_int_equal(match("Module 1: console=hv", plain, 1), 0);
	assert_int_equal(match("Module 1: console=hvc", plain, 1), 1);
}

static void test_escapes(void **state)
{
	static const char *const star[] = { "a\\*b" };
	static const char *const dollar[] = { "cost \\$5$" };
	static const char *const backslash[] = { "C:\\\\dir" };
	static const char *const mid_dollar[] = { "a$b" };

	(void)state;
	assert_int_equal(match("xa*b\n", star, 1), 1);
	assert_int_equal(match("xaZb\n", star, 1), 0);
	assert_int_equal(match("it cost $5\n", dollar, 1), 1);
	assert_int_equal(match("C:\\dir\n", backslash, 1), 1);
	/* '$' anywhere but at the end is an ordinary character. */
	assert_int_equal(match("a$b\n", mid_dollar, 1), 1);
}

static void test_edge_cases(void **state)
{
	static const char *const m[] = { "x" };
	static const char *const empty[] = { "" };
	size_t end = 99;

	(void)state;
	assert_int_equal(cx_markers_match("", 0, m, 1), 0);
	assert_int_equal(cx_markers_match("", 0, empty, 1), 1);
	assert_int_equal(cx_markers_match("x\n", 2, m, 0), 0);
	/* Bytes after a NUL still count (serial logs may contain NULs). */
	assert_int_equal(cx_markers_match("\0\0x\n", 4, m, 1), 1);
	/* Leftmost match: the column moves just past the first hit. */
	assert_int_equal(cx_marker_match_line("abcabc", 6, 0, 1, "b*c", &end), 1);
	assert_int_equal(end, 3);
	assert_int_equal(cx_marker_match_line("abcabc", 6, 2, 1, "b*c", &end), 1);
	assert_int_equal(end, 6);
	assert_int_equal(cx_marker_match_line("abc", 3, 4, 1, "", &end), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_in_order),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_missing_reports_first_gap),
		cmocka_unit_test(test_same_line_advances_column),
		cmocka_unit_test(test_wildcard_and_anchor),
		cmocka_unit_test(test_anchor_needs_complete_line),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_edge_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
