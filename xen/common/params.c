/* The command-line parser: splits the line into options and stores each
 * value through the registry entry of the same name (xen/param.h). */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Base 0 means C rules: 0x.. hex, 0.. octal, else decimal. */
unsigned long long simple_strtoull(const char *s, const char **end,
                                   unsigned int base)
{
    unsigned long long v = 0;
    int d;

    if (!base) {
        base = 10;
        if (s[0] == '0') {
            base = 8;
            if ((s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
                base = 16;
                s += 2;
            }
        }
    } else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
    }
    while ((d = digit_value(*s)) < (int)base) {
        v = v * base + (unsigned int)d;
        s++;
    }
    if (end)
        *end = s;
    return v;
}

/* A number with an optional binary unit (B, K, M, G, T); kilobytes when
 * there is none, as Xen does. */
unsigned long long parse_size_and_unit(const char *s, const char **end)
{
    unsigned long long v = simple_strtoull(s, &s, 0);

    switch (*s) {
    case 'T': case 't': v <<= 10; /* fall through */
    case 'G': case 'g': v <<= 10; /* fall through */
    case 'M': case 'm': v <<= 10; /* fall through */
    case 'K': case 'k': v <<= 10; s++; break;
    case 'B': case 'b': s++; break;
    default: v <<= 10; break;
    }
    if (end)
        *end = s;
    return v;
}

static bool token_is(const char *s, const char *e, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(e - s) == n && !strncmp(s, word, n);
}

/* [s, e): 1 for yes/on/true/enable/1, 0 for no/off/false/disable/0. */
int parse_bool(const char *s, const char *e)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        if (token_is(s, e, yes[i]))
            return 1;
        if (token_is(s, e, no[i]))
            return 0;
    }
    return -1;
}

static void store_uint(const struct kernel_param *p, unsigned long long v)
{
    switch (p->kp_len) {
    case 1: *(uint8_t *)p->kp_u.var = (uint8_t)v; break;
    case 2: *(uint16_t *)p->kp_u.var = (uint16_t)v; break;
    case 4: *(uint32_t *)p->kp_u.var = (uint32_t)v; break;
    default: *(uint64_t *)p->kp_u.var = v; break;
    }
}

/* Apply "name[=val]" (val NULL for a bare name; [val, e) otherwise). */
static int apply_param(const struct kernel_param *p, const char *val,
                       const char *e, bool negated)
{
    char buf[256];
    const char *end;
    unsigned long long v;
    int b;

    switch (p->kp_type) {
    case PARAM_BOOL:
        b = val ? parse_bool(val, e) : 1;
        if (b < 0 || (negated && val))
            return -EINVAL;
        *(bool *)p->kp_u.var = negated ? !b : b;
        return 0;
    case PARAM_UINT:
    case PARAM_SIZE:
        if (!val || val == e || negated)
            return -EINVAL;
        v = p->kp_type == PARAM_UINT ? simple_strtoull(val, &end, 0)
                                     : parse_size_and_unit(val, &end);
        if (end != e)
            return -EINVAL;
        store_uint(p, v);
        return 0;
    case PARAM_STRING:
        if (!val || negated || (size_t)(e - val) >= p->kp_len)
            return -EINVAL;
        memcpy(p->kp_u.var, val, (size_t)(e - val));
        ((char *)p->kp_u.var)[e - val] = '\0';
        return 0;
    case PARAM_CUSTOM:
        if (negated)
            return -EINVAL;
        if (!val)
            return p->kp_u.func(NULL);
        if ((size_t)(e - val) >= sizeof(buf))
            return -EINVAL;
        memcpy(buf, val, (size_t)(e - val));
        buf[e - val] = '\0';
        return p->kp_u.func(buf);
    }
    return -EINVAL;
}

static const struct kernel_param *find_param(const char *name, size_t len,
                                             const struct kernel_param *start,
                                             const struct kernel_param *end)
{
    const struct kernel_param *p;

    for (p = start; p < end; p++)
        if (strlen(p->kp_name) == len && !strncmp(p->kp_name, name, len))
            return p;
    return NULL;
}

/* One option [s, e): "name", "name=value" or "no-name" (booleans). */
static int parse_one(const char *s, const char *e,
                     const struct kernel_param *start,
                     const struct kernel_param *end)
{
    const char *eq = s, *val = NULL;
    const struct kernel_param *p;

    while (eq < e && *eq != '=')
        eq++;
    if (eq < e)
        val = eq + 1;
    p = find_param(s, (size_t)(eq - s), start, end);
    if (p)
        return apply_param(p, val, e, false);
    if (eq - s > 3 && !strncmp(s, "no-", 3)) {
        p = find_param(s + 3, (size_t)(eq - s - 3), start, end);
        if (p && p->kp_type == PARAM_BOOL)
            return apply_param(p, val, e, true);
    }
    return -ENOENT;
}

int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end, param_bad_fn bad)
{
    const char *s = cmdline, *e;
    int nr_bad = 0, rc;

    for (;;) {
        while (is_space(*s))
            s++;
        if (!*s)
            break;
        for (e = s; *e && !is_space(*e); e++)
            ;
        /* "--" separates the hypervisor's options from dom0's. */
        if (e - s == 2 && s[0] == '-' && s[1] == '-')
            break;
        rc = parse_one(s, e, start, end);
        if (rc) {
            nr_bad++;
            if (bad)
                bad(s, (size_t)(e - s), rc);
        }
        s = e;
    }
    return nr_bad;
}
