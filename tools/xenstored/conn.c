/* xenstored: connections, message framing and the unix socket transport. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xsd.h"

/* Stop reading requests while this many reply bytes wait to be sent. */
#define CONN_OUT_HIGH (256u * 1024u)

struct xsd_conn *conn_new(struct xsd *d, const struct xsd_transport_ops *ops,
                          int fd, uint32_t domid)
{
    struct xsd_conn *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->c_ops = ops;
    c->c_fd = fd;
    c->c_domid = domid;
    c->c_target = XSD_DOMID_NONE;
    c->c_priv_dom = domid == 0 || domid == d->x_opt.o_priv_domid;
    c->c_event_timeout_ms = c->c_priv_dom ? 0 : d->x_opt.o_watch_event_ms;
    c->c_out_tail = &c->c_out_head;
    c->c_next_txid = 0;
    c->c_next = d->x_conns;
    d->x_conns = c;
    return c;
}

/* Drop queued output, transactions and watches; keep the transport. */
void conn_reset(struct xsd *d, struct xsd_conn *c)
{
    while (c->c_out_head) {
        struct xsd_buf *b = c->c_out_head;
        c->c_out_head = b->b_next;
        free(b);
    }
    c->c_out_tail = &c->c_out_head;
    c->c_out_bytes = 0;
    c->c_out_events = 0;
    c->c_out_msgs = 0;
    c->c_rlen = c->c_roff = 0;
    c->c_in_got = 0;
    while (c->c_txs) {
        struct xsd_tx *tx = c->c_txs;
        c->c_txs = tx->x_next;
        tx_free(tx);
    }
    c->c_ntxs = 0;
    watch_remove_all(d, c);
    if (c->c_domain)
        c->c_domain->d_watches = 0;
}

void conn_destroy(struct xsd *d, struct xsd_conn *c)
{
    for (struct xsd_conn **cp = &d->x_conns; *cp; cp = &(*cp)->c_next) {
        if (*cp == c) {
            *cp = c->c_next;
            break;
        }
    }
    conn_reset(d, c);
    if (c->c_domain && c->c_domain->d_conn == c)
        c->c_domain->d_conn = NULL;
    if (c->c_ops->close)
        c->c_ops->close(c);
    free(c->c_rbuf);
    free(c);
}

int conn_queue(struct xsd_conn *c, uint32_t type, uint32_t req_id,
               uint32_t tx_id, const void *p1, size_t l1, const void *p2,
               size_t l2, bool event)
{
    struct xsd_sockmsg hdr = { type, req_id, tx_id, (uint32_t)(l1 + l2) };
    struct xsd_buf *b;

    if (l1 + l2 > XENSTORE_PAYLOAD_MAX)
        return E2BIG;
    b = malloc(sizeof(*b) + sizeof(hdr) + l1 + l2);
    if (!b)
        return ENOMEM;
    b->b_next = NULL;
    b->b_off = 0;
    b->b_len = sizeof(hdr) + l1 + l2;
    b->b_event = event;
    b->b_deadline = event && c->c_event_timeout_ms
                        ? xsd_now_ms() + c->c_event_timeout_ms : 0;
    memcpy(b->b_data, &hdr, sizeof(hdr));
    if (l1)
        memcpy(b->b_data + sizeof(hdr), p1, l1);
    if (l2)
        memcpy(b->b_data + sizeof(hdr) + l1, p2, l2);
    *c->c_out_tail = b;
    c->c_out_tail = &b->b_next;
    c->c_out_bytes += b->b_len;
    c->c_out_events += event;
    c->c_out_msgs++;
    return 0;
}

/* Send as much of the queue as one gathered write takes. */
static long output_gathered(struct xsd_conn *c)
{
    struct iovec iov[32];
    int n = 0;

    for (struct xsd_buf *b = c->c_out_head; b && n < 32; b = b->b_next, n++) {
        iov[n].iov_base = b->b_data + b->b_off;
        iov[n].iov_len = b->b_len - b->b_off;
    }
    return c->c_ops->writev(c, iov, n);
}

void conn_output(struct xsd_conn *c)
{
    while (c->c_out_head && !c->c_dead) {
        struct xsd_buf *b = c->c_out_head;
        long n = c->c_ops->writev ? output_gathered(c)
                                  : c->c_ops->write(c, b->b_data + b->b_off,
                                                    b->b_len - b->b_off);

        if (n < 0) {
            c->c_dead = true;
            return;
        }
        if (n == 0)
            return;
        /* Retire every buffer the write covered. */
        while (n > 0 && (b = c->c_out_head)) {
            size_t left = b->b_len - b->b_off;
            if ((size_t)n < left) {
                b->b_off += (size_t)n;
                return;
            }
            n -= (long)left;
            c->c_out_head = b->b_next;
            if (!c->c_out_head)
                c->c_out_tail = &c->c_out_head;
            c->c_out_bytes -= b->b_len;
            c->c_out_events -= b->b_event;
            c->c_out_msgs--;
            free(b);
        }
    }
}

/*
 * Whether c's next request may be read.  Unprivileged connections also
 * wait (as Xen 4.17's domain_can_read) while they have the outstanding
 * quota of replies/events queued, while their domain is at or over its
 * memory quota, and while the write rate limit holds them back.
 */
bool conn_wants_input(struct xsd *d, struct xsd_conn *c)
{
    unsigned q;

    if (c->c_dead || c->c_out_bytes >= CONN_OUT_HIGH)
        return false;
    if (c->c_priv_dom)
        return true;
    q = domain_quota(d, c->c_domid, Q_OUTSTANDING);
    if (q && c->c_out_msgs >= q)
        return false;
    q = domain_quota(d, c->c_domid, Q_MEMORY);
    if (q && q != 0xffffffffu) {
        struct xsd_domain *dom = domain_find(d, c->c_domid);
        if (dom && dom->d_memory >= (long)q)
            return false;
    }
    return !wrl_blocked(d, c, xsd_now_ms(), NULL);
}

/*
 * Drop watch events that have waited past their deadline without a byte
 * sent (Xen's watch-event timeout); returns ms until the next deadline of
 * c, or -1 if none.
 */
long conn_expire_events(struct xsd *d, struct xsd_conn *c, uint64_t now)
{
    long next = -1;
    unsigned dropped = 0;
    struct xsd_buf **bp = &c->c_out_head, *b;

    if (!c->c_event_timeout_ms || !c->c_out_events)
        return -1;
    while ((b = *bp)) {
        if (!b->b_deadline || b->b_off) {
            bp = &b->b_next;
            continue;
        }
        if (b->b_deadline <= now) {
            *bp = b->b_next;
            c->c_out_bytes -= b->b_len;
            c->c_out_events--;
            c->c_out_msgs--;
            dropped++;
            free(b);
            continue;
        }
        if (next < 0 || (long)(b->b_deadline - now) < next)
            next = (long)(b->b_deadline - now);
        bp = &b->b_next;
    }
    c->c_out_tail = bp;
    if (dropped)
        xsd_log(d, "dom%u: %u watch event(s) not read for %u ms, dropped",
                c->c_domid, dropped, c->c_event_timeout_ms);
    return next;
}

static void input_ring(struct xsd *d, struct xsd_conn *c)
{
    const size_t hs = sizeof(struct xsd_sockmsg);

    /* A bounded number of requests per wake-up keeps clients fair. */
    for (int budget = 64; budget > 0 && conn_wants_input(d, c); budget--) {
        long n;

        if (c->c_in_got < hs) {
            n = c->c_ops->read(c, (char *)&c->c_hdr + c->c_in_got,
                               hs - c->c_in_got);
        } else {
            size_t want = hs + c->c_hdr.len - c->c_in_got;
            n = want ? c->c_ops->read(c, c->c_in + (c->c_in_got - hs), want)
                     : 0;
        }
        if (n < 0) {
            c->c_dead = true;
            return;
        }
        c->c_in_got += (size_t)n;
        if (c->c_in_got == hs && c->c_hdr.len > XENSTORE_PAYLOAD_MAX) {
            xsd_log(d, "conn dom%u: payload length %u too long, closing",
                    c->c_domid, c->c_hdr.len);
            c->c_dead = true;
            return;
        }
        if (c->c_in_got < hs || c->c_in_got < hs + c->c_hdr.len) {
            if (n == 0)
                return;
            continue;
        }
        c->c_in[c->c_hdr.len] = '\0';
        c->c_in_got = 0;
        dispatch_request(d, c, &c->c_hdr, c->c_in);
        if (c->c_dead)
            return;
    }
}

const char *conn_home(const struct xsd_conn *c, char *buf, size_t size)
{
    snprintf(buf, size, "/local/domain/%u", c->c_domid);
    return buf;
}

/* ---- unix socket transport ---- */

static long sock_read(struct xsd_conn *c, void *buf, size_t len)
{
    ssize_t n = read(c->c_fd, buf, len);

    if (n > 0)
        return n;
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    return -1;
}

static long sock_write(struct xsd_conn *c, const void *buf, size_t len)
{
    ssize_t n = write(c->c_fd, buf, len);

    if (n >= 0)
        return n;
    if (errno == EAGAIN || errno == EINTR)
        return 0;
    return -1;
}

static long sock_writev(struct xsd_conn *c, const struct iovec *iov, int n)
{
    ssize_t w = writev(c->c_fd, iov, n);

    if (w >= 0)
        return w;
    if (errno == EAGAIN || errno == EINTR)
        return 0;
    return -1;
}

static void sock_close(struct xsd_conn *c)
{
    if (c->c_fd >= 0)
        close(c->c_fd);
    c->c_fd = -1;
}

const struct xsd_transport_ops xsd_socket_ops = {
    .name = "socket",
    .read = sock_read,
    .write = sock_write,
    .close = sock_close,
    .writev = sock_writev,
};

/* Read-ahead buffer of socket connections: many requests per read(). */
#define CONN_RBUF (32u * 1024u)

/* A complete request (or an oversized header) waits in c's read-ahead. */
bool conn_has_request(const struct xsd_conn *c)
{
    const size_t hs = sizeof(struct xsd_sockmsg);
    size_t avail = c->c_rlen - c->c_roff;
    struct xsd_sockmsg h;

    if (avail < hs)
        return false;
    memcpy(&h, c->c_rbuf + c->c_roff, hs);
    return h.len > XENSTORE_PAYLOAD_MAX || avail >= hs + h.len;
}

/*
 * Dispatch the complete requests waiting in c's read-ahead; false if c
 * must not be read further now (budget used, held back, dead).
 */
static bool dispatch_buffered(struct xsd *d, struct xsd_conn *c, int *budget)
{
    const size_t hs = sizeof(struct xsd_sockmsg);

    while (conn_has_request(c)) {
        struct xsd_sockmsg *h = &c->c_hdr;

        if (*budget <= 0 || !conn_wants_input(d, c))
            return false;
        memcpy(h, c->c_rbuf + c->c_roff, hs);
        if (h->len > XENSTORE_PAYLOAD_MAX) {
            xsd_log(d, "conn dom%u: payload length %u too long, closing",
                    c->c_domid, h->len);
            c->c_dead = true;
            return false;
        }
        memcpy(c->c_in, c->c_rbuf + c->c_roff + hs, h->len);
        c->c_in[h->len] = '\0';
        c->c_roff += hs + h->len;
        (*budget)--;
        dispatch_request(d, c, h, c->c_in);
        if (c->c_dead)
            return false;
    }
    return *budget > 0 && conn_wants_input(d, c);
}

/*
 * Socket input: one read() takes whatever the client has sent, then every
 * complete request in it is dispatched (at most 64 per wake-up; the rest
 * waits in the buffer and the main loop comes back to it).  A read that
 * does not fill the buffer has drained the socket: no second read() just
 * to see EAGAIN.
 */
void conn_input(struct xsd *d, struct xsd_conn *c)
{
    int budget = 64;

    if (c->c_fd < 0) {
        input_ring(d, c);
        return;
    }
    if (!c->c_rbuf && !(c->c_rbuf = malloc(CONN_RBUF))) {
        c->c_dead = true;
        return;
    }
    for (;;) {
        bool drained;
        long n;

        if (!dispatch_buffered(d, c, &budget))
            return;
        if (c->c_roff) {
            memmove(c->c_rbuf, c->c_rbuf + c->c_roff, c->c_rlen - c->c_roff);
            c->c_rlen -= c->c_roff;
            c->c_roff = 0;
        }
        n = c->c_ops->read(c, c->c_rbuf + c->c_rlen, CONN_RBUF - c->c_rlen);
        if (n < 0) {
            c->c_dead = true;
            return;
        }
        if (n == 0)
            return;
        drained = (size_t)n < CONN_RBUF - c->c_rlen;
        c->c_rlen += (size_t)n;
        if (drained) {
            dispatch_buffered(d, c, &budget);
            return;
        }
    }
}
