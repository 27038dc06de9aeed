/*
 * xenstored: persistence.  STATEDIR/snapshot holds the whole store and the
 * introduced domains; STATEDIR/journal holds every change committed since,
 * appended by journal_flush(): one write(2) per main-loop iteration for
 * every request committed in it, before any of their replies is sent.
 * Records: node set, node delete, domain introduce/release and the
 * permissions of @introduceDomain / @releaseDomain.
 * Both files start with a magic and an epoch; a journal is replayed only on
 * top of the snapshot of the same epoch.  Start-up loads snapshot + journal
 * and compacts them into a new snapshot (epoch + 1) and an empty journal;
 * the journal is also compacted when it outgrows the snapshot.
 *
 * fsync policy: snapshots are fsync()ed (file and directory) before they
 * replace the old one; the journal is fdatasync()ed per flush only with
 * --fsync.  Without it a killed daemon (SIGKILL, crash) loses nothing, as
 * the data is in the kernel; a power failure may lose the last changes.
 *
 * The live journal is appended through a shared mapping of the file (blocks
 * allocated ahead with posix_fallocate, 1 MiB at first, doubling): a flush
 * is a memcpy into the page cache instead of a write(2) per request, with
 * the same durability (the kernel owns those pages the moment the copy
 * ends).  The unwritten tail reads as zeros, which replay stops at as at a
 * torn record.  If the file cannot be grown or mapped, pwrite(2) takes over.
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

#define J_MAGIC "XSDSTATE1\n"
#define J_MAGIC_LEN 10
#define J_NODE 'N'
#define J_DELETE 'D'
#define J_INTRO 'I'
#define J_RELEASE 'R'
#define J_SPECIAL 'P'       /* perms of @introduceDomain or @releaseDomain */
#define J_MIN_COMPACT (4u << 20)
#define J_HDR (J_MAGIC_LEN + 8)      /* magic + epoch */
#define J_MAP_FIRST (1u << 20)
#define J_DROP_BATCH (64u << 10)

struct xsd_journal {
    int j_fd;
    uint64_t j_epoch;
    char *j_buf;
    size_t j_len, j_cap;
    size_t j_size;          /* bytes in the journal file */
    size_t j_snap_size;     /* bytes in the last snapshot */
    bool j_failed;
    char *j_map;            /* the journal file mapped shared, or NULL */
    size_t j_map_size;      /* bytes mapped (= bytes allocated in the file) */
    bool j_nomap;           /* mapping failed: pwrite(2) from now on */
    size_t j_dropped;       /* pages below this offset left our RSS */
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

/* 'P', 'i' or 'r', count, then (domid, bits) per entry. */
static void put_special(struct xsd *d, struct xsd_journal *j, bool intro)
{
    uint8_t t = J_SPECIAL, which = intro ? 'i' : 'r';
    const struct xsd_perm *p = intro ? d->x_intro_perms : d->x_release_perms;
    uint16_t np = intro ? d->x_intro_nperms : d->x_release_nperms;

    jb_put(j, &t, 1);
    jb_put(j, &which, 1);
    jb_put(j, &np, sizeof(np));
    for (unsigned i = 0; i < np; i++) {
        jb_u32(j, p[i].p_id);
        jb_put(j, &p[i].p_bits, 1);
    }
}

void journal_special(struct xsd *d, bool intro)
{
    if (d->x_journal && !d->x_replaying)
        put_special(d, d->x_journal, intro);
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

static void journal_unmap(struct xsd_journal *j)
{
    if (j->j_map)
        munmap(j->j_map, j->j_map_size);
    j->j_map = NULL;
    j->j_map_size = 0;
    j->j_dropped = 0;
}

/*
 * Map at least need bytes of the journal file.  The blocks are allocated,
 * not only the size set: storing into a hole of a full file system through
 * a mapping would kill the daemon with SIGBUS.
 */
static bool journal_map(struct xsd_journal *j, size_t need)
{
    size_t size = j->j_map_size ? j->j_map_size : J_MAP_FIRST, dropped;
    void *p;

    while (size < need)
        size *= 2;
    if (posix_fallocate(j->j_fd, 0, (off_t)size) != 0)
        return false;
    p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, j->j_fd, 0);
    if (p == MAP_FAILED)
        return false;
    dropped = j->j_dropped;     /* nothing below it is in the new mapping */
    journal_unmap(j);
    j->j_dropped = dropped;
    j->j_map = p;
    j->j_map_size = size;
    return true;
}

/*
 * Written journal pages would otherwise count in the daemon's RSS (a few
 * MiB between compactions).  They are never read again by us, so whole
 * pages behind end go back to the page cache (dirty data stays there,
 * MADV_DONTNEED on a shared file mapping only unmaps), 64 KiB at a time.
 */
static void journal_drop_pages(struct xsd_journal *j, size_t end)
{
    size_t upto = end & ~(size_t)4095;

    if (upto < j->j_dropped + J_DROP_BATCH)
        return;
    madvise(j->j_map + j->j_dropped, upto - j->j_dropped, MADV_DONTNEED);
    j->j_dropped = upto;
}

/* Append len bytes at the journal's end (after j_size bytes of records). */
static bool journal_append(struct xsd_journal *j, const char *p, size_t len)
{
    size_t off = J_HDR + j->j_size;

    if (!j->j_nomap &&
        (off + len <= j->j_map_size || journal_map(j, off + len))) {
        memcpy(j->j_map + off, p, len);
        journal_drop_pages(j, off + len);
        return true;
    }
    j->j_nomap = true;
    journal_unmap(j);
    while (len) {
        ssize_t n = pwrite(j->j_fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        off += (size_t)n;
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
    if (j->j_failed || !journal_append(j, j->j_buf, j->j_len)) {
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

/* A J_SPECIAL record after its type byte; false if torn or malformed. */
static bool replay_special(struct xsd *d, struct reader *r)
{
    struct xsd_perm p[2];
    uint8_t which;
    uint16_t np;

    if (!rd(r, &which, 1) || !rd(r, &np, 2) || np < 1 || np > 2 ||
        (which != 'i' && which != 'r'))
        return false;
    for (unsigned i = 0; i < np; i++)
        if (!rd(r, &p[i].p_id, 4) || !rd(r, &p[i].p_bits, 1))
            return false;
    memcpy(which == 'i' ? d->x_intro_perms : d->x_release_perms, p,
           np * sizeof(p[0]));
    *(which == 'i' ? &d->x_intro_nperms : &d->x_release_nperms) = np;
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
        } else if (t == J_SPECIAL) {
            if (!replay_special(d, r))
                return;
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
    /* Read-write: the journal is mapped shared. */
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

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
    put_special(d, &sj, true);
    put_special(d, &sj, false);
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
    journal_unmap(j);
    if (j->j_fd >= 0)
        close(j->j_fd);
    j->j_fd = fd;
    j->j_nomap = false;
    j->j_epoch = epoch;
    j->j_size = 0;
    return 0;
}

/* The kernel's id of this boot (36 chars), or "" if unknown. */
static void boot_id(char *buf, size_t size)
{
    char path[4096];
    int fd = open(xsd_devpath(path, sizeof(path),
                              "/proc/sys/kernel/random/boot_id"),
                  O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

    if (fd >= 0)
        close(fd);
    buf[n > 0 ? n : 0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
}

/*
 * --reset-state: the state of an earlier boot must not come back (Xen's
 * daemon starts empty at boot; stale domains would be re-introduced).
 * "boot" drops it when STATEDIR/boot-id names another boot (or is
 * missing), then records this boot; "always" drops it unconditionally.
 */
static void reset_stale_state(struct xsd *d)
{
    char now[64], was[64] = "", path[4096], tmp[4200];
    bool drop = d->x_opt.o_reset_state == XSD_RESET_ALWAYS;
    FILE *f;

    if (d->x_opt.o_reset_state == XSD_RESET_NEVER)
        return;
    boot_id(now, sizeof(now));
    state_path(d, "boot-id", path, sizeof(path));
    if ((f = fopen(path, "r"))) {
        if (!fgets(was, sizeof(was), f))
            was[0] = '\0';
        was[strcspn(was, "\n")] = '\0';
        fclose(f);
    }
    if (!now[0] && !drop) {
        xsd_log(d, "boot id unknown: keeping the saved state");
        return;
    }
    if (drop || strcmp(now, was) != 0) {
        xsd_log(d, "state of %s discarded (--reset-state=%s)",
                was[0] && !drop ? "an earlier boot" : "before this start",
                drop ? "always" : "boot");
        state_path(d, "snapshot", tmp, sizeof(tmp));
        unlink(tmp);
        state_path(d, "journal", tmp, sizeof(tmp));
        unlink(tmp);
    }
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    if ((f = fopen(tmp, "w"))) {
        fprintf(f, "%s\n", now);
        if (fclose(f) == 0)
            rename(tmp, path);
    }
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
    reset_stale_state(d);
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
    if (j->j_len && journal_append(j, j->j_buf, j->j_len))
        j->j_size += j->j_len;
    journal_unmap(j);
    if (j->j_fd >= 0) {
        /* Leave no zero tail behind a clean stop. */
        if (ftruncate(j->j_fd, (off_t)(J_HDR + j->j_size)) < 0)
            xsd_log(d, "journal: cannot trim: %s", strerror(errno));
        fsync(j->j_fd);
        close(j->j_fd);
    }
    free(j->j_buf);
    free(j);
    d->x_journal = NULL;
}
