/* Host-test fakes for the guest-ABI subsystems (event channels, grant
 * tables): fake domains with shared_info and a fake p2m over the test arena
 * (guest copies: fake_copy.c). */
#ifndef HV_FAKE_GUEST_H
#define HV_FAKE_GUEST_H

#include <xen/sched.h>
#include "fake_copy.h"

/* A guest-virtual address the copy fakes (fake_copy.c) refuse: -EFAULT. */
#define FAKE_BAD_VA     0x10ull

/* Domain id, vCPU count, privilege; shared_info and vcpu_info set up,
 * evtchn and grant table initialised, on domain_list. */
struct domain *fake_domain(domid_t id, unsigned int nr_vcpus, bool priv);
void fake_domain_free(struct domain *d);
/* Free every fake domain and reset the counters below. */
void fake_reset(void);
/* cmocka teardown: fake_reset(), then no heap or xenheap memory may be
 * left (whatever the test created, freeing the domains returned). */
int fake_teardown(void **state);

/* Counters the fakes keep. */
extern unsigned int fake_upcalls;           /* hvm_evtchn_upcall calls */
extern struct vcpu *fake_last_upcall;
extern unsigned int fake_wakes;             /* polls ended by an event */
extern long fake_xmalloc_live;              /* xzalloc - xfree */
extern long fake_xenheap_live;              /* xenheap pages held */
extern void (*fake_key_e)(unsigned char);   /* what registered 'e' */

/* Fake guest RAM: a fresh zeroed arena page owned by d mapped at gfn. */
void *fake_populate(struct domain *d, uint64_t gfn);
/* Host pointer to the page at d's gfn, or NULL when unmapped. */
void *fake_gfn_ptr(struct domain *d, uint64_t gfn);
/* d's raw fake p2m entry at gfn (maddr | flags) or 0. */
uint64_t fake_p2m_entry(struct domain *d, uint64_t gfn);

/* Hypercall argument helper: arg[] from cmd, pointer, count. */
#define HC_ARGS(cmd, ptr, count) \
    ((const uint64_t[5]){ (cmd), (uint64_t)(uintptr_t)(ptr), (count), 0, 0 })

#endif /* HV_FAKE_GUEST_H */
