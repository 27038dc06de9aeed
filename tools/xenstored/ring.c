/*
 * xenstored: the domain ring transport (xenstore_domain_interface page).
 * The page and the event channel come from a backend; the one built here
 * is the test backend: DIR/ring-<domid> is the page (a 4 KiB file mapped
 * shared) and the FIFOs DIR/evt-<domid>-up (guest to store) and
 * DIR/evt-<domid>-down (store to guest) carry notifications, one byte each.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xsd.h"

struct ring_state {
    struct xenstore_domain_interface *rs_intf;
    int rs_up_fd;
    int rs_down_fd;
};

static void ring_notify(struct ring_state *rs)
{
    char c = 1;

    if (write(rs->rs_down_fd, &c, 1) < 0) {
        /* A full FIFO already holds a pending notification. */
    }
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

static void ring_close(struct xsd_conn *c)
{
    struct ring_state *rs = c->c_priv;

    if (!rs)
        return;
    munmap(rs->rs_intf, 4096);
    close(rs->rs_up_fd);
    close(rs->rs_down_fd);
    free(rs);
    c->c_priv = NULL;
}

static const struct xsd_transport_ops ring_ops = {
    .name = "ring",
    .read = ring_read,
    .write = ring_write,
    .close = ring_close,
};

/* Open DIR/<prefix>-<domid><suffix> with flags; -1 with errno. */
static int open_part(const char *dir, const char *fmt, uint32_t domid,
                     int flags)
{
    char path[4096];

    snprintf(path, sizeof(path), fmt, dir, domid);
    return open(path, flags | O_CLOEXEC);
}

int ring_open(struct xsd *d, struct xsd_domain *dom)
{
    const char *dir = d->x_opt.o_ringdir;
    struct ring_state *rs;
    struct xsd_conn *c;
    int fd;
    void *page;

    if (!dir)
        return ENOSYS;
    rs = calloc(1, sizeof(*rs));
    if (!rs)
        return ENOMEM;
    fd = open_part(dir, "%s/ring-%u", dom->d_domid, O_RDWR);
    if (fd < 0) {
        free(rs);
        return ENOENT;
    }
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (page == MAP_FAILED) {
        free(rs);
        return ENOMEM;
    }
    rs->rs_intf = page;
    rs->rs_up_fd = open_part(dir, "%s/evt-%u-up", dom->d_domid,
                             O_RDWR | O_NONBLOCK);
    rs->rs_down_fd = open_part(dir, "%s/evt-%u-down", dom->d_domid,
                               O_RDWR | O_NONBLOCK);
    c = conn_new(d, &ring_ops, -1, dom->d_domid);
    if (rs->rs_up_fd < 0 || rs->rs_down_fd < 0 || !c) {
        if (rs->rs_up_fd >= 0)
            close(rs->rs_up_fd);
        if (rs->rs_down_fd >= 0)
            close(rs->rs_down_fd);
        munmap(page, 4096);
        free(rs);
        if (c)
            conn_destroy(d, c);
        return ENOENT;
    }
    c->c_priv = rs;
    c->c_domain = dom;
    dom->d_conn = c;
    rs->rs_intf->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
                                   XENSTORE_SERVER_FEATURE_ERROR;
    rs->rs_intf->evtchn_port = dom->d_evtchn;
    ring_notify(rs);
    return 0;
}

int ring_poll_fd(const struct xsd_conn *c)
{
    const struct ring_state *rs = c->c_priv;

    return rs ? rs->rs_up_fd : -1;
}

void ring_event(struct xsd *d, struct xsd_conn *c)
{
    struct ring_state *rs = c->c_priv;
    volatile struct xenstore_domain_interface *in;
    char buf[256];

    if (!rs)
        return;
    in = rs->rs_intf;
    while (read(rs->rs_up_fd, buf, sizeof(buf)) > 0)
        ;
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
