/* Domains and vCPUs: creation and destruction (every page returned), the
 * reference count, pause/block/crash/shutdown states and the idle domain. */
#include <asm/hvm/hvm.h>
#include <asm/p2m.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <public/sched.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/vcpu_op.h>

struct domain *domain_list;
struct domain *idle_domain;
static DEFINE_SPINLOCK(domlist_lock);

static const char *const domstate_names[] = {
    [DOMSTATE_active]   = "active",
    [DOMSTATE_shutdown] = "shutdown",
    [DOMSTATE_crashed]  = "crashed",
    [DOMSTATE_dying]    = "dying",
};

static const char *const runstate_names[] = {
    [RUNSTATE_running]  = "running",
    [RUNSTATE_runnable] = "runnable",
    [RUNSTATE_blocked]  = "blocked",
    [RUNSTATE_offline]  = "offline",
};

const char *domain_state_name(enum domain_state s)
{
    return (unsigned int)s < ARRAY_SIZE(domstate_names) ? domstate_names[s]
                                                         : "?";
}

/* struct domain, struct vcpu and the vCPU array each fit in one page. */
_Static_assert(sizeof(struct domain) <= PAGE_SIZE, "struct domain size");
_Static_assert(sizeof(struct vcpu) <= PAGE_SIZE, "struct vcpu size");
_Static_assert(MAX_VIRT_CPUS * sizeof(struct vcpu *) <= PAGE_SIZE,
               "vcpu array size");

static void *zalloc_page(void)
{
    void *p = alloc_xenheap_pages(0, MEMF_bits(32));

    if (p)
        memset(p, 0, PAGE_SIZE);
    return p;
}

static void domlist_insert(struct domain *d)
{
    struct domain **pd;

    spin_lock(&domlist_lock);
    for (pd = &domain_list; *pd && (*pd)->domain_id < d->domain_id;
         pd = &(*pd)->next_in_list)
        ;
    d->next_in_list = *pd;
    *pd = d;
    spin_unlock(&domlist_lock);
}

static void domlist_remove(struct domain *d)
{
    struct domain **pd;

    spin_lock(&domlist_lock);
    for (pd = &domain_list; *pd; pd = &(*pd)->next_in_list)
        if (*pd == d) {
            *pd = d->next_in_list;
            break;
        }
    spin_unlock(&domlist_lock);
}

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    for_each_domain(d)
        if (d->domain_id == domid)
            break;
    spin_unlock(&domlist_lock);
    return d;
}

void get_domain(struct domain *d)
{
    __atomic_add_fetch(&d->refcnt, 1, __ATOMIC_ACQ_REL);
}

static void domain_free(struct domain *d)
{
    domain_shared_info_destroy(d);
    if (d->vcpu)
        free_xenheap_page(d->vcpu);
    free_xenheap_page(d);
}

/* The last reference frees the structure (domain_destroy dropped its own). */
void put_domain(struct domain *d)
{
    if (__atomic_sub_fetch(&d->refcnt, 1, __ATOMIC_ACQ_REL) == 0)
        domain_free(d);
}

/*
 * Create domain domid with room for max_vcpus vCPUs (created later with
 * vcpu_create).  HVM domains (CDF_hvm) get an empty nested page table.
 * Returns the domain, or NULL with *err = -EINVAL (bad id or count),
 * -EEXIST (id in use), -ENODEV (no HVM support) or -ENOMEM.
 */
struct domain *domain_create(domid_t domid, unsigned int flags,
                             unsigned int max_vcpus, int *err)
{
    struct domain *d;
    int rc;

    *err = -EINVAL;
    if (max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS)
        return NULL;
    if (domid >= DOMID_FIRST_RESERVED && domid != DOMID_IDLE)
        return NULL;
    *err = -EEXIST;
    if (get_domain_by_id(domid))
        return NULL;
    *err = -ENODEV;
    if ((flags & CDF_hvm) && !hvm_enabled)
        return NULL;

    *err = -ENOMEM;
    d = zalloc_page();
    if (!d)
        return NULL;
    d->vcpu = zalloc_page();
    if (!d->vcpu) {
        domain_free(d);
        return NULL;
    }
    d->domain_id = domid;
    d->refcnt = 1;
    d->state = DOMSTATE_active;
    d->max_vcpus = max_vcpus;
    d->weight = 256;
    spin_lock_init(&d->lock);
    rc = domain_shared_info_init(d);
    if (rc) {
        *err = rc;
        domain_free(d);
        return NULL;
    }

    if (flags & CDF_hvm) {
        rc = p2m_init(d);
        if (rc) {
            *err = rc;
            domain_free(d);
            return NULL;
        }
    }
    /* Guest ABI state (the idle domain runs no guest). */
    if (domid != DOMID_IDLE) {
        rc = evtchn_domain_init(d);
        if (!rc && (rc = grant_table_init(d)) != 0)
            evtchn_domain_destroy(d);
        if (rc) {
            *err = rc;
            if (d->hvm.p2m_root)
                p2m_teardown(d);
            domain_free(d);
            return NULL;
        }
    }
    if (domid != DOMID_IDLE)
        domlist_insert(d);
    *err = 0;
    return d;
}

/*
 * Create vCPU vcpu_id of d, paused until its owner unpauses it.
 * Returns NULL when the id is out of range or taken, or memory is short.
 */
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id)
{
    struct vcpu *v;

    if (vcpu_id >= d->max_vcpus || d->vcpu[vcpu_id])
        return NULL;
    v = zalloc_page();
    if (!v)
        return NULL;
    v->vcpu_id = vcpu_id;
    v->domain = d;
    v->pause_count = 1;
    v->runstate = RUNSTATE_offline;
    if (d->hvm.p2m_root && hvm_funcs.vcpu_initialise(v)) {
        free_xenheap_page(v);
        return NULL;
    }
    vcpu_guest_init(v);
    d->vcpu[vcpu_id] = v;
    return v;
}

static void vcpu_destroy(struct vcpu *v)
{
    struct domain *d = v->domain;

    sched_poll_destroy(v);
    vcpu_guest_destroy(v);
    if (d->hvm.p2m_root)
        hvm_funcs.vcpu_destroy(v);
    d->vcpu[v->vcpu_id] = NULL;
    free_xenheap_page(v);
}

/*
 * Tear d down: mark it dying, destroy its vCPUs (none may be running),
 * return every page it owns (NPT tables and guest RAM), unlink it and drop
 * the creation reference.  Returns 0, or -EBUSY while a vCPU still runs.
 */
int domain_destroy(struct domain *d)
{
    struct vcpu *v;

    for_each_vcpu(d, v)
        if (v->is_running)
            return -EBUSY;
    d->state = DOMSTATE_dying;
    /* Before the vCPUs (VIRQ bindings) and the p2m (grant mappings). */
    grant_table_destroy(d);
    evtchn_domain_destroy(d);
    for_each_vcpu(d, v)
        vcpu_destroy(v);
    if (d->hvm.p2m_root)
        p2m_teardown(d);
    domlist_remove(d);
    put_domain(d);
    return 0;
}

/* A domain stopped: the hardware domain hears of it through VIRQ_DOM_EXC
 * (its toolstack then looks at the domain list). */
static void notify_dom_exc(const struct domain *d)
{
    struct domain *hw;

    for_each_domain(hw)
        if (hw->is_privileged && hw != d)
            send_guest_global_virq(hw, VIRQ_DOM_EXC);
}

/* A fatal guest error: log it once, stop every vCPU; the hypervisor goes on. */
void domain_crash(struct domain *d, const char *why)
{
    if (d->state != DOMSTATE_active)
        return;
    if (why)    /* NULL: the caller already said why */
        printk(XENLOG_G_ERR "d%u: %s; domain crashed\n", d->domain_id, why);
    d->state = DOMSTATE_crashed;
    if (d->is_privileged)       /* as Xen: dom0 takes the machine along */
        hwdom_shutdown(SHUTDOWN_crash);
    notify_dom_exc(d);
}

void domain_shutdown(struct domain *d, int code)
{
    if (d->state != DOMSTATE_active)
        return;
    d->shutdown_code = code;
    d->state = DOMSTATE_shutdown;
    notify_dom_exc(d);
}

void domain_pause(struct domain *d)
{
    __atomic_add_fetch(&d->pause_count, 1, __ATOMIC_ACQ_REL);
}

void domain_unpause(struct domain *d)
{
    struct vcpu *v;

    __atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_ACQ_REL);
    for_each_vcpu(d, v)
        sched_kick(v);
}

void vcpu_pause(struct vcpu *v)
{
    __atomic_add_fetch(&v->pause_count, 1, __ATOMIC_ACQ_REL);
}

void vcpu_unpause(struct vcpu *v)
{
    if (__atomic_sub_fetch(&v->pause_count, 1, __ATOMIC_ACQ_REL) == 0 &&
        v->runstate == RUNSTATE_offline)
        vcpu_set_runstate(v, RUNSTATE_runnable);
    sched_kick(v);     /* it may be runnable now */
}

void vcpu_block(struct vcpu *v)
{
    v->blocked = true;
    vcpu_set_runstate(v, RUNSTATE_blocked);
}

void vcpu_wake(struct vcpu *v)
{
    v->blocked = false;
    if (v->runstate == RUNSTATE_blocked)
        vcpu_set_runstate(v, RUNSTATE_runnable);
    sched_kick(v);
}

bool vcpu_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return d->state == DOMSTATE_active && !d->pause_count &&
           !v->pause_count && !v->blocked;
}

/* Charge the time since the last change to the old state (ns). */
void vcpu_set_runstate(struct vcpu *v, unsigned int state)
{
    s_time_t now = NOW();

    if (v->runstate_entry)
        v->runstate_time[v->runstate & 3] += now - v->runstate_entry;
    v->runstate_entry = now;
    v->runstate = state;
    vcpu_runstate_guest_update(v);
}

/* The idle domain: one idle vCPU per pCPU, never on the domain list. */
int idle_domain_init(void)
{
    unsigned int cpu;
    int err;

    idle_domain = domain_create(DOMID_IDLE, 0, NR_CPUS_MAX, &err);
    if (!idle_domain)
        return err;
    for_each_online_cpu(cpu) {
        struct vcpu *v = vcpu_create(idle_domain, cpu);

        if (!v)
            return -ENOMEM;
        v->processor = cpu;
        v->pause_count = 0;
        vcpu_set_runstate(v, RUNSTATE_running);
    }
    register_keyhandler('q', dump_domains, "dumping domain info");
    return 0;
}

static void dump_vcpu(const struct vcpu *v)
{
    const struct hvm_vcpu *h = &v->hvm;

    printk("    VCPU%u: CPU%u %s pause=%d blocked=%d exits=%llu "
           "(cpuid %llu vmmcall %llu io %llu npf %llu)\n",
           v->vcpu_id, v->processor, runstate_names[v->runstate & 3],
           v->pause_count, v->blocked, (unsigned long long)h->exit_count,
           (unsigned long long)h->exit_counts[HVM_STAT_CPUID],
           (unsigned long long)h->exit_counts[HVM_STAT_VMMCALL],
           (unsigned long long)h->exit_counts[HVM_STAT_IO],
           (unsigned long long)h->exit_counts[HVM_STAT_NPF]);
    printk("      running %lld us, runnable %lld us, blocked %lld us\n",
           (long long)(v->runstate_time[RUNSTATE_running] / 1000),
           (long long)(v->runstate_time[RUNSTATE_runnable] / 1000),
           (long long)(v->runstate_time[RUNSTATE_blocked] / 1000));
}

/* As Xen, key 'q' also raises VIRQ_DEBUG in every vCPU that bound it
 * (Linux then prints its event-channel state). */
static void notify_guest_debug(struct vcpu *v)
{
    unsigned int port = v->virq_to_evtchn[VIRQ_DEBUG];

    if (!port)
        return;
    printk("    Notifying guest %u:%u (virq %u, port %u)\n",
           v->domain->domain_id, v->vcpu_id, VIRQ_DEBUG, port);
    send_guest_vcpu_virq(v, VIRQ_DEBUG);
}

/* Debug key 'q': every domain and its vCPUs. */
void dump_domains(unsigned char key)
{
    struct domain *d;
    struct vcpu *v;

    (void)key;
    if (idle_domain) {
        unsigned int n = 0;

        for_each_vcpu(idle_domain, v)
            n++;
        printk("  Idle domain: %u idle vCPU(s), one per online pCPU\n", n);
    }
    for_each_domain(d) {
        printk("  Domain %u: %s refcnt=%d pause=%d vcpus=%u weight=%u cap=%u "
               "pages=%lu\n", d->domain_id, domain_state_name(d->state),
               d->refcnt, d->pause_count, d->max_vcpus, d->weight, d->cap,
               domain_page_count(d));
        for_each_vcpu(d, v) {
            dump_vcpu(v);
            notify_guest_debug(v);
        }
    }
}
