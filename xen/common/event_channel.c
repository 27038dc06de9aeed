/* Event channels, 2-level ABI: per-domain port tables, interdomain/VIRQ/IPI
 * bindings, delivery into shared_info's bitmaps and EVTCHNOP_* hypercalls. */
#include <asm/hvm/hvm.h>
#include <public/event_channel.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/mm.h>

#define EVTCHN_WORD_BITS    64
#define EVTCHN_NR_PORTS     (EVTCHN_2L_NR_WORDS * EVTCHN_WORD_BITS)
#define BUCKET_PORTS        128         /* one page of struct evtchn */
#define NR_BUCKETS          (EVTCHN_NR_PORTS / BUCKET_PORTS)

/* The per-domain locks live outside struct evtchn_domain, indexed by domain
 * id, so that a lock can be taken while the domain's table is being torn
 * down; under it, d->evtchn == NULL means "gone". */
static spinlock_t evtchn_locks[DOMID_FIRST_RESERVED];

enum evtchn_state {
    ECS_FREE,
    ECS_RESERVED,       /* port 0: never handed out */
    ECS_UNBOUND,
    ECS_INTERDOMAIN,
    ECS_PIRQ,
    ECS_VIRQ,
    ECS_IPI,
};

struct evtchn {
    uint8_t state;              /* enum evtchn_state */
    bool early_pending;         /* raised before shared_info existed */
    uint16_t vcpu;              /* the vCPU notified */
    uint16_t remote_domid;      /* unbound: who may bind */
    uint32_t virq;              /* ECS_VIRQ */
    struct domain *remote;      /* ECS_INTERDOMAIN: the peer ... */
    uint32_t remote_port;       /* ... and its port */
};

struct evtchn_domain {
    unsigned int nr_bound;      /* ports not free (for the dump) */
    struct evtchn *bucket[NR_BUCKETS];  /* allocated on first use */
};

/* Whole xenheap pages, not xmalloc: they go back to the heap when a domain
 * dies (xmalloc keeps its pages for reuse). */
_Static_assert(BUCKET_PORTS * sizeof(struct evtchn) <= PAGE_SIZE, "bucket");
_Static_assert(sizeof(struct evtchn_domain) <= PAGE_SIZE, "evtchn_domain");

static void *zalloc_page(void)
{
    void *p = alloc_xenheap_page();

    if (p)
        memset(p, 0, PAGE_SIZE);
    return p;
}

/* ---- bitmap helpers on guest-shared words ---- */

static bool test_and_set(uint64_t *word, unsigned int bit)
{
    uint64_t m = 1ull << bit;

    return __atomic_fetch_or(word, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(uint64_t *word, unsigned int bit)
{
    uint64_t m = 1ull << bit;

    return __atomic_fetch_and(word, ~m, __ATOMIC_SEQ_CST) & m;
}

static bool test_bit64(const uint64_t *word, unsigned int bit)
{
    return (__atomic_load_n(word, __ATOMIC_SEQ_CST) >> bit) & 1;
}

/* ---- port table ---- */

static struct evtchn *port_lookup(const struct evtchn_domain *ed,
                                  unsigned int port)
{
    if (port >= EVTCHN_NR_PORTS || !ed->bucket[port / BUCKET_PORTS])
        return NULL;
    return &ed->bucket[port / BUCKET_PORTS][port % BUCKET_PORTS];
}

/* A bound (not free, not reserved) port of d, or NULL. */
static struct evtchn *port_bound(struct domain *d, unsigned int port)
{
    struct evtchn *chn = d->evtchn ? port_lookup(d->evtchn, port) : NULL;

    if (!chn || chn->state == ECS_FREE || chn->state == ECS_RESERVED)
        return NULL;
    return chn;
}

/* Lowest free port, allocating a bucket when all existing ones are full.
 * Returns the port or -ENOSPC / -ENOMEM.  Caller holds the lock. */
static int port_alloc(struct evtchn_domain *ed)
{
    unsigned int b, i;

    for (b = 0; b < NR_BUCKETS; b++) {
        if (!ed->bucket[b]) {
            ed->bucket[b] = zalloc_page();
            if (!ed->bucket[b])
                return -ENOMEM;
        }
        for (i = 0; i < BUCKET_PORTS; i++)
            if (ed->bucket[b][i].state == ECS_FREE) {
                ed->nr_bound++;
                return (int)(b * BUCKET_PORTS + i);
            }
    }
    return -ENOSPC;
}

static void vcpu_raise(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_pending = 1;
    hvm_evtchn_upcall(v);
}

/* 2-level delivery of port on the vCPU that chn notifies. */
static void port_deliver(struct domain *d, struct evtchn *chn,
                         unsigned int port)
{
    struct shared_info *s = d->shared_info;
    struct vcpu *v = chn->vcpu < d->max_vcpus ? d->vcpu[chn->vcpu] : NULL;
    struct vcpu *pv;

    if (!s) {
        chn->early_pending = true;
        return;
    }
    if (test_and_set(&s->evtchn_pending[port / EVTCHN_WORD_BITS],
                     port % EVTCHN_WORD_BITS))
        return;
    /* SCHEDOP_poll waits on masked ports too, on any of d's vCPUs. */
    for_each_vcpu(d, pv)
        sched_poll_wake(pv, port);
    if (test_bit64(&s->evtchn_mask[port / EVTCHN_WORD_BITS],
                   port % EVTCHN_WORD_BITS))
        return;
    if (!v || !v->vcpu_info)
        return;
    if (!test_and_set(&v->vcpu_info->evtchn_pending_sel,
                      port / EVTCHN_WORD_BITS))
        vcpu_raise(v);
}

static void port_clear_pending(struct domain *d, struct evtchn *chn,
                               unsigned int port)
{
    chn->early_pending = false;
    if (d->shared_info)
        test_and_clear(&d->shared_info->evtchn_pending[port /
                                                       EVTCHN_WORD_BITS],
                       port % EVTCHN_WORD_BITS);
}

static void port_free(struct domain *d, struct evtchn *chn,
                      unsigned int port)
{
    port_clear_pending(d, chn, port);
    memset(chn, 0, sizeof(*chn));
    d->evtchn->nr_bound--;
}

/* ---- locking: one domain, or two in domain-id order ---- */

static unsigned long lock_one(struct domain *d)
{
    unsigned long f;

    spin_lock_irqsave(&evtchn_locks[d->domain_id % DOMID_FIRST_RESERVED], f);
    return f;
}

static void unlock_one(struct domain *d, unsigned long f)
{
    spin_unlock_irqrestore(&evtchn_locks[d->domain_id % DOMID_FIRST_RESERVED],
                           f);
}

struct two_flags {
    unsigned long f1, f2;
};

static struct two_flags lock_two(struct domain *a, struct domain *b)
{
    struct two_flags tf = { 0, 0 };

    if (a == b) {
        tf.f1 = lock_one(a);
        return tf;
    }
    if (a->domain_id > b->domain_id) {
        struct domain *t = a;

        a = b;
        b = t;
    }
    tf.f1 = lock_one(a);
    tf.f2 = lock_one(b);
    return tf;
}

static void unlock_two(struct domain *a, struct domain *b, struct two_flags tf)
{
    if (a == b) {
        unlock_one(a, tf.f1);
        return;
    }
    if (a->domain_id > b->domain_id) {
        struct domain *t = a;

        a = b;
        b = t;
    }
    unlock_one(b, tf.f2);
    unlock_one(a, tf.f1);
}

/* ---- set-up and teardown ---- */

static void dump_evtchn(unsigned char key);

int evtchn_domain_init(struct domain *d)
{
    static bool key_registered;
    struct evtchn_domain *ed = zalloc_page();

    if (!ed)
        return -ENOMEM;
    ed->bucket[0] = zalloc_page();
    if (!ed->bucket[0]) {
        free_xenheap_page(ed);
        return -ENOMEM;
    }
    ed->bucket[0][0].state = ECS_RESERVED;
    d->evtchn = ed;
    if (!key_registered) {
        key_registered = true;
        register_keyhandler('e', dump_evtchn, "dump event channels");
    }
    return 0;
}

static void clear_virq(struct domain *d, unsigned int virq, unsigned int port)
{
    struct vcpu *v;

    for_each_vcpu(d, v)
        if (v->virq_to_evtchn[virq] == port)
            v->virq_to_evtchn[virq] = 0;
}

/*
 * Close port of d.  An interdomain peer goes back to unbound (waiting for
 * us again).  Needs the peer's lock too, so it drops d's lock, takes both
 * in order and checks the port did not change meanwhile.
 */
static long port_close(struct domain *d, unsigned int port)
{
    struct evtchn *chn;
    struct domain *rd;
    unsigned long f;
    struct two_flags tf;

    for (;;) {
        f = lock_one(d);
        chn = port_bound(d, port);
        if (!chn) {
            unlock_one(d, f);
            return -EINVAL;
        }
        if (chn->state != ECS_INTERDOMAIN)
            break;
        rd = chn->remote;
        get_domain(rd);
        unlock_one(d, f);
        tf = lock_two(d, rd);
        chn = port_bound(d, port);
        if (chn && chn->state == ECS_INTERDOMAIN && chn->remote == rd) {
            struct evtchn *rchn = rd->evtchn ?
                port_lookup(rd->evtchn, chn->remote_port) : NULL;

            if (rchn) {
                rchn->state = ECS_UNBOUND;
                rchn->remote_domid = d->domain_id;
                rchn->remote = NULL;
                rchn->remote_port = 0;
            }
            port_free(d, chn, port);
            unlock_two(d, rd, tf);
            put_domain(rd);
            return 0;
        }
        unlock_two(d, rd, tf);
        put_domain(rd);
    }
    if (chn->state == ECS_VIRQ)
        clear_virq(d, chn->virq, port);
    port_free(d, chn, port);
    unlock_one(d, f);
    return 0;
}

static void close_all(struct domain *d)
{
    unsigned int port;

    for (port = 1; port < EVTCHN_NR_PORTS; port++)
        if (d->evtchn && port_lookup(d->evtchn, port))
            port_close(d, port);
}

void evtchn_domain_destroy(struct domain *d)
{
    unsigned int b;
    struct evtchn_domain *ed;
    unsigned long f;

    if (!d->evtchn)
        return;
    close_all(d);
    f = lock_one(d);
    ed = d->evtchn;
    d->evtchn = NULL;
    unlock_one(d, f);
    for (b = 0; b < NR_BUCKETS; b++)
        if (ed->bucket[b])
            free_xenheap_page(ed->bucket[b]);
    free_xenheap_page(ed);
}

/* ---- delivery entry points ---- */

int evtchn_set_pending(struct domain *d, unsigned int port)
{
    struct evtchn *chn;
    unsigned long f;

    if (!d->evtchn)
        return -EINVAL;
    f = lock_one(d);
    chn = port_bound(d, port);
    if (chn)
        port_deliver(d, chn, port);
    unlock_one(d, f);
    return chn ? 0 : -EINVAL;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    if (virq < NR_VIRQS && v->virq_to_evtchn[virq])
        evtchn_set_pending(v->domain, v->virq_to_evtchn[virq]);
}

/* Global VIRQs are recorded on vCPU 0; the port says whom to notify. */
void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    struct vcpu *v0 = d->max_vcpus ? d->vcpu[0] : NULL;

    if (v0 && virq < NR_VIRQS && v0->virq_to_evtchn[virq])
        evtchn_set_pending(d, v0->virq_to_evtchn[virq]);
}

bool evtchn_upcall_pending(const struct vcpu *v)
{
    return v->vcpu_info && v->vcpu_info->evtchn_upcall_pending;
}

bool evtchn_port_is_pending(struct domain *d, unsigned int port)
{
    struct evtchn *chn = port_bound(d, port);

    if (!chn)
        return false;
    if (chn->early_pending)
        return true;
    return d->shared_info &&
           test_bit64(&d->shared_info->evtchn_pending[port /
                                                      EVTCHN_WORD_BITS],
                      port % EVTCHN_WORD_BITS);
}

/* ---- the sub-ops ---- */

static bool virq_is_per_vcpu(unsigned int virq)
{
    return virq == VIRQ_TIMER || virq == VIRQ_DEBUG ||
           virq == VIRQ_XENOPROF || virq == VIRQ_XENPMU;
}

static struct vcpu *vcpu_by_id(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/*
 * The domain a sub-op names: DOMID_SELF or the caller's own id, or (only
 * for a privileged caller) any existing domain.  Holds a reference the
 * caller drops with put_domain.
 */
static struct domain *target_domain(struct vcpu *v, uint16_t dom, long *rc)
{
    struct domain *cd = v->domain, *d;

    if (dom == DOMID_SELF || dom == cd->domain_id) {
        get_domain(cd);
        return cd;
    }
    if (!cd->is_privileged) {
        *rc = -EPERM;
        return NULL;
    }
    d = dom < DOMID_FIRST_RESERVED ? get_domain_by_id(dom) : NULL;
    if (!d || !d->evtchn || d->state == DOMSTATE_dying) {
        *rc = -ESRCH;
        return NULL;
    }
    get_domain(d);
    return d;
}

static long op_alloc_unbound(struct vcpu *v, void *arg)
{
    struct evtchn_alloc_unbound *a = arg;
    uint16_t remote = a->remote_dom == DOMID_SELF ? v->domain->domain_id
                                                  : a->remote_dom;
    struct domain *d;
    unsigned long f;
    long rc = 0;
    int port;

    if (remote >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    d = target_domain(v, a->dom, &rc);
    if (!d)
        return rc;
    f = lock_one(d);
    port = d->evtchn ? port_alloc(d->evtchn) : -ESRCH;
    if (port >= 0) {
        struct evtchn *chn = port_lookup(d->evtchn, port);

        chn->state = ECS_UNBOUND;
        chn->remote_domid = remote;
        a->port = port;
    }
    unlock_one(d, f);
    put_domain(d);
    return port < 0 ? port : 0;
}

static long op_bind_interdomain(struct vcpu *v, void *arg)
{
    struct evtchn_bind_interdomain *b = arg;
    struct domain *ld = v->domain, *rd;
    struct evtchn *lchn, *rchn;
    struct two_flags tf;
    long rc = 0;
    int port;

    if (b->remote_dom == DOMID_SELF || b->remote_dom == ld->domain_id)
        rd = ld;
    else
        rd = b->remote_dom < DOMID_FIRST_RESERVED ?
             get_domain_by_id(b->remote_dom) : NULL;
    if (!rd || !rd->evtchn || rd->state == DOMSTATE_dying)
        return -ESRCH;
    get_domain(rd);
    tf = lock_two(ld, rd);
    rchn = port_bound(rd, b->remote_port);
    if (!rchn || rchn->state != ECS_UNBOUND ||
        rchn->remote_domid != ld->domain_id) {
        rc = -EINVAL;
        goto out;
    }
    port = port_alloc(ld->evtchn);
    if (port < 0) {
        rc = port;
        goto out;
    }
    lchn = port_lookup(ld->evtchn, port);
    lchn->state = ECS_INTERDOMAIN;
    lchn->remote = rd;
    lchn->remote_port = b->remote_port;
    rchn->state = ECS_INTERDOMAIN;
    rchn->remote = ld;
    rchn->remote_port = port;
    b->local_port = port;
    /* The peer may have signalled before we were connected. */
    port_deliver(ld, lchn, port);
out:
    unlock_two(ld, rd, tf);
    put_domain(rd);
    return rc;
}

static long op_bind_virq(struct vcpu *v, void *arg)
{
    struct evtchn_bind_virq *b = arg;
    struct domain *d = v->domain;
    struct vcpu *tv;
    unsigned long f;
    int port;

    if (b->virq >= NR_VIRQS)
        return -EINVAL;
    if (!virq_is_per_vcpu(b->virq) && b->vcpu != 0)
        return -EINVAL;
    tv = vcpu_by_id(d, b->vcpu);
    if (!tv)
        return -ENOENT;
    f = lock_one(d);
    if (tv->virq_to_evtchn[b->virq]) {
        unlock_one(d, f);
        return -EEXIST;
    }
    port = port_alloc(d->evtchn);
    if (port >= 0) {
        struct evtchn *chn = port_lookup(d->evtchn, port);

        chn->state = ECS_VIRQ;
        chn->virq = b->virq;
        chn->vcpu = b->vcpu;
        tv->virq_to_evtchn[b->virq] = port;
        b->port = port;
    }
    unlock_one(d, f);
    return port < 0 ? port : 0;
}

static long op_bind_ipi(struct vcpu *v, void *arg)
{
    struct evtchn_bind_ipi *b = arg;
    struct domain *d = v->domain;
    unsigned long f;
    int port;

    if (!vcpu_by_id(d, b->vcpu))
        return -ENOENT;
    f = lock_one(d);
    port = port_alloc(d->evtchn);
    if (port >= 0) {
        struct evtchn *chn = port_lookup(d->evtchn, port);

        chn->state = ECS_IPI;
        chn->vcpu = b->vcpu;
        b->port = port;
    }
    unlock_one(d, f);
    return port < 0 ? port : 0;
}

static long op_close(struct vcpu *v, void *arg)
{
    return port_close(v->domain, ((struct evtchn_close *)arg)->port);
}

static long op_send(struct vcpu *v, void *arg)
{
    unsigned int port = ((struct evtchn_send *)arg)->port;
    struct domain *d = v->domain, *rd = NULL;
    struct evtchn *chn;
    unsigned int rport = 0;
    unsigned long f;
    long rc = 0;

    f = lock_one(d);
    chn = port_bound(d, port);
    if (!chn) {
        rc = -EINVAL;
    } else if (chn->state == ECS_INTERDOMAIN) {
        rd = chn->remote;
        rport = chn->remote_port;
        get_domain(rd);
    } else if (chn->state == ECS_IPI) {
        port_deliver(d, chn, port);
    } else if (chn->state != ECS_UNBOUND) {
        rc = -EINVAL;       /* VIRQ/PIRQ ports are raised by us only */
    }                       /* unbound: nobody to tell, dropped */
    unlock_one(d, f);
    if (rd) {
        evtchn_set_pending(rd, rport);
        put_domain(rd);
    }
    return rc;
}

static void status_fill(struct evtchn_status *st, const struct evtchn *chn)
{
    static const uint32_t stat[] = {
        [ECS_FREE] = EVTCHNSTAT_closed, [ECS_RESERVED] = EVTCHNSTAT_closed,
        [ECS_UNBOUND] = EVTCHNSTAT_unbound,
        [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
        [ECS_PIRQ] = EVTCHNSTAT_pirq, [ECS_VIRQ] = EVTCHNSTAT_virq,
        [ECS_IPI] = EVTCHNSTAT_ipi,
    };

    memset(&st->u, 0, sizeof(st->u));
    st->status = stat[chn->state];
    st->vcpu = chn->vcpu;
    if (chn->state == ECS_UNBOUND) {
        st->u.unbound.dom = chn->remote_domid;
    } else if (chn->state == ECS_INTERDOMAIN) {
        st->u.interdomain.dom = chn->remote->domain_id;
        st->u.interdomain.port = chn->remote_port;
    } else if (chn->state == ECS_VIRQ) {
        st->u.virq = chn->virq;
    }
}

static long op_status(struct vcpu *v, void *arg)
{
    struct evtchn_status *st = arg;
    struct evtchn *chn;
    struct domain *d;
    unsigned long f;
    long rc = 0;

    d = target_domain(v, st->dom, &rc);
    if (!d)
        return rc;
    if (st->port >= EVTCHN_NR_PORTS) {
        put_domain(d);
        return -EINVAL;
    }
    f = lock_one(d);
    chn = d->evtchn ? port_lookup(d->evtchn, st->port) : NULL;
    if (chn) {
        status_fill(st, chn);
    } else {
        memset(&st->u, 0, sizeof(st->u));
        st->status = EVTCHNSTAT_closed;
        st->vcpu = 0;
    }
    unlock_one(d, f);
    put_domain(d);
    return 0;
}

static long op_bind_vcpu(struct vcpu *v, void *arg)
{
    struct evtchn_bind_vcpu *b = arg;
    struct domain *d = v->domain;
    struct evtchn *chn;
    unsigned long f;
    long rc = 0;

    if (!vcpu_by_id(d, b->vcpu))
        return -ENOENT;
    f = lock_one(d);
    chn = port_bound(d, b->port);
    if (!chn || chn->state == ECS_IPI ||
        (chn->state == ECS_VIRQ && virq_is_per_vcpu(chn->virq)))
        rc = -EINVAL;   /* those belong to their vCPU */
    else
        chn->vcpu = b->vcpu;
    unlock_one(d, f);
    return rc;
}

/* Clear the mask; a port that became pending while masked is raised now. */
static long op_unmask(struct vcpu *v, void *arg)
{
    unsigned int port = ((struct evtchn_unmask *)arg)->port;
    struct domain *d = v->domain;
    struct shared_info *s = d->shared_info;
    struct evtchn *chn;
    struct vcpu *tv;
    unsigned long f;
    bool masked;
    unsigned int w = port / EVTCHN_WORD_BITS, b = port % EVTCHN_WORD_BITS;

    if (port >= EVTCHN_NR_PORTS)
        return -EINVAL;
    if (!s)
        return 0;
    f = lock_one(d);
    chn = port_lookup(d->evtchn, port);
    tv = chn ? vcpu_by_id(d, chn->vcpu) : NULL;
    masked = test_and_clear(&s->evtchn_mask[w], b);
    if (chn && chn->early_pending) {
        /* Raised before shared_info existed: deliver it now. */
        chn->early_pending = false;
        port_deliver(d, chn, port);
    } else if (masked && test_bit64(&s->evtchn_pending[w], b) && tv &&
               tv->vcpu_info &&
               !test_and_set(&tv->vcpu_info->evtchn_pending_sel, w)) {
        vcpu_raise(tv);
    }
    unlock_one(d, f);
    return 0;
}

static long op_reset(struct vcpu *v, void *arg)
{
    struct domain *d;
    long rc = 0;

    d = target_domain(v, ((struct evtchn_reset *)arg)->dom, &rc);
    if (!d)
        return rc;
    close_all(d);
    put_domain(d);
    return 0;
}

typedef long evtchn_op_fn(struct vcpu *v, void *arg);

struct evtchn_op_desc {
    evtchn_op_fn *fn;
    uint16_t size;      /* argument bytes copied in */
    bool copy_back;     /* has output fields */
};

/* No entry, so -ENOSYS: bind_pirq and the FIFO sub-ops (init_control,
 * expand_array, set_priority), which Linux then does without (2-level). */
static const struct evtchn_op_desc evtchn_ops[EVTCHNOP_NR] = {
    [EVTCHNOP_bind_interdomain] = { op_bind_interdomain,
        sizeof(struct evtchn_bind_interdomain), true },
    [EVTCHNOP_bind_virq] = { op_bind_virq, sizeof(struct evtchn_bind_virq),
        true },
    [EVTCHNOP_close] = { op_close, sizeof(struct evtchn_close), false },
    [EVTCHNOP_send] = { op_send, sizeof(struct evtchn_send), false },
    [EVTCHNOP_status] = { op_status, sizeof(struct evtchn_status), true },
    [EVTCHNOP_alloc_unbound] = { op_alloc_unbound,
        sizeof(struct evtchn_alloc_unbound), true },
    [EVTCHNOP_bind_ipi] = { op_bind_ipi, sizeof(struct evtchn_bind_ipi),
        true },
    [EVTCHNOP_bind_vcpu] = { op_bind_vcpu, sizeof(struct evtchn_bind_vcpu),
        false },
    [EVTCHNOP_unmask] = { op_unmask, sizeof(struct evtchn_unmask), false },
    [EVTCHNOP_reset] = { op_reset, sizeof(struct evtchn_reset), false },
    [EVTCHNOP_reset_cont] = { op_reset, sizeof(struct evtchn_reset), false },
};

/* arg[0] = EVTCHNOP_*, arg[1] = guest pointer to the sub-op's structure. */
long do_event_channel_op(struct vcpu *v, const uint64_t arg[5])
{
    struct evtchn_status buf;       /* the largest argument structure */
    const struct evtchn_op_desc *op;
    long rc;

    if (arg[0] >= EVTCHNOP_NR || !evtchn_ops[arg[0]].fn)
        return -ENOSYS;
    op = &evtchn_ops[arg[0]];
    if (!v->domain->evtchn)
        return -ENOSYS;
    if (copy_from_guest(v, &buf, arg[1], op->size))
        return -EFAULT;
    rc = op->fn(v, &buf);
    if (rc == 0 && op->copy_back && copy_to_guest(v, arg[1], &buf, op->size))
        return -EFAULT;
    return rc;
}

/* ---- debug key 'e' ---- */

static const char *const state_names[] = {
    [ECS_FREE] = "free", [ECS_RESERVED] = "reserved",
    [ECS_UNBOUND] = "unbound", [ECS_INTERDOMAIN] = "interdomain",
    [ECS_PIRQ] = "pirq", [ECS_VIRQ] = "virq", [ECS_IPI] = "ipi",
};

static void dump_port(struct domain *d, unsigned int port,
                      const struct evtchn *chn)
{
    const struct shared_info *s = d->shared_info;
    unsigned int w = port / EVTCHN_WORD_BITS, b = port % EVTCHN_WORD_BITS;
    int pending = s ? (int)((s->evtchn_pending[w] >> b) & 1)
                    : chn->early_pending;
    int masked = s ? (int)((s->evtchn_mask[w] >> b) & 1) : 0;

    printk("    port %4u: %-11s vcpu %u pending %d mask %d", port,
           state_names[chn->state], chn->vcpu, pending, masked);
    if (chn->state == ECS_UNBOUND)
        printk(" remote d%u\n", chn->remote_domid);
    else if (chn->state == ECS_INTERDOMAIN)
        printk(" -> d%u port %u\n", chn->remote->domain_id,
               chn->remote_port);
    else if (chn->state == ECS_VIRQ)
        printk(" virq %u\n", chn->virq);
    else
        printk("\n");
}

static void dump_evtchn(unsigned char key)
{
    struct domain *d;
    unsigned int port;

    (void)key;
    for_each_domain(d) {
        struct evtchn *chn;
        unsigned long f;

        f = lock_one(d);
        if (!d->evtchn) {
            unlock_one(d, f);
            continue;
        }
        printk("  Domain %u: %u event channel(s) bound\n", d->domain_id,
               d->evtchn->nr_bound);
        for (port = 1; port < EVTCHN_NR_PORTS; port++) {
            chn = port_lookup(d->evtchn, port);
            if (chn && chn->state != ECS_FREE)
                dump_port(d, port, chn);
        }
        unlock_one(d, f);
    }
}
