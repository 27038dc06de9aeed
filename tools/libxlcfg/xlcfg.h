/*
 * xlcfg.h - the xl.cfg(5) configuration language: parse a file or a string
 * into an ordered list of settings and read typed values back.
 *
 * The language: `key = value` and `key += value` statements ended by a
 * newline or `;`; values are quoted strings, numbers or (nested) lists.
 * The last assignment of a key wins.  Every diagnostic is written to the
 * config's error stream as `FILE:LINE: message`.
 */
#ifndef XLCFG_H
#define XLCFG_H

#include <stdio.h>
#include <stddef.h>

struct xlcfg_pctx;

enum xlcfg_kind {
	XLCFG_ATOM,		/* a string or a number, kept as text */
	XLCFG_LIST,
};

struct xlcfg_value {
	enum xlcfg_kind	 v_kind;
	int		 v_line;
	int		 v_number;	/* atom came from a NUMBER token */
	char		*v_text;	/* XLCFG_ATOM */
	struct xlcfg_value **v_items;	/* XLCFG_LIST */
	size_t		 v_nitems;
};

struct xlcfg_setting {
	char		*s_name;
	int		 s_line;
	struct xlcfg_value *s_value;
};

struct xlcfg {
	char		*c_file;	/* name used in messages */
	FILE		*c_err;		/* where diagnostics go */
	struct xlcfg_setting *c_set;
	size_t		 c_nset;
	size_t		 c_capset;
	int		 c_errors;	/* parse errors seen */
	int		 c_likely_python;
	struct xlcfg_pctx *c_pctx;	/* parse in progress */
};

/* Lifetime. */
struct xlcfg	*xlcfg_new(const char *file, FILE *err);
void		 xlcfg_free(struct xlcfg *);

/*
 * Parse LEN bytes of DATA and add its settings.  Returns 0, or -1 after
 * printing the errors.  Can be called again to add overrides.
 */
int		 xlcfg_parse_data(struct xlcfg *, const char *data, size_t len);
int		 xlcfg_parse_file(struct xlcfg *, const char *path);

/* Lookups: the last setting of NAME, or NULL. */
const struct xlcfg_setting *xlcfg_find(const struct xlcfg *, const char *name);

/*
 * Typed getters return 0 on success, ENOENT when absent and EINVAL when the
 * value has the wrong shape (with a warning unless QUIET).
 */
int	xlcfg_get_string(const struct xlcfg *, const char *name,
	    const char **out, int quiet);
int	xlcfg_get_long(const struct xlcfg *, const char *name,
	    long *out, int quiet);
int	xlcfg_get_list(const struct xlcfg *, const char *name,
	    const struct xlcfg_value **out, int quiet);
/* Value as a string, for list items and atoms. */
const char *xlcfg_atom(const struct xlcfg_value *);
int	xlcfg_atom_long(const char *text, long *out);

/* Internal: used by the grammar. */
struct xlcfg_value *xlcfg__atom(char *text, int number, int line);
struct xlcfg_value *xlcfg__list(int line);
int	 xlcfg__append(struct xlcfg_value *list, struct xlcfg_value *item);
void	 xlcfg__value_free(struct xlcfg_value *);
void	 xlcfg__store(struct xlcfg *, void *scanner, char *name, int add,
	    struct xlcfg_value *v, int line);

#endif /* XLCFG_H */
