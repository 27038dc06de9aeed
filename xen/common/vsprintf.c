/* Formatted output: the printf-style formatter behind vsnprintf(), printk(). */
#include <xen/lib.h>
#include <xen/string.h>

#define FMT_LEFT    0x01    /* '-': pad on the right */
#define FMT_ZERO    0x02    /* '0': pad numbers with zeros */
#define FMT_ALT     0x04    /* '#': 0x prefix for hex */
#define FMT_PLUS    0x08    /* '+': sign on positive numbers */
#define FMT_SPACE   0x10    /* ' ': space on positive numbers */

enum fmt_length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

struct fmt_spec {
    unsigned int flags;
    int width;
    int precision;          /* -1: none given */
    enum fmt_length length;
};

struct fmt_out {
    format_sink_t sink;
    void *ctx;
    size_t count;
};

static void out_str(struct fmt_out *out, const char *s, size_t n)
{
    if (n) {
        out->sink(out->ctx, s, n);
        out->count += n;
    }
}

static void out_pad(struct fmt_out *out, char c, int n)
{
    while (n-- > 0)
        out_str(out, &c, 1);
}

/* Emit prefix, zeros and body in a field of the spec's width. */
static void out_field(struct fmt_out *out, const struct fmt_spec *spec,
                      const char *prefix, int zeros, const char *body, int len)
{
    int plen = strlen(prefix);
    int spaces = spec->width - plen - zeros - len;

    if (spaces > 0 && (spec->flags & FMT_ZERO) && !(spec->flags & FMT_LEFT)) {
        zeros += spaces;
        spaces = 0;
    }
    if (!(spec->flags & FMT_LEFT))
        out_pad(out, ' ', spaces);
    out_str(out, prefix, plen);
    out_pad(out, '0', zeros);
    out_str(out, body, len);
    if (spec->flags & FMT_LEFT)
        out_pad(out, ' ', spaces);
}

static void out_number(struct fmt_out *out, struct fmt_spec spec,
                       uint64_t val, bool negative, unsigned int base,
                       bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    int pos = sizeof(buf), zeros;
    const char *prefix = "";

    do {
        buf[--pos] = digits[val % base];
        val /= base;
    } while (val);

    if (negative)
        prefix = "-";
    else if (spec.flags & FMT_PLUS)
        prefix = "+";
    else if (spec.flags & FMT_SPACE)
        prefix = " ";
    else if ((spec.flags & FMT_ALT) && base == 16)
        prefix = upper ? "0X" : "0x";

    zeros = spec.precision - (int)(sizeof(buf) - pos);
    if (spec.precision >= 0)
        spec.flags &= ~FMT_ZERO;
    out_field(out, &spec, prefix, zeros > 0 ? zeros : 0, buf + pos,
              sizeof(buf) - pos);
}

static void out_string(struct fmt_out *out, const struct fmt_spec *spec,
                       const char *s)
{
    struct fmt_spec plain = *spec;
    size_t max = spec->precision >= 0 ? (size_t)spec->precision : (size_t)-1;

    if (!s)
        s = "(null)";
    plain.flags &= ~FMT_ZERO;
    out_field(out, &plain, "", 0, s, strnlen(s, max));
}

static int parse_int(const char **fmt)
{
    int n = 0;

    while (**fmt >= '0' && **fmt <= '9')
        n = n * 10 + (*(*fmt)++ - '0');
    return n;
}

static void parse_flags(const char **fmt, struct fmt_spec *spec)
{
    for (;; (*fmt)++) {
        switch (**fmt) {
        case '-': spec->flags |= FMT_LEFT; break;
        case '0': spec->flags |= FMT_ZERO; break;
        case '#': spec->flags |= FMT_ALT; break;
        case '+': spec->flags |= FMT_PLUS; break;
        case ' ': spec->flags |= FMT_SPACE; break;
        default: return;
        }
    }
}

static void parse_length(const char **fmt, struct fmt_spec *spec)
{
    switch (**fmt) {
    case 'h':
        (*fmt)++;
        spec->length = LEN_SHORT;
        if (**fmt == 'h') {
            (*fmt)++;
            spec->length = LEN_CHAR;
        }
        break;
    case 'l':
        (*fmt)++;
        spec->length = LEN_LONG;
        if (**fmt == 'l') {
            (*fmt)++;
            spec->length = LEN_LLONG;
        }
        break;
    case 'L':
        (*fmt)++;
        spec->length = LEN_LLONG;
        break;
    case 'z':
        (*fmt)++;
        spec->length = LEN_SIZE;
        break;
    }
}

/* Parse flags, width, precision and length after a '%'. */
static void parse_spec(const char **fmt, struct fmt_spec *spec, va_list *args)
{
    spec->flags = 0;
    spec->width = 0;
    spec->precision = -1;
    spec->length = LEN_INT;

    parse_flags(fmt, spec);
    if (**fmt == '*') {
        (*fmt)++;
        spec->width = va_arg(*args, int);
        if (spec->width < 0) {
            spec->flags |= FMT_LEFT;
            spec->width = -spec->width;
        }
    } else {
        spec->width = parse_int(fmt);
    }
    if (**fmt == '.') {
        (*fmt)++;
        if (**fmt == '*') {
            (*fmt)++;
            spec->precision = va_arg(*args, int);
        } else {
            spec->precision = parse_int(fmt);
        }
    }
    parse_length(fmt, spec);
}

static int64_t fetch_signed(const struct fmt_spec *spec, va_list *args)
{
    switch (spec->length) {
    case LEN_CHAR:  return (signed char)va_arg(*args, int);
    case LEN_SHORT: return (short)va_arg(*args, int);
    case LEN_LONG:  return va_arg(*args, long);
    case LEN_LLONG: return va_arg(*args, long long);
    case LEN_SIZE:  return va_arg(*args, ssize_t);
    default:        return va_arg(*args, int);
    }
}

static uint64_t fetch_unsigned(const struct fmt_spec *spec, va_list *args)
{
    switch (spec->length) {
    case LEN_CHAR:  return (unsigned char)va_arg(*args, unsigned int);
    case LEN_SHORT: return (unsigned short)va_arg(*args, unsigned int);
    case LEN_LONG:  return va_arg(*args, unsigned long);
    case LEN_LLONG: return va_arg(*args, unsigned long long);
    case LEN_SIZE:  return va_arg(*args, size_t);
    default:        return va_arg(*args, unsigned int);
    }
}

static void out_signed(struct fmt_out *out, const struct fmt_spec *spec,
                       va_list *args)
{
    int64_t v = fetch_signed(spec, args);
    uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;

    out_number(out, *spec, mag, v < 0, 10, false);
}

static void out_pointer(struct fmt_out *out, struct fmt_spec spec,
                        const void *p)
{
    spec.flags |= FMT_ALT | FMT_ZERO;
    if (spec.precision < 0)
        spec.precision = 2 * sizeof(void *);
    out_number(out, spec, (uintptr_t)p, false, 16, false);
}

/* Handle one conversion character; returns false if it is unknown. */
static bool out_conversion(struct fmt_out *out, char conv,
                           const struct fmt_spec *spec, va_list *args)
{
    char c;

    switch (conv) {
    case 'd':
    case 'i':
        out_signed(out, spec, args);
        return true;
    case 'u':
        out_number(out, *spec, fetch_unsigned(spec, args), false, 10, false);
        return true;
    case 'x':
    case 'X':
        out_number(out, *spec, fetch_unsigned(spec, args), false, 16,
                   conv == 'X');
        return true;
    case 'o':
        out_number(out, *spec, fetch_unsigned(spec, args), false, 8, false);
        return true;
    case 'p':
        out_pointer(out, *spec, va_arg(*args, const void *));
        return true;
    case 's':
        out_string(out, spec, va_arg(*args, const char *));
        return true;
    case 'c':
        c = (char)va_arg(*args, int);
        out_field(out, spec, "", 0, &c, 1);
        return true;
    case '%':
        out_str(out, "%", 1);
        return true;
    default:
        return false;
    }
}

/* Format to a sink; returns the number of bytes produced. */
size_t vformat(format_sink_t sink, void *ctx, const char *fmt, va_list args)
{
    struct fmt_out out = { .sink = sink, .ctx = ctx, .count = 0 };
    struct fmt_spec spec;
    va_list ap;

    va_copy(ap, args);
    while (*fmt) {
        const char *start = fmt;
        size_t plain = 0;

        while (fmt[plain] && fmt[plain] != '%')
            plain++;
        out_str(&out, fmt, plain);
        fmt += plain;
        if (!*fmt)
            break;
        fmt++;
        parse_spec(&fmt, &spec, &ap);
        if (!*fmt || !out_conversion(&out, *fmt, &spec, &ap)) {
            /* Unknown conversion: print it as written. */
            out_str(&out, start, fmt - start + (*fmt != '\0'));
        }
        if (*fmt)
            fmt++;
    }
    va_end(ap);
    return out.count;
}

struct snprintf_buf {
    char *buf;
    size_t size;            /* room left, including the terminating NUL */
};

static void snprintf_sink(void *ctx, const char *s, size_t n)
{
    struct snprintf_buf *b = ctx;
    size_t copy;

    if (b->size <= 1)
        return;
    copy = MIN(n, b->size - 1);
    memcpy(b->buf, s, copy);
    b->buf += copy;
    b->size -= copy;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct snprintf_buf b = { .buf = buf, .size = size };
    size_t n = vformat(snprintf_sink, &b, fmt, args);

    if (size)
        *b.buf = '\0';
    return (int)n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}
