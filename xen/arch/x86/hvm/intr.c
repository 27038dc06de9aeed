/* Which interrupt a vCPU takes next: NMI, the event-channel callback
 * vector (HVM_PARAM_CALLBACK_IRQ type 2), then its vLAPIC; and kicks. */
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <public/hvm/params.h>
#include <public/xen.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/smp.h>

/*
 * Make v notice a new interrupt: a blocked vCPU is woken; one running in
 * guest mode on another pCPU gets an event-check IPI, which forces a
 * #VMEXIT (the VMRUN loop checks again before the next entry).  The full
 * barrier pairs with the one in the HLT path, which blocks first and then
 * looks for pending interrupts, so no wake-up is lost.
 */
void hvm_vcpu_kick(struct vcpu *v)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (v->blocked) {
        vcpu_wake(v);
        return;
    }
    if (v->is_running && v->processor != smp_processor_id())
        smp_send_event_check_cpu(v->processor);
}

/* The event-channel code set v's evtchn_upcall_pending: the callback
 * vector is derived from that flag at each entry, so only kick. */
void hvm_evtchn_upcall(struct vcpu *v)
{
    hvm_vcpu_kick(v);
}

/* Callback vector, if the guest chose "vector" delivery and an upcall is
 * pending.  Like Xen, it is level-like: re-offered for as long as
 * evtchn_upcall_pending stays set; it has no IRR/ISR and no EOI. */
static int callback_vector(const struct vcpu *v)
{
    uint64_t via = v->domain->hvm.params[HVM_PARAM_CALLBACK_IRQ];

    if ((via >> HVM_PARAM_CALLBACK_TYPE_SHIFT) !=
        HVM_PARAM_CALLBACK_TYPE_VECTOR)
        return -1;
    if (!v->vcpu_info ||
        !__atomic_load_n(&v->vcpu_info->evtchn_upcall_pending,
                         __ATOMIC_ACQUIRE))
        return -1;
    return (int)(via & 0xff);
}

struct hvm_intack hvm_vcpu_pending_irq(struct vcpu *v)
{
    struct vlapic *vl = v->hvm.vlapic;
    struct hvm_intack ack = { hvm_intsrc_none, 0 };
    int vec;

    if (vl && __atomic_load_n(&vl->nmi_pending, __ATOMIC_ACQUIRE)) {
        ack.source = hvm_intsrc_nmi;
        ack.vector = 2;
        return ack;
    }
    vec = callback_vector(v);
    if (vec >= 16) {
        ack.source = hvm_intsrc_vector;
        ack.vector = (uint8_t)vec;
        return ack;
    }
    vec = vl ? vlapic_pending_vector(vl) : -1;
    if (vec >= 0) {
        ack.source = hvm_intsrc_lapic;
        ack.vector = (uint8_t)vec;
    }
    return ack;
}

void hvm_vcpu_ack_irq(struct vcpu *v, struct hvm_intack ack)
{
    struct vlapic *vl = v->hvm.vlapic;

    switch (ack.source) {
    case hvm_intsrc_nmi:
        __atomic_store_n(&vl->nmi_pending, false, __ATOMIC_RELEASE);
        break;
    case hvm_intsrc_lapic:
        vlapic_ack_vector(vl, ack.vector);
        break;
    default:                    /* the callback vector has no state */
        break;
    }
}
