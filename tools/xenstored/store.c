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
        if (n->n_hash == h && strcmp(n->n_path, path) == 0)
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
            n->n_hnext = b[n->n_hash & (nb - 1)];
            b[n->n_hash & (nb - 1)] = n;
            n = next;
        }
    }
    free(t->t_buckets);
    t->t_buckets = b;
    t->t_mask = nb - 1;
}

int table_insert(struct xsd_table *t, struct xsd_node *n)
{
    n->n_hash = path_hash(n->n_path);
    if (t->t_count > t->t_mask)
        table_grow(t);
    n->n_hnext = t->t_buckets[n->n_hash & t->t_mask];
    t->t_buckets[n->n_hash & t->t_mask] = n;
    t->t_count++;
    return 0;
}

struct xsd_node *table_remove(struct xsd_table *t, const char *path)
{
    uint32_t h = path_hash(path);
    struct xsd_node **np = &t->t_buckets[h & t->t_mask];

    for (; *np; np = &(*np)->n_hnext) {
        struct xsd_node *n = *np;
        if (n->n_hash == h && strcmp(n->n_path, path) == 0) {
            *np = n->n_hnext;
            t->t_count--;
            return n;
        }
    }
    return NULL;
}

struct xsd_node *node_new(const char *path)
{
    size_t l = strlen(path) + 1;
    struct xsd_node *n = calloc(1, sizeof(*n) + l);

    if (n)
        memcpy(n->n_path, path, l);
    return n;
}

void node_free(struct xsd_node *n)
{
    if (!n)
        return;
    free(n->n_value);
    free(n->n_children);
    free(n->n_perms);
    free(n);
}

/* malloc()ed copy of len bytes (at least one byte allocated), or NULL. */
static void *dup_bytes(const void *p, size_t len)
{
    void *q = malloc(len ? len : 1);

    if (q && len)
        memcpy(q, p, len);
    return q;
}

struct xsd_node *node_copy(const struct xsd_node *src)
{
    struct xsd_node *n = node_new(src->n_path);

    if (!n)
        return NULL;
    n->n_gen = src->n_gen;
    n->n_vlen = src->n_vlen;
    n->n_clen = src->n_clen;
    n->n_nperms = src->n_nperms;
    n->n_flags = src->n_flags;
    if ((src->n_vlen && !(n->n_value = dup_bytes(src->n_value, src->n_vlen))) ||
        (src->n_clen &&
         !(n->n_children = dup_bytes(src->n_children, src->n_clen))) ||
        (src->n_nperms &&
         !(n->n_perms = dup_bytes(src->n_perms,
                                  src->n_nperms * sizeof(*src->n_perms))))) {
        node_free(n);
        return NULL;
    }
    return n;
}

int node_set_value(struct xsd_node *n, const char *v, uint32_t len)
{
    char *nv = NULL;

    if (len && !(nv = dup_bytes(v, len)))
        return ENOMEM;
    free(n->n_value);
    n->n_value = nv;
    n->n_vlen = len;
    return 0;
}

int node_set_perms(struct xsd_node *n, const struct xsd_perm *p, unsigned num)
{
    struct xsd_perm *np = dup_bytes(p, num * sizeof(*p));

    if (!np)
        return ENOMEM;
    free(n->n_perms);
    n->n_perms = np;
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
    int err;

    if (!n) {
        char parent[XENSTORE_ABS_PATH_MAX + 1];
        const char *name;
        struct xsd_node *p = NULL;

        if (path_split(path, parent, sizeof(parent), &name)) {
            p = table_find(&d->x_store, parent);
            if (!p)
                return ENOENT;
        }
        n = node_new(path);
        if (!n)
            return ENOMEM;
        if (p && (err = node_add_child(p, name))) {
            node_free(n);
            return err;
        }
        table_insert(&d->x_store, n);
        if (nperms)
            domain_account_node(d, perms[0].p_id, 1);
    } else if (nperms && n->n_nperms && n->n_perms[0].p_id != perms[0].p_id) {
        domain_account_node(d, n->n_perms[0].p_id, -1);
        domain_account_node(d, perms[0].p_id, 1);
    }
    n->n_gen = ++d->x_gen;
    if ((err = node_set_value(n, value, vlen)))
        return err;
    return node_set_perms(n, perms, nperms);
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
                domain_account_node(d, cn->n_perms[0].p_id, -1);
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
        domain_account_node(d, n->n_perms[0].p_id, -1);
    node_free(n);
    if (path_split(path, parent, sizeof(parent), &name)) {
        struct xsd_node *p = table_find(&d->x_store, parent);
        if (p) {
            node_del_child(p, name);
            p->n_gen = ++d->x_gen;
        }
    }
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
