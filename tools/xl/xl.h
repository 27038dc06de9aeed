/*
 * xl.h - the xl command-line front end: command table and shared state.
 */
#ifndef XL_H
#define XL_H

#include "xldom.h"

struct xl_ctx {
	int		 verbose;
	int		 force;
	int		 dryrun;
	int		 progress_cr;	/* -t */
	int		 timestamps;	/* -T */
	struct xl_globals globals;
	char		*output_format;
	char		*conf_blkdev_start;	/* strings read from xl.conf */
	char		*conf_vif[4];	/* script, bridge, backend, gatewaydev */
};

struct xl_cmd {
	const char	*name;
	int		(*fn)(struct xl_ctx *, int argc, char **argv);
	int		 can_dryrun;
	int		 modifies;
	const char	*desc;
	const char	*usage;
	const char	*options;
};

extern const struct xl_cmd xl_cmds[];
extern const int xl_ncmds;

/* Look up NAME by exact name or unique prefix; NULL when unknown. */
const struct xl_cmd *xl_cmd_find(const char *name, int *ambiguous);
void	xl_help(const struct xl_cmd *, FILE *);
void	xl_usage_all(FILE *, int show_force);

int	xl_cmd_create(struct xl_ctx *, int, char **);
int	xl_cmd_help(struct xl_ctx *, int, char **);
int	xl_cmd_needs_hypervisor(struct xl_ctx *, int, char **);
int	xl_conf_read(struct xl_ctx *, const char *path);
void	xl_ctx_free(struct xl_ctx *);

#endif /* XL_H */
