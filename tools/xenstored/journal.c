/*
 * xenstored: persistence.  STATEDIR/snapshot holds the whole store and the
 * introduced domains; STATEDIR/journal holds every change committed since,
 * appended by journal_flush(): one write(2) per main-loop iteration for
 * every request committed in it, before any of their replies is sent.
 * Both files start with a magic and an epoch; a journal is replayed only on
 * top of the snapshot of the same epoch.  Start-up loads snapshot + journal
 * and compacts them into a new snapshot (epoch + 1) and an empty journal;
 * the journal is also compacted when it outgrows the snapshot.
 *
 * fsync policy: snapshots are fsync()ed (file and directory) before they
 * replace the old one; the journal is fdatasync()ed per flush only with
 * --fsync.  Without it a killed daemon (SIGKILL, crash) loses nothing, as
 * the data is in the kernel; a power failure may lose the last changes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xsd.h"

#define J_MAGIC "XSDSTATE1\n"
#define J_MAGIC_LEN 10
#define J_NODE 'N'
#define J_DELETE 'D'
#define J_INTRO 'I'
#define J_RELEASE 'R'
#define J_MIN_COMPACT (4u << 20)

struct xsd_journal {
    int j_fd;
    uint64_t j_epoch;
    char *j_buf;
    size_t j_len, j_cap;
    size_t j_size;          /* bytes in the journal file */
    size_t j_snap_size;     /* bytes in the last snapshot */
    bool j_failed;
};

/* Append raw bytes to the pending buffer. */
static void jb_put(struct xsd_journal *j, const void *p, size_t len)
{
    if (j->j_failed)
        return;
    if (j->j_len + len > j->j_cap) {
        size_t cap = j->j_cap ? j->j_cap : 65536;
        char *nb;
        while (cap < j->j_len + len)
            cap *= 2;
        nb = realloc(j->j_buf, cap);
        if (!nb) {
            j->j_failed = true;
            return;
        }
        j->j_buf = nb;
        j->j_cap = cap;
    }
    memcpy(j->j_buf + j->j_len, p, len);
    j->j_len += len;
}

static void jb_u32(struct xsd_journal *j, uint32_t v)
{
    jb_put(j, &v, sizeof(v));
}

static void put_node(struct xsd_journal *j, const struct xsd_node *n)
{
    uint8_t t = J_NODE;
    uint16_t np = n->n_nperms;
    size_t pl = strlen(n->n_path);

    jb_put(j, &t, 1);
    jb_u32(j, (uint32_t)pl);
    jb_u32(j, n->n_vlen);
    jb_put(j, &np, sizeof(np));
    jb_put(j, n->n_path, pl);
    jb_put(j, node_value(n), n->n_vlen);
    for (unsigned i = 0; i < np; i++) {
        jb_u32(j, node_perms(n)[i].p_id);
        jb_put(j, &node_perms(n)[i].p_bits, 1);
    }
}

static void put_domain(struct xsd_journal *j, const struct xsd_domain *dom,
                       bool up)
{
    uint8_t t = up ? J_INTRO : J_RELEASE;

    jb_put(j, &t, 1);
    jb_u32(j, dom->d_domid);
    jb_put(j, &dom->d_gfn, sizeof(dom->d_gfn));
    jb_u32(j, dom->d_evtchn);
}

void journal_node(struct xsd *d, const struct xsd_node *n)
{
    if (d->x_journal && !d->x_replaying)
        put_node(d->x_journal, n);
}

void journal_delete(struct xsd *d, const char *path)
{
    struct xsd_journal *j = d->x_journal;
    uint8_t t = J_DELETE;
    size_t pl = strlen(path);

    if (!j || d->x_replaying)
        return;
    jb_put(j, &t, 1);
    jb_u32(j, (uint32_t)pl);
    jb_put(j, path, pl);
}

void journal_domain(struct xsd *d, const struct xsd_domain *dom, bool up)
{
    if (d->x_journal && !d->x_replaying)
        put_domain(d->x_journal, dom, up);
}

/* Write the whole buffer to fd; false on failure. */
static bool write_full(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static int compact(struct xsd *d);

void journal_flush(struct xsd *d)
{
    struct xsd_journal *j = d->x_journal;

    if (!j || d->x_replaying || !j->j_len)
        return;
    if (j->j_failed || !write_full(j->j_fd, j->j_buf, j->j_len)) {
        xsd_log(d, "journal write failed: state may be lost on restart");
        j->j_failed = false;
    }
    if (d->x_opt.o_fsync)
        fdatasync(j->j_fd);
    j->j_size += j->j_len;
    j->j_len = 0;
    if (j->j_size > J_MIN_COMPACT && j->j_size > 2 * j->j_snap_size)
        compact(d);
}

/* ---- loading ---- */

struct reader {
    const char *r_p;
    size_t r_left;
};

static bool rd(struct reader *r, void *out, size_t len)
{
    if (r->r_left < len)
        return false;
    memcpy(out, r->r_p, len);
    r->r_p += len;
    r->r_left -= len;
    return true;
}

/* Apply the records of one file; stops quietly at a torn tail. */
static void replay(struct xsd *d, struct reader *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct xsd_perm perms[1024];
    uint8_t t;

    while (rd(r, &t, 1)) {
        uint32_t pl, vl, domid, evtchn;
        uint16_t np;
        uint64_t gfn;
        const char *value;

        if (t == J_NODE) {
            if (!rd(r, &pl, 4) || !rd(r, &vl, 4) || !rd(r, &np, 2) ||
                pl > XENSTORE_ABS_PATH_MAX || np > 1024 ||
                !rd(r, path, pl))
                return;
            path[pl] = '\0';
            if (r->r_left < vl)
                return;
            value = r->r_p;
            r->r_p += vl;
            r->r_left -= vl;
            for (unsigned i = 0; i < np; i++)
                if (!rd(r, &perms[i].p_id, 4) || !rd(r, &perms[i].p_bits, 1))
                    return;
            store_put(d, path, value, vl, perms, np);
        } else if (t == J_DELETE) {
            if (!rd(r, &pl, 4) || pl > XENSTORE_ABS_PATH_MAX || !rd(r, path, pl))
                return;
            path[pl] = '\0';
            store_remove_tree(d, path);
        } else if (t == J_INTRO || t == J_RELEASE) {
            struct xsd_domain *dom;
            if (!rd(r, &domid, 4) || !rd(r, &gfn, 8) || !rd(r, &evtchn, 4))
                return;
            dom = domain_get(d, domid);
            if (!dom)
                return;
            dom->d_introduced = t == J_INTRO;   /* connected after loading */
            dom->d_gfn = gfn;
            dom->d_evtchn = evtchn;
        } else {
            return;
        }
    }
}

/* Read a whole file into memory; NULL if missing. */
static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    char *buf;

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) < 0 || !(buf = malloc((size_t)st.st_size + 1))) {
        close(fd);
        return NULL;
    }
    *len = 0;
    while (*len < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + *len, (size_t)st.st_size - *len);
        if (n <= 0)
            break;
        *len += (size_t)n;
    }
    close(fd);
    return buf;
}

/* Load one file; returns its epoch or -1 if absent or foreign. */
static long long load_file(struct xsd *d, const char *path, long long want)
{
    size_t len;
    char *buf = slurp(path, &len);
    struct reader r;
    uint64_t epoch;

    if (!buf)
        return -1;
    r.r_p = buf;
    r.r_left = len;
    if (len < J_MAGIC_LEN + 8 || memcmp(buf, J_MAGIC, J_MAGIC_LEN) != 0) {
        free(buf);
        return -1;
    }
    r.r_p += J_MAGIC_LEN;
    r.r_left -= J_MAGIC_LEN;
    rd(&r, &epoch, 8);
    if (want >= 0 && (long long)epoch != want) {
        free(buf);
        return -1;
    }
    replay(d, &r);
    free(buf);
    return (long long)epoch;
}

/* ---- writing snapshots ---- */

/* Write n and its subtree, parents before children. */
static void snap_tree(struct xsd *d, struct xsd_journal *j,
                      const struct xsd_node *n)
{
    char child[XENSTORE_ABS_PATH_MAX + XENSTORE_REL_PATH_MAX + 2];

    put_node(j, n);
    if (j->j_len > (1u << 20) && write_full(j->j_fd, j->j_buf, j->j_len))
        j->j_len = 0;
    for (uint32_t off = 0; off < n->n_clen;) {
        const char *c = n->n_children + off;
        const struct xsd_node *cn;
        off += (uint32_t)strlen(c) + 1;
        snprintf(child, sizeof(child), "%s/%s",
                 strcmp(n->n_path, "/") ? n->n_path : "", c);
        cn = table_find(&d->x_store, child);
        if (cn)
            snap_tree(d, j, cn);
    }
}

/* Path of a file in the state directory. */
static void state_path(struct xsd *d, const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", d->x_opt.o_statedir, name);
}

/* Create a file holding the magic and epoch; returns the fd or -1. */
static int create_file(const char *path, uint64_t epoch)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

    if (fd < 0)
        return -1;
    if (!write_full(fd, J_MAGIC, J_MAGIC_LEN) ||
        !write_full(fd, (const char *)&epoch, 8)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Write snapshot epoch+1 and start an empty journal of that epoch. */
static int compact(struct xsd *d)
{
    struct xsd_journal *j = d->x_journal;
    char tmp[4096], snap[4096], jpath[4096], jtmp[4096];
    struct xsd_journal sj = { .j_fd = -1 };
    const struct xsd_node *root = table_find(&d->x_store, "/");
    uint64_t epoch = j->j_epoch + 1;
    int fd, dfd;

    state_path(d, "snapshot.tmp", tmp, sizeof(tmp));
    state_path(d, "snapshot", snap, sizeof(snap));
    state_path(d, "journal", jpath, sizeof(jpath));
    state_path(d, "journal.tmp", jtmp, sizeof(jtmp));
    sj.j_fd = create_file(tmp, epoch);
    if (sj.j_fd < 0)
        return errno;
    if (root)
        snap_tree(d, &sj, root);
    for (struct xsd_domain *dom = d->x_domains; dom; dom = dom->d_next)
        if (dom->d_introduced)
            put_domain(&sj, dom, true);
    if (sj.j_failed || !write_full(sj.j_fd, sj.j_buf, sj.j_len) ||
        fsync(sj.j_fd) < 0) {
        close(sj.j_fd);
        free(sj.j_buf);
        unlink(tmp);
        return EIO;
    }
    j->j_snap_size = (size_t)lseek(sj.j_fd, 0, SEEK_END);
    close(sj.j_fd);
    free(sj.j_buf);
    fd = create_file(jtmp, epoch);
    if (fd < 0 || rename(tmp, snap) < 0 || rename(jtmp, jpath) < 0) {
        if (fd >= 0)
            close(fd);
        return EIO;
    }
    dfd = open(d->x_opt.o_statedir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    if (j->j_fd >= 0)
        close(j->j_fd);
    j->j_fd = fd;
    j->j_epoch = epoch;
    j->j_size = 0;
    return 0;
}

int journal_open(struct xsd *d)
{
    char snap[4096], jpath[4096];
    struct xsd_journal *j;
    long long epoch;
    int err;

    if (!d->x_opt.o_statedir)
        return 0;
    if (mkdir(d->x_opt.o_statedir, 0700) < 0 && errno != EEXIST)
        return errno;
    j = calloc(1, sizeof(*j));
    if (!j)
        return ENOMEM;
    j->j_fd = -1;
    state_path(d, "snapshot", snap, sizeof(snap));
    state_path(d, "journal", jpath, sizeof(jpath));
    d->x_replaying = true;
    epoch = load_file(d, snap, -1);
    if (epoch < 0)
        epoch = 0;
    load_file(d, jpath, epoch);
    d->x_replaying = false;
    j->j_epoch = (uint64_t)epoch;
    d->x_journal = j;
    if ((err = compact(d))) {
        d->x_journal = NULL;
        free(j);
        return err;
    }
    return 0;
}

void journal_close(struct xsd *d)
{
    struct xsd_journal *j = d->x_journal;

    if (!j)
        return;
    if (j->j_len)
        write_full(j->j_fd, j->j_buf, j->j_len);
    if (j->j_fd >= 0) {
        fsync(j->j_fd);
        close(j->j_fd);
    }
    free(j->j_buf);
    free(j);
    d->x_journal = NULL;
}
