/*
 * markers.c - ordered marker matching over a console log (see markers.h).
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "markers.h"

/* A marker split at its unescaped '*'s into literal pieces. */
struct pattern {
	char *text;	/* the pieces, unescaped, back to back */
	size_t *off;	/* piece i is text[off[i] .. off[i] + len[i]) */
	size_t *len;
	size_t n;	/* number of pieces, at least 1 */
	int anchored;	/* ends with an unescaped '$' */
};

static int pattern_parse(struct pattern *p, const char *marker)
{
	size_t mlen = strlen(marker), i, t = 0;

	p->text = malloc(mlen + 1);
	p->off = malloc((mlen + 1) * sizeof(*p->off));
	p->len = malloc((mlen + 1) * sizeof(*p->len));
	if (!p->text || !p->off || !p->len) {
		free(p->text);
		free(p->off);
		free(p->len);
		return -1;
	}
	p->n = 1;
	p->off[0] = 0;
	p->anchored = 0;
	for (i = 0; i < mlen; i++) {
		char c = marker[i];

		if (c == '\\' && i + 1 < mlen) {
			p->text[t++] = marker[++i];
		} else if (c == '*') {
			p->len[p->n - 1] = t - p->off[p->n - 1];
			p->off[p->n++] = t;
		} else if (c == '$' && i + 1 == mlen) {
			p->anchored = 1;
		} else {
			p->text[t++] = c;
		}
	}
	p->len[p->n - 1] = t - p->off[p->n - 1];
	p->text[t] = '\0';
	return 0;
}

static void pattern_free(struct pattern *p)
{
	free(p->text);
	free(p->off);
	free(p->len);
}

int cx_marker_match_line(const char *line, size_t len, size_t from,
			 int complete, const char *marker, size_t *end)
{
	struct pattern p;
	size_t pos = from, i;
	int ok = 1;

	if (from > len || pattern_parse(&p, marker) < 0)
		return 0;
	for (i = 0; i < p.n && ok; i++) {
		const char *piece = p.text + p.off[i];
		size_t plen = p.len[i];

		if (i + 1 == p.n && p.anchored) {
			/* The last piece must end the (complete) line. */
			ok = complete && len - pos >= plen &&
			     memcmp(line + len - plen, piece, plen) == 0;
			pos = len;
		} else if (plen > 0) {
			const char *hit = memmem(line + pos, len - pos, piece, plen);

			if (hit)
				pos = (size_t)(hit - line) + plen;
			else
				ok = 0;
		}
	}
	pattern_free(&p);
	if (ok && end)
		*end = pos;
	return ok;
}

size_t cx_markers_match(const char *log, size_t len,
			const char *const *markers, size_t n)
{
	size_t k = 0, start = 0, col = 0;

	while (k < n) {
		const char *nl = memchr(log + start, '\n', len - start);
		size_t llen = nl ? (size_t)(nl - log) - start : len - start;
		size_t e;

		while (llen > 0 && log[start + llen - 1] == '\r')
			llen--;
		if (col <= llen &&
		    cx_marker_match_line(log + start, llen, col, nl != NULL,
					 markers[k], &e)) {
			k++;
			col = e;
			continue;
		}
		if (!nl)
			break;
		start = (size_t)(nl - log) + 1;
		col = 0;
	}
	return k;
}
