/*
 * xldom.h - the domain configuration model: one typed structure per group
 * of xl.cfg(5) options, built from a parsed config and printed as the JSON
 * that `xl -N create` shows.  Field order follows that JSON's key order.
 */
#ifndef XLDOM_H
#define XLDOM_H

#include <stdint.h>
#include <stdio.h>
#include "xlcfg.h"

/* A boolean that may be left at its default: 0 default, 1 true, -1 false. */
typedef int8_t xl_defbool;

enum xl_domtype { XLD_HVM = 1, XLD_PV = 2, XLD_PVH = 3 };

/* Actions on shutdown, with the numbering of the JSON enum. */
enum xl_action {
	XLA_DESTROY = 1, XLA_RESTART, XLA_RESTART_RENAME, XLA_PRESERVE,
	XLA_COREDUMP_DESTROY, XLA_COREDUMP_RESTART, XLA_SOFT_RESET,
};

struct xl_bitmap {			/* a set of small integers */
	int		 nbits;		/* 0: not set */
	uint8_t		*bits;
};

struct xl_cinfo {
	int		 ci_type;
	xl_defbool	 ci_hap, ci_oos;
	char		*ci_ssid_label;
	char		*ci_name;
	char		 ci_uuid[37];
	char		*ci_pool_name;
	xl_defbool	 ci_run_hotplug_scripts;
	xl_defbool	 ci_driver_domain;
	int		 ci_passthrough;	/* 0 default .. 4 share_pt */
	xl_defbool	 ci_xend_suspend_evtchn_compat;
};

struct xl_strlist { char **sl_items; int sl_n; int sl_set; };

struct xl_vnc { xl_defbool enable; char *listen, *passwd; int display;
	xl_defbool findunused; };
struct xl_sdl { xl_defbool enable, opengl; char *display, *xauthority; };
struct xl_spice { xl_defbool enable; int port, tls_port; char *host;
	xl_defbool disable_ticketing; char *passwd; xl_defbool agent_mouse,
	vdagent, clipboard_sharing; int usbredirection; char *image_compression,
	*streaming_video; };

struct xl_hvm {
	char		*firmware;
	int		 bios;		/* 0 unknown, rombios, seabios, ovmf */
	xl_defbool	 pae, apic, acpi, acpi_s3, acpi_s4, acpi_laptop_slate, nx,
			 viridian;
	char		*timeoffset;
	xl_defbool	 hpet, vpt_align;
	uint64_t	 mmio_hole_memkb;
	xl_defbool	 altp2m;
	char		*system_firmware, *smbios_firmware, *acpi_firmware;
	int		 hdtype;	/* 0 unset, 1 ide, 2 ahci */
	xl_defbool	 nographic;
	int		 vga_kind;
	struct xl_vnc	 vnc;
	char		*keymap;
	struct xl_sdl	 sdl;
	struct xl_spice	 spice;
	xl_defbool	 gfx_passthru;
	int		 gfx_passthru_kind;
	char		*serial;
	char		*boot;
	xl_defbool	 usb;
	int		 usbversion;
	char		*usbdevice;
	xl_defbool	 vkb_device;
	char		*soundhw;
	xl_defbool	 xen_platform_pci;
	struct xl_strlist usbdevice_list;
	int		 vendor_device;
	struct xl_strlist serial_list;
	int		 rdm_strategy;	/* 0 ignore, 1 host */
	int		 rdm_policy;	/* -1 unset, 0 strict, 1 relaxed */
	uint64_t	 rdm_mem_boundary_memkb;
	struct xl_bitmap viridian_enable, viridian_disable;
};

/* One CPUID leaf: a 32-character mask per register, "" when not set. */
struct xl_cpuid_leaf {
	uint32_t	 leaf;
	uint32_t	 subleaf;	/* XL_CPUID_NOSUB when unused */
	char		 regs[4][33];	/* eax, ebx, ecx, edx */
};
#define XL_CPUID_NOSUB	0xffffffffu

struct xl_vnode {
	uint64_t	 memkb;
	int		 num_distances;
	uint32_t	*distances;
	uint32_t	 pnode;
	struct xl_bitmap vcpus;
};

struct xl_ioport { uint32_t first, number; };
struct xl_iomem { uint64_t start, number, gfn; int has_gfn; };

struct xl_binfo {
	int		 max_vcpus;
	struct xl_bitmap avail_vcpus;
	int		 num_hard, num_soft;
	struct xl_bitmap *hard, *soft;	/* per-vCPU affinity */
	xl_defbool	 numa_placement;
	int		 tsc_mode;
	uint64_t	 max_memkb, target_memkb, video_memkb, shadow_memkb;
	uint32_t	 rtc_timeoffset;
	char		*exec_ssid_label;
	xl_defbool	 localtime, disable_migrate;
	int		 have_cpuid;	/* print the cpuid map */
	int		 num_cpuid;
	struct xl_cpuid_leaf *cpuid;
	char		*blkdev_start;
	int		 num_vnuma;
	struct xl_vnode	*vnuma;
	uint32_t	 max_grant_frames, max_maptrack_frames;
	int		 max_grant_version;
	int		 device_model_version;
	xl_defbool	 device_model_stubdomain;
	uint64_t	 stubdomain_memkb;
	char		*stubdomain_kernel, *stubdomain_cmdline, *stubdomain_ramdisk;
	char		*device_model, *device_model_ssid_label, *device_model_user;
	struct xl_strlist extra, extra_pv, extra_hvm;
	int		 sched_weight, sched_cap;
	int		 num_ioports;
	struct xl_ioport *ioports;
	int		 num_irqs;
	uint32_t	*irqs;
	int		 num_iomem;
	struct xl_iomem	*iomem;
	xl_defbool	 claim_mode;
	uint32_t	 event_channels;
	char		*kernel, *cmdline, *ramdisk, *device_tree;
	xl_defbool	 acpi;
	char		*bootloader;
	struct xl_strlist bootloader_args;
	int		 timer_mode;	/* -1 unset */
	xl_defbool	 nested_hvm, apic, dm_restrict;
	int		 tee;
	struct xl_hvm	 hvm;
	xl_defbool	 pv_e820_host;
	xl_defbool	 pvh_pvshim;
	char		*pvh_pvshim_path, *pvh_pvshim_cmdline, *pvh_pvshim_extra;
	xl_defbool	 msr_relaxed;
	int		 altp2m;	/* 0 disabled, mixed, external, limited */
	int		 vmtrace_buf_kb;
	xl_defbool	 vpmu;
};

struct xl_disk {
	char		*backend_domname;
	char		*pdev_path;
	char		*vdev;
	int		 backend;	/* 0 unknown, phy, tap, qdisk, standalone */
	int		 format;	/* 0 unknown, qcow, qcow2, vhd, raw, empty, qed */
	char		*script;
	int		 removable, readwrite, is_cdrom;
	int		 direct_io_safe;
	xl_defbool	 discard_enable;
	int		 specification;
	xl_defbool	 colo_enable;
	char		*colo_host;
	int		 colo_port;
	char		*colo_export, *active_disk, *hidden_disk;
	xl_defbool	 trusted;
};

#define XL_NIC_NCOLO 48
extern const char *const xldom_nic_colo_keys[XL_NIC_NCOLO];

struct xl_nic {
	char		*backend_domname;
	int		 devid;
	int		 mtu;
	char		*model;
	uint8_t		 mac[6];
	int		 mac_set;
	char		*ip, *bridge, *ifname, *script;
	int		 nictype;	/* 0 unknown, 1 vif_ioemu, 2 vif */
	uint64_t	 rate_bytes_per_interval;
	uint32_t	 rate_interval_usecs;
	char		*gatewaydev;
	char		*coloft_forwarddev;
	char		*colo[XL_NIC_NCOLO];	/* xldom_nic_colo_keys */
	xl_defbool	 trusted;
};

struct xl_pci {
	int		 func, dev, bus, domain;
	uint32_t	 vdevfn, vfunc_mask;
	int		 msitranslate, power_mgmt, permissive, seize;
	int		 rdm_policy;	/* -1 invalid, 0 strict, 1 relaxed */
	char		*name;
};

struct xl_vfb {
	char		*backend_domname;
	int		 devid;
	struct xl_vnc	 vnc;
	struct xl_sdl	 sdl;
	char		*keymap;
};

struct xl_vkb {
	char		*backend_domname;
	int		 devid;
	int		 backend_type;
	char		*unique_id;
	int		 feature_disable_keyboard, feature_disable_pointer,
			 feature_abs_pointer, feature_raw_pointer,
			 feature_multi_touch;
	uint32_t	 width, height, mt_width, mt_height, mt_num_contacts;
};

struct xl_vtpm { char *backend_domname; int devid; char uuid[37]; };
struct xl_p9 { char *backend_domname, *tag, *path, *security_model; };
struct xl_channel { char *backend_domname; int devid; char *name;
	int connection; char *path; };
struct xl_usbctrl { int type, devid, version, ports; char *backend_domname; };
struct xl_usbdev { int ctrl, port, type, hostbus, hostaddr; };
struct xl_dtdev { char *path; };
struct xl_pvcalls { char *backend_domname; int devid; };
struct xl_connector { char *unique_id; uint32_t width, height; };
struct xl_vdispl { char *backend_domname; int devid; int be_alloc;
	int num_connectors; struct xl_connector *connectors; };

/*
 * A virtual sound card (vsnd): card, PCM devices and their streams, each
 * level with its own optional stream parameters.
 */
struct xl_vsnd_params {
	int		 num_rates;
	uint32_t	*rates;
	int		 num_formats;
	int		*formats;	/* 1 s8 .. 25 gsm */
	uint32_t	 channels_min, channels_max, buffer_size;
};
struct xl_vsnd_stream { char *unique_id; int type; /* 0, 1 p, 2 c */
	struct xl_vsnd_params params; };
struct xl_vsnd_pcm { char *name; struct xl_vsnd_params params;
	int num_streams; struct xl_vsnd_stream *streams; };
struct xl_vsnd { char *backend_domname; int devid;
	char *short_name, *long_name; struct xl_vsnd_params params;
	int num_pcms; struct xl_vsnd_pcm *pcms; };

#define XL_DEVARRAY(T, n) struct { T *v; int n_; } n

struct xl_domain {
	struct xl_cinfo	 c_info;
	struct xl_binfo	 b_info;
	XL_DEVARRAY(struct xl_disk, disks);
	XL_DEVARRAY(struct xl_nic, nics);
	XL_DEVARRAY(struct xl_pci, pcidevs);
	XL_DEVARRAY(struct xl_dtdev, dtdevs);
	XL_DEVARRAY(struct xl_vfb, vfbs);
	XL_DEVARRAY(struct xl_vkb, vkbs);
	XL_DEVARRAY(struct xl_vtpm, vtpms);
	XL_DEVARRAY(struct xl_p9, p9s);
	XL_DEVARRAY(struct xl_pvcalls, pvcalls);
	XL_DEVARRAY(struct xl_vdispl, vdispls);
	XL_DEVARRAY(struct xl_vsnd, vsnds);
	XL_DEVARRAY(struct xl_channel, channels);
	XL_DEVARRAY(struct xl_usbctrl, usbctrls);
	XL_DEVARRAY(struct xl_usbdev, usbdevs);
	int		 on_poweroff, on_reboot, on_watchdog, on_crash,
			 on_soft_reset;
};

/* Settings that come from xl.conf rather than the domain's config. */
struct xl_globals {
	int		 run_hotplug_scripts;	/* 1 */
	int		 claim_mode;		/* 1 */
	int		 host_cpus;		/* size of cpu bitmaps (8) */
	int		 host_nodes;		/* 1 */
	const char	*blkdev_start;
	const char	*vif_script, *vif_bridge, *vif_backend, *vif_gatewaydev;
};

void	xldom_globals_init(struct xl_globals *);
/*
 * Build DOM from CFG.  Returns 0, or -1 after printing a message on
 * CFG's error stream.
 */
int	xldom_from_cfg(struct xl_domain *dom, const struct xlcfg *cfg,
	    const struct xl_globals *g);
void	xldom_free(struct xl_domain *);
/* Print DOM as `xl -N create` does; returns 0 or -1. */
int	xldom_print_json(const struct xl_domain *, FILE *out);

/* Device spec parsers (each returns 0 or -1 with a message on ERR). */
int	xldom_parse_disk(struct xl_disk *, const char *spec, FILE *err,
	    const char *file);
int	xldom_parse_vif(struct xl_nic *, const char *spec, FILE *err,
	    const char *file);
int	xldom_parse_pci(struct xl_pci *, const char *spec, FILE *err);
/* "0-3,^1", "all", "nodes:0" into a bitmap of NCPUS bits. */
int	xldom_parse_cpulist(struct xl_bitmap *, const char *spec, int ncpus,
	    int nnodes);
int	xldom_vdev_to_devnum(const char *vdev, int *partition);
void	xldom_disk_free(struct xl_disk *);
void	xldom_nic_free(struct xl_nic *);
void	xldom_vsnd_free(struct xl_vsnd *);
/* Add one vsnd item ("CARD, k=v", "PCM, ...", "STREAM, ...") to V. */
int	xldom_parse_vsnd_item(struct xl_vsnd *v, const char *spec, FILE *err);
/* The vsnd PCM sample format names, enum value I+1 at index I. */
extern const char *const xldom_vsnd_formats[];
extern const int xldom_vsnd_nformats;

#endif /* XLDOM_H */
