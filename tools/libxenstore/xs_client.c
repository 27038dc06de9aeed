/* libxenstore: connection handle, request/reply exchange and watch thread. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenstore.h>
#include "xs_errors.h"
#include "xs_internal.h"

/* One message read from the daemon: header plus NUL-terminated payload. */
struct xs_msg {
    struct xs_msg *m_next;
    struct xsd_sockmsg m_hdr;
    char m_body[];
};

/* A token registered with xs_watch(), for XS_UNWATCH_FILTER. */
struct xs_token {
    struct xs_token *t_next;
    char t_name[];
};

/*
 * Lock order: h_request_mutex, then h_reply_mutex or h_watch_mutex.
 * Without the reader thread the requesting thread reads the socket itself
 * (under h_request_mutex) and queues any watch events it meets.
 */
struct xs_handle {
    int h_fd;
    unsigned long h_flags;
    pthread_mutex_t h_request_mutex;
    pthread_mutex_t h_reply_mutex;
    pthread_cond_t h_reply_cond;
    struct xs_msg *h_reply;        /* reply received by the reader thread */
    pthread_mutex_t h_watch_mutex;
    pthread_cond_t h_watch_cond;
    struct xs_msg *h_watch_head, **h_watch_tail;
    struct xs_token *h_tokens;
    int h_watch_pipe[2];           /* readable while events are queued */
    pthread_t h_reader;
    bool h_reader_running;
    int h_broken;                  /* errno of a failed transport, or 0 */
};

/* Read exactly len bytes; false with errno (EBADF on end of file). */
static bool read_all(int fd, void *buf, size_t len)
{
    char *p = buf;

    while (len) {
        ssize_t got = read(fd, p, len);
        if (got == 0) {
            errno = EBADF;
            return false;
        }
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += got;
        len -= (size_t)got;
    }
    return true;
}

/* Read one message; NULL with errno on failure. */
static struct xs_msg *read_msg(int fd)
{
    struct xsd_sockmsg hdr;
    struct xs_msg *m;

    if (!read_all(fd, &hdr, sizeof(hdr)))
        return NULL;
    if (hdr.len > XENSTORE_PAYLOAD_MAX) {
        errno = E2BIG;
        return NULL;
    }
    m = malloc(sizeof(*m) + hdr.len + 1);
    if (!m)
        return NULL;
    m->m_next = NULL;
    m->m_hdr = hdr;
    if (!read_all(fd, m->m_body, hdr.len)) {
        int e = errno;
        free(m);
        errno = e;
        return NULL;
    }
    m->m_body[hdr.len] = '\0';
    return m;
}

static bool token_registered(struct xs_handle *h, const char *token)
{
    for (struct xs_token *t = h->h_tokens; t; t = t->t_next)
        if (strcmp(t->t_name, token) == 0)
            return true;
    return false;
}

/* Queue a watch event (takes m); caller holds no lock. */
static void queue_watch(struct xs_handle *h, struct xs_msg *m)
{
    size_t plen = strnlen(m->m_body, m->m_hdr.len);
    const char *token = plen < m->m_hdr.len ? m->m_body + plen + 1 : "";

    pthread_mutex_lock(&h->h_watch_mutex);
    if ((h->h_flags & XS_UNWATCH_FILTER) && !token_registered(h, token)) {
        pthread_mutex_unlock(&h->h_watch_mutex);
        free(m);
        return;
    }
    if (!h->h_watch_head && h->h_watch_pipe[1] >= 0) {
        char c = 0;
        if (write(h->h_watch_pipe[1], &c, 1) < 0) {
            /* The pipe is only a wake-up hint; a full pipe is fine. */
        }
    }
    *h->h_watch_tail = m;
    h->h_watch_tail = &m->m_next;
    pthread_cond_broadcast(&h->h_watch_cond);
    pthread_mutex_unlock(&h->h_watch_mutex);
}

/* Mark the transport broken and wake every waiter. */
static void set_broken(struct xs_handle *h, int err)
{
    pthread_mutex_lock(&h->h_reply_mutex);
    h->h_broken = err ? err : EBADF;
    pthread_cond_broadcast(&h->h_reply_cond);
    pthread_mutex_unlock(&h->h_reply_mutex);
    pthread_mutex_lock(&h->h_watch_mutex);
    pthread_cond_broadcast(&h->h_watch_cond);
    pthread_mutex_unlock(&h->h_watch_mutex);
}

/* Body of the reader thread, started by the first xs_watch(). */
static void *reader_thread(void *arg)
{
    struct xs_handle *h = arg;

    for (;;) {
        struct xs_msg *m = read_msg(h->h_fd);
        int old;

        if (!m) {
            set_broken(h, errno);
            return NULL;
        }
        pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
        if (m->m_hdr.type == XS_WATCH_EVENT) {
            queue_watch(h, m);
        } else {
            pthread_mutex_lock(&h->h_reply_mutex);
            while (h->h_reply && !h->h_broken)
                pthread_cond_wait(&h->h_reply_cond, &h->h_reply_mutex);
            free(h->h_reply);
            h->h_reply = m;
            pthread_cond_broadcast(&h->h_reply_cond);
            pthread_mutex_unlock(&h->h_reply_mutex);
        }
        pthread_setcancelstate(old, NULL);
    }
}

/* Start the reader thread if it is not running; false with errno. */
static bool start_reader(struct xs_handle *h)
{
    sigset_t all, old;
    int err;

    if (h->h_reader_running)
        return true;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    err = pthread_create(&h->h_reader, NULL, reader_thread, h);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) {
        errno = err;
        return false;
    }
    h->h_reader_running = true;
    return true;
}

/* Wait for the next reply; caller holds h_request_mutex. */
static struct xs_msg *get_reply(struct xs_handle *h)
{
    struct xs_msg *m;

    if (!h->h_reader_running) {
        for (;;) {
            m = read_msg(h->h_fd);
            if (!m)
                return NULL;
            if (m->m_hdr.type != XS_WATCH_EVENT)
                return m;
            queue_watch(h, m);
        }
    }
    pthread_mutex_lock(&h->h_reply_mutex);
    while (!h->h_reply && !h->h_broken)
        pthread_cond_wait(&h->h_reply_cond, &h->h_reply_mutex);
    m = h->h_reply;
    h->h_reply = NULL;
    if (!m)
        errno = h->h_broken;
    pthread_cond_broadcast(&h->h_reply_cond);
    pthread_mutex_unlock(&h->h_reply_mutex);
    return m;
}

/*
 * Send one request made of iovecs and wait for its reply.  Returns the
 * malloc()ed NUL-terminated reply payload (length in *len) or NULL with
 * errno (the daemon's error for an ERROR reply).
 */
void *xs_talkv(struct xs_handle *h, xs_transaction_t t,
               enum xsd_sockmsg_type type, const struct iovec *iov,
               unsigned int num, unsigned int *len)
{
    struct xsd_sockmsg hdr = { .type = type, .req_id = 0, .tx_id = t };
    struct xs_msg *m;
    char *body;
    int old;

    for (unsigned int i = 0; i < num; i++)
        hdr.len += (uint32_t)iov[i].iov_len;
    if (hdr.len > XENSTORE_PAYLOAD_MAX) {
        errno = E2BIG;
        return NULL;
    }
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    pthread_mutex_lock(&h->h_request_mutex);
    if (!xs_write_all(h->h_fd, &hdr, sizeof(hdr)))
        goto fail;
    for (unsigned int i = 0; i < num; i++)
        if (!xs_write_all(h->h_fd, iov[i].iov_base, (unsigned)iov[i].iov_len))
            goto fail;
    m = get_reply(h);
    if (!m)
        goto fail;
    pthread_mutex_unlock(&h->h_request_mutex);
    pthread_setcancelstate(old, NULL);

    if (m->m_hdr.type == XS_ERROR) {
        int e = xs_errno_value(m->m_body, m->m_hdr.len);
        free(m);
        errno = e;
        return NULL;
    }
    if (m->m_hdr.type != (uint32_t)type) {
        free(m);
        errno = EBADF;
        return NULL;
    }
    if (len)
        *len = m->m_hdr.len;
    body = malloc(m->m_hdr.len + 1);
    if (body)
        memcpy(body, m->m_body, m->m_hdr.len + 1);
    free(m);
    return body;

fail:
    {
        int e = errno;
        pthread_mutex_unlock(&h->h_request_mutex);
        pthread_setcancelstate(old, NULL);
        errno = e;
    }
    return NULL;
}

/* Connect to the unix socket at path; -1 with errno on failure. */
static int socket_connect(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (!path || strlen(path) >= sizeof(addr.sun_path)) {
        errno = EINVAL;
        return -1;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Open the kernel's xenbus device; -1 with errno on failure. */
static int device_open(void)
{
    const char *dev = getenv("XENSTORED_PATH");
    int fd;

    if (dev && strncmp(dev, "/dev/", 5) == 0)
        return open(dev, O_RDWR | O_CLOEXEC);
    fd = open("/dev/xen/xenbus", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        fd = open("/proc/xen/xenbus", O_RDWR | O_CLOEXEC);
    return fd;
}

/* Allocate a handle around fd; NULL with errno. */
static struct xs_handle *handle_new(int fd, unsigned long flags)
{
    struct xs_handle *h = calloc(1, sizeof(*h));

    if (!h)
        return NULL;
    h->h_fd = fd;
    h->h_flags = flags;
    h->h_watch_pipe[0] = h->h_watch_pipe[1] = -1;
    h->h_watch_tail = &h->h_watch_head;
    pthread_mutex_init(&h->h_request_mutex, NULL);
    pthread_mutex_init(&h->h_reply_mutex, NULL);
    pthread_mutex_init(&h->h_watch_mutex, NULL);
    pthread_cond_init(&h->h_reply_cond, NULL);
    pthread_cond_init(&h->h_watch_cond, NULL);
    return h;
}

struct xs_handle *xs_open(unsigned long flags)
{
    struct xs_handle *h;
    int fd = socket_connect(xs_daemon_socket());

    if (fd < 0 && !(flags & XS_OPEN_SOCKETONLY))
        fd = device_open();
    if (fd < 0)
        return NULL;
    h = handle_new(fd, flags);
    if (!h)
        close(fd);
    return h;
}

struct xs_handle *xs_daemon_open(void)
{
    return xs_open(0);
}

struct xs_handle *xs_daemon_open_readonly(void)
{
    return xs_open(XS_OPEN_READONLY);
}

struct xs_handle *xs_domain_open(void)
{
    int fd = device_open();
    struct xs_handle *h;

    if (fd < 0)
        return NULL;
    h = handle_new(fd, 0);
    if (!h)
        close(fd);
    return h;
}

/* Free everything the handle owns except the thread; closes the fd. */
static void handle_free(struct xs_handle *h)
{
    struct xs_msg *m;

    while ((m = h->h_watch_head)) {
        h->h_watch_head = m->m_next;
        free(m);
    }
    free(h->h_reply);
    while (h->h_tokens) {
        struct xs_token *t = h->h_tokens;
        h->h_tokens = t->t_next;
        free(t);
    }
    if (h->h_watch_pipe[0] >= 0) {
        close(h->h_watch_pipe[0]);
        close(h->h_watch_pipe[1]);
    }
    close(h->h_fd);
    free(h);
}

void xs_close(struct xs_handle *h)
{
    if (!h)
        return;
    if (h->h_reader_running) {
        pthread_cancel(h->h_reader);
        pthread_join(h->h_reader, NULL);
    }
    handle_free(h);
}

void xs_daemon_close(struct xs_handle *h)
{
    xs_close(h);
}

void xs_daemon_destroy_postfork(struct xs_handle *h)
{
    handle_free(h);
}

int xs_fileno(struct xs_handle *h)
{
    pthread_mutex_lock(&h->h_watch_mutex);
    if (h->h_watch_pipe[0] < 0 && pipe2(h->h_watch_pipe, O_CLOEXEC) == 0) {
        fcntl(h->h_watch_pipe[1], F_SETFL, O_NONBLOCK);
        if (h->h_watch_head) {
            char c = 0;
            if (write(h->h_watch_pipe[1], &c, 1) < 0) {
                /* wake-up hint only */
            }
        }
    }
    pthread_mutex_unlock(&h->h_watch_mutex);
    return h->h_watch_pipe[0];
}

/* Take the first queued event as a vector {path, token}; caller holds lock. */
static char **pop_watch(struct xs_handle *h, unsigned int *num)
{
    struct xs_msg *m = h->h_watch_head;
    unsigned int n;
    char **vec;
    size_t vlen;

    h->h_watch_head = m->m_next;
    if (!h->h_watch_head) {
        h->h_watch_tail = &h->h_watch_head;
        if (h->h_watch_pipe[0] >= 0) {
            char buf[64];
            while (read(h->h_watch_pipe[0], buf, sizeof(buf)) == (ssize_t)sizeof(buf))
                ;
        }
    }
    n = xs_count_strings(m->m_body, m->m_hdr.len);
    if (n < 2)
        n = 2;
    vlen = (n + 1) * sizeof(char *);
    vec = malloc(vlen + m->m_hdr.len + 2);
    if (!vec) {
        free(m);
        return NULL;
    }
    {
        char *s = (char *)vec + vlen;
        memcpy(s, m->m_body, m->m_hdr.len);
        s[m->m_hdr.len] = '\0';
        s[m->m_hdr.len + 1] = '\0';
        for (unsigned int i = 0; i < n; i++) {
            vec[i] = s;
            s += strlen(s) + 1;
            if (s > (char *)vec + vlen + m->m_hdr.len + 1)
                s = (char *)vec + vlen + m->m_hdr.len + 1;
        }
        vec[n] = NULL;
    }
    if (num)
        *num = n;
    free(m);
    return vec;
}

char **xs_check_watch(struct xs_handle *h)
{
    char **vec = NULL;

    pthread_mutex_lock(&h->h_watch_mutex);
    if (h->h_watch_head)
        vec = pop_watch(h, NULL);
    else
        errno = EAGAIN;
    pthread_mutex_unlock(&h->h_watch_mutex);
    return vec;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    char **vec = NULL;

    if (!h->h_reader_running && !start_reader(h))
        return NULL;
    pthread_mutex_lock(&h->h_watch_mutex);
    while (!h->h_watch_head && !h->h_broken)
        pthread_cond_wait(&h->h_watch_cond, &h->h_watch_mutex);
    if (h->h_watch_head)
        vec = pop_watch(h, num);
    else
        errno = h->h_broken;
    pthread_mutex_unlock(&h->h_watch_mutex);
    return vec;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = {
        { (void *)path, strlen(path) + 1 },
        { (void *)token, strlen(token) + 1 },
    };
    struct xs_token *t;
    void *r;

    if (!start_reader(h))
        return false;
    if (h->h_flags & XS_UNWATCH_FILTER) {
        t = malloc(sizeof(*t) + strlen(token) + 1);
        if (!t)
            return false;
        strcpy(t->t_name, token);
        pthread_mutex_lock(&h->h_watch_mutex);
        t->t_next = h->h_tokens;
        h->h_tokens = t;
        pthread_mutex_unlock(&h->h_watch_mutex);
    }
    r = xs_talkv(h, XBT_NULL, XS_WATCH, iov, 2, NULL);
    free(r);
    return r != NULL;
}

/* Drop the token and its queued events (XS_UNWATCH_FILTER). */
static void forget_token(struct xs_handle *h, const char *path,
                         const char *token)
{
    struct xs_token **tp;
    struct xs_msg **mp;

    pthread_mutex_lock(&h->h_watch_mutex);
    for (tp = &h->h_tokens; *tp; tp = &(*tp)->t_next) {
        if (strcmp((*tp)->t_name, token) == 0) {
            struct xs_token *t = *tp;
            *tp = t->t_next;
            free(t);
            break;
        }
    }
    if (!token_registered(h, token)) {
        h->h_watch_tail = &h->h_watch_head;
        for (mp = &h->h_watch_head; *mp;) {
            struct xs_msg *m = *mp;
            const char *tok = m->m_body + strlen(m->m_body) + 1;
            if (xs_path_is_subpath(path, m->m_body) && strcmp(tok, token) == 0) {
                *mp = m->m_next;
                free(m);
            } else {
                mp = &m->m_next;
                h->h_watch_tail = mp;
            }
        }
    }
    pthread_mutex_unlock(&h->h_watch_mutex);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = {
        { (void *)path, strlen(path) + 1 },
        { (void *)token, strlen(token) + 1 },
    };
    void *r = xs_talkv(h, XBT_NULL, XS_UNWATCH, iov, 2, NULL);

    if (r && (h->h_flags & XS_UNWATCH_FILTER))
        forget_token(h, path, token);
    free(r);
    return r != NULL;
}
