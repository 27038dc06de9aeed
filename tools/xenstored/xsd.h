/* xenstored: shared types of the daemon's subsystems. */
#ifndef XSD_H
#define XSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/uio.h>

#include <xenstore_wire.h>

#define XSD_DOMID_ANY 0x7ff5u
#define XSD_DOMID_NONE 0xffffffffu

/* Access bits (same values as libxenstore's XS_PERM_*). */
#define XSD_PERM_READ 0x01u
#define XSD_PERM_WRITE 0x02u
#define XSD_PERM_OWNER 0x08u
/*
 * An entry naming a domain that was released since it was written: kept
 * (GET_PERMS still lists it, as Xen 4.17) but granting nothing, so a new
 * domain reusing the id does not inherit it.  Journaled with the node.
 */
#define XSD_PERM_IGNORE 0x10u

/* Packed (5 bytes): nodes keep their permissions inline. */
struct __attribute__((packed)) xsd_perm {
    uint32_t p_id;
    uint8_t p_bits; /* XSD_PERM_READ | XSD_PERM_WRITE | XSD_PERM_IGNORE */
};

/* ---- store.c: nodes in a hash table keyed by absolute path ---- */

#define NODE_F_DELETED 0x1u  /* overlay: removed inside the transaction */
#define NODE_F_ABSENT 0x2u   /* overlay: did not exist when first looked at */
#define NODE_F_MODIFIED 0x4u /* overlay: written inside the transaction */
#define NODE_F_PACKED 0x8u   /* store node: perms and value inline */

/*
 * A node is one allocation.  Store nodes (NODE_F_PACKED) hold, after the
 * path and its NUL, the permissions (5 bytes each) and the value; they are
 * never changed in place but replaced whole on commit.  Transaction overlay
 * entries hold instead an 8-aligned struct xsd_node_ext with separately
 * allocated value and permissions, which handlers change freely.  Only
 * parents have a (separate) child list.  Use node_value() and node_perms().
 */
struct xsd_node {
    struct xsd_node *n_hnext;   /* hash chain */
    uint64_t n_gen;             /* generation of the last change (overlay: at first access) */
    char *n_children;           /* "name\0name\0..." */
    uint32_t n_clen;
    uint16_t n_vlen;            /* <= XENSTORE_PAYLOAD_MAX */
    uint16_t n_nperms;
    uint16_t n_plen;            /* strlen(n_path) */
    uint16_t n_flags;
    char n_path[];
};

struct xsd_node_ext {
    char *x_value;
    struct xsd_perm *x_perms;
    uint32_t x_seq;             /* order of first modification */
};

static inline struct xsd_node_ext *node_ext(const struct xsd_node *n)
{
    uintptr_t a = (uintptr_t)(n->n_path + n->n_plen + 1);

    return (struct xsd_node_ext *)((a + 7) & ~(uintptr_t)7);
}

static inline struct xsd_perm *node_perms(const struct xsd_node *n)
{
    if (n->n_flags & NODE_F_PACKED)
        return (struct xsd_perm *)(n->n_path + n->n_plen + 1);
    return node_ext(n)->x_perms;
}

static inline char *node_value(const struct xsd_node *n)
{
    if (n->n_flags & NODE_F_PACKED)
        return (char *)(n->n_path + n->n_plen + 1) +
               n->n_nperms * sizeof(struct xsd_perm);
    return node_ext(n)->x_value;
}

struct xsd_table {
    struct xsd_node **t_buckets;
    size_t t_mask;
    size_t t_count;
};

int table_init(struct xsd_table *t, size_t buckets);
void table_free(struct xsd_table *t);
struct xsd_node *table_find(const struct xsd_table *t, const char *path);
int table_insert(struct xsd_table *t, struct xsd_node *n);
struct xsd_node *table_remove(struct xsd_table *t, const char *path);
uint32_t path_hash(const char *path);

struct xsd_node *node_new(const char *path);
struct xsd_node *node_copy(const struct xsd_node *n);
struct xsd_node *node_new_packed(const char *path, size_t plen, const char *value,
                                 uint32_t vlen, const struct xsd_perm *p,
                                 unsigned num);
void table_replace(struct xsd_table *t, struct xsd_node *old,
                   struct xsd_node *n);
void node_free(struct xsd_node *n);
int node_set_value(struct xsd_node *n, const char *v, uint32_t len);
int node_set_perms(struct xsd_node *n, const struct xsd_perm *p, unsigned num);
int node_add_child(struct xsd_node *n, const char *name);
bool node_del_child(struct xsd_node *n, const char *name);
size_t node_size(const struct xsd_node *n);

/* ---- perms.c ---- */

struct xsd_conn;
int perms_parse(const char *s, size_t len, struct xsd_perm *out, unsigned max,
                unsigned *num);
size_t perms_format(const struct xsd_perm *p, unsigned num, char *buf,
                    size_t size);
unsigned perms_for_conn(const struct xsd_conn *c, const struct xsd_perm *p,
                        unsigned num);
bool perms_revoke(struct xsd_perm *p, unsigned num, uint32_t domid);
unsigned perms_drop_domid(struct xsd_perm *p, unsigned num, uint32_t domid,
                          uint32_t heir);

/* ---- quotas (domain.c) ---- */

enum xsd_quota {
    Q_NODES,
    Q_WATCHES,
    Q_OUTSTANDING,
    Q_MEMORY,
    Q_TRANSACTIONS,
    Q_TRANSACTION_NODES,
    Q_PERMS,
    Q_PATH_MAX,
    Q_NODE_SIZE,
    Q_COUNT
};
extern const char *const xsd_quota_names[Q_COUNT];

/* ---- connections (conn.c) ---- */

struct xsd_watch {
    struct xsd_watch *w_next;
    char *w_path;      /* absolute or @special */
    char *w_token;
    int w_depth;       /* -1: unlimited */
    bool w_relative;   /* report paths relative to the domain's home */
};

struct xsd_tx {
    struct xsd_tx *x_next;
    uint32_t x_id;
    struct xsd_table x_nodes;   /* overlay: copies of every node touched */
    uint32_t x_seq;
    unsigned x_accessed;
    long x_new_nodes;           /* nodes created minus removed, for the quota */
    struct xsd_event *x_events; /* watch events fired on commit */
    struct xsd_event **x_events_tail;
    bool x_fail;                /* commit must fail with EAGAIN */
};

/* A pending watch event of a transaction. */
struct xsd_event {
    struct xsd_event *e_next;
    bool e_exact;               /* removed below an RM: only exact watches */
    uint16_t e_nperms;
    struct xsd_perm *e_perms;   /* perms of the node when it changed */
    char e_path[];
};

struct xsd_buf {
    struct xsd_buf *b_next;
    size_t b_len, b_off;
    uint64_t b_deadline;         /* watch event: dropped if unsent by then (ms) */
    bool b_event;
    char b_data[];
};

struct xsd_transport_ops;
struct xsd_domain;

struct xsd_conn {
    struct xsd_conn *c_next;
    const struct xsd_transport_ops *c_ops;
    void *c_priv;                  /* transport state */
    int c_fd;                      /* socket, or -1 for rings */
    uint32_t c_domid;
    uint32_t c_target;             /* SET_TARGET, or XSD_DOMID_NONE */
    bool c_priv_dom;               /* privileged (dom0 / priv domid) */
    bool c_dead;
    struct xsd_domain *c_domain;   /* ring connections only */
    /* input */
    struct xsd_sockmsg c_hdr;
    size_t c_in_got;
    char c_in[XENSTORE_PAYLOAD_MAX + 1];
    char *c_rbuf;                  /* sockets: requests read ahead */
    size_t c_rlen, c_roff;
    /* output */
    struct xsd_buf *c_out_head, **c_out_tail;
    size_t c_out_bytes;
    unsigned c_out_events;
    unsigned c_out_msgs;           /* queued replies + events (outstanding) */
    unsigned c_event_timeout_ms;   /* watch-event timeout, 0 = none */
    /* state */
    struct xsd_watch *c_watches;
    unsigned c_nwatches;
    struct xsd_tx *c_txs;
    unsigned c_ntxs;
    uint32_t c_next_txid;
};

struct xsd_transport_ops {
    const char *name;
    /* Read up to len bytes; 0 if nothing available, -1 if broken. */
    long (*read)(struct xsd_conn *c, void *buf, size_t len);
    /* Write up to len bytes; returns bytes taken, -1 if broken. */
    long (*write)(struct xsd_conn *c, const void *buf, size_t len);
    void (*close)(struct xsd_conn *c);
    /* Optional gathered write of several buffers; same return as write. */
    long (*writev)(struct xsd_conn *c, const struct iovec *iov, int n);
};

/* ---- domains (domain.c) ---- */

struct xsd_domain {
    struct xsd_domain *d_next;
    uint32_t d_domid;
    bool d_introduced;
    bool d_shutdown;               /* shutdown seen; RESUME clears it */
    bool d_local;                  /* our own domain: ring from xsd_kva */
    uint64_t d_gfn;
    uint32_t d_evtchn;
    uint32_t d_features;
    long d_nodes;                  /* nodes owned */
    long d_memory;                 /* bytes of owned nodes (memory quota) */
    long d_wrl_credit;             /* write rate limit credit, 1/1000 writes */
    uint64_t d_wrl_stamp;          /* ms of the last refill, 0 = never */
    unsigned d_watches;
    unsigned d_quota[Q_COUNT];
    bool d_quota_set[Q_COUNT];
    struct xsd_conn *d_conn;       /* ring connection */
};

/* ---- the daemon ---- */

struct xsd_options {
    bool o_foreground;
    const char *o_pidfile;
    const char *o_tracefile;
    const char *o_logfile;
    const char *o_rundir;
    const char *o_socket;
    const char *o_statedir;       /* persistence; NULL = none */
    const char *o_ringdir;        /* test ring transport directory */
    const char *o_devroot;        /* prefix of /dev/xen, /proc/xen (tests) */
    bool o_no_domain_init;
    bool o_keep_orphans;
    bool o_fsync;
    enum xsd_reset { XSD_RESET_NEVER, XSD_RESET_BOOT, XSD_RESET_ALWAYS }
        o_reset_state;                /* --reset-state */
    uint32_t o_priv_domid;
    unsigned o_quota[Q_COUNT];
    unsigned o_quota_soft_memory;
    unsigned o_watch_event_ms;     /* -w watch-event=SEC */
};

struct xsd_journal;

/* All state of one daemon instance. */
struct xsd {
    struct xsd_options x_opt;
    struct xsd_table x_store;
    uint64_t x_gen;
    struct xsd_conn *x_conns;
    struct xsd_domain *x_domains;
    struct xsd_perm x_intro_perms[2];
    uint16_t x_intro_nperms;
    struct xsd_perm x_release_perms[2];
    uint16_t x_release_nperms;
    int x_listen_fd;
    FILE *x_log;
    FILE *x_trace;
    struct xsd_journal *x_journal;
    bool x_replaying;
    const struct xsd_ring_backend *x_ring; /* NULL: no ring transport */
    void *x_ring_priv;             /* backend state */
    int x_ring_fd;                 /* polled: event channels fired */
    int x_virq_port;               /* VIRQ_DOM_EXC, or -1 */
    unsigned long x_stat_requests;
    unsigned long x_stat_events;
};

/* ---- tree operations with transactions (tx.c) ---- */

int tx_get(struct xsd *d, struct xsd_tx *tx, const char *path,
           const struct xsd_node **out);
int tx_modify(struct xsd *d, struct xsd_tx *tx, const char *path,
              struct xsd_node **out);
int tx_create(struct xsd *d, struct xsd_tx *tx, const char *path,
              const struct xsd_perm *perms, unsigned nperms,
              struct xsd_node **out);
int tx_delete_tree(struct xsd *d, struct xsd_tx *tx, const char *path);
int tx_add_event(struct xsd_tx *tx, const char *path, bool exact,
                 const struct xsd_perm *perms, unsigned nperms);
struct xsd_tx *tx_new(uint32_t id);
void tx_free(struct xsd_tx *tx);
int tx_commit(struct xsd *d, struct xsd_conn *c, struct xsd_tx *tx);

/* ---- watch.c ---- */

int watch_add(struct xsd *d, struct xsd_conn *c, const char *path,
              const char *token, int depth, bool relative);
int watch_remove(struct xsd *d, struct xsd_conn *c, const char *path,
                 const char *token);
void watch_remove_all(struct xsd *d, struct xsd_conn *c);
void watch_fire(struct xsd *d, const char *path, bool exact,
                const struct xsd_perm *perms, unsigned nperms);
int watch_send_event(struct xsd *d, struct xsd_conn *c,
                     const struct xsd_watch *w, const char *path);

/* ---- conn.c ---- */

struct xsd_conn *conn_new(struct xsd *d, const struct xsd_transport_ops *ops,
                          int fd, uint32_t domid);
void conn_destroy(struct xsd *d, struct xsd_conn *c);
void conn_reset(struct xsd *d, struct xsd_conn *c);
int conn_queue(struct xsd_conn *c, uint32_t type, uint32_t req_id,
               uint32_t tx_id, const void *p1, size_t l1, const void *p2,
               size_t l2, bool event);
void conn_input(struct xsd *d, struct xsd_conn *c);
void conn_output(struct xsd_conn *c);
bool conn_wants_input(struct xsd *d, struct xsd_conn *c);
bool conn_has_request(const struct xsd_conn *c);
long conn_expire_events(struct xsd *d, struct xsd_conn *c, uint64_t now);
extern const struct xsd_transport_ops xsd_socket_ops;
const char *conn_home(const struct xsd_conn *c, char *buf, size_t size);

/* ---- dispatch.c ---- */

void dispatch_request(struct xsd *d, struct xsd_conn *c,
                      const struct xsd_sockmsg *hdr, const char *body);
int path_canonical(struct xsd *d, const struct xsd_conn *c, const char *in,
                   bool allow_special, char *out, size_t size);

/* ---- domain.c ---- */

struct xsd_domain *domain_find(struct xsd *d, uint32_t domid);
struct xsd_domain *domain_get(struct xsd *d, uint32_t domid);
unsigned domain_quota(struct xsd *d, uint32_t domid, enum xsd_quota q);
int quota_lookup(const char *name);
void domain_account_node(struct xsd *d, uint32_t owner, long delta,
                         long bytes);
long node_mem(const struct xsd_node *n);
bool wrl_blocked(struct xsd *d, struct xsd_conn *c, uint64_t now, long *wait_ms);
void wrl_charge(struct xsd *d, struct xsd_conn *c);
uint64_t xsd_now_ms(void);
int domain_introduce(struct xsd *d, uint32_t domid, uint64_t gfn,
                     uint32_t evtchn, bool restoring);
int domain_release(struct xsd *d, uint32_t domid);
void domain_check_states(struct xsd *d);
void domain_free_all(struct xsd *d);

/* ---- ring.c: rings over a backend (page mapper + event channels) ---- */

/*
 * Where ring pages and event channels come from.  Two exist: the test
 * backend (ring.c, --ring-dir: files and FIFOs) and the Linux dom0 one
 * (xendev.c: /dev/xen/evtchn, gntdev, privcmd).  Event channels are
 * "local ports": bind() returns one, pending() reports which fired.
 */
struct xsd_ring_map {
    void *m_page;
    uint64_t m_cookie;             /* backend data (gntdev index) */
    int m_kind;                    /* backend data (how it was mapped) */
};

struct xsd_ring_backend {
    const char *name;
    /* Map the ring page of domid (guest frame gfn); errno value or 0. */
    int (*map)(struct xsd *d, uint32_t domid, uint64_t gfn,
               struct xsd_ring_map *m);
    void (*unmap)(struct xsd *d, struct xsd_ring_map *m);
    /* Bind to remote_port of domid: the local port, or -errno. */
    int (*bind)(struct xsd *d, uint32_t domid, uint32_t remote_port);
    /* Bind a virtual IRQ of dom0 (VIRQ_DOM_EXC): the local port or -errno. */
    int (*bind_virq)(struct xsd *d, uint32_t virq);
    void (*unbind)(struct xsd *d, int port);
    void (*notify)(struct xsd *d, int port);
    /*
     * Store up to max ports that fired and re-arm them; the count, or -1
     * when the backend lost events (every ring must then be looked at).
     */
    int (*pending)(struct xsd *d, uint32_t *ports, int max);
    /*
     * The hypervisor's view of domid: 0 and XSD_DOMSTATE_* in *flags,
     * -ESRCH when it no longer exists, or another -errno.  Optional.
     */
    int (*domain_state)(struct xsd *d, uint32_t domid, unsigned *flags);
    void (*close)(struct xsd *d);
};

#define XSD_VIRQ_DOM_EXC 3u        /* a domain shut down or died */
#define XSD_DOMSTATE_SHUTDOWN 0x1u  /* shut down or crashed */
#define XSD_DOMSTATE_DYING 0x2u     /* being destroyed */

extern const struct xsd_ring_backend xsd_test_backend;
extern const struct xsd_ring_backend xsd_xen_backend;

int ring_backend_init(struct xsd *d);
void ring_backend_events(struct xsd *d);
int ring_open(struct xsd *d, struct xsd_domain *dom);
void ring_event(struct xsd *d, struct xsd_conn *c);
int ring_local_init(struct xsd *d);
const char *xsd_devpath(char *buf, size_t size, const char *path);

/* ---- xendev.c: the Linux /dev/xen backend ---- */

/* The system calls xendev.c makes; unit tests replace them. */
struct xsd_sysops {
    int (*open)(const char *path, int flags);
    int (*close)(int fd);
    int (*ioctl)(int fd, unsigned long req, void *arg);
    void *(*mmap)(void *addr, size_t len, int prot, int flags, int fd,
                  long off);
    int (*munmap)(void *addr, size_t len);
    int (*mlock)(const void *addr, size_t len);
    long (*read)(int fd, void *buf, size_t len);
    long (*write)(int fd, const void *buf, size_t len);
};
extern const struct xsd_sysops *xsd_sys;
int xendev_open(struct xsd *d);

/* ---- journal.c ---- */

int journal_open(struct xsd *d);
void journal_close(struct xsd *d);
void journal_node(struct xsd *d, const struct xsd_node *n);
void journal_delete(struct xsd *d, const char *path);
void journal_domain(struct xsd *d, const struct xsd_domain *dom, bool up);
void journal_special(struct xsd *d, bool intro);
void journal_flush(struct xsd *d);

/* ---- store setup (store.c) ---- */

int store_init(struct xsd *d);
int store_put(struct xsd *d, const char *path, const char *value,
              uint32_t vlen, const struct xsd_perm *perms, unsigned nperms);
void store_remove_tree(struct xsd *d, const char *path);
/* store_walk() visitor results: go on, or do not enter this node's children. */
enum xsd_walk { WALK_ENTER, WALK_SKIP };
int store_walk(struct xsd *d, int (*visit)(struct xsd *d,
                                           const struct xsd_node *n, void *arg),
               void *arg);

/* ---- control.c ---- */

int control_command(struct xsd *d, struct xsd_conn *c,
                    const struct xsd_sockmsg *hdr, const char *body);

/* ---- main.c ---- */

void xsd_log(struct xsd *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* XSD_H */
