/*
 * dom_free.c - release everything the domain configuration model owns.
 *
 * xldom_from_cfg() zeroes the model before it fills it, and every array
 * counts only the entries it holds, so xldom_free() is safe on a model
 * whose construction failed half way.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xldom.h"

static void
strlist_free(struct xl_strlist *sl)
{
	int i;

	for (i = 0; i < sl->sl_n; i++)
		free(sl->sl_items[i]);
	free(sl->sl_items);
}

static void
bitmaps_free(struct xl_bitmap *bm, int n)
{
	int i;

	for (i = 0; bm != NULL && i < n; i++)
		free(bm[i].bits);
	free(bm);
}

static void
vnc_free(struct xl_vnc *v)
{
	free(v->listen);
	free(v->passwd);
}

static void
sdl_free(struct xl_sdl *s)
{
	free(s->display);
	free(s->xauthority);
}

static void
hvm_free(struct xl_hvm *h)
{
	free(h->firmware);
	free(h->timeoffset);
	free(h->system_firmware);
	free(h->smbios_firmware);
	free(h->acpi_firmware);
	vnc_free(&h->vnc);
	free(h->keymap);
	sdl_free(&h->sdl);
	free(h->spice.host);
	free(h->spice.passwd);
	free(h->spice.image_compression);
	free(h->spice.streaming_video);
	free(h->serial);
	free(h->boot);
	free(h->usbdevice);
	free(h->soundhw);
	strlist_free(&h->usbdevice_list);
	strlist_free(&h->serial_list);
	free(h->viridian_enable.bits);
	free(h->viridian_disable.bits);
}

static void
binfo_free(struct xl_binfo *b)
{
	int i;

	free(b->avail_vcpus.bits);
	bitmaps_free(b->hard, b->num_hard);
	bitmaps_free(b->soft, b->num_soft);
	free(b->exec_ssid_label);
	free(b->blkdev_start);
	free(b->cpuid);
	for (i = 0; i < b->num_vnuma; i++) {
		free(b->vnuma[i].distances);
		free(b->vnuma[i].vcpus.bits);
	}
	free(b->vnuma);
	free(b->stubdomain_kernel);
	free(b->stubdomain_cmdline);
	free(b->stubdomain_ramdisk);
	free(b->device_model);
	free(b->device_model_ssid_label);
	free(b->device_model_user);
	strlist_free(&b->extra);
	strlist_free(&b->extra_pv);
	strlist_free(&b->extra_hvm);
	free(b->ioports);
	free(b->irqs);
	free(b->iomem);
	free(b->kernel);
	free(b->cmdline);
	free(b->ramdisk);
	free(b->device_tree);
	free(b->bootloader);
	strlist_free(&b->bootloader_args);
	hvm_free(&b->hvm);
	free(b->pvh_pvshim_path);
	free(b->pvh_pvshim_cmdline);
	free(b->pvh_pvshim_extra);
}

/* Free the entries of a device array with FN, then the array itself. */
#define FREE_ARRAY(arr, fn) do {					\
	int i_;								\
	for (i_ = 0; i_ < (arr).n_; i_++)				\
		fn(&(arr).v[i_]);					\
	free((arr).v);							\
} while (0)

static void
pci_free(struct xl_pci *p)
{
	free(p->name);
}

static void
vfb_free(struct xl_vfb *f)
{
	free(f->backend_domname);
	vnc_free(&f->vnc);
	sdl_free(&f->sdl);
	free(f->keymap);
}

static void
vkb_free(struct xl_vkb *k)
{
	free(k->backend_domname);
	free(k->unique_id);
}

static void
vtpm_free(struct xl_vtpm *t)
{
	free(t->backend_domname);
}

static void
p9_free(struct xl_p9 *p)
{
	free(p->backend_domname);
	free(p->tag);
	free(p->path);
	free(p->security_model);
}

static void
channel_free(struct xl_channel *c)
{
	free(c->backend_domname);
	free(c->name);
	free(c->path);
}

static void
usbctrl_free(struct xl_usbctrl *u)
{
	free(u->backend_domname);
}

static void
usbdev_free(struct xl_usbdev *u)
{
	(void)u;
}

static void
dtdev_free(struct xl_dtdev *t)
{
	free(t->path);
}

static void
vdispl_free(struct xl_vdispl *v)
{
	int i;

	free(v->backend_domname);
	for (i = 0; i < v->num_connectors; i++)
		free(v->connectors[i].unique_id);
	free(v->connectors);
}

static void
pvcalls_free(struct xl_pvcalls *p)
{
	free(p->backend_domname);
}

void
xldom_free(struct xl_domain *d)
{
	if (d == NULL)
		return;
	free(d->c_info.ci_ssid_label);
	free(d->c_info.ci_name);
	free(d->c_info.ci_pool_name);
	binfo_free(&d->b_info);
	FREE_ARRAY(d->disks, xldom_disk_free);
	FREE_ARRAY(d->nics, xldom_nic_free);
	FREE_ARRAY(d->pcidevs, pci_free);
	FREE_ARRAY(d->dtdevs, dtdev_free);
	FREE_ARRAY(d->vfbs, vfb_free);
	FREE_ARRAY(d->vkbs, vkb_free);
	FREE_ARRAY(d->vtpms, vtpm_free);
	FREE_ARRAY(d->p9s, p9_free);
	FREE_ARRAY(d->pvcalls, pvcalls_free);
	FREE_ARRAY(d->vdispls, vdispl_free);
	FREE_ARRAY(d->vsnds, xldom_vsnd_free);
	FREE_ARRAY(d->channels, channel_free);
	FREE_ARRAY(d->usbctrls, usbctrl_free);
	FREE_ARRAY(d->usbdevs, usbdev_free);
	memset(d, 0, sizeof(*d));
}
