/*
 * xs-raw: speak the XenStore wire protocol from the command line, for tests.
 *
 *   xs-raw [-s SOCKET] STEP...
 *
 * A STEP is "TYPE[@TX] PAYLOAD": TYPE a message name (READ, WRITE, ...) or
 * number, TX a transaction id or '$' for the id the last TRANSACTION_START
 * returned, PAYLOAD with '|' standing for NUL.  Each reply is printed as
 * "TYPE PAYLOAD" ('|' for NUL).  Other steps:
 *   +N            read and print N more messages (watch events)
 *   !big          send a header announcing 5000 bytes
 *   !trunc        send half a header, then close
 *   !flood N      send N READ / requests back to back, then read N replies
 *   !noread N     send N WRITE requests and exit without reading replies
 *   -r DIR DOMID  (first arguments) act as domain DOMID on the test ring in
 *                 DIR instead of the socket; -rR: reconnect the ring first
 *   -f FILE       (first argument) read steps from FILE, one per line,
 *                 printing only replies other than "... OK|";
 *   -F FILE       the same, printing every reply
 * A closed connection prints CLOSED; a 5 s silence prints TIMEOUT.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenstore_wire.h>

static const char *const type_names[] = {
    "CONTROL", "DIRECTORY", "READ", "GET_PERMS", "WATCH", "UNWATCH",
    "TRANSACTION_START", "TRANSACTION_END", "INTRODUCE", "RELEASE",
    "GET_DOMAIN_PATH", "WRITE", "MKDIR", "RM", "SET_PERMS", "WATCH_EVENT",
    "ERROR", "IS_DOMAIN_INTRODUCED", "RESUME", "SET_TARGET", "RESTRICT",
    "RESET_WATCHES", "DIRECTORY_PART", "GET_FEATURE", "SET_FEATURE",
    "GET_QUOTA", "SET_QUOTA",
};
#define NTYPES (sizeof(type_names) / sizeof(type_names[0]))

static int fd = -1;
/* Ring mode (-r): the page and the two notification FIFOs. */
static volatile struct xenstore_domain_interface *ring;
static int up_fd = -1, down_fd = -1;
static uint32_t last_tx;
static bool quiet;

static long type_of(const char *s)
{
    char *end;
    long v;

    for (size_t i = 0; i < NTYPES; i++)
        if (strcmp(s, type_names[i]) == 0)
            return (long)i;
    v = strtol(s, &end, 0);
    return *end ? -1 : v;
}

static bool ring_send(const char *c, size_t len);
int ring_attach(const char *dir, unsigned domid, bool reconnect);
static int ring_recv(char *c, size_t len);

static bool send_all(const void *p, size_t len)
{
    const char *c = p;

    if (ring)
        return ring_send(c, len);
    while (len) {
        ssize_t n = write(fd, c, len);
        if (n <= 0)
            return false;
        c += n;
        len -= (size_t)n;
    }
    return true;
}

/* Read exactly len bytes with a timeout: 1 ok, 0 closed, -1 timeout. */
static int recv_all(void *p, size_t len)
{
    char *c = p;

    if (ring)
        return ring_recv(c, len);
    while (len) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        ssize_t n;
        if (poll(&pfd, 1, 5000) <= 0)
            return -1;
        n = read(fd, c, len);
        if (n <= 0)
            return 0;
        c += n;
        len -= (size_t)n;
    }
    return 1;
}

/* Read and print one message; false if the connection is gone. */
static bool print_reply(bool print)
{
    struct xsd_sockmsg h;
    char body[XENSTORE_PAYLOAD_MAX + 1];
    int r = recv_all(&h, sizeof(h));

    if (r <= 0 || h.len > XENSTORE_PAYLOAD_MAX ||
        (r = recv_all(body, h.len)) <= 0) {
        printf("%s\n", r < 0 ? "TIMEOUT" : "CLOSED");
        return false;
    }
    if (h.type == XS_TRANSACTION_START)
        last_tx = (uint32_t)strtoul(body, NULL, 10);
    if (!print || (quiet && h.len == 3 && memcmp(body, "OK", 3) == 0))
        return true;
    if (h.type < NTYPES)
        printf("%s ", type_names[h.type]);
    else
        printf("%u ", h.type);
    for (uint32_t i = 0; i < h.len; i++)
        putchar(body[i] ? body[i] : '|');
    putchar('\n');
    return true;
}

static bool send_msg(uint32_t type, uint32_t tx, const char *payload, size_t len)
{
    struct xsd_sockmsg h = { type, 0x1234, tx, (uint32_t)len };

    return send_all(&h, sizeof(h)) && send_all(payload, len);
}

/* Run one step; false stops the program. */
static bool step(const char *s)
{
    char name[64], payload[XENSTORE_PAYLOAD_MAX + 64];
    const char *sp = strchr(s, ' ');
    size_t nl = sp ? (size_t)(sp - s) : strlen(s), pl = 0;
    uint32_t tx = 0;
    char *at;
    long type;

    if (s[0] == '+') {
        for (int n = atoi(s + 1); n > 0; n--)
            if (!print_reply(true))
                return false;
        return true;
    }
    if (strcmp(s, "!big") == 0) {
        struct xsd_sockmsg h = { XS_WRITE, 1, 0, 5000 };
        send_all(&h, sizeof(h));
        return print_reply(true);
    }
    if (strcmp(s, "!trunc") == 0) {
        struct xsd_sockmsg h = { XS_READ, 1, 0, 10 };
        send_all(&h, sizeof(h) / 2);
        return false;
    }
    if (strncmp(s, "!flood ", 7) == 0 || strncmp(s, "!noread ", 8) == 0) {
        bool flood = s[1] == 'f';
        int n = atoi(s + (flood ? 7 : 8)), got = 0;
        for (int i = 0; i < n; i++) {
            char p[64];
            int l = snprintf(p, sizeof(p), "/flood/%d", i % 50) + 1;
            if (!(flood ? send_msg(XS_READ, 0, "/", 2) : send_msg(XS_WRITE, 0, p, (size_t)l)))
                break;
        }
        if (!flood) {
            sleep(2);      /* keep the connection open, unread */
            return false;
        }
        for (; got < n && print_reply(false); got++)
            ;
        printf("FLOOD %d/%d\n", got, n);
        return got == n;
    }
    if (nl >= sizeof(name))
        return false;
    memcpy(name, s, nl);
    name[nl] = '\0';
    at = strchr(name, '@');
    if (at) {
        *at = '\0';
        tx = at[1] == '$' ? last_tx : (uint32_t)strtoul(at + 1, NULL, 0);
    }
    type = type_of(name);
    if (type < 0) {
        fprintf(stderr, "xs-raw: unknown type %s\n", name);
        return false;
    }
    if (sp) {
        for (const char *p = sp + 1; *p && pl < sizeof(payload); p++)
            payload[pl++] = *p == '|' ? '\0' : *p;
    }
    if (!send_msg((uint32_t)type, tx, payload, pl))
        return false;
    return print_reply(true);
}

int main(int argc, char **argv)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    const char *path = getenv("XENSTORED_PATH");
    int i = 1;

    if (argc > 2 && strcmp(argv[1], "-s") == 0) {
        path = argv[2];
        i = 3;
    } else if (argc > 3 && (strcmp(argv[1], "-r") == 0 || strcmp(argv[1], "-rR") == 0)) {
        /* -r DIR DOMID: guest side of the test ring; -rR: reconnect first */
        if (ring_attach(argv[2], (unsigned)atoi(argv[3]), argv[1][2] == 'R') < 0) {
            perror("xs-raw: ring");
            return 2;
        }
        setvbuf(stdout, NULL, _IOLBF, 0);
        i = 4;
        goto run;
    }
    if (!path || strlen(path) >= sizeof(addr.sun_path)) {
        fprintf(stderr, "xs-raw: no socket (set XENSTORED_PATH)\n");
        return 2;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        perror("xs-raw: connect");
        return 2;
    }
    {
        /* A client that never reads must not block this tool for ever. */
        struct timeval tv = { 3, 0 };
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
run:
    if (i + 1 < argc && (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "-F") == 0)) {
        FILE *f = fopen(argv[i + 1], "r");
        char line[8192];
        quiet = argv[i][1] == 'f';
        if (!f)
            return 2;
        while (fgets(line, sizeof(line), f)) {
            line[strcspn(line, "\n")] = '\0';
            if (line[0] && !step(line))
                break;
        }
        fclose(f);
        return 0;
    }
    for (; i < argc; i++)
        if (!step(argv[i]))
            break;
    return 0;
}

/* ---- ring mode: play the guest side of the test ring transport ---- */

static void ring_kick(void)
{
    char b = 1;

    if (write(up_fd, &b, 1) < 0) {
        /* the FIFO is full: a notification is pending anyway */
    }
}

/* Wait up to 5 s for a notification from the store; false on timeout. */
static bool ring_wait(void)
{
    struct pollfd pfd = { .fd = down_fd, .events = POLLIN };
    char buf[64];

    if (poll(&pfd, 1, 5000) <= 0)
        return false;
    while (read(down_fd, buf, sizeof(buf)) > 0)
        ;
    return true;
}

static bool ring_send(const char *c, size_t len)
{
    while (len) {
        XENSTORE_RING_IDX prod = ring->req_prod, cons = ring->req_cons;
        size_t space = XENSTORE_RING_SIZE - (prod - cons);
        size_t off = MASK_XENSTORE_IDX(prod);

        if (space > XENSTORE_RING_SIZE - off)
            space = XENSTORE_RING_SIZE - off;
        if (space > len)
            space = len;
        if (!space) {
            if (!ring_wait())
                return false;
            continue;
        }
        memcpy((char *)ring->req + off, c, space);
        __atomic_thread_fence(__ATOMIC_RELEASE);
        ring->req_prod = prod + (XENSTORE_RING_IDX)space;
        ring_kick();
        c += space;
        len -= space;
    }
    return true;
}

static int ring_recv(char *c, size_t len)
{
    while (len) {
        XENSTORE_RING_IDX prod = ring->rsp_prod, cons = ring->rsp_cons;
        size_t avail = prod - cons, off = MASK_XENSTORE_IDX(cons);

        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (avail > XENSTORE_RING_SIZE - off)
            avail = XENSTORE_RING_SIZE - off;
        if (avail > len)
            avail = len;
        if (!avail) {
            if (!ring_wait())
                return -1;
            continue;
        }
        memcpy(c, (const char *)ring->rsp + off, avail);
        ring->rsp_cons = cons + (XENSTORE_RING_IDX)avail;
        ring_kick();
        c += avail;
        len -= avail;
    }
    return 1;
}

/* Create (if needed) and map DIR/ring-ID and open its FIFOs. */
int ring_attach(const char *dir, unsigned domid, bool reconnect);
int ring_attach(const char *dir, unsigned domid, bool reconnect)
{
    char path[4096];
    int rfd;
    void *page;

    snprintf(path, sizeof(path), "%s/ring-%u", dir, domid);
    rfd = open(path, O_RDWR | O_CREAT, 0600);
    if (rfd < 0 || ftruncate(rfd, 4096) < 0)
        return -1;
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
    close(rfd);
    if (page == MAP_FAILED)
        return -1;
    ring = page;
    snprintf(path, sizeof(path), "%s/evt-%u-up", dir, domid);
    mkfifo(path, 0600);
    up_fd = open(path, O_RDWR | O_NONBLOCK);
    snprintf(path, sizeof(path), "%s/evt-%u-down", dir, domid);
    mkfifo(path, 0600);
    down_fd = open(path, O_RDWR | O_NONBLOCK);
    if (up_fd < 0 || down_fd < 0)
        return -1;
    if (reconnect) {
        ring->connection = XENSTORE_RECONNECT;
        ring_kick();
        for (int i = 0; i < 50 && ring->connection != XENSTORE_CONNECTED; i++)
            ring_wait();
        if (ring->connection != XENSTORE_CONNECTED)
            return -1;
    }
    return 0;
}
