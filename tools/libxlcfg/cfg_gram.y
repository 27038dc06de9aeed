/*
 * cfg_gram.y - grammar of the xl.cfg(5) language.
 */
%define api.pure full
%define parse.error verbose
%locations
%param { void *scanner }
%parse-param { struct xlcfg_pctx *pctx }

%code requires {
#include "cfg_priv.h"
}

%code {
#include "config.h"
#include <stdlib.h>
int yylex(YYSTYPE *, YYLTYPE *, void *);

/* After a lexical error the rest of the input is not read. */
static int
lex(YYSTYPE *val, YYLTYPE *loc, void *scanner, struct xlcfg_pctx *pctx)
{
	int tok = pctx->p_stop ? 0 : yylex(val, loc, scanner);

	if (tok == 0) {		/* end of input: nothing to show as "near" */
		pctx->p_tokoff = pctx->p_len;
		pctx->p_toklen = 0;
	}
	return tok;
}
#define yylex(v, l, s) lex(v, l, s, pctx)

static void yyerror(YYLTYPE *, void *, struct xlcfg_pctx *, const char *);
}

%union {
	char			*str;
	struct xlcfg_value	*val;
}

%token <str>	IDENT STRING NUMBER
%token		END_OF_FILE 0 "$end"
%token		NEWLINE LEXERR
%token		OP_ADD "+="
%type <val>	value values valuelist

%destructor { free($$); } <str>
%destructor { xlcfg__value_free($$); } <val>

%%

file:	  stmts
	| stmts assignment
	;

stmts:	  %empty
	| stmts stmt
	;

stmt:	  assignment endstmt
	| endstmt
	| error NEWLINE
	;

assignment:
	  IDENT '=' value	{ xlcfg__store(pctx->p_cfg, scanner, $1, 0, $3, @1.first_line); }
	| IDENT OP_ADD value	{ xlcfg__store(pctx->p_cfg, scanner, $1, 1, $3, @1.first_line); }
	;

endstmt:  NEWLINE
	| ';'
	;

value:	  STRING		{
			$$ = xlcfg__atom($1, 0, @1.first_line);
			if ($$ == NULL) { free($1); YYNOMEM; }
		}
	| NUMBER		{
			$$ = xlcfg__atom($1, 1, @1.first_line);
			if ($$ == NULL) { free($1); YYNOMEM; }
		}
	| '[' nlok valuelist ']' { $$ = $3; }
	;

valuelist:
	  %empty		{ $$ = xlcfg__list(@$.first_line); if ($$ == NULL) YYNOMEM; }
	| values		{ $$ = $1; }
	| values ',' nlok	{ $$ = $1; }
	;

values:	  value nlok		{
			$$ = xlcfg__list(@1.first_line);
			if ($$ == NULL || xlcfg__append($$, $1) != 0) {
				xlcfg__value_free($1); xlcfg__value_free($$); YYNOMEM;
			}
		}
	| values ',' nlok value nlok {
			$$ = $1;
			if (xlcfg__append($$, $4) != 0) {
				xlcfg__value_free($4); xlcfg__value_free($$); YYNOMEM;
			}
		}
	;

nlok:	  %empty
	| nlok NEWLINE
	;

%%

static void
yyerror(YYLTYPE *loc, void *scanner, struct xlcfg_pctx *pctx, const char *msg)
{
	(void)scanner;
	if (pctx->p_lexerr || pctx->p_stop) {
		pctx->p_lexerr = 0;	/* the scanner said it already */
		return;
	}
	xlcfg__parse_error(pctx, loc->first_line, msg);
}
