/* libxenstore: one function per request type of the xs.h API. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

/* Send a request whose payload is one NUL-terminated string. */
static void *talk_string(struct xs_handle *h, xs_transaction_t t,
                         enum xsd_sockmsg_type type, const char *s,
                         unsigned int *len)
{
    struct iovec iov = { (void *)s, strlen(s) + 1 };

    return xs_talkv(h, t, type, &iov, 1, len);
}

/* Send a request and reduce its reply to success or failure. */
static bool talk_bool(struct xs_handle *h, xs_transaction_t t,
                      enum xsd_sockmsg_type type, const struct iovec *iov,
                      unsigned int num)
{
    void *r = xs_talkv(h, t, type, iov, num, NULL);

    free(r);
    return r != NULL;
}

/* Split len bytes of NUL-terminated strings into one malloc()ed vector. */
static char **split_strings(char *strings, unsigned int len, unsigned int *num)
{
    unsigned int n = xs_count_strings(strings, len);
    char **vec = malloc(sizeof(char *) * (n + 1) + len);
    char *s;

    if (!vec) {
        free(strings);
        return NULL;
    }
    s = (char *)(vec + n + 1);
    memcpy(s, strings, len);
    free(strings);
    for (unsigned int i = 0; i < n; i++) {
        vec[i] = s;
        s += strlen(s) + 1;
    }
    vec[n] = NULL;
    *num = n;
    return vec;
}

/*
 * A directory too big for one reply (E2BIG): fetch it in pieces with
 * DIRECTORY_PART, starting again if the node changes meanwhile.
 */
static char **directory_in_parts(struct xs_handle *h, xs_transaction_t t,
                                 const char *path, unsigned int *num)
{
    char *acc = NULL, gen[32] = "";
    size_t used = 0;

    for (;;) {
        char off[16], *r, *body, *grown;
        struct iovec iov[2];
        unsigned int len;
        size_t gl, blen;
        bool last;

        snprintf(off, sizeof(off), "%zu", used);
        iov[0] = (struct iovec){ (void *)path, strlen(path) + 1 };
        iov[1] = (struct iovec){ off, strlen(off) + 1 };
        r = xs_talkv(h, t, XS_DIRECTORY_PART, iov, 2, &len);
        if (!r) {
            free(acc);
            return NULL;
        }
        gl = strnlen(r, len);
        if (gl + 1 > len || gl >= sizeof(gen)) {
            free(r);
            free(acc);
            errno = EIO;
            return NULL;
        }
        if (used && strcmp(gen, r) != 0) {
            used = 0;           /* changed under us: start again */
            free(r);
            gen[0] = '\0';
            continue;
        }
        strcpy(gen, r);
        body = r + gl + 1;
        blen = len - gl - 1;
        last = blen == 0 || (body[blen - 1] == '\0' &&
                             (blen == 1 || body[blen - 2] == '\0'));
        if (last && blen)
            blen--;
        grown = realloc(acc, used + blen + 1);
        if (!grown) {
            free(r);
            free(acc);
            return NULL;
        }
        acc = grown;
        memcpy(acc + used, body, blen);
        used += blen;
        free(r);
        if (last)
            return split_strings(acc, (unsigned int)used, num);
    }
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num)
{
    unsigned int len;
    char *r = talk_string(h, t, XS_DIRECTORY, path, &len);

    if (!r && errno == E2BIG)
        return directory_in_parts(h, t, path, num);
    if (!r)
        return NULL;
    return split_strings(r, len, num);
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    return talk_string(h, t, XS_READ, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)data, len } };

    return talk_bool(h, t, XS_WRITE, iov, 2);
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    struct iovec iov = { (void *)path, strlen(path) + 1 };

    return talk_bool(h, t, XS_MKDIR, &iov, 1);
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    struct iovec iov = { (void *)path, strlen(path) + 1 };

    return talk_bool(h, t, XS_RM, &iov, 1);
}

bool xs_restrict(struct xs_handle *h, unsigned domid)
{
    (void)h;
    (void)domid;
    errno = ENOSYS;
    return false;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path, unsigned int *num)
{
    unsigned int len, n;
    char *r = talk_string(h, t, XS_GET_PERMS, path, &len);
    struct xs_permissions *perms;

    if (!r)
        return NULL;
    n = xs_count_strings(r, len);
    perms = malloc(sizeof(*perms) * (n ? n : 1));
    if (perms && !xs_strings_to_perms(perms, n, r)) {
        free(perms);
        perms = NULL;
    }
    free(r);
    if (perms)
        *num = n;
    return perms;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t used = 0;
    struct iovec iov[2];

    for (unsigned int i = 0; i < num_perms; i++) {
        char one[MAX_STRLEN(unsigned int) + 2];
        size_t l;

        if (!xs_perm_to_string(&perms[i], one, sizeof(one)))
            return false;
        l = strlen(one) + 1;
        if (used + l > sizeof(buf)) {
            errno = E2BIG;
            return false;
        }
        memcpy(buf + used, one, l);
        used += l;
    }
    iov[0].iov_base = (void *)path;
    iov[0].iov_len = strlen(path) + 1;
    iov[1].iov_base = buf;
    iov[1].iov_len = used;
    return talk_bool(h, t, XS_SET_PERMS, iov, 2);
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    char *r = talk_string(h, XBT_NULL, XS_TRANSACTION_START, "", NULL);
    unsigned long id;
    char *end;

    if (!r)
        return XBT_NULL;
    errno = 0;
    id = strtoul(r, &end, 0);
    if (errno || *end || id == 0 || id > 0xffffffffUL) {
        free(r);
        errno = EINVAL;
        return XBT_NULL;
    }
    free(r);
    return (xs_transaction_t)id;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    struct iovec iov = { (void *)(abort ? "F" : "T"), 2 };

    return talk_bool(h, t, XS_TRANSACTION_END, &iov, 1);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn)
{
    char d[MAX_STRLEN(domid)], m[MAX_STRLEN(mfn)], e[MAX_STRLEN(eventchn)];
    struct iovec iov[3];

    snprintf(d, sizeof(d), "%u", domid);
    snprintf(m, sizeof(m), "%lu", mfn);
    snprintf(e, sizeof(e), "%u", eventchn);
    iov[0] = (struct iovec){ d, strlen(d) + 1 };
    iov[1] = (struct iovec){ m, strlen(m) + 1 };
    iov[2] = (struct iovec){ e, strlen(e) + 1 };
    return talk_bool(h, XBT_NULL, XS_INTRODUCE, iov, 3);
}

/* Send a request whose payload is one decimal domain id. */
static void *talk_domid(struct xs_handle *h, enum xsd_sockmsg_type type,
                        unsigned int domid, unsigned int *len)
{
    char d[MAX_STRLEN(domid)];

    snprintf(d, sizeof(d), "%u", domid);
    return talk_string(h, XBT_NULL, type, d, len);
}

bool xs_set_target(struct xs_handle *h, unsigned int domid,
                   unsigned int target)
{
    char d[MAX_STRLEN(domid)], t[MAX_STRLEN(target)];
    struct iovec iov[2];

    snprintf(d, sizeof(d), "%u", domid);
    snprintf(t, sizeof(t), "%u", target);
    iov[0] = (struct iovec){ d, strlen(d) + 1 };
    iov[1] = (struct iovec){ t, strlen(t) + 1 };
    return talk_bool(h, XBT_NULL, XS_SET_TARGET, iov, 2);
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    void *r = talk_domid(h, XS_RESUME, domid, NULL);

    free(r);
    return r != NULL;
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    void *r = talk_domid(h, XS_RELEASE, domid, NULL);

    free(r);
    return r != NULL;
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    return talk_domid(h, XS_GET_DOMAIN_PATH, domid, NULL);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    char *r = talk_domid(h, XS_IS_DOMAIN_INTRODUCED, domid, NULL);
    bool yes = r && strcmp(r, "T") == 0;

    free(r);
    return yes;
}

char *xs_control_command(struct xs_handle *h, const char *cmd, void *data,
                         unsigned int len)
{
    struct iovec iov[2] = { { (void *)cmd, strlen(cmd) + 1 },
                            { data, len } };

    return xs_talkv(h, XBT_NULL, XS_CONTROL, iov, 2, NULL);
}

char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data,
                       unsigned int len)
{
    return xs_control_command(h, cmd, data, len);
}
