/* xenstored: the node tree, a hash table of nodes keyed by absolute path. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xsd.h"

uint32_t path_hash(const char *path)
{
    uint32_t h = 2166136261u;   /* FNV-1a */

    while (*path)
        h = (h ^ (uint8_t)*path++) * 16777619u;
    return h;
}

int table_init(struct xsd_table *t, size_t buckets)
{
    t->t_buckets = calloc(buckets, sizeof(*t->t_buckets));
    if (!t->t_buckets)
        return ENOMEM;
    t->t_mask = buckets - 1;
    t->t_count = 0;
    return 0;
}

void table_free(struct xsd_table *t)
{
    if (!t->t_buckets)
        return;
    for (size_t i = 0; i <= t->t_mask; i++) {
        struct xsd_node *n = t->t_buckets[i];
        while (n) {
            struct xsd_node *next = n->n_hnext;
            node_free(n);
            n = next;
        }
    }
    free(t->t_buckets);
    t->t_buckets = NULL;
}

struct xsd_node *table_find(const struct xsd_table *t, const char *path)
{
    uint32_t h = path_hash(path);

    for (struct xsd_node *n = t->t_buckets[h & t->t_mask]; n; n = n->n_hnext)
        if (strcmp(n->n_path, path) == 0)
            return n;
    return NULL;
}

/* Double the bucket array when the load factor passes 1. */
static void table_grow(struct xsd_table *t)
{
    size_t nb = (t->t_mask + 1) * 2;
    struct xsd_node **b = calloc(nb, sizeof(*b));

    if (!b)
        return;     /* keep working with longer chains */
    for (size_t i = 0; i <= t->t_mask; i++) {
        struct xsd_node *n = t->t_buckets[i];
        while (n) {
            struct xsd_node *next = n->n_hnext;
            uint32_t h = path_hash(n->n_path);
            n->n_hnext = b[h & (nb - 1)];
            b[h & (nb - 1)] = n;
            n = next;
        }
    }
    free(t->t_buckets);
    t->t_buckets = b;
    t->t_mask = nb - 1;
}

int table_insert(struct xsd_table *t, struct xsd_node *n)
{
    uint32_t h;

    if (t->t_count > t->t_mask)
        table_grow(t);
    h = path_hash(n->n_path);
    n->n_hnext = t->t_buckets[h & t->t_mask];
    t->t_buckets[h & t->t_mask] = n;
    t->t_count++;
    return 0;
}

struct xsd_node *table_remove(struct xsd_table *t, const char *path)
{
    uint32_t h = path_hash(path);
    struct xsd_node **np = &t->t_buckets[h & t->t_mask];

    for (; *np; np = &(*np)->n_hnext) {
        struct xsd_node *n = *np;
        if (strcmp(n->n_path, path) == 0) {
            *np = n->n_hnext;
            t->t_count--;
            return n;
        }
    }
    return NULL;
}

/* A transaction overlay node (value and perms allocated apart), zeroed. */
struct xsd_node *node_new(const char *path)
{
    size_t l = strlen(path);
    struct xsd_node *n;

    if (l > 0xffff)
        return NULL;
    n = calloc(1, offsetof(struct xsd_node, n_path) + l + 1 + 7 +
                      sizeof(struct xsd_node_ext));
    if (n) {
        memcpy(n->n_path, path, l + 1);
        n->n_plen = (uint16_t)l;
    }
    return n;
}

/* A store node: path, perms and value in one allocation. */
struct xsd_node *node_new_packed(const char *path, size_t plen,
                                 const char *value, uint32_t vlen,
                                 const struct xsd_perm *p, unsigned num)
{
    size_t ps = num * sizeof(*p);
    struct xsd_node *n;
    char *data;

    if (plen > 0xffff || vlen > 0xffff || num > 0xffff)
        return NULL;
    n = malloc(offsetof(struct xsd_node, n_path) + plen + 1 + ps + vlen);
    if (!n)
        return NULL;
    n->n_hnext = NULL;
    n->n_gen = 0;
    n->n_children = NULL;
    n->n_clen = 0;
    n->n_vlen = (uint16_t)vlen;
    n->n_nperms = (uint16_t)num;
    n->n_plen = (uint16_t)plen;
    n->n_flags = NODE_F_PACKED;
    memcpy(n->n_path, path, plen);
    n->n_path[plen] = '\0';
    data = n->n_path + plen + 1;
    if (ps)
        memcpy(data, p, ps);
    if (vlen)
        memcpy(data + ps, value, vlen);
    return n;
}

void node_free(struct xsd_node *n)
{
    if (!n)
        return;
    if (!(n->n_flags & NODE_F_PACKED)) {
        free(node_ext(n)->x_value);
        free(node_ext(n)->x_perms);
    }
    free(n->n_children);
    free(n);
}

/* Replace old by n (same path) in t, keeping its place in the chain. */
void table_replace(struct xsd_table *t, struct xsd_node *old,
                   struct xsd_node *n)
{
    struct xsd_node **np = &t->t_buckets[path_hash(old->n_path) & t->t_mask];

    for (; *np; np = &(*np)->n_hnext) {
        if (*np == old) {
            n->n_hnext = old->n_hnext;
            *np = n;
            return;
        }
    }
}

/* malloc()ed copy of len bytes (at least one byte allocated), or NULL. */
static void *dup_bytes(const void *p, size_t len)
{
    void *q = malloc(len ? len : 1);

    if (q && len)
        memcpy(q, p, len);
    return q;
}

/* Overlay copy of src (store or overlay node). */
struct xsd_node *node_copy(const struct xsd_node *src)
{
    struct xsd_node *n = node_new(src->n_path);
    struct xsd_node_ext *x;

    if (!n)
        return NULL;
    x = node_ext(n);
    n->n_gen = src->n_gen;
    n->n_vlen = src->n_vlen;
    n->n_clen = src->n_clen;
    n->n_nperms = src->n_nperms;
    n->n_flags = src->n_flags & (uint16_t)~NODE_F_PACKED;
    if (!(src->n_flags & NODE_F_PACKED))
        x->x_seq = node_ext(src)->x_seq;
    if ((src->n_vlen && !(x->x_value = dup_bytes(node_value(src), src->n_vlen))) ||
        (src->n_clen &&
         !(n->n_children = dup_bytes(src->n_children, src->n_clen))) ||
        (src->n_nperms &&
         !(x->x_perms = dup_bytes(node_perms(src),
                                  src->n_nperms * sizeof(struct xsd_perm))))) {
        node_free(n);
        return NULL;
    }
    return n;
}

/* Overlay nodes only. */
int node_set_value(struct xsd_node *n, const char *v, uint32_t len)
{
    struct xsd_node_ext *x = node_ext(n);
    char *nv = NULL;

    if (len > 0xffff)
        return E2BIG;
    if (len && !(nv = dup_bytes(v, len)))
        return ENOMEM;
    free(x->x_value);
    x->x_value = nv;
    n->n_vlen = (uint16_t)len;
    return 0;
}

/* Overlay nodes only. */
int node_set_perms(struct xsd_node *n, const struct xsd_perm *p, unsigned num)
{
    struct xsd_node_ext *x = node_ext(n);
    struct xsd_perm *np = dup_bytes(p, num * sizeof(*p));

    if (!np)
        return ENOMEM;
    free(x->x_perms);
    x->x_perms = np;
    n->n_nperms = (uint16_t)num;
    return 0;
}

/* Offset of child name in n's list, or -1. */
static long child_offset(const struct xsd_node *n, const char *name)
{
    size_t l = strlen(name) + 1;

    for (uint32_t off = 0; off < n->n_clen;) {
        const char *c = n->n_children + off;
        size_t cl = strlen(c) + 1;
        if (cl == l && memcmp(c, name, l) == 0)
            return off;
        off += (uint32_t)cl;
    }
    return -1;
}

int node_add_child(struct xsd_node *n, const char *name)
{
    size_t l = strlen(name) + 1;
    char *c;

    if (child_offset(n, name) >= 0)
        return 0;
    c = realloc(n->n_children, n->n_clen + l);
    if (!c)
        return ENOMEM;
    memcpy(c + n->n_clen, name, l);
    n->n_children = c;
    n->n_clen += (uint32_t)l;
    return 0;
}

bool node_del_child(struct xsd_node *n, const char *name)
{
    long off = child_offset(n, name);
    size_t l = strlen(name) + 1;

    if (off < 0)
        return false;
    memmove(n->n_children + off, n->n_children + off + l,
            n->n_clen - off - l);
    n->n_clen -= (uint32_t)l;
    return true;
}

/* Size counted against the node-size quota: value, children and perms. */
size_t node_size(const struct xsd_node *n)
{
    return n->n_vlen + n->n_clen + n->n_nperms * 5u;
}

/* Split path into its parent (into buf) and last component; false for "/". */
static bool path_split(const char *path, char *buf, size_t size,
                       const char **name)
{
    const char *slash = strrchr(path, '/');
    size_t plen;

    if (!slash || path[1] == '\0')
        return false;
    plen = slash == path ? 1 : (size_t)(slash - path);
    if (plen >= size)
        return false;
    memcpy(buf, path, plen);
    buf[plen] = '\0';
    *name = slash + 1;
    return true;
}

int store_put(struct xsd *d, const char *path, const char *value,
              uint32_t vlen, const struct xsd_perm *perms, unsigned nperms)
{
    struct xsd_node *n = table_find(&d->x_store, path);
    struct xsd_node *nn = node_new_packed(path, strlen(path), value, vlen,
                                          perms, nperms);
    int err;

    if (!nn)
        return ENOMEM;
    if (!n) {
        char parent[XENSTORE_ABS_PATH_MAX + 1];
        const char *name;
        struct xsd_node *p = NULL;

        if (path_split(path, parent, sizeof(parent), &name)) {
            p = table_find(&d->x_store, parent);
            if (!p) {
                node_free(nn);
                return ENOENT;
            }
        }
        if (p && (err = node_add_child(p, name))) {
            node_free(nn);
            return err;
        }
        if (p && p->n_nperms)
            domain_account_node(d, node_perms(p)[0].p_id, 0,
                                (long)strlen(name) + 1);
        table_insert(&d->x_store, nn);
    } else {
        if (n->n_nperms)
            domain_account_node(d, node_perms(n)[0].p_id, -1, -node_mem(n));
        nn->n_children = n->n_children;
        nn->n_clen = n->n_clen;
        n->n_children = NULL;
        table_replace(&d->x_store, n, nn);
        node_free(n);
    }
    nn->n_gen = ++d->x_gen;
    if (nn->n_nperms)
        domain_account_node(d, node_perms(nn)[0].p_id, 1, node_mem(nn));
    return 0;
}

/* Remove n and everything below it from the table. */
static void remove_below(struct xsd *d, struct xsd_node *n)
{
    char child[XENSTORE_ABS_PATH_MAX + 2 + XENSTORE_REL_PATH_MAX];

    for (uint32_t off = 0; off < n->n_clen;) {
        const char *c = n->n_children + off;
        struct xsd_node *cn;
        off += (uint32_t)strlen(c) + 1;
        snprintf(child, sizeof(child), "%s/%s",
                 strcmp(n->n_path, "/") ? n->n_path : "", c);
        cn = table_remove(&d->x_store, child);
        if (cn) {
            remove_below(d, cn);
            if (cn->n_nperms)
                domain_account_node(d, node_perms(cn)[0].p_id, -1, -node_mem(cn));
            node_free(cn);
        }
    }
}

void store_remove_tree(struct xsd *d, const char *path)
{
    char parent[XENSTORE_ABS_PATH_MAX + 1];
    const char *name;
    struct xsd_node *n = table_remove(&d->x_store, path);

    if (!n)
        return;
    remove_below(d, n);
    if (n->n_nperms)
        domain_account_node(d, node_perms(n)[0].p_id, -1, -node_mem(n));
    node_free(n);
    if (path_split(path, parent, sizeof(parent), &name)) {
        struct xsd_node *p = table_find(&d->x_store, parent);
        if (p) {
            if (node_del_child(p, name) && p->n_nperms)
                domain_account_node(d, node_perms(p)[0].p_id, 0,
                                    -(long)strlen(name) - 1);
            p->n_gen = ++d->x_gen;
        }
    }
}

/* Pre-order walk of the store; w_path holds the path of the node visited. */
struct store_walker {
    struct xsd *w_d;
    int (*w_visit)(struct xsd *d, const struct xsd_node *n, void *arg);
    void *w_arg;
    char w_path[XENSTORE_ABS_PATH_MAX + XENSTORE_REL_PATH_MAX + 2];
};

static int walk_from(struct store_walker *w, size_t len)
{
    const struct xsd_node *n = table_find(&w->w_d->x_store, w->w_path);
    size_t base = len > 1 ? len + 1 : len;     /* below "/" no separator */
    int r;

    if (!n)
        return 0;
    r = w->w_visit(w->w_d, n, w->w_arg);
    if (r != WALK_ENTER)
        return r < 0 ? -r : 0;
    for (uint32_t off = 0; off < n->n_clen;) {
        const char *c = n->n_children + off;
        size_t cl = strlen(c);

        off += (uint32_t)cl + 1;
        if (base + cl >= sizeof(w->w_path))
            continue;
        w->w_path[base - 1] = '/';
        memcpy(w->w_path + base, c, cl + 1);
        r = walk_from(w, base + cl);
        w->w_path[len] = '\0';        /* back to n's path ("/" too) */
        if (r)
            return r;
    }
    return 0;
}

/*
 * Visit every node, parents first and children in creation order, as Xen
 * 4.17's walk_node_tree().  visit returns WALK_ENTER, WALK_SKIP (not its
 * children) or -errno to stop; it must not change the store.  0 or errno.
 */
int store_walk(struct xsd *d, int (*visit)(struct xsd *d,
                                           const struct xsd_node *n, void *arg),
               void *arg)
{
    struct store_walker *w;
    int r;

    if (!d->x_store.t_buckets)
        return 0;       /* no store set up (unit tests): nothing to visit */
    w = malloc(sizeof(*w));
    if (!w)
        return ENOMEM;
    w->w_d = d;
    w->w_visit = visit;
    w->w_arg = arg;
    strcpy(w->w_path, "/");
    r = walk_from(w, 1);
    free(w);
    return r;
}

int store_init(struct xsd *d)
{
    static const struct xsd_perm root_perms[] = { { 0, 0 } };
    int err = table_init(&d->x_store, 1024);

    if (err)
        return err;
    if ((err = store_put(d, "/", "", 0, root_perms, 1)) ||
        (err = store_put(d, "/tool", "", 0, root_perms, 1)) ||
        (err = store_put(d, "/tool/xenstored", "", 0, root_perms, 1)))
        return err;
    return 0;
}
