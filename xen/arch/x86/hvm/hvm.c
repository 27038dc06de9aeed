/* Generic HVM: choose and enable the vendor extension (SVM today), and the
 * I/O, hypercall and NPF entry points that vendor exit handlers call. */
#include <asm/hvm/hvm.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
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

/* CPUID: the guest policy lives in cpuid.c. */

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
    hypercall_dispatch(v, rax);
    return 0;
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
