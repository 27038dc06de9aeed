/*
 * dom_parse.c - build the domain configuration model from xl.cfg settings.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "dom_priv.h"


void
xldom_globals_init(struct xl_globals *g)
{
	memset(g, 0, sizeof(*g));
	g->run_hotplug_scripts = 1;
	g->claim_mode = 1;
	g->host_cpus = 8;
	g->host_nodes = 1;
}

int
xd_fail(const struct xlcfg *cfg, const char *msg, const char *arg)
{
	fprintf(cfg->c_err, msg, arg);
	fputc('\n', cfg->c_err);
	return -1;
}

int
xd_fail_at(const struct xlcfg *cfg, const char *key, const char *fmt, ...)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, key);
	va_list ap;

	if (s != NULL)
		fprintf(cfg->c_err, "%s:%d: ", cfg->c_file, s->s_line);
	else
		fprintf(cfg->c_err, "%s: ", cfg->c_file);
	va_start(ap, fmt);
	vfprintf(cfg->c_err, fmt, ap);
	va_end(ap);
	fputc('\n', cfg->c_err);
	return -1;
}

int
xd_dup_opt(const struct xlcfg *cfg, const char *key, char **dst)
{
	const char *v;

	if (xlcfg_get_string(cfg, key, &v, 0) != 0)
		return 0;
	free(*dst);
	*dst = strdup(v);
	return *dst == NULL ? -1 : 0;
}

void
xd_defbool(const struct xlcfg *cfg, const char *key, xl_defbool *dst)
{
	long l;

	if (xlcfg_get_long(cfg, key, &l, 0) == 0)
		*dst = l ? 1 : -1;
}

int
xd_strlist(const struct xlcfg *cfg, const char *key, struct xl_strlist *sl)
{
	const struct xlcfg_value *l;
	size_t i;

	if (xlcfg_get_list(cfg, key, &l, 0) != 0)
		return 0;
	sl->sl_items = calloc(l->v_nitems + 1, sizeof(char *));
	if (sl->sl_items == NULL)
		return -1;
	sl->sl_set = 1;
	for (i = 0; i < l->v_nitems; i++) {
		const char *a = xlcfg_atom(l->v_items[i]);

		if (a == NULL)
			return xd_fail(cfg, "xl: list `%s' may hold only strings", key);
		if ((sl->sl_items[sl->sl_n++] = strdup(a)) == NULL)
			return -1;
	}
	return 0;
}

/* Find VAL in NAMES; *out is the index plus BASE.  -1 when absent. */
int
xd_enum(const char *const *names, size_t n, const char *val, int base,
    int *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], val) == 0) {
			*out = (int)i + base;
			return 0;
		}
	return -1;
}

/* ---- c_info ---- */

static int
parse_type(const struct xlcfg *cfg, struct xl_domain *d)
{
	const char *v;

	d->c_info.ci_type = XLD_PV;
	if (xlcfg_get_string(cfg, "type", &v, 0) == 0) {
		if (strncmp(v, "hvm", strlen(v)) == 0 && *v)
			d->c_info.ci_type = XLD_HVM;
		else if (strcmp(v, "pvh") == 0)
			d->c_info.ci_type = XLD_PVH;
		else if (strcmp(v, "pv") == 0)
			d->c_info.ci_type = XLD_PV;
		else
			return xd_fail(cfg, "Invalid domain type %s.", v);
	} else if (xlcfg_get_string(cfg, "builder", &v, 0) == 0) {
		if (strcmp(v, "hvm") == 0)
			d->c_info.ci_type = XLD_HVM;
		else if (strcmp(v, "generic") != 0)
			return xd_fail(cfg, "Invalid builder type %s.", v);
	}
	return 0;
}

static int
parse_cinfo(const struct xlcfg *cfg, struct xl_domain *d,
    const struct xl_globals *g)
{
	struct xl_cinfo *c = &d->c_info;
	const char *v;
	uuid_t u;

	if (parse_type(cfg, d) != 0)
		return -1;
	xd_check_keys(cfg, c->ci_type);
	xd_defbool(cfg, "hap", &c->ci_hap);
	xd_defbool(cfg, "oos", &c->ci_oos);
	if (xd_dup_opt(cfg, "seclabel", &c->ci_ssid_label) != 0 ||
	    xd_dup_opt(cfg, "name", &c->ci_name) != 0)
		return -1;
	if (c->ci_name == NULL)
		return xd_fail(cfg, "%s", "Domain name must be specified.");
	if (xlcfg_get_string(cfg, "uuid", &v, 0) == 0) {
		if (uuid_parse(v, u) != 0)
			return xd_fail(cfg, "Failed to parse UUID: %s", v);
	} else {
		uuid_generate(u);
	}
	uuid_unparse_lower(u, c->ci_uuid);
	if (xd_dup_opt(cfg, "pool", &c->ci_pool_name) != 0)
		return -1;
	c->ci_run_hotplug_scripts = g->run_hotplug_scripts ? 1 : -1;
	xd_defbool(cfg, "driver_domain", &c->ci_driver_domain);
	if (xlcfg_get_string(cfg, "passthrough", &v, 0) == 0) {
		static const char *const pt[] = {
			"default", "disabled", "enabled", "sync_pt", "share_pt"
		};
		if (xd_enum(pt, NELEM(pt), v, 0, &c->ci_passthrough) != 0)
			return xd_fail(cfg, "Invalid passthrough value %s.", v);
	}
	xd_defbool(cfg, "xend_suspend_evtchn_compat",
	    &c->ci_xend_suspend_evtchn_compat);
	return 0;
}

/* ---- b_info ---- */

int
xd_bitmap_first_n(struct xl_bitmap *bm, int size, int n)
{
	int i;

	bm->nbits = size;
	bm->bits = calloc((size_t)(size + 7) / 8 + 1, 1);
	if (bm->bits == NULL)
		return -1;
	for (i = 0; i < n && i < size; i++)
		bm->bits[i / 8] |= (uint8_t)(1 << (i % 8));
	return 0;
}

static int
parse_vcpus(const struct xlcfg *cfg, struct xl_binfo *b)
{
	long vcpus, maxv;
	int have = xlcfg_get_long(cfg, "vcpus", &vcpus, 0) == 0;

	if (!have)
		return 0;
	if (vcpus < 1 || vcpus > 4096)
		return xd_fail_at(cfg, "vcpus", "vcpus must be between 1 and"
		    " 4096, not %ld", vcpus);
	b->max_vcpus = (int)vcpus;
	if (xlcfg_get_long(cfg, "maxvcpus", &maxv, 0) == 0) {
		if (maxv < vcpus)
			return xd_fail(cfg, "%s", "xl: maxvcpus < vcpus");
		b->max_vcpus = (int)maxv;
	}
	return xd_bitmap_first_n(&b->avail_vcpus, b->max_vcpus, (int)vcpus);
}

/* cpus / cpus_soft: one string for every vCPU or a list, one per vCPU. */
static int
parse_affinity(const struct xlcfg *cfg, const char *key, struct xl_binfo *b,
    struct xl_bitmap **out, int *num, const struct xl_globals *g)
{
	const struct xlcfg_value *l = NULL;
	const char *v = NULL;
	int i, n;

	if (xlcfg_get_list(cfg, key, &l, 1) != 0 &&
	    xlcfg_get_string(cfg, key, &v, 1) != 0)
		return 0;
	n = l != NULL ? (int)l->v_nitems : b->max_vcpus;
	if (l != NULL && n == 0)
		return 0;
	if (n <= 0)
		n = 1;
	*out = calloc((size_t)n, sizeof(**out));
	if (*out == NULL)
		return -1;
	*num = n;
	for (i = 0; i < n; i++) {
		const char *spec = l != NULL ? xlcfg_atom(l->v_items[i]) : v;

		if (spec == NULL || xldom_parse_cpulist(&(*out)[i], spec,
		    g->host_cpus, g->host_nodes) != 0)
			return xd_fail(cfg, "Invalid cpu list in `%s'", key);
	}
	if (l != NULL || strcmp(key, "cpus_soft") == 0)
		b->numa_placement = -1;
	return 0;
}

static int
parse_memory(const struct xlcfg *cfg, struct xl_binfo *b)
{
	long mem = 0, maxmem;

	if (xlcfg_get_long(cfg, "memory", &mem, 0) == 0) {
		b->max_memkb = b->target_memkb = (uint64_t)mem * 1024;
	}
	if (xlcfg_get_long(cfg, "maxmem", &maxmem, 0) == 0) {
		if (b->target_memkb && (uint64_t)maxmem * 1024 < b->target_memkb)
			return xd_fail_at(cfg, "maxmem", "maxmem (%ld MB) must not be"
			    " smaller than memory (%ld MB)", maxmem, mem);
		b->max_memkb = (uint64_t)maxmem * 1024;
	}
	return 0;
}

static int
parse_cmdline(const struct xlcfg *cfg, struct xl_binfo *b)
{
	const char *root = NULL, *extra = NULL, *cmd = NULL;

	xlcfg_get_string(cfg, "root", &root, 0);
	xlcfg_get_string(cfg, "extra", &extra, 0);
	xlcfg_get_string(cfg, "cmdline", &cmd, 0);
	if (cmd != NULL) {
		if (root != NULL || extra != NULL)
			fprintf(cfg->c_err, "Warning: ignoring root= and extra= "
			    "in favour of cmdline=\n");
		b->cmdline = strdup(cmd);
	} else if (root != NULL && extra != NULL) {
		size_t n = strlen(root) + strlen(extra) + 7;

		if ((b->cmdline = malloc(n)) != NULL)
			snprintf(b->cmdline, n, "root=%s %s", root, extra);
	} else if (root != NULL) {
		size_t n = strlen(root) + 6;

		if ((b->cmdline = malloc(n)) != NULL)
			snprintf(b->cmdline, n, "root=%s", root);
	} else if (extra != NULL) {
		b->cmdline = strdup(extra);
	} else {
		return 0;
	}
	return b->cmdline == NULL ? -1 : 0;
}

int
xd_enum_opt(const struct xlcfg *cfg, const char *key,
    const char *const *names, size_t n, int base, int *out)
{
	const char *v;

	if (xlcfg_get_string(cfg, key, &v, 0) != 0)
		return 0;
	if (xd_enum(names, n, v, base, out) != 0)
		return xd_fail(cfg, "xl: invalid value for `%s'", key);
	return 0;
}

/* firmware: "bios", "uefi", a BIOS name, or the path of an image. */
static int
parse_hvm_firmware(const struct xlcfg *cfg, struct xl_hvm *h)
{
	static const char *const bios[] = { "rombios", "seabios", "ovmf" };
	const char *v;

	if (xlcfg_get_string(cfg, "firmware", &v, 0) != 0 ||
	    strcmp(v, "bios") == 0)
		return 0;
	if (strcmp(v, "uefi") == 0) {
		h->bios = 3;
		return 0;
	}
	if (xd_enum(bios, NELEM(bios), v, 1, &h->bios) == 0)
		return 0;
	h->firmware = strdup(v);
	return h->firmware == NULL ? -1 : 0;
}

static int
parse_hvm(const struct xlcfg *cfg, struct xl_binfo *b)
{
	static const char *const bios[] = { "rombios", "seabios", "ovmf" };
	static const char *const vga[] = { "cirrus", "stdvga", "none", "qxl" };
	static const char *const hdt[] = { "ide", "ahci" };
	struct xl_hvm *h = &b->hvm;
	const struct xlcfg_value *l;
	long l2;

	if (parse_hvm_firmware(cfg, h) != 0 ||
	    xd_enum_opt(cfg, "bios", bios, NELEM(bios), 1, &h->bios) != 0)
		return -1;
	xd_defbool(cfg, "pae", &h->pae);
	xd_defbool(cfg, "acpi_s3", &h->acpi_s3);
	xd_defbool(cfg, "acpi_s4", &h->acpi_s4);
	xd_defbool(cfg, "acpi_laptop_slate", &h->acpi_laptop_slate);
	xd_defbool(cfg, "nx", &h->nx);
	xd_defbool(cfg, "hpet", &h->hpet);
	xd_defbool(cfg, "vpt_align", &h->vpt_align);
	if (xlcfg_get_long(cfg, "mmio_hole", &l2, 0) == 0)
		h->mmio_hole_memkb = (uint64_t)l2 * 1024;
	if (xd_dup_opt(cfg, "smbios_firmware", &h->smbios_firmware) != 0 ||
	    xd_dup_opt(cfg, "acpi_firmware", &h->acpi_firmware) != 0 ||
	    xd_enum_opt(cfg, "hdtype", hdt, NELEM(hdt), 1, &h->hdtype) != 0)
		return -1;
	xd_defbool(cfg, "nographic", &h->nographic);
	if (xlcfg_get_long(cfg, "stdvga", &l2, 1) == 0 && l2)
		h->vga_kind = 2;
	if (xd_enum_opt(cfg, "vga", vga, NELEM(vga), 1, &h->vga_kind) != 0)
		return -1;
	xd_defbool(cfg, "vnc", &h->vnc.enable);
	if (xd_dup_opt(cfg, "vnclisten", &h->vnc.listen) != 0 ||
	    xd_dup_opt(cfg, "vncpasswd", &h->vnc.passwd) != 0)
		return -1;
	if (xlcfg_get_long(cfg, "vncdisplay", &l2, 0) == 0)
		h->vnc.display = (int)l2;
	xd_defbool(cfg, "vncunused", &h->vnc.findunused);
	if (xd_dup_opt(cfg, "keymap", &h->keymap) != 0)
		return -1;
	xd_defbool(cfg, "sdl", &h->sdl.enable);
	xd_defbool(cfg, "opengl", &h->sdl.opengl);
	if (xd_dup_opt(cfg, "display", &h->sdl.display) != 0 ||
	    xd_dup_opt(cfg, "xauthority", &h->sdl.xauthority) != 0)
		return -1;
	if (xd_parse_hvm_extra(cfg, h) != 0)
		return -1;
	if (xlcfg_get_list(cfg, "serial", &l, 1) == 0) {
		if (xd_strlist(cfg, "serial", &h->serial_list) != 0)
			return -1;
	} else if (xd_dup_opt(cfg, "serial", &h->serial) != 0) {
		return -1;
	}
	if (xd_dup_opt(cfg, "boot", &h->boot) != 0)
		return -1;
	xd_defbool(cfg, "usb", &h->usb);
	if (xlcfg_get_long(cfg, "usbversion", &l2, 0) == 0)
		h->usbversion = (int)l2;
	if (xlcfg_get_list(cfg, "usbdevice", &l, 1) == 0) {
		if (xd_strlist(cfg, "usbdevice", &h->usbdevice_list) != 0)
			return -1;
	} else if (xd_dup_opt(cfg, "usbdevice", &h->usbdevice) != 0) {
		return -1;
	}
	xd_defbool(cfg, "vkb_device", &h->vkb_device);
	if (xd_dup_opt(cfg, "soundhw", &h->soundhw) != 0)
		return -1;
	xd_defbool(cfg, "xen_platform_pci", &h->xen_platform_pci);
	if (xlcfg_get_long(cfg, "rdm_mem_boundary", &l2, 0) == 0)
		h->rdm_mem_boundary_memkb = (uint64_t)l2 * 1024;
	return 0;
}

static int
parse_binfo(const struct xlcfg *cfg, struct xl_domain *d,
    const struct xl_globals *g)
{
	static const char *const tsc[] = {
		"default", "always_emulate", "native", "native_paravirt"
	};
	static const char *const timer[] = {
		"delay_for_missed_ticks", "no_delay_for_missed_ticks",
		"no_missed_ticks_pending", "one_missed_tick_pending"
	};
	static const char *const dmv[] = { "qemu-xen-traditional", "qemu-xen" };
	struct xl_binfo *b = &d->b_info;
	int hvm = d->c_info.ci_type == XLD_HVM;
	const char *v;
	long l;

	b->timer_mode = -1;
	if (parse_vcpus(cfg, b) != 0 ||
	    parse_affinity(cfg, "cpus", b, &b->hard, &b->num_hard, g) != 0 ||
	    parse_affinity(cfg, "cpus_soft", b, &b->soft, &b->num_soft, g) != 0 ||
	    xd_enum_opt(cfg, "tsc_mode", tsc, NELEM(tsc), 0, &b->tsc_mode) != 0 ||
	    parse_memory(cfg, b) != 0 ||
	    xd_parse_binfo_extra(cfg, b, g) != 0)
		return -1;
	if (xlcfg_get_long(cfg, "videoram", &l, 0) == 0)
		b->video_memkb = (uint64_t)l * 1024;
	if (xlcfg_get_long(cfg, "shadow_memory", &l, 0) == 0)
		b->shadow_memkb = (uint64_t)l * 1024;
	if (xlcfg_get_long(cfg, "rtc_timeoffset", &l, 0) == 0)
		b->rtc_timeoffset = (uint32_t)l;
	if (xd_dup_opt(cfg, "init_seclabel", &b->exec_ssid_label) != 0)
		return -1;
	xd_defbool(cfg, "localtime", &b->localtime);
	xd_defbool(cfg, "nomigrate", &b->disable_migrate);
	if (g->blkdev_start != NULL &&
	    (b->blkdev_start = strdup(g->blkdev_start)) == NULL)
		return -1;
	if (xlcfg_get_long(cfg, "max_grant_frames", &l, 0) == 0)
		b->max_grant_frames = (uint32_t)l;
	if (xlcfg_get_long(cfg, "max_maptrack_frames", &l, 0) == 0)
		b->max_maptrack_frames = (uint32_t)l;
	if (xlcfg_get_long(cfg, "max_grant_version", &l, 0) == 0)
		b->max_grant_version = (int)l;
	if (xd_enum_opt(cfg, "device_model_version", dmv, NELEM(dmv), 1,
	    &b->device_model_version) != 0)
		return -1;
	xd_defbool(cfg, "device_model_stubdomain_override",
	    &b->device_model_stubdomain);
	if (xlcfg_get_long(cfg, "stubdomain_memory", &l, 0) == 0)
		b->stubdomain_memkb = (uint64_t)l * 1024;
	if (xd_dup_opt(cfg, "stubdomain_kernel", &b->stubdomain_kernel) != 0 ||
	    xd_dup_opt(cfg, "stubdomain_cmdline", &b->stubdomain_cmdline) != 0 ||
	    xd_dup_opt(cfg, "stubdomain_ramdisk", &b->stubdomain_ramdisk) != 0 ||
	    xd_dup_opt(cfg, "device_model_override", &b->device_model) != 0 ||
	    xd_dup_opt(cfg, "device_model_stubdomain_seclabel",
	    &b->device_model_ssid_label) != 0 ||
	    xd_dup_opt(cfg, "device_model_user", &b->device_model_user) != 0 ||
	    xd_strlist(cfg, "device_model_args", &b->extra) != 0 ||
	    xd_strlist(cfg, "device_model_args_pv", &b->extra_pv) != 0 ||
	    xd_strlist(cfg, "device_model_args_hvm", &b->extra_hvm) != 0)
		return -1;
	if (xlcfg_get_long(cfg, "cpu_weight", &l, 0) == 0)
		b->sched_weight = (int)l;
	if (xlcfg_get_long(cfg, "cap", &l, 0) == 0)
		b->sched_cap = (int)l;
	b->claim_mode = g->claim_mode ? 1 : -1;
	if (xlcfg_get_long(cfg, "max_event_channels", &l, 0) == 0)
		b->event_channels = (uint32_t)l;
	if (xd_dup_opt(cfg, "kernel", &b->kernel) != 0 ||
	    parse_cmdline(cfg, b) != 0 ||
	    xd_dup_opt(cfg, "ramdisk", &b->ramdisk) != 0 ||
	    xd_dup_opt(cfg, "device_tree", &b->device_tree) != 0)
		return -1;
	xd_defbool(cfg, "acpi", &b->acpi);
	if (xd_dup_opt(cfg, "bootloader", &b->bootloader) != 0 ||
	    xd_strlist(cfg, "bootloader_args", &b->bootloader_args) != 0)
		return -1;
	if (xlcfg_get_string(cfg, "bootloader_args", &v, 1) == 0) {
		/* A single string is split at blanks, as xl does. */
		fprintf(cfg->c_err, "WARNING: Specifying \"bootloader_args\" as"
		    " a string is deprecated. Please use a list of arguments.\n");
	}
	if (xd_enum_opt(cfg, "timer_mode", timer, NELEM(timer), 0,
	    &b->timer_mode) != 0)
		return -1;
	xd_defbool(cfg, "nestedhvm", &b->nested_hvm);
	xd_defbool(cfg, "apic", &b->apic);
	xd_defbool(cfg, "dm_restrict", &b->dm_restrict);
	if (hvm && parse_hvm(cfg, b) != 0)
		return -1;
	if (d->c_info.ci_type == XLD_PVH) {
		xd_defbool(cfg, "pvshim", &b->pvh_pvshim);
		if (xd_dup_opt(cfg, "pvshim_path", &b->pvh_pvshim_path) != 0 ||
		    xd_dup_opt(cfg, "pvshim_cmdline", &b->pvh_pvshim_cmdline) != 0 ||
		    xd_dup_opt(cfg, "pvshim_extra", &b->pvh_pvshim_extra) != 0)
			return -1;
	}
	if (d->c_info.ci_type == XLD_PV) {
		xd_defbool(cfg, "e820_host", &b->pv_e820_host);
		if (b->kernel == NULL && b->bootloader == NULL)
			return xd_fail(cfg, "%s",
			    "Neither kernel nor bootloader specified");
	}
	xd_defbool(cfg, "msr_relaxed", &b->msr_relaxed);
	if (xlcfg_get_long(cfg, "vmtrace_buf_kb", &l, 0) == 0)
		b->vmtrace_buf_kb = (int)l;
	xd_defbool(cfg, "vpmu", &b->vpmu);
	return 0;
}


static int
parse_actions(const struct xlcfg *cfg, struct xl_domain *d)
{
	static const char *const acts[] = {
		"destroy", "restart", "rename-restart", "preserve",
		"coredump-destroy", "coredump-restart", "soft-reset"
	};
	static const struct { const char *key; size_t off; int def; } tab[] = {
		{ "on_poweroff", offsetof(struct xl_domain, on_poweroff), XLA_DESTROY },
		{ "on_reboot", offsetof(struct xl_domain, on_reboot), XLA_RESTART },
		{ "on_watchdog", offsetof(struct xl_domain, on_watchdog), XLA_DESTROY },
		{ "on_crash", offsetof(struct xl_domain, on_crash), XLA_DESTROY },
		{ "on_soft_reset", offsetof(struct xl_domain, on_soft_reset),
		    XLA_SOFT_RESET },
	};
	size_t i;

	for (i = 0; i < NELEM(tab); i++) {
		int *dst = (int *)((char *)d + tab[i].off);
		const char *v;

		*dst = tab[i].def;
		if (xlcfg_get_string(cfg, tab[i].key, &v, 0) != 0)
			continue;
		if (xd_enum(acts, NELEM(acts), v, 1, dst) != 0) {
			fprintf(cfg->c_err, "Unknown %s action \"%s\" specified\n",
			    tab[i].key, v);
			return -1;
		}
	}
	return 0;
}

int
xldom_from_cfg(struct xl_domain *d, const struct xlcfg *cfg,
    const struct xl_globals *g)
{
	memset(d, 0, sizeof(*d));
	if (parse_cinfo(cfg, d, g) != 0 || parse_binfo(cfg, d, g) != 0 ||
	    xd_parse_devices(cfg, d, g) != 0 || parse_actions(cfg, d) != 0)
		return -1;
	return 0;
}
