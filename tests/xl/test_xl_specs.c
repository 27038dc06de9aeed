/*
 * test_xl_specs.c - table-driven tests of the disk, vif, pci and cpu-list
 * spec parsers, with the examples of xl-disk-configuration(5) and
 * xl-network-configuration(5).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xldom.h"

/*
 * Disk specs.  The first block is every example of xl-disk-configuration(5)
 * (Debian's xen 4.17 page), verbatim; the rest covers each prefix, flag and
 * key it describes.  Expected values were checked against xl 4.17 (the same
 * specs are in configs/man-disk-examples.cfg, compared with its JSON).
 * target NULL: no pdev_path; script NULL: none.
 */
struct disk_case {
	const char *spec, *target, *vdev;
	int format, readwrite, cdrom;
	const char *script;
};

/* format: 1 qcow, 2 qcow2, 3 vhd, 4 raw, 5 empty, 6 qed */
static const struct disk_case disks[] = {
	/* xl-disk-configuration(5), SYNTAX: the equivalent forms */
	{ "/dev/vg/guest-volume,,hda", "/dev/vg/guest-volume", "hda", 4, 1, 0, NULL },
	{ "/dev/vg/guest-volume,raw,hda,rw", "/dev/vg/guest-volume", "hda", 4, 1, 0, NULL },
	{ "format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
	  "/dev/vg/guest-volume", "hda", 4, 1, 0, NULL },
	{ "raw:/dev/vg/guest-volume,hda,w", "/dev/vg/guest-volume", "hda", 4, 1, 0, NULL },
	{ "/root/image.iso,,hdc,cdrom", "/root/image.iso", "hdc", 4, 0, 1, NULL },
	{ "/root/image.iso,,hdc,,cdrom", "/root/image.iso", "hdc", 4, 0, 1, NULL },
	{ "/root/image.iso,raw,hdc,devtype=cdrom", "/root/image.iso", "hdc", 4, 0, 1, NULL },
	{ "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/image.iso",
	  "/root/image.iso", "hdc", 4, 0, 1, NULL },
	{ "raw:/root/image.iso,hdc:cdrom,ro", "/root/image.iso", "hdc", 4, 0, 1, NULL },
	/* deprecated prefixes ("tap:aio:/some/path...", "tap:aio:qcow:") */
	{ "tap:aio:/some/path,xvda,w", "/some/path", "xvda", 4, 1, 0, NULL },
	{ "tap:aio:qcow:/some/path,xvda,w", "/some/path", "xvda", 1, 1, 0, NULL },
	/* missing format and empty target: xend's empty cdrom */
	{ ",hdc:cdrom,r", "", "hdc", 5, 0, 1, NULL },

	/* each deprecated prefix */
	{ "qcow2:/srv/a.qcow2,xvdd,w", "/srv/a.qcow2", "xvdd", 2, 1, 0, NULL },
	{ "vhd:/srv/a.vhd,xvda,w", "/srv/a.vhd", "xvda", 3, 1, 0, NULL },
	{ "iscsi:iqn.2001-05.com.example:disk,xvda,w",
	  "iqn.2001-05.com.example:disk", "xvda", 4, 1, 0, "block-iscsi" },
	{ "nbd:server:10809,xvda,w", "server:10809", "xvda", 4, 1, 0, "block-nbd" },
	{ "enbd:server:2000,xvda,w", "server:2000", "xvda", 4, 1, 0, "block-enbd" },
	{ "drbd:res0,xvda,w", "res0", "xvda", 4, 1, 0, "block-drbd" },
	{ "tapdisk:/srv/t.img,xvda,w", "/srv/t.img", "xvda", 4, 1, 0, NULL },
	{ "tap2:/srv/t.img,xvda,w", "/srv/t.img", "xvda", 4, 1, 0, NULL },
	{ "aio:/srv/t.img,xvda,w", "/srv/t.img", "xvda", 4, 1, 0, NULL },
	{ "ioemu:/srv/t.img,xvda,w", "/srv/t.img", "xvda", 4, 1, 0, NULL },
	{ "file:/srv/a.img,xvdb,r", "/srv/a.img", "xvdb", 4, 0, 0, NULL },
	{ "phy:/dev/vg/root,xvda,w", "/dev/vg/root", "xvda", 4, 1, 0, NULL },
	/* positional formats and access values */
	{ "/srv/q.qcow,qcow,xvda", "/srv/q.qcow", "xvda", 1, 1, 0, NULL },
	{ "/srv/a.vhd,vhd,xvde", "/srv/a.vhd", "xvde", 3, 1, 0, NULL },
	{ "/srv/q.qed,qed,xvda,ro", "/srv/q.qed", "xvda", 6, 0, 0, NULL },
	{ "/dev/vg/guest-volume,,hda,r", "/dev/vg/guest-volume", "hda", 4, 0, 0, NULL },
	/* empty values take the default */
	{ "format=,vdev=xvda,target=/srv/a.img", "/srv/a.img", "xvda", 4, 1, 0, NULL },
	{ "/srv/a.img,,xvda,,", "/srv/a.img", "xvda", 4, 1, 0, NULL },
	{ ",,xvda,target=/x", "/x", "xvda", 4, 1, 0, NULL },
	/* an empty cdrom, with and without an empty target */
	{ ",,hdc,cdrom", "", "hdc", 5, 0, 1, NULL },
	{ "vdev=hdc,devtype=cdrom,target=", "", "hdc", 5, 0, 1, NULL },
	{ "vdev=hdc,devtype=cdrom", NULL, "hdc", 5, 0, 1, NULL },
	/* a cdrom is read-only whatever access says (xl 4.17) */
	{ "/root/image.iso,,hdc,cdrom,access=rw", "/root/image.iso", "hdc", 4, 0, 1, NULL },
	/* keys and flags */
	{ "vdev=xvda,script=block-iscsi,target=iqn:x", "iqn:x", "xvda", 4, 1, 0,
	  "block-iscsi" },
	{ "vdev=xvda,backend=drv,backendtype=phy,target=/dev/sdb", "/dev/sdb",
	  "xvda", 4, 1, 0, NULL },
	{ "vdev=xvda,backendtype=standalone,specification=virtio,target=/a",
	  "/a", "xvda", 4, 1, 0, NULL },
	{ "vdev=xvda,direct-io-safe,discard,target=/a", "/a", "xvda", 4, 1, 0, NULL },
	{ "vdev=xvda,no-discard,target=/a", "/a", "xvda", 4, 1, 0, NULL },
	{ "vdev=xvda,colo,colo-host=192.0.2.1,colo-port=9000,colo-export=e1,"
	  "active-disk=/a.img,hidden-disk=/h.img,target=/srv/a.img",
	  "/srv/a.img", "xvda", 4, 1, 0, NULL },
	/* xl 4.17 does not know the `trusted' flag: it is a positional target */
	{ "trusted,,xvda", "trusted", "xvda", 4, 1, 0, NULL },
	{ "vdev=xvda,untrusted", "untrusted", "xvda", 4, 1, 0, NULL },
	/* a colon without a known prefix before it is part of the target */
	{ "foo:bar,,xvda", "foo:bar", "xvda", 4, 1, 0, NULL },
	{ "C:/x,,xvda", "C:/x", "xvda", 4, 1, 0, NULL },
	{ "iscsi:foo:bar,xvda,w", "foo:bar", "xvda", 4, 1, 0, "block-iscsi" },
	/* target= takes the rest, commas included */
	{ "vdev=xvdf,target=/srv/odd,name.img", "/srv/odd,name.img", "xvdf", 4, 1, 0, NULL },
	{ "  vdev=xvdg, target=/dev/x", "/dev/x", "xvdg", 4, 1, 0, NULL },
};

static void
test_disk(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(disks) / sizeof(disks[0]); i++) {
		struct xl_disk d;

		memset(&d, 0, sizeof(d));
		print_message("disk: %s\n", disks[i].spec);
		assert_int_equal(xldom_parse_disk(&d, disks[i].spec, stderr, "t"), 0);
		if (disks[i].target == NULL)
			assert_null(d.pdev_path);
		else
			assert_string_equal(d.pdev_path, disks[i].target);
		assert_string_equal(d.vdev, disks[i].vdev);
		assert_int_equal(d.format, disks[i].format);
		assert_int_equal(d.readwrite, disks[i].readwrite);
		assert_int_equal(d.is_cdrom, disks[i].cdrom);
		assert_int_equal(d.removable, disks[i].cdrom);
		if (disks[i].script == NULL)
			assert_null(d.script);
		else
			assert_string_equal(d.script, disks[i].script);
		xldom_disk_free(&d);
	}
}

static void
test_disk_fields(void **state)
{
	struct xl_disk d;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(xldom_parse_disk(&d, "vdev=xvda,colo,colo-host=h,"
	    "colo-port=9000,colo-export=e,active-disk=/a,hidden-disk=/h,"
	    "backend=drv,backendtype=qdisk,specification=xen,no-discard,"
	    "direct-io-safe,target=/x", stderr, "t"), 0);
	assert_int_equal(d.colo_enable, 1);
	assert_string_equal(d.colo_host, "h");
	assert_int_equal(d.colo_port, 9000);
	assert_string_equal(d.colo_export, "e");
	assert_string_equal(d.active_disk, "/a");
	assert_string_equal(d.hidden_disk, "/h");
	assert_string_equal(d.backend_domname, "drv");
	assert_int_equal(d.backend, 3);
	assert_int_equal(d.specification, 1);
	assert_int_equal(d.discard_enable, -1);
	assert_int_equal(d.direct_io_safe, 1);
	xldom_disk_free(&d);
}

/* Invalid specs and xl 4.17's exact message for each. */
static const struct { const char *spec, *msg; } bad_disks[] = {
	{ "/srv/a.img,xvda", "unknown value for format: near `xvda'" },
	{ "/srv/a.img,raw", "no vdev specified in `/srv/a.img,raw'" },
	{ "vdev=xvda", "no target specified (and device not removable) in"
	  " `vdev=xvda'" },
	{ "/srv/a.img,raw,xvda,rx", "unknown value for access: near `rx'" },
	{ "vdev=xvda,format=bogus,target=/x", "unknown value for format: near `bogus'" },
	{ "vdev=xvda,frobnicate=1,target=/x", "unknown parameter: near `frobnicate=1,'" },
	{ "/x,,xvda,frob=1", "unknown parameter: near `frob=1'" },
	{ "devtype=floppy,vdev=xvda,target=/x", "unknown value for type: near"
	  " `devtype=floppy,'" },
	{ "backendtype=,vdev=xvda,target=/x", "unknown value for backendtype: near `'" },
	{ "specification=v,vdev=xvda,target=/x",
	  "unknown value for specification: near `v'" },
	{ "vdev=xvda,colo-port=0x10,target=/x", "unknown value for colo_port: near `0x10'" },
	{ "/srv/a.img,raw,xvda,rw,trusted", "too many positional parameters: near `trusted'" },
	{ "vdev=xvda,trusted,target=/srv/a.img", "target respecified: near `/srv/a.img'" },
	{ "vdev=xvda,vdev=xvda,target=/x", "vdev respecified: near `xvda'" },
	{ "/x,raw,xvda,vdev=xvdb", "vdev respecified: near `xvdb'" },
	{ "/x,qcow2,xvda,format=raw", "format respecified: near `raw'" },
	{ "vhd:/x,xvda,w,format=qcow2", "format respecified: near `qcow2'" },
	{ "backend=a,backend=b,vdev=xvda,target=/x", "backend respecified: near `b'" },
	{ "backendtype=phy,backendtype=qdisk,vdev=xvda,target=/x",
	  "backend respecified: near `qdisk'" },
	{ "script=a,script=b,vdev=xvda,target=/x", "script respecified: near `b'" },
	{ "colo-host=a,colo-host=b,vdev=xvda,target=/x",
	  "colo-host respecified: near `b'" },
	{ "foo:/x,xvda,w", "unknown deprecated disk prefix: near `foo:'" },
	{ "raw:qed:/x,xvda,w", "unknown deprecated disk prefix: near `qed:'" },
	{ "/x,,xvda,foo:/y", "unknown deprecated disk prefix: near `foo:'" },
};

static void
test_disk_bad(void **state)
{
	size_t i;
	char *msg = NULL;
	size_t len = 0;
	FILE *err;

	(void)state;
	for (i = 0; i < sizeof(bad_disks) / sizeof(bad_disks[0]); i++) {
		struct xl_disk d;
		char want[256];

		memset(&d, 0, sizeof(d));
		print_message("bad disk: %s\n", bad_disks[i].spec);
		err = open_memstream(&msg, &len);
		assert_int_equal(xldom_parse_disk(&d, bad_disks[i].spec, err, "t"), -1);
		fclose(err);
		if (strstr(bad_disks[i].msg, " in `") != NULL)
			snprintf(want, sizeof(want), "t: config parsing error in disk"
			    " specification: %s\n", bad_disks[i].msg);
		else
			snprintf(want, sizeof(want), "t: config parsing error in disk"
			    " specification: %s in `%s'\n", bad_disks[i].msg,
			    bad_disks[i].spec);
		assert_string_equal(msg, want);
		free(msg);
		xldom_disk_free(&d);
	}
}

static void
test_vdev(void **state)
{
	static const struct { const char *v; int n; } t[] = {
		{ "xvda", 51712 }, { "xvda1", 51713 }, { "xvdb", 51728 },
		{ "xvdp15", 51967 }, { "xvdq", (1 << 28) | (16 << 8) },
		{ "hda", 768 }, { "hdb", 832 }, { "hdc", 5632 }, { "hdd", 5696 },
		{ "sda", 2048 }, { "sdb3", 2067 }, { "d0p1", 51713 },
		{ "d16", (1 << 28) | (16 << 8) }, { "51712", 51712 },
		{ "xvd", -1 }, { "hde", -1 }, { "foo", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(xldom_vdev_to_devnum(t[i].v, NULL), t[i].n);
}

/*
 * Vif specs: every example of xl-network-configuration(5) (Debian's xen
 * 4.17 page), then each keyword it describes.  mac "" means no address.
 * Also in configs/man-vif-examples.cfg, compared with xl 4.17's JSON.
 */
static const struct vif_case {
	const char *spec, *mac, *bridge, *model;
	int nictype;			/* 0, 1 ioemu, 2 vif */
	uint64_t bytes;			/* rate: bytes per interval */
	uint32_t usecs;
} vifs[] = {
	{ "mac=00:16:3E:74:3d:76,model=rtl8139,bridge=xenbr0",
	  "00:16:3e:74:3d:76", "xenbr0", "rtl8139", 0, 0, 0 },
	{ "mac=00:16:3E:74:34:32", "00:16:3e:74:34:32", NULL, NULL, 0, 0, 0 },
	{ "", "", NULL, NULL, 0, 0, 0 },
	{ "mac=00:16:3e:5f:48:e4,bridge=xenbr1", "00:16:3e:5f:48:e4", "xenbr1",
	  NULL, 0, 0, 0 },
	{ "rate=10Mb/s", "", NULL, NULL, 0, 62500, 50000 },
	{ "rate=250KB/s", "", NULL, NULL, 0, 12500, 50000 },
	{ "rate=1MB/s@20ms", "", NULL, NULL, 0, 20000, 20000 },
	/* keywords */
	{ "type=ioemu,model=e1000", "", NULL, "e1000", 1, 0, 0 },
	{ "type=vif", "", NULL, NULL, 2, 0, 0 },
	{ "type=foo,bridge=b", "", "b", NULL, 0, 0, 0 },	/* skipped */
	{ "rate=10MB/s", "", NULL, NULL, 0, 500000, 50000 },
	{ "rate=100KB/s@1s", "", NULL, NULL, 0, 100000, 1000000 },
	{ "rate=1GB/s@100us", "", NULL, NULL, 0, 100000, 100 },
	{ "rate=8b/s@1s", "", NULL, NULL, 0, 1, 1000000 },
	{ "rate=10MB/s@20", "", NULL, NULL, 0, 200000000, 20000000 },
	{ "rate=10MB/s@20u", "", NULL, NULL, 0, 200, 20 },
	{ "rate=010MB/s", "", NULL, NULL, 0, 400000, 50000 },	/* octal */
	/* mac: any one separator; extra groups ignored; a short address
	 * reads on into the next item, as in xl */
	{ "mac=00-16-3e-5f-48-e4", "00:16:3e:5f:48:e4", NULL, NULL, 0, 0, 0 },
	{ "mac=0:1:2:3:4:5", "00:01:02:03:04:05", NULL, NULL, 0, 0, 0 },
	{ "mac=00:16:3e:5f:48:e4:aa,model=e1000", "00:16:3e:5f:48:e4", NULL,
	  "e1000", 0, 0, 0 },
	{ "mac=00:16:3e:5f:48,bridge=b", "00:16:3e:5f:48:0b", "b", NULL, 0, 0, 0 },
	{ "mac=zz:16:3e:5f:48:e4,bridge=b", "", "b", NULL, 0, 0, 0 },
	{ " mac=00:16:3e:00:00:01, bridge=xenbr0", "00:16:3e:00:00:01",
	  "xenbr0", NULL, 0, 0, 0 },
};

static void
test_vif(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vifs) / sizeof(vifs[0]); i++) {
		const struct vif_case *c = &vifs[i];
		struct xl_nic n;
		char mac[18] = "";
		FILE *null = fopen("/dev/null", "w");

		memset(&n, 0, sizeof(n));
		print_message("vif: %s\n", c->spec);
		assert_int_equal(xldom_parse_vif(&n, c->spec, null, "t"), 0);
		fclose(null);
		if (n.mac[0] | n.mac[1] | n.mac[2] | n.mac[3] | n.mac[4] | n.mac[5])
			snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			    n.mac[0], n.mac[1], n.mac[2], n.mac[3], n.mac[4],
			    n.mac[5]);
		assert_string_equal(mac, c->mac);
		if (c->bridge == NULL)
			assert_null(n.bridge);
		else
			assert_string_equal(n.bridge, c->bridge);
		if (c->model == NULL)
			assert_null(n.model);
		else
			assert_string_equal(n.model, c->model);
		assert_int_equal(n.nictype, c->nictype);
		assert_int_equal(n.rate_bytes_per_interval, c->bytes);
		assert_int_equal(n.rate_interval_usecs, c->usecs);
		xldom_nic_free(&n);
	}
}

static void
test_vif_fields(void **state)
{
	struct xl_nic n;

	(void)state;
	memset(&n, 0, sizeof(n));
	assert_int_equal(xldom_parse_vif(&n, "mac=00:16:3e:12:34:56,bridge=xenbr0,"
	    "ip=192.168.1.1,vifname=vif-guest,model=e1000,type=ioemu,"
	    "script=vif-route,backend=netdom,mtu=9000,gatewaydev=eth0,devid=7,"
	    "untrusted,forwarddev=eth1,colo_checkpoint_port=9", stderr, "t"), 0);
	assert_string_equal(n.ip, "192.168.1.1");
	assert_string_equal(n.ifname, "vif-guest");
	assert_string_equal(n.script, "vif-route");
	assert_string_equal(n.backend_domname, "netdom");
	assert_string_equal(n.gatewaydev, "eth0");
	assert_string_equal(n.coloft_forwarddev, "eth1");
	assert_string_equal(n.colo[XL_NIC_NCOLO - 1], "9");
	assert_int_equal(n.mtu, 9000);
	assert_int_equal(n.devid, 7);
	assert_int_equal(n.trusted, -1);
	xldom_nic_free(&n);
}

/* Messages: errors stop (-1); the rest are printed and skipped (0). */
static const struct { const char *spec; int rc; const char *msg; } vif_msgs[] = {
	{ "netdev=eth1", 0, "the netdev parameter is deprecated, please use"
	  " gatewaydev instead\n" },
	{ "accel=x", 0, "the accel parameter for vifs is currently not supported\n" },
	{ "bogus=1", 0, "unrecognized argument `bogus=1'\n" },
	{ "trusted=1", 0, "unrecognized argument `trusted=1'\n" },
	{ "type=foo", 0, "Invalid parameter `type'.\n" },
	{ "mac=100:16:3e:5f:48:e4", 0, "Invalid parameter `mac'.\n" },
	{ "mac=00:16:3e:5f:48", 0, "Invalid parameter `mac'.\n" },
	{ "rate=10Mb", -1, "t: config parsing error in vif: invalid rate in `10Mb'\n" },
	{ "rate=1.5MB/s", -1, "t: config parsing error in vif: invalid rate in"
	  " `1.5MB/s'\n" },
	{ "rate=0Mb/s", -1, "t: config parsing error in vif: rate overflow in"
	  " `0Mb/s'\n" },
	{ "rate=5000000000B/s", -1, "t: config parsing error in vif: rate"
	  " overflow in `5000000000B/s'\n" },
	{ "rate=10Mb/s@0", -1, "t: config parsing error in vif: replenishment"
	  " interval overflow in `0'\n" },
	{ "rate=10MB/s@20x", -1, "t: config parsing error in vif: invalid"
	  " replenishment interval in `20x'\n" },
	{ "rate=@20ms", -1, "t: config parsing error in vif: no rate specified"
	  " in `@20ms'\n" },
	{ "rate=4294967295GB/s@4294967295us", -1, "t: config parsing error in"
	  " vif: rate overflow in `4294967295GB/s@4294967295us'\n" },
	{ "mtu=abc", -1, "xl: failed to convert \"abc\" to number\n" },
	{ "devid=x", -1, "xl: failed to convert \"x\" to number\n" },
};

static void
test_vif_msgs(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vif_msgs) / sizeof(vif_msgs[0]); i++) {
		struct xl_nic n;
		char *msg = NULL;
		size_t len = 0;
		FILE *err = open_memstream(&msg, &len);

		memset(&n, 0, sizeof(n));
		print_message("vif message: %s\n", vif_msgs[i].spec);
		assert_int_equal(xldom_parse_vif(&n, vif_msgs[i].spec, err, "t"),
		    vif_msgs[i].rc);
		fclose(err);
		assert_string_equal(msg, vif_msgs[i].msg);
		free(msg);
		xldom_nic_free(&n);
	}
}

static void
test_pci(void **state)
{
	struct xl_pci p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(xldom_parse_pci(&p, "01:02.3", stderr), 0);
	assert_int_equal(p.bus, 1);
	assert_int_equal(p.dev, 2);
	assert_int_equal(p.func, 3);
	assert_int_equal(p.vfunc_mask, 1);
	memset(&p, 0, sizeof(p));
	assert_int_equal(xldom_parse_pci(&p, "0001:03:00.0@4,permissive=1,"
	    "msitranslate=1,seize=1,power_mgmt=1,rdm_policy=relaxed", stderr), 0);
	assert_int_equal(p.domain, 1);
	assert_int_equal(p.bus, 3);
	assert_int_equal(p.vdevfn, 32);
	assert_true(p.permissive && p.msitranslate && p.seize && p.power_mgmt);
	assert_int_equal(p.rdm_policy, 1);
	memset(&p, 0, sizeof(p));
	assert_int_equal(xldom_parse_pci(&p, "02:00.*", stderr), 0);
	assert_int_equal(p.vfunc_mask, 0xff);
	memset(&p, 0, sizeof(p));
	assert_int_equal(xldom_parse_pci(&p, "bdf=05:1f.7,vslot=3", stderr), 0);
	assert_int_equal(p.dev, 0x1f);
	assert_int_equal(p.vdevfn, 24);
	assert_int_equal(xldom_parse_pci(&p, "zz:00.0", stderr), -1);
	assert_int_equal(xldom_parse_pci(&p, "00:20.0", stderr), -1);
	assert_int_equal(xldom_parse_pci(&p, "00:01.8", stderr), -1);
	assert_int_equal(xldom_parse_pci(&p, "00:01.0,bogus=1", stderr), -1);
}

static int
bits(const struct xl_bitmap *bm)
{
	int i, v = 0;

	for (i = 0; i < bm->nbits; i++)
		if (bm->bits[i / 8] & (1 << (i % 8)))
			v |= 1 << i;
	return v;
}

static void
test_cpulist(void **state)
{
	static const struct { const char *s; int ncpus, nodes, want; } t[] = {
		{ "all", 8, 1, 0xff }, { "0-3,^1", 8, 1, 0x0d }, { "2", 8, 1, 0x04 },
		{ "2,5-6", 8, 1, 0x64 }, { "nodes:0", 8, 1, 0xff },
		{ "nodes:1", 8, 2, 0xf0 }, { "nodes:0-1,^node:0", 8, 2, 0xf0 },
		{ "0-7,^2-3", 8, 1, 0xf3 }, { "all", 4, 1, 0x0f },
		{ "8", 8, 1, -1 }, { "3-1", 8, 1, -1 }, { "a", 8, 1, -1 },
		{ "nodes:1", 8, 1, -1 }, { "1,,2", 8, 1, -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct xl_bitmap bm = { 0, NULL };
		int rc = xldom_parse_cpulist(&bm, t[i].s, t[i].ncpus, t[i].nodes);

		print_message("cpulist: %s\n", t[i].s);
		if (t[i].want < 0)
			assert_int_equal(rc, -1);
		else {
			assert_int_equal(rc, 0);
			assert_int_equal(bits(&bm), t[i].want);
		}
		free(bm.bits);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disk),
		cmocka_unit_test(test_disk_fields),
		cmocka_unit_test(test_disk_bad),
		cmocka_unit_test(test_vdev),
		cmocka_unit_test(test_vif),
		cmocka_unit_test(test_vif_fields),
		cmocka_unit_test(test_vif_msgs),
		cmocka_unit_test(test_pci),
		cmocka_unit_test(test_cpulist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
