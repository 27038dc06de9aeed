/* xenstored: domains, their quotas and INTRODUCE/RELEASE. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xsd.h"

/* Names accepted by -Q and GET_QUOTA/SET_QUOTA, indexed by enum xsd_quota. */
const char *const xsd_quota_names[Q_COUNT] = {
    [Q_NODES] = "nodes",
    [Q_WATCHES] = "watches",
    [Q_OUTSTANDING] = "outstanding",
    [Q_MEMORY] = "memory",
    [Q_TRANSACTIONS] = "transactions",
    [Q_TRANSACTION_NODES] = "transaction-nodes",
    [Q_PERMS] = "permissions",
    [Q_PATH_MAX] = "path-max",
    [Q_NODE_SIZE] = "node-size",
};

int quota_lookup(const char *name)
{
    for (int q = 0; q < Q_COUNT; q++)
        if (strcmp(name, xsd_quota_names[q]) == 0)
            return q;
    return -1;
}

struct xsd_domain *domain_find(struct xsd *d, uint32_t domid)
{
    for (struct xsd_domain *dom = d->x_domains; dom; dom = dom->d_next)
        if (dom->d_domid == domid)
            return dom;
    return NULL;
}

/* Features a domain starts with (GET_FEATURE's default answer). */
#define DOMAIN_FEATURES 0x0eu

struct xsd_domain *domain_get(struct xsd *d, uint32_t domid)
{
    struct xsd_domain *dom = domain_find(d, domid);

    if (dom)
        return dom;
    dom = calloc(1, sizeof(*dom));
    if (!dom)
        return NULL;
    dom->d_domid = domid;
    dom->d_features = DOMAIN_FEATURES;
    dom->d_next = d->x_domains;
    d->x_domains = dom;
    return dom;
}

unsigned domain_quota(struct xsd *d, uint32_t domid, enum xsd_quota q)
{
    struct xsd_domain *dom = domain_find(d, domid);

    if (dom && dom->d_quota_set[q])
        return dom->d_quota[q];
    return d->x_opt.o_quota[q];
}

/* Bytes a node costs its owner against the memory quota. */
long node_mem(const struct xsd_node *n)
{
    return (long)(strlen(n->n_path) + 1 + node_size(n));
}

void domain_account_node(struct xsd *d, uint32_t owner, long delta,
                         long bytes)
{
    struct xsd_domain *dom;

    if (owner == 0)
        return;     /* dom0 has no node or memory quota */
    dom = domain_get(d, owner);
    if (dom) {
        dom->d_nodes += delta;
        dom->d_memory += bytes;
    }
}

uint64_t xsd_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * Write rate limit of unprivileged domains (Xen 4.17's constants, which
 * have no option there either): 200 writes/s, a burst of 10.  Credit is
 * kept in thousandths of a write.  A domain whose credit is negative is not
 * read until it has refilled; its requests wait, none is refused.
 */
#define WRL_RATE 200L             /* writes per second */
#define WRL_BURST (10L * 1000L)   /* maximum credit */

static void wrl_refill(struct xsd_domain *dom, uint64_t now)
{
    if (!dom->d_wrl_stamp) {
        dom->d_wrl_credit = WRL_BURST;
    } else if (now > dom->d_wrl_stamp) {
        uint64_t add = (now - dom->d_wrl_stamp) * (uint64_t)WRL_RATE;
        if (add > (uint64_t)(WRL_BURST - dom->d_wrl_credit))
            dom->d_wrl_credit = WRL_BURST;
        else
            dom->d_wrl_credit += (long)add;
    }
    dom->d_wrl_stamp = now;
}

bool wrl_blocked(struct xsd *d, struct xsd_conn *c, uint64_t now, long *wait_ms)
{
    struct xsd_domain *dom;

    if (c->c_priv_dom || !(dom = domain_find(d, c->c_domid)) ||
        !dom->d_wrl_stamp)
        return false;
    wrl_refill(dom, now);
    if (dom->d_wrl_credit >= 0)
        return false;
    if (wait_ms)
        *wait_ms = (-dom->d_wrl_credit + WRL_RATE - 1) / WRL_RATE;
    return true;
}

void wrl_charge(struct xsd *d, struct xsd_conn *c)
{
    struct xsd_domain *dom;

    if (c->c_priv_dom || !(dom = domain_get(d, c->c_domid)))
        return;
    wrl_refill(dom, xsd_now_ms());
    dom->d_wrl_credit -= 1000;
    if (dom->d_wrl_credit < 0 && d->x_trace)
        fprintf(d->x_trace, "WRL dom%u delayed\n", c->c_domid);
}

/* Fire a special watch to everyone allowed to see it. */
static void fire_special(struct xsd *d, const char *name)
{
    bool intro = name[1] == 'i';

    watch_fire(d, name, false, intro ? d->x_intro_perms : d->x_release_perms,
               intro ? d->x_intro_nperms : d->x_release_nperms);
}

int domain_introduce(struct xsd *d, uint32_t domid, uint64_t gfn,
                     uint32_t evtchn, bool restoring)
{
    struct xsd_domain *dom = domain_get(d, domid);
    int err;

    if (!dom)
        return ENOMEM;
    if (dom->d_introduced) {
        if (dom->d_gfn == gfn && dom->d_evtchn == evtchn)
            return 0;
        return EEXIST;
    }
    dom->d_gfn = gfn;
    dom->d_evtchn = evtchn;
    err = ring_open(d, dom);
    if (err && err != ENOSYS)
        return err;
    if (err == ENOSYS)
        xsd_log(d, "dom%u introduced without a ring transport", domid);
    dom->d_introduced = true;
    dom->d_shutdown = false;
    journal_domain(d, dom, true);
    journal_flush(d);
    if (!restoring)
        fire_special(d, "@introduceDomain");
    return 0;
}

/* What a released domain leaves behind in the store (domain_forget). */
struct orphans {
    struct xsd_tx *o_tx;        /* every change, committed at once */
    uint32_t o_domid;
    uint32_t o_heir;            /* new owner of kept nodes */
    bool o_keep;                /* -K: hand owned nodes over, do not delete */
    unsigned o_deleted, o_kept, o_revoked;
};

/* Does an entry after the owner still grant something to domid? */
static bool perms_name(const struct xsd_perm *p, unsigned num, uint32_t domid)
{
    for (unsigned i = 1; i < num; i++)
        if (p[i].p_id == domid && !(p[i].p_bits & XSD_PERM_IGNORE))
            return true;
    return false;
}

/*
 * One node of the store (store_walk, parents first).  A node the domain
 * owns goes with its subtree, firing watches as an RM of it would (exact
 * events for the nodes below, then the node's own); under -K it passes to
 * the privileged domain instead, silently.  Other entries naming the
 * domain are marked ignored.  The root is never deleted.
 */
static int orphan_visit(struct xsd *d, const struct xsd_node *n, void *arg)
{
    struct orphans *o = arg;
    const struct xsd_perm *p = node_perms(n);
    bool owned = n->n_nperms && p[0].p_id == o->o_domid;
    struct xsd_node *m;
    int err;

    if (owned && !o->o_keep && n->n_path[1]) {
        if ((err = tx_delete_tree(d, o->o_tx, n->n_path)) ||
            (err = tx_add_event(o->o_tx, n->n_path, false, p, n->n_nperms)))
            return -err;
        o->o_deleted++;
        return WALK_SKIP;
    }
    if (!owned && !perms_name(p, n->n_nperms, o->o_domid))
        return WALK_ENTER;
    if ((err = tx_modify(d, o->o_tx, n->n_path, &m)))
        return -err;
    if (owned) {
        node_perms(m)[0].p_id = o->o_heir;
        o->o_kept++;
    }
    o->o_revoked += perms_revoke(node_perms(m), m->n_nperms, o->o_domid);
    return WALK_ENTER;
}

/* Drop domid from the permissions of @introduceDomain / @releaseDomain. */
static void special_forget(struct xsd *d, uint32_t domid, uint32_t heir)
{
    uint16_t *nps[2] = { &d->x_intro_nperms, &d->x_release_nperms };
    struct xsd_perm *ps[2] = { d->x_intro_perms, d->x_release_perms };

    for (int i = 0; i < 2; i++) {
        struct xsd_perm was[2];
        unsigned n = *nps[i];

        memcpy(was, ps[i], n * sizeof(was[0]));
        *nps[i] = (uint16_t)perms_drop_domid(ps[i], n, domid, heir);
        if (*nps[i] != n || memcmp(was, ps[i], n * sizeof(was[0])) != 0)
            journal_special(d, i == 0);
    }
}

/*
 * A reused domid is a new domain (Xen 4.17 frees its struct domain): no
 * quota override, feature, rate-limit credit or shutdown state carries over.
 * Node and memory counts are already zero, its nodes being gone.
 */
static void domain_reset(struct xsd_domain *dom)
{
    dom->d_shutdown = false;
    dom->d_features = DOMAIN_FEATURES;
    dom->d_wrl_credit = 0;
    dom->d_wrl_stamp = 0;
    dom->d_watches = 0;
    memset(dom->d_quota_set, 0, sizeof(dom->d_quota_set));
}

/*
 * A domain left XenStore (RELEASE, or found dying): what Xen 4.17 does
 * after XSA-322/326/419.  Its nodes are deleted (-K: given to the
 * privileged domain), access it was granted elsewhere is revoked, and it
 * disappears from the special nodes' permissions.  Every change goes
 * through one transaction, so it is journaled like any other commit and
 * transactions that saw those nodes fail with EAGAIN.
 */
static void domain_forget(struct xsd *d, struct xsd_domain *dom)
{
    struct orphans o = {
        .o_domid = dom->d_domid,
        .o_heir = d->x_opt.o_priv_domid,
        .o_keep = d->x_opt.o_keep_orphans,
    };
    int err = ENOMEM;

    o.o_tx = tx_new(0);
    if (o.o_tx && !(err = store_walk(d, orphan_visit, &o)))
        err = tx_commit(d, NULL, o.o_tx);
    tx_free(o.o_tx);
    if (err)
        xsd_log(d, "dom%u: cannot clean up its nodes: %s", dom->d_domid,
                strerror(err));
    else if (o.o_deleted || o.o_kept || o.o_revoked)
        xsd_log(d, "dom%u: %u owned subtree(s) deleted, %u node(s) given "
                "to dom%u, access revoked on %u", dom->d_domid, o.o_deleted,
                o.o_kept, o.o_heir, o.o_revoked);
    special_forget(d, dom->d_domid, o.o_heir);
    domain_reset(dom);
}

int domain_release(struct xsd *d, uint32_t domid)
{
    struct xsd_domain *dom = domain_find(d, domid);

    if (!dom || !dom->d_introduced)
        return ENOENT;
    if (dom->d_conn)
        dom->d_conn->c_dead = true;   /* destroyed by the main loop */
    dom->d_introduced = false;
    journal_domain(d, dom, false);
    domain_forget(d, dom);
    journal_flush(d);
    fire_special(d, "@releaseDomain");
    return 0;
}

/* What VIRQ_DOM_EXC found out about one introduced domain. */
enum dom_change {
    DC_NONE,        /* running, or its shutdown was already reported */
    DC_SHUTDOWN,    /* newly shut down: report, keep its nodes readable */
    DC_GONE,        /* dying or destroyed: release it */
    DC_UNKNOWN,     /* the backend cannot tell: report, let watchers check */
};

static enum dom_change domain_check(struct xsd *d, struct xsd_domain *dom)
{
    unsigned flags = 0;
    int r = d->x_ring->domain_state(d, dom->d_domid, &flags);

    if (r == -ESRCH || (r == 0 && (flags & XSD_DOMSTATE_DYING)))
        return DC_GONE;
    if (r < 0) {
        xsd_log(d, "dom%u: state unknown: %s", dom->d_domid, strerror(-r));
        return DC_UNKNOWN;
    }
    if (!(flags & XSD_DOMSTATE_SHUTDOWN) || dom->d_shutdown)
        return DC_NONE;
    dom->d_shutdown = true;
    xsd_log(d, "dom%u: shut down", dom->d_domid);
    return DC_SHUTDOWN;
}

/*
 * VIRQ_DOM_EXC: some domain shut down or died.  As Xen 4.17, ask the
 * hypervisor about every introduced domain but dom0 and our own: a dying or
 * vanished one is released (its RELEASE event announces it), a newly shut
 * down one stays introduced (the toolstack still reads its nodes) and one
 * @releaseDomain covers all of those, unless a release already fired it.
 * A backend that cannot answer makes us fire it anyway, as before.
 */
void domain_check_states(struct xsd *d)
{
    bool notify = false, released = false;

    if (!d->x_ring || !d->x_ring->domain_state) {
        fire_special(d, "@releaseDomain");
        return;
    }
    for (struct xsd_domain *dom = d->x_domains; dom; dom = dom->d_next) {
        if (!dom->d_introduced || dom->d_domid == 0 || dom->d_local)
            continue;
        switch (domain_check(d, dom)) {
        case DC_GONE:
            xsd_log(d, "dom%u: gone, released", dom->d_domid);
            released |= domain_release(d, dom->d_domid) == 0;
            break;
        case DC_SHUTDOWN:
        case DC_UNKNOWN:
            notify = true;
            break;
        case DC_NONE:
            break;
        }
    }
    if (notify && !released)
        fire_special(d, "@releaseDomain");
}

void domain_free_all(struct xsd *d)
{
    while (d->x_domains) {
        struct xsd_domain *dom = d->x_domains;
        d->x_domains = dom->d_next;
        free(dom);
    }
}
