/*
 * dom_vsnd.c - virtual sound cards, xl.cfg(5) `vsnd`.
 *
 * The option is a list of cards; each card is a list of item strings.  An
 * item starts with its kind (CARD, PCM or STREAM, any case) followed by
 * comma-separated KEY=VALUE parameters.  PCM opens a new PCM device on the
 * card, STREAM a new stream on the card's last PCM device (opening one when
 * there is none yet); CARD parameters always apply to the card itself.  The
 * stream parameters (rates, formats, channels, buffer size) are accepted at
 * each of the three levels.
 *
 * Messages and exit codes are those of xl 4.17, which prints them without a
 * file or line.  One difference: xl 4.17 crashes on an empty sample-rates or
 * sample-formats list; we report "Invalid parameter: ..." instead.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dom_priv.h"

/* The PCM sample formats, numbered from 1 as in the JSON enum. */
const char *const xldom_vsnd_formats[] = {
	"s8", "u8", "s16_le", "s16_be", "u16_le", "u16_be", "s24_le", "s24_be",
	"u24_le", "u24_be", "s32_le", "s32_be", "u32_le", "u32_be", "f32_le",
	"f32_be", "f64_le", "f64_be", "iec958_subframe_le",
	"iec958_subframe_be", "mu_law", "a_law", "ima_adpcm", "mpeg", "gsm",
};
const int xldom_vsnd_nformats = (int)NELEM(xldom_vsnd_formats);

enum vsnd_level { LV_CARD, LV_PCM, LV_STREAM };

/* If TOKEN is "NAME=value", return the value; NULL otherwise. */
static const char *
opt(const char *token, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(token, name, n) == 0 && token[n] == '=')
		return token + n + 1;
	return NULL;
}

/* Count the non-empty ';'-separated words of S. */
static int
count_words(const char *s)
{
	int n = 0;

	while (*s != '\0') {
		size_t len = strcspn(s, ";");

		if (len > 0)
			n++;
		s += len;
		if (*s == ';')
			s++;
	}
	return n;
}

/*
 * Rates or formats: a ';'-separated list; empty words are skipped.  Rates
 * are read like strtoul(3) with base 0, without complaint about junk.
 * Returns 0, 1 for an empty list, 2 for an unknown format, -1 on ENOMEM.
 */
static int
set_words(struct xl_vsnd_params *p, const char *val, int formats, FILE *err)
{
	int n = count_words(val), i = 0;
	char *copy, *w, *save = NULL;
	uint32_t *rates = NULL;
	int *fmts = NULL;

	if (n == 0)
		return 1;
	if ((copy = strdup(val)) == NULL)
		return -1;
	if (formats)
		fmts = calloc((size_t)n, sizeof(*fmts));
	else
		rates = calloc((size_t)n, sizeof(*rates));
	if (fmts == NULL && rates == NULL) {
		free(copy);
		return -1;
	}
	for (w = strtok_r(copy, ";", &save); w != NULL;
	    w = strtok_r(NULL, ";", &save), i++) {
		if (!formats) {
			rates[i] = (uint32_t)strtoul(w, NULL, 0);
			continue;
		}
		fmts[i] = 0;
		for (int f = 0; f < xldom_vsnd_nformats; f++)
			if (strcasecmp(w, xldom_vsnd_formats[f]) == 0)
				fmts[i] = f + 1;
		if (fmts[i] == 0) {
			fprintf(err, "Invalid pcm format: %s\n", w);
			free(fmts);
			free(copy);
			return 2;
		}
	}
	free(copy);
	if (formats) {
		free(p->formats);
		p->formats = fmts;
		p->num_formats = n;
	} else {
		free(p->rates);
		p->rates = rates;
		p->num_rates = n;
	}
	return 0;
}

/* A stream parameter: 0 taken, 1 not one of them, -1 error (reported). */
static int
set_param(struct xl_vsnd_params *p, const char *tok, FILE *err)
{
	const char *v;
	int rc;

	if ((v = opt(tok, "sample-rates")) != NULL ||
	    (v = opt(tok, "sample-formats")) != NULL) {
		rc = set_words(p, v, opt(tok, "sample-formats") != NULL, err);
		if (rc == 1)
			fprintf(err, "Invalid parameter: %s\n", tok);
		return rc == 0 ? 0 : -1;
	}
	if ((v = opt(tok, "channels-min")) != NULL)
		p->channels_min = (uint32_t)strtoul(v, NULL, 0);
	else if ((v = opt(tok, "channels-max")) != NULL)
		p->channels_max = (uint32_t)strtoul(v, NULL, 0);
	else if ((v = opt(tok, "buffer-size")) != NULL)
		p->buffer_size = (uint32_t)strtoul(v, NULL, 0);
	else
		return 1;
	return 0;
}

static int
new_pcm(struct xl_vsnd *s)
{
	if (xd_grow((void **)&s->pcms, s->num_pcms, sizeof(*s->pcms)) != 0)
		return -1;
	s->num_pcms++;
	return 0;
}

/* One KEY=VALUE of an item at LEVEL; 0 or -1 after a message. */
static int
vsnd_param(struct xl_vsnd *s, enum vsnd_level level, const char *tok,
    FILE *err)
{
	struct xl_vsnd_params *p = &s->params;
	struct xl_vsnd_pcm *pcm = NULL;
	struct xl_vsnd_stream *st = NULL;
	const char *v;
	int rc;

	if (level != LV_CARD) {
		pcm = &s->pcms[s->num_pcms - 1];
		p = &pcm->params;
	}
	if (level == LV_STREAM) {
		st = &pcm->streams[pcm->num_streams - 1];
		p = &st->params;
	}
	if ((rc = set_param(p, tok, err)) <= 0)
		return rc;
	switch (level) {
	case LV_CARD:
		if ((v = opt(tok, "backend")) != NULL)
			return xd_sdup(&s->backend_domname, v);
		if ((v = opt(tok, "short-name")) != NULL)
			return xd_sdup(&s->short_name, v);
		if ((v = opt(tok, "long-name")) != NULL)
			return xd_sdup(&s->long_name, v);
		break;
	case LV_PCM:
		if ((v = opt(tok, "name")) != NULL)
			return xd_sdup(&pcm->name, v);
		break;
	case LV_STREAM:
		if ((v = opt(tok, "unique-id")) != NULL)
			return xd_sdup(&st->unique_id, v);
		if ((v = opt(tok, "type")) != NULL) {
			if (strcasecmp(v, "p") == 0)
				st->type = 1;
			else if (strcasecmp(v, "c") == 0)
				st->type = 2;
			else {
				fprintf(err, "Invalid stream type: %s\n", v);
				return -1;
			}
			return 0;
		}
		break;
	}
	fprintf(err, "Invalid parameter: %s\n", tok);
	return -1;
}

/* Start an item of kind WORD; its level into *LEVEL.  0 or -1. */
static int
vsnd_open(struct xl_vsnd *s, const char *word, enum vsnd_level *level,
    FILE *err)
{
	struct xl_vsnd_pcm *pcm;

	if (strcasecmp(word, "card") == 0) {
		*level = LV_CARD;
		return 0;
	}
	if (strcasecmp(word, "pcm") == 0) {
		*level = LV_PCM;
		return new_pcm(s);
	}
	if (strcasecmp(word, "stream") == 0) {
		*level = LV_STREAM;
		if (s->num_pcms == 0 && new_pcm(s) != 0)
			return -1;
		pcm = &s->pcms[s->num_pcms - 1];
		if (xd_grow((void **)&pcm->streams, pcm->num_streams,
		    sizeof(*pcm->streams)) != 0)
			return -1;
		pcm->num_streams++;
		return 0;
	}
	fprintf(err, "Invalid key: %s\n", word);
	return -1;
}

int
xldom_parse_vsnd_item(struct xl_vsnd *s, const char *spec, FILE *err)
{
	char *copy = strdup(spec), *tok, *save = NULL;
	enum vsnd_level level = LV_CARD;
	int first = 1, rc = 0;

	if (copy == NULL)
		return -1;
	for (tok = strtok_r(copy, ",", &save); rc == 0 && tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (first)
			rc = vsnd_open(s, tok, &level, err);
		else
			rc = vsnd_param(s, level, tok, err);
		first = 0;
	}
	free(copy);
	return rc;
}

static void
params_free(struct xl_vsnd_params *p)
{
	free(p->rates);
	free(p->formats);
}

void
xldom_vsnd_free(struct xl_vsnd *s)
{
	int i, j;

	free(s->backend_domname);
	free(s->short_name);
	free(s->long_name);
	params_free(&s->params);
	for (i = 0; i < s->num_pcms; i++) {
		struct xl_vsnd_pcm *pcm = &s->pcms[i];

		free(pcm->name);
		params_free(&pcm->params);
		for (j = 0; j < pcm->num_streams; j++) {
			free(pcm->streams[j].unique_id);
			params_free(&pcm->streams[j].params);
		}
		free(pcm->streams);
	}
	free(s->pcms);
	memset(s, 0, sizeof(*s));
}

/*
 * vsnd = [ [ITEM, ...], ... ]: each card must be a list (a string in its
 * place stops with xl's warning and error); inside a card, the items are
 * read up to the first one that is not a string, as xl does.
 */
int
xd_parse_vsnds(const struct xlcfg *cfg, struct xl_domain *d)
{
	const struct xlcfg_value *l;
	size_t i, j;

	if (xlcfg_get_list(cfg, "vsnd", &l, 0) != 0)
		return 0;
	for (i = 0; i < l->v_nitems; i++) {
		const struct xlcfg_value *card = l->v_items[i];
		struct xl_vsnd *s;

		if (card->v_kind != XLCFG_LIST) {
			fprintf(cfg->c_err, "%s:%d:0: warning: value is not a"
			    " list\n", cfg->c_file, card->v_line);
			return xd_fail(cfg, "%s",
			    "Failed to get vsnd card list: Invalid argument");
		}
		if (XD_GROW(d->vsnds) != 0)
			return -1;
		s = &d->vsnds.v[d->vsnds.n_++];
		s->devid = (int)i;
		for (j = 0; j < card->v_nitems; j++) {
			const char *item = xlcfg_atom(card->v_items[j]);

			if (item == NULL)
				break;
			if (xldom_parse_vsnd_item(s, item, cfg->c_err) != 0)
				return -1;
		}
	}
	return 0;
}
