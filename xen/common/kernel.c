/* Generic start of day: the version banner and the hypervisor command line,
 * saved for guests that ask for it and parsed against the option registry;
 * also the options of subsystems that only read a variable, and the
 * xen_version hypercall that reports version, features and command line. */
#include <public/version.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/kernel.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/string.h>

#define CMDLINE_SIZE 1024
#define MAX_BAD_OPTS 16

static char saved_cmdline[CMDLINE_SIZE];
static bool cmdline_truncated;

/* Options that failed, kept for cmdline_report() (the console may not be
 * up when the line is parsed). */
struct bad_opt {
    char bo_text[64];
    int bo_err;
};
static struct bad_opt bad_opts[MAX_BAD_OPTS];
static unsigned int nr_bad_opts;

extern const struct kernel_param __param_start[], __param_end[];

unsigned int opt_maxcpus;
integer_param("maxcpus", opt_maxcpus);
char opt_sched[16] = "credit2";
string_param("sched", opt_sched);
bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

void print_banner(void)
{
    printk("%s version %s (Xen-compatible hypervisor)\n",
           PACKAGE_NAME, PACKAGE_VERSION);
}

static void note_bad_option(const char *opt, size_t len, int err)
{
    struct bad_opt *b;

    if (nr_bad_opts >= MAX_BAD_OPTS)
        return;
    b = &bad_opts[nr_bad_opts++];
    if (len >= sizeof(b->bo_text))
        len = sizeof(b->bo_text) - 1;
    memcpy(b->bo_text, opt, len);
    b->bo_text[len] = '\0';
    b->bo_err = err;
}

/* Save the command line the boot loader passed and apply its options.
 * Silent: the console may still be down; see cmdline_report(). */
void cmdline_parse(const char *cmdline)
{
    if (!cmdline)
        cmdline = "";
    cmdline_truncated = strlcpy(saved_cmdline, cmdline,
                                sizeof(saved_cmdline)) >= sizeof(saved_cmdline);
    parse_params(saved_cmdline, __param_start, __param_end, note_bad_option);
}

/* Print the command line and the options that were ignored. */
void cmdline_report(void)
{
    unsigned int i;

    if (cmdline_truncated)
        printk("Command line longer than %zu bytes: truncated copy kept\n",
               sizeof(saved_cmdline) - 1);
    printk("Command line: %s\n", saved_cmdline);
    for (i = 0; i < nr_bad_opts; i++) {
        if (bad_opts[i].bo_err == -ENOENT)
            printk(XENLOG_WARNING "Unknown command line option '%s' ignored\n",
                   bad_opts[i].bo_text);
        else
            printk(XENLOG_WARNING "Bad value in command line option '%s' "
                   "ignored\n", bad_opts[i].bo_text);
    }
}

const char *cmdline_get(void)
{
    return saved_cmdline;
}

/* ---- the xen_version hypercall ---- */

/* We implement the ABI of Xen 4.17 (what CPUID leaf 0x40000001 reports). */
#define XENVER_MAJOR        4
#define XENVER_MINOR        17
#define XENVER_EXTRA        ".0-cxen"
#define XEN_VIRT_START      0xffff800000000000ull   /* Xen's x86_64 hole */

/* Copy a NUL-padded string of exactly size bytes to the guest. */
static long xenver_put_string(struct vcpu *v, uint64_t va, const char *s,
                              size_t size)
{
    char buf[XEN_CAPABILITIES_LEN];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(v, va, buf, size) ? -EFAULT : 0;
}

static long xenver_version(struct vcpu *v, uint64_t va)
{
    (void)v;
    (void)va;
    return (XENVER_MAJOR << 16) | XENVER_MINOR;
}

static long xenver_extraversion(struct vcpu *v, uint64_t va)
{
    return xenver_put_string(v, va, XENVER_EXTRA, XEN_EXTRAVERSION_LEN);
}

static long xenver_compile_info(struct vcpu *v, uint64_t va)
{
    struct xen_compile_info ci;

    memset(&ci, 0, sizeof(ci));
#ifdef __VERSION__
    strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
#endif
    strlcpy(ci.compile_by, PACKAGE_NAME, sizeof(ci.compile_by));
    /* No build date: the image is reproducible. */
    strlcpy(ci.compile_date, PACKAGE_VERSION, sizeof(ci.compile_date));
    return copy_to_guest(v, va, &ci, sizeof(ci)) ? -EFAULT : 0;
}

/* Guest types we run: HVM (PVH included) in both word sizes. */
static long xenver_capabilities(struct vcpu *v, uint64_t va)
{
    return xenver_put_string(v, va,
                             "hvm-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p",
                             XEN_CAPABILITIES_LEN);
}

static long xenver_changeset(struct vcpu *v, uint64_t va)
{
    return xenver_put_string(v, va, PACKAGE_NAME " " PACKAGE_VERSION,
                             XEN_CHANGESET_LEN);
}

static long xenver_platform_parameters(struct vcpu *v, uint64_t va)
{
    struct xen_platform_parameters pp = { .virt_start = XEN_VIRT_START };

    return copy_to_guest(v, va, &pp, sizeof(pp)) ? -EFAULT : 0;
}

/*
 * The feature bits Xen gives a PVH guest, no more:
 *  - writable_page_tables, auto_translated_physmap: the guest owns its page
 *    tables and sees GFNs (Linux takes the HVM grant-table and p2m paths);
 *  - hvm_callback_vector: upcalls by direct vector (HVM_PARAM_CALLBACK_IRQ
 *    type 2), which Linux requires for PVH and for its Xen clockevent;
 *  - hvm_safe_pvclock: vcpu_time_info is usable as the clocksource;
 *  - dom0: the hardware/control domain.
 * Not hvm_pirqs (PVH dom0 uses native IOAPIC/MSI; Linux would route
 * interrupts through event channels) nor memory_op_vnode_supported (no
 * XENMEM_get_vnumainfo).
 */
static uint32_t xenver_features(const struct domain *d, uint32_t submap_idx)
{
    uint32_t f;

    if (submap_idx != 0)
        return 0;
    f = (1u << XENFEAT_writable_page_tables) |
        (1u << XENFEAT_auto_translated_physmap) |
        (1u << XENFEAT_hvm_callback_vector) |
        (1u << XENFEAT_hvm_safe_pvclock);
    if (d->is_privileged)
        f |= 1u << XENFEAT_dom0;
    return f;
}

static long xenver_get_features(struct vcpu *v, uint64_t va)
{
    struct xen_feature_info fi;

    if (copy_from_guest(v, &fi, va, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return -EINVAL;
    fi.submap = xenver_features(v->domain, fi.submap_idx);
    return copy_to_guest(v, va, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long xenver_pagesize(struct vcpu *v, uint64_t va)
{
    (void)v;
    (void)va;
    return 4096;
}

/* The toolstack's domain UUID: none is kept, so all zeroes (as dom0's). */
static long xenver_guest_handle(struct vcpu *v, uint64_t va)
{
    static const uint8_t handle[XEN_DOMAIN_HANDLE_LEN];

    return copy_to_guest(v, va, handle, sizeof(handle)) ? -EFAULT : 0;
}

static long xenver_commandline(struct vcpu *v, uint64_t va)
{
    if (!v->domain->is_privileged)
        return -EPERM;
    return xenver_put_string(v, va, saved_cmdline, XEN_COMMANDLINE_LEN);
}

/* No build id is linked in; Xen answers -ENODATA then. */
static long xenver_build_id(struct vcpu *v, uint64_t va)
{
    (void)va;
    return v->domain->is_privileged ? -ENODATA : -EPERM;
}

static subop_fn_t *const xenver_ops[] = {
    [XENVER_version]             = xenver_version,
    [XENVER_extraversion]        = xenver_extraversion,
    [XENVER_compile_info]        = xenver_compile_info,
    [XENVER_capabilities]        = xenver_capabilities,
    [XENVER_changeset]           = xenver_changeset,
    [XENVER_platform_parameters] = xenver_platform_parameters,
    [XENVER_get_features]        = xenver_get_features,
    [XENVER_pagesize]            = xenver_pagesize,
    [XENVER_guest_handle]        = xenver_guest_handle,
    [XENVER_commandline]         = xenver_commandline,
    [XENVER_build_id]            = xenver_build_id,
};

/* arg[0]: XENVER_* sub-op, arg[1]: guest pointer to its buffer. */
long do_xen_version(struct vcpu *v, const uint64_t arg[5])
{
    return SUBOP_DISPATCH(xenver_ops, arg[0], v, arg[1]);
}
