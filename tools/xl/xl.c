/*
 * xl.c - entry point of xl: global flags, xl.conf, command dispatch.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xl.h"

#ifndef XL_CONF_PATH
#define XL_CONF_PATH "/etc/xen/xl.conf"
#endif

int
xl_cmd_needs_hypervisor(struct xl_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	fprintf(stderr, "xl: cannot connect to the hypervisor control interface"
	    " (libxenctrl not available yet)\n");
	return 1;
}

int
xl_cmd_help(struct xl_ctx *ctx, int argc, char **argv)
{
	const struct xl_cmd *c;
	int amb;

	(void)ctx;
	if (argc < 2) {
		xl_usage_all(stdout, 1);
		return 0;
	}
	/* Only an exact or unique prefix; xl answers on stdout with 0. */
	c = xl_cmd_find(argv[1], &amb);
	if (c == NULL) {
		printf("command \"%s\" not implemented\n", argv[1]);
		return 0;
	}
	xl_help(c, stdout);
	return 0;
}

/*
 * vif.default.{script,bridge,backend,gatewaydev}; the old names vifscript
 * and defaultbridge still work, with a warning.
 */
static void
conf_vif_defaults(struct xl_ctx *ctx, const struct xlcfg *cfg)
{
	static const char *const keys[4][2] = {
		{ "vif.default.script", "vifscript" },
		{ "vif.default.bridge", "defaultbridge" },
		{ "vif.default.backend", NULL },
		{ "vif.default.gatewaydev", NULL },
	};
	const char *s;
	int i;

	for (i = 0; i < 4; i++) {
		if (xlcfg_get_string(cfg, keys[i][0], &s, 0) != 0 &&
		    (keys[i][1] == NULL ||
		    xlcfg_get_string(cfg, keys[i][1], &s, 1) != 0))
			continue;
		ctx->conf_vif[i] = strdup(s);
	}
	ctx->globals.vif_script = ctx->conf_vif[0];
	ctx->globals.vif_bridge = ctx->conf_vif[1];
	ctx->globals.vif_backend = ctx->conf_vif[2];
	ctx->globals.vif_gatewaydev = ctx->conf_vif[3];
}

void
xl_ctx_free(struct xl_ctx *ctx)
{
	int i;

	free(ctx->output_format);
	free(ctx->conf_blkdev_start);
	for (i = 0; i < 4; i++)
		free(ctx->conf_vif[i]);
}

/* Read xl.conf(5); a missing file is not an error. */
int
xl_conf_read(struct xl_ctx *ctx, const char *path)
{
	struct xl_globals *g = &ctx->globals;
	struct xlcfg *cfg;
	const char *s;
	long l;

	if (access(path, R_OK) != 0)
		return 0;
	cfg = xlcfg_new(path, stderr);
	if (cfg == NULL)
		return -1;
	if (xlcfg_parse_file(cfg, path) != 0) {
		fprintf(stderr, "Failed to parse config file: %s\n", path);
		xlcfg_free(cfg);
		return -1;
	}
	if (xlcfg_get_long(cfg, "run_hotplug_scripts", &l, 0) == 0)
		g->run_hotplug_scripts = l != 0;
	if (xlcfg_get_long(cfg, "claim_mode", &l, 0) == 0)
		g->claim_mode = l != 0;
	if (xlcfg_get_string(cfg, "blkdev_start", &s, 0) == 0)
		g->blkdev_start = ctx->conf_blkdev_start = strdup(s);
	if (xlcfg_get_string(cfg, "output_format", &s, 0) == 0)
		ctx->output_format = strdup(s);
	conf_vif_defaults(ctx, cfg);
	if (xlcfg_get_string(cfg, "vifscript", &s, 1) == 0)
		fprintf(stderr, "the vifscript option is deprecated, please use"
		    " vif.default.script\n");
	if (xlcfg_get_string(cfg, "defaultbridge", &s, 1) == 0)
		fprintf(stderr, "the defaultbridge option is deprecated, please"
		    " use vif.default.bridge\n");
	xlcfg_free(cfg);
	return 0;
}

static void
usage_exit(int rc)
{
	xl_usage_all(stdout, 1);	/* xl prints it on stdout even when failing */
	exit(rc);
}

int
main(int argc, char **argv)
{
	struct xl_ctx ctx;
	const struct xl_cmd *c;
	const char *conf, *env;
	int opt, amb, rc;

	memset(&ctx, 0, sizeof(ctx));
	xldom_globals_init(&ctx.globals);
	if ((env = getenv("XL_HOST_CPUS")) != NULL && atoi(env) > 0)
		ctx.globals.host_cpus = atoi(env);
	while ((opt = getopt(argc, argv, "+vftTN")) != -1) {
		switch (opt) {
		case 'v': ctx.verbose++; break;
		case 'f': ctx.force = 1; break;
		case 't': ctx.progress_cr = 1; break;
		case 'T': ctx.timestamps = 1; break;
		case 'N': ctx.dryrun = 1; break;
		default:
			fprintf(stderr, "unknown global option\n");
			exit(EXIT_FAILURE);
		}
	}
	if (optind >= argc)
		usage_exit(EXIT_FAILURE);
	conf = getenv("XL_CONF");
	if (xl_conf_read(&ctx, conf != NULL ? conf : XL_CONF_PATH) != 0) {
		xl_ctx_free(&ctx);
		return EXIT_FAILURE;
	}
	argv += optind;
	argc -= optind;
	optind = 1;
	if (strcmp(argv[0], "help") == 0) {
		rc = xl_cmd_help(&ctx, argc, argv);
		xl_ctx_free(&ctx);
		return rc;
	}
	c = xl_cmd_find(argv[0], &amb);
	if (c == NULL) {
		fprintf(stderr, "command not implemented\n");
		xl_ctx_free(&ctx);
		return EXIT_FAILURE;
	}
	if (ctx.dryrun && !c->can_dryrun) {
		fprintf(stderr, "command does not implement -N (dryrun) option\n");
		rc = EXIT_FAILURE;
	} else if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		xl_help(c, stdout);
		rc = 0;
	} else {
		rc = c->fn(&ctx, argc, argv);
	}
	xl_ctx_free(&ctx);
	return rc;
}
