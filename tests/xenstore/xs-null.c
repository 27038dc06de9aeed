/*
 * xs-null: a XenStore server that stores nothing and answers at once, the
 * ceiling any daemon can reach with xs-load's clients on this machine.
 *
 *   xs-null SOCKET      serves until killed
 *
 * Replies carry what xs-load expects (a read's value, a 1000-entry directory,
 * transaction id 1, a watch event after writes under a "watch/" path), so
 * each test moves the same messages as against a real daemon.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenstore_wire.h>

#define MSG_MAX (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

struct client {
    int fd;
    size_t len;
    char in[4 * MSG_MAX];
};

static char dir1000[4000];     /* "000\0" .. "999\0" */

/* Append one message to out; returns its length. */
static size_t put_msg(char *out, uint32_t type, uint32_t req_id, uint32_t tx,
                      const void *body, size_t len)
{
    struct xsd_sockmsg h = { type, req_id, tx, (uint32_t)len };

    memcpy(out, &h, sizeof(h));
    memcpy(out + sizeof(h), body, len);
    return sizeof(h) + len;
}

/* The reply (and event, if any) to one request, into out. */
static size_t answer(const struct xsd_sockmsg *h, const char *body, char *out)
{
    uint32_t t = h->type;
    size_t n;

    switch (t) {
    case XS_READ:
        return put_msg(out, t, h->req_id, h->tx_id, "value", 5);
    case XS_DIRECTORY:
        return put_msg(out, t, h->req_id, h->tx_id, dir1000, sizeof(dir1000));
    case XS_TRANSACTION_START:
        return put_msg(out, t, h->req_id, 0, "1", 2);
    case XS_WRITE: case XS_WATCH: case XS_TRANSACTION_END:
        n = put_msg(out, t, h->req_id, h->tx_id, "OK", 3);
        if (t == XS_WATCH || memmem(body, h->len, "/watch/", 7)) {
            size_t pl = strnlen(body, h->len);
            char ev[256];
            if (pl > sizeof(ev) - 5)
                pl = sizeof(ev) - 5;
            memcpy(ev, body, pl);
            memcpy(ev + pl, "\0tok", 5);
            n += put_msg(out + n, XS_WATCH_EVENT, 0, 0, ev, pl + 5);
        }
        return n;
    default:
        return put_msg(out, XS_ERROR, h->req_id, h->tx_id, "ENOSYS", 7);
    }
}

/* Answer every whole request in the client's buffer; false to drop it
 * (closed, broken, or too slow to take its replies). */
static int serve(struct client *c)
{
    static char out[4 * (2 * MSG_MAX)];
    size_t off = 0, olen = 0;
    ssize_t n = read(c->fd, c->in + c->len, sizeof(c->in) - c->len);

    if (n <= 0)
        return n < 0 && errno == EAGAIN;
    c->len += (size_t)n;
    for (;;) {
        struct xsd_sockmsg h;
        if (c->len - off < sizeof(h))
            break;
        memcpy(&h, c->in + off, sizeof(h));
        if (h.len > XENSTORE_PAYLOAD_MAX)
            return 0;
        if (c->len - off < sizeof(h) + h.len || olen + 2 * MSG_MAX > sizeof(out))
            break;
        olen += answer(&h, c->in + off + sizeof(h), out + olen);
        off += sizeof(h) + h.len;
    }
    memmove(c->in, c->in + off, c->len - off);
    c->len -= off;
    return write(c->fd, out, olen) == (ssize_t)olen;
}

int main(int argc, char **argv)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    struct epoll_event ev = { .events = EPOLLIN };
    int lfd, ep;

    if (argc != 2) {
        fprintf(stderr, "usage: xs-null SOCKET\n");
        return 2;
    }
    for (int i = 0; i < 1000; i++)
        snprintf(dir1000 + 4 * i, 4, "%03d", i);
    snprintf(a.sun_path, sizeof(a.sun_path), "%s", argv[1]);
    unlink(a.sun_path);
    lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    ep = epoll_create1(0);
    ev.data.ptr = NULL;
    if (lfd < 0 || ep < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        listen(lfd, 64) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) {
        perror("xs-null");
        return 1;
    }
    for (;;) {
        struct epoll_event evs[64];
        int n = epoll_wait(ep, evs, 64, -1);
        for (int i = 0; i < n; i++) {
            struct client *c = evs[i].data.ptr;
            if (!c) {
                c = calloc(1, sizeof(*c));
                if (!c || (c->fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) < 0) {
                    free(c);
                    continue;
                }
                ev.data.ptr = c;
                epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
            } else if (!serve(c)) {
                close(c->fd);
                free(c);
            }
        }
    }
}
