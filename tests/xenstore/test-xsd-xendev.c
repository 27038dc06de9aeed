/*
 * Unit tests of xenstored's Linux ring backend (cmocka): the ioctl requests
 * and argument structs it builds for /dev/xen/evtchn, gntdev and privcmd
 * (and the getdomaininfo domctl behind VIRQ_DOM_EXC), checked against the
 * kernel uapi's and Xen's numbers, through mocked system calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "xsd.h"

void xsd_log(struct xsd *d, const char *fmt, ...)
{
    (void)d;
    (void)fmt;
}

/*
 * The request numbers as the kernel computes them (_IOC(_IOC_NONE, type,
 * nr, size) on x86_64), written out so a wrong struct size shows up.
 */
#define REQ_EVTCHN_BIND_VIRQ 0x00044500ul
#define REQ_EVTCHN_BIND_INTERDOMAIN 0x00084501ul
#define REQ_EVTCHN_UNBIND 0x00044503ul
#define REQ_EVTCHN_NOTIFY 0x00044504ul
#define REQ_EVTCHN_RESET 0x00004505ul
#define REQ_GNTDEV_MAP 0x00184700ul
#define REQ_GNTDEV_UNMAP 0x00104701ul
#define REQ_PRIVCMD_MMAPBATCH_V2 0x00205004ul
#define REQ_PRIVCMD_HYPERCALL 0x00305000ul

enum { FD_EVTCHN = 10, FD_GNTDEV = 11, FD_PRIVCMD = 12, FD_HYPERCALL = 13 };
#define NDOMS 8                /* domains the mocked hypervisor knows */

/* What the mocks saw and what they answer. */
static struct {
    char opened[4][256];
    int nopen;
    bool no_gntdev;            /* gntdev open fails */
    bool no_privcmd;           /* privcmd open fails */
    bool no_hypercall;         /* /dev/xen/hypercall open fails */
    int mlock_errno;           /* mlock fails with it */
    int nmmap, nmlock;
    int mmap_flags;
    const void *mlocked;
    /* getdomaininfo: per domain flags, an error, or the next domain answers */
    uint32_t dom_flags[NDOMS];
    int dom_errno[NDOMS];
    bool dom_gone[NDOMS];
    unsigned char domctl_in[16];   /* header of the last domctl */
    uint16_t asked[16];
    int nasked;
    int gntdev_errno;          /* MAP_GRANT_REF fails with it */
    int privcmd_page_err;      /* MMAPBATCH_V2 per-page error */
    uint64_t batch_gfn;        /* MMAPBATCH_V2's first gfn */
    unsigned long req[16];
    unsigned char arg[16][64];
    int nioctl;
    int mmap_fd;
    long mmap_off;
    void *munmapped;
    uint32_t read_ports[4];
    long read_ret;
    int read_errno;
    uint32_t written[4];
    long written_len;
} m;

static char page[8192] __attribute__((aligned(4096)));
static char hpage[4096] __attribute__((aligned(4096)));   /* hypercall buffer */

static int mock_open(const char *path, int flags)
{
    (void)flags;
    if (m.nopen < 4)
        snprintf(m.opened[m.nopen], sizeof(m.opened[0]), "%s", path);
    m.nopen++;
    if (strstr(path, "evtchn"))
        return FD_EVTCHN;
    if (strstr(path, "gntdev")) {
        if (m.no_gntdev) {
            errno = ENOENT;
            return -1;
        }
        return FD_GNTDEV;
    }
    if (strstr(path, "hypercall") || strstr(path, "privcmd")) {
        bool hc = strstr(path, "hypercall") != NULL;
        if (hc ? m.no_hypercall : m.no_privcmd) {
            errno = ENOENT;
            return -1;
        }
        return hc ? FD_HYPERCALL : FD_PRIVCMD;
    }
    fail_msg("unexpected open of %s", path);
    return -1;
}

static int mock_close(int fd)
{
    (void)fd;
    return 0;
}

/*
 * __HYPERVISOR_domctl through privcmd: answer getdomaininfo as Xen does
 * (domain echoed at offset 16, flags at 20; the next domain when asked
 * for a vanished one).
 */
static int mock_domctl(void *arg)
{
    uint64_t hc[6];
    unsigned char *dc;
    uint16_t dom, echo;

    memcpy(hc, arg, sizeof(hc));
    assert_int_equal(hc[0], 36);                 /* __HYPERVISOR_domctl */
    dc = (unsigned char *)(uintptr_t)hc[1];
    assert_ptr_equal(dc, hpage);                 /* the locked page */
    memcpy(m.domctl_in, dc, sizeof(m.domctl_in));
    memcpy(&dom, dc + 8, 2);
    assert_true(dom < NDOMS);
    assert_true(m.nasked < 16);
    m.asked[m.nasked++] = dom;
    if (m.dom_errno[dom]) {
        errno = m.dom_errno[dom];
        return -1;
    }
    echo = (uint16_t)(dom + (m.dom_gone[dom] ? 1 : 0));
    memcpy(dc + 16, &echo, 2);
    memcpy(dc + 20, &m.dom_flags[dom], 4);
    return 0;
}

/* Record the request and the struct, answer as the kernel would. */
static int mock_ioctl(int fd, unsigned long req, void *arg)
{
    size_t size = (req >> 16) & 0x3fff;
    int i = m.nioctl++;

    assert_true(i < 16);
    m.req[i] = req;
    if (arg && size <= sizeof(m.arg[0]))
        memcpy(m.arg[i], arg, size);
    switch (req) {
    case REQ_EVTCHN_BIND_INTERDOMAIN:
        assert_int_equal(fd, FD_EVTCHN);
        return 42;
    case REQ_EVTCHN_BIND_VIRQ:
        return 9;
    case REQ_GNTDEV_MAP:
        assert_int_equal(fd, FD_GNTDEV);
        if (m.gntdev_errno) {
            errno = m.gntdev_errno;
            return -1;
        }
        ((uint64_t *)arg)[1] = 0x20000;      /* index, after count+pad */
        return 0;
    case REQ_PRIVCMD_HYPERCALL:
        assert_int_equal(fd, FD_PRIVCMD);
        return mock_domctl(arg);
    case REQ_PRIVCMD_MMAPBATCH_V2: {
        /* num, dom, addr, arr, err at their natural x86_64 offsets */
        unsigned char *a = arg;
        const uint64_t *arr;
        int *err;
        memcpy(&arr, a + 16, sizeof(arr));
        m.batch_gfn = arr[0];       /* the caller's array lives until now */
        memcpy(&err, a + 24, sizeof(err));
        *err = m.privcmd_page_err;
        return 0;
    }
    default:
        return 0;
    }
}

static void *mock_mmap(void *addr, size_t len, int prot, int flags, int fd,
                       long off)
{
    (void)addr;
    assert_int_equal(len, 4096);
    assert_int_equal(prot, PROT_READ | PROT_WRITE);
    m.nmmap++;
    m.mmap_fd = fd;
    m.mmap_off = off;
    m.mmap_flags = flags;
    if (flags == (MAP_PRIVATE | MAP_ANONYMOUS)) {
        assert_int_equal(fd, -1);
        return hpage;
    }
    assert_int_equal(flags, MAP_SHARED);
    return fd == FD_HYPERCALL ? hpage : page;
}

static int mock_munmap(void *addr, size_t len)
{
    (void)len;
    m.munmapped = addr;
    return 0;
}

static long mock_read(int fd, void *buf, size_t len)
{
    assert_int_equal(fd, FD_EVTCHN);
    if (m.read_ret < 0) {
        errno = m.read_errno;
        return -1;
    }
    assert_true((size_t)m.read_ret <= len);
    memcpy(buf, m.read_ports, (size_t)m.read_ret);
    return m.read_ret;
}

static long mock_write(int fd, const void *buf, size_t len)
{
    assert_int_equal(fd, FD_EVTCHN);
    memcpy(m.written, buf, len);
    m.written_len = (long)len;
    return (long)len;
}

static int mock_mlock(const void *addr, size_t len)
{
    assert_int_equal(len, 4096);
    m.nmlock++;
    m.mlocked = addr;
    if (m.mlock_errno) {
        errno = m.mlock_errno;
        return -1;
    }
    return 0;
}

static const struct xsd_sysops mock_sys = {
    .open = mock_open,
    .close = mock_close,
    .ioctl = mock_ioctl,
    .mmap = mock_mmap,
    .munmap = mock_munmap,
    .read = mock_read,
    .write = mock_write,
    .mlock = mock_mlock,
};

static struct xsd d;

static int setup(void **state)
{
    (void)state;
    memset(&m, 0, sizeof(m));
    memset(&d, 0, sizeof(d));
    xsd_sys = &mock_sys;
    return 0;
}

static void open_backend(void)
{
    assert_int_equal(xendev_open(&d), 0);
    assert_ptr_equal(d.x_ring, &xsd_xen_backend);
    assert_int_equal(d.x_ring_fd, FD_EVTCHN);
    m.nioctl = 0;
}

static int teardown(void **state)
{
    (void)state;
    if (d.x_ring)
        d.x_ring->close(&d);
    return 0;
}

static void test_open_paths(void **state)
{
    (void)state;
    setenv("XENSTORED_DEVROOT", "/fake", 1);
    open_backend();
    unsetenv("XENSTORED_DEVROOT");
    assert_string_equal(m.opened[0], "/fake/dev/xen/evtchn");
    assert_string_equal(m.opened[1], "/fake/dev/xen/gntdev");
    assert_string_equal(m.opened[2], "/fake/dev/xen/privcmd");
}

static void test_evtchn_requests(void **state)
{
    uint32_t a[2];

    (void)state;
    open_backend();
    assert_int_equal(d.x_ring->bind(&d, 5, 7), 42);
    assert_int_equal(m.req[0], REQ_EVTCHN_BIND_INTERDOMAIN);
    memcpy(a, m.arg[0], 8);
    assert_int_equal(a[0], 5);     /* remote_domain */
    assert_int_equal(a[1], 7);     /* remote_port */
    assert_int_equal(d.x_ring->bind_virq(&d, XSD_VIRQ_DOM_EXC), 9);
    assert_int_equal(m.req[1], REQ_EVTCHN_BIND_VIRQ);
    memcpy(a, m.arg[1], 4);
    assert_int_equal(a[0], 3);
    d.x_ring->notify(&d, 42);
    assert_int_equal(m.req[2], REQ_EVTCHN_NOTIFY);
    memcpy(a, m.arg[2], 4);
    assert_int_equal(a[0], 42);
    d.x_ring->unbind(&d, 42);
    assert_int_equal(m.req[3], REQ_EVTCHN_UNBIND);
    memcpy(a, m.arg[3], 4);
    assert_int_equal(a[0], 42);
}

static void test_pending_unmasks(void **state)
{
    uint32_t ports[64];

    (void)state;
    open_backend();
    m.read_ports[0] = 42;
    m.read_ports[1] = 9;
    m.read_ret = 8;
    assert_int_equal(d.x_ring->pending(&d, ports, 64), 2);
    assert_int_equal(ports[0], 42);
    assert_int_equal(ports[1], 9);
    /* Both written back to the device: unmasked. */
    assert_int_equal(m.written_len, 8);
    assert_int_equal(m.written[0], 42);
    assert_int_equal(m.written[1], 9);
    m.read_ret = -1;
    m.read_errno = EAGAIN;
    assert_int_equal(d.x_ring->pending(&d, ports, 64), 0);
    assert_int_equal(m.nioctl, 0);
    /* Overflow: RESET, and the caller must look at every ring. */
    m.read_errno = EFBIG;
    assert_int_equal(d.x_ring->pending(&d, ports, 64), -1);
    assert_int_equal(m.nioctl, 1);
    assert_int_equal(m.req[0], REQ_EVTCHN_RESET);
}

static void test_map_gntdev(void **state)
{
    struct xsd_ring_map rm = { 0 };
    uint32_t a[4];
    uint64_t idx;

    (void)state;
    open_backend();
    assert_int_equal(d.x_ring->map(&d, 5, 0x1234, &rm), 0);
    assert_int_equal(m.req[0], REQ_GNTDEV_MAP);
    memcpy(a, m.arg[0], 8);
    assert_int_equal(a[0], 1);                 /* count */
    memcpy(a, m.arg[0] + 16, 8);
    assert_int_equal(a[0], 5);                 /* refs[0].domid */
    assert_int_equal(a[1], 1);                 /* GNTTAB_RESERVED_XENSTORE */
    assert_int_equal(m.mmap_fd, FD_GNTDEV);
    assert_int_equal(m.mmap_off, 0x20000);     /* the index returned */
    assert_ptr_equal(rm.m_page, page);
    d.x_ring->unmap(&d, &rm);
    assert_ptr_equal(m.munmapped, page);
    assert_int_equal(m.req[1], REQ_GNTDEV_UNMAP);
    memcpy(&idx, m.arg[1], 8);
    assert_int_equal(idx, 0x20000);
    memcpy(a, m.arg[1] + 8, 4);
    assert_int_equal(a[0], 1);
}

/* gntdev refuses (or is absent): a foreign mapping of the gfn instead. */
static void check_privcmd_batch(int i)
{
    uint32_t num;
    uint16_t dom;
    uint64_t addr;

    assert_int_equal(m.req[i], REQ_PRIVCMD_MMAPBATCH_V2);
    memcpy(&num, m.arg[i], 4);
    memcpy(&dom, m.arg[i] + 4, 2);
    memcpy(&addr, m.arg[i] + 8, 8);
    assert_int_equal(num, 1);
    assert_int_equal(dom, 5);
    assert_int_equal(addr, (uint64_t)(uintptr_t)page);
    assert_int_equal(m.batch_gfn, 0x1234);
    assert_int_equal(m.mmap_fd, FD_PRIVCMD);
    assert_int_equal(m.mmap_off, 0);
}

static void test_map_privcmd_fallback(void **state)
{
    struct xsd_ring_map rm = { 0 };

    (void)state;
    open_backend();
    m.gntdev_errno = EINVAL;
    assert_int_equal(d.x_ring->map(&d, 5, 0x1234, &rm), 0);
    assert_int_equal(m.req[0], REQ_GNTDEV_MAP);
    check_privcmd_batch(1);
    assert_ptr_equal(rm.m_page, page);
    m.nioctl = 0;
    d.x_ring->unmap(&d, &rm);
    assert_int_equal(m.nioctl, 0);             /* no grant to release */
    /* A per-page error fails the mapping and frees the area. */
    m.nioctl = 0;
    m.munmapped = NULL;
    m.privcmd_page_err = -ENOENT;
    assert_int_equal(d.x_ring->map(&d, 5, 0x1234, &rm), ENOENT);
    assert_ptr_equal(m.munmapped, page);
}

static void test_map_no_gntdev(void **state)
{
    struct xsd_ring_map rm = { 0 };

    (void)state;
    m.no_gntdev = true;
    open_backend();
    assert_int_equal(d.x_ring->map(&d, 5, 0x1234, &rm), 0);
    check_privcmd_batch(0);
}

/* A socket-like connection collecting nothing: we look at its queue. */
static long null_write(struct xsd_conn *c, const void *buf, size_t len)
{
    (void)c;
    (void)buf;
    (void)len;
    return 0;
}

static const struct xsd_transport_ops null_ops = { .name = "null",
                                                   .write = null_write };

/* The getdomaininfo domctl: encoding, flags, and the answers for gone. */
static void test_domain_state(void **state)
{
    unsigned flags = 99;
    uint64_t hc[6];
    uint32_t w[2];
    uint16_t h[4];

    (void)state;
    setenv("XENSTORED_DEVROOT", "/fake", 1);
    open_backend();
    m.dom_flags[5] = (1u << 2) | (3u << 16);     /* shutdown, code crash */
    assert_int_equal(d.x_ring->domain_state(&d, 5, &flags), 0);
    unsetenv("XENSTORED_DEVROOT");
    assert_int_equal(flags, XSD_DOMSTATE_SHUTDOWN);
    /* The buffer: /dev/xen/hypercall under the devroot, mapped shared. */
    assert_string_equal(m.opened[3], "/fake/dev/xen/hypercall");
    assert_int_equal(m.mmap_fd, FD_HYPERCALL);
    assert_int_equal(m.mmap_flags, MAP_SHARED);
    assert_int_equal(m.nmlock, 0);
    /* The request: IOCTL_PRIVCMD_HYPERCALL { 36, &domctl } */
    assert_int_equal(m.nioctl, 1);
    assert_int_equal(m.req[0], REQ_PRIVCMD_HYPERCALL);
    memcpy(hc, m.arg[0], sizeof(hc));
    assert_int_equal(hc[0], 36);
    assert_int_equal(hc[1], (uint64_t)(uintptr_t)hpage);
    /* domctl: cmd 5, interface version 0x15, domain 5, zero padding. */
    memcpy(w, m.domctl_in, 8);
    memcpy(h, m.domctl_in + 8, 8);
    assert_int_equal(w[0], 5);
    assert_int_equal(w[1], 0x15);
    assert_int_equal(h[0], 5);
    assert_int_equal(h[1] | h[2] | h[3], 0);
    /* Dying (with shutdown), running, paused: only our two bits count. */
    m.dom_flags[5] = (1u << 0) | (1u << 2);
    assert_int_equal(d.x_ring->domain_state(&d, 5, &flags), 0);
    assert_int_equal(flags, XSD_DOMSTATE_SHUTDOWN | XSD_DOMSTATE_DYING);
    m.dom_flags[5] = (1u << 5) | (1u << 3);
    assert_int_equal(d.x_ring->domain_state(&d, 5, &flags), 0);
    assert_int_equal(flags, 0);
    /* Another domain answered (ours is gone), or ESRCH, or another error. */
    m.dom_gone[5] = true;
    assert_int_equal(d.x_ring->domain_state(&d, 5, &flags), -ESRCH);
    m.dom_errno[6] = ESRCH;
    assert_int_equal(d.x_ring->domain_state(&d, 6, &flags), -ESRCH);
    m.dom_errno[6] = EACCES;
    assert_int_equal(d.x_ring->domain_state(&d, 6, &flags), -EACCES);
    assert_int_equal(m.nmmap, 1);                /* the page is kept */
    /* Reserved ids are refused without a hypercall. */
    m.nioctl = 0;
    assert_int_equal(d.x_ring->domain_state(&d, 0x7ff0, &flags), -EINVAL);
    assert_int_equal(d.x_ring->domain_state(&d, 0xffffffffu, &flags), -EINVAL);
    assert_int_equal(m.nioctl, 0);
    /* Closing the backend unmaps it. */
    d.x_ring->close(&d);
    d.x_ring = NULL;
    assert_ptr_equal(m.munmapped, hpage);
}

/* Without /dev/xen/hypercall: an anonymous page, locked. */
static void test_domain_state_mlock(void **state)
{
    unsigned flags;

    (void)state;
    m.no_hypercall = true;
    m.mlock_errno = EPERM;
    open_backend();
    assert_int_equal(d.x_ring->domain_state(&d, 5, &flags), -ENOMEM);
    assert_int_equal(m.nioctl, 0);               /* never unlocked memory */
    assert_ptr_equal(m.munmapped, hpage);
    m.mlock_errno = 0;
    assert_int_equal(d.x_ring->domain_state(&d, 5, &flags), 0);
    assert_int_equal(m.mmap_fd, -1);
    assert_int_equal(m.mmap_flags, MAP_PRIVATE | MAP_ANONYMOUS);
    assert_ptr_equal(m.mlocked, hpage);
    assert_int_equal(m.nmlock, 2);
    assert_int_equal(m.req[0], REQ_PRIVCMD_HYPERCALL);
}

static void test_domain_state_no_privcmd(void **state)
{
    unsigned flags;

    (void)state;
    m.no_privcmd = true;
    open_backend();
    assert_int_equal(d.x_ring->domain_state(&d, 5, &flags), -ENODEV);
    assert_int_equal(m.nioctl, 0);
}

/* Events queued on c that name @releaseDomain, since the last call. */
static unsigned release_events(struct xsd_conn *c)
{
    static unsigned seen;
    unsigned n = 0;

    if (!c) {
        seen = 0;
        return 0;
    }
    for (const struct xsd_buf *b = c->c_out_head; b; b = b->b_next)
        if (memmem(b->b_data, b->b_len, "@releaseDomain", 14))
            n++;
    n -= seen;
    seen += n;
    return n;
}

static void raise_virq(void)
{
    m.read_ports[0] = 9;
    m.read_ret = 4;
    m.nasked = 0;
    m.nioctl = 0;
    ring_backend_events(&d);
}

static struct xsd_domain *fake_domain(uint32_t domid)
{
    struct xsd_domain *dom = domain_get(&d, domid);

    assert_non_null(dom);
    dom->d_introduced = true;
    return dom;
}

/*
 * VIRQ_DOM_EXC: every introduced domain but dom0 is asked; @releaseDomain
 * fires once when one newly shut down, and dying or vanished domains are
 * released.  Other ports go to their ring.
 */
static void test_virq_checks_domains(void **state)
{
    struct xsd_domain *d5, *d6, *d7;
    struct xsd_conn *c;

    (void)state;
    open_backend();
    d.x_virq_port = 9;
    d.x_release_perms[0] = (struct xsd_perm){ 0, 0 };
    d.x_release_nperms = 1;
    c = conn_new(&d, &null_ops, 100, 0);
    assert_non_null(c);
    assert_int_equal(watch_add(&d, c, "@releaseDomain", "tok", -1, false), 0);
    release_events(NULL);
    fake_domain(0);
    d5 = fake_domain(5);
    d6 = fake_domain(6);
    d7 = fake_domain(7);
    assert_non_null(domain_get(&d, 4));          /* known, not introduced */
    /* Nothing changed: 5, 6, 7 asked (not 0, not 4), nothing fired. */
    raise_virq();
    assert_int_equal(m.nasked, 3);
    for (int i = 0; i < 3; i++)
        assert_true(m.asked[i] >= 5 && m.asked[i] <= 7);
    assert_int_equal(release_events(c), 0);
    /* Lost events (EFBIG) may have hidden the VIRQ: domains are checked. */
    m.read_ret = -1;
    m.read_errno = EFBIG;
    m.nasked = 0;
    ring_backend_events(&d);
    assert_int_equal(m.nasked, 3);
    assert_int_equal(release_events(c), 0);
    /* dom5 shuts down: one event, still introduced; not reported twice. */
    m.dom_flags[5] = 1u << 2;
    raise_virq();
    assert_int_equal(release_events(c), 1);
    assert_true(d5->d_introduced && d5->d_shutdown);
    raise_virq();
    assert_int_equal(release_events(c), 0);
    /* dom6 dies while dom7 shuts down: the release's event covers both. */
    m.dom_flags[6] = (1u << 0) | (1u << 2);
    m.dom_flags[7] = 1u << 2;
    raise_virq();
    assert_int_equal(release_events(c), 1);
    assert_false(d6->d_introduced);
    assert_true(d7->d_introduced && d7->d_shutdown);
    /* dom5 vanishes (dom6's info answers): released; dom6 no longer asked. */
    m.dom_gone[5] = true;
    raise_virq();
    assert_int_equal(release_events(c), 1);
    assert_false(d5->d_introduced);
    assert_int_equal(m.nasked, 2);
    assert_true(m.asked[0] != 6 && m.asked[1] != 6);
    /* The hypervisor refuses: we cannot tell, so fire and keep dom7. */
    m.dom_errno[7] = EACCES;
    raise_virq();
    assert_int_equal(release_events(c), 1);
    assert_true(d7->d_introduced);
    /* ESRCH: gone. */
    m.dom_errno[7] = ESRCH;
    raise_virq();
    assert_int_equal(release_events(c), 1);
    assert_false(d7->d_introduced);
    /* A port nobody owns is ignored. */
    m.read_ports[0] = 77;
    ring_backend_events(&d);
    assert_int_equal(release_events(c), 0);
    conn_destroy(&d, c);
    domain_free_all(&d);
}

/*
 * ring.c over this backend: a guest request put in the mapped page and a
 * pending port from evtchn give a reply in the page and a NOTIFY.
 */
static void test_ring_over_xendev(void **state)
{
    struct xenstore_domain_interface *intf = (void *)page;
    struct xsd_sockmsg hdr = { XS_GET_DOMAIN_PATH, 9, 0, 2 };
    struct xsd_sockmsg rhdr;
    struct xsd_domain *dom;
    uint32_t a;

    (void)state;
    memset(page, 0, sizeof(page));
    for (int q = 0; q < Q_COUNT; q++)
        d.x_opt.o_quota[q] = 0xffffffffu;
    d.x_opt.o_quota[Q_PATH_MAX] = 2048;
    d.x_opt.o_quota[Q_NODE_SIZE] = 2048;
    assert_int_equal(store_init(&d), 0);
    open_backend();
    d.x_virq_port = -1;
    dom = domain_get(&d, 5);
    assert_non_null(dom);
    dom->d_gfn = 0x1234;
    dom->d_evtchn = 7;
    assert_int_equal(ring_open(&d, dom), 0);
    assert_int_equal(m.req[0], REQ_GNTDEV_MAP);
    assert_int_equal(m.req[1], REQ_EVTCHN_BIND_INTERDOMAIN);
    assert_int_equal(m.req[2], REQ_EVTCHN_NOTIFY);     /* features set */
    assert_int_not_equal(intf->server_features, 0);
    /* The guest writes GET_DOMAIN_PATH "5" and kicks its channel. */
    memcpy(intf->req, &hdr, sizeof(hdr));
    memcpy(intf->req + sizeof(hdr), "5", 2);
    intf->req_prod = sizeof(hdr) + 2;
    m.read_ports[0] = 42;
    m.read_ret = 4;
    m.nioctl = 0;
    ring_backend_events(&d);
    assert_int_equal(intf->req_cons, sizeof(hdr) + 2);
    assert_int_equal(intf->rsp_prod, sizeof(hdr) + 16);
    memcpy(&rhdr, intf->rsp, sizeof(rhdr));
    assert_int_equal(rhdr.type, XS_GET_DOMAIN_PATH);
    assert_int_equal(rhdr.req_id, 9);
    assert_memory_equal(intf->rsp + sizeof(rhdr), "/local/domain/5", 16);
    assert_true(m.nioctl >= 1);
    assert_int_equal(m.req[m.nioctl - 1], REQ_EVTCHN_NOTIFY);
    memcpy(&a, m.arg[m.nioctl - 1], 4);
    assert_int_equal(a, 42);
    /* Destroying the connection unbinds the port and releases the grant. */
    m.nioctl = 0;
    conn_destroy(&d, dom->d_conn);
    assert_int_equal(m.req[0], REQ_EVTCHN_UNBIND);
    assert_int_equal(m.req[1], REQ_GNTDEV_UNMAP);
    table_free(&d.x_store);
    domain_free_all(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evtchn_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pending_unmasks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_gntdev, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_privcmd_fallback, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_map_no_gntdev, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domain_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domain_state_mlock, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_domain_state_no_privcmd, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_virq_checks_domains, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ring_over_xendev, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
