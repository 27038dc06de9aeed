/*
 * test_xl_lang.c - table-driven tests of the xl.cfg(5) scanner and grammar:
 * each construct, and each error message with its line.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xlcfg.h"

/* Parse TEXT; return 0/-1 and the diagnostics in *MSG (caller frees). */
static int
parse(const char *text, struct xlcfg **out, char **msg)
{
	size_t len = 0;
	FILE *err = open_memstream(msg, &len);
	struct xlcfg *cfg = xlcfg_new("t.cfg", err);
	int rc;

	assert_non_null(cfg);
	rc = xlcfg_parse_data(cfg, text, strlen(text));
	fflush(err);
	*out = cfg;
	cfg->c_err = stderr;
	fclose(err);
	return rc;
}

struct good { const char *text, *key, *want; };

static const struct good goods[] = {
	{ "a = \"x\"\n", "a", "x" },
	{ "a = 'x'\n", "a", "x" },
	{ "a = \"x\"", "a", "x" },			/* no final newline */
	{ "a = 12\n", "a", "12" },
	{ "a = 0x1f\n", "a", "0x1f" },
	{ "a = 1; b = 2\n", "b", "2" },
	{ "a = 1\na = 2\n", "a", "2" },			/* last wins */
	{ "a = \"x\"\na += \"y\"\n", "a", "xy" },
	{ "a += \"y\"\n", "a", "y" },			/* += without a first value */
	{ "# only\na = \"c\" # tail\n", "a", "c" },
	{ "a = \"c\"\n# final comment", "a", "c" },	/* xl rejects this */
	{ "a.b_c9 = \"k\"\n", "a.b_c9", "k" },
	{ "a = \"\\t\\n\\\\\\\"\\'\"\n", "a", "\t\n\\\"'" },
	{ "a = 'x\\'y'\n", "a", "x'y" },
	{ "a = \"\\x41\\x42\"\n", "a", "AB" },		/* xl rejects \\xHH */
	{ "a = \"\\101\\102\"\n", "a", "AB" },		/* xl drops octal */
	{ "a = \"\\a\\b\\f\\r\\v\"\n", "a", "\a\b\f\r\v" },
	{ "\n\n  \t\na = \"s\"\n\n", "a", "s" },
	{ "a = \"x\";;\n", "a", "x" },
};

static void
test_good(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		struct xlcfg *cfg;
		const char *v = NULL;
		char *msg = NULL;

		assert_int_equal(parse(goods[i].text, &cfg, &msg), 0);
		assert_string_equal(msg, "");
		assert_int_equal(xlcfg_get_string(cfg, goods[i].key, &v, 1), 0);
		assert_string_equal(v, goods[i].want);
		xlcfg_free(cfg);
		free(msg);
	}
}

struct list { const char *text; size_t n; const char *first, *last; };

static const struct list lists[] = {
	{ "l = []\n", 0, NULL, NULL },
	{ "l = [ \"a\" ]\n", 1, "a", "a" },
	{ "l = [ \"a\", \"b\", ]\n", 2, "a", "b" },	/* trailing comma */
	{ "l = [\n \"a\",\n\n \"b\"\n]\n", 2, "a", "b" },
	{ "l = [ 1, 'x', [ 2, 3 ] ]\n", 3, "1", NULL },	/* nested, mixed */
	{ "l = [ \"a\" ]\nl += [ \"b\", \"c\" ]\n", 3, "a", "c" },
	{ "l = [\n# c\n\"a\", # c2\n]\n", 1, "a", "a" },
};

static void
test_lists(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const struct xlcfg_value *l;
		struct xlcfg *cfg;
		char *msg = NULL;

		assert_int_equal(parse(lists[i].text, &cfg, &msg), 0);
		assert_int_equal(xlcfg_get_list(cfg, "l", &l, 1), 0);
		assert_int_equal(l->v_nitems, lists[i].n);
		if (lists[i].first != NULL)
			assert_string_equal(xlcfg_atom(l->v_items[0]), lists[i].first);
		if (lists[i].last != NULL)
			assert_string_equal(xlcfg_atom(l->v_items[l->v_nitems - 1]),
			    lists[i].last);
		xlcfg_free(cfg);
		free(msg);
	}
}

struct bad { const char *text, *msg; };

static const struct bad bads[] = {
	{ "a =\n", "t.cfg:1: config parsing error near <newline>: syntax error,"
	    " unexpected NEWLINE, expecting STRING or NUMBER or '['\n" },
	{ "a = 1\nb = 2 3\n", "t.cfg:2: config parsing error near `3': syntax"
	    " error, unexpected NUMBER, expecting $end\n" },
	{ "a \"x\"\n", "t.cfg:1: config parsing error near `\"x\"': syntax error,"
	    " unexpected STRING, expecting += or '='\n" },
	{ "a = [ 1,\n", "t.cfg:1: config parsing error near `': syntax error,"
	    " unexpected $end, expecting ']'\n" },
	{ "a = [ 1 2 ]\n", "t.cfg:1: config parsing error near `2': syntax"
	    " error, unexpected NUMBER, expecting ']'\n" },
	{ "\n\nA = 1\n", "t.cfg:3: config parsing error near `A': lexical error\n" },
	{ "a = \"x\n", "t.cfg:1: config parsing error near `\"x': lexical error\n" },
	{ "a = \"\\q\"\n", "t.cfg:1: config parsing error near `\"\\q\"': invalid"
	    " character after backlash in quoted string\n" },
	{ "a = \"\\xg\"\n", "t.cfg:1: config parsing error near `\"\\xg\"':"
	    " invalid digit after backslash hexnumerical character escape in"
	    " quoted string\n" },
	{ "a = -1\n", "t.cfg:1: config parsing error near `-1': lexical error\n"
	    "warning: Config file looks like it contains Python code.\n"
	    "warning:  Arbitrary Python is no longer supported.\n"
	    "warning:  See https://wiki.xen.org/wiki/PythonInXlConfig\n" },
	{ "a = \"s\"\na += [ 1 ]\n", "t.cfg:2: config parsing error near `]':"
	    " can't add [list] to \"string\" or vice versa\n" },
	{ "a = [ 1 ]\na += \"s\"\n", "t.cfg:2: config parsing error near"
	    " `\"s\"': can't add [list] to \"string\" or vice versa\n" },
	{ "a = \"x\" = 2\n", "t.cfg:1: config parsing error near `=': syntax"
	    " error, unexpected '=', expecting $end\n" },
};

static void
test_bad(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct xlcfg *cfg;
		char *msg = NULL;

		assert_int_equal(parse(bads[i].text, &cfg, &msg), -1);
		assert_string_equal(msg, bads[i].msg);
		xlcfg_free(cfg);
		free(msg);
	}
}

static void
test_getters(void **state)
{
	struct xlcfg *cfg;
	char *msg = NULL;
	const char *s;
	long l;
	size_t len = 0;
	FILE *err;

	(void)state;
	assert_int_equal(parse("n = 010\nh = 0x10\ns = \"abc\"\nl = [1]\n"
	    "m = 5\nm += 6\n", &cfg, &msg), 0);
	assert_string_equal(msg, "t.cfg:6: warning: can't use += with numbers"
	    " for parameter `m'\n");
	free(msg);
	err = open_memstream(&msg, &len);
	cfg->c_err = err;
	assert_int_equal(xlcfg_get_long(cfg, "n", &l, 0), 0);
	assert_int_equal(l, 8);
	assert_int_equal(xlcfg_get_long(cfg, "h", &l, 0), 0);
	assert_int_equal(l, 16);
	assert_int_equal(xlcfg_get_long(cfg, "m", &l, 0), 0);
	assert_int_equal(l, 5);
	assert_int_equal(xlcfg_get_long(cfg, "s", &l, 0), EINVAL);
	assert_int_equal(xlcfg_get_string(cfg, "l", &s, 0), EINVAL);
	assert_int_equal(xlcfg_get_string(cfg, "zz", &s, 0), ENOENT);
	fclose(err);
	assert_string_equal(msg,
	    "t.cfg:3: warning: parameter `s' is not a valid number\n"
	    "t.cfg:4: warning: parameter `l' is a list but should be a single value\n");
	free(msg);
	cfg->c_err = stderr;
	xlcfg_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_getters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
