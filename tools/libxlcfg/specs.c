/*
 * specs.c - parsers of the device and CPU-list specification strings:
 * xl-disk-configuration(5), xl-network-configuration(5), the PCI BDF
 * spec and CPU lists such as "0-3,^1" or "nodes:0".
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "xldom.h"

/* ---- small helpers ---- */

static char *
xstrndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static int
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	return *dst == NULL ? -1 : 0;
}

/* Find VAL in NAMES (NULL-terminated); returns index or -1. */
static int
lookup(const char *const *names, const char *val)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], val) == 0)
			return i;
	return -1;
}

/* ---- vdev names ---- */

/* "a".."z", "aa".."zz" style letters to a disk index, -1 on error. */
static int
letters_to_index(const char **p)
{
	const char *s = *p;
	int idx = -1;

	if (!islower((unsigned char)*s))
		return -1;
	while (islower((unsigned char)*s)) {
		idx = (idx + 1) * 26 + (*s - 'a');
		if (idx > 100000)
			return -1;
		s++;
	}
	*p = s;
	return idx;
}

int
xldom_vdev_to_devnum(const char *vdev, int *partition)
{
	const char *s = vdev;
	int disk, part = 0;
	char *end;

	if (strncmp(s, "xvd", 3) == 0 || strncmp(s, "hd", 2) == 0 ||
	    strncmp(s, "sd", 2) == 0) {
		const char *prefix = s;

		s += (s[0] == 'x') ? 3 : 2;
		disk = letters_to_index(&s);
		if (disk < 0)
			return -1;
		if (*s != '\0') {
			part = (int)strtol(s, &end, 10);
			if (*end != '\0' || part < 0 || !isdigit((unsigned char)*s))
				return -1;
		}
		if (partition != NULL)
			*partition = part;
		if (prefix[0] == 'x') {
			if (disk < 16 && part < 16)
				return (202 << 8) | (disk << 4) | part;
			if (part > 255)
				return -1;
			return (1 << 28) | (disk << 8) | part;
		}
		if (prefix[0] == 's') {
			if (disk > 15 || part > 15)
				return -1;
			return (8 << 8) | (disk << 4) | part;
		}
		if (disk > 3 || part > 63)
			return -1;
		return disk < 2 ? (3 << 8) | (disk << 6) | part :
		    (22 << 8) | ((disk - 2) << 6) | part;
	}
	if (s[0] == 'd' && isdigit((unsigned char)s[1])) {
		disk = (int)strtol(s + 1, &end, 10);
		if (*end == 'p' && isdigit((unsigned char)end[1]))
			part = (int)strtol(end + 1, &end, 10);
		if (*end != '\0' || disk > (1 << 20) || part > 255)
			return -1;
		if (partition != NULL)
			*partition = part;
		if (disk < 16 && part < 16)
			return (202 << 8) | (disk << 4) | part;
		return (1 << 28) | (disk << 8) | part;
	}
	disk = (int)strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || disk < 0)
		return -1;
	return disk;
}

/* ---- disk ---- */

static const char *const disk_formats[] = {
	"", "qcow", "qcow2", "vhd", "raw", "empty", "qed", NULL
};
static const char *const disk_backends[] = {
	"", "phy", "tap", "qdisk", "standalone", NULL
};


struct disk_state {
	struct xl_disk	*d;
	int		 slot;		/* next positional: 0 target .. 3 access */
	int		 have_access;
	int		 deprecated;
	const char	*raw;		/* the item with its comma */
	const char	*spec;
	FILE		*err;
	const char	*file;
};
/* Length of a leading "word:" ([a-z][a-z0-9]*:) of S, 0 if none. */
static size_t
prefix_len(const char *s)
{
	size_t n;

	if (!islower((unsigned char)*s))
		return 0;
	n = 1 + strspn(s + 1, "abcdefghijklmnopqrstuvwxyz0123456789");
	return s[n] == ':' ? n + 1 : 0;
}

static int disk_error(struct disk_state *, const char *, const char *);

/*
 * "word:" followed by a character that is neither a letter nor a digit,
 * where the word is no deprecated prefix, is an error in xl ("foo:/x");
 * "foo:bar" is a plain value.
 */
static int
disk_unknown_prefix(struct disk_state *st, const char *s)
{
	static const char *const known[] = {
		"raw", "qcow", "qcow2", "vhd", "iscsi", "nbd", "enbd", "drbd",
		"tapdisk", "tap2", "tap", "aio", "ioemu", "file", "phy", NULL
	};
	size_t n = prefix_len(s);
	char *word;
	int i, rc;

	if (n == 0 || isalnum((unsigned char)s[n]))
		return 0;
	for (i = 0; known[i] != NULL; i++)
		if (strncmp(known[i], s, n - 1) == 0 && known[i][n - 1] == '\0')
			return 0;
	if ((word = xstrndup(s, n)) == NULL)
		return -1;
	rc = disk_error(st, "unknown deprecated disk prefix", word);
	free(word);
	return rc;
}

/*
 * Deprecated "PREFIX:" in front of a target: raw, qcow, qcow2 and vhd set
 * the format, iscsi, nbd, enbd and drbd the script block-NAME, the others
 * are dropped; several may follow each other ("tap:aio:qcow:").  Returns 1
 * when one was stripped, 0 when none, -1 on error.
 */
static int
disk_prefix(struct disk_state *st, const char **target)
{
	static const char *const formats[] = { "qcow", "qcow2", "vhd", "raw", NULL };
	static const char *const ignored[] = {
		"tapdisk", "tap2", "aio", "ioemu", "file", "phy", "tap", NULL
	};
	static const char *const scripts[] = {
		"iscsi", "nbd", "enbd", "drbd", NULL
	};
	const char *t = *target;
	size_t n = prefix_len(t);
	char name[32];
	int i;

	if (n == 0 || n > sizeof(name))
		return 0;
	memcpy(name, t, n - 1);
	name[n - 1] = '\0';
	if ((i = lookup(formats, name)) >= 0) {
		st->d->format = i + 1;
	} else if (lookup(scripts, name) >= 0) {
		char buf[48];

		snprintf(buf, sizeof(buf), "block-%s", name);
		if (set_str(&st->d->script, buf) != 0)
			return -1;
	} else if (lookup(ignored, name) < 0) {
		return 0;
	}
	*target = t + n;
	if (disk_unknown_prefix(st, *target) != 0)
		return -1;
	return disk_prefix(st, target) < 0 ? -1 : 1;
}

static int
disk_error(struct disk_state *st, const char *what, const char *near)
{
	if (near == NULL) {
		fprintf(st->err, "%s: config parsing error in disk"
		    " specification: %s in `%s'\n", st->file, what, st->spec);
		return -1;
	}
	fprintf(st->err, "%s: config parsing error in disk specification: %s:"
	    " near `%s' in `%s'\n", st->file, what, near, st->spec);
	return -1;
}

static int
disk_access(struct disk_state *st, const char *v)
{
	if (*v == '\0')
		return 0;	/* empty: the default */
	if (strcmp(v, "r") == 0 || strcmp(v, "ro") == 0)
		st->d->readwrite = 0;
	else if (strcmp(v, "w") == 0 || strcmp(v, "rw") == 0)
		st->d->readwrite = 1;
	else
		return disk_error(st, "unknown value for access", v);
	st->have_access = 1;
	return 0;
}

/*
 * Set the string *DST from V, once: a second non-empty setting is an error
 * ("WHAT respecified"), as in xl.
 */
static int
disk_once(struct disk_state *st, char **dst, const char *v, const char *what)
{
	char msg[48];

	if (*dst != NULL && **dst != '\0') {
		snprintf(msg, sizeof(msg), "%s respecified", what);
		return disk_error(st, msg, v);
	}
	return set_str(dst, v);
}

/* An enumerated value *CUR set to NEW: an error when it had another. */
static int
disk_once_enum(struct disk_state *st, int *cur, int new, const char *v,
    const char *what)
{
	char msg[48];

	if (*cur != 0 && *cur != new) {
		snprintf(msg, sizeof(msg), "%s respecified", what);
		return disk_error(st, msg, v);
	}
	*cur = new;
	return 0;
}

static int
disk_format(struct disk_state *st, const char *v)
{
	int i;

	if (*v == '\0')
		return 0;	/* empty: the default */
	if ((i = lookup(disk_formats, v)) <= 0 || i == 5)
		return disk_error(st, "unknown value for format", v);
	return disk_once_enum(st, &st->d->format, i, v, "format");
}

/* "hdc:cdrom" or "xvda:disk" in the deprecated syntax, or a plain vdev. */
static int
disk_vdev(struct disk_state *st, const char *v)
{
	const char *colon = strchr(v, ':');

	if (colon != NULL) {
		if (strcmp(colon + 1, "cdrom") == 0)
			st->d->is_cdrom = 1;
		else if (strcmp(colon + 1, "disk") != 0)
			return disk_error(st, "unknown deprecated disk type", v);
		if (st->d->vdev != NULL && *st->d->vdev != '\0')
			return disk_error(st, "vdev respecified", v);
		free(st->d->vdev);
		st->d->vdev = xstrndup(v, (size_t)(colon - v));
		return st->d->vdev == NULL ? -1 : 0;
	}
	return disk_once(st, &st->d->vdev, v, "vdev");
}

static int
disk_target(struct disk_state *st, const char *v)
{
	int rc = disk_prefix(st, &v);

	if (rc < 0)
		return -1;
	if (rc > 0)
		st->deprecated = 1;
	return set_str(&st->d->pdev_path, v);
}

static int
disk_positional(struct disk_state *st, const char *v)
{
	switch (st->slot) {
	case 0:
		st->slot = 1;
		if (disk_target(st, v) != 0)
			return -1;
		if (st->deprecated)
			st->slot = 2;
		return 0;
	case 1:
		st->slot = 2;
		if (strchr(v, ':') != NULL) {	/* ",hdc:cdrom,r" form */
			st->slot = 3;
			return disk_vdev(st, v);
		}
		return disk_format(st, v);
	case 2:
		st->slot = 3;
		return disk_vdev(st, v);
	case 3:
		st->slot = 4;
		return disk_access(st, v);
	}
	return disk_error(st, "too many positional parameters", v);
}
static int
disk_key(struct disk_state *st, const char *key, const char *v)
{
	struct xl_disk *d = st->d;
	int i;

	if (strcmp(key, "target") == 0)	/* taken as is: no deprecated prefix */
		return disk_once(st, &d->pdev_path, v, "target");
	if (strcmp(key, "format") == 0) {
		return disk_format(st, v);
	} else if (strcmp(key, "vdev") == 0) {
		return disk_once(st, &d->vdev, v, "vdev");
	} else if (strcmp(key, "access") == 0) {
		return disk_access(st, v);
	} else if (strcmp(key, "devtype") == 0) {
		if (strcmp(v, "cdrom") == 0)
			d->is_cdrom = 1;
		else if (strcmp(v, "disk") != 0)
			return disk_error(st, "unknown value for type", st->raw);
	} else if (strcmp(key, "backend") == 0) {
		return disk_once(st, &d->backend_domname, v, "backend");
	} else if (strcmp(key, "backendtype") == 0) {
		if ((i = lookup(disk_backends, v)) <= 0)
			return disk_error(st, "unknown value for backendtype", v);
		return disk_once_enum(st, &d->backend, i, v, "backend");
	} else if (strcmp(key, "script") == 0) {
		return disk_once(st, &d->script, v, "script");
	} else if (strcmp(key, "specification") == 0) {
		if (strcmp(v, "xen") == 0)
			i = 1;
		else if (strcmp(v, "virtio") == 0)
			i = 2;
		else
			return disk_error(st, "unknown value for specification", v);
		return disk_once_enum(st, &d->specification, i, v,
		    "specification");
	} else if (strcmp(key, "colo-host") == 0) {
		return disk_once(st, &d->colo_host, v, "colo-host");
	} else if (strcmp(key, "colo-port") == 0) {
		if (*v == '\0' || strspn(v, "0123456789") != strlen(v))
			return disk_error(st, "unknown value for colo_port", v);
		d->colo_port = (int)(uint32_t)strtoul(v, NULL, 10);
	} else if (strcmp(key, "colo-export") == 0) {
		return disk_once(st, &d->colo_export, v, "colo-export");
	} else if (strcmp(key, "active-disk") == 0) {
		return disk_once(st, &d->active_disk, v, "active-disk");
	} else if (strcmp(key, "hidden-disk") == 0) {
		return disk_once(st, &d->hidden_disk, v, "hidden-disk");
	} else {
		return disk_error(st, "unknown parameter", st->raw);
	}
	return 0;
}

/*
 * Flags.  `trusted' and `untrusted' are described in xl-disk-configuration(5)
 * but xl 4.17 does not know them: like it, we take them as positional
 * parameters.
 */
static int
disk_flag(struct disk_state *st, const char *v)
{
	struct xl_disk *d = st->d;

	if (strcmp(v, "cdrom") == 0)
		d->is_cdrom = 1;
	else if (strcmp(v, "direct-io-safe") == 0)
		d->direct_io_safe = 1;
	else if (strcmp(v, "discard") == 0)
		d->discard_enable = 1;
	else if (strcmp(v, "no-discard") == 0)
		d->discard_enable = -1;
	else if (strcmp(v, "colo") == 0)
		d->colo_enable = 1;
	else
		return 1;	/* not a flag */
	return 0;
}


static int
disk_item(struct disk_state *st, const char *item)
{
	const char *eq = strchr(item, '=');
	char key[32];
	int rc;

	if (eq != NULL && (size_t)(eq - item) < sizeof(key) &&
	    strspn(item, "abcdefghijklmnopqrstuvwxyz_-") == (size_t)(eq - item)) {
		memcpy(key, item, (size_t)(eq - item));
		key[eq - item] = '\0';
		return disk_key(st, key, eq + 1);
	}
	if (disk_unknown_prefix(st, item) != 0)
		return -1;
	rc = disk_flag(st, item);
	if (rc <= 0)
		return rc;
	return disk_positional(st, item);
}

int
xldom_parse_disk(struct xl_disk *d, const char *spec, FILE *err,
    const char *file)
{
	struct disk_state st = { d, 0, 0, 0, NULL, spec, err, file };
	const char *s = spec;

	for (;;) {
		const char *comma;
		char *item, *raw;
		int rc;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (strncmp(s, "target=", 7) == 0)
			comma = s + strlen(s);	/* takes the rest */
		else if ((comma = strchr(s, ',')) == NULL)
			comma = s + strlen(s);
		raw = xstrndup(s, (size_t)(comma - s) + (*comma != '\0'));
		item = xstrndup(s, (size_t)(comma - s));
		if (item == NULL || raw == NULL) {
			free(item);
			free(raw);
			return -1;
		}
		st.raw = raw;
		rc = (*item == '\0' && *comma == '\0' && comma != spec &&
		    st.slot >= 3) ? 0 : disk_item(&st, item);
		free(item);
		free(raw);
		if (rc != 0)
			return -1;
		if (*comma == '\0')
			break;
		s = comma + 1;
	}
	if (d->vdev == NULL)
		return disk_error(&st, "no vdev specified", NULL);
	if (d->pdev_path == NULL || *d->pdev_path == '\0') {
		if (!d->is_cdrom)
			return disk_error(&st,
			    "no target specified (and device not removable)", NULL);
		d->format = 5;	/* empty */
	} else if (d->format == 0) {
		d->format = 4;	/* raw */
	}
	if (d->is_cdrom) {	/* always read-only, whatever access says */
		d->removable = 1;
		d->readwrite = 0;
	} else if (!st.have_access) {
		d->readwrite = 1;
	}
	return 0;
}

void
xldom_disk_free(struct xl_disk *d)
{
	free(d->backend_domname);
	free(d->pdev_path);
	free(d->vdev);
	free(d->script);
	free(d->colo_host);
	free(d->colo_export);
	free(d->active_disk);
	free(d->hidden_disk);
}

/* ---- vif ---- */

/* The COLO keys of a vif spec, in the order of their JSON fields. */
const char *const xldom_nic_colo_keys[XL_NIC_NCOLO] = {
	"colo_sock_mirror_id", "colo_sock_mirror_ip", "colo_sock_mirror_port",
	"colo_sock_compare_pri_in_id", "colo_sock_compare_pri_in_ip",
	"colo_sock_compare_pri_in_port", "colo_sock_compare_sec_in_id",
	"colo_sock_compare_sec_in_ip", "colo_sock_compare_sec_in_port",
	"colo_sock_compare_notify_id", "colo_sock_compare_notify_ip",
	"colo_sock_compare_notify_port", "colo_sock_redirector0_id",
	"colo_sock_redirector0_ip", "colo_sock_redirector0_port",
	"colo_sock_redirector1_id", "colo_sock_redirector1_ip",
	"colo_sock_redirector1_port", "colo_sock_redirector2_id",
	"colo_sock_redirector2_ip", "colo_sock_redirector2_port",
	"colo_filter_mirror_queue", "colo_filter_mirror_outdev",
	"colo_filter_redirector0_queue", "colo_filter_redirector0_indev",
	"colo_filter_redirector0_outdev", "colo_filter_redirector1_queue",
	"colo_filter_redirector1_indev", "colo_filter_redirector1_outdev",
	"colo_compare_pri_in", "colo_compare_sec_in", "colo_compare_out",
	"colo_compare_notify_dev", "colo_sock_sec_redirector0_id",
	"colo_sock_sec_redirector0_ip", "colo_sock_sec_redirector0_port",
	"colo_sock_sec_redirector1_id", "colo_sock_sec_redirector1_ip",
	"colo_sock_sec_redirector1_port", "colo_filter_sec_redirector0_queue",
	"colo_filter_sec_redirector0_indev",
	"colo_filter_sec_redirector0_outdev",
	"colo_filter_sec_redirector1_queue",
	"colo_filter_sec_redirector1_indev",
	"colo_filter_sec_redirector1_outdev",
	"colo_filter_sec_rewriter0_queue", "colo_checkpoint_host",
	"colo_checkpoint_port",
};

struct vif_state {
	struct xl_nic	*n;
	FILE		*err;
	const char	*file;
	const char	*end;		/* end of the spec buffer */
};

static int
vif_err(struct vif_state *st, const char *msg, const char *what)
{
	fprintf(st->err, "%s: config parsing error in vif: %s in `%s'\n",
	    st->file, msg, what);
	return -1;
}

/*
 * Six hex groups, each ended by any one character.  Like xl, the groups
 * after a short address are read on in the rest of the spec (the next
 * items); past the end of the spec, xl reads whatever memory follows and we
 * report the address as invalid instead.  Bytes parsed before an invalid
 * group are kept, as in xl.
 */
static int
vif_mac(struct vif_state *st, const char *v)
{
	int i;

	for (i = 0; i < 6; i++) {
		unsigned long b;
		char *end;

		if (v >= st->end)
			break;
		b = strtoul(v, &end, 16);
		if (end == v || b > 255)
			break;
		st->n->mac[i] = (uint8_t)b;
		st->n->mac_set = 1;
		v = end + 1;
	}
	if (i < 6)
		fprintf(st->err, "Invalid parameter `mac'.\n");
	return 0;
}

/* NUMBER[GMK]{B|b}/s, integers only. */
static int
vif_rate_bytes(struct vif_state *st, const char *v, uint64_t *bps)
{
	size_t digits = strspn(v, "0123456789");
	const char *u = v + digits;
	unsigned long long b;
	char *end;

	if (*u == 'G' || *u == 'M' || *u == 'K')
		u++;
	if (digits == 0 || (*u != 'B' && *u != 'b') || strcmp(u + 1, "/s") != 0)
		return vif_err(st, "invalid rate", v);
	errno = 0;
	b = strtoull(v, &end, 0);	/* base 0, as xl: a leading 0 is octal */
	if (b == 0 || b > UINT32_MAX || errno == ERANGE)
		return vif_err(st, "rate overflow", v);
	if (*end == 'G')
		b *= 1000000000ull;
	else if (*end == 'M')
		b *= 1000000ull;
	else if (*end == 'K')
		b *= 1000ull;
	if (*end == 'b' || end[1] == 'b')
		b /= 8;
	*bps = b;
	return 0;
}

/* NUMBER[m|u][s]: no unit or `s' is seconds. */
static int
vif_rate_interval(struct vif_state *st, const char *v, uint32_t *us)
{
	size_t digits = strspn(v, "0123456789");
	const char *u = v + digits;
	unsigned long long t;
	char *end;

	if (*u == 'm' || *u == 'u')
		u++;
	if (*u == 's')
		u++;
	if (digits == 0 || *u != '\0')
		return vif_err(st, "invalid replenishment interval", v);
	errno = 0;
	t = strtoull(v, &end, 0);
	if (t == 0 || t > UINT32_MAX || errno == ERANGE)
		return vif_err(st, "replenishment interval overflow", v);
	if (*end == 's' || *end == '\0')
		t *= 1000000ull;
	else if (*end == 'm')
		t *= 1000ull;
	if (t > UINT32_MAX)
		return vif_err(st, "replenishment interval overflow", v);
	*us = (uint32_t)t;
	return 0;
}

/* RATE[@INTERVAL]: bytes per interval; the interval defaults to 50 ms. */
static int
vif_rate(struct vif_state *st, const char *v)
{
	char *copy = strdup(v), *at;
	uint64_t bps = 0;
	uint32_t us = 50000;
	int rc = -1;

	if (copy == NULL)
		return -1;
	if ((at = strchr(copy, '@')) != NULL)
		*at++ = '\0';
	if (*copy == '\0')
		vif_err(st, "no rate specified", v);
	else if (vif_rate_bytes(st, copy, &bps) == 0 &&
	    (at == NULL || vif_rate_interval(st, at, &us) == 0)) {
		if (bps > UINT64_MAX / us) {
			vif_err(st, "rate overflow", v);
		} else {
			st->n->rate_interval_usecs = us;
			st->n->rate_bytes_per_interval = bps * us / 1000000u;
			rc = 0;
		}
	}
	free(copy);
	return rc;
}

/* devid= and mtu=: a decimal number, as xl reads it. */
static int
vif_ulong(struct vif_state *st, const char *v, unsigned long *out)
{
	char *end;

	*out = strtoul(v, &end, 10);
	if (end == v || *out == ULONG_MAX) {
		fprintf(st->err, "xl: failed to convert \"%s\" to number\n", v);
		return -1;
	}
	return 0;
}

/* If TOKEN is "NAME=value", the value; NULL otherwise. */
static const char *
vif_opt(const char *token, const char *name)
{
	size_t n = strlen(name);

	return strncmp(token, name, n) == 0 && token[n] == '=' ?
	    token + n + 1 : NULL;
}

/*
 * One item.  Only a bad rate, devid or mtu stops xl; other mistakes are
 * reported and skipped.
 */
static int
vif_item(struct vif_state *st, const char *tok)
{
	static const struct { const char *k; size_t off; } strs[] = {
		{ "bridge", offsetof(struct xl_nic, bridge) },
		{ "gatewaydev", offsetof(struct xl_nic, gatewaydev) },
		{ "ip", offsetof(struct xl_nic, ip) },
		{ "script", offsetof(struct xl_nic, script) },
		{ "backend", offsetof(struct xl_nic, backend_domname) },
		{ "vifname", offsetof(struct xl_nic, ifname) },
		{ "model", offsetof(struct xl_nic, model) },
		{ "forwarddev", offsetof(struct xl_nic, coloft_forwarddev) },
	};
	struct xl_nic *n = st->n;
	unsigned long ul;
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if ((v = vif_opt(tok, strs[i].k)) != NULL)
			return set_str((char **)((char *)n + strs[i].off), v);
	for (i = 0; i < XL_NIC_NCOLO; i++)
		if ((v = vif_opt(tok, xldom_nic_colo_keys[i])) != NULL)
			return set_str(&n->colo[i], v);
	if ((v = vif_opt(tok, "type")) != NULL) {
		if (strcmp(v, "vif") == 0)
			n->nictype = 2;
		else if (strcmp(v, "ioemu") == 0)
			n->nictype = 1;
		else
			fprintf(st->err, "Invalid parameter `type'.\n");
	} else if ((v = vif_opt(tok, "mac")) != NULL) {
		return vif_mac(st, v);
	} else if ((v = vif_opt(tok, "netdev")) != NULL) {
		fprintf(st->err, "the netdev parameter is deprecated, please use"
		    " gatewaydev instead\n");
		return set_str(&n->gatewaydev, v);
	} else if ((v = vif_opt(tok, "rate")) != NULL) {
		return vif_rate(st, v);
	} else if ((v = vif_opt(tok, "accel")) != NULL) {
		fprintf(st->err, "the accel parameter for vifs is currently not"
		    " supported\n");
	} else if ((v = vif_opt(tok, "devid")) != NULL) {
		if (vif_ulong(st, v, &ul) != 0)
			return -1;
		n->devid = (int)ul;
	} else if ((v = vif_opt(tok, "mtu")) != NULL) {
		if (vif_ulong(st, v, &ul) != 0)
			return -1;
		n->mtu = (int)ul;
	} else if (strcmp(tok, "trusted") == 0) {
		n->trusted = 1;
	} else if (strcmp(tok, "untrusted") == 0) {
		n->trusted = -1;
	} else {
		fprintf(st->err, "unrecognized argument `%s'\n", tok);
	}
	return 0;
}

int
xldom_parse_vif(struct xl_nic *n, const char *spec, FILE *err,
    const char *file)
{
	size_t len = strlen(spec);
	char *copy = malloc(len + 1), *tok, *save = NULL;
	struct vif_state st = { n, err, file, NULL };
	int rc = 0;

	if (copy == NULL)
		return -1;
	memcpy(copy, spec, len + 1);
	st.end = copy + len;
	/* strtok_r, as xl: a short mac address reads on into the next items. */
	for (tok = strtok_r(copy, ",", &save); rc == 0 && tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		rc = vif_item(&st, tok);
	}
	free(copy);
	return rc;
}

void
xldom_nic_free(struct xl_nic *n)
{
	int i;

	free(n->backend_domname);
	free(n->model);
	free(n->ip);
	free(n->bridge);
	free(n->ifname);
	free(n->script);
	free(n->gatewaydev);
	free(n->coloft_forwarddev);
	for (i = 0; i < XL_NIC_NCOLO; i++)
		free(n->colo[i]);
}

/* ---- pci ---- */

static int
pci_bdf(struct xl_pci *p, const char *s, const char **endp)
{
	unsigned long a, b, c;
	char *end;

	a = strtoul(s, &end, 16);
	if (end == s || *end != ':')
		return -1;
	s = end + 1;
	b = strtoul(s, &end, 16);
	if (end == s)
		return -1;
	if (*end == ':') {		/* DDDD:BB:SS.F */
		p->domain = (int)a;
		a = b;
		s = end + 1;
		b = strtoul(s, &end, 16);
		if (end == s)
			return -1;
	}
	if (*end != '.' || a > 0xff || b > 0x1f)
		return -1;
	p->bus = (int)a;
	p->dev = (int)b;
	s = end + 1;
	if (*s == '*') {
		p->vfunc_mask = 0xff;
		end = (char *)s + 1;
	} else {
		c = strtoul(s, &end, 16);
		if (end == s || c > 7)
			return -1;
		p->func = (int)c;
		p->vfunc_mask = 1;
	}
	*endp = end;
	return 0;
}

static int
pci_option(struct xl_pci *p, const char *k, const char *v)
{
	if (strcmp(k, "permissive") == 0)
		p->permissive = atoi(v) != 0;
	else if (strcmp(k, "msitranslate") == 0)
		p->msitranslate = atoi(v) != 0;
	else if (strcmp(k, "seize") == 0)
		p->seize = atoi(v) != 0;
	else if (strcmp(k, "power_mgmt") == 0)
		p->power_mgmt = atoi(v) != 0;
	else if (strcmp(k, "rdm_policy") == 0) {
		if (strcmp(v, "strict") == 0)
			p->rdm_policy = 0;
		else if (strcmp(v, "relaxed") == 0)
			p->rdm_policy = 1;
		else
			return -1;
	} else if (strcmp(k, "vslot") == 0) {
		p->vdevfn = (uint32_t)strtoul(v, NULL, 16) << 3;
	} else if (strcmp(k, "name") == 0) {
		return set_str(&p->name, v);
	} else {
		return -1;
	}
	return 0;
}

int
xldom_parse_pci(struct xl_pci *p, const char *spec, FILE *err)
{
	const char *s = spec, *end;

	if (strncmp(s, "bdf=", 4) == 0)
		s += 4;
	if (strchr(s, '=') == NULL || strchr(s, ':') < strchr(s, '=')) {
		if (pci_bdf(p, s, &end) != 0)
			goto bad;
		s = end;
		if (*s == '@') {
			char *e;
			unsigned long slot = strtoul(s + 1, &e, 16);

			if (e == s + 1 || slot > 0x1f)
				goto bad;
			p->vdevfn = (uint32_t)slot << 3;
			s = e;
		}
		if (*s == ',')
			s++;
		else if (*s != '\0')
			goto bad;
	}
	while (*s != '\0') {
		const char *comma = strchr(s, ','), *eq = strchr(s, '=');
		char k[32], v[256];
		size_t kl, vl;

		if (comma == NULL)
			comma = s + strlen(s);
		if (eq == NULL || eq > comma || (kl = (size_t)(eq - s)) >= sizeof(k) ||
		    (vl = (size_t)(comma - eq - 1)) >= sizeof(v))
			goto bad;
		memcpy(k, s, kl);
		k[kl] = '\0';
		memcpy(v, eq + 1, vl);
		v[vl] = '\0';
		if (pci_option(p, k, v) != 0)
			goto bad;
		s = *comma ? comma + 1 : comma;
	}
	return 0;
bad:
	fprintf(err, "xl: failed to parse PCI BDF spec `%s'\n", spec);
	return -1;
}

/* ---- cpu lists ---- */

static int
range(const char **s, long *lo, long *hi)
{
	char *end;

	*lo = strtol(*s, &end, 10);
	if (end == *s || *lo < 0)
		return -1;
	*hi = *lo;
	if (*end == '-') {
		const char *t = end + 1;

		*hi = strtol(t, &end, 10);
		if (end == t || *hi < *lo)
			return -1;
	}
	*s = end;
	return 0;
}

int
xldom_parse_cpulist(struct xl_bitmap *bm, const char *spec, int ncpus,
    int nnodes)
{
	const char *s = spec;
	int per_node = nnodes > 0 ? ncpus / nnodes : ncpus;

	free(bm->bits);
	bm->nbits = ncpus;
	bm->bits = calloc((size_t)(ncpus + 7) / 8, 1);
	if (bm->bits == NULL)
		return -1;
	if (strcmp(spec, "all") == 0) {
		memset(bm->bits, 0xff, (size_t)ncpus / 8);
		for (long i = ncpus / 8 * 8; i < ncpus; i++)
			bm->bits[i / 8] |= (uint8_t)(1 << (i % 8));
		return 0;
	}
	while (*s != '\0') {
		int neg = 0, nodes = 0;
		long lo, hi, i;

		if (*s == '^') {
			neg = 1;
			s++;
		}
		if (strncmp(s, "nodes:", 6) == 0) {
			nodes = 1;
			s += 6;
		} else if (strncmp(s, "node:", 5) == 0) {
			nodes = 1;
			s += 5;
		}
		if (range(&s, &lo, &hi) != 0)
			return -1;
		if (nodes) {
			if (hi >= nnodes)
				return -1;
			lo *= per_node;
			hi = (hi + 1) * per_node - 1;
		}
		if (hi >= ncpus)
			return -1;
		for (i = lo; i <= hi; i++) {
			if (neg)
				bm->bits[i / 8] &= (uint8_t)~(1 << (i % 8));
			else
				bm->bits[i / 8] |= (uint8_t)(1 << (i % 8));
		}
		if (*s == ',')
			s++;
		else if (*s != '\0')
			return -1;
	}
	return 0;
}
