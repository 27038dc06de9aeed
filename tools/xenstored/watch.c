/* xenstored: watches, event matching and delivery. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xsd.h"

/* Watch events queued beyond this many per connection are dropped. */
#define WATCH_MAX_QUEUED 4096u

int watch_add(struct xsd *d, struct xsd_conn *c, const char *path,
              const char *token, int depth, bool relative)
{
    struct xsd_watch *w;

    for (w = c->c_watches; w; w = w->w_next)
        if (strcmp(w->w_path, path) == 0 && strcmp(w->w_token, token) == 0)
            return EEXIST;
    if (!c->c_priv_dom &&
        c->c_nwatches >= domain_quota(d, c->c_domid, Q_WATCHES))
        return E2BIG;
    w = calloc(1, sizeof(*w));
    if (!w)
        return ENOMEM;
    w->w_path = strdup(path);
    w->w_token = strdup(token);
    if (!w->w_path || !w->w_token) {
        free(w->w_path);
        free(w->w_token);
        free(w);
        return ENOMEM;
    }
    w->w_depth = depth;
    w->w_relative = relative;
    /* Append, so that events go out in registration order. */
    {
        struct xsd_watch **wp = &c->c_watches;
        while (*wp)
            wp = &(*wp)->w_next;
        *wp = w;
    }
    c->c_nwatches++;
    return 0;
}

static void watch_free(struct xsd_watch *w)
{
    free(w->w_path);
    free(w->w_token);
    free(w);
}

int watch_remove(struct xsd *d, struct xsd_conn *c, const char *path,
                 const char *token)
{
    (void)d;
    for (struct xsd_watch **wp = &c->c_watches; *wp; wp = &(*wp)->w_next) {
        struct xsd_watch *w = *wp;
        if (strcmp(w->w_path, path) == 0 && strcmp(w->w_token, token) == 0) {
            *wp = w->w_next;
            watch_free(w);
            c->c_nwatches--;
            return 0;
        }
    }
    return ENOENT;
}

void watch_remove_all(struct xsd *d, struct xsd_conn *c)
{
    (void)d;
    while (c->c_watches) {
        struct xsd_watch *w = c->c_watches;
        c->c_watches = w->w_next;
        watch_free(w);
    }
    c->c_nwatches = 0;
}

/* Components of path below base (base is a prefix ending at a '/'). */
static int extra_depth(const char *path, size_t baselen)
{
    int n = 0;

    if (path[baselen] == '\0')
        return 0;
    for (const char *p = path + baselen; *p; p++)
        n += *p == '/';
    return n + (baselen == 1);   /* base "/" has no separator to skip */
}

int watch_send_event(struct xsd *d, struct xsd_conn *c,
                     const struct xsd_watch *w, const char *path)
{
    char home[64];
    size_t hl;

    if (c->c_out_events >= WATCH_MAX_QUEUED)
        return ENOSPC;     /* the client does not read: drop the event */
    if (w->w_relative) {
        conn_home(c, home, sizeof(home));
        hl = strlen(home);
        if (strncmp(path, home, hl) == 0 && path[hl] == '/')
            path += hl + 1;
    }
    d->x_stat_events++;
    return conn_queue(c, XS_WATCH_EVENT, 0, 0, path, strlen(path) + 1,
                      w->w_token, strlen(w->w_token) + 1, true);
}

/* Does a change at path trigger watch w (exact: only a watch on path)? */
static const char *watch_match(const struct xsd_watch *w, const char *path,
                               bool exact)
{
    size_t wl = strlen(w->w_path);

    if (exact)
        return strcmp(w->w_path, path) == 0 ? path : NULL;
    if (strncmp(path, w->w_path, wl) == 0 &&
        (path[wl] == '\0' || path[wl] == '/' || (wl == 1 && w->w_path[0] == '/'))) {
        if (w->w_depth >= 0 && extra_depth(path, wl) > w->w_depth)
            return NULL;
        return path;
    }
    return NULL;
}

void watch_fire(struct xsd *d, const char *path, bool exact,
                const struct xsd_perm *perms, unsigned nperms)
{
    for (struct xsd_conn *c = d->x_conns; c; c = c->c_next) {
        if (c->c_dead || !c->c_watches)
            continue;
        if (!(perms_for_conn(c, perms, nperms) & XSD_PERM_READ))
            continue;
        for (struct xsd_watch *w = c->c_watches; w; w = w->w_next) {
            const char *ep = watch_match(w, path, exact);
            if (ep)
                watch_send_event(d, c, w, ep);
        }
    }
}
