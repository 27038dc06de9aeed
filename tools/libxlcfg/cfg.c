/*
 * cfg.c - storage and typed lookup of xl.cfg(5) settings.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_priv.h"

struct xlcfg *
xlcfg_new(const char *file, FILE *err)
{
	struct xlcfg *cfg = calloc(1, sizeof(*cfg));

	if (cfg == NULL)
		return NULL;
	cfg->c_file = strdup(file);
	cfg->c_err = err;
	if (cfg->c_file == NULL) {
		free(cfg);
		return NULL;
	}
	return cfg;
}

void
xlcfg__value_free(struct xlcfg_value *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->v_nitems; i++)
		xlcfg__value_free(v->v_items[i]);
	free(v->v_items);
	free(v->v_text);
	free(v);
}

void
xlcfg_free(struct xlcfg *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->c_nset; i++) {
		free(cfg->c_set[i].s_name);
		xlcfg__value_free(cfg->c_set[i].s_value);
	}
	free(cfg->c_set);
	free(cfg->c_file);
	free(cfg);
}

struct xlcfg_value *
xlcfg__atom(char *text, int number, int line)
{
	struct xlcfg_value *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->v_kind = XLCFG_ATOM;
	v->v_text = text;
	v->v_number = number;
	v->v_line = line;
	return v;
}

struct xlcfg_value *
xlcfg__list(int line)
{
	struct xlcfg_value *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->v_kind = XLCFG_LIST;
	v->v_line = line;
	return v;
}

int
xlcfg__append(struct xlcfg_value *list, struct xlcfg_value *item)
{
	struct xlcfg_value **n;

	n = realloc(list->v_items, (list->v_nitems + 1) * sizeof(*n));
	if (n == NULL)
		return -1;
	list->v_items = n;
	list->v_items[list->v_nitems++] = item;
	return 0;
}

static struct xlcfg_value *
value_dup(const struct xlcfg_value *v)
{
	struct xlcfg_value *d;
	size_t i;

	if (v->v_kind == XLCFG_ATOM) {
		char *t = strdup(v->v_text);

		if (t == NULL)
			return NULL;
		d = xlcfg__atom(t, v->v_number, v->v_line);
		if (d == NULL)
			free(t);
		return d;
	}
	d = xlcfg__list(v->v_line);
	for (i = 0; d != NULL && i < v->v_nitems; i++) {
		struct xlcfg_value *c = value_dup(v->v_items[i]);

		if (c == NULL || xlcfg__append(d, c) != 0) {
			xlcfg__value_free(c);
			xlcfg__value_free(d);
			return NULL;
		}
	}
	return d;
}

void
xlcfg__parse_error(struct xlcfg_pctx *p, int line, const char *msg)
{
	struct xlcfg *cfg = p->p_cfg;

	if (p->p_toklen == 1 && p->p_buf[p->p_tokoff] == '\n')
		fprintf(cfg->c_err, "%s:%d: config parsing error near <newline>: %s\n",
		    cfg->c_file, line, msg);
	else
		fprintf(cfg->c_err, "%s:%d: config parsing error near `%.*s': %s\n",
		    cfg->c_file, line, (int)p->p_toklen, p->p_buf + p->p_tokoff, msg);
	cfg->c_errors++;
}

static int
add_setting(struct xlcfg *cfg, char *name, struct xlcfg_value *v, int line)
{
	if (cfg->c_nset == cfg->c_capset) {
		size_t cap = cfg->c_capset ? cfg->c_capset * 2 : 32;
		struct xlcfg_setting *n = realloc(cfg->c_set, cap * sizeof(*n));

		if (n == NULL)
			return -1;
		cfg->c_set = n;
		cfg->c_capset = cap;
	}
	cfg->c_set[cfg->c_nset].s_name = name;
	cfg->c_set[cfg->c_nset].s_line = line;
	cfg->c_set[cfg->c_nset].s_value = v;
	cfg->c_nset++;
	return 0;
}

/* `name += v`: join V to the previous value of the same kind. */
static struct xlcfg_value *
join(struct xlcfg *cfg, struct xlcfg_pctx *p, const char *name,
    const struct xlcfg_value *old, struct xlcfg_value *v, int line)
{
	struct xlcfg_value *d;
	size_t i;

	if (old->v_kind != v->v_kind) {
		xlcfg__parse_error(p, line,
		    "can't add [list] to \"string\" or vice versa");
		return NULL;
	}
	if (old->v_kind == XLCFG_ATOM && (old->v_number || v->v_number)) {
		fprintf(cfg->c_err,
		    "%s:%d: warning: can't use += with numbers for parameter `%s'\n",
		    cfg->c_file, line, name);
		return NULL;
	}
	d = value_dup(old);
	if (d == NULL)
		return NULL;
	if (d->v_kind == XLCFG_ATOM) {
		size_t a = strlen(d->v_text), b = strlen(v->v_text);
		char *t = realloc(d->v_text, a + b + 1);

		if (t == NULL) {
			xlcfg__value_free(d);
			return NULL;
		}
		memcpy(t + a, v->v_text, b + 1);
		d->v_text = t;
		return d;
	}
	for (i = 0; i < v->v_nitems; i++) {
		if (xlcfg__append(d, v->v_items[i]) != 0) {
			xlcfg__value_free(d);
			return NULL;
		}
		v->v_items[i] = NULL;
	}
	v->v_nitems = 0;
	return d;
}

void
xlcfg__store(struct xlcfg *cfg, void *scanner, char *name, int add,
    struct xlcfg_value *v, int line)
{
	struct xlcfg_pctx *p = NULL;
	const struct xlcfg_setting *old;

	(void)scanner;
	if (add && (old = xlcfg_find(cfg, name)) != NULL) {
		struct xlcfg_value *j;

		/* The scanner's extra data is the parse context. */
		p = cfg->c_pctx;
		j = join(cfg, p, name, old->s_value, v, line);
		xlcfg__value_free(v);
		if (j == NULL) {
			free(name);
			return;
		}
		v = j;
	}
	if (add_setting(cfg, name, v, line) != 0) {
		free(name);
		xlcfg__value_free(v);
		cfg->c_errors++;
	}
}

const struct xlcfg_setting *
xlcfg_find(const struct xlcfg *cfg, const char *name)
{
	size_t i;

	for (i = cfg->c_nset; i > 0; i--)
		if (strcmp(cfg->c_set[i - 1].s_name, name) == 0)
			return &cfg->c_set[i - 1];
	return NULL;
}

int
xlcfg_get_string(const struct xlcfg *cfg, const char *name, const char **out,
    int quiet)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, name);

	if (s == NULL)
		return ENOENT;
	if (s->s_value->v_kind != XLCFG_ATOM) {
		if (!quiet)
			fprintf(cfg->c_err, "%s:%d: warning: parameter `%s' is"
			    " a list but should be a single value\n",
			    cfg->c_file, s->s_line, name);
		return EINVAL;
	}
	*out = s->s_value->v_text;
	return 0;
}

int
xlcfg_atom_long(const char *text, long *out)
{
	char *end;
	long l;

	errno = 0;
	l = strtol(text, &end, 0);
	if (errno != 0)
		return ERANGE;
	if (end == text || *end != '\0')
		return EINVAL;
	*out = l;
	return 0;
}

int
xlcfg_get_long(const struct xlcfg *cfg, const char *name, long *out, int quiet)
{
	const struct xlcfg_setting *s;
	const char *text;
	int rc;

	rc = xlcfg_get_string(cfg, name, &text, quiet);
	if (rc != 0)
		return rc;
	s = xlcfg_find(cfg, name);
	rc = xlcfg_atom_long(text, out);
	if (rc != 0 && !quiet)
		fprintf(cfg->c_err, "%s:%d: warning: parameter `%s' %s\n",
		    cfg->c_file, s->s_line, name, rc == ERANGE ?
		    "could not be parsed as a number" : "is not a valid number");
	return rc ? EINVAL : 0;
}

int
xlcfg_get_list(const struct xlcfg *cfg, const char *name,
    const struct xlcfg_value **out, int quiet)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, name);

	if (s == NULL)
		return ENOENT;
	if (s->s_value->v_kind != XLCFG_LIST) {
		if (!quiet)
			fprintf(cfg->c_err, "%s:%d: warning: parameter `%s' is"
			    " a single value but should be a list\n",
			    cfg->c_file, s->s_line, name);
		return EINVAL;
	}
	*out = s->s_value;
	return 0;
}

const char *
xlcfg_atom(const struct xlcfg_value *v)
{
	return v != NULL && v->v_kind == XLCFG_ATOM ? v->v_text : NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One escape after the backslash at S; returns bytes used, 0 on error. */
static size_t
unescape(const char *s, const char *end, char *out, const char **why)
{
	static const char simple[] = "\"\"''\\\\a\ab\bf\fn\nr\rt\tv\v";
	size_t i, n;
	int v;

	for (i = 0; simple[i] != '\0'; i += 2)
		if (*s == simple[i]) {
			*out = simple[i + 1];
			return 1;
		}
	if (*s == 'x') {
		for (n = 1, v = 0; n < 3 && s + n < end && hexval(s[n]) >= 0; n++)
			v = v * 16 + hexval(s[n]);
		if (n == 1 || v == 0) {
			*why = "invalid digit after backslash hexnumerical"
			    " character escape in quoted string";
			return 0;
		}
		*out = (char)v;
		return n;
	}
	if (*s >= '0' && *s <= '7') {
		for (n = 0, v = 0; n < 3 && s + n < end && s[n] >= '0' &&
		    s[n] <= '7'; n++)
			v = v * 8 + (s[n] - '0');
		if (v == 0 || v > 255) {
			*why = "invalid octal character escape in quoted string";
			return 0;
		}
		*out = (char)v;
		return n;
	}
	*why = "invalid character after backlash in quoted string";
	return 0;
}

char *
xlcfg__unquote(struct xlcfg_pctx *p, const char *tok, size_t len)
{
	const char *s = tok + 1, *end = tok + len - 1, *why = NULL;
	char *out = malloc(len), *o = out;

	if (out == NULL)
		return NULL;
	while (s < end) {
		size_t n;

		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		n = unescape(s + 1, end, o, &why);
		if (n == 0) {
			xlcfg__parse_error(p, p->p_line, why);
			free(out);
			return NULL;
		}
		o++;
		s += 1 + n;
	}
	*o = '\0';
	return out;
}

int
xlcfg_parse_file(struct xlcfg *cfg, const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	if (f == NULL) {
		fprintf(cfg->c_err, "%s: cannot open: %s\n", path, strerror(errno));
		cfg->c_errors++;
		return -1;
	}
	do {
		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (nb == NULL) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	rc = xlcfg_parse_data(cfg, buf, len);
	free(buf);
	return rc;
}
