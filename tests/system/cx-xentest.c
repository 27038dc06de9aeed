/*
 * cx-xentest - exercise the hypervisor from a Linux dom0 through the Xen
 * device nodes (privcmd, evtchn, gntalloc + gntdev); packed into the dom0
 * test initramfs.  Each check prints one "cx-xentest: ..." line.
 *
 *   cx-xentest version       xen_version through /dev/xen/privcmd
 *   cx-xentest evtchn        unbound port, bind to it, notify, receive
 *   cx-xentest gntdev        grant one of our pages, map it back, compare
 *   cx-xentest domctl        getdomaininfo of dom0, of domain 1 (none:
 *                            ESRCH) and with a wrong version (EACCES)
 *   cx-xentest bench [N]     N xen_version hypercalls, time per call
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* The Linux device interfaces (Linux include/uapi/xen/), declared here
 * because the installed copies are not self-contained. */
struct privcmd_hypercall { uint64_t op; uint64_t arg[5]; };
#define IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

struct ioctl_evtchn_bind_interdomain {
	unsigned int remote_domain, remote_port;
};
struct ioctl_evtchn_bind_unbound_port { unsigned int remote_domain; };
struct ioctl_evtchn_notify { unsigned int port; };
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
	_IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_NOTIFY \
	_IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_notify))

struct ioctl_gntalloc_alloc_gref {
	uint16_t domid, flags;
	uint32_t count;
	uint64_t index;		/* out: mmap offset */
	uint32_t gref_ids[1];	/* out: one per page */
};
#define GNTALLOC_FLAG_WRITABLE 1
#define IOCTL_GNTALLOC_ALLOC_GREF \
	_IOC(_IOC_NONE, 'G', 5, sizeof(struct ioctl_gntalloc_alloc_gref))

struct ioctl_gntdev_grant_ref { uint32_t domid, ref; };
struct ioctl_gntdev_map_grant_ref {
	uint32_t count, pad;
	uint64_t index;		/* out: mmap offset */
	struct ioctl_gntdev_grant_ref refs[1];
};
#define IOCTL_GNTDEV_MAP_GRANT_REF \
	_IOC(_IOC_NONE, 'G', 0, sizeof(struct ioctl_gntdev_map_grant_ref))

#define HYPERVISOR_xen_version  17
#define XENVER_version          0
#define XENVER_extraversion     1
#define PAGE_SZ                 4096

/* The domctl hypercall's getdomaininfo (Xen 4.17's layout: the
 * hypervisor's public/domctl.h checks the same sizes and offsets). */
#define HYPERVISOR_domctl       36
#define DOMCTL_VERSION          0x15
#define DOMCTL_getdomaininfo    5
struct domctl_getdomaininfo {
	uint16_t domain, pad1;
	uint32_t flags;
	uint64_t tot_pages, max_pages, outstanding_pages, shr_pages;
	uint64_t paged_pages, shared_info_frame, cpu_time;
	uint32_t nr_online_vcpus, max_vcpu_id, ssidref;
	uint8_t handle[16];
	uint32_t cpupool;
	uint8_t gpaddr_bits, pad2[7];
	uint32_t emulation_flags, misc_flags;
};
struct domctl {
	uint32_t cmd, interface_version;
	uint16_t domain, pad[3];
	union {
		struct domctl_getdomaininfo info;
		uint8_t pad[128];
		uint64_t align;
	} u;
};
_Static_assert(sizeof(struct domctl_getdomaininfo) == 112, "ABI");
_Static_assert(sizeof(struct domctl) == 144, "ABI");

static int fail(const char *what)
{
	printf("cx-xentest: FAIL: %s: %s\n", what, strerror(errno));
	return 1;
}

static int open_dev(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		printf("cx-xentest: FAIL: open %s: %s\n", path, strerror(errno));
	return fd;
}

static long xen_version(int fd, unsigned int cmd, void *arg)
{
	struct privcmd_hypercall h = {
		.op = HYPERVISOR_xen_version,
		.arg = { cmd, (uintptr_t)arg },
	};

	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
}

static int cmd_version(int argc, char **argv)
{
	char extra[16] = "";
	long v;
	int fd = open_dev("/dev/xen/privcmd");

	(void)argc;
	(void)argv;
	if (fd < 0)
		return 1;
	v = xen_version(fd, XENVER_version, NULL);
	if (v < 0)
		return fail("xen_version");
	if (xen_version(fd, XENVER_extraversion, extra) < 0)
		return fail("xen_version extraversion");
	extra[sizeof(extra) - 1] = '\0';
	printf("cx-xentest: xen_version %ld.%ld%s\n", v >> 16, v & 0xffff, extra);
	close(fd);
	return 0;
}

/* Loopback: an unbound port for ourselves, a second port bound to it;
 * a notify on the second must arrive on the first. */
static int cmd_evtchn(int argc, char **argv)
{
	struct ioctl_evtchn_bind_unbound_port ub = { .remote_domain = 0 };
	struct ioctl_evtchn_bind_interdomain bi = { .remote_domain = 0 };
	struct ioctl_evtchn_notify nt;
	uint32_t got = 0;
	int a, b, i, fd = open_dev("/dev/xen/evtchn");

	(void)argc;
	(void)argv;
	if (fd < 0)
		return 1;
	a = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &ub);
	if (a < 0)
		return fail("bind unbound port");
	bi.remote_port = (unsigned int)a;
	b = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bi);
	if (b < 0)
		return fail("bind interdomain");
	nt.port = (unsigned int)b;
	if (ioctl(fd, IOCTL_EVTCHN_NOTIFY, &nt) < 0)
		return fail("notify");
	/* Binding may also raise b once (Xen does, in case a notification
	 * on the unbound port was lost): take events until a's arrives. */
	for (i = 0; i < 8 && got != (uint32_t)a; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 5000) != 1) {
			printf("cx-xentest: FAIL: no event on port %d\n", a);
			return 1;
		}
		if (read(fd, &got, sizeof(got)) != sizeof(got))
			return fail("read pending port");
		if (write(fd, &got, sizeof(got)) != sizeof(got))
			return fail("unmask");
	}
	if (got != (uint32_t)a) {
		printf("cx-xentest: FAIL: events, but none on port %d\n", a);
		return 1;
	}
	printf("cx-xentest: evtchn loop ok (port %d -> port %d)\n", b, a);
	close(fd);
	return 0;
}

/* Grant a fresh page of ours to ourselves (gntalloc), map that grant
 * (gntdev) and compare the bytes seen through both mappings. */
static int cmd_gntdev(int argc, char **argv)
{
	struct ioctl_gntalloc_alloc_gref ga = {
		.domid = 0, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1,
	};
	struct ioctl_gntdev_map_grant_ref gm = { .count = 1 };
	unsigned char *src, *dst;
	int fa = open_dev("/dev/xen/gntalloc"), fd = open_dev("/dev/xen/gntdev");
	unsigned int i;

	(void)argc;
	(void)argv;
	if (fa < 0 || fd < 0)
		return 1;
	if (ioctl(fa, IOCTL_GNTALLOC_ALLOC_GREF, &ga) < 0)
		return fail("gntalloc alloc");
	src = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fa,
		   (off_t)ga.index);
	if (src == MAP_FAILED)
		return fail("mmap gntalloc");
	for (i = 0; i < PAGE_SZ; i++)
		src[i] = (unsigned char)(i * 7 + 3);
	gm.refs[0].domid = 0;
	gm.refs[0].ref = ga.gref_ids[0];
	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &gm) < 0)
		return fail("gntdev map");
	dst = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   (off_t)gm.index);
	if (dst == MAP_FAILED)
		return fail("mmap gntdev");
	if (memcmp(src, dst, PAGE_SZ) != 0) {
		printf("cx-xentest: FAIL: gntdev mapping differs\n");
		return 1;
	}
	dst[100] ^= 0xff;	/* writes go both ways: the same page */
	if (src[100] != dst[100]) {
		printf("cx-xentest: FAIL: write through gntdev not seen\n");
		return 1;
	}
	printf("cx-xentest: gntdev map of grant %u shows the same bytes\n",
	       ga.gref_ids[0]);
	munmap(dst, PAGE_SZ);
	munmap(src, PAGE_SZ);
	close(fd);
	close(fa);
	return 0;
}

/* getdomaininfo for the first domain >= dom: the ioctl's result (-1 and
 * errno = the hypervisor's error). */
static long getdomaininfo(int fd, struct domctl *op, uint16_t dom,
			  uint32_t version)
{
	struct privcmd_hypercall h = {
		.op = HYPERVISOR_domctl,
		.arg = { (uintptr_t)op },
	};

	memset(op, 0, sizeof(*op));
	op->cmd = DOMCTL_getdomaininfo;
	op->interface_version = version;
	op->domain = dom;
	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
}

/* "a|b|c" for the XEN_DOMINF_* state bits set in flags, "-" for none. */
static void flag_names(uint32_t flags, char *buf, size_t len)
{
	static const char *const names[] = {
		"dying", "hvm_guest", "shutdown", "paused", "blocked",
		"running", "debugged", "xs_domain", "hap",
	};
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & (1u << i))
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
					      "%s%s", n ? "|" : "", names[i]);
	if (!n)
		snprintf(buf, len, "-");
}

static const char *errno_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ ESRCH, "ESRCH" }, { EACCES, "EACCES" }, { EPERM, "EPERM" },
		{ ENOSYS, "ENOSYS" }, { EFAULT, "EFAULT" }, { EINVAL, "EINVAL" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return "other error";
}

static int domctl_dom0(int fd, struct domctl *op)
{
	const struct domctl_getdomaininfo *i = &op->u.info;
	char names[128];

	if (getdomaininfo(fd, op, 0, DOMCTL_VERSION) < 0)
		return fail("domctl getdomaininfo dom0");
	if (op->domain != 0 || i->domain != 0) {
		printf("cx-xentest: FAIL: domctl dom0 answered for domain %u/%u\n",
		       op->domain, i->domain);
		return 1;
	}
	flag_names(i->flags, names, sizeof(names));
	printf("cx-xentest: domctl dom0 flags=0x%x(%s) vcpus=%u max_vcpu_id=%u "
	       "tot_pages=%llu max_pages=%llu gpaddr_bits=%u emu=0x%x\n",
	       i->flags, names, i->nr_online_vcpus, i->max_vcpu_id,
	       (unsigned long long)i->tot_pages,
	       (unsigned long long)i->max_pages, i->gpaddr_bits,
	       i->emulation_flags);
	return 0;
}

/* A call that must fail with want: print what the hypervisor said. */
static int domctl_refused(int fd, struct domctl *op, uint16_t dom,
			  uint32_t version, int want, const char *what)
{
	if (getdomaininfo(fd, op, dom, version) == 0) {
		printf("cx-xentest: FAIL: domctl %s: answered for domain %u\n",
		       what, op->domain);
		return 1;
	}
	printf("cx-xentest: domctl %s: %s%s\n", what, errno_name(errno),
	       errno == want ? "" : " (FAIL: unexpected)");
	return errno != want;
}

/* The hypervisor copies the struct from and to our address space, so the
 * buffer is one locked, touched page. */
static int cmd_domctl(int argc, char **argv)
{
	struct domctl *op;
	int rc, fd = open_dev("/dev/xen/privcmd");

	(void)argc;
	(void)argv;
	if (fd < 0)
		return 1;
	op = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (op == MAP_FAILED)
		return fail("mmap");
	if (mlock(op, PAGE_SZ) < 0)
		return fail("mlock");
	memset(op, 0, PAGE_SZ);
	rc = domctl_dom0(fd, op);
	rc |= domctl_refused(fd, op, 1, DOMCTL_VERSION, ESRCH, "domain 1");
	rc |= domctl_refused(fd, op, 0, DOMCTL_VERSION - 1, EACCES,
			     "version 0x14");
	munmap(op, PAGE_SZ);
	close(fd);
	return rc;
}

static int cmd_bench(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 100000, i;
	struct timespec t0, t1;
	double s;
	int fd = open_dev("/dev/xen/privcmd");

	if (fd < 0 || n <= 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		if (xen_version(fd, XENVER_version, NULL) < 0)
			return fail("xen_version");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("cx-xentest: %ld xen_version hypercalls in %.3f s (%.2f us each)\n",
	       n, s, s * 1e6 / (double)n);
	close(fd);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "version", cmd_version },
	{ "evtchn", cmd_evtchn },
	{ "gntdev", cmd_gntdev },
	{ "domctl", cmd_domctl },
	{ "bench", cmd_bench },
};

int main(int argc, char **argv)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc > 1 && i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc, argv);
	fprintf(stderr, "usage: cx-xentest version|evtchn|gntdev|domctl|bench [N]\n");
	return 2;
}
