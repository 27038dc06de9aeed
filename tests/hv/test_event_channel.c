/* Host unit tests of the 2-level event channels (xen/common/event_channel.c)
 * through EVTCHNOP_* hypercalls of fake domains: interdomain and loopback
 * channels, VIRQs, IPIs, masking, status, privilege and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <public/event_channel.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include "fake_guest.h"
#include "shim.h"

static struct domain *d0, *d1;

static int setup(void **state)
{
    (void)state;
    fake_reset();
    shim_log_reset();
    d0 = fake_domain(0, 2, true);
    d1 = fake_domain(1, 2, false);
    return 0;
}

static long evtchn_op(struct domain *d, unsigned int cmd, void *arg)
{
    return do_event_channel_op(d->vcpu[0], HC_ARGS(cmd, arg, 0));
}

static bool pending(struct domain *d, unsigned int port)
{
    return (d->shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static void set_mask(struct domain *d, unsigned int port, bool m)
{
    if (m)
        d->shared_info->evtchn_mask[port / 64] |= 1ull << (port % 64);
    else
        d->shared_info->evtchn_mask[port / 64] &= ~(1ull << (port % 64));
}

/* What a guest's upcall handler does: take everything. */
static void guest_ack(struct domain *d, unsigned int vcpu)
{
    struct vcpu_info *vi = d->vcpu[vcpu]->vcpu_info;

    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    memset(d->shared_info->evtchn_pending, 0,
           sizeof(d->shared_info->evtchn_pending));
}

static unsigned int alloc_unbound(struct domain *d, uint16_t dom,
                                  uint16_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };

    assert_int_equal(evtchn_op(d, EVTCHNOP_alloc_unbound, &a), 0);
    assert_true(a.port > 0);
    return a.port;
}

static long bind_interdomain(struct domain *d, uint16_t rdom,
                             unsigned int rport, unsigned int *lport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = rdom,
                                         .remote_port = rport,
                                         .local_port = 0xdead };
    long rc = evtchn_op(d, EVTCHNOP_bind_interdomain, &b);

    *lport = b.local_port;
    return rc;
}

static struct evtchn_status status_of(struct domain *d, uint16_t dom,
                                      unsigned int port)
{
    struct evtchn_status st = { .dom = dom, .port = port };

    assert_int_equal(evtchn_op(d, EVTCHNOP_status, &st), 0);
    return st;
}

static long send(struct domain *d, unsigned int port)
{
    struct evtchn_send s = { .port = port };

    return evtchn_op(d, EVTCHNOP_send, &s);
}

static long evclose(struct domain *d, unsigned int port)
{
    struct evtchn_close c = { .port = port };

    return evtchn_op(d, EVTCHNOP_close, &c);
}

/* d1 offers a port to d0, d0 binds, both directions deliver; closing one
 * end puts the other back to unbound. */
static void test_interdomain(void **state)
{
    unsigned int p1, p0;
    struct evtchn_status st;

    (void)state;
    p1 = alloc_unbound(d1, DOMID_SELF, 0);
    st = status_of(d1, DOMID_SELF, p1);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 0);

    assert_int_equal(bind_interdomain(d0, 1, p1, &p0), 0);
    assert_true(p0 > 0);
    /* The new local port is raised once on bind (it may have missed one). */
    assert_true(pending(d0, p0));
    guest_ack(d0, 0);
    fake_upcalls = 0;

    st = status_of(d0, DOMID_SELF, p0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 1);
    assert_int_equal(st.u.interdomain.port, p1);
    st = status_of(d1, DOMID_SELF, p1);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 0);
    assert_int_equal(st.u.interdomain.port, p0);

    /* d0 -> d1 */
    assert_int_equal(send(d0, p0), 0);
    assert_true(pending(d1, p1));
    assert_false(pending(d0, p0));
    assert_true(d1->vcpu[0]->vcpu_info->evtchn_upcall_pending);
    assert_true(d1->vcpu[0]->vcpu_info->evtchn_pending_sel &
                (1ull << (p1 / 64)));
    assert_int_equal(fake_upcalls, 1);
    assert_ptr_equal(fake_last_upcall, d1->vcpu[0]);
    assert_true(evtchn_upcall_pending(d1->vcpu[0]));
    assert_true(evtchn_port_is_pending(d1, p1));

    /* d1 -> d0 */
    assert_int_equal(send(d1, p1), 0);
    assert_true(pending(d0, p0));
    assert_int_equal(fake_upcalls, 2);

    /* Close d0's end: d1's goes back to unbound for d0. */
    assert_int_equal(evclose(d0, p0), 0);
    st = status_of(d0, DOMID_SELF, p0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    assert_false(pending(d0, p0));      /* a reused port starts clean */
    st = status_of(d1, DOMID_SELF, p1);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 0);
    /* Sending on an unbound port is dropped without error. */
    guest_ack(d0, 0);
    assert_int_equal(send(d1, p1), 0);
    assert_int_equal(evclose(d0, p0), -EINVAL);     /* already closed */

    /* It can be bound again. */
    assert_int_equal(bind_interdomain(d0, 1, p1, &p0), 0);
    assert_int_equal(status_of(d1, DOMID_SELF, p1).status,
                     EVTCHNSTAT_interdomain);
}

/* Binding needs an unbound port offered to the binder. */
static void test_interdomain_refusals(void **state)
{
    unsigned int p1, p2, lp;
    struct domain *d2 = fake_domain(2, 1, false);

    (void)state;
    p1 = alloc_unbound(d1, DOMID_SELF, 2);      /* offered to d2, not d0 */
    assert_int_equal(bind_interdomain(d0, 1, p1, &lp), -EINVAL);
    assert_int_equal(bind_interdomain(d2, 1, p1, &lp), 0);
    /* Now connected: nobody else can bind it. */
    assert_int_equal(bind_interdomain(d0, 1, p1, &lp), -EINVAL);
    /* Bad remote ports and domains. */
    assert_int_equal(bind_interdomain(d0, 1, 0, &lp), -EINVAL);
    assert_int_equal(bind_interdomain(d0, 1, 4096, &lp), -EINVAL);
    assert_int_equal(bind_interdomain(d0, 1, 0xffffffffu, &lp), -EINVAL);
    assert_int_equal(bind_interdomain(d0, 1, 999, &lp), -EINVAL);
    assert_int_equal(bind_interdomain(d0, 77, 1, &lp), -ESRCH);
    assert_int_equal(bind_interdomain(d0, DOMID_IO, 1, &lp), -ESRCH);
    /* A VIRQ port is not unbound. */
    {
        struct evtchn_bind_virq b = { .virq = VIRQ_CONSOLE };

        assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), 0);
        p2 = b.port;
        assert_int_equal(bind_interdomain(d0, 1, p2, &lp), -EINVAL);
    }
    /* Destroying d2 puts d1's end back to unbound. */
    fake_domain_free(d2);
    assert_int_equal(status_of(d1, DOMID_SELF, p1).status,
                     EVTCHNSTAT_unbound);
    assert_int_equal(status_of(d1, DOMID_SELF, p1).u.unbound.dom, 2);
}

/* dom0 binds to its own unbound port (Linux's XS_LOCAL does). */
static void test_loopback(void **state)
{
    unsigned int pu, pl;
    struct evtchn_status st;

    (void)state;
    pu = alloc_unbound(d0, DOMID_SELF, DOMID_SELF);
    assert_int_equal(status_of(d0, DOMID_SELF, pu).u.unbound.dom, 0);
    assert_int_equal(bind_interdomain(d0, DOMID_SELF, pu, &pl), 0);
    assert_int_not_equal(pl, pu);
    guest_ack(d0, 0);
    assert_int_equal(send(d0, pl), 0);
    assert_true(pending(d0, pu));
    assert_false(pending(d0, pl));
    guest_ack(d0, 0);
    assert_int_equal(send(d0, pu), 0);
    assert_true(pending(d0, pl));
    st = status_of(d0, DOMID_SELF, pl);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 0);
    assert_int_equal(st.u.interdomain.port, pu);
    assert_int_equal(evclose(d0, pu), 0);
    assert_int_equal(status_of(d0, DOMID_SELF, pl).status,
                     EVTCHNSTAT_unbound);
    assert_int_equal(evclose(d0, pl), 0);
    /* Also by own id rather than DOMID_SELF. */
    pu = alloc_unbound(d1, 1, 1);
    assert_int_equal(bind_interdomain(d1, 1, pu, &pl), 0);
}

/* VIRQ_TIMER per vCPU; VIRQ_CONSOLE global on vCPU 0 until bind_vcpu. */
static void test_virq(void **state)
{
    struct evtchn_bind_virq b = { .virq = VIRQ_TIMER, .vcpu = 1 };
    struct evtchn_bind_vcpu bv;
    unsigned int ptimer, pcons;

    (void)state;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), 0);
    ptimer = b.port;
    assert_int_equal(d1->vcpu[1]->virq_to_evtchn[VIRQ_TIMER], ptimer);
    assert_int_equal(d1->vcpu[0]->virq_to_evtchn[VIRQ_TIMER], 0);
    /* Twice on the same vCPU: -EEXIST; on the other vCPU: fine. */
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), -EEXIST);
    b.vcpu = 0;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), 0);
    assert_int_not_equal(b.port, ptimer);

    send_guest_vcpu_virq(d1->vcpu[1], VIRQ_TIMER);
    assert_true(pending(d1, ptimer));
    assert_true(d1->vcpu[1]->vcpu_info->evtchn_upcall_pending);
    assert_false(d1->vcpu[0]->vcpu_info->evtchn_upcall_pending);
    assert_int_equal(d1->vcpu[1]->vcpu_info->evtchn_pending_sel,
                     1ull << (ptimer / 64));
    assert_int_equal(fake_upcalls, 1);
    assert_ptr_equal(fake_last_upcall, d1->vcpu[1]);
    /* Again while pending: nothing new. */
    send_guest_vcpu_virq(d1->vcpu[1], VIRQ_TIMER);
    assert_int_equal(fake_upcalls, 1);
    /* Unbound VIRQs are ignored. */
    send_guest_vcpu_virq(d1->vcpu[0], VIRQ_DEBUG);
    send_guest_global_virq(d1, VIRQ_DOM_EXC);
    send_guest_vcpu_virq(d1->vcpu[0], NR_VIRQS + 5);
    assert_int_equal(fake_upcalls, 1);

    /* Global: only vCPU 0 at bind time, then moved to vCPU 1. */
    b.virq = VIRQ_CONSOLE;
    b.vcpu = 1;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), -EINVAL);
    b.vcpu = 0;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), 0);
    pcons = b.port;
    assert_int_equal(status_of(d1, DOMID_SELF, pcons).status,
                     EVTCHNSTAT_virq);
    assert_int_equal(status_of(d1, DOMID_SELF, pcons).u.virq, VIRQ_CONSOLE);
    bv = (struct evtchn_bind_vcpu){ .port = pcons, .vcpu = 1 };
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_vcpu, &bv), 0);
    assert_int_equal(status_of(d1, DOMID_SELF, pcons).vcpu, 1);
    guest_ack(d1, 1);
    fake_upcalls = 0;
    send_guest_global_virq(d1, VIRQ_CONSOLE);
    assert_true(pending(d1, pcons));
    assert_ptr_equal(fake_last_upcall, d1->vcpu[1]);
    assert_int_equal(fake_upcalls, 1);
    /* A per-vCPU VIRQ cannot move. */
    bv = (struct evtchn_bind_vcpu){ .port = ptimer, .vcpu = 0 };
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_vcpu, &bv), -EINVAL);
    bv = (struct evtchn_bind_vcpu){ .port = pcons, .vcpu = 2 };
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_vcpu, &bv), -ENOENT);

    /* Bad VIRQ numbers and vCPUs. */
    b = (struct evtchn_bind_virq){ .virq = NR_VIRQS, .vcpu = 0 };
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), -EINVAL);
    b = (struct evtchn_bind_virq){ .virq = VIRQ_DEBUG, .vcpu = 2 };
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), -ENOENT);
    b = (struct evtchn_bind_virq){ .virq = VIRQ_DEBUG, .vcpu = 0x80000000u };
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), -ENOENT);
    /* A VIRQ port cannot be sent on. */
    assert_int_equal(send(d1, pcons), -EINVAL);

    /* Closing unbinds it (and it may be bound again). */
    assert_int_equal(evclose(d1, ptimer), 0);
    assert_int_equal(d1->vcpu[1]->virq_to_evtchn[VIRQ_TIMER], 0);
    b = (struct evtchn_bind_virq){ .virq = VIRQ_TIMER, .vcpu = 1 };
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_virq, &b), 0);
    assert_int_equal(b.port, ptimer);   /* lowest free port reused */
}

/* Masked ports stay pending without an upcall; unmask raises them. */
static void test_mask_unmask(void **state)
{
    struct evtchn_bind_ipi bi = { .vcpu = 1 };
    struct evtchn_unmask um;
    unsigned int p;

    (void)state;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), 0);
    p = bi.port;
    assert_int_equal(status_of(d1, DOMID_SELF, p).status, EVTCHNSTAT_ipi);
    assert_int_equal(status_of(d1, DOMID_SELF, p).vcpu, 1);
    set_mask(d1, p, true);
    assert_int_equal(send(d1, p), 0);
    assert_true(pending(d1, p));
    assert_int_equal(fake_upcalls, 0);
    assert_int_equal(d1->vcpu[1]->vcpu_info->evtchn_pending_sel, 0);
    assert_false(evtchn_upcall_pending(d1->vcpu[1]));

    um.port = p;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_unmask, &um), 0);
    assert_false((d1->shared_info->evtchn_mask[p / 64] >> (p % 64)) & 1);
    assert_int_equal(fake_upcalls, 1);
    assert_ptr_equal(fake_last_upcall, d1->vcpu[1]);
    assert_true(evtchn_upcall_pending(d1->vcpu[1]));
    assert_int_equal(d1->vcpu[1]->vcpu_info->evtchn_pending_sel,
                     1ull << (p / 64));
    /* Unmasking an unmasked port does nothing more. */
    assert_int_equal(evtchn_op(d1, EVTCHNOP_unmask, &um), 0);
    assert_int_equal(fake_upcalls, 1);
    /* Unmask of a masked port that is not pending: no upcall. */
    guest_ack(d1, 1);
    set_mask(d1, p, true);
    assert_int_equal(evtchn_op(d1, EVTCHNOP_unmask, &um), 0);
    assert_int_equal(fake_upcalls, 1);
    um.port = 4096;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_unmask, &um), -EINVAL);

    /* A vCPU polling a masked port is woken all the same. */
    set_mask(d1, p, true);
    d1->vcpu[1]->blocked = true;
    d1->vcpu[1]->poll_port = p;
    d1->vcpu[0]->poll_port = p + 1;     /* polls something else */
    assert_int_equal(send(d1, p), 0);
    assert_int_equal(fake_wakes, 1);
    assert_int_equal(d1->vcpu[1]->poll_port, ~0u);
    assert_false(d1->vcpu[1]->blocked);
    assert_int_equal(d1->vcpu[0]->poll_port, p + 1);
    assert_int_equal(fake_upcalls, 1);
    assert_true(evtchn_port_is_pending(d1, p));
    /* Already pending: no new wake-up. */
    d1->vcpu[1]->poll_port = POLL_PORT_ANY;
    assert_int_equal(send(d1, p), 0);
    assert_int_equal(fake_wakes, 1);
    /* Pending afresh: the vCPU polling several ports wakes too. */
    d1->shared_info->evtchn_pending[p / 64] = 0;
    assert_int_equal(send(d1, p), 0);
    assert_int_equal(fake_wakes, 2);
    assert_int_equal(d1->vcpu[1]->poll_port, ~0u);

    /* IPI to a missing vCPU. */
    bi.vcpu = 5;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), -ENOENT);
    /* An IPI port cannot move. */
    {
        struct evtchn_bind_vcpu bv = { .port = p, .vcpu = 0 };

        assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_vcpu, &bv), -EINVAL);
    }
}

/* A selector word bit already set means the guest will scan it anyway. */
static void test_selector_already_set(void **state)
{
    struct evtchn_bind_ipi bi = { .vcpu = 0 };
    unsigned int a, b;

    (void)state;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), 0);
    a = bi.port;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), 0);
    b = bi.port;
    assert_int_equal(a / 64, b / 64);
    assert_int_equal(send(d1, a), 0);
    assert_int_equal(send(d1, b), 0);
    assert_true(pending(d1, a) && pending(d1, b));
    assert_int_equal(fake_upcalls, 1);
}

/* Foreign domids need privilege; bad ports and domids are refused. */
static void test_privilege_and_bad_input(void **state)
{
    struct evtchn_alloc_unbound a = { .dom = 0, .remote_dom = 1 };
    struct evtchn_status st = { .dom = 0, .port = 1 };
    struct evtchn_reset r = { .dom = 0 };
    unsigned int p;

    (void)state;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_alloc_unbound, &a), -EPERM);
    assert_int_equal(evtchn_op(d1, EVTCHNOP_status, &st), -EPERM);
    assert_int_equal(evtchn_op(d1, EVTCHNOP_reset, &r), -EPERM);
    /* dom0 may: a port in d1 for d0. */
    a = (struct evtchn_alloc_unbound){ .dom = 1, .remote_dom = 0 };
    assert_int_equal(evtchn_op(d0, EVTCHNOP_alloc_unbound, &a), 0);
    p = a.port;
    assert_int_equal(status_of(d1, DOMID_SELF, p).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(d0, 1, p).status, EVTCHNSTAT_unbound);
    a = (struct evtchn_alloc_unbound){ .dom = 9, .remote_dom = 0 };
    assert_int_equal(evtchn_op(d0, EVTCHNOP_alloc_unbound, &a), -ESRCH);
    a = (struct evtchn_alloc_unbound){ .dom = DOMID_SELF,
                                       .remote_dom = DOMID_IO };
    assert_int_equal(evtchn_op(d0, EVTCHNOP_alloc_unbound, &a), -EINVAL);
    st = (struct evtchn_status){ .dom = 9, .port = 1 };
    assert_int_equal(evtchn_op(d0, EVTCHNOP_status, &st), -ESRCH);

    /* Bad ports. */
    assert_int_equal(send(d1, 0), -EINVAL);
    assert_int_equal(send(d1, 4095), -EINVAL);
    assert_int_equal(send(d1, 4096), -EINVAL);
    assert_int_equal(send(d1, 0xffffffffu), -EINVAL);
    assert_int_equal(evclose(d1, 0), -EINVAL);
    assert_int_equal(evclose(d1, 1u << 31), -EINVAL);
    assert_int_equal(evtchn_set_pending(d1, 100000), -EINVAL);
    assert_false(evtchn_port_is_pending(d1, 100000));
    st = (struct evtchn_status){ .dom = DOMID_SELF, .port = 4096 };
    assert_int_equal(evtchn_op(d1, EVTCHNOP_status, &st), -EINVAL);
    assert_int_equal(status_of(d1, DOMID_SELF, 0).status,
                     EVTCHNSTAT_closed);
    assert_int_equal(status_of(d1, DOMID_SELF, 4000).status,
                     EVTCHNSTAT_closed);

    /* Unknown and unoffered sub-ops, bad pointers. */
    assert_int_equal(evtchn_op(d1, 15, &st), -ENOSYS);
    assert_int_equal(evtchn_op(d1, 1000, &st), -ENOSYS);
    assert_int_equal(evtchn_op(d1, EVTCHNOP_init_control, &st), -ENOSYS);
    assert_int_equal(evtchn_op(d1, EVTCHNOP_expand_array, &st), -ENOSYS);
    assert_int_equal(evtchn_op(d1, EVTCHNOP_set_priority, &st), -ENOSYS);
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_pirq, &st), -ENOSYS);
    assert_int_equal(do_event_channel_op(d1->vcpu[0],
                                         HC_ARGS(EVTCHNOP_send,
                                                 FAKE_BAD_VA, 0)),
                     -EFAULT);
}

/* All 4095 usable ports, then -ENOSPC; reset frees them all. */
static void test_exhaust(void **state)
{
    struct evtchn_bind_ipi bi = { .vcpu = 0 };
    struct evtchn_reset r = { .dom = DOMID_SELF };
    unsigned int n;

    (void)state;
    for (n = 1; n < 4096; n++) {
        assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), 0);
        assert_int_equal(bi.port, n);
    }
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), -ENOSPC);
    /* The last port delivers into the last word. */
    assert_int_equal(send(d1, 4095), 0);
    assert_true(pending(d1, 4095));
    assert_true(d1->vcpu[0]->vcpu_info->evtchn_pending_sel & (1ull << 63));
    assert_int_equal(evtchn_op(d1, EVTCHNOP_reset, &r), 0);
    assert_int_equal(status_of(d1, DOMID_SELF, 4095).status,
                     EVTCHNSTAT_closed);
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), 0);
    assert_int_equal(bi.port, 1);
}

/* Before shared_info exists, events stay in the port's state. */
static void test_no_shared_info(void **state)
{
    struct evtchn_bind_ipi bi = { .vcpu = 0 };
    struct shared_info *saved = d1->shared_info;

    (void)state;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), 0);
    d1->shared_info = NULL;
    assert_int_equal(send(d1, bi.port), 0);
    assert_true(evtchn_port_is_pending(d1, bi.port));
    assert_int_equal(fake_upcalls, 0);
    d1->shared_info = saved;
    assert_false(pending(d1, bi.port));
    /* The guest's unmask (after binding) brings it into the bitmap. */
    {
        struct evtchn_unmask um = { .port = bi.port };

        set_mask(d1, bi.port, true);
        assert_int_equal(evtchn_op(d1, EVTCHNOP_unmask, &um), 0);
        assert_true(pending(d1, bi.port));
        assert_int_equal(fake_upcalls, 1);
        assert_true(evtchn_port_is_pending(d1, bi.port));
    }
    guest_ack(d1, 0);
    fake_upcalls = 0;
    /* No vcpu_info yet: recorded, no upcall. */
    d1->vcpu[0]->vcpu_info = NULL;
    assert_int_equal(evtchn_op(d1, EVTCHNOP_bind_ipi, &bi), 0);
    assert_int_equal(send(d1, bi.port), 0);
    assert_true(pending(d1, bi.port));
    assert_int_equal(fake_upcalls, 0);
    assert_false(evtchn_upcall_pending(d1->vcpu[0]));
}

/* Debug key 'e' lists bound ports. */
static void test_dump_key(void **state)
{
    unsigned int p1, p0;

    (void)state;
    p1 = alloc_unbound(d1, DOMID_SELF, 0);
    assert_int_equal(bind_interdomain(d0, 1, p1, &p0), 0);
    assert_non_null(fake_key_e);
    shim_log_reset();
    fake_key_e('e');
    assert_non_null(strstr(shim_log, "Domain 1: 1 event channel(s)"));
    assert_non_null(strstr(shim_log, "interdomain"));
    assert_non_null(strstr(shim_log, "-> d1 port 1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_interdomain, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_interdomain_refusals, setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(test_loopback, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_virq, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_mask_unmask, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_selector_already_set, setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(test_privilege_and_bad_input, setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(test_exhaust, setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_no_shared_info, setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(test_dump_key, setup, fake_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
