/* Host unit tests of the hypercall layer: the dispatcher (CPL check,
 * unknown numbers logged once), xen_version, multicall, console_io (write
 * chunking, the dom0 input ring and the CTRL-a switch), sched_op, hvm_op,
 * platform_op and physdev_op, over fake guest memory and a fake domain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <asm/msr.h>
#include <asm/platform.h>
#include <public/console_io.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/version.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/keyhandler.h>
#include <xen/sched.h>
#include <xen/timer.h>
#include "fake_timer.h"
#include "shim.h"

/* kernel.c is included for its static command line (do_xen_version). */
#include "../../xen/common/kernel.c"

const struct kernel_param __param_start[1], __param_end[1];

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if (size) {
        size_t c = n < size - 1 ? n : size - 1;

        memcpy(dst, src, c);
        dst[c] = '\0';
    }
    return n;
}

/* ---- fake guest memory: guest-virtual [GVA_BASE, GVA_BASE + size) ---- */

#define GVA_BASE    0x100000ull
static uint8_t gmem[64 * 1024];

int hvm_copy_from_guest_virt(struct vcpu *v, void *dst, uint64_t va,
                             size_t len)
{
    (void)v;
    if (va < GVA_BASE || va - GVA_BASE > sizeof(gmem) ||
        len > sizeof(gmem) - (va - GVA_BASE))
        return -EFAULT;
    memcpy(dst, gmem + (va - GVA_BASE), len);
    return 0;
}

int hvm_copy_to_guest_virt(struct vcpu *v, uint64_t va, const void *src,
                           size_t len)
{
    (void)v;
    if (va < GVA_BASE || va - GVA_BASE > sizeof(gmem) ||
        len > sizeof(gmem) - (va - GVA_BASE))
        return -EFAULT;
    memcpy(gmem + (va - GVA_BASE), src, len);
    return 0;
}

static uint64_t gva(size_t off) { return GVA_BASE + off; }
static void *gptr(size_t off) { return gmem + off; }

/* ---- fake vCPU state ---- */

static unsigned int fake_cpl;
static unsigned int get_cpl(const struct vcpu *v) { (void)v; return fake_cpl; }
static uint64_t fake_efer = EFER_LMA;
static uint64_t get_efer(const struct vcpu *v) { (void)v; return fake_efer; }
struct hvm_function_table hvm_funcs = { .get_cpl = get_cpl,
                                        .get_efer = get_efer };

static struct domain dom0 = { .domain_id = 0, .is_privileged = true };
static struct domain domu = { .domain_id = 1 };
static struct vcpu v0 = { .vcpu_id = 0, .domain = &dom0 };
static struct vcpu u0 = { .vcpu_id = 0, .domain = &domu };

struct domain *get_domain_by_id(domid_t id)
{
    return id == 0 ? &dom0 : id == 1 ? &domu : NULL;
}

static int shutdown_calls, last_shutdown_code;
void domain_shutdown(struct domain *d, int code)
{
    shutdown_calls++;
    last_shutdown_code = code;
    d->shutdown_code = code;
    d->state = DOMSTATE_shutdown;
}

void vcpu_block(struct vcpu *v) { v->blocked = true; }
void vcpu_wake(struct vcpu *v) { v->blocked = false; }

/* Ports 0..63 of dom0: pending when their bit is set. */
static uint64_t pending_ports;
bool evtchn_port_is_pending(struct domain *d, unsigned int port)
{
    (void)d;
    return port < 64 && (pending_ports >> port) & 1;
}

bool evtchn_upcall_pending(const struct vcpu *v)
{
    return v->vcpu_info && v->vcpu_info->evtchn_upcall_pending;
}

static int virqs_sent;
void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    assert_ptr_equal(d, &dom0);
    assert_int_equal(virq, VIRQ_CONSOLE);
    virqs_sent++;
}

/* The table's other entries (their own tests cover them). */
#define FAKE_HYPERCALL(name)                                            \
    long name(struct vcpu *v, const uint64_t arg[5])                    \
    {                                                                   \
        (void)v;                                                        \
        (void)arg;                                                      \
        return -ENOSYS;                                                 \
    }
FAKE_HYPERCALL(do_memory_op)
FAKE_HYPERCALL(do_vcpu_op)
FAKE_HYPERCALL(do_set_timer_op)
FAKE_HYPERCALL(do_vm_assist)
FAKE_HYPERCALL(do_event_channel_op)
FAKE_HYPERCALL(do_grant_table_op)
FAKE_HYPERCALL(do_domctl)

/* ---- fake time and timers ---- */

static s_time_t fake_now = 1000000;
s_time_t get_s_time(void) { return fake_now; }

/* Timers: fake_timer.c. */

/* ---- fake console output and debug keys ---- */

static char emitted[1024];
static size_t emitted_len;
static unsigned int emit_calls, emit_max_chunk;

void console_emit(const char *s, size_t n, int level, bool guest)
{
    assert_int_equal(level, 0);
    assert_false(guest);
    assert_true(emitted_len + n <= sizeof(emitted));
    memcpy(emitted + emitted_len, s, n);
    emitted_len += n;
    emit_calls++;
    if (n > emit_max_chunk)
        emit_max_chunk = (unsigned int)n;
}

unsigned long console_lock(void) { return 0; }
void console_unlock(unsigned long flags) { (void)flags; }

static unsigned char registered_key;
static keyhandler_fn_t *registered_fn;
void register_keyhandler(unsigned char key, keyhandler_fn_t *fn,
                         const char *desc)
{
    (void)desc;
    registered_key = key;
    registered_fn = fn;
}

static char keys[64];
static size_t nkeys;
void handle_keypress(unsigned char key)
{
    if (nkeys < sizeof(keys))
        keys[nkeys++] = (char)key;
}

/* ---- machine stop: noreturn, so jump back into the test ---- */

static jmp_buf stop_jmp;
enum { STOP_NONE, STOP_POWEROFF, STOP_HALT, STOP_RESTART };
static unsigned int restart_delay;

void machine_power_off(void) { longjmp(stop_jmp, STOP_POWEROFF); }
void machine_halt(void) { longjmp(stop_jmp, STOP_HALT); }
void machine_restart(unsigned int ms)
{
    restart_delay = ms;
    longjmp(stop_jmp, STOP_RESTART);
}

/* ---- helpers ---- */

static long call(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1,
                 uint64_t a2)
{
    const uint64_t args[5] = { a0, a1, a2, 0, 0 };

    return hypercall_call(v, nr, args);
}

static int setup(void **state)
{
    (void)state;
    memset(gmem, 0, sizeof(gmem));
    shim_log_reset();
    fake_cpl = 0;
    fake_efer = EFER_LMA;
    dom0.state = domu.state = DOMSTATE_active;
    memset(&dom0.hvm, 0, sizeof(dom0.hvm));
    memset(&domu.hvm, 0, sizeof(domu.hvm));
    domu.hvm.p2m_root = 0x1000;
    v0.blocked = u0.blocked = false;
    v0.poll_port = u0.poll_port = ~0u;
    v0.hvm.yield_request = false;
    shutdown_calls = 0;
    pending_ports = 0;
    return 0;
}

/* ---- dispatcher ---- */

static void test_dispatch(void **state)
{
    uint64_t rax, before;

    (void)state;
    /* Arguments come from RDI, RSI, ...: xen_version(XENVER_version). */
    v0.hvm.regs.rdi = XENVER_version;
    rax = __HYPERVISOR_xen_version;
    before = hypercall_count(__HYPERVISOR_xen_version);
    hypercall_dispatch(&v0, &rax);
    assert_int_equal(rax, (4 << 16) | 17);
    assert_int_equal(hypercall_count(__HYPERVISOR_xen_version), before + 1);

    /* Unknown: -ENOSYS, one log line per number. */
    rax = 38;
    hypercall_dispatch(&v0, &rax);
    assert_int_equal((long)rax, -ENOSYS);
    assert_non_null(strstr(shim_log,
                           "d0v0: hypercall 38 unsupported (-ENOSYS)"));
    shim_log_reset();
    rax = 38;
    hypercall_dispatch(&v0, &rax);
    assert_int_equal((long)rax, -ENOSYS);
    assert_string_equal(shim_log, "");
    rax = 1ull << 40;
    hypercall_dispatch(&u0, &rax);
    assert_int_equal((long)rax, -ENOSYS);
    assert_non_null(strstr(shim_log, "d1v0: hypercall 1099511627776"));

    /* PV-only numbers are not in the table. */
    rax = __HYPERVISOR_mmu_update;
    hypercall_dispatch(&v0, &rax);
    assert_int_equal((long)rax, -ENOSYS);

    /* The counts debug key. */
    assert_int_equal(registered_key, 'y');
    shim_log_reset();
    registered_fn('y');
    assert_non_null(strstr(shim_log, "  17: "));
    assert_non_null(strstr(shim_log, "  38: 2\n"));
    assert_non_null(strstr(shim_log, "  >=64: 1\n"));
    shim_log_reset();

    /* User space (CPL 3) may not call: -EPERM, nothing run or counted. */
    fake_cpl = 3;
    before = hypercall_count(__HYPERVISOR_xen_version);
    rax = __HYPERVISOR_xen_version;
    hypercall_dispatch(&v0, &rax);
    assert_int_equal((long)rax, -EPERM);
    assert_int_equal(hypercall_count(__HYPERVISOR_xen_version), before);

    /* 32-bit mode (the compat ABI): refused, logged once. */
    fake_cpl = 0;
    fake_efer = 0;
    shim_log_reset();
    rax = __HYPERVISOR_xen_version;
    hypercall_dispatch(&v0, &rax);
    assert_int_equal((long)rax, -ENOSYS);
    assert_int_equal(hypercall_count(__HYPERVISOR_xen_version), before);
    assert_non_null(strstr(shim_log, "hypercall 17 from 32-bit mode"));
    shim_log_reset();
    rax = __HYPERVISOR_xen_version;
    hypercall_dispatch(&v0, &rax);
    assert_string_equal(shim_log, "");
}

/* ---- xen_version ---- */

static void test_xen_version(void **state)
{
    struct xen_feature_info *fi = gptr(0);
    struct xen_platform_parameters *pp = gptr(0);
    const char *s = gptr(0);
    uint8_t zero[16] = { 0 };

    (void)state;
    assert_int_equal(call(&u0, 17, XENVER_version, 0, 0), 0x40011);
    assert_int_equal(call(&u0, 17, XENVER_pagesize, 0, 0), 4096);

    memset(gmem, 0xaa, 2048);
    assert_int_equal(call(&u0, 17, XENVER_extraversion, gva(0), 0), 0);
    assert_memory_equal(s, ".0-cxen\0\0\0\0\0\0\0\0\0", 16);
    assert_int_equal((uint8_t)s[16], 0xaa);     /* exactly 16 bytes */

    assert_int_equal(call(&u0, 17, XENVER_capabilities, gva(0), 0), 0);
    assert_string_equal(s, "hvm-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p");
    assert_int_equal(s[1023], 0);
    assert_int_equal((uint8_t)s[1024], 0xaa);

    assert_int_equal(call(&u0, 17, XENVER_changeset, gva(0), 0), 0);
    assert_int_equal(call(&u0, 17, XENVER_compile_info, gva(0), 0), 0);
    assert_int_equal(call(&u0, 17, XENVER_platform_parameters, gva(0), 0),
                     0);
    assert_int_equal(pp->virt_start, 0xffff800000000000ull);

    memset(gmem, 0xaa, 64);
    assert_int_equal(call(&u0, 17, XENVER_guest_handle, gva(0), 0), 0);
    assert_memory_equal(gptr(0), zero, 16);

    /* Features: 0 writable_page_tables, 2 auto_translated, 8 callback
     * vector, 9 safe pvclock; 11 dom0 only for dom0; never 10 pirqs. */
    fi->submap_idx = 0;
    assert_int_equal(call(&u0, 17, XENVER_get_features, gva(0), 0), 0);
    assert_int_equal(fi->submap, 0x305);
    assert_int_equal(call(&v0, 17, XENVER_get_features, gva(0), 0), 0);
    assert_int_equal(fi->submap, 0xb05);
    fi->submap_idx = 1;
    assert_int_equal(call(&v0, 17, XENVER_get_features, gva(0), 0),
                     -EINVAL);
    assert_int_equal(call(&v0, 17, XENVER_get_features, 0, 0), -EFAULT);

    /* The command line: dom0 only. */
    strcpy(saved_cmdline, "console=com1 loglvl=all");
    assert_int_equal(call(&v0, 17, XENVER_commandline, gva(0), 0), 0);
    assert_string_equal(s, "console=com1 loglvl=all");
    assert_int_equal(call(&u0, 17, XENVER_commandline, gva(0), 0), -EPERM);
    assert_int_equal(call(&v0, 17, XENVER_build_id, gva(0), 0), -ENODATA);

    assert_int_equal(call(&v0, 17, XENVER_extraversion, 0, 0), -EFAULT);
    assert_int_equal(call(&v0, 17, 11, gva(0), 0), -ENOSYS);
    assert_int_equal(call(&v0, 17, ~0ull, gva(0), 0), -ENOSYS);
}

/* ---- multicall ---- */

struct mc_entry {
    uint64_t op, result, args[6];
};

static void test_multicall(void **state)
{
    struct mc_entry *e = gptr(0);

    (void)state;
    e[0] = (struct mc_entry){ .op = 17, .args = { XENVER_version } };
    e[1] = (struct mc_entry){ .op = 13, .args = { gva(0), 1 } };
    e[2] = (struct mc_entry){ .op = 38 };
    e[3] = (struct mc_entry){ .op = 17, .args = { XENVER_pagesize } };
    assert_int_equal(call(&v0, 13, gva(0), 4, 0), 0);
    assert_int_equal(e[0].result, 0x40011);
    assert_int_equal((long)e[1].result, -EINVAL);   /* no nesting */
    assert_int_equal((long)e[2].result, -ENOSYS);
    assert_int_equal(e[3].result, 4096);
    assert_int_equal(e[3].args[0], XENVER_pagesize); /* args untouched */

    assert_int_equal(call(&v0, 13, gva(0), 0, 0), 0);
    assert_int_equal(call(&v0, 13, gva(0), 513, 0), -EINVAL);
    assert_int_equal(call(&v0, 13, 0, 1, 0), -EFAULT);
    /* The last entry runs off the end of guest memory. */
    assert_int_equal(call(&v0, 13, gva(sizeof(gmem) - 64), 2, 0), -EFAULT);

    /* A shutdown ends the batch. */
    e[0] = (struct mc_entry){ .op = 29, .args = { SCHEDOP_shutdown,
                                                  gva(1024) } };
    e[1] = (struct mc_entry){ .op = 17, .result = 77 };
    *(uint32_t *)gptr(1024) = SHUTDOWN_poweroff;
    assert_int_equal(call(&u0, 13, gva(0), 2, 0), 0);
    assert_int_equal(e[0].result, 0);
    assert_int_equal(e[1].result, 77);
    assert_int_equal(shutdown_calls, 1);
}

/* ---- console_io ---- */

static void test_console_write(void **state)
{
    char *buf = gptr(0);
    int i;

    (void)state;
    for (i = 0; i < 300; i++)
        buf[i] = (char)('a' + i % 26);
    emitted_len = emit_calls = emit_max_chunk = 0;
    assert_int_equal(call(&v0, 18, CONSOLEIO_write, 300, gva(0)), 0);
    assert_int_equal(emitted_len, 300);
    assert_memory_equal(emitted, buf, 300);
    assert_int_equal(emit_calls, 3);            /* 128 + 128 + 44 */
    assert_int_equal(emit_max_chunk, 128);

    emitted_len = 0;
    assert_int_equal(call(&v0, 18, CONSOLEIO_write, 0, gva(0)), 0);
    assert_int_equal(emitted_len, 0);
    assert_int_equal(call(&u0, 18, CONSOLEIO_write, 3, gva(0)), -EPERM);
    assert_int_equal(call(&v0, 18, CONSOLEIO_write, 0xffffffffu, gva(0)),
                     -EINVAL);
    assert_int_equal(call(&v0, 18, CONSOLEIO_write, 10, 0), -EFAULT);
    assert_int_equal(call(&v0, 18, CONSOLEIO_write, 100000, gva(0)),
                     -EINVAL);
    assert_int_equal(call(&v0, 18, 2, 1, gva(0)), -ENOSYS);
    assert_int_equal(emitted_len, 0);
}

static void type(const char *s)
{
    for (; *s; s++)
        console_input_char(*s);
}

static void test_console_input(void **state)
{
    char *buf = gptr(0);
    char local[400];
    int i;

    (void)state;
    /* No dom0 yet: everything, CTRL-a included, is a debug key. */
    console_set_dom0(NULL);
    nkeys = 0;
    type("ab\x01\x01\x01q");
    assert_int_equal(nkeys, 3);
    assert_memory_equal(keys, "abq", 3);
    assert_false(console_input_is_dom0());

    /* dom0 appears: input goes to it, announced as Xen does. */
    shim_log_reset();
    console_set_dom0(&dom0);
    assert_string_equal(shim_log, "*** Serial input to DOM0 (type 'CTRL-a' "
                        "three times to switch input)\n");
    virqs_sent = 0;
    type("ls\n");
    assert_int_equal(nkeys, 3);             /* no new debug keys */
    /* VIRQ_CONSOLE goes out from a timer (softirq), not the interrupt. */
    assert_int_equal(virqs_sent, 0);
    assert_non_null(fake_timer_last_set);
    assert_int_equal(fake_timer_last_set->expires, fake_now);
    fake_timer_fire(fake_timer_last_set);
    assert_int_equal(virqs_sent, 1);
    assert_int_equal(call(&v0, 18, CONSOLEIO_read, 2, gva(0)), 2);
    assert_memory_equal(buf, "ls", 2);
    assert_int_equal(call(&v0, 18, CONSOLEIO_read, 100, gva(0)), 1);
    assert_int_equal(buf[0], '\n');
    assert_int_equal(call(&v0, 18, CONSOLEIO_read, 100, gva(0)), 0);
    assert_int_equal(call(&u0, 18, CONSOLEIO_read, 100, gva(0)), -EPERM);

    /* Two CTRL-a then another key: all three reach dom0. */
    type("\x01\x01x");
    assert_int_equal(call(&v0, 18, CONSOLEIO_read, 100, gva(0)), 3);
    assert_memory_equal(buf, "\x01\x01x", 3);

    /* Three switch to Xen: keys go to the handlers, dom0 gets nothing. */
    shim_log_reset();
    type("\x01\x01\x01");
    assert_string_equal(shim_log, "*** Serial input to Xen (type 'CTRL-a' "
                        "three times to switch input)\n");
    assert_false(console_input_is_dom0());
    nkeys = 0;
    type("h\x01\x01m");
    assert_int_equal(nkeys, 4);
    assert_memory_equal(keys, "h\x01\x01m", 4);
    assert_int_equal(call(&v0, 18, CONSOLEIO_read, 100, gva(0)), 0);

    /* And back. */
    type("\x01\x01\x01");
    assert_true(console_input_is_dom0());

    /* A full ring drops the excess; reads drain it across chunks. */
    for (i = 0; i < 300; i++)
        console_input_char((char)('0' + i % 10));
    assert_int_equal(console_rx_take(local, sizeof(local)), 256);
    assert_int_equal(local[255], '0' + 255 % 10);
    for (i = 0; i < 200; i++)
        console_input_char((char)('A' + i % 26));
    assert_int_equal(call(&v0, 18, CONSOLEIO_read, 300, gva(0)), 200);
    assert_int_equal(buf[199], 'A' + 199 % 26);
    /* A bad buffer: -EFAULT. */
    type("z");
    assert_int_equal(call(&v0, 18, CONSOLEIO_read, 1, 0), -EFAULT);

    console_set_dom0(NULL);
    assert_false(console_input_is_dom0());
}

/* ---- sched_op ---- */

static void test_sched_basic(void **state)
{
    struct vcpu_info vi = { .evtchn_upcall_mask = 1 };

    (void)state;
    assert_int_equal(call(&v0, 29, SCHEDOP_yield, 0, 0), 0);
    assert_true(v0.hvm.yield_request);
    assert_int_equal(call(&v0, 29, SCHEDOP_watchdog, gva(0), 0), -ENOSYS);
    assert_int_equal(call(&v0, 29, SCHEDOP_pin_override, gva(0), 0),
                     -ENOSYS);
    assert_int_equal(call(&v0, 29, 99, gva(0), 0), -ENOSYS);

    /* block: unmasks events, blocks unless one is pending. */
    v0.vcpu_info = &vi;
    assert_int_equal(call(&v0, 29, SCHEDOP_block, 0, 0), 0);
    assert_int_equal(vi.evtchn_upcall_mask, 0);
    assert_true(v0.blocked);
    v0.blocked = false;
    vi.evtchn_upcall_pending = 1;
    assert_int_equal(call(&v0, 29, SCHEDOP_block, 0, 0), 0);
    assert_false(v0.blocked);
    v0.vcpu_info = NULL;
}

static void test_sched_shutdown(void **state)
{
    uint32_t *reason = gptr(0);
    struct sched_remote_shutdown *rs = gptr(64);
    int stop;

    (void)state;
    *reason = 9;
    assert_int_equal(call(&u0, 29, SCHEDOP_shutdown, gva(0), 0), -EINVAL);
    assert_int_equal(call(&u0, 29, SCHEDOP_shutdown, 0, 0), -EFAULT);
    assert_int_equal(shutdown_calls, 0);
    *reason = SHUTDOWN_reboot;
    assert_int_equal(call(&u0, 29, SCHEDOP_shutdown, gva(0), 0), 0);
    assert_int_equal(shutdown_calls, 1);
    assert_int_equal(last_shutdown_code, SHUTDOWN_reboot);

    *reason = SHUTDOWN_crash;
    domu.shutdown_code = 0;
    assert_int_equal(call(&u0, 29, SCHEDOP_shutdown_code, gva(0), 0), 0);
    assert_int_equal(domu.shutdown_code, SHUTDOWN_crash);
    assert_int_equal(shutdown_calls, 1);

    /* dom0 takes the machine with it. */
    *reason = SHUTDOWN_poweroff;
    shim_log_reset();
    stop = setjmp(stop_jmp);
    if (!stop)
        call(&v0, 29, SCHEDOP_shutdown, gva(0), 0);
    assert_int_equal(stop, STOP_POWEROFF);
    assert_string_equal(shim_log, "Hardware Dom0 halted: halting machine\n");

    *reason = SHUTDOWN_reboot;
    shim_log_reset();
    stop = setjmp(stop_jmp);
    if (!stop)
        call(&v0, 29, SCHEDOP_shutdown, gva(0), 0);
    assert_int_equal(stop, STOP_RESTART);
    assert_int_equal(restart_delay, 0);
    assert_string_equal(shim_log,
                        "Hardware Dom0 shutdown: rebooting machine\n");

    *reason = SHUTDOWN_crash;
    shim_log_reset();
    stop = setjmp(stop_jmp);
    if (!stop)
        call(&v0, 29, SCHEDOP_shutdown, gva(0), 0);
    assert_int_equal(stop, STOP_RESTART);
    assert_int_equal(restart_delay, 5000);
    assert_string_equal(shim_log, "Hardware Dom0 crashed: rebooting machine "
                        "in 5 seconds.\n");
    opt_noreboot = true;
    stop = setjmp(stop_jmp);
    if (!stop)
        call(&v0, 29, SCHEDOP_shutdown, gva(0), 0);
    opt_noreboot = false;
    assert_int_equal(stop, STOP_HALT);

    /* remote_shutdown: dom0 only, existing domains only. */
    rs->domain_id = 1;
    rs->reason = SHUTDOWN_poweroff;
    shutdown_calls = 0;
    assert_int_equal(call(&u0, 29, SCHEDOP_remote_shutdown, gva(64), 0),
                     -EPERM);
    assert_int_equal(call(&v0, 29, SCHEDOP_remote_shutdown, gva(64), 0), 0);
    assert_int_equal(shutdown_calls, 1);
    rs->domain_id = 7;
    assert_int_equal(call(&v0, 29, SCHEDOP_remote_shutdown, gva(64), 0),
                     -ESRCH);
    rs->domain_id = 1;
    rs->reason = 6;
    assert_int_equal(call(&v0, 29, SCHEDOP_remote_shutdown, gva(64), 0),
                     -EINVAL);
}

static void test_sched_poll(void **state)
{
    struct sched_poll *sp = gptr(0);
    uint32_t *ports = gptr(256);

    (void)state;
    sp->ports = gva(256);
    sp->timeout = 0;
    ports[0] = 5;
    ports[1] = 9;

    sp->nr_ports = 0;
    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), -EINVAL);
    sp->nr_ports = 129;
    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), -EINVAL);
    sp->nr_ports = 2;
    sp->ports = 0;
    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), -EFAULT);
    sp->ports = gva(256);
    ports[1] = 4096;
    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), -EINVAL);
    ports[1] = 9;
    assert_false(v0.blocked);

    /* A pending port: return at once. */
    pending_ports = 1ull << 9;
    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), 0);
    assert_false(v0.blocked);
    pending_ports = 0;

    /* One port, no timeout: block until that port (only) is sent. */
    sp->nr_ports = 1;
    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), 0);
    assert_true(v0.blocked);
    assert_int_equal(v0.poll_port, 5);
    assert_false(timer_is_active(&v0.poll_timer));
    sched_poll_wake(&v0, 6);
    assert_true(v0.blocked);
    sched_poll_wake(&v0, 5);
    assert_false(v0.blocked);
    assert_int_equal(v0.poll_port, ~0u);
    sched_poll_wake(&v0, 5);                /* no longer polling */

    /* Two ports with a timeout: any port wakes; else the timer does. */
    sp->nr_ports = 2;
    sp->timeout = (uint64_t)fake_now + 5000;
    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), 0);
    assert_true(v0.blocked);
    assert_int_equal(v0.poll_port, POLL_PORT_ANY);
    assert_true(timer_is_active(&v0.poll_timer));
    assert_int_equal(v0.poll_timer.expires, fake_now + 5000);
    fake_timer_fire(&v0.poll_timer);
    assert_false(v0.blocked);
    assert_int_equal(v0.poll_port, ~0u);

    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), 0);
    sched_poll_wake(&v0, 1234);
    assert_false(v0.blocked);
    assert_false(timer_is_active(&v0.poll_timer));

    /* A timeout already past: no block. */
    sp->timeout = (uint64_t)fake_now - 1;
    assert_int_equal(call(&v0, 29, SCHEDOP_poll, gva(0), 0), 0);
    assert_false(v0.blocked);

    sched_poll_destroy(&v0);
    assert_int_equal(v0.poll_timer.status, TIMER_STATUS_killed);
    memset(&v0.poll_timer, 0, sizeof(v0.poll_timer));
}

/* ---- hvm_op ---- */

static void test_hvm_param(void **state)
{
    struct xen_hvm_param *p = gptr(0);
    uint64_t cb = (2ull << 56) | 0xf3;

    (void)state;
    *p = (struct xen_hvm_param){ .domid = DOMID_SELF,
                                 .index = HVM_PARAM_CALLBACK_IRQ,
                                 .value = cb };
    assert_int_equal(call(&v0, 34, HVMOP_set_param, gva(0), 0), 0);
    assert_int_equal(dom0.hvm.params[HVM_PARAM_CALLBACK_IRQ], cb);
    p->value = 0;
    assert_int_equal(call(&v0, 34, HVMOP_get_param, gva(0), 0), 0);
    assert_int_equal(p->value, cb);

    /* Bad callbacks: an exception vector, an unknown type. */
    p->value = (2ull << 56) | 0x0e;
    assert_int_equal(call(&v0, 34, HVMOP_set_param, gva(0), 0), -EINVAL);
    p->value = 3ull << 56;
    assert_int_equal(call(&v0, 34, HVMOP_set_param, gva(0), 0), -EINVAL);
    assert_int_equal(dom0.hvm.params[HVM_PARAM_CALLBACK_IRQ], cb);

    /* Bounds. */
    p->index = HVM_NR_PARAMS;
    assert_int_equal(call(&v0, 34, HVMOP_get_param, gva(0), 0), -EINVAL);
    p->index = 0xffffffffu;
    assert_int_equal(call(&v0, 34, HVMOP_set_param, gva(0), 0), -EINVAL);
    assert_int_equal(call(&v0, 34, HVMOP_get_param, 0, 0), -EFAULT);

    /* A guest reads, but may not set, where xenstore and console are. */
    p->index = HVM_PARAM_STORE_EVTCHN;
    p->value = 7;
    assert_int_equal(call(&u0, 34, HVMOP_set_param, gva(0), 0), -EPERM);
    assert_int_equal(call(&u0, 34, HVMOP_get_param, gva(0), 0), 0);
    assert_int_equal(p->value, 0);
    p->index = HVM_PARAM_IDENT_PT;
    assert_int_equal(call(&u0, 34, HVMOP_get_param, gva(0), 0), -EPERM);

    /* The toolstack (dom0) sets them for a domU; a domU cannot. */
    *p = (struct xen_hvm_param){ .domid = 1,
                                 .index = HVM_PARAM_CONSOLE_PFN,
                                 .value = 0xfefff };
    assert_int_equal(call(&v0, 34, HVMOP_set_param, gva(0), 0), 0);
    assert_int_equal(domu.hvm.params[HVM_PARAM_CONSOLE_PFN], 0xfefff);
    p->domid = 0;
    assert_int_equal(call(&u0, 34, HVMOP_set_param, gva(0), 0), -EPERM);
    p->domid = 1;                   /* its own id = DOMID_SELF */
    p->value = 0;
    assert_int_equal(call(&u0, 34, HVMOP_get_param, gva(0), 0), 0);
    assert_int_equal(p->value, 0xfefff);
    p->domid = 42;
    assert_int_equal(call(&v0, 34, HVMOP_get_param, gva(0), 0), -ESRCH);

    assert_int_equal(call(&v0, 34, HVMOP_pagetable_dying, gva(0), 0),
                     -ENOSYS);
    assert_int_equal(call(&v0, 34, HVMOP_set_evtchn_upcall_vector, gva(0),
                          0), -ENOSYS);
    assert_int_equal(call(&v0, 34, 1000, gva(0), 0), -ENOSYS);
    assert_int_equal(call(&v0, 34, HVMOP_get_time, gva(0), 0), 0);
    assert_int_equal(*(uint64_t *)gptr(0), (uint64_t)fake_now);
}

/* ---- platform_op and physdev_op ---- */

static void test_platform_op(void **state)
{
    struct xen_platform_op *op = gptr(0);

    (void)state;
    *op = (struct xen_platform_op){ .cmd = XENPF_settime64,
                                    .interface_version =
                                        XENPF_INTERFACE_VERSION };
    op->u.settime64.secs = 1763800000;
    op->u.settime64.nsecs = 5;
    op->u.settime64.system_time = 123;
    assert_int_equal(call(&u0, 7, gva(0), 0, 0), -EPERM);
    assert_false(platform_wallclock.valid);
    assert_int_equal(call(&v0, 7, gva(0), 0, 0), 0);
    assert_true(platform_wallclock.valid);
    assert_int_equal(platform_wallclock.secs, 1763800000);
    assert_int_equal(platform_wallclock.nsecs, 5);
    assert_int_equal(platform_wallclock.stime, 123);

    op->u.settime64.mbz = 1;
    assert_int_equal(call(&v0, 7, gva(0), 0, 0), -EINVAL);
    op->u.settime64.mbz = 0;
    op->u.settime64.nsecs = 1000000000;
    assert_int_equal(call(&v0, 7, gva(0), 0, 0), -EINVAL);
    op->interface_version = 0x03000000;
    assert_int_equal(call(&v0, 7, gva(0), 0, 0), -EACCES);
    op->interface_version = XENPF_INTERFACE_VERSION;
    op->cmd = XENPF_get_dom0_console;
    assert_int_equal(call(&v0, 7, gva(0), 0, 0), -ENOSYS);
    op->cmd = XENPF_firmware_info;
    assert_int_equal(call(&v0, 7, gva(0), 0, 0), -ENOSYS);
    op->cmd = 0xffffffffu;
    assert_int_equal(call(&v0, 7, gva(0), 0, 0), -ENOSYS);
    assert_int_equal(call(&v0, 7, 0, 0, 0), -EFAULT);
}

static void test_physdev_op(void **state)
{
    struct physdev_pci_device_add *a = gptr(0);
    struct physdev_pci_mmcfg_reserved *r = gptr(64);

    (void)state;
    *a = (struct physdev_pci_device_add){ .bus = 0, .devfn = (3 << 3) | 1 };
    shim_log_reset();
    assert_int_equal(call(&v0, 33, PHYSDEVOP_pci_device_add, gva(0), 0), 0);
    assert_non_null(strstr(shim_log, "0000:00:03.1"));
    assert_int_equal(call(&u0, 33, PHYSDEVOP_pci_device_add, gva(0), 0),
                     -ENOSYS);
    *r = (struct physdev_pci_mmcfg_reserved){ .address = 0xb0000000,
                                              .start_bus = 0,
                                              .end_bus = 0xff };
    assert_int_equal(call(&v0, 33, PHYSDEVOP_pci_mmcfg_reserved, gva(64),
                          0), 0);
    r->start_bus = 2;
    r->end_bus = 1;
    assert_int_equal(call(&v0, 33, PHYSDEVOP_pci_mmcfg_reserved, gva(64),
                          0), -EINVAL);
    assert_int_equal(call(&v0, 33, PHYSDEVOP_manage_pci_add, gva(0), 0), 0);
    assert_int_equal(call(&v0, 33, PHYSDEVOP_pci_device_add, 0, 0),
                     -EFAULT);
    assert_int_equal(call(&v0, 33, 1, gva(0), 0), -ENOSYS);   /* eoi */
    assert_int_equal(call(&v0, 33, 1000, gva(0), 0), -ENOSYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_dispatch, setup),
        cmocka_unit_test_setup(test_xen_version, setup),
        cmocka_unit_test_setup(test_multicall, setup),
        cmocka_unit_test_setup(test_console_write, setup),
        cmocka_unit_test_setup(test_console_input, setup),
        cmocka_unit_test_setup(test_sched_basic, setup),
        cmocka_unit_test_setup(test_sched_shutdown, setup),
        cmocka_unit_test_setup(test_sched_poll, setup),
        cmocka_unit_test_setup(test_hvm_param, setup),
        cmocka_unit_test_setup(test_platform_op, setup),
        cmocka_unit_test_setup(test_physdev_op, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
