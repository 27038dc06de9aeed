/* Hypervisor command-line options: a registry of {name, type, variable}
 * entries that the *_param() macros place in the .rodata.param section,
 * filled in by cmdline_parse() (common/params.c) with Xen's option syntax. */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/compiler.h>
#include <xen/types.h>

enum param_type {
    PARAM_BOOL,         /* "name", "no-name", "name=<bool>" */
    PARAM_UINT,         /* "name=<number>" (0x.. hex, 0.. octal) */
    PARAM_SIZE,         /* "name=<number>[KMGT]" (bytes; K by default) */
    PARAM_STRING,       /* "name=<text>" into a char array */
    PARAM_CUSTOM,       /* "name[=<text>]" handed to a parser */
};

struct kernel_param {
    const char *kp_name;
    enum param_type kp_type;
    unsigned int kp_len;        /* size of *kp_var */
    union {
        void *var;
        int (*func)(const char *val);   /* val NULL for a bare "name" */
    } kp_u;
};

#define __param_entry __used __section(".rodata.param") __aligned(8)
#define PARAM_CAT_(a, b)    a##b
#define PARAM_CAT(a, b)     PARAM_CAT_(a, b)
#define PARAM_ID            PARAM_CAT(__kparam_, __LINE__)

#define boolean_param(name, v) \
    static const struct kernel_param PARAM_ID __param_entry = \
        { name, PARAM_BOOL, sizeof(v), { .var = &(v) } }
#define integer_param(name, v) \
    static const struct kernel_param PARAM_ID __param_entry = \
        { name, PARAM_UINT, sizeof(v), { .var = &(v) } }
#define size_param(name, v) \
    static const struct kernel_param PARAM_ID __param_entry = \
        { name, PARAM_SIZE, sizeof(v), { .var = &(v) } }
#define string_param(name, v) \
    static const struct kernel_param PARAM_ID __param_entry = \
        { name, PARAM_STRING, sizeof(v), { .var = &(v) } }
#define custom_param(name, fn) \
    static const struct kernel_param PARAM_ID __param_entry = \
        { name, PARAM_CUSTOM, 0, { .func = (fn) } }

/* Parse a command line against the entries [start, end).  Each option that
 * no entry knows, or whose value is malformed, is passed to 'bad' (with
 * -ENOENT or -EINVAL) and otherwise ignored.  Returns the number of bad
 * options. */
typedef void (*param_bad_fn)(const char *opt, size_t len, int err);
int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end, param_bad_fn bad);

/* Value parsers shared with custom_param() handlers. */
int parse_bool(const char *s, const char *e);   /* 1, 0, or -1 */
unsigned long long simple_strtoull(const char *s, const char **end,
                                   unsigned int base);
unsigned long long parse_size_and_unit(const char *s, const char **end);

/*
 * Options whose subsystems read them (parsed in common/kernel.c, Xen's
 * names and syntax):
 *   maxcpus=<n>               opt_maxcpus (0: all)
 *   (dom0_mem= and dom0_max_vcpus= are parsed by the dom0 builder:
 *   asm/dom0_build.h)
 *   sched=<name>              opt_sched ("credit2" by default)
 *   noreboot                  opt_noreboot (panic halts instead of rebooting)
 */
extern unsigned int opt_maxcpus;
extern char opt_sched[16];
extern bool opt_noreboot;

#endif /* XEN_PARAM_H */
