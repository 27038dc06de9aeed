/*
 * xl_create.c - `xl create`: parse the config, print it with -N.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

/*
 * The config text followed by one line per KEY=VALUE override, after an
 * empty separator, each ended by a newline as xl does (so line numbers in
 * messages about overrides are those of xl, give or take its NEWLINE quirk).
 */
static char *
load_config(const char *file, char **vars, int nvars, size_t *len)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	size_t cap = 8192, n;
	char *buf;
	int i;

	if (f == NULL) {
		fprintf(stderr, "Failed to read config file: %s: %m\n", file);
		return NULL;
	}
	buf = malloc(cap);
	*len = 0;
	while (buf != NULL && (n = fread(buf + *len, 1, cap - *len, f)) > 0) {
		*len += n;
		if (*len == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (f != stdin)
		fclose(f);
	for (i = 0; buf != NULL && i < nvars; i++) {
		size_t vl = strlen(vars[i]);

		if (*len + vl + 2 > cap)
			buf = realloc(buf, cap = *len + vl + 2 + cap);
		if (buf == NULL)
			break;
		buf[(*len)++] = '\n';
		memcpy(buf + *len, vars[i], vl);
		*len += vl;
	}
	if (buf != NULL && nvars > 0)
		buf[(*len)++] = '\n';	/* as xl: each override ends a line */
	return buf;
}

int
xl_cmd_create(struct xl_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dryrun", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "defconfig", required_argument, NULL, 'f' },
		{ "vncviewer", no_argument, NULL, 'V' },
		{ "vncviewer-autopass", no_argument, NULL, 'A' },
		{ "ignore-global-affinity-masks", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	struct xl_domain dom;
	struct xlcfg *cfg;
	int opt, dryrun = ctx->dryrun, debug = 0, rc;
	size_t len;
	char *text;

	while ((opt = getopt_long(argc, argv, "Fnqf:pcdeVAh", longopts,
	    NULL)) != -1) {
		switch (opt) {
		case 'f': file = optarg; break;
		case 'n': dryrun = 1; break;
		case 'd': debug = 1; break;
		case 'h':
			xl_help(&xl_cmds[0], stdout);
			return 0;
		case 'F': case 'q': case 'p': case 'c': case 'e': case 'V':
		case 'A': case 'i':
			break;
		default:
			xl_help(&xl_cmds[0], stderr);
			return 2;
		}
	}
	if (file == NULL && optind < argc && strchr(argv[optind], '=') == NULL)
		file = argv[optind++];
	if (file == NULL) {
		fprintf(stderr, "Config file not specified\n");
		xl_help(&xl_cmds[0], stderr);
		return 2;
	}
	fprintf(stderr, "Parsing config from %s\n", file);
	text = load_config(file, argv + optind, argc - optind, &len);
	if (text == NULL)
		return 1;
	cfg = xlcfg_new(file, stderr);
	if (cfg == NULL || xlcfg_parse_data(cfg, text, len) != 0) {
		fprintf(stderr, "Failed to parse config: Invalid argument\n");
		free(text);
		xlcfg_free(cfg);
		return 1;
	}
	free(text);
	rc = xldom_from_cfg(&dom, cfg, &ctx->globals);
	if (rc == 0 && (dryrun || debug))
		rc = xldom_print_json(&dom, dryrun ? stdout : stderr);
	xldom_free(&dom);
	xlcfg_free(cfg);
	if (rc != 0)
		return 1;
	if (dryrun)
		return 0;
	return xl_cmd_needs_hypervisor(ctx, argc, argv);
}
