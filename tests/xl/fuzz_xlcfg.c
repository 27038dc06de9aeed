/*
 * fuzz_xlcfg.c - libFuzzer target: parse arbitrary bytes as an xl.cfg file,
 * build the domain model, print its JSON and free it all.  Nothing may
 * crash and nothing may leak (LeakSanitizer is on).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xldom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct xl_globals g;
	struct xl_domain dom;
	struct xlcfg *cfg;

	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	cfg = xlcfg_new("fuzz.cfg", sink);
	if (cfg == NULL)
		return 0;
	xldom_globals_init(&g);
	if (xlcfg_parse_data(cfg, (const char *)data, size) == 0) {
		if (xldom_from_cfg(&dom, cfg, &g) == 0)
			xldom_print_json(&dom, sink);
		xldom_free(&dom);
	}
	xlcfg_free(cfg);
	return 0;
}
