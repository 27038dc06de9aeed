/* Host unit tests of the guest page-table walker (xen/arch/x86/mm/
 * guest_walk.c): 32-bit (4 KiB and PSE 4 MiB), PAE and 4-level (2 MiB and
 * 1 GiB) translations, and the permission checks (U/S, R/W with CR0.WP,
 * NX), over a fake guest-physical memory and fake vCPU registers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <asm/hvm/hvm.h>
#include <asm/msr.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/sched.h>

#define GMEM_SIZE   (64 * 4096)     /* guest-physical [0, 256 KiB) */

static uint8_t gmem[GMEM_SIZE];
static uint64_t g_cr0, g_cr3, g_cr4, g_efer;

/* --- fakes for what guest_walk.c calls --- */
int p2m_copy_from_guest_phys(struct domain *d, void *dst, uint64_t gpa,
                             size_t len)
{
    (void)d;
    if (gpa >= GMEM_SIZE || len > GMEM_SIZE - gpa)
        return -EFAULT;
    memcpy(dst, gmem + gpa, len);
    return 0;
}

int p2m_copy_to_guest_phys(struct domain *d, uint64_t gpa, const void *src,
                           size_t len)
{
    (void)d;
    if (gpa >= GMEM_SIZE || len > GMEM_SIZE - gpa)
        return -EFAULT;
    memcpy(gmem + gpa, src, len);
    return 0;
}

static uint64_t get_cr0(const struct vcpu *v) { (void)v; return g_cr0; }
static uint64_t get_cr3(const struct vcpu *v) { (void)v; return g_cr3; }
static uint64_t get_cr4(const struct vcpu *v) { (void)v; return g_cr4; }
static uint64_t get_efer(const struct vcpu *v) { (void)v; return g_efer; }

struct hvm_function_table hvm_funcs = {
    .get_cr0 = get_cr0, .get_cr3 = get_cr3,
    .get_cr4 = get_cr4, .get_efer = get_efer,
};

static struct domain dom;
static struct vcpu vcpu = { .domain = &dom };

static void put32(uint64_t gpa, uint32_t v) { memcpy(gmem + gpa, &v, 4); }
static void put64(uint64_t gpa, uint64_t v) { memcpy(gmem + gpa, &v, 8); }

#define X86_CR4_PSE     0x10
#define P   1u
#define RW  2u
#define US  4u
#define PS  0x80u
#define NX  (1ull << 63)

static int setup(void **state)
{
    (void)state;
    memset(gmem, 0, sizeof(gmem));
    g_cr0 = X86_CR0_PE | X86_CR0_PG | X86_CR0_WP;
    g_cr3 = g_cr4 = g_efer = 0;
    return 0;
}

static uint64_t walk_ok(uint64_t va, uint32_t pfec)
{
    uint64_t gpa = ~0ull;
    uint32_t fault = 0;

    assert_int_equal(guest_walk_tables(&vcpu, va, pfec, &gpa, &fault), 0);
    return gpa;
}

static uint32_t walk_fault(uint64_t va, uint32_t pfec)
{
    uint64_t gpa;
    uint32_t fault = 0;

    assert_int_equal(guest_walk_tables(&vcpu, va, pfec, &gpa, &fault),
                     -EFAULT);
    return fault;
}

static void test_no_paging(void **state)
{
    (void)state;
    g_cr0 = X86_CR0_PE;
    assert_int_equal(walk_ok(0x12345678, 0), 0x12345678);
}

/* 32-bit: PD 0x1000; PDE 1 -> PT 0x2000 (PTE 0 -> 0x5000 user RO);
 * PDE 2: a 4 MiB page at 0 (needs CR4.PSE). */
static void test_32bit(void **state)
{
    (void)state;
    g_cr3 = 0x1000;
    put32(0x1000 + 1 * 4, 0x2000 | P | RW | US);
    put32(0x2000, 0x5000 | P | US);
    put32(0x1000 + 2 * 4, 0x0 | P | RW | PS);
    assert_int_equal(walk_ok(0x400123, PFEC_USER), 0x5123);
    /* Supervisor write to a read-only page: faults with CR0.WP only. */
    assert_int_equal(walk_fault(0x400123, PFEC_WRITE),
                     PFEC_WRITE | PFEC_PRESENT);
    g_cr0 &= ~(uint64_t)X86_CR0_WP;
    assert_int_equal(walk_ok(0x400123, PFEC_WRITE), 0x5123);
    /* Without CR4.PSE the PS bit is ignored: PDE 2 is a table at 0. */
    assert_int_equal(walk_fault(0x800000, 0), 0);
    g_cr4 = X86_CR4_PSE;
    assert_int_equal(walk_ok(0x8abcde, 0), 0xabcde);
    /* User access to a supervisor 4 MiB page. */
    assert_int_equal(walk_fault(0x800000, PFEC_USER),
                     PFEC_USER | PFEC_PRESENT);
    /* Not present. */
    assert_int_equal(walk_fault(0xc00000, 0), 0);
}

/* PAE: PDPT 0x1000 (entry 0 -> PD 0x2000); PDE 0 2 MiB at 0x200000 NX;
 * PDE 1 -> PT 0x3000 -> 0x6000. */
static void test_pae(void **state)
{
    (void)state;
    g_cr4 = X86_CR4_PAE;
    g_efer = EFER_NXE;
    g_cr3 = 0x1000;
    put64(0x1000, 0x2000 | P);
    put64(0x2000, 0x200000 | P | RW | US | PS | NX);
    put64(0x2008, 0x3000 | P | RW | US);
    put64(0x3000 + 5 * 8, 0x6000 | P | RW | US);
    assert_int_equal(walk_ok(0x1234, PFEC_USER | PFEC_WRITE), 0x201234);
    assert_int_equal(walk_fault(0x1234, PFEC_FETCH),
                     PFEC_FETCH | PFEC_PRESENT);
    assert_int_equal(walk_ok(0x205678, PFEC_FETCH), 0x6678);
    /* PDPT entry 1 not present. */
    assert_int_equal(walk_fault(0x40000000, 0), 0);
}

/* 4-level: PML4 0x1000 -> PDPT 0x2000; PDPTE 0 -> PD 0x3000 (2 MiB page
 * at 0x400000 for VA 0); PDPTE 1: a 1 GiB page at 0; PML4 entry 256
 * (VA 0xffff800000000000) -> PDPT 0x2000 too. */
static void test_4level(void **state)
{
    (void)state;
    g_cr4 = X86_CR4_PAE;
    g_efer = EFER_LME | EFER_LMA;
    g_cr3 = 0x1000;
    put64(0x1000, 0x2000 | P | RW | US);
    put64(0x1000 + 256 * 8, 0x2000 | P | RW);
    put64(0x2000, 0x3000 | P | RW | US);
    put64(0x2008, 0x0 | P | RW | US | PS);
    put64(0x3000, 0x400000 | P | RW | US | PS);
    assert_int_equal(walk_ok(0x1ff0, PFEC_USER), 0x401ff0);
    assert_int_equal(walk_ok(0x40012345, 0), 0x12345);
    assert_int_equal(walk_ok(0xffff800040000010ull, 0), 0x10);
    /* The upper-half PML4 entry is supervisor-only. */
    assert_int_equal(walk_fault(0xffff800040000010ull, PFEC_USER),
                     PFEC_USER | PFEC_PRESENT);
    assert_int_equal(walk_fault(0x80000000, 0), 0);
}

/* Copies cross a page boundary through two different mappings. */
static void test_copy(void **state)
{
    char buf[8];

    (void)state;
    g_cr3 = 0x1000;
    put32(0x1000, 0x2000 | P | RW | US);
    put32(0x2000 + 0 * 4, 0x8000 | P | RW);
    put32(0x2000 + 1 * 4, 0x4000 | P);
    memcpy(gmem + 0x8ffc, "abcd", 4);
    memcpy(gmem + 0x4000, "efgh", 4);
    assert_int_equal(hvm_copy_from_guest_virt(&vcpu, buf, 0xffc, 8), 0);
    assert_memory_equal(buf, "abcdefgh", 8);
    assert_int_equal(hvm_copy_to_guest_virt(&vcpu, 0xffc, "ABCD", 4), 0);
    assert_memory_equal(gmem + 0x8ffc, "ABCD", 4);
    /* The second page is read-only: the write stops with -EFAULT. */
    assert_int_equal(hvm_copy_to_guest_virt(&vcpu, 0xffe, "wxyz", 4),
                     -EFAULT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_no_paging, setup),
        cmocka_unit_test_setup(test_32bit, setup),
        cmocka_unit_test_setup(test_pae, setup),
        cmocka_unit_test_setup(test_4level, setup),
        cmocka_unit_test_setup(test_copy, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
