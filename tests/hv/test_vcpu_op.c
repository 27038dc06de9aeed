/* Host unit tests of vcpu_op / set_timer_op / vm_assist (xen/common/
 * vcpu_op.c) and guest time (xen/arch/x86/pvclock.c), both #included:
 * argument checks, vcpu_info registration, the runstate area and its
 * update-flag protocol, the timers, the pvclock arithmetic, RTC decoding
 * and the wallclock, over fake timers, CMOS ports and guest memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/io.h>
#include "fake_copy.h"
#include "fake_timer.h"
#include "shim.h"

/* pvclock.c's CMOS accesses go to a fake RTC. */
static uint8_t cmos[128], cmos_index;
static unsigned int cmos_uip_reads;     /* reads of A that still say UIP */
static unsigned int cmos_changes_left;  /* updates injected between reads */
static void fake_outb(uint8_t v, uint16_t port);
static uint8_t fake_inb(uint16_t port);
#define outb(v, p)  fake_outb(v, p)
#define inb(p)      fake_inb(p)

#include "../../xen/arch/x86/pvclock.c"
#include "../../xen/common/vcpu_op.c"

#define ARENA_PAGES     64
#define PTR(p)          ((uint64_t)(uintptr_t)(p))
#define BAD_PTR         0x10ull

static void fake_outb(uint8_t v, uint16_t port)
{
    if (port == CMOS_INDEX)
        cmos_index = v & 0x7f;
}

static uint8_t fake_inb(uint16_t port)
{
    if (port != CMOS_DATA)
        return 0xff;
    if (cmos_index == RTC_STATUS_A && cmos_uip_reads) {
        cmos_uip_reads--;
        return RTC_A_UIP;
    }
    /* A second ticks over after the seconds register was read once. */
    if (cmos_index == RTC_SEC && cmos_changes_left) {
        cmos_changes_left--;
        return (uint8_t)(cmos[RTC_SEC] - 1);
    }
    return cmos[cmos_index];
}

/* ---- fakes ---- */

static s_time_t fake_now;
static struct cpu_time fake_ct;
static struct page_info frames[ARENA_PAGES];
struct page_info *frame_table = frames;
unsigned long max_page = ARENA_PAGES;
struct domain *domain_list;
static unsigned int next_page = 1;
static unsigned int virqs, last_virq, wakes;
static struct vcpu *last_virq_vcpu;
static uint64_t fake_cr0 = X86_CR0_PG | X86_CR0_PE;

s_time_t get_s_time(void)
{
    return fake_now;
}

void get_cpu_time_stamp(struct cpu_time *ct)
{
    *ct = fake_ct;
}

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
    (void)order;
    (void)memflags;
    if (next_page >= ARENA_PAGES)
        return NULL;
    return hv_arena + (size_t)(next_page++) * PAGE_SIZE;
}

void free_xenheap_pages(void *v, unsigned int order)
{
    (void)v;
    (void)order;
}

/* Timers: fake_timer.c. */

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    virqs++;
    last_virq = virq;
    last_virq_vcpu = v;
}

void vcpu_wake(struct vcpu *v)
{
    v->blocked = false;
    wakes++;
}

static uint64_t get_cr0(const struct vcpu *v)
{
    (void)v;
    return fake_cr0;
}

struct hvm_function_table hvm_funcs = { .get_cr0 = get_cr0 };

/* Guest RAM: gfn 0x50 + i is arena page 32 + i (8 pages). */
#define RAM_GFN     0x50
#define RAM_PAGE    32

int p2m_lookup(struct domain *d, uint64_t gpa, bool write, paddr_t *ma)
{
    uint64_t gfn = gpa >> PAGE_SHIFT;

    (void)d;
    if (gfn == RAM_GFN + 7 && write)
        return -EACCES;             /* a read-only page */
    if (gfn < RAM_GFN || gfn >= RAM_GFN + 8)
        return -EFAULT;
    *ma = ((paddr_t)(RAM_PAGE + gfn - RAM_GFN) << PAGE_SHIFT) |
          (gpa & (PAGE_SIZE - 1));
    return 0;
}

/* Each copy to the guest is logged (fake_copy_written) for the protocol. */
struct write_rec {
    uint64_t va;
    size_t len;
    uint64_t entry;         /* state_entry_time in the area afterwards */
};
static struct write_rec writes[16];
static unsigned int nwrites;
static struct vcpu_runstate_info *watched;

static void record_write(uint64_t va, size_t len)
{
    if (nwrites < 16) {
        writes[nwrites].va = va;
        writes[nwrites].len = len;
        writes[nwrites].entry = watched ? watched->state_entry_time : 0;
        nwrites++;
    }
}

/* ---- fixture: domain 1 with two vCPUs ---- */

static struct domain dom;
static struct vcpu vc0, vc1;
static struct vcpu *vcpus[2] = { &vc0, &vc1 };

static int setup(void **state)
{
    (void)state;
    fake_copy_written = record_write;
    if (!hv_arena)
        hv_arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
    memset(hv_arena, 0, ARENA_PAGES * PAGE_SIZE);
    next_page = 1;
    memset(&dom, 0, sizeof(dom));
    memset(&vc0, 0, sizeof(vc0));
    memset(&vc1, 0, sizeof(vc1));
    dom.domain_id = 1;
    dom.max_vcpus = 2;
    dom.vcpu = vcpus;
    dom.hvm.p2m_root = 1;
    vc0.domain = vc1.domain = &dom;
    vc1.vcpu_id = 1;
    vc1.processor = 1;
    fake_now = SECONDS(5);
    fake_ct.tsc_stamp = 1000000;
    fake_ct.stime_stamp = 12345;
    fake_ct.tsc_scale.shift = -1;
    fake_ct.tsc_scale.mul_frac = 3435973836u;      /* 2.5 GHz */
    fake_cr0 = X86_CR0_PG | X86_CR0_PE;
    virqs = wakes = nwrites = 0;
    watched = NULL;
    /* RTC: 2026-11-22 06:30:05 UTC, BCD, 24-hour. */
    memset(cmos, 0, sizeof(cmos));
    cmos[RTC_SEC] = 0x05;
    cmos[RTC_MIN] = 0x30;
    cmos[RTC_HOUR] = 0x06;
    cmos[RTC_MDAY] = 0x22;
    cmos[RTC_MON] = 0x11;
    cmos[RTC_YEAR] = 0x26;
    cmos[RTC_CENTURY] = 0x20;
    cmos[RTC_STATUS_B] = RTC_B_24H;
    cmos_uip_reads = cmos_changes_left = 0;
    wallclock_ready = false;
    boot_wall_ns = 0;
    assert_int_equal(domain_shared_info_init(&dom), 0);
    vcpu_guest_init(&vc0);
    vcpu_guest_init(&vc1);
    domain_list = &dom;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vcpu_guest_destroy(&vc0);
    vcpu_guest_destroy(&vc1);
    domain_shared_info_destroy(&dom);
    domain_list = NULL;
    return 0;
}

static long vcpuop(struct vcpu *caller, uint64_t cmd, uint64_t id,
                   const void *arg)
{
    const uint64_t a[5] = { cmd, id, PTR(arg), 0, 0 };

    return do_vcpu_op(caller, a);
}

/* ---- pvclock ---- */

/* The guest side, as a Linux-style reader computes it: 64x32 multiply in
 * two halves, written independently of the hypervisor's scale_delta. */
static uint64_t guest_pvclock(const struct vcpu_time_info *t, uint64_t tsc)
{
    uint64_t delta = tsc - t->tsc_timestamp;
    uint64_t lo, hi;

    if (t->tsc_shift < 0)
        delta >>= -t->tsc_shift;
    else
        delta <<= t->tsc_shift;
    lo = ((delta & 0xffffffffull) * t->tsc_to_system_mul) >> 32;
    hi = (delta >> 32) * t->tsc_to_system_mul;
    return t->system_time + lo + hi;
}

/* The hypervisor's NOW() at tsc on a CPU with stamp ct. */
static uint64_t host_now(const struct cpu_time *ct, uint64_t tsc)
{
    uint64_t d = tsc - ct->tsc_stamp;

    d = ct->tsc_scale.shift < 0 ? d >> -ct->tsc_scale.shift
                                : d << ct->tsc_scale.shift;
    return (uint64_t)ct->stime_stamp +
           (uint64_t)(((unsigned __int128)d * ct->tsc_scale.mul_frac) >> 32);
}

static void test_pvclock_math(void **state)
{
    static const struct { int shift; uint32_t mul; } scales[] = {
        { -1, 3435973836u },    /* 2.5 GHz */
        { -1, 2863311530u },    /* 3 GHz */
        { 1, 2147483648u },     /* 1 GHz */
        { 1, 2684354560u },     /* 800 MHz */
        { 2, 4294967295u },     /* just above 250 MHz */
    };
    static const uint64_t offsets[] = {
        0, 1, 999, 2500000000ull, 3600ull * 2500000000ull,
        86400ull * 3000000000ull * 30,
    };
    struct vcpu_time_info t;

    (void)state;
    for (unsigned int i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
        struct cpu_time ct = { 77777777ull, 987654321, { scales[i].shift,
                                                        scales[i].mul } };

        memset(&t, 0, sizeof(t));
        pvclock_fill(&t, &ct);
        assert_int_equal(t.tsc_shift, scales[i].shift);
        for (unsigned int j = 0; j < sizeof(offsets) / sizeof(offsets[0]);
             j++) {
            uint64_t tsc = ct.tsc_stamp + offsets[j];
            int64_t diff = (int64_t)(guest_pvclock(&t, tsc) -
                                     host_now(&ct, tsc));

            assert_true(diff >= -1 && diff <= 1);
        }
    }
}

static void test_pvclock_version(void **state)
{
    struct vcpu_time_info *t = &vc0.vcpu_info->time;
    uint32_t ver;

    (void)state;
    /* vcpu_guest_init already filled it: even, our stamp. */
    assert_int_equal(t->version & 1, 0);
    assert_true(t->version >= 2);
    assert_int_equal(t->tsc_timestamp, fake_ct.tsc_stamp);
    assert_int_equal(t->system_time, fake_ct.stime_stamp);
    assert_int_equal(t->tsc_to_system_mul, fake_ct.tsc_scale.mul_frac);
    assert_int_equal(t->tsc_shift, -1);
    assert_int_equal(t->flags, 0);
    /* Nothing changed: no rewrite on entry. */
    ver = t->version;
    vcpu_guest_enter(&vc0);
    assert_int_equal(t->version, ver);
    /* Another pCPU's stamp: rewritten, version +2. */
    fake_ct.tsc_stamp += 5;
    fake_ct.stime_stamp += 2;
    vcpu_guest_enter(&vc0);
    assert_int_equal(t->version, ver + 2);
    assert_int_equal(t->tsc_timestamp, fake_ct.tsc_stamp);
    /* A guest-scribbled odd version still ends even. */
    t->version = 7;
    t->system_time = 0;
    vcpu_guest_enter(&vc0);
    assert_int_equal(t->version, 10);
    assert_int_equal(t->system_time, fake_ct.stime_stamp);
}

static void test_timers_follow_vcpu(void **state)
{
    (void)state;
    assert_int_equal(vc1.singleshot_timer.cpu, 1);
    vc1.processor = 3;
    vcpu_guest_enter(&vc1);
    assert_int_equal(vc1.singleshot_timer.cpu, 3);
    assert_int_equal(vc1.periodic_timer.cpu, 3);
}

/* ---- RTC and wallclock ---- */

static bool decode(uint8_t s, uint8_t mi, uint8_t h, uint8_t d, uint8_t mo,
                   uint8_t y, uint8_t c, uint8_t b, uint64_t *secs)
{
    struct rtc_regs r = { s, mi, h, d, mo, y, c, b };

    return rtc_decode(&r, secs);
}

static void test_rtc_decode(void **state)
{
    uint64_t s = 0;

    (void)state;
    assert_true(decode(0x05, 0x30, 0x06, 0x22, 0x11, 0x26, 0x20, RTC_B_24H,
                       &s));
    assert_int_equal(s, 1795329005ull);
    /* Binary mode, same time. */
    assert_true(decode(5, 30, 6, 22, 11, 26, 20, RTC_B_24H | RTC_B_BINARY,
                       &s));
    assert_int_equal(s, 1795329005ull);
    /* Leap day, century byte 0x20. */
    assert_true(decode(0x59, 0x59, 0x23, 0x29, 0x02, 0x00, 0x20, RTC_B_24H,
                       &s));
    assert_int_equal(s, 951868799ull);
    /* 12-hour mode: 12 PM is noon, century from the two digits. */
    assert_true(decode(0x00, 0x00, 0x12 | RTC_HOUR_PM, 0x31, 0x12, 0x99, 0,
                       0, &s));
    assert_int_equal(s, 946641600ull);
    /* 12 AM is midnight. */
    assert_true(decode(0x00, 0x00, 0x12, 0x31, 0x12, 0x69, 0, 0, &s));
    assert_int_equal(s, 3155673600ull);
    /* Past 32 bits, and the 22nd century. */
    assert_true(decode(8, 14, 3, 19, 1, 38, 20, RTC_B_24H | RTC_B_BINARY,
                       &s));
    assert_int_equal(s, 2147483648ull);
    assert_true(decode(0, 0, 0, 1, 3, 0, 21, RTC_B_24H | RTC_B_BINARY, &s));
    assert_int_equal(s, 4107542400ull);
    /* Out of range fields. */
    assert_false(decode(0x60, 0, 0, 1, 1, 0, 0x20, RTC_B_24H, &s));
    assert_false(decode(0, 0x60, 0, 1, 1, 0, 0x20, RTC_B_24H, &s));
    assert_false(decode(0, 0, 0x24, 1, 1, 0, 0x20, RTC_B_24H, &s));
    assert_false(decode(0, 0, 0x13, 1, 1, 0, 0x20, 0, &s));
    assert_false(decode(0, 0, 0x00, 1, 1, 0, 0x20, 0, &s));
    assert_false(decode(0, 0, 0, 0, 1, 0, 0x20, RTC_B_24H, &s));
    assert_false(decode(0, 0, 0, 1, 0x13, 0, 0x20, RTC_B_24H, &s));
    assert_false(decode(0, 0, 0, 1, 1, 100, 20, RTC_B_24H | RTC_B_BINARY,
                        &s));
    assert_int_equal(days_from_civil(1970, 1, 1), 0);
    assert_int_equal(days_from_civil(1969, 12, 31), -1);
}

static void test_wallclock(void **state)
{
    struct shared_info *si = dom.shared_info;
    uint64_t wc;

    (void)state;
    /* setup() created the domain at NOW() = 5 s: wall time at 0 is the
     * RTC time minus 5 s. */
    wc = (uint64_t)si->wc_sec | ((uint64_t)si->wc_sec_hi << 32);
    assert_int_equal(wc, 1795329000ull);
    assert_int_equal(si->wc_nsec, 0);
    assert_int_equal(si->wc_version & 1, 0);
    assert_true(si->wc_version > 0);
    /* The RTC is read once only. */
    cmos[RTC_YEAR] = 0x27;
    wallclock_init();
    assert_int_equal(si->wc_sec, 1795329000u);
    /* settime64: 2100-03-01 00:00:00.25 held at system time 10.5 s. */
    wallclock_set(4107542400ull, 250000000, SECONDS(10) + MILLISECS(500));
    wc = (uint64_t)si->wc_sec | ((uint64_t)si->wc_sec_hi << 32);
    assert_int_equal(wc, 4107542389ull);
    assert_int_equal(si->wc_nsec, 750000000);
    assert_int_equal(si->wc_sec_hi, 0);
    assert_int_equal(si->wc_version & 1, 0);
}

static void test_rtc_read_retries(void **state)
{
    uint64_t s = 0;

    (void)state;
    cmos_uip_reads = 3;         /* an update cycle is in progress */
    cmos_changes_left = 1;      /* and the first read sees the old second */
    assert_true(rtc_read(&s));
    assert_int_equal(s, 1795329005ull);
    assert_int_equal(cmos_uip_reads, 0);
    /* Nothing behind the ports (all ones): no RTC. */
    cmos[RTC_STATUS_A] = 0xff;
    assert_false(rtc_read(&s));
    cmos[RTC_STATUS_A] = 0;
    /* A garbage RTC: boot wall time stays at the epoch. */
    wallclock_ready = false;
    boot_wall_ns = 0;
    cmos[RTC_MON] = 0x00;
    wallclock_init();
    assert_int_equal(wallclock_boot_ns(), 0);
}

/* ---- runstate ---- */

static void test_runstate_flag_protocol(void **state)
{
    struct vcpu_runstate_info area, info;
    struct guest_area ga = { &vc0, PTR(&area) };

    (void)state;
    memset(&area, 0, sizeof(area));
    memset(&info, 0, sizeof(info));
    info.state = RUNSTATE_blocked;
    info.state_entry_time = 123456789;
    info.time[RUNSTATE_running] = 1000;
    info.time[RUNSTATE_blocked] = 2000;
    watched = &area;
    assert_int_equal(runstate_publish(&info, true, guest_area_write, &ga), 0);
    /* Flag raised alone first, then everything with the flag still up,
     * then the flag dropped alone. */
    assert_int_equal(nwrites, 3);
    assert_int_equal(writes[0].va, PTR(&area.state_entry_time));
    assert_int_equal(writes[0].len, 8);
    assert_int_equal(writes[0].entry, 123456789 | XEN_RUNSTATE_UPDATE);
    assert_int_equal(writes[1].va, PTR(&area));
    assert_int_equal(writes[1].len, sizeof(area));
    assert_int_equal(writes[1].entry, 123456789 | XEN_RUNSTATE_UPDATE);
    assert_int_equal(writes[2].va, PTR(&area.state_entry_time));
    assert_int_equal(writes[2].entry, 123456789);
    assert_int_equal(area.state, RUNSTATE_blocked);
    assert_int_equal(area.time[RUNSTATE_blocked], 2000);
    /* Without the assist: one plain write. */
    nwrites = 0;
    info.state = RUNSTATE_running;
    assert_int_equal(runstate_publish(&info, false, guest_area_write, &ga),
                     0);
    assert_int_equal(nwrites, 1);
    assert_int_equal(area.state, RUNSTATE_running);
    assert_int_equal(area.state_entry_time, 123456789);
    /* A failing area reports it. */
    ga.va = BAD_PTR;
    assert_int_equal(runstate_publish(&info, true, guest_area_write, &ga),
                     -EFAULT);
}

static void test_runstate_register(void **state)
{
    struct vcpu_runstate_info area;
    struct vcpu_register_runstate_memory_area reg = { PTR(&area) };
    const uint64_t on[5] = { VMASST_CMD_enable,
                             VMASST_TYPE_runstate_update_flag, 0, 0, 0 };

    (void)state;
    memset(&area, 0xff, sizeof(area));
    vc1.runstate = RUNSTATE_runnable;
    vc1.runstate_entry = SECONDS(4);
    vc1.runstate_time[RUNSTATE_running] = 777;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_runstate_memory_area, 1,
                            &reg), 0);
    /* Written at once. */
    assert_int_equal(area.state, RUNSTATE_runnable);
    assert_int_equal(area.state_entry_time, SECONDS(4));
    assert_int_equal(area.time[RUNSTATE_running], 777);
    assert_int_equal(area.time[RUNSTATE_offline], 0);
    assert_int_equal(vc1.runstate_guest, PTR(&area));
    /* Later changes follow, with the flag protocol once enabled. */
    assert_int_equal(do_vm_assist(&vc0, on), 0);
    watched = &area;
    nwrites = 0;
    vc1.runstate = RUNSTATE_running;
    vcpu_runstate_guest_update(&vc1);
    assert_int_equal(nwrites, 3);
    assert_int_equal(area.state, RUNSTATE_running);
    assert_int_equal(area.state_entry_time & XEN_RUNSTATE_UPDATE, 0);
    /* Paging off (an AP not started yet): left alone. */
    fake_cr0 = X86_CR0_PE;
    nwrites = 0;
    vcpu_runstate_guest_update(&vc1);
    assert_int_equal(nwrites, 0);
    /* An address not writable now: accepted as Xen does (Linux BUG()s on
     * an error), kept, and logged. */
    reg.addr = BAD_PTR;
    shim_log_reset();
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_runstate_memory_area, 1,
                            &reg), 0);
    assert_int_equal(vc1.runstate_guest, BAD_PTR);
    assert_non_null(strstr(shim_log, "d1v1: runstate area 0x10 not writable"));
    /* A bad argument pointer is -EFAULT. */
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_runstate_memory_area, 1,
                            (void *)(uintptr_t)BAD_PTR), -EFAULT);
    /* Address 0 unregisters. */
    reg.addr = 0;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_runstate_memory_area, 1,
                            &reg), 0);
}

static void test_get_runstate_info(void **state)
{
    struct vcpu_runstate_info info;

    (void)state;
    vc0.runstate = RUNSTATE_running;
    vc0.runstate_entry = SECONDS(3);
    vc0.runstate_time[RUNSTATE_running] = 100;
    vc0.runstate_time[RUNSTATE_blocked] = 50;
    assert_int_equal(vcpuop(&vc1, VCPUOP_get_runstate_info, 0, &info), 0);
    assert_int_equal(info.state, RUNSTATE_running);
    /* The current state counts up to now (5 s). */
    assert_int_equal(info.time[RUNSTATE_running], 100 + SECONDS(2));
    assert_int_equal(info.time[RUNSTATE_blocked], 50);
    assert_int_equal(vcpuop(&vc1, VCPUOP_get_runstate_info, 0,
                            (void *)(uintptr_t)BAD_PTR), -EFAULT);
}

/* ---- vcpu_info ---- */

static void test_register_vcpu_info(void **state)
{
    struct vcpu_register_vcpu_info reg = { RAM_GFN + 2, 64, 0 };
    struct vcpu_info *old = vc1.vcpu_info, *vi;

    (void)state;
    old->evtchn_upcall_pending = 1;
    old->evtchn_upcall_mask = 1;
    old->evtchn_pending_sel = 0x8001;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 1, &reg), 0);
    vi = (struct vcpu_info *)(hv_arena + (RAM_PAGE + 2) * PAGE_SIZE + 64);
    assert_ptr_equal(vc1.vcpu_info, vi);
    assert_int_equal(vc1.vcpu_info_gfn, RAM_GFN + 2);
    /* The old contents came along, time included. */
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_int_equal(vi->evtchn_upcall_mask, 1);
    assert_int_equal(vi->evtchn_pending_sel, 0x8001);
    assert_int_equal(vi->time.tsc_timestamp, fake_ct.tsc_stamp);
    assert_int_equal(vi->time.version & 1, 0);
    /* Once only. */
    reg.offset = 0;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 1, &reg),
                     -EINVAL);
    assert_ptr_equal(vc1.vcpu_info, vi);
}

static void test_register_vcpu_info_bad(void **state)
{
    struct vcpu_register_vcpu_info reg = { RAM_GFN, PAGE_SIZE - 64 + 8, 0 };
    struct vcpu_info *old = vc0.vcpu_info;

    (void)state;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 0, &reg),
                     -EINVAL);                  /* crosses the page end */
    reg.offset = 4;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 0, &reg),
                     -EINVAL);                  /* misaligned */
    reg.offset = 0;
    reg.mfn = RAM_GFN + 8;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 0, &reg),
                     -EINVAL);                  /* not mapped */
    reg.mfn = RAM_GFN + 7;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 0, &reg),
                     -EINVAL);                  /* read-only */
    reg.mfn = ~0ull;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 0, &reg),
                     -EINVAL);
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 0,
                            (void *)(uintptr_t)BAD_PTR), -EFAULT);
    assert_ptr_equal(vc0.vcpu_info, old);
    assert_int_equal(vc0.vcpu_info_gfn, NO_GFN);
    /* The last legal offset works. */
    reg.mfn = RAM_GFN;
    reg.offset = PAGE_SIZE - 64;
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_info, 0, &reg), 0);
}

/* ---- dispatch and timers ---- */

static void test_vcpu_op_dispatch(void **state)
{
    (void)state;
    assert_int_equal(vcpuop(&vc0, VCPUOP_is_up, 2, NULL), -ENOENT);
    assert_int_equal(vcpuop(&vc0, VCPUOP_is_up, ~0ull, NULL), -ENOENT);
    dom.vcpu[1] = NULL;
    assert_int_equal(vcpuop(&vc0, VCPUOP_is_up, 1, NULL), -ENOENT);
    dom.vcpu[1] = &vc1;
    assert_int_equal(vcpuop(&vc0, VCPUOP_up, 1, NULL), -ENOSYS);
    assert_int_equal(vcpuop(&vc0, VCPUOP_down, 1, NULL), -ENOSYS);
    assert_int_equal(vcpuop(&vc0, VCPUOP_initialise, 1, NULL), -ENOSYS);
    assert_int_equal(vcpuop(&vc0, VCPUOP_get_physid, 1, NULL), -ENOSYS);
    assert_int_equal(vcpuop(&vc0, VCPUOP_register_vcpu_time_memory_area, 0,
                            NULL), -ENOSYS);
    assert_int_equal(vcpuop(&vc0, VCPUOP_NR_OPS, 0, NULL), -ENOSYS);
    assert_int_equal(vcpuop(&vc0, 1ull << 40, 0, NULL), -ENOSYS);
    /* is_up: offline until it runs. */
    vc1.runstate = RUNSTATE_offline;
    assert_int_equal(vcpuop(&vc0, VCPUOP_is_up, 1, NULL), 0);
    vc1.runstate = RUNSTATE_blocked;
    assert_int_equal(vcpuop(&vc0, VCPUOP_is_up, 1, NULL), 1);
}

static void test_singleshot(void **state)
{
    struct vcpu_set_singleshot_timer set = { SECONDS(6), 0, 0 };

    (void)state;
    /* Only for oneself. */
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_singleshot_timer, 1, &set),
                     -EINVAL);
    assert_int_equal(vcpuop(&vc0, VCPUOP_stop_singleshot_timer, 1, NULL),
                     -EINVAL);
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_singleshot_timer, 0,
                            (void *)(uintptr_t)BAD_PTR), -EFAULT);
    /* In the past with "future": -ETIME; without: armed anyway. */
    set.timeout_abs_ns = SECONDS(4);
    set.flags = VCPU_SSHOTTMR_future;
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_singleshot_timer, 0, &set),
                     -ETIME);
    assert_false(timer_is_active(&vc0.singleshot_timer));
    set.flags = 0;
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_singleshot_timer, 0, &set), 0);
    assert_int_equal(timer_expires(&vc0.singleshot_timer), SECONDS(4));
    set.timeout_abs_ns = SECONDS(6);
    set.flags = VCPU_SSHOTTMR_future;
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_singleshot_timer, 0, &set), 0);
    assert_int_equal(timer_expires(&vc0.singleshot_timer), SECONDS(6));
    /* Firing: VIRQ_TIMER to that vCPU, a blocked one wakes. */
    vc0.blocked = true;
    fake_timer_fire(&vc0.singleshot_timer);
    assert_int_equal(virqs, 1);
    assert_int_equal(last_virq, VIRQ_TIMER);
    assert_ptr_equal(last_virq_vcpu, &vc0);
    assert_int_equal(wakes, 1);
    assert_false(vc0.blocked);
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_singleshot_timer, 0, &set), 0);
    assert_int_equal(vcpuop(&vc0, VCPUOP_stop_singleshot_timer, 0, NULL), 0);
    assert_false(timer_is_active(&vc0.singleshot_timer));
}

static void test_periodic(void **state)
{
    struct vcpu_set_periodic_timer set = { MILLISECS(1) - 1 };

    (void)state;
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_periodic_timer, 1, &set),
                     -EINVAL);
    set.period_ns = ~0ull;
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_periodic_timer, 1, &set),
                     -EINVAL);
    set.period_ns = MILLISECS(10);
    assert_int_equal(vcpuop(&vc0, VCPUOP_set_periodic_timer, 1, &set), 0);
    assert_int_equal(timer_expires(&vc1.periodic_timer),
                     SECONDS(5) + MILLISECS(10));
    /* Fires and re-arms one period on; a late tick is not replayed. */
    fake_now = SECONDS(5) + MILLISECS(10);
    fake_timer_fire(&vc1.periodic_timer);
    assert_int_equal(virqs, 1);
    assert_int_equal(timer_expires(&vc1.periodic_timer),
                     SECONDS(5) + MILLISECS(20));
    fake_now = SECONDS(7);
    fake_timer_fire(&vc1.periodic_timer);
    assert_int_equal(timer_expires(&vc1.periodic_timer),
                     SECONDS(7) + MILLISECS(10));
    /* Stopping returns 0 (Linux requires it), even when not running. */
    assert_int_equal(vcpuop(&vc0, VCPUOP_stop_periodic_timer, 1, NULL), 0);
    assert_false(timer_is_active(&vc1.periodic_timer));
    assert_int_equal(vcpuop(&vc0, VCPUOP_stop_periodic_timer, 0, NULL), 0);
}

static void test_set_timer_op(void **state)
{
    const uint64_t arm[5] = { SECONDS(9), 0, 0, 0, 0 };
    const uint64_t far[5] = { ~0ull, 0, 0, 0, 0 };
    const uint64_t stop[5] = { 0, 0, 0, 0, 0 };

    (void)state;
    assert_int_equal(do_set_timer_op(&vc1, arm), 0);
    assert_true(timer_is_active(&vc1.singleshot_timer));
    assert_int_equal(timer_expires(&vc1.singleshot_timer), SECONDS(9));
    assert_int_equal(do_set_timer_op(&vc1, far), 0);
    assert_int_equal(timer_expires(&vc1.singleshot_timer), STIME_MAX);
    assert_int_equal(do_set_timer_op(&vc1, stop), 0);
    assert_false(timer_is_active(&vc1.singleshot_timer));
}

static void test_vm_assist(void **state)
{
    const uint64_t on[5] = { VMASST_CMD_enable,
                             VMASST_TYPE_runstate_update_flag, 0, 0, 0 };
    const uint64_t off[5] = { VMASST_CMD_disable,
                              VMASST_TYPE_runstate_update_flag, 0, 0, 0 };
    const uint64_t bad_type[5] = { VMASST_CMD_enable, 0, 0, 0, 0 };
    const uint64_t big_type[5] = { VMASST_CMD_enable, 64, 0, 0, 0 };
    const uint64_t bad_cmd[5] = { 7, VMASST_TYPE_runstate_update_flag, 0, 0,
                                  0 };

    (void)state;
    assert_int_equal(do_vm_assist(&vc1, on), 0);
    assert_int_equal(dom.vm_assist, 1ul << VMASST_TYPE_runstate_update_flag);
    assert_int_equal(do_vm_assist(&vc1, off), 0);
    assert_int_equal(dom.vm_assist, 0);
    assert_int_equal(do_vm_assist(&vc1, bad_type), -EINVAL);
    assert_int_equal(do_vm_assist(&vc1, big_type), -EINVAL);
    assert_int_equal(do_vm_assist(&vc1, bad_cmd), -ENOSYS);
    assert_int_equal(dom.vm_assist, 0);
}

static void test_guest_init(void **state)
{
    (void)state;
    assert_ptr_equal(vc1.vcpu_info, &dom.shared_info->vcpu_info[1]);
    assert_int_equal(vc1.vcpu_info_gfn, NO_GFN);
    assert_int_equal(vc1.poll_port, ~0u);
    assert_int_equal(dom.shared_info_gfn, NO_GFN);
    assert_int_equal(vc1.singleshot_timer.status, TIMER_STATUS_inactive);
    vcpu_guest_destroy(&vc1);
    assert_int_equal(vc1.singleshot_timer.status, TIMER_STATUS_killed);
    assert_null(vc1.vcpu_info);
    /* vCPUs past the 32 legacy slots have no vcpu_info until they
     * register one. */
    vc1.vcpu_id = 40;
    vcpu_guest_init(&vc1);
    assert_null(vc1.vcpu_info);
    vcpu_guest_enter(&vc1);     /* and entering must cope */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_pvclock_math),
        T(test_pvclock_version),
        T(test_timers_follow_vcpu),
        T(test_rtc_decode),
        T(test_wallclock),
        T(test_rtc_read_retries),
        T(test_runstate_flag_protocol),
        T(test_runstate_register),
        T(test_get_runstate_info),
        T(test_register_vcpu_info),
        T(test_register_vcpu_info_bad),
        T(test_vcpu_op_dispatch),
        T(test_singleshot),
        T(test_periodic),
        T(test_set_timer_op),
        T(test_vm_assist),
        T(test_guest_init),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
