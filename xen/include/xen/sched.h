/* Domains and vCPUs: identities, reference counts, life-cycle states and the
 * idle domain; scheduler entry points used by the rest of the hypervisor. */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <asm/hvm/hvm.h>
#include <xen/compiler.h>
#include <xen/spinlock.h>
#include <xen/types.h>
#include <xen/timer.h>
#include <public/xen.h>

typedef uint16_t domid_t;

#define DOMID_FIRST_RESERVED    0x7ff0
#define DOMID_IDLE              0x7fff
#define MAX_VIRT_CPUS           128
#define NR_CPUS_MAX             64

/* vCPU run states (Xen's RUNSTATE_* names and numbers). */
#define RUNSTATE_running        0
#define RUNSTATE_runnable       1
#define RUNSTATE_blocked        2
#define RUNSTATE_offline        3

/* Domain life cycle: active -> (shutdown | crashed) -> dying -> dead. */
enum domain_state {
    DOMSTATE_active,
    DOMSTATE_shutdown,          /* the guest asked to stop (shutdown_code) */
    DOMSTATE_crashed,           /* domain_crash(): a fatal guest error */
    DOMSTATE_dying,             /* domain_destroy() has begun */
};

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    unsigned int processor;     /* pCPU it runs or queues on */
    int pause_count;            /* > 0: not runnable (vcpu_pause) */
    bool blocked;               /* waiting for an event (HLT, poll) */
    bool is_running;            /* currently on a pCPU */
    unsigned int runstate;      /* RUNSTATE_* */
    uint64_t runstate_time[4];  /* ns spent in each run state */
    int64_t runstate_entry;     /* NOW() at the last change, 0 = never */
    void *sched_priv;           /* the scheduler's per-vCPU data */

    /* Guest ABI state (vcpu_op.c, event_channel.c). */
    struct vcpu_info *vcpu_info;    /* hypervisor mapping: shared_info slot
                                       or the registered page */
    uint64_t vcpu_info_gfn;         /* registered page, ~0 = none */
    uint64_t runstate_guest;        /* guest-virtual runstate area, 0 */
    struct timer singleshot_timer;  /* VCPUOP_set_singleshot_timer */
    struct timer periodic_timer;    /* VCPUOP_set_periodic_timer */
    s_time_t periodic_period;       /* 0 = stopped */
    uint16_t virq_to_evtchn[NR_VIRQS]; /* 0 = unbound */
    unsigned int poll_port;         /* SCHEDOP_poll: ~0u when not polling */
    s_time_t poll_timeout;
    struct timer poll_timer;        /* SCHEDOP_poll timeout (sched_op.c) */
    struct hvm_vcpu hvm;
};

struct e820map;
struct evtchn_domain;
struct grant_table;

struct domain {
    domid_t domain_id;
    int refcnt;                 /* get_domain/put_domain; 1 at creation */
    enum domain_state state;
    int shutdown_code;
    int pause_count;            /* domain_pause(): controller pauses */
    unsigned int max_vcpus;
    struct vcpu **vcpu;         /* max_vcpus slots */
    unsigned int weight;        /* scheduler share (256 default) */
    unsigned int cap;           /* % of one pCPU, 0 = no cap */
    struct domain *next_in_list;

    /* Guest ABI state. */
    bool is_privileged;         /* dom0: control and hardware domain */
    struct shared_info *shared_info;    /* hypervisor mapping (xenheap) */
    uint64_t shared_info_gfn;   /* where the guest mapped it, ~0 = not */
    unsigned long vm_assist;    /* VMASST_TYPE_* bits */
    struct evtchn_domain *evtchn;       /* event_channel.c */
    struct grant_table *grant_table;    /* grant_table.c */
    struct e820map *e820;       /* memory map XENMEM_memory_map returns */
    unsigned long max_pages;    /* memory_op reservation limit */
    spinlock_t lock;
    struct hvm_domain hvm;
};

/* Creation flags */
#define CDF_hvm                 (1u << 0)

extern struct domain *domain_list;
extern struct domain *idle_domain;
#define for_each_domain(d) \
    for ((d) = domain_list; (d) != NULL; (d) = (d)->next_in_list)
#define for_each_vcpu(d, v)                                             \
    for (unsigned int vi_ = 0; vi_ < (d)->max_vcpus; vi_++)             \
        if (((v) = (d)->vcpu[vi_]) != NULL)

/* domain.c */
int idle_domain_init(void);
struct domain *domain_create(domid_t domid, unsigned int flags,
                             unsigned int max_vcpus, int *err);
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id);
int domain_destroy(struct domain *d);
struct domain *get_domain_by_id(domid_t domid);
void get_domain(struct domain *d);
void put_domain(struct domain *d);
void domain_crash(struct domain *d, const char *why);
void domain_shutdown(struct domain *d, int code);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
void vcpu_pause(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);
void vcpu_block(struct vcpu *v);
void vcpu_wake(struct vcpu *v);
/* sched_op.c: SCHEDOP_poll.  poll_port is the one port polled, or
 * POLL_PORT_ANY for several; 0 and ~0u mean "not polling".  The event
 * channel code calls sched_poll_wake(v, port) when port becomes pending
 * in v's domain (whatever the masks): it wakes v if v polls that port. */
#define POLL_PORT_ANY           0xfffffffeu
void sched_poll_wake(struct vcpu *v, unsigned int port);
/* Stop v's poll timer for good (vCPU destruction). */
void sched_poll_destroy(struct vcpu *v);
/* The hardware domain stopped (SHUTDOWN_* reason): the machine powers off
 * or reboots with it, as on Xen. */
void __noreturn hwdom_shutdown(unsigned int reason);
bool vcpu_runnable(const struct vcpu *v);
void vcpu_set_runstate(struct vcpu *v, unsigned int state);
/* vcpu_op.c: before each entry into a guest vCPU, on its pCPU (pvclock,
 * timer placement). */
void vcpu_guest_enter(struct vcpu *v);
const char *domain_state_name(enum domain_state s);
void dump_domains(unsigned char key);

static inline bool domain_is_dead(const struct domain *d)
{
    return d->state != DOMSTATE_active;
}

#endif /* XEN_SCHED_H */
