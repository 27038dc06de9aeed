/* Host unit tests of the guest CPUID policy (xen/arch/x86/hvm/cpuid.c):
 * a pure function of the host leaf, the vCPU id and the vCPU count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <asm/hvm/cpuid.h>
#include <asm/hvm/hvm.h>
#include <xen/sched.h>

/* hvm_cpuid (not called here) needs these. */
struct hvm_function_table hvm_funcs;
unsigned long cpu_khz = 2000000;

static const struct cpuid_ctx ctx3 = {
    .vcpu_id = 2, .nr_vcpus = 3, .domid = 0, .osxsave = true,
    .tsc_khz = 2000000,
};

static void policy(const struct cpuid_ctx *c, uint32_t leaf, uint32_t sub,
                   uint32_t a, uint32_t b, uint32_t cx, uint32_t d,
                   uint32_t r[4])
{
    r[0] = a; r[1] = b; r[2] = cx; r[3] = d;
    cpuid_policy(c, leaf, sub, r);
}

static void test_leaf1(void **state)
{
    struct cpuid_ctx c = ctx3;
    uint32_t r[4];

    (void)state;
    /* All ones in: x2APIC and hypervisor set, MONITOR, VMX, PDCM,
     * TSC-deadline hidden, OSXSAVE from the context. */
    policy(&c, 1, 0, 0x00a00f11, 0xffffffff, 0xffffffff, 0xffffffff, r);
    assert_int_equal(r[0], 0x00a00f11);
    assert_int_equal(r[1] >> 24, 4);                /* APIC ID */
    assert_int_equal((r[1] >> 16) & 0xff, 6);       /* logical count */
    assert_int_equal(r[1] & 0xffff, 0xffff);
    assert_true(r[2] & (1u << 21));
    assert_true(r[2] & (1u << 31));
    assert_true(r[2] & (1u << 27));
    assert_false(r[2] & (1u << 3));
    assert_false(r[2] & (1u << 5));
    assert_false(r[2] & (1u << 15));
    assert_false(r[2] & (1u << 24));
    assert_false(r[3] & (1u << 7));                 /* MCE */
    assert_false(r[3] & (1u << 14));                /* MCA */
    assert_true(r[3] & (1u << 28));                 /* HTT */
    c.osxsave = false;
    policy(&c, 1, 0, 0, 0, 0xffffffff, 0, r);
    assert_false(r[2] & (1u << 27));
    /* Nothing is invented: a zero host leaf stays zero but for ours. */
    policy(&c, 1, 0, 0, 0, 0, 0, r);
    assert_int_equal(r[2], (1u << 21) | (1u << 31));
}

static void test_hidden_leaves(void **state)
{
    uint32_t r[4];

    (void)state;
    policy(&ctx3, 0xa, 0, 0x07300404, 0, 0, 0x603, r);
    assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
    policy(&ctx3, 5, 0, 0x40, 0x40, 3, 0x11142120, r);
    assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
    policy(&ctx3, 7, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, r);
    assert_false(r[1] & (1u << 1));                 /* TSC_ADJUST */
    assert_false(r[2] & (1u << 3));                 /* PKU */
    assert_false(r[2] & (1u << 16));                /* LA57 */
    assert_false(r[3] & (1u << 26));                /* IBRS/IBPB */
    assert_true(r[1] & (1u << 0));                  /* FSGSBASE stays */
    policy(&ctx3, 0x80000001, 0, 0, 0, 0xffffffff, 0xffffffff, r);
    assert_false(r[2] & (1u << 2));                 /* SVM */
    assert_false(r[2] & (1u << 23));                /* PERFCTR_CORE */
    assert_false(r[2] & (1u << 22));                /* TOPOEXT */
    assert_true(r[2] & (1u << 0));                  /* LAHF stays */
    assert_int_equal(r[3], 0xffffffff);
    policy(&ctx3, 0x8000000a, 0, 1, 8, 0, 0x1ff, r);
    assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
    policy(&ctx3, 0x8000001e, 0, 4, 0x100, 0, 0, r);
    assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
    policy(&ctx3, 0x80000007, 0, 1, 2, 3, 0xffff, r);
    assert_int_equal(r[3], 1u << 8);                /* invariant TSC */
    assert_int_equal(r[0] | r[1] | r[2], 0);
    policy(&ctx3, 0xd, 0, 0x2e7, 0x988, 0x988, 0, r);
    assert_int_equal(r[0], 0x0e7);                  /* no PKRU */
}

static void test_topology(void **state)
{
    struct cpuid_ctx c = ctx3;
    uint32_t r[4];

    (void)state;
    policy(&c, 0xb, 0, 9, 9, 9, 9, r);
    assert_int_equal(r[0], 1);
    assert_int_equal(r[1], 1);
    assert_int_equal(r[2], 0x100);
    assert_int_equal(r[3], 4);
    policy(&c, 0xb, 1, 9, 9, 9, 9, r);
    assert_int_equal(r[0], 3);                      /* IDs 0..4: 3 bits */
    assert_int_equal(r[1], 3);
    assert_int_equal(r[2], 0x201);
    assert_int_equal(r[3], 4);
    policy(&c, 0xb, 2, 9, 9, 9, 9, r);
    assert_int_equal(r[0] | r[1], 0);
    assert_int_equal(r[2], 2);
    policy(&c, 0x80000008, 0, 0x3030, 0xffffffff, 0, 0, r);
    assert_int_equal(r[0], 0x3030);
    assert_int_equal(r[2], (3u << 12) | 5);
    assert_false(r[1] & (1u << 12));                /* IBPB */
    c.nr_vcpus = 1;
    c.vcpu_id = 0;
    policy(&c, 0xb, 1, 0, 0, 0, 0, r);
    assert_int_equal(r[0], 1);
    assert_int_equal(r[1], 1);
    assert_int_equal(r[3], 0);
    c.nr_vcpus = 64;
    policy(&c, 0xb, 1, 0, 0, 0, 0, r);
    assert_int_equal(r[0], 7);
}

static void test_xen_leaves(void **state)
{
    struct cpuid_ctx c = ctx3;
    uint32_t r[4];

    (void)state;
    c.domid = 7;
    cpuid_xen_leaf(&c, 0x40000000, 0, r);
    assert_int_equal(r[0], XEN_CPUID_MAX);
    assert_memory_equal(&r[1], "XenVMMXenVMM", 12);
    cpuid_xen_leaf(&c, 0x40000001, 0, r);
    assert_int_equal(r[0] >> 16, 4);
    assert_true((r[0] & 0xffff) >= 17);
    cpuid_xen_leaf(&c, 0x40000002, 0, r);
    assert_int_equal(r[0], 1);
    assert_int_equal(r[1], 0x40000000);
    cpuid_xen_leaf(&c, 0x40000004, 0, r);
    assert_int_equal(r[0], XEN_HVM_CPUID_VCPU_ID_PRESENT |
                           XEN_HVM_CPUID_DOMID_PRESENT);
    assert_false(r[0] & (1u << 6));                 /* no upcall vector */
    assert_int_equal(r[1], 2);
    assert_int_equal(r[2], 7);
    cpuid_xen_leaf(&c, 0x40000003, 2, r);
    assert_int_equal(r[0], 2000000);
    cpuid_xen_leaf(&c, 0x40000006, 0, r);
    assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
    cpuid_xen_leaf(&c, 0x40000100, 0, r);           /* no second base */
    assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leaf1),
        cmocka_unit_test(test_hidden_leaves),
        cmocka_unit_test(test_topology),
        cmocka_unit_test(test_xen_leaves),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
