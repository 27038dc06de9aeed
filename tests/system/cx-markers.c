/*
 * cx-markers - check that markers appear in order in a (growing) log file.
 *
 *   cx-markers [-q] LOG MARKER...
 *
 * Exit status: 0 when every MARKER is found in LOG in the given order,
 * 1 when one is missing (unless -q, prints which one on stdout),
 * 2 on a usage or I/O error.  Marker syntax: see markers.h.
 * The whole-system test harness (lib.sh) polls a serial log with it; it is
 * also packed into test initramfs images as a small binary of ours.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markers.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fprintf(f, "usage: cx-markers [-q] LOG MARKER...\n"
		   "       cx-markers --version\n"
		   "Exit 0 when every MARKER appears in LOG in order, 1 when one is missing.\n"
		   "In a MARKER, '*' matches any text within a line, a final '$' the end\n"
		   "of a line, and '\\' makes the next character literal.\n");
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;

		if (cap - n < 65536) {
			char *nb = realloc(buf, cap + 65536 + 1);

			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	int quiet = 0, i = 1;
	const char *path;
	char *log;
	size_t len = 0, n, found;

	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("cx-markers (cxen) %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (i < argc && strcmp(argv[i], "-q") == 0) {
		quiet = 1;
		i++;
	}
	if (argc - i < 2) {
		usage(stderr);
		return 2;
	}
	path = argv[i++];
	log = slurp(path, &len);
	if (!log) {
		fprintf(stderr, "cx-markers: %s: %s\n", path, strerror(errno));
		return 2;
	}
	n = (size_t)(argc - i);
	found = cx_markers_match(log, len, (const char *const *)(argv + i), n);
	free(log);
	if (found == n)
		return 0;
	if (!quiet)
		printf("missing marker %zu of %zu: %s\n", found + 1, n, argv[i + found]);
	return 1;
}
