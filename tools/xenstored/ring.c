/*
 * xenstored: the domain ring transport (xenstore_domain_interface page)
 * over a backend, our own domain's ring (/proc/xen/xsd_kva) and the test
 * backend (--ring-dir: files and FIFOs standing for pages and event channels).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xsd.h"

#define RING_PAGE 4096u

struct ring_state {
    struct xsd *rs_d;
    struct xenstore_domain_interface *rs_intf;
    struct xsd_ring_map rs_map;
    bool rs_local;                 /* page from xsd_kva, not the backend */
    int rs_port;                   /* local event channel port */
};

/* "<devroot><path>": paths of /dev/xen and /proc/xen, movable for tests. */
const char *xsd_devpath(char *buf, size_t size, const char *path)
{
    const char *root = getenv("XENSTORED_DEVROOT");

    snprintf(buf, size, "%s%s", root ? root : "", path);
    return buf;
}

static void ring_notify(struct ring_state *rs)
{
    rs->rs_d->x_ring->notify(rs->rs_d, rs->rs_port);
}

static long ring_read(struct xsd_conn *c, void *buf, size_t len)
{
    struct ring_state *rs = c->c_priv;
    volatile struct xenstore_domain_interface *in = rs->rs_intf;
    XENSTORE_RING_IDX cons = in->req_cons, prod = in->req_prod;
    size_t avail, off;

    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (prod - cons > XENSTORE_RING_SIZE) {
        in->error = XENSTORE_ERROR_RINGIDX;
        return -1;
    }
    avail = prod - cons;
    off = MASK_XENSTORE_IDX(cons);
    if (avail > XENSTORE_RING_SIZE - off)
        avail = XENSTORE_RING_SIZE - off;
    if (avail > len)
        avail = len;
    if (!avail)
        return 0;
    memcpy(buf, (const char *)in->req + off, avail);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    in->req_cons = cons + (XENSTORE_RING_IDX)avail;
    ring_notify(rs);
    return (long)avail;
}

static long ring_write(struct xsd_conn *c, const void *buf, size_t len)
{
    struct ring_state *rs = c->c_priv;
    volatile struct xenstore_domain_interface *in = rs->rs_intf;
    XENSTORE_RING_IDX cons = in->rsp_cons, prod = in->rsp_prod;
    size_t space, off;

    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (prod - cons > XENSTORE_RING_SIZE) {
        in->error = XENSTORE_ERROR_RINGIDX;
        return -1;
    }
    space = XENSTORE_RING_SIZE - (prod - cons);
    off = MASK_XENSTORE_IDX(prod);
    if (space > XENSTORE_RING_SIZE - off)
        space = XENSTORE_RING_SIZE - off;
    if (space > len)
        space = len;
    if (!space)
        return 0;
    memcpy((char *)in->rsp + off, buf, space);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    in->rsp_prod = prod + (XENSTORE_RING_IDX)space;
    ring_notify(rs);
    return (long)space;
}

static void ring_state_free(struct ring_state *rs)
{
    struct xsd *d = rs->rs_d;

    if (rs->rs_port >= 0)
        d->x_ring->unbind(d, rs->rs_port);
    if (rs->rs_map.m_page && rs->rs_local)
        munmap(rs->rs_map.m_page, RING_PAGE);
    else if (rs->rs_map.m_page)
        d->x_ring->unmap(d, &rs->rs_map);
    free(rs);
}

static void ring_close(struct xsd_conn *c)
{
    if (c->c_priv)
        ring_state_free(c->c_priv);
    c->c_priv = NULL;
}

static const struct xsd_transport_ops ring_ops = {
    .name = "ring",
    .read = ring_read,
    .write = ring_write,
    .close = ring_close,
};

/* Map a file's first page shared (xsd_kva, test rings); errno or 0. */
static int map_file(const char *path, void **page)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    void *p;

    if (fd < 0)
        return errno;
    p = mmap(NULL, RING_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return errno;
    *page = p;
    return 0;
}

/* Map dom's page and bind its event channel into rs; errno or 0. */
static int ring_attach(struct xsd *d, struct xsd_domain *dom,
                       struct ring_state *rs)
{
    char path[4096];
    int err;

    if (rs->rs_local)
        err = map_file(xsd_devpath(path, sizeof(path), "/proc/xen/xsd_kva"),
                       &rs->rs_map.m_page);
    else
        err = d->x_ring->map(d, dom->d_domid, dom->d_gfn, &rs->rs_map);
    if (err)
        return err;
    rs->rs_port = d->x_ring->bind(d, dom->d_domid, dom->d_evtchn);
    return rs->rs_port < 0 ? -rs->rs_port : 0;
}

int ring_open(struct xsd *d, struct xsd_domain *dom)
{
    struct ring_state *rs;
    struct xsd_conn *c;
    int err;

    if (!d->x_ring)
        return ENOSYS;
    rs = calloc(1, sizeof(*rs));
    if (!rs)
        return ENOMEM;
    rs->rs_d = d;
    rs->rs_port = -1;
    rs->rs_local = dom->d_local;
    err = ring_attach(d, dom, rs);
    c = err ? NULL : conn_new(d, &ring_ops, -1, dom->d_domid);
    if (!c) {
        if (err)
            xsd_log(d, "dom%u: ring: %s", dom->d_domid, strerror(err));
        ring_state_free(rs);
        return err ? err : ENOMEM;
    }
    rs->rs_intf = rs->rs_map.m_page;
    c->c_priv = rs;
    c->c_domain = dom;
    dom->d_conn = c;
    rs->rs_intf->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
                                   XENSTORE_SERVER_FEATURE_ERROR;
    rs->rs_intf->evtchn_port = dom->d_evtchn;
    ring_notify(rs);
    return 0;
}

void ring_event(struct xsd *d, struct xsd_conn *c)
{
    struct ring_state *rs = c->c_priv;
    volatile struct xenstore_domain_interface *in;

    if (!rs)
        return;
    in = rs->rs_intf;
    if (in->connection == XENSTORE_RECONNECT) {
        /* The guest asks for a fresh start: forget everything it had. */
        conn_reset(d, c);
        c->c_dead = false;
        in->req_cons = in->req_prod = 0;
        in->rsp_cons = in->rsp_prod = 0;
        in->error = XENSTORE_ERROR_NONE;
        __atomic_thread_fence(__ATOMIC_RELEASE);
        in->connection = XENSTORE_CONNECTED;
        ring_notify(rs);
        return;
    }
    if (c->c_dead || in->error != XENSTORE_ERROR_NONE)
        return;     /* broken until the guest reconnects */
    conn_input(d, c);
    journal_flush(d);
    conn_output(c);
    if (c->c_dead && in->error == XENSTORE_ERROR_NONE)
        in->error = XENSTORE_ERROR_PROTO;
}

/* The ring connection whose local port is port, or NULL. */
static struct xsd_conn *ring_by_port(struct xsd *d, uint32_t port)
{
    for (struct xsd_conn *c = d->x_conns; c; c = c->c_next) {
        const struct ring_state *rs = c->c_fd < 0 ? c->c_priv : NULL;
        if (rs && rs->rs_port >= 0 && (uint32_t)rs->rs_port == port)
            return c;
    }
    return NULL;
}

/*
 * VIRQ_DOM_EXC: some domain shut down or died.  The backend's domain_state
 * (getdomaininfo) tells which; domain.c releases the dying and vanished
 * ones and fires @releaseDomain only when something changed.
 */
static void ring_dom_exc(struct xsd *d)
{
    domain_check_states(d);
}

/* Serve every ring that fired since the last call (backend fd readable). */
void ring_backend_events(struct xsd *d)
{
    uint32_t ports[64];
    int n;

    if (!d->x_ring)
        return;
    while ((n = d->x_ring->pending(d, ports, 64)) != 0) {
        if (n < 0) {
            /* Events were lost: look at every ring and every domain. */
            for (struct xsd_conn *c = d->x_conns; c; c = c->c_next)
                if (c->c_fd < 0)
                    ring_event(d, c);
            if (d->x_virq_port >= 0)
                ring_dom_exc(d);
            return;
        }
        for (int i = 0; i < n; i++) {
            struct xsd_conn *c = ring_by_port(d, ports[i]);
            if (d->x_virq_port >= 0 && ports[i] == (uint32_t)d->x_virq_port)
                ring_dom_exc(d);
            else if (c)
                ring_event(d, c);
        }
        if (n < 64)
            return;
    }
}

/*
 * Our own domain (dom0, or a driver domain running the store): Linux puts
 * its ring page in /proc/xen/xsd_kva and the port its xenbus driver
 * allocated for us in /proc/xen/xsd_port, as Xen's daemon expects at start.
 * Not journaled: every start finds it there again.
 */
int ring_local_init(struct xsd *d)
{
    char path[4096], buf[32];
    struct xsd_domain *dom;
    unsigned long port;
    char *end;
    ssize_t n;
    int fd, err;

    fd = open(xsd_devpath(path, sizeof(path), "/proc/xen/xsd_port"),
              O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return EINVAL;
    buf[n] = '\0';
    port = strtoul(buf, &end, 10);
    if (end == buf || (*end && *end != '\n') || port > 0xffffffffUL)
        return EINVAL;
    dom = domain_get(d, 0);
    if (!dom)
        return ENOMEM;
    dom->d_local = true;
    dom->d_evtchn = (uint32_t)port;
    if ((err = ring_open(d, dom)))
        return err;
    dom->d_introduced = true;
    xsd_log(d, "dom0: local ring, event channel %lu", port);
    return 0;
}

/*
 * ---- the test backend: DIR/ring-<domid>, FIFOs DIR/evt-<domid>-{up,down},
 * DIR/virq-<virq> (a FIFO the daemon creates; any byte written raises the
 * VIRQ) and DIR/state-<domid> (the domain's state for VIRQ_DOM_EXC:
 * "running" (also when absent), "shutdown", "crashed", "dying" or "gone").
 */

/* A local port is an index into the slots; 0 stays unused as in Xen. */
struct test_slot {
    int up_fd;      /* guest to store */
    int down_fd;    /* store to guest */
};

struct test_backend {
    int epfd;
    struct test_slot *slots;
    unsigned nslots;
};

static int test_open_fifo(struct xsd *d, uint32_t domid, const char *dir)
{
    char path[4096];

    snprintf(path, sizeof(path), "%s/evt-%u-%s", d->x_opt.o_ringdir, domid,
             dir);
    return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

static int test_map(struct xsd *d, uint32_t domid, uint64_t gfn,
                    struct xsd_ring_map *m)
{
    char path[4096];

    (void)gfn;
    snprintf(path, sizeof(path), "%s/ring-%u", d->x_opt.o_ringdir, domid);
    return map_file(path, &m->m_page);
}

static void test_unmap(struct xsd *d, struct xsd_ring_map *m)
{
    (void)d;
    munmap(m->m_page, RING_PAGE);
}

/* A free slot (growing the table); its index, or -1. */
static int test_slot_alloc(struct test_backend *tb)
{
    unsigned i;
    struct test_slot *s;

    for (i = 1; i < tb->nslots; i++)
        if (tb->slots[i].up_fd < 0)
            return (int)i;
    s = realloc(tb->slots, (tb->nslots + 16) * sizeof(*s));
    if (!s)
        return -1;
    for (i = tb->nslots; i < tb->nslots + 16; i++)
        s[i].up_fd = s[i].down_fd = -1;
    tb->slots = s;
    i = tb->nslots ? tb->nslots : 1;
    tb->nslots += 16;
    return (int)i;
}

static int test_bind(struct xsd *d, uint32_t domid, uint32_t remote_port)
{
    struct test_backend *tb = d->x_ring_priv;
    struct epoll_event ev = { .events = EPOLLIN };
    int port = test_slot_alloc(tb);
    struct test_slot *s;

    (void)remote_port;
    if (port < 0)
        return -ENOMEM;
    s = &tb->slots[port];
    s->up_fd = test_open_fifo(d, domid, "up");
    s->down_fd = test_open_fifo(d, domid, "down");
    ev.data.u32 = (uint32_t)port;
    if (s->up_fd < 0 || s->down_fd < 0 ||
        epoll_ctl(tb->epfd, EPOLL_CTL_ADD, s->up_fd, &ev) < 0) {
        int err = errno;
        if (s->up_fd >= 0)
            close(s->up_fd);
        if (s->down_fd >= 0)
            close(s->down_fd);
        s->up_fd = s->down_fd = -1;
        return -err;
    }
    return port;
}

/* A VIRQ is a FIFO the tests write to; nothing is sent back on it. */
static int test_bind_virq(struct xsd *d, uint32_t virq)
{
    struct test_backend *tb = d->x_ring_priv;
    struct epoll_event ev = { .events = EPOLLIN };
    int port = test_slot_alloc(tb);
    char path[4096];
    int fd;

    if (port < 0)
        return -ENOMEM;
    snprintf(path, sizeof(path), "%s/virq-%u", d->x_opt.o_ringdir, virq);
    if (mkfifo(path, 0600) < 0 && errno != EEXIST)
        return -errno;
    fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ev.data.u32 = (uint32_t)port;
    if (epoll_ctl(tb->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    tb->slots[port].up_fd = fd;
    return port;
}

static void test_unbind(struct xsd *d, int port)
{
    struct test_backend *tb = d->x_ring_priv;
    struct test_slot *s = &tb->slots[port];

    close(s->up_fd);        /* also leaves the epoll set */
    if (s->down_fd >= 0)
        close(s->down_fd);
    s->up_fd = s->down_fd = -1;
}

/* Contents of DIR/state-<domid>, as domain_state answers them. */
static const struct {
    const char *name;
    int ret;
    unsigned flags;
} test_states[] = {
    { "running", 0, 0 },
    { "shutdown", 0, XSD_DOMSTATE_SHUTDOWN },
    { "crashed", 0, XSD_DOMSTATE_SHUTDOWN },
    { "dying", 0, XSD_DOMSTATE_SHUTDOWN | XSD_DOMSTATE_DYING },
    { "gone", -ESRCH, 0 },
};

static int test_domain_state(struct xsd *d, uint32_t domid, unsigned *flags)
{
    char path[4096], buf[32];
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "%s/state-%u", d->x_opt.o_ringdir, domid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        *flags = 0;
        return 0;
    }
    if (fd < 0)
        return -errno;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n < 0)
        return -EIO;
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    for (size_t i = 0; i < sizeof(test_states) / sizeof(test_states[0]); i++) {
        if (strcmp(buf, test_states[i].name) == 0) {
            *flags = test_states[i].flags;
            return test_states[i].ret;
        }
    }
    return -EINVAL;
}

static void test_notify(struct xsd *d, int port)
{
    struct test_backend *tb = d->x_ring_priv;
    char c = 1;

    if (write(tb->slots[port].down_fd, &c, 1) < 0) {
        /* A full FIFO already holds a pending notification. */
    }
}

static int test_pending(struct xsd *d, uint32_t *ports, int max)
{
    struct test_backend *tb = d->x_ring_priv;
    struct epoll_event ev[64];
    char buf[256];
    int n = epoll_wait(tb->epfd, ev, max < 64 ? max : 64, 0);

    for (int i = 0; i < n; i++) {
        ports[i] = ev[i].data.u32;
        /* Drained here, as reading /dev/xen/evtchn consumes the event. */
        while (read(tb->slots[ports[i]].up_fd, buf, sizeof(buf)) > 0)
            ;
    }
    return n < 0 ? 0 : n;
}

static void test_close(struct xsd *d)
{
    struct test_backend *tb = d->x_ring_priv;

    for (unsigned i = 1; i < tb->nslots; i++)
        if (tb->slots[i].up_fd >= 0)
            test_unbind(d, (int)i);
    close(tb->epfd);
    free(tb->slots);
    free(tb);
    d->x_ring_priv = NULL;
}

const struct xsd_ring_backend xsd_test_backend = {
    .name = "test",
    .map = test_map,
    .unmap = test_unmap,
    .bind = test_bind,
    .bind_virq = test_bind_virq,
    .unbind = test_unbind,
    .notify = test_notify,
    .pending = test_pending,
    .close = test_close,
    .domain_state = test_domain_state,
};

static int test_backend_open(struct xsd *d)
{
    struct test_backend *tb = calloc(1, sizeof(*tb));

    if (!tb)
        return ENOMEM;
    tb->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (tb->epfd < 0) {
        free(tb);
        return errno;
    }
    d->x_ring_priv = tb;
    d->x_ring_fd = tb->epfd;
    d->x_ring = &xsd_test_backend;
    return 0;
}

/*
 * Pick the backend: the test one with --ring-dir, else the Linux devices
 * when /dev/xen/evtchn opens.  Without either, INTRODUCE only records
 * the domain.  Either backend then binds VIRQ_DOM_EXC.  Returns 0 or the
 * errno of the backend.
 */
int ring_backend_init(struct xsd *d)
{
    int err;

    d->x_ring = NULL;
    d->x_ring_fd = -1;
    d->x_virq_port = -1;
    err = d->x_opt.o_ringdir ? test_backend_open(d) : xendev_open(d);
    if (err)
        return err;
    d->x_virq_port = d->x_ring->bind_virq(d, XSD_VIRQ_DOM_EXC);
    if (d->x_virq_port < 0)
        xsd_log(d, "cannot bind VIRQ_DOM_EXC: %s", strerror(-d->x_virq_port));
    return 0;
}
