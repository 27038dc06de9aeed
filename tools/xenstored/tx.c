/*
 * xenstored: transactions.  Every mutation runs in a transaction; requests
 * outside one get an implicit transaction committed at once.  A transaction
 * keeps private copies (an overlay) of every node it touched together with
 * the node's generation at that moment; commit fails with EAGAIN if any of
 * those nodes has changed, appeared or disappeared since (Xen 4.17's rule:
 * nodes read and nodes written both conflict).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xsd.h"

struct xsd_tx *tx_new(uint32_t id)
{
    struct xsd_tx *tx = calloc(1, sizeof(*tx));

    if (!tx)
        return NULL;
    if (table_init(&tx->x_nodes, 16)) {
        free(tx);
        return NULL;
    }
    tx->x_id = id;
    tx->x_events_tail = &tx->x_events;
    return tx;
}

void tx_free(struct xsd_tx *tx)
{
    struct xsd_event *e;

    if (!tx)
        return;
    table_free(&tx->x_nodes);
    while ((e = tx->x_events)) {
        tx->x_events = e->e_next;
        free(e->e_perms);
        free(e);
    }
    free(tx);
}

/* Overlay entry for path, created from the store on first access. */
static int overlay_entry(struct xsd *d, struct xsd_tx *tx, const char *path,
                         struct xsd_node **out)
{
    struct xsd_node *n = table_find(&tx->x_nodes, path);
    const struct xsd_node *m;

    if (n) {
        *out = n;
        return 0;
    }
    m = table_find(&d->x_store, path);
    if (m) {
        n = node_copy(m);
    } else {
        n = node_new(path);
        if (n)
            n->n_flags = NODE_F_ABSENT;
    }
    if (!n)
        return ENOMEM;
    table_insert(&tx->x_nodes, n);
    tx->x_accessed++;
    *out = n;
    return 0;
}

int tx_get(struct xsd *d, struct xsd_tx *tx, const char *path,
           const struct xsd_node **out)
{
    struct xsd_node *n;
    int err;

    if (!tx) {
        *out = table_find(&d->x_store, path);
        return *out ? 0 : ENOENT;
    }
    if ((err = overlay_entry(d, tx, path, &n)))
        return err;
    if (n->n_flags & (NODE_F_ABSENT | NODE_F_DELETED))
        return ENOENT;
    *out = n;
    return 0;
}

/* Mark an overlay entry as written. */
static void mark_modified(struct xsd_tx *tx, struct xsd_node *n)
{
    if (!(n->n_flags & NODE_F_MODIFIED)) {
        n->n_flags |= NODE_F_MODIFIED;
        node_ext(n)->x_seq = ++tx->x_seq;
    }
}

int tx_modify(struct xsd *d, struct xsd_tx *tx, const char *path,
              struct xsd_node **out)
{
    struct xsd_node *n;
    int err = overlay_entry(d, tx, path, &n);

    if (err)
        return err;
    if (n->n_flags & (NODE_F_ABSENT | NODE_F_DELETED))
        return ENOENT;
    mark_modified(tx, n);
    *out = n;
    return 0;
}

/* Parent path of path into buf and pointer to the last component. */
static int parent_of(const char *path, char *buf, size_t size,
                     const char **name)
{
    const char *slash = strrchr(path, '/');
    size_t l;

    if (!slash || path[1] == '\0')
        return EINVAL;
    l = slash == path ? 1 : (size_t)(slash - path);
    if (l >= size)
        return EINVAL;
    memcpy(buf, path, l);
    buf[l] = '\0';
    *name = slash + 1;
    return 0;
}

int tx_create(struct xsd *d, struct xsd_tx *tx, const char *path,
              const struct xsd_perm *perms, unsigned nperms,
              struct xsd_node **out)
{
    char parent[XENSTORE_ABS_PATH_MAX + 1];
    const char *name;
    struct xsd_node *p, *n;
    int err;

    if ((err = parent_of(path, parent, sizeof(parent), &name)) ||
        (err = tx_modify(d, tx, parent, &p)) ||
        (err = overlay_entry(d, tx, path, &n)))
        return err;
    if (!(n->n_flags & (NODE_F_ABSENT | NODE_F_DELETED)))
        return EEXIST;
    if ((err = node_add_child(p, name)) ||
        (err = node_set_perms(n, perms, nperms)))
        return err;
    node_set_value(n, NULL, 0);
    n->n_flags &= (uint16_t)~(NODE_F_ABSENT | NODE_F_DELETED);
    mark_modified(tx, n);
    tx->x_new_nodes++;
    *out = n;
    return 0;
}

/* Delete n's subtree inside the transaction (n itself included). */
static int delete_below(struct xsd *d, struct xsd_tx *tx, struct xsd_node *n)
{
    char child[XENSTORE_ABS_PATH_MAX + XENSTORE_REL_PATH_MAX + 2];
    int err;

    while (n->n_clen) {
        struct xsd_node *cn;
        snprintf(child, sizeof(child), "%s/%s",
                 strcmp(n->n_path, "/") ? n->n_path : "", n->n_children);
        node_del_child(n, n->n_children);
        if (tx_modify(d, tx, child, &cn) == 0 &&
            ((err = delete_below(d, tx, cn)) ||
             (err = tx_add_event(tx, child, true, node_perms(cn), cn->n_nperms))))
            return err;
    }
    node_set_value(n, NULL, 0);
    n->n_flags |= NODE_F_DELETED;
    tx->x_new_nodes--;
    return 0;
}

int tx_delete_tree(struct xsd *d, struct xsd_tx *tx, const char *path)
{
    char parent[XENSTORE_ABS_PATH_MAX + 1];
    const char *name;
    struct xsd_node *p, *n;
    int err;

    if ((err = parent_of(path, parent, sizeof(parent), &name)) ||
        (err = tx_modify(d, tx, parent, &p)) ||
        (err = tx_modify(d, tx, path, &n)))
        return err;
    node_del_child(p, name);
    return delete_below(d, tx, n);
}

int tx_add_event(struct xsd_tx *tx, const char *path, bool exact,
                 const struct xsd_perm *perms, unsigned nperms)
{
    size_t l = strlen(path) + 1;
    struct xsd_event *e = malloc(sizeof(*e) + l);

    if (!e)
        return ENOMEM;
    e->e_next = NULL;
    e->e_exact = exact;
    e->e_nperms = (uint16_t)nperms;
    e->e_perms = malloc(nperms * sizeof(*perms) + 1);
    if (!e->e_perms) {
        free(e);
        return ENOMEM;
    }
    memcpy(e->e_perms, perms, nperms * sizeof(*perms));
    memcpy(e->e_path, path, l);
    *tx->x_events_tail = e;
    tx->x_events_tail = &e->e_next;
    return 0;
}

/* Number of '/' in path: depth used to order creations parent first. */
static unsigned path_depth(const char *p)
{
    unsigned n = 0;

    for (; *p; p++)
        n += *p == '/';
    return n;
}

/* Commit order: deletions first, then by depth, then by first write. */
static int commit_order(const void *a, const void *b)
{
    const struct xsd_node *x = *(struct xsd_node *const *)a;
    const struct xsd_node *y = *(struct xsd_node *const *)b;
    int dx = !(x->n_flags & NODE_F_DELETED), dy = !(y->n_flags & NODE_F_DELETED);
    unsigned px = path_depth(x->n_path), py = path_depth(y->n_path);

    if (dx != dy)
        return dx - dy;
    if (px != py)
        return px < py ? -1 : 1;
    {
        uint32_t sx = node_ext(x)->x_seq, sy = node_ext(y)->x_seq;
        return sx < sy ? -1 : sx > sy;
    }
}

/* True if no node the transaction touched has changed in the store. */
static bool tx_still_valid(struct xsd *d, struct xsd_tx *tx)
{
    for (size_t i = 0; i <= tx->x_nodes.t_mask; i++) {
        for (struct xsd_node *n = tx->x_nodes.t_buckets[i]; n; n = n->n_hnext) {
            const struct xsd_node *m = table_find(&d->x_store, n->n_path);
            uint64_t gen = m ? m->n_gen : 0;
            uint64_t want = (n->n_flags & NODE_F_ABSENT) ? 0 : n->n_gen;
            if (gen != want)
                return false;
        }
    }
    return true;
}

/* Apply one written overlay entry to the store: a new packed node. */
static void apply_entry(struct xsd *d, struct xsd_node *n)
{
    struct xsd_node *m, *nn;

    if (n->n_flags & NODE_F_DELETED) {
        m = table_remove(&d->x_store, n->n_path);
        if (m) {
            if (m->n_nperms)
                domain_account_node(d, node_perms(m)[0].p_id, -1, -node_mem(m));
            node_free(m);
            journal_delete(d, n->n_path);
        }
        return;
    }
    nn = node_new_packed(n->n_path, n->n_plen, node_value(n), n->n_vlen,
                         node_perms(n), n->n_nperms);
    if (!nn)
        return;     /* cannot happen short of memory exhaustion */
    nn->n_children = n->n_children;
    nn->n_clen = n->n_clen;
    n->n_children = NULL;
    n->n_clen = 0;
    m = table_find(&d->x_store, n->n_path);
    if (m) {
        if (m->n_nperms)
            domain_account_node(d, node_perms(m)[0].p_id, -1, -node_mem(m));
        table_replace(&d->x_store, m, nn);
        node_free(m);
    } else {
        table_insert(&d->x_store, nn);
    }
    nn->n_gen = ++d->x_gen;
    if (nn->n_nperms)
        domain_account_node(d, node_perms(nn)[0].p_id, 1, node_mem(nn));
    journal_node(d, nn);
}

int tx_commit(struct xsd *d, struct xsd_conn *c, struct xsd_tx *tx)
{
    struct xsd_node **mods;
    size_t nmods = 0;

    (void)c;
    if (tx->x_fail || !tx_still_valid(d, tx))
        return EAGAIN;
    mods = malloc((tx->x_nodes.t_count + 1) * sizeof(*mods));
    if (!mods)
        return ENOMEM;
    for (size_t i = 0; i <= tx->x_nodes.t_mask; i++)
        for (struct xsd_node *n = tx->x_nodes.t_buckets[i]; n; n = n->n_hnext)
            if (n->n_flags & NODE_F_MODIFIED)
                mods[nmods++] = n;
    qsort(mods, nmods, sizeof(*mods), commit_order);
    for (size_t i = 0; i < nmods; i++)
        apply_entry(d, mods[i]);
    free(mods);
    /* journal_flush(): by the main loop / ring_event, before replies go out */
    for (struct xsd_event *e = tx->x_events; e; e = e->e_next)
        watch_fire(d, e->e_path, e->e_exact, e->e_perms, e->e_nperms);
    return 0;
}
