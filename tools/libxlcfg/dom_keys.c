/*
 * dom_keys.c - every option name xl.cfg(5) knows, with the guest types it
 * applies to.  xl 4.17 ignores unknown names and options of another guest
 * type without a word; we say so on stderr (never on stdout, so the JSON
 * stays identical) with `FILE:LINE: warning: ...'.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dom_priv.h"

#define T_PV	(1 << XLD_PV)
#define T_PVH	(1 << XLD_PVH)
#define T_HVM	(1 << XLD_HVM)
#define T_ALL	(T_PV | T_PVH | T_HVM)

struct xd_key {
	const char	*k_name;
	int		 k_types;
};

/* Sorted by name for bsearch(). */
static const struct xd_key keys[] = {
	{ "acpi", T_ALL }, { "acpi_firmware", T_HVM }, { "acpi_laptop_slate", T_HVM },
	{ "acpi_s3", T_HVM }, { "acpi_s4", T_HVM }, { "altp2m", T_ALL },
	{ "altp2mhvm", T_HVM }, { "apic", T_ALL }, { "bios", T_HVM },
	{ "bios_path_override", T_HVM }, { "boot", T_HVM },
	{ "bootloader", T_ALL }, { "bootloader_args", T_ALL },
	{ "bootloader_restrict", T_ALL }, { "bootloader_user", T_ALL },
	{ "builder", T_ALL }, { "cap", T_ALL }, { "channel", T_ALL },
	{ "claim_mode", T_ALL }, { "cmdline", T_ALL }, { "colo", T_ALL },
	{ "cpu_weight", T_ALL }, { "cpuid", T_ALL }, { "cpus", T_ALL },
	{ "cpus_soft", T_ALL }, { "device_model_args", T_ALL },
	{ "device_model_args_hvm", T_HVM }, { "device_model_args_pv", T_PV | T_PVH },
	{ "device_model_override", T_ALL },
	{ "device_model_stubdomain_override", T_HVM },
	{ "device_model_stubdomain_seclabel", T_HVM }, { "device_model_user", T_ALL },
	{ "device_model_version", T_ALL }, { "device_tree", T_ALL }, { "disk", T_ALL },
	{ "display", T_ALL }, { "dm_restrict", T_ALL }, { "driver_domain", T_ALL },
	{ "dtdev", T_ALL }, { "e820_host", T_PV }, { "event_channels", T_ALL },
	{ "extra", T_ALL }, { "extratime", T_ALL }, { "firmware", T_ALL },
	{ "gfx_passthru", T_HVM }, { "gic_version", T_ALL }, { "hap", T_ALL },
	{ "hdtype", T_HVM }, { "hpet", T_HVM }, { "hvm_pirq", T_HVM },
	{ "init_seclabel", T_ALL }, { "iomem", T_ALL }, { "ioports", T_ALL },
	{ "irqs", T_ALL }, { "kernel", T_ALL }, { "keymap", T_ALL },
	{ "latency", T_ALL }, { "localtime", T_ALL }, { "max_event_channels", T_ALL },
	{ "max_grant_frames", T_ALL }, { "max_grant_version", T_ALL },
	{ "max_maptrack_frames", T_ALL }, { "maxmem", T_ALL }, { "maxvcpus", T_ALL },
	{ "mca_caps", T_HVM }, { "memory", T_ALL }, { "mmio_hole", T_HVM },
	{ "ms_vm_genid", T_HVM }, { "msr_relaxed", T_ALL }, { "name", T_ALL },
	{ "nestedhvm", T_HVM | T_PVH }, { "nographic", T_HVM }, { "nomigrate", T_ALL },
	{ "nx", T_HVM }, { "on_crash", T_ALL }, { "on_poweroff", T_ALL },
	{ "on_reboot", T_ALL }, { "on_soft_reset", T_ALL }, { "on_watchdog", T_ALL },
	{ "oos", T_ALL }, { "opengl", T_ALL }, { "p9", T_ALL }, { "pae", T_HVM },
	{ "passthrough", T_ALL }, { "pci", T_ALL }, { "pci_msitranslate", T_ALL },
	{ "pci_permissive", T_ALL }, { "pci_power_mgmt", T_ALL }, { "pci_seize", T_ALL },
	{ "period", T_ALL }, { "pool", T_ALL }, { "pvcalls", T_ALL },
	{ "pvshim", T_PVH }, { "pvshim_cmdline", T_PVH }, { "pvshim_extra", T_PVH },
	{ "pvshim_path", T_PVH }, { "ramdisk", T_ALL }, { "rdm", T_HVM },
	{ "rdm_mem_boundary", T_HVM }, { "root", T_ALL }, { "rtc_timeoffset", T_ALL },
	{ "sdl", T_ALL }, { "seclabel", T_ALL }, { "serial", T_HVM },
	{ "shadow_memory", T_ALL }, { "slice", T_ALL }, { "smbios", T_HVM },
	{ "smbios_firmware", T_HVM }, { "soundhw", T_HVM }, { "spice", T_HVM },
	{ "spice_clipboard_sharing", T_HVM }, { "spice_image_compression", T_HVM },
	{ "spice_streaming_video", T_HVM }, { "spiceagent_mouse", T_HVM },
	{ "spicedisable_ticketing", T_HVM }, { "spicehost", T_HVM },
	{ "spicepasswd", T_HVM }, { "spiceport", T_HVM }, { "spicetls_port", T_HVM },
	{ "spiceusbredirection", T_HVM }, { "spicevdagent", T_HVM },
	{ "stdvga", T_HVM }, { "stubdomain_cmdline", T_HVM },
	{ "stubdomain_kernel", T_HVM }, { "stubdomain_memory", T_HVM },
	{ "stubdomain_ramdisk", T_HVM }, { "tee", T_ALL }, { "timer_mode", T_HVM | T_PVH },
	{ "tsc_mode", T_ALL }, { "type", T_ALL }, { "usb", T_HVM },
	{ "usbctrl", T_ALL }, { "usbdev", T_ALL }, { "usbdevice", T_HVM },
	{ "usbversion", T_HVM }, { "uuid", T_ALL }, { "vcpus", T_ALL },
	{ "vdispl", T_ALL }, { "vendor_device", T_HVM }, { "vfb", T_ALL },
	{ "vga", T_HVM }, { "videoram", T_HVM }, { "vif", T_ALL },
	{ "viridian", T_HVM }, { "virtio", T_ALL }, { "vkb", T_ALL },
	{ "vkb_device", T_HVM }, { "vmtrace_buf_kb", T_ALL }, { "vnc", T_ALL },
	{ "vncdisplay", T_ALL }, { "vnclisten", T_ALL }, { "vncpasswd", T_ALL },
	{ "vncunused", T_ALL }, { "vnuma", T_ALL }, { "vpmu", T_ALL },
	{ "vpt_align", T_HVM }, { "vsnd", T_ALL }, { "vtpm", T_ALL },
	{ "vuart", T_ALL }, { "xauthority", T_ALL }, { "xen_platform_pci", T_HVM },
	{ "xend_suspend_evtchn_compat", T_ALL },
};

static int
key_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, ((const struct xd_key *)b)->k_name);
}

void
xd_check_keys(const struct xlcfg *cfg, int type)
{
	static const char *const tname[] = { "", "hvm", "pv", "pvh" };
	size_t i, j;

	for (i = 0; i < cfg->c_nset; i++) {
		const struct xlcfg_setting *s = &cfg->c_set[i];
		const struct xd_key *k;
		int dup = 0;

		/* Warn once per name, at its last setting (the one used). */
		for (j = i + 1; j < cfg->c_nset && !dup; j++)
			dup = strcmp(cfg->c_set[j].s_name, s->s_name) == 0;
		if (dup)
			continue;
		k = bsearch(s->s_name, keys, NELEM(keys), sizeof(keys[0]),
		    key_cmp);
		if (k == NULL)
			fprintf(cfg->c_err, "%s:%d: warning: unknown option \"%s\"\n",
			    cfg->c_file, s->s_line, s->s_name);
		else if ((k->k_types & (1 << type)) == 0)
			fprintf(cfg->c_err, "%s:%d: warning: option \"%s\" does not"
			    " apply to %s guests, ignored\n", cfg->c_file,
			    s->s_line, s->s_name, tname[type]);
	}
}
