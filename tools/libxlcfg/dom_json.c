/*
 * dom_json.c - print the domain configuration model as JSON with libyajl:
 * 4-space indentation, keys in the model's order, defaults left out.
 */
#include "config.h"

#include <string.h>
#include <yajl/yajl_gen.h>

#include "xldom.h"

typedef yajl_gen G;

static void
key(G g, const char *k)
{
	yajl_gen_string(g, (const unsigned char *)k, strlen(k));
}

static void
str(G g, const char *k, const char *v)
{
	if (v == NULL)
		return;
	key(g, k);
	yajl_gen_string(g, (const unsigned char *)v, strlen(v));
}

static void
num(G g, const char *k, long long v, long long def)
{
	if (v == def)
		return;
	key(g, k);
	yajl_gen_integer(g, v);
}

static void
defbool(G g, const char *k, xl_defbool v)
{
	if (v != 0)
		str(g, k, v > 0 ? "True" : "False");
}

static void
jbool(G g, const char *k, int v)
{
	if (!v)
		return;
	key(g, k);
	yajl_gen_bool(g, 1);
}

/* An enum printed by name unless it has its default value. */
static void
enm(G g, const char *k, int v, int def, const char *const *names, int base)
{
	if (v != def)
		str(g, k, names[v - base]);
}

static void
open_map(G g, const char *k)
{
	if (k != NULL)
		key(g, k);
	yajl_gen_map_open(g);
}

static void
bitmap_body(G g, const struct xl_bitmap *bm)
{
	int i;

	yajl_gen_array_open(g);
	for (i = 0; i < bm->nbits; i++)
		if (bm->bits[i / 8] & (1 << (i % 8)))
			yajl_gen_integer(g, i);
	yajl_gen_array_close(g);
}

static void
bitmap(G g, const char *k, const struct xl_bitmap *bm)
{
	if (bm->nbits == 0)
		return;
	key(g, k);
	bitmap_body(g, bm);
}

static void
bitmaps(G g, const char *k, const struct xl_bitmap *bm, int n)
{
	int i;

	if (n == 0)
		return;
	key(g, k);
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++)
		bitmap_body(g, &bm[i]);
	yajl_gen_array_close(g);
}

static void
strlist(G g, const char *k, const struct xl_strlist *sl)
{
	int i;

	if (!sl->sl_set)
		return;
	key(g, k);
	yajl_gen_array_open(g);
	for (i = 0; i < sl->sl_n; i++)
		yajl_gen_string(g, (const unsigned char *)sl->sl_items[i],
		    strlen(sl->sl_items[i]));
	yajl_gen_array_close(g);
}

static const char *const domtypes[] = { "hvm", "pv", "pvh" };

static void
gen_cinfo(G g, const struct xl_cinfo *c)
{
	static const char *const pt[] = {
		"default", "disabled", "enabled", "sync_pt", "share_pt"
	};

	open_map(g, "c_info");
	enm(g, "type", c->ci_type, 0, domtypes, 1);
	defbool(g, "hap", c->ci_hap);
	defbool(g, "oos", c->ci_oos);
	str(g, "ssid_label", c->ci_ssid_label);
	str(g, "name", c->ci_name);
	str(g, "uuid", c->ci_uuid);
	str(g, "pool_name", c->ci_pool_name);
	defbool(g, "run_hotplug_scripts", c->ci_run_hotplug_scripts);
	defbool(g, "driver_domain", c->ci_driver_domain);
	enm(g, "passthrough", c->ci_passthrough, 0, pt, 0);
	defbool(g, "xend_suspend_evtchn_compat", c->ci_xend_suspend_evtchn_compat);
	yajl_gen_map_close(g);
}

static void
gen_vnc(G g, const struct xl_vnc *v)
{
	open_map(g, "vnc");
	defbool(g, "enable", v->enable);
	str(g, "listen", v->listen);
	str(g, "passwd", v->passwd);
	num(g, "display", v->display, 0);
	defbool(g, "findunused", v->findunused);
	yajl_gen_map_close(g);
}

static void
gen_sdl(G g, const struct xl_sdl *s)
{
	open_map(g, "sdl");
	defbool(g, "enable", s->enable);
	defbool(g, "opengl", s->opengl);
	str(g, "display", s->display);
	str(g, "xauthority", s->xauthority);
	yajl_gen_map_close(g);
}

static void
gen_spice(G g, const struct xl_spice *s)
{
	open_map(g, "spice");
	defbool(g, "enable", s->enable);
	num(g, "port", s->port, 0);
	num(g, "tls_port", s->tls_port, 0);
	str(g, "host", s->host);
	defbool(g, "disable_ticketing", s->disable_ticketing);
	str(g, "passwd", s->passwd);
	defbool(g, "agent_mouse", s->agent_mouse);
	defbool(g, "vdagent", s->vdagent);
	defbool(g, "clipboard_sharing", s->clipboard_sharing);
	num(g, "usbredirection", s->usbredirection, 0);
	str(g, "image_compression", s->image_compression);
	str(g, "streaming_video", s->streaming_video);
	yajl_gen_map_close(g);
}

/* "cpuid": {"cpuid": [leaves], "msr": []} when the option is set. */
static void
gen_cpuid(G g, const struct xl_binfo *b)
{
	static const char *const regs[] = { "eax", "ebx", "ecx", "edx" };
	int i, r;

	if (!b->have_cpuid)
		return;
	open_map(g, "cpuid");
	key(g, "cpuid");
	yajl_gen_array_open(g);
	for (i = 0; i < b->num_cpuid; i++) {
		const struct xl_cpuid_leaf *l = &b->cpuid[i];

		yajl_gen_map_open(g);
		num(g, "leaf", l->leaf, -1);
		num(g, "subleaf", l->subleaf, XL_CPUID_NOSUB);
		for (r = 0; r < 4; r++)
			if (l->regs[r][0] != '\0')
				str(g, regs[r], l->regs[r]);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	key(g, "msr");
	yajl_gen_array_open(g);
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
}

static void
gen_vnuma(G g, const struct xl_binfo *b)
{
	int i, j;

	if (b->num_vnuma == 0)
		return;
	key(g, "vnuma_nodes");
	yajl_gen_array_open(g);
	for (i = 0; i < b->num_vnuma; i++) {
		const struct xl_vnode *n = &b->vnuma[i];

		yajl_gen_map_open(g);
		num(g, "memkb", (long long)n->memkb, 0);
		if (n->num_distances > 0) {
			key(g, "distances");
			yajl_gen_array_open(g);
			for (j = 0; j < n->num_distances; j++)
				yajl_gen_integer(g, n->distances[j]);
			yajl_gen_array_close(g);
		}
		num(g, "pnode", n->pnode, 0);
		bitmap(g, "vcpus", &n->vcpus);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
}

/* ioports, irqs and iomem, in b_info's order. */
static void
gen_ranges(G g, const struct xl_binfo *b)
{
	int i;

	if (b->num_ioports > 0) {
		key(g, "ioports");
		yajl_gen_array_open(g);
		for (i = 0; i < b->num_ioports; i++) {
			yajl_gen_map_open(g);
			num(g, "first", b->ioports[i].first, 0);
			num(g, "number", b->ioports[i].number, 0);
			yajl_gen_map_close(g);
		}
		yajl_gen_array_close(g);
	}
	if (b->num_irqs > 0) {
		key(g, "irqs");
		yajl_gen_array_open(g);
		for (i = 0; i < b->num_irqs; i++)
			yajl_gen_integer(g, b->irqs[i]);
		yajl_gen_array_close(g);
	}
	if (b->num_iomem > 0) {
		key(g, "iomem");
		yajl_gen_array_open(g);
		for (i = 0; i < b->num_iomem; i++) {
			const struct xl_iomem *m = &b->iomem[i];

			yajl_gen_map_open(g);
			num(g, "start", (long long)m->start, 0);
			num(g, "number", (long long)m->number, 0);
			if (m->has_gfn) {
				key(g, "gfn");
				yajl_gen_integer(g, (long long)m->gfn);
			}
			yajl_gen_map_close(g);
		}
		yajl_gen_array_close(g);
	}
}

static void
gen_hvm(G g, const struct xl_hvm *h)
{
	static const char *const bios[] = { "rombios", "seabios", "ovmf" };
	static const char *const hdt[] = { "ide", "ahci" };
	static const char *const vga[] = { "cirrus", "std", "none", "qxl" };

	open_map(g, "type.hvm");
	str(g, "firmware", h->firmware);
	enm(g, "bios", h->bios, 0, bios, 1);
	defbool(g, "pae", h->pae);
	defbool(g, "acpi_s3", h->acpi_s3);
	defbool(g, "acpi_s4", h->acpi_s4);
	defbool(g, "acpi_laptop_slate", h->acpi_laptop_slate);
	defbool(g, "nx", h->nx);
	defbool(g, "viridian", h->viridian);
	bitmap(g, "viridian_enable", &h->viridian_enable);
	bitmap(g, "viridian_disable", &h->viridian_disable);
	defbool(g, "hpet", h->hpet);
	defbool(g, "vpt_align", h->vpt_align);
	num(g, "mmio_hole_memkb", (long long)h->mmio_hole_memkb, 0);
	defbool(g, "altp2m", h->altp2m);
	str(g, "smbios_firmware", h->smbios_firmware);
	str(g, "acpi_firmware", h->acpi_firmware);
	enm(g, "hdtype", h->hdtype, 0, hdt, 1);
	defbool(g, "nographic", h->nographic);
	open_map(g, "vga");
	enm(g, "kind", h->vga_kind, 0, vga, 1);
	yajl_gen_map_close(g);
	gen_vnc(g, &h->vnc);
	str(g, "keymap", h->keymap);
	gen_sdl(g, &h->sdl);
	gen_spice(g, &h->spice);
	str(g, "serial", h->serial);
	str(g, "boot", h->boot);
	defbool(g, "usb", h->usb);
	num(g, "usbversion", h->usbversion, 0);
	str(g, "usbdevice", h->usbdevice);
	defbool(g, "vkb_device", h->vkb_device);
	str(g, "soundhw", h->soundhw);
	defbool(g, "xen_platform_pci", h->xen_platform_pci);
	strlist(g, "usbdevice_list", &h->usbdevice_list);
	strlist(g, "serial_list", &h->serial_list);
	open_map(g, "rdm");
	yajl_gen_map_close(g);
	num(g, "rdm_mem_boundary_memkb", (long long)h->rdm_mem_boundary_memkb, 0);
	yajl_gen_map_close(g);
}

static void
gen_binfo(G g, const struct xl_domain *d)
{
	static const char *const tsc[] = {
		"default", "always_emulate", "native", "native_paravirt"
	};
	static const char *const timer[] = {
		"delay_for_missed_ticks", "no_delay_for_missed_ticks",
		"no_missed_ticks_pending", "one_missed_tick_pending"
	};
	static const char *const dmv[] = { "qemu_xen_traditional", "qemu_xen" };
	static const char *const altp2m[] = {
		"disabled", "mixed", "external", "limited"
	};
	const struct xl_binfo *b = &d->b_info;

	open_map(g, "b_info");
	num(g, "max_vcpus", b->max_vcpus, 0);
	bitmap(g, "avail_vcpus", &b->avail_vcpus);
	bitmaps(g, "vcpu_hard_affinity", b->hard, b->num_hard);
	bitmaps(g, "vcpu_soft_affinity", b->soft, b->num_soft);
	defbool(g, "numa_placement", b->numa_placement);
	enm(g, "tsc_mode", b->tsc_mode, 0, tsc, 0);
	num(g, "max_memkb", (long long)b->max_memkb, 0);
	num(g, "target_memkb", (long long)b->target_memkb, 0);
	num(g, "video_memkb", (long long)b->video_memkb, 0);
	num(g, "shadow_memkb", (long long)b->shadow_memkb, 0);
	num(g, "rtc_timeoffset", b->rtc_timeoffset, 0);
	str(g, "exec_ssid_label", b->exec_ssid_label);
	defbool(g, "localtime", b->localtime);
	defbool(g, "disable_migrate", b->disable_migrate);
	gen_cpuid(g, b);
	str(g, "blkdev_start", b->blkdev_start);
	gen_vnuma(g, b);
	num(g, "max_grant_frames", b->max_grant_frames, 0);
	num(g, "max_maptrack_frames", b->max_maptrack_frames, 0);
	num(g, "max_grant_version", b->max_grant_version, 0);
	enm(g, "device_model_version", b->device_model_version, 0, dmv, 1);
	defbool(g, "device_model_stubdomain", b->device_model_stubdomain);
	num(g, "stubdomain_memkb", (long long)b->stubdomain_memkb, 0);
	str(g, "stubdomain_kernel", b->stubdomain_kernel);
	str(g, "stubdomain_cmdline", b->stubdomain_cmdline);
	str(g, "stubdomain_ramdisk", b->stubdomain_ramdisk);
	str(g, "device_model", b->device_model);
	str(g, "device_model_ssid_label", b->device_model_ssid_label);
	str(g, "device_model_user", b->device_model_user);
	strlist(g, "extra", &b->extra);
	strlist(g, "extra_pv", &b->extra_pv);
	strlist(g, "extra_hvm", &b->extra_hvm);
	open_map(g, "sched_params");
	num(g, "weight", b->sched_weight, 0);
	num(g, "cap", b->sched_cap, 0);
	yajl_gen_map_close(g);
	gen_ranges(g, b);
	defbool(g, "claim_mode", b->claim_mode);
	num(g, "event_channels", b->event_channels, 0);
	str(g, "kernel", b->kernel);
	str(g, "cmdline", b->cmdline);
	str(g, "ramdisk", b->ramdisk);
	str(g, "device_tree", b->device_tree);
	defbool(g, "acpi", b->acpi);
	str(g, "bootloader", b->bootloader);
	strlist(g, "bootloader_args", &b->bootloader_args);
	enm(g, "timer_mode", b->timer_mode, -1, timer, 0);
	defbool(g, "nested_hvm", b->nested_hvm);
	defbool(g, "apic", b->apic);
	defbool(g, "dm_restrict", b->dm_restrict);
	switch (d->c_info.ci_type) {
	case XLD_HVM:
		gen_hvm(g, &b->hvm);
		break;
	case XLD_PV:
		open_map(g, "type.pv");
		defbool(g, "e820_host", b->pv_e820_host);
		yajl_gen_map_close(g);
		break;
	default:
		open_map(g, "type.pvh");
		defbool(g, "pvshim", b->pvh_pvshim);
		str(g, "pvshim_path", b->pvh_pvshim_path);
		str(g, "pvshim_cmdline", b->pvh_pvshim_cmdline);
		str(g, "pvshim_extra", b->pvh_pvshim_extra);
		yajl_gen_map_close(g);
		break;
	}
	open_map(g, "arch_arm");
	yajl_gen_map_close(g);
	open_map(g, "arch_x86");
	defbool(g, "msr_relaxed", b->msr_relaxed);
	yajl_gen_map_close(g);
	enm(g, "altp2m", b->altp2m, 0, altp2m, 0);
	num(g, "vmtrace_buf_kb", b->vmtrace_buf_kb, 0);
	defbool(g, "vpmu", b->vpmu);
	yajl_gen_map_close(g);
}

static void
gen_disk(G g, const struct xl_disk *k)
{
	static const char *const fmt[] = {
		"unknown", "qcow", "qcow2", "vhd", "raw", "empty", "qed"
	};
	static const char *const be[] = {
		"unknown", "phy", "tap", "qdisk", "standalone"
	};
	static const char *const spec[] = { "unknown", "xen", "virtio" };

	yajl_gen_map_open(g);
	str(g, "backend_domname", k->backend_domname);
	str(g, "pdev_path", k->pdev_path);
	str(g, "vdev", k->vdev);
	enm(g, "backend", k->backend, 0, be, 0);
	enm(g, "format", k->format, 0, fmt, 0);
	str(g, "script", k->script);
	num(g, "removable", k->removable, 0);
	num(g, "readwrite", k->readwrite, 0);
	num(g, "is_cdrom", k->is_cdrom, 0);
	jbool(g, "direct_io_safe", k->direct_io_safe);
	defbool(g, "discard_enable", k->discard_enable);
	enm(g, "specification", k->specification, 0, spec, 0);
	defbool(g, "colo_enable", k->colo_enable);
	str(g, "colo_host", k->colo_host);
	num(g, "colo_port", k->colo_port, 0);
	str(g, "colo_export", k->colo_export);
	str(g, "active_disk", k->active_disk);
	str(g, "hidden_disk", k->hidden_disk);
	defbool(g, "trusted", k->trusted);
	yajl_gen_map_close(g);
}

static void
gen_nic(G g, const struct xl_nic *n)
{
	static const char *const types[] = { "unknown", "vif_ioemu", "vif" };
	char mac[18];
	int i;

	yajl_gen_map_open(g);
	str(g, "backend_domname", n->backend_domname);
	num(g, "devid", n->devid, -1);
	num(g, "mtu", n->mtu, 0);
	str(g, "model", n->model);
	if (n->mac[0] || n->mac[1] || n->mac[2] || n->mac[3] || n->mac[4] ||
	    n->mac[5]) {	/* an all-zero address is the default */
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		    n->mac[0], n->mac[1], n->mac[2], n->mac[3], n->mac[4],
		    n->mac[5]);
		str(g, "mac", mac);
	}
	str(g, "ip", n->ip);
	str(g, "bridge", n->bridge);
	str(g, "ifname", n->ifname);
	str(g, "script", n->script);
	enm(g, "nictype", n->nictype, 0, types, 0);
	num(g, "rate_bytes_per_interval", (long long)n->rate_bytes_per_interval, 0);
	num(g, "rate_interval_usecs", n->rate_interval_usecs, 0);
	str(g, "gatewaydev", n->gatewaydev);
	str(g, "coloft_forwarddev", n->coloft_forwarddev);
	for (i = 0; i < XL_NIC_NCOLO; i++)
		str(g, xldom_nic_colo_keys[i], n->colo[i]);
	defbool(g, "trusted", n->trusted);
	yajl_gen_map_close(g);
}

static void
gen_pci(G g, const struct xl_pci *p)
{
	static const char *const pol[] = { "strict", "relaxed" };

	yajl_gen_map_open(g);
	num(g, "func", p->func, 0);
	num(g, "dev", p->dev, 0);
	num(g, "bus", p->bus, 0);
	num(g, "domain", p->domain, 0);
	num(g, "vdevfn", p->vdevfn, 0);
	num(g, "vfunc_mask", p->vfunc_mask, 0);
	jbool(g, "msitranslate", p->msitranslate);
	jbool(g, "power_mgmt", p->power_mgmt);
	jbool(g, "permissive", p->permissive);
	jbool(g, "seize", p->seize);
	enm(g, "rdm_policy", p->rdm_policy, -1, pol, 0);
	str(g, "name", p->name);
	yajl_gen_map_close(g);
}

static void
gen_vfb(G g, const struct xl_vfb *f)
{
	yajl_gen_map_open(g);
	str(g, "backend_domname", f->backend_domname);
	num(g, "devid", f->devid, -1);
	gen_vnc(g, &f->vnc);
	gen_sdl(g, &f->sdl);
	str(g, "keymap", f->keymap);
	yajl_gen_map_close(g);
}

static void
gen_vkb(G g, const struct xl_vkb *k)
{
	static const char *const bt[] = { "unknown", "qemu", "linux" };

	yajl_gen_map_open(g);
	str(g, "backend_domname", k->backend_domname);
	num(g, "devid", k->devid, -1);
	enm(g, "backend_type", k->backend_type, 0, bt, 0);
	str(g, "unique_id", k->unique_id);
	jbool(g, "feature_disable_keyboard", k->feature_disable_keyboard);
	jbool(g, "feature_disable_pointer", k->feature_disable_pointer);
	jbool(g, "feature_abs_pointer", k->feature_abs_pointer);
	jbool(g, "feature_raw_pointer", k->feature_raw_pointer);
	jbool(g, "feature_multi_touch", k->feature_multi_touch);
	num(g, "width", k->width, 0);
	num(g, "height", k->height, 0);
	num(g, "multi_touch_width", k->mt_width, 0);
	num(g, "multi_touch_height", k->mt_height, 0);
	num(g, "multi_touch_num_contacts", k->mt_num_contacts, 0);
	yajl_gen_map_close(g);
}

static void
gen_vtpm(G g, const struct xl_vtpm *t)
{
	yajl_gen_map_open(g);
	str(g, "backend_domname", t->backend_domname);
	num(g, "devid", t->devid, -1);
	if (t->uuid[0])
		str(g, "uuid", t->uuid);
	yajl_gen_map_close(g);
}

static void
gen_p9(G g, const struct xl_p9 *p)
{
	yajl_gen_map_open(g);
	str(g, "backend_domname", p->backend_domname);
	str(g, "tag", p->tag);
	str(g, "path", p->path);
	str(g, "security_model", p->security_model);
	yajl_gen_map_close(g);
}

static void
gen_channel(G g, const struct xl_channel *c)
{
	static const char *const conn[] = { "unknown", "pty", "socket" };

	yajl_gen_map_open(g);
	str(g, "backend_domname", c->backend_domname);
	num(g, "devid", c->devid, -1);
	str(g, "name", c->name);
	if (c->connection == 2) {
		open_map(g, "connection.socket");
		str(g, "path", c->path);
		yajl_gen_map_close(g);
	} else if (c->connection != 0) {
		open_map(g, "connection.pty");
		yajl_gen_map_close(g);
	}
	(void)conn;
	yajl_gen_map_close(g);
}

static void
gen_usbctrl(G g, const struct xl_usbctrl *u)
{
	static const char *const types[] = { "auto", "pv", "devicemodel", "qusb" };

	yajl_gen_map_open(g);
	enm(g, "type", u->type, 0, types, 0);
	num(g, "devid", u->devid, -1);
	num(g, "version", u->version, 0);
	num(g, "ports", u->ports, 0);
	str(g, "backend_domname", u->backend_domname);
	yajl_gen_map_close(g);
}

static void
gen_usbdev(G g, const struct xl_usbdev *u)
{
	yajl_gen_map_open(g);
	num(g, "ctrl", u->ctrl, -1);
	num(g, "port", u->port, 0);
	if (u->type == 1) {
		open_map(g, "type.hostdev");
		num(g, "hostbus", u->hostbus, 0);
		num(g, "hostaddr", u->hostaddr, 0);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
}

static void
gen_dtdev(G g, const struct xl_dtdev *t)
{
	yajl_gen_map_open(g);
	str(g, "path", t->path);
	yajl_gen_map_close(g);
}

static void
gen_pvcalls(G g, const struct xl_pvcalls *p)
{
	yajl_gen_map_open(g);
	str(g, "backend_domname", p->backend_domname);
	num(g, "devid", p->devid, -1);
	yajl_gen_map_close(g);
}

static void
gen_vdispl(G g, const struct xl_vdispl *v)
{
	int i;

	yajl_gen_map_open(g);
	str(g, "backend_domname", v->backend_domname);
	num(g, "devid", v->devid, -1);
	jbool(g, "be_alloc", v->be_alloc);
	if (v->num_connectors > 0) {
		key(g, "connectors");
		yajl_gen_array_open(g);
		for (i = 0; i < v->num_connectors; i++) {
			yajl_gen_map_open(g);
			str(g, "unique_id", v->connectors[i].unique_id);
			num(g, "width", v->connectors[i].width, 0);
			num(g, "height", v->connectors[i].height, 0);
			yajl_gen_map_close(g);
		}
		yajl_gen_array_close(g);
	}
	yajl_gen_map_close(g);
}

static void
gen_vsnd_params(G g, const struct xl_vsnd_params *p)
{
	int i;

	open_map(g, "params");
	if (p->num_rates > 0) {
		key(g, "sample_rates");
		yajl_gen_array_open(g);
		for (i = 0; i < p->num_rates; i++)
			yajl_gen_integer(g, p->rates[i]);
		yajl_gen_array_close(g);
	}
	if (p->num_formats > 0) {
		key(g, "sample_formats");
		yajl_gen_array_open(g);
		for (i = 0; i < p->num_formats; i++) {
			const char *f = xldom_vsnd_formats[p->formats[i] - 1];

			yajl_gen_string(g, (const unsigned char *)f, strlen(f));
		}
		yajl_gen_array_close(g);
	}
	num(g, "channels_min", p->channels_min, 0);
	num(g, "channels_max", p->channels_max, 0);
	num(g, "buffer_size", p->buffer_size, 0);
	yajl_gen_map_close(g);
}

static void
gen_vsnd_pcm(G g, const struct xl_vsnd_pcm *p)
{
	static const char *const types[] = { "p", "c" };
	int i;

	yajl_gen_map_open(g);
	str(g, "name", p->name);
	gen_vsnd_params(g, &p->params);
	if (p->num_streams > 0) {
		key(g, "streams");
		yajl_gen_array_open(g);
		for (i = 0; i < p->num_streams; i++) {
			yajl_gen_map_open(g);
			str(g, "unique_id", p->streams[i].unique_id);
			enm(g, "type", p->streams[i].type, 0, types, 1);
			gen_vsnd_params(g, &p->streams[i].params);
			yajl_gen_map_close(g);
		}
		yajl_gen_array_close(g);
	}
	yajl_gen_map_close(g);
}

static void
gen_vsnd(G g, const struct xl_vsnd *v)
{
	int i;

	yajl_gen_map_open(g);
	str(g, "backend_domname", v->backend_domname);
	num(g, "devid", v->devid, -1);
	str(g, "short_name", v->short_name);
	str(g, "long_name", v->long_name);
	gen_vsnd_params(g, &v->params);
	if (v->num_pcms > 0) {
		key(g, "pcms");
		yajl_gen_array_open(g);
		for (i = 0; i < v->num_pcms; i++)
			gen_vsnd_pcm(g, &v->pcms[i]);
		yajl_gen_array_close(g);
	}
	yajl_gen_map_close(g);
}

#define GEN_ARRAY(g, name, arr, fn) do {				\
	int i_;								\
	if ((arr).n_ > 0) {						\
		key(g, name);						\
		yajl_gen_array_open(g);					\
		for (i_ = 0; i_ < (arr).n_; i_++)			\
			fn(g, &(arr).v[i_]);				\
		yajl_gen_array_close(g);				\
	}								\
} while (0)

int
xldom_print_json(const struct xl_domain *d, FILE *out)
{
	static const char *const acts[] = {
		"destroy", "restart", "restart_rename", "preserve",
		"coredump_destroy", "coredump_restart", "soft_reset"
	};
	const unsigned char *buf;
	size_t len;
	G g = yajl_gen_alloc(NULL);

	if (g == NULL)
		return -1;
	yajl_gen_config(g, yajl_gen_beautify, 1);
	yajl_gen_config(g, yajl_gen_indent_string, "    ");
	yajl_gen_map_open(g);
	gen_cinfo(g, &d->c_info);
	gen_binfo(g, d);
	GEN_ARRAY(g, "disks", d->disks, gen_disk);
	GEN_ARRAY(g, "nics", d->nics, gen_nic);
	GEN_ARRAY(g, "pcidevs", d->pcidevs, gen_pci);
	GEN_ARRAY(g, "dtdevs", d->dtdevs, gen_dtdev);
	GEN_ARRAY(g, "vfbs", d->vfbs, gen_vfb);
	GEN_ARRAY(g, "vkbs", d->vkbs, gen_vkb);
	GEN_ARRAY(g, "vtpms", d->vtpms, gen_vtpm);
	GEN_ARRAY(g, "p9s", d->p9s, gen_p9);
	GEN_ARRAY(g, "pvcallsifs", d->pvcalls, gen_pvcalls);
	GEN_ARRAY(g, "vdispls", d->vdispls, gen_vdispl);
	GEN_ARRAY(g, "vsnds", d->vsnds, gen_vsnd);
	GEN_ARRAY(g, "channels", d->channels, gen_channel);
	GEN_ARRAY(g, "usbctrls", d->usbctrls, gen_usbctrl);
	GEN_ARRAY(g, "usbdevs", d->usbdevs, gen_usbdev);
	enm(g, "on_poweroff", d->on_poweroff, XLA_DESTROY, acts, 1);
	enm(g, "on_reboot", d->on_reboot, XLA_DESTROY, acts, 1);
	enm(g, "on_watchdog", d->on_watchdog, XLA_DESTROY, acts, 1);
	enm(g, "on_crash", d->on_crash, XLA_DESTROY, acts, 1);
	enm(g, "on_soft_reset", d->on_soft_reset, XLA_DESTROY, acts, 1);
	yajl_gen_map_close(g);
	if (yajl_gen_get_buf(g, &buf, &len) != yajl_gen_status_ok) {
		yajl_gen_free(g);
		return -1;
	}
	fwrite(buf, 1, len, out);
	yajl_gen_free(g);
	return ferror(out) ? -1 : 0;
}
