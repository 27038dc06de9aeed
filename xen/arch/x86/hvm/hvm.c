/* Generic HVM: choose and enable the vendor extension (SVM today), the
 * guest-visible CPUID policy, and the I/O, hypercall and NPF entry points
 * that vendor exit handlers call. */
#include <asm/hvm/hvm.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/string.h>

struct hvm_function_table hvm_funcs;
bool hvm_enabled;
hvm_io_handler_t hvm_io_hook;
hvm_hypercall_handler_t hvm_hypercall_hook;
hvm_npf_handler_t hvm_npf_hook;
bool (*hvm_yield_hook)(struct vcpu *v);

#define DEBUG_CONSOLE_PORT  0xe9    /* Bochs/QEMU-style debug console */

/* Cross-CPU call: enable on the calling secondary CPU, count failures. */
static void hvm_cpu_up_ipi(void *info)
{
    if (hvm_funcs.cpu_up())
        __atomic_add_fetch((unsigned int *)info, 1, __ATOMIC_SEQ_CST);
}

/* The secondary CPUs are up by now: prepare, then enable each of them. */
static unsigned int hvm_enable_secondaries(void)
{
    unsigned int cpu, failed = 0;

    for_each_online_cpu(cpu)
        if (hvm_funcs.cpu_prepare(cpu))
            failed++;
    if (!failed && num_online_cpus() > 1)
        smp_call_function(hvm_cpu_up_ipi, &failed, true);
    return failed;
}

/*
 * Detect and enable hardware virtualization on the boot CPU.  Without it
 * there is nothing this hypervisor can run: say so in one line and power
 * off (halt if power-off fails); never touch SVM instructions.
 */
void hvm_init(void)
{
    const struct hvm_function_table *fns;
    const char *why = "unknown";
    int rc;

    fns = start_svm(&why);
    if (!fns) {
        printk(XENLOG_ERR "HVM: SVM not available: hardware virtualization "
               "unavailable (%s)\n", why);
        machine_power_off();
    }
    hvm_funcs = *fns;
    rc = hvm_funcs.cpu_up();
    if (rc) {
        printk(XENLOG_ERR "HVM: SVM not available: hardware virtualization "
               "unavailable (enabling failed: %d)\n", rc);
        machine_power_off();
    }
    if (hvm_enable_secondaries()) {
        printk(XENLOG_ERR "HVM: SVM not available: hardware virtualization "
               "unavailable (enabling on a secondary CPU failed)\n");
        machine_power_off();
    }
    hvm_enabled = true;
    printk("HVM: %s with NPT enabled on %u CPU(s)\n", hvm_funcs.name,
           num_online_cpus());
}

int hvm_cpu_up(void)
{
    return hvm_enabled ? hvm_funcs.cpu_up() : -ENODEV;
}

/* ------------------------------------------------------------- CPUID */

#define XEN_CPUID_BASE          0x40000000
#define XEN_CPUID_MAX           (XEN_CPUID_BASE + 5)
#define XEN_SIG_EBX             0x566e6558  /* "XenV" */
#define XEN_SIG_ECX             0x65584d4d  /* "MMXe" */
#define XEN_SIG_EDX             0x4d4d566e  /* "nVMM" */
#define XEN_VERSION_4_17        ((4u << 16) | 17)

#define CPUID1_ECX_HYPERVISOR   (1u << 31)
#define CPUID1_ECX_X2APIC       (1u << 21)
#define CPUID7_ECX_PKU          (1u << 3)
#define CPUID7_ECX_LA57         (1u << 16)
#define CPUIDX1_ECX_SVM         (1u << 2)

static void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ __volatile__ ("cpuid"
                          : "=a" (r[0]), "=b" (r[1]), "=c" (r[2]), "=d" (r[3])
                          : "a" (leaf), "c" (sub));
}

/* The Xen leaves guests look for: signature, version, hypercall page MSR. */
static bool hvm_cpuid_xen(uint32_t leaf, uint32_t r[4])
{
    memset(r, 0, 4 * sizeof(r[0]));
    switch (leaf) {
    case XEN_CPUID_BASE:
        r[0] = XEN_CPUID_MAX;
        r[1] = XEN_SIG_EBX;
        r[2] = XEN_SIG_ECX;
        r[3] = XEN_SIG_EDX;
        return true;
    case XEN_CPUID_BASE + 1:
        r[0] = XEN_VERSION_4_17;
        return true;
    case XEN_CPUID_BASE + 2:
        r[0] = 1;                   /* hypercall pages */
        r[1] = XEN_CPUID_BASE;      /* MSR that installs the page */
        return true;
    default:
        return leaf <= XEN_CPUID_MAX;
    }
}

/*
 * The guest's view: the host's leaves with what we do not virtualize
 * masked (SVM itself, LA57, PKU, x2APIC for now) and the hypervisor bit
 * set; leaves 0x40000000+ describe us as Xen.
 */
void hvm_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf,
               uint32_t r[4])
{
    (void)v;
    if ((leaf & 0xffff0000) == XEN_CPUID_BASE) {
        hvm_cpuid_xen(leaf, r);
        return;
    }
    cpuid_count(leaf, subleaf, r);
    switch (leaf) {
    case 1:
        r[2] |= CPUID1_ECX_HYPERVISOR;
        r[2] &= ~CPUID1_ECX_X2APIC;
        break;
    case 7:
        if (subleaf == 0)
            r[2] &= ~(CPUID7_ECX_LA57 | CPUID7_ECX_PKU);
        break;
    case 0x80000001:
        r[2] &= ~CPUIDX1_ECX_SVM;
        break;
    case 0x8000000a:
        memset(r, 0, 4 * sizeof(r[0]));
        break;
    }
}

/* ----------------------------------------------------------------- I/O */

/* Port 0xe9 bytes collect into a line printed as "d1v0: text". */
static void debug_console_putc(struct vcpu *v, char c)
{
    struct hvm_vcpu *h = &v->hvm;

    if (c != '\n' && h->dbg_len < sizeof(h->dbg_line) - 1) {
        h->dbg_line[h->dbg_len++] = c;
        return;
    }
    h->dbg_line[h->dbg_len] = '\0';
    /* Shown like hypervisor output: this port is the guest's console. */
    printk("d%uv%u: %s\n", v->domain->domain_id, v->vcpu_id, h->dbg_line);
    h->dbg_len = 0;
    if (c != '\n')
        debug_console_putc(v, c);
}

/*
 * A guest IN/OUT: the installed hook first (self-tests, device models),
 * then the debug console; unclaimed reads return all ones and unclaimed
 * writes are dropped, as on a bus with nothing behind the port.
 */
int hvm_handle_io(struct vcpu *v, unsigned int port, unsigned int bytes,
                  bool in, uint32_t *val)
{
    if (hvm_io_hook && hvm_io_hook(v, port, bytes, in, val) == 0)
        return 0;
    if (port == DEBUG_CONSOLE_PORT && !in) {
        debug_console_putc(v, (char)*val);
        return 0;
    }
    if (in)
        *val = 0xffffffffu;
    return -ENODEV;
}

int hvm_handle_hypercall(struct vcpu *v, uint64_t *rax)
{
    if (hvm_hypercall_hook && hvm_hypercall_hook(v, rax) == 0)
        return 0;
    *rax = (uint64_t)-ENOSYS;
    return -ENOSYS;
}

int hvm_handle_npf(struct vcpu *v, uint64_t gpa, uint64_t error)
{
    if (hvm_npf_hook)
        return hvm_npf_hook(v, gpa, error);
    return -EFAULT;
}

bool hvm_should_yield(struct vcpu *v)
{
    if (v->hvm.yield_request) {
        v->hvm.yield_request = false;
        return true;
    }
    return hvm_yield_hook && hvm_yield_hook(v);
}
