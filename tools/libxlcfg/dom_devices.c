/*
 * dom_devices.c - the device lists of the domain model: disk, vif, pci,
 * dtdev, vfb, vkb, vtpm, p9, pvcalls, vdispl, channel, usbctrl, usbdev.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "dom_priv.h"

int
xd_grow(void **v, int n, size_t size)
{
	char *nv = realloc(*v, ((size_t)n + 1) * size);

	if (nv == NULL)
		return -1;
	memset(nv + (size_t)n * size, 0, size);
	*v = nv;
	return 0;
}


/* Call FN for each string in the list KEY. */
static int
each_spec(const struct xlcfg *cfg, const char *key,
    int (*fn)(const struct xlcfg *, struct xl_domain *, const char *, int),
    struct xl_domain *d)
{
	const struct xlcfg_value *l;
	size_t i;

	if (xlcfg_get_list(cfg, key, &l, 0) != 0)
		return 0;
	for (i = 0; i < l->v_nitems; i++) {
		const char *s = xlcfg_atom(l->v_items[i]);

		if (s == NULL)
			return xd_fail(cfg, "xl: `%s' may hold only strings", key);
		if (fn(cfg, d, s, (int)i) != 0)
			return -1;
	}
	return 0;
}

static int
add_disk(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	(void)i;
	if (XD_GROW(d->disks) != 0)
		return -1;
	if (xldom_parse_disk(&d->disks.v[d->disks.n_], s, cfg->c_err,
	    cfg->c_file) != 0) {
		xldom_disk_free(&d->disks.v[d->disks.n_]);
		return -1;
	}
	d->disks.n_++;
	return 0;
}

static int
add_nic(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_nic *n;

	if (XD_GROW(d->nics) != 0)
		return -1;
	n = &d->nics.v[d->nics.n_++];
	n->devid = i;
	return xldom_parse_vif(n, s, cfg->c_err, cfg->c_file);
}

static int
add_pci(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_pci *p;
	long l;

	(void)i;
	if (XD_GROW(d->pcidevs) != 0)
		return -1;
	p = &d->pcidevs.v[d->pcidevs.n_++];
	if (xlcfg_get_long(cfg, "pci_permissive", &l, 1) == 0)
		p->permissive = l != 0;
	if (xlcfg_get_long(cfg, "pci_msitranslate", &l, 1) == 0)
		p->msitranslate = l != 0;
	if (xlcfg_get_long(cfg, "pci_seize", &l, 1) == 0)
		p->seize = l != 0;
	if (xlcfg_get_long(cfg, "pci_power_mgmt", &l, 1) == 0)
		p->power_mgmt = l != 0;
	return xldom_parse_pci(p, s, cfg->c_err);
}

/* Split "k=v,k=v" and call FN(obj, k, v) for each pair. */
int
xd_each_kv(const char *spec, void *obj,
    int (*fn)(void *, const char *, const char *))
{
	char *copy = strdup(spec), *s, *tok, *save = NULL;
	int rc = 0;

	if (copy == NULL)
		return -1;
	for (s = copy; rc == 0 && (tok = strtok_r(s, ",", &save)) != NULL;
	    s = NULL) {
		char *eq;

		while (*tok == ' ')
			tok++;
		eq = strchr(tok, '=');
		if (eq != NULL)
			*eq++ = '\0';
		rc = fn(obj, tok, eq != NULL ? eq : "");
	}
	free(copy);
	return rc;
}

int
xd_sdup(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	return *dst == NULL ? -1 : 0;
}

static int
vfb_kv(void *o, const char *k, const char *v)
{
	struct xl_vfb *f = o;

	if (strcmp(k, "vnc") == 0)
		f->vnc.enable = atoi(v) ? 1 : -1;
	else if (strcmp(k, "vnclisten") == 0)
		return xd_sdup(&f->vnc.listen, v);
	else if (strcmp(k, "vncpasswd") == 0)
		return xd_sdup(&f->vnc.passwd, v);
	else if (strcmp(k, "vncdisplay") == 0)
		f->vnc.display = atoi(v);
	else if (strcmp(k, "vncunused") == 0)
		f->vnc.findunused = atoi(v) ? 1 : -1;
	else if (strcmp(k, "keymap") == 0)
		return xd_sdup(&f->keymap, v);
	else if (strcmp(k, "sdl") == 0)
		f->sdl.enable = atoi(v) ? 1 : -1;
	else if (strcmp(k, "opengl") == 0)
		f->sdl.opengl = atoi(v) ? 1 : -1;
	else if (strcmp(k, "display") == 0)
		return xd_sdup(&f->sdl.display, v);
	else if (strcmp(k, "xauthority") == 0)
		return xd_sdup(&f->sdl.xauthority, v);
	else if (strcmp(k, "backend") == 0)
		return xd_sdup(&f->backend_domname, v);
	else
		fprintf(stderr, "Unknown vfb option '%s'\n", k);
	return 0;
}

static int
add_vfb(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_vfb *f;
	struct xl_vkb *k;

	(void)cfg;
	if (XD_GROW(d->vfbs) != 0)
		return -1;
	f = &d->vfbs.v[d->vfbs.n_++];
	f->devid = i;
	if (XD_GROW(d->vkbs) != 0)
		return -1;			/* every vfb comes with a keyboard */
	k = &d->vkbs.v[d->vkbs.n_++];
	k->devid = i;
	return xd_each_kv(s, f, vfb_kv);
}

static int
vkb_kv(void *o, const char *k, const char *v)
{
	struct xl_vkb *b = o;

	if (strcmp(k, "backend") == 0)
		return xd_sdup(&b->backend_domname, v);
	if (strcmp(k, "backend-type") == 0) {
		if (strcmp(v, "qemu") == 0)
			b->backend_type = 1;
		else if (strcmp(v, "linux") == 0)
			b->backend_type = 2;
		else
			return -1;
	} else if (strcmp(k, "unique-id") == 0) {
		return xd_sdup(&b->unique_id, v);
	} else if (strcmp(k, "feature-disable-keyboard") == 0) {
		b->feature_disable_keyboard = atoi(v) != 0;
	} else if (strcmp(k, "feature-disable-pointer") == 0) {
		b->feature_disable_pointer = atoi(v) != 0;
	} else if (strcmp(k, "feature-abs-pointer") == 0) {
		b->feature_abs_pointer = atoi(v) != 0;
	} else if (strcmp(k, "feature-raw-pointer") == 0) {
		b->feature_raw_pointer = atoi(v) != 0;
	} else if (strcmp(k, "feature-multi-touch") == 0) {
		b->feature_multi_touch = atoi(v) != 0;
	} else if (strcmp(k, "width") == 0) {
		b->width = (uint32_t)atol(v);
	} else if (strcmp(k, "height") == 0) {
		b->height = (uint32_t)atol(v);
	} else if (strcmp(k, "multi-touch-width") == 0) {
		b->mt_width = (uint32_t)atol(v);
	} else if (strcmp(k, "multi-touch-height") == 0) {
		b->mt_height = (uint32_t)atol(v);
	} else if (strcmp(k, "multi-touch-num-contacts") == 0) {
		b->mt_num_contacts = (uint32_t)atol(v);
	} else {
		return -1;
	}
	return 0;
}

static int
add_vkb(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_vkb *k;

	(void)i;
	if (XD_GROW(d->vkbs) != 0)
		return -1;
	k = &d->vkbs.v[d->vkbs.n_];
	k->devid = d->vkbs.n_++;
	if (xd_each_kv(s, k, vkb_kv) != 0)
		return xd_fail(cfg, "Failed to parse vkb spec `%s'", s);
	return 0;
}

static int
vtpm_kv(void *o, const char *k, const char *v)
{
	struct xl_vtpm *t = o;
	uuid_t u;

	if (strcmp(k, "backend") == 0)
		return xd_sdup(&t->backend_domname, v);
	if (strcmp(k, "uuid") == 0) {
		if (uuid_parse(v, u) != 0)
			return -1;
		uuid_unparse_lower(u, t->uuid);
		return 0;
	}
	return -1;
}

static int
add_vtpm(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_vtpm *t;

	if (XD_GROW(d->vtpms) != 0)
		return -1;
	t = &d->vtpms.v[d->vtpms.n_++];
	t->devid = i;
	if (xd_each_kv(s, t, vtpm_kv) != 0)
		return xd_fail(cfg, "Failed to parse vtpm spec `%s'", s);
	return 0;
}

static int
p9_kv(void *o, const char *k, const char *v)
{
	struct xl_p9 *p = o;

	if (strcmp(k, "tag") == 0)
		return xd_sdup(&p->tag, v);
	if (strcmp(k, "path") == 0)
		return xd_sdup(&p->path, v);
	if (strcmp(k, "security_model") == 0)
		return xd_sdup(&p->security_model, v);
	if (strcmp(k, "backend") == 0)
		return xd_sdup(&p->backend_domname, v);
	return -1;
}

static int
add_p9(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	(void)i;
	if (XD_GROW(d->p9s) != 0)
		return -1;
	if (xd_each_kv(s, &d->p9s.v[d->p9s.n_++], p9_kv) != 0)
		return xd_fail(cfg, "Failed to parse p9 spec `%s'", s);
	return 0;
}

static int
channel_kv(void *o, const char *k, const char *v)
{
	struct xl_channel *c = o;

	if (strcmp(k, "backend") == 0)
		return xd_sdup(&c->backend_domname, v);
	if (strcmp(k, "name") == 0)
		return xd_sdup(&c->name, v);
	if (strcmp(k, "path") == 0)
		return xd_sdup(&c->path, v);
	if (strcmp(k, "connection") == 0) {
		if (strcmp(v, "pty") == 0)
			c->connection = 1;
		else if (strcmp(v, "socket") == 0)
			c->connection = 2;
		else
			return -1;
		return 0;
	}
	return -1;
}

static int
add_channel(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_channel *c;

	if (XD_GROW(d->channels) != 0)
		return -1;
	c = &d->channels.v[d->channels.n_++];
	c->devid = i;
	if (xd_each_kv(s, c, channel_kv) != 0)
		return xd_fail(cfg, "Failed to parse channel spec `%s'", s);
	if (c->name == NULL)
		return xd_fail(cfg, "%s", "channel has no name");
	return 0;
}

static int
usbctrl_kv(void *o, const char *k, const char *v)
{
	struct xl_usbctrl *u = o;
	static const char *const types[] = { "auto", "pv", "devicemodel", "qusb" };

	if (strcmp(k, "version") == 0)
		u->version = atoi(v);
	else if (strcmp(k, "ports") == 0)
		u->ports = atoi(v);
	else if (strcmp(k, "backend") == 0)
		return xd_sdup(&u->backend_domname, v);
	else if (strcmp(k, "type") == 0)
		return xd_enum(types, NELEM(types), v, 0, &u->type);
	else
		return -1;
	return 0;
}

static int
add_usbctrl(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_usbctrl *u;

	if (XD_GROW(d->usbctrls) != 0)
		return -1;
	u = &d->usbctrls.v[d->usbctrls.n_++];
	u->devid = i;
	if (xd_each_kv(s, u, usbctrl_kv) != 0)
		return xd_fail(cfg, "Failed to parse usbctrl spec `%s'", s);
	return 0;
}

static int
usbdev_kv(void *o, const char *k, const char *v)
{
	struct xl_usbdev *u = o;
	char *end;
	long n;

	if (strcmp(k, "type") == 0) {
		if (strcmp(v, "hostdev") != 0)
			return -1;
		u->type = 1;
		return 0;
	}
	n = strtol(v, &end, 0);
	if (end == v || *end != '\0')
		return -1;
	if (strcmp(k, "hostbus") == 0)
		u->hostbus = (int)(n & 0xff);
	else if (strcmp(k, "hostaddr") == 0)
		u->hostaddr = (int)(n & 0xff);
	else if (strcmp(k, "controller") == 0)
		u->ctrl = (int)n;
	else if (strcmp(k, "port") == 0)
		u->port = (int)n;
	else
		return -1;
	return 0;
}

static int
add_usbdev(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_usbdev *u;

	(void)i;
	if (XD_GROW(d->usbdevs) != 0)
		return -1;
	u = &d->usbdevs.v[d->usbdevs.n_++];
	u->ctrl = -1;
	if (xd_each_kv(s, u, usbdev_kv) != 0)
		return xd_fail(cfg, "Failed to parse usbdev spec `%s'", s);
	return 0;
}

static int
add_dtdev(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	(void)cfg;
	(void)i;
	if (XD_GROW(d->dtdevs) != 0)
		return -1;
	return xd_sdup(&d->dtdevs.v[d->dtdevs.n_++].path, s);
}

static int
pvcalls_kv(void *o, const char *k, const char *v)
{
	struct xl_pvcalls *p = o;

	if (*k == '\0')
		return 0;
	if (strcmp(k, "backend") == 0)
		return xd_sdup(&p->backend_domname, v);
	return -1;
}

static int
add_pvcalls(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_pvcalls *p;

	if (XD_GROW(d->pvcalls) != 0)
		return -1;
	p = &d->pvcalls.v[d->pvcalls.n_++];
	p->devid = i;
	if (xd_each_kv(s, p, pvcalls_kv) != 0)
		return xd_fail(cfg, "Failed to parse pvcalls spec `%s'", s);
	return 0;
}

/* "id0:1920x1080;id1:800x600" */
static int
vdispl_connectors(struct xl_vdispl *v, const char *spec)
{
	const char *s = spec;

	while (*s != '\0') {
		const char *colon = strchr(s, ':'), *semi = strchr(s, ';');
		struct xl_connector *c;
		unsigned long w, h;
		char *end;

		if (semi == NULL)
			semi = s + strlen(s);
		if (colon == NULL || colon > semi || colon == s)
			return -1;
		w = strtoul(colon + 1, &end, 10);
		if (end == colon + 1 || *end != 'x')
			return -1;
		h = strtoul(end + 1, &end, 10);
		if (end != semi)
			return -1;
		if (xd_grow((void **)&v->connectors, v->num_connectors,
		    sizeof(*v->connectors)) != 0)
			return -1;
		c = &v->connectors[v->num_connectors++];
		c->width = (uint32_t)w;
		c->height = (uint32_t)h;
		if ((c->unique_id = strndup(s, (size_t)(colon - s))) == NULL)
			return -1;
		s = *semi == ';' ? semi + 1 : semi;
	}
	return 0;
}

static int
vdispl_kv(void *o, const char *k, const char *v)
{
	struct xl_vdispl *d = o;

	if (strcmp(k, "backend") == 0)
		return xd_sdup(&d->backend_domname, v);
	if (strcmp(k, "be-alloc") == 0) {
		d->be_alloc = atoi(v) != 0;
		return 0;
	}
	if (strcmp(k, "connectors") == 0)
		return vdispl_connectors(d, v);
	return -1;
}

static int
add_vdispl(const struct xlcfg *cfg, struct xl_domain *d, const char *s, int i)
{
	struct xl_vdispl *v;

	if (XD_GROW(d->vdispls) != 0)
		return -1;
	v = &d->vdispls.v[d->vdispls.n_++];
	v->devid = i;
	if (xd_each_kv(s, v, vdispl_kv) != 0)
		return xd_fail(cfg, "Failed to parse vdispl spec `%s'", s);
	return 0;
}

/*
 * xl.conf's vif.default.* settings fill what a vif spec leaves unset.
 */
static int
apply_vif_defaults(struct xl_domain *d, const struct xl_globals *g)
{
	int i;

	for (i = 0; i < d->nics.n_; i++) {
		struct xl_nic *n = &d->nics.v[i];

		if (g->vif_script != NULL && n->script == NULL &&
		    xd_sdup(&n->script, g->vif_script) != 0)
			return -1;
		if (g->vif_bridge != NULL && n->bridge == NULL &&
		    xd_sdup(&n->bridge, g->vif_bridge) != 0)
			return -1;
		if (g->vif_backend != NULL && n->backend_domname == NULL &&
		    xd_sdup(&n->backend_domname, g->vif_backend) != 0)
			return -1;
		if (g->vif_gatewaydev != NULL && n->gatewaydev == NULL &&
		    xd_sdup(&n->gatewaydev, g->vif_gatewaydev) != 0)
			return -1;
	}
	return 0;
}

int
xd_parse_devices(const struct xlcfg *cfg, struct xl_domain *d,
    const struct xl_globals *g)
{
	static const struct {
		const char *key;
		int (*fn)(const struct xlcfg *, struct xl_domain *,
		    const char *, int);
	} devs[] = {
		{ "disk", add_disk }, { "vif", add_nic }, { "pci", add_pci }, { "dtdev", add_dtdev },
		{ "vfb", add_vfb }, { "vkb", add_vkb }, { "vtpm", add_vtpm },
		{ "p9", add_p9 }, { "pvcalls", add_pvcalls },
		{ "vdispl", add_vdispl }, { "channel", add_channel },
		{ "usbctrl", add_usbctrl }, { "usbdev", add_usbdev },
	};
	size_t i;

	for (i = 0; i < NELEM(devs); i++)
		if (each_spec(cfg, devs[i].key, devs[i].fn, d) != 0)
			return -1;
	if (xd_parse_vsnds(cfg, d) != 0)
		return -1;
	if (apply_vif_defaults(d, g) != 0)
		return -1;
	if (d->pcidevs.n_ > 0 && d->c_info.ci_type == XLD_PV &&
	    d->b_info.pv_e820_host == 0)
		d->b_info.pv_e820_host = 1;
	return 0;
}
