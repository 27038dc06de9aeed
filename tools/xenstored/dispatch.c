/*
 * xenstored: request dispatch.  One table entry per message type gives its
 * name, handler and flags; the dispatcher checks privilege and looks up the
 * transaction before the handler runs, then sends the reply (and, for
 * mutations outside a transaction, commits the implicit one first).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd.h"
#include "../libxenstore/xs_errors.h"

#define F_PRIV 0x1u   /* privileged connections only (else EACCES) */
#define F_NOTID 0x2u  /* the transaction id of the header is ignored */
#define F_WRITE 0x4u  /* mutates the store: runs in a transaction */

struct xsd_req {
    const struct xsd_sockmsg *r_hdr;
    const char *r_body;
    uint32_t r_len;
    struct xsd_tx *r_tx;          /* explicit transaction, or NULL */
    struct xsd_tx *r_work;        /* transaction mutations go to */
    char r_out[XENSTORE_PAYLOAD_MAX];
    size_t r_out_len;
    const struct xsd_watch *r_new_watch; /* fire its initial event */
    char r_watch_path[XENSTORE_ABS_PATH_MAX + 1];
};

typedef int (*xsd_handler)(struct xsd *d, struct xsd_conn *c,
                           struct xsd_req *r);

struct xsd_wire_func {
    const char *wf_name;
    xsd_handler wf_fn;
    unsigned wf_flags;
};

/* ---- argument and path helpers ---- */

/* The single NUL-terminated argument of the request, or NULL. */
static const char *onearg(const struct xsd_req *r)
{
    /* Like Xen, a missing final NUL is tolerated (the body is terminated). */
    if (r->r_len == 0)
        return NULL;
    return r->r_body;
}

/* Split the payload into NUL-terminated strings; returns how many. */
static unsigned get_strings(const struct xsd_req *r, const char **vec,
                            unsigned max)
{
    unsigned n = 0;

    for (uint32_t off = 0; off < r->r_len && n < max;) {
        const char *s = r->r_body + off;
        size_t l = strnlen(s, r->r_len - off);
        if (off + l >= r->r_len)
            break;          /* not NUL-terminated */
        vec[n++] = s;
        off += (uint32_t)l + 1;
    }
    return n;
}

/* Length of path counted against the path limit (see ref 3.1). */
static size_t path_limit_len(const char *p)
{
    static const char pre[] = "/local/domain/";
    const char *q;

    if (strncmp(p, pre, sizeof(pre) - 1) != 0)
        return strlen(p);
    q = p + sizeof(pre) - 1;
    if (*q < '0' || *q > '9')
        return strlen(p);
    while (*q >= '0' && *q <= '9')
        q++;
    if (*q != '/')
        return strlen(p);
    return strlen(q + 1);
}

static bool valid_chars(const char *p)
{
    for (; *p; p++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '-' || ch == '/' ||
              ch == '_' || ch == '@'))
            return false;
    }
    return true;
}

int path_canonical(struct xsd *d, const struct xsd_conn *c, const char *in,
                   bool allow_special, char *out, size_t size)
{
    size_t l;

    if (in[0] == '@') {
        if (!allow_special || !valid_chars(in) || strlen(in) >= size)
            return EINVAL;
        strcpy(out, in);
        return 0;
    }
    if (in[0] == '/') {
        if (strlen(in) >= size)
            return EINVAL;
        strcpy(out, in);
    } else {
        char home[64];
        if ((size_t)snprintf(out, size, "%s/%s",
                             conn_home(c, home, sizeof(home)), in) >= size)
            return EINVAL;
    }
    l = strlen(out);
    if (!valid_chars(out) || strstr(out, "//") ||
        (l > 1 && out[l - 1] == '/'))
        return EINVAL;
    if (path_limit_len(out) > (c->c_priv_dom ? XENSTORE_REL_PATH_MAX
                               : domain_quota(d, c->c_domid, Q_PATH_MAX)))
        return EINVAL;
    return 0;
}

/* Canonical path of the single argument. */
static int arg_path(struct xsd *d, struct xsd_conn *c, struct xsd_req *r,
                    char *out)
{
    const char *p = onearg(r);

    if (!p)
        return EINVAL;
    if (r->r_body[r->r_len - 1] != '\0')
        return ENOENT;     /* what Xen 4.17 answers for a path without NUL */
    return path_canonical(d, c, p, false, out, XENSTORE_ABS_PATH_MAX + 1);
}

/* Parse a decimal domain id. */
static int parse_domid(const char *s, uint32_t *out)
{
    unsigned long v = 0;

    if (!s || !*s)
        return EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 0xffffffffUL / 10)
            return EINVAL;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    if (v > 0xffffffffUL)
        return EINVAL;
    *out = (uint32_t)v;
    return 0;
}

static int reply_bytes(struct xsd_req *r, const void *p, size_t len)
{
    if (r->r_out_len + len > sizeof(r->r_out))
        return E2BIG;
    memcpy(r->r_out + r->r_out_len, p, len);
    r->r_out_len += len;
    return 0;
}

static int reply_str(struct xsd_req *r, const char *s)
{
    return reply_bytes(r, s, strlen(s) + 1);
}

/* Node for reading: exists and readable by c. */
static int get_readable(struct xsd *d, struct xsd_conn *c, struct xsd_req *r,
                        const char *path, const struct xsd_node **n)
{
    int err = tx_get(d, r->r_tx, path, n);

    if (err)
        return err;
    if (!(perms_for_conn(c, node_perms((*n)), (*n)->n_nperms) & XSD_PERM_READ))
        return EACCES;
    return 0;
}

/* ---- read-only requests ---- */

static int do_read(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const struct xsd_node *n;
    int err;

    if ((err = arg_path(d, c, r, path)) ||
        (err = get_readable(d, c, r, path, &n)))
        return err;
    return reply_bytes(r, node_value(n), n->n_vlen);
}

static int do_directory(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const struct xsd_node *n;
    int err;

    if ((err = arg_path(d, c, r, path)) ||
        (err = get_readable(d, c, r, path, &n)))
        return err;
    return reply_bytes(r, n->n_children, n->n_clen);
}

static int do_directory_part(struct xsd *d, struct xsd_conn *c,
                             struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1], gen[32];
    const char *vec[2];
    const struct xsd_node *n;
    uint32_t off;
    int err;

    if (get_strings(r, vec, 2) != 2 || parse_domid(vec[1], &off))
        return EINVAL;
    if ((err = path_canonical(d, c, vec[0], false, path, sizeof(path))) ||
        (err = get_readable(d, c, r, path, &n)))
        return err;
    if (off > n->n_clen)
        return EINVAL;
    snprintf(gen, sizeof(gen), "%llu", (unsigned long long)n->n_gen);
    reply_str(r, gen);
    while (off < n->n_clen) {
        const char *ch = n->n_children + off;
        size_t l = strlen(ch) + 1;
        if (r->r_out_len + l + 1 > sizeof(r->r_out))
            return 0;
        reply_bytes(r, ch, l);
        off += (uint32_t)l;
    }
    return reply_bytes(r, "", 1);
}

static int do_get_perms(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *arg = onearg(r);
    const struct xsd_node *n;
    int err;

    if (!arg)
        return EINVAL;
    if (arg[0] == '@') {
        const struct xsd_perm *p = NULL;
        unsigned np = 0;
        if (strcmp(arg, "@introduceDomain") == 0) {
            p = d->x_intro_perms;
            np = d->x_intro_nperms;
        } else if (strcmp(arg, "@releaseDomain") == 0) {
            p = d->x_release_perms;
            np = d->x_release_nperms;
        } else {
            return EINVAL;
        }
        r->r_out_len = perms_format(p, np, r->r_out, sizeof(r->r_out));
        return 0;
    }
    if ((err = path_canonical(d, c, arg, false, path, sizeof(path))) ||
        (err = get_readable(d, c, r, path, &n)))
        return err;
    r->r_out_len = perms_format(node_perms(n), n->n_nperms, r->r_out,
                                sizeof(r->r_out));
    return 0;
}

/* ---- mutations ---- */

/* Check the node quotas of c against node n after a change. */
static int check_node_size(struct xsd *d, struct xsd_conn *c,
                           const struct xsd_node *n)
{
    if (c->c_priv_dom)
        return 0;
    if (node_size(n) > domain_quota(d, c->c_domid, Q_NODE_SIZE))
        return ENOSPC;
    {
        unsigned q = domain_quota(d, c->c_domid, Q_MEMORY);
        struct xsd_domain *dom = n->n_nperms ? domain_find(d, node_perms(n)[0].p_id) : NULL;
        const struct xsd_node *old;
        long mem;

        if (q && q != 0xffffffffu && dom && node_perms(n)[0].p_id) {
            mem = dom->d_memory + node_mem(n);
            old = table_find(&d->x_store, n->n_path);
            if (old && old->n_nperms && node_perms(old)[0].p_id == node_perms(n)[0].p_id)
                mem -= node_mem(old);
            if (mem > (long)q)
                return ENOMEM;
        }
    }
    return 0;
}

/*
 * Create path and its missing ancestors in r's transaction, inheriting the
 * perms of the nearest existing ancestor, which c must be able to write.
 */
static int create_path(struct xsd *d, struct xsd_conn *c, struct xsd_req *r,
                       const char *path, struct xsd_node **out)
{
    char anc[XENSTORE_ABS_PATH_MAX + 1];
    struct xsd_perm perms[64];
    const struct xsd_node *a;
    unsigned np;
    size_t l;
    int err;

    strcpy(anc, path);
    for (;;) {
        char *slash = strrchr(anc, '/');
        if (slash == anc)
            slash[1] = '\0';
        else
            *slash = '\0';
        err = tx_get(d, r->r_work, anc, &a);
        if (err == 0)
            break;
        if (err != ENOENT)
            return err;
    }
    if (!(perms_for_conn(c, node_perms(a), a->n_nperms) & XSD_PERM_WRITE))
        return EACCES;
    np = a->n_nperms < 64 ? a->n_nperms : 64;
    memcpy(perms, node_perms(a), np * sizeof(perms[0]));
    if (!c->c_priv_dom && np) {
        /* The creator owns what it creates. */
        perms[0].p_id = c->c_target != XSD_DOMID_NONE &&
                        perms[0].p_id == c->c_target ? c->c_target : c->c_domid;
    }
    l = strlen(anc);
    for (;;) {
        const char *next = strchr(path + l + (l > 1), '/');
        size_t nl = next ? (size_t)(next - path) : strlen(path);
        char sub[XENSTORE_ABS_PATH_MAX + 1];

        if (!c->c_priv_dom &&
            d->x_domains && domain_get(d, c->c_domid)->d_nodes +
            r->r_work->x_new_nodes >= (long)domain_quota(d, c->c_domid, Q_NODES))
            return ENOSPC;
        memcpy(sub, path, nl);
        sub[nl] = '\0';
        if ((err = tx_create(d, r->r_work, sub, perms, np, out)))
            return err;
        if (!next)
            return 0;
        l = nl;
    }
}

static int do_write(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *vec[1];
    struct xsd_node *n;
    const struct xsd_node *cur;
    size_t plen;
    int err;

    if (get_strings(r, vec, 1) != 1)
        return EINVAL;
    plen = strlen(vec[0]) + 1;
    if ((err = path_canonical(d, c, vec[0], false, path, sizeof(path))))
        return err;
    err = tx_get(d, r->r_work, path, &cur);
    if (err == ENOENT) {
        err = create_path(d, c, r, path, &n);
    } else if (err == 0) {
        if (!(perms_for_conn(c, node_perms(cur), cur->n_nperms) & XSD_PERM_WRITE))
            return EACCES;
        err = tx_modify(d, r->r_work, path, &n);
    }
    if (err || (err = node_set_value(n, r->r_body + plen,
                                     r->r_len - (uint32_t)plen)) ||
        (err = check_node_size(d, c, n)))
        return err;
    if ((err = tx_add_event(r->r_work, path, false, node_perms(n), n->n_nperms)))
        return err;
    return reply_str(r, "OK");
}

static int do_mkdir(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const struct xsd_node *cur;
    struct xsd_node *n;
    int err;

    if ((err = arg_path(d, c, r, path)))
        return err;
    err = tx_get(d, r->r_work, path, &cur);
    if (err == 0)
        return reply_str(r, "OK");
    if (err != ENOENT || (err = create_path(d, c, r, path, &n)) ||
        (err = tx_add_event(r->r_work, path, false, node_perms(n), n->n_nperms)))
        return err;
    return reply_str(r, "OK");
}

static int do_rm(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1], parent[XENSTORE_ABS_PATH_MAX + 1];
    const struct xsd_node *n, *p;
    struct xsd_perm perms[64];
    unsigned np;
    int err;

    if ((err = arg_path(d, c, r, path)))
        return err;
    if (strcmp(path, "/") == 0)
        return EINVAL;
    err = tx_get(d, r->r_work, path, &n);
    if (err == ENOENT) {
        strcpy(parent, path);
        *strrchr(parent, '/') = '\0';
        if (!parent[0])
            strcpy(parent, "/");
        if (tx_get(d, r->r_work, parent, &p) == 0)
            return reply_str(r, "OK");
        return ENOENT;
    }
    if (err)
        return err;
    if (!(perms_for_conn(c, node_perms(n), n->n_nperms) & XSD_PERM_WRITE))
        return EACCES;
    np = n->n_nperms < 64 ? n->n_nperms : 64;
    memcpy(perms, node_perms(n), np * sizeof(perms[0]));
    if ((err = tx_delete_tree(d, r->r_work, path)) ||
        (err = tx_add_event(r->r_work, path, false, perms, np)))
        return err;
    return reply_str(r, "OK");
}

static int do_set_perms(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct xsd_perm perms[1024];
    const char *vec[1];
    const struct xsd_node *cur;
    struct xsd_node *n;
    unsigned np, max;
    size_t plen;
    int err;

    if (get_strings(r, vec, 1) != 1)
        return EINVAL;
    plen = strlen(vec[0]) + 1;
    max = c->c_priv_dom ? 1024 : domain_quota(d, c->c_domid, Q_PERMS);
    err = perms_parse(r->r_body + plen, r->r_len - plen, perms, max, &np);
    if (err)
        return err;
    if (vec[0][0] == '@') {
        bool intro = strcmp(vec[0], "@introduceDomain") == 0;
        if (!c->c_priv_dom)
            return EACCES;
        if (!intro && strcmp(vec[0], "@releaseDomain") != 0)
            return EINVAL;
        np = np > 2 ? 2 : np;
        memcpy(intro ? d->x_intro_perms : d->x_release_perms, perms,
               np * sizeof(perms[0]));
        *(intro ? &d->x_intro_nperms : &d->x_release_nperms) = (uint16_t)np;
        journal_special(d, intro);
        return reply_str(r, "OK");
    }
    if ((err = path_canonical(d, c, vec[0], false, path, sizeof(path))) ||
        (err = tx_get(d, r->r_work, path, &cur)))
        return err;
    if (!(perms_for_conn(c, node_perms(cur), cur->n_nperms) & XSD_PERM_OWNER))
        return EACCES;
    if (!c->c_priv_dom && cur->n_nperms && perms[0].p_id != node_perms(cur)[0].p_id)
        return EPERM;
    if ((err = tx_modify(d, r->r_work, path, &n)) ||
        (err = node_set_perms(n, perms, np)) ||
        (err = check_node_size(d, c, n)) ||
        (err = tx_add_event(r->r_work, path, false, node_perms(n), n->n_nperms)))
        return err;
    return reply_str(r, "OK");
}

/* ---- watches ---- */

static int do_watch(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *vec[3];
    unsigned n = get_strings(r, vec, 3);
    uint32_t depth = 0;
    bool relative;
    int err;

    if (n < 2 || (n == 3 && parse_domid(vec[2], &depth)))
        return EINVAL;
    relative = vec[0][0] != '/' && vec[0][0] != '@';
    if ((err = path_canonical(d, c, vec[0], true, path, sizeof(path))) ||
        (err = watch_add(d, c, path, vec[1], n == 3 ? (int)depth : -1,
                         relative)))
        return err;
    for (const struct xsd_watch *w = c->c_watches; w; w = w->w_next)
        r->r_new_watch = w;      /* watch_add appends: the last one */
    strcpy(r->r_watch_path, path);
    return reply_str(r, "OK");
}

static int do_unwatch(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *vec[2];
    int err;

    if (get_strings(r, vec, 2) != 2)
        return EINVAL;
    if ((err = path_canonical(d, c, vec[0], true, path, sizeof(path))) ||
        (err = watch_remove(d, c, path, vec[1])))
        return err;
    return reply_str(r, "OK");
}

static int do_reset_watches(struct xsd *d, struct xsd_conn *c,
                            struct xsd_req *r)
{
    watch_remove_all(d, c);
    while (c->c_txs) {
        struct xsd_tx *tx = c->c_txs;
        c->c_txs = tx->x_next;
        tx_free(tx);
    }
    c->c_ntxs = 0;
    return reply_str(r, "OK");
}

/* ---- transactions ---- */

static struct xsd_tx *tx_find(struct xsd_conn *c, uint32_t id)
{
    for (struct xsd_tx *tx = c->c_txs; tx; tx = tx->x_next)
        if (tx->x_id == id)
            return tx;
    return NULL;
}

static int do_tx_start(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    struct xsd_tx *tx;
    char id[16];

    if (r->r_hdr->tx_id != 0)
        return EBUSY;
    if (!c->c_priv_dom &&
        c->c_ntxs >= domain_quota(d, c->c_domid, Q_TRANSACTIONS))
        return ENOSPC;
    do {
        if (++c->c_next_txid == 0)
            c->c_next_txid = 1;
    } while (tx_find(c, c->c_next_txid));
    tx = tx_new(c->c_next_txid);
    if (!tx)
        return ENOMEM;
    tx->x_next = c->c_txs;
    c->c_txs = tx;
    c->c_ntxs++;
    snprintf(id, sizeof(id), "%u", tx->x_id);
    return reply_str(r, id);
}

static int do_tx_end(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    const char *arg = onearg(r);
    struct xsd_tx *tx = r->r_tx;
    int err = 0;

    if (!arg || (strcmp(arg, "T") != 0 && strcmp(arg, "F") != 0))
        return EINVAL;
    if (!tx)
        return ENOENT;
    for (struct xsd_tx **tp = &c->c_txs; *tp; tp = &(*tp)->x_next) {
        if (*tp == tx) {
            *tp = tx->x_next;
            break;
        }
    }
    c->c_ntxs--;
    r->r_tx = NULL;
    if (arg[0] == 'T')
        err = tx_commit(d, c, tx);
    tx_free(tx);
    return err ? err : reply_str(r, "OK");
}

/* ---- domains ---- */

static int do_introduce(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    const char *vec[3];
    uint32_t domid, evtchn;
    long long gfn;
    char *end;
    int err;

    (void)c;
    if (get_strings(r, vec, 3) != 3 || parse_domid(vec[0], &domid) ||
        parse_domid(vec[2], &evtchn))
        return EINVAL;
    errno = 0;
    gfn = strtoll(vec[1], &end, 10);
    if (errno || end == vec[1] || *end)
        return EINVAL;
    if (domid == 0 || domid >= 0x7ff0)
        return EINVAL;
    if ((err = domain_introduce(d, domid, (uint64_t)gfn, evtchn, false)))
        return err;
    return reply_str(r, "OK");
}

static int do_release(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    uint32_t domid;
    int err;

    (void)c;
    if (parse_domid(onearg(r), &domid))
        return EINVAL;
    if (domid == 0)
        return EINVAL;
    if ((err = domain_release(d, domid)))
        return err;
    return reply_str(r, "OK");
}

static int do_get_domain_path(struct xsd *d, struct xsd_conn *c,
                              struct xsd_req *r)
{
    char buf[64];
    uint32_t domid;

    (void)d;
    (void)c;
    if (!onearg(r))
        return EINVAL;
    domid = (uint32_t)strtoul(r->r_body, NULL, 10);  /* lenient, as Xen */
    snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
    return reply_str(r, buf);
}

static int do_is_introduced(struct xsd *d, struct xsd_conn *c,
                            struct xsd_req *r)
{
    struct xsd_domain *dom;
    uint32_t domid;

    (void)c;
    if (parse_domid(onearg(r), &domid))
        return EINVAL;
    dom = domain_find(d, domid);
    return reply_str(r, domid == 0 || (dom && dom->d_introduced) ? "T" : "F");
}

static int do_resume(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    struct xsd_domain *dom;
    uint32_t domid;

    (void)c;
    if (parse_domid(onearg(r), &domid))
        return EINVAL;
    dom = domain_find(d, domid);
    if (!dom || !dom->d_introduced)
        return ENOENT;
    dom->d_shutdown = false;
    return reply_str(r, "OK");
}

static int do_set_target(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    const char *vec[2];
    uint32_t domid, target;
    struct xsd_domain *dom;

    (void)c;
    if (get_strings(r, vec, 2) != 2 || parse_domid(vec[0], &domid) ||
        parse_domid(vec[1], &target))
        return EINVAL;
    dom = domain_find(d, domid);
    if (!dom || !dom->d_introduced || !domain_find(d, target))
        return ENOENT;
    for (struct xsd_conn *o = d->x_conns; o; o = o->c_next)
        if (o->c_domid == domid)
            o->c_target = target;
    return reply_str(r, "OK");
}

/* Optional domid argument of the feature and quota requests. */
static int do_get_feature(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    const char *vec[1];
    uint32_t domid = c->c_domid, feat = 0x0e;
    char buf[16];

    if (get_strings(r, vec, 1) == 1 && vec[0][0]) {
        if (!c->c_priv_dom)
            return EACCES;
        if (parse_domid(vec[0], &domid))
            return EINVAL;
    }
    if (domid != 0) {
        struct xsd_domain *dom = domain_find(d, domid);
        if (!dom)
            return ENOENT;
        feat = dom->d_features;
    }
    snprintf(buf, sizeof(buf), "%u", feat);
    return reply_str(r, buf);
}

static int do_set_feature(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    const char *vec[2];
    uint32_t domid, val;
    struct xsd_domain *dom;

    (void)c;
    if (get_strings(r, vec, 2) != 2 || parse_domid(vec[0], &domid) ||
        parse_domid(vec[1], &val))
        return EINVAL;
    dom = domain_get(d, domid);
    if (!dom)
        return ENOMEM;
    if (dom->d_introduced)
        return EBUSY;
    dom->d_features = val & 0x0e;
    return reply_str(r, "OK");
}

static int do_get_quota(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    const char *vec[2];
    unsigned n = get_strings(r, vec, 2);
    uint32_t domid = XSD_DOMID_NONE;
    char buf[32];
    int q;

    (void)c;
    if (n == 0) {
        for (q = 0; q < Q_COUNT; q++)
            reply_str(r, xsd_quota_names[q]);
        return 0;
    }
    if (n == 2 && parse_domid(vec[0], &domid))
        return EINVAL;
    q = quota_lookup(vec[n - 1]);
    if (q < 0)
        return EINVAL;
    snprintf(buf, sizeof(buf), "%u",
             domid == XSD_DOMID_NONE ? d->x_opt.o_quota[q]
                                     : domain_quota(d, domid, (enum xsd_quota)q));
    return reply_str(r, buf);
}

static int do_set_quota(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    const char *vec[3];
    unsigned n = get_strings(r, vec, 3);
    uint32_t domid = XSD_DOMID_NONE, val;
    int q;

    (void)c;
    if (n < 2 || parse_domid(vec[n - 1], &val) ||
        (n == 3 && parse_domid(vec[0], &domid)))
        return EINVAL;
    q = quota_lookup(vec[n - 2]);
    if (q < 0)
        return EINVAL;
    if (val == 0)
        val = 0xffffffffu;
    if (domid == XSD_DOMID_NONE) {
        d->x_opt.o_quota[q] = val;
    } else {
        struct xsd_domain *dom = domain_get(d, domid);
        if (!dom)
            return ENOMEM;
        dom->d_quota[q] = val;
        dom->d_quota_set[q] = true;
    }
    return reply_str(r, "OK");
}

static int do_control(struct xsd *d, struct xsd_conn *c, struct xsd_req *r)
{
    return control_command(d, c, r->r_hdr, r->r_body);
}

static const struct xsd_wire_func wire_funcs[XS_TYPE_COUNT] = {
    [XS_CONTROL] = { "CONTROL", do_control, F_PRIV | F_NOTID },
    [XS_DIRECTORY] = { "DIRECTORY", do_directory, 0 },
    [XS_READ] = { "READ", do_read, 0 },
    [XS_GET_PERMS] = { "GET_PERMS", do_get_perms, 0 },
    [XS_WATCH] = { "WATCH", do_watch, F_NOTID },
    [XS_UNWATCH] = { "UNWATCH", do_unwatch, F_NOTID },
    [XS_TRANSACTION_START] = { "TRANSACTION_START", do_tx_start, F_NOTID },
    [XS_TRANSACTION_END] = { "TRANSACTION_END", do_tx_end, 0 },
    [XS_INTRODUCE] = { "INTRODUCE", do_introduce, F_PRIV | F_NOTID },
    [XS_RELEASE] = { "RELEASE", do_release, F_PRIV | F_NOTID },
    [XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", do_get_domain_path, F_NOTID },
    [XS_WRITE] = { "WRITE", do_write, F_WRITE },
    [XS_MKDIR] = { "MKDIR", do_mkdir, F_WRITE },
    [XS_RM] = { "RM", do_rm, F_WRITE },
    [XS_SET_PERMS] = { "SET_PERMS", do_set_perms, F_WRITE },
    [XS_WATCH_EVENT] = { "WATCH_EVENT", NULL, 0 },
    [XS_ERROR] = { "ERROR", NULL, 0 },
    [XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED", do_is_introduced,
                                  F_PRIV | F_NOTID },
    [XS_RESUME] = { "RESUME", do_resume, F_PRIV | F_NOTID },
    [XS_SET_TARGET] = { "SET_TARGET", do_set_target, F_PRIV | F_NOTID },
    [XS_RESET_WATCHES] = { "RESET_WATCHES", do_reset_watches, F_NOTID },
    [XS_DIRECTORY_PART] = { "DIRECTORY_PART", do_directory_part, 0 },
    [XS_GET_FEATURE] = { "GET_FEATURE", do_get_feature, F_NOTID },
    [XS_SET_FEATURE] = { "SET_FEATURE", do_set_feature, F_PRIV | F_NOTID },
    [XS_GET_QUOTA] = { "GET_QUOTA", do_get_quota, F_PRIV | F_NOTID },
    [XS_SET_QUOTA] = { "SET_QUOTA", do_set_quota, F_PRIV | F_NOTID },
};

static void send_error(struct xsd_conn *c, const struct xsd_sockmsg *hdr,
                       int err)
{
    const char *name = xs_errno_name(err);

    conn_queue(c, XS_ERROR, hdr->req_id, hdr->tx_id, name, strlen(name) + 1,
               NULL, 0, false);
}

/* Run the handler of one request inside the right transaction. */
static int run_handler(struct xsd *d, struct xsd_conn *c,
                       const struct xsd_wire_func *wf, struct xsd_req *r)
{
    struct xsd_tx *implicit = NULL;
    int err;

    if ((wf->wf_flags & F_WRITE) && !r->r_tx) {
        implicit = tx_new(0);
        if (!implicit)
            return ENOMEM;
    }
    r->r_work = r->r_tx ? r->r_tx : implicit;
    err = wf->wf_fn(d, c, r);
    if (r->r_tx && !c->c_priv_dom && r->r_tx->x_accessed >
        domain_quota(d, c->c_domid, Q_TRANSACTION_NODES)) {
        r->r_tx->x_fail = true;
        err = err ? err : ENOSPC;
    }
    if (!err && implicit)
        err = tx_commit(d, c, implicit);
    tx_free(implicit);
    return err;
}

void dispatch_request(struct xsd *d, struct xsd_conn *c,
                      const struct xsd_sockmsg *hdr, const char *body)
{
    static struct xsd_req req;   /* one request at a time: keep it off the stack */
    struct xsd_req *r = &req;
    const struct xsd_wire_func *wf = NULL;
    int err;

    d->x_stat_requests++;
    if (hdr->type < XS_TYPE_COUNT && wire_funcs[hdr->type].wf_fn)
        wf = &wire_funcs[hdr->type];
    if (d->x_trace)
        fprintf(d->x_trace, "IN  dom%u %s (%u) tx %u len %u\n", c->c_domid,
                wf ? wf->wf_name : "UNKNOWN", hdr->type, hdr->tx_id, hdr->len);
    if (!wf) {
        send_error(c, hdr, ENOSYS);
        return;
    }
    memset(r, 0, offsetof(struct xsd_req, r_out));
    r->r_out_len = 0;
    r->r_new_watch = NULL;
    r->r_hdr = hdr;
    r->r_body = body;
    r->r_len = hdr->len;
    if ((wf->wf_flags & F_PRIV) && !c->c_priv_dom) {
        send_error(c, hdr, EACCES);
        return;
    }
    if (!(wf->wf_flags & F_NOTID) && hdr->tx_id) {
        r->r_tx = tx_find(c, hdr->tx_id);
        if (!r->r_tx) {
            send_error(c, hdr, ENOENT);
            return;
        }
    }
    if (!c->c_priv_dom && ((wf->wf_flags & F_WRITE) || hdr->type == XS_TRANSACTION_END))
        wrl_charge(d, c);
    err = run_handler(d, c, wf, r);
    if (err == -1)
        return;     /* the handler replied itself */
    if (err) {
        send_error(c, hdr, err);
        return;
    }
    conn_queue(c, hdr->type, hdr->req_id, hdr->tx_id, r->r_out, r->r_out_len,
               NULL, 0, false);
    if (r->r_new_watch)
        watch_send_event(d, c, r->r_new_watch,
                         r->r_new_watch->w_path);
}
