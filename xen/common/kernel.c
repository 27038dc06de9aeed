/* Generic start of day: the version banner and the hypervisor command line,
 * saved for guests that ask for it and parsed against the option registry;
 * also the options of subsystems that only read a variable. */
#include <xen/errno.h>
#include <xen/kernel.h>
#include <xen/lib.h>
#include <xen/param.h>
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
unsigned int opt_dom0_max_vcpus;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);
char opt_sched[16] = "credit2";
string_param("sched", opt_sched);
bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

unsigned long long opt_dom0_mem, opt_dom0_mem_min, opt_dom0_mem_max;

/* dom0_mem=[min:<size>,][max:<size>,][<size>] */
static int parse_dom0_mem(const char *s)
{
    unsigned long long v;

    if (!s || !*s)
        return -EINVAL;
    for (;;) {
        unsigned long long *dst = &opt_dom0_mem;

        if (!strncmp(s, "min:", 4)) {
            dst = &opt_dom0_mem_min;
            s += 4;
        } else if (!strncmp(s, "max:", 4)) {
            dst = &opt_dom0_mem_max;
            s += 4;
        }
        v = parse_size_and_unit(s, &s);
        if (*s != ',' && *s)
            return -EINVAL;
        *dst = v;
        if (!*s++)
            return 0;
    }
}
custom_param("dom0_mem", parse_dom0_mem);

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
