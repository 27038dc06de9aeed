/* libxenstore helpers: daemon locations, permissions, value escaping. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenstore.h>

#define XS_DEFAULT_RUNDIR "/var/run/xenstored"

const char *xs_daemon_rundir(void)
{
    const char *s = getenv("XENSTORED_RUNDIR");

    return s ? s : XS_DEFAULT_RUNDIR;
}

const char *xs_daemon_socket(void)
{
    static __thread char buf[4096];
    const char *s = getenv("XENSTORED_PATH");

    if (s)
        return s;
    if (snprintf(buf, sizeof(buf), "%s/socket", xs_daemon_rundir()) >=
        (int)sizeof(buf))
        return NULL;
    return buf;
}

const char *xs_daemon_socket_ro(void)
{
    return xs_daemon_socket();
}

bool xs_write_all(int fd, const void *data, unsigned int len)
{
    const char *p = data;

    while (len) {
        ssize_t done = write(fd, p, len);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += done;
        len -= (unsigned int)done;
    }
    return true;
}

/* Access bits of a permission letter, or -1 if it is not one. */
static int perm_letter_bits(char c)
{
    switch (c) {
    case 'n': return XS_PERM_NONE;
    case 'r': return XS_PERM_READ;
    case 'w': return XS_PERM_WRITE;
    case 'b': return XS_PERM_READ | XS_PERM_WRITE;
    default: return -1;
    }
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings)
{
    const char *p = strings;

    for (unsigned int i = 0; i < num; i++) {
        int bits = perm_letter_bits(*p);
        char *end;
        unsigned long id;

        if (bits < 0) {
            errno = EINVAL;
            return false;
        }
        errno = 0;
        id = strtoul(p + 1, &end, 0);
        if (errno || end == p + 1 || *end != '\0' || id > 0xffffffffUL) {
            errno = EINVAL;
            return false;
        }
        perms[i].perms = (enum xs_perm_type)bits;
        perms[i].id = (unsigned int)id;
        p = end + 1;
    }
    return true;
}

bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len)
{
    char c;

    switch ((int)perm->perms & (XS_PERM_READ | XS_PERM_WRITE)) {
    case XS_PERM_NONE: c = 'n'; break;
    case XS_PERM_READ: c = 'r'; break;
    case XS_PERM_WRITE: c = 'w'; break;
    default: c = 'b'; break;
    }
    if (snprintf(buffer, buf_len, "%c%u", c, perm->id) >= (int)buf_len) {
        errno = E2BIG;
        return false;
    }
    return true;
}

unsigned int xs_count_strings(const char *strings, unsigned int len)
{
    unsigned int num = 0;

    for (unsigned int i = 0; i < len; i++)
        if (strings[i] == '\0')
            num++;
    return num;
}

char *expanding_buffer_ensure(struct expanding_buffer *ebuf, int min_avail)
{
    int want;
    char *got;

    if (ebuf->avail >= min_avail)
        return ebuf->buf;
    if (min_avail >= INT_MAX / 3)
        return NULL;
    want = ebuf->avail + 64;
    if (want < min_avail)
        want = min_avail;
    got = realloc(ebuf->buf, (size_t)want);
    if (!got)
        return NULL;
    ebuf->buf = got;
    ebuf->avail = want;
    return got;
}

char *sanitise_value(struct expanding_buffer *ebuf, const char *val,
                     unsigned len)
{
    char *out, *o;

    if (!expanding_buffer_ensure(ebuf, (int)len * 4 + 1))
        return NULL;
    out = o = ebuf->buf;
    for (unsigned i = 0; i < len; i++) {
        unsigned char c = (unsigned char)val[i];
        if (c == '\\') {
            *o++ = '\\';
            *o++ = '\\';
        } else if (c == '\t') {
            *o++ = '\\';
            *o++ = 't';
        } else if (c == '\n') {
            *o++ = '\\';
            *o++ = 'n';
        } else if (c == '\r') {
            *o++ = '\\';
            *o++ = 'r';
        } else if (c < ' ' || c > '~') {
            o += sprintf(o, "\\x%02x", c);
        } else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return out;
}

/* Value of hex digit c, or -1. */
static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void unsanitise_value(char *out, unsigned *out_len, const char *in)
{
    char *o = out;

    while (*in) {
        if (*in != '\\') {
            *o++ = *in++;
            continue;
        }
        in++;
        switch (*in) {
        case '\0':
            break;
        case 't': *o++ = '\t'; in++; break;
        case 'n': *o++ = '\n'; in++; break;
        case 'r': *o++ = '\r'; in++; break;
        case 'x':
            if (hexval(in[1]) >= 0 && hexval(in[2]) >= 0) {
                *o++ = (char)(hexval(in[1]) * 16 + hexval(in[2]));
                in += 3;
            } else {
                *o++ = *in++;
            }
            break;
        default:
            if (*in >= '0' && *in <= '7') {
                int v = 0, n = 0;
                while (n < 3 && *in >= '0' && *in <= '7') {
                    v = v * 8 + (*in++ - '0');
                    n++;
                }
                *o++ = (char)v;
            } else {
                *o++ = *in++;
            }
            break;
        }
    }
    *out_len = (unsigned)(o - out);
    *o = '\0';
}

bool xs_path_is_subpath(const char *parent, const char *child)
{
    size_t n = strlen(parent);

    if (strncmp(child, parent, n) != 0)
        return false;
    if (n > 0 && parent[n - 1] == '/')
        return true;
    return child[n] == '\0' || child[n] == '/';
}

int xs_suspend_evtchn_port(int domid)
{
    (void)domid;
    errno = ENOSYS;
    return -1;
}
