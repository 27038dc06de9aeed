/*
 * cfg_priv.h - state shared by the xl.cfg scanner and grammar.
 */
#ifndef XLCFG_PRIV_H
#define XLCFG_PRIV_H

#include <stddef.h>
#include "xlcfg.h"

struct xlcfg_pctx {
	struct xlcfg	*p_cfg;
	const char	*p_buf;		/* the whole input */
	size_t		 p_len;
	size_t		 p_off;		/* bytes consumed by the scanner */
	size_t		 p_tokoff;	/* current token */
	size_t		 p_toklen;
	int		 p_line;	/* line of the current token */
	int		 p_nextline;
	int		 p_lexerr;	/* scanner already reported this error */
	int		 p_stop;		/* stop reading after a lexical error */
};

/* Report "FILE:LINE: config parsing error near TOKEN: MSG". */
void	xlcfg__parse_error(struct xlcfg_pctx *, int line, const char *msg);
/* Decode a quoted string token; NULL after reporting an error. */
char	*xlcfg__unquote(struct xlcfg_pctx *, const char *tok, size_t len);

#endif /* XLCFG_PRIV_H */
