/*
 * xenstored: the Linux dom0 ring backend.  Event channels through
 * /dev/xen/evtchn, guest ring pages through /dev/xen/gntdev (the reserved
 * xenstore grant) or else /dev/xen/privcmd (foreign mapping of the gfn),
 * domain states (VIRQ_DOM_EXC) through a privcmd getdomaininfo hypercall.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xsd.h"

/*
 * Our own statement of the kernel's uapi (include/uapi/xen/evtchn.h,
 * gntdev.h, privcmd.h): request numbers (nr 2, BIND_UNBOUND_PORT,
 * is not needed by a store) are _IOC(_IOC_NONE, letter, nr,
 * size of the argument struct); the bind requests return the local port.
 */
struct evtchn_virq_arg { uint32_t virq; };
struct evtchn_interdomain_arg { uint32_t remote_domain, remote_port; };
struct evtchn_port_arg { uint32_t port; };   /* UNBIND and NOTIFY */

#define EVTCHN_IOC(nr, sz) _IOC(_IOC_NONE, 'E', (nr), (sz))
#define XSD_IOCTL_EVTCHN_BIND_VIRQ EVTCHN_IOC(0, sizeof(struct evtchn_virq_arg))
#define XSD_IOCTL_EVTCHN_BIND_INTERDOMAIN \
    EVTCHN_IOC(1, sizeof(struct evtchn_interdomain_arg))
#define XSD_IOCTL_EVTCHN_UNBIND EVTCHN_IOC(3, sizeof(struct evtchn_port_arg))
#define XSD_IOCTL_EVTCHN_NOTIFY EVTCHN_IOC(4, sizeof(struct evtchn_port_arg))
#define XSD_IOCTL_EVTCHN_RESET EVTCHN_IOC(5, 0)

struct gntdev_ref { uint32_t domid, ref; };
struct gntdev_map_arg {
    uint32_t count;
    uint32_t pad;
    uint64_t index;            /* out: mmap offset of the mapping */
    struct gntdev_ref refs[1];
};
struct gntdev_unmap_arg {
    uint64_t index;
    uint32_t count;
    uint32_t pad;
};
#define XSD_IOCTL_GNTDEV_MAP_GRANT_REF \
    _IOC(_IOC_NONE, 'G', 0, sizeof(struct gntdev_map_arg))
#define XSD_IOCTL_GNTDEV_UNMAP_GRANT_REF \
    _IOC(_IOC_NONE, 'G', 1, sizeof(struct gntdev_unmap_arg))

struct privcmd_batch_arg {
    uint32_t num;
    uint16_t dom;
    uint64_t addr;             /* our mmap of privcmd to fill */
    const uint64_t *arr;       /* gfns (xen_pfn_t: 64 bits on x86_64) */
    int *err;                  /* per page error */
};
#define XSD_IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_batch_arg))

/* A raw hypercall: the kernel passes op and args on, returns its result. */
struct privcmd_hypercall_arg {
    uint64_t op;
    uint64_t arg[5];
};
#define XSD_IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall_arg))

/*
 * Our statement of Xen 4.17's public domctl ABI (xen/include/public/
 * domctl.h), only what getdomaininfo needs.  The hypervisor answers for the
 * first domain whose id is >= the one asked, so the echoed id must be
 * checked; -ESRCH when there is none.
 */
#define XSD_HYPERCALL_DOMCTL 36u
#define XSD_DOMCTL_GETDOMAININFO 5u
#define XSD_DOMCTL_VERSION 0x00000015u
#define XSD_DOMINF_DYING (1u << 0)
#define XSD_DOMINF_SHUTDOWN (1u << 2)   /* reason code in bits 16..23 */
#define XSD_DOMID_FIRST_RESERVED 0x7ff0u

struct xen_domctl_arg {
    uint32_t cmd;
    uint32_t interface_version;
    uint16_t domain;
    uint16_t pad[3];
    union {
        struct {
            uint16_t domain;
            uint16_t pad;
            uint32_t flags;
        } getdomaininfo;
        uint8_t raw[128];      /* the size of the largest sub-op */
    } u;
};
_Static_assert(sizeof(struct privcmd_hypercall_arg) == 48, "privcmd_hypercall");
_Static_assert(sizeof(struct xen_domctl_arg) == 144, "xen_domctl size");
_Static_assert(offsetof(struct xen_domctl_arg, domain) == 8, "domctl.domain");
_Static_assert(offsetof(struct xen_domctl_arg, u) == 16, "domctl.u");
_Static_assert(offsetof(struct xen_domctl_arg, u.getdomaininfo.flags) == 20,
               "getdomaininfo.flags");

/* Grant ref the toolstack reserves for the xenstore page in every guest. */
#define GNTTAB_RESERVED_XENSTORE 1u

enum { MAP_GNTDEV = 1, MAP_PRIVCMD = 2 };

static int sys_open(const char *path, int flags)
{
    return open(path, flags | O_CLOEXEC);
}

static int sys_ioctl(int fd, unsigned long req, void *arg)
{
    return ioctl(fd, req, arg);
}

static void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd,
                      long off)
{
    return mmap(addr, len, prot, flags, fd, (off_t)off);
}

static long sys_read(int fd, void *buf, size_t len)
{
    return read(fd, buf, len);
}

static long sys_write(int fd, const void *buf, size_t len)
{
    return write(fd, buf, len);
}

static int sys_mlock(const void *addr, size_t len)
{
    return mlock(addr, len);
}

static const struct xsd_sysops real_sysops = {
    .open = sys_open,
    .close = close,
    .ioctl = sys_ioctl,
    .mmap = sys_mmap,
    .munmap = munmap,
    .read = sys_read,
    .write = sys_write,
    .mlock = sys_mlock,
};
const struct xsd_sysops *xsd_sys = &real_sysops;

struct xendev {
    int evtchn_fd;
    int gntdev_fd;     /* -1: not available */
    int privcmd_fd;    /* -1: not available */
    void *hbuf;        /* hypercall argument page, NULL until first use */
    int hbuf_fd;       /* /dev/xen/hypercall it came from, or -1 */
};

static struct xendev *xd(struct xsd *d)
{
    return d->x_ring_priv;
}

/* A device under XENSTORED_DEVROOT (tests), else the real path. */
static int open_dev(const char *name, int flags)
{
    char path[4096];

    return xsd_sys->open(xsd_devpath(path, sizeof(path), name), flags);
}

/* ---- page mapping ---- */

/* The reserved grant of domid through gntdev; errno or 0. */
static int map_gntdev(struct xendev *x, uint32_t domid, struct xsd_ring_map *m)
{
    struct gntdev_map_arg arg = {
        .count = 1, .refs = { { domid, GNTTAB_RESERVED_XENSTORE } },
    };
    struct gntdev_unmap_arg un = { .count = 1 };
    void *p;

    if (x->gntdev_fd < 0)
        return ENODEV;
    if (xsd_sys->ioctl(x->gntdev_fd, XSD_IOCTL_GNTDEV_MAP_GRANT_REF, &arg) < 0)
        return errno;
    p = xsd_sys->mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
                      x->gntdev_fd, (long)arg.index);
    if (p == MAP_FAILED) {
        int err = errno;
        un.index = arg.index;
        xsd_sys->ioctl(x->gntdev_fd, XSD_IOCTL_GNTDEV_UNMAP_GRANT_REF, &un);
        return err;
    }
    m->m_page = p;
    m->m_cookie = arg.index;
    m->m_kind = MAP_GNTDEV;
    return 0;
}

/* A foreign mapping of gfn through privcmd (no grant needed); errno or 0. */
static int map_privcmd(struct xendev *x, uint32_t domid, uint64_t gfn,
                       struct xsd_ring_map *m)
{
    int page_err = 0;
    struct privcmd_batch_arg arg = {
        .num = 1, .dom = (uint16_t)domid, .arr = &gfn, .err = &page_err,
    };
    void *p;

    if (x->privcmd_fd < 0)
        return ENODEV;
    p = xsd_sys->mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
                      x->privcmd_fd, 0);
    if (p == MAP_FAILED)
        return errno;
    arg.addr = (uint64_t)(uintptr_t)p;
    if (xsd_sys->ioctl(x->privcmd_fd, XSD_IOCTL_PRIVCMD_MMAPBATCH_V2, &arg) < 0 ||
        page_err) {
        int err = page_err ? -page_err : errno;
        xsd_sys->munmap(p, 4096);
        return err > 0 ? err : EIO;
    }
    m->m_page = p;
    m->m_kind = MAP_PRIVCMD;
    return 0;
}

static int xen_map(struct xsd *d, uint32_t domid, uint64_t gfn,
                   struct xsd_ring_map *m)
{
    struct xendev *x = xd(d);
    int err = map_gntdev(x, domid, m);

    if (!err)
        return 0;
    xsd_log(d, "dom%u: gntdev mapping failed (%s), trying privcmd", domid,
            strerror(err));
    return map_privcmd(x, domid, gfn, m);
}

static void xen_unmap(struct xsd *d, struct xsd_ring_map *m)
{
    struct xendev *x = xd(d);

    xsd_sys->munmap(m->m_page, 4096);
    if (m->m_kind == MAP_GNTDEV) {
        struct gntdev_unmap_arg un = { .index = m->m_cookie, .count = 1 };
        xsd_sys->ioctl(x->gntdev_fd, XSD_IOCTL_GNTDEV_UNMAP_GRANT_REF, &un);
    }
    m->m_page = NULL;
}

/* ---- domain state (getdomaininfo through privcmd) ---- */

/*
 * The hypervisor reads and writes hypercall arguments by address, so they
 * must stay resident: a page of /dev/xen/hypercall (the kernel's locked
 * buffers) or, without that device, an mlock()ed anonymous page.  Kept for
 * the daemon's life; NULL if neither works.
 */
static void *hbuf_get(struct xendev *x)
{
    void *p;
    int fd;

    if (x->hbuf)
        return x->hbuf;
    fd = open_dev("/dev/xen/hypercall", O_RDWR);
    if (fd >= 0) {
        p = xsd_sys->mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p != MAP_FAILED) {
            x->hbuf = p;
            x->hbuf_fd = fd;
            return p;
        }
        xsd_sys->close(fd);
    }
    p = xsd_sys->mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (xsd_sys->mlock(p, 4096) < 0) {
        xsd_sys->munmap(p, 4096);
        return NULL;
    }
    x->hbuf = p;
    return p;
}

static unsigned dominf_to_state(uint32_t dominf)
{
    return (dominf & XSD_DOMINF_SHUTDOWN ? XSD_DOMSTATE_SHUTDOWN : 0) |
           (dominf & XSD_DOMINF_DYING ? XSD_DOMSTATE_DYING : 0);
}

static int xen_domain_state(struct xsd *d, uint32_t domid, unsigned *flags)
{
    struct xendev *x = xd(d);
    struct privcmd_hypercall_arg hc = { .op = XSD_HYPERCALL_DOMCTL };
    struct xen_domctl_arg *dc;

    if (domid >= XSD_DOMID_FIRST_RESERVED)
        return -EINVAL;
    if (x->privcmd_fd < 0)
        return -ENODEV;
    if (!(dc = hbuf_get(x)))
        return -ENOMEM;
    memset(dc, 0, sizeof(*dc));
    dc->cmd = XSD_DOMCTL_GETDOMAININFO;
    dc->interface_version = XSD_DOMCTL_VERSION;
    dc->domain = (uint16_t)domid;
    hc.arg[0] = (uint64_t)(uintptr_t)dc;
    if (xsd_sys->ioctl(x->privcmd_fd, XSD_IOCTL_PRIVCMD_HYPERCALL, &hc) < 0)
        return errno ? -errno : -EIO;
    if (dc->u.getdomaininfo.domain != domid)
        return -ESRCH;      /* the next domain answered: ours is gone */
    *flags = dominf_to_state(dc->u.getdomaininfo.flags);
    return 0;
}

/* ---- event channels ---- */

/* An evtchn bind request: the local port, or -errno. */
static int evtchn_bind(struct xsd *d, unsigned long req, void *arg)
{
    int port = xsd_sys->ioctl(xd(d)->evtchn_fd, req, arg);

    return port < 0 ? -errno : port;
}

static int xen_bind(struct xsd *d, uint32_t domid, uint32_t remote_port)
{
    struct evtchn_interdomain_arg arg = { domid, remote_port };

    return evtchn_bind(d, XSD_IOCTL_EVTCHN_BIND_INTERDOMAIN, &arg);
}

static int xen_bind_virq(struct xsd *d, uint32_t virq)
{
    struct evtchn_virq_arg arg = { virq };

    return evtchn_bind(d, XSD_IOCTL_EVTCHN_BIND_VIRQ, &arg);
}

static void xen_unbind(struct xsd *d, int port)
{
    struct evtchn_port_arg arg = { (uint32_t)port };

    xsd_sys->ioctl(xd(d)->evtchn_fd, XSD_IOCTL_EVTCHN_UNBIND, &arg);
}

static void xen_notify(struct xsd *d, int port)
{
    struct evtchn_port_arg arg = { (uint32_t)port };

    xsd_sys->ioctl(xd(d)->evtchn_fd, XSD_IOCTL_EVTCHN_NOTIFY, &arg);
}

/*
 * read() gives the ports that fired (masked until written back).  We
 * unmask before serving them so an event raised meanwhile is not lost.
 * EFBIG: the kernel's buffer overflowed; RESET clears it and every ring
 * is served (return -1).
 */
static int xen_pending(struct xsd *d, uint32_t *ports, int max)
{
    int fd = xd(d)->evtchn_fd;
    long n = xsd_sys->read(fd, ports, (size_t)max * sizeof(*ports));

    if (n < 0 && errno == EFBIG) {
        xsd_sys->ioctl(fd, XSD_IOCTL_EVTCHN_RESET, NULL);
        return -1;
    }
    if (n <= 0)
        return 0;
    n -= n % (long)sizeof(*ports);
    if (xsd_sys->write(fd, ports, (size_t)n) < 0)
        xsd_log(d, "evtchn unmask: %s", strerror(errno));
    return (int)(n / (long)sizeof(*ports));
}

static void xen_close(struct xsd *d)
{
    struct xendev *x = xd(d);

    if (x->gntdev_fd >= 0)
        xsd_sys->close(x->gntdev_fd);
    if (x->privcmd_fd >= 0)
        xsd_sys->close(x->privcmd_fd);
    if (x->hbuf)
        xsd_sys->munmap(x->hbuf, 4096);
    if (x->hbuf_fd >= 0)
        xsd_sys->close(x->hbuf_fd);
    xsd_sys->close(x->evtchn_fd);
    free(x);
    d->x_ring_priv = NULL;
}

const struct xsd_ring_backend xsd_xen_backend = {
    .name = "xen",
    .map = xen_map,
    .unmap = xen_unmap,
    .bind = xen_bind,
    .bind_virq = xen_bind_virq,
    .unbind = xen_unbind,
    .notify = xen_notify,
    .pending = xen_pending,
    .close = xen_close,
    .domain_state = xen_domain_state,
};

/* Open the devices; /dev/xen/evtchn is required, a mapper is not (yet). */
int xendev_open(struct xsd *d)
{
    struct xendev *x = calloc(1, sizeof(*x));

    if (!x)
        return ENOMEM;
    x->evtchn_fd = open_dev("/dev/xen/evtchn", O_RDWR | O_NONBLOCK);
    if (x->evtchn_fd < 0) {
        int err = errno;
        free(x);
        return err;
    }
    x->gntdev_fd = open_dev("/dev/xen/gntdev", O_RDWR);
    x->privcmd_fd = open_dev("/dev/xen/privcmd", O_RDWR);
    x->hbuf_fd = -1;
    if (x->gntdev_fd < 0 && x->privcmd_fd < 0)
        xsd_log(d, "neither /dev/xen/gntdev nor /dev/xen/privcmd: only the "
                "local ring can be served");
    d->x_ring_priv = x;
    d->x_ring_fd = x->evtchn_fd;
    d->x_ring = &xsd_xen_backend;
    return 0;
}
