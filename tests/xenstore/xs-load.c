/*
 * xs-load: wire-protocol load generator for xenstored benchmarks.
 *
 *   xs-load SOCKET TEST CLIENTS SECONDS
 *
 * TEST is write, read, dir1000 (DIRECTORY of a node with 1000 children,
 * 4000 bytes: the most that fits a reply), tx10 or watch.  Each client thread has its
 * own connection and keeps one request in flight; prints "ops/s".
 *   xs-load SOCKET fill N    writes N nodes under /bench/fill (for RSS)
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <xenstore_wire.h>

struct client {
    int fd;
    int id;
    const char *test;
    unsigned long ops;
    unsigned long events;   /* watch events met while waiting for replies */
    char buf[XENSTORE_PAYLOAD_MAX + 64];
    /* Replies are read in bulk and parsed from here: one read per reply,
     * not two, so the generator's own cost stays small. */
    char in[4 * (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)];
    size_t in_len, in_off;
};

static const char *sock_path;
static volatile bool stop;

static int connect_sock(void)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    snprintf(a.sun_path, sizeof(a.sun_path), "%s", sock_path);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        perror("xs-load: connect");
        exit(2);
    }
    return fd;
}

static bool write_all(int fd, const char *c, size_t len)
{
    while (len) {
        ssize_t n = write(fd, c, len);
        if (n <= 0)
            return false;
        c += n;
        len -= (size_t)n;
    }
    return true;
}

/* Next message from the connection into *h and cl->buf (NUL-terminated). */
static void next_msg(struct client *cl, struct xsd_sockmsg *h)
{
    for (;;) {
        size_t avail = cl->in_len - cl->in_off;
        ssize_t n;

        if (avail >= sizeof(*h)) {
            memcpy(h, cl->in + cl->in_off, sizeof(*h));
            if (h->len > XENSTORE_PAYLOAD_MAX)
                exit(3);
            if (avail >= sizeof(*h) + h->len) {
                memcpy(cl->buf, cl->in + cl->in_off + sizeof(*h), h->len);
                cl->buf[h->len] = '\0';
                cl->in_off += sizeof(*h) + h->len;
                return;
            }
        }
        memmove(cl->in, cl->in + cl->in_off, avail);
        cl->in_len = avail;
        cl->in_off = 0;
        n = read(cl->fd, cl->in + avail, sizeof(cl->in) - avail);
        if (n <= 0)
            exit(3);
        cl->in_len += (size_t)n;
    }
}

/* Send one request and read messages until its reply; returns its type. */
static uint32_t request(struct client *cl, uint32_t type, uint32_t tx,
                        const char *p1, size_t l1, const char *p2, size_t l2)
{
    struct xsd_sockmsg h = { type, 1, tx, (uint32_t)(l1 + l2) };

    memcpy(cl->buf, &h, sizeof(h));
    memcpy(cl->buf + sizeof(h), p1, l1);
    memcpy(cl->buf + sizeof(h) + l1, p2, l2);
    if (!write_all(cl->fd, cl->buf, sizeof(h) + l1 + l2))
        exit(3);
    for (;;) {
        next_msg(cl, &h);
        if (h.type != XS_WATCH_EVENT)
            return h.type;
        cl->events++;
    }
}

/* Wait for one watch event on the client's connection. */
static void read_event(struct client *cl)
{
    struct xsd_sockmsg h;

    next_msg(cl, &h);
}

static void one_op(struct client *cl, unsigned long i)
{
    char path[128], val[32];
    int pl, vl;

    if (strcmp(cl->test, "write") == 0) {
        pl = snprintf(path, sizeof(path), "/bench/w/%d/%lu", cl->id, i % 1000) + 1;
        vl = snprintf(val, sizeof(val), "%lu", i);
        request(cl, XS_WRITE, 0, path, (size_t)pl, val, (size_t)vl);
    } else if (strcmp(cl->test, "read") == 0) {
        pl = snprintf(path, sizeof(path), "/bench/r/%lu", i % 100) + 1;
        request(cl, XS_READ, 0, path, (size_t)pl, "", 0);
    } else if (strcmp(cl->test, "dir1000") == 0) {
        request(cl, XS_DIRECTORY, 0, "/bench/dir", 11, "", 0);
    } else if (strcmp(cl->test, "tx10") == 0) {
        uint32_t tx;
        do {
            request(cl, XS_TRANSACTION_START, 0, "", 1, "", 0);
            tx = (uint32_t)strtoul(cl->buf, NULL, 10);
            for (int k = 0; k < 10; k++) {
                pl = snprintf(path, sizeof(path), "/bench/t/%d/%d", cl->id, k) + 1;
                request(cl, XS_WRITE, tx, path, (size_t)pl, "v", 1);
            }
        } while (request(cl, XS_TRANSACTION_END, tx, "T", 2, "", 0) != XS_TRANSACTION_END);
    } else {    /* watch: write a watched node and wait for the event */
        pl = snprintf(path, sizeof(path), "/bench/watch/%d/x", cl->id) + 1;
        unsigned long before = cl->events;
        request(cl, XS_WRITE, 0, path, (size_t)pl, "1", 1);
        if (cl->events == before)
            read_event(cl);
    }
}

static void *client_main(void *p)
{
    struct client *cl = p;
    char path[64];

    if (strcmp(cl->test, "watch") == 0) {
        int pl = snprintf(path, sizeof(path), "/bench/watch/%d", cl->id) + 1;
        request(cl, XS_WATCH, 0, path, (size_t)pl, "tok", 4);
        read_event(cl);     /* the initial event follows the reply */
    }
    for (unsigned long i = 0; !stop; i++) {
        one_op(cl, i);
        cl->ops++;
    }
    return NULL;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void setup(void)
{
    struct client c = { .fd = connect_sock() };
    char path[64];

    for (int i = 0; i < 100; i++) {
        int pl = snprintf(path, sizeof(path), "/bench/r/%d", i) + 1;
        request(&c, XS_WRITE, 0, path, (size_t)pl, "value", 5);
    }
    for (int i = 0; i < 1000; i++) {
        int pl = snprintf(path, sizeof(path), "/bench/dir/%03d", i) + 1;
        request(&c, XS_WRITE, 0, path, (size_t)pl, "", 0);
    }
    close(c.fd);
}

int main(int argc, char **argv)
{
    struct client *cl;
    pthread_t *th;
    int n;
    double secs, t0;
    unsigned long total = 0;

    if (argc < 4) {
        fprintf(stderr, "usage: xs-load SOCKET TEST CLIENTS SECONDS | SOCKET fill N\n");
        return 2;
    }
    sock_path = argv[1];
    if (strcmp(argv[2], "fill") == 0) {
        struct client c = { .fd = connect_sock() };
        char path[64];
        for (long i = 0; i < atol(argv[3]); i++) {
            int pl = snprintf(path, sizeof(path), "/bench/fill/%ld/%ld", i / 1000, i) + 1;
            request(&c, XS_WRITE, 0, path, (size_t)pl, "0123456789", 10);
        }
        return 0;
    }
    if (argc < 5)
        return 2;
    setup();
    n = atoi(argv[3]);
    secs = atof(argv[4]);
    cl = calloc((size_t)n, sizeof(*cl));
    th = calloc((size_t)n, sizeof(*th));
    for (int i = 0; i < n; i++) {
        cl[i].fd = connect_sock();
        cl[i].id = i;
        cl[i].test = argv[2];
    }
    t0 = now();
    for (int i = 0; i < n; i++)
        pthread_create(&th[i], NULL, client_main, &cl[i]);
    usleep((useconds_t)(secs * 1e6));
    stop = true;
    for (int i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
        total += cl[i].ops;
    }
    printf("%.0f\n", (double)total / (now() - t0));
    return 0;
}
