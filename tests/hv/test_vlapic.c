/* Host unit tests of the virtual x2APIC (xen/arch/x86/hvm/vlapic.c) and
 * the guest MSR table (msr.c, included for its static table): IRR/ISR/PPR
 * priority, EOI, ICR routing, INIT/SIPI, timer counting, MSR semantics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_timer.h"
#include "shim.h"

#include "../../xen/arch/x86/hvm/msr.c"

#define NR_V 3

/* --- fakes for what vlapic.c and msr.c call --- */
static s_time_t fake_now;
static int kicks[NR_V], pauses[NR_V], unpauses[NR_V];
static int sipi_vector[NR_V];
static uint8_t gmem[2 * 4096];

s_time_t get_s_time(void) { return fake_now; }
void hvm_vcpu_kick(struct vcpu *v) { kicks[v->vcpu_id]++; }
void vcpu_pause(struct vcpu *v) { pauses[v->vcpu_id]++; }
void vcpu_unpause(struct vcpu *v) { unpauses[v->vcpu_id]++; }
void sched_kick(struct vcpu *v) { (void)v; }
void sched_quiesce_vcpu(struct vcpu *v) { (void)v; }
void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
    (void)memflags;
    return calloc(1, 4096u << order);
}
void free_xenheap_pages(void *p, unsigned int order) { (void)order; free(p); }
int p2m_copy_to_guest_phys(struct domain *d, uint64_t gpa, const void *src,
                           size_t len)
{
    (void)d;
    if (gpa >= sizeof(gmem) || len > sizeof(gmem) - gpa)
        return -EFAULT;
    memcpy(gmem + gpa, src, len);
    return 0;
}
static void fake_reset_for_sipi(struct vcpu *v, uint8_t vector)
{
    sipi_vector[v->vcpu_id] = vector;
}
struct hvm_function_table hvm_funcs = { .reset_for_sipi = fake_reset_for_sipi };

static struct domain dom;
static struct vcpu vcpus[NR_V];
static struct vcpu *vcpu_ptrs[NR_V];

static int setup(void **state)
{
    (void)state;
    memset(&dom, 0, sizeof(dom));
    memset(vcpus, 0, sizeof(vcpus));
    memset(kicks, 0, sizeof(kicks));
    memset(pauses, 0, sizeof(pauses));
    memset(unpauses, 0, sizeof(unpauses));
    memset(sipi_vector, 0, sizeof(sipi_vector));
    dom.max_vcpus = NR_V;
    dom.vcpu = vcpu_ptrs;
    for (unsigned int i = 0; i < NR_V; i++) {
        vcpus[i].vcpu_id = i;
        vcpus[i].domain = &dom;
        vcpu_ptrs[i] = &vcpus[i];
        assert_int_equal(vlapic_init(&vcpus[i]), 0);
        assert_int_equal(hvm_msrs_init(&vcpus[i]), 0);
    }
    fake_now = 1000000;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < NR_V; i++) {
        vlapic_destroy(&vcpus[i]);
        hvm_msrs_destroy(&vcpus[i]);
    }
    return 0;
}

static uint64_t rd(unsigned int vi, uint32_t msr)
{
    uint64_t val = 0xdeadbeef;

    assert_int_equal(hvm_msr_read(&vcpus[vi], msr, &val), 0);
    return val;
}

static void wr(unsigned int vi, uint32_t msr, uint64_t val)
{
    assert_int_equal(hvm_msr_write(&vcpus[vi], msr, val), 0);
}

static void enable_all(void)
{
    for (unsigned int i = 0; i < NR_V; i++)
        wr(i, 0x80f, 0x1ff);        /* SVR: enabled, spurious 0xff */
}

static void test_reset_state(void **state)
{
    (void)state;
    assert_int_equal(rd(0, 0x1b), 0xfee00000 | (1 << 11) | (1 << 10) |
                                  (1 << 8));
    assert_int_equal(rd(1, 0x1b), 0xfee00000 | (1 << 11) | (1 << 10));
    assert_int_equal(rd(1, 0x802), 2);              /* ID = 2 * vcpu */
    assert_int_equal(rd(2, 0x803), 0x50014);
    assert_int_equal(rd(2, 0x80d), (0u << 16) | (1u << 4));   /* LDR */
    assert_int_equal(rd(0, 0x80f), 0xff);           /* SVR disabled */
    assert_int_equal(rd(0, 0x832), 0x10000);        /* LVT masked */
}

static void test_priority_and_eoi(void **state)
{
    struct vlapic *vl = vcpus[0].hvm.vlapic;
    uint64_t val;

    (void)state;
    /* Software-disabled: fixed interrupts are dropped. */
    vlapic_set_irq(vl, 0x31, false);
    assert_int_equal(vlapic_pending_vector(vl), -1);
    enable_all();
    vlapic_set_irq(vl, 0x31, false);
    vlapic_set_irq(vl, 0x51, false);
    assert_int_equal(kicks[0], 2);
    assert_int_equal(rd(0, 0x821), 1u << 17);       /* 0x31 in IRR1 */
    assert_int_equal(rd(0, 0x822), 1u << 17);       /* 0x51 in IRR2 */
    assert_int_equal(vlapic_pending_vector(vl), 0x51);
    vlapic_ack_vector(vl, 0x51);
    assert_int_equal(rd(0, 0x812), 1u << 17);       /* ISR */
    assert_int_equal(rd(0, 0x822), 0);
    assert_int_equal(rd(0, 0x80a), 0x50);           /* PPR */
    /* 0x31's class is below the in-service class. */
    assert_int_equal(vlapic_pending_vector(vl), -1);
    /* x2APIC EOI must be written with 0. */
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x80b, 1), -EPERM);
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x80b, &val), -EPERM);
    wr(0, 0x80b, 0);
    assert_int_equal(rd(0, 0x812), 0);
    assert_int_equal(vlapic_pending_vector(vl), 0x31);
    /* TPR masks by class. */
    wr(0, 0x808, 0x40);
    assert_int_equal(rd(0, 0x80a), 0x40);
    assert_int_equal(vlapic_pending_vector(vl), -1);
    wr(0, 0x808, 0x20);
    assert_int_equal(vlapic_pending_vector(vl), 0x31);
    /* Illegal vectors are refused and flagged in ESR. */
    vlapic_set_irq(vl, 5, false);
    assert_int_equal(rd(0, 0x828), 0x40);
    wr(0, 0x828, 0);
    assert_int_equal(rd(0, 0x828), 0);
}

static void test_find_highest(void **state)
{
    uint32_t bits[8] = { 0 };

    (void)state;
    assert_int_equal(vlapic_find_highest(bits), -1);
    bits[0] = 1u << 16;
    assert_int_equal(vlapic_find_highest(bits), 16);
    bits[7] = 1u << 31;
    assert_int_equal(vlapic_find_highest(bits), 255);
}

static void test_register_access(void **state)
{
    uint64_t val;

    (void)state;
    /* Read-only and write-only registers, and holes. */
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x802, 4), -EPERM);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x80a, 0), -EPERM);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x839, 0), -EPERM);
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x83f, &val), -EPERM);
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x801, &val), -EPERM);
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x82f, &val), -EPERM);
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x8ff, &val), -EPERM);
    /* Upper halves must be zero except in the ICR. */
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x808, 1ull << 32), -EPERM);
    /* LVT writes keep the mask while the APIC is software-disabled. */
    wr(0, 0x835, 0x700);
    assert_int_equal(rd(0, 0x835), 0x10700);
    enable_all();
    wr(0, 0x835, 0x700);
    assert_int_equal(rd(0, 0x835), 0x700);
    wr(0, 0x832, 0xffffffff);
    assert_int_equal(rd(0, 0x832), 0x300ff);
    /* SVR: focus checking kept, reserved bits #GP. */
    wr(0, 0x80f, 0x3ff);
    assert_int_equal(rd(0, 0x80f), 0x3ff);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x80f, 0x4ff), -EPERM);
    /* Software disable masks every LVT again. */
    wr(0, 0x80f, 0xff);
    assert_int_equal(rd(0, 0x835), 0x10700);
    /* Leaving x2APIC mode or moving the base is refused. */
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x1b, 0xfee00000 | (1 << 11)),
                     -EPERM);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x1b, 0), -EPERM);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x1b,
                                   0xfec00000 | (3 << 10) | (1 << 8)), -EPERM);
    wr(0, 0x1b, 0xfee00000 | (3 << 10) | (1 << 8));
}

static void test_icr_routing(void **state)
{
    (void)state;
    enable_all();
    /* Physical destination: APIC ID 4 is vCPU 2. */
    wr(0, 0x830, (4ull << 32) | 0x40);
    assert_int_equal(vlapic_pending_vector(vcpus[2].hvm.vlapic), 0x40);
    assert_int_equal(vlapic_pending_vector(vcpus[1].hvm.vlapic), -1);
    assert_int_equal(vlapic_pending_vector(vcpus[0].hvm.vlapic), -1);
    /* An ID nobody has reaches nobody. */
    wr(0, 0x830, (3ull << 32) | 0x41);
    assert_int_equal(kicks[0] + kicks[1], 0);
    /* All-but-self. */
    wr(1, 0x830, (3u << 18) | 0x42);
    assert_int_equal(vlapic_pending_vector(vcpus[0].hvm.vlapic), 0x42);
    assert_int_equal(vlapic_pending_vector(vcpus[1].hvm.vlapic), -1);
    /* Self. */
    wr(1, 0x830, (1u << 18) | 0x43);
    assert_int_equal(vlapic_pending_vector(vcpus[1].hvm.vlapic), 0x43);
    /* Self IPI register. */
    wr(2, 0x83f, 0x90);
    assert_int_equal(vlapic_pending_vector(vcpus[2].hvm.vlapic), 0x90);
    /* Logical (cluster 0, IDs 0 and 2 = bits 0 and 2). */
    wr(0, 0x830, (0x5ull << 32) | (1u << 11) | 0xa0);
    assert_int_equal(vlapic_pending_vector(vcpus[0].hvm.vlapic), 0xa0);
    assert_int_equal(vlapic_pending_vector(vcpus[1].hvm.vlapic), 0xa0);
    assert_int_equal(vlapic_pending_vector(vcpus[2].hvm.vlapic), 0x90);
    /* Broadcast to all including self. */
    wr(0, 0x830, (2u << 18) | 0xb0);
    for (unsigned int i = 0; i < NR_V; i++)
        assert_int_equal(vlapic_pending_vector(vcpus[i].hvm.vlapic), 0xb0);
    /* NMI. */
    wr(0, 0x830, (2ull << 32) | (4u << 8));
    assert_true(vcpus[1].hvm.vlapic->nmi_pending);
    assert_false(vcpus[2].hvm.vlapic->nmi_pending);
    /* The ICR reads back idle. */
    assert_int_equal(rd(0, 0x830), 0);
}

static void test_init_sipi(void **state)
{
    (void)state;
    enable_all();
    /* An AP held at creation: INIT takes no new pause, SIPI starts it. */
    vlapic_ap_hold(&vcpus[1]);
    vlapic_set_irq(vcpus[1].hvm.vlapic, 0x50, false);
    wr(0, 0x830, (2ull << 32) | (5u << 8) | (1u << 14));    /* INIT */
    assert_int_equal(pauses[1], 0);
    wr(0, 0x830, (2ull << 32) | (5u << 8) | (1u << 15));    /* de-assert */
    assert_int_equal(pauses[1], 0);
    wr(0, 0x830, (2ull << 32) | (6u << 8) | 0x9a);          /* SIPI */
    assert_int_equal(sipi_vector[1], 0x9a);
    assert_int_equal(unpauses[1], 1);
    /* The SIPI reset the APIC (IRR cleared, disabled) but kept ID/base. */
    assert_int_equal(rd(1, 0x80f), 0xff);
    assert_int_equal(rd(1, 0x822), 0);
    assert_int_equal(rd(1, 0x802), 2);
    /* The second SIPI of the INIT-SIPI-SIPI sequence is ignored. */
    wr(0, 0x830, (2ull << 32) | (6u << 8) | 0x9b);
    assert_int_equal(sipi_vector[1], 0x9a);
    assert_int_equal(unpauses[1], 1);
    /* An AP that never ran, still paused from creation, needs no hold:
     * INIT takes no pause, SIPI drops the creation pause. */
    vcpus[2].pause_count = 1;
    wr(0, 0x830, (4ull << 32) | (5u << 8) | (1u << 14));
    assert_int_equal(pauses[2], 0);
    wr(0, 0x830, (4ull << 32) | (6u << 8) | 0x10);
    assert_int_equal(sipi_vector[2], 0x10);
    assert_int_equal(unpauses[2], 1);
    vcpus[2].pause_count = 0;
    vcpus[2].hvm.vlapic->started = true;
    /* INIT to a running vCPU pauses it once, even if repeated. */
    wr(0, 0x830, (4ull << 32) | (5u << 8) | (1u << 14));
    wr(0, 0x830, (4ull << 32) | (5u << 8) | (1u << 14));
    assert_int_equal(pauses[2], 1);
    /* INIT to oneself does nothing. */
    wr(0, 0x830, (1u << 18) | (5u << 8) | (1u << 14));
    assert_int_equal(pauses[0], 0);
}

static void test_timer(void **state)
{
    struct vlapic *vl = vcpus[0].hvm.vlapic;

    (void)state;
    assert_int_equal(vlapic_timer_divisor(0x0), 2);
    assert_int_equal(vlapic_timer_divisor(0x1), 4);
    assert_int_equal(vlapic_timer_divisor(0x3), 16);
    assert_int_equal(vlapic_timer_divisor(0x8), 32);
    assert_int_equal(vlapic_timer_divisor(0xa), 128);
    assert_int_equal(vlapic_timer_divisor(0xb), 1);
    enable_all();
    wr(0, 0x83e, 0);                    /* divide by 2: 20 ns a tick */
    wr(0, 0x832, 0x30);                 /* one-shot, vector 0x30 */
    wr(0, 0x838, 1000);
    assert_int_equal(vl->timer.expires, fake_now + 20000);
    assert_int_equal(vl->timer.status, TIMER_STATUS_in_heap);
    fake_now += 5000;
    assert_int_equal(rd(0, 0x839), 750);
    fake_now += 15000;
    vl->timer.function(vl->timer.data);
    assert_int_equal(vlapic_pending_vector(vl), 0x30);
    assert_int_equal(rd(0, 0x839), 0);
    assert_int_equal(rd(0, 0x838), 1000);
    /* Periodic: the count wraps and the timer re-arms on the grid. */
    wr(0, 0x832, 0x20031);
    wr(0, 0x838, 1000);
    s_time_t start = fake_now;
    fake_now = start + 25000;
    assert_int_equal(rd(0, 0x839), 750);
    fake_now = start + 20000;
    vl->timer.function(vl->timer.data);
    /* Re-armed no sooner than the 50 us floor. */
    assert_int_equal(vl->timer.expires, start + 20000 + 50000);
    assert_int_equal(vl->timer_start, start + 20000);
    /* Writing 0 stops it. */
    wr(0, 0x838, 0);
    assert_int_equal(vl->timer.status, TIMER_STATUS_inactive);
    assert_int_equal(rd(0, 0x839), 0);
    /* A masked LVT counts but does not interrupt. */
    wr(0, 0x80b, 0);
    wr(0, 0x832, 0x10032);
    wr(0, 0x838, 10);
    fake_now += 1000;
    vl->timer.function(vl->timer.data);
    assert_int_equal(rd(0, 0x823) & (1u << 18), 0);
}

static void test_msr_table_sorted(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < ARRAY_SIZE(msr_table); i++) {
        assert_true(msr_table[i].first <= msr_table[i].last);
        if (i)
            assert_true(msr_table[i - 1].last < msr_table[i].first);
        assert_ptr_equal(msr_lookup(msr_table[i].first), &msr_table[i]);
        assert_ptr_equal(msr_lookup(msr_table[i].last), &msr_table[i]);
    }
    assert_null(msr_lookup(0));
    assert_null(msr_lookup(0x48));          /* SPEC_CTRL */
    assert_null(msr_lookup(0x1a0));         /* MISC_ENABLE: Intel only */
    assert_null(msr_lookup(0xffffffff));
}

static void test_msr_semantics(void **state)
{
    uint64_t val;

    (void)state;
    shim_log_reset();
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x48, &val), -EPERM);
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x48, &val), -EPERM);
    assert_int_equal(shim_printk_calls, 1);     /* logged once */
    assert_non_null(strstr(shim_log, "0x48"));
    assert_int_equal(rd(0, 0xfe), 0x508);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0xfe, 0), -EPERM);
    assert_int_equal(rd(0, 0x2ff), 0xc06);
    wr(0, 0x2ff, 0xc00);
    assert_int_equal(rd(0, 0x2ff), 0xc00);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x2ff, 0x1000), -EPERM);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x2ff, 0xc02), -EPERM);
    wr(0, 0x200, 0x80000006);
    wr(0, 0x201, 0xff80000800ull);
    assert_int_equal(rd(0, 0x200), 0x80000006);
    assert_int_equal(rd(0, 0x201), 0xff80000800ull);
    assert_int_equal(rd(1, 0x200), 0);              /* per vCPU */
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x202, 0x3), -EPERM);
    wr(0, 0x26f, 0x0606060606060606ull);
    assert_int_equal(rd(0, 0x26f), 0x0606060606060606ull);
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x251, &val), -EPERM);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x250, 0x02), -EPERM);
    wr(0, 0xc0000103, 7);
    assert_int_equal(rd(0, 0xc0000103), 7);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0xc0000103, 1ull << 32),
                     -EPERM);
    assert_int_equal(rd(0, 0xc0010114) & (1u << 4), 1u << 4);   /* SVMDIS */
    wr(0, 0xc0011029, 0);
    assert_int_equal(rd(0, 0xc0011029), 2);         /* LFENCE serialising */
    wr(0, 0xc0010000, 0x1234);                      /* PMU: ignored */
    assert_int_equal(rd(0, 0xc0010004), 0);
    assert_int_equal(rd(0, 0x179), 0);              /* no MC banks */
    assert_int_equal(rd(0, 0xc0010055), 0);         /* C1E not active */
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x17a, 1), -EPERM);
}

static void test_hypercall_page(void **state)
{
    static const uint8_t nr17[9] = { 0xb8, 17, 0, 0, 0, 0x0f, 0x01, 0xd9,
                                     0xc3 };
    uint64_t val;

    (void)state;
    memset(gmem, 0, sizeof(gmem));
    wr(0, 0x40000000, 0x1000);
    assert_memory_equal(gmem + 0x1000 + 17 * 32, nr17, sizeof(nr17));
    assert_int_equal(gmem[0x1000 + 17 * 32 + 9], 0xcc);
    assert_int_equal(gmem[0x1000 + 23 * 32], 0x0f);     /* iret: ud2 */
    assert_int_equal(gmem[0x1000 + 23 * 32 + 1], 0x0b);
    assert_int_equal(gmem[0x1000 + 127 * 32 + 1], 127);
    assert_int_equal(gmem[0], 0);
    /* Other pages than 0, and GPAs outside the guest, #GP. */
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x40000000, 0x1001), -EPERM);
    assert_int_equal(hvm_msr_write(&vcpus[0], 0x40000000, 0x100000),
                     -EPERM);
    assert_int_equal(hvm_msr_read(&vcpus[0], 0x40000000, &val), -EPERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reset_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority_and_eoi, setup,
                                        teardown),
        cmocka_unit_test(test_find_highest),
        cmocka_unit_test_setup_teardown(test_register_access, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_icr_routing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_sipi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timer, setup, teardown),
        cmocka_unit_test(test_msr_table_sorted),
        cmocka_unit_test_setup_teardown(test_msr_semantics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hypercall_page, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
